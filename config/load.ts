import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { basename, join } from 'path';
import { z } from 'zod';
import { EnvironmentConfig, environmentSchema } from './schema';
import { formatPath, Position, readYaml, truncate, YamlSource } from './yaml-source';

/** One problem found in a config file; `file` names it with its folder (config/prod.yaml). */
export interface ConfigProblem {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
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

/** `config/prod.yaml:47:9: systems.x: message`, the form editors and terminals link to. */
export function formatProblem(problem: ConfigProblem): string {
  const where = problem.line ? `${problem.file}:${problem.line}:${problem.column}` : problem.file;
  return problem.path ? `${where}: ${problem.path}: ${problem.message}` : `${where}: ${problem.message}`;
}

const ENVIRONMENT_NAME = /^[a-z0-9]([-a-z0-9]{0,30}[a-z0-9])?$/;
/** The dist directory of the Argo CD applications; no environment may have this name. */
export const ARGOCD_DIR = 'argocd';
/** How environment files end; anything else in the config folder is not an environment. */
const ENVIRONMENT_FILE = /^(.*)\.(ya?ml)$/i;

/** An environment file found in a config folder. */
interface EnvironmentFile {
  readonly name: string;
  /** The file's path, as messages show it. */
  readonly path: string;
}

/**
 * The environment files of a folder, sorted by name: every `<name>.yaml` or `<name>.yml`.
 * Hidden files (an editor's `.#dev.yaml` lock) are ignored; a folder, a broken link, an
 * upper-case extension or two files of one environment are problems, not surprises.
 */
export function discoverEnvironments(dir: string): { files: EnvironmentFile[]; problems: ConfigProblem[] } {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT' ? 'does not exist: it should hold one <environment>.yaml per environment' : code === 'ENOTDIR' ? 'is not a folder' : `cannot be read (${code})`;
    return { files: [], problems: [{ file: dir, path: '', message }] };
  }
  const files: EnvironmentFile[] = [];
  const problems: ConfigProblem[] = [];
  for (const entry of entries.sort()) {
    const match = ENVIRONMENT_FILE.exec(entry);
    if (!match || entry.startsWith('.') || entry.startsWith('#')) continue;
    const path = join(dir, entry);
    if (match[2] !== match[2].toLowerCase()) {
      problems.push({ file: path, path: '', message: `is not read: environment files end in .yaml or .yml; rename it to ${match[1]}.${match[2].toLowerCase()}` });
      continue;
    }
    let kind: string | undefined;
    try {
      if (!statSync(path).isFile()) kind = 'is a folder (or another non-file), not an environment file';
    } catch {
      kind = 'is a link to nothing (a broken symbolic link); remove it or point it at a file';
    }
    if (kind) {
      problems.push({ file: path, path: '', message: kind });
      continue;
    }
    const twin = files.find((f) => f.name === match[1]);
    if (twin) {
      problems.push({ file: path, path: '', message: `and ${twin.path} both define the environment "${match[1]}", which would render into one folder; keep one` });
      continue;
    }
    files.push({ name: match[1], path });
  }
  return { files, problems };
}

/** The names of the environments of a folder, without reading them (for messages). */
export function environmentNames(dir: string): string[] {
  return discoverEnvironments(dir).files.map((f) => f.name);
}

/** Loads and validates every environment of a folder, sorted by name; throws ConfigError. */
export function loadEnvironments(dir: string): EnvironmentConfig[] {
  const { files, problems } = discoverEnvironments(dir);
  const environments: EnvironmentConfig[] = [];
  for (const file of files) {
    const result = loadFile(dir, file);
    if ('problems' in result) problems.push(...result.problems);
    else environments.push(result.environment);
  }
  if (files.length === 0 && problems.length === 0) problems.push({ file: dir, path: '', message: 'holds no environment file (<name>.yaml)' });
  if (problems.length > 0) throw new ConfigError(problems);
  return environments;
}

/**
 * Loads and validates one environment, reading only its own files (config/<name>.yaml or .yml
 * and its image lock), so a broken file of another environment never blocks it. Throws
 * ConfigError when the file is missing or invalid.
 */
