import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { join } from 'path';
import { MINIMAL } from './helpers';
import { temporaryDirectory } from './temporary';

/**
 * Every command answers a user mistake with a message and a usage line, never a stack trace, and
 * never writes or deletes because of an argument given by accident. Each test runs the command
 * as `npm run` does (tsx), in a temporary folder holding its own config/.
 */
const ROOT = join(__dirname, '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const work = temporaryDirectory('commands');

let count = 0;
/** A fresh folder with config/<name>.yaml for each given environment. */
function project(environments: Record<string, string> = { lab: MINIMAL }): string {
  const dir = join(work, `project-${count++}`);
  mkdirSync(join(dir, 'config'), { recursive: true });
  for (const [name, text] of Object.entries(environments)) writeFileSync(join(dir, 'config', `${name}.yaml`), text);
  return dir;
}

function run(dir: string, command: string, ...args: string[]) {
  // As `npm run` from that folder: npm sets INIT_CWD to where it was started.
  const result = spawnSync(TSX, [join(ROOT, command), ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, INIT_CWD: dir } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, output: `${result.stdout}${result.stderr}` };
}
const synth = (dir: string, ...args: string[]) => run(dir, 'main.ts', ...args);
const validate = (dir: string, ...args: string[]) => run(dir, 'tools/validate.ts', ...args);

/** No stack trace: no "    at f (file:line)" frames, no error class names. */
function expectNoStackTrace(output: string): void {
  expect(output).not.toMatch(/\n\s+at /);
  expect(output).not.toMatch(/TypeError|ReferenceError|internal error/);
}

describe('npm run synth', () => {
  test('lists every problem with file:line:column, path and value, exits 1 and writes nothing', () => {
    const dir = project({ good: MINIMAL, bad: 'domain: lab.example.org\ntls: { issuer: vault }\nstorageClass: Fast_SSD\n' });
    const result = synth(dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      [
        'Invalid configuration (2 problems); nothing was written:',
        '  config/bad.yaml:2:16: tls.issuer: must be one of "acme", "self-signed", got "vault"',
        '  config/bad.yaml:3:15: storageClass: must be the name of a StorageClass: lowercase a-z, 0-9, "-" and ".", at most 253 characters, e.g. standard-rwo, got "Fast_SSD"',
        '',
      ].join('\n'),
    );
    expect(readdirSync(dir)).toEqual(['config']);
  });

  test('renders every environment, and removes the rendering of an environment whose config is gone', () => {
    const dir = project({ lab: MINIMAL });
    mkdirSync(join(dir, 'dist', 'retired'), { recursive: true });
    writeFileSync(join(dir, 'dist', 'retired', 'old.yaml'), '# Rendered by LabStack from config/retired.yaml (npm run synth). Do not edit.\nkind: ConfigMap\n');
    const result = synth(dir);
    expect(result.status).toBe(0);
    expect(readdirSync(join(dir, 'dist'))).toEqual(['lab']);
    expect(readdirSync(dir).sort()).toEqual(['config', 'dist']);
  });

  test('takes no environment name: `npm run synth -- prod` answers with the usage and deletes nothing', () => {
    const dir = project({ prod: MINIMAL });
    mkdirSync(join(dir, 'prod'));
    writeFileSync(join(dir, 'prod', 'notes.txt'), 'mine');
    const result = synth(dir, 'prod');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('npm run synth renders every environment and takes no environment or folder name (got "prod")');
    expect(result.stderr).toContain('usage: npm run synth [-- --config <dir>] [--out <dir>]');
    expect(readFileSync(join(dir, 'prod', 'notes.txt'), 'utf8')).toBe('mine');
    expect(existsSync(join(dir, 'dist'))).toBe(false);
    expectNoStackTrace(result.output);
  });

  test('refuses an unknown option with the usage', () => {
    const result = synth(project(), '--environment', 'prod');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/Unknown option '--environment'[\s\S]*usage: npm run synth/);
    expectNoStackTrace(result.output);
  });

  test('never replaces an output folder that holds anything synthesis does not write', () => {
    const dir = project();
    mkdirSync(join(dir, 'home', 'photos'), { recursive: true });
    writeFileSync(join(dir, 'home', 'photos', 'cat.jpg'), 'meow');
    const result = synth(dir, '--out', 'home');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`home holds ${join('home', 'photos', 'cat.jpg')}, which synthesis does not write: it is not a LabStack output folder`);
    expect(readFileSync(join(dir, 'home', 'photos', 'cat.jpg'), 'utf8')).toBe('meow');
    writeFileSync(join(dir, 'home', 'deployment.yaml'), 'kind: Deployment\n');
    rmSync(join(dir, 'home', 'photos'), { recursive: true });
    expect(synth(dir, '--out', 'home').stderr).toContain(`home holds ${join('home', 'deployment.yaml')}, which synthesis does not write`);
    expect(synth(dir, '--out', '.').stderr).toContain('which synthesis does not write');
  });

  test('answers a folder or a broken link named like a config file, and ignores an editor lock file', () => {
    const dir = project();
    mkdirSync(join(dir, 'config', 'x.yaml'));
    symlinkSync(join(dir, 'nowhere'), join(dir, 'config', 'gone.yaml'));
    symlinkSync('user@host.1234:1700000000', join(dir, 'config', '.#lab.yaml'));
    writeFileSync(join(dir, 'config', 'staging.YAML'), MINIMAL);
    const result = synth(dir);
    expect(result.status).toBe(1);
    expect(result.stderr.split('\n').slice(1, 4)).toEqual([
      '  config/gone.yaml: is a link to nothing (a broken symbolic link); remove it or point it at a file',
      '  config/staging.YAML: is not read: environment files end in .yaml or .yml; rename it to staging.yaml',
      '  config/x.yaml: is a folder (or another non-file), not an environment file',
    ]);
    expectNoStackTrace(result.output);
  });

  test('refuses two files of one environment (staging.yaml and staging.yml)', () => {
    const dir = project({ staging: MINIMAL });
    writeFileSync(join(dir, 'config', 'staging.yml'), MINIMAL);
    const result = synth(dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('config/staging.yml: and config/staging.yaml both define the environment "staging", which would render into one folder; keep one');
  });

  test('a missing config folder is a message', () => {
    const result = synth(project(), '--config', 'elsewhere');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('elsewhere: does not exist: it should hold one <environment>.yaml per environment');
    expectNoStackTrace(result.output);
  });

  test('under the cdk8s CLI (which deletes dist first and prints a stack trace for a failing app), a config error exits 0 without output', () => {
    const dir = project({ bad: 'domain: 10.0.0.1\ntls: { issuer: self-signed }\n' });
    const result = synth(dir, '--cdk8s-cli');
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('config/bad.yaml:1:9: domain: is an IP address');
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  });
});

