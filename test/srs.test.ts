import { LabStackApp } from '../charts/labstack-app';
import { DeclaredSecret } from '../constructs/secrets';
import { changed, DEVELOPMENT_LIKE, fixture, PRODUCTION_LIKE } from './fixtures';
import { envOf, find, render } from './helpers';

const devObjects = render(fixture(DEVELOPMENT_LIKE, 'development'));
const prodObjects = render(fixture(PRODUCTION_LIKE, 'production'));
const groupsOnly = render(fixture(changed(PRODUCTION_LIKE, '        emailDomains: [research.example.org]\n', ''), 'production'));
const podOf = (o: any) => (o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template.spec : o.spec.template.spec);
const containerOf = (o: any, name?: string) => (name ? podOf(o).containers.find((c: any) => c.name === name) : podOf(o).containers[0]);
const policy = (name: string, objects = prodObjects) => find(objects, 'NetworkPolicy', name, 'srs');
const peers = (p: any) =>
  p.spec.ingress[0].from.map((f: any) => `${f.namespaceSelector ? `${f.namespaceSelector.matchLabels['kubernetes.io/metadata.name']}/` : ''}${f.podSelector?.matchLabels['app.kubernetes.io/component'] ?? '*'}`);

describe('SRS MongoDB', () => {
  const set = find(prodObjects, 'StatefulSet', 'mongodb', 'srs');
  const mongo = containerOf(set);

  test('is a restricted StatefulSet of the pinned image (uid 999) with the root user from a Secret', () => {
    expect(mongo.image).toBe('docker.io/library/mongo:7.0.37');
    expect(podOf(set).securityContext).toMatchObject({ runAsUser: 999, fsGroup: 999 });
    expect(find(prodObjects, 'Service', 'mongodb', 'srs').spec.clusterIP).toBe('None');
    expect(envOf(mongo)).toMatchObject({
      MONGO_INITDB_ROOT_USERNAME: 'secret:srs-mongodb/username',
      MONGO_INITDB_ROOT_PASSWORD: 'secret:srs-mongodb/password',
    });
    // It would only name the database of init scripts; the application's is created by its first write.
    expect(envOf(mongo).MONGO_INITDB_DATABASE).toBeUndefined();
    expect(mongo.volumeMounts).toContainEqual({ name: 'mongodb-data', mountPath: '/data/db' });
    expect(find(prodObjects, 'PersistentVolumeClaim', 'mongodb-data', 'srs').spec.resources.requests.storage).toBe('300Gi');
  });

  test('is probed with a mongosh ping', () => {
    expect(mongo.livenessProbe.exec.command.slice(0, 1)).toEqual(['mongosh']);
    expect(mongo.livenessProbe.exec.command.join(' ')).toContain("db.adminCommand('ping')");
  });

  test('is reachable only from its users Job, the backend, the extractor, the backup and restore, the admin job and Telegraf', () => {
    expect(peers(policy('mongodb-from-clients'))).toEqual(['mongodb-users', 'init-admin', 'backup', 'srs-backend/backend', 'srs-backend/data-extractor', 'telegraf']);
    expect(prodObjects.some((o) => o.kind === 'Ingress' && o.spec.rules[0].http.paths[0].backend.service.name === 'mongodb')).toBe(false);
  });
});

