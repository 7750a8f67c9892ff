import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { ConfigError, formatProblem, loadEnvironment, parseEnvironment } from '../config/load';
import { EVERYTHING_ACME, EVERYTHING_SELF_SIGNED } from './fixtures';
import { MINIMAL } from './helpers';
import { temporaryDirectory } from './temporary';

/** The problems of a file, as commands print them but without positions (see 'positions' below). */
function problems(text: string, file = 'prod.yaml'): string[] {
  const result = parseEnvironment(file, text);
  return 'problems' in result ? result.problems.map((p) => formatProblem({ ...p, line: undefined })) : [];
}

const withInstance = (extra: string) => `${MINIMAL}        ${extra}\n`;
/** An instance's acceptance of serving its aggregator without Azure (MINIMAL's instance has one). */
const ACCEPTED = '        acceptUnauthenticated: { aggregator: a test instance without data }\n';
/** MINIMAL with Azure authentication (or `lines`) instead of the acceptance. */
const withAzure = (lines = 'azureAuthentication: { enabled: true, tenantId: 00000000-0000-0000-0000-000000000000, clientId: 11111111-1111-1111-1111-111111111111 }') =>
  MINIMAL.replace(/ {8}acceptUnauthenticated: .*\n/, `        ${lines}\n`);

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

  test('fails when an instance is served without Azure authentication and the config does not accept it', () => {
    expect(problems(withAzure('sentry: false'))).toEqual([
      'prod.yaml: systems.openPectus.instances[0].azureAuthentication.enabled: is off, so the aggregator has no authentication: Open Pectus serves every request as the user "Anon", and anyone who reaches its host sees the process units and runs and sends commands and methods to the engines. Turn on azureAuthentication (enabled: true, tenantId, clientId), or accept it for this instance with acceptUnauthenticated.aggregator: <why>',
    ]);
    expect(problems(withAzure())).toEqual([]);
  });

  test('fails when the database administration is enabled without Azure authentication and the config does not accept it', () => {
    expect(problems(withInstance('databaseAdministration: { enabled: true }'))).toEqual([
      "prod.yaml: systems.openPectus.instances[0].databaseAdministration.enabled: is true without azureAuthentication, and the database administration has no access control of its own: anyone who reaches /admin reads, edits and deletes every row of the aggregator's database. Turn on azureAuthentication (its users then need the app role Administrator), or accept it with acceptUnauthenticated.databaseAdministration: <why>",
    ]);
    expect(problems(withAzure('databaseAdministration: { enabled: true }\n        azureAuthentication: { enabled: true, tenantId: 00000000-0000-0000-0000-000000000000, clientId: 11111111-1111-1111-1111-111111111111 }'))).toEqual([]);
  });

  test('accepts each part without Azure only when the config says why, part by part', () => {
    const both = withAzure('databaseAdministration: { enabled: true }\n        acceptUnauthenticated: { aggregator: test data only, databaseAdministration: test data only too }');
    expect(problems(both)).toEqual([]);
    // Accepting /admin does not accept the aggregator.
    expect(problems(withAzure('databaseAdministration: { enabled: true }\n        acceptUnauthenticated: { databaseAdministration: test data only }'))).toEqual([
      expect.stringContaining('systems.openPectus.instances[0].azureAuthentication.enabled: is off, so the aggregator has no authentication'),
    ]);
  });

  test('fails when an acceptance gives no reason', () => {
    expect(problems(withAzure('acceptUnauthenticated: { aggregator: "yes" }'))).toEqual([
      'prod.yaml: systems.openPectus.instances[0].acceptUnauthenticated.aggregator: must say why it is accepted, in a sentence of at least 10 characters, e.g. "test data only; the cluster is reachable from the lab network only", got "yes"',
    ]);
    expect(problems(withAzure('acceptUnauthenticated: { aggregator: true }'))).toEqual([
      'prod.yaml: systems.openPectus.instances[0].acceptUnauthenticated.aggregator: must be text, but YAML reads true as a boolean: quote it, "true"',
    ]);
  });

  test('fails when an acceptance accepts nothing: Azure is on, or the database administration is off', () => {
    expect(problems(withInstance('azureAuthentication: { enabled: true, tenantId: 00000000-0000-0000-0000-000000000000, clientId: 11111111-1111-1111-1111-111111111111 }'))).toEqual([
      'prod.yaml: systems.openPectus.instances[0].acceptUnauthenticated: accepts serving this instance without authentication, but azureAuthentication is on and protects every part of it: remove acceptUnauthenticated',
    ]);
    expect(problems(withAzure('acceptUnauthenticated: { aggregator: test data only, databaseAdministration: test data only }'))).toEqual([
      'prod.yaml: systems.openPectus.instances[0].acceptUnauthenticated.databaseAdministration: accepts an unauthenticated database administration, but databaseAdministration.enabled is false: remove it',
    ]);
  });

  test('fails on the removed acceptUnauthenticatedAccess, saying what replaced it', () => {
    expect(problems(withInstance('databaseAdministration: { enabled: true, acceptUnauthenticatedAccess: true }'))).toContain(
      'prod.yaml: systems.openPectus.instances[0].databaseAdministration.acceptUnauthenticatedAccess: was replaced: say why instead, with acceptUnauthenticated.databaseAdministration: <why> on the instance (docs/open-pectus.md), got true',
    );
  });

  test('fails when Azure authentication lacks its tenant and client', () => {
    expect(problems(withAzure('azureAuthentication: { enabled: true }'))).toEqual([
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
    expect(problems(`${MINIMAL}    replicas: 2\n`)).toEqual(['prod.yaml: systems.openPectus: unknown field "replicas"; allowed: enabled, allowedSources, images, instances']);
  });

  test('fails when a CPU limit is set (only memory is limited)', () => {
    expect(problems(withInstance('resources: { limits: { cpu: "1" } }'))).toEqual([
      'prod.yaml: systems.openPectus.instances[0].resources.limits: unknown field "cpu"; allowed: memory',
    ]);
  });

  test('fails when instance names repeat', () => {
    expect(problems(`${MINIMAL}      - name: prd\n${ACCEPTED}`)).toEqual([
      'prod.yaml: systems.openPectus.instances[1].name: must be unique, "prd" is used twice, got "prd"',
    ]);
  });

  test('fails when an instance name is too long for the object names derived from it', () => {
    expect(problems(MINIMAL.replace('- name: prd', '- name: production-aggregator-one'))).toEqual([
      'prod.yaml: systems.openPectus.instances[0].name: must be at most 20 characters (object names are derived from it), got "production-aggregator-one"',
    ]);
  });

  test('fails when two instances serve the same host, given or derived', () => {
    expect(problems(`${MINIMAL}      - name: tst\n        host: pectus-prd.lab.example.org\n${ACCEPTED}`)).toEqual([
      'prod.yaml: systems.openPectus.instances[1].host: gives the host pectus-prd.lab.example.org, which Open Pectus instance prd already uses; choose another',
    ]);
  });

  test('fails when a host of a self-signed environment is outside its domain (the private CA may sign only the domain)', () => {
    const outside = `${MINIMAL}        host: pectus.other.example.org\n`;
    expect(problems(outside)).toEqual([
      'prod.yaml: systems.openPectus.instances[0].host: gives the host pectus.other.example.org, which is outside domain lab.example.org: with tls.issuer self-signed the private CA may sign names under lab.example.org only (its name constraints), so clients would refuse that certificate; use a host under lab.example.org or tls.issuer acme',
    ]);
    // A look-alike suffix is not the domain; ACME certificates may name any host.
    expect(problems(`${MINIMAL}        host: pectus.evillab.example.org\n`)).toHaveLength(1);
    expect(problems(`${MINIMAL}        host: lab.example.org\n`)).toEqual([]);
    expect(problems(outside.replace('tls: { issuer: self-signed }', 'tls: { issuer: acme, acme: { email: ops@example.org } }'))).toEqual([]);
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
    const text = `${STICKY}    rootDomain: lab.example.org\n  openPectus:\n    enabled: true\n    images: { aggregator: main, databaseAdministration: main }\n    instances:\n      - name: prd\n        host: api.lab.example.org\n${ACCEPTED}`;
    expect(problems(text)).toEqual(['prod.yaml: systems.stickyPi.rootDomain: gives the host api.lab.example.org, which Open Pectus instance prd already uses; choose another']);
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

  test('fails when authentik is off and the config does not accept an unauthenticated Prefect UI and API', () => {
    const off = OPENEM.replace('authentik: { host: https://authentik.example.org }', 'authentik: { enabled: false }');
    expect(problems(off)).toEqual([
      'prod.yaml: systems.openem.authentik.enabled: is false, so only Prefect\'s one shared auth string protects the Prefect UI and API (/archiver/prefect/ui, /archiver/prefect/api): no per-user sign-in, and whoever has the string reads and changes flow runs, deployments and work pools (whose job template chooses the image and command of every flow run) and reads the secret blocks (S3, SciCat and IdP credentials). Turn authentik on (enabled: true, host), or accept it with acceptUnauthenticated.prefect: <why>',
    ]);
    expect(problems(`${off}    acceptUnauthenticated: { prefect: reachable from the lab network only }\n`)).toEqual([]);
  });

  test('fails when an acceptance accepts nothing: authentik is on, or insecure is off', () => {
    expect(problems(`${OPENEM}    acceptUnauthenticated: { prefect: reachable from the lab network only }\n`)).toEqual([
      'prod.yaml: systems.openem.acceptUnauthenticated.prefect: accepts an unauthenticated Prefect UI and API, but authentik protects them (authentik.enabled is true): remove it',
    ]);
    expect(problems(OPENEM.replace('authentik: { host: https://authentik.example.org }', 'authentik: { host: https://authentik.example.org, acceptInsecure: a private CA we trust }'))).toEqual([
      'prod.yaml: systems.openem.authentik.acceptInsecure: accepts AUTHENTIK_INSECURE, but authentik.insecure is false: remove it',
    ]);
  });

  test('fails when the outpost skips verifying authentik\'s certificate in an environment with ACME certificates, unless accepted', () => {
    const insecure = OPENEM.replace('authentik: { host: https://authentik.example.org }', 'authentik: { host: https://authentik.example.org, insecure: true }');
    // A private CA (self-signed issuer) is what insecure is for: accepted without a word.
    expect(problems(insecure)).toEqual([]);
    const acme = insecure.replace('tls: { issuer: self-signed }', 'tls: { issuer: acme, acme: { email: ops@example.org } }');
    expect(problems(acme)).toEqual([
      "prod.yaml: systems.openem.authentik.insecure: is true, so the authentik outpost does not verify the TLS certificate of https://authentik.example.org (AUTHENTIK_INSECURE): whoever can intercept its connections reads the outpost token and the provider's client secret, and can hand it signing keys that let forged sign-ins into the Prefect UI and API. This environment gets its certificates from ACME (production): give authentik a certificate from a public CA and remove insecure, or accept it with authentik.acceptInsecure: <why>",
    ]);
    expect(problems(acme.replace('insecure: true }', 'insecure: true, acceptInsecure: authentik is on the lab network with the campus CA }'))).toEqual([]);
    // Without the outpost, nothing skips a verification.
    expect(problems(acme.replace('authentik: { host: https://authentik.example.org, insecure: true }', 'authentik: { enabled: false, insecure: true }\n    acceptUnauthenticated: { prefect: reachable from the lab network only }'))).toEqual([]);
  });

  test('fails when an enabled OpenEM lacks its images, IdP, SciCat and S3', () => {
    expect(problems('domain: lab.example.org\ntls: { issuer: self-signed }\nsystems: { openem: { enabled: true, authentik: { enabled: false }, acceptUnauthenticated: { prefect: a test without data } } }\n')).toEqual([
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
    expect(problems(text)).toEqual(['prod.yaml: systems.stickyPi.rootDomain: gives the host api.sticky-pi.lab.example.org, which OpenEM already uses; choose another']);
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
ingress: { clusterNetworks: [10.42.0.0/16] }
tls: { issuer: self-signed }
systems:
  srs:
    enabled: true
    allowedSources: [192.0.2.0/24]
    images: { registry: registry.gitlab.com/srs, backend: abcd1234, frontend: abcd1234, dataExtractor: abcd1234 }
    admin: { email: ops@example.org }
    sensors: [{ id: door-1, type: door }]
    chronograf: { gitlab: { clientId: ${'0123456789abcdef'.repeat(4)}, groups: [my-lab] } }
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
      'prod.yaml: systems.srs.allowedSources: is required when enabled is true: name the lab networks, e.g. [192.0.2.0/24] (the seed kept the frontend, ' +
        'the backend, which sensors post to, and Chronograf on the lab network); to open one of them to the internet, say why in acceptInternet.<frontend|backend|chronograf>, it is missing',
    ]);
  });

  test('route allow lists: addresses and networks as Traefik reads them, written as their network, never the whole internet', () => {
    const withSources = (sources: string) => SRS.replace('allowedSources: [192.0.2.0/24]', `allowedSources: ${sources}`);
    expect(problems(withSources('[192.0.2.0/24, 198.51.100.7, 2001:db8::/32]'))).toEqual([]);
    expect(problems(withSources('[10.1.2.3/16, 0.0.0.0/0, 192.0.2.0/33, lab-network, 192.0.2.0/24, 192.0.2.0/24]'))).toEqual([
      'prod.yaml: systems.srs.allowedSources[0]: is not the first address of its network: the /16 network holding 10.1.2.3 starts elsewhere; write that network\'s first address, got "10.1.2.3/16"',
      'prod.yaml: systems.srs.allowedSources[1]: is every address: to leave a route open to the internet, leave the list out, got "0.0.0.0/0"',
      'prod.yaml: systems.srs.allowedSources[2]: must have a prefix length from 1 to 32 after "/", e.g. 192.0.2.0/24 (a lab network) or 192.0.2.10 (one address), got "192.0.2.0/33"',
      'prod.yaml: systems.srs.allowedSources[3]: must be an IPv4 or IPv6 address or network in CIDR notation, e.g. 192.0.2.0/24 (a lab network) or 192.0.2.10 (one address), got "lab-network"',
      'prod.yaml: systems.srs.allowedSources[5]: must be unique, "192.0.2.0/24" is used twice, got "192.0.2.0/24"',
    ]);
    expect(problems(withSources('[]'))).toEqual(['prod.yaml: systems.srs.allowedSources: must name at least one address or network; to leave the routes open to the internet, leave the list out, got []']);
  });

  test('an allow list needs the cluster\'s own networks, which in-cluster clients of public hosts come from', () => {
    expect(problems(SRS.replace('ingress: { clusterNetworks: [10.42.0.0/16] }\n', ''))).toEqual([
      'prod.yaml: ingress.clusterNetworks: is required because systems.srs.allowedSources restricts who reaches the routes: name the networks pods connect from ' +
        '(the cluster\'s pod CIDR, and the node network where traffic is translated), e.g. [10.244.0.0/16], since clients inside the cluster call public hosts too',
    ]);
  });

  test('a route opened to the internet says why', () => {
    expect(problems(SRS.replace('allowedSources: [192.0.2.0/24]', 'allowedSources: [192.0.2.0/24]\n    acceptInternet: { frontend: "yes" }'))).toEqual([
      'prod.yaml: systems.srs.acceptInternet.frontend: must say why it is accepted, in a sentence of at least 10 characters, e.g. "test data only; the cluster is reachable from the lab network only", got "yes"',
    ]);
  });

  test('fails when Chronograf\'s sign-in names neither a GitLab group nor an e-mail domain', () => {
    expect(problems(SRS.replace(', groups: [my-lab]', ''))).toEqual([
      'prod.yaml: systems.srs.chronograf.gitlab.groups: must list at least one GitLab group (or emailDomains at least one e-mail domain): otherwise any account of https://gitlab.com could sign in to Chronograf, it is missing',
    ]);
    expect(problems(SRS.replace(', groups: [my-lab]', ', groups: [], emailDomains: []'))).toEqual([
      'prod.yaml: systems.srs.chronograf.gitlab.groups: must list at least one GitLab group (or emailDomains at least one e-mail domain): otherwise any account of https://gitlab.com could sign in to Chronograf, got []',
    ]);
    expect(problems(SRS.replace(', groups: [my-lab]', ', emailDomains: [example.org]'))).toEqual([]);
  });

  test('fails when a GitLab group is not a full group path, or an e-mail domain not a DNS name', () => {
    expect(problems(SRS.replace(', groups: [my-lab]', ', groups: ["my lab", "my-lab/", -x, a/b.c], emailDomains: ["@example.org", example.org, example.org]'))).toEqual([
      'prod.yaml: systems.srs.chronograf.gitlab.groups[0]: must be the full path of a GitLab group: names of letters, digits, "_", "." and "-" separated by "/", e.g. my-lab or my-lab/monitoring, got "my lab"',
      'prod.yaml: systems.srs.chronograf.gitlab.groups[1]: must be the full path of a GitLab group: names of letters, digits, "_", "." and "-" separated by "/", e.g. my-lab or my-lab/monitoring, got "my-lab/"',
      'prod.yaml: systems.srs.chronograf.gitlab.groups[2]: must be the full path of a GitLab group: names of letters, digits, "_", "." and "-" separated by "/", e.g. my-lab or my-lab/monitoring, got "-x"',
      expect.stringContaining('prod.yaml: systems.srs.chronograf.gitlab.emailDomains[0]: has the label "@example"'),
      'prod.yaml: systems.srs.chronograf.gitlab.emailDomains[2]: must be unique, "example.org" is used twice, got "example.org"',
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

/** The problems of MINIMAL with `line` added to the instance (or replacing `from`). */
const instanceProblems = (line: string) => problems(withInstance(line));
/** A full environment with every system on, for fields of every system. */
const everything = (edit: (text: string) => string) => problems(edit(EVERYTHING_ACME));

describe('positions', () => {
  test('every problem names the file with its folder, the line and the column of the value', () => {
    const result = parseEnvironment('config/prod.yaml', withInstance('backup: { keep: 0 }'));
    expect('problems' in result && result.problems.map(formatProblem)).toEqual([
      'config/prod.yaml:11:25: systems.openPectus.instances[0].backup.keep: must be a whole number from 1 to 365, got 0',
    ]);
  });

  test('a missing field points at the object that lacks it; an unknown one at its key', () => {
    const missing = parseEnvironment('config/prod.yaml', MINIMAL.replace('images: { aggregator: main, databaseAdministration: main }', 'images: { aggregator: main }'));
    expect('problems' in missing && missing.problems.map(formatProblem)).toEqual([
      'config/prod.yaml:7:13: systems.openPectus.images.databaseAdministration: must be a string, it is missing',
    ]);
    const unknown = parseEnvironment('config/prod.yaml', withInstance('colour: blue'));
    expect('problems' in unknown && unknown.problems.map(formatProblem)[0]).toMatch(/^config\/prod\.yaml:11:9: systems\.openPectus\.instances\[0\]: unknown field "colour"/);
  });

  test('problems are listed in the order of the file', () => {
    const result = parseEnvironment('config/prod.yaml', `timeZone: Mars/Base\n${withInstance('backup: { keep: 0 }')}`.replace('issuer: self-signed', 'issuer: vault'));
    expect('problems' in result && result.problems.map((p) => p.line)).toEqual([1, 4, 12]);
  });
});

describe('YAML', () => {
  test('a number or boolean where text is expected says to quote it, as written', () => {
    expect(problems(MINIMAL.replace('aggregator: main', 'aggregator: 1.10'))).toEqual([
      'prod.yaml: systems.openPectus.images.aggregator: must be text, but YAML reads 1.10 as a number: quote it, "1.10"',
    ]);
    expect(problems(MINIMAL.replace('- name: prd', '- name: true'))[0]).toContain('must be text, but YAML reads true as a boolean: quote it, "true"');
  });

  test('values with surrounding spaces or line breaks are refused, never kept verbatim', () => {
    expect(problems(MINIMAL.replace('aggregator: main', 'aggregator: " main "'))).toEqual([
      'prod.yaml: systems.openPectus.images.aggregator: has spaces around " main ", which would be kept: write "main"',
    ]);
    expect(problems(withInstance('host: "pectus.lab.example.org\\n"'))).toEqual([
      'prod.yaml: systems.openPectus.instances[0].host: has a line break, tab or other control character in "pectus.lab.example.org\\n"; values are single-line text',
    ]);
  });

  test('a key twice, or a second document, is refused', () => {
    expect(problems(`${MINIMAL}domain: other.example.org\n`)).toEqual(['prod.yaml: is not valid YAML: a key appears twice in the same map']);
    expect(problems(`${MINIMAL}---\ndomain: other.example.org\n`)[0]).toContain('the file holds more than one document');
  });

  test('aliases may share a block, but not form a cycle, point nowhere, or hide in free-form maps', () => {
    const shared = `${MINIMAL}        resources: &small { requests: { cpu: 100m, memory: 256Mi }, limits: { memory: 512Mi } }\n      - name: tst\n        resources: *small\n${ACCEPTED}`;
    expect(problems(shared)).toEqual([]);
    expect(problems(`${MINIMAL}        storage: &loop { data: *loop }\n`)).toEqual([
      'prod.yaml: systems.openPectus.instances[0].storage.data: refers to &loop, which contains it: an alias may not form a cycle',
    ]);
    expect(problems(`${MINIMAL}        storage: { data: *nowhere }\n`)[0]).toContain('refers to the anchor &nowhere, which is not defined before it');
    const settings = everything((t) => t.replace('sensors: [{ id: door-1, type: door }]', 'sensors: [{ id: door-1, type: door, settings: &s { fps: 1 } }, { id: door-2, type: door, settings: *s }]'));
    expect(settings).toEqual([
      'prod.yaml: systems.srs.sensors[1].settings: is an alias (*s) in systems.srs.sensors[].settings, which is rendered verbatim: write the value out',
    ]);
  });

  test('an alias bomb is refused at once, without expanding it', () => {
    const levels = ['a: &a [xxxxxxxxxx, xxxxxxxxxx, xxxxxxxxxx, xxxxxxxxxx, xxxxxxxxxx, xxxxxxxxxx, xxxxxxxxxx, xxxxxxxxxx, xxxxxxxxxx]', ...'bcde'.split('').map((l, i) => `${l}: &${l} [${Array(9).fill(`*${'abcde'[i]}`).join(', ')}]`)];
    const bomb = `${MINIMAL}        sentry: false\nsystems_extra:\n  ${levels.join('\n  ')}\n`;
    const started = Date.now();
    expect(problems(bomb)).toEqual([expect.stringMatching(/^prod\.yaml: expands its aliases into /)]);
    expect(problems(`${bomb}  f: [${Array(20).fill('*e').join(', ')}]\n`)).toEqual(['prod.yaml: has 56 aliases; at most 50 are allowed']);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test('a file or its expansion beyond the limits is refused', () => {
    // What a ConfigMap carries (SRS's sensors file) comes from the file: it stays far below 1 MiB.
    expect(problems(`${MINIMAL}# ${'x'.repeat(300 * 1024)}\n`)).toEqual(['prod.yaml: is 300 KiB; an environment file may have at most 256 KiB']);
  });
});

describe('schedules, as Kubernetes reads them', () => {
  const schedule = (value: string) => instanceProblems(`backup: { schedule: "${value}" }`);
  test.each(['5 4 * * *', '@daily', '@weekly', '@every 6h', '0 0 * * MON', '0 3 * * mon-fri', '*/15 * * * *', '0 0 1 JAN *', '0 12 ? * *'])('accepts %s', (value) => {
    expect(schedule(value)).toEqual([]);
  });
  test.each([
    ['99 99 * * *', 'minute "99": 99 is outside 0-59'],
    ['*/0 * * * *', 'minute "*/0": a step of 0 never advances; use 1 or more'],
    ['0 0 * * 7', 'day of week "7": days of the week are 0 (Sunday) to 6 (Saturday) in Kubernetes; write 0 for Sunday'],
    ['0 0 L * *', 'day of month "L": L, W and # are not supported by Kubernetes\' cron'],
    ['0 0 0 0 0 0', 'has 6 fields; Kubernetes reads five'],
    ['0 0 31 2 *', 'never runs: no month it names has that day'],
    ['@DAILY', 'is not a descriptor Kubernetes knows'],
    ['TZ=Europe/Zurich 0 0 * * *', 'must not name a time zone (TZ=…)'],
  ])('refuses %s', (value, message) => {
    expect(schedule(value)).toEqual([expect.stringContaining(`backup.schedule: is not a schedule Kubernetes accepts: ${message}`)]);
  });
});

describe('quantities', () => {
  test.each([
    ['storage: { data: "0" }', 'storage.data: is 0; a volume needs at least 1Mi'],
    ['storage: { data: 0Gi }', 'storage.data: is 0Gi; a volume needs at least 1Mi'],
    ['storage: { data: 5000Pi }', 'storage.data: is 4.9Ei; a volume is at most 1Pi'],
    [`storage: { data: "${'9'.repeat(5000)}" }`, 'storage.data: is not a Kubernetes quantity, e.g. 10Gi'],
    ['resources: { requests: { cpu: "100000" } }', 'resources.requests.cpu: is 100000 cores; at most 512'],
    ['resources: { requests: { cpu: 0m } }', 'resources.requests.cpu: is 0m; at least 1m'],
    ['resources: { requests: { memory: 4Mi }, limits: { memory: 4Mi } }', 'resources.requests.memory: is 4Mi; a container needs at least 16Mi'],
    ['resources: { requests: { memory: 2Gi }, limits: { memory: 1Gi } }', 'resources.requests.memory: is 2Gi, more than limits.memory (1Gi); Kubernetes refuses a request above its limit'],
    ['resources: { limits: { memory: 256Mi } }', 'resources.requests.memory: is 512Mi, more than limits.memory (256Mi); Kubernetes refuses a request above its limit'],
  ])('refuses %s', (line, message) => {
    expect(instanceProblems(line)).toContainEqual(expect.stringContaining(`instances[0].${message}`));
  });

  test('a MariaDB buffer pool must leave MariaDB memory below its limit', () => {
    expect(everything((t) => `${t}    database: { bufferPoolSize: 2G, resources: { limits: { memory: 2Gi } } }\n`)).toEqual([
      'prod.yaml: systems.stickyPi.database.bufferPoolSize: is more than 80% of resources.limits.memory (2Gi); MariaDB needs memory beyond its buffer pool: at most 1.6Gi, or raise the limit, got "2G"',
    ]);
    expect(everything((t) => `${t}    database: { bufferPoolSize: 1G, resources: { limits: { memory: 2Gi } } }\n`)).toEqual([]);
  });
});

describe('names, hosts and addresses', () => {
  test.each([
    ['10.0.0.1', 'is an IP address; a DNS name is needed'],
    ['1.2.3', 'ends in the numeric label "3", which no top-level domain is'],
    ['a..b', 'has an empty label (two dots in a row, or a dot at an end)'],
    ['lab_1.example.org', 'has the label "lab_1"'],
  ])('the domain %s is refused before anything renders', (domain, message) => {
    expect(problems(MINIMAL.replace('domain: lab.example.org', `domain: ${domain}`))).toEqual([expect.stringContaining(`prod.yaml: domain: ${message}`)]);
  });

  test('S3 endpoints and registries refuse ports above 65535; registries may be addresses', () => {
    expect(everything((t) => t.replace('endpoint: "s3.example.org:18000"', 'endpoint: "s3.example.org:99999"'))).toEqual([
      expect.stringContaining('systems.openem.s3.external.endpoint: has the port "99999"; ports are 1 to 65535'),
    ]);
    expect(everything((t) => t.replace('registry: registry.example.org/srs', 'registry: registry.example.org:70000/srs'))).toEqual([
      expect.stringContaining('systems.srs.images.registry: has the port "70000"; ports are 1 to 65535'),
    ]);
    // A registry (a pull-through cache in the lab) may be reached by address, as image references allow.
    expect(everything((t) => `${t}imageMirrors: { docker.io: "10.0.0.5:5000/dockerhub" }\n`)).toEqual([]);
    expect(everything((t) => `${t}imageMirrors: { docker.io: "10.0.0.500:5000/dockerhub" }\n`)).toEqual([
      expect.stringContaining('imageMirrors.docker.io: is not an IPv4 address'),
    ]);
  });

  test.each([
    ['https://user:secret@idp.example.org', 'must not hold a user name or password (https://user:secret@…): it would be committed to git'],
    ['http://idp.example.org', 'must use https, e.g. https://kc.psi.ch: TLS is required'],
    ['javascript:alert(1)', 'must be an https URL, e.g. https://kc.psi.ch'],
    ['ftp://idp.example.org', 'must be an https URL, e.g. https://kc.psi.ch'],
    ['https://idp.example.org/', 'must not end with "/"'],
    ['https://IDP.example.org', 'must be written as https://idp.example.org'],
    ['https://idp.example.org?realm=x', 'must not have a query (?…) or fragment (#…)'],
  ])('the URL %s is refused', (url, message) => {
    expect(everything((t) => t.replace('url: https://idp.example.org', `url: "${url}"`))).toEqual([expect.stringContaining(`systems.openem.idp.url: ${message}`)]);
  });

  test('authentik and the Argo CD repository refuse paths or credentials where they make no sense', () => {
    expect(everything((t) => t.replace('host: https://authentik.example.org', 'host: https://authentik.example.org/if/flow'))).toEqual([
      expect.stringContaining('systems.openem.authentik.host: must be https://<host>[:<port>] with nothing after the host'),
    ]);
    expect(problems(`delivery: { argocd: { repoURL: "https://deploy:glpat-x@git.example.org/lab.git" } }\n${MINIMAL}`)).toEqual([
      expect.stringContaining('delivery.argocd.repoURL: must not hold a user name or password'),
    ]);
    expect(problems(`delivery: { argocd: { repoURL: "git@git.example.org:lab/labstack.git" } }\n${MINIMAL}`)).toEqual([]);
  });

  test.each(['mailto:ops@example.org', '<ops@example.org>', 'ops@-.-', `${'o'.repeat(65)}@example.org`, 'ops@example', 'ops..x@example.org'])('the address %s is refused', (address) => {
    expect(everything((t) => t.replace('admin: { email: ops@example.org }', `admin: { email: "${address}" }`))).toEqual([
      expect.stringContaining('systems.srs.admin.email: must be an e-mail address such as ops@example.org'),
    ]);
  });

  test('time zones must be written as Kubernetes reads them: the exact IANA name', () => {
    expect(problems(`timeZone: Europe/zurich\n${MINIMAL}`)).toEqual([
      'prod.yaml: timeZone: must be written exactly Europe/Zurich: Kubernetes reads zone names case-sensitively, got "Europe/zurich"',
    ]);
    expect(problems(`timeZone: Etc/UTC\n${MINIMAL}`)).toEqual([]);
  });

  test('identifiers of other systems are what those systems issue', () => {
    const azure = `azureAuthentication: { enabled: true, tenantId: my-tenant, clientId: 11111111-1111-1111-1111-111111111111 }`;
    expect(problems(withAzure(azure))).toEqual([expect.stringContaining('azureAuthentication.tenantId: must be a GUID as the Azure portal shows it')]);
    expect(everything((t) => t.replace(/clientId: "0123456789abcdef[0-9a-f]*"/, 'clientId: app-id'))).toEqual([
      expect.stringContaining('systems.srs.chronograf.gitlab.clientId: must be the Application ID GitLab shows for the application: 64 hexadecimal digits'),
    ]);
    for (const [from, to, path] of [
      ['clientId: api }', 'clientId: "api$(id)" }', 'systems.openem.idp.clientId'],
      ['username: svc,', 'username: "svc`id`",', 'systems.openem.idp.username'],
      ['user: srs,', 'user: "srs}",', 'systems.srs.backend.smtp.user'],
      ['username: alerts,', 'username: "alerts;",', 'systems.srs.kapacitor.smtp.username'],
      ['channel: "#alerts"', 'channel: "#alerts $(id)"', 'systems.srs.kapacitor.slack.channel'],
      ['admin: { email: ops@example.org }', 'admin: { username: "ad\'min", email: ops@example.org }', 'systems.srs.admin.username'],
    ]) {
      expect(everything((t) => t.replace(from, to))).toEqual([expect.stringContaining(`${path}: must be`)]);
    }
  });

  test('a union field says what it expects, not "Invalid input"', () => {
    expect(problems(`storageClass: Fast_SSD\n${MINIMAL}`)).toEqual([
      'prod.yaml: storageClass: must be the name of a StorageClass: lowercase a-z, 0-9, "-" and ".", at most 253 characters, e.g. standard-rwo, got "Fast_SSD"',
    ]);
  });

});

describe('defaults derived once', () => {
  const parsed = (text: string) => {
    const result = parseEnvironment('prod.yaml', text);
    if ('problems' in result) throw new Error(result.problems.map(formatProblem).join('\n'));
    return result.environment;
  };

  test('hosts default to sub-domains of the domain; one label is a sub-domain too, a full name is kept', () => {
    const env = parsed(EVERYTHING_ACME.replace('  - name: one', '  - name: one\n        host: pectus'));
    expect(env.systems.openPectus.instances[0].host).toBe('pectus.test.example.org');
    expect(env.systems.openem.host).toBe('openem.test.example.org');
    expect(env.systems.srs.hosts).toEqual({ frontend: 'srs.test.example.org', backend: 'srs-api.test.example.org', chronograf: 'srs-monitoring.test.example.org' });
    expect(env.systems.stickyPi.hosts).toEqual({ api: 'api.sticky-pi.test.example.org', webapp: 'webapp.sticky-pi.test.example.org', s3: 's3.sticky-pi.test.example.org' });
  });

  test('copying an environment and changing its domain moves every host that is not a full name', () => {
    const copy = parsed(EVERYTHING_SELF_SIGNED.replace('domain: test.example.org', 'domain: staging.example.net'));
    const hosts = [copy.systems.openPectus.instances[0].host, copy.systems.openem.host, copy.systems.openem.s3!.minio.host, ...Object.values(copy.systems.srs.hosts), ...Object.values(copy.systems.stickyPi.hosts)];
    expect(hosts.every((h) => h.endsWith('.staging.example.net'))).toBe(true);
  });

  test('an SRS host that another system uses is refused, defaults included', () => {
    expect(everything((t) => t.replace('  srs:\n    enabled: true', '  srs:\n    enabled: true\n    hosts: { frontend: pectus-one }'))).toEqual([
      'prod.yaml: systems.srs.hosts.frontend: gives the host pectus-one.test.example.org, which Open Pectus instance one already uses; choose another',
    ]);
    expect(everything((t) => t.replace('  srs:\n    enabled: true', '  srs:\n    enabled: true\n    hosts: { backend: srs }'))).toEqual([
      'prod.yaml: systems.srs.hosts.backend: gives the host srs.test.example.org, which the SRS frontend already uses; choose another',
    ]);
  });

  test('a derived host too long for DNS is refused, not rendered', () => {
    const domain = `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.org`;
    expect(problems(MINIMAL.replace('domain: lab.example.org', `domain: ${domain}`))).toEqual([
      `prod.yaml: systems.openPectus.instances[0].host: gives the host pectus-prd.${domain}, which is 258 characters long; a DNS name has at most 253`,
    ]);
  });
});

describe('names other systems impose', () => {
  test.each(['10.0.0.1', 'a..b', 'xn--bucket', 'a.-b'])('the bucket name %s is refused, as S3 refuses it', (bucket) => {
    expect(everything((t) => t.replace('bucket: sticky-pi-test', `bucket: "${bucket}"`))).toEqual([expect.stringContaining('systems.stickyPi.s3.bucket: must be an S3 bucket name')]);
  });

  test.each(['0', 'v1', 'a..b', 'main'])('the SRS image tag %s is refused: the pipeline pushes CI_COMMIT_SHORT_SHA', (tag) => {
    expect(everything((t) => t.replace('backend: 0123abcd', `backend: "${tag}"`))).toEqual([expect.stringContaining('systems.srs.images.backend: is')]);
  });
});

describe('loading one environment', () => {
  const dir = temporaryDirectory('load');
  writeFileSync(join(dir, 'prod.yaml'), MINIMAL);
  writeFileSync(join(dir, 'staging.yaml'), 'domain: [broken\n');
  mkdirSync(join(dir, 'test.yaml'));

  test('reads only its own file: a broken or odd one of another environment does not block it', () => {
    expect(loadEnvironment(dir, 'prod').name).toBe('prod');
  });

  test('says which environments exist, and what is wrong with its own file', () => {
    expect(() => loadEnvironment(dir, 'dev')).toThrow(`${dir}: has no environment "dev" (dev.yaml); it has prod, staging`);
    expect(() => loadEnvironment(dir, 'test')).toThrow(`${join(dir, 'test.yaml')}: is a folder (or another non-file), not an environment file`);
    expect(() => loadEnvironment(dir, 'staging')).toThrow(ConfigError);
  });
});

describe('the S3 endpoint clients upload to', () => {
  test('may be one label, a sub-domain of the domain, like the hosts LabStack serves', () => {
    const result = parseEnvironment('prod.yaml', EVERYTHING_ACME.replace('externalEndpoint: s3.example.org', 'externalEndpoint: "openem:8443"'));
    expect('environment' in result && result.environment.systems.openem.s3!.external!.externalEndpoint).toBe('openem.test.example.org:8443');
  });
});
