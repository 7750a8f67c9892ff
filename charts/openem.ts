import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import * as yaml from 'js-yaml';
import { k8s } from 'cdk8s-plus-27';
import type { EnvironmentConfig, OpenEmConfig } from '../config/schema';
import { AuthentikOutpost } from '../constructs/authentik-outpost';
import { Backup } from '../constructs/backup';
import { Postgres, POSTGRES_ALPINE_UID } from '../constructs/databases/postgres';
import { EgressPolicy, EgressRule } from '../constructs/egress-policy';
import { Identity } from '../constructs/identity';
import { ExternalObjectStore, IObjectStore, MinioObjectStore } from '../constructs/object-store';
import { OneShotJob } from '../constructs/one-shot-job';
import { PodSecurity } from '../constructs/pod-security';
import { PrefectApi } from '../constructs/prefect/api';
import { PrefectWorkPool } from '../constructs/prefect/work-pool';
import { ImageCatalog } from '../constructs/images';
import { AUTHENTIK_PROXY } from '../constructs/authentik-outpost.images';
import { POSTGRES } from '../constructs/databases/images';
import { MINIO_CLIENT, MINIO_SERVER } from '../constructs/object-store.images';
import { PREFECT_SERVER, PREFECT_WORKER } from '../constructs/prefect/prefect.images';
import { RouteAuthentication } from '../constructs/routing/authentication';
import { ExternalBackend } from '../constructs/routing/external-backend';
import { admitting, IngressSettings } from '../constructs/routing/ingress-settings';
import { DeclaredSecret } from '../constructs/secrets';
import { configMapVolume, PersistentVolume, ScratchVolume, ScriptsVolume } from '../constructs/volumes';
import { WebService } from '../constructs/web-service';
import { ARCHIVER_API, ARCHIVER_CONFIG, ARCHIVER_WORKFLOW } from './openem.images';
import { PlatformChart } from './platform';

const NAMESPACE = 'openem';
const PREFECT_PORT = PREFECT_SERVER.port();
const API_PORT = ARCHIVER_API.port();
const API_PATH = '/archiver/api/v1';
const PREFECT_PATH = '/archiver/prefect';
/** ARCHIVER_SCRATCH_FOLDER: the workflow image creates /storage for its user app (uid 123). */
const SCRATCH_MOUNT = '/storage';
const SCRIPTS_DIR = `${__dirname}/../scripts/openem`;
/** The runtime (flow) image's user `app`. */
const RUNTIME_SECURITY = PodSecurity.restricted({ uid: 123 });
/**
 * The prefect, archiver API and config images need no privileges and run as any non-root uid
 * (see the contracts): read-only root file systems, HOME, /tmp and the UI build on scratch volumes.
 */
const SERVER_SECURITY = PodSecurity.restricted({ uid: 1001 });
const API_SECURITY = PodSecurity.restricted({ uid: 1000 });
const JOB_SECURITY = PodSecurity.restricted({ uid: 10001 });

export interface OpenEmChartProps {
  readonly environment: EnvironmentConfig;
  readonly platform: PlatformChart;
}

/**
 * The ScopeM archiver (OpenEM) as released in v2.0.0-beta.3 (see openem.images.ts): the archiver
 * API, a Prefect server with PostgreSQL, one Kubernetes work pool and worker each for archival
 * and retrieval, the jobs that configure Prefect and deploy the flows, S3 (external or MinIO) and
 * the authentik outpost guarding the Prefect UI and API. The Prefect API also requires a generated
 * auth string of every client (PrefectApi). Everything runs under *restricted* in the namespace
 * `openem`.
 *
 * v2 keeps long-term copies in the S3 archival bucket (storage class GLACIER); the NFS LTS share
 * of the v1 releases is gone upstream, so it is not mounted here (docs/openem.md).
 */
export class OpenEmChart extends Chart {
  /** The controller as OpenEM's routes use it: admitting only `allowedSources` when set. */
  private readonly ingress: IngressSettings;

