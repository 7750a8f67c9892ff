/**
 * Image contracts of MinIO (server and client), read upstream at the pinned releases.
 */
import { ImageContract, ImageContractSpec, sourceIn } from './image-contract';

// ---------------------------------------------------------------------------------------------
// quay.io/minio/minio:RELEASE.2025-04-22T22-12-26Z (tag commit 0d7408fc9969caf07de6a8c3a84f9fbb10a6739e)
// ---------------------------------------------------------------------------------------------
const minio = sourceIn('minio/minio', 'RELEASE.2025-04-22T22-12-26Z');

const minioServer: ImageContractSpec = {
  repository: 'quay.io/minio/minio',
  description: 'MinIO S3 server (single drive), console on a second port',
  tags: {
    pinned: 'RELEASE.2025-04-22T22-12-26Z',
    versions: /^RELEASE\.\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z$/,
    source: [minio('docker-buildx.sh', 'L13-24'), minio('Dockerfile.release', 'L1-35')],
    note:
      'Images are pushed by hand from a maintainer machine (docker-buildx.sh, not a CI workflow): tag = `git describe --tags` ' +
      '= the git tag, pushed to minio/minio and quay.io/minio/minio (plus :latest, :latest-cicd and <tag>-cpuv1). The git tag ' +
      'RELEASE.2025-04-22T22-12-26Z exists (commit 0d7408fc9969caf07de6a8c3a84f9fbb10a6739e); the registry itself could not be ' +
      'queried. From commit 05e569960ac584c8927a9af76755708d20f16129 (2025-10-19, "update scripts pointing to internal registry ' +
      'for community releases") docker-buildx.sh pushes only registry.min.dev/community/minio, and README.md at ' +
      '9e49d5e7a648f00e26f2246f4dc28e6b07f8c84a (= tag RELEASE.2025-10-15T17-29-55Z) declares the community edition ' +
      'source-only: no newer quay.io tag can be assumed.',
  },
  user: {
    uid: 0,
    anyUid: true,
    source: [minio('Dockerfile.release', 'L37-73'), minio('cmd/config-dir.go', 'L49-96'), minio('cmd/common-main.go', 'L508-524')],
    note:
      'Dockerfile.release has no USER (root). The server writes its drive (/data) and tries mkdir -p $HOME/.minio/certs/CAs ' +
      '(EACCES and EROFS ignored: cmd/xl-storage-errors.go L135-137): runs as any uid when /data is writable (fsGroup). ' +
      'LabStack: HOME=/tmp on an emptyDir.',
  },
  entrypoint: {
    entrypoint: ['/usr/bin/docker-entrypoint.sh'],
    execsArgs: true,
    cmd: ['minio'],
    source: [minio('Dockerfile.release', 'L72-73'), minio('dockerscripts/docker-entrypoint.sh', 'L1-26')],
    note:
      'The entrypoint prepends `minio` when the first argument is not `minio`, and only switches user when MINIO_USERNAME/' +
      'MINIO_GROUPNAME are set (deprecated). LabStack sets command [minio], which bypasses the entrypoint: equivalent.',
  },
  programs: [
    {
      command: 'minio server',
      flags: [
        '--config', '--address', '--listeners', '--console-address', '--shutdown-timeout', '--idle-timeout',
        '--read-header-timeout', '--conn-user-timeout', '--interface', '--dns-cache-ttl', '--max-idle-conns-per-host',
        '--ftp', '--sftp', '--crossdomain-xml', '--memlimit', '--send-buf-size', '--recv-buf-size', '--log-dir',
        '--log-size', '--log-compress', '--log-prefix',
        // GlobalFlags, appended to the server command's flags
        '--config-dir', '-C', '--certs-dir', '-S', '--quiet', '--anonymous', '--json', '--compat', '--no-compat',
        '--help', '-h',
      ],
      source: [minio('cmd/server-main.go', 'L62-203'), minio('cmd/main.go', 'L42-79'), minio('cmd/main.go', 'L145-148'), minio('README.md', 'L25-27')],
      note:
        'Flags after the drive argument are accepted (upstream README runs `server /data --console-address ":9001"`). ' +
        '--address defaults to ":9000" (L68-73); the console listens on --console-address only while MINIO_BROWSER is on.',
      env: [
        {
          name: 'MINIO_ROOT_USER',
          source: [minio('internal/config/constants.go', 'L29'), minio('cmd/common-main.go', 'L814-874'), minio('internal/auth/credentials.go', 'L36-86')],
          note:
            'Not strictly required: without both MINIO_ROOT_USER and MINIO_ROOT_PASSWORD the server starts with minioadmin:minioadmin. ' +
            'Setting only one of the two is fatal (L820-823). At least 3 characters (IsAccessKeyValid).',
        },
        {
          name: 'MINIO_ROOT_PASSWORD',
          source: [minio('internal/config/constants.go', 'L30'), minio('cmd/common-main.go', 'L814-874'), minio('internal/auth/credentials.go', 'L44-86')],
          note: 'At least 8 characters (IsSecretKeyValid). See MINIO_ROOT_USER.',
        },
        {
          name: 'MINIO_ROOT_USER_FILE',
          source: [minio('Dockerfile.release', 'L49-56'), minio('cmd/common-main.go', 'L632-691')],
          note: 'Set by the image to "access_key": read from /run/secrets/access_key (or ./access_key) when present, ignored when missing.',
        },
        {
          name: 'MINIO_ROOT_PASSWORD_FILE',
          source: [minio('Dockerfile.release', 'L49-56'), minio('cmd/common-main.go', 'L632-691')],
          note: 'Set by the image to "secret_key"; see MINIO_ROOT_USER_FILE.',
        },
        { name: 'MINIO_CONFIG_ENV_FILE', source: [minio('Dockerfile.release', 'L55'), minio('cmd/common-main.go', 'L693-701')], note: 'Image default "config.env"; a missing file is ignored.' },
        { name: 'MINIO_BROWSER', source: [minio('internal/config/constants.go', 'L46'), minio('cmd/common-main.go', 'L704-710')], note: 'on (default) / off: whether the console listens on --console-address.' },
        { name: 'MINIO_BROWSER_REDIRECT_URL', source: [minio('internal/config/constants.go', 'L66'), minio('cmd/common-main.go', 'L714-726')], note: 'Public URL of the console; fatal when not an http(s) URL.' },
        { name: 'MINIO_SERVER_URL', source: [minio('internal/config/constants.go', 'L64'), minio('cmd/common-main.go', 'L730-743')], note: 'Public URL of the S3 API (console presigned links); fatal when malformed.' },
        { name: 'MINIO_ADDRESS', source: minio('cmd/server-main.go', 'L68-73'), note: 'Same as --address.' },
        { name: 'MINIO_CONSOLE_ADDRESS', source: minio('cmd/server-main.go', 'L81-85'), note: 'Same as --console-address.' },
        { name: 'MINIO_VOLUMES', source: minio('internal/config/constants.go', 'L51'), note: 'Drives when no positional argument is given.' },
        { name: 'HOME', source: minio('cmd/config-dir.go', 'L49-60'), note: 'Config/certs dir $HOME/.minio (mitchellh/go-homedir reads HOME first); must be writable.' },
      ],
      writes: [
        { path: '/data', source: [minio('Dockerfile.release', 'L70'), minio('README.md', 'L25-27')], note: 'The drive (VOLUME /data); MinIO keeps .minio.sys there.' },
        { path: '/tmp', source: [minio('cmd/config-dir.go', 'L49-96'), minio('cmd/common-main.go', 'L508-524')], note: '$HOME/.minio/certs/CAs is created at start when possible (with HOME=/tmp: /tmp/.minio/certs/CAs); permission and read-only errors are ignored (cmd/xl-storage-errors.go L135-137).' },
      ],
    },
  ],
  ports: [
    { port: 9000, protocol: 'http', source: [minio('cmd/server-main.go', 'L68-73'), minio('Dockerfile.release', 'L69')], note: 'S3 API and health endpoints (default --address).' },
    { port: 9001, protocol: 'tcp', source: minio('README.md', 'L25-27'), note: 'Console (HTTP), only because LabStack passes --console-address :9001; not exposed by LabStack.' },
  ],
  code: [
    { path: '/usr/bin/minio', source: minio('Dockerfile.release', 'L61') },
    { path: '/usr/bin/mc', source: minio('Dockerfile.release', 'L62') },
    { path: '/usr/bin/docker-entrypoint.sh', source: minio('Dockerfile.release', 'L67') },
  ],
  health: [
    {
      path: '/minio/health/live',
      port: 9000,
      dependsOn: 'nothing but the HTTP server (503 only when the request queue is over capacity)',
      source: [minio('cmd/healthcheck-router.go', 'L26-53'), minio('cmd/healthcheck-handler.go', 'L189-212')],
    },
    {
      path: '/minio/health/ready',
      port: 9000,
      dependsOn: 'the HTTP server, KMS and etcd when configured; NOT the object layer (200 while it initialises, only a header says "offline")',
      source: [minio('cmd/healthcheck-router.go', 'L50-52'), minio('cmd/healthcheck-handler.go', 'L129-187')],
    },
    {
      path: '/minio/health/cluster',
      port: 9000,
      dependsOn: 'object layer, bucket metadata and IAM initialised, and write quorum of the drives',
      source: [minio('cmd/healthcheck-router.go', 'L40-44'), minio('cmd/healthcheck-handler.go', 'L32-90')],
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// quay.io/minio/mc:RELEASE.2025-04-16T18-13-26Z (tag commit b00526b153a31b36767991a4f5ce2cced435ee8e)
// ---------------------------------------------------------------------------------------------
const mc = sourceIn('minio/mc', 'RELEASE.2025-04-16T18-13-26Z');
/** mc's global flags, which every command takes (cmd/flags.go L31-110). */
const MC_GLOBAL_FLAGS = [
  '--config-dir', '-C', '--quiet', '-q', '--disable-pager', '--dp', '--no-color', '--json', '--debug', '--resolve',
  '--insecure', '--limit-upload', '--limit-download', '--conn-read-deadline', '--conn-write-deadline', '--custom-header', '-H',
  '--help', '-h',
];

const minioClient: ImageContractSpec = {
  repository: 'quay.io/minio/mc',
  description: 'MinIO client; LabStack runs its own sh script (mc ls, mc mb, the alias from MC_HOST_store) in it',
  tags: {
    pinned: 'RELEASE.2025-04-16T18-13-26Z',
    versions: /^RELEASE\.\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z$/,
    source: [mc('docker-buildx.sh', 'L23-32'), mc('Dockerfile.release', 'L1-24')],
    note:
      'Pushed by hand with docker-buildx.sh: tag = `git describe --tags` = the git tag, to minio/mc and quay.io/minio/mc. ' +
      'Git tag exists (commit b00526b153a31b36767991a4f5ce2cced435ee8e); the registry could not be queried. Last git tag in ' +
      'the mirror: RELEASE.2025-08-13T08-35-41Z (minio/mc HEAD 77f82e18b5401a65958f1619df6ebb994634bd88, 2025-11-06).',
  },
  user: {
    uid: 0,
    anyUid: true,
    source: [mc('Dockerfile.release', 'L5-24'), mc('cmd/config.go', 'L45-89'), mc('cmd/main.go', 'L264-293')],
    note: 'No USER (root). mc writes only its config dir (config.json, share/, certs/CAs) at every start: MC_CONFIG_DIR or $HOME/.mc must be writable.',
  },
  entrypoint: {
    entrypoint: ['mc'],
    source: mc('Dockerfile.release', 'L24'),
    note: 'Base registry.access.redhat.com/ubi9/ubi-micro. LabStack overrides the command with /bin/sh /scripts/minio-buckets.sh.',
  },
  programs: [
    {
      command: '/bin/sh',
      flags: ['-c'],
      source: [minio('helm/minio/templates/post-job.yaml', 'L91-136'), minio('helm/minio/templates/_helper_create_bucket.txt', 'L1-40')],
      note:
        'Not in mc\'s Dockerfile: the shell is inherited from ubi-micro. Upstream\'s own Helm chart runs `/bin/sh /config/initialize` ' +
        'in quay.io/minio/mc with cat, expr and sleep, which proves sh and those tools; `dirname` (used by minio-buckets.sh) is not ' +
        'evidenced upstream.',
    },
    {
      command: 'mc ls',
      flags: [
        '--rewind', '--versions', '--recursive', '-r', '--incomplete', '-I', '--summarize', '--storage-class', '--sc', '--zip',
        ...MC_GLOBAL_FLAGS,
      ],
      source: [mc('cmd/ls-main.go', 'L33-73'), mc('cmd/ls-main.go', 'L197-233 mainList'), mc('cmd/ls.go', 'L229-242 doList'), mc('cmd/flags.go', 'L31-110')],
      note:
        '`mc ls ALIAS` lists the buckets (ListBuckets with the alias\'s keys): a listing error sets exit status 1 ("Unable to list folder"), ' +
        'so it fails while the server is unreachable, not initialised or rejects the keys. minio-buckets.sh waits with it.',
    },
    {
      command: 'mc mb',
      flags: [
        '--region', '--ignore-existing', '-p', '--with-lock', '-l', '--with-versioning',
        ...MC_GLOBAL_FLAGS,
      ],
      source: [mc('cmd/mb-main.go', 'L30-57'), mc('cmd/flags.go', 'L31-110')],
    },
    {
      command: 'mc admin policy create',
      flags: MC_GLOBAL_FLAGS,
      source: [mc('cmd/admin-policy-create.go', 'L32-56, L120-140 mainAdminPolicyCreate'), minio('cmd/iam-store.go', 'SetPolicy')],
      note: 'TARGET POLICYNAME POLICYFILE (a JSON file). The server replaces a policy of that name (IAMStoreSys.SetPolicy updates an existing document), so running it again is safe.',
    },
    {
      command: 'mc admin user add',
      flags: MC_GLOBAL_FLAGS,
      source: [mc('cmd/admin-user-add.go', 'L34-73, L153-215 fetchUserKeys, mainAdminUserAdd'), minio('cmd/iam-store.go', 'AddUser')],
      note:
        'TARGET [ACCESSKEY [SECRETKEY]]: a key not given as an argument is read from standard input, one line each (fetchUserKeys; no prompt when stdin is not a terminal), ' +
        'so the secret key never needs the command line. The server adds or updates the user (madmin.AddOrUpdateUserReq): a changed secret key replaces the old one. ' +
        'The text output names the access key only ("Added user `x` successfully."); --json would print the secret key too.',
    },
    {
      command: 'mc admin user info',
      flags: MC_GLOBAL_FLAGS,
      source: [mc('cmd/admin-user-info.go', 'L31-61 mainAdminUserInfo'), mc('cmd/admin-user-add.go', 'userMessage (json policyName)')],
      note: 'TARGET USERNAME; with --json the user as {"accessKey", "policyName" (comma-separated), ...}.',
    },
    {
      command: 'mc admin policy attach',
      flags: [
        '--user', '-u', '--group', '-g',
        ...MC_GLOBAL_FLAGS,
      ],
      source: [mc('cmd/admin-policy-attach.go', 'L28-71'), minio('cmd/iam-store.go', 'L1180-1202 policyDBSet: errNoPolicyToAttachOrDetach'), minio('cmd/api-errors.go', 'L2192-2193')],
      note:
        'TARGET POLICY --user USER. Attaching a policy the user already has is an error ("Specified policy update has no net effect", ErrAdminPolicyChangeAlreadyApplied): ' +
        'minio-buckets.sh attaches only when `mc admin user info --json` does not list it.',
    },
  ],
  env: [
    { name: 'MC_CONFIG_DIR', source: [mc('cmd/flags.go', 'L35-40'), mc('cmd/main.go', 'L355-364')], note: 'Same as --config-dir; default $HOME/.mc/ (cmd/config.go L45-69).' },
    {
      name: 'MC_HOST_<alias>',
      source: [mc('cmd/config.go', 'L213-266 parseEnvURLStr'), mc('cmd/config.go', 'L321-332 expandAlias')],
      note:
        'Alias from the environment, no config write and no keys on the command line: every command that names ALIAS/... reads MC_HOST_<ALIAS> ' +
        'first. Format http(s)://ACCESS:SECRET@host[:port]; the access key ends at the first ":", the secret at the last "@", and a secret ' +
        'with a ":" is read as SECRET:TOKEN (the ACCESS:SECRET:TOKEN@ form is tried first). No path, query or fragment.',
    },
    { name: 'MC_CONFIG_ENV_FILE', source: mc('cmd/config.go', 'L268-303'), note: 'File of MC_HOST_<alias>=URL lines.' },
    { name: 'MC_INSECURE', source: mc('cmd/flags.go', 'L73-76') },
    { name: 'MC_QUIET', source: mc('cmd/flags.go', 'L41-45') },
    { name: 'MC_JSON', source: mc('cmd/flags.go', 'L58-61') },
    { name: 'MC_NO_COLOR', source: mc('cmd/flags.go', 'L53-56') },
    { name: 'MC_DEBUG', source: mc('cmd/flags.go', 'L63-66') },
    { name: 'HOME', source: mc('cmd/config.go', 'L45-55'), note: 'Default config dir $HOME/.mc (go-homedir reads HOME).' },
  ],
  envPrefixes: [
    {
      prefix: 'MC_HOST_',
      names: ['MC_HOST_store'],
      source: [mc('cmd/config.go', 'L268-271 mcEnvHostPrefix'), mc('cmd/config.go', 'L321-332')],
      note: 'Any alias name; LabStack\'s job uses the alias store.',
    },
  ],
  writes: [
    { path: '/tmp', source: [mc('cmd/main.go', 'L264-293'), mc('cmd/config.go', 'L79-89')], note: 'Config dir (LabStack: MC_CONFIG_DIR=/tmp/.mc, HOME=/tmp).' },
  ],
  code: [{ path: '/usr/bin/mc', source: mc('Dockerfile.release', 'L20-22') }],
};

// ---------------------------------------------------------------------------------------------
// docker.io/rclone/rclone:1.69.1 (git tag v1.69.1, commit 4e77a4ff73645f45873188de2683067d6756038e)
// ---------------------------------------------------------------------------------------------

export const MINIO_SERVER = new ImageContract(minioServer);
export const MINIO_CLIENT = new ImageContract(minioClient);