describe('SRS backend', () => {
  const deployment = find(prodObjects, 'Deployment', 'backend', 'srs-backend');
  const backend = containerOf(deployment);

  test('serves REST, websockets and the API documentation on 4000, from the private registry', () => {
    expect(backend.image).toBe('registry.gitlab.com/srs/srs-backend:3f9c2a1e');
    expect(backend.ports).toEqual([{ name: 'http', containerPort: 4000, protocol: 'TCP' }]);
    expect(podOf(deployment).imagePullSecrets).toEqual([{ name: 'srs-registry' }]);
    expect(deployment.spec.replicas).toBe(1);
  });

  test('gets the seed\'s variables: MongoDB, the sensors file, JWT key files, validity and booking mail', () => {
    expect(envOf(backend)).toMatchObject({
      MONGODB_HOST: 'mongodb.srs.svc',
      // Its own user, readWrite on its database only (test/mongodb-users.test.ts), not root; the
      // password copied into its namespace by the secrets script.
      MONGODB_USER: 'srs-backend',
      MONGODB_PASSWORD: 'secret:mongodb-users/srs-backend',
      MONGODB_DB_NAME: 'srs',
      PIPELINE_SENSORS_FILEPATH: '/etc/srs/sensors/default.sensors.json',
      SMS_JWT_PRIVATE_KEY_FILEPATH: '/etc/srs/jwt/jwt-private.pem',
      SMS_JWT_PUBLIC_KEY_FILEPATH: '/etc/srs/jwt/jwt-public.pem',
      SMS_JWT_VALIDITY_LENGTH: '8h',
      SMS_SMTP_HOST: 'smtp.research.example.org',
      SMS_SMTP_USER: 'bookings',
      SMS_SMTP_FROM: 'bookings@research.example.org',
      SMS_SMTP_PASSWORD: 'secret:srs-backend/smtp-password',
    });
    const mounts = Object.fromEntries(backend.volumeMounts.map((m: any) => [m.mountPath, m.name]));
    expect(mounts).toMatchObject({ '/etc/srs/sensors': 'sensors', '/etc/srs/jwt': 'jwt', '/app/exports': 'exports' });
    expect(podOf(deployment).volumes).toContainEqual({ name: 'jwt', secret: { secretName: 'srs-backend', defaultMode: 0o440 } });
  });

  test('the sensors file is built from config', () => {
    const sensors = JSON.parse(find(prodObjects, 'ConfigMap', 'sensors', 'srs-backend').data['default.sensors.json']);
    expect(sensors.sensors.map((s: any) => `${s.id}:${s.type}`)).toEqual(['door-1:door', 'door-2:door', 'camera-1:camera', 'thermometer-1:temperature']);
    expect(sensors.sensors[2].settings).toEqual({ fps: 15 });
  });

  test('is routed with websockets and an export-sized timeout, and reachable from the ingress controller (and the load test)', () => {
    const ingress = find(prodObjects, 'Ingress', 'backend', 'srs-backend');
    expect(ingress.spec.rules[0].host).toBe('sensors-api.research.example.org');
    expect(find(prodObjects, 'ServersTransport', 'backend', 'srs-backend').spec.forwardingTimeouts.responseHeaderTimeout).toBe('3600s');
    expect(peers(find(devObjects, 'NetworkPolicy', 'backend-from-clients', 'srs-backend'))).toEqual(['srs/load-test']);
    expect(prodObjects.some((o) => o.metadata.name === 'backend-from-clients')).toBe(false);
  });

  test('may start data-extractor Jobs from the template and nothing else in the cluster', () => {
    expect(podOf(deployment).serviceAccountName).toBe('backend');
    expect(podOf(deployment).automountServiceAccountToken).toBe(true);
    expect(find(prodObjects, 'Role', 'data-extractor-launcher', 'srs-backend').rules).toEqual([
      { apiGroups: ['batch'], resources: ['cronjobs'], resourceNames: ['data-extractor'], verbs: ['get'] },
      { apiGroups: ['batch'], resources: ['jobs'], verbs: ['create', 'get', 'list', 'watch', 'delete'] },
      { apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list', 'watch'] },
    ]);
    expect(find(prodObjects, 'RoleBinding', 'data-extractor-launcher', 'srs-backend').subjects).toEqual([{ kind: 'ServiceAccount', name: 'backend' }]);
    expect(envOf(backend)).toMatchObject({ DATA_EXTRACTOR_CRONJOB: 'data-extractor', DATA_EXTRACTOR_NAMESPACE: 'srs-backend', EXPORTS_DIR: '/app/exports' });
  });
});

describe('SRS frontend and data extractor', () => {
  test('the frontend on 3000 gets every backend URL derived from the backend route', () => {
    const frontend = containerOf(find(prodObjects, 'Deployment', 'frontend', 'srs'));
    expect(frontend.ports[0].containerPort).toBe(3000);
    expect(envOf(frontend)).toEqual({
      HOME: '/tmp',
      SRS_BACKEND_API_URL: 'https://sensors-api.research.example.org/api',
      SRS_BACKEND_AUTHENTICATED_WEBSOCKETS_URL: 'wss://sensors-api.research.example.org/ws',
      SRS_BACKEND_OPEN_WEBSOCKETS_URL: 'wss://sensors-api.research.example.org/ws/open',
    });
    expect(find(prodObjects, 'Ingress', 'frontend', 'srs').spec.rules[0].host).toBe('sensors.research.example.org');
  });

  test('the extractor is a suspended job template sharing the ReadWriteMany exports claim', () => {
    const cron = find(prodObjects, 'CronJob', 'data-extractor', 'srs-backend');
    expect(cron.spec.suspend).toBe(true);
    const extractor = containerOf(cron);
    expect(extractor.image).toBe('registry.gitlab.com/srs/srs-data-extractor:3f9c2a1e');
    expect(extractor.volumeMounts).toContainEqual({ name: 'exports', mountPath: '/app/exports' });
    expect(find(prodObjects, 'PersistentVolumeClaim', 'exports', 'srs-backend').spec).toMatchObject({ accessModes: ['ReadWriteMany'], storageClassName: 'shared-rwx' });
  });

  test('the initial admin user is created by a Job from a bcrypt hash in a Secret, never overwritten', () => {
    const job = prodObjects.find((o) => o.kind === 'Job' && o.metadata.name.startsWith('init-admin-user-'))!;
    const c = containerOf(job);
    expect(c.image).toBe('docker.io/library/mongo:7.0.37');
    expect(envOf(c)).toMatchObject({ ADMIN_USERNAME: 'lab-admin', ADMIN_EMAIL: 'sensors@research.example.org', ADMIN_PASSWORD_HASH: 'secret:srs-admin/password-bcrypt' });
    const script = find(prodObjects, 'ConfigMap', 'init-admin-scripts', 'srs').data['init-admin-user.sh'];
    expect(script).toContain('$setOnInsert');
    expect(script).toContain('is not a bcrypt hash');
  });
});

describe('SRS backup', () => {
  const cron = find(prodObjects, 'CronJob', 'mongodb-backup', 'srs');
  const pod = podOf(cron);

  test('on its schedule dumps the configured collections in the mongo image, then archives them with busybox', () => {
    expect(cron.spec).toMatchObject({ schedule: '45 1 * * *', concurrencyPolicy: 'Forbid' });
    expect(pod.initContainers.map((c: any) => [c.name, c.image, c.command[1]])).toEqual([['prepare', 'docker.io/library/mongo:7.0.37', '/scripts/mongodb-dump.sh']]);
    expect(pod.containers.map((c: any) => [c.name, c.image, c.command[1]])).toEqual([['backup', 'docker.io/library/busybox:1.37.0', '/scripts/mongodb-archive.sh']]);
    expect(envOf(pod.initContainers[0])).toMatchObject({ BACKUP_COLLECTIONS: 'users bookings experiments configs logbook', MONGODB_USER: 'srs-backup', MONGODB_PASSWORD: 'secret:mongodb-users/srs-backup' });
    // Each step gets only what its script reads: the archiving step never sees the database password.
    expect(envOf(pod.containers[0])).toEqual({ HOME: '/tmp', BACKUP_DIR: '/backup', BACKUP_KEEP: '20' });
    expect(pod.volumes).toContainEqual({ name: 'work', emptyDir: { sizeLimit: '10Gi' } });
  });

  test('restore unpacks with busybox and restores with the mongo image', () => {
    const restore = podOf(find(prodObjects, 'CronJob', 'mongodb-backup-restore', 'srs'));
    expect(restore.initContainers[0].command[1]).toBe('/scripts/mongodb-extract.sh');
    expect(restore.containers[0]).toMatchObject({ image: 'docker.io/library/mongo:7.0.37', command: ['/bin/sh', '/scripts/mongodb-restore.sh'] });
  });
});

describe('TICK stack', () => {
  test('InfluxDB 1.8 with its config file, three users from Secrets, /ping and /health probes, reachable by its clients only', () => {
    const influx = containerOf(find(prodObjects, 'StatefulSet', 'influxdb', 'srs'));
    expect(influx.image).toBe('docker.io/library/influxdb:1.8.10');
    expect(influx.livenessProbe.httpGet).toEqual({ path: '/ping', port: 8086 });
    expect(influx.readinessProbe.httpGet).toEqual({ path: '/health', port: 8086 });
    expect(envOf(influx)).toMatchObject({
      INFLUXDB_HTTP_AUTH_ENABLED: 'true',
      INFLUXDB_ADMIN_PASSWORD: 'secret:srs-influxdb/admin-password',
      INFLUXDB_READ_USER_PASSWORD: 'secret:srs-influxdb/read-password',
      INFLUXDB_WRITE_USER_PASSWORD: 'secret:srs-influxdb/write-password',
    });
    expect(find(prodObjects, 'ConfigMap', 'influxdb', 'srs').data['influxdb.conf']).toContain('auth-enabled = true');
    expect(peers(policy('influxdb-from-clients'))).toEqual(['chronograf', 'kapacitor', 'telegraf', 'srs-telegraf/telegraf-node']);
    expect(peers(policy('influxdb-from-clients', devObjects))).toContain('load-test');
  });

  test('Telegraf on every node, in its own privileged namespace, reads the host read-only and reports disk usage', () => {
    const daemonSet = find(prodObjects, 'DaemonSet', 'telegraf', 'srs-telegraf');
    const namespace = find(prodObjects, 'Namespace', 'srs-telegraf');
    expect(namespace.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(namespace.metadata.annotations['labstack.io/pod-security-reason']).toContain('hostPath');
    const pod = podOf(daemonSet);
    const telegraf = pod.containers[0];
    expect(pod.volumes.filter((v: any) => v.hostPath).map((v: any) => v.hostPath.path)).toEqual(['/', '/proc', '/sys']);
    expect(telegraf.volumeMounts.filter((m: any) => m.name.startsWith('host-')).every((m: any) => m.readOnly)).toBe(true);
    // Its inputs read only world-readable host files: it runs as "nobody", not root.
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534 });
    expect(telegraf.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } });
    expect(namespace.metadata.annotations['labstack.io/pod-security-reason']).toContain('non-root');
    expect(envOf(telegraf)).toMatchObject({ HOST_PROC: '/hostfs/proc', HOST_MOUNT_PREFIX: '/hostfs', INFLUXDB_WRITE_USER_PASSWORD: 'secret:srs-influxdb/write-password' });
    expect(find(prodObjects, 'ConfigMap', 'telegraf', 'srs-telegraf').data['telegraf.conf']).toContain('[[inputs.disk]]');
    const services = find(prodObjects, 'ConfigMap', 'telegraf', 'srs').data['telegraf.conf'];
    expect(services).toContain('[[inputs.mongodb]]');
    expect(services).toContain('[[inputs.influxdb]]');
    expect(services).not.toMatch(/password = "[^$]/);
  });

  test('Chronograf signs in with GitLab and has the InfluxDB and Kapacitor connections', () => {
    const chronograf = containerOf(find(prodObjects, 'Deployment', 'chronograf', 'srs'));
    expect(envOf(chronograf)).toMatchObject({
      PUBLIC_URL: 'https://sensors-monitoring.research.example.org',
      TOKEN_SECRET: 'secret:srs-chronograf/token-secret',
      GENERIC_NAME: 'gitlab',
      GENERIC_CLIENT_ID: '4f3c2b1a09876543210fedcba9876543210fedcba9876543210fedcba9876543',
      GENERIC_CLIENT_SECRET: 'secret:srs-chronograf/gitlab-client-secret',
      GENERIC_AUTH_URL: 'https://gitlab.com/oauth/authorize',
      GENERIC_TOKEN_URL: 'https://gitlab.com/oauth/token',
      GENERIC_API_URL: 'https://gitlab.com/api/v4/user',
      GENERIC_DOMAINS: 'research.example.org',
      REDIR_AUTH_LOGIN: 'gitlab',
      INFLUXDB_URL: 'http://influxdb:8086',
      INFLUXDB_USERNAME: 'reader',
      INFLUXDB_PASSWORD: 'secret:srs-influxdb/read-password',
      KAPACITOR_URL: 'http://kapacitor:9092',
    });
    // Without e-mail domains, Chronograf itself checks none: the proxy checks the groups.
    expect(envOf(containerOf(find(groupsOnly, 'Deployment', 'chronograf', 'srs'))).GENERIC_DOMAINS).toBeUndefined();
  });

  test('only members of the configured GitLab groups with an address of the configured domains reach Chronograf, through oauth2-proxy', () => {
    const deployment = find(prodObjects, 'Deployment', 'chronograf-proxy', 'srs');
    const proxy = containerOf(deployment);
    expect(proxy.image).toBe('quay.io/oauth2-proxy/oauth2-proxy:v7.15.3');
    expect(podOf(deployment).securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532 });
    expect(proxy.args).toEqual([
      '--http-address=0.0.0.0:4180',
      '--upstream=http://chronograf:8888/',
      '--upstream-timeout=300s',
      '--provider=gitlab',
      '--oidc-issuer-url=https://gitlab.com',
      '--client-id=4f3c2b1a09876543210fedcba9876543210fedcba9876543210fedcba9876543',
      '--redirect-url=https://sensors-monitoring.research.example.org/oauth2/callback',
      '--gitlab-group=research/sensors',
      '--gitlab-group=research/it',
      '--email-domain=research.example.org',
      '--cookie-expire=12h',
      '--skip-provider-button=true',
    ]);
    // Secrets come from the environment, never from the command line.
    expect(envOf(proxy)).toMatchObject({
      OAUTH2_PROXY_CLIENT_SECRET: 'secret:srs-chronograf/gitlab-client-secret',
      OAUTH2_PROXY_COOKIE_SECRET: 'secret:chronograf-proxy/cookie-secret',
    });
    expect(proxy.livenessProbe.httpGet.path).toBe('/ping');
    expect(proxy.readinessProbe.httpGet.path).toBe('/ready');
    const restrictions = (objects: any[]) =>
      containerOf(find(objects, 'Deployment', 'chronograf-proxy', 'srs')).args.filter((a: string) => a.startsWith('--gitlab-group') || a.startsWith('--email-domain'));
    // Groups only: the e-mail check leaves the decision to them. Domains only: no group is checked.
    expect(restrictions(groupsOnly)).toEqual(['--gitlab-group=research/sensors', '--gitlab-group=research/it', '--email-domain=*']);
    expect(restrictions(devObjects)).toEqual(['--email-domain=sandbox.example.org']);
  });

  test('the monitoring host leads to the proxy, and Chronograf admits only the proxy', () => {
    const ingresses = prodObjects.filter((o) => o.kind === 'Ingress' && o.spec.rules[0].host === 'sensors-monitoring.research.example.org');
    expect(ingresses.map((i) => i.spec.rules[0].http.paths[0].backend.service.name)).toEqual(['chronograf-proxy']);
    expect(ingresses[0].spec.tls[0].hosts).toEqual(['sensors-monitoring.research.example.org']);
    expect(prodObjects.some((o) => o.kind === 'Ingress' && o.spec.rules[0].http.paths[0].backend.service.name === 'chronograf')).toBe(false);
    expect(peers(policy('chronograf-from-clients'))).toEqual(['chronograf-proxy']);
    expect(prodObjects.some((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'chronograf-from-ingress')).toBe(false);
    expect(peers(policy('chronograf-proxy-from-ingress'))).toEqual(['traefik/*']);
  });

  test('Kapacitor alerts by SMTP and Slack and loads the disk-usage TICKscript from a ConfigMap on every start', () => {
    const kapacitor = containerOf(find(prodObjects, 'StatefulSet', 'kapacitor', 'srs'));
    expect(kapacitor.livenessProbe.httpGet.path).toBe('/kapacitor/v1/ping');
    expect(envOf(kapacitor)).toMatchObject({
      KAPACITOR_LOAD_ENABLED: 'true',
      KAPACITOR_LOAD_DIR: '/etc/kapacitor/load',
      KAPACITOR_SMTP_ENABLED: 'true',
      KAPACITOR_SMTP_HOST: 'smtp.research.example.org',
      KAPACITOR_SMTP_PASSWORD: 'secret:srs-kapacitor/smtp-password',
      KAPACITOR_SLACK_0_ENABLED: 'true',
      KAPACITOR_SLACK_0_URL: 'secret:srs-kapacitor/slack-url',
      KAPACITOR_SLACK_0_CHANNEL: '#lab-alerts',
    });
    expect(kapacitor.volumeMounts).toContainEqual({ name: 'tasks', mountPath: '/etc/kapacitor/load/tasks', readOnly: true });
    // Recipients cannot come from the environment (overrides reach only list elements the file
    // has): they are in the configuration file, with the image's own settings.
    expect(Object.keys(envOf(kapacitor)).filter((name) => name.startsWith('KAPACITOR_SMTP_TO'))).toEqual([]);
    expect(envOf(kapacitor).KAPACITOR_CONFIG_PATH).toBe('/etc/kapacitor-labstack/kapacitor.conf');
    const conf = find(prodObjects, 'ConfigMap', 'kapacitor', 'srs').data['kapacitor.conf'];
    expect(conf).toContain('[smtp]\n  to = ["ops@research.example.org"]');
    expect(conf).toContain('data_dir = "/var/lib/kapacitor"');
    expect(envOf(kapacitor).KAPACITOR_REPORTING_ENABLED).toBe('false');
    const tick = find(prodObjects, 'ConfigMap', 'kapacitor-tasks', 'srs').data['disk_usage.tick'];
    expect(tick).toContain('dbrp "telegraf"."autogen"');
    expect(tick).toContain(".measurement('disk')");
    expect(tick).toContain('.crit(lambda: "used_percent" > 80)');
    expect(tick).toContain('.email()');
    expect(tick).toContain('.slack()');
    expect(peers(policy('kapacitor-from-clients'))).toEqual(['chronograf', 'influxdb']);
  });

  test('without alert channels configured, Kapacitor runs without them', () => {
    const kapacitor = containerOf(find(devObjects, 'StatefulSet', 'kapacitor', 'srs'));
    expect(envOf(kapacitor)).toMatchObject({ KAPACITOR_SMTP_ENABLED: 'false', KAPACITOR_SLACK_0_ENABLED: 'false' });
    expect(find(devObjects, 'ConfigMap', 'kapacitor-tasks', 'srs').data['disk_usage.tick']).not.toMatch(/\.email\(\)|\.slack\(\)/);
  });
});

