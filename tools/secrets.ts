import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'fs';
import { join } from 'path';
import * as yaml from 'js-yaml';
import { LabStackApp } from '../charts/labstack-app';
import { loadEnvironment } from '../config/load';
import { remoteKeyOf } from '../constructs/external-secrets';
import { DeclaredSecret, SecretKeySpec } from '../constructs/secrets';
import { commandLine, runCommand, UsageError, userPath } from './cli';

/*
 * `npm run secrets -- <env> --out <file>` writes a shell script that creates the Secrets an
 * environment needs. The script is code that runs with the operator's cluster credentials, so
 * nothing taken from config may run in it: every text it shows is one line and single-quoted
 * (or a comment), and every name it passes to kubectl or uses as a variable is checked against a
 * pattern that needs no quoting at all (quoted anyway). Values never appear on a command line or
 * in the output: they go through files in a private temporary directory.
 */

const USAGE = 'usage: npm run secrets -- <environment> [--out <file>]';

/** Names the script writes must need no quoting at all (they are quoted anyway); config validation keeps them so. */
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const SECRET_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]{1,253}$/;
const VARIABLE = /^[A-Z_][A-Z0-9_]*$/;
const REGISTRY_SERVER = /^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?(:[0-9]{1,5})?$/;
const HEREDOC_END = 'LABSTACK_NAMESPACE';

/** The key an image pull Secret holds; the declared username and password make it. */
const DOCKER_CONFIG_KEY = '.dockerconfigjson';

/**
 * The variable the script reads an operator's value from: `<ENV>_<SECRET>_<KEY>`, upper-cased with
 * every other character as `_`, e.g. PROD_OPEN_PECTUS_PRD_AZURE_CLIENT_SECRET. The environment
 * comes first so a shell holding dev's and prod's values never hands one to the other. An
 * environment whose name starts with a digit gets a leading `_` (a variable cannot start with one).
 */
function variableOf(environment: string, secret: DeclaredSecret, key: string): string {
  const name = `${environment}_${secret.name}_${key}`.toUpperCase().replace(/[^A-Z0-9]/g, '_');
  return checked(VARIABLE, /^[0-9]/.test(name) ? `_${name}` : name, 'variable name');
}

/** Single-quotes text for sh and bash: nothing inside is expanded, `'` becomes `'\''`. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * One line of text without control characters (newlines, escapes that redraw the terminal,
 * bidirectional overrides), so what the script shows is what a reviewer reads in it.
 */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, ' ');
}

function checked(pattern: RegExp, value: string, what: string): string {
  if (!pattern.test(value)) throw new Error(`internal error: ${what} ${JSON.stringify(value)} does not match ${pattern}; the secrets script only writes names that need no quoting`);
  return value;
}

/** How the script gets one key of a Secret. */
type KeySource =
  | { readonly kind: 'generated'; readonly length: number }
  | { readonly kind: 'supplied'; readonly variable: string; readonly minLength: number; readonly optional: boolean }
  | { readonly kind: 'copied'; readonly namespace: string; readonly secret: string; readonly key: string }
  | { readonly kind: 'registry'; readonly server: string; readonly username: string; readonly password: string };

interface PlannedKey {
  readonly key: string;
  readonly source: KeySource;
}

interface PlannedSecret {
  readonly declared: DeclaredSecret;
  readonly namespace: string;
  readonly name: string;
  /** The script's variable holding the Secret's state in the cluster. */
  readonly state: string;
  readonly keys: PlannedKey[];
}

