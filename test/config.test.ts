import { formatProblem, parseEnvironment } from '../config/load';
import { MINIMAL } from './helpers';

/** The problems of a file, as commands print them but without positions (see 'positions' below). */
function problems(text: string, file = 'prod.yaml'): string[] {
  const result = parseEnvironment(file, text);
  return 'problems' in result ? result.problems.map((p) => formatProblem({ ...p, line: undefined })) : [];
}

const withInstance = (extra: string) => `${MINIMAL}        ${extra}\n`;

describe('environment config', () => {
  test('the minimal environment is valid and gets defaults', () => {
    const result = parseEnvironment('dev.yaml', MINIMAL);
    expect('environment' in result).toBe(true);
    if (!('environment' in result)) return;
    const instance = result.environment.systems.openPectus.instances[0];
    expect(result.environment.name).toBe('dev');
    expect(instance.backup).toEqual({ schedule: '5 4 * * *', keep: 30, storage: '20Gi' });
    expect(result.environment.ingress).toEqual({ className: 'traefik', controllerNamespace: 'traefik' });
  });

  test('fails when a storage size is not a Kubernetes quantity', () => {
    expect(problems(withInstance('storage: { data: 10 GB }'))).toEqual([
      'prod.yaml: systems.openPectus.instances[0].storage.data: is not a Kubernetes quantity, e.g. 10Gi, got "10 GB"',
    ]);
  });

  test('fails when backup.keep is out of range', () => {
    expect(problems(withInstance('backup: { keep: -3 }'))).toEqual([
      'prod.yaml: systems.openPectus.instances[0].backup.keep: must be a whole number from 1 to 365, got -3',
    ]);
  });

  test('fails when the backup schedule is not a cron expression', () => {
    expect(problems(withInstance('backup: { schedule: daily }'))).toEqual([
      'prod.yaml: systems.openPectus.instances[0].backup.schedule: is not a schedule Kubernetes accepts: has 1 field; Kubernetes reads five (minute, hour, day of month, month, day of week), e.g. "5 4 * * *" (04:05 every day), "0 3 * * MON" or @daily, got "daily"',
    ]);
  });

  test('fails when the pod hostname is not a lowercase DNS label', () => {
    expect(problems(withInstance('hostname: AZR-PECTUS-PRD'))[0]).toContain(
      'instances[0].hostname: must be a lowercase DNS label: 1-63 of a-z, 0-9 and "-", e.g. prd, got "AZR-PECTUS-PRD"',
    );
  });

  test('fails when an image tag is one upstream never published (Open Pectus publishes only main)', () => {
    expect(problems(MINIMAL.replace('aggregator: main', 'aggregator: v0.9.0'))).toEqual([
      'prod.yaml: systems.openPectus.images.aggregator: is not a tag ghcr.io/open-pectus/open-pectus publishes; it publishes only the moving tag "main", got "v0.9.0"',
    ]);
  });

  test('fails when an image tag moves and upstream does not publish it', () => {
    expect(problems(MINIMAL.replace('aggregator: main', 'aggregator: latest'))).toEqual([
      'prod.yaml: systems.openPectus.images.aggregator: is a moving tag ghcr.io/open-pectus/open-pectus publishes; it publishes only the moving tag "main", got "latest"',
    ]);
  });

  test('accepts a published moving tag, alone (the lock file pins it) or pinned by digest', () => {
    expect(problems(MINIMAL)).toEqual([]);
    expect(problems(MINIMAL.replace('aggregator: main', `aggregator: main@sha256:${'a'.repeat(64)}`))).toEqual([]);
  });

  test('fails when a digest is malformed', () => {
    expect(problems(MINIMAL.replace('aggregator: main', 'aggregator: main@sha256:abc'))).toEqual([
      'prod.yaml: systems.openPectus.images.aggregator: must be an image tag such as main, optionally followed by @sha256:<digest>, got "main@sha256:abc"',
    ]);
  });

  test('fails when the database administration is enabled without Azure authentication', () => {
    expect(problems(withInstance('databaseAdministration: { enabled: true }'))).toEqual([
      'prod.yaml: systems.openPectus.instances[0].databaseAdministration.enabled: the database administration has no access control without Azure authentication: enable azureAuthentication, or set databaseAdministration.acceptUnauthenticatedAccess: true to accept the risk, got true',
    ]);
  });

  test('accepts the database administration without Azure when the risk is accepted', () => {
    expect(problems(withInstance('databaseAdministration: { enabled: true, acceptUnauthenticatedAccess: true }'))).toEqual([]);
  });

  test('fails when Azure authentication lacks its tenant and client', () => {
    expect(problems(withInstance('azureAuthentication: { enabled: true }'))).toEqual([
      'prod.yaml: systems.openPectus.instances[0].azureAuthentication.tenantId: is required when azureAuthentication.enabled is true, it is missing',
      'prod.yaml: systems.openPectus.instances[0].azureAuthentication.clientId: is required when azureAuthentication.enabled is true, it is missing',
    ]);
  });

  test('fails when the ACME issuer has no account settings', () => {
    expect(problems(MINIMAL.replace('tls: { issuer: self-signed }', 'tls: { issuer: acme }'))).toEqual([
      'prod.yaml: tls.acme: is required when issuer is acme (email and server), it is missing',
    ]);
  });

  test('fails when the issuer is unknown', () => {
    expect(problems(MINIMAL.replace('issuer: self-signed', 'issuer: vault'))).toEqual([
      'prod.yaml: tls.issuer: must be one of "acme", "self-signed", got "vault"',
    ]);
  });

  test('fails on unknown fields', () => {
    expect(problems(`${MINIMAL}    replicas: 2\n`)).toEqual(['prod.yaml: systems.openPectus: unknown field "replicas"; allowed: enabled, images, instances']);
  });

  test('fails when a CPU limit is set (only memory is limited)', () => {
    expect(problems(withInstance('resources: { limits: { cpu: "1" } }'))).toEqual([
      'prod.yaml: systems.openPectus.instances[0].resources.limits: unknown field "cpu"; allowed: memory',
    ]);
  });

  test('fails when instance names repeat', () => {
    expect(problems(`${MINIMAL}      - name: prd\n`)).toEqual([
      'prod.yaml: systems.openPectus.instances[1].name: must be unique, "prd" is used twice, got "prd"',
    ]);
  });

  test('fails when an instance name is too long for the object names derived from it', () => {
    expect(problems(MINIMAL.replace('- name: prd', '- name: production-aggregator-one'))).toEqual([
      'prod.yaml: systems.openPectus.instances[0].name: must be at most 20 characters (object names are derived from it), got "production-aggregator-one"',
    ]);
  });

  test('fails when two instances serve the same host, given or derived', () => {
    expect(problems(`${MINIMAL}      - name: tst\n        host: pectus-prd.lab.example.org\n`)).toEqual([
      'prod.yaml: systems.openPectus.instances[1].host: gives the host pectus-prd.lab.example.org, which Open Pectus instance prd already uses; choose another, got "pectus-prd.lab.example.org"',
    ]);
  });

  test('fails when an enabled system has no instances or images', () => {
    expect(problems('domain: lab.example.org\ntls: { issuer: self-signed }\nsystems: { openPectus: { enabled: true } }\n')).toEqual([
      'prod.yaml: systems.openPectus.images: is required when enabled is true, it is missing',
      'prod.yaml: systems.openPectus.instances: must list at least one instance when enabled is true, it is missing',
    ]);
  });

  test('fails when the domain is missing or not lowercase', () => {
    expect(problems('tls: { issuer: self-signed }\n')).toEqual(['prod.yaml: domain: must be a string, it is missing']);
    expect(problems(MINIMAL.replace('lab.example.org', 'Lab.Example.org'))).toEqual(['prod.yaml: domain: must be lower case, e.g. lab.example.org, got "Lab.Example.org"']);
  });

  test('fails when the time zone is unknown', () => {
    expect(problems(`timeZone: Mars/Base\n${MINIMAL}`)).toEqual([
      'prod.yaml: timeZone: must be an IANA time zone name, e.g. Europe/Zurich, got "Mars/Base"',
    ]);
  });

  test('fails when the file is not YAML', () => {
    expect(problems('domain: [unclosed')[0]).toMatch(/^prod\.yaml: is not valid YAML: /);
  });

  test('fails when the file name is not a DNS label', () => {
    expect(problems(MINIMAL, 'Prod_Env.yaml')[0]).toContain('file name "Prod_Env" must be a lowercase DNS label');
  });

  test('lists every problem of a file at once', () => {
    const text = MINIMAL.replace('issuer: self-signed', 'issuer: vault') + '        backup: { keep: 0 }\n        storage: { data: lots }\n';
    expect(problems(text)).toHaveLength(3);
  });
});

