import { existsSync, readdirSync, readFileSync } from 'fs';
import { basename, join } from 'path';
import * as yaml from 'js-yaml';
import { z } from 'zod';
import { EnvironmentConfig, environmentSchema } from './schema';

/** One problem found in a config file. */
export interface ConfigProblem {
  readonly file: string;
  readonly path: string;
  readonly message: string;
}

/** Thrown when config files are invalid; carries every problem found, across all files. */
export class ConfigError extends Error {
  constructor(public readonly problems: readonly ConfigProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ConfigError';
  }
}

export function formatProblem(problem: ConfigProblem): string {
  return problem.path ? `${problem.file}: ${problem.path}: ${problem.message}` : `${problem.file}: ${problem.message}`;
}

const ENVIRONMENT_NAME = /^[a-z0-9]([-a-z0-9]{0,30}[a-z0-9])?$/;
/** The dist directory of the Argo CD applications; no environment may have this name. */
export const ARGOCD_DIR = 'argocd';

/**
 * For command-line tools: loads the environments, or prints every problem to stderr (no stack
 * trace) and returns undefined so the caller can exit non-zero before writing anything.
 */
export function loadEnvironmentsOrReport(dir: string): EnvironmentConfig[] | undefined {
  try {
    return loadEnvironments(dir);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const count = error.problems.length;
    console.error(`Invalid configuration (${count} problem${count > 1 ? 's' : ''}); nothing was written:`);
    for (const problem of error.problems) console.error(`  ${formatProblem(problem)}`);
    return undefined;
  }
}

/** Loads and validates every config/<environment>.yaml in a directory, sorted by name. */
export function loadEnvironments(dir: string): EnvironmentConfig[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort();
  const problems: ConfigProblem[] = [];
  const environments: EnvironmentConfig[] = [];
  for (const file of files) {
    const result = parseEnvironment(file, readFileSync(join(dir, file), 'utf8'));
    if ('problems' in result) {
      problems.push(...result.problems);
      continue;
    }
    const lockFile = imageLockFile(dir, result.environment.name);
    const lock = existsSync(lockFile) ? parseImageLock(basename(lockFile), readFileSync(lockFile, 'utf8')) : { images: {} };
    if ('problems' in lock) problems.push(...lock.problems);
    else environments.push({ ...result.environment, imageLock: lock.images });
  }
  if (files.length === 0) problems.push({ file: dir, path: '', message: 'holds no environment file (<name>.yaml)' });
  if (problems.length > 0) throw new ConfigError(problems);
  return environments;
}

/**
 * Loads and validates one environment, reading only its own files (config/<name>.yaml or .yml
 * and its image lock), so a broken file of another environment never blocks it. Throws
 * ConfigError when the file is missing or invalid.
 */
export function loadEnvironment(dir: string, name: string): EnvironmentConfig {
  const candidates = [`${name}.yaml`, `${name}.yml`].filter((f) => existsSync(join(dir, f)));
  if (candidates.length !== 1) {
    const message = candidates.length === 0 ? `has no environment "${name}" (${name}.yaml)` : `has both ${candidates.join(' and ')}: keep one`;
    throw new ConfigError([{ file: dir, path: '', message }]);
  }
  const file = candidates[0];
  const result = parseEnvironment(file, readFileSync(join(dir, file), 'utf8'));
  if ('problems' in result) throw new ConfigError(result.problems);
  const lockFile = imageLockFile(dir, name);
  const lock = existsSync(lockFile) ? parseImageLock(basename(lockFile), readFileSync(lockFile, 'utf8')) : { images: {} };
  if ('problems' in lock) throw new ConfigError(lock.problems);
  return { ...result.environment, imageLock: lock.images };
}

/** The lock file of an environment's image digests (npm run images -- lock). */
export function imageLockFile(dir: string, environment: string): string {
  return join(dir, `${environment}.images.lock.json`);
}