/** What the script does for each declared Secret, with every name checked. */
function plan(app: LabStackApp): PlannedSecret[] {
  const environment = app.environment.name;
  const declared = DeclaredSecret.all(app);
  const variables = new Map<string, string>();
  // A variable names a Secret and key, not its namespace: Secrets of one name in two namespaces
  // (SRS's registry credentials, in srs and srs-backend) are one credential, read from one variable.
  const variable = (secret: DeclaredSecret, key: string) => {
    const name = variableOf(environment, secret, key);
    const owner = `${secret.name} key ${key}`;
    if (variables.has(name) && variables.get(name) !== owner) throw new Error(`internal error: ${variables.get(name)} and ${owner} would both read ${name}`);
    variables.set(name, owner);
    return name;
  };
  return declared.map((secret, index) => {
    const namespace = checked(NAMESPACE, secret.namespace, 'namespace');
    const name = checked(SECRET_NAME, secret.name, 'secret name');
    for (const key of secret.keys) checked(SECRET_KEY, key.key, 'secret key');
    const supplied = (key: SecretKeySpec): KeySource => ({ kind: 'supplied', variable: variable(secret, key.key), minLength: key.minLength ?? 0, optional: !!key.optional });
    const keys: PlannedKey[] = secret.dockerRegistry
      ? [
        {
          key: DOCKER_CONFIG_KEY,
          source: { kind: 'registry', server: checked(REGISTRY_SERVER, secret.dockerRegistry, 'registry server'), username: variable(secret, 'username'), password: variable(secret, 'password') },
        },
      ]
      : secret.keys.map((key) => {
        if (key.copyOf) {
          const source = key.copyOf.secret;
          if (declared.indexOf(source) < 0 || declared.indexOf(source) > index) {
            throw new Error(`internal error: ${namespace}/${name} copies ${key.copyOf.key} of ${source.namespace}/${source.name}, which must be declared before it`);
          }
          return { key: key.key, source: { kind: 'copied', namespace: source.namespace, secret: source.name, key: checked(SECRET_KEY, key.copyOf.key, 'secret key') } };
        }
        if (key.generateLength) return { key: key.key, source: { kind: 'generated', length: key.generateLength } };
        return { key: key.key, source: supplied(key) };
      });
    return { declared: secret, namespace, name, state: `secret_${index + 1}`, keys };
  });
}

/** Every variable the script may read for an environment, whether required or optional. */
export function operatorVariables(app: LabStackApp): string[] {
  return plan(app).flatMap((secret) =>
    secret.keys.flatMap(({ source }) => (source.kind === 'supplied' ? [source.variable] : source.kind === 'registry' ? [source.username, source.password] : [])),
  );
}

/**
 * The script that creates an environment's Secrets (or, with the External Secrets provider, the
 * listing of what the store must hold).
 *
 * It first only reads the cluster; it stops before changing anything when a namespace belongs to
 * another environment or when a value the operator must supply is missing (all of them listed at
 * once). Then it creates the namespaces it needs exactly as dist renders them, creates each
 * missing Secret and adds keys the manifests now need to Secrets that lack them. Random values are
 * generated when it runs and never printed; existing values are never changed, so running it
 * again never rotates anything.
 */
export function secretsScript(app: LabStackApp): string {
  const external = app.environment.secrets.externalSecrets;
  if (app.environment.secrets.provider === 'external-secrets' && external) return storeListing(app, external.keyPrefix, external.storeName);
  const environment = checked(NAMESPACE, app.environment.name, 'environment name');
  const secrets = plan(app);
  const namespaces = [...new Set(secrets.map((s) => s.namespace))];
  const namespaceState = (namespace: string) => `namespace_${namespaces.indexOf(namespace) + 1}`;
  const manifests = namespaceManifests(app, namespaces);
  return [
    '#!/bin/sh',
    `# Creates the Secrets of the LabStack environment ${shellQuote(environment)} (npm run secrets -- ${environment} --out <file>).`,
    '# Review it, then run it with sh: it lists every value you must supply before it changes anything.',
    '#',
    '# 1. It reads the cluster: namespaces and which keys each Secret has (never a value, except one it copies).',
    '# 2. It stops when a namespace belongs to another LabStack environment (a cluster runs one environment),',
    '#    or when a variable it needs is unset or too short.',
    `# 3. It creates the namespaces it needs as dist/${environment} renders them, then each missing Secret, and adds`,
    '#    missing keys to existing Secrets. Existing values are never changed: running it again rotates nothing.',
    '#',
    '# Values go through files in a private temporary directory: none is printed or put on a command line.',
    'set -eu',
    'umask 077',
    `ENVIRONMENT=${shellQuote(environment)}`,
    helpers(),
    '# 1. What the cluster has.',
    ...namespaces.map((ns) => `${namespaceState(ns)}=$(namespace_state ${shellQuote(ns)})`),
    ...secrets.map((s) => `${s.state}=''; [ -z "$${namespaceState(s.namespace)}" ] || ${s.state}=$(secret_state ${shellQuote(s.namespace)} ${shellQuote(s.name)})`),
    '',
    '# 2. Stop before changing anything.',
    ...namespaces.map((ns) => `check_owner ${shellQuote(ns)} "$${namespaceState(ns)}"`),
    ...secrets.flatMap(requirements),
    'stop_on_problems',
    '',
    `# 3. Namespaces, exactly as dist/${environment} renders them (Secrets can only be created in an existing namespace).`,
    ...namespaces.flatMap((ns) => [`if [ -z "$${namespaceState(ns)}" ]; then`, '  kubectl apply -f - <<\'' + HEREDOC_END + '\'', manifests.get(ns)!.trimEnd(), HEREDOC_END, 'fi']),
    '',
    ...secrets.flatMap(creation),
    `printf '%s\\n' ${shellQuote(`Every Secret of ${environment} is in the cluster.`)}`,
    '',
  ].join('\n');
}

