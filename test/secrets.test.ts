import { spawnSync, SpawnSyncReturns } from 'child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { join } from 'path';
import { Chart } from 'cdk8s';
import * as yaml from 'js-yaml';
import { LabStackApp } from '../charts/labstack-app';
import type { EnvironmentConfig } from '../config/schema';
import { DeclaredSecret } from '../constructs/secrets';
import { ENVIRONMENT_LABEL } from '../constructs/system-namespace';
import { operatorVariables, secretsScript } from '../tools/secrets';
import { EVERYTHING_ACME, EVERYTHING_SELF_SIGNED, fixture } from './fixtures';
import { render } from './helpers';
import { StandInCluster } from './stand-in-kubectl';
import { temporaryDirectory } from './temporary';

const TSX = join(__dirname, '..', 'node_modules', '.bin', 'tsx');
const SHELLS = ['sh', 'bash'];

const temporary = () => temporaryDirectory('secrets');

/** The variable of an operator value, by the documented rule: <ENV>_<SECRET>_<KEY>, other characters as _. */
const variableName = (environment: string, secret: string, key: string) => `${environment}_${secret}_${key}`.toUpperCase().replace(/[^A-Z0-9]/g, '_');

/** Declared keys only the operator can supply (not generated, not copied), with their variables. */
function operatorKeys(app: LabStackApp) {
  return DeclaredSecret.all(app).flatMap((secret) =>
    secret.keys
      .filter((key) => !key.generateLength && !key.copyOf)
      .map((key) => ({ secret, key, variable: variableName(app.environment.name, secret.name, key.key) })),
  );
}

/** A fake, non-secret value for every variable; the JWT key is a multi-line value full of shell syntax. */
function operatorValues(app: LabStackApp): Record<string, string> {
  const values = Object.fromEntries(operatorKeys(app).map(({ variable }) => [variable, `test-value-${variable.toLowerCase()}`]));
  const jwt = operatorKeys(app).find((k) => k.key.key === 'jwt-private.pem')!.variable;
  values[jwt] = '-----BEGIN TEST-----\n$(touch PWNED) `touch PWNED` \'; "x" \\ }\n-----END TEST-----\n';
  return values;
}

interface Run {
  readonly result: SpawnSyncReturns<string>;
  readonly cwd: string;
}

/** Writes the script and runs it with a shell against the cluster, in a fresh directory. */
function runScript(script: string, cluster: StandInCluster, variables: Record<string, string>, shell = 'sh'): Run {
  const cwd = temporary();
  writeFileSync(join(cwd, 'create-secrets.sh'), script);
  const result = spawnSync(shell, ['create-secrets.sh'], { cwd, env: { ...cluster.env(), ...variables }, encoding: 'utf8' });
  return { result, cwd };
}

const prod = fixture(EVERYTHING_ACME, 'prod');
const prodApp = new LabStackApp(prod);
const prodScript = secretsScript(prodApp);
const declared = DeclaredSecret.all(prodApp);

