/**
 * Image contracts of the ScopeM archiver (SwissOpenEM/ScopeMArchiver), read at the release recommended
 * in openem.md: v2.0.0-beta.3 (6f9d7c62322bedb9ac3d08afc4934aeb9f07933e) for the api and config images,
 * and `main` at 1b562f3973f5f4006e1a254c181b884ae207562e (pinned by digest) for the workflow image.
 * `git diff v2.0.0-beta.3 1b562f3 --stat` touches only .github/workflows/build-docker-images.yml: the
 * backend code of the three images is identical at both refs.
 */
import { ImageContract, ImageContractSpec, sourceIn } from '../constructs/image-contract';
import { PREFECT_SETTINGS_NAMES } from '../constructs/prefect/prefect.images';

const TAG = 'v2.0.0-beta.3';
const MAIN = '1b562f3973f5f4006e1a254c181b884ae207562e';
const at = sourceIn('SwissOpenEM/ScopeMArchiver', TAG);
const onMain = sourceIn('SwissOpenEM/ScopeMArchiver', MAIN);
/** The commit main pointed to when the v2.0.0-beta.3 tag was built (= the tag's own commit). */
const ciAtTag = sourceIn('SwissOpenEM/ScopeMArchiver', '6f9d7c62322bedb9ac3d08afc4934aeb9f07933e');
const prefect = sourceIn('PrefectHQ/prefect', '3.7.2');
const prefectBase = sourceIn('PrefectHQ/prefect', '3.4.6');
const buildkit = sourceIn('moby/buildkit', '8a369a9eba2bf64d0f0f79eadffd6413248947d4');
/** The botocore of the API's uv.lock (1.43.26). */
const botocore = sourceIn('boto/botocore', '1.43.26');

/** Upstream release tags: v0.3.0, v1.0.0-beta.1…15(-LTS), v1.0.0, v2.0.0-beta.1…3 (`git tag`). */
const RELEASES = /^v\d+\.\d+\.\d+(-beta\.\d+(-LTS)?)?$/;

const PREFECT_ENV = {
  prefix: 'PREFECT_',
  names: PREFECT_SETTINGS_NAMES,
  source: [prefect('schemas/settings.schema.json'), prefect('src/prefect/settings/models/api.py', 'L13-19'), prefect('src/prefect/settings/models/logging.py', 'L91-101'), prefect('src/prefect/settings/models/root.py', 'L59-62')],
  note: 'Prefect settings (pydantic-settings, prefix PREFECT_): the client library is prefect==3.7.2 in every image, so every setting of 3.7.2 applies.',
} as const;

const HOME_ENV = {
  name: 'HOME',
  source: prefect('src/prefect/settings/models/root.py', 'L59-62'),
  note: 'PREFECT_HOME defaults to ~/.prefect; LabStack sets HOME=/tmp (a writable emptyDir) under a read-only root.',
} as const;

/** Publishing: release.yml runs build-docker-images.yml@main on every pushed v* tag. */
const PUBLISHING = [
  at('.github/workflows/release.yml', 'L1-17'),
  at('.github/workflows/build-docker-images.yml', 'L3-17'),
];

