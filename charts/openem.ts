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
import { NfsShare } from '../constructs/nfs-share';
import { ExternalObjectStore, IObjectStore, MinioObjectStore } from '../constructs/object-store';
import { OneShotJob } from '../constructs/one-shot-job';
import { PodSecurity } from '../constructs/pod-security';
import { FlowRunVolume, PrefectWorkPool } from '../constructs/prefect/work-pool';
import { ForwardAuth } from '../constructs/routing/route';
import { DeclaredSecret } from '../constructs/secrets';
import { configMapVolume, PersistentVolume, ScratchVolume, ScriptsVolume } from '../constructs/volumes';
import { WebService } from '../constructs/web-service';
import { PlatformChart } from './platform';

const NAMESPACE = 'openem';
const IMAGES = 'ghcr.io/swissopenem/scopemarchiver-archiver-service';
const PREFECT_PORT = 4200;
const API_PORT = 8000;
const API_PATH = '/archiver/api/v1';
const PREFECT_PATH = '/archiver/prefect';
const SCRATCH_MOUNT = '/storage';
const SCRIPTS_DIR = `${__dirname}/../scripts/openem`;
/** The runtime (flow) image's user `app`. */
const RUNTIME_SECURITY = PodSecurity.restricted({ uid: 123 });
/**
 * The prefect, archiver API and config images need no privileges: they run as fixed non-root
 * uids with read-only root file systems; HOME, /tmp and the UI build go to scratch volumes.
 */
const SERVER_SECURITY = PodSecurity.restricted({ uid: 1001 });
const API_SECURITY = PodSecurity.restricted({ uid: 1000 });
const JOB_SECURITY = PodSecurity.restricted({ uid: 10001 });

/** The archiver's public host. */
export function openemHost(env: EnvironmentConfig): string {
  return env.systems.openem.host ?? `openem.${env.domain}`;
}

/** The MinIO host of dev installations. */
export function openemMinioHost(env: EnvironmentConfig): string {
  return env.systems.openem.s3?.minio?.host ?? `openem-s3.${env.domain}`;
}

export interface OpenEmChartProps {
  readonly environment: EnvironmentConfig;
  readonly platform: PlatformChart;
}

/**
 * The ScopeM archiver (OpenEM): the archiver API, a Prefect server with PostgreSQL, one
 * Kubernetes work pool and worker each for archival and retrieval, the jobs that configure
 * Prefect and deploy the flows, S3 (external or MinIO) and the authentik outpost guarding the
 * Prefect UI and API. Everything runs under *restricted* in the namespace `openem`.
 */