describe('npm run secrets: the script', () => {
  test.each([
    ['ACME, external S3', EVERYTHING_ACME],
    ['self-signed, MinIO', EVERYTHING_SELF_SIGNED],
  ])('starts with #!/bin/sh and passes shellcheck (%s)', (_, text) => {
    const script = text === EVERYTHING_ACME ? prodScript : secretsScript(new LabStackApp(fixture(text, 'prod')));
    expect(script.split('\n')[0]).toBe('#!/bin/sh');
    const dir = temporary();
    writeFileSync(join(dir, 'create-secrets.sh'), script);
    const result = spawnSync('shellcheck', ['-s', 'sh', 'create-secrets.sh'], { cwd: dir, encoding: 'utf8' });
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  });

  test('creates the namespaces it needs exactly as the rendering has them, with a quoted heredoc', () => {
    const heredocs = [...prodScript.matchAll(/kubectl apply -f - <<'LABSTACK_NAMESPACE'\n([\s\S]*?)\nLABSTACK_NAMESPACE\n/g)].map((m) => yaml.load(m[1]));
    const needed = [...new Set(declared.map((s) => s.namespace))];
    const rendered = render(prod).filter((o) => o.kind === 'Namespace' && needed.includes(o.metadata.name));
    expect(heredocs).toEqual(rendered.map(({ file, ...object }) => object));
    expect(heredocs.map((n: any) => n.metadata.labels[ENVIRONMENT_LABEL])).toEqual(needed.map(() => 'prod'));
  });

  test('names every variable after the environment, the Secret and the key', () => {
    expect(new Set(operatorVariables(prodApp))).toEqual(new Set(operatorKeys(prodApp).map((k) => k.variable)));
    expect(operatorVariables(prodApp)).toContain('PROD_SRS_ADMIN_PASSWORD_BCRYPT');
    const other = new LabStackApp(fixture(EVERYTHING_ACME, 'lab-2'));
    expect(operatorVariables(other)).toContain('LAB_2_SRS_ADMIN_PASSWORD_BCRYPT');
    expect(operatorVariables(other).every((v) => v.startsWith('LAB_2_'))).toBe(true);
    // A variable cannot start with a digit.
    expect(operatorVariables(new LabStackApp(fixture(EVERYTHING_ACME, '2024')))).toContain('_2024_SRS_ADMIN_PASSWORD_BCRYPT');
  });

  test('refuses to write a Secret name that would need quoting (an internal error, never a script)', () => {
    const app = new LabStackApp(fixture(EVERYTHING_ACME, 'prod'));
    new DeclaredSecret(new Chart(app, 'extra', { namespace: 'extra' }), 'Secret', { name: "x'$(touch PWNED)", purpose: 'a test', keys: [{ key: 'k', purpose: 'p' }] });
    expect(() => secretsScript(app)).toThrow(/internal error: secret name .* does not match/);
  });

  test('refuses two keys that would read one variable', () => {
    const app = new LabStackApp(fixture(EVERYTHING_ACME, 'prod'));
    const chart = new Chart(app, 'extra', { namespace: 'extra' });
    new DeclaredSecret(chart, 'A', { name: 'a-b', purpose: 'a test', keys: [{ key: 'c', purpose: 'p' }] });
    new DeclaredSecret(chart, 'B', { name: 'a', purpose: 'a test', keys: [{ key: 'b-c', purpose: 'p' }] });
    expect(() => secretsScript(app)).toThrow('internal error: a-b key c and a key b-c would both read PROD_A_B_C');
  });
});