  constructor(scope: Construct, id: string, props: OpenEmChartProps) {
    super(scope, id, { namespace: NAMESPACE });
    this.ingress = admitting(props.platform.ingress, props.environment.systems.openem.allowedSources);
    const { environment: env, platform } = props;
    const config = env.systems.openem;
    const images = config.images!;
    const catalog = ImageCatalog.of(this);
    const host = env.systems.openem.host;
    platform.addSystemNamespace(NAMESPACE);
    this.addDependency(platform);
    const identity = Identity.of('openem');
    const component = (name: string) => identity.component(name);

    // Stores.
    const postgresSecret = new DeclaredSecret(this, 'PostgresSecret', {
      name: 'openem-postgres',
      purpose: 'PostgreSQL owner of the Prefect database',
      keys: [
        { key: 'user', purpose: 'POSTGRES_USER', generateLength: 16 },
        { key: 'password', purpose: 'POSTGRES_PASSWORD', generateLength: 32 },
      ],
    });
    const postgres = new Postgres(this, 'Postgres', {
      identity: component('postgres'),
      name: 'postgres',
      image: catalog.reference(POSTGRES, images.postgres),
      database: 'prefect',
      user: postgresSecret.ref('user'),
      password: postgresSecret.ref('password'),
      storage: config.postgres.storage,
      storageClass: env.storageClass,
      resources: config.postgres.resources,
    });
    const s3 = this.objectStore(config, env, platform, component('s3'));

    // Prefect server.
    // Every request to the API but its probes needs the auth string (the UI's too, behind authentik).
    const prefectApi = new PrefectApi(this, 'PrefectApi', { url: `http://prefect-server:${PREFECT_PORT}/api`, secretName: 'openem-prefect-auth' });
    const outpost = config.authentik.enabled
      ? new AuthentikOutpost(this, 'Outpost', {
        identity: component('authentik-outpost'),
        name: 'authentik-outpost',
        image: catalog.reference(AUTHENTIK_PROXY, images.authentikProxy),
        authentikHost: config.authentik.host!,
        insecure: config.authentik.insecure,
        host,
        ingress: this.ingress,
        resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } },
      })
      : undefined;
    // authentik signs every user in; without it (accepted in config) Prefect's shared auth string is all there is.
    const prefectAuthentication =
      outpost?.authentication ??
      RouteAuthentication.application(
        `Prefect: its one shared API auth string (HTTP Basic; the UI asks for it), no per-user sign-in, accepted by systems.openem.acceptUnauthenticated.prefect: ${config.acceptUnauthenticated?.prefect ?? ''}; without it: GET /api/health and /api/ready`,
      );
    const server = this.prefectServer(config, host, postgres, prefectApi, prefectAuthentication);

    // Archiver API.
    const api = this.archiverApi(config, host, prefectApi, platform);

    // Work pools: flow runs are Jobs with the scratch space.
    const flowRun = component('flow-run');
    const scratch = new PersistentVolume(this, 'Scratch', {
      identity: flowRun,
      name: 'archiver-scratch',
      size: config.scratch.size,
      storageClass: config.scratch.storageClass,
      accessMode: 'ReadWriteMany',
    });
    const runtimeImage = catalog.reference(ARCHIVER_WORKFLOW, images.runtime);
    const pools = [config.workers.archival, config.workers.retrieval].map(
      (pool) =>
        new PrefectWorkPool(this, `WorkPool-${pool.name}`, {
          identity: component(pool.name === config.workers.archival.name ? 'archival-worker' : 'retrieval-worker'),
          pool: pool.name,
          image: catalog.reference(PREFECT_WORKER, images.worker),
          api: prefectApi,
          concurrency: pool.concurrency,
          resources: pool.resources,
          flowRuns: {
            identity: flowRun,
            image: runtimeImage,
            security: RUNTIME_SECURITY,
            resources: config.flowRuns.resources,
            volumes: [{ volume: scratch, mountPath: SCRATCH_MOUNT }],
            // The seed's two task retries; a client setting, so it belongs to the flow runs.
            env: { HOME: '/tmp', PREFECT_LOGGING_LEVEL: config.prefect.loggingLevel, PREFECT_TASKS_DEFAULT_RETRIES: '2' },
          },
        }),
    );
    const poolNames = pools.map((p) => p.pool).join(' ');

    // One-shot jobs: configuration, then the flow deployments.
    const scripts = new ScriptsVolume(this, 'Scripts', {
      identity: component('prefect-config'),
      name: 'openem-scripts',
      directory: SCRIPTS_DIR,
      files: ['lib.sh', 'wait-for-prefect.sh', 'configure.sh', 'deploy-flows.sh'],
    });
    const configuration = this.configurationJob(config, scripts, s3, pools, prefectApi, poolNames);
    const flows = this.flowDeploymentJob(config, scripts, prefectApi, poolNames, runtimeImage);

    // Network: the server from its clients, the database from the server and its backup.
    server.allowFrom(api.identity, ...pools.map((p) => p.identity), flowRun, configuration, flows);
    const backup = new Backup(this, 'Backup', {
      identity: component('backup'),
      name: 'postgres-backup',
      schedule: config.backup.schedule,
      timeZone: env.timeZone,
      keep: config.backup.keep,
      image: catalog.reference(POSTGRES, images.postgres),
      script: 'postgres.sh',
      restoreScript: 'postgres-restore.sh',
      target: new PersistentVolume(this, 'BackupVolume', {
        identity: component('backup'),
        name: 'postgres-backup',
        size: config.backup.storage,
        storageClass: env.storageClass,
      }),
      security: PodSecurity.restricted({ uid: POSTGRES_ALPINE_UID }),
      env: [
        { name: 'PGHOST', value: postgres.host },
        { name: 'PGDATABASE', value: postgres.database },
        postgres.userEnv('PGUSER'),
        postgres.passwordEnv('PGPASSWORD'),
        { name: 'BACKUP_PREFIX', value: 'prefect' },
      ],
    });
    postgres.allowFrom(server.identity, backup.identity);

    // Egress of the parts that run flow code: the server, S3 (always over HTTPS: the flows build
    // https://<endpoint>), HTTPS services (SciCat, the IdP) and the Kubernetes API for the
    // workers; nothing else.
    new EgressPolicy(this, 'FlowRunEgress', {
      identity: flowRun,
      name: 'flow-run-egress',
      allow: [EgressRule.dns(), EgressRule.toPods(server.identity, PREFECT_PORT), EgressRule.port(443), ...s3.egress],
    });
    for (const pool of pools) {
      new EgressPolicy(this, `WorkerEgress-${pool.pool}`, {
        identity: pool.identity,
        name: `${pool.pool}-worker-egress`,
        // The API server is outside the pod network; its port is 443 or 6443 depending on the cluster.
        allow: [EgressRule.dns(), EgressRule.toPods(server.identity, PREFECT_PORT), EgressRule.port(443), EgressRule.port(6443)],
      });
    }
  }

  /**
   * The S3 service and how the archiver reaches it: v2 reads two Prefect variables, s3_endpoint
   * (the flows' client) and s3_external_endpoint (the API's client and every presigned URL), and
   * always prefixes https://. In-cluster MinIO is therefore reached through its public host too.
   */
  private objectStore(config: OpenEmConfig, env: EnvironmentConfig, platform: PlatformChart, identity: Identity): ArchiverStorage {
    const s3 = config.s3!;
    const catalog = ImageCatalog.of(this);
    if (s3.provider === 'minio') {
      const minio = new MinioObjectStore(this, 'ObjectStore', {
        identity,
        name: 'minio',
        image: catalog.reference(MINIO_SERVER, config.images!.minio),
        clientImage: catalog.reference(MINIO_CLIENT, config.images!.minioClient),
        host: config.s3!.minio.host,
        ingress: this.ingress,
        storage: s3.minio.storage,
        storageClass: env.storageClass,
        buckets: [s3.archivalBucket, s3.landingZoneBucket],
        resources: s3.minio.resources,
      });
      // Through the ingress controller: kube-proxy rewrites its address to the controller pods'.
      return { store: minio, endpoint: minio.host, externalEndpoint: minio.host, egress: [EgressRule.toNamespace(platform.ingress.controllerNamespace)] };
    }
    const external = s3.external!;
    const store = new ExternalObjectStore({
      host: external.externalEndpoint,
      secret: new DeclaredSecret(this, 'S3Secret', {
        name: 'openem-s3',
        purpose: `S3 service account at ${external.endpoint}`,
        keys: [
          { key: 'access-key', purpose: 'Access key id (Prefect secret block s3-user)' },
          { key: 'secret-key', purpose: 'Secret access key (Prefect secret block s3-password)' },
        ],
      }),
    });
    // Upstream's production proxy: presigned URLs name the archiver's own host (the seed's
    // S3_EXTERNAL_ENDPOINT=HOST), whose unrouted paths go to the S3 service, Host header kept.
    if (external.externalEndpoint === config.host) {
      new ExternalBackend(this, 'S3Proxy', { identity, name: 's3-proxy', endpoint: external.endpoint }).exposeAt(this.ingress, {
        host: external.externalEndpoint,
        authentication: RouteAuthentication.application(`the S3 service at ${external.endpoint}: S3 request signatures (access keys) or presigned URLs`),
      });
    }
    const port = Number(external.endpoint.split(':')[1] ?? 443);
    return { store, endpoint: external.endpoint, externalEndpoint: external.externalEndpoint, egress: port === 443 ? [] : [EgressRule.port(port)] };
  }

  private prefectServer(config: OpenEmConfig, host: string, postgres: Postgres, api: PrefectApi, authentication: RouteAuthentication): WebService {
    const server = new WebService(this, 'PrefectServer', {
      identity: Identity.of('openem').component('prefect-server'),
      name: 'prefect-server',
      image: ImageCatalog.of(this).reference(PREFECT_SERVER, config.images!.prefect),
      port: PREFECT_PORT,
      // As arguments, so the image's entrypoint (tini, then entrypoint.sh) stays in front.
      args: ['prefect', 'server', 'start'],
      // /api/health answers once migrations ran; /api/ready also needs the database. Both answer
      // without the auth string (the only paths that do).
      probes: { liveness: { path: '/api/health' }, readiness: { path: '/api/ready' }, startupSeconds: 600 },
      resources: config.prefect.resources,
      security: SERVER_SECURITY,
    });
    server.addEnv(
      // Prefect builds the connection URL from these (escaping the password), so it is never written out.
      { name: 'PREFECT_SERVER_DATABASE_DRIVER', value: 'postgresql+asyncpg' },
      { name: 'PREFECT_SERVER_DATABASE_HOST', value: postgres.host },
      { name: 'PREFECT_SERVER_DATABASE_PORT', value: String(postgres.port) },
      { name: 'PREFECT_SERVER_DATABASE_NAME', value: postgres.database },
      postgres.userEnv('PREFECT_SERVER_DATABASE_USER'),
      postgres.passwordEnv('PREFECT_SERVER_DATABASE_PASSWORD'),
      { name: 'PREFECT_SERVER_DATABASE_MIGRATE_ON_START', value: 'true' },
      { name: 'PREFECT_SERVER_API_HOST', value: '0.0.0.0' },
      { name: 'PREFECT_SERVER_API_PORT', value: String(PREFECT_PORT) },
      api.serverEnv(),
      { name: 'PREFECT_SERVER_UI_API_URL', value: `https://${host}${PREFECT_PATH}/api` },
      { name: 'PREFECT_SERVER_UI_SERVE_BASE', value: `${PREFECT_PATH}/ui` },
      { name: 'PREFECT_SERVER_UI_STATIC_DIRECTORY', value: '/ui-build' },
      { name: 'PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT', value: 'false' },
      // Otherwise the server reports to sens-o-matic.prefect.io every day.
      { name: 'PREFECT_SERVER_ANALYTICS_ENABLED', value: 'false' },
      { name: 'PREFECT_LOGGING_LEVEL', value: config.prefect.loggingLevel },
    );
    // The server copies both UI bundles into PREFECT_SERVER_UI_STATIC_DIRECTORY and rewrites their base path there.
    server.mount(new ScratchVolume('ui-build', '512Mi'), '/ui-build');
    server.exposeAt(this.ingress, { host, path: `${PREFECT_PATH}/ui`, authentication });
    server.exposeAt(this.ingress, { host, path: `${PREFECT_PATH}/api`, stripPrefix: PREFECT_PATH, authentication });
    return server;
  }

  private archiverApi(config: OpenEmConfig, host: string, prefectApi: PrefectApi, platform: PlatformChart): WebService {
    const secret = new DeclaredSecret(this, 'ApiSecret', {
      name: 'openem-archiver-api',
      purpose: 'Archiver API settings read as files from SECRETS_DIR (file name = setting)',
      keys: [
        { key: 'IDP_CLIENT_SECRET', purpose: `Client secret of ${config.idp!.clientId} in the realm ${config.idp!.realm}` },
        { key: 'IDP_PASSWORD', purpose: `Password of the service account ${config.idp!.username}` },
        { key: 'JOB_ENDPOINT_USERNAME', purpose: 'User SciCat presents to the archiver job endpoint', generateLength: 16 },
        { key: 'JOB_ENDPOINT_PASSWORD', purpose: 'Its password (configure both in SciCat)', generateLength: 32 },
      ],
    });
    const api = new WebService(this, 'Api', {
      identity: Identity.of('openem').component('archiver-api'),
      name: 'archiver-api',
      image: ImageCatalog.of(this).reference(ARCHIVER_API, config.images!.api),
      port: API_PORT,
      // livez always answers; readyz checks Prefect and SciCat.
      probes: { liveness: { path: '/health/livez' }, readiness: { path: '/health/readyz', timeoutSeconds: 10 } },
      resources: config.api.resources,
      security: API_SECURITY,
      replicas: config.api.replicas,
    });
    // The S3 endpoint is not among these: the API reads the Prefect variable s3_external_endpoint.
    api.addEnv(
      ...prefectApi.clientEnv(),
      { name: 'PREFECT_LOGGING_LEVEL', value: config.prefect.loggingLevel },
      { name: 'UVICORN_PORT', value: String(API_PORT) },
      { name: 'UVICORN_ROOT_PATH', value: API_PATH },
      { name: 'IDP_URL', value: config.idp!.url },
      { name: 'IDP_REALM', value: config.idp!.realm },
      { name: 'IDP_USERNAME', value: config.idp!.username },
      { name: 'IDP_CLIENT_ID', value: config.idp!.clientId },
      { name: 'IDP_AUDIENCE', value: config.idp!.audience },
      { name: 'SCICAT_INGESTOR_GROUPS', value: config.scicat!.ingestorGroups.join(';') },
      { name: 'SECRETS_DIR', value: '/run/secrets' },
    );
    api.mount(secret.volume('secrets'), '/run/secrets', { readOnly: true });
    // Its S3 client verifies certificates: with a private CA (dev MinIO) it needs the bundle.
    platform.trustOwnHosts(NAMESPACE, api.pod, api.containerName, { env: ['AWS_CA_BUNDLE'] });
    api.exposeAt(this.ingress, { host, path: API_PATH, stripPrefix: API_PATH, authentication: RouteAuthentication.byImage(ARCHIVER_API, 'api') });
    return api;
  }

  private configurationJob(config: OpenEmConfig, scripts: ScriptsVolume, s3: ArchiverStorage, pools: PrefectWorkPool[], prefectApi: PrefectApi, poolNames: string): Identity {
    const identity = Identity.of('openem').component('prefect-config');
    const variables = variablesFile(config);
    const files = new k8s.KubeConfigMap(this, 'PrefectSettings', { metadata: { name: 'prefect-settings', labels: identity.labels }, data: { [VARIABLES_FILE]: variables } });
    const blocks = new DeclaredSecret(this, 'PrefectBlocks', {
      name: 'openem-prefect-blocks',
      purpose: 'Prefect secret blocks registered by the configuration job',
      keys: [
        { key: 'scicat-user', purpose: 'SciCat functional account (secret block scicat-user; no trailing newline: nothing strips it)' },
        { key: 'scicat-password', purpose: 'Its password (secret block scicat-password; no trailing newline)' },
      ],
    });
    const job = new OneShotJob(this, 'Configure', {
      identity,
      name: 'prefect-config',
      image: ImageCatalog.of(this).reference(ARCHIVER_CONFIG, config.images!.config),
      command: ['/bin/sh', '/scripts/configure.sh'],
      security: JOB_SECURITY,
    });
    const c = job.containerName;
    job.addInputs(scripts.content('lib.sh'), scripts.content('wait-for-prefect.sh'), scripts.content('configure.sh'), variables, ...pools.map((p) => JSON.stringify(p.baseJobTemplate)));
    job.pod.mount(c, scripts, '/scripts', { readOnly: true });
    job.pod.mount(c, configMapVolume('settings', files.name), '/var/local', { readOnly: true });
    for (const pool of pools) job.pod.mount(c, pool.templateVolume, `/var/local/pools/${pool.pool}`, { readOnly: true });
    job.pod.mount(c, s3.store.credentialsVolume('s3-credentials'), '/run/secrets/s3', { readOnly: true });
    job.pod.mount(c, blocks.volume('prefect-blocks'), '/run/secrets/prefect', { readOnly: true });
    job.pod.addEnv(
      c,
      ...prefectApi.clientEnv(),
      { name: 'PREFECT_LOGGING_LEVEL', value: config.prefect.loggingLevel },
      { name: 'WORK_POOLS', value: poolNames },
      { name: 'VARIABLES_FILE', value: `/var/local/${VARIABLES_FILE}` },
      // config.py registers these as the Prefect variables s3_endpoint and s3_external_endpoint,
      // the only place the API and the flows read the endpoints from (as upstream's compose passes them).
      { name: 'S3_ENDPOINT', value: s3.endpoint },
      { name: 'S3_EXTERNAL_ENDPOINT', value: s3.externalEndpoint },
      { name: 'S3_USER_FILE', value: '/run/secrets/s3/access-key' },
      { name: 'S3_PASSWORD_FILE', value: '/run/secrets/s3/secret-key' },
      { name: 'SCICAT_USER_FILE', value: '/run/secrets/prefect/scicat-user' },
      { name: 'SCICAT_PASSWORD_FILE', value: '/run/secrets/prefect/scicat-password' },
    );
    return identity;
  }

  private flowDeploymentJob(config: OpenEmConfig, scripts: ScriptsVolume, prefectApi: PrefectApi, poolNames: string, runtimeImage: string): Identity {
    const identity = Identity.of('openem').component('prefect-flows');
    const flowsFile = prefectYaml(config, runtimeImage);
    const prefectFile = new k8s.KubeConfigMap(this, 'PrefectYaml', { metadata: { name: 'prefect-flows', labels: identity.labels }, data: { 'prefect.yaml': flowsFile } });
    const job = new OneShotJob(this, 'DeployFlows', {
      identity,
      name: 'prefect-flows',
      image: runtimeImage,
      command: ['/bin/sh', '/scripts/deploy-flows.sh'],
      security: RUNTIME_SECURITY,
    });
    const c = job.containerName;
    job.addInputs(scripts.content('lib.sh'), scripts.content('wait-for-prefect.sh'), scripts.content('deploy-flows.sh'), flowsFile);
    job.pod.mount(c, scripts, '/scripts', { readOnly: true });
    job.pod.mount(c, configMapVolume('prefect-file', prefectFile.name), '/etc/prefect', { readOnly: true });
    job.pod.addEnv(
      c,
      ...prefectApi.clientEnv(),
      { name: 'WORK_POOLS', value: poolNames },
      { name: 'PREFECT_FILE', value: '/etc/prefect/prefect.yaml' },
    );
    return identity;
  }
}

