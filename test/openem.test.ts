import { WORKER_RULES } from '../constructs/prefect/work-pool';
import { changed, DEVELOPMENT_LIKE, fixture, PRODUCTION_LIKE } from './fixtures';
import { envOf, find, render } from './helpers';

const devObjects = render(fixture(DEVELOPMENT_LIKE, 'development'));
const prodObjects = render(fixture(PRODUCTION_LIKE, 'production'));
const containerOf = (workload: any) => workload.spec.template.spec.containers[0];
const policiesFor = (objects: any[], component: string) =>
  objects.filter((o) => o.kind === 'NetworkPolicy' && o.spec.podSelector.matchLabels?.['app.kubernetes.io/component'] === component);
const peers = (policy: any) => policy.spec.ingress[0].from.map((f: any) => f.podSelector?.matchLabels['app.kubernetes.io/component'] ?? 'ingress-controller');
const job = (objects: any[], prefix: string) => objects.find((o) => o.kind === 'Job' && o.metadata.name.startsWith(`${prefix}-`));

describe('OpenEM PostgreSQL', () => {
  const set = find(prodObjects, 'StatefulSet', 'postgres');
  const db = containerOf(set);

  test('is a restricted StatefulSet of the pinned alpine image (uid 70) behind a headless Service', () => {
    expect(db.image).toBe('docker.io/library/postgres:15.17-alpine');
    expect(set.spec.template.spec.securityContext).toMatchObject({ runAsUser: 70, fsGroup: 70 });
    expect(find(prodObjects, 'Service', 'postgres').spec.clusterIP).toBe('None');
    expect(db.volumeMounts).toContainEqual({ name: 'postgres-data', mountPath: '/var/lib/postgresql/data' });
  });

  test('creates the prefect database with user and password from a Secret; alive with pg_isready, ready when the user logs in', () => {
    expect(envOf(db)).toMatchObject({
      POSTGRES_DB: 'prefect',
      POSTGRES_USER: 'secret:openem-postgres/user',
      POSTGRES_PASSWORD: 'secret:openem-postgres/password',
      PGDATA: '/var/lib/postgresql/data/pgdata',
    });
    expect(db.livenessProbe.exec.command[0]).toBe('pg_isready');
    expect(db.readinessProbe.exec.command.join(' ')).toContain('psql --host=127.0.0.1 --username="$POSTGRES_USER" --dbname="$POSTGRES_DB" --no-psqlrc --tuples-only --command="SELECT 1"');
    expect(db.readinessProbe.exec.command.join(' ')).toContain('PGPASSWORD="$POSTGRES_PASSWORD"');
  });

  test('is reachable only from the Prefect server and its backup', () => {
    const policies = policiesFor(prodObjects, 'postgres');
    expect(policies.map((p) => p.metadata.name)).toEqual(['postgres-from-clients']);
    expect(peers(policies[0])).toEqual(['prefect-server', 'backup']);
  });

  test('is dumped daily with pg_dump in custom format, keeping N, with a restore template', () => {
    const cron = find(prodObjects, 'CronJob', 'postgres-backup');
    const c = cron.spec.jobTemplate.spec.template.spec.containers[0];
    expect(c.command).toEqual(['/bin/sh', '/scripts/postgres.sh']);
    expect(envOf(c)).toMatchObject({ PGHOST: 'postgres', PGDATABASE: 'prefect', PGUSER: 'secret:openem-postgres/user', BACKUP_KEEP: '45' });
    expect(find(prodObjects, 'ConfigMap', 'postgres-backup-scripts').data['postgres.sh']).toContain('pg_dump --format=custom');
    expect(find(prodObjects, 'CronJob', 'postgres-backup-restore').spec.suspend).toBe(true);
  });
});

