import { closeSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, writeFileSync } from 'fs';
import { basename, dirname, join, resolve } from 'path';
import { imageLockFile, loadEnvironments } from './config/load';
import { LabStackApp, RENDERED_MARK } from './charts/labstack-app';
import { commandLine, exitCodeOf, UsageError, userPath } from './tools/cli';

const USAGE = `usage: npm run synth [-- --config <dir>] [--out <dir>]
  renders every environment of <dir> (default config/) into <out> (default dist/, or $CDK8S_OUTDIR)`;

/**
 * Renders every environment in config/ into dist/ (dist/<environment>/ and, with Argo CD,
 * dist/argocd/<environment>/).
 *
 * Config is validated first and all environments are rendered in memory before anything is
 * written, so bad input never leaves dist half-written; the output is written beside dist and
 * swapped in whole. dist/ is generated as a whole: what a synthesis does not produce (an
 * environment whose config is gone) is removed — so the output folder must be one synthesis
 * wrote, never a folder named by accident.
 */
function main(args: string[]): number {
  const { options, positionals } = commandLine(args, ['config', 'out']);
  if (positionals.length > 0) {
    throw new UsageError(
      `npm run synth renders every environment and takes no environment or folder name (got "${positionals.join(' ')}"); ` +
        'name folders with --config and --out',
    );
  }
  const configDir = options.config === undefined ? 'config' : userPath(options.config);
  const distDir = options.out === undefined ? (process.env.CDK8S_OUTDIR ?? 'dist') : userPath(options.out);
  checkReplaceable(distDir);
  const apps = loadEnvironments(configDir).map((env) => new LabStackApp(env));
  const rendered = apps.map((app) => ({ name: app.environment.name, files: app.render() }));
  replaceFolder(distDir, (dir) => {
    for (const file of rendered.flatMap((r) => r.files)) {
      mkdirSync(dirname(join(dir, file.path)), { recursive: true });
      writeFileSync(join(dir, file.path), file.content);
    }
  });
  console.log(`Rendered ${rendered.map((r) => `${r.name} (${r.files.length} files)`).join(', ')} into ${distDir}/`);
  for (const app of apps) reportUnpinned(app, configDir);
  return 0;
}

/**
 * Synthesis replaces the output folder, so it must be absent, empty or hold only what a
 * synthesis writes (folders of .yaml files that begin with RENDERED_MARK); anything else means
 * the folder was named by mistake.
 */
function checkReplaceable(dir: string): void {
  if (!existsSync(dir)) return;
  if (!lstatSync(dir).isDirectory()) throw new UsageError(`${dir} exists and is not a folder; choose another output with --out`);
  const foreign = (path: string): string | undefined => {
    for (const entry of readdirSync(path)) {
      const full = join(path, entry);
      const stat = lstatSync(full);
      if (stat.isDirectory()) {
        const inner = foreign(full);
        if (inner) return inner;
      } else if (!(stat.isFile() && entry.endsWith('.yaml') && startsWith(full, RENDERED_MARK))) {
        return full;
      }
    }
    return undefined;
  };
  const found = foreign(dir);
  if (found) throw new UsageError(`${dir} holds ${found}, which synthesis does not write: it is not a LabStack output folder, and it is left alone; choose another with --out`);
}

function startsWith(file: string, text: string): boolean {
  const buffer = Buffer.alloc(Buffer.byteLength(text));
  const fd = openSync(file, 'r');
  try {
    return readSync(fd, buffer, 0, buffer.length, 0) === buffer.length && buffer.toString() === text;
  } finally {
    closeSync(fd);
  }
}

/** Writes a folder beside `dir` and swaps it in, so `dir` is always a whole synthesis. */
function replaceFolder(dir: string, write: (dir: string) => void): void {
  const parent = dirname(resolve(dir));
  mkdirSync(parent, { recursive: true });
  const next = join(parent, `.${basename(dir)}.next-${process.pid}`);
  const previous = join(parent, `.${basename(dir)}.previous-${process.pid}`);
  let swapped = false;
  try {
    mkdirSync(next);
    write(next);
    if (existsSync(dir)) {
      renameSync(dir, previous);
      swapped = true;
    }
    renameSync(next, dir);
    swapped = false;
  } finally {
    if (swapped) renameSync(previous, dir);
    rmSync(next, { recursive: true, force: true });
    rmSync(previous, { recursive: true, force: true });
  }
}

/** Says which image references are not pinned by digest, and how to pin them. */
function reportUnpinned(app: LabStackApp, configDir: string): void {
  const references = app.images.references;
  const unpinned = references.filter((r) => !r.digest);
  if (unpinned.length === 0) return;
  const name = app.environment.name;
  const moving = unpinned.filter((r) => r.contract.spec.tags.moving?.includes(r.tag));
  console.warn(
    `${name}: ${unpinned.length} of ${references.length} image references are not pinned by digest (${imageLockFile(configDir, name)} lacks them). ` +
      `On a machine that reaches the registries run: npm run images -- lock ${name} && npm run synth, and commit both.`,
  );
  if (moving.length > 0) console.warn(`  moving tags, which change with every upstream build: ${moving.map((r) => r.reference).join(', ')}`);
}

/**
 * `cdk8s synth` runs this file with --cdk8s-cli (cdk8s.yaml). That CLI removes the output folder
 * before it runs the app, and answers an app's non-zero exit with its own stack trace; so for it,
 * a user mistake exits 0 without creating the folder, which it reports as "synthesis failed"
 * after our messages. A bug still exits non-zero.
 */
const args = process.argv.slice(2);
const forCdk8sCli = args[0] === '--cdk8s-cli';
void exitCodeOf(USAGE, () => main(forCdk8sCli ? args.slice(1) : args)).then((code) => {
  process.exitCode = forCdk8sCli && (code === 1 || code === 2) ? 0 : code;
});