export function loadEnvironment(dir: string, name: string): EnvironmentConfig {
  const { files, problems } = discoverEnvironments(dir);
  // Problems of the folder itself, and of files named after this environment (a folder, a broken
  // link, a twin): never those of another environment.
  const own = problems.filter((p) => p.file === dir || basename(p.file).replace(ENVIRONMENT_FILE, '$1') === name);
  if (own.length > 0) throw new ConfigError(own);
  const file = files.find((f) => f.name === name);
  if (!file) {
    const names = files.map((f) => f.name);
    throw new ConfigError([{ file: dir, path: '', message: `has no environment "${name}" (${name}.yaml); ${names.length > 0 ? `it has ${names.join(', ')}` : 'it has none'}` }]);
  }
  const result = loadFile(dir, file);
  if ('problems' in result) throw new ConfigError(result.problems);
  return result.environment;
}

function loadFile(dir: string, file: EnvironmentFile): { environment: EnvironmentConfig } | { problems: ConfigProblem[] } {
  const result = parseEnvironment(file.path, readFileSync(file.path, 'utf8'));
  if ('problems' in result) return result;
  const lockFile = imageLockFile(dir, file.name);
  const lock = existsSync(lockFile) ? parseImageLock(lockFile, readFileSync(lockFile, 'utf8')) : { images: {} };
  if ('problems' in lock) return lock;
  return { environment: { ...result.environment, imageLock: lock.images } };
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

/**
 * Validates one environment file's text. `file` is its path as messages show it
 * (config/prod.yaml); its base name gives the environment name. Problems come sorted by line.
 */
export function parseEnvironment(file: string, text: string): { environment: EnvironmentConfig } | { problems: ConfigProblem[] } {
  const name = basename(file).replace(ENVIRONMENT_FILE, '$1');
  const problems: ConfigProblem[] = [];
  if (!ENVIRONMENT_NAME.test(name)) {
    problems.push({ file, path: '', message: `file name "${name}" must be a lowercase DNS label of at most 32 characters, e.g. prod.yaml` });
  } else if (name === ARGOCD_DIR) {
    problems.push({ file, path: '', message: `file name "${name}" is reserved: dist/${ARGOCD_DIR}/ holds the Argo CD applications of every environment` });
  }
  const read = readYaml(text);
  problems.push(...read.problems.map((p) => ({ file, ...position(p.position), path: p.path, message: p.message })));
  if (!('source' in read)) return { problems: byLine(problems) };
  const result = environmentSchema.safeParse(read.source.data ?? {});
  if (!result.success) {
    // A value the reader already refused (padded, multi-line) is not reported twice.
    const reported = new Set(read.problems.map((p) => p.path));
    const issues = result.error.issues.filter((issue) => !reported.has(formatPath(issue.path)));
    problems.push(...issues.map((issue) => toProblem(file, read.source, issue)));
  }
  if (problems.length > 0 || !result.success) return { problems: byLine(problems) };
  return { environment: { ...result.data, name, imageLock: {} } };
}

function byLine(problems: ConfigProblem[]): ConfigProblem[] {
  return [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

function position(at: Position | undefined): { line?: number; column?: number } {
  return at ? { line: at.line, column: at.column } : {};
}

function toProblem(file: string, source: YamlSource, issue: z.core.$ZodIssue): ConfigProblem {
  const path = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const unknown = issue.keys.map((k) => `"${k}"`).join(', ');
    const allowed = allowedKeysAt(environmentSchema, issue.path);
    return {
      file,
      ...position(source.keyPositionOf(issue.path, issue.keys[0])),
      path,
      message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${unknown}; allowed: ${allowed.join(', ')}`,
    };
  }
  const received = valueAt(source.data, issue.path);
  return { file, ...position(source.positionOf(issue.path)), path, message: describe(issue, received, source) };
}

/** What is wrong, and what was received. */
function describe(issue: z.core.$ZodIssue, received: unknown, source: YamlSource): string {
  const got = received === undefined ? 'it is missing' : received === null ? 'it is empty' : `got ${describeValue(received)}`;
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'string' && (typeof received === 'number' || typeof received === 'boolean')) {
        // YAML reads 1.10 as the number 1.1 and true as a boolean: the text is lost unless quoted.
        const written = source.sourceOf(issue.path) ?? String(received);
        return `must be text, but YAML reads ${written} as a ${typeof received}: quote it, "${written}"`;
      }
      return `must be ${article(issue.expected)}, ${got}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, ${got}`;
    default:
      // A check whose message states the value (a derived host, a defaulted request) adds nothing.
      return issue.code === 'custom' && issue.params?.stated ? issue.message : `${issue.message}, ${got}`;
  }
}

/** A value for messages: JSON, shortened. */
function describeValue(value: unknown): string {
  return truncate(JSON.stringify(value) ?? String(value), 80);
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

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