describe('Prefect server', () => {
  const deployment = find(prodObjects, 'Deployment', 'prefect-server');
  const server = containerOf(deployment);

  test('runs prefect server start behind the image\'s entrypoint (tini) on port 4200, probing /api/health and /api/ready', () => {
    expect(server.image).toBe('docker.io/prefecthq/prefect:3.7.2-python3.13');
    expect(server.command).toBeUndefined();
    expect(server.args).toEqual(['prefect', 'server', 'start']);
    expect(server.ports).toEqual([{ name: 'http', containerPort: 4200, protocol: 'TCP' }]);
    expect(server.livenessProbe.httpGet.path).toBe('/api/health');
    expect(server.readinessProbe.httpGet.path).toBe('/api/ready');
  });

  test('connects to the database with the settings Prefect builds its URL from (password from the Secret, escaped by Prefect), and migrates on start', () => {
    const env = envOf(server);
    expect(env).toMatchObject({
      PREFECT_SERVER_DATABASE_DRIVER: 'postgresql+asyncpg',
      PREFECT_SERVER_DATABASE_HOST: 'postgres',
      PREFECT_SERVER_DATABASE_PORT: '5432',
      PREFECT_SERVER_DATABASE_NAME: 'prefect',
      PREFECT_SERVER_DATABASE_USER: 'secret:openem-postgres/user',
      PREFECT_SERVER_DATABASE_PASSWORD: 'secret:openem-postgres/password',
      PREFECT_SERVER_DATABASE_MIGRATE_ON_START: 'true',
      PREFECT_SERVER_UI_SERVE_BASE: '/archiver/prefect/ui',
      PREFECT_SERVER_UI_API_URL: 'https://archiver.research.example.org/archiver/prefect/api',
      PREFECT_SERVER_ANALYTICS_ENABLED: 'false',
    });
    expect(Object.keys(env).filter((name) => name.includes('CONNECTION_URL') || name.startsWith('POSTGRES_'))).toEqual([]);
  });

  test('has a writable UI build directory', () => {
    expect(envOf(server).PREFECT_SERVER_UI_STATIC_DIRECTORY).toBe('/ui-build');
    expect(server.volumeMounts).toContainEqual({ name: 'ui-build', mountPath: '/ui-build' });
    expect(server.securityContext.readOnlyRootFilesystem).toBe(true);
  });

  test('serves the UI at /archiver/prefect/ui and the API at /archiver/prefect/api with /archiver/prefect stripped, both behind authentik', () => {
    const ui = find(prodObjects, 'Ingress', 'prefect-server-archiver-prefect-ui');
    const api = find(prodObjects, 'Ingress', 'prefect-server-archiver-prefect-api');
    expect(ui.spec.rules[0].http.paths[0].path).toBe('/archiver/prefect/ui');
    expect(api.spec.rules[0].http.paths[0].path).toBe('/archiver/prefect/api');
    expect(find(prodObjects, 'Middleware', 'prefect-server-archiver-prefect-api-strip-prefix').spec.stripPrefix.prefixes).toEqual(['/archiver/prefect']);
    for (const ingress of [ui, api]) {
      expect(ingress.metadata.annotations['traefik.ingress.kubernetes.io/router.middlewares']).toContain('forward-auth@kubernetescrd');
    }
    for (const ingress of [ui, api]) {
      expect(ingress.metadata.annotations['labstack.io/authentication']).toBe('forward-auth: authentik outpost authentik-outpost (sign-in at https://auth.research.example.org)');
    }
    const auth = find(prodObjects, 'Middleware', 'prefect-server-archiver-prefect-ui-forward-auth').spec.forwardAuth;
    expect(auth.address).toBe('http://authentik-outpost.openem.svc:9000/outpost.goauthentik.io/auth/traefik');
    expect(auth.trustForwardHeader).toBe(true);
    expect(auth.authResponseHeaders).toEqual(expect.arrayContaining(['X-authentik-username', 'X-authentik-groups', 'X-authentik-email', 'X-authentik-jwt']));
  });

  test('is reachable from the API, the workers, flow runs, the jobs and the ingress controller only', () => {
    const policies = policiesFor(prodObjects, 'prefect-server');
    expect(policies.map((p) => p.metadata.name).sort()).toEqual(['prefect-server-from-clients', 'prefect-server-from-ingress']);
    expect(peers(find(prodObjects, 'NetworkPolicy', 'prefect-server-from-clients'))).toEqual([
      'archiver-api',
      'archival-worker',
      'retrieval-worker',
      'flow-run',
      'prefect-config',
      'prefect-flows',
    ]);
  });
});

