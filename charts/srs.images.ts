/**
 * Image contracts of the private SRS images (srs-backend, srs-frontend, srs-data-extractor).
 *
 * Upstream is private: no source, Dockerfile or image config could be read. Every fact is an
 * assumption from the seed document and LabStack's own choices, listed in `assumptions` and in
 * docs/srs.md for the operator to confirm against their images.
 */
import { ImageContract, ImageContractSpec, labstackSource, seedSource, Source } from '../constructs/image-contract';

const seed = (at: string): Source => seedSource('003_cce44ad33b2a7697', at);
const labstack = labstackSource;


// ---------------------------------------------------------------------------------------------
// Private SRS images (unreadable): assumptions only
// ---------------------------------------------------------------------------------------------

const PRIVATE =
  'Private GitLab registry and repositories (gitlab.com/srs/srs-backend, srs-frontend, and the data extractor): no source, Dockerfile or ' +
  'image config is readable. Every fact below is an assumption from the seed document and LabStack\'s own choices.';

const privateTags = (image: string): ImageContractSpec['tags'] => ({
  pinned: '3f9c2a1e',
  // The tags the seed's pipeline pushes: CI_COMMIT_SHORT_SHA, 8 hexadecimal digits in GitLab (a longer
  // abbreviation when 8 are ambiguous), never a branch name.
  versions: /^[0-9a-f]{8,40}$/,
  source: [seed('L536-537'), seed('L550-552'), labstack('config/schema.ts', 'images.backend/frontend/dataExtractor'), labstack('config/prod.yaml')],
  note:
    `${image}: tags are CI_COMMIT_SHORT_SHA values pushed by the seed's GitLab CI ("replace the version of the docker images in the image url with the CI_COMMIT_SHORT_SHA"). ` +
    'Existence cannot be checked here; the seed warns the registry expiration policy may delete old tags (L552). 3f9c2a1e is the prod config value.',
});

