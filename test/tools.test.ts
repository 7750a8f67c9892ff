import { spawnSync } from 'child_process';
import { chmodSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { Chart } from 'cdk8s';
import { LabStackApp } from '../charts/labstack-app';
import { DeclaredSecret } from '../constructs/secrets';
import { secretsScript } from '../tools/secrets';
import { environmentJsonSchema } from '../tools/schema';
import { DEVELOPMENT_LIKE, fixture, PRODUCTION_LIKE } from './fixtures';
import { temporaryDirectory } from './temporary';

const dev = fixture(DEVELOPMENT_LIKE, 'development');
const prod = fixture(PRODUCTION_LIKE, 'production');

describe('npm run secrets', () => {
  const script = secretsScript(new LabStackApp(prod));

  test('creates each declared Secret once, generating random values where allowed', () => {
    expect(script).toContain('kubectl -n open-pectus create secret generic open-pectus-prd');
    expect(script).toContain('--from-literal=engine-secret="$(random 48)"');
    expect(script).toContain('if kubectl -n open-pectus get secret open-pectus-tst >/dev/null 2>&1; then');
  });

  test('asks for values only the operator knows, and leaves optional ones out unless set', () => {
    expect(script).toContain('"${OPEN_PECTUS_PRD_AZURE_CLIENT_SECRET:?set OPEN_PECTUS_PRD_AZURE_CLIENT_SECRET:');
    expect(script).toContain('${OPEN_PECTUS_PRD_SENTRY_DSN:+--from-literal=sentry-dsn="$OPEN_PECTUS_PRD_SENTRY_DSN"}');
  });

  describe('running the script against a stand-in kubectl that records its arguments', () => {
    function run(env: Record<string, string>) {
      const dir = temporaryDirectory('secrets');
      const log = join(dir, 'kubectl.log');
      writeFileSync(
        join(dir, 'kubectl'),
        // `get secret -o jsonpath` (a copied value) answers; `get secret` alone (does it exist?) says no.
        `#!/bin/sh\ncase "$*" in *" get secret "*" -o jsonpath="*) printf copied-value | base64; exit 0 ;; *" get secret "*) exit 1 ;; esac\nfor a in "$@"; do printf '%s\\n' "$a"; done >> "${log}"\necho --- >> "${log}"\n`,
      );
      chmodSync(join(dir, 'kubectl'), 0o755);
      const result = spawnSync('/bin/sh', ['-c', script], { env: { PATH: `${dir}:${process.env.PATH}`, ...env }, encoding: 'utf8' });
      const calls = result.status === 0 ? readFileSync(log, 'utf8').split('---\n').filter(Boolean).map((c) => c.trim().split('\n')) : [];
      return { result, calls };
    }

    /** Values only the operator knows in prod, besides Open Pectus' Azure secret. */
    const operatorValues = {
      STICKY_PI_S3_ACCESS_KEY: 'AKIAEXAMPLE',
      STICKY_PI_S3_SECRET_KEY: 'provider-secret',
      IMAGE_MIRROR_TARGET_ACCESS_KEY: 'AKIAMIRROR',
      IMAGE_MIRROR_TARGET_SECRET_KEY: 'mirror-secret',
      OPENEM_ARCHIVER_API_IDP_CLIENT_SECRET: 'idp-client-secret',
      OPENEM_ARCHIVER_API_IDP_PASSWORD: 'idp-password',
      OPENEM_S3_ACCESS_KEY: 'openem-access',
      OPENEM_S3_SECRET_KEY: 'openem-secret',
      AUTHENTIK_OUTPOST_TOKEN: 'outpost-token',
      OPENEM_PREFECT_BLOCKS_GITHUB_USER: 'gh-user',
      OPENEM_PREFECT_BLOCKS_GITHUB_PASSWORD: 'gh-token',
      OPENEM_PREFECT_BLOCKS_SCICAT_USER: 'scicat-user',
      OPENEM_PREFECT_BLOCKS_SCICAT_PASSWORD: 'scicat-password',
      SRS_REGISTRY_USERNAME: 'gitlab+deploy-token-1',
      SRS_REGISTRY_PASSWORD: 'deploy-token',
      SRS_BACKEND_JWT_PRIVATE_PEM: 'private key in PEM',
      SRS_BACKEND_JWT_PUBLIC_PEM: 'public key in PEM',
      SRS_BACKEND_SMTP_PASSWORD: 'smtp',
      SRS_ADMIN_PASSWORD_BCRYPT: '$2b$12$abcdefghijklmnopqrstuv',
      SRS_KAPACITOR_SMTP_PASSWORD: 'smtp',
      SRS_KAPACITOR_SLACK_URL: 'https://hooks.slack.com/services/T/B/X',
      SRS_CHRONOGRAF_GITLAB_CLIENT_SECRET: 'gitlab-secret',
    };
    const secretArg = (call: string[], key: string) => call.find((a) => a.startsWith(`--from-literal=${key}=`))!.slice(`--from-literal=${key}=`.length);

    test('creates each Secret with a fresh 48-character engine secret and the operator values', () => {
      const { result, calls } = run({ ...operatorValues, OPEN_PECTUS_PRD_AZURE_CLIENT_SECRET: 'from the portal', OPEN_PECTUS_PRD_SENTRY_DSN: 'https://k@sentry.example/1' });
      expect(result.status).toBe(0);
      expect(calls.map((c) => `${c[1]}/${c[5]}`)).toEqual([
        'open-pectus/open-pectus-prd',
        'open-pectus/open-pectus-tst',
        'openem/openem-postgres',
        'openem/openem-s3',
        'openem/authentik-outpost',
        'openem/openem-archiver-api',
        'openem/openem-prefect-blocks',
        'srs/srs-registry',
        'srs/srs-mongodb',
        'srs/srs-backend',
        'srs/srs-admin',
        'srs/srs-influxdb',
        'srs/srs-kapacitor',
        'srs/srs-chronograf',
        'srs-telegraf/srs-influxdb',
        'sticky-pi/sticky-pi-api',
        'sticky-pi/sticky-pi-mariadb',
        'sticky-pi/sticky-pi-s3',
        'sticky-pi/image-mirror-target',
      ]);
      const prd = calls[0];
      expect(prd.slice(0, 5)).toEqual(['-n', 'open-pectus', 'create', 'secret', 'generic']);
      expect(prd).toContain('--from-literal=azure-client-secret=from the portal');
      expect(prd).toContain('--from-literal=sentry-dsn=https://k@sentry.example/1');
      const engine = prd.find((a) => a.startsWith('--from-literal=engine-secret='))!.split('=')[2];
      expect(engine).toMatch(/^[A-Za-z0-9]{48}$/);
      const tstEngine = calls[1].find((a) => a.startsWith('--from-literal=engine-secret='))!.split('=')[2];
      expect(tstEngine).not.toBe(engine);
    });

    test('leaves the optional Sentry DSN out when it is not set', () => {
      const { calls } = run({ ...operatorValues, OPEN_PECTUS_PRD_AZURE_CLIENT_SECRET: 'x' });
      expect(calls[0].some((a) => a.includes('sentry-dsn'))).toBe(false);
    });

    test('generates Sticky Pi admin and UID passwords longer than the 10 characters the API rejects', () => {
      const { calls } = run({ ...operatorValues, OPEN_PECTUS_PRD_AZURE_CLIENT_SECRET: 'x' });
      const api = calls.find((c) => c[5] === 'sticky-pi-api')!;
      expect(secretArg(api, 'admin-password')).toMatch(/^[A-Za-z0-9]{32}$/);
      expect(secretArg(api, 'uid-password')).toMatch(/^[A-Za-z0-9]{32}$/);
      expect(secretArg(api, 'uid-password')).not.toBe(secretArg(api, 'admin-password'));
      const s3 = calls.find((c) => c[5] === 'sticky-pi-s3')!;
      expect(secretArg(s3, 'access-key')).toBe('AKIAEXAMPLE');
    });

    test('creates image pull Secrets as docker-registry Secrets and copies a value shared by two namespaces', () => {
      const { calls } = run({ ...operatorValues, OPEN_PECTUS_PRD_AZURE_CLIENT_SECRET: 'x' });
      const registry = calls.find((c) => c[5] === 'srs-registry')!;
      expect(registry.slice(0, 7)).toEqual(['-n', 'srs', 'create', 'secret', 'docker-registry', 'srs-registry', '--docker-server=registry.gitlab.com']);
      expect(registry).toContain('--docker-username=gitlab+deploy-token-1');
      const copy = calls.find((c) => c[1] === 'srs-telegraf' && c[5] === 'srs-influxdb')!;
      expect(copy).toContain('--from-literal=write-password=copied-value');
    });

    test('stops when the Secret a value is copied from does not exist', () => {
      const copyStep = script.split('\n# srs-telegraf/srs-influxdb')[1];
      const dir = temporaryDirectory('secrets');
      writeFileSync(join(dir, 'kubectl'), '#!/bin/sh\nexit 1\n');
      chmodSync(join(dir, 'kubectl'), 0o755);
      const result = spawnSync('/bin/sh', ['-c', `set -eu\n${copyStep}`], { env: { PATH: `${dir}:${process.env.PATH}` }, encoding: 'utf8' });
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain('cannot copy write-password of srs/srs-influxdb: create that Secret first');
    });

    test('stops with a message naming the variable when a required value is missing', () => {
      const { result } = run({});
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain('set OPEN_PECTUS_PRD_AZURE_CLIENT_SECRET: AZURE_CLIENT_SECRET of the Azure app registration');
    });
  });

  test('rejects an operator value shorter than the key\'s minimum length', () => {
    const app = new LabStackApp(dev);
    new DeclaredSecret(new Chart(app, 'extra', { namespace: 'extra' }), 'Secret', {
      name: 'extra',
      purpose: 'a test',
      keys: [{ key: 'password', purpose: 'a password the consumer checks', minLength: 11 }],
    });
    const extraScript = secretsScript(app).split('\n# extra/extra')[1];
    const dir = temporaryDirectory('secrets');
    writeFileSync(join(dir, 'kubectl'), '#!/bin/sh\ncase "$*" in *" get secret "*) exit 1 ;; esac\n');
    chmodSync(join(dir, 'kubectl'), 0o755);
    const runWith = (value: string) =>
      spawnSync('/bin/sh', ['-c', `set -eu\n${extraScript}`], { env: { PATH: `${dir}:${process.env.PATH}`, EXTRA_PASSWORD: value }, encoding: 'utf8' });
    const short = runWith('ten chars!');
    expect(short.status).not.toBe(0);
    expect(short.stderr).toContain('EXTRA_PASSWORD must be at least 11 characters');
    expect(runWith('eleven chars').status).toBe(0);
  });

  test('dev declares no Azure or Sentry secrets', () => {
    const devScript = secretsScript(new LabStackApp(dev));
    expect(devScript).not.toMatch(/AZURE|SENTRY/);
  });
});

test('config/schema.json is up to date (npm run schema)', () => {
  expect(readFileSync('config/schema.json', 'utf8')).toBe(environmentJsonSchema());
});