export class OpenEmChart extends Chart {
  constructor(scope: Construct, id: string, props: OpenEmChartProps) {
    super(scope, id, { namespace: NAMESPACE });
    const { environment: env, platform } = props;
    const config = env.systems.openem;
    const images = config.images!;
    const s3Config = config.s3!;
    const host = openemHost(env);
    platform.addSystemNamespace(NAMESPACE);
    this.addDependency(platform);
    const identity = Identity.of('openem');
    const component = (name: string) => identity.component(name);
    const prefectApi = `http://prefect-server:${PREFECT_PORT}/api`;

    // Stores.
    const postgresSecret = new DeclaredSecret(this, 'PostgresSecret', {
      name: 'openem-postgres',
      purpose: 'PostgreSQL owner of the Prefect database',
      keys: [
        { key: 'user', purpose: 'POSTGRES_USER', generateLength: 16 },
        { key: 'password', purpose: 'POSTGRES_PASSWORD (alphanumeric: it is part of the database URL)', generateLength: 32 },
      ],
    });
    const postgres = new Postgres(this, 'Postgres', {
      identity: component('postgres'),
      name: 'postgres',
      image: `docker.io/library/postgres:${images.postgres}`,
      database: 'prefect',
      user: postgresSecret.ref('user'),
      password: postgresSecret.ref('password'),
      storage: config.postgres.storage,
      storageClass: env.storageClass,
      resources: config.postgres.resources,
    });
    const store = this.objectStore(config, env, platform, component('s3'));
    const s3Endpoint = store instanceof MinioObjectStore ? store.internalEndpoint : s3Config.external!.endpoint;
    const s3ExternalEndpoint = store instanceof MinioObjectStore ? store.host : s3Config.external!.externalEndpoint;

    // Prefect server.
    const outpost = config.authentik.enabled
      ? new AuthentikOutpost(this, 'Outpost', {
        identity: component('authentik-outpost'),
        name: 'authentik-outpost',
        image: `ghcr.io/goauthentik/proxy:${images.authentikProxy}`,
        authentikHost: config.authentik.host!,
        insecure: config.authentik.insecure,
        host,
        ingress: platform.ingress,
        resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } },
      })
      : undefined;
    const server = this.prefectServer(config, host, postgres, platform, outpost?.forwardAuth);

    // Archiver API.
    const apiSecret = new DeclaredSecret(this, 'ApiSecret', {
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
      identity: component('archiver-api'),
      name: 'archiver-api',
      image: `${IMAGES}-api:${images.api}`,
      port: API_PORT,
      // livez always answers; readyz checks Prefect and SciCat.
      probes: { liveness: { path: '/health/livez' }, readiness: { path: '/health/readyz', timeoutSeconds: 10 } },
      resources: config.api.resources,
      security: API_SECURITY,
      replicas: config.api.replicas,
    });
    api.addEnv(
      { name: 'PREFECT_API_URL', value: prefectApi },
      { name: 'PREFECT_LOGGING_LEVEL', value: config.prefect.loggingLevel },
      { name: 'UVICORN_PORT', value: String(API_PORT) },
      { name: 'UVICORN_ROOT_PATH', value: API_PATH },
      { name: 'IDP_URL', value: config.idp!.url },
      { name: 'IDP_REALM', value: config.idp!.realm },
      { name: 'IDP_USERNAME', value: config.idp!.username },
      { name: 'IDP_CLIENT_ID', value: config.idp!.clientId },
      { name: 'IDP_AUDIENCE', value: config.idp!.audience },
      { name: 'SCICAT_INGESTOR_GROUPS', value: config.scicat!.ingestorGroups.join(';') },
      { name: 'S3_ENDPOINT', value: s3ExternalEndpoint },
      { name: 'S3_TOTAL_LANDING_SPACE_TB', value: String(config.archiver.landingSpaceTB) },
      { name: 'SECRETS_DIR', value: '/run/secrets' },
    );
    api.mount(apiSecret.volume('secrets'), '/run/secrets', { readOnly: true });
    api.exposeAt(platform.ingress, { host, path: API_PATH, stripPrefix: API_PATH });

    // Work pools: flow runs are Jobs with the scratch space and, when configured, the LTS share.
    const flowRun = component('flow-run');
    const flowVolumes = this.flowRunVolumes(config, env);
    const pools = [config.workers.archival, config.workers.retrieval].map(
      (pool) =>
        new PrefectWorkPool(this, `WorkPool-${pool.name}`, {
          identity: component(pool.name === config.workers.archival.name ? 'archival-worker' : 'retrieval-worker'),
          pool: pool.name,
          image: `docker.io/prefecthq/prefect:${images.worker}`,
          apiUrl: prefectApi,
          concurrency: pool.concurrency,
          resources: pool.resources,
          flowRuns: {
            identity: flowRun,
            image: `${IMAGES}-workflow:${images.runtime}`,
            security: RUNTIME_SECURITY,
            resources: config.flowRuns.resources,
            volumes: flowVolumes,
            env: { HOME: '/tmp', S3_ENDPOINT: s3Endpoint, PREFECT_LOGGING_LEVEL: config.prefect.loggingLevel },
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
    const configuration = this.configurationJob(config, scripts, store, pools, prefectApi, poolNames);
    const flows = this.flowDeploymentJob(config, scripts, prefectApi, poolNames, images.runtime);

    // Network: the server from its clients, the database from the server and its backup.
    server.allowFrom(api.identity, ...pools.map((p) => p.identity), flowRun, configuration, flows);
    const backup = new Backup(this, 'Backup', {
      identity: component('backup'),
      name: 'postgres-backup',
      schedule: config.backup.schedule,
      timeZone: env.timeZone,
      keep: config.backup.keep,
      image: `docker.io/library/postgres:${images.postgres}`,
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

    // Egress of the parts that run flow code: the server, S3, HTTPS services (SciCat, the IdP,
    // an external S3) and the Kubernetes API for the workers; nothing else.
    const s3Rules = store instanceof MinioObjectStore ? [EgressRule.toPods(component('s3'), 9000)] : httpsPortRules(s3Endpoint);
    new EgressPolicy(this, 'FlowRunEgress', {
      identity: flowRun,
      name: 'flow-run-egress',
      allow: [EgressRule.dns(), EgressRule.toPods(server.identity, PREFECT_PORT), EgressRule.port(443), ...s3Rules],
    });
    for (const pool of pools) {
      new EgressPolicy(this, `WorkerEgress-${pool.pool}`, {
        identity: pool.identity,
        name: `${pool.pool}-worker-egress`,
        // The API server is outside the pod network; its port is 443 or 6443 depending on the cluster.
        allow: [EgressRule.dns(), EgressRule.toPods(server.identity, PREFECT_PORT), EgressRule.port(443), EgressRule.port(6443)],
      });
    }
    if (store instanceof MinioObjectStore) store.allowFrom(flowRun);
  }

  private objectStore(config: OpenEmConfig, env: EnvironmentConfig, platform: PlatformChart, identity: Identity): IObjectStore {
    const s3 = config.s3!;
    if (s3.provider === 'minio') {
      const minio = s3.minio;
      return new MinioObjectStore(this, 'ObjectStore', {
        identity,
        name: 'minio',
        image: `quay.io/minio/minio:${config.images!.minio}`,
        clientImage: `quay.io/minio/mc:${config.images!.minioClient}`,
        host: openemMinioHost(env),
        ingress: platform.ingress,
        storage: minio.storage,
        storageClass: env.storageClass,
        buckets: [s3.archivalBucket, s3.landingZoneBucket],
        resources: minio.resources,
      });
    }
    return new ExternalObjectStore({
      host: s3.external!.externalEndpoint,
      secret: new DeclaredSecret(this, 'S3Secret', {
        name: 'openem-s3',
        purpose: `S3 service account at ${s3.external!.endpoint}`,
        keys: [
          { key: 'access-key', purpose: 'Access key id (Prefect secret block s3-user)' },
          { key: 'secret-key', purpose: 'Secret access key (Prefect secret block s3-password)' },
        ],
      }),
    });
  }

  private prefectServer(config: OpenEmConfig, host: string, postgres: Postgres, platform: PlatformChart, forwardAuth: ForwardAuth | undefined): WebService {
    const server = new WebService(this, 'PrefectServer', {
      identity: Identity.of('openem').component('prefect-server'),
      name: 'prefect-server',
      image: `docker.io/prefecthq/prefect:${config.images!.prefect}`,
      port: PREFECT_PORT,
      command: ['prefect', 'server', 'start'],
      probes: { liveness: { path: '/api/health' }, readiness: { path: '/api/ready' }, startupSeconds: 600 },
      resources: config.prefect.resources,
      security: SERVER_SECURITY,
    });
    server.addEnv(
      postgres.userEnv('POSTGRES_USER'),
      postgres.passwordEnv('POSTGRES_PASSWORD'),
      // Kubernetes expands $(VAR) from the variables above: the URL is never written in clear.
      {
        name: 'PREFECT_API_DATABASE_CONNECTION_URL',
        value: `postgresql+asyncpg://$(POSTGRES_USER):$(POSTGRES_PASSWORD)@${postgres.host}:${postgres.port}/${postgres.database}`,
      },
      { name: 'PREFECT_API_DATABASE_MIGRATE_ON_START', value: 'True' },
      { name: 'PREFECT_SERVER_API_HOST', value: '0.0.0.0' },
      { name: 'PREFECT_SERVER_API_PORT', value: String(PREFECT_PORT) },
      { name: 'PREFECT_UI_API_URL', value: `https://${host}${PREFECT_PATH}/api` },
      { name: 'PREFECT_UI_SERVE_BASE', value: `${PREFECT_PATH}/ui` },
      { name: 'PREFECT_UI_STATIC_DIRECTORY', value: '/ui-build' },
      { name: 'PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT', value: 'False' },
      { name: 'PREFECT_TASK_DEFAULT_RETRIES', value: '2' },
      { name: 'PREFECT_LOGGING_LEVEL', value: config.prefect.loggingLevel },
    );
    // The server copies the UI into PREFECT_UI_STATIC_DIRECTORY and rewrites its base path there.
    server.mount(new ScratchVolume('ui-build', '512Mi'), '/ui-build');
    server.exposeAt(platform.ingress, { host, path: `${PREFECT_PATH}/ui`, forwardAuth });
    server.exposeAt(platform.ingress, { host, path: `${PREFECT_PATH}/api`, stripPrefix: PREFECT_PATH, forwardAuth });
    return server;
  }

  private flowRunVolumes(config: OpenEmConfig, env: EnvironmentConfig): FlowRunVolume[] {
    const identity = Identity.of('openem').component('flow-run');
    const scratch = new PersistentVolume(this, 'Scratch', {
      identity,
      name: 'archiver-scratch',
      size: config.scratch.size,
      storageClass: config.scratch.storageClass ?? env.storageClass,
      accessMode: 'ReadWriteMany',
    });
    const volumes: FlowRunVolume[] = [{ name: 'scratch', volume: { name: 'scratch', persistentVolumeClaim: { claimName: scratch.claimName } }, mountPath: SCRATCH_MOUNT }];
    if (config.lts.enabled) {
      const lts = new NfsShare(this, 'Lts', {
        identity,
        name: 'openem-lts',
        server: config.lts.server!,
        path: config.lts.path!,
        version: config.lts.nfsVersion,
        readOnly: config.lts.readOnly,
      });
      volumes.push({ name: 'lts', volume: { ...lts.podVolume(), name: 'lts' }, mountPath: config.lts.mountPath, readOnly: config.lts.readOnly });
    }
    return volumes;
  }

  private configurationJob(config: OpenEmConfig, scripts: ScriptsVolume, store: IObjectStore, pools: PrefectWorkPool[], apiUrl: string, poolNames: string): Identity {
    const identity = Identity.of('openem').component('prefect-config');
    const settings = { 'vars.toml': varsToml(config), 'concurrency-limits.toml': concurrencyLimitsToml(config) };
    const files = new k8s.KubeConfigMap(this, 'PrefectSettings', { metadata: { name: 'prefect-settings', labels: identity.labels }, data: settings });
    const blocks = new DeclaredSecret(this, 'PrefectBlocks', {
      name: 'openem-prefect-blocks',
      purpose: 'Prefect secret blocks registered by the configuration job',
      keys: [
        { key: 'github-user', purpose: 'GitHub user for ghcr.io (secret block github-user)' },
        { key: 'github-password', purpose: 'GitHub access token with read:packages (secret block github-password)' },
        { key: 'scicat-user', purpose: 'SciCat functional account (secret block scicat-user)' },
        { key: 'scicat-password', purpose: 'Its password (secret block scicat-password)' },
      ],
    });
    const job = new OneShotJob(this, 'Configure', {
      identity,
      name: 'prefect-config',
      image: `${IMAGES}-config:${config.images!.config}`,
      command: ['/bin/sh', '/scripts/configure.sh'],
      security: JOB_SECURITY,
    });
    const c = job.containerName;
    job.addInputs(scripts.content('lib.sh'), scripts.content('wait-for-prefect.sh'), scripts.content('configure.sh'), ...Object.values(settings), ...pools.map((p) => JSON.stringify(p.baseJobTemplate)));
    job.pod.mount(c, scripts, '/scripts', { readOnly: true });
    job.pod.mount(c, configMapVolume('settings', files.name), '/var/local', { readOnly: true });
    for (const pool of pools) job.pod.mount(c, pool.templateVolume, `/var/local/pools/${pool.pool}`, { readOnly: true });
    job.pod.mount(c, store.credentialsVolume('s3-credentials'), '/run/secrets/s3', { readOnly: true });
    job.pod.mount(c, blocks.volume('prefect-blocks'), '/run/secrets/prefect', { readOnly: true });
    job.pod.addEnv(
      c,
      { name: 'PREFECT_API_URL', value: apiUrl },
      { name: 'WORK_POOLS', value: poolNames },
      { name: 'S3_USER_FILE', value: '/run/secrets/s3/access-key' },
      { name: 'S3_PASSWORD_FILE', value: '/run/secrets/s3/secret-key' },
      { name: 'GITHUB_USER_FILE', value: '/run/secrets/prefect/github-user' },
      { name: 'GITHUB_PASSWORD_FILE', value: '/run/secrets/prefect/github-password' },
      { name: 'SCICAT_USER_FILE', value: '/run/secrets/prefect/scicat-user' },
      { name: 'SCICAT_PASSWORD_FILE', value: '/run/secrets/prefect/scicat-password' },
    );
    return identity;
  }

  private flowDeploymentJob(config: OpenEmConfig, scripts: ScriptsVolume, apiUrl: string, poolNames: string, runtimeTag: string): Identity {
    const identity = Identity.of('openem').component('prefect-flows');
    const flowsFile = prefectYaml(config, `${IMAGES}-workflow:${runtimeTag}`);
    const prefectFile = new k8s.KubeConfigMap(this, 'PrefectYaml', { metadata: { name: 'prefect-flows', labels: identity.labels }, data: { 'prefect.yaml': flowsFile } });
    const job = new OneShotJob(this, 'DeployFlows', {
      identity,
      name: 'prefect-flows',
      image: `${IMAGES}-workflow:${runtimeTag}`,
      command: ['/bin/sh', '/scripts/deploy-flows.sh'],
      security: RUNTIME_SECURITY,
    });
    const c = job.containerName;
    job.addInputs(scripts.content('lib.sh'), scripts.content('wait-for-prefect.sh'), scripts.content('deploy-flows.sh'), flowsFile);
    job.pod.mount(c, scripts, '/scripts', { readOnly: true });
    job.pod.mount(c, configMapVolume('prefect-file', prefectFile.name), '/etc/prefect', { readOnly: true });
    job.pod.addEnv(
      c,
      { name: 'PREFECT_API_URL', value: apiUrl },
      { name: 'WORK_POOLS', value: poolNames },
      { name: 'PREFECT_FILE', value: '/etc/prefect/prefect.yaml' },
    );
    return identity;
  }
}

/** Egress to an external S3 endpoint: its port when it is not HTTPS's 443 (already allowed). */
function httpsPortRules(endpoint: string): EgressRule[] {
  const port = Number(endpoint.split(':')[1] ?? 443);
  return port === 443 ? [] : [EgressRule.port(port)];
}

/** The Prefect variables (the seed's vars_<env>.toml), rendered from config. */
export function varsToml(config: OpenEmConfig): string {
  const s3 = config.s3!;
  const sections: Record<string, Record<string, string | number>> = {
    archiver: { ARCHIVER_SCRATCH_FOLDER: SCRATCH_MOUNT, ARCHIVER_TARGET_SIZE_GB: config.archiver.targetSizeGB },
    s3: {
      S3_REGION: s3.region,
      S3_ARCHIVAL_BUCKET: s3.archivalBucket,
      S3_LANDINGZONE_BUCKET: s3.landingZoneBucket,
      S3_URL_EXPIRATION_DAYS: s3.urlExpirationDays,
    },
    scicat: {
      SCICAT_ENDPOINT: config.scicat!.endpoint,
      SCICAT_API_PREFIX: config.scicat!.apiPrefix,
      SCICAT_DATASETS_API_PREFIX: config.scicat!.apiPrefix,
      SCICAT_JOBS_API_PREFIX: config.scicat!.apiPrefix,
    },
    ...(config.lts.enabled ? { lts: { LTS_ROOT_FOLDER: config.lts.mountPath } } : {}),
  };
  return toml(sections);
}

/** The concurrency limits file of the config image. */
export function concurrencyLimitsToml(config: OpenEmConfig): string {
  return toml({ limits: { LTS_WRITE_LIMIT: config.concurrencyLimits.ltsWrite, LTS_READ_LIMIT: config.concurrencyLimits.ltsRead } }).replace('[limits]\n', '');
}

function toml(sections: Record<string, Record<string, string | number>>): string {
  return Object.entries(sections)
    .map(([section, values]) => `[${section}]\n${Object.entries(values).map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join('\n')}\n`)
    .join('\n');
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
