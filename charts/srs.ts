import { Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { join } from 'path';
import type { EnvironmentConfig, SrsConfig } from '../config/schema';
import { Backup } from '../constructs/backup';
import { MONGODB_UID, MongoDb } from '../constructs/databases/mongodb';
import { Identity } from '../constructs/identity';
import { OneShotJob } from '../constructs/one-shot-job';
import { PodSecurity } from '../constructs/pod-security';
import { PodTemplate } from '../constructs/pod-template';
import { RouteAuthentication } from '../constructs/routing/authentication';
import { Route } from '../constructs/routing/route';
import { admitting, IngressSettings } from '../constructs/routing/ingress-settings';
import { ScheduledJob } from '../constructs/scheduled-job';
import { BUSYBOX, MONGO } from '../constructs/databases/images';
import { ImageCatalog } from '../constructs/images';
import { DeclaredSecret } from '../constructs/secrets';
import { configMapVolume, PersistentVolume, ScriptsVolume } from '../constructs/volumes';
import { WebService } from '../constructs/web-service';
import { PlatformChart } from './platform';
import { SRS_BACKEND, SRS_DATA_EXTRACTOR, SRS_FRONTEND } from './srs.images';

export const SRS_NAMESPACE = 'srs';
/**
 * The backend and the extractor Jobs it starts. The backend may create Jobs, and a Job's pod may
 * mount any Secret of its namespace: here there are only the backend's own and the extractor's.
 */
export const SRS_BACKEND_NAMESPACE = 'srs-backend';
const SENSORS_DIR = '/etc/srs/sensors';
const JWT_DIR = '/etc/srs/jwt';
const FRONTEND_PORT = 3000;
/**
 * The SRS images (node, nuxt and python applications from the private registry) need no
 * privileges: they run as uid 1000 with read-only root file systems; exports are written to a
 * claim made group-writable with fsGroup.
 */
const APP_SECURITY = PodSecurity.restricted({ uid: 1000 });

/** Pull access to the private SRS registry, in the namespace of `scope`. */
function registrySecret(scope: Construct, registry: string): DeclaredSecret {
  return new DeclaredSecret(scope, 'Registry', {
    name: 'srs-registry',
    purpose: `Pull access to ${registry} (a GitLab deploy token with read_registry)`,
    dockerRegistry: registry.split('/')[0],
    keys: [
      { key: 'username', purpose: 'Deploy token user name' },
      { key: 'password', purpose: 'Deploy token' },
    ],
  });
}

/** The default sensors config file (PIPELINE_SENSORS_FILEPATH), rendered from config. */
export function sensorsFile(config: SrsConfig): string {
  return `${JSON.stringify({ sensors: config.sensors.map((s) => ({ id: s.id, type: s.type, name: s.name, ...(s.settings ? { settings: s.settings } : {}) })) }, undefined, 2)}\n`;
}

export interface SrsChartProps {
  readonly environment: EnvironmentConfig;
  readonly platform: PlatformChart;
}

/**
 * The controller as an SRS route uses it: admitting only the lab networks (the seed kept the
 * frontend, backend and Chronograf on the lab network), unless the config opened the route to
 * the internet with a reason.
 */
export function srsIngress(ingress: IngressSettings, config: SrsConfig, route: 'frontend' | 'backend' | 'chronograf'): IngressSettings {
  const accepted = config.acceptInternet?.[route];
  return admitting(ingress, config.allowedSources, accepted ? `systems.srs.acceptInternet.${route}: ${accepted}` : undefined);
}

/**
 * SRS, the sensor recording pipeline, in the namespace srs: MongoDB with a user per client, the
 * nuxt frontend, the initial admin user and the daily MongoDB backup. The backend and the data
 * extractor it launches run in their own namespace (SrsBackendChart); the TICK monitoring stack
 * is SrsMonitoringChart.
 */
export class SrsChart extends Chart {
  public readonly mongo: MongoDb;
  /** Credentials of the private registry, for every SRS image. */
  public readonly registry: DeclaredSecret;

  constructor(scope: Construct, id: string, props: SrsChartProps) {
    super(scope, id, { namespace: SRS_NAMESPACE });
    const { environment: env, platform } = props;
    const config = env.systems.srs;
    const images = config.images!;
    const hosts = env.systems.srs.hosts;
    platform.addSystemNamespace(SRS_NAMESPACE);
    this.addDependency(platform);
    const identity = Identity.of('srs');
    const component = (name: string) => identity.component(name);

    this.registry = registrySecret(this, images.registry);
    const mongoRoot = new DeclaredSecret(this, 'MongoRoot', {
      name: 'srs-mongodb',
      purpose: 'MongoDB root user (MONGODB_USER / MONGODB_PASSWORD of the seed)',
      keys: [
        { key: 'username', purpose: 'Root user name', generateLength: 12 },
        { key: 'password', purpose: 'Root password', generateLength: 32 },
      ],
    });
    this.mongo = new MongoDb(this, 'Mongo', {
      identity: component('mongodb'),
      name: 'mongodb',
      image: ImageCatalog.of(this).reference(MONGO, images.mongo),
      database: config.mongo.database,
      user: mongoRoot.ref('username'),
      password: mongoRoot.ref('password'),
      storage: config.mongo.storage,
      storageClass: env.storageClass,
      resources: config.mongo.resources,
      // Each client its own user with only what it needs; the root user stays with the users Job.
      users: [
        { name: 'srs-backend', roles: [{ role: 'readWrite', db: config.mongo.database }], purpose: 'the backend' },
        { name: 'srs-init-admin', roles: [{ role: 'readWrite', db: config.mongo.database }], purpose: 'the Job that creates the initial admin user' },
        { name: 'srs-data-extractor', roles: [{ role: 'read', db: config.mongo.database }], purpose: 'the data extractor\'s Jobs, which only read' },
        // The restore job shares the backup's settings: restore adds writing back what a dump holds.
        { name: 'srs-backup', roles: [{ role: 'backup', db: 'admin' }, { role: 'restore', db: 'admin' }], purpose: 'the backup and restore jobs' },
        // Telegraf's mongodb input (telegraf v1.33.1 plugins/inputs/mongodb/README.md, "Permissions").
        { name: 'srs-telegraf', roles: [{ role: 'clusterMonitor', db: 'admin' }], purpose: 'Telegraf\'s server metrics' },
      ],
    });

    // Frontend: every URL derived from the backend's host (its route is in SrsBackendChart).
    const frontend = new WebService(this, 'Frontend', {
      identity: component('frontend'),
      name: 'frontend',
      image: ImageCatalog.of(this).reference(SRS_FRONTEND, images.frontend, `${images.registry}/srs-frontend`),
      port: FRONTEND_PORT,
      probes: { liveness: { tcpPort: FRONTEND_PORT }, readiness: { path: '/' } },
      resources: config.frontend.resources,
      security: APP_SECURITY,
      imagePullSecrets: [this.registry.name],
    });
    frontend.addEnv(
      { name: 'SRS_BACKEND_API_URL', value: `https://${hosts.backend}${config.backend.apiPath}` },
      { name: 'SRS_BACKEND_AUTHENTICATED_WEBSOCKETS_URL', value: `wss://${hosts.backend}${config.backend.authenticatedWebsocketsPath}` },
      { name: 'SRS_BACKEND_OPEN_WEBSOCKETS_URL', value: `wss://${hosts.backend}${config.backend.openWebsocketsPath}` },
    );
    frontend.exposeAt(srsIngress(platform.ingress, config, 'frontend'), { host: hosts.frontend, authentication: RouteAuthentication.byImage(SRS_FRONTEND, 'backend-users') });

    const admin = this.adminJob(config);
    const backup = this.backup(config, env);
    this.mongo.allowFrom(admin, backup.identity);
  }

  /** The environment of a MongoDB client of this namespace. */
  public mongoClientEnv(user: string): k8s.EnvVar[] {
    const credentials = this.mongo.credentials(user);
    return this.mongoEnv(this.mongo.host, credentials.userEnv('MONGODB_USER'), credentials.passwordEnv('MONGODB_PASSWORD'));
  }

  /** The environment of a MongoDB client, given where it finds the server and its credentials. */
  public mongoEnv(host: string, user: k8s.EnvVar, password: k8s.EnvVar): k8s.EnvVar[] {
    return [
      { name: 'MONGODB_HOST', value: host },
      { name: 'MONGODB_PORT', value: String(this.mongo.port) },
      user,
      password,
      { name: 'MONGODB_DB_NAME', value: this.mongo.database },
    ];
  }

  /** The initial admin user, from a bcrypt hash in a Secret (replaces init_admin_user.sh over SSH). */
  private adminJob(config: SrsConfig): Identity {
    const identity = Identity.of('srs').component('init-admin');
    const secret = new DeclaredSecret(this, 'AdminSecret', {
      name: 'srs-admin',
      purpose: `Initial SRS admin user ${config.admin!.username}`,
      keys: [{ key: 'password-bcrypt', purpose: 'bcrypt hash of the admin password (python3 -c ... see docs/srs.md)' }],
    });
    const scripts = new ScriptsVolume(this, 'AdminScripts', { identity, name: 'init-admin-scripts', directory: join(__dirname, '..', 'scripts', 'srs'), files: ['lib.sh', 'init-admin-user.sh'] });
    const job = new OneShotJob(this, 'InitAdmin', {
      identity,
      name: 'init-admin-user',
      image: ImageCatalog.of(this).reference(MONGO, config.images!.mongo),
      command: ['/bin/sh', '/scripts/init-admin-user.sh'],
      security: PodSecurity.restricted({ uid: MONGODB_UID }),
    });
    job.addInputs(scripts.content('lib.sh'), scripts.content('init-admin-user.sh'));
    job.pod.mount(job.containerName, scripts, '/scripts', { readOnly: true });
    job.pod.addEnv(
      job.containerName,
      ...this.mongoClientEnv('srs-init-admin'),
      { name: 'ADMIN_USERNAME', value: config.admin!.username },
      { name: 'ADMIN_EMAIL', value: config.admin!.email },
      secret.env('ADMIN_PASSWORD_HASH', 'password-bcrypt'),
    );
    return identity;
  }

  private backup(config: SrsConfig, env: EnvironmentConfig): Backup {
    const identity = Identity.of('srs').component('backup');
    const mongoImage = ImageCatalog.of(this).reference(MONGO, config.images!.mongo);
    const busybox = ImageCatalog.of(this).reference(BUSYBOX, config.images!.busybox);
    return new Backup(this, 'Backup', {
      identity,
      name: 'mongodb-backup',
      schedule: config.backup.schedule,
      timeZone: env.timeZone,
      keep: config.backup.keep,
      prepare: { image: mongoImage, script: 'mongodb-dump.sh' },
      image: busybox,
      script: 'mongodb-archive.sh',
      restorePrepare: { image: busybox, script: 'mongodb-extract.sh' },
      restoreImage: mongoImage,
      restoreScript: 'mongodb-restore.sh',
      target: new PersistentVolume(this, 'BackupVolume', { identity, name: 'mongodb-backup', size: config.backup.storage, storageClass: env.storageClass }),
      security: PodSecurity.restricted({ uid: MONGODB_UID }),
      env: [...this.mongoClientEnv('srs-backup'), { name: 'BACKUP_COLLECTIONS', value: config.backup.collections.join(' ') }],
    });
  }
}

export interface SrsBackendChartProps {
  readonly environment: EnvironmentConfig;
  readonly platform: PlatformChart;
  /** The chart of MongoDB and the registry credentials. */
  readonly app: SrsChart;
}

/**
 * The SRS backend (REST, websockets, API documentation) and the data extractor it launches as
 * Jobs, in their own namespace: the backend's right to create Jobs reaches only the Secrets here,
 * its own and the extractor's, never MongoDB's root, the other users' or the monitoring's.
 */
export class SrsBackendChart extends Chart {
  public readonly backend: WebService;
  public readonly backendRoute: Route;
  private readonly pullSecret: string;
  private readonly app: SrsChart;
  private readonly mongoPasswords: DeclaredSecret;

  constructor(scope: Construct, id: string, props: SrsBackendChartProps) {
    super(scope, id, { namespace: SRS_BACKEND_NAMESPACE });
    const { environment: env, platform, app } = props;
    const config = env.systems.srs;
    const images = config.images!;
    const hosts = config.hosts;
    this.app = app;
    platform.addSystemNamespace(SRS_BACKEND_NAMESPACE);
    this.addDependency(platform, app);
    const component = (name: string) => Identity.of('srs').component(name);

    // Copies of what the two need from the srs namespace, kept equal by the secrets script.
    // The registry credentials again: the secrets script fills both from the same variables.
    this.pullSecret = registrySecret(this, images.registry).name;
    const users = app.mongo.usersSecret!;
    this.mongoPasswords = new DeclaredSecret(this, 'MongoUsers', {
      name: users.name,
      purpose: `The MongoDB passwords of the backend and the extractor, copied from the ${SRS_NAMESPACE} namespace`,
      keys: ['srs-backend', 'srs-data-extractor'].map((key) => ({ key, purpose: `password of the MongoDB user ${key}`, copyOf: { secret: users, key } })),
    });

    const exportsVolume = new PersistentVolume(this, 'Exports', {
      identity: component('backend'),
      name: 'exports',
      size: config.exports.size,
      storageClass: config.exports.storageClass,
      accessMode: 'ReadWriteMany',
    });
    const extractor = this.dataExtractor(config, exportsVolume);

    const backendSecret = new DeclaredSecret(this, 'BackendSecret', {
      name: 'srs-backend',
      purpose: 'SRS backend: JWT key pair and booking mail',
      keys: [
        { key: 'jwt-private.pem', purpose: 'SMS_JWT_PRIVATE_KEY: RSA private key in PEM (see docs/srs.md)' },
        { key: 'jwt-public.pem', purpose: 'SMS_JWT_PUBLIC_KEY: its public key in PEM' },
        ...(config.backend.smtp ? [{ key: 'smtp-password', purpose: `SMS_SMTP_PASSWORD of ${config.backend.smtp.user}` }] : []),
      ],
    });
    const account = new k8s.KubeServiceAccount(this, 'BackendAccount', { metadata: { name: 'backend', labels: component('backend').labels }, automountServiceAccountToken: false });
    this.backend = new WebService(this, 'Backend', {
      identity: component('backend'),
      name: 'backend',
      image: ImageCatalog.of(this).reference(SRS_BACKEND, images.backend, `${images.registry}/srs-backend`),
      port: config.backend.port,
      probes: { liveness: { tcpPort: config.backend.port }, readiness: { path: config.backend.readinessPath }, startupSeconds: 300 },
      resources: config.backend.resources,
      security: APP_SECURITY,
      replicas: config.backend.replicas,
      imagePullSecrets: [this.pullSecret],
      serviceAccountName: account.name,
    });
    const sensors = new k8s.KubeConfigMap(this, 'Sensors', { metadata: { name: 'sensors', labels: component('backend').labels }, data: { 'default.sensors.json': sensorsFile(config) } });
    const smtp = config.backend.smtp;
    this.backend.addEnv(
      ...this.mongoClientEnv('srs-backend'),
      { name: 'PIPELINE_SENSORS_FILEPATH', value: `${SENSORS_DIR}/default.sensors.json` },
      { name: 'SMS_JWT_PRIVATE_KEY_FILEPATH', value: `${JWT_DIR}/jwt-private.pem` },
      { name: 'SMS_JWT_PUBLIC_KEY_FILEPATH', value: `${JWT_DIR}/jwt-public.pem` },
      { name: 'SMS_JWT_VALIDITY_LENGTH', value: config.backend.jwtValidity },
      ...(smtp
        ? [
          { name: 'SMS_SMTP_HOST', value: smtp.host },
          { name: 'SMS_SMTP_USER', value: smtp.user },
          { name: 'SMS_SMTP_FROM', value: smtp.from },
          backendSecret.env('SMS_SMTP_PASSWORD', 'smtp-password'),
        ]
        : []),
      // How the backend starts an export: a Job from the suspended CronJob's template (see docs/srs.md).
      { name: 'DATA_EXTRACTOR_CRONJOB', value: extractor.name },
      { name: 'DATA_EXTRACTOR_NAMESPACE', value: SRS_BACKEND_NAMESPACE },
      { name: 'EXPORTS_DIR', value: config.backend.exportsPath },
    );
    this.backend.mount(configMapVolume('sensors', sensors.name), SENSORS_DIR, { readOnly: true });
    this.backend.mount(backendSecret.volume('jwt'), JWT_DIR, { readOnly: true });
    this.backend.mount(exportsVolume, config.backend.exportsPath);
    this.launcherRole(account.name, extractor.name, component('backend'));
    // Exports of large experiments take long to prepare; websockets stay open for a recording.
    this.backendRoute = this.backend.exposeAt(srsIngress(platform.ingress, config, 'backend'), {
      host: hosts.backend,
      websocket: true,
      readTimeout: Duration.parse(`PT${config.backend.exportTimeout.toUpperCase()}`),
      authentication: RouteAuthentication.byImage(SRS_BACKEND, 'users'),
    });
    app.mongo.allowFromNamespace(SRS_BACKEND_NAMESPACE, this.backend.identity);
    app.mongo.allowFromNamespace(SRS_BACKEND_NAMESPACE, component('data-extractor'));
  }

  /** The environment of a MongoDB client here: the server in the srs namespace, the password copied. */
  private mongoClientEnv(user: 'srs-backend' | 'srs-data-extractor'): k8s.EnvVar[] {
    return this.app.mongoEnv(`${this.app.mongo.host}.${SRS_NAMESPACE}.svc`, { name: 'MONGODB_USER', value: user }, this.mongoPasswords.env('MONGODB_PASSWORD', user));
  }

  /**
   * The data extractor, a suspended CronJob: its job template is what the backend starts (one
   * Job per export, with the experiment in its environment); never scheduled itself.
   */
  private dataExtractor(config: SrsConfig, exportsVolume: PersistentVolume): ScheduledJob {
    const identity = Identity.of('srs').component('data-extractor');
    const pod = new PodTemplate({ identity, security: APP_SECURITY, restartPolicy: 'Never', imagePullSecrets: [this.pullSecret] });
    pod.addContainer({ name: 'data-extractor', image: ImageCatalog.of(this).reference(SRS_DATA_EXTRACTOR, config.images!.dataExtractor, `${config.images!.registry}/srs-data-extractor`), resources: config.dataExtractor.resources });
    pod.addEnv('data-extractor', ...this.mongoClientEnv('srs-data-extractor'), { name: 'EXPORTS_DIR', value: config.backend.exportsPath });
    pod.mount('data-extractor', exportsVolume, config.backend.exportsPath);
    return new ScheduledJob(this, 'DataExtractor', {
      identity,
      name: 'data-extractor',
      schedule: '0 0 1 1 *',
      timeZone: 'Etc/UTC',
      pod,
      suspend: true,
      activeDeadlineSeconds: 12 * 3600,
    });
  }

  /** The backend may start extractor Jobs from the template and follow them; nothing else. */
  private launcherRole(account: string, cronJob: string, identity: Identity): void {
    const role = new k8s.KubeRole(this, 'LauncherRole', {
      metadata: { name: 'data-extractor-launcher', labels: identity.labels },
      rules: [
        { apiGroups: ['batch'], resources: ['cronjobs'], resourceNames: [cronJob], verbs: ['get'] },
        { apiGroups: ['batch'], resources: ['jobs'], verbs: ['create', 'get', 'list', 'watch', 'delete'] },
        { apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list', 'watch'] },
      ],
    });
    new k8s.KubeRoleBinding(this, 'LauncherBinding', {
      metadata: { name: 'data-extractor-launcher', labels: identity.labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.name },
      subjects: [{ kind: 'ServiceAccount', name: account }],
    });
  }

}