const openemApiContract: ImageContractSpec = {
  repository: 'ghcr.io/swissopenem/scopemarchiver-archiver-service-api',
  description: 'Archiver service API (FastAPI/uvicorn): presigned S3 uploads and SciCat job endpoint that starts Prefect deployments',
  tags: {
    pinned: TAG,
    moving: ['main', 'latest'],
    versions: RELEASES,
    // The rendering follows v2.0.0-beta.3: the v1 releases read other variables (MINIO_*), and
    // beta.1/beta.2 were not read.
    published: [TAG],
    source: [...PUBLISHING, at('.github/workflows/build-docker-images.yml', 'L281-360')],
    note:
      'docker/metadata-action tags: type=ref,event=branch (main), type=ref,event=tag (the git tag, e.g. v2.0.0-beta.3), '
      + 'type=ref,event=pr (never pushed). flavor latest=auto adds `latest` on tag events. No commit-sha tags. '
      + 'git tag v2.0.0-beta.3 = 6f9d7c62322bedb9ac3d08afc4934aeb9f07933e; the registry itself could not be queried.',
  },
  assumptions: [
    { what: 'The tag v2.0.0-beta.3 exists in ghcr.io (the registry was not reachable; the release workflow would have pushed it).', configuredAt: 'systems.openem.images.api' },
    { what: 'The image user `app` has uid 100 (BusyBox adduser -S picks it at build time); irrelevant when pods run as another non-root uid.', configuredAt: 'charts/openem.ts API_SECURITY' },
  ],
  user: {
    uid: 100,
    anyUid: true,
    source: [at('backend/api/Dockerfile', 'L32-37')],
    note:
      'USER app, created by BusyBox `addgroup -S app && adduser -S app -G app` (system user: the first free uid from 100; '
      + 'the number is not in the source, 100 is inferred). The venv is chowned to app but world-readable; the process writes nothing, '
      + 'so any non-root uid works (upstream runs it read_only: archiver-service.docker-compose.yml L31-32).',
  },
  entrypoint: {
    entrypoint: ['python', '-m', 'openapi_server'],
    workdir: '/',
    source: at('backend/api/Dockerfile', 'L32-42'),
    note: 'Final stage FROM python:3.13-alpine3.22, no WORKDIR, no CMD; PATH=/app/.venv/bin:$PATH. The apis/ and models/ are regenerated from openapi.yaml at build (L1-6).',
  },
  programs: [
    {
      command: 'python -m openapi_server',
      main: true,
      flags: [],
      source: at('backend/api/src/openapi_server/__main__.py', 'L76-98'),
      note: 'The ENTRYPOINT. No argument parser: host 0.0.0.0 is fixed, everything else comes from Settings (UVICORN_*); the variables are the image env below.',
    },
  ],
  env: [
    { name: 'UVICORN_PORT', source: [at('backend/api/src/openapi_server/settings.py', 'L8'), at('backend/api/src/openapi_server/__main__.py', 'L85-93')], note: 'Read by Settings and passed to uvicorn.Config (uvicorn itself reads no env). Default 8000.' },
    { name: 'UVICORN_ROOT_PATH', source: [at('backend/api/src/openapi_server/settings.py', 'L9'), at('backend/api/src/openapi_server/__main__.py', 'L89')], note: 'Default "/". Upstream prod sets /archiver/api/v1 with Traefik stripping the prefix (archiver-service.docker-compose.prod.yml L1-11).' },
    { name: 'UVICORN_RELOAD', source: at('backend/api/src/openapi_server/settings.py', 'L10') },
    { name: 'UVICORN_LOG_LEVEL', source: [at('backend/api/src/openapi_server/settings.py', 'L11'), at('backend/api/src/openapi_server/__main__.py', 'L80')] },
    { name: 'URL_EXPIRATION_SECONDS', source: [at('backend/api/src/openapi_server/settings.py', 'L12'), at('backend/api/src/openapi_server/impl/s3.py', 'L84')] },
    { name: 'IDP_URL', required: true, source: [at('backend/api/src/openapi_server/settings.py', 'L15'), at('backend/api/src/openapi_server/security_api.py', 'L43-47')], note: 'Has a default (upstream\'s own dev Keycloak); the API is useless without the real value.' },
    { name: 'IDP_USERNAME', required: true, source: [at('backend/api/src/openapi_server/settings.py', 'L16'), at('backend/api/src/openapi_server/security_api.py', 'L134-141')], note: 'Default archiver-service (upstream dev).' },
    { name: 'IDP_PASSWORD', source: [at('backend/api/src/openapi_server/settings.py', 'L17'), at('backend/api/src/openapi_server/settings.py', 'L31-32')], note: 'SecretStr, default "". Supplied as the file $SECRETS_DIR/IDP_PASSWORD (pydantic-settings secrets_dir, file name = field, case-insensitive).' },
    { name: 'IDP_REALM', required: true, source: at('backend/api/src/openapi_server/settings.py', 'L18'), note: 'Default facility (upstream dev).' },
    { name: 'IDP_AUDIENCE', source: [at('backend/api/src/openapi_server/settings.py', 'L19'), at('backend/api/src/openapi_server/security_api.py', 'L113')], note: 'Default account.' },
    { name: 'IDP_CLIENT_ID', required: true, source: [at('backend/api/src/openapi_server/settings.py', 'L20'), at('backend/api/src/openapi_server/security_api.py', 'L137')], note: 'Default archiver-service-api (upstream dev).' },
    { name: 'IDP_CLIENT_SECRET', source: [at('backend/api/src/openapi_server/settings.py', 'L21'), at('backend/api/src/openapi_server/security_api.py', 'L138')], note: 'SecretStr; supplied as the file $SECRETS_DIR/IDP_CLIENT_SECRET.' },
    { name: 'IDP_ALGORITHM', source: at('backend/api/src/openapi_server/settings.py', 'L22'), note: 'Default RS256.' },
    { name: 'PREFECT_API_URL', required: true, source: [at('backend/api/src/openapi_server/settings.py', 'L24'), at('backend/api/src/openapi_server/impl/health_impl.py', 'L57'), prefect('src/prefect/settings/models/api.py', 'L13-19')], note: 'Read twice: by Settings (readyz target, default http://prefect.io) and by the Prefect client for run_deployment, Variable.get and Secret.load (without it the client would use an ephemeral in-process server).' },
    {
      name: 'PREFECT_API_AUTH_STRING',
      source: [
        at('backend/api/pyproject.toml', 'L18 prefect==3.7.2'),
        at('backend/api/src/openapi_server/impl/archiving.py', 'L1-22 run_deployment'),
        at('backend/api/src/openapi_server/impl/s3.py', 'L32-47 Variable.get, Secret.load'),
        at('backend/api/src/openapi_server/impl/scicat.py', 'L18-21, L47 Secret.load, Variable.get'),
        prefect('src/prefect/client/orchestration/__init__.py', 'L352-361'),
      ],
      note:
        'Every call of the API to Prefect goes through the Prefect 3.7.2 client library (deployments, variables, secret blocks), which sends the string as '
        + 'Authorization: Basic. The only raw HTTP call is the readiness check\'s GET $PREFECT_API_URL/health (requests, no header), a path the server keeps open.',
    },
    { name: 'SCICAT_INGESTOR_GROUPS', required: true, source: [at('backend/api/src/openapi_server/settings.py', 'L26'), at('backend/api/src/openapi_server/security_api.py', 'L209-214')], note: 'Split on ";". Default unx-openem (upstream dev). v1.0.0 read SCICAT_INGESTOR_GROUP (singular) instead.' },
    { name: 'JOB_ENDPOINT_USERNAME', source: [at('backend/api/src/openapi_server/settings.py', 'L28'), at('backend/api/src/openapi_server/security_api.py', 'L221-229')], note: 'SecretStr, default ""; supplied as the file $SECRETS_DIR/JOB_ENDPOINT_USERNAME (basic auth of POST /archiver/jobs).' },
    { name: 'JOB_ENDPOINT_PASSWORD', source: [at('backend/api/src/openapi_server/settings.py', 'L29'), at('backend/api/src/openapi_server/security_api.py', 'L227')], note: 'SecretStr; supplied as the file $SECRETS_DIR/JOB_ENDPOINT_PASSWORD.' },
    { name: 'SECRETS_DIR', source: at('backend/api/src/openapi_server/settings.py', 'L31-32'), note: 'os.environ at import, default /run/secrets. A missing directory only warns.' },
    {
      name: 'AWS_CA_BUNDLE',
      source: [at('backend/api/src/openapi_server/impl/s3.py', 'L50-71 get_s3_client: boto3.client without verify='), at('backend/api/uv.lock', 'botocore 1.43.26'), botocore('botocore/configprovider.py', 'BOTOCORE_DEFAUT_SESSION_VARIABLES: ca_bundle from AWS_CA_BUNDLE')],
      note: 'Unlike the flows (verify=False), the API verifies https://<s3_external_endpoint> against botocore\'s bundle unless AWS_CA_BUNDLE names another: needed with a private CA (dev MinIO).',
    },
    { ...HOME_ENV },
  ],
  envPrefixes: [PREFECT_ENV],
  ports: [{ port: 8000, protocol: 'http', source: [at('backend/api/src/openapi_server/settings.py', 'L8'), at('deployment/archiver-service.docker-compose.yml', 'L10'), at('deployment/archiver-service.docker-compose.yml', 'L27-28')] }],
  writes: [
    { path: '/tmp', source: prefect('src/prefect/settings/models/root.py', 'L59-62'), note: 'Only as HOME for the Prefect client (~/.prefect); the app itself writes nothing (upstream: read_only: true, no tmpfs).' },
  ],
  code: [
    { path: '/app/.venv', source: at('backend/api/Dockerfile', 'L37-41'), note: 'The project (openapi_server) is installed non-editable into /app/.venv/lib/python3.13/site-packages; no sources elsewhere.' },
  ],
  authentication: [
    {
      id: 'api',
      mechanism:
        'per route: POST /archiver/jobs (called by SciCat) with HTTP basic authentication (JOB_ENDPOINT_USERNAME, JOB_ENDPOINT_PASSWORD); ' +
        'the /s3/* upload routes with a Keycloak bearer token of IDP_URL/realms/IDP_REALM (signature, audience IDP_AUDIENCE, issuer); ' +
        'POST /token with such a token or a SciCat token whose user is in one of SCICAT_INGESTOR_GROUPS',
      open: '/health/livez and /health/readyz, and the API documentation FastAPI generates by default (/docs, /redoc, /openapi.json)',
      source: [
        at('backend/api/src/openapi_server/apis/archiving_api.py', 'L39-53'),
        at('backend/api/src/openapi_server/apis/s3upload_api.py', 'L50-175'),
        at('backend/api/src/openapi_server/apis/service_token_api.py', 'L38-51'),
        at('backend/api/src/openapi_server/apis/health_api.py', 'L39-72'),
        at('backend/api/src/openapi_server/security_api.py', 'L28-130'),
        at('backend/api/src/openapi_server/security_api.py', 'L169-235'),
        at('backend/api/src/openapi_server/__main__.py', 'L46-71'),
      ],
    },
  ],
  health: [
    { path: '/health/livez', port: 8000, dependsOn: 'nothing: the process answers 200 {status: healthy}', source: [at('backend/api/openapi.yaml', 'L11'), at('backend/api/src/openapi_server/apis/health_api.py', 'L39-54'), at('backend/api/src/openapi_server/impl/health_impl.py', 'L75-76')] },
    {
      path: '/health/readyz',
      port: 8000,
      dependsOn:
        'GET $PREFECT_API_URL/health (plain requests.get without credentials: open on a server with an auth string) and GET {scicat_endpoint}{scicat_api_prefix}/health '
        + '(Prefect variables read through the client, so the configuration job must have run and the auth string must be right), '
        + 'sequentially, 5 s timeout each; 503 with the failed checks otherwise',
      source: [at('backend/api/openapi.yaml', 'L46'), at('backend/api/src/openapi_server/apis/health_api.py', 'L57-72'), at('backend/api/src/openapi_server/impl/health_impl.py', 'L37-73')],
      note: 'With UVICORN_ROOT_PATH set, probes on /health/* still match (uvicorn prefixes root_path into the scope path, Starlette strips it again).',
    },
  ],
};