/** The S3 service of the archiver: its credentials, the two endpoints and the egress to reach them. */
interface ArchiverStorage {
  readonly store: IObjectStore;
  /** host[:port] of the flows' S3 client (Prefect variable s3_endpoint). */
  readonly endpoint: string;
  /** host[:port] of the API's client and of presigned URLs (s3_external_endpoint). */
  readonly externalEndpoint: string;
  /** Egress flow runs need beyond HTTPS on 443. */
  readonly egress: EgressRule[];
}

/** The variables file config.py -v reads (upstream names it vars.toml; pydantic-settings reads it as a dotenv file). */
const VARIABLES_FILE = 'variables.env';

/**
 * The Prefect variables (the seed's vars_<env>.toml) as the dotenv file config.py -v reads, with
 * only keys of upstream's PrefectVariablesModel (extra keys are refused). The S3 endpoints come
 * from the job's environment, as upstream's compose passes them.
 */
export function variablesFile(config: OpenEmConfig): string {
  const s3 = config.s3!;
  const variables: Record<string, string | number> = {
    ARCHIVER_SCRATCH_FOLDER: SCRATCH_MOUNT,
    ARCHIVER_TARGET_SIZE_GB: config.archiver.targetSizeGB,
    S3_REGION: s3.region,
    S3_ARCHIVAL_BUCKET: s3.archivalBucket,
    S3_LANDINGZONE_BUCKET: s3.landingZoneBucket,
    S3_URL_EXPIRATION_DAYS: s3.urlExpirationDays,
    SCICAT_ENDPOINT: config.scicat!.endpoint,
    SCICAT_API_PREFIX: config.scicat!.apiPrefix,
    SCICAT_DATASETS_API_PREFIX: config.scicat!.apiPrefix,
    SCICAT_JOBS_API_PREFIX: config.scicat!.apiPrefix,
  };
  return Object.entries(variables).map(([key, value]) => `${key}=${JSON.stringify(String(value))}\n`).join('');
}

/**
 * The flow deployments of upstream's prefect.yaml, bound to the Kubernetes pools: the flows are
 * baked into the runtime image, so each deployment only names its entrypoint, pool and image.
 */
export function prefectYaml(config: OpenEmConfig, runtimeImage: string): string {
  const deployment = (name: string, entrypoint: string, pool: string) => ({
    name,
    version: '1.0.0',
    tags: [],
    entrypoint,
    parameters: {},
    work_pool: { name: pool, work_queue_name: 'default', job_variables: { image: runtimeImage } },
    schedules: [],
  });
  return yaml.dump(
    {
      name: 'ScopeMArchiver',
      pull: [{ 'prefect.deployments.steps.set_working_directory': { directory: '/app/backend' } }],
      deployments: [
        deployment('datasets_archival', './archiver/flows/archive_datasets_flow.py:archive_datasets_flow', config.workers.archival.name),
        deployment('datasets_retrieval', './archiver/flows/retrieve_datasets_flow.py:retrieve_datasets_flow', config.workers.retrieval.name),
      ],
    },
    { lineWidth: -1, noRefs: true },
  );
}
