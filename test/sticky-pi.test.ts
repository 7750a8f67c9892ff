import { minioStorage } from '../config/schema';
import { changed, DEVELOPMENT_LIKE, fixture, PRODUCTION_LIKE } from './fixtures';
import { envOf, find, render } from './helpers';

const development = fixture(DEVELOPMENT_LIKE, 'development');
const devObjects = render(development);
const prodObjects = render(fixture(PRODUCTION_LIKE, 'production'));
const stickyPi = (objects: ReturnType<typeof render>) => objects.filter((o) => o.file.startsWith('40-sticky-pi') || o.file.startsWith('41-sticky-pi'));
const containerOf = (workload: any, name: string) => workload.spec.template.spec.containers.find((c: any) => c.name === name);
const cronPod = (cronJob: any) => cronJob.spec.jobTemplate.spec.template.spec;

describe('Sticky Pi MariaDB', () => {
  const statefulSet = find(prodObjects, 'StatefulSet', 'mariadb');
  const db = statefulSet.spec.template.spec.containers[0];

  test('is a StatefulSet of one behind a headless Service, with its data on a claim at /var/lib/mysql', () => {
    expect(statefulSet.metadata.namespace).toBe('sticky-pi');
    expect(statefulSet.spec).toMatchObject({ replicas: 1, serviceName: 'mariadb' });
    expect(find(prodObjects, 'Service', 'mariadb').spec).toMatchObject({ clusterIP: 'None', ports: [{ name: 'mysql', port: 3306, targetPort: 'mysql' }] });
    expect(db.volumeMounts).toContainEqual({ name: 'mariadb-data', mountPath: '/var/lib/mysql' });
    expect(find(prodObjects, 'PersistentVolumeClaim', 'mariadb-data').spec.resources.requests.storage).toBe('80Gi');
  });

  test('runs the pinned image as uid 999 with the buffer pool from config and no name resolution', () => {
    expect(db.image).toBe('docker.io/library/mariadb:11.4.12');
    expect(statefulSet.spec.template.spec.securityContext).toMatchObject({ runAsUser: 999, fsGroup: 999, runAsNonRoot: true });
    expect(db.args).toEqual(['--innodb-buffer-pool-size=2G', '--skip-name-resolve']);
    expect(find(devObjects, 'StatefulSet', 'mariadb').spec.template.spec.containers[0].args[0]).toBe('--innodb-buffer-pool-size=256M');
  });

  test('creates database and user sticky-pi with the password from a Secret, and a random root password reachable only in the pod', () => {
    expect(envOf(db)).toEqual({
      HOME: '/tmp',
      MARIADB_DATABASE: 'sticky-pi',
      MARIADB_USER: 'sticky-pi',
      MARIADB_PASSWORD: 'secret:sticky-pi-mariadb/password',
      MARIADB_RANDOM_ROOT_PASSWORD: 'yes',
      MARIADB_ROOT_HOST: 'localhost',
      MARIADB_AUTO_UPGRADE: '1',
    });
  });

  test('is probed with the image\'s healthcheck script', () => {
    expect(db.livenessProbe.exec.command).toEqual(['healthcheck.sh', '--connect']);
    expect(db.readinessProbe.exec.command).toEqual(['healthcheck.sh', '--connect', '--innodb_initialized']);
  });

  test('is reachable only from the API and the backup', () => {
    const policies = prodObjects.filter((o) => o.kind === 'NetworkPolicy' && o.spec.podSelector.matchLabels?.['app.kubernetes.io/component'] === 'database');
    expect(policies.map((p) => p.metadata.name)).toEqual(['mariadb-from-clients']);
    const [rule] = policies[0].spec.ingress;
    expect(rule.from.map((f: any) => f.podSelector.matchLabels['app.kubernetes.io/component'])).toEqual(['api', 'backup']);
    expect(rule.ports).toEqual([{ port: 3306, protocol: 'TCP' }]);
  });
});