/** The variables of PrefectVariablesModel (config.py -v): BaseSettings, case_sensitive=True, extra="forbid"; env overrides the file; every field is registered lower-cased as a Prefect variable. */
const CONFIG_PY_ENV = [
  { name: 'S3_REGION', source: at('backend/archiver/config/variables.py', 'L28') },
  { name: 'S3_ARCHIVAL_BUCKET', source: at('backend/archiver/config/variables.py', 'L29') },
  { name: 'S3_LANDINGZONE_BUCKET', source: at('backend/archiver/config/variables.py', 'L30') },
  {
    name: 'S3_ENDPOINT',
    source: [at('backend/archiver/config/variables.py', 'L31'), at('deployment/archiver-service.docker-compose.yml', 'L116')],
    note: 'Becomes Prefect variable s3_endpoint (the flows\' S3 endpoint, always reached as https://). Upstream passes it as env. Flow runs may override it with their own env S3_ENDPOINT.',
  },
  {
    name: 'S3_EXTERNAL_ENDPOINT',
    required: true,
    source: [
      at('backend/archiver/config/variables.py', 'L32'),
      at('deployment/archiver-service.docker-compose.yml', 'L115'),
      at('backend/api/src/openapi_server/impl/s3.py', 'L36-37'),
      at('backend/archiver/utils/s3_storage_interface.py', 'L73-87'),
    ],
    note:
      'Becomes Prefect variable s3_external_endpoint: the only S3 endpoint the API uses, and the flows\' presigning endpoint. config.py itself accepts its absence (default ""), '
      + 'but then the API and every flow build a boto3 client for "https://" and fail with ValueError: Invalid endpoint. Give it as env (as upstream does) or as a key of the -v file.',
  },
  { name: 'S3_URL_EXPIRATION_DAYS', source: at('backend/archiver/config/variables.py', 'L33') },
  { name: 'ARCHIVER_SCRATCH_FOLDER', source: at('backend/archiver/config/variables.py', 'L35'), note: 'Default Path("") is registered as "." (the flow\'s read-only working directory): always set it.' },
  { name: 'ARCHIVER_TARGET_SIZE_GB', source: at('backend/archiver/config/variables.py', 'L36') },
  { name: 'ARCHIVER_NUM_WORKERS', source: at('backend/archiver/config/variables.py', 'L37') },
  { name: 'SCICAT_ENDPOINT', source: [at('backend/archiver/config/variables.py', 'L39'), at('deployment/archiver-service.docker-compose.yml', 'L114')] },
  { name: 'SCICAT_API_PREFIX', source: at('backend/archiver/config/variables.py', 'L40') },
  { name: 'SCICAT_DATASETS_API_PREFIX', source: at('backend/archiver/config/variables.py', 'L41') },
  { name: 'SCICAT_JOBS_API_PREFIX', source: at('backend/archiver/config/variables.py', 'L42') },
  // ConcurrencyLimits (config.py -l): BaseSettings defaults (case-insensitive, extra forbidden); env overrides the file.
  { name: 'LTS_WRITE_LIMIT', source: at('backend/archiver/config/concurrency_limits.py', 'L9') },
  { name: 'LTS_WRITE_TAG', source: at('backend/archiver/config/concurrency_limits.py', 'L10') },
  { name: 'LTS_READ_LIMIT', source: at('backend/archiver/config/concurrency_limits.py', 'L12') },
  { name: 'LTS_READ_TAG', source: at('backend/archiver/config/concurrency_limits.py', 'L13') },
  // Secret blocks: each NAME_FILE listed after -s names a file; block = NAME_FILE.strip("_FILE").lower().replace("_", "-"); content saved unstripped.
  {
    name: 'S3_USER_FILE',
    required: true,
    source: [at('backend/prefect/config.py', 'L9-21'), at('backend/archiver/config/blocks.py', 'L22-24'), at('backend/api/src/openapi_server/impl/s3.py', 'L44-47')],
    note: 'Block s3-user (flows and API). Required because LabStack lists it after -s: config.py raises when a listed variable is unset.',
  },
  { name: 'S3_PASSWORD_FILE', required: true, source: [at('backend/prefect/config.py', 'L9-21'), at('backend/archiver/config/blocks.py', 'L26-28')], note: 'Block s3-password.' },
  {
    name: 'SCICAT_USER_FILE',
    required: true,
    source: [at('backend/prefect/config.py', 'L9-21'), at('backend/archiver/config/blocks.py', 'L30-32'), at('backend/api/src/openapi_server/impl/scicat.py', 'L18-21')],
    note: 'Block scicat-user. Neither the flows nor the API strip it: the file must not end with a newline.',
  },
  { name: 'SCICAT_PASSWORD_FILE', required: true, source: [at('backend/prefect/config.py', 'L9-21'), at('backend/archiver/config/blocks.py', 'L34-36')], note: 'Block scicat-password; no trailing newline.' },
  {
    name: 'GITHUB_USER_FILE',
    source: [at('backend/prefect/config.py', 'L9-21'), at('backend/prefect/prefect.yaml', 'L74-78')],
    note: 'Read only when listed after -s. Block github-user is used only by upstream\'s Docker-pool prefect.yaml (registry_credentials); no code reads it.',
  },
  { name: 'GITHUB_PASSWORD_FILE', source: [at('backend/prefect/config.py', 'L9-21'), at('backend/prefect/prefect.yaml', 'L74-78')], note: 'As GITHUB_USER_FILE (block github-password).' },
];

