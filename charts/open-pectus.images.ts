/**
 * Image contracts for the Open Pectus system of LabStack (charts/open-pectus.ts and the sqlite
 * backup job of constructs/backup.ts), read upstream. See open-pectus.md for the defects found in
 * the current rendering.
 *
 * Versions read:
 *  - Open-Pectus/Open-Pectus main = 43ad8afcbd8d47fd6af07f81c49ce53273a19777 (2026-07-21); the repo has no git tags.
 *  - Open-Pectus/Database-Administration main = 6694742e5a85e539bc8f802a479efb37c945260d (2025-06-17); no git tags.
 *  - KEINOS/Dockerfile_of_SQLite3 git tag 3.46.1-20240813 = c377eb80bd4800b6b7ea1e9ed8efb12b5b9afd9b
 *    (the Docker tag 3.46.1 was built from this Dockerfile, unchanged from 2024-06-26 to 2025-01-07).
 */
import { ImageContract, ImageContractSpec, sourceIn } from '../constructs/image-contract';

const OPEN_PECTUS_MAIN = '43ad8afcbd8d47fd6af07f81c49ce53273a19777';
const DATABASE_ADMINISTRATION_MAIN = '6694742e5a85e539bc8f802a479efb37c945260d';
const KEINOS_3_46_1 = 'c377eb80bd4800b6b7ea1e9ed8efb12b5b9afd9b'; // git tag 3.46.1-20240813
const KEINOS_HEAD = '1e6fcacbc593adbdf573e660ffaddb28ba885e50';

const op = sourceIn('Open-Pectus/Open-Pectus', OPEN_PECTUS_MAIN);
const da = sourceIn('Open-Pectus/Database-Administration', DATABASE_ADMINISTRATION_MAIN);
const keinos = sourceIn('KEINOS/Dockerfile_of_SQLite3', KEINOS_3_46_1);
const keinosHead = sourceIn('KEINOS/Dockerfile_of_SQLite3', KEINOS_HEAD);
/** docker/metadata-action@v5 resolves to v5.10.0 (c299e40c65443455700f0fdfc63efafe5b349051). */
const metadataAction = sourceIn('docker/metadata-action', 'v5.10.0');
const buildkit = sourceIn('moby/buildkit', '0070379ba808007d6ac1052e0fa1cfde35a52bd0');
/** flit_core >=3.2,<4 (pyproject build-system): the newest 3.x is 3.12.0. */
const flit = sourceIn('pypa/flit', '3.12.0');
const pylsp = sourceIn('python-lsp/python-lsp-server', '01b1be282fe61afda9e8884d4cdb25e81a147ec1');
const sentrySdk = sourceIn('getsentry/sentry-python', '012e00d9f41f52b804aeaaf9583e24980a7820de');
const webpushLib = sourceIn('delvinru/webpush-py', '27ad34560ff64526d4bce1ea3ca01f833c7e0fdf');
/** starlette-admin is unpinned in Database-Administration; 0.15.1 is the last release tag before the image build (2025-06-17). */
const starletteAdmin = sourceIn('jowilf/starlette-admin', '0.15.1');
const sqliteShell = sourceIn('sqlite/sqlite', '012589ecabb5debd4b9a37e96da027e4f41b8838');
const sqliteOsUnix = sourceIn('sqlite/sqlite', 'ba3e9ba6737dbbcc32525462c6cb9dd77c779445');
const aports = sourceIn('alpinelinux/aports', '05253d2ccfbc33afa159c80635963e9c34d8cf45');

