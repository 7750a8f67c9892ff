import { Chart, Duration, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { EnvironmentConfig, StickyPiConfig } from '../config/schema';
import { Backup } from '../constructs/backup';
import { BucketMirror } from '../constructs/bucket-mirror';
import { MariaDb } from '../constructs/databases/mariadb';
import { EgressPolicy, EgressRule } from '../constructs/egress-policy';
import { Identity } from '../constructs/identity';
import { ExternalObjectStore, IObjectStore, MinioObjectStore } from '../constructs/object-store';
import { PodSecurity } from '../constructs/pod-security';
import { PodTemplate } from '../constructs/pod-template';
import { RouteAuthentication } from '../constructs/routing/authentication';
import { Route } from '../constructs/routing/route';
import { admitting, IngressSettings } from '../constructs/routing/ingress-settings';
import { ScheduledJob } from '../constructs/scheduled-job';
import { RCLONE } from '../constructs/bucket-mirror.images';
import { MARIADB } from '../constructs/databases/images';
import { ImageCatalog } from '../constructs/images';
import { MINIO_CLIENT, MINIO_SERVER } from '../constructs/object-store.images';
import { DeclaredSecret } from '../constructs/secrets';
import { UwsgiService } from '../constructs/uwsgi-service';
import { NGINX_UNPRIVILEGED } from '../constructs/uwsgi-service.images';
import { PersistentVolume, ScratchVolume } from '../constructs/volumes';
import { WebService } from '../constructs/web-service';
import { PlatformChart } from './platform';
import { SPI_API, SPI_ML, SPI_WEBAPP } from './sticky-pi.images';

const NAMESPACE = 'sticky-pi';
const WEBAPP_NAMESPACE = 'sticky-pi-webapp';
const DATABASE = 'sticky-pi';
const UWSGI_PORT = SPI_API.port('uwsgi');
/** The API rejects shorter admin and UID passwords at start. */
const API_PASSWORD_MIN_LENGTH = 11;
/**
 * The API user of the Universal Insect Detector (UID_USER): the API creates it at start and the
 * detector signs in with it (the seed's .env).
 */
const UID_USER = 'spi_uid';
/** The images run as root upstream but need no privileges; any non-root uid works. */
const APP_SECURITY = PodSecurity.restricted({ uid: 10001 });
/**
 * The API and detector images install their Python packages in editable mode from
 * /tmp/sticky_pi_api and /tmp/sticky_pi_ml: their scratch space (TMPDIR, HOME) goes here instead.
 */
const SCRATCH = '/scratch';
/** The official mariadb image's mysql user, so the backup can read the client's defaults. */
const MARIADB_SECURITY = PodSecurity.restricted({ uid: 999 });
/**
 * shiny-server starts as root, binds port 80 and switches to the `shiny` user for each R
 * process (`run_as shiny` in the image's shiny-server.conf): it needs root with the default
 * capabilities (SETUID, SETGID, CHOWN, NET_BIND_SERVICE), which *restricted* forbids.
 */
export const WEBAPP_BASELINE_REASON =
  'shiny-server runs as root, binds port 80 and switches to the shiny user for each R process (run_as shiny)';

export interface StickyPiChartProps {
  readonly environment: EnvironmentConfig;
  readonly platform: PlatformChart;
}

/**
 * Sticky Pi: the API (uWSGI behind an nginx gateway) at api.<root>, MariaDB, S3 (external or
 * MinIO at s3.<root>), the Universal Insect Detector and the database backup. The R Shiny
 * webapp is a separate chart (StickyPiWebappChart) because it cannot run under *restricted*.
 */
export class StickyPiChart extends Chart {
  /** The API's public route. */
  public readonly apiRoute: Route;
  /** The controller as the API's and MinIO's routes use it: admitting only `allowedSources` when set. */
  private readonly ingress: IngressSettings;

  constructor(scope: Construct, id: string, props: StickyPiChartProps) {
    super(scope, id, { namespace: NAMESPACE });
    this.ingress = admitting(props.platform.ingress, props.environment.systems.stickyPi.allowedSources);
    const { environment: env, platform } = props;
    const config = env.systems.stickyPi;
    const images = config.images!;
    const s3Config = config.s3!;
    const hosts = env.systems.stickyPi.hosts;
    const catalog = ImageCatalog.of(this);
    platform.addSystemNamespace(NAMESPACE);
    this.addDependency(platform);
    const identity = Identity.of('sticky-pi');

    const apiSecret = new DeclaredSecret(this, 'ApiSecret', {
      name: 'sticky-pi-api',
      purpose: `Sticky Pi API (${hosts.api})`,
      keys: [
        { key: 'secret-api-key', purpose: 'SECRET_API_KEY, signs the API tokens', generateLength: 48 },
        { key: 'admin-password', purpose: 'API_ADMIN_PASSWORD of the user admin', generateLength: 32, minLength: API_PASSWORD_MIN_LENGTH },
        { key: 'uid-password', purpose: 'UID_PASSWORD of the spi_uid user (Universal Insect Detector)', generateLength: 32, minLength: API_PASSWORD_MIN_LENGTH },
      ],
    });
    const databaseSecret = new DeclaredSecret(this, 'DatabaseSecret', {
      name: 'sticky-pi-mariadb',
      purpose: 'MariaDB user sticky-pi',
      keys: [{ key: 'password', purpose: 'MYSQL_PASSWORD of the user sticky-pi', generateLength: 32 }],
    });

    const database = new MariaDb(this, 'Database', {
      identity: identity.component('database'),
      name: 'mariadb',
      image: catalog.reference(MARIADB, images.mariadb),
      database: DATABASE,
      user: DATABASE,
      password: databaseSecret.ref('password'),
      bufferPoolSize: config.database.bufferPoolSize,
      storage: config.database.storage,
      storageClass: env.storageClass,
      resources: config.database.resources,
    });

    const store: IObjectStore =
      s3Config.provider === 'minio'
        ? new MinioObjectStore(this, 'ObjectStore', {
          identity: identity.component('s3'),
          name: 'minio',
          image: catalog.reference(MINIO_SERVER, images.minio),
          clientImage: catalog.reference(MINIO_CLIENT, images.minioClient),
          host: hosts.s3,
          ingress: this.ingress,
          storage: s3Config.minio!.storage,
          storageClass: env.storageClass,
          buckets: [s3Config.bucket],
          resources: s3Config.minio!.resources,
        })
        : new ExternalObjectStore({
          host: s3Config.external!.host,
          secret: new DeclaredSecret(this, 'S3Secret', {
            name: 'sticky-pi-s3',
            purpose: `Key pair of the S3 bucket ${s3Config.bucket} at ${s3Config.external!.host}`,
            keys: [
              { key: 'access-key', purpose: 'S3_ACCESS_KEY, issued by the S3 provider' },
              { key: 'secret-key', purpose: 'S3_PRIVATE_KEY, issued with it' },
            ],
          }),
        });

    const api = new UwsgiService(this, 'Api', {
      identity: identity.component('api'),
      name: 'api',
      image: catalog.reference(SPI_API, images.api, `${images.repository}/spi_api`),
      // The image's run.sh would write uwsgi.ini into /app, which is read-only here: the settings
      // of its uwsgi.ini-template go on the command line instead, with three differences. The
      // process count comes from config (the template has 32). The URL cache holds 100,000 links
      // of up to 256 bytes: the template's 1,000,000 items would take about 2 GB of shared memory,
      // and a full cache only makes new links fail until old ones expire (docs/sticky-pi.md).
      // --need-app stops uWSGI when the application cannot load (instead of answering 500 to
      // everything), and --die-on-term makes SIGTERM stop it (uWSGI 2.0 reloads on it).
      command: [
        'uwsgi',
        '--chdir', '/app',
        '--wsgi-file', 'app.py',
        '--callable', 'app',
        '--socket', `:${UWSGI_PORT}`,
        '--master',
        '--processes', String(config.api.processes),
        '--harakiri', '300',
        '--cache2', 'name=s3_url_cache,items=100000,blocksize=256',
        '--need-app',
        '--die-on-term',
      ],
      uwsgiPort: UWSGI_PORT,
      // Every route needs POST with credentials; GET answers 405 without touching the database.
      healthPath: SPI_API.health('/get_token').path!,
      gatewayImage: catalog.reference(NGINX_UNPRIVILEGED, images.gateway),
      readTimeout: Duration.seconds(600),
      maxBodySize: Size.mebibytes(100),
      resources: config.api.resources,
      security: APP_SECURITY,
      // Uploads of up to 100 MB are spooled to TMPDIR.
      tmpSize: '1Gi',
      scratchPath: SCRATCH,
    });
    api.addEnv(
      { name: 'API_ADMIN_NAME', value: 'admin' },
      apiSecret.env('API_ADMIN_PASSWORD', 'admin-password'),
      { name: 'UID_USER', value: UID_USER },
      apiSecret.env('UID_PASSWORD', 'uid-password'),
      apiSecret.env('SECRET_API_KEY', 'secret-api-key'),
      { name: 'MYSQL_HOST', value: database.host },
      { name: 'MYSQL_DATABASE', value: database.database },
      { name: 'MYSQL_USER', value: database.user },
      database.passwordEnv('MYSQL_PASSWORD'),
      { name: 'S3_HOST', value: store.host },
      { name: 'S3_BUCKET_NAME', value: s3Config.bucket },
      store.accessKeyEnv('S3_ACCESS_KEY'),
      store.secretKeyEnv('S3_PRIVATE_KEY'),
      { name: 'API_PROFILE', value: 'False' },
      { name: 'DEBUG', value: 'FALSE' },
      { name: 'DEVEL', value: 'FALSE' },
    );
    // S3 is reached as https://S3_HOST through botocore, which verifies the certificate.
    platform.trustOwnHosts(NAMESPACE, api.pod, api.appContainer, { env: ['AWS_CA_BUNDLE'] });
    this.apiRoute = api.exposeAt(this.ingress, {
      host: hosts.api,
      readTimeout: Duration.seconds(600),
      maxBodySize: Size.mebibytes(100),
      authentication: RouteAuthentication.byImage(SPI_API, 'basic'),
    });

    const backup = new Backup(this, 'Backup', {
      identity: identity.component('backup'),
      name: 'mariadb-backup',
      schedule: config.backup.schedule,
      timeZone: env.timeZone,
      keep: config.backup.keep,
      // The server image has mariadb-dump, mariadb and gzip.
      image: catalog.reference(MARIADB, images.mariadb),
      script: 'mariadb.sh',
      restoreScript: 'mariadb-restore.sh',
      target: new PersistentVolume(this, 'BackupVolume', {
        identity: identity.component('backup'),
        name: 'mariadb-backup',
        size: config.backup.storage,
        storageClass: env.storageClass,
      }),
      security: MARIADB_SECURITY,
      env: [
        { name: 'MYSQL_HOST', value: database.host },
        { name: 'MYSQL_DATABASE', value: database.database },
        { name: 'MYSQL_USER', value: database.user },
        database.passwordEnv('MYSQL_PWD'),
        { name: 'BACKUP_PREFIX', value: 'spi_db.dump' },
      ],
    });
    database.allowFrom(identity.component('api'), backup.identity);

    if (config.insectDetector.enabled) {
      this.insectDetector(config, identity.component('insect-detector'), apiSecret, props);
    }

    if (config.imageMirror.enabled) {
      new BucketMirror(this, 'ImageMirror', {
        identity: identity.component('image-mirror'),
        name: 'image-mirror',
        image: catalog.reference(RCLONE, images.rclone),
        source: store,
        sourceBucket: s3Config.bucket,
        targetEndpoint: config.imageMirror.endpoint!,
        targetBucket: config.imageMirror.bucket!,
        schedule: config.imageMirror.schedule,
        timeZone: env.timeZone,
      });
    }
  }

  /**
   * uid.py syncs the model bundle, processes the images not analysed yet and exits (compose
   * restarted it forever). Here it is a CronJob that never overlaps: a Deployment would count
   * each normal exit as a crash and back off.
   */
  private insectDetector(config: StickyPiConfig, identity: Identity, apiSecret: DeclaredSecret, { environment: env, platform }: StickyPiChartProps): void {
    const detector = config.insectDetector;
    const pod = new PodTemplate({
      identity,
      security: APP_SECURITY,
      restartPolicy: 'Never',
      nodeSelector: Object.keys(detector.nodeSelector).length > 0 ? detector.nodeSelector : undefined,
    });
    pod.addContainer({
      name: 'insect-detector',
      image: ImageCatalog.of(this).reference(SPI_ML, config.images!.ml, `${config.images!.repository}/spi_ml`),
      // uid.py has no arguments (compose's "-v predict" is ignored); the image keeps it at /.
      command: ['python', '/uid.py'],
      resources: detector.resources,
      scratchPath: SCRATCH,
    });
    const api = this.apiRoute;
    pod.addEnv(
      'insect-detector',
      { name: 'BUNDLE_ROOT_DIR', value: '/opt/ml_bundle_dir/' },
      { name: 'LOCAL_CLIENT_DIR', value: '/opt/api_api_client/' },
      { name: 'UID_USER', value: UID_USER },
      apiSecret.env('UID_PASSWORD', 'uid-password'),
      // uid.py reaches the API with the webapp's variables.
      ...upstreamEnv(api),
    );
    pod.mount('insect-detector', new PersistentVolume(this, 'ModelBundle', {
      identity,
      name: 'insect-detector-bundle',
      size: detector.bundleStorage,
      storageClass: env.storageClass,
    }), '/opt/ml_bundle_dir');
    pod.mount('insect-detector', new ScratchVolume('client', detector.clientCache), '/opt/api_api_client');
    // The API and the presigned S3 links are fetched with requests, which verifies certificates.
    platform.trustOwnHosts(NAMESPACE, pod, 'insect-detector', { env: ['REQUESTS_CA_BUNDLE'] });
    new ScheduledJob(this, 'InsectDetector', {
      identity,
      name: 'insect-detector',
      schedule: detector.schedule,
      timeZone: env.timeZone,
      pod,
      activeDeadlineSeconds: 12 * 3600,
      startingDeadlineSeconds: 600,
    });
    new EgressPolicy(this, 'InsectDetectorEgress', { identity, name: 'insect-detector-egress', allow: httpsOnly(platform) });
  }
}

/**
 * DNS and HTTPS only: the webapp and the insect detector reach the API and S3 through their
 * public hosts, never MariaDB or another pod directly.
 */
function httpsOnly(platform: PlatformChart): EgressRule[] {
  return [EgressRule.dns(), EgressRule.port(443), EgressRule.toNamespace(platform.ingress.controllerNamespace)];
}

/** RSHINY_UPSTREAM_*: how the webapp and the insect detector reach the API, from its route. */
function upstreamEnv(api: Route) {
  const url = new URL(api.url);
  return [
    { name: 'RSHINY_UPSTREAM_ROOT_URL', value: url.hostname },
    { name: 'RSHINY_UPSTREAM_PORT', value: url.port || '443' },
    { name: 'RSHINY_UPSTREAM_PROTOCOL', value: url.protocol.replace(/:$/, '') },
  ];
}

export interface StickyPiWebappChartProps {
  readonly environment: EnvironmentConfig;
  readonly platform: PlatformChart;
  /** The API chart, whose public route the webapp calls. */
  readonly api: StickyPiChart;
}

/**
 * The R Shiny webapp at webapp.<root>, in its own namespace under *baseline* (see
 * WEBAPP_BASELINE_REASON) so the rest of Sticky Pi stays *restricted*. It calls the API through
 * its public route, as it did behind the seed's nginx.
 */
export class StickyPiWebappChart extends Chart {
  constructor(scope: Construct, id: string, props: StickyPiWebappChartProps) {
    super(scope, id, { namespace: WEBAPP_NAMESPACE });
    const { environment: env, platform } = props;
    const config = env.systems.stickyPi;
    const hosts = env.systems.stickyPi.hosts;
    platform.addSystemNamespace(WEBAPP_NAMESPACE, 'baseline', WEBAPP_BASELINE_REASON);
    this.addDependency(platform);
    this.addDependency(props.api);
    const identity = Identity.of('sticky-pi').component('webapp');

    const webapp = new WebService(this, 'Webapp', {
      identity,
      name: 'webapp',
      image: ImageCatalog.of(this).reference(SPI_WEBAPP, config.images!.webapp, `${config.images!.repository}/spi_webapp`),
      port: 80,
      // shiny-server has no health route; / renders the app's UI, which needs a working R process.
      probes: {
        liveness: { tcpPort: 80 },
        readiness: { path: '/', periodSeconds: 30, timeoutSeconds: 10 },
        startupSeconds: 300,
      },
      resources: config.webapp.resources,
      security: PodSecurity.baseline({ reason: WEBAPP_BASELINE_REASON }),
    });
    webapp.addEnv(...upstreamEnv(props.api.apiRoute));
    // shiny-server gives R processes no container variables: R's curl reads the system bundle.
    platform.trustOwnHosts(WEBAPP_NAMESPACE, webapp.pod, webapp.containerName, { systemBundle: '/etc/ssl/certs/ca-certificates.crt' });
    webapp.exposeAt(admitting(platform.ingress, props.environment.systems.stickyPi.allowedSources), {
      host: hosts.webapp,
      websocket: true,
      readTimeout: Duration.seconds(100),
      maxBodySize: Size.mebibytes(10),
      authentication: RouteAuthentication.byImage(SPI_WEBAPP, 'sign-in'),
    });
    new EgressPolicy(this, 'Egress', { identity, name: 'webapp-egress', allow: httpsOnly(platform) });
  }
}