const srsBackendContract: ImageContractSpec = {
  repository: 'registry.gitlab.com/srs/srs-backend',
  description: 'SRS backend (REST API for sensors, websockets, API documentation, exports; MongoDB)',
  tags: privateTags('srs-backend'),
  unreadable: PRIVATE,
  assumptions: [
    { what: 'Listens on port 4000 for REST, websockets and the API documentation (seed L134 tunnels 4000; L141 "SensorRecordingSoftware API documentation: http://localhost:4000"; the REST/ws port itself is never named).', configuredAt: 'systems.srs.backend.port (config/schema.ts)' },
    { what: 'GET <readinessPath> (default "/") answers 2xx/3xx when the backend is up (seed L141 only says the API documentation is on 4000; the path is a guess). A wrong path keeps the pod unready and the route dead.', configuredAt: 'systems.srs.backend.readinessPath (config/schema.ts)' },
    { what: 'A TCP connect on the port means alive (liveness/startup tcpSocket).', configuredAt: 'charts/srs.ts probes' },
    { what: 'REST API under /api (SRS_BACKEND_API_URL = https://<backend host>/api). Seed L504 only names the variable ("URL of the srs backend service API").', configuredAt: 'systems.srs.backend.apiPath (config/schema.ts)' },
    { what: 'Authenticated websockets at /ws and open websockets at /ws/open on the same host/port. Seed L505-506 name the variables ("sensors and cameras websockets", "active experiments status websocket"), not the paths.', configuredAt: 'systems.srs.backend.authenticatedWebsocketsPath, openWebsocketsPath (config/schema.ts)' },
    { what: 'Reads MONGODB_HOST and MONGODB_PORT. NOT in the seed: its variable list has only "MONGODB USER", "MONGODB PASSWORD", "MONGODB_DB_NAME" (L497-499); the compose setup probably hard-coded the host. If the backend ignores MONGODB_HOST it will try its built-in host name.', configuredAt: 'charts/srs.ts mongoClientEnv (MONGODB_HOST=mongodb, MONGODB_PORT=27017)' },
    { what: 'MONGODB_USER/MONGODB_PASSWORD name a user authenticated against the admin database (seed L652 uses ?authSource=admin). The seed gives the backend the root user (L497-498 "the root user of the mongodb database"); LabStack gives it its own user srs-backend with readWrite on the database only, so the backend must not need more (no commands on other databases, no user management).', configuredAt: 'Secret mongodb-users, key srs-backend (charts/srs.ts, constructs/databases/mongodb.ts)' },
    { what: 'MONGODB_DB_NAME is the application database (seed L499).', configuredAt: 'systems.srs.mongo.database (config/schema.ts)' },
    { what: 'PIPELINE_SENSORS_FILEPATH accepts an ABSOLUTE path (/etc/srs/sensors/default.sensors.json). The seed says "relative path from the srs-backend to a *.sensors.json file" (L503): if the code joins it to its own directory (e.g. Node path.join(__dirname, p)), an absolute path is NOT honoured.', configuredAt: 'charts/srs.ts (SENSORS_DIR)' },
    { what: 'The sensors file format is {"sensors":[{"id","type","name","settings"?}]} (seed L50 defers to the srs-backend README "Sensors config file"; format unknown).', configuredAt: 'charts/srs.ts sensorsFile(); systems.srs.sensors' },
    { what: 'SMS_JWT_PRIVATE_KEY_FILEPATH / SMS_JWT_PUBLIC_KEY_FILEPATH suffice; SMS_JWT_PRIVATE_KEY / SMS_JWT_PUBLIC_KEY (seed L510, L512: "private key for JWT management", "public key ...") are not set. Keys are RSA PEM (seed L48 defers to the README "Certificates for JWT").', configuredAt: 'charts/srs.ts (JWT_DIR /etc/srs/jwt, Secret srs-backend)' },
    { what: 'SMS_JWT_VALIDITY_LENGTH accepts a duration such as "12h"/"24h" (seed L514: "validity period for the JWT"; unit/format unknown).', configuredAt: 'systems.srs.backend.jwtValidity (config/schema.ts)' },
    { what: 'Booking mail from SMS_SMTP_HOST, SMS_SMTP_USER, SMS_SMTP_FROM, SMS_SMTP_PASSWORD (seed L515-518); no SMTP port variable exists in the seed, so the backend\'s default port is used.', configuredAt: 'systems.srs.backend.smtp (config/schema.ts)' },
    { what: 'The backend starts an export by creating a Kubernetes Job from the suspended CronJob named by DATA_EXTRACTOR_CRONJOB in DATA_EXTRACTOR_NAMESPACE, using its in-pod ServiceAccount token. This is a LabStack design: the seed only says the extractor is "triggered by the SensorRecordingSoftwareBackend" (L11). Upstream code almost certainly does not do this without a change; how the experiment/date is handed to the Job is undefined.', configuredAt: 'charts/srs.ts (CronJob data-extractor, Role data-extractor-launcher)' },
    { what: 'Exports are written below EXPORTS_DIR = /app/exports (the backend works in /app). Seed L204: "exports the data in the ./exports folder" (relative to its working directory; WORKDIR unknown). Whether the backend reads EXPORTS_DIR at all is unknown (LabStack invention).', configuredAt: 'systems.srs.backend.exportsPath (config/schema.ts); charts/srs.ts' },
    { what: 'Runs as uid 1000 (non-root) with a read-only root file system, writing only /tmp and the exports claim.', configuredAt: 'charts/srs.ts APP_SECURITY' },
    { what: 'Sensors POST JSON {sensor_type, timestamp, value, load_test} to /api/samples (k6 load test). Seed L148 only says "performing a request (sending data) for each sensor type every 500ms".', configuredAt: 'systems.srs.loadTest.path (config/schema.ts); scripts/srs/load-test.js' },
    { what: 'Users live in the collection "users" of MONGODB_DB_NAME (seed L703 "db.users.find()") with fields {username, email, password: bcrypt hash ($2a/$2b/$2y), role: "admin", created_at}; the backend accepts a python-bcrypt $2b$ hash (seed L28 "python3 and bcrypt (required to inject users and their credentials in DB)"). Field names and the role value are guesses.', configuredAt: 'scripts/srs/init-admin-user.sh; systems.srs.admin' },
    { what: 'The collections to back up are named users, bookings, experiments, configs, logbook. Seed L575 lists "(users, bookings, experiments, configs, ...)" but L703 shows the configs collection as "db.experimentconfigs.find()": "configs" is probably "experimentconfigs"; "logbook" is not named in the seed.', configuredAt: 'systems.srs.backup.collections (config/schema.ts)' },
    { what: 'Websockets are held in the process: more than one replica needs sticky sessions.', configuredAt: 'systems.srs.backend.replicas (config/schema.ts)' },
  ],
  user: {
    uid: 1000,
    source: [labstack('charts/srs.ts', 'APP_SECURITY')],
    note: 'Unreadable: the image USER is unknown; LabStack forces uid 1000.',
  },
  entrypoint: {
    source: seed('L8'),
    note: 'Unreadable: LabStack relies on the image ENTRYPOINT/CMD (no command rendered).',
  },
  env: [
    { name: 'MONGODB_HOST', source: labstack('charts/srs.ts'), note: 'Assumption: not in the seed.' },
    { name: 'MONGODB_PORT', source: labstack('charts/srs.ts'), note: 'Assumption: not in the seed.' },
    { name: 'MONGODB_USER', required: true, source: seed('L497') },
    { name: 'MONGODB_PASSWORD', required: true, source: seed('L498') },
    { name: 'MONGODB_DB_NAME', required: true, source: seed('L499') },
    { name: 'PIPELINE_SENSORS_FILEPATH', required: true, source: [seed('L167'), seed('L503')] },
    { name: 'SMS_JWT_PRIVATE_KEY', source: seed('L510'), note: 'Listed by the seed, not set by LabStack.' },
    { name: 'SMS_JWT_PRIVATE_KEY_FILEPATH', required: true, source: seed('L511') },
    { name: 'SMS_JWT_PUBLIC_KEY', source: seed('L512'), note: 'Listed by the seed, not set by LabStack.' },
    { name: 'SMS_JWT_PUBLIC_KEY_FILEPATH', required: true, source: seed('L513') },
    { name: 'SMS_JWT_VALIDITY_LENGTH', source: seed('L514') },
    { name: 'SMS_SMTP_HOST', source: seed('L515') },
    { name: 'SMS_SMTP_PASSWORD', source: seed('L516') },
    { name: 'SMS_SMTP_USER', source: seed('L517') },
    { name: 'SMS_SMTP_FROM', source: seed('L518') },
    { name: 'DATA_EXTRACTOR_CRONJOB', source: labstack('charts/srs.ts'), note: 'Assumption (LabStack design): not in the seed.' },
    { name: 'DATA_EXTRACTOR_NAMESPACE', source: labstack('charts/srs.ts'), note: 'Assumption (LabStack design): not in the seed.' },
    { name: 'EXPORTS_DIR', source: labstack('charts/srs.ts'), note: 'Assumption (LabStack invention): the seed only says "./exports" (L204).' },
  ],
  ports: [{ port: 4000, protocol: 'http', source: [seed('L134'), seed('L141')], note: 'Assumption.' }],
  writes: [
    { path: '/app/exports', source: [seed('L204'), labstack('config/schema.ts')], note: 'Assumption.' },
    { path: '/tmp', source: labstack('charts/srs.ts', 'APP_SECURITY (emptyDir /tmp)'), note: 'Assumption.' },
  ],
  authentication: [
    {
      id: 'users',
      mechanism:
        'SRS users (the first an admin created by the admin job) sign in to the backend, which issues JWTs signed with the ' +
        'SMS_JWT_* key pair; the sensors and cameras websockets are "authenticated"',
      open:
        'the "non-authenticated websockets (active experiments status websocket)"; the seed does not say whether sensors ' +
        'authenticate their posts (door sensors post to the server\'s IP, which the seed kept on the lab network), nor whether ' +
        'the API documentation needs a sign-in',
      source: [seed('L48'), seed('L87'), seed('L99'), seed('L505-506'), seed('L510-514')],
      note: 'From the seed only: the image is private and its code was not read.',
    },
  ],
  health: [
    { path: '/', port: 4000, dependsOn: 'unknown (assumed: the API documentation page, served when the process is up)', source: [seed('L141'), labstack('config/schema.ts')] },
  ],
};