// ---------------------------------------------------------------------------------------------
// ghcr.io/open-pectus/open-pectus — the aggregator
// ---------------------------------------------------------------------------------------------
const openPectusAggregator: ImageContractSpec = {
  repository: 'ghcr.io/open-pectus/open-pectus',
  description: 'Open Pectus aggregator: FastAPI/uvicorn server with the Angular frontend, engine websockets and a sqlite database',
  tags: {
    pinned: 'main',
    moving: ['main'],
    source: [
      op('.github/workflows/combined-workflows.yml', 'L5-14'),
      op('.github/workflows/combined-workflows.yml', 'L204-239'),
      metadataAction('src/tag.ts', 'L56-64'),
      metadataAction('src/meta.ts', 'L296-310'),
      metadataAction('src/meta.ts', 'L654-655'),
      op('docs/src/Deployment.rst', 'L195-204'),
    ],
    note:
      'Pushed only on push to main (SHOULD_PUBLISH_IMAGE = github.ref == refs/heads/main; on.push has only a branches filter, ' +
      'so tag pushes never run the workflow). docker/metadata-action@v5 without a tags input uses type=schedule, ' +
      'type=ref,event=branch|tag|pr: a push to main yields exactly the tag `main` (no `latest`: latest=auto is false for ' +
      'branches) and the image name is lowercased (ghcr.io/open-pectus/open-pectus). The repository has no git tags, so no ' +
      'version tags exist (v0.9.0 does not). Upstream itself deploys :main. Pin main@sha256:<digest>; the digest carries ' +
      'the label org.opencontainers.image.revision=<commit> (metadata-action src/meta.ts L548) and GET /api/build_info ' +
      'returns {build_number, git_sha} (workflow L149-156). The PyPI package of the same build is openpectus==0.1.<run_number> (workflow L157-160).',
  },
  user: {
    uid: 0,
    anyUid: true,
    source: [op('openpectus/Dockerfile', 'L1-18'), op('openpectus/aggregator/webpush_publisher.py', 'L27-54'), op('openpectus/aggregator/main.py', 'L55-60')],
    note:
      'No USER: root. Runs as any non-root uid: it writes only the sqlite database (and its -journal) in the directory of ' +
      '--database, the three VAPID key files in --webpush_keys_path, and SQLite temp files in the first writable of ' +
      '$SQLITE_TMPDIR, $TMPDIR, /var/tmp, /usr/tmp, /tmp. Port 8300 is unprivileged. Code, alembic scripts and the ' +
      'frontend are only read (pip compiled the .pyc at install; Python skips writing bytecode when it cannot).',
  },
  entrypoint: {
    cmd: ['/bin/sh', '-c', 'pectus-aggregator --host 0.0.0.0 --port $AGGREGATOR_PORT --database /data/open_pectus_aggregator.sqlite3 --webpush_keys_path /webpush_keys'],
    workdir: '/',
    source: [op('openpectus/Dockerfile', 'L1-18'), buildkit('frontend/dockerfile/dockerfile2llb/convert.go', 'dispatchStages: "make sure that PATH is always set"')],
    note:
      'No ENTRYPOINT; shell-form CMD. The final stage is FROM scratch + COPY --from=base / /, so the base stage WORKDIR ' +
      '(/usr/src/app) and the python image ENV (LANG, PYTHON_VERSION, ...) are not in the image config: the working ' +
      'directory is / and only ENV AGGREGATOR_PORT=8300 plus the PATH BuildKit adds to every stage remain ' +
      '(/usr/local/sbin:/usr/local/bin:...; pectus-aggregator is in /usr/local/bin). Python is python:3.13-alpine at build ' +
      'time (floating): 3.13.14 per docker-library/python versions.json L75 at 4f07059567fa61c80397126e8063dbbde011b794 (the ' +
      'last commit of that mirror, 2026-06-23) for a build of 43ad8af on 2026-07-21 — a later 3.13.x if one was published in between.',
  },
  programs: [
    {
      command: 'pectus-aggregator',
      main: true,
      flags: [
        '-h', '--help',
        '-host', '--host',
        '-p', '--port',
        '-fdd', '--frontend_dist_dir',
        '-sev', '--sentry_event_level',
        '-db', '--database',
        '-secret', '--secret',
        '-wpk', '--webpush_keys_path',
      ],
      source: [op('pyproject.toml', 'L96-98'), op('openpectus/aggregator/main.py', 'L20-38')],
      note:
        'argparse (add_help default). Defaults: --host 127.0.0.1, --port 9800, --database <cwd>/open_pectus_aggregator.sqlite3 ' +
        '(cwd is / in the image), --webpush_keys_path <site-packages>/openpectus/aggregator/webpush_keys (read-only code ' +
        'dir!), --frontend_dist_dir <site-packages>/openpectus/aggregator/frontend-dist, --secret "" (any engine may connect), ' +
        '--sentry_event_level WARNING (DEBUG|INFO|WARNING|ERROR). No positional arguments. On start: alembic upgrade head on ' +
        'the database (main.py L55-58), then uvicorn.run (aggregator_server.py L98-99).',
    },
  ],
  env: [
    {
      name: 'ENABLE_AZURE_AUTHENTICATION',
      source: [op('openpectus/aggregator/main.py', 'L50-53'), op('openpectus/aggregator/routers/auth.py', 'L18')],
      note: 'Case-insensitive "true" enables Azure AD token checks; anything else (or unset) disables them.',
    },
    {
      name: 'AZURE_DIRECTORY_TENANT_ID',
      source: op('openpectus/aggregator/routers/auth.py', 'L19-29'),
      note: 'Required when ENABLE_AZURE_AUTHENTICATION=true: `assert tenant_id is not None` at import, the process exits.',
    },
    {
      name: 'AZURE_APPLICATION_CLIENT_ID',
      source: op('openpectus/aggregator/routers/auth.py', 'L20-29'),
      note: 'Required when ENABLE_AZURE_AUTHENTICATION=true (assert at import). Also the JWT audience and the client id served at GET /auth/config.',
    },
    {
      name: 'WEBPUSH_SUBSCRIBER_EMAIL',
      source: [op('openpectus/aggregator/webpush_publisher.py', 'L43-52'), webpushLib('webpush/__init__.py', 'class WebPush.__init__ (subscriber: EmailStr)')],
      note: 'Optional; without it a warning is logged and web push is disabled. A plain e-mail address (the library types it EmailStr), not mailto:.',
    },
    {
      name: 'SENTRY_DSN',
      source: [op('openpectus/aggregator/main.py', 'L46-49'), op('openpectus/sentry.py', 'L30-81'), sentrySdk('sentry_sdk/client.py', '_get_options: rv["dsn"] = os.environ.get("SENTRY_DSN")')],
      note: 'Optional. sentry_sdk.init() is always called without dsn, so the SDK reads SENTRY_DSN; unset = no events. main.py L47 logs the DSN in clear text at INFO.',
    },
    {
      name: 'SENTRY_ENVIRONMENT',
      source: [op('openpectus/sentry.py', 'L45-75'), sentrySdk('sentry_sdk/client.py', '_get_options: rv["environment"] = os.environ.get("SENTRY_ENVIRONMENT") or "production"')],
      note: 'Optional; read by sentry_sdk because init_aggregator passes no environment. LabStack does not set it (could set the instance name).',
    },
    {
      name: 'HOME',
      source: [pylsp('pylsp/config/source.py', 'L15-20'), op('openpectus/aggregator/routers/lsp.py', 'L107-125')],
      note: 'Not read by Open Pectus code; read (for ~/.config, read-only) by python-lsp-server, which the aggregator runs per /api/lsp/websocket connection. LabStack sets /tmp.',
    },
  ],
  ports: [
    {
      port: 8300,
      protocol: 'http',
      source: [op('openpectus/Dockerfile', 'L15-18'), op('openpectus/aggregator/main.py', 'L24-25')],
      note: 'Only by --port (code default 9800); the image CMD passes $AGGREGATOR_PORT=8300. HTTP and websockets on the same port.',
    },
  ],
  writes: [
    {
      path: '/data',
      source: [op('openpectus/aggregator/main.py', 'L55-60'), op('openpectus/aggregator/data/database.py', 'L49-57'), op('openpectus/Dockerfile', 'L5')],
      note:
        'Directory of --database: sqlite:///<file> created by alembic upgrade on start, plus SQLite rollback journal ' +
        '<file>-journal (no WAL pragma anywhere in the aggregator), so the directory must be writable, not only the file.',
    },
    {
      path: '/webpush_keys',
      source: [op('openpectus/aggregator/webpush_publisher.py', 'L27-54'), op('openpectus/Dockerfile', 'L6')],
      note:
        'Directory of --webpush_keys_path: reads private_key.pem, public_key.pem, applicationServerKey; if any read fails ' +
        'it generates keys and creates the three files with mode x (exclusive). Any OSError (unwritable dir, or a partial ' +
        'set where one file exists) is swallowed: app_server_key=None and web push is silently off.',
    },
    {
      path: '/tmp',
      source: [sqliteOsUnix('src/os_unix.c', 'azTempDirs, unixTempFileInit, unixTempFileDir')],
      note: 'SQLite temp files go to the first writable+searchable of $SQLITE_TMPDIR, $TMPDIR, /var/tmp, /usr/tmp, /tmp, "."; with a read-only root that is /tmp.',
    },
  ],
  code: [
    {
      path: '/usr/local',
      source: [op('openpectus/Dockerfile', 'L1-9'), op('pyproject.toml', 'L96-105'), flit('flit_core/flit_core/wheel.py', 'L171-177')],
      note:
        'python:3.13-alpine prefix: interpreter, /usr/local/bin/pectus-aggregator, site-packages. flit external-data also ' +
        'installs a copy of the frontend files into the data scheme (= sys.prefix = /usr/local).',
    },
    {
      path: '/usr/local/lib/python3.13/site-packages/openpectus',
      source: [op('openpectus/aggregator/aggregator_server.py', 'L25-31'), op('openpectus/aggregator/alembic.ini', 'L5'), op('openpectus/__init__.py', 'L15-19'), flit('flit_core/flit_core/common.py', 'L89-109')],
      note:
        'The package with aggregator/frontend-dist (served; flit packs every file of the package dir), ' +
        'aggregator/alembic.ini and data/alembic (migrations run at start) and build.json (read at import).',
    },
  ],
  authentication: [
    {
      id: 'azure',
      mechanism:
        'Azure AD (Entra ID) tokens in the header X-Identity, checked against the tenant\'s signing keys with the client ID as audience, ' +
        'on the process-unit and recent-run API (/api/process_unit*, /api/recent_runs*) and the user\'s web-push settings',
      enabledBy: 'ENABLE_AZURE_AUTHENTICATION=true (case-insensitive) with AZURE_DIRECTORY_TENANT_ID and AZURE_APPLICATION_CLIENT_ID',
      open:
        'the web app itself (the SPA), /version, /auth/config, /api/webpush/config, and the websockets /api/frontend-pubsub (change ' +
        'notifications) and /api/lsp/websocket (a python-lsp-server per connection); engines register at /engine-rest and connect ' +
        'to /engine-rpc with the engine secret (--secret), not with Azure',
      whenOff:
        'every API call is made as the user "Anon" without roles: anyone who reaches the host sees every process unit and run ' +
        'whose engine requires no role, and sends commands and methods to those engines (POST /api/process_unit/<id>/execute_command, ' +
        '/method, /run_log/force_line, /run_log/cancel_line)',
      source: [
        op('openpectus/aggregator/routers/auth.py', 'L18-29'),
        op('openpectus/aggregator/routers/auth.py', 'L46-113'),
        op('openpectus/aggregator/routers/auth.py', 'L124-126'),
        op('openpectus/aggregator/aggregator_server.py', 'L71-78'),
        op('openpectus/aggregator/routers/process_unit.py', 'L186-230, L284-300, L353-380'),
        op('openpectus/aggregator/routers/webpush.py', 'L16-58'),
        op('openpectus/aggregator/frontend_publisher.py', 'L25-30'),
        op('openpectus/aggregator/routers/lsp.py', 'L107-130'),
        op('openpectus/aggregator/aggregator_message_handlers.py', 'L36-41'),
        op('openpectus/protocol/dispatch_interface.py', 'L9-10'),
      ],
      note:
        'The routers of process units and recent runs depend on UserRolesDependency, which decodes X-Identity only when use_auth; ' +
        'without it user_name() returns "Anon", user_roles() an empty set and user_id() None, and has_access() lets an empty role ' +
        'set see every engine or run whose required_roles is empty. Neither the LSP nor the pub/sub websocket checks a token, ' +
        'with or without Azure.',
    },
  ],
  health: [
    {
      path: '/version',
      port: 8300,
      dependsOn: 'nothing: the process answers (route included before the SPA mount; the DB session middleware opens no connection for it)',
      source: [op('openpectus/aggregator/routers/version.py', 'L8-10'), op('openpectus/aggregator/aggregator_server.py', 'L52'), op('openpectus/aggregator/aggregator_server.py', 'L76-78'), op('openpectus/aggregator/data/database.py', 'L69-80')],
      note: 'Returns the JSON string __version__ ("0.1.<run_number>") with 200. Served only after alembic migrations finished (uvicorn starts after them).',
    },
    {
      path: '/auth/config',
      port: 8300,
      dependsOn: 'nothing: module-level values from the environment',
      source: [op('openpectus/aggregator/routers/auth.py', 'L31-38'), op('openpectus/aggregator/aggregator_server.py', 'L74')],
      note: 'Real route (used by the frontend and by engines). Note: /health, which engines poll (protocol/dispatch_interface.py L11), is NOT a route: it falls through to the SPA and returns index.html with 200 (spa.py L22-37).',
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// ghcr.io/open-pectus/database-administration
// ---------------------------------------------------------------------------------------------
const openPectusDatabaseAdministration: ImageContractSpec = {
  repository: 'ghcr.io/open-pectus/database-administration',
  description: 'starlette-admin web UI over the aggregator sqlite database, mounted at /admin',
  tags: {
    pinned: 'main',
    moving: ['main'],
    source: [
      da('.github/workflows/cd.yml', 'L5-14'),
      da('.github/workflows/cd.yml', 'L53-75'),
      metadataAction('src/tag.ts', 'L56-64'),
      metadataAction('src/meta.ts', 'L296-302'),
      da('README.md', 'L10-15'),
    ],
    note:
      'Same mechanism as the aggregator: only `main`, pushed on pushes to main; no git tags in the repository, so v0.9.0 ' +
      'does not exist. The last commit on main is 6694742 (2025-06-17), so the current :main was built then (if that run ' +
      'succeeded) and is not rebuilt when Open Pectus changes. Pin main@sha256:<digest>.',
  },
  user: {
    uid: 0,
    anyUid: true,
    source: [da('Dockerfile', 'L1-15'), da('openpectus_database_administration/app.py', 'L61-80')],
    note: 'No USER: root. Writes only the sqlite database when rows are edited (journal beside it) and SQLite temp files; sessions are signed cookies (SessionMiddleware with a per-process random key).',
  },
  entrypoint: {
    cmd: ['/bin/sh', '-c', 'pectus-database-administration --host 0.0.0.0 --port 8301 --database /data/open_pectus_aggregator.sqlite3'],
    workdir: '/',
    source: [da('Dockerfile', 'L1-15'), buildkit('frontend/dockerfile/dockerfile2llb/convert.go', 'dispatchStages: "make sure that PATH is always set"')],
    note:
      'No ENTRYPOINT; FROM scratch final stage (WORKDIR and python ENV dropped, BuildKit default PATH). Installs its sdist ' +
      'and `pip install openpectus --no-deps` = the newest openpectus on PyPI at build time (not the aggregator build it is ' +
      'paired with). Python: python:3.13-alpine at build time: 3.13.5 (docker-library/python 3fae0a14ac171f46e47d7ce41567e40524af5bcc, ' +
      '2025-06-11) or 3.13.4 if the official image was not yet republished on 2025-06-17.',
  },
  programs: [
    {
      command: 'pectus-database-administration',
      main: true,
      flags: ['-h', '--help', '-host', '--host', '-p', '--port', '-db', '--database'],
      source: [da('pyproject.toml', 'L62-63'), da('openpectus_database_administration/app.py', 'L30-38')],
      note: 'argparse. --database is required; defaults --host 127.0.0.1, --port 4200. No positional arguments.',
    },
  ],
  env: [
    {
      name: 'ENABLE_AZURE_AUTHENTICATION',
      source: [da('openpectus_database_administration/app.py', 'L57-59'), da('openpectus_database_administration/auth_provider.py', 'L21')],
      note: 'app.py compares exactly == "true" (case-sensitive) to install the Azure auth provider; auth_provider.py lowercases. Use lowercase "true". Without it the UI has no access control.',
    },
    {
      name: 'AZURE_DIRECTORY_TENANT_ID',
      source: da('openpectus_database_administration/auth_provider.py', 'L22-33'),
      note: 'Required when auth is enabled (assert at import).',
    },
    {
      name: 'AZURE_APPLICATION_CLIENT_ID',
      source: da('openpectus_database_administration/auth_provider.py', 'L23-33'),
      note: 'Required when auth is enabled (assert at import).',
    },
    {
      name: 'AZURE_CLIENT_SECRET',
      source: [da('openpectus_database_administration/auth_provider.py', 'L24-31'), da('openpectus_database_administration/auth_provider.py', 'L171-175')],
      note: 'Required when auth is enabled (assert at import); msal ConfidentialClientApplication credential. Users need the app role "Administrator"; the redirect URI is <scheme>://<host>/admin/msal (README L21).',
    },
  ],
  ports: [
    {
      port: 8301,
      protocol: 'http',
      source: [da('Dockerfile', 'L14-15'), da('openpectus_database_administration/app.py', 'L34-35')],
      note: 'Only by --port (default 4200). uvicorn runs with proxy_headers=True, forwarded_allow_ips="*" (app.py L96): X-Forwarded-Proto from any peer decides the scheme of generated URLs.',
    },
  ],
  writes: [
    {
      path: '/data',
      source: [da('openpectus_database_administration/app.py', 'L43'), da('openpectus_database_administration/app.py', 'L61-68')],
      note: 'The database file must already exist: `assert os.path.isfile(args.database)` — the process exits (AssertionError) until the aggregator has created it. Edits write the file and a -journal in the same directory.',
    },
    {
      path: '/tmp',
      source: sqliteOsUnix('src/os_unix.c', 'azTempDirs, unixTempFileDir'),
      note: 'SQLite temp files (first writable of $SQLITE_TMPDIR, $TMPDIR, /var/tmp, /usr/tmp, /tmp).',
    },
  ],
  code: [
    {
      path: '/usr/local',
      source: [da('Dockerfile', 'L1-8'), da('openpectus_database_administration/app.py', 'L70-71')],
      note: 'Interpreter, /usr/local/bin/pectus-database-administration, site-packages (openpectus_database_administration with templates/ and static/, openpectus, starlette_admin).',
    },
  ],
  authentication: [
    {
      id: 'azure',
      mechanism:
        'Azure AD (Entra ID) sign-in through MSAL (authorization code flow, client secret) into a session cookie; only users with ' +
        'the app role "Administrator" get in',
      enabledBy:
        'ENABLE_AZURE_AUTHENTICATION exactly "true" (app.py compares case-sensitively) with AZURE_DIRECTORY_TENANT_ID, ' +
        'AZURE_APPLICATION_CLIENT_ID and AZURE_CLIENT_SECRET',
      open: 'the static files under /admin/statics, the login page and the callback /admin/msal',
      whenOff:
        'it has no access control of its own (upstream README: "the web interface has no access restrictions"): anyone who reaches ' +
        '/admin reads, edits and deletes every row of every table of the aggregator\'s database',
      source: [
        da('openpectus_database_administration/app.py', 'L57-59'),
        da('openpectus_database_administration/app.py', 'L61-88'),
        da('openpectus_database_administration/auth_provider.py', 'L21-31'),
        da('openpectus_database_administration/auth_provider.py', 'L62-130'),
        da('README.md', 'L18-27'),
        starletteAdmin('starlette_admin/base.py', 'L136-138'),
        starletteAdmin('starlette_admin/auth.py', 'L298-330'),
        starletteAdmin('starlette_admin/views.py', 'L672-682'),
      ],
      note:
        'Without ENABLE_AZURE_AUTHENTICATION=true, Admin() gets auth_provider=None: starlette-admin installs no authentication ' +
        'middleware and every ModelView allows create, edit and delete. The image has no other login, user list or password.',
    },
  ],
  health: [
    {
      path: '/admin/statics/favicon.ico',
      port: 8301,
      dependsOn: 'nothing: a static file of the package; the "statics" route is always allowed by the auth middleware',
      source: [da('openpectus_database_administration/app.py', 'L71-72'), starletteAdmin('starlette_admin/base.py', 'L140-144'), starletteAdmin('starlette_admin/auth.py', 'L310-330'), starletteAdmin('starlette_admin/contrib/sqla/admin.py', 'L25-30')],
      note: 'Recommended for all probes: 200 without redirects, with or without Azure auth, no template rendering.',
    },
    {
      path: '/admin/',
      port: 8301,
      dependsOn: 'nothing: renders index.html (no database query)',
      source: [da('openpectus_database_administration/app.py', 'L81-94'), da('openpectus_database_administration/templates/index.html', 'L1-8'), starletteAdmin('starlette_admin/views.py', 'L151'), starletteAdmin('starlette_admin/auth.py', 'L331-370')],
      note: '200 without auth; with ENABLE_AZURE_AUTHENTICATION=true an unauthenticated request gets 303 to /admin/login?next=... (login page 200). kubelet follows same-host redirects.',
    },
    {
      path: '/',
      port: 8301,
      dependsOn: 'nothing: a 307 redirect to url_for("admin:index") = /admin/',
      source: da('openpectus_database_administration/app.py', 'L45-55'),
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// docker.io/keinos/sqlite3 — sqlite3 CLI for the backup CronJob
// ---------------------------------------------------------------------------------------------
const keinosSqlite3: ImageContractSpec = {
  repository: 'docker.io/keinos/sqlite3',
  description: 'Alpine with a sqlite3 CLI built from the latest SQLite release; busybox sh and coreutils',
  tags: {
    pinned: '3.46.1',
    versions: /^\d+\.\d+\.\d+$/,
    source: [
      keinos('build-images.sh', 'L26-40'),
      keinos('build-images.sh', 'L152-165'),
      keinos('.github/workflows/deploy-on-merge.yml', 'L3-31'),
      keinos('VERSION_SQLite3.txt', 'L1-2'),
      keinos('.github/workflows/weekly-update.yml', 'L21-40'),
      keinos('check-updates.sh', 'L55-100'),
      keinos('README.md', 'L77'),
    ],
    note:
      'Docker tags are `latest` and `<sqlite version>` taken from VERSION_SQLite3.txt; both are (re)pushed by ' +
      'build-images.sh --push --buildx on every merged PR to master (deploy-on-merge), so a version tag is mutable while ' +
      'that version is current. VERSION_SQLite3.txt said 3.46.1 from 469319a3 (PR #57, 2024-08-26) through c377eb80 (#59, ' +
      '2024-09-16, VERSION_OS 3.20.3) and fed74f3e (#60, 2024-10-12) until 9e8d27bf (#61, 2024-10-29) moved it to 3.47.0: ' +
      'so keinos/sqlite3:3.46.1 was pushed (last by #60 at the latest) and is no longer rebuilt — frozen on Alpine 3.20.3. ' +
      'The git tags (3.46.1-20240813, ...-tini, ...-static) are not Docker tags. Docker Hub could not be queried: the ' +
      'existence of the tag is derived from the workflow, not observed. The Dockerfile downloads ?r=release (the newest ' +
      'SQLite at build time), which was 3.46.1 for every build while the file said 3.46.1 (3.47.0 came 2024-10-21). ' +
      `Current upstream: VERSION 3.52.0 / Alpine 3.23.3 at ${KEINOS_HEAD}; since 1fd80f0 (2025-01-07) the image has ` +
      'ENTRYPOINT ["/sbin/tini","-g","--"] and since 673ac5e (2025-09-24) a static sqlite3.',
  },
  user: {
    uid: 100,
    anyUid: true,
    source: [keinos('Dockerfile', 'L58-67'), aports('main/busybox/busyboxconfig', 'CONFIG_FIRST_SYSTEM_ID=100')],
    note:
      'USER sqlite (a name): a system user made by busybox `adduser -S`, whose uid is the first free id from 100 — not ' +
      'fixed in the Dockerfile; 100 is inferred, not read. Irrelevant to LabStack, which sets runAsUser 10001 (needed: ' +
      'runAsNonRoot cannot check a non-numeric USER). The CLI writes only the files it is told to (/backup, /data) and ' +
      'SQLite temp files (/tmp); the final stage proves sqlite3 runs as a non-root user (RUN /run-test.sh after USER, L70).',
  },
  entrypoint: {
    cmd: ['/bin/sh', '-c', '/usr/bin/sqlite3'],
    source: [keinos('Dockerfile', 'L48-80'), keinosHead('Dockerfile', 'L93-97')],
    note:
      'No ENTRYPOINT and no WORKDIR in the 3.46.1 Dockerfile; CMD is shell form. A Kubernetes `command` replaces it ' +
      'entirely, so /bin/sh /scripts/sqlite.sh runs as given. (Images built after 2025-01-07 have ENTRYPOINT tini -g --; a ' +
      'container `command` overrides that too.) HEALTHCHECK (L76-80) is ignored by Kubernetes. Base alpine:latest = 3.20.3.',
  },
  programs: [
    {
      command: '/bin/sh',
      source: [keinos('Dockerfile', 'L48'), aports('main/busybox/busyboxconfig', 'CONFIG_SH_IS_ASH=y, CONFIG_ASH=y')],
      note: 'busybox ash of alpine:latest. Runs /scripts/sqlite.sh and /scripts/sqlite-restore.sh (POSIX sh; they source /scripts/lib.sh).',
    },
    {
      command: 'sqlite3',
      main: true,
      flags: ['-bail', '-cmd'],
      source: [keinos('Dockerfile', 'L52'), sqliteShell('src/shell.c.in', 'main: option loop (-bail, -cmd); zOptions')],
      note:
        'Only the options LabStack uses are listed (sqlite.sh: -bail -cmd ".timeout N" DB ".backup FILE"; both scripts: ' +
        'DB "PRAGMA integrity_check;"). It is also what the image runs without a command (CMD /usr/bin/sqlite3). Read in the trunk shell.c.in: the 3.46.1 source could not be fetched (sqlite/sqlite ' +
        'snapshot too large); confirm with `sqlite3 -help` in the image. Positional: the database, then SQL/dot-commands.',
    },
    ...(
      [
        ['date', [], 'CONFIG_DATE'],
        ['ls', ['-1'], 'CONFIG_LS'],
        ['grep', ['-E'], 'CONFIG_GREP, CONFIG_EGREP'],
        ['sort', ['-r'], 'CONFIG_SORT'],
        ['tail', ['-n'], 'CONFIG_TAIL, CONFIG_FEATURE_FANCY_TAIL'],
        ['head', ['-n'], 'CONFIG_HEAD'],
        ['mv', ['-f'], 'CONFIG_MV'],
        ['rm', ['-f'], 'CONFIG_RM'],
        ['cp', [], 'CONFIG_CP'],
        ['basename', [], 'CONFIG_BASENAME'],
        ['dirname', [], 'CONFIG_DIRNAME'],
        ['sleep', [], 'CONFIG_SLEEP'],
      ] as const
    ).map(([command, flags, config]) => ({
      command,
      flags,
      source: [keinos('Dockerfile', 'L48'), aports('main/busybox/busyboxconfig', config)],
      note: 'busybox applet of the Alpine base, used by scripts/backup/{lib,sqlite,sqlite-restore}.sh; only the options the scripts use are listed. The aports revision read is older than Alpine 3.20; these core applets are enabled throughout.',
    })),
  ],
  env: [
    {
      name: 'HOME',
      source: sqliteShell('src/shell.c.in', 'process_sqliterc, find_xdg_file'),
      note: 'The sqlite3 shell reads $XDG_CONFIG_HOME/sqlite3/sqliterc or $HOME/.sqliterc at start (read only; missing file is fine). LabStack sets /tmp.',
    },
    {
      name: 'TMPDIR',
      source: sqliteOsUnix('src/os_unix.c', 'unixTempFileInit'),
      note: 'Optional (also SQLITE_TMPDIR); without it SQLite falls back to the first writable of /var/tmp, /usr/tmp, /tmp.',
    },
  ],
  writes: [
    { path: '/backup', source: keinos('Dockerfile', 'L52'), note: 'Not the image: LabStack\'s sqlite.sh writes the .partial copy (plus its -journal) and renames it here.' },
    { path: '/data', source: keinos('Dockerfile', 'L52'), note: 'sqlite-restore.sh writes <db>.restoring/.before-restore here; .backup reads the source (a hot -journal, if any, needs write access to roll back).' },
    { path: '/tmp', source: sqliteOsUnix('src/os_unix.c', 'azTempDirs, unixTempFileDir'), note: 'SQLite temp files for .backup / integrity_check when /var/tmp is read-only.' },
  ],
  code: [{ path: '/usr/bin/sqlite3', source: keinos('Dockerfile', 'L52') }],
};

export const OPEN_PECTUS_AGGREGATOR = new ImageContract(openPectusAggregator);
export const OPEN_PECTUS_DATABASE_ADMINISTRATION = new ImageContract(openPectusDatabaseAdministration);
export const SQLITE_CLI = new ImageContract(keinosSqlite3);
