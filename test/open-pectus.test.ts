import { DEVELOPMENT_LIKE, fixture, PRODUCTION_LIKE } from './fixtures';
import { envOf, find, render } from './helpers';

const devObjects = render(fixture(DEVELOPMENT_LIKE, 'development'));
const prodObjects = render(fixture(PRODUCTION_LIKE, 'production'));

describe('Open Pectus in a production-like environment', () => {
  const deployment = find(prodObjects, 'Deployment', 'aggregator-prd');
  const pod = deployment.spec.template.spec;
  const aggregator = pod.containers[0];

  test('renders one chart per instance (prd and tst)', () => {
    expect(prodObjects.filter((o) => o.kind === 'Deployment' && o.metadata.name.startsWith('aggregator-')).map((o) => o.metadata.name)).toEqual([
      'aggregator-prd',
      'aggregator-tst',
    ]);
  });

  test('the aggregator runs one pod with Recreate, the pinned image, port 8300 and the configured hostname', () => {
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
    // Upstream publishes only main: the lock file (absent here) would append its digest.
    expect(aggregator.image).toBe('ghcr.io/open-pectus/open-pectus:main');
    expect(aggregator.ports).toEqual([{ name: 'http', containerPort: 8300, protocol: 'TCP' }]);
    expect(pod.hostname).toBe('lab-pectus-prd');
  });

  test('the engine secret reaches --secret from a Secret, never in clear', () => {
    expect(aggregator.command).toEqual(['pectus-aggregator']);
    expect(aggregator.args.slice(-2)).toEqual(['--secret', '$(ENGINE_SECRET)']);
    expect(envOf(aggregator)).toMatchObject({
      ENGINE_SECRET: 'secret:open-pectus-prd/engine-secret',
      SENTRY_DSN: 'secret:open-pectus-prd/sentry-dsn',
      ENABLE_AZURE_AUTHENTICATION: 'true',
      AZURE_DIRECTORY_TENANT_ID: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
      AZURE_APPLICATION_CLIENT_ID: '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d',
      WEBPUSH_SUBSCRIBER_EMAIL: 'pectus@research.example.org',
    });
    const sentry = aggregator.env.find((e: any) => e.name === 'SENTRY_DSN');
    expect(sentry.valueFrom.secretKeyRef.optional).toBe(true);
  });

  test('the aggregator persists /data and /webpush_keys and probes GET /version', () => {
    const mounts = Object.fromEntries(aggregator.volumeMounts.map((m: any) => [m.mountPath, m.name]));
    expect(mounts).toMatchObject({ '/data': 'aggregator-prd-data', '/webpush_keys': 'aggregator-prd-webpush-keys' });
    expect(aggregator.readinessProbe.httpGet.path).toBe('/version');
    expect(aggregator.livenessProbe.httpGet.path).toBe('/version');
    expect(find(prodObjects, 'PersistentVolumeClaim', 'aggregator-prd-data').spec).toMatchObject({
      accessModes: ['ReadWriteOnce'],
      storageClassName: 'fast-rwo',
      resources: { requests: { storage: '40Gi' } },
    });
  });

  test('runs non-root under restricted, with fsGroup making the volumes writable', () => {
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, fsGroup: 10001 });
    expect(find(prodObjects, 'Namespace', 'open-pectus').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  test('the route serves the host over TLS with a day-long read timeout for engine websockets', () => {
    const ingress = find(prodObjects, 'Ingress', 'aggregator-prd');
    expect(ingress.spec.rules[0].host).toBe('pectus.research.example.org');
    expect(ingress.spec.tls[0].hosts).toEqual(['pectus.research.example.org']);
    expect(ingress.spec.tls[0].secretName).toBe('pectus.research.example.org-tls');
    expect(find(prodObjects, 'Certificate', 'pectus.research.example.org').spec.issuerRef.name).toBe('labstack-production-acme');
    expect(find(prodObjects, 'ServersTransport', 'aggregator-prd').spec.forwardingTimeouts.responseHeaderTimeout).toBe('86400s');
  });

  test('the database administration shares the data volume on the aggregator node and is served at /admin unstripped', () => {
    const admin = find(prodObjects, 'Deployment', 'database-administration-prd');
    const spec = admin.spec.template.spec;
    expect(admin.spec.replicas).toBe(1);
    expect(spec.containers[0].image).toBe('ghcr.io/open-pectus/database-administration:main');
    expect(spec.containers[0].ports[0].containerPort).toBe(8301);
    expect(spec.volumes.find((v: any) => v.persistentVolumeClaim).persistentVolumeClaim.claimName).toBe('aggregator-prd-data');
    expect(spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchLabels).toEqual(
      deployment.spec.selector.matchLabels,
    );
    expect(envOf(spec.containers[0]).AZURE_CLIENT_SECRET).toBe('secret:open-pectus-prd/azure-client-secret');
    const ingress = find(prodObjects, 'Ingress', 'database-administration-prd-admin');
    expect(ingress.spec.rules[0].http.paths[0].path).toBe('/admin');
    expect(ingress.metadata.annotations['traefik.ingress.kubernetes.io/router.middlewares']).toBeUndefined();
  });

  test('the database administration waits for the aggregator to create the database (it exits when the file is missing) and is probed without redirects', () => {
    const spec = find(prodObjects, 'Deployment', 'database-administration-prd').spec.template.spec;
    expect(spec.initContainers).toHaveLength(1);
    const wait = spec.initContainers[0];
    expect(wait.image).toBe(spec.containers[0].image);
    expect(wait.command).toEqual(['/bin/sh', '-c', expect.stringContaining('until [ -f /data/open_pectus_aggregator.sqlite3 ]')]);
    expect(wait.volumeMounts).toContainEqual({ name: 'aggregator-prd-data', mountPath: '/data', readOnly: true });
    expect(spec.containers[0].readinessProbe.httpGet.path).toBe('/admin/statics/favicon.ico');
    expect(spec.containers[0].livenessProbe.httpGet.path).toBe('/admin/statics/favicon.ico');
  });

  test('both routes are authenticated by Azure, each as its image does it', () => {
    const annotation = (name: string) => find(prodObjects, 'Ingress', name).metadata.annotations['labstack.io/authentication'];
    expect(annotation('aggregator-prd')).toMatch(/^application: open-pectus: Azure AD \(Entra ID\) tokens in the header X-Identity/);
    expect(annotation('aggregator-prd')).toContain('without sign-in: the web app itself (the SPA), /version');
    expect(annotation('database-administration-prd-admin')).toMatch(/^application: database-administration: Azure AD \(Entra ID\) sign-in through MSAL .* app role "Administrator"/);
  });

  test('the tst instance has no database administration', () => {
    expect(prodObjects.some((o) => o.metadata.name === 'database-administration-tst')).toBe(false);
  });

  test('backs up on the configured schedule and time zone into open_pectus_aggregator_<instance>-YYYY-MM-DD.sqlite3, keeping N, on the writer node', () => {
    const cron = find(prodObjects, 'CronJob', 'aggregator-prd-backup');
    expect(cron.spec.schedule).toBe('30 1 * * *');
    expect(cron.spec.timeZone).toBe('Europe/Berlin');
    expect(cron.spec.concurrencyPolicy).toBe('Forbid');
    const pod = cron.spec.jobTemplate.spec.template.spec;
    expect(envOf(pod.containers[0])).toMatchObject({
      BACKUP_KEEP: '21',
      BACKUP_PREFIX: 'open_pectus_aggregator_prd',
      SQLITE_DATABASE: '/data/open_pectus_aggregator.sqlite3',
    });
    expect(pod.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchLabels).toEqual(
      deployment.spec.selector.matchLabels,
    );
    expect(pod.volumes.map((v: any) => v.persistentVolumeClaim?.claimName).filter(Boolean)).toEqual(['aggregator-prd-data', 'aggregator-prd-backup']);
    expect(find(prodObjects, 'CronJob', 'aggregator-prd-backup-restore').spec.suspend).toBe(true);
  });
});

describe('Open Pectus in a development-like environment', () => {
  test('uses the private CA issuer and default host names', () => {
    const ingress = find(devObjects, 'Ingress', 'aggregator-dev');
    expect(find(devObjects, 'Certificate', ingress.spec.rules[0].host).spec.issuerRef.name).toBe('labstack-development-ca');
    expect(ingress.spec.rules[0].host).toBe('pectus-dev.sandbox.example.org');
    expect(find(devObjects, 'Deployment', 'aggregator-dev').spec.template.spec.hostname).toBe('pectus-dev');
  });

  test('serves the aggregator and /admin without authentication only as the config accepts it, each with its reason', () => {
    const annotation = (name: string) => find(devObjects, 'Ingress', name).metadata.annotations['labstack.io/authentication'];
    expect(annotation('aggregator-dev')).toBe('public: accepted by systems.openPectus.instances[dev].acceptUnauthenticated.aggregator: sandbox with test data only');
    expect(annotation('database-administration-dev-admin')).toBe(
      'public: accepted by systems.openPectus.instances[dev].acceptUnauthenticated.databaseAdministration: sandbox with test data only',
    );
    // Public means nothing in front of it either: no forward-auth middleware.
    expect(find(devObjects, 'Ingress', 'aggregator-dev').metadata.annotations['traefik.ingress.kubernetes.io/router.middlewares']).toBeUndefined();
  });

  test('turns Azure authentication off explicitly and declares no Azure secret', () => {
    const admin = find(devObjects, 'Deployment', 'database-administration-dev');
    expect(envOf(admin.spec.template.spec.containers[0])).toEqual({ HOME: '/tmp', ENABLE_AZURE_AUTHENTICATION: 'false' });
  });

  test('matches the snapshot', () => {
    expect(devObjects.filter((o) => o.file.startsWith('10-open-pectus-'))).toMatchSnapshot();
  });
});

describe('Open Pectus in a production-like environment (snapshot)', () => {
  test('matches the snapshot', () => {
    expect(prodObjects.filter((o) => o.file.startsWith('10-open-pectus-'))).toMatchSnapshot();
  });
});