const srsFrontendContract: ImageContractSpec = {
  repository: 'registry.gitlab.com/srs/srs-frontend',
  description: 'SRS frontend (nuxt web application)',
  tags: privateTags('srs-frontend'),
  unreadable: PRIVATE,
  assumptions: [
    { what: 'Serves HTTP on port 3000 (seed L128 "http://localhost:3000 for the frontend", L134, L139).', configuredAt: 'charts/srs.ts FRONTEND_PORT (constant)' },
    { what: 'GET / answers 2xx when ready (readiness); a TCP connect means alive.', configuredAt: 'charts/srs.ts probes (constant)' },
    { what: 'Reads SRS_BACKEND_API_URL, SRS_BACKEND_AUTHENTICATED_WEBSOCKETS_URL, SRS_BACKEND_OPEN_WEBSOCKETS_URL AT RUN TIME (seed L504-506 list them as deploy variables). The seed also builds the frontend with a .env file (L46 "cp modules/srs-frontend/.env.README modules/srs-frontend/.env"): a nuxt app that bakes these at build time ignores the pod environment and calls the URLs it was built with.', configuredAt: 'charts/srs.ts; systems.srs.backend.apiPath/authenticatedWebsocketsPath/openWebsocketsPath; systems.srs.hosts.backend' },
    { what: 'The browser reaches the backend at https://<backend host> with wss:// websockets on the same host (no path prefix other than the configured paths).', configuredAt: 'systems.srs.hosts.backend (config/schema.ts)' },
    { what: 'Runs as uid 1000 with a read-only root file system, writing only /tmp (a nuxt server writing caches elsewhere would fail).', configuredAt: 'charts/srs.ts APP_SECURITY' },
  ],
  user: { uid: 1000, source: labstack('charts/srs.ts', 'APP_SECURITY'), note: 'Unreadable: image USER unknown; LabStack forces uid 1000.' },
  entrypoint: { source: seed('L9'), note: 'Unreadable: LabStack relies on the image ENTRYPOINT/CMD.' },
  env: [
    { name: 'SRS_BACKEND_API_URL', required: true, source: seed('L504') },
    { name: 'SRS_BACKEND_AUTHENTICATED_WEBSOCKETS_URL', required: true, source: seed('L505') },
    { name: 'SRS_BACKEND_OPEN_WEBSOCKETS_URL', required: true, source: seed('L506') },
  ],
  ports: [{ port: 3000, protocol: 'http', source: [seed('L128'), seed('L139')], note: 'Assumption.' }],
  writes: [{ path: '/tmp', source: labstack('charts/srs.ts', 'APP_SECURITY (emptyDir /tmp)'), note: 'Assumption.' }],
  authentication: [
    {
      id: 'backend-users',
      mechanism: 'sign-in of SRS users against the backend ("the initial admin user that will be able to login into the frontend"); the frontend serves the web application, whose data comes from the backend',
      open: 'the web application itself; whether its server renders data without a sign-in is not documented',
      source: [seed('L9'), seed('L87'), seed('L504-506')],
      note: 'From the seed only: the image is private and its code was not read.',
    },
  ],
  health: [{ path: '/', port: 3000, dependsOn: 'unknown (assumed: the nuxt server answering)', source: labstack('charts/srs.ts') }],
};