describe('Sticky Pi config', () => {
  const STICKY = `
domain: lab.example.org
tls: { issuer: self-signed }
systems:
  stickyPi:
    enabled: true
    images: { repository: registry.example.org/sticky-pi, api: abc1234, webapp: abc1234, ml: abc1234-def5678 }
    s3:
      provider: external
      external: { host: s3.provider.example.com }
`;

  test('the minimal Sticky Pi environment is valid and gets defaults', () => {
    const result = parseEnvironment('dev.yaml', STICKY);
    expect('environment' in result).toBe(true);
    if (!('environment' in result)) return;
    const stickyPi = result.environment.systems.stickyPi;
    expect(stickyPi.database.bufferPoolSize).toBe('1G');
    expect(stickyPi.s3!.bucket).toBe('sticky-pi');
    expect(stickyPi.images!.mariadb).toBe('11.4.12');
    expect(stickyPi.insectDetector).toMatchObject({ enabled: true, schedule: '*/30 * * * *' });
  });

  test('fails when an enabled Sticky Pi lacks images and S3', () => {
    expect(problems('domain: lab.example.org\ntls: { issuer: self-signed }\nsystems: { stickyPi: { enabled: true } }\n')).toEqual([
      'prod.yaml: systems.stickyPi.images: is required when enabled is true, it is missing',
      'prod.yaml: systems.stickyPi.s3: is required when enabled is true, it is missing',
    ]);
  });

  test('fails when the images have no registry (upstream publishes none)', () => {
    expect(problems(STICKY.replace('repository: registry.example.org/sticky-pi, ', ''))).toEqual([
      'prod.yaml: systems.stickyPi.images.repository: must be a string, it is missing',
    ]);
  });

  test('fails when the external S3 provider has no host', () => {
    expect(problems(STICKY.replace('      external: { host: s3.provider.example.com }\n', ''))).toEqual([
      'prod.yaml: systems.stickyPi.s3.external: is required when provider is external (host), it is missing',
    ]);
  });

  test('fails when MinIO cannot be sized', () => {
    expect(problems(STICKY.replace('provider: external', 'provider: minio\n      minio: { devices: 4 }'))).toEqual([
      'prod.yaml: systems.stickyPi.s3.minio: needs storage, or devices and retentionWeeks to size the volume, got {"devices":4}',
    ]);
  });

  test('fails when the buffer pool size is not in MariaDB notation', () => {
    expect(problems(`${STICKY}    database: { bufferPoolSize: 1 GB }\n`)).toEqual([
      'prod.yaml: systems.stickyPi.database.bufferPoolSize: must be a MariaDB size such as 512M or 1G, got "1 GB"',
    ]);
  });

  test('fails when the bucket name is not an S3 bucket name', () => {
    expect(problems(STICKY.replace('provider: external', 'provider: external\n      bucket: Sticky_Pi'))[0]).toContain(
      'systems.stickyPi.s3.bucket: must be an S3 bucket name',
    );
  });

  test('fails when the image mirror is enabled without a target', () => {
    expect(problems(`${STICKY}    imageMirror: { enabled: true }\n`)).toEqual([
      'prod.yaml: systems.stickyPi.imageMirror.endpoint: is required when imageMirror.enabled is true, it is missing',
      'prod.yaml: systems.stickyPi.imageMirror.bucket: is required when imageMirror.enabled is true, it is missing',
    ]);
  });

  test('fails when a Sticky Pi image tag is not a commit (the images are built at a commit)', () => {
    expect(problems(STICKY.replace('api: abc1234', 'api: latest'))).toEqual([
      `prod.yaml: systems.stickyPi.images.api: is a moving tag <images.repository>/spi_api publishes; it publishes versions such as "9085de7", got "latest"`,
    ]);
  });

  test('fails when the insect detector asks for GPUs (the spi_ml image is CPU-only)', () => {
    expect(problems(`${STICKY}    insectDetector: { gpus: 1 }\n`)).toEqual([
      'prod.yaml: systems.stickyPi.insectDetector.gpus: cannot be used: the spi_ml image is CPU-only (torch 1.6.0+cpu, a detectron2 built without CUDA, and uid.py runs on device "cpu"); remove gpus (and a GPU nodeSelector) (docs/sticky-pi.md), got 1',
    ]);
  });

  test('fails when a Sticky Pi host collides with an Open Pectus host', () => {
    const text = `${STICKY}    rootDomain: lab.example.org\n  openPectus:\n    enabled: true\n    images: { aggregator: main, databaseAdministration: main }\n    instances:\n      - name: prd\n        host: api.lab.example.org\n`;
    expect(problems(text)).toEqual(['prod.yaml: systems.stickyPi.rootDomain: gives the host api.lab.example.org, which Open Pectus instance prd already uses; choose another, got "lab.example.org"']);
  });
});