describe('authentik outpost', () => {
  test('runs the pinned proxy with its host, insecure flag and token from a Secret, and serves /outpost.goauthentik.io/', () => {
    const outpost = containerOf(find(prodObjects, 'Deployment', 'authentik-outpost'));
    expect(outpost.image).toBe('ghcr.io/goauthentik/proxy:2025.2.4');
    expect(envOf(outpost)).toMatchObject({ AUTHENTIK_HOST: 'https://auth.research.example.org', AUTHENTIK_INSECURE: 'false', AUTHENTIK_TOKEN: 'secret:authentik-outpost/token' });
    // The image keeps session files in TMPDIR=/dev/shm.
    expect(outpost.volumeMounts).toContainEqual({ name: 'sessions', mountPath: '/dev/shm' });
    expect(outpost.readinessProbe.httpGet.path).toBe('/outpost.goauthentik.io/ping');
    const ingress = find(prodObjects, 'Ingress', 'authentik-outpost-outpost-goauthentik-io');
    expect(ingress.spec.rules[0]).toMatchObject({ host: 'archiver.research.example.org', http: { paths: [{ path: '/outpost.goauthentik.io' }] } });
    expect(policiesFor(prodObjects, 'authentik-outpost').map((p) => p.metadata.name)).toEqual(['authentik-outpost-from-ingress']);
  });

  test('is left out, and only Prefect\'s shared auth string guards the Prefect UI and API as the config accepts it, when the switch is off', () => {
    const off = changed(DEVELOPMENT_LIKE, '    authentik:\n', '    acceptUnauthenticated: { prefect: the sandbox is reachable from the lab network only }\n    authentik:\n      enabled: false\n');
    const objects = render(fixture(off, 'development'));
    expect(objects.some((o) => o.metadata.name === 'authentik-outpost')).toBe(false);
    expect(objects.some((o) => o.kind === 'Middleware' && o.metadata.name.endsWith('forward-auth'))).toBe(false);
    for (const name of ['prefect-server-archiver-prefect-ui', 'prefect-server-archiver-prefect-api']) {
      expect(find(objects, 'Ingress', name).metadata.annotations['labstack.io/authentication']).toBe(
        'application: Prefect: its one shared API auth string (HTTP Basic; the UI asks for it), no per-user sign-in, accepted by ' +
          'systems.openem.acceptUnauthenticated.prefect: the sandbox is reachable from the lab network only; without it: GET /api/health and /api/ready',
      );
    }
  });

  test('skips verifying authentik\'s certificate only where the config says so (dev: a private CA)', () => {
    expect(envOf(containerOf(find(devObjects, 'Deployment', 'authentik-outpost'))).AUTHENTIK_INSECURE).toBe('true');
    expect(envOf(containerOf(find(prodObjects, 'Deployment', 'authentik-outpost'))).AUTHENTIK_INSECURE).toBe('false');
  });
});

describe('Archiver API', () => {
  const deployment = find(prodObjects, 'Deployment', 'archiver-api');
  const api = containerOf(deployment);

  test('runs the pinned image non-root on a read-only root with the seed\'s settings', () => {
    expect(api.image).toBe('ghcr.io/swissopenem/scopemarchiver-archiver-service-api:v2.0.0-beta.3');
    expect(api.securityContext).toMatchObject({ readOnlyRootFilesystem: true, runAsNonRoot: true });
    expect(envOf(api)).toMatchObject({
      PREFECT_API_URL: 'http://prefect-server:4200/api',
      UVICORN_PORT: '8000',
      UVICORN_ROOT_PATH: '/archiver/api/v1',
      IDP_URL: 'https://idp.research.example.org',
      IDP_REALM: 'imaging',
      IDP_USERNAME: 'archiver-service',
      IDP_CLIENT_ID: 'archiver-service-api',
      IDP_AUDIENCE: 'archiver',
      SCICAT_INGESTOR_GROUPS: 'imaging;imaging-ops',
      SECRETS_DIR: '/run/secrets',
    });
    // The API reads the S3 endpoint from the Prefect variable s3_external_endpoint, not from its environment.
    expect(envOf(api).S3_ENDPOINT).toBeUndefined();
    expect(envOf(api).S3_TOTAL_LANDING_SPACE_TB).toBeUndefined();
  });

  test('reads its secrets as files named like the settings from SECRETS_DIR', () => {
    expect(api.volumeMounts).toContainEqual({ name: 'secrets', mountPath: '/run/secrets', readOnly: true });
    expect(deployment.spec.template.spec.volumes).toContainEqual({ name: 'secrets', secret: { secretName: 'openem-archiver-api', defaultMode: 0o440 } });
    // Only the Prefect client's auth string is a variable: the client reads its settings from the environment.
    expect(Object.entries(envOf(api)).filter(([, v]) => v.startsWith('secret:'))).toEqual([['PREFECT_API_AUTH_STRING', 'secret:openem-prefect-auth/auth-string']]);
  });

  test('is authenticated by the API itself, per route, as its contract says', () => {
    const annotation = find(prodObjects, 'Ingress', 'archiver-api-archiver-api-v1').metadata.annotations['labstack.io/authentication'];
    expect(annotation).toMatch(/^application: scopemarchiver-archiver-service-api: per route: POST \/archiver\/jobs .* HTTP basic authentication/);
    expect(annotation).toContain('without sign-in: /health/livez and /health/readyz');
  });

  test('probes /health/livez and /health/readyz and is routed at /archiver/api/v1 with the prefix stripped', () => {
    expect(api.livenessProbe.httpGet.path).toBe('/health/livez');
    expect(api.readinessProbe.httpGet.path).toBe('/health/readyz');
    expect(find(prodObjects, 'Ingress', 'archiver-api-archiver-api-v1').spec.rules[0].http.paths[0].path).toBe('/archiver/api/v1');
    expect(find(prodObjects, 'Middleware', 'archiver-api-archiver-api-v1-strip-prefix').spec.stripPrefix.prefixes).toEqual(['/archiver/api/v1']);
  });

  test('runs the configured replicas with a PodDisruptionBudget when more than one', () => {
    expect(deployment.spec.replicas).toBe(2);
    expect(find(prodObjects, 'PodDisruptionBudget', 'archiver-api').spec.maxUnavailable).toBe(1);
    expect(devObjects.some((o) => o.kind === 'PodDisruptionBudget' && o.metadata.name === 'archiver-api')).toBe(false);
  });
});

