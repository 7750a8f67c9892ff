import { App, Chart, Duration, Size } from 'cdk8s';
import { Backup } from '../constructs/backup';
import { MariaDb } from '../constructs/databases/mariadb';
import { OAuth2Proxy, OAuth2ProxyProps } from '../constructs/oauth2-proxy';
import { OneShotJob } from '../constructs/one-shot-job';
import { PodTemplate } from '../constructs/pod-template';
import { ScheduledJob } from '../constructs/scheduled-job';
import { UwsgiService } from '../constructs/uwsgi-service';
import { Identity } from '../constructs/identity';
import { PodSecurity } from '../constructs/pod-security';
import { RouteAuthentication } from '../constructs/routing/authentication';
import { admitting } from '../constructs/routing/ingress-settings';
import { DeclaredSecret } from '../constructs/secrets';
import { SystemNamespace } from '../constructs/system-namespace';
import { configMapVolume, PersistentVolume } from '../constructs/volumes';
import { WebService, WebServiceProps } from '../constructs/web-service';

const ingress = { className: 'traefik', controllerNamespace: 'traefik', clusterIssuer: { name: 'labstack-acme', admitCertificatesIn: () => undefined } };
const resources = { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } };
const identity = Identity.of('demo', 'demo-a').component('web');
/** How the demo routes are authenticated: every route must say it. */
const auth = RouteAuthentication.application("the demo app's own sign-in");

function chart(): Chart {
  return new Chart(new App(), 'test', { namespace: 'demo' });
}

function webService(scope: Chart, overrides: Partial<WebServiceProps> = {}): WebService {
  return new WebService(scope, 'Web', {
    identity,
    name: 'web',
    image: 'example.org/web:1.0.0',
    port: 8080,
    probes: { liveness: { path: '/livez' }, readiness: { path: '/readyz' } },
    resources,
    security: PodSecurity.restricted({ uid: 1000 }),
    ...overrides,
  });
}

const objects = (c: Chart) => c.toJson();
const ofKind = (c: Chart, kind: string) => objects(c).filter((o) => o.kind === kind);

describe('WebService', () => {
  test('renders a restricted Deployment with probes on distinct endpoints and a Service on port http', () => {
    const c = chart();
    webService(c);
    const [deployment] = ofKind(c, 'Deployment');
    const pod = deployment.spec.template.spec;
    const container = pod.containers[0];
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/livez', port: 8080 });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 8080 });
    expect(container.startupProbe.failureThreshold).toBe(60);
    expect(container.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } });
    expect(deployment.spec.selector.matchLabels).toEqual(identity.selector);
    const [service] = ofKind(c, 'Service');
    expect(service.spec.selector).toEqual(identity.selector);
    expect(service.spec.ports).toEqual([{ name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP' }]);
    expect(ofKind(c, 'PodDisruptionBudget')).toHaveLength(0);
  });

  test('adds a PodDisruptionBudget when it has more than one replica', () => {
    const c = chart();
    webService(c, { replicas: 3 });
    expect(ofKind(c, 'PodDisruptionBudget')[0].spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: identity.selector } });
  });

  test('uses Recreate for a single writer', () => {
    const c = chart();
    webService(c, { singleWriter: true });
    expect(ofKind(c, 'Deployment')[0].spec.strategy).toEqual({ type: 'Recreate' });
  });

  test('fails when a single writer asks for more than one replica', () => {
    expect(() => webService(chart(), { singleWriter: true, replicas: 2 })).toThrow('web is a single writer and must run exactly one replica, got 2');
  });

  test('baseline workloads record why', () => {
    const c = chart();
    webService(c, { security: PodSecurity.baseline({ reason: 'binds port 80 as root' }) });
    const template = ofKind(c, 'Deployment')[0].spec.template;
    expect(template.metadata.annotations).toEqual({ 'labstack.io/pod-security-reason': 'binds port 80 as root' });
    expect(template.spec.securityContext).toEqual({ seccompProfile: { type: 'RuntimeDefault' } });
  });
});