const srsDataExtractorContract: ImageContractSpec = {
  repository: 'registry.gitlab.com/srs/srs-data-extractor',
  description: 'SRS data extractor (Python; exports an experiment from MongoDB)',
  tags: privateTags('srs-data-extractor'),
  unreadable: PRIVATE,
  assumptions: [
    { what: 'The image\'s default ENTRYPOINT/CMD performs one export and exits (0 on success) when started as a Job; no command or arguments are rendered. Seed L11: "a Python application triggered by the SensorRecordingSoftwareBackend to export raw data from MongoDB as Apache Parquet files" — invocation unknown (it may instead be a long-running service called over HTTP).', configuredAt: 'charts/srs.ts dataExtractor() (suspended CronJob data-extractor)' },
    { what: 'The experiment (and date) to export arrive in the Job\'s environment, added by the backend; variable names unknown.', configuredAt: 'not configured: left to the backend (docs/srs.md "Data extractor")' },
    { what: 'Reads MONGODB_HOST, MONGODB_PORT, MONGODB_USER, MONGODB_PASSWORD, MONGODB_DB_NAME (its own user srs-data-extractor, role read on the database, authSource admin): it only reads MongoDB.', configuredAt: 'charts/srs.ts (mongoClientEnv)' },
    { what: 'Writes below EXPORTS_DIR=/app/exports on the ReadWriteMany claim shared with the backend. Seed L11 says Parquet, while L204-214 describe the frontend export as experiment_*.json and *.dump mongo dumps under ./data/exports/<EXPERIMENT_UUID>/ — which component writes what is unclear.', configuredAt: 'systems.srs.backend.exportsPath, systems.srs.exports (config/schema.ts)' },
    { what: 'Runs as uid 1000 with a read-only root file system, writing only /tmp and the exports claim; finishes within 12 h.', configuredAt: 'charts/srs.ts APP_SECURITY, activeDeadlineSeconds' },
  ],
  user: { uid: 1000, source: labstack('charts/srs.ts', 'APP_SECURITY'), note: 'Unreadable: image USER unknown; LabStack forces uid 1000.' },
  entrypoint: { source: seed('L11'), note: 'Unreadable: LabStack relies on the image ENTRYPOINT/CMD.' },
  env: [
    { name: 'MONGODB_HOST', source: labstack('charts/srs.ts', 'mongoClientEnv'), note: 'Assumption.' },
    { name: 'MONGODB_PORT', source: labstack('charts/srs.ts', 'mongoClientEnv'), note: 'Assumption.' },
    { name: 'MONGODB_USER', source: [seed('L497'), labstack('charts/srs.ts')], note: 'Assumption for the extractor (the seed lists it for the pipeline).' },
    { name: 'MONGODB_PASSWORD', source: [seed('L498'), labstack('charts/srs.ts')], note: 'Assumption.' },
    { name: 'MONGODB_DB_NAME', source: [seed('L499'), labstack('charts/srs.ts')], note: 'Assumption.' },
    { name: 'EXPORTS_DIR', source: labstack('charts/srs.ts'), note: 'Assumption (LabStack invention).' },
  ],
  writes: [
    { path: '/app/exports', source: [seed('L204'), labstack('config/schema.ts')], note: 'Assumption.' },
    { path: '/tmp', source: labstack('charts/srs.ts', 'APP_SECURITY (emptyDir /tmp)'), note: 'Assumption.' },
  ],
};

export const SRS_BACKEND = new ImageContract(srsBackendContract);
export const SRS_FRONTEND = new ImageContract(srsFrontendContract);
export const SRS_DATA_EXTRACTOR = new ImageContract(srsDataExtractorContract);