describe('Prefect workers', () => {
  const worker = find(prodObjects, 'Deployment', 'archival-kubernetes-workpool-worker');
  const container = containerOf(worker);

  test('one per pool, starting a kubernetes worker with a health check and the configured limit', () => {
    expect(prodObjects.filter((o) => o.kind === 'Deployment' && o.metadata.name.endsWith('-worker')).map((o) => o.metadata.name)).toEqual([
      'archival-kubernetes-workpool-worker',
      'retrieval-kubernetes-workpool-worker',
    ]);
    expect(container.image).toBe('docker.io/prefecthq/prefect:3.7.2-python3.13-kubernetes');
    expect(container.command).toBeUndefined();
    expect(container.args.join(' ')).toBe(
      'prefect worker start --type kubernetes --pool archival-kubernetes-workpool --with-healthcheck --limit 3 --base-job-template /etc/prefect/baseJobTemplate.json',
    );
    expect(container.livenessProbe.httpGet).toEqual({ path: '/health', port: 8080 });
    expect(envOf(container)).toMatchObject({ PREFECT_API_URL: 'http://prefect-server:4200/api', PREFECT_INTEGRATIONS_KUBERNETES_OBSERVER_NAMESPACES: 'openem' });
  });

  test('each has its own ServiceAccount, token mounted, and a Role with exactly the worker rules', () => {
    const pod = worker.spec.template.spec;
    expect(pod.serviceAccountName).toBe('archival-kubernetes-workpool');
    expect(pod.automountServiceAccountToken).toBe(true);
    expect(pod.securityContext).toMatchObject({ runAsUser: 1001, runAsNonRoot: true });
    const role = find(prodObjects, 'Role', 'archival-kubernetes-workpool');
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['events', 'pods', 'pods/log', 'pods/status'], verbs: ['get', 'watch', 'list'] },
      { apiGroups: ['batch'], resources: ['jobs'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
    ]);
    expect(role.rules).toEqual(WORKER_RULES);
    const binding = find(prodObjects, 'RoleBinding', 'archival-kubernetes-workpool');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'archival-kubernetes-workpool' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'archival-kubernetes-workpool' }]);
    expect(prodObjects.some((o) => o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding')).toBe(false);
  });

  test('may reach only DNS, the Prefect server and the Kubernetes API', () => {
    const egress = find(prodObjects, 'NetworkPolicy', 'archival-kubernetes-workpool-worker-egress').spec.egress;
    expect(egress).toEqual([
      { ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] },
      { to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'openem', 'app.kubernetes.io/instance': 'openem', 'app.kubernetes.io/component': 'prefect-server' } } }], ports: [{ port: 4200, protocol: 'TCP' }] },
      { ports: [{ port: 443, protocol: 'TCP' }] },
      { ports: [{ port: 6443, protocol: 'TCP' }] },
    ]);
  });
});