describe('npm run secrets: running the script against a stand-in cluster', () => {
  const values = operatorValues(prodApp);

  test('on an empty cluster: creates the namespaces, then every declared Secret in its namespace', () => {
    const cluster = new StandInCluster(temporary());
    const { result, cwd } = runScript(prodScript, cluster, values);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(existsSync(join(cwd, 'PWNED'))).toBe(false);
    expect(cluster.namespaces()).toEqual(Object.fromEntries(declared.map((s) => [s.namespace, 'prod'])));
    expect(cluster.secretNames()).toEqual(declared.map((s) => `${s.namespace}/${s.name}`).sort());
    for (const secret of declared.filter((s) => !s.dockerRegistry)) {
      const { type, data } = cluster.secret(secret.namespace, secret.name)!;
      expect(type).toBe('Opaque');
      // Optional keys are left out unless set; here every variable is set.
      expect(Object.keys(data).sort()).toEqual(secret.keys.map((k) => k.key).sort());
      for (const key of secret.keys) {
        const variable = variableName('prod', secret.name, key.key);
        if (key.generateLength) expect(data[key.key]).toMatch(new RegExp(`^[A-Za-z0-9]{${key.generateLength}}$`));
        else if (!key.copyOf) expect(data[key.key]).toBe(values[variable]);
      }
    }
  });

  test('never puts a value on a command line, and creates Secrets only from files', () => {
    const cluster = new StandInCluster(temporary());
    expect(runScript(prodScript, cluster, values).result.status).toBe(0);
    const created = declared.flatMap((s) => Object.values(cluster.secret(s.namespace, s.name)!.data));
    const args = cluster.calls().flat();
    for (const value of [...Object.values(values), ...created]) expect(args.filter((a) => a.includes(value))).toEqual([]);
    expect(args.filter((a) => a.startsWith('--from-literal'))).toEqual([]);
  });

  test('generates a fresh value for every key and instance (Sticky Pi passwords longer than the 10 characters the API rejects)', () => {
    const cluster = new StandInCluster(temporary());
    expect(runScript(prodScript, cluster, values).result.status).toBe(0);
    const api = cluster.secret('sticky-pi', 'sticky-pi-api')!.data;
    expect(api['admin-password']).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(api['uid-password']).not.toBe(api['admin-password']);
    const engine = cluster.secret('open-pectus', 'open-pectus-one')!.data['engine-secret'];
    expect(engine).toMatch(/^[A-Za-z0-9]{48}$/);
    const again = new StandInCluster(temporary());
    expect(runScript(prodScript, again, values).result.status).toBe(0);
    expect(again.secret('open-pectus', 'open-pectus-one')!.data['engine-secret']).not.toBe(engine);
  });

  test('creates image pull Secrets with the .dockerconfigjson kubectl would write', () => {
    const cluster = new StandInCluster(temporary());
    const username = 'gitlab+deploy-token-1';
    const password = 'a "quoted" \\ value';
    const run = runScript(prodScript, cluster, { ...values, PROD_SRS_REGISTRY_USERNAME: username, PROD_SRS_REGISTRY_PASSWORD: password });
    expect(run.result.status).toBe(0);
    const registry = cluster.secret('srs', 'srs-registry')!;
    expect(registry.type).toBe('kubernetes.io/dockerconfigjson');
    const server = declared.find((s) => s.name === 'srs-registry')!.dockerRegistry!;
    expect(JSON.parse(registry.data['.dockerconfigjson'])).toEqual({
      auths: { [server]: { username, password, auth: Buffer.from(`${username}:${password}`).toString('base64') } },
    });
  });

  test('copies a value shared by two namespaces after creating its source', () => {
    const cluster = new StandInCluster(temporary());
    expect(runScript(prodScript, cluster, values).result.status).toBe(0);
    const copy = cluster.secret('srs-telegraf', 'srs-influxdb')!.data['write-password'];
    expect(copy).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(copy).toBe(cluster.secret('srs', 'srs-influxdb')!.data['write-password']);
    const creates = cluster.changes().filter((c) => c.includes('create')).map((c) => `${c[1]}/${c[5]}`);
    expect(creates.indexOf('srs/srs-influxdb')).toBeLessThan(creates.indexOf('srs-telegraf/srs-influxdb'));
  });

  test('leaves an optional key out when its variable is not set', () => {
    const cluster = new StandInCluster(temporary());
    const { PROD_OPEN_PECTUS_ONE_SENTRY_DSN: _, ...withoutSentry } = values;
    expect(runScript(prodScript, cluster, withoutSentry).result.status).toBe(0);
    expect(Object.keys(cluster.secret('open-pectus', 'open-pectus-one')!.data)).toEqual(['engine-secret']);
  });

  test('run again, it changes nothing', () => {
    const cluster = new StandInCluster(temporary());
    expect(runScript(prodScript, cluster, values).result.status).toBe(0);
    const before = cluster.snapshot();
    const changes = cluster.changes().length;
    // The second run needs no variable: every value is in the cluster.
    const again = runScript(prodScript, cluster, {});
    expect(again.result.stderr).toBe('');
    expect(again.result.status).toBe(0);
    expect(cluster.changes().length).toBe(changes);
    expect(cluster.snapshot()).toBe(before);
    expect(again.result.stdout).toContain('srs-backend/srs-backend has every key, left unchanged');
  });

  test('lists every missing variable at once and changes nothing', () => {
    const cluster = new StandInCluster(temporary());
    const { result } = runScript(prodScript, cluster, {});
    expect(result.status).toBe(1);
    const listed = result.stderr.split('\n').filter((l) => /^ {2}[A-Z_0-9]+ {2}\(/.test(l)).map((l) => l.trim().split(' ')[0]);
    const required = operatorKeys(prodApp).filter((k) => !k.key.optional);
    expect(required.length).toBeGreaterThan(15);
    // Once each: SRS's registry credentials are one Secret name in two namespaces, read from one pair of variables.
    expect(listed.sort()).toEqual([...new Set(required.map((k) => k.variable))].sort());
    expect(result.stderr).toContain('Export these variables, then run the script again; nothing was changed');
    expect(cluster.changes()).toEqual([]);
    expect(cluster.namespaces()).toEqual({});
  });

  test('lists a value shorter than its key allows, with the missing ones', () => {
    const app = new LabStackApp(fixture(EVERYTHING_ACME, 'prod'));
    new DeclaredSecret(new Chart(app, 'extra', { namespace: 'open-pectus' }), 'Secret', {
      name: 'extra',
      purpose: 'a test',
      keys: [{ key: 'password', purpose: 'a password the consumer checks', minLength: 11 }],
    });
    const script = secretsScript(app);
    const { PROD_SRS_ADMIN_PASSWORD_BCRYPT: _, ...most } = operatorValues(app);
    const short = runScript(script, new StandInCluster(temporary()), { ...most, PROD_EXTRA_PASSWORD: 'ten chars!' });
    expect(short.result.status).toBe(1);
    expect(short.result.stderr).toContain('PROD_EXTRA_PASSWORD  must have at least 11 characters, has 10');
    expect(short.result.stderr).toContain('PROD_SRS_ADMIN_PASSWORD_BCRYPT  (srs/srs-admin');
    expect(runScript(script, new StandInCluster(temporary()), { ...operatorValues(app), PROD_EXTRA_PASSWORD: 'eleven chars' }).result.status).toBe(0);
  });

  test('asks only for the values of Secrets and keys the cluster lacks', () => {
    const cluster = new StandInCluster(temporary());
    expect(runScript(prodScript, cluster, values).result.status).toBe(0);
    cluster.deleteSecret('srs', 'srs-kapacitor');
    const { result } = runScript(prodScript, cluster, {});
    expect(result.status).toBe(1);
    expect(result.stderr.split('\n').filter((l) => l.startsWith('  ')).map((l) => l.trim().split(' ')[0])).toEqual([
      'PROD_SRS_KAPACITOR_SMTP_PASSWORD',
      'PROD_SRS_KAPACITOR_SLACK_URL',
    ]);
  });

  test('adds the keys an existing Secret lacks, with a patch file, and never changes an existing value', () => {
    const cluster = new StandInCluster(temporary());
    cluster.addNamespace('srs', 'prod');
    cluster.addNamespace('srs-backend', 'prod');
    cluster.addSecret('srs-backend', 'srs-backend', { 'jwt-private.pem': 'old private', 'jwt-public.pem': 'old public' });
    cluster.addSecret('srs', 'srs-influxdb', { 'admin-password': 'old admin password' });
    const { result } = runScript(prodScript, cluster, values);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('added smtp-password to srs-backend/srs-backend; its other keys are unchanged');
    expect(cluster.secret('srs-backend', 'srs-backend')!.data).toEqual({
      'jwt-private.pem': 'old private',
      'jwt-public.pem': 'old public',
      'smtp-password': values.PROD_SRS_BACKEND_SMTP_PASSWORD,
    });
    const influx = cluster.secret('srs', 'srs-influxdb')!.data;
    expect(influx['admin-password']).toBe('old admin password');
    expect(influx['read-password']).toMatch(/^[A-Za-z0-9]{32}$/);
    const patches = cluster.changes().filter((c) => c.includes('patch'));
    expect(patches.map((c) => c.slice(0, 6))).toEqual([
      ['-n', 'srs-backend', 'patch', 'secret', 'srs-backend', '--type=merge'],
      ['-n', 'srs', 'patch', 'secret', 'srs-influxdb', '--type=merge'],
    ]);
    expect(patches.every((c) => c.length === 7 && c[6].startsWith('--patch-file='))).toBe(true);
    // The namespaces existed (srs, srs-backend): they are not applied again.
    expect(cluster.changes().filter((c) => c[0] === 'apply')).toHaveLength(new Set(declared.map((s) => s.namespace)).size - 2);
  });

  test('an existing Secret asks only for its missing keys\' variables', () => {
    const cluster = new StandInCluster(temporary());
    cluster.addNamespace('srs', 'prod');
    cluster.addNamespace('srs-backend', 'prod');
    cluster.addSecret('srs-backend', 'srs-backend', { 'jwt-private.pem': 'old private', 'jwt-public.pem': 'old public' });
    const { result } = runScript(prodScript, cluster, {});
    expect(result.stderr).toContain('PROD_SRS_BACKEND_SMTP_PASSWORD');
    expect(result.stderr).not.toContain('PROD_SRS_BACKEND_JWT');
  });

  test('adopts an existing namespace without the environment label', () => {
    const cluster = new StandInCluster(temporary());
    cluster.addNamespace('srs');
    expect(runScript(prodScript, cluster, values).result.status).toBe(0);
    expect(cluster.namespaces().srs).toBe('');
    expect(cluster.secret('srs-backend', 'srs-backend')).toBeDefined();
  });

  test('stops, changing nothing, when a namespace belongs to another environment', () => {
    const cluster = new StandInCluster(temporary());
    cluster.addNamespace('srs', 'dev');
    cluster.addNamespace('sticky-pi', 'dev');
    const { result } = runScript(prodScript, cluster, values);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('This cluster holds another LabStack environment; nothing was changed:\n  namespace srs belongs to the environment dev\n  namespace sticky-pi belongs to the environment dev');
    expect(result.stderr).toContain('A cluster runs one environment');
    expect(cluster.changes()).toEqual([]);
  });

  test('the stand-in refuses namespaced calls before the namespace exists, as the API server does', () => {
    const cluster = new StandInCluster(temporary());
    const kubectl = (...args: string[]) => spawnSync('kubectl', args, { env: cluster.env(), encoding: 'utf8' });
    for (const args of [
      ['-n', 'srs', 'get', 'secret', 'x', '--ignore-not-found', '-o', 'go-template=+{{range $key, $value := .data}} {{$key}}{{end}}'],
      ['-n', 'srs', 'create', 'secret', 'generic', 'x', `--from-file=k=${__filename}`],
      ['-n', 'srs', 'patch', 'secret', 'x', '--type=merge', `--patch-file=${__filename}`],
    ]) {
      const result = kubectl(...args);
      expect(result.stderr).toContain('namespaces "srs" not found');
      expect(result.status).toBe(1);
    }
    expect(kubectl('-n', 'srs', 'create', 'secret', 'generic', 'x', '--from-literal=k=v').status).toBe(64);
  });

  test('the stand-in passes shellcheck', () => {
    const result = spawnSync('shellcheck', [join(__dirname, 'stand-in-kubectl.sh')], { encoding: 'utf8' });
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  });
});

/** Config fields that reach the script's text (in purposes), and values a shell would run. */
const HOSTILE_FIELDS = [
  'systems.srs.backend.smtp.user',
  'systems.srs.kapacitor.smtp.username',
  'systems.srs.kapacitor.slack.channel',
  'systems.srs.admin.username',
  'systems.srs.chronograf.gitlab.clientId',
  'systems.openem.idp.clientId',
  'systems.openem.idp.username',
];
const HOSTILE_VALUES = ['$(touch PWNED)', '`touch PWNED`', '}', "'; touch PWNED; '", '\ntouch PWNED', '\\', '"'];

/**
 * The environment with a value set after validation (config validation is to refuse such values;
 * the script must be safe even when it does not).
 */
function withValue(text: string, fields: string[], value: string, name = 'prod'): EnvironmentConfig {
  const env = structuredClone(fixture(text, name)) as any;
  for (const field of fields) {
    const path = field.split('.');
    const parent = path.slice(0, -1).reduce((object, key) => object[key], env);
    expect(parent[path[path.length - 1]]).toBeDefined();
    parent[path[path.length - 1]] = value;
  }
  return env;
}

/** What the script shows of a config value: one line, exactly as written otherwise. */
const shown = (value: string) => value.replace(/\n/g, ' ');

describe('npm run secrets: nothing from config runs in the script', () => {
  test.each(HOSTILE_VALUES)('config value %j appears literally and runs nowhere, under sh and bash', (value) => {
    const app = new LabStackApp(withValue(EVERYTHING_ACME, HOSTILE_FIELDS, value));
    const script = secretsScript(app);
    const purposes = DeclaredSecret.all(app).flatMap((s) => [s.purpose, ...s.keys.map((k) => k.purpose)]);
    expect(purposes.filter((p) => p.includes(value)).length).toBe(HOSTILE_FIELDS.length);
    for (const shell of SHELLS) {
      const ok = runScript(script, new StandInCluster(temporary()), operatorValues(app), shell);
      expect(ok.result.stderr).toBe('');
      expect(ok.result.status).toBe(0);
      expect(readdirSync(ok.cwd)).toEqual(['create-secrets.sh']);
      // Without the values, every message is shown as written.
      const stopped = runScript(script, new StandInCluster(temporary()), {}, shell);
      expect(stopped.result.status).toBe(1);
      expect(readdirSync(stopped.cwd)).toEqual(['create-secrets.sh']);
      expect(stopped.result.stderr).toContain(`GENERIC_CLIENT_SECRET of the GitLab application ${shown(value)})`);
      expect(stopped.result.stderr).toContain(`Password of the service account ${shown(value)})`);
      expect(stopped.result.stderr).toContain(`SMS_SMTP_PASSWORD of ${shown(value)})`);
    }
    expect(script).toContain(`# srs/srs-admin: Initial SRS admin user ${shown(value)}\n`);
  });

  test.each(HOSTILE_VALUES)('with External Secrets, the listing of what the store must hold is all comments (%j)', (value) => {
    const text = `${EVERYTHING_ACME}\nsecrets: { provider: external-secrets, externalSecrets: { storeName: vault, keyPrefix: "labstack/" } }\n`;
    const app = new LabStackApp(withValue(text, [...HOSTILE_FIELDS, 'secrets.externalSecrets.keyPrefix', 'secrets.externalSecrets.storeName'], value));
    const listing = secretsScript(app);
    expect(listing.split('\n').slice(1).every((line) => line === '' || line.startsWith('# '))).toBe(true);
    expect(listing).toContain(`store ${shown(value)}.`);
    expect(listing).toContain(`# ${shown(value)}srs/srs-admin: Initial SRS admin user ${shown(value)}\n`);
    for (const shell of SHELLS) {
      const cwd = temporary();
      writeFileSync(join(cwd, 'listing.sh'), listing);
      const result = spawnSync(shell, ['listing.sh'], { cwd, encoding: 'utf8' });
      expect(result.status).toBe(0);
      expect(readdirSync(cwd)).toEqual(['listing.sh']);
    }
  });

  test('a registry server that would need quoting is an internal error', () => {
    const env = withValue(EVERYTHING_ACME, ['systems.srs.images.registry'], "registry.example.org'$(touch PWNED)/srs");
    expect(() => secretsScript(new LabStackApp(env))).toThrow(/internal error: registry server/);
  });
});

describe('npm run secrets: the command', () => {
  /** A project directory whose config/ holds one fixture environment, prod. */
  function project(text = EVERYTHING_ACME): string {
    const dir = temporary();
    mkdirSync(join(dir, 'config'));
    writeFileSync(join(dir, 'config', 'prod.yaml'), text);
    return dir;
  }
  const secrets = (cwd: string, ...args: string[]) =>
    spawnSync(TSX, [join(__dirname, '..', 'tools', 'secrets.ts'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, INIT_CWD: cwd } });
  const noStackTrace = (result: SpawnSyncReturns<string>) => expect(result.stderr).not.toMatch(/^\s+at /m);

  test('--out writes an executable script, relative to where npm was started', () => {
    const dir = project();
    mkdirSync(join(dir, 'sub'));
    const result = spawnSync(TSX, [join(__dirname, '..', 'tools', 'secrets.ts'), 'prod', '--out', 'create-secrets.sh'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, INIT_CWD: join(dir, 'sub') },
    });
    expect(result.stderr).toContain('wrote create-secrets.sh');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('');
    const file = join(dir, 'sub', 'create-secrets.sh');
    expect(statSync(file).mode & 0o777).toBe(0o755);
    expect(readFileSync(file, 'utf8')).toBe(prodScript);
  });

  test.each([
    [[], 'which environment?'],
    [['prod', '--force'], "Unknown option '--force'"],
    [['prod', 'dev'], 'one environment, got prod dev'],
    [['prod', '--out'], "Option '--out <value>' argument missing"],
  ])('refuses %j with a usage line (exit 2)', (args, message) => {
    const result = secrets(project(), ...args);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toMatch(/\nusage: npm run secrets -- <environment> \[--out <file>\]\n$/);
    expect(result.status).toBe(2);
    noStackTrace(result);
  });

  test('names the environments there are when the one asked for is not', () => {
    const result = secrets(project(), 'staging');
    expect(result.stderr).toContain('config: has no environment "staging" (staging.yaml); it has prod');
    expect(result.status).toBe(1);
    noStackTrace(result);
  });

  test('refuses an --out that is a directory', () => {
    const dir = project();
    mkdirSync(join(dir, 'out'));
    const result = secrets(dir, 'prod', '--out', 'out');
    expect(result.stderr).toContain("--out out is a folder; give the script's file name");
    expect(result.status).toBe(2);
  });

  test('lists the problems of an invalid environment file, without a stack trace', () => {
    const result = secrets(project('domain: 10 GB\n'), 'prod', '--out', 'create-secrets.sh');
    expect(result.stderr).toContain('Invalid configuration');
    expect(result.stderr).toContain('prod.yaml');
    expect(result.status).toBe(1);
    noStackTrace(result);
  });
});

