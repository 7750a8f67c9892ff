import { spawnSync } from 'child_process';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'fs';
import { join } from 'path';
import { LabStackApp } from '../charts/labstack-app';
import { DeclaredSecret } from '../constructs/secrets';
import { EVERYTHING_ACME, fixture } from './fixtures';
import { StandInCluster } from './stand-in-kubectl';
import { temporaryDirectory } from './temporary';

/**
 * A new user's walk through the README: the shell commands of "Quick start" and of "Deploying" up to
 * its kubectl path, run as typed, through npm, in a fresh project against a stand-in cluster that
 * refuses namespaced calls before their namespace exists. So the README cannot drift from what works.
 *
 * The project links the repository's code (a clone has it) but has its own config/ — prod.yaml from
 * a fixture, not the bundled example — and its own dist/. Two commands are left out: `npm ci`
 * (node_modules is linked from the repository instead of installed again) and `npm test` (this test
 * runs inside it).
 */
const ROOT = join(__dirname, '..');
const LINKED = ['charts', 'constructs', 'tools', 'scripts', 'imports', 'main.ts', 'package.json', 'package-lock.json', 'tsconfig.json', 'cdk8s.yaml', 'node_modules'];
const SKIPPED = new Set(['npm ci', 'npm test']);

/** The lines of the README's sh code blocks between a heading and the next heading named. */
function commands(readme: string, from: string, to: string): string[] {
  const start = readme.indexOf(`\n${from}\n`);
  const end = readme.indexOf(`\n${to}`, start + 1);
  expect(start).toBeGreaterThan(0);
  const text = readme.slice(start, end < 0 ? undefined : end);
  return [...text.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((block) => block[1].split('\n')).filter((line) => line.trim() !== '');
}

/** A line as typed, without the commands this walk does not run (see above). */
function runnable(line: string): string | undefined {
  const [, command, comment] = /^(.*?)(\s+#.*)?$/.exec(line)!;
  const kept = command.split('&&').map((c) => c.trim()).filter((c) => !SKIPPED.has(c));
  return kept.length > 0 ? `${kept.join(' && ')}${comment ?? ''}` : undefined;
}

const project = temporaryDirectory('readme');

for (const entry of LINKED) symlinkSync(join(ROOT, entry), join(project, entry));
mkdirSync(join(project, 'config'));
for (const file of readdirSync(join(ROOT, 'config')).filter((f) => f.endsWith('.ts') || f.endsWith('.schema.json'))) {
  symlinkSync(join(ROOT, 'config', file), join(project, 'config', file));
}
writeFileSync(join(project, 'config', 'prod.yaml'), EVERYTHING_ACME);

const app = new LabStackApp(fixture(EVERYTHING_ACME, 'prod'));
const declared = DeclaredSecret.all(app);
/** Fake, non-secret values for the variables the script reads. */
const variables = Object.fromEntries(
  declared.flatMap((secret) =>
    secret.keys
      .filter((key) => !key.generateLength && !key.copyOf)
      .map((key) => `PROD_${secret.name}_${key.key}`.toUpperCase().replace(/[^A-Z0-9]/g, '_'))
      .map((variable) => [variable, `test-value-${variable.toLowerCase()}`]),
  ),
);

/** Runs lines in one shell, as typed into one terminal, stopping at the first that fails. */
function type(lines: string[], cluster: StandInCluster, env: Record<string, string>) {
  const session = lines.map((line) => `printf '$ %s\\n' '${line.replace(/'/g, `'\\''`)}'\n${line}`).join('\n');
  return spawnSync('sh', ['-e', '-c', session], {
    cwd: project,
    env: { HOME: process.env.HOME!, npm_config_update_notifier: 'false', ...cluster.env(), ...env },
    encoding: 'utf8',
  });
}

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const walk = [...commands(readme, '## Quick start', '## '), ...commands(readme, '## Deploying', '### Argo CD')];

describe('the README, walked as a new user types it', () => {
  const cluster = new StandInCluster(join(project, '.stand-in'));
  // The prerequisites are installed: cert-manager and Traefik have their namespaces.
  cluster.addNamespace('cert-manager');
  cluster.addNamespace('traefik');
  const lines = walk.map(runnable).filter((line): line is string => line !== undefined);
  let result: ReturnType<typeof type>;
  beforeAll(() => {
    result = type(lines, cluster, variables);
  }, 120_000);

  test('the walk synthesizes, writes and runs the secrets script and applies dist, through npm', () => {
    expect(lines.some((l) => l.startsWith('npm run synth'))).toBe(true);
    expect(lines.some((l) => l.startsWith('npm run secrets -- prod --out create-secrets.sh'))).toBe(true);
    expect(lines.some((l) => l.startsWith('sh create-secrets.sh'))).toBe(true);
    expect(lines.some((l) => /^kubectl apply (--server-side --field-manager=labstack-prod )?-f dist\/prod -R/.test(l))).toBe(true);
    // npm prints a banner to stdout: its output is never redirected into a file.
    expect(lines.filter((l) => l.startsWith('npm ')).filter((l) => l.split('#')[0].includes('>'))).toEqual([]);
  });

  test('every command succeeds on an empty cluster', () => {
    if (result.status !== 0) throw new Error(`the walk failed:\n${result.stdout}\n${result.stderr}`);
  });

  test('the script starts with #!/bin/sh: npm\'s banner never gets into it', () => {
    expect(readFileSync(join(project, 'create-secrets.sh'), 'utf8').split('\n')[0]).toBe('#!/bin/sh');
  });

  test('the walk writes only dist/ and the script into the project', () => {
    const expected = [...LINKED, 'config', 'dist', 'create-secrets.sh', '.stand-in'];
    expect(readdirSync(project).filter((f) => !expected.includes(f))).toEqual([]);
    expect(readdirSync(join(project, 'dist'))).toEqual(['prod']);
  });

  test('every declared Secret is in the cluster, in its namespace of this environment', () => {
    expect(cluster.secretNames()).toEqual(declared.map((s) => `${s.namespace}/${s.name}`).sort());
    for (const secret of declared) expect(cluster.namespaces()[secret.namespace]).toBe('prod');
    const creates = cluster.calls().filter((c) => c[2] === 'create');
    expect(creates).toHaveLength(declared.length);
  });

  test('running the script again changes nothing', () => {
    const before = cluster.snapshot();
    const changes = cluster.changes().length;
    const again = type(['sh create-secrets.sh'], cluster, {});
    expect(again.status).toBe(0);
    expect(cluster.changes()).toHaveLength(changes);
    expect(cluster.snapshot()).toBe(before);
  });

  test('without the variables, one run lists every one of them and changes nothing', () => {
    const empty = new StandInCluster(join(project, '.empty'));
    const run = type(['sh create-secrets.sh'], empty, {});
    expect(run.status).not.toBe(0);
    const listed = run.stderr.split('\n').filter((l) => /^ {2}PROD_/.test(l)).map((l) => l.trim().split(' ')[0]);
    const optional = declared.flatMap((s) => s.keys.filter((k) => k.optional).map((k) => `PROD_${s.name}_${k.key}`.toUpperCase().replace(/[^A-Z0-9]/g, '_')));
    expect(listed.sort()).toEqual(Object.keys(variables).filter((v) => !optional.includes(v)).sort());
    expect(empty.changes()).toEqual([]);
  });
});