describe('Flow runs (base job template)', () => {
  const template = JSON.parse(find(prodObjects, 'ConfigMap', 'archival-kubernetes-workpool-base-job-template').data['baseJobTemplate.json']);
  const manifest = template.job_configuration.job_manifest;
  const pod = manifest.spec.template.spec;
  const container = pod.containers[0];

  test('makes each flow run a Job of the runtime image in the openem namespace, uid 123, restricted', () => {
    expect(manifest.kind).toBe('Job');
    expect(template.variables.properties.image.default).toBe('ghcr.io/swissopenem/scopemarchiver-archiver-service-workflow:main');
    expect(template.variables.properties.namespace.default).toBe('openem');
    expect(container.image).toBe('{{ image }}');
    expect(pod.securityContext).toMatchObject({ runAsUser: 123, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(manifest.spec.template.metadata.labels['app.kubernetes.io/component']).toBe('flow-run');
  });

  test('mounts the ReadWriteMany scratch claim at /storage (ARCHIVER_SCRATCH_FOLDER), and no LTS share: v2 has none', () => {
    expect(container.volumeMounts).toEqual([
      { name: 'tmp', mountPath: '/tmp' },
      { name: 'archiver-scratch', mountPath: '/storage' },
    ]);
    expect(find(prodObjects, 'PersistentVolumeClaim', 'archiver-scratch').spec).toMatchObject({
      accessModes: ['ReadWriteMany'],
      storageClassName: 'shared-rwx',
      resources: { requests: { storage: '4Ti' } },
    });
    expect(prodObjects.some((o) => o.kind === 'PersistentVolume')).toBe(false);
  });

  test('takes its resources from config', () => {
    expect(container.resources).toEqual({ requests: { cpu: '1', memory: '2Gi' }, limits: { memory: '4Gi' } });
  });

  test('may reach only DNS, the Prefect server, HTTPS and the S3 endpoint (its port, or MinIO through the ingress controller)', () => {
    const egress = find(prodObjects, 'NetworkPolicy', 'flow-run-egress').spec.egress;
    expect(egress.flatMap((r: any) => r.ports.map((p: any) => p.port))).toEqual([53, 53, 4200, 443, 9443]);
    const devEgress = find(devObjects, 'NetworkPolicy', 'flow-run-egress').spec.egress;
    expect(devEgress[devEgress.length - 1]).toEqual({ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'traefik' } } }] });
  });
});