describe('OpenEM config', () => {
  const OPENEM = `
domain: lab.example.org
tls: { issuer: self-signed }
systems:
  openem:
    enabled: true
    images: { api: v2.0.0-beta.3, config: v2.0.0-beta.3, runtime: main }
    idp: { url: https://kc.example.org, realm: awi, username: svc, clientId: api }
    scicat: { endpoint: https://scicat.example.org, ingestorGroups: [lab] }
    authentik: { host: https://authentik.example.org }
    s3: { provider: minio, archivalBucket: dev.archival, landingZoneBucket: dev.landingzone }
`;

  test('the minimal OpenEM environment is valid and gets defaults', () => {
    const result = parseEnvironment('dev.yaml', OPENEM);
    expect('environment' in result).toBe(true);
    if (!('environment' in result)) return;
    const openem = result.environment.systems.openem;
    expect(openem.workers.archival).toMatchObject({ name: 'archival-kubernetes-workpool', concurrency: 2 });
    expect(openem.images!.prefect).toBe('3.7.2-python3.13');
  });

  test('fails when an archiver image is of a release the rendering does not follow (v1.3.0 was never tagged)', () => {
    expect(problems(OPENEM.replace('api: v2.0.0-beta.3', 'api: v1.3.0'))).toEqual([
      'prod.yaml: systems.openem.images.api: is not a tag ghcr.io/swissopenem/scopemarchiver-archiver-service-api publishes; it publishes "v2.0.0-beta.3" and the moving tags "main", "latest", got "v1.3.0"',
    ]);
    expect(problems(OPENEM.replace('runtime: main', 'runtime: v2.0.0-beta.3'))[0]).toContain(
      'systems.openem.images.runtime: is not a tag ghcr.io/swissopenem/scopemarchiver-archiver-service-workflow publishes; it publishes only the moving tag "main"',
    );
  });

  test('fails when the LTS share is configured: ScopeMArchiver v2 has none', () => {
    expect(problems(`${OPENEM}    lts: { enabled: true, server: lts22, path: /export }\n`)).toEqual([
      'prod.yaml: systems.openem.lts: is no longer rendered: ScopeMArchiver v2, the release this rendering follows, keeps long-term copies in the S3 archival bucket (storage class GLACIER) and has no LTS share; remove it (docs/openem.md, "The LTS share"), got {"enabled":true,"server":"lts22","path":"/export"}',
    ]);
  });

  test('fails when authentik protects the dashboards without a host', () => {
    expect(problems(OPENEM.replace('    authentik: { host: https://authentik.example.org }\n', ''))).toEqual([
      'prod.yaml: systems.openem.authentik.host: is required when authentik.enabled is true, it is missing',
    ]);
  });

  test('fails when the external S3 has no endpoints', () => {
    expect(problems(OPENEM.replace('provider: minio', 'provider: external'))).toEqual([
      'prod.yaml: systems.openem.s3.external: is required when provider is external (endpoint, externalEndpoint), it is missing',
    ]);
  });

  test('fails when an S3 endpoint has a scheme', () => {
    const text = OPENEM.replace('provider: minio', 'provider: external, external: { endpoint: "https://s3.example.org", externalEndpoint: s3.example.org }');
    expect(problems(text)[0]).toContain('systems.openem.s3.external.endpoint: must be host or host:port without a scheme');
  });

  test('fails when an enabled OpenEM lacks its images, IdP, SciCat and S3', () => {
    expect(problems('domain: lab.example.org\ntls: { issuer: self-signed }\nsystems: { openem: { enabled: true, authentik: { enabled: false } } }\n')).toEqual([
      'prod.yaml: systems.openem.images: is required when enabled is true, it is missing',
      'prod.yaml: systems.openem.idp: is required when enabled is true, it is missing',
      'prod.yaml: systems.openem.scicat: is required when enabled is true, it is missing',
      'prod.yaml: systems.openem.s3: is required when enabled is true, it is missing',
    ]);
  });

  test('fails when both work pools have the same name', () => {
    expect(problems(`${OPENEM}    workers: { archival: { name: pool }, retrieval: { name: pool } }\n`)).toEqual([
      'prod.yaml: systems.openem.workers.retrieval.name: must differ from the archival pool name, got "pool"',
    ]);
  });

  test('fails when OpenEM is given a host another system uses', () => {
    const text = `${OPENEM}    host: api.sticky-pi.lab.example.org\n  stickyPi:\n    enabled: true\n    images: { repository: registry.example.org/spi, api: abc1234, webapp: abc1234, ml: abc1234-def5678 }\n    s3: { provider: external, external: { host: s3.example.com } }\n`;
    expect(problems(text)).toEqual(['prod.yaml: systems.stickyPi.rootDomain: gives the host api.sticky-pi.lab.example.org, which OpenEM already uses; choose another, it is missing']);
  });

  test('fails when the IdP URL is not https', () => {
    expect(problems(OPENEM.replace('https://kc.example.org', 'http://kc.example.org'))).toEqual([
      'prod.yaml: systems.openem.idp.url: must use https, e.g. https://kc.psi.ch: TLS is required, got "http://kc.example.org"',
    ]);
  });
});

