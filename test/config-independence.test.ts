import { execFile } from 'child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { basename, join } from 'path';
import * as ts from 'typescript';
import { parseDocument } from 'yaml';
import { DEVELOPMENT_LIKE } from './fixtures';
import { ROOT, synthArguments, TSX } from './helpers';
import { temporaryDirectory } from './temporary';

/**
 * Adding, removing or switching off an environment or a system must not break npm test. Every test
 * builds its own environments (test/fixtures.ts) except the few that check the bundled examples,
 * whatever config/ and dist/ hold; this file checks that the list below is that few, then runs them
 * in a copy of the repository with config/ changed and dist/ synthesized again.
 */
const READS_THE_BUNDLED_EXAMPLES = ['dist.test.ts', 'examples.test.ts', 'helpers.ts'];

/** A path from the repository's root to dist/ or to an environment file of config/ (not config/schema.json). */
const BUNDLED_PATH = /^(\.\/)?(dist(\/.*)?|config(\/|\/.+\.(ya?ml|lock\.json))?)$/;

/**
 * Whether TypeScript source reads the bundled examples: it calls bundledEnvironments(), or passes a
 * path to config/ or dist/ from the repository (where tests run) to a function or a program, or
 * has one as a parameter's default. A directory joined to another, join(root, 'dist'), is not the
 * repository's; a name in a list or an object, a test's title, the file name parseEnvironment()
 * shows in its messages, or what a test expects (expect(x).toEqual(['dist'])) is no path passed.
 */
function readsTheBundledExamples(file: string, text: string): boolean {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  /** Whether a node is (inside) the expected value of a matcher: an argument of expect(…).toX(…). */
  const expected = (node: ts.Node): boolean => {
    for (let child = node, up = node.parent; up; child = up, up = up.parent) {
      if (ts.isCallExpression(up) && up.arguments.includes(child as ts.Expression) && /^expect\(/.test(up.expression.getText())) return true;
    }
    return false;
  };
  const passedAsPath = (literal: ts.Node): boolean => {
    const node = ts.isTemplateHead(literal) ? literal.parent : literal;
    const { parent } = node;
    if (expected(node)) return false;
    if (ts.isParameter(parent)) return parent.initializer === node;
    if (ts.isArrayLiteralExpression(parent)) return ts.isCallExpression(parent.parent);
    if (!ts.isCallExpression(parent) || /^((describe|test|it)\b|parseEnvironment$)/.test(parent.expression.getText())) return false;
    return !/^(path\.)?(join|resolve)$/.test(parent.expression.getText()) || parent.arguments.indexOf(node as ts.Expression) === 0;
  };
  const reads = (node: ts.Node): boolean =>
    (ts.isCallExpression(node) && node.expression.getText() === 'bundledEnvironments') ||
    ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node)) && BUNDLED_PATH.test(node.text) && passedAsPath(node)) ||
    ts.forEachChild(node, reads) === true;
  return reads(source);
}

describe('the test files that read config/ and dist/', () => {
  test('are exactly the listed ones: every other test builds its own environments', () => {
    const files = readdirSync(__dirname).filter((f) => f.endsWith('.ts') && f !== basename(__filename));
    expect(files.filter((f) => readsTheBundledExamples(f, readFileSync(join(__dirname, f), 'utf8'))).sort()).toEqual([...READS_THE_BUNDLED_EXAMPLES].sort());
  });

  test.each([
    ["bundledEnvironments().map((e) => e.name)", true],
    ["readManifests('dist/prod')", true],
    ["readFileSync('config/prod.yaml', 'utf8')", true],
    ['readFileSync(`config/${name}.yaml`)', true],
    ["spawnSync(TSX, ['tools/validate.ts', 'dist', 'config'])", true],
    ["readdirSync(join('dist', name))", true],
    ["function deploy(environment: string, configDir = 'config') {}", true],
    ["writeRendering(environments, join(root, 'dist'))", false],
    ["const expected = [...LINKED, 'config', 'dist']", false],
    ["test.each(names)('dist/%s passes', check)", false],
    ["readFileSync('config/environment.schema.json', 'utf8')", false],
    ["import { loadEnvironments } from '../config/load'", false],
    ["parseEnvironment('config/prod.yaml', text)", false],
    ["discoverEnvironments('config')", true],
    ["expect(readdirSync(dir)).toEqual(['config', 'dist'])", false],
    ["expect(out).toContain(`${join('dist', 'lab')} is stale`)", false],
    ["expect(readdirSync('dist')).toEqual(names)", true],
  ])('are recognised: %s reads them: %s', (text, expected) => {
    expect(readsTheBundledExamples('example.ts', text)).toBe(expected);
  });
});