const openemConfigContract: ImageContractSpec = {
  repository: 'ghcr.io/swissopenem/scopemarchiver-archiver-service-config',
  description: 'One-shot Prefect configurator: config.py registers Prefect variables, secret blocks and task concurrency limits',
  tags: {
    pinned: TAG,
    moving: ['main', 'latest'],
    versions: RELEASES,
    // The rendering follows v2.0.0-beta.3: the v1 releases read other variables (MINIO_*), and
    // beta.1/beta.2 were not read.
    published: [TAG],
    source: [...PUBLISHING, at('.github/workflows/build-docker-images.yml', 'L237-279')],
    note: 'Same tag scheme as the api image. build-args PREFECT_VERSION is passed but config.Dockerfile declares no such ARG (unused).',
  },
  assumptions: [
    { what: 'The tag v2.0.0-beta.3 exists in ghcr.io (the registry was not reachable).', configuredAt: 'systems.openem.images.config' },
  ],
  user: {
    uid: 0,
    anyUid: true,
    source: [at('backend/prefect/config.Dockerfile', 'L24-33'), buildkit('solver/llbsolver/file/user_linux.go', 'readUser')],
    note:
      'No USER (root, from python:3.13-slim). `COPY --chown=app:app` names a user that does not exist in that stage; BuildKit then falls back to uid/gid 0, '
      + 'so /archiver is root-owned and world-readable. Writes only ~/.prefect: any uid works with HOME on a writable volume.',
  },
  entrypoint: {
    entrypoint: ['python', 'config.py'],
    workdir: '/',
    source: at('backend/prefect/config.Dockerfile', 'L24-33'),
    note:
      'config.py is copied to /config.py; the relative ENTRYPOINT works because the runtime stage has no WORKDIR (/). ENV PYTHONPATH=/archiver, PATH=/archiver/.venv/bin:$PATH '
      + '(prefect==3.7.2 and its CLI). `python /config.py` keeps sys.path[0]=/ so `import archiver.config…` resolves to /archiver/config.',
  },
  programs: [
    {
      command: 'python /config.py',
      main: true,
      flags: ['-h', '--help', '-v', '--variables', '-s', '--secrets', '-l', '--limits'],
      env: CONFIG_PY_ENV,
      configFiles: [
        {
          given: '-v',
          format: 'dotenv',
          keys: [
            'S3_REGION', 'S3_ARCHIVAL_BUCKET', 'S3_LANDINGZONE_BUCKET', 'S3_ENDPOINT', 'S3_EXTERNAL_ENDPOINT', 'S3_URL_EXPIRATION_DAYS',
            'ARCHIVER_SCRATCH_FOLDER', 'ARCHIVER_TARGET_SIZE_GB', 'ARCHIVER_NUM_WORKERS',
            'SCICAT_ENDPOINT', 'SCICAT_API_PREFIX', 'SCICAT_DATASETS_API_PREFIX', 'SCICAT_JOBS_API_PREFIX',
          ],
          source: [at('backend/archiver/config/variables.py', 'L13-42 PrefectVariablesModel'), at('backend/prefect/config.py', 'L24-26')],
          note: 'pydantic-settings BaseSettings with case_sensitive=True and extra="forbid", reading the file as a dotenv file (_env_file): any other key fails the run with "Extra inputs are not permitted"; "[section]" lines are read as keys without value and skipped.',
        },
        {
          given: '-l',
          format: 'dotenv',
          keys: ['LTS_WRITE_LIMIT', 'LTS_WRITE_TAG', 'LTS_READ_LIMIT', 'LTS_READ_TAG'],
          source: at('backend/archiver/config/concurrency_limits.py', 'L8-25'),
          note: 'Read, but at 3.7.2 the limits are never created (an async CLI function called without await); LabStack does not pass -l.',
        },
      ],
      source: at('backend/prefect/config.py', 'L34-47'),
      note:
        'The ENTRYPOINT (spelled `python config.py`, cwd /). argparse with parse_known_args: unknown arguments are silently ignored. -v PATH: a dotenv-format file '
        + '(the "toml" [section] lines are read as value-less keys and skipped; any other key not in PrefectVariablesModel fails with extra_forbidden); -s NAME... (nargs=+): '
        + 'env vars ending in _FILE, each holding a file path; effectively mandatory (register_secrets iterates None otherwise); -l PATH: the limits file (same format). '
        + 'Order: variables, secrets, limits; the first exception ends the run. The limits step calls prefect.cli.concurrency_limit.create, an async function in Prefect 3.7.2, '
        + 'without awaiting it: no limit is created (src/prefect/cli/concurrency_limit.py L32-34, src/prefect/cli/_utilities.py L31-50).',
    },
    {
      command: 'prefect work-pool create',
      flags: ['--base-job-template', '--paused', '--type', '-t', '--set-as-default', '--provision-infrastructure', '--provision-infra', '--overwrite', '--help', '--profile', '--prompt', '--no-prompt'],
      source: [prefect('src/prefect/cli/work_pool.py', 'L295-352'), prefect('src/prefect/cli/_app.py', 'L31-54')],
      note:
        'Prefect 3.7.2 (cyclopts) from /archiver/.venv; one positional NAME. --profile and --prompt/--no-prompt are root options (before the subcommand). Type `kubernetes` is accepted through '
        + 'the server\'s worker metadata (bundled fallback src/prefect/server/api/collections_data/views/aggregate-worker-metadata.json); prefect-kubernetes is not installed in this image.',
    },
  ],
  env: [
    { name: 'PREFECT_API_URL', required: true, source: [prefect('src/prefect/settings/models/api.py', 'L13-19'), at('deployment/archiver-service.docker-compose.yml', 'L113')] },
    {
      name: 'PREFECT_API_AUTH_STRING',
      source: [at('backend/prefect/config.py', 'L1-21 Secret(...).save'), at('backend/archiver/config/variables.py', 'L2 prefect.variables.Variable'), at('backend/archiver/pyproject.toml', 'L17 prefect==3.7.2'), prefect('src/prefect/client/orchestration/__init__.py', 'L352-361')],
      note: 'config.py and the prefect CLI talk to the API only through the Prefect 3.7.2 client, which sends it.',
    },
    { ...HOME_ENV },
  ],
  envPrefixes: [PREFECT_ENV],
  writes: [{ path: '/tmp', source: prefect('src/prefect/settings/models/root.py', 'L59-62'), note: 'HOME=/tmp: Prefect home (~/.prefect).' }],
  code: [
    { path: '/archiver', source: at('backend/prefect/config.Dockerfile', 'L4-31'), note: 'Sources of backend/archiver and their venv /archiver/.venv.' },
    { path: '/config.py', source: at('backend/prefect/config.Dockerfile', 'L28') },
  ],
};