describe('Configuration and flow deployment jobs', () => {
  const configure = job(prodObjects, 'prefect-config');
  const flows = job(prodObjects, 'prefect-flows');

  test('the configuration job gives config.py the variables file, both S3 endpoints and the four secret files', () => {
    const settings = find(prodObjects, 'ConfigMap', 'prefect-settings').data;
    expect(Object.keys(settings)).toEqual(['variables.env']);
    expect(settings['variables.env']).toBe(
      [
        'ARCHIVER_SCRATCH_FOLDER="/storage"',
        'ARCHIVER_TARGET_SIZE_GB="500"',
        'S3_REGION="eu-central-1"',
        'S3_ARCHIVAL_BUCKET="imaging.archival"',
        'S3_LANDINGZONE_BUCKET="imaging.landingzone"',
        'S3_URL_EXPIRATION_DAYS="7"',
        'SCICAT_ENDPOINT="https://scicat.research.example.org"',
        'SCICAT_API_PREFIX="/api/v3"',
        'SCICAT_DATASETS_API_PREFIX="/api/v3"',
        'SCICAT_JOBS_API_PREFIX="/api/v3"',
        '',
      ].join('\n'),
    );
    const c = containerOf(configure);
    expect(c.image).toBe('ghcr.io/swissopenem/scopemarchiver-archiver-service-config:v2.0.0-beta.3');
    expect(envOf(c)).toMatchObject({
      WORK_POOLS: 'archival-kubernetes-workpool retrieval-kubernetes-workpool',
      VARIABLES_FILE: '/var/local/variables.env',
      S3_ENDPOINT: 'objects.storage.example.org:9443',
      S3_EXTERNAL_ENDPOINT: 'archiver.research.example.org',
      S3_USER_FILE: '/run/secrets/s3/access-key',
      SCICAT_USER_FILE: '/run/secrets/prefect/scicat-user',
    });
    expect(Object.keys(envOf(c)).filter((name) => name.startsWith('GITHUB_'))).toEqual([]);
    const mounts = Object.fromEntries(c.volumeMounts.map((m: any) => [m.mountPath, m.name]));
    expect(mounts).toMatchObject({
      '/var/local': 'settings',
      '/var/local/pools/archival-kubernetes-workpool': 'archival-kubernetes-workpool-template',
      '/run/secrets/s3': 's3-credentials',
      '/run/secrets/prefect': 'prefect-blocks',
    });
    const script = find(prodObjects, 'ConfigMap', 'openem-scripts').data['configure.sh'];
    expect(script).toContain('python /config.py -v "$VARIABLES_FILE" -s S3_USER_FILE S3_PASSWORD_FILE SCICAT_USER_FILE SCICAT_PASSWORD_FILE');
  });

  test('the flow deployment job deploys prefect.yaml with the Kubernetes pools in the runtime image', () => {
    const c = containerOf(flows);
    expect(c.image).toBe('ghcr.io/swissopenem/scopemarchiver-archiver-service-workflow:main');
    expect(flows.spec.template.spec.securityContext.runAsUser).toBe(123);
    const prefectYaml = find(prodObjects, 'ConfigMap', 'prefect-flows').data['prefect.yaml'];
    expect(prefectYaml).toContain('name: archival-kubernetes-workpool');
    expect(prefectYaml).toContain('name: retrieval-kubernetes-workpool');
    expect(prefectYaml).not.toContain('docker');
  });

  test('both are named after their content: unchanged manifests re-apply as no-ops, changed inputs run again', () => {
    expect(configure.metadata.name).toMatch(/^prefect-config-[0-9a-f]{8}$/);
    expect(job(render(fixture(PRODUCTION_LIKE, 'production')), 'prefect-config').metadata.name).toBe(configure.metadata.name);
    const variant = (from: string, to: string) => render(fixture(changed(PRODUCTION_LIKE, from, to), 'production'));
    // A Prefect variable (variables.env) and a flow-run setting (the pools' base job template) are inputs of the configuration job.
    const moreSpace = variant('    api:\n      replicas: 2', '    archiver: { targetSizeGB: 800 }\n    api:\n      replicas: 2');
    expect(job(moreSpace, 'prefect-config').metadata.name).not.toBe(configure.metadata.name);
    expect(job(moreSpace, 'prefect-flows').metadata.name).toBe(flows.metadata.name);
    const otherPool = variant('archival: { concurrency: 3 }', 'archival: { name: archive-pool, concurrency: 3 }');
    expect(job(otherPool, 'prefect-config').metadata.name).not.toBe(configure.metadata.name);
    expect(job(otherPool, 'prefect-flows').metadata.name).not.toBe(flows.metadata.name);
  });
});

