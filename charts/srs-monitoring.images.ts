/**
 * Image contracts of SRS monitoring: the TICK stack (InfluxDB 1.8, Telegraf, Chronograf, Kapacitor:
 * docker-library official images built from influxdata/influxdata-docker) and k6 (the load test).
 *
 * Upstream read at:
 *   docker-library/official-images  library/{influxdb,telegraf,chronograf,kapacitor} at the commits below
 *   influxdata/influxdata-docker    the GitCommit each official-images entry names (full shas below)
 *   influxdata/influxdb   v1.8.10  (688e697c51fd5353725da078555adbeff0363d01)
 *   influxdata/telegraf   v1.33.1  (44f3a5045275bb856ce4e4eb54bc0da696030413)
 *   shirou/gopsutil       v4.24.10 (aa9796d3d754cc700939236e2fa8c3a95374c61b; telegraf v1.33.1 go.mod L181)
 *   influxdata/chronograf 1.10.6   (ac9fb9bdefe8dc4498dd1dc7df2875657e855111)
 *   influxdata/kapacitor  v1.7.6   (3347c7d9aec8e031a3eb05f501461fb106c20529)
 */
import { ImageContract, ImageContractSpec, labstackSource, sourceIn } from '../constructs/image-contract';

// ---------------------------------------------------------------------------------------------
// Sources
// ---------------------------------------------------------------------------------------------

/** official-images library/influxdb at the last commit listing 1.8.10 (parent of 8f2fb8d43a59fff076c406279ea70746b7c5e823, which removed it). */
const libInfluxdb = sourceIn('docker-library/official-images', '69f4775c881dcc9cb06bfe229f7dd7490ec695c9');
/** official-images commit "Telegraf v1.33.1" (1.33.1 replaced by 1.33.2 in beb7e252817f74c97ad83d5117f82ceff2e48972). */
const libTelegraf = sourceIn('docker-library/official-images', 'eb5dc996070b9dc73c165c985cbc974b9ac84684');
/** official-images commit "Release Chronograf 1.10.6" (replaced by 1.10.7 in a4b4fbb48fd6e229dcc003363baee1889027d67f). */
const libChronograf = sourceIn('docker-library/official-images', '42d74bcad4df540dd975c6da5ff0fe10fd268fbf');
/** official-images commit "chore: release Kapacitor 1.7.6" (replaced by 1.7.7 in b02e0c14a462ce8385fd2d42d9f1c33516fb9110). */
const libKapacitor = sourceIn('docker-library/official-images', '90550369ab07ab8bbfb0783ab03cb31a393403e9');

/** influxdata-docker at the GitCommit of each official-images entry. */
const dockerInfluxdb = sourceIn('influxdata/influxdata-docker', '652e8809eda9c7fa7f0ef81f26acb246bb935801');
const dockerTelegraf = sourceIn('influxdata/influxdata-docker', 'b41fa97f3a1668c20c8e890e3c6af21f7359b64d');
const dockerChronograf = sourceIn('influxdata/influxdata-docker', 'd5a0f7c309e8fa6165d63e8538b178b795822f97');
const dockerKapacitor = sourceIn('influxdata/influxdata-docker', 'f4065650506de70c65b6b63234eb5e03e4c33fb6');

const influxdb = sourceIn('influxdata/influxdb', 'v1.8.10');
const telegraf = sourceIn('influxdata/telegraf', 'v1.33.1');
const gopsutil = sourceIn('shirou/gopsutil', 'v4.24.10');
const chronograf = sourceIn('influxdata/chronograf', '1.10.6');
const kapacitor = sourceIn('influxdata/kapacitor', 'v1.7.6');

const labstack = labstackSource;

// ---------------------------------------------------------------------------------------------
// InfluxDB 1.8
// ---------------------------------------------------------------------------------------------

