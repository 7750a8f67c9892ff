/**
 * Image contracts of Sticky Pi: spi_api, spi_webapp and spi_ml, built by the lab from
 * sticky-pi/sticky-pi-api (server/api, server/webapp, server/ml) and sticky-pi/sticky-pi-ml.
 * Upstream publishes no versioned images (see sticky-pi.md): every fact below was read in the
 * source at the commits recommended for pinning:
 *   sticky-pi/sticky-pi-api 9085de7b9af7889458375ff0cafcc9fc8a170811 (HEAD of `develop`, 2023-07-31)
 *   sticky-pi/sticky-pi-ml  fcc23a96eb8cc31a495745157d756192dc234cf4 (HEAD of `main`, 2022-04-19)
 * `repository` is `<images.repository>/spi_*`: the registry is per environment
 * (systems.stickyPi.images.repository); upstream's compose names them stickypi/spi_*:latest.
 */
import { ImageContract, ImageContractSpec, sourceIn } from '../constructs/image-contract';

const API_COMMIT = '9085de7b9af7889458375ff0cafcc9fc8a170811';
const ML_COMMIT = 'fcc23a96eb8cc31a495745157d756192dc234cf4';

const at = sourceIn('sticky-pi/sticky-pi-api', API_COMMIT);
/** The commit LabStack's example configs pin (105775a): for the defects it carries. */
const old = sourceIn('sticky-pi/sticky-pi-api', '105775a83f34d29979b4eff9c39429e3fcda7df9');
const ml = sourceIn('sticky-pi/sticky-pi-ml', ML_COMMIT);
/** HEAD of sticky-pi-ml `develop`: incompatible with uid.py at API_COMMIT (see spiMl.programs). */
const mlDevelop = sourceIn('sticky-pi/sticky-pi-ml', 'fe8e4f416080e4ef2eaa2dc92af2efe969bc2b59');
const uwsgi = sourceIn('unbit/uwsgi', '2.0.30');
const pyAlpine = sourceIn('docker-library/python', '78bf492e6a793c950e2b6f678763453f9276f5c0');
const pyBuster = sourceIn('docker-library/python', 'b1791249f1a5f6e4a02bde16cca7fe75e56df76e');
const rocker = sourceIn('rocker-org/rocker-versioned2', '4048563c06c38c231852becd651138cf6a742f1c');
const rockerScripts = sourceIn('rocker-org/rocker-versioned2', '00968c23a239af73b2ec90c8e230e86833c217eb');
const shinyServer = sourceIn('rstudio/shiny-server', '3d31ccfc0c2a52e9fe3719ebc6add7978151bb97');
const botocore = sourceIn('boto/botocore', '00a9f975f77641e82fd4d95c2f329a5c0f921c83');
const detectron2 = sourceIn('facebookresearch/detectron2', '02b5c4e295e990042a714712c21dc79b731e8833');

/** How upstream names and publishes the three images (no CI, no tags: `deploy.sh push`). */
const publishing = [
  at('server/docker-compose.yml', 'L13-41'),
  at('server/deploy.sh', 'L11-16, L29-32'),
];