describe('docs name the variables the script reads', () => {
  /** Everything on, with names as the docs use them: environment prod, Open Pectus instance prd with Azure. */
  const docsFixture = EVERYTHING_ACME.replace('      - name: one\n', '      - name: prd\n').replace(
    /\n {8}acceptUnauthenticated: .*\n/,
    '\n        azureAuthentication: { enabled: true, tenantId: 00000000-0000-0000-0000-000000000000, clientId: 11111111-1111-1111-1111-111111111111 }\n',
  );
  const pages = ['README.md', ...readdirSync(join(__dirname, '..', 'docs')).map((f) => join('docs', f))];
  const text = pages.map((page) => readFileSync(join(__dirname, '..', page), 'utf8')).join('\n');

  test('the docs fixture turns on what the docs describe', () => {
    expect(docsFixture).toContain('- name: prd');
    expect(docsFixture).toContain('azureAuthentication: { enabled: true');
  });

  const variables = new Set(
    [EVERYTHING_SELF_SIGNED, docsFixture].flatMap((t) => operatorVariables(new LabStackApp(fixture(t.replace('      - name: one\n', '      - name: prd\n'), 'prod')))),
  );

  test('every variable the docs tell you to export is one the script reads', () => {
    const exported = [...text.matchAll(/^\s*export (.*)$/gm)].flatMap((m) => [...m[1].matchAll(/(?:^|\s)([A-Z][A-Z0-9_]*)=/g)].map((v) => v[1]));
    const mentioned = [...text.matchAll(/\bPROD_[A-Z0-9_]+\b/g)].map((m) => m[0]);
    const forScript = [...new Set([...exported.filter((v) => v.startsWith('PROD_')), ...mentioned])];
    expect(forScript.length).toBeGreaterThan(15);
    expect(forScript.filter((v) => !variables.has(v))).toEqual([]);
  });

  test('every variable the script reads is named in the docs', () => {
    expect([...variables].filter((v) => !text.includes(v))).toEqual([]);
  });

  test('docs/open-pectus.md reads the engine secret the script creates', () => {
    const page = readFileSync(join(__dirname, '..', 'docs', 'open-pectus.md'), 'utf8');
    const command = page.split('\n').find((line) => line.startsWith('kubectl -n open-pectus get secret open-pectus-prd'))!;
    expect(command).toBeDefined();
    const app = new LabStackApp(fixture(docsFixture, 'prod'));
    const cluster = new StandInCluster(temporary());
    expect(runScript(secretsScript(app), cluster, operatorValues(app)).result.status).toBe(0);
    const read = spawnSync('sh', ['-c', command], { env: cluster.env(), encoding: 'utf8' });
    expect(read.stdout).toBe(`${cluster.secret('open-pectus', 'open-pectus-prd')!.data['engine-secret']}\n`);
  });

  test('docs/openem.md reads the Prefect auth string the script generates, and rotates it by deleting the Secret and running the script again', () => {
    const lines = readFileSync(join(__dirname, '..', 'docs', 'openem.md'), 'utf8').split('\n').map((line) => line.trim());
    const read = lines.find((line) => line.startsWith('kubectl -n openem get secret openem-prefect-auth'))!;
    expect(read).toBeDefined();
    expect(lines).toContain('kubectl -n openem delete secret openem-prefect-auth');
    const app = new LabStackApp(fixture(docsFixture, 'prod'));
    const cluster = new StandInCluster(temporary());
    expect(runScript(secretsScript(app), cluster, operatorValues(app)).result.status).toBe(0);
    const readValue = () => spawnSync('sh', ['-c', read], { env: cluster.env(), encoding: 'utf8' }).stdout;
    const others = () => {
      const state = JSON.parse(cluster.snapshot());
      delete state.secrets['openem/openem-prefect-auth'];
      return state;
    };
    const first = readValue();
    // Letters and digits only: no colon for authentik's outpost to take for user:password (docs/openem.md).
    expect(first).toMatch(/^[A-Za-z0-9]{32}\n$/);
    const before = others();
    cluster.deleteSecret('openem', 'openem-prefect-auth');
    // The cluster has every other value: the second run needs none of the operator's variables.
    expect(runScript(secretsScript(app), cluster, {}).result.status).toBe(0);
    const second = readValue();
    expect(second).toMatch(/^[A-Za-z0-9]{32}\n$/);
    expect(second).not.toBe(first);
    expect(others()).toEqual(before);
  });
});