describe('the backend may start Jobs, which reach only the Secrets of its own namespace', () => {
  const inNamespace = (namespace: string) => prodObjects.filter((o) => o.metadata.namespace === namespace);
  /** The Secrets a namespace's pods name (env, volumes, pull secrets): what a Job created there could mount too. */
  const secretsNamed = (namespace: string) => {
    const names = new Set<string>();
    const visit = (node: any): void => {
      if (Array.isArray(node)) return node.forEach(visit);
      if (!node || typeof node !== 'object') return;
      if (node.secretKeyRef) names.add(node.secretKeyRef.name);
      if (node.secret?.secretName) names.add(node.secret.secretName);
      if (node.imagePullSecrets) node.imagePullSecrets.forEach((p: any) => names.add(p.name));
      Object.values(node).forEach(visit);
    };
    visit(inNamespace(namespace));
    return [...names].sort();
  };
  test('the launcher Role and the extractor template are in srs-backend, where the backend runs; the backend\'s account is bound nowhere else', () => {
    expect(find(prodObjects, 'Role', 'data-extractor-launcher', 'srs-backend')).toBeDefined();
    const bindings = prodObjects.filter((o) => o.kind === 'RoleBinding' && o.subjects?.some((s: any) => s.name === 'backend'));
    expect(bindings.map((b) => `${b.metadata.namespace}/${b.metadata.name}`)).toEqual(['srs-backend/data-extractor-launcher']);
    expect(find(prodObjects, 'CronJob', 'data-extractor', 'srs-backend').spec.suspend).toBe(true);
  });

  test('srs-backend holds only the backend\'s Secrets and the extractor\'s: never MongoDB\'s root, the other users\' passwords or the monitoring\'s', () => {
    const declared = DeclaredSecret.all(new LabStackApp(fixture(PRODUCTION_LIKE, 'production')));
    const here = declared.filter((d) => d.namespace === 'srs-backend').map((d) => `${d.name}: ${d.keys.map((k) => k.key).join(', ')}`);
    expect(here).toEqual(['srs-registry: username, password', 'mongodb-users: srs-backend, srs-data-extractor', 'srs-backend: jwt-private.pem, jwt-public.pem, smtp-password']);
    expect(secretsNamed('srs-backend')).toEqual(['mongodb-users', 'srs-backend', 'srs-registry']);
    // The same names in srs hold what the backend must not reach: MongoDB's root and every user's password.
    expect(secretsNamed('srs')).toEqual(expect.arrayContaining(['srs-mongodb', 'srs-influxdb', 'srs-admin']));
  });
});