// ---------------------------------------------------------------------------------------------
// spi_api: Flask app under uWSGI (uwsgi protocol), server/api
// ---------------------------------------------------------------------------------------------
const spiApi: ImageContractSpec = {
  repository: '<images.repository>/spi_api',
  description: 'Sticky Pi API: Flask app (server/api/app.py) under uWSGI, speaking the uwsgi protocol',
  tags: {
    pinned: API_COMMIT.slice(0, 7),
    versions: /^[0-9a-f]{7,40}$/,
    source: [...publishing, old('server/ml/uid.py', 'L25'), old('src/sticky_pi_api/storage.py', 'L266')],
    note:
      'Upstream has no workflow (.github, CI) in any branch and no git tags; compose names the image ' +
      'stickypi/spi_api:latest and `deploy.sh push` (develop only) builds and pushes that moving tag by hand. ' +
      'The lab builds it at a commit and tags it with the short commit (scripts/sticky-pi/build-images.sh); pinned = the commit read, ' +
      'the HEAD of develop. Not 105775a (the earlier example): its uid.py calls Predictor.predict_client, which sticky-pi-ml never had, ' +
      'and its URL cache passes an absolute time as a relative expiry, so cached S3 links outlive their signature.',
  },
  user: {
    uid: 0,
    anyUid: true,
    source: [at('server/api/Dockerfile', 'L1-61'), pyAlpine('3.8/alpine3.20/Dockerfile')],
    note:
      'No USER in server/api/Dockerfile nor in python:3.8-alpine: runs as root upstream. Needs no privilege: ' +
      'it writes only Python temporary files (TMPDIR) once uwsgi gets its settings on the command line.',
  },
  entrypoint: {
    cmd: ['sh', '/app/run.sh'],
    workdir: '/app',
    source: [at('server/api/Dockerfile', 'L57-61'), at('server/api/run.sh', 'L1-4'), at('server/api/uwsgi.ini-template', 'L1-10')],
    note:
      'run.sh writes /app/uwsgi.ini from uwsgi.ini-template with envsubst $API_PORT and runs `uwsgi --ini uwsgi.ini`: ' +
      'with a read-only root file system the command must be replaced by uwsgi with the same options. Template: ' +
      'wsgi-file=app.py, callable=app, socket=:${API_PORT}, processes=32, master=true, harakiri=300, ' +
      'cache2=name=s3_url_cache,items=1000000,blocksize=128. (At 105775a the Dockerfile baked API_PORT at build ' +
      'time via ARG and ran `uwsgi --ini uwsgi.ini`; processes=8.)',
  },
  programs: [
    {
      command: 'sh /app/run.sh',
      main: true,
      source: [at('server/api/Dockerfile', 'L61'), at('server/api/run.sh', 'L1-4')],
      note: 'The image CMD: envsubst writes /app/uwsgi.ini (needs /app writable), then `uwsgi --ini uwsgi.ini`. Unusable with a read-only root file system.',
      env: [
        {
          name: 'API_PORT',
          required: true,
          source: [at('server/api/run.sh', 'L3'), at('server/api/uwsgi.ini-template', 'L4'), at('server/.env', 'L7')],
          note: 'socket = :${API_PORT}; read only by run.sh. NOT read when the container command is uwsgi with --socket',
        },
      ],
      writes: [{ path: '/app/uwsgi.ini', source: at('server/api/run.sh', 'L3') }],
    },
    {
      command: 'uwsgi',
      flags: [
        '--chdir', '--wsgi-file', '--callable', '-s', '--socket', '-M', '--master', '-p', '--processes',
        '-t', '--harakiri', '--cache2', '--need-app', '--die-on-term', '--ini',
      ],
      source: [
        uwsgi('core/uwsgi.c', 'L40 socket, L79 processes, L82 harakiri, L211 need-app, L212 master, L270 die-on-term, L314 cache2, L778 chdir'),
        uwsgi('plugins/python/python_plugin.c', 'L85 wsgi-file, L90 callable'),
        uwsgi('core/master.c', 'L345-354'),
        uwsgi('core/uwsgi.c', 'L3863-3871'),
        at('server/api/requirements.txt', 'L2'),
      ],
      note:
        'uWSGI is installed unpinned from PyPI (requirements.txt `uWSGI`): 2.0.x. Only the options relevant here are ' +
        'listed (uWSGI has hundreds). Without --die-on-term a SIGTERM makes the 2.0 master reload (reap_them_all), ' +
        'not exit (core/master.c); without --need-app an app that fails to import (missing UID_USER, ...) leaves ' +
        'uwsgi running "in full dynamic mode" answering 500 to everything (core/uwsgi.c L3863-3871).',
    },
  ],
  env: [
    { name: 'SECRET_API_KEY', required: true, source: at('src/sticky_pi_api/configuration.py', 'L52-66, L30-32'), note: 'RemoteAPIConf: RequiredConfVar, ValueError when unset or empty' },
    { name: 'S3_HOST', required: true, source: [at('src/sticky_pi_api/configuration.py', 'L56'), at('src/sticky_pi_api/storage.py', 'L289')], note: 'Host name only: the endpoint is "https://%s" % S3_HOST (use_ssl True, TLS verified by botocore against its default CA bundle unless AWS_CA_BUNDLE is set)' },
    { name: 'S3_ACCESS_KEY', required: true, source: at('src/sticky_pi_api/configuration.py', 'L57') },
    { name: 'S3_PRIVATE_KEY', required: true, source: at('src/sticky_pi_api/configuration.py', 'L58') },
    { name: 'S3_BUCKET_NAME', required: true, source: at('src/sticky_pi_api/configuration.py', 'L59') },
    { name: 'MYSQL_HOST', required: true, source: [at('src/sticky_pi_api/configuration.py', 'L61'), at('src/sticky_pi_api/specifications.py', 'L1539-1547')] },
    { name: 'MYSQL_USER', required: true, source: at('src/sticky_pi_api/configuration.py', 'L62') },
    {
      name: 'MYSQL_PASSWORD',
      required: true,
      source: [at('src/sticky_pi_api/configuration.py', 'L63'), at('src/sticky_pi_api/specifications.py', 'L1539-1547')],
      note: 'Interpolated unescaped into mysql+pymysql://user:password@host/db: must not contain @ : / ? # %',
    },
    { name: 'MYSQL_DATABASE', required: true, source: at('src/sticky_pi_api/configuration.py', 'L64') },
    {
      name: 'API_PROFILE',
      required: true,
      source: [at('src/sticky_pi_api/configuration.py', 'L65'), at('server/api/app.py', 'L132-133')],
      note: 'RequiredConfVar at this commit (not read at all at 105775a); "true"/"1" wraps every endpoint in cProfile output',
    },
    {
      name: 'API_ADMIN_NAME',
      required: true,
      source: at('server/api/app.py', 'L41-53, L75'),
      note: 'assert username; the user is created (is_admin) at every start, IntegrityError ignored when it exists',
    },
    {
      name: 'API_ADMIN_PASSWORD',
      required: true,
      source: at('server/api/app.py', 'L46-48, L75'),
      note: 'assert password and len(password) > 10',
    },
    {
      name: 'UID_USER',
      required: true,
      source: [at('server/api/app.py', 'L77-78'), at('server/.env', 'L24-25')],
      note: 'Second create_initial_user: asserted like API_ADMIN_NAME; the user is created with is_admin True. Upstream sets UID_USER=spi_uid in server/.env',
    },
    {
      name: 'UID_PASSWORD',
      required: true,
      source: at('server/api/app.py', 'L46-48, L78'),
      note: 'assert password and len(password) > 10',
    },
    { name: 'DEVEL', source: at('server/api/app.py', 'L58-60'), note: '"true" (any case): log level INFO' },
    { name: 'DEBUG', source: at('server/api/app.py', 'L62-64'), note: '"true" (any case): log level DEBUG; otherwise WARNING' },
    {
      name: 'TMPDIR',
      source: at('src/sticky_pi_api/utils.py', 'L43-59'),
      note: 'Python tempfile (stdlib): URLOrFileOpen.mkdtemp and werkzeug\'s spooling of multipart uploads > 500 kB go to TMPDIR, default /tmp',
    },
    {
      name: 'AWS_CA_BUNDLE',
      source: [botocore('botocore/configprovider.py', 'BOTOCORE_DEFAUT_SESSION_VARIABLES ca_bundle'), at('src/sticky_pi_api/storage.py', 'L283-299')],
      note: 'boto3.resource is created without verify=: botocore verifies https://S3_HOST against its default bundle unless AWS_CA_BUNDLE names one. Needed only when S3_HOST has a certificate of a private CA (dev: labstack-ca)',
    },
  ],
  ports: [
    {
      port: 8080,
      protocol: 'uwsgi',
      source: [at('server/.env', 'L7'), at('server/api/uwsgi.ini-template', 'L4'), at('server/docker-compose.yml', 'L21-22')],
      note: 'socket = :${API_PORT}, API_PORT=8080 in server/.env; uwsgi protocol (nginx uwsgi_pass upstream), not HTTP',
    },
  ],
  writes: [
    {
      path: '$TMPDIR',
      source: at('src/sticky_pi_api/utils.py', 'L43-59'),
      note: 'The only run-time writes of the application (tempfile); must NOT be /tmp in Kubernetes, because /tmp holds the code (see code). Point TMPDIR (and HOME) at a scratch volume such as /scratch',
    },
  ],
  code: [
    {
      path: '/tmp/sticky_pi_api',
      source: at('server/api/Dockerfile', 'L49-51'),
      note: 'COPY src /tmp/sticky_pi_api; pip install -e /tmp/sticky_pi_api[remote_api,test]: the package sticky_pi_api is an editable install that lives in /tmp. A volume on /tmp hides it: ImportError, no app loaded',
    },
    { path: '/app', source: at('server/api/Dockerfile', 'L57-59'), note: 'COPY . /app: app.py, run.sh, uwsgi.ini-template (and a second copy of src/ as /app/src)' },
    { path: '/usr/local/lib/python3.8/site-packages', source: [at('server/api/Dockerfile', 'L22-33'), pyAlpine('3.8/alpine3.20/Dockerfile')] },
  ],
  authentication: [
    {
      id: 'basic',
      mechanism:
        'HTTP basic authentication on every route (Flask-HTTPAuth login_required): a user name and password, or a token from ' +
        'POST /get_token with an empty password; writes need the role admin or read_write_user',
      open: 'nothing (every route is POST and login_required; a GET answers 405 before authentication)',
      source: [at('server/api/app.py', 'L71-94'), at('server/api/app.py', 'L108-155'), at('server/api/app.py', 'L209-229')],
      note: 'Users are created by an admin (put_users needs the role admin); the API creates the admin and the insect detector\'s user (UID_USER) at start (L75-78).',
    },
  ],
  health: [
    {
      path: '/get_token',
      source: at('server/api/app.py', 'L149-155'),
      dependsOn:
        'the Flask app being loaded (itself needs MariaDB at start: get_api retries OperationalError forever, then create_all and the two users). ' +
        'GET is not routed (methods=["POST"]): Flask answers 405 before authentication, without touching the database or S3',
      note: 'There is no health route. Every route is POST with HTTP basic auth (username:password or token:"")',
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// spi_webapp: R Shiny app under shiny-server, server/webapp
// ---------------------------------------------------------------------------------------------
const spiWebapp: ImageContractSpec = {
  repository: '<images.repository>/spi_webapp',
  description: 'Sticky Pi webapp: R Shiny app (server/webapp/sticky_pi_app) under shiny-server on port 80',
  tags: {
    pinned: API_COMMIT.slice(0, 7),
    versions: /^[0-9a-f]{7,40}$/,
    source: publishing,
    note: 'As spi_api: stickypi/spi_webapp:latest built and pushed by hand (deploy.sh push); no CI, no git tags.',
  },
  user: {
    uid: 0,
    anyUid: false,
    source: [
      at('server/webapp/Dockerfile', 'L1, L39-40, L48'),
      at('server/webapp/shiny-server.sh', 'L4-9'),
      at('server/webapp/shiny-server.conf', 'L2'),
      shinyServer('lib/worker/app-worker.ts', 'createAppWorker, wrapWithUserSwitch'),
      rocker('dockerfiles/shiny_4.0.0.Dockerfile'),
    ],
    note:
      'No USER (rocker/shiny:4.0.0 has none either). Must run as root: shiny-server.sh is chmod 700 (root only), ' +
      'appends to /home/shiny/env.R and chowns /var/log/shiny-server; shiny-server binds port 80 and starts every ' +
      'R process with `su shiny` (run_as shiny), and refuses to start R as root without switching user.',
  },
  entrypoint: {
    cmd: ['/usr/bin/shiny-server.sh'],
    source: [at('server/webapp/Dockerfile', 'L37-48'), at('server/webapp/shiny-server.sh', 'L1-9'), rocker('dockerfiles/shiny_4.0.0.Dockerfile')],
    note:
      'Overrides rocker/shiny\'s CMD ["/init"] (s6). shiny-server.sh dumps the container environment into ' +
      '/home/shiny/env.R (R syntax), creates /var/log/shiny-server, exports SHINY_LOG_STDERR=1 and execs shiny-server ' +
      '(config /etc/shiny-server/shiny-server.conf from the image). No WORKDIR is set by server/webapp/Dockerfile.',
  },
  programs: [
    {
      command: '/usr/bin/shiny-server.sh',
      main: true,
      flags: [],
      source: [at('server/webapp/Dockerfile', 'L39-40, L48'), at('server/webapp/shiny-server.sh', 'L1-9')],
      note: 'Takes no arguments; LabStack should give no command.',
    },
  ],
  env: [
    {
      name: 'RSHINY_UPSTREAM_ROOT_URL',
      required: true,
      source: [at('server/webapp/sticky_pi_app/config.R', 'L1, L7-15, L48-66'), at('server/webapp/sticky_pi_app/api.R', 'L2-8')],
      note:
        'Host of the API (no scheme). R processes get only HOME, LANG and PATH from shiny-server (app-worker.ts ' +
        'createShinySpawnSpec): the app reads its settings from /home/shiny/env.R written at start by shiny-server.sh. ' +
        'Default NA: every API call fails without it. URL = <PROTOCOL>://<ROOT_URL>:<PORT>/<route>',
    },
    { name: 'RSHINY_UPSTREAM_PORT', required: true, source: [at('server/webapp/sticky_pi_app/config.R', 'L14'), at('server/webapp/sticky_pi_app/api.R', 'L4-6')], note: 'default NA' },
    { name: 'RSHINY_UPSTREAM_PROTOCOL', source: [at('server/webapp/sticky_pi_app/config.R', 'L15'), at('server/webapp/sticky_pi_app/api.R', 'L4-6')], note: 'default "http"; set https for the public API route' },
    { name: 'STICKY_PI_TESTING_USER', source: at('server/webapp/sticky_pi_app/config.R', 'L8'), note: 'testing only (autologin user)' },
    { name: 'STICKY_PI_TESTING_PASSWORD', source: at('server/webapp/sticky_pi_app/config.R', 'L9'), note: 'testing only' },
    { name: 'STICKY_PI_TESTING_RSHINY_AUTOLOGIN', source: at('server/webapp/sticky_pi_app/config.R', 'L10'), note: 'default FALSE; leave unset' },
    { name: 'STICKY_PI_TESTING_RSHINY_BYPASS_LOGGIN', source: at('server/webapp/sticky_pi_app/config.R', 'L11'), note: 'default FALSE; leave unset (TRUE logs in without password)' },
    { name: 'STICKY_PI_TESTING_RSHINY_USE_MOCK_API', source: at('server/webapp/sticky_pi_app/config.R', 'L12'), note: 'default FALSE; leave unset' },
  ],
  ports: [
    { port: 80, protocol: 'http', source: [at('server/webapp/shiny-server.conf', 'L7'), at('server/webapp/Dockerfile', 'L46'), at('server/docker-compose.yml', 'L34-35')], note: 'shiny-server listen 80 (rocker/shiny\'s EXPOSE 3838 is not used); websockets (SockJS) on the same port' },
  ],
  writes: [
    { path: '/home/shiny/env.R', source: at('server/webapp/shiny-server.sh', 'L4'), note: 'appended (>>) at every start, as root' },
    { path: '/var/log/shiny-server', source: [at('server/webapp/shiny-server.sh', 'L5-6'), at('server/webapp/shiny-server.conf', 'L17')], note: 'per-app R logs (stderr of the R processes) go here, not to the container log' },
    { path: '/var/lib/shiny-server', source: [rockerScripts('scripts/install_shiny_server.sh', 'chown shiny:shiny /var/lib/shiny-server'), shinyServer('lib/worker/app-worker.ts', 'createBookmarkStateDirectory')], note: 'shiny-server state (bookmark state dir created on each app start)' },
    { path: '/tmp', source: shinyServer('lib/worker/app-worker.ts', 'createShinySpawnSpec'), note: 'R tempdir(): TMPDIR is not passed to the R processes, so R uses /tmp; must be writable by the shiny user (emptyDir is 0777)' },
  ],
  code: [
    { path: '/srv/shiny-server/sticky_pi_app', source: [at('server/webapp/Dockerfile', 'L43'), at('server/webapp/shiny-server.conf', 'L14')] },
    { path: '/usr/local/lib/R/site-library', source: [at('server/webapp/Dockerfile', 'L31-32'), rockerScripts('scripts/install_shiny_server.sh')], note: 'R packages' },
    { path: '/etc/shiny-server', source: at('server/webapp/Dockerfile', 'L37') },
  ],
  authentication: [
    {
      id: 'sign-in',
      mechanism:
        'its sign-in page: user name and password are checked by POST /get_token of the API (HTTP basic), and every later API ' +
        'call of the session carries that token',
      enabledBy: 'always, unless STICKY_PI_TESTING_RSHINY_BYPASS_LOGGIN or STICKY_PI_TESTING_RSHINY_AUTOLOGIN is TRUE (LabStack sets neither)',
      open: 'the sign-in page and the static files of www/',
      source: [at('server/webapp/sticky_pi_app/login.R', 'L38-83'), at('server/webapp/sticky_pi_app/api.R', 'L10-31'), at('server/webapp/sticky_pi_app/config.R', 'L8-12')],
    },
  ],
  health: [
    {
      path: '/',
      port: 80,
      source: [at('server/webapp/shiny-server.conf', 'L10-22'), at('server/webapp/sticky_pi_app/app.R', 'L1-36')],
      dependsOn: 'shiny-server and an R process loading the app (library() of all packages); no call to the API before a user logs in',
      note: 'No health route; GET / renders the app UI (location / is the app_dir).',
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// spi_ml: Universal Insect Detector (server/ml/uid.py + sticky-pi-ml)
// ---------------------------------------------------------------------------------------------
const spiMl: ImageContractSpec = {
  repository: '<images.repository>/spi_ml',
  description: 'Sticky Pi Universal Insect Detector: server/ml/uid.py on sticky_pi_ml + detectron2, CPU only',
  tags: {
    pinned: `${API_COMMIT.slice(0, 7)}-${ML_COMMIT.slice(0, 7)}`,
    versions: /^[0-9a-f]{7,40}-[0-9a-f]{7,40}$/,
    source: [
      at('server/docker-compose.yml', 'L43-58'),
      at('server/deploy.sh', 'L13-16'),
      ml('src/setup.py'),
      mlDevelop('src/sticky_pi_ml/universal_insect_detector/predictor.py', 'L52-62'),
      detectron2('setup.py', 'L14'),
    ],
    note:
      'Compose names it stickypi/spi_ml:latest, but at this commit the spi_uid service is commented out, so ' +
      '`deploy.sh push` does not even build it. The image is made of two repositories: sticky-pi-api (server/ml, ' +
      'src/ as src_api) and sticky-pi-ml (src/ as src, from a sibling checkout ../../sticky-pi-ml-git). ' +
      `Read at sticky-pi-ml ${ML_COMMIT} (main), tagged <api-commit>-<ml-commit>. Not sticky-pi-ml develop: its detect_client calls ` +
      'get_images_to_annotate, whose server side reads a field uid.py does not send. detectron2 HEAD asserts torch >= 1.8, ' +
      'which the image\'s torch 1.6.0+cpu fails: the build checks out detectron2 v0.4.1.',
  },
  user: {
    uid: 0,
    anyUid: true,
    source: [at('server/ml/Dockerfile', 'L1-47'), pyBuster('3.8/slim-buster/Dockerfile')],
    note: 'No USER in server/ml/Dockerfile nor in python:3.8-slim-buster. Writes only the bundle and client dirs, TMPDIR and HOME.',
  },
  entrypoint: {
    cmd: ['python3'],
    workdir: '/',
    source: [at('server/ml/Dockerfile', 'L45-47'), pyBuster('3.8/slim-buster/Dockerfile', 'CMD ["python3"]')],
    note: 'No CMD of its own (commented out) and no WORKDIR anywhere: CMD ["python3"] and cwd / are inherited; `COPY uid.py .` puts it at /uid.py.',
  },
  programs: [
    {
      command: 'python /uid.py',
      flags: [],
      source: [at('server/ml/uid.py', 'L1-25'), at('server/docker-compose.yml', 'L49')],
      note:
        'uid.py has no argument parser and never reads sys.argv: compose\'s `python uid.py -v predict` passes -v and ' +
        'predict, which are ignored (give none). Compose\'s relative uid.py is /uid.py (no WORKDIR: cwd /). It syncs the bundle ' +
        'universal-insect-detector from the API into BUNDLE_ROOT_DIR/universal-insect-detector, then ' +
        'Predictor.detect_client(info=[{device "%", 2021-01-01 .. 2100-01-01}]) processes every image without an annotation ' +
        'of the bundle\'s version, uploads the annotations and exits 0. device="cpu" is hard-coded (L19). ' +
        'detect_client at sticky-pi-ml main (this contract) uses get_images_with_uid_annotations_series; at sticky-pi-ml ' +
        'develop it calls get_images_to_annotate, whose server side reads i["algo_name"], which uid.py does not send (KeyError, HTTP 500).',
      env: [
        { name: 'BUNDLE_ROOT_DIR', required: true, source: at('server/ml/uid.py', 'L8'), note: 'os.environ[...] at import: KeyError without it' },
        { name: 'LOCAL_CLIENT_DIR', required: true, source: at('server/ml/uid.py', 'L11'), note: 'the client writes LOCAL_CLIENT_DIR/client (cache/cache.pkl shelve, downloads)' },
        { name: 'RSHINY_UPSTREAM_ROOT_URL', required: true, source: [at('server/ml/uid.py', 'L12'), at('src/sticky_pi_api/client.py', 'L432-452')], note: 'API host; the client builds "%s://%s:%i/%s" % (protocol, host, port, route)' },
        { name: 'UID_USER', required: true, source: at('server/ml/uid.py', 'L13'), note: 'must equal the API\'s UID_USER (the API creates that user at start)' },
        { name: 'UID_PASSWORD', required: true, source: at('server/ml/uid.py', 'L14') },
        { name: 'RSHINY_UPSTREAM_PROTOCOL', required: true, source: at('server/ml/uid.py', 'L14') },
        { name: 'RSHINY_UPSTREAM_PORT', required: true, source: at('server/ml/uid.py', 'L15'), note: 'int()' },
        {
          name: 'TMPDIR',
          source: ml('src/sticky_pi_ml/universal_insect_detector/predictor.py', 'L94-100'),
          note: 'each image is downloaded into tempfile.mkdtemp() (default /tmp), which must NOT be /tmp in Kubernetes (code lives there)',
        },
        {
          name: 'REQUESTS_CA_BUNDLE',
          source: [at('src/sticky_pi_api/client.py', 'L460, L620, L635'), ml('src/sticky_pi_ml/universal_insect_detector/predictor.py', 'L98')],
          note: 'requests is called without verify=: TLS is verified against certifi unless REQUESTS_CA_BUNDLE (read by requests) names another bundle. Needed only with a private CA',
        },
      ],
    },
  ],
  writes: [
    { path: '/opt/ml_bundle_dir', source: [at('server/ml/Dockerfile', 'L42'), at('server/docker-compose.yml', 'L51'), ml('src/sticky_pi_ml/ml_bundle.py', 'L34-64, L108-114, L139-142')], note: 'BUNDLE_ROOT_DIR: bundle data/, config/, output/ (model_final.pth, .version.txt written)' },
    { path: '/opt/api_api_client', source: [at('server/ml/Dockerfile', 'L43'), at('server/docker-compose.yml', 'L52'), at('src/sticky_pi_api/client.py', 'L103-104')], note: 'LOCAL_CLIENT_DIR' },
    { path: '$TMPDIR', source: ml('src/sticky_pi_ml/universal_insect_detector/predictor.py', 'L96') },
    { path: '$HOME', source: ml('src/sticky_pi_ml/universal_insect_detector/ml_bundle.py', 'L35-40'), note: 'only if output/model_final.pth is missing: the model-zoo checkpoint is downloaded into the fvcore/iopath cache under HOME' },
  ],
  code: [
    { path: '/tmp/sticky_pi_api', source: at('server/ml/Dockerfile', 'L29-31'), note: 'editable install (pip install -e) of sticky_pi_api: a volume on /tmp hides it' },
    { path: '/tmp/sticky_pi_ml', source: at('server/ml/Dockerfile', 'L33-35'), note: 'editable install of sticky_pi_ml: a volume on /tmp hides it' },
    { path: '/detectron2_repo', source: at('server/ml/Dockerfile', 'L22-23'), note: 'editable install of detectron2 (cloned at build time, relative to WORKDIR /)' },
    { path: '/uid.py', source: at('server/ml/Dockerfile', 'L45') },
    { path: '/usr/local/lib/python3.8/site-packages', source: [at('server/ml/Dockerfile', 'L12-15'), pyBuster('3.8/slim-buster/Dockerfile')], note: 'torch==1.6.0+cpu, torchvision==0.7.0+cpu: CPU-only wheels, no CUDA' },
  ],
  assumptions: [
    {
      what:
        'The build is not reproducible upstream and fails as written today: `git clone` of detectron2 HEAD asserts ' +
        'torch >= 1.8 against torch 1.6.0+cpu, and sticky-pi-ml requires the PyPI package `sklearn`, which refuses to install. ' +
        'The build script must check out detectron2 v0.4.1 (accepts torch >= 1.6) and allow or replace sklearn; ' +
        'whether sticky-pi-ml works with that detectron2 must be confirmed by a test run on a real bundle.',
      configuredAt: 'build script (docs/sticky-pi.md, Images)',
    },
    {
      what: 'A trained universal-insect-detector bundle (config/config.yaml, output/model_final.pth) must be in the S3 bucket under ml/; without it every run fails',
      configuredAt: 'operator task before enabling systems.stickyPi.insectDetector',
    },
  ],
};


export const SPI_API = new ImageContract(spiApi);
export const SPI_WEBAPP = new ImageContract(spiWebapp);
export const SPI_ML = new ImageContract(spiMl);
