import { renameSync, writeFileSync } from 'fs';
import { LabStackApp } from '../charts/labstack-app';
import { imageLockFile, loadEnvironment } from '../config/load';
import type { ImageReference } from '../constructs/images';
import { commandLine, exitCodeOf, UsageError, userPath } from './cli';
import { RegistryError, resolveDigest } from './registry';

const USAGE = `usage: npm run images -- <command> <environment> [--config <dir>]
  list   <environment>   the image references the environment renders, and which are pinned by digest
  check  <environment>   asks each registry that every referenced tag exists
  lock   <environment>   resolves every reference to its digest and writes config/<environment>.images.lock.json
Private registries: set LABSTACK_REGISTRY_<REGISTRY>_USERNAME and _PASSWORD (e.g. LABSTACK_REGISTRY_REGISTRY_GITLAB_COM_USERNAME).`;

/** References resolved at once: registries limit anonymous clients. */
const PARALLEL = 4;

interface Outcome {
  readonly reference: ImageReference;
  readonly digest?: string;
  readonly error?: RegistryError;
}

/**
 * npm run images: lists, checks and locks the image references of an environment.
 *
 * `check` asks each registry (OCI distribution API, anonymous token flow for public registries,
 * credentials from the environment for private ones) whether each tag exists. `lock` records
 * each reference's digest in config/<env>.images.lock.json, which synthesis then appends to the
 * references (`tag@sha256:…`); nothing is written unless every reference resolved.
 */
export function main(args: string[], log = console.log, error = console.error): Promise<number> {
  return exitCodeOf(USAGE, () => images(args, log, error), error);
}

const COMMANDS = ['list', 'check', 'lock'];

async function images(args: string[], log: (text: string) => void, error: (text: string) => void): Promise<number> {
  const { options, positionals } = commandLine(args, ['config']);
  const [command, environment, ...rest] = positionals;
  if (!command) throw new UsageError('name a command');
  if (!COMMANDS.includes(command)) throw new UsageError(`unknown command "${command}"`);
  if (!environment) throw new UsageError(`${command} needs an environment`);
  if (rest.length > 0) throw new UsageError(`unexpected arguments: ${rest.join(' ')}`);
  const parsed = { command, configDir: options.config === undefined ? 'config' : userPath(options.config) };
  const env = loadEnvironment(parsed.configDir, environment);
  const references = new LabStackApp(env).images.references;

  if (parsed.command === 'list') {
    for (const r of references) log(`${r.digest ? 'pinned  ' : 'unpinned'}  ${r.reference}`);
    const unpinned = references.filter((r) => !r.digest).length;
    log(`${env.name}: ${references.length} images, ${unpinned} not pinned by digest`);
    return 0;
  }

  const outcomes = await resolveAll(references);
  const failed = outcomes.filter((o) => o.error);
  for (const o of outcomes) log(o.error ? `${o.error.reason.padEnd(11)}  ${o.error.message}` : `ok           ${o.reference.reference}  ${o.digest}`);
  if (parsed.command === 'check') {
    log(`${env.name}: ${outcomes.length - failed.length} of ${outcomes.length} image references exist`);
    return failed.length === 0 ? 0 : 1;
  }
  if (failed.length > 0) {
    error(`${env.name}: ${failed.length} of ${outcomes.length} references could not be resolved; the lock file was not written`);
    return 1;
  }
  const file = imageLockFile(parsed.configDir, env.name);
  const images = Object.fromEntries(
    outcomes.map((o) => [`${o.reference.repository}:${o.reference.tag}`, o.digest!] as const).sort(([a], [b]) => a.localeCompare(b)),
  );
  const content = {
    comment: `Digests of the images config/${env.name}.yaml renders, written by npm run images -- lock ${env.name}. Synthesis pins every reference to them.`,
    images,
  };
  // Written next to the target, then renamed: a failed write never leaves half a lock file.
  writeFileSync(`${file}.partial`, `${JSON.stringify(content, undefined, 2)}\n`);
  renameSync(`${file}.partial`, file);
  log(`${env.name}: ${Object.keys(images).length} digests written to ${file}; run npm run synth and commit both`);
  return 0;
}

/**
 * Resolves every reference, a few at a time: its tag, and the digest it is pinned to when the
 * config pins one (which must still exist; a moving tag may have moved on since).
 */
async function resolveAll(references: ImageReference[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = new Array(references.length);
  let next = 0;
  const worker = async () => {
    while (next < references.length) {
      const index = next++;
      const reference = references[index];
      try {
        const digest = await resolveDigest(`${reference.repository}:${reference.tag}`);
        if (reference.digest) await resolveDigest(`${reference.repository}@${reference.digest}`);
        outcomes[index] = { reference, digest };
      } catch (e) {
        if (!(e instanceof RegistryError)) throw e;
        outcomes[index] = { reference, error: e };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, references.length) }, worker));
  return outcomes;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