const influxdbContract: ImageContractSpec = {
  repository: 'docker.io/library/influxdb',
  description: 'InfluxDB 1.8 time-series database (TICK stack storage for Telegraf, k6, Kapacitor subscriptions)',
  tags: {
    pinned: '1.8.10',
    moving: ['1.8', '1.8-alpine'],
    versions: /^1\.8\.\d+$/,
    source: [
      libInfluxdb('library/influxdb', 'L6, L8-10'),
      sourceIn('docker-library/official-images', 'b089c40b9f3d662ecfc19564669d303e1ced2ca5')('library/influxdb', 'commit "InfluxDB v1.8.10" (2021-10-11)'),
    ],
    note:
      'Docker-library official image. Tag 1.8.10 (and moving 1.8) was built from influxdata-docker influxdb/1.8 at GitCommit 652e8809…; ' +
      'it was listed from b089c40 (2021-10-11) until 8f2fb8d (2024-10-25, "release InfluxDB OSS v1.11.7"), which dropped the 1.8 line: ' +
      'the tag remains on Docker Hub but is no longer rebuilt. v1.8.10 is the last v1.8.x git tag of influxdata/influxdb.',
  },
  user: {
    uid: 0,
    anyUid: true,
    source: [dockerInfluxdb('influxdb/1.8/Dockerfile', 'L1-35'), dockerInfluxdb('influxdb/1.8/entrypoint.sh', 'L1-12')],
    note:
      'No USER in the Dockerfile and the entrypoint does not drop privileges: influxd runs as root by default. It writes only the ' +
      'meta/data/wal directories (all under /var/lib/influxdb with the image config and with LabStack\'s), so any uid works when ' +
      '/var/lib/influxdb is writable (fsGroup). init-influxdb.sh only reads files and runs influx/influxd.',
  },
  entrypoint: {
    entrypoint: ['/entrypoint.sh'],
    execsArgs: true,
    cmd: ['influxd'],
    source: [dockerInfluxdb('influxdb/1.8/Dockerfile', 'L32-35'), dockerInfluxdb('influxdb/1.8/entrypoint.sh', 'L4-12')],
    note:
      'entrypoint.sh runs /init-influxdb.sh when the command is influxd (first start only, see INFLUXDB_* below), then execs the command. ' +
      'LabStack keeps the image entrypoint and command (no command/args rendered), which is required for user creation.',
  },
  programs: [
    {
      command: 'influxd',
      flags: ['-config', '--config', '-pidfile', '--pidfile', '-hostname', '--hostname', '-cpuprofile', '--cpuprofile', '-memprofile', '--memprofile'],
      main: true,
      source: [influxdb('cmd/influxd/run/command.go', 'L191-205 ParseFlags'), influxdb('cmd/influxd/main.go', 'L73-126 subcommands run|backup|restore|config|version|help')],
      note: 'Run by /entrypoint.sh (CMD influxd) after /init-influxdb.sh on first start. Go flag package (single or double dash); also accepts a subcommand word. LabStack passes no command or flags; the config is found at /etc/influxdb/influxdb.conf (GetConfigPath).',
    },
    {
      command: 'influx',
      flags: [
        '-host', '-path-prefix', '-port', '-socket', '-username', '-password', '-database', '-type', '-ssl', '-unsafeSsl', '-format',
        '-precision', '-consistency', '-pretty', '-node', '-execute', '-version', '-import', '-pps', '-path', '-compressed',
      ],
      source: influxdb('cmd/influx/main.go', 'L42-62'),
      note:
        'Used by init-influxdb.sh (not by LabStack directly). -execute splits its argument on newlines and runs each line ' +
        '(cmd/influx/cli/cli.go L153-165): that is why the multi-line k6.iql works without semicolons.',
    },
  ],
  env: [
    { name: 'INFLUXDB_HTTP_AUTH_ENABLED', source: [dockerInfluxdb('influxdb/1.8/init-influxdb.sh', 'L4-12'), influxdb('toml/toml.go', 'L146-260')], note: 'Read by init-influxdb.sh (users are created only when it contains "true" and INFLUXDB_ADMIN_USER is set) and, as [http] auth-enabled, by influxd.' },
    { name: 'INFLUXDB_ADMIN_USER', source: dockerInfluxdb('influxdb/1.8/init-influxdb.sh', 'L12, L34, L63'), note: 'Created WITH ALL PRIVILEGES on first start; without it no user is created at all.' },
    { name: 'INFLUXDB_ADMIN_PASSWORD', source: dockerInfluxdb('influxdb/1.8/init-influxdb.sh', 'L29-34, L63'), note: 'Random and printed to the log when empty. Interpolated into InfluxQL \'...\' and an unquoted shell word: must not contain quotes or spaces (LabStack generates alphanumeric).' },
    { name: 'INFLUXDB_DB', source: dockerInfluxdb('influxdb/1.8/init-influxdb.sh', 'L22, L25, L65-67'), note: 'CREATE DATABASE on first start; the READ/WRITE/USER grants are on this database.' },
    { name: 'INFLUXDB_USER', source: dockerInfluxdb('influxdb/1.8/init-influxdb.sh', 'L69-82'), note: 'Not set by LabStack.' },
    { name: 'INFLUXDB_USER_PASSWORD', source: dockerInfluxdb('influxdb/1.8/init-influxdb.sh', 'L69-75'), note: 'Not set by LabStack.' },
    { name: 'INFLUXDB_WRITE_USER', source: dockerInfluxdb('influxdb/1.8/init-influxdb.sh', 'L84-96'), note: 'GRANT WRITE ON INFLUXDB_DB.' },
    { name: 'INFLUXDB_WRITE_USER_PASSWORD', source: dockerInfluxdb('influxdb/1.8/init-influxdb.sh', 'L84-90'), note: 'Random and printed when empty.' },
    { name: 'INFLUXDB_READ_USER', source: dockerInfluxdb('influxdb/1.8/init-influxdb.sh', 'L98-110'), note: 'GRANT READ ON INFLUXDB_DB.' },
    { name: 'INFLUXDB_READ_USER_PASSWORD', source: dockerInfluxdb('influxdb/1.8/init-influxdb.sh', 'L98-104'), note: 'Random and printed when empty.' },
    { name: 'INFLUXDB_META_DIR', source: dockerInfluxdb('influxdb/1.8/init-influxdb.sh', 'L16-22'), note: 'Init runs only while this directory (default /var/lib/influxdb/meta) does not exist: users and passwords are set once, never updated.' },
    { name: 'INFLUXDB_CONFIG_PATH', source: influxdb('cmd/influxd/run/command.go', 'L282-300') },
    { name: 'HOME', source: influxdb('cmd/influxd/run/command.go', 'L282-300'), note: '${HOME}/.influxdb/influxdb.conf is tried before /etc/influxdb/influxdb.conf.' },
  ],
  envPrefixes: [
    {
      prefix: 'INFLUXDB_',
      names: [
        'INFLUXDB_REPORTING_DISABLED', 'INFLUXDB_BIND_ADDRESS', 'INFLUXDB_META_DIR', 'INFLUXDB_DATA_DIR', 'INFLUXDB_DATA_WAL_DIR',
        'INFLUXDB_HTTP_ENABLED', 'INFLUXDB_HTTP_BIND_ADDRESS', 'INFLUXDB_HTTP_AUTH_ENABLED', 'INFLUXDB_HTTP_LOG_ENABLED',
        'INFLUXDB_HTTP_PING_AUTH_ENABLED', 'INFLUXDB_HTTP_PPROF_ENABLED', 'INFLUXDB_HTTP_PPROF_AUTH_ENABLED', 'INFLUXDB_HTTP_HTTPS_ENABLED',
        'INFLUXDB_SUBSCRIBER_ENABLED',
      ],
      source: [
        influxdb('cmd/influxd/run/config.go', 'L42-63, L200-202 ApplyEnvOverrides(getenv, "INFLUXDB", c)'),
        influxdb('toml/toml.go', 'L146-260 (INFLUXDB_<SECTION>_<KEY>, "-" -> "_", upper case)'),
        influxdb('services/httpd/config.go', 'L35-46'),
        influxdb('services/meta/config.go', 'L20'),
        influxdb('tsdb/config.go', 'L81-86'),
        influxdb('services/subscriber/config.go', 'L29'),
      ],
      note: 'Any influxd config key, applied after the TOML file (command.go L76-84). Listed: the keys LabStack renders in influxdb.conf and those that matter for probes/auth. Unknown TOML keys are ignored (plain toml.Decode, config.go L135-147).',
    },
  ],
  ports: [
    { port: 8086, protocol: 'http', source: [dockerInfluxdb('influxdb/1.8/Dockerfile', 'L28'), influxdb('services/httpd/config.go', 'L36')] },
    { port: 8088, protocol: 'tcp', source: influxdb('cmd/influxd/run/config.go', 'L37 DefaultBindAddress = "127.0.0.1:8088"'), note: 'Backup/restore RPC, bound to localhost only: never exposed.' },
  ],
  writes: [
    { path: '/var/lib/influxdb', source: [dockerInfluxdb('influxdb/1.8/Dockerfile', 'L30 VOLUME'), dockerInfluxdb('influxdb/1.8/influxdb.conf', 'L1-7')], note: 'meta/, data/, wal/ (the dirs of the image config and of LabStack\'s influxdb.conf).' },
  ],
  code: [
    { path: '/entrypoint.sh', source: dockerInfluxdb('influxdb/1.8/Dockerfile', 'L32') },
    { path: '/init-influxdb.sh', source: dockerInfluxdb('influxdb/1.8/Dockerfile', 'L33') },
    { path: '/usr/bin', source: dockerInfluxdb('influxdb/1.8/Dockerfile', 'L24 dpkg -i influxdb_*.deb'), note: 'influxd, influx, influx_inspect from the deb.' },
  ],
  health: [
    {
      path: '/ping',
      port: 8086,
      dependsOn: 'nothing: 204 while the HTTP service runs; no authentication unless [http] ping-auth-enabled. ?verbose=true answers 200 with {"version"}.',
      source: influxdb('services/httpd/handler.go', 'L219-226 routes, L1048-1060 servePing'),
    },
    {
      path: '/health',
      port: 8086,
      dependsOn: 'nothing: always 200 {"status":"pass","message":"ready for queries and writes"}; it does NOT check the storage engine.',
      source: influxdb('services/httpd/handler.go', 'L235-238 route, L1062-1078 serveHealth'),
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// Telegraf 1.33
// ---------------------------------------------------------------------------------------------

const telegrafContract: ImageContractSpec = {
  repository: 'docker.io/library/telegraf',
  description: 'Telegraf metrics agent (node DaemonSet for host metrics; Deployment for MongoDB and InfluxDB metrics)',
  tags: {
    pinned: '1.33.1',
    moving: ['1.33', '1.33-alpine', 'latest', 'alpine'],
    versions: /^\d+\.\d+\.\d+$/,
    source: [libTelegraf('library/telegraf', 'L4 GitCommit, L23-25 "Tags: 1.33, 1.33.1, latest"'), dockerTelegraf('telegraf/1.33/Dockerfile', 'L16')],
    note:
      'Listed from official-images eb5dc99 (2025-01-10) until beb7e25 (2025-02-10, "Telegraf v1.33.2"); the tag stays on Docker Hub but is ' +
      'no longer rebuilt. The 1.33 line ended at v1.33.3 (telegraf git tags). Telegraf publishes images for the last three minor lines only (docs/DOCKER.md L8-9).',
  },
  user: {
    uid: 0,
    anyUid: true,
    source: [dockerTelegraf('telegraf/1.33/Dockerfile', 'L1-35'), dockerTelegraf('telegraf/1.33/entrypoint.sh', 'L8-29'), telegraf('scripts/deb/pre-install.sh', 'L3-9'), telegraf('docs/FAQ.md', 'L79-90')],
    note:
      'No USER: the entrypoint, when root, setcap\'s /usr/bin/telegraf and re-execs as user telegraf via setpriv (a system uid chosen by ' +
      'useradd -r at build time: not fixed, not readable upstream); when not root it execs directly. Telegraf writes nothing at run time with ' +
      'LabStack\'s config. LabStack sets command: [telegraf, --config, ...], which REPLACES the entrypoint: no setcap/setpriv happens, so the ' +
      'process keeps the pod\'s uid (1000 for the service agent, 65534 for the node agent). Upstream runs every input non-root: the entrypoint has ' +
      'no option to stay root, and telegraf docs/FAQ.md L79-90 monitors the host from this image with HOST_* variables and a read-only /hostfs.',
  },
  entrypoint: {
    entrypoint: ['/entrypoint.sh'],
    execsArgs: true,
    cmd: ['telegraf'],
    source: dockerTelegraf('telegraf/1.33/Dockerfile', 'L33-35'),
  },
  programs: [
    {
      command: 'telegraf',
      flags: [
        '--config', '--config-directory', '--section-filter', '--input-filter', '--output-filter', '--aggregator-filter', '--processor-filter',
        '--secretstore-filter', '--test-wait', '--config-url-retry-attempts', '--usage', '--pprof-addr', '--watch-config', '--pidfile',
        '--password', '--old-env-behavior', '--once', '--debug', '--quiet', '--unprotected', '--test', '--watch-interval',
        '--config-url-watch-interval', '--deprecation-list', '--input-list', '--output-list', '--version', '--sample-config', '--plugin-directory',
      ],
      main: true,
      source: [telegraf('cmd/telegraf/main.go', 'L102-136 configHandlingFlags, L266-377 app flags'), telegraf('cmd/telegraf/telegraf.go', 'L316-337 getConfigFiles')],
      note:
        'urfave/cli v2 (single or double dash). --config is a string slice; with --config given, /etc/telegraf/telegraf.d is NOT loaded. ' +
        'Also accepts subcommand words: config, secrets, plugins, service, version. main: the image CMD; LabStack runs it as its command.',
    },
  ],
  env: [
    { name: 'HOST_PROC', source: gopsutil('internal/common/common.go', 'L392-394, L420-422'), note: 'Node agent: /hostfs/proc. cpu: <HOST_PROC>/stat (cpu/cpu_linux.go L99), mem: meminfo (mem/mem_linux.go L34), system: loadavg (load/load_linux.go L120), diskio: diskstats (disk/disk_linux.go L388), disk: <HOST_PROC>/1/mountinfo (disk/disk_linux.go L259-279), net: <HOST_PROC>/net/dev (net/net_linux.go L51-53).' },
    { name: 'HOST_SYS', source: gopsutil('internal/common/common.go', 'L396-398, L428-430'), note: 'Node agent: /hostfs/sys (disk labels, interface speed).' },
    { name: 'HOST_MOUNT_PREFIX', source: telegraf('plugins/inputs/system/ps.go', 'L122-170'), note: 'inputs.disk: statfs on HOST_MOUNT_PREFIX+mountpoint, prefix stripped from the path tag.' },
    { name: 'HOST_ETC', source: gopsutil('internal/common/common.go', 'L400-402'), note: 'Not set by LabStack; recommended with the others by telegraf docs/FAQ.md L79-90.' },
    { name: 'HOST_VAR', source: [gopsutil('internal/common/common.go', 'L404-406'), gopsutil('host/host_linux.go', 'L82 run/utmp')], note: 'Not set by LabStack: inputs.system n_users then reads the container\'s /var/run/utmp (absent, field silently omitted: plugins/inputs/system/system.go L50-57).' },
    { name: 'HOST_RUN', source: gopsutil('internal/common/common.go', 'L408-410'), note: 'udev data for diskio device_tags; not needed with LabStack\'s config.' },
    { name: 'HOST_DEV', source: gopsutil('internal/common/common.go', 'L412-414') },
    { name: 'HOST_PROC_MOUNTINFO', source: gopsutil('disk/disk_linux.go', 'L263-267') },
    { name: 'TELEGRAF_CONFIG_PATH', source: telegraf('config/config.go', 'L411-420') },
    { name: 'HOME', source: telegraf('config/config.go', 'L411-420'), note: 'Only for the default config search (unused with --config).' },
    { name: 'NODE_NAME', required: true, source: [telegraf('config/envvar.go', 'L222-250 substituteEnvironment'), labstack('charts/srs-monitoring.ts', 'telegrafConf: hostname = "${NODE_NAME}"')], note: 'Read only because LabStack\'s telegraf.conf references it (${VAR} substitution after comments are removed: config/config.go L845-857). An unset variable is left as the literal "${NODE_NAME}" (envvar.go L225-231), not an error.' },
    { name: 'INFLUXDB_WRITE_USER', required: true, source: [telegraf('config/envvar.go', 'L222-250'), labstack('charts/srs-monitoring.ts', 'telegrafConf, SERVICE_INPUTS')], note: 'Referenced by LabStack\'s telegraf.conf (outputs.influxdb username, inputs.influxdb username).' },
    { name: 'INFLUXDB_WRITE_USER_PASSWORD', required: true, source: [telegraf('config/envvar.go', 'L222-250'), labstack('charts/srs-monitoring.ts', 'telegrafConf, SERVICE_INPUTS')] },
    { name: 'MONGODB_USER', source: [telegraf('config/envvar.go', 'L222-250'), labstack('charts/srs-monitoring.ts', 'SERVICE_INPUTS')], note: 'Required by the service agent only (inputs.mongodb servers URL).' },
    { name: 'MONGODB_PASSWORD', source: [telegraf('config/envvar.go', 'L222-250'), labstack('charts/srs-monitoring.ts', 'SERVICE_INPUTS')], note: 'Required by the service agent only.' },
  ],
  ports: [
    {
      port: 8080,
      protocol: 'http',
      source: [telegraf('plugins/outputs/health/sample.conf', 'service_address = "http://:8080"'), telegraf('plugins/outputs/health/health.go', 'L64-131')],
      note: 'Only because LabStack configures [[outputs.health]] on :8080. The image EXPOSEs 8125/udp, 8092/udp, 8094 (Dockerfile L31) for inputs LabStack does not use.',
    },
  ],
  writes: [],
  code: [
    { path: '/usr/bin/telegraf', source: dockerTelegraf('telegraf/1.33/Dockerfile', 'L28 dpkg -i telegraf_*.deb') },
    { path: '/entrypoint.sh', source: dockerTelegraf('telegraf/1.33/Dockerfile', 'L33') },
  ],
  health: [
    {
      path: '/',
      port: 8080,
      dependsOn:
        'nothing as configured: outputs.health is healthy (200) until a configured compares/contains check fails on the metrics written to it; ' +
        'with no checks (LabStack) it always answers 200. Failing InfluxDB writes are only seen with [[inputs.internal]] + namepass internal_write + a buffer_size check.',
      source: [telegraf('plugins/outputs/health/health.go', 'L64-98 Init, L144-166 ServeHTTP/Write, L220-227 NewHealth(healthy: true)'), telegraf('plugins/outputs/health/README.md', 'L55-70')],
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// Chronograf 1.10
// ---------------------------------------------------------------------------------------------

const chronografFlag = (line: string) => chronograf('server/server.go', line);

const chronografContract: ImageContractSpec = {
  repository: 'docker.io/library/chronograf',
  description: 'Chronograf 1.10 web UI for InfluxDB/Kapacitor (SRS monitoring), GitLab sign-in through generic OAuth2',
  tags: {
    pinned: '1.10.6',
    moving: ['1.10', '1.10-alpine', 'latest', 'alpine'],
    versions: /^\d+\.\d+\.\d+$/,
    source: [libChronograf('library/chronograf', 'L5 GitCommit, L28-30 "Tags: 1.10, 1.10.6, latest"'), dockerChronograf('chronograf/1.10/Dockerfile', 'L14')],
    note: 'Listed from 42d74bc (2025-03-24) until a4b4fbb (2025-04-16, 1.10.7). Current official 1.10 tag is 1.10.9 (official-images HEAD 37079fb…); git tag 1.10.6 exists in influxdata/chronograf.',
  },
  user: {
    uid: 0,
    anyUid: true,
    source: [dockerChronograf('chronograf/1.10/Dockerfile', 'L1-42'), dockerChronograf('chronograf/1.10/entrypoint.sh', 'L12-16'), chronograf('etc/scripts/pre-install.sh', 'L6-8')],
    note:
      'No USER; as root the entrypoint re-execs as the system user chronograf (useradd --system: uid not fixed) unless CHRONOGRAF_AS_ROOT=true; ' +
      'as non-root it execs directly. Writes only the bolt file and its backup/ directory next to it.',
  },
  entrypoint: {
    entrypoint: ['/entrypoint.sh'],
    execsArgs: true,
    cmd: ['chronograf'],
    source: [dockerChronograf('chronograf/1.10/Dockerfile', 'L36-42'), dockerChronograf('chronograf/1.10/entrypoint.sh', 'L4-10')],
    note: 'The entrypoint exports BOLT_PATH=/var/lib/chronograf/chronograf-v1.db when unset (the binary default is the relative "chronograf-v1.db"). No WORKDIR (cwd /): CANNED_PATH/PROTOBOARDS_PATH/RESOURCES_PATH defaults are relative and absent; layouts and protoboards are also compiled in (server/builders.go L25-83).',
  },
  programs: [
    {
      command: 'chronograf',
      flags: [
        '--host', '--port', '--disable-gzip', '--pprof-enabled', '--cert', '--key', '--influxdb-url', '--influxdb-username', '--influxdb-password',
        '--influxdb-org', '--influxdb-token', '--kapacitor-url', '--kapacitor-username', '--kapacitor-password', '-d', '--develop', '-b', '--bolt-path',
        '-c', '--canned-path', '--protoboards-path', '--resources-path', '-t', '--token-secret', '--jwks-url', '--use-id-token', '--login-hint',
        '--auth-duration', '--inactivity-duration', '-i', '--github-client-id', '-s', '--github-client-secret', '-o', '--github-organization',
        '--github-url', '-e', '--etcd-endpoints', '--etcd-username', '--etcd-password', '--etcd-dial-timeout', '--etcd-request-timeout', '--etcd-cert',
        '--etcd-key', '--etcd-root-ca', '--google-client-id', '--google-client-secret', '--google-domains', '--public-url', '--heroku-client-id',
        '--heroku-secret', '--heroku-organization', '--generic-name', '--generic-client-id', '--generic-client-secret', '--generic-scopes',
        '--generic-domains', '--generic-auth-url', '--generic-token-url', '--generic-api-url', '--generic-api-key', '--generic-insecure',
        '--generic-root-ca', '--oauth-no-pkce', '--oauth-logout-endpoint', '--auth0-domain', '--auth0-client-id', '--auth0-client-secret',
        '--auth0-organizations', '--auth0-superadmin-org', '--redir-auth-login', '--pub-key', '--pub-key-file', '--nonce-expiration',
        '--status-feed-url', '--custom-link', '--telegraf-system-interval', '-H', '--host-page-disabled', '-r', '--reporting-disabled',
        '--custom-auto-refresh', '-l', '--log-level', '-p', '--basepath', '-v', '--version', '--basic-auth-realm', '--htpasswd', '--tls-ciphers',
        '--tls-min-version', '--tls-max-version', '-h', '--help',
      ],
      main: true,
      source: [chronografFlag('L52-149 (go-flags struct Server)'), chronograf('cmd/chronograf/main.go', 'L31-57 flags.NewParser(&srv, flags.Default)')],
      note: 'LabStack passes no flags (environment only). There is no GitLab-specific provider: GitLab is configured as the generic OAuth2 provider.',
    },
  ],
  env: [
    { name: 'BOLT_PATH', source: [chronografFlag('L72'), dockerChronograf('chronograf/1.10/entrypoint.sh', 'L8-10')] },
    { name: 'PUBLIC_URL', required: true, source: [chronografFlag('L100'), chronografFlag('L417-434 genericRedirectURL')], note: 'Required for generic OAuth: the redirect URL is PUBLIC_URL + BASE_PATH + /oauth/<GENERIC_NAME>/callback; empty PUBLIC_URL gives an empty redirect URL.' },
    { name: 'TOKEN_SECRET', required: true, source: [chronografFlag('L76'), chronografFlag('L267-299 UseGenericOAuth2'), chronografFlag('L462-491 validateAuth')], note: 'Missing with any GENERIC_* set: validateAuth fails and Serve returns (process ends) (server.go L682-688).' },
    { name: 'GENERIC_NAME', source: [chronografFlag('L106'), chronograf('server/mux.go', 'L402-415 AuthAPI: /oauth/<lower(name)>/login|callback|logout')], note: 'gitlab -> https://<host>/oauth/gitlab/callback must be the GitLab application\'s redirect URI.' },
    { name: 'GENERIC_CLIENT_ID', required: true, source: [chronografFlag('L107'), chronografFlag('L267-299')] },
    { name: 'GENERIC_CLIENT_SECRET', required: true, source: [chronografFlag('L108'), chronografFlag('L267-299')] },
    { name: 'GENERIC_SCOPES', source: chronografFlag('L109'), note: 'Comma-separated; default "user:email". GitLab /api/v4/user needs read_user (GitLab side: not verifiable here).' },
    { name: 'GENERIC_DOMAINS', source: [chronografFlag('L110'), chronograf('oauth2/generic.go', 'L83-122 PrincipalID, L125-161 Group, L234-243 ofDomain')], note: 'Comma-separated. The ONLY sign-in restriction the generic provider has: e-mail domain(s), a suffix match on "@<domain>" (ofDomain). No GitLab group check exists (Group returns the e-mail domain). Set by LabStack from chronograf.gitlab.emailDomains; the groups are checked by oauth2-proxy in front.' },
    { name: 'GENERIC_AUTH_URL', required: true, source: [chronografFlag('L111'), chronografFlag('L267-299')] },
    { name: 'GENERIC_TOKEN_URL', required: true, source: [chronografFlag('L112'), chronografFlag('L267-299')] },
    { name: 'GENERIC_API_URL', source: [chronografFlag('L113'), chronograf('oauth2/generic.go', 'L83-122')], note: 'GET with the token; the JSON key GENERIC_API_KEY (default "email") is the principal; falls back to <API_URL>/emails.' },
    { name: 'GENERIC_API_KEY', source: chronografFlag('L114') },
    { name: 'GENERIC_INSECURE', source: chronografFlag('L115') },
    { name: 'GENERIC_ROOT_CA', source: chronografFlag('L116') },
    { name: 'OAUTH_NO_PKCE', source: chronografFlag('L117') },
    { name: 'OAUTH_LOGOUT_ENDPOINT', source: chronografFlag('L118') },
    { name: 'USE_ID_TOKEN', source: chronografFlag('L78') },
    { name: 'JWKS_URL', source: chronografFlag('L77') },
    { name: 'AUTH_DURATION', source: chronografFlag('L80'), note: 'default 720h' },
    { name: 'INACTIVITY_DURATION', source: chronografFlag('L81'), note: 'default 5m' },
    { name: 'INFLUXDB_URL', source: [chronografFlag('L61'), chronograf('server/builders.go', 'L127-166')], note: 'Adds an in-memory default source (ID 0) with INFLUXDB_USERNAME/PASSWORD; not written to the bolt file.' },
    { name: 'INFLUXDB_USERNAME', source: chronografFlag('L62') },
    { name: 'INFLUXDB_PASSWORD', source: chronografFlag('L63') },
    { name: 'INFLUXDB_ORG', source: chronografFlag('L64'), note: 'v2 only' },
    { name: 'INFLUXDB_TOKEN', source: chronografFlag('L65'), note: 'v2 only' },
    { name: 'KAPACITOR_URL', source: [chronografFlag('L67'), chronograf('server/builders.go', 'L184-219')], note: 'In-memory Kapacitor (ID 0) attached to source 0.' },
    { name: 'KAPACITOR_USERNAME', source: chronografFlag('L68') },
    { name: 'KAPACITOR_PASSWORD', source: chronografFlag('L69') },
    { name: 'RESOURCES_PATH', source: [chronografFlag('L75'), chronograf('filestore/sources.go', 'L14-15 .src'), chronograf('filestore/kapacitors.go', 'L14-15 .kap')], note: 'Directory of JSON .src (chronograf.Source: id,name,type,username,password,url,metaUrl,insecureSkipVerify,default,telegraf,organization,defaultRP) and .kap (chronograf.Server: id,srcId,name,username,password,url,insecureSkipVerify,active,organization,type,metadata) files (chronograf.go). LabStack uses INFLUXDB_URL/KAPACITOR_URL instead.' },
    { name: 'CANNED_PATH', source: chronografFlag('L73') },
    { name: 'PROTOBOARDS_PATH', source: chronografFlag('L74') },
    { name: 'BASE_PATH', source: chronografFlag('L140') },
    { name: 'HOST', source: chronografFlag('L52'), note: 'default 0.0.0.0. A Service named "host" would inject HOST_* only with service links (LabStack disables them).' },
    { name: 'PORT', source: chronografFlag('L53'), note: 'default 8888' },
    { name: 'REPORTING_DISABLED', source: [chronografFlag('L137'), chronografFlag('L761-763 go reportUsageStats')], note: 'Unset: usage statistics are sent to InfluxData every 24 h.' },
    { name: 'LOG_LEVEL', source: chronografFlag('L139') },
    { name: 'STATUS_FEED_URL', source: chronografFlag('L132') },
    { name: 'CHRONOGRAF_AS_ROOT', source: dockerChronograf('chronograf/1.10/entrypoint.sh', 'L12') },
  ],
  envPrefixes: [
    {
      prefix: '',
      names: [
        'DISABLE_GZIP', 'PPROF_ENABLED', 'TLS_CERTIFICATE', 'TLS_PRIVATE_KEY', 'LOGIN_HINT', 'GH_CLIENT_ID', 'GH_CLIENT_SECRET', 'GH_ORGS', 'GH_URL',
        'ETCD_ENDPOINTS', 'ETCD_USERNAME', 'ETCD_PASSWORD', 'ETCD_DIAL_TIMEOUT', 'ETCD_REQUEST_TIMEOUT', 'ETCD_CERTIFICATE', 'ETCD_PRIVATE_KEY',
        'ETCD_ROOT_CA', 'GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET', 'GOOGLE_DOMAINS', 'HEROKU_CLIENT_ID', 'HEROKU_SECRET', 'HEROKU_ORGS',
        'AUTH0_DOMAIN', 'AUTH0_CLIENT_ID', 'AUTH0_CLIENT_SECRET', 'AUTH0_ORGS', 'AUTH0_SUPERADMIN_ORG', 'REDIR_AUTH_LOGIN', 'PUB_KEY', 'PUB_KEY_FILE',
        'NONCE_EXPIRATION', 'CUSTOM_LINKS', 'TELEGRAF_SYSTEM_INTERVAL', 'HOST_PAGE_DISABLED', 'CUSTOM_AUTO_REFRESH', 'BASICAUTH_REALM', 'HTPASSWD',
        'TLS_CIPHERS', 'TLS_MIN_VERSION', 'TLS_MAX_VERSION',
      ],
      source: chronografFlag('L52-149'),
      note: 'The remaining env names of the go-flags struct (not a prefix: the full list). Chronograf does not read HOME (LabStack sets HOME=/tmp on every container: harmless, not read).',
    },
  ],
  ports: [{ port: 8888, protocol: 'http', source: [dockerChronograf('chronograf/1.10/Dockerfile', 'L36'), chronografFlag('L53')] }],
  writes: [
    {
      path: '/var/lib/chronograf',
      source: [dockerChronograf('chronograf/1.10/Dockerfile', 'L38 VOLUME'), chronograf('kv/bolt/client.go', 'L240-275 copy(): <dir of BOLT_PATH>/backup/<file>.<version>')],
      note: 'The bolt file and, on version changes, backup/ next to it.',
    },
  ],
  code: [
    { path: '/usr/bin/chronograf', source: dockerChronograf('chronograf/1.10/Dockerfile', 'L29 dpkg -i chronograf_*.deb') },
    { path: '/usr/share/chronograf', source: [dockerChronograf('chronograf/1.10/Dockerfile', 'L33-34'), chronograf('etc/scripts/chronograf.service', 'CANNED_PATH/PROTOBOARDS_PATH')] },
    { path: '/entrypoint.sh', source: dockerChronograf('chronograf/1.10/Dockerfile', 'L40') },
  ],
  health: [
    {
      path: '/ping',
      port: 8888,
      dependsOn: 'nothing: 200 once the HTTP server serves (after the bolt file opened); not behind OAuth (only /chronograf/v1/* and /oauth/logout are).',
      source: [chronograf('server/mux.go', 'L164'), chronograf('server/mux.go', 'L430-444 AuthAPI token middleware scope')],
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// Kapacitor 1.7
// ---------------------------------------------------------------------------------------------

const kapConfig = (at: string) => kapacitor('server/config.go', at);

const kapacitorContract: ImageContractSpec = {
  repository: 'docker.io/library/kapacitor',
  description: 'Kapacitor 1.7 stream processing and alerting (disk-usage TICKscript, SMTP and Slack)',
  tags: {
    pinned: '1.7.6',
    moving: ['1.7', '1.7-alpine'],
    versions: /^\d+\.\d+\.\d+$/,
    source: [libKapacitor('library/kapacitor', 'L5 GitCommit, L14-16 "Tags: 1.7, 1.7.6, latest"'), dockerKapacitor('kapacitor/1.7/Dockerfile', 'L8')],
    note: 'Listed from 9055036 (2024-10-28) until b02e0c1 (2025-05-28, 1.7.7). Current official 1.7 tag is 1.7.7; git tag v1.7.6 exists in influxdata/kapacitor.',
  },
  user: {
    uid: 0,
    anyUid: true,
    source: [dockerKapacitor('kapacitor/1.7/Dockerfile', 'L1-36'), dockerKapacitor('kapacitor/1.7/entrypoint.sh', 'L8-15'), kapacitor('scripts/pre-install.sh', 'L7')],
    note: 'No USER; as root the entrypoint re-execs as system user kapacitor (uid not fixed) unless KAPACITOR_AS_ROOT=true; as non-root it execs directly. Writes only under data_dir /var/lib/kapacitor (image kapacitor.conf).',
  },
  entrypoint: {
    entrypoint: ['/entrypoint.sh'],
    execsArgs: true,
    cmd: ['kapacitord'],
    source: [dockerKapacitor('kapacitor/1.7/Dockerfile', 'L28-36'), dockerKapacitor('kapacitor/1.7/entrypoint.sh', 'L1-15')],
    note: 'The entrypoint exports KAPACITOR_HOSTNAME=${KAPACITOR_HOSTNAME:-$HOSTNAME}. Config: /etc/kapacitor/kapacitor.conf from the image (data_dir, [replay] dir, [storage] boltdb only), found by FindConfigPath.',
  },
  programs: [
    {
      command: 'kapacitord',
      flags: [
        '-config', '--config', '-pidfile', '--pidfile', '-hostname', '--hostname', '-cpuprofile', '--cpuprofile', '-memprofile', '--memprofile',
        '-log-file', '--log-file', '-log-level', '--log-level', '-blacklist-cidrs', '--blacklist-cidrs', '-disable-handlers', '--disable-handlers',
      ],
      main: true,
      source: [kapacitor('cmd/kapacitord/run/command.go', 'L203-219 ParseFlags'), kapacitor('cmd/kapacitord/main.go', 'L74-146 subcommands run|config|version|help|downgrade')],
      note: 'Run by /entrypoint.sh (CMD kapacitord); also accepts a subcommand word. LabStack passes no command or flags.',
    },
  ],
  env: [
    { name: 'KAPACITOR_HOSTNAME', source: [kapConfig('L142 toml:"hostname"'), dockerKapacitor('kapacitor/1.7/entrypoint.sh', 'L8-9')], note: 'Host InfluxDB subscriptions send to (http://<hostname>:9092).' },
    { name: 'KAPACITOR_LOAD_ENABLED', source: [kapConfig('L83'), kapacitor('services/load/config.go', 'L12-22')], note: 'default false' },
    { name: 'KAPACITOR_LOAD_DIR', source: [kapacitor('services/load/config.go', 'L8-50')], note: 'Must be absolute. Reads <dir>/tasks/*.tick (+ .json/.yml/.yaml template vars), <dir>/templates/*.tick, <dir>/handlers/*.{json,yml,yaml}; missing subdirectories are tolerated (services/load/service.go L232-257).' },
    { name: 'KAPACITOR_INFLUXDB_0_URLS_0', source: [kapConfig('L164 c.InfluxDB = []influxdb.Config{influxdb.NewConfig()}'), kapacitor('services/influxdb/config.go', 'L66-75 URLs = ["http://localhost:8086"]'), kapConfig('L616-640')], note: 'Works: element 0 and URLs[0] exist in the default config.' },
    { name: 'KAPACITOR_INFLUXDB_0_USERNAME', source: kapacitor('services/influxdb/config.go', 'L37') },
    { name: 'KAPACITOR_INFLUXDB_0_PASSWORD', source: kapacitor('services/influxdb/config.go', 'L38') },
    { name: 'KAPACITOR_SMTP_ENABLED', source: kapacitor('services/smtp/config.go', 'L13') },
    { name: 'KAPACITOR_SMTP_HOST', source: kapacitor('services/smtp/config.go', 'L14') },
    { name: 'KAPACITOR_SMTP_PORT', source: kapacitor('services/smtp/config.go', 'L15') },
    { name: 'KAPACITOR_SMTP_USERNAME', source: kapacitor('services/smtp/config.go', 'L16') },
    { name: 'KAPACITOR_SMTP_PASSWORD', source: kapacitor('services/smtp/config.go', 'L17') },
    { name: 'KAPACITOR_SMTP_FROM', source: kapacitor('services/smtp/config.go', 'L26, L53-61'), note: 'Required when smtp enabled (Validate).' },
    { name: 'KAPACITOR_SLACK_0_ENABLED', source: [kapConfig('L187 c.Slack = slack.Configs{slack.NewDefaultConfig()}'), kapacitor('services/slack/config.go', 'L14')] },
    { name: 'KAPACITOR_SLACK_0_URL', source: kapacitor('services/slack/config.go', 'L22, L71-78'), note: 'Required when slack enabled.' },
    { name: 'KAPACITOR_SLACK_0_CHANNEL', source: kapacitor('services/slack/config.go', 'L29') },
    { name: 'KAPACITOR_SLACK_0_WORKSPACE', source: kapacitor('services/slack/config.go', 'L18, L87-113'), note: 'A single slack config is the default: .slack() without .workspace() uses it.' },
    { name: 'KAPACITOR_REPORTING_ENABLED', source: kapacitor('services/reporting/config.go', 'L8-14'), note: 'default true (usage reporting to InfluxData).' },
    { name: 'KAPACITOR_CONFIG_PATH', source: kapacitor('cmd/kapacitord/run/config_command.go', 'L86-105') },
    { name: 'HOME', source: kapacitor('cmd/kapacitord/run/config_command.go', 'L86-105'), note: '${HOME}/.kapacitor/kapacitor.conf is tried before /etc/kapacitor/kapacitor.conf.' },
    { name: 'KAPACITOR_AS_ROOT', source: dockerKapacitor('kapacitor/1.7/entrypoint.sh', 'L11') },
    { name: 'HOSTNAME', source: dockerKapacitor('kapacitor/1.7/entrypoint.sh', 'L8'), note: 'Default of KAPACITOR_HOSTNAME (the pod name).' },
  ],
  envPrefixes: [
    {
      prefix: 'KAPACITOR_',
      names: [
        'KAPACITOR_DATA_DIR', 'KAPACITOR_SKIP_CONFIG_OVERRIDES', 'KAPACITOR_DEFAULT_RETENTION_POLICY',
        'KAPACITOR_HTTP_BIND_ADDRESS', 'KAPACITOR_HTTP_AUTH_ENABLED', 'KAPACITOR_HTTP_LOG_ENABLED', 'KAPACITOR_HTTP_PPROF_ENABLED',
        'KAPACITOR_LOGGING_FILE', 'KAPACITOR_LOGGING_LEVEL', 'KAPACITOR_REPORTING_URL',
        'KAPACITOR_STATS_ENABLED', 'KAPACITOR_STATS_STATS_INTERVAL', 'KAPACITOR_STATS_DATABASE', 'KAPACITOR_STATS_RETENTION_POLICY',
        'KAPACITOR_INFLUXDB_0_ENABLED', 'KAPACITOR_INFLUXDB_0_NAME', 'KAPACITOR_INFLUXDB_0_DEFAULT', 'KAPACITOR_INFLUXDB_0_TOKEN',
        'KAPACITOR_INFLUXDB_0_TIMEOUT', 'KAPACITOR_INFLUXDB_0_DISABLE_SUBSCRIPTIONS', 'KAPACITOR_INFLUXDB_0_SUBSCRIPTION_PROTOCOL',
        'KAPACITOR_INFLUXDB_0_SUBSCRIPTION_MODE', 'KAPACITOR_INFLUXDB_0_KAPACITOR_HOSTNAME', 'KAPACITOR_INFLUXDB_0_HTTP_PORT',
        'KAPACITOR_INFLUXDB_0_STARTUP_TIMEOUT', 'KAPACITOR_INFLUXDB_0_SUBSCRIPTIONS_SYNC_INTERVAL',
        'KAPACITOR_SMTP_NO_VERIFY', 'KAPACITOR_SMTP_GLOBAL', 'KAPACITOR_SMTP_STATE_CHANGES_ONLY', 'KAPACITOR_SMTP_IDLE_TIMEOUT',
        'KAPACITOR_SLACK_0_DEFAULT', 'KAPACITOR_SLACK_0_TOKEN', 'KAPACITOR_SLACK_0_USERNAME', 'KAPACITOR_SLACK_0_ICON_EMOJI',
        'KAPACITOR_SLACK_0_GLOBAL', 'KAPACITOR_SLACK_0_STATE_CHANGES_ONLY', 'KAPACITOR_SLACK_0_SSL_CA', 'KAPACITOR_SLACK_0_SSL_CERT',
        'KAPACITOR_SLACK_0_SSL_KEY', 'KAPACITOR_SLACK_0_INSECURE_SKIP_VERIFY',
      ],
      source: [
        kapConfig('L453-670 applyEnvOverrides: KAPACITOR_<toml path>, "-" -> "_", slices by index of EXISTING elements only'),
        kapacitor('services/httpd/config.go', 'L18-27'),
        kapacitor('services/stats/config.go', 'L18-23'),
        kapacitor('services/diagnostic/config.go', 'L4-5'),
        kapacitor('services/influxdb/config.go', 'L32-63'),
        kapacitor('services/smtp/config.go', 'L12-33'),
        kapacitor('services/slack/config.go', 'L12-50'),
      ],
      note:
        'NOT read: KAPACITOR_SMTP_TO_<i> and KAPACITOR_SMTP_TOTEMPLATES_<i>. applyEnvOverridesToStruct iterates `for i := 0; i < f.Len(); i++` ' +
        '(config.go L616-640): a slice that is empty after the TOML file gets no elements from the environment, and smtp.To is nil by default ' +
        '(smtp/config.go L28, L35-41) and absent from the image kapacitor.conf. Recipients must come from a config file or the TICKscript.',
    },
  ],
  ports: [{ port: 9092, protocol: 'http', source: [dockerKapacitor('kapacitor/1.7/Dockerfile', 'L30'), kapacitor('services/httpd/config.go', 'L36 BindAddress ":9092"')] }],
  writes: [
    {
      path: '/var/lib/kapacitor',
      source: [dockerKapacitor('kapacitor/1.7/kapacitor.conf', 'L1-7'), dockerKapacitor('kapacitor/1.7/Dockerfile', 'L32 VOLUME'), kapacitor('server/server.go', 'L1223-1247 cluster/server id files in data_dir'), kapacitor('services/storage/service.go', 'L55'), kapacitor('services/replay/service.go', 'L130')],
      note: 'kapacitor.db (bolt), replay/, cluster.id, server.id.',
    },
  ],
  code: [
    { path: '/usr/bin/kapacitord', source: dockerKapacitor('kapacitor/1.7/Dockerfile', 'L24 dpkg -i kapacitor_*.deb') },
    { path: '/etc/kapacitor/kapacitor.conf', source: dockerKapacitor('kapacitor/1.7/Dockerfile', 'L28'), note: 'Image config: mounting over /etc/kapacitor would hide it (data_dir would fall back to ./data relative paths). Mounting /etc/kapacitor/load/tasks is fine.' },
    { path: '/entrypoint.sh', source: dockerKapacitor('kapacitor/1.7/Dockerfile', 'L34') },
  ],
  health: [
    {
      path: '/kapacitor/v1/ping',
      port: 9092,
      dependsOn:
        'the httpd service, which is opened after the influxdb service connected to InfluxDB (up to its 5 min startup-timeout, then kapacitord exits); ' +
        '204 once up, no auth (auth-enabled false). Load-directory tasks are defined after all services opened; a TICKscript that fails to define stops kapacitord.',
      source: [
        kapacitor('services/httpd/handler.go', 'L149-160 routes, L426-429 servePing'),
        kapacitor('server/server.go', 'L263-271, L517, L539 service order; L1109-1125 Open -> LoadService.Load'),
        kapacitor('services/influxdb/config.go', 'L17 DefaultStartUpTimeout'),
      ],
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// k6 (the load test)
// ---------------------------------------------------------------------------------------------
const k6 = sourceIn('grafana/k6', 'v0.57.0');

const k6Image: ImageContractSpec = {
  repository: 'docker.io/grafana/k6',
  description: 'k6 load generator (SRS load test, results to InfluxDB 1.x)',
  tags: {
    pinned: '0.57.0',
    versions: /^\d+\.\d+\.\d+$/,
    source: [k6('.github/workflows/build.yml', 'L40-55'), k6('.github/workflows/build.yml', 'L186-214')],
    note:
      'On a pushed tag v*, the workflow strips the "v" and pushes grafana/k6:<version> and ghcr.io/grafana/k6:<version> ' +
      '(+ -with-browser, + latest for non-RC). Git tag v0.57.0 exists (commit 50afd82c18d5a66f4b2bfd1f8d266218bfdeaede).',
  },
  user: {
    uid: 12345,
    anyUid: true,
    source: [k6('Dockerfile', 'L9-17'), k6('cmd/state/state.go', 'L96-99'), k6('internal/cmd/config.go', 'L131-140')],
    note: 'USER k6 (uid 12345, created with busybox adduser). k6 run of a local script writes nothing; it only reads ~/.config/loadimpact/k6/config.json when present.',
  },
  entrypoint: { entrypoint: ['k6'], workdir: '/home/k6', source: k6('Dockerfile', 'L14-17') },
  programs: [
    {
      command: 'k6 run',
      flags: [
        // options
        '--vus', '-u', '--duration', '-d', '--iterations', '-i', '--stage', '-s', '--execution-segment', '--execution-segment-sequence',
        '--paused', '-p', '--no-setup', '--no-teardown', '--max-redirects', '--batch', '--batch-per-host', '--rps', '--user-agent',
        '--http-debug', '--insecure-skip-tls-verify', '--no-connection-reuse', '--no-vu-connection-reuse', '--min-iteration-duration',
        '--throw', '-w', '--blacklist-ip', '--block-hostnames', '--summary-trend-stats', '--summary-time-unit', '--system-tags', '--tag',
        '--console-output', '--discard-response-bodies', '--local-ips', '--dns',
        // runtime options
        '--include-system-env-vars', '--compatibility-mode', '--type', '-t', '--env', '-e', '--no-thresholds', '--no-summary',
        '--summary-export', '--traces-output',
        // config
        '--out', '-o', '--linger', '-l', '--no-usage-report',
        // root persistent flags
        '--log-output', '--log-format', '--config', '-c', '--no-color', '--verbose', '-v', '--quiet', '-q', '--address', '-a',
        '--profiling-enabled', '--help', '-h',
      ],
      source: [
        k6('internal/cmd/options.go', 'L23-77'),
        k6('internal/cmd/runtime_options.go', 'L21-42'),
        k6('internal/cmd/config.go', 'L28-40'),
        k6('internal/cmd/run.go', 'L437-443'),
        k6('internal/cmd/root.go', 'L160-194'),
      ],
      note: '`--out influxdb=<url>/<db>` selects the built-in InfluxDB v1 output (internal/cmd/outputs.go L43-49; URL parsing internal/output/influxdb/config.go L110-173).',
      env: [
        { name: 'TARGET_URL', required: true, source: [k6('internal/cmd/runtime_options.go', 'L24'), k6('internal/cmd/run.go', 'L441')], note: 'Read by LabStack\'s scripts/srs/load-test.js through __ENV: k6 run passes the real environment to the script (include-system-env-vars defaults to true for run).' },
        { name: 'SENSOR_TYPES', required: true, source: [k6('internal/cmd/runtime_options.go', 'L24'), k6('internal/cmd/run.go', 'L441')], note: 'Read by load-test.js (JSON.parse at init: the test fails without it).' },
        { name: 'VUS', required: true, source: [k6('internal/cmd/runtime_options.go', 'L24'), k6('internal/cmd/run.go', 'L441')], note: 'Read by load-test.js (options.vus).' },
        { name: 'DURATION', required: true, source: [k6('internal/cmd/runtime_options.go', 'L24'), k6('internal/cmd/run.go', 'L441')], note: 'Read by load-test.js (options.duration).' },
        { name: 'INTERVAL_MS', required: true, source: [k6('internal/cmd/runtime_options.go', 'L24'), k6('internal/cmd/run.go', 'L441')], note: 'Read by load-test.js (sleep between rounds).' },
      ],
    },
  ],
  env: [
    { name: 'K6_INFLUXDB_USERNAME', source: k6('internal/output/influxdb/config.go', 'L22') },
    { name: 'K6_INFLUXDB_PASSWORD', source: k6('internal/output/influxdb/config.go', 'L23') },
    { name: 'K6_INFLUXDB_ADDR', source: k6('internal/output/influxdb/config.go', 'L20') },
    { name: 'K6_INFLUXDB_DB', source: k6('internal/output/influxdb/config.go', 'L30') },
    { name: 'K6_INFLUXDB_INSECURE', source: k6('internal/output/influxdb/config.go', 'L24') },
    { name: 'K6_INFLUXDB_PUSH_INTERVAL', source: k6('internal/output/influxdb/config.go', 'L26') },
    { name: 'K6_INFLUXDB_CONCURRENT_WRITES', source: k6('internal/output/influxdb/config.go', 'L27') },
    { name: 'K6_INFLUXDB_TAGS_AS_FIELDS', source: k6('internal/output/influxdb/config.go', 'L34') },
    { name: 'K6_OUT', source: k6('internal/cmd/config.go', 'L45') },
    { name: 'K6_NO_USAGE_REPORT', source: [k6('internal/cmd/config.go', 'L47'), k6('internal/cmd/run.go', 'L402-418')], note: 'Without it k6 sends an anonymous usage report at the end (3 s timeout, failure logged at debug).' },
    { name: 'K6_CONFIG', source: k6('cmd/state/state.go', 'L163-165') },
    { name: 'K6_LOG_OUTPUT', source: k6('cmd/state/state.go', 'L166-168') },
    { name: 'K6_LOG_FORMAT', source: k6('cmd/state/state.go', 'L169-171') },
    { name: 'K6_NO_COLOR', source: k6('cmd/state/state.go', 'L172-174') },
    { name: 'HOME', source: k6('cmd/state/state.go', 'L96-99'), note: 'os.UserConfigDir() = $XDG_CONFIG_HOME or $HOME/.config: default config file $HOME/.config/loadimpact/k6/config.json (read only, when present).' },
  ],
  writes: [],
  code: [{ path: '/usr/bin/k6', source: k6('Dockerfile', 'L12') }],
};

export const INFLUXDB = new ImageContract(influxdbContract);
export const TELEGRAF = new ImageContract(telegrafContract);
export const CHRONOGRAF = new ImageContract(chronografContract);
export const KAPACITOR = new ImageContract(kapacitorContract);
export const K6 = new ImageContract(k6Image);