const DIGEST = /^sha256:[a-f0-9]{64}$/;
const LOCKED_REFERENCE = /^[a-z0-9.-]+(:[0-9]+)?(\/[a-z0-9._-]+)+:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** Validates a lock file's text: `{ "images": { "<repository>:<tag>": "sha256:<digest>" } }`. */
export function parseImageLock(file: string, text: string): { images: Record<string, string> } | { problems: ConfigProblem[] } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { problems: [{ file, path: '', message: `is not valid JSON (${(error as Error).message}); write it again with npm run images -- lock` }] };
  }
  const images = (data as { images?: unknown } | null)?.images;
  if (!images || typeof images !== 'object' || Array.isArray(images)) {
    return { problems: [{ file, path: 'images', message: 'must map "<repository>:<tag>" to "sha256:<digest>"; write it again with npm run images -- lock' }] };
  }
  const problems: ConfigProblem[] = [];
  for (const [reference, digest] of Object.entries(images)) {
    if (!LOCKED_REFERENCE.test(reference)) problems.push({ file, path: `images["${reference}"]`, message: 'must be a reference <registry>/<repository>:<tag>' });
    if (typeof digest !== 'string' || !DIGEST.test(digest)) problems.push({ file, path: `images["${reference}"]`, message: `must be a digest sha256:<64 hex digits>, got ${JSON.stringify(digest)}` });
  }
  return problems.length > 0 ? { problems } : { images: images as Record<string, string> };
}

/** Validates one environment file's text; `file` names it in messages and gives the environment name. */
export function parseEnvironment(
  file: string,
  text: string,
): { environment: EnvironmentConfig } | { problems: ConfigProblem[] } {
  const name = basename(file).replace(/\.ya?ml$/, '');
  const problems: ConfigProblem[] = [];
  if (!ENVIRONMENT_NAME.test(name)) {
    problems.push({ file, path: '', message: `file name "${name}" must be a lowercase DNS label of at most 32 characters, e.g. prod.yaml` });
  } else if (name === ARGOCD_DIR) {
    problems.push({ file, path: '', message: `file name "${name}" is reserved: dist/${ARGOCD_DIR}/ holds the Argo CD applications of every environment` });
  }
  let data: unknown;
  try {
    data = yaml.load(text, { filename: file });
  } catch (error) {
    const reason = error instanceof yaml.YAMLException ? error.message : String(error);
    return { problems: [...problems, { file, path: '', message: `is not valid YAML: ${reason}` }] };
  }
  const result = environmentSchema.safeParse(data ?? {});
  if (!result.success) {
    problems.push(...result.error.issues.map((issue) => toProblem(file, data, issue)));
  }
  if (problems.length > 0 || !result.success) return { problems };
  return { environment: { ...result.data, name, imageLock: {} } };
}

function toProblem(file: string, data: unknown, issue: z.core.$ZodIssue): ConfigProblem {
  const path = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const unknown = issue.keys.map((k) => `"${k}"`).join(', ');
    const allowed = allowedKeysAt(environmentSchema, issue.path);
    return { file, path, message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${unknown}; allowed: ${allowed.join(', ')}` };
  }
  const received = valueAt(data, issue.path);
  const got = received === undefined ? 'it is missing' : `got ${JSON.stringify(received)}`;
  return { file, path, message: `${describe(issue)}, ${got}` };
}

function describe(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${article(issue.expected)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
    case 'too_big':
    case 'invalid_format':
    case 'custom':
    default:
      return issue.message;
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** The field names the schema accepts for the object at `path`. */
function allowedKeysAt(schema: z.core.$ZodType, path: readonly PropertyKey[]): string[] {
  const def = schema._zod.def as unknown as Record<string, any>;
  switch (def.type) {
    case 'optional':
    case 'default':
    case 'prefault':
    case 'nullable':
      return allowedKeysAt(def.innerType, path);
    case 'pipe':
      return allowedKeysAt(def.in, path);
    case 'array':
      return allowedKeysAt(def.element, path.slice(1));
    case 'object':
      return path.length === 0 ? Object.keys(def.shape) : allowedKeysAt(def.shape[path[0] as string], path.slice(1));
    default:
      return [];
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    return out ? `${out}.${String(key)}` : String(key);
  }, '');
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