/** The environment files of a config directory, sorted. */
const environmentFiles = (config: string) => readdirSync(config).filter((f) => /\.ya?ml$/.test(f)).sort();
const environmentNames = (config: string) => environmentFiles(config).map((f) => f.replace(/\.ya?ml$/, ''));

/** Each variant changes config/ and says what the new synthesis holds because of it. */
const VARIANTS: [string, (config: string) => (dist: string) => void][] = [
  [
    'an environment added (staging)',
    (config) => {
      writeFileSync(join(config, 'staging.yaml'), DEVELOPMENT_LIKE);
      return (dist) => expect(readdirSync(dist)).toContain('staging');
    },
  ],
  [
    'every environment but one removed',
    (config) => {
      const [kept, ...removed] = environmentNames(config);
      for (const name of removed) readdirSync(config).filter((f) => f.startsWith(`${name}.`)).forEach((f) => rmSync(join(config, f)));
      return (dist) => expect(readdirSync(dist).filter((d) => d !== 'argocd')).toEqual([kept]);
    },
  ],
  [
    'SRS switched off in every environment',
    (config) => {
      for (const file of environmentFiles(config)) {
        const document = parseDocument(readFileSync(join(config, file), 'utf8'));
        document.setIn(['systems', 'srs', 'enabled'], false);
        writeFileSync(join(config, file), document.toString());
      }
      return (dist) => expect(readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((path) => path.includes('-srs'))).toEqual([]);
    },
  ],
];

/**
 * A copy of the repository whose config/ and dist/ are its own: the code and node_modules are
 * linked, the test files that read config/ and dist/ (and their helpers) copied, since jest finds
 * no test through a link.
 */
function repositoryCopy(): string {
  const dir = temporaryDirectory('variant');
  for (const entry of readdirSync(ROOT).filter((e) => !['config', 'dist', 'test', '.git', '.jest-cache', 'jest.config.js'].includes(e))) {
    symlinkSync(join(ROOT, entry), join(dir, entry));
  }
  copyFileSync(join(ROOT, 'jest.config.js'), join(dir, 'jest.config.js'));
  mkdirSync(join(dir, 'config'));
  for (const entry of readdirSync(join(ROOT, 'config'))) {
    if (BUNDLED_PATH.test(`config/${entry}`)) copyFileSync(join(ROOT, 'config', entry), join(dir, 'config', entry));
    else symlinkSync(join(ROOT, 'config', entry), join(dir, 'config', entry));
  }
  mkdirSync(join(dir, 'test'));
  for (const file of readdirSync(__dirname).filter((f) => f.endsWith('.ts') && (!f.endsWith('.test.ts') || READS_THE_BUNDLED_EXAMPLES.includes(f)))) {
    copyFileSync(join(__dirname, file), join(dir, 'test', file));
  }
  return dir;
}

/** Runs a program in `cwd`; rejects with its output when it fails. */
function run(program: string, args: string[], cwd: string): Promise<void> {
  // npm's INIT_CWD would make the commands resolve relative paths against this repository, not the copy.
  const { JEST_WORKER_ID: _worker, INIT_CWD: _npmStartedIn, ...env } = process.env;
  return new Promise((resolve, reject) =>
    execFile(program, args, { cwd, env }, (error, stdout, stderr) =>
      error ? reject(new Error(`${[program, ...args].join(' ')} failed in ${cwd} (${error.code ?? error.signal}):\n${stdout}\n${stderr}`)) : resolve(),
    ),
  );
}

// Concurrently: each variant is a synthesis and a jest run of their own, and tests take one core.
test.concurrent.each(VARIANTS)('with %s, npm run synth, then the tests that read config/ and dist/ pass', async (_, change) => {
  const dir = repositoryCopy();
  const holdsTheChange = change(join(dir, 'config'));
  await run(TSX, synthArguments(join(dir, 'config'), join(dir, 'dist')), dir);
  holdsTheChange(join(dir, 'dist'));
  const tests = READS_THE_BUNDLED_EXAMPLES.filter((f) => f.endsWith('.test.ts')).map((f) => join('test', f));
  await run(join(ROOT, 'node_modules', '.bin', 'jest'), ['--ci', '--cacheDirectory', join(ROOT, '.jest-cache'), '--runTestsByPath', ...tests], dir);
}, 120_000);