describe('SRS config', () => {
  const SRS = `
domain: lab.example.org
tls: { issuer: self-signed }
systems:
  srs:
    enabled: true
    images: { registry: registry.gitlab.com/srs, backend: abc1234, frontend: abc1234, dataExtractor: abc1234 }
    admin: { email: ops@example.org }
    sensors: [{ id: door-1, type: door }]
    chronograf: { gitlab: { clientId: ${'0123456789abcdef'.repeat(4)} } }
`;

  test('the minimal SRS environment is valid and gets the seed\'s defaults', () => {
    const result = parseEnvironment('dev.yaml', SRS);
    expect('environment' in result).toBe(true);
    if (!('environment' in result)) return;
    const srs = result.environment.systems.srs;
    expect(srs.backup).toMatchObject({ schedule: '15 2 * * *', collections: ['users', 'bookings', 'experiments', 'configs', 'logbook'] });
    expect(srs.backend.port).toBe(4000);
    expect(srs.loadTest).toMatchObject({ enabled: false, virtualUsers: 50, duration: '60s', intervalMs: 500 });
  });

  test('fails when alerting by mail is enabled without an SMTP host, user, sender and recipient', () => {
    expect(problems(`${SRS}    kapacitor: { smtp: { enabled: true } }\n`)).toEqual([
      'prod.yaml: systems.srs.kapacitor.smtp.host: is required when smtp.enabled is true, it is missing',
      'prod.yaml: systems.srs.kapacitor.smtp.username: is required when smtp.enabled is true, it is missing',
      'prod.yaml: systems.srs.kapacitor.smtp.from: is required when smtp.enabled is true, it is missing',
      'prod.yaml: systems.srs.kapacitor.smtp.to: must list at least one recipient when smtp.enabled is true, it is missing',
    ]);
  });

  test('fails when Slack alerts have no channel', () => {
    expect(problems(`${SRS}    kapacitor: { slack: { enabled: true } }\n`)).toEqual([
      'prod.yaml: systems.srs.kapacitor.slack.channel: is required when slack.enabled is true, it is missing',
    ]);
  });

  test('fails when an enabled SRS has no images, admin, sensors or GitLab application', () => {
    expect(problems('domain: lab.example.org\ntls: { issuer: self-signed }\nsystems: { srs: { enabled: true } }\n')).toEqual([
      'prod.yaml: systems.srs.images: is required when enabled is true, it is missing',
      'prod.yaml: systems.srs.admin: is required when enabled is true, it is missing',
      'prod.yaml: systems.srs.sensors: must list at least one sensor when enabled is true, it is missing',
      'prod.yaml: systems.srs.chronograf.gitlab: is required when enabled is true (Chronograf signs in with GitLab), it is missing',
    ]);
  });

  test('fails when two sensors share an id', () => {
    expect(problems(SRS.replace('[{ id: door-1, type: door }]', '[{ id: door-1, type: door }, { id: door-1, type: camera }]'))).toEqual([
      'prod.yaml: systems.srs.sensors[1].id: must be unique, "door-1" is used twice, got "door-1"',
    ]);
  });

  test('fails when a duration or a backup collection is malformed', () => {
    expect(problems(`${SRS}    backend: { jwtValidity: one day }\n    backup: { collections: ["users; drop"] }\n`)).toEqual([
      'prod.yaml: systems.srs.backend.jwtValidity: must be a duration such as 60s, 5m or 24h, got "one day"',
      'prod.yaml: systems.srs.backup.collections[0]: must be a collection name: letters, digits, "_", "." and "-", got "users; drop"',
    ]);
  });
});

describe('secrets provider config', () => {
  test('fails when the External Secrets provider has no store', () => {
    expect(problems(`secrets: { provider: external-secrets }\n${MINIMAL}`)).toEqual([
      'prod.yaml: secrets.externalSecrets: is required when provider is external-secrets (storeName), it is missing',
    ]);
  });
});

describe('delivery config', () => {
  test('fails when Argo CD is configured without a repository', () => {
    expect(problems(`delivery: { argocd: { targetRevision: main } }\n${MINIMAL}`)[0]).toMatch(/^prod\.yaml: delivery\.argocd\.repoURL: .*it is missing$/);
  });

  test('fails on unknown sync-policy fields, listing the allowed ones', () => {
    expect(problems(`delivery: { argocd: { repoURL: https://git.example.org/x.git, automated: { replace: true } } }\n${MINIMAL}`)).toEqual([
      'prod.yaml: delivery.argocd.automated: unknown field "replace"; allowed: enabled, prune, selfHeal',
    ]);
  });
});