/** The Namespace documents of the environment's rendering, by name, as dist holds them. */
function namespaceManifests(app: LabStackApp, names: string[]): Map<string, string> {
  const documents = app.render().flatMap((file) => file.content.split(/^---\n/m).slice(1));
  const manifests = new Map<string, string>();
  for (const document of documents) {
    const object = yaml.load(document) as { kind: string; metadata: { name: string } };
    if (object.kind === 'Namespace' && names.includes(object.metadata.name)) manifests.set(object.metadata.name, document);
  }
  for (const name of names) {
    const manifest = manifests.get(name);
    if (!manifest) throw new Error(`internal error: the environment declares Secrets in ${name} but renders no Namespace ${name}`);
    if (manifest.split('\n').includes(HEREDOC_END)) throw new Error(`internal error: the Namespace ${name} contains the line ${HEREDOC_END}`);
  }
  return manifests;
}

/** Step 2 for one Secret: the values it still needs must be set and long enough. */
function requirements(secret: PlannedSecret): string[] {
  const purposes = new Map(secret.declared.keys.map((k) => [k.key, k.purpose]));
  const require = (variable: string, minLength: number, purpose: string, optional = false) =>
    `${optional ? 'optional' : 'require'} ${variable} "\${${variable}-}" ${minLength} ${shellQuote(oneLine(`${secret.namespace}/${secret.name}: ${purpose}`))}`;
  return secret.keys.flatMap(({ key, source }) => {
    const missing = `has_key ${shellQuote(key)} "$${secret.state}" || `;
    if (source.kind === 'supplied') return [missing + require(source.variable, source.minLength, `${key}: ${purposes.get(key)}`, source.optional)];
    if (source.kind === 'registry') {
      return [
        missing + require(source.username, 0, `username: ${purposes.get('username')}`),
        missing + require(source.password, 0, `password: ${purposes.get('password')}`),
      ];
    }
    return [];
  });
}