describe('Route (Traefik)', () => {
  test('renders TLS from a Certificate of the cluster issuer, and middlewares for strip-prefix, body size and forward auth', () => {
    const c = chart();
    webService(c).exposeAt(ingress, {
      host: 'app.example.org',
      path: '/api/v1',
      stripPrefix: '/api/v1',
      maxBodySize: Size.mebibytes(100),
      authentication: RouteAuthentication.forwardAuth('the demo outpost', { address: 'http://outpost:9000/auth', trustForwardHeader: true, responseHeaders: ['X-User'] }),
    });
    const [ing] = ofKind(c, 'Ingress');
    expect(ing.metadata.name).toBe('web-api-v1');
    expect(ing.spec.ingressClassName).toBe('traefik');
    expect(ing.spec.tls).toEqual([{ hosts: ['app.example.org'], secretName: 'app.example.org-tls' }]);
    const [certificate] = ofKind(c, 'Certificate');
    expect(certificate.metadata.name).toBe('app.example.org');
    expect(certificate.spec).toMatchObject({
      secretName: 'app.example.org-tls',
      dnsNames: ['app.example.org'],
      issuerRef: { name: 'labstack-acme', kind: 'ClusterIssuer', group: 'cert-manager.io' },
    });
    expect(ing.spec.rules[0].http.paths[0]).toEqual({ path: '/api/v1', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } });
    expect(ing.metadata.annotations).toEqual({
      'labstack.io/allowed-sources': 'internet',
      'labstack.io/authentication': 'forward-auth: the demo outpost',
      'traefik.ingress.kubernetes.io/router.entrypoints': 'websecure',
      'traefik.ingress.kubernetes.io/router.tls': 'true',
      'traefik.ingress.kubernetes.io/router.middlewares':
        'demo-web-api-v1-forward-auth@kubernetescrd,demo-web-api-v1-max-body@kubernetescrd,demo-web-api-v1-strip-prefix@kubernetescrd',
    });
    const specs = Object.fromEntries(ofKind(c, 'Middleware').map((m) => [m.metadata.name, m.spec]));
    expect(specs).toEqual({
      'web-api-v1-forward-auth': { forwardAuth: { address: 'http://outpost:9000/auth', trustForwardHeader: true, authResponseHeaders: ['X-User'] } },
      'web-api-v1-max-body': { buffering: { maxRequestBodyBytes: 104857600 } },
      'web-api-v1-strip-prefix': { stripPrefix: { prefixes: ['/api/v1'] } },
    });
  });

  test('admits only the allowed networks and the cluster\'s own, through an IP allow list in front of everything else', () => {
    const c = chart();
    const withCluster = { ...ingress, clusterNetworks: ['10.42.0.0/16'], forwardedForDepth: 2 };
    webService(c).exposeAt(admitting(withCluster, ['192.0.2.0/24', '10.42.0.0/16']), {
      host: 'app.example.org',
      authentication: RouteAuthentication.forwardAuth('the demo outpost', { address: 'http://outpost:9000/auth' }),
    });
    const [ing] = ofKind(c, 'Ingress');
    expect(ing.metadata.annotations['labstack.io/allowed-sources']).toBe('192.0.2.0/24, 10.42.0.0/16');
    expect(ing.metadata.annotations['traefik.ingress.kubernetes.io/router.middlewares']).toBe('demo-web-allow-list@kubernetescrd,demo-web-forward-auth@kubernetescrd');
    expect(ofKind(c, 'Middleware')[0].spec).toEqual({ ipAllowList: { sourceRange: ['192.0.2.0/24', '10.42.0.0/16'], ipStrategy: { depth: 2 } } });
    // No list, or a route opened with a reason: nothing in front, and the Ingress says so.
    const open = chart();
    webService(open).exposeAt(admitting(withCluster, ['192.0.2.0/24'], 'systems.demo.acceptInternet.web: a public booking page'), { host: 'app.example.org', authentication: auth });
    expect(ofKind(open, 'Middleware')).toHaveLength(0);
    expect(ofKind(open, 'Ingress')[0].metadata.annotations['labstack.io/allowed-sources']).toBe('internet: accepted by systems.demo.acceptInternet.web: a public booking page');
    expect(() => admitting(ingress, ['192.0.2.0/24'])).toThrow('an allow list needs the cluster\'s networks (ingress.clusterNetworks)');
  });

  test('records on the Ingress how the route is authenticated: by the application, or public as the config accepted it', () => {
    const c = chart();
    const web = webService(c);
    web.exposeAt(ingress, { authentication: auth, host: 'app.example.org' });
    web.exposeAt(ingress, {
      host: 'app.example.org',
      path: '/admin',
      authentication: RouteAuthentication.acceptedPublic({ setting: 'systems.demo.acceptUnauthenticated.admin', reason: 'test data only' }),
    });
    expect(ofKind(c, 'Ingress').map((i) => i.metadata.annotations['labstack.io/authentication'])).toEqual([
      "application: the demo app's own sign-in",
      'public: accepted by systems.demo.acceptUnauthenticated.admin: test data only',
    ]);
    // Neither puts anything in front of the backend.
    expect(ofKind(c, 'Middleware')).toHaveLength(0);
  });

  test('fails when a route says nothing about its authentication', () => {
    expect(() => RouteAuthentication.application(' ')).toThrow("a route's application authentication must say what authenticates it");
    expect(() => RouteAuthentication.acceptedPublic({ setting: 'systems.demo.acceptUnauthenticated.admin', reason: '' })).toThrow(
      'public route accepted by systems.demo.acceptUnauthenticated.admin: the acceptance must give a reason',
    );
  });

  test('a read timeout becomes a ServersTransport referenced by the Service', () => {
    const c = chart();
    webService(c).exposeAt(ingress, { authentication: auth, host: 'app.example.org', websocket: true, readTimeout: Duration.days(1) });
    expect(ofKind(c, 'ServersTransport')[0].spec).toEqual({ forwardingTimeouts: { responseHeaderTimeout: '86400s' } });
    expect(ofKind(c, 'Service')[0].metadata.annotations).toEqual({ 'traefik.ingress.kubernetes.io/service.serverstransport': 'demo-web@kubernetescrd' });
    expect(ofKind(c, 'Middleware')).toHaveLength(0);
  });

  test('lets only the ingress controller namespace reach the exposed port, once per service', () => {
    const c = chart();
    const web = webService(c);
    web.exposeAt(ingress, { authentication: auth, host: 'a.example.org' });
    web.exposeAt(ingress, { authentication: auth, host: 'a.example.org', path: '/admin' });
    const policies = ofKind(c, 'NetworkPolicy');
    expect(policies).toHaveLength(1);
    expect(policies[0].spec).toEqual({
      podSelector: { matchLabels: identity.selector },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'traefik' } } }], ports: [{ port: 8080, protocol: 'TCP' }] }],
    });
  });

  test('strips a shorter prefix than the path when asked', () => {
    const c = chart();
    webService(c).exposeAt(ingress, { authentication: auth, host: 'a.example.org', path: '/archiver/prefect/api', stripPrefix: '/archiver/prefect' });
    expect(ofKind(c, 'Middleware')[0].spec).toEqual({ stripPrefix: { prefixes: ['/archiver/prefect'] } });
  });

  test('fails when stripPrefix is not a prefix of the path, or is the root', () => {
    expect(() => webService(chart()).exposeAt(ingress, { authentication: auth, host: 'a.example.org', stripPrefix: '/' })).toThrow('stripPrefix must be the path or a shorter prefix of it');
    expect(() => webService(chart()).exposeAt(ingress, { authentication: auth, host: 'a.example.org', path: '/api', stripPrefix: '/ap' })).toThrow(
      'route a.example.org/api: stripPrefix must be the path or a shorter prefix of it, other than "/", got "/ap"',
    );
  });

  test('routes on one host share one Certificate, so the CA issues one certificate per host', () => {
    const c = chart();
    const web = webService(c);
    web.exposeAt(ingress, { authentication: auth, host: 'app.example.org' });
    web.exposeAt(ingress, { authentication: auth, host: 'app.example.org', path: '/api' });
    new WebService(c, 'Other', {
      identity: identity.component('other'),
      name: 'other',
      image: 'example.org/other:1.0.0',
      port: 8080,
      probes: { liveness: { path: '/livez' }, readiness: { path: '/readyz' } },
      resources,
      security: PodSecurity.restricted({ uid: 1000 }),
    }).exposeAt(ingress, { authentication: auth, host: 'app.example.org', path: '/other' });
    web.exposeAt(ingress, { authentication: auth, host: 'docs.example.org', path: '/docs' });
    expect(ofKind(c, 'Certificate').map((cert) => cert.metadata.name)).toEqual(['app.example.org', 'docs.example.org']);
    expect(new Set(ofKind(c, 'Ingress').filter((i) => i.spec.rules[0].host === 'app.example.org').map((i) => i.spec.tls[0].secretName))).toEqual(
      new Set(['app.example.org-tls']),
    );
  });

  test('routes with the same timeout share one ServersTransport', () => {
    const c = chart();
    const web = webService(c);
    web.exposeAt(ingress, { authentication: auth, host: 'a.example.org', readTimeout: Duration.seconds(60) });
    web.exposeAt(ingress, { authentication: auth, host: 'a.example.org', path: '/x', readTimeout: Duration.seconds(60) });
    expect(ofKind(c, 'ServersTransport')).toHaveLength(1);
  });

  test('fails when two routes need different timeouts on one service', () => {
    const web = webService(chart());
    web.exposeAt(ingress, { authentication: auth, host: 'a.example.org', readTimeout: Duration.seconds(60) });
    expect(() => web.exposeAt(ingress, { authentication: auth, host: 'a.example.org', path: '/x', readTimeout: Duration.seconds(600) })).toThrow(
      'service web already has a 60s read timeout; Traefik sets timeouts per service, so a route cannot use 600s',
    );
  });
});

