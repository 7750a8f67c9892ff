import { Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { join } from 'path';
import type { EnvironmentConfig, SrsConfig } from '../config/schema';
import { Agent } from '../constructs/agent';
import { Identity } from '../constructs/identity';
import { OAuth2Proxy } from '../constructs/oauth2-proxy';
import { OAUTH2_PROXY } from '../constructs/oauth2-proxy.images';
import { PodSecurity } from '../constructs/pod-security';
import { PodTemplate } from '../constructs/pod-template';
import { ScheduledJob } from '../constructs/scheduled-job';
import { ImageCatalog } from '../constructs/images';
import { DeclaredSecret } from '../constructs/secrets';
import { StatefulService } from '../constructs/stateful-service';
import { configMapVolume, PersistentVolume, ScriptsVolume } from '../constructs/volumes';
import { WebService } from '../constructs/web-service';
import { PlatformChart } from './platform';
import { CHRONOGRAF, INFLUXDB, K6, KAPACITOR, TELEGRAF } from './srs-monitoring.images';
import { SRS_BACKEND_NAMESPACE, SRS_NAMESPACE, SrsBackendChart, SrsChart, srsIngress } from './srs';

export const TELEGRAF_NAMESPACE = 'srs-telegraf';
const INFLUXDB_PORT = INFLUXDB.port();
const KAPACITOR_PORT = KAPACITOR.port();
const CHRONOGRAF_PORT = CHRONOGRAF.port();
const INFLUXDB_URL = `http://influxdb:${INFLUXDB_PORT}`;
/** The TICK images need no privileges: fixed non-root uid, read-only root, data on claims. */
const TICK_SECURITY = PodSecurity.restricted({ uid: 1000 });
/**
 * Telegraf's node agent reports the host's CPU, memory, load, disk I/O and disk usage by reading
 * the host's /proc, /sys and root file system through read-only hostPath volumes, which only the
 * privileged Pod Security level admits. It needs no root (telegraf v1.33.1, gopsutil v4.24.10):
 * cpu reads <HOST_PROC>/stat, mem meminfo, system loadavg, cpuinfo and stat, diskio diskstats, disk
 * <HOST_PROC>/1/mountinfo (all mode 0444) and statfs(2) of each mount point below
 * HOST_MOUNT_PREFIX, which needs no more than search permission on the path; and upstream's own
 * image runs every input as the unprivileged user telegraf (influxdata-docker telegraf/1.33
 * entrypoint.sh: setpriv --reuid telegraf, with no way to stay root). A mount point below a
 * directory others may not search is skipped (plugins/inputs/system/ps.go DiskUsage, logged at
 * debug level).
 */
export const TELEGRAF_PRIVILEGED_REASON =
  'telegraf reads the host /proc, /sys and root file system (disk usage) through read-only hostPath volumes, which only the privileged level admits; it runs as a non-root uid without capabilities';
/**
 * The node agent's uid: "nobody", which by convention owns no file, so the agent reads only host
 * files that every user may read. Telegraf writes nothing; the image runs as any uid.
 */
const TELEGRAF_NODE_UID = 65534;

export interface SrsMonitoringChartProps {
  readonly environment: EnvironmentConfig;
  readonly platform: PlatformChart;
  readonly app: SrsChart;
  /** The backend, which the load test sends to. */
  readonly backend: SrsBackendChart;
}

/**
 * SRS monitoring, the TICK stack: InfluxDB 1.8, Telegraf (a node agent in its own namespace and
 * one for MongoDB and InfluxDB), Chronograf behind oauth2-proxy (GitLab groups) and its own GitLab
 * sign-in, with its connections provisioned, Kapacitor alerting by SMTP and Slack with the
 * disk-usage TICKscript, and the optional k6 load test writing to InfluxDB.
 */
export class SrsMonitoringChart extends Chart {
  public readonly influxdb: StatefulService;
  /** The InfluxDB users' passwords. */
  public readonly influxSecret: DeclaredSecret;

  constructor(scope: Construct, id: string, props: SrsMonitoringChartProps) {
    super(scope, id, { namespace: SRS_NAMESPACE });
    const { environment: env, platform, app } = props;
    const config = env.systems.srs;
    this.addDependency(app);
    const component = (name: string) => Identity.of('srs').component(name);

    this.influxSecret = new DeclaredSecret(this, 'InfluxSecret', {
      name: 'srs-influxdb',
      purpose: 'InfluxDB users: admin, reader (Chronograf dashboards), writer (Telegraf, k6)',
      keys: [
        { key: 'admin-password', purpose: 'INFLUXDB_ADMIN_PASSWORD', generateLength: 32 },
        { key: 'read-password', purpose: 'INFLUXDB_READ_USER_PASSWORD', generateLength: 32 },
        { key: 'write-password', purpose: 'INFLUXDB_WRITE_USER_PASSWORD', generateLength: 32 },
      ],
    });
    this.influxdb = this.influxDb(config, env);
    const kapacitor = this.kapacitor(config, env);
    const chronograf = this.chronograf(config, env, platform);
    const telegraf = this.serviceTelegraf(config, app);

    this.influxdb.allowFrom(chronograf.identity, kapacitor.identity, telegraf);
    this.influxdb.allowFromNamespace(TELEGRAF_NAMESPACE, component('telegraf-node'));
    // Chronograf manages Kapacitor; InfluxDB pushes subscribed writes to it.
    kapacitor.allowFrom(chronograf.identity, this.influxdb.identity);
    app.mongo.allowFrom(telegraf);

    if (config.loadTest.enabled) {
      const k6 = this.loadTest(config, env);
      this.influxdb.allowFrom(k6);
      props.backend.backend.allowFromNamespace(SRS_NAMESPACE, k6);
    }
  }

  private influxDb(config: SrsConfig, env: EnvironmentConfig): StatefulService {
    const identity = Identity.of('srs').component('influxdb');
    const files = new k8s.KubeConfigMap(this, 'InfluxConfig', {
      metadata: { name: 'influxdb', labels: identity.labels },
      data: { 'influxdb.conf': INFLUXDB_CONF },
    });
    const initdb = new k8s.KubeConfigMap(this, 'InfluxInit', {
      metadata: { name: 'influxdb-init', labels: identity.labels },
      data: { 'k6.iql': 'CREATE DATABASE k6\nGRANT WRITE ON "k6" TO "writer"\nGRANT READ ON "k6" TO "reader"\n' },
    });
    const influx = new StatefulService(this, 'InfluxDb', {
      identity,
      name: 'influxdb',
      image: ImageCatalog.of(this).reference(INFLUXDB, config.images!.influxdb),
      port: INFLUXDB_PORT,
      // Both answer once HTTP is open, after the first-start initialisation; neither checks more.
      probes: { liveness: { path: '/ping' }, readiness: { path: '/health' }, startupSeconds: 300 },
      resources: config.influxdb.resources,
      security: TICK_SECURITY,
      storage: config.influxdb.storage,
      storageClass: env.storageClass,
      dataPath: '/var/lib/influxdb',
    });
    influx.mount(configMapVolume('config', files.name), '/etc/influxdb', { readOnly: true });
    influx.mount(configMapVolume('initdb', initdb.name), '/docker-entrypoint-initdb.d', { readOnly: true });
    // The image's entrypoint creates the users and the telegraf database on first start.
    influx.addEnv(
      { name: 'INFLUXDB_DB', value: 'telegraf' },
      { name: 'INFLUXDB_HTTP_AUTH_ENABLED', value: 'true' },
      { name: 'INFLUXDB_ADMIN_USER', value: 'admin' },
      this.influxSecret.env('INFLUXDB_ADMIN_PASSWORD', 'admin-password'),
      { name: 'INFLUXDB_READ_USER', value: 'reader' },
      this.influxSecret.env('INFLUXDB_READ_USER_PASSWORD', 'read-password'),
      { name: 'INFLUXDB_WRITE_USER', value: 'writer' },
      this.influxSecret.env('INFLUXDB_WRITE_USER_PASSWORD', 'write-password'),
    );
    return influx;
  }

  private kapacitor(config: SrsConfig, env: EnvironmentConfig): StatefulService {
    const identity = Identity.of('srs').component('kapacitor');
    const alerting = config.kapacitor;
    const secret = new DeclaredSecret(this, 'KapacitorSecret', {
      name: 'srs-kapacitor',
      purpose: 'Kapacitor alert channels',
      keys: [
        ...(alerting.smtp.enabled ? [{ key: 'smtp-password', purpose: `KAPACITOR_SMTP_PASSWORD of ${alerting.smtp.username}` }] : []),
        ...(alerting.slack.enabled ? [{ key: 'slack-url', purpose: `KAPACITOR_SLACK_0_URL: incoming webhook of ${alerting.slack.channel}` }] : []),
      ],
    });
    const tasks = new k8s.KubeConfigMap(this, 'KapacitorTasks', {
      metadata: { name: 'kapacitor-tasks', labels: identity.labels },
      data: { 'disk_usage.tick': diskUsageTick(config) },
    });
    const settings = new k8s.KubeConfigMap(this, 'KapacitorConfig', {
      metadata: { name: 'kapacitor', labels: identity.labels },
      data: { 'kapacitor.conf': kapacitorConf(config) },
    });
    const kapacitor = new StatefulService(this, 'Kapacitor', {
      identity,
      name: 'kapacitor',
      image: ImageCatalog.of(this).reference(KAPACITOR, config.images!.kapacitor),
      port: KAPACITOR_PORT,
      probes: { liveness: { path: '/kapacitor/v1/ping' }, readiness: { path: '/kapacitor/v1/ping' } },
      resources: alerting.resources,
      security: TICK_SECURITY,
      storage: alerting.storage,
      storageClass: env.storageClass,
      dataPath: '/var/lib/kapacitor',
    });
    // Tasks in the load directory are (re)defined on every start: the TICKscript survives restarts.
    kapacitor.mount(configMapVolume('tasks', tasks.name), '/etc/kapacitor/load/tasks', { readOnly: true });
    kapacitor.mount(configMapVolume('config', settings.name), '/etc/kapacitor-labstack', { readOnly: true });
    kapacitor.addEnv(
      // The image's settings plus the alert recipients: lists such as [smtp] to cannot be set
      // from the environment (overrides only reach elements the file already has).
      { name: 'KAPACITOR_CONFIG_PATH', value: '/etc/kapacitor-labstack/kapacitor.conf' },
      { name: 'KAPACITOR_REPORTING_ENABLED', value: 'false' },
      // InfluxDB sends subscribed writes to http://<hostname>:9092, the Service.
      { name: 'KAPACITOR_HOSTNAME', value: 'kapacitor' },
      { name: 'KAPACITOR_LOAD_ENABLED', value: 'true' },
      { name: 'KAPACITOR_LOAD_DIR', value: '/etc/kapacitor/load' },
      { name: 'KAPACITOR_INFLUXDB_0_URLS_0', value: INFLUXDB_URL },
      // Admin, as Kapacitor subscribes to InfluxDB's writes: CREATE SUBSCRIPTION needs admin
      // (influxdata/influxql ast.go CreateSubscriptionStatement.RequiredPrivileges, the influxql
      // v1.1.1-0.20200828144457-65d3ef77d385 that influxdb v1.8.10's go.mod pins).
      { name: 'KAPACITOR_INFLUXDB_0_USERNAME', value: 'admin' },
      this.influxSecret.env('KAPACITOR_INFLUXDB_0_PASSWORD', 'admin-password'),
      { name: 'KAPACITOR_SMTP_ENABLED', value: String(alerting.smtp.enabled) },
      ...(alerting.smtp.enabled
        ? [
          { name: 'KAPACITOR_SMTP_HOST', value: alerting.smtp.host! },
          { name: 'KAPACITOR_SMTP_PORT', value: String(alerting.smtp.port) },
          { name: 'KAPACITOR_SMTP_USERNAME', value: alerting.smtp.username! },
          secret.env('KAPACITOR_SMTP_PASSWORD', 'smtp-password'),
          { name: 'KAPACITOR_SMTP_FROM', value: alerting.smtp.from! },
        ]
        : []),
      { name: 'KAPACITOR_SLACK_0_ENABLED', value: String(alerting.slack.enabled) },
      ...(alerting.slack.enabled
        ? [
          secret.env('KAPACITOR_SLACK_0_URL', 'slack-url'),
          { name: 'KAPACITOR_SLACK_0_CHANNEL', value: alerting.slack.channel! },
          ...(alerting.slack.workspace ? [{ name: 'KAPACITOR_SLACK_0_WORKSPACE', value: alerting.slack.workspace }] : []),
        ]
        : []),
    );
    return kapacitor;
  }

  /**
   * Chronograf, reachable only through oauth2-proxy. Chronograf's generic OAuth can restrict
   * sign-in to e-mail domains (GENERIC_DOMAINS) but not to GitLab groups (chronograf 1.10.6
   * oauth2/generic.go PrincipalID, Group), so the proxy checks group membership in front of it.
   * Chronograf keeps its own GitLab sign-in behind the proxy: without an OAuth provider it has no
   * users and roles at all, and every visitor could manage InfluxDB and Kapacitor (server/mux.go
   * AuthAPI is used only with UseAuth; it trusts no header a proxy could set). With it, the first
   * account to sign in becomes SuperAdmin and every later one gets the Default organization's role
   * `member`, which reaches no data (server/me.go newUsersAreSuperAdmin: auth config
   * SuperAdminNewUsers defaults to false, kv/config.go; kv/organizations.go DefaultOrganizationRole;
   * server/mux.go: sources need reader or more) until an admin grants a role.
   */
  private chronograf(config: SrsConfig, env: EnvironmentConfig, platform: PlatformChart): WebService {
    const identity = Identity.of('srs').component('chronograf');
    const gitlab = config.chronograf.gitlab!;
    const host = config.hosts.chronograf;
    const secret = new DeclaredSecret(this, 'ChronografSecret', {
      name: 'srs-chronograf',
      purpose: `Chronograf sign-in with GitLab (${gitlab.url})`,
      keys: [
        { key: 'token-secret', purpose: 'TOKEN_SECRET signing Chronograf sessions', generateLength: 48 },
        { key: 'gitlab-client-secret', purpose: `OAUTH2_PROXY_CLIENT_SECRET (the sign-in proxy) and GENERIC_CLIENT_SECRET of the GitLab application ${gitlab.clientId}` },
      ],
    });
    const chronograf = new WebService(this, 'Chronograf', {
      identity,
      name: 'chronograf',
      image: ImageCatalog.of(this).reference(CHRONOGRAF, config.images!.chronograf),
      port: CHRONOGRAF_PORT,
      probes: { liveness: { path: '/ping' }, readiness: { path: '/ping' } },
      resources: config.chronograf.resources,
      security: TICK_SECURITY,
      // Dashboards live in a bolt file: one writer.
      singleWriter: true,
    });
    const data = new PersistentVolume(this, 'ChronografData', { identity, name: 'chronograf-data', size: config.chronograf.storage, storageClass: env.storageClass });
    chronograf.mount(data, '/var/lib/chronograf');
    chronograf.addEnv(
      { name: 'BOLT_PATH', value: '/var/lib/chronograf/chronograf-v1.db' },
      { name: 'PUBLIC_URL', value: `https://${host}` },
      secret.env('TOKEN_SECRET', 'token-secret'),
      { name: 'GENERIC_NAME', value: 'gitlab' },
      { name: 'GENERIC_CLIENT_ID', value: gitlab.clientId },
      secret.env('GENERIC_CLIENT_SECRET', 'gitlab-client-secret'),
      { name: 'GENERIC_SCOPES', value: 'read_user' },
      { name: 'GENERIC_AUTH_URL', value: `${gitlab.url}/oauth/authorize` },
      { name: 'GENERIC_TOKEN_URL', value: `${gitlab.url}/oauth/token` },
      { name: 'GENERIC_API_URL', value: `${gitlab.url}/api/v4/user` },
      // Chronograf refuses other domains itself too, should anything reach it past the proxy.
      ...(gitlab.emailDomains.length > 0 ? [{ name: 'GENERIC_DOMAINS', value: gitlab.emailDomains.join(',') }] : []),
      // Its login page sends users straight on to GitLab, where they are signed in already.
      { name: 'REDIR_AUTH_LOGIN', value: 'gitlab' },
      // Pre-provisioned connections: InfluxDB and Kapacitor. InfluxDB as `reader`, READ on the
      // telegraf database only (influxdata-docker influxdb/1.8/init-influxdb.sh: GRANT READ ON
      // $INFLUXDB_DB), so no Chronograf user can run admin InfluxQL through the Data Explorer.
      { name: 'INFLUXDB_URL', value: INFLUXDB_URL },
      { name: 'INFLUXDB_USERNAME', value: 'reader' },
      this.influxSecret.env('INFLUXDB_PASSWORD', 'read-password'),
      { name: 'KAPACITOR_URL', value: `http://kapacitor:${KAPACITOR_PORT}` },
      // Otherwise Chronograf reports usage to InfluxData every day.
      { name: 'REPORTING_DISABLED', value: 'true' },
    );
    new OAuth2Proxy(this, 'ChronografSignIn', {
      identity: Identity.of('srs').component('chronograf-proxy'),
      name: 'chronograf-proxy',
      image: ImageCatalog.of(this).reference(OAUTH2_PROXY, config.images!.oauth2Proxy),
      upstream: chronograf,
      gitlab: { url: gitlab.url, clientId: gitlab.clientId, clientSecret: secret.ref('gitlab-client-secret'), groups: gitlab.groups, emailDomains: gitlab.emailDomains },
      host,
      ingress: srsIngress(platform.ingress, config, 'chronograf'),
      websocket: true,
      readTimeout: Duration.minutes(5),
      resources: config.chronograf.proxy.resources,
    });
    return chronograf;
  }

  /** Telegraf for the services (one instance, not one per node): MongoDB and InfluxDB metrics. */
  private serviceTelegraf(config: SrsConfig, app: SrsChart): Identity {
    const identity = Identity.of('srs').component('telegraf');
    const files = new k8s.KubeConfigMap(this, 'TelegrafConfig', {
      metadata: { name: 'telegraf', labels: identity.labels },
      data: { 'telegraf.conf': telegrafConf(config, INFLUXDB_URL, SERVICE_INPUTS) },
    });
    const pod = telegrafPod(this, config, identity, TICK_SECURITY, files.name, this.influxSecret);
    pod.addEnv('telegraf', ...app.mongoClientEnv('srs-telegraf').filter((e) => ['MONGODB_USER', 'MONGODB_PASSWORD'].includes(e.name)), { name: 'NODE_NAME', value: 'srs-services' });
    new Agent(this, 'Telegraf', { name: 'telegraf', pod });
    return identity;
  }

  /** The k6 load test: a suspended CronJob, run with `kubectl create job --from=cronjob/load-test`. */
  private loadTest(config: SrsConfig, env: EnvironmentConfig): Identity {
    const identity = Identity.of('srs').component('load-test');
    const scripts = new ScriptsVolume(this, 'LoadTestScript', { identity, name: 'load-test', directory: join(__dirname, '..', 'scripts', 'srs'), files: ['load-test.js'] });
    const pod = new PodTemplate({ identity, security: PodSecurity.restricted({ uid: 12345 }), restartPolicy: 'Never' });
    pod.addContainer({
      name: 'k6',
      image: ImageCatalog.of(this).reference(K6, config.images!.k6),
      command: ['k6', 'run', '--out', `influxdb=${INFLUXDB_URL}/k6`, '/scripts/load-test.js'],
      resources: { requests: { cpu: '500m', memory: '256Mi' }, limits: { memory: '1Gi' } },
    });
    pod.addEnv(
      'k6',
      { name: 'K6_INFLUXDB_USERNAME', value: 'writer' },
      this.influxSecret.env('K6_INFLUXDB_PASSWORD', 'write-password'),
      { name: 'TARGET_URL', value: `http://backend.${SRS_BACKEND_NAMESPACE}.svc:${config.backend.port}${config.loadTest.path}` },
      { name: 'SENSOR_TYPES', value: JSON.stringify([...new Set(config.sensors.map((s) => s.type))]) },
      { name: 'VUS', value: String(config.loadTest.virtualUsers) },
      { name: 'DURATION', value: config.loadTest.duration },
      { name: 'INTERVAL_MS', value: String(config.loadTest.intervalMs) },
      // k6 would send an anonymous usage report to Grafana at the end of the run.
      { name: 'K6_NO_USAGE_REPORT', value: 'true' },
    );
    pod.mount('k6', scripts, '/scripts', { readOnly: true });
    // The test runs for its duration, plus time to start, ramp down and flush the results.
    const deadline = durationSeconds(config.loadTest.duration) + 600;
    new ScheduledJob(this, 'LoadTest', { identity, name: 'load-test', schedule: '0 0 1 1 *', timeZone: env.timeZone, pod, suspend: true, activeDeadlineSeconds: deadline });
    return identity;
  }
}

export interface SrsTelegrafChartProps {
  readonly environment: EnvironmentConfig;
  readonly platform: PlatformChart;
  readonly monitoring: SrsMonitoringChart;
}

/**
 * Telegraf on every node (DaemonSet) for the host's metrics, including disk usage, in its own
 * namespace under the privileged Pod Security level (see TELEGRAF_PRIVILEGED_REASON).
 */
export class SrsTelegrafChart extends Chart {
  constructor(scope: Construct, id: string, props: SrsTelegrafChartProps) {
    super(scope, id, { namespace: TELEGRAF_NAMESPACE });
    const config = props.environment.systems.srs;
    props.platform.addSystemNamespace(TELEGRAF_NAMESPACE, 'privileged', TELEGRAF_PRIVILEGED_REASON);
    this.addDependency(props.platform);
    this.addDependency(props.monitoring);
    const identity = Identity.of('srs').component('telegraf-node');
    const writer = new DeclaredSecret(this, 'InfluxWriter', {
      name: 'srs-influxdb',
      purpose: 'The InfluxDB writer password, copied from the srs namespace',
      keys: [{ key: 'write-password', purpose: 'INFLUXDB_WRITE_USER_PASSWORD', copyOf: { secret: props.monitoring.influxSecret, key: 'write-password' } }],
    });
    const files = new k8s.KubeConfigMap(this, 'Config', {
      metadata: { name: 'telegraf', labels: identity.labels },
      data: { 'telegraf.conf': telegrafConf(config, `http://influxdb.${SRS_NAMESPACE}.svc:${INFLUXDB_PORT}`, HOST_INPUTS) },
    });
    const pod = telegrafPod(this, config, identity, PodSecurity.hostReader({ uid: TELEGRAF_NODE_UID, reason: TELEGRAF_PRIVILEGED_REASON }), files.name, writer);
    pod.addEnv(
      'telegraf',
      { name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
      { name: 'HOST_PROC', value: '/hostfs/proc' },
      { name: 'HOST_SYS', value: '/hostfs/sys' },
      { name: 'HOST_MOUNT_PREFIX', value: '/hostfs' },
    );
    for (const [name, path] of [['host-root', '/'], ['host-proc', '/proc'], ['host-sys', '/sys']] as const) {
      const mountPath = path === '/' ? '/hostfs' : `/hostfs${path}`;
      pod.mount('telegraf', { volumeName: name, podVolume: () => ({ name, hostPath: { path, type: 'Directory' } }) }, mountPath, { readOnly: true });
    }
    new Agent(this, 'DaemonSet', { name: 'telegraf', pod, everyNode: true });
  }
}

const INFLUXDB_CONF = `# InfluxDB 1.8, rendered by LabStack.
reporting-disabled = true

[meta]
  dir = "/var/lib/influxdb/meta"

[data]
  dir = "/var/lib/influxdb/data"
  wal-dir = "/var/lib/influxdb/wal"

[http]
  enabled = true
  bind-address = ":${INFLUXDB_PORT}"
  auth-enabled = true
  log-enabled = false

[subscriber]
  enabled = true
`;

/** Telegraf's own health endpoint (outputs.health without checks): 200 while the agent runs. */
const TELEGRAF_PROBES = { liveness: { path: '/', port: 8080 }, readiness: { path: '/', port: 8080 } } as const;

const HOST_INPUTS = `[[inputs.cpu]]
  percpu = false
  totalcpu = true

[[inputs.mem]]

[[inputs.system]]

[[inputs.diskio]]

[[inputs.disk]]
  # The host's file systems, seen below HOST_MOUNT_PREFIX.
  ignore_fs = ["tmpfs", "devtmpfs", "devfs", "iso9660", "overlay", "aufs", "squashfs", "nsfs"]
`;

const SERVICE_INPUTS = `[[inputs.mongodb]]
  servers = ["mongodb://\${MONGODB_USER}:\${MONGODB_PASSWORD}@mongodb:27017/?authSource=admin"]
  gather_perdb_stats = true
  # Start (and keep reporting InfluxDB) while MongoDB is unreachable instead of exiting.
  disconnected_servers_behavior = "skip"

[[inputs.influxdb]]
  urls = ["${INFLUXDB_URL}/debug/vars"]
  username = "\${INFLUXDB_WRITE_USER}"
  password = "\${INFLUXDB_WRITE_USER_PASSWORD}"
`;

/** A Telegraf configuration writing to InfluxDB's telegraf database as the writer user. */
function telegrafConf(config: SrsConfig, influxUrl: string, inputs: string): string {
  return `# Telegraf, rendered by LabStack. \${VARS} come from the pod's environment.
[agent]
  interval = "${config.telegraf.interval}"
  hostname = "\${NODE_NAME}"

[[outputs.influxdb]]
  urls = ["${influxUrl}"]
  database = "telegraf"
  skip_database_creation = true
  username = "\${INFLUXDB_WRITE_USER}"
  password = "\${INFLUXDB_WRITE_USER_PASSWORD}"

[[outputs.health]]
  service_address = "http://:8080"

${inputs}`;
}

/** A Telegraf pod: the pinned image, its configuration from a ConfigMap, writing as the writer user. */
function telegrafPod(scope: Construct, config: SrsConfig, identity: Identity, security: PodSecurity, configMap: string, writerSecret: DeclaredSecret): PodTemplate {
  const pod = new PodTemplate({ identity, security });
  pod.addContainer({
    name: 'telegraf',
    image: ImageCatalog.of(scope).reference(TELEGRAF, config.images!.telegraf),
    command: ['telegraf', '--config', '/etc/telegraf/telegraf.conf'],
    resources: config.telegraf.resources,
    probes: TELEGRAF_PROBES,
  });
  pod.addEnv('telegraf', { name: 'INFLUXDB_WRITE_USER', value: 'writer' }, writerSecret.env('INFLUXDB_WRITE_USER_PASSWORD', 'write-password'));
  pod.mount('telegraf', configMapVolume('config', configMap), '/etc/telegraf', { readOnly: true });
  return pod;
}

/**
 * Kapacitor's configuration file: the settings of the image's own file (data, replay and
 * storage under /var/lib/kapacitor) and the alert recipients; the rest comes from the environment.
 */
export function kapacitorConf(config: SrsConfig): string {
  const smtp = config.kapacitor.smtp;
  return [
    '# Kapacitor, rendered by LabStack: the image\'s /etc/kapacitor/kapacitor.conf plus [smtp] to.',
    'data_dir = "/var/lib/kapacitor"',
    '',
    '[replay]',
    '  dir = "/var/lib/kapacitor/replay"',
    '',
    '[storage]',
    '  boltdb = "/var/lib/kapacitor/kapacitor.db"',
    '',
    '[smtp]',
    `  to = [${smtp.to.map((address) => JSON.stringify(address)).join(', ')}]`,
    '',
  ].join('\n');
}

/** Seconds of a duration such as 60s, 5m or 24h. */
function durationSeconds(duration: string): number {
  const value = Number(duration.slice(0, -1));
  return value * { s: 1, m: 60, h: 3600 }[duration.slice(-1) as 's' | 'm' | 'h'];
}

/** The disk-usage alert of the seed, as a TICKscript Kapacitor loads on start. */
export function diskUsageTick(config: SrsConfig): string {
  const alerting = config.kapacitor;
  const handlers = [...(alerting.smtp.enabled ? ['        .email()'] : []), ...(alerting.slack.enabled ? ['        .slack()'] : [])];
  return [
    `// Alert when a disk of a node is more than ${alerting.diskUsageThreshold}% full (rendered by LabStack).`,
    'dbrp "telegraf"."autogen"',
    '',
    'stream',
    '    |from()',
    "        .measurement('disk')",
    "        .groupBy('host', 'path')",
    '    |alert()',
    "        .id('disk-usage/{{ index .Tags \"host\" }}{{ index .Tags \"path\" }}')",
    "        .message('{{ .Level }}: {{ index .Tags \"path\" }} on {{ index .Tags \"host\" }} is {{ index .Fields \"used_percent\" | printf \"%0.1f\" }}% full')",
    `        .warn(lambda: "used_percent" > ${Math.max(alerting.diskUsageThreshold - 5, 1)})`,
    `        .crit(lambda: "used_percent" > ${alerting.diskUsageThreshold})`,
    '        .stateChangesOnly()',
    ...handlers,
    '',
  ].join('\n');
}