describe('npm run validate', () => {
  test('an environment added but not yet rendered says to run npm run synth', () => {
    const dir = project();
    expect(synth(dir).status).toBe(0);
    writeFileSync(join(dir, 'config', 'staging.yaml'), MINIMAL);
    const result = validate(dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`staging: ${join('dist', 'staging')} does not exist: run npm run synth`);
    expect(result.stdout).toMatch(/lab: \d+ objects, 0 Argo CD objects, 0 problems/);
    // Every route, with who may connect and what authenticates it: here the internet, and the one route the config accepts without authentication.
    expect(result.stdout).toContain(
      '  1 route, each with who may connect and what authenticates it:\n    https://pectus-prd.lab.example.org  from internet; ' +
        'public: accepted by systems.openPectus.instances[prd].acceptUnauthenticated.aggregator: a minimal test environment without data\n',
    );
    expectNoStackTrace(result.output);
  });

  test('a rendering edited into invalid YAML, or left by a removed environment, says to run npm run synth', () => {
    const dir = project();
    expect(synth(dir).status).toBe(0);
    writeFileSync(join(dir, 'dist', 'lab', '00-platform', '00-platform.yaml'), 'kind: [broken\n');
    mkdirSync(join(dir, 'dist', 'retired'));
    const result = validate(dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`lab: ${join('dist', 'lab')} holds a file that is not valid YAML`);
    expect(result.stdout).toContain(`${join('dist', 'retired')} has no environment in config/: run npm run synth to remove it`);
    expectNoStackTrace(result.output);
  });

  test('takes folders as options only', () => {
    const result = validate(project(), 'build');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('usage: npm run validate [-- --dist <dir>] [--config <dir>]');
  });
});