describe('SystemNamespace', () => {
  test('labels Pod Security and its environment, and denies all ingress by default', () => {
    const c = new Chart(new App(), 'platform');
    new SystemNamespace(c, 'Ns', { name: 'demo', identity, environment: 'staging' });
    const [ns, policy] = objects(c);
    expect(ns.metadata.labels).toMatchObject({
      'labstack.io/environment': 'staging',
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
    expect(policy.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
  });

  test('fails when baseline is requested without a reason', () => {
    expect(() => new SystemNamespace(new Chart(new App(), 'p'), 'Ns', { name: 'demo', identity, environment: 'staging', podSecurity: 'baseline' })).toThrow(
      'namespace demo runs under baseline and must say why (podSecurityReason)',
    );
  });
});

describe('Backup', () => {
  function backup(c: Chart, writer?: Identity) {
    const data = new PersistentVolume(c, 'Data', { identity, name: 'data', size: '1Gi' });
    const target = new PersistentVolume(c, 'Target', { identity, name: 'backups', size: '5Gi' });
    return new Backup(c, 'Backup', {
      identity: identity.component('backup'),
      name: 'web-backup',
      schedule: '5 4 * * *',
      timeZone: 'Europe/Zurich',
      keep: 30,
      image: 'example.org/sqlite:3.46.1',
      script: 'sqlite.sh',
      source: { volume: data, mountPath: '/data', writer },
      target,
      security: PodSecurity.restricted({ uid: 1000 }),
    });
  }

  test('renders a CronJob that never overlaps, with deadlines, history limits and retention', () => {
    const c = chart();
    backup(c, identity);
    const [cron] = ofKind(c, 'CronJob');
    expect(cron.spec).toMatchObject({
      schedule: '5 4 * * *',
      timeZone: 'Europe/Zurich',
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 3600,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 3,
    });
    const job = cron.spec.jobTemplate.spec;
    expect(job.activeDeadlineSeconds).toBe(3600);
    const container = job.template.spec.containers[0];
    expect(container.command).toEqual(['/bin/sh', '/scripts/sqlite.sh']);
    expect(container.env).toEqual(expect.arrayContaining([{ name: 'BACKUP_KEEP', value: '30' }, { name: 'BACKUP_DIR', value: '/backup' }]));
  });

  test('renders a suspended helper that mounts the backups read-only, lists them and waits for kubectl exec and cp', () => {
    const c = chart();
    backup(c, identity);
    const files = ofKind(c, 'CronJob').find((j) => j.metadata.name === 'web-backup-files');
    expect(files.spec.suspend).toBe(true);
    const pod = files.spec.jobTemplate.spec.template.spec;
    expect(pod.containers).toHaveLength(1);
    const [container] = pod.containers;
    expect(container.image).toBe('example.org/sqlite:3.46.1');
    expect(container.command).toEqual(['/bin/sh', '-c', 'ls -lR /backup && echo "kubectl exec or kubectl cp from this pod within the hour" && exec sleep 3600']);
    expect(container.volumeMounts).toContainEqual({ name: 'backups', mountPath: '/backup', readOnly: true });
    // Neither the data nor anything secret: the backups and scratch space only.
    expect(pod.volumes.filter((v: any) => !v.emptyDir).map((v: any) => v.persistentVolumeClaim?.claimName)).toEqual(['backups']);
    expect((container.env ?? []).filter((e: any) => e.name !== 'HOME')).toEqual([]);
    expect(files.spec.jobTemplate.spec.activeDeadlineSeconds).toBeGreaterThan(3600);
  });

  test('mounts the script from a ConfigMap holding the file in scripts/backup', () => {
    const c = chart();
    backup(c, identity);
    const [configMap] = ofKind(c, 'ConfigMap');
    expect(Object.keys(configMap.data).sort()).toEqual(['lib.sh', 'sqlite.sh']);
    expect(configMap.data['sqlite.sh']).toContain('.backup');
  });

  test('runs on the writer node when the data is on a ReadWriteOnce volume', () => {
    const c = chart();
    backup(c, identity);
    const affinity = ofKind(c, 'CronJob')[0].spec.jobTemplate.spec.template.spec.affinity;
    expect(affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution).toEqual([
      { labelSelector: { matchLabels: identity.selector }, topologyKey: 'kubernetes.io/hostname' },
    ]);
  });

  test('fails when a CronJob name would exceed 52 characters', () => {
    const c = chart();
    const data = new PersistentVolume(c, 'Data', { identity, name: 'data', size: '1Gi', accessMode: 'ReadWriteMany' });
    expect(
      () =>
        new Backup(c, 'Backup', {
          identity,
          name: 'a-backup-name-of-exactly-forty-five-characters',
          schedule: '5 4 * * *',
          timeZone: 'Etc/UTC',
          keep: 1,
          image: 'example.org/sqlite:3.46.1',
          script: 'sqlite.sh',
          restoreScript: 'sqlite-restore.sh',
          source: { volume: data, mountPath: '/data' },
          target: data,
          security: PodSecurity.restricted({ uid: 1000 }),
        }),
    ).toThrow('CronJob name a-backup-name-of-exactly-forty-five-characters-restore is longer than 52 characters');
  });

  test('fails when a ReadWriteOnce source has no writer', () => {
    expect(() => backup(chart())).toThrow('reads the ReadWriteOnce volume data: name its writer so the job runs on the same node');
  });
});

describe('DeclaredSecret', () => {
  test('is referenced by name and key but never rendered', () => {
    const c = chart();
    const secret = new DeclaredSecret(c, 'S', { name: 'demo', purpose: 'test', keys: [{ key: 'token', purpose: 'api token', optional: true }] });
    expect(secret.env('TOKEN', 'token')).toEqual({ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'demo', key: 'token', optional: true } } });
    expect(objects(c)).toEqual([]);
    expect(DeclaredSecret.all(c)).toEqual([secret]);
  });

  test('fails when a key is not declared', () => {
    const secret = new DeclaredSecret(chart(), 'S', { name: 'demo', purpose: 'test', keys: [] });
    expect(() => secret.env('X', 'missing')).toThrow('secret demo declares no key missing');
  });
});

describe('DeclaredSecret minimum length', () => {
  test('fails when generated values would be shorter than the consumer accepts', () => {
    expect(
      () => new DeclaredSecret(chart(), 'S', { name: 'api', purpose: 'test', keys: [{ key: 'password', purpose: 'p', generateLength: 10, minLength: 11 }] }),
    ).toThrow('secret api key password: generated values of 10 characters are shorter than the required 11');
  });
});

describe('MariaDb', () => {
  function mariadb(c: Chart) {
    const secret = new DeclaredSecret(c, 'Secret', { name: 'db', purpose: 'test', keys: [{ key: 'password', purpose: 'p', generateLength: 32 }] });
    return new MariaDb(c, 'Db', {
      identity: identity.component('database'),
      name: 'mariadb',
      image: 'docker.io/library/mariadb:11.4.5',
      database: 'app',
      user: 'app',
      password: secret.ref('password'),
      bufferPoolSize: '512M',
      storage: '10Gi',
      resources,
    });
  }

  test('renders a restricted StatefulSet of one with a headless Service and writable /run/mysqld', () => {
    const c = chart();
    mariadb(c);
    const [set] = ofKind(c, 'StatefulSet');
    const pod = set.spec.template.spec;
    expect(set.spec.serviceName).toBe('mariadb');
    expect(pod.securityContext).toMatchObject({ runAsUser: 999, fsGroup: 999 });
    expect(pod.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
    expect(pod.containers[0].volumeMounts.map((m: any) => m.mountPath)).toEqual(['/tmp', '/var/lib/mysql', '/run/mysqld']);
    expect(ofKind(c, 'Service')[0].spec.clusterIP).toBe('None');
  });

  test('allowFrom collects every client into one policy on the database port', () => {
    const c = chart();
    const db = mariadb(c);
    db.allowFrom(identity.component('api'));
    db.allowFrom(identity.component('backup'));
    const policies = ofKind(c, 'NetworkPolicy');
    expect(policies).toHaveLength(1);
    expect(policies[0].spec.ingress[0].from.map((f: any) => f.podSelector.matchLabels['app.kubernetes.io/component'])).toEqual(['api', 'backup']);
    expect(policies[0].spec.ingress[0].ports).toEqual([{ port: 3306, protocol: 'TCP' }]);
  });
});

describe('UwsgiService', () => {
  function uwsgi(c: Chart) {
    return new UwsgiService(c, 'Api', {
      identity,
      name: 'api',
      image: 'example.org/api:1.0.0',
      uwsgiPort: 9090,
      healthPath: '/status',
      gatewayImage: 'docker.io/nginxinc/nginx-unprivileged:1.27.4-alpine',
      readTimeout: Duration.seconds(120),
      maxBodySize: Size.mebibytes(20),
      resources,
      security: PodSecurity.restricted({ uid: 1000 }),
    });
  }

  test('renders the gateway config from its settings and mounts it into the gateway', () => {
    const c = chart();
    const api = uwsgi(c);
    expect(api.gatewayConfig).toContain('uwsgi_pass 127.0.0.1:9090;');
    expect(api.gatewayConfig).toContain('uwsgi_read_timeout 120s;');
    expect(api.gatewayConfig).toContain('client_max_body_size 20m;');
    expect(api.gatewayConfig).toContain('uwsgi_param PATH_INFO /status;');
    expect(ofKind(c, 'ConfigMap')[0].data['default.conf']).toBe(api.gatewayConfig);
  });

  test('env and mounts go to the application container, not the gateway', () => {
    const c = chart();
    const api = uwsgi(c);
    api.addEnv({ name: 'SETTING', value: 'x' });
    const [gateway, app] = ofKind(c, 'Deployment')[0].spec.template.spec.containers;
    expect(gateway.name).toBe('gateway');
    expect(app.env).toContainEqual({ name: 'SETTING', value: 'x' });
    expect(gateway.env).not.toContainEqual({ name: 'SETTING', value: 'x' });
  });
});

describe('OneShotJob', () => {
  const job = (c: Chart, command: string[]) =>
    new OneShotJob(c, 'Job', { identity, name: 'setup', image: 'example.org/tool:1.0.0', command, security: PodSecurity.restricted({ uid: 1000 }) });

  test('is named after a hash of its pod, so only a change makes a new Job', () => {
    const [a, b, c] = [['run'], ['run'], ['run', '--again']].map((command) => {
      const scope = chart();
      job(scope, command);
      return ofKind(scope, 'Job')[0].metadata.name;
    });
    expect(a).toMatch(/^setup-[0-9a-f]{8}$/);
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  });

  test('fails when the name leaves no room for the hash', () => {
    expect(
      () => new OneShotJob(chart(), 'Job', { identity, name: 'x'.repeat(55), image: 'example.org/tool:1.0.0', command: ['run'], security: PodSecurity.restricted({ uid: 1000 }) }),
    ).toThrow('is longer than 54 characters');
  });
});

describe('ScheduledJob', () => {
  test('fails when the CronJob name exceeds 52 characters', () => {
    const c = chart();
    const pod = new PodTemplate({ identity, security: PodSecurity.restricted({ uid: 1000 }), restartPolicy: 'Never' });
    expect(() => new ScheduledJob(c, 'Cron', { identity, name: 'n'.repeat(53), schedule: '* * * * *', timeZone: 'Etc/UTC', pod })).toThrow(
      'is longer than 52 characters',
    );
  });
});

describe('PodTemplate', () => {
  const resources = { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '32Mi' } };
  const pod = () => {
    const p = new PodTemplate({ identity, security: PodSecurity.restricted({ uid: 1000 }), restartPolicy: 'Never' });
    p.addContainer({ name: 'worker', image: 'docker.io/library/busybox:1.37.0', resources });
    p.addInitContainer({ name: 'wait', image: 'docker.io/library/busybox:1.37.0', resources });
    return p;
  };

  test('a misspelled container name throws, naming the containers there are, instead of being dropped', () => {
    expect(() => pod().addEnv('wroker', { name: 'A', value: 'b' })).toThrow('the pod has no container wroker; its containers are wait, worker');
    expect(() => pod().mount('wroker', configMapVolume('settings', 'settings'), '/etc/settings')).toThrow('the pod has no container wroker');
  });

  test('a known container takes its variables and mounts', () => {
    const p = pod();
    p.addEnv('worker', { name: 'A', value: 'b' });
    p.mount('wait', configMapVolume('settings', 'settings'), '/etc/settings');
    const spec = p.toSpec().spec!;
    expect(spec.containers[0].env).toContainEqual({ name: 'A', value: 'b' });
    expect(spec.initContainers![0].volumeMounts).toContainEqual({ name: 'settings', mountPath: '/etc/settings', readOnly: undefined, subPath: undefined });
  });
});

describe('OAuth2Proxy', () => {
  function proxy(scope: Chart, gitlab: Partial<OAuth2ProxyProps['gitlab']> = {}) {
    const upstream = webService(scope);
    const secret = new DeclaredSecret(scope, 'GitLab', { name: 'gitlab', purpose: 'GitLab application', keys: [{ key: 'client-secret', purpose: 'its secret' }] });
    return new OAuth2Proxy(scope, 'SignIn', {
      identity: Identity.of('demo', 'demo-a').component('web-proxy'),
      name: 'web-proxy',
      image: 'quay.io/oauth2-proxy/oauth2-proxy:v7.15.3',
      upstream,
      gitlab: { url: 'https://gitlab.example.org', clientId: 'abc', clientSecret: secret.ref('client-secret'), ...gitlab },
      host: 'web.example.org',
      ingress,
      resources,
    });
  }

  test('publishes the upstream through the proxy only, with the secrets in the environment', () => {
    const c = chart();
    proxy(c, { groups: ['lab'] });
    const ingresses = ofKind(c, 'Ingress');
    expect(ingresses.map((i) => i.spec.rules[0].http.paths[0].backend.service.name)).toEqual(['web-proxy']);
    const upstreamPolicy = ofKind(c, 'NetworkPolicy').find((p) => p.metadata.name === 'web-from-clients');
    expect(upstreamPolicy.spec.ingress[0].from).toEqual([{ podSelector: { matchLabels: Identity.of('demo', 'demo-a').component('web-proxy').selector } }]);
    const container = ofKind(c, 'Deployment').find((d) => d.metadata.name === 'web-proxy').spec.template.spec.containers[0];
    expect(container.args).toEqual(expect.arrayContaining(['--upstream=http://web:8080/', '--gitlab-group=lab', '--email-domain=*', '--oidc-issuer-url=https://gitlab.example.org']));
    expect(container.args.join(' ')).not.toMatch(/secret/i);
    expect(container.env.map((e: any) => e.name)).toEqual(expect.arrayContaining(['OAUTH2_PROXY_CLIENT_SECRET', 'OAUTH2_PROXY_COOKIE_SECRET']));
  });

  test('fails when it names neither a GitLab group nor an e-mail domain', () => {
    expect(() => proxy(chart())).toThrow('web-proxy: name GitLab groups or e-mail domains; without either, any account of https://gitlab.example.org could sign in');
  });
});