describe('Sticky Pi API behind the uWSGI gateway', () => {
  const deployment = find(prodObjects, 'Deployment', 'api');
  const gateway = containerOf(deployment, 'gateway');
  const app = containerOf(deployment, 'app');
  const config: string = find(prodObjects, 'ConfigMap', 'api-gateway').data['default.conf'];

  test('the Service and the route reach the nginx gateway, never the uWSGI socket', () => {
    expect(gateway.image).toBe('docker.io/nginxinc/nginx-unprivileged:1.27.4-alpine');
    expect(gateway.ports).toEqual([{ name: 'http', containerPort: 8000, protocol: 'TCP' }]);
    expect(app.ports).toBeUndefined();
    expect(find(prodObjects, 'Service', 'api').spec.ports).toEqual([{ name: 'http', port: 8000, targetPort: 'http', protocol: 'TCP' }]);
    expect(gateway.volumeMounts).toContainEqual({ name: 'gateway-config', mountPath: '/etc/nginx/conf.d', readOnly: true });
  });

  test('the gateway passes requests to uWSGI on the pod loopback with 600 s and 100 MB', () => {
    const root = config.slice(config.indexOf('location / {'), config.indexOf('}', config.indexOf('location / {')));
    expect(root).toContain('include uwsgi_params;');
    expect(root).toContain('uwsgi_pass 127.0.0.1:8080;');
    expect(root).toContain('uwsgi_read_timeout 600s;');
    expect(config).toContain('client_max_body_size 100m;');
    expect(config).toContain('listen 8000;');
  });

  test('readiness goes through nginx and uWSGI into the application; liveness checks each process', () => {
    const readyz = config.slice(config.indexOf('location = /gateway/readyz'), config.indexOf('location @application-answered'));
    expect(readyz).toContain('uwsgi_pass 127.0.0.1:8080;');
    expect(readyz).toContain('uwsgi_param PATH_INFO /get_token;');
    expect(readyz).toContain('uwsgi_intercept_errors on;');
    expect(readyz).toMatch(/error_page [0-9 ]*401[0-9 ]*405 = @application-answered;/);
    expect(readyz).not.toMatch(/error_page[^;]*50[24]/);
    expect(gateway.readinessProbe.httpGet).toEqual({ path: '/gateway/readyz', port: 8000 });
    expect(gateway.livenessProbe.httpGet).toEqual({ path: '/gateway/livez', port: 8000 });
    expect(app.readinessProbe.httpGet).toEqual({ path: '/gateway/readyz', port: 8000 });
    expect(app.livenessProbe.tcpSocket).toEqual({ port: 8080 });
  });

  test('a changed gateway config rolls the pods', () => {
    expect(deployment.spec.template.metadata.annotations['labstack.io/gateway-config-sha256']).toMatch(/^[0-9a-f]{64}$/);
  });

  test('runs uWSGI with the settings of the image\'s uwsgi.ini, failing when the app cannot load and stopping on SIGTERM', () => {
    expect(app.image).toBe('registry.research.example.org/sticky-pi/spi_api:9085de7');
    expect(app.command.slice(0, 9)).toEqual(['uwsgi', '--chdir', '/app', '--wsgi-file', 'app.py', '--callable', 'app', '--socket', ':8080']);
    expect(app.command).toEqual(expect.arrayContaining(['--harakiri', '300', '--need-app', '--die-on-term']));
  });

  test('keeps its scratch space out of /tmp, where the image keeps its editable install', () => {
    expect(app.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/scratch' });
    expect(app.volumeMounts.some((m: any) => m.mountPath === '/tmp')).toBe(false);
    expect(envOf(app)).toMatchObject({ TMPDIR: '/scratch', HOME: '/scratch' });
    // The gateway keeps its own /tmp (nginx's temp files and pid).
    expect(gateway.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
  });

  test('gets every variable the application reads, UID_USER included, secrets from Secrets', () => {
    expect(envOf(app)).toEqual({
      HOME: '/scratch',
      TMPDIR: '/scratch',
      API_ADMIN_NAME: 'admin',
      API_ADMIN_PASSWORD: 'secret:sticky-pi-api/admin-password',
      UID_USER: 'spi_uid',
      UID_PASSWORD: 'secret:sticky-pi-api/uid-password',
      SECRET_API_KEY: 'secret:sticky-pi-api/secret-api-key',
      MYSQL_HOST: 'mariadb',
      MYSQL_DATABASE: 'sticky-pi',
      MYSQL_USER: 'sticky-pi',
      MYSQL_PASSWORD: 'secret:sticky-pi-mariadb/password',
      S3_HOST: 'objects.storage.example.org',
      S3_BUCKET_NAME: 'insects',
      S3_ACCESS_KEY: 'secret:sticky-pi-s3/access-key',
      S3_PRIVATE_KEY: 'secret:sticky-pi-s3/secret-key',
      API_PROFILE: 'False',
      DEBUG: 'FALSE',
      DEVEL: 'FALSE',
    });
  });

  test('is routed at api.<root> with TLS, 100 MB bodies and a 600 s timeout, reachable only from the ingress controller', () => {
    const ingress = find(prodObjects, 'Ingress', 'api');
    expect(ingress.spec.rules[0].host).toBe('api.insects.research.example.org');
    expect(ingress.spec.tls).toEqual([{ hosts: ['api.insects.research.example.org'], secretName: 'api.insects.research.example.org-tls' }]);
    expect(find(prodObjects, 'Certificate', 'api.insects.research.example.org').spec.issuerRef.name).toBe('labstack-production-acme');
    expect(find(prodObjects, 'Middleware', 'api-max-body').spec.buffering.maxRequestBodyBytes).toBe(100 * 1024 * 1024);
    expect(find(prodObjects, 'ServersTransport', 'api').spec.forwardingTimeouts.responseHeaderTimeout).toBe('600s');
    const policies = prodObjects.filter((o) => o.kind === 'NetworkPolicy' && o.spec.podSelector.matchLabels?.['app.kubernetes.io/component'] === 'api');
    expect(policies.map((p) => p.metadata.name)).toEqual(['api-from-ingress']);
  });
});

describe('Sticky Pi webapp', () => {
  const deployment = find(prodObjects, 'Deployment', 'webapp');
  const webapp = deployment.spec.template.spec.containers[0];

  test('runs in its own baseline namespace, saying why, so the rest stays restricted', () => {
    expect(deployment.metadata.namespace).toBe('sticky-pi-webapp');
    const namespace = find(prodObjects, 'Namespace', 'sticky-pi-webapp');
    expect(namespace.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
    expect(namespace.metadata.annotations['labstack.io/pod-security-reason']).toContain('shiny-server runs as root');
    expect(deployment.spec.template.metadata.annotations['labstack.io/pod-security-reason']).toContain('run_as shiny');
    expect(find(prodObjects, 'Namespace', 'sticky-pi').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  test('listens on port 80 and reaches the API through its public route', () => {
    expect(webapp.image).toBe('registry.research.example.org/sticky-pi/spi_webapp:9085de7');
    expect(webapp.ports).toEqual([{ name: 'http', containerPort: 80, protocol: 'TCP' }]);
    expect(envOf(webapp)).toMatchObject({
      RSHINY_UPSTREAM_ROOT_URL: 'api.insects.research.example.org',
      RSHINY_UPSTREAM_PORT: '443',
      RSHINY_UPSTREAM_PROTOCOL: 'https',
    });
    expect(envOf(webapp).RSHINY_UPSTREAM_ROOT_URL).toBe(find(prodObjects, 'Ingress', 'api').spec.rules[0].host);
  });

  test('with the private CA, R trusts it through the system bundle (shiny-server passes R no container variables)', () => {
    const devWebapp = find(devObjects, 'Deployment', 'webapp').spec.template.spec.containers[0];
    expect(devWebapp.volumeMounts).toContainEqual({ name: 'labstack-ca', mountPath: '/etc/ssl/certs/ca-certificates.crt', readOnly: true, subPath: 'ca-certificates.crt' });
    expect(find(devObjects, 'Namespace', 'sticky-pi-webapp').metadata.labels['trust.labstack.io/labstack-development-ca-bundle']).toBe('true');
    expect(webapp.volumeMounts.some((m: any) => m.name === 'labstack-ca')).toBe(false);
  });

  test('is routed at webapp.<root> with websockets, 10 MB bodies and a 100 s timeout', () => {
    const ingress = find(prodObjects, 'Ingress', 'webapp');
    expect(ingress.metadata.namespace).toBe('sticky-pi-webapp');
    expect(ingress.spec.rules[0].host).toBe('webapp.insects.research.example.org');
    expect(find(prodObjects, 'Middleware', 'webapp-max-body').spec.buffering.maxRequestBodyBytes).toBe(10 * 1024 * 1024);
    expect(find(prodObjects, 'ServersTransport', 'webapp').spec.forwardingTimeouts.responseHeaderTimeout).toBe('100s');
  });

  test('may only send DNS and HTTPS', () => {
    const egress = find(prodObjects, 'NetworkPolicy', 'webapp-egress');
    expect(egress.spec.policyTypes).toEqual(['Egress']);
    expect(egress.spec.egress.flatMap((r: any) => r.ports ?? []).map((p: any) => `${p.port}/${p.protocol}`)).toEqual(['53/UDP', '53/TCP', '443/TCP']);
  });
});

describe('Universal Insect Detector', () => {
  const cronJob = find(prodObjects, 'CronJob', 'insect-detector');
  const pod = cronPod(cronJob);
  const uid = pod.containers[0];

  test('runs uid.py on a schedule, never overlapping, with the API URL and its credentials', () => {
    expect(cronJob.spec.concurrencyPolicy).toBe('Forbid');
    expect(uid.image).toBe('registry.research.example.org/sticky-pi/spi_ml:9085de7-fcc23a9');
    expect(uid.command).toEqual(['python', '/uid.py']);
    expect(envOf(uid)).toMatchObject({
      BUNDLE_ROOT_DIR: '/opt/ml_bundle_dir/',
      LOCAL_CLIENT_DIR: '/opt/api_api_client/',
      UID_USER: 'spi_uid',
      UID_PASSWORD: 'secret:sticky-pi-api/uid-password',
      RSHINY_UPSTREAM_ROOT_URL: 'api.insects.research.example.org',
      RSHINY_UPSTREAM_PROTOCOL: 'https',
    });
  });

  test('keeps the model bundle on a claim and its scratch space out of /tmp (editable installs), and asks for no GPU (the image is CPU-only)', () => {
    expect(uid.volumeMounts).toContainEqual({ name: 'insect-detector-bundle', mountPath: '/opt/ml_bundle_dir' });
    expect(uid.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/scratch' });
    expect(envOf(uid)).toMatchObject({ TMPDIR: '/scratch', HOME: '/scratch' });
    expect(find(prodObjects, 'PersistentVolumeClaim', 'insect-detector-bundle').spec.resources.requests.storage).toBe('10Gi');
    expect(uid.resources.limits).toEqual({ memory: '12Gi' });
    expect(pod.nodeSelector).toBeUndefined();
  });

  test('trusts the private CA for the API and the presigned S3 links (requests verifies certificates)', () => {
    const devUid = cronPod(find(devObjects, 'CronJob', 'insect-detector')).containers[0];
    expect(envOf(devUid).REQUESTS_CA_BUNDLE).toBe('/etc/labstack/ca/ca-certificates.crt');
    expect(envOf(uid).REQUESTS_CA_BUNDLE).toBeUndefined();
  });

  test('has no Service and accepts no traffic', () => {
    const selectsUid = (o: any) => o.spec?.selector?.['app.kubernetes.io/component'] === 'insect-detector';
    expect(prodObjects.filter((o) => o.kind === 'Service' && selectsUid(o))).toEqual([]);
    const allows = prodObjects.filter(
      (o) => o.kind === 'NetworkPolicy' && o.spec.podSelector.matchLabels?.['app.kubernetes.io/component'] === 'insect-detector' && o.spec.ingress,
    );
    expect(allows).toEqual([]);
    expect(find(prodObjects, 'NetworkPolicy', 'insect-detector-egress').spec.policyTypes).toEqual(['Egress']);
  });
});

describe('Sticky Pi S3', () => {
  test('an external provider: no MinIO, keys from the operator', () => {
    expect(prodObjects.some((o) => o.metadata.name === 'minio' && o.metadata.namespace === 'sticky-pi')).toBe(false);
    expect(envOf(containerOf(find(prodObjects, 'Deployment', 'api'), 'app')).S3_HOST).toBe('objects.storage.example.org');
  });

  test('MinIO runs at s3.<root> with TLS, and the API reaches it as https://S3_HOST', () => {
    const minio = find(devObjects, 'StatefulSet', 'minio', 'sticky-pi');
    const server = minio.spec.template.spec.containers[0];
    expect(server.image).toBe('quay.io/minio/minio:RELEASE.2025-04-22T22-12-26Z');
    expect(server.livenessProbe.httpGet.path).toBe('/minio/health/live');
    expect(server.readinessProbe.httpGet.path).toBe('/minio/health/cluster');
    expect(envOf(server)).toMatchObject({ MINIO_ROOT_USER: 'secret:minio-root/access-key', MINIO_ROOT_PASSWORD: 'secret:minio-root/secret-key', MINIO_BROWSER: 'off' });
    const ingress = find(devObjects, 'Ingress', 'minio', 'sticky-pi');
    expect(ingress.spec.rules[0].host).toBe('s3.sticky-pi.sandbox.example.org');
    expect(ingress.spec.tls[0].hosts).toEqual(['s3.sticky-pi.sandbox.example.org']);
    const api = envOf(containerOf(find(devObjects, 'Deployment', 'api'), 'app'));
    expect(api).toMatchObject({ S3_HOST: 's3.sticky-pi.sandbox.example.org', S3_ACCESS_KEY: 'secret:minio-client/access-key', AWS_CA_BUNDLE: '/etc/labstack/ca/ca-certificates.crt' });
  });

  test('sizes the MinIO volume from devices and weeks (2 GB per device-week, a quarter of headroom) unless given', () => {
    expect(find(devObjects, 'PersistentVolumeClaim', 'minio-data', 'sticky-pi').spec.resources.requests.storage).toBe('30Gi');
    expect(minioStorage({ devices: 10, retentionWeeks: 52 })).toBe('1300Gi');
    expect(minioStorage({ devices: 10, retentionWeeks: 52, storage: '2Ti' })).toBe('2Ti');
  });

  test('a Job creates the bucket idempotently, named after its content so re-applying is a no-op', () => {
    const stickyJob = (objects: typeof devObjects) => objects.find((o) => o.kind === 'Job' && o.metadata.namespace === 'sticky-pi')!;
    const job = stickyJob(devObjects);
    expect(job.metadata.name).toMatch(/^minio-buckets-[0-9a-f]{8}$/);
    const container = job.spec.template.spec.containers[0];
    expect(envOf(container)).toMatchObject({ BUCKETS: 'insects-sandbox', MINIO_URL: 'http://minio:9000' });
    expect(find(devObjects, 'ConfigMap', 'minio-scripts', 'sticky-pi').data['minio-buckets.sh']).toContain('mc mb --ignore-existing');
    const renamed = render(fixture(changed(DEVELOPMENT_LIKE, 'bucket: insects-sandbox', 'bucket: insects-other'), 'development'));
    expect(stickyJob(renamed).metadata.name).not.toBe(job.metadata.name);
    expect(stickyJob(render(development)).metadata.name).toBe(job.metadata.name);
  });
});

describe('Sticky Pi backups', () => {
  const cronJob = find(prodObjects, 'CronJob', 'mariadb-backup');
  const container = cronPod(cronJob).containers[0];

  test('dumps on its schedule into spi_db.dump.YYYY-MM-DD.sql.gz on the backup volume, keeping N', () => {
    expect(cronJob.spec).toMatchObject({ schedule: '15 4 * * *', concurrencyPolicy: 'Forbid', timeZone: 'Europe/Berlin' });
    expect(container.command).toEqual(['/bin/sh', '/scripts/mariadb.sh']);
    expect(envOf(container)).toMatchObject({
      MYSQL_HOST: 'mariadb',
      MYSQL_DATABASE: 'sticky-pi',
      MYSQL_USER: 'sticky-pi',
      MYSQL_PWD: 'secret:sticky-pi-mariadb/password',
      BACKUP_PREFIX: 'spi_db.dump',
      BACKUP_KEEP: '30',
      BACKUP_DIR: '/backup',
    });
    expect(find(prodObjects, 'CronJob', 'mariadb-backup-restore').spec.suspend).toBe(true);
  });

  test('the image mirror syncs the bucket to the second S3 target with its own keys', () => {
    const mirror = cronPod(find(prodObjects, 'CronJob', 'image-mirror')).containers[0];
    expect(mirror.args.slice(0, 3)).toEqual(['sync', 'source:insects', 'target:insects-mirror']);
    expect(envOf(mirror)).toMatchObject({
      RCLONE_CONFIG_SOURCE_ENDPOINT: 'https://objects.storage.example.org',
      RCLONE_CONFIG_SOURCE_ACCESS_KEY_ID: 'secret:sticky-pi-s3/access-key',
      RCLONE_CONFIG_TARGET_ENDPOINT: 'https://mirror.storage.example.org',
      RCLONE_CONFIG_TARGET_SECRET_ACCESS_KEY: 'secret:image-mirror-target/secret-key',
    });
    expect(devObjects.some((o) => o.metadata.name === 'image-mirror')).toBe(false);
  });
});

test('matches the snapshot', () => {
  expect(stickyPi(prodObjects)).toMatchSnapshot();
});