describe('Prefect API authentication', () => {
  const AUTH = 'secret:openem-prefect-auth/auth-string';

  test('the server requires the generated auth string; its probes use the two paths open without it', () => {
    const server = containerOf(find(prodObjects, 'Deployment', 'prefect-server'));
    expect(envOf(server).PREFECT_SERVER_API_AUTH_STRING).toBe(AUTH);
    expect([server.livenessProbe.httpGet.path, server.readinessProbe.httpGet.path, server.startupProbe.httpGet.path]).toEqual(['/api/health', '/api/ready', '/api/health']);
  });

  test('every client sends it from the same Secret: the archiver API, both workers, both jobs', () => {
    const clients = [
      containerOf(find(prodObjects, 'Deployment', 'archiver-api')),
      containerOf(find(prodObjects, 'Deployment', 'archival-kubernetes-workpool-worker')),
      containerOf(find(prodObjects, 'Deployment', 'retrieval-kubernetes-workpool-worker')),
      containerOf(job(prodObjects, 'prefect-config')),
      containerOf(job(prodObjects, 'prefect-flows')),
    ];
    for (const client of clients) expect(envOf(client)).toMatchObject({ PREFECT_API_URL: 'http://prefect-server:4200/api', PREFECT_API_AUTH_STRING: AUTH });
    // Every pod that names the server is among them.
    const named = prodObjects.filter((o) => o.spec?.template?.spec?.containers?.some((c: any) => envOf(c).PREFECT_API_URL)).map((o) => o.metadata.name);
    expect(named.length).toBe(clients.length);
  });

  test('the workers give flow runs a reference to the Secret, not the value, and the template has no copy of it', () => {
    const worker = containerOf(find(prodObjects, 'Deployment', 'archival-kubernetes-workpool-worker'));
    expect(envOf(worker)).toMatchObject({
      PREFECT_INTEGRATIONS_KUBERNETES_WORKER_API_AUTH_STRING_SECRET_NAME: 'openem-prefect-auth',
      PREFECT_INTEGRATIONS_KUBERNETES_WORKER_API_AUTH_STRING_SECRET_KEY: 'auth-string',
    });
    const template = find(prodObjects, 'ConfigMap', 'archival-kubernetes-workpool-base-job-template').data['baseJobTemplate.json'];
    expect(template).not.toContain('AUTH_STRING');
  });

  test('the string is a generated Secret of its own, and the Prefect UI stays behind authentik', () => {
    expect(prodObjects.some((o) => o.kind === 'Secret')).toBe(false);
    const ui = find(prodObjects, 'Ingress', 'prefect-server-archiver-prefect-ui');
    expect(ui.metadata.annotations['traefik.ingress.kubernetes.io/router.middlewares']).toContain('forward-auth@kubernetescrd');
  });
});

describe('OpenEM S3', () => {
  test('dev runs MinIO with both buckets; the flows and the API reach it at its public host (they always use https://), the API trusting the dev CA', () => {
    const buckets = job(devObjects, 'minio-buckets');
    expect(envOf(containerOf(buckets)).BUCKETS).toBe('sandbox.archival sandbox.landingzone');
    expect(envOf(containerOf(job(devObjects, 'prefect-config')))).toMatchObject({ S3_ENDPOINT: 'openem-s3.sandbox.example.org', S3_EXTERNAL_ENDPOINT: 'openem-s3.sandbox.example.org' });
    const api = containerOf(find(devObjects, 'Deployment', 'archiver-api'));
    expect(envOf(api).AWS_CA_BUNDLE).toBe('/etc/labstack/ca/ca-certificates.crt');
    expect(api.volumeMounts).toContainEqual({ name: 'labstack-ca', mountPath: '/etc/labstack/ca', readOnly: true });
    expect(envOf(containerOf(find(prodObjects, 'Deployment', 'archiver-api'))).AWS_CA_BUNDLE).toBeUndefined();
  });

  test('prod forwards the archiver host\'s unrouted paths to the external S3 (its externalEndpoint is that host), Host header kept, as upstream\'s proxy does', () => {
    const service = find(prodObjects, 'Service', 's3-proxy');
    expect(service.spec).toMatchObject({ type: 'ExternalName', externalName: 'objects.storage.example.org', ports: [{ name: 'http', port: 9443 }] });
    expect(service.metadata.annotations).toMatchObject({
      'traefik.ingress.kubernetes.io/service.serversscheme': 'https',
      'traefik.ingress.kubernetes.io/service.passhostheader': 'true',
      'traefik.ingress.kubernetes.io/service.serverstransport': 'openem-s3-proxy@kubernetescrd',
    });
    const ingress = find(prodObjects, 'Ingress', 's3-proxy');
    expect(ingress.spec.rules[0]).toMatchObject({ host: 'archiver.research.example.org', http: { paths: [{ path: '/', backend: { service: { name: 's3-proxy' } } }] } });
    expect(devObjects.some((o) => o.metadata.name === 's3-proxy')).toBe(false);
  });

  test('prod uses the external endpoint and its key pair', () => {
    expect(prodObjects.some((o) => o.metadata.name === 'minio')).toBe(false);
    expect(containerOf(job(prodObjects, 'prefect-config')).volumeMounts).toContainEqual({ name: 's3-credentials', mountPath: '/run/secrets/s3', readOnly: true });
    expect(job(prodObjects, 'prefect-config').spec.template.spec.volumes).toContainEqual({ name: 's3-credentials', secret: { secretName: 'openem-s3', defaultMode: 0o440 } });
  });
});

test('matches the snapshot', () => {
  expect(prodObjects.filter((o) => o.file === '20-openem.yaml')).toMatchSnapshot();
});