/** Variables() of the flows: each property first reads os.environ[NAME], then the Prefect variable name.lower(); missing → "" with a warning. */
const FLOW_ENV = [
  {
    name: 'S3_ENDPOINT',
    source: [at('backend/archiver/config/variables.py', 'L55-69'), at('backend/archiver/config/variables.py', 'L99-101'), at('backend/archiver/utils/s3_storage_interface.py', 'L40-57'), at('backend/archiver/utils/s3_storage_interface.py', 'L287-294')],
    note: 'Env override of Prefect variable s3_endpoint. Always used as https://<value> (never plain http), verify=False.',
  },
  {
    name: 'S3_EXTERNAL_ENDPOINT',
    source: [at('backend/archiver/config/variables.py', 'L107-109'), at('backend/archiver/utils/s3_storage_interface.py', 'L73-87')],
    note: 'Env override of s3_external_endpoint. Empty everywhere → boto3 ValueError("Invalid endpoint: https://") in every S3Storage: set it here or as the Prefect variable.',
  },
  { name: 'S3_REGION', source: at('backend/archiver/config/variables.py', 'L95-97') },
  {
    name: 'S3_ARCHIVAL_BUCKET',
    source: [at('backend/archiver/config/variables.py', 'L87-89'), at('backend/archiver/utils/s3_storage_interface.py', 'L26-28')],
    note: 'The flows\' S3 client forces StorageClass GLACIER on PutObject/CreateMultipartUpload (s3_storage_interface.py L65-72); retrieval restores objects (RestoreObject).',
  },
  { name: 'S3_LANDINGZONE_BUCKET', source: [at('backend/archiver/config/variables.py', 'L91-93'), at('backend/archiver/utils/s3_storage_interface.py', 'L30-32')] },
  { name: 'S3_URL_EXPIRATION_DAYS', source: at('backend/archiver/config/variables.py', 'L103-105') },
  {
    name: 'ARCHIVER_SCRATCH_FOLDER',
    source: [at('backend/archiver/config/variables.py', 'L111-113'), at('backend/archiver/flows/flow_utils.py', 'L60-92')],
    note: 'Datasets are downloaded to <scratch>/archival/openem-network/datasets/<id>/raw_files and tarred into …/datablocks.',
  },
  { name: 'ARCHIVER_TARGET_SIZE_GB', source: at('backend/archiver/config/variables.py', 'L115-117') },
  { name: 'ARCHIVER_NUM_WORKERS', source: at('backend/archiver/config/variables.py', 'L119-121') },
  { name: 'SCICAT_ENDPOINT', source: at('backend/archiver/config/variables.py', 'L71-73') },
  { name: 'SCICAT_API_PREFIX', source: at('backend/archiver/config/variables.py', 'L75-77') },
  { name: 'SCICAT_DATASETS_API_PREFIX', source: at('backend/archiver/config/variables.py', 'L79-81') },
  { name: 'SCICAT_JOBS_API_PREFIX', source: at('backend/archiver/config/variables.py', 'L83-85') },
];