/** Step 3 for one Secret: gather the keys it lacks, then create it or add them. */
function creation(secret: PlannedSecret): string[] {
  const specs = new Map(secret.declared.keys.map((k) => [k.key, k]));
  const comment = (text: string) => `# ${oneLine(text)}`;
  const state = `"$${secret.state}"`;
  const lines = [comment(`${secret.namespace}/${secret.name}: ${secret.declared.purpose}`)];
  const steps: string[] = [];
  for (const { key, source } of secret.keys) {
    const missing = `has_key ${shellQuote(key)} ${state} || `;
    switch (source.kind) {
      case 'generated':
        lines.push(comment(`  ${key}: ${specs.get(key)!.purpose} (random, ${source.length} characters)`));
        steps.push(`${missing}generate ${shellQuote(key)} ${source.length}`);
        break;
      case 'supplied': {
        const length = source.minLength ? `, at least ${source.minLength} characters` : '';
        lines.push(comment(`  ${key}: ${specs.get(key)!.purpose} (${source.optional ? 'optional: ' : ''}from ${source.variable}${length})`));
        steps.push(`${missing}${source.optional ? `[ -z "\${${source.variable}-}" ] || ` : ''}supply ${shellQuote(key)} "$${source.variable}"`);
        break;
      }
      case 'copied':
        lines.push(comment(`  ${key}: ${specs.get(key)!.purpose} (copied from ${source.namespace}/${source.secret}, key ${source.key})`));
        steps.push(`${missing}copy_from ${shellQuote(key)} ${shellQuote(source.namespace)} ${shellQuote(source.secret)} ${shellQuote(source.key)}`);
        break;
      case 'registry':
        lines.push(comment(`  ${key}: pull access to ${source.server}: username from ${source.username}, password from ${source.password}`));
        steps.push(`${missing}registry_config ${shellQuote(source.server)} "$${source.username}" "$${source.password}"`);
        break;
    }
  }
  const kind = secret.declared.dockerRegistry ? 'docker-registry' : 'generic';
  return [...lines, 'begin', ...steps, `store ${kind} ${shellQuote(secret.namespace)} ${shellQuote(secret.name)} ${state}`, ''];
}

/** The script's functions (tools/secrets-script.sh, below its header); nothing in them comes from config. */
function helpers(): string {
  const text = readFileSync(join(__dirname, 'secrets-script.sh'), 'utf8');
  return text.slice(text.indexOf('\n\n') + 1);
}

/**
 * With the External Secrets provider, nothing is created with kubectl: the listing says which
 * remote secrets and properties the store must hold (as comments, so running it does nothing).
 */
function storeListing(app: LabStackApp, keyPrefix: string, store: string): string {
  const lines = [
    `Secrets of the LabStack environment "${app.environment.name}" come from the External Secrets store ${store}.`,
    'Put these remote secrets and properties into the store; ExternalSecrets in dist/ build the Secrets from them.',
    '',
  ];
  for (const secret of DeclaredSecret.all(app)) {
    const own = secret.keys.filter((k) => !k.copyOf);
    if (own.length === 0) continue;
    lines.push(`${remoteKeyOf(secret, keyPrefix)}: ${secret.purpose}`);
    for (const key of own) {
      const value = key.generateLength ? `random, ${key.generateLength} characters, e.g. openssl rand -hex ${Math.ceil(key.generateLength / 2)}` : 'yours';
      lines.push(`  ${key.key}: ${key.purpose} (${value}${key.optional ? ', optional' : ''}${key.minLength ? `, at least ${key.minLength} characters` : ''})`);
    }
    lines.push('');
  }
  return ['#!/bin/sh', ...lines.map((line) => (line ? `# ${oneLine(line)}` : ''))].join('\n');
}

/** Parses `<environment> [--out <file>]`; a string is the problem to show with the usage line. */
/** npm run secrets -- <environment> [--out <file>] */
function main(args: string[]): number {
  const { options, positionals } = commandLine(args, ['out']);
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'which environment?' : `one environment, got ${positionals.map(oneLine).join(' ')}`);
  const out = options.out === undefined ? undefined : userPath(options.out);
  if (out && existsSync(out) && statSync(out).isDirectory()) throw new UsageError(`--out ${oneLine(options.out!)} is a folder; give the script's file name, e.g. --out create-secrets.sh`);
  const app = new LabStackApp(loadEnvironment('config', positionals[0]));
  const script = secretsScript(app);
  if (!out) {
    process.stdout.write(script);
    return 0;
  }
  writeFileSync(out, script);
  chmodSync(out, 0o755);
  console.error(`wrote ${options.out}: the ${DeclaredSecret.all(app).length} Secrets of ${app.environment.name}. Review it, then run: sh ${options.out}`);
  return 0;
}

if (require.main === module) runCommand(USAGE, () => main(process.argv.slice(2)));