describe('k6 load test', () => {
  test('when enabled: a suspended CronJob running the seed\'s scenario against the backend, writing to InfluxDB', () => {
    const cron = find(devObjects, 'CronJob', 'load-test', 'srs');
    expect(cron.spec.suspend).toBe(true);
    const k6 = containerOf(cron);
    expect(k6.image).toBe('docker.io/grafana/k6:0.57.0');
    expect(k6.command).toEqual(['k6', 'run', '--out', 'influxdb=http://influxdb:8086/k6', '/scripts/load-test.js']);
    expect(envOf(k6)).toMatchObject({
      TARGET_URL: 'http://backend.srs-backend.svc:4000/api/samples',
      SENSOR_TYPES: '["door","camera","accelerometer"]',
      VUS: '50',
      DURATION: '60s',
      INTERVAL_MS: '500',
      K6_INFLUXDB_PASSWORD: 'secret:srs-influxdb/write-password',
    });
    expect(find(devObjects, 'ConfigMap', 'load-test', 'srs').data['load-test.js']).toContain('for (const type of sensorTypes)');
  });

  test('no load test by default', () => {
    expect(prodObjects.some((o) => o.metadata.name === 'load-test')).toBe(false);
  });

  test('sensor types are unique even when several sensors share one', () => {
    const text = changed(DEVELOPMENT_LIKE, '- { id: camera-1, type: camera }', '- { id: camera-1, type: door }');
    const k6 = containerOf(find(render(fixture(text, 'development')), 'CronJob', 'load-test', 'srs'));
    expect(envOf(k6).SENSOR_TYPES).toBe('["door","accelerometer"]');
  });
});

test('matches the snapshot', () => {
  expect(prodObjects.filter((o) => /^3[0-9]-srs/.test(o.file))).toMatchSnapshot();
});