const openemWorkflowContract: ImageContractSpec = {
  repository: 'ghcr.io/swissopenem/scopemarchiver-archiver-service-workflow',
  description: 'Flow-run image: the archival and retrieval Prefect flows baked in at /app/backend/archiver (also runs `prefect deploy`)',
  tags: {
    pinned: 'main',
    // `latest` and the v* tags of this image are the test_runner stage (see the note): only main works.
    moving: ['main'],
    versions: RELEASES,
    published: [],
    source: [...PUBLISHING, onMain('.github/workflows/build-docker-images.yml', 'L194-247'), ciAtTag('.github/workflows/build-docker-images.yml', 'L226-235')],
    note:
      'Facts read at main 1b562f3 (backend identical to v2.0.0-beta.3). main pushes the `runtime` target built with PREFECT_VERSION=3.6.1-python3.13. '
      + 'The v2.0.0-beta.3 tag was built by the workflow of 6f9d7c6, whose only flows step pushes target `test_runner` (root, WORKDIR /app/backend/archiver, venv not on PATH, no PYTHONPATH, '
      + 'FROM prefecthq/prefect:3.4.6-python3.13): that tag is most likely not the runtime image. v2.0.0-beta.1/-beta.2 pushed no workflow image (push: false). '
      + 'Pin main@sha256:<digest> whose org.opencontainers.image.revision label is 1b562f3…, or v2.0.0-beta.3 only after checking that its config has User=app.',
  },
  assumptions: [
    {
      what: 'The digest pinned for `main` was built from 1b562f3 (label org.opencontainers.image.revision) or a later main with an unchanged backend/; '
        + 'alternatively that v2.0.0-beta.3 turns out to be the runtime stage (image config User=app, Env PATH with /app/backend/archiver/.venv/bin).',
      configuredAt: 'systems.openem.images.runtime',
    },
  ],
  user: {
    uid: 123,
    anyUid: true,
    source: [onMain('backend/prefect/runtime.Dockerfile', 'L34-51'), buildkit('solver/llbsolver/file/user_linux.go', 'readUser')],
    note:
      'useradd -u 123 app; USER app. /app/backend/archiver is copied with --chown=app:app before useradd, so BuildKit resolves it to 0:0 (root-owned, world-readable). '
      + '/storage is created and chowned 123. Writes go only to ARCHIVER_SCRATCH_FOLDER and /tmp (HOME), so any uid works when those are writable volumes.',
  },
  entrypoint: {
    entrypoint: ['/usr/bin/tini', '-g', '--', '/opt/prefect/entrypoint.sh'],
    execsArgs: true,
    cmd: ['/bin/bash'],
    workdir: '/home/app',
    source: [onMain('backend/prefect/runtime.Dockerfile', 'L34-55'), prefectBase('Dockerfile', 'L126-128'), prefectBase('scripts/entrypoint.sh')],
    note:
      'ENTRYPOINT inherited from prefecthq/prefect (entrypoint.sh sources ~/.bashrc, uv-pip-installs $EXTRA_PIP_PACKAGES, then exec "$@"). '
      + 'ENV PYTHONPATH=/app/backend/archiver and PATH=/app/backend/archiver/.venv/bin:$PATH (prefect==3.7.2 with the flow dependencies): do not override PATH or PYTHONPATH. '
      + 'The base image\'s own /usr/local/bin/prefect (3.6.1 on main) lacks boto3 etc. and must not be the one run.',
  },
  programs: [
    {
      command: 'prefect',
      flags: ['--profile', '-p', '--prompt', '--no-prompt', '--help'],
      source: prefect('src/prefect/cli/_app.py', 'L40-55 _root_callback'),
      note: 'Session options, given before the command: `prefect --no-prompt deploy …`.',
    },
    {
      command: 'prefect flow-run execute',
      flags: ['--help', '--profile', '--prompt', '--no-prompt'],
      env: FLOW_ENV,
      writes: [
        {
          path: '/storage',
          source: [onMain('backend/prefect/runtime.Dockerfile', 'L42-47'), at('backend/archiver/flows/flow_utils.py', 'L67-69'), at('backend/prefect/vars_prod.toml', 'L3')],
          note: 'ARCHIVER_SCRATCH_FOLDER (upstream value /storage): shared by all flow runs (RWX); holds the raw files plus the tar files of a dataset.',
        },
      ],
      source: [prefect('src/prefect/cli/flow_run.py', 'L691-750'), at('backend/prefect/prefect.yaml', 'L8-11')],
      note:
        'The Kubernetes worker\'s default flow-run command (args after the ENTRYPOINT); optional positional ID, else PREFECT__FLOW_RUN_ID. Creates a TemporaryDirectory (writable /tmp), '
        + 'runs the deployment\'s pull step set_working_directory /app/backend, imports the entrypoint with PYTHONPATH=/app/backend/archiver.',
    },
    {
      command: 'prefect deploy',
      flags: [
        '--name', '-n', '--description', '-d', '--version-type', '--version', '--tag', '-t', '--concurrency-limit', '--collision-strategy', '--pool', '-p',
        '--work-queue', '-q', '--job-variable', '--cron', '--interval', '--anchor-date', '--rrule', '--timezone', '--trigger', '--param', '--params',
        '--enforce-parameter-schema', '--all', '--prefect-file', '--sla', '--help', '--profile', '--prompt', '--no-prompt',
      ],
      source: [prefect('src/prefect/cli/deploy/_commands.py', 'L155-380'), prefect('src/prefect/cli/deploy/_core.py', 'L64-140'), prefect('src/prefect/cli/_app.py', 'L31-54')],
      note:
        'Optional positional ENTRYPOINT. Root options (--profile, --prompt/--no-prompt) go before the subcommand (`prefect --no-prompt deploy`). Run from /app/backend: entrypoints ./archiver/flows/…py:func '
        + 'are relative to it and the modules import `config…`/`utils…` through PYTHONPATH (else Prefect deploys an AST placeholder flow). Fails when a named work pool does not exist. '
        + 'Needs no Docker socket when prefect.yaml has no build/push steps.',
    },
    {
      command: 'prefect work-pool inspect',
      flags: ['--output', '-o', '--help', '--profile', '--prompt', '--no-prompt'],
      source: prefect('src/prefect/cli/work_pool.py', 'L582-600'),
      note: 'One positional NAME.',
    },
  ],
  env: [
    { name: 'PREFECT_API_URL', required: true, source: prefect('src/prefect/settings/models/api.py', 'L13-19'), note: 'Set by the worker in flow runs; LabStack sets it in the deploy job.' },
    {
      name: 'PREFECT_API_AUTH_STRING',
      source: [at('backend/archiver/pyproject.toml', 'L17 prefect==3.7.2'), at('backend/archiver/config/variables.py', 'L2, L45-69 Variable.get'), prefect('src/prefect/client/orchestration/__init__.py', 'L352-361')],
      note: 'The flows and `prefect deploy` reach the API only through the Prefect client. The worker puts it into flow runs (KUBERNETES_WORKER_JOB.secretReferences); LabStack sets it in the deploy job.',
    },
    { ...HOME_ENV },
  ],
  envPrefixes: [PREFECT_ENV],
  writes: [
    { path: '/tmp', source: [prefect('src/prefect/cli/flow_run.py', 'L705'), prefect('src/prefect/settings/models/root.py', 'L59-62')], note: 'prefect flow-run execute workspace (tempfile) and, with HOME=/tmp, ~/.prefect.' },
  ],
  code: [
    {
      path: '/app/backend/archiver',
      source: [onMain('backend/prefect/runtime.Dockerfile', 'L7-20'), onMain('backend/prefect/runtime.Dockerfile', 'L35'), onMain('backend/prefect/runtime.Dockerfile', 'L53-54')],
      note: 'Flow sources and /app/backend/archiver/.venv. /app/backend is the pull-step working directory: mount nothing over /app.',
    },
    { path: '/opt/prefect', source: prefectBase('Dockerfile', 'L93-128'), note: 'The base image\'s entrypoint.sh.' },
  ],
};

export const ARCHIVER_API = new ImageContract(openemApiContract);
export const ARCHIVER_CONFIG = new ImageContract(openemConfigContract);
export const ARCHIVER_WORKFLOW = new ImageContract(openemWorkflowContract);
