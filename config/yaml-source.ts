import { Alias, Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, Node, parseDocument } from 'yaml';

/** Where a problem is in a file: 1-based line and column. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** A problem found while reading a YAML file, before the schema sees its data. */
export interface SourceProblem {
  readonly position?: Position;
  readonly path: string;
  readonly message: string;
}

/** Limits on what an environment file may make the loader do. */
export const LIMITS = {
  /** Bytes of a file: the bundled environments are about 6 KiB. */
  fileBytes: 256 * 1024,
  /** Aliases in a file: enough to share a resources block between instances, too few for a bomb. */
  aliases: 50,
  /** Bytes of the data once aliases are expanded (as JSON). */
  expandedBytes: 512 * 1024,
};

/**
 * Paths (dotted, with `*` for any key or index) of free-form maps whose content is rendered
 * verbatim, where an alias would only hide what ends up in a ConfigMap.
 */
const NO_ALIASES_BELOW = ['systems.srs.sensors.*.settings', 'systems.stickyPi.insectDetector.nodeSelector'];

/** Characters no value of an environment file needs: line breaks, tabs and other controls. */
const CONTROL = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/;

/** A parsed environment file: its data, and where each path is in the text. */
export interface YamlSource {
  readonly data: unknown;
  /** The position of the value at `path`, or of the nearest ancestor the file has. */
  positionOf(path: readonly PropertyKey[]): Position | undefined;
  /** The position of the key `key` of the map at `path`. */
  keyPositionOf(path: readonly PropertyKey[], key: string): Position | undefined;
  /** The text of the scalar at `path` as written in the file (e.g. `1.10`, not 1.1). */
  sourceOf(path: readonly PropertyKey[]): string | undefined;
}

/**
 * Reads an environment file with the `yaml` package (YAML 1.2: no dates, `yes` stays a string),
 * refusing what makes no sense in a config file: more than one document, duplicate keys, a size
 * or an alias expansion that only an attack needs, aliases that form a cycle or sit in
 * free-form maps, and strings with control characters or surrounding spaces (which would be
 * kept verbatim). Every problem carries its line and column.
 *
 * Problems that leave the data readable come with the source (`problems` next to `source`), so
 * the schema can still report everything else; the others come alone.
 */
export function readYaml(text: string): { source: YamlSource; problems: SourceProblem[] } | { problems: SourceProblem[] } {
  if (Buffer.byteLength(text) > LIMITS.fileBytes) {
    return { problems: [{ path: '', message: `is ${kib(Buffer.byteLength(text))} KiB; an environment file may have at most ${kib(LIMITS.fileBytes)} KiB` }] };
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined): Position | undefined => {
    if (offset === undefined) return undefined;
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  if (doc.errors.length > 0) {
    return { problems: doc.errors.map((e) => ({ position: at(e.pos[0]), path: '', message: `is not valid YAML: ${yamlMessage(e.code, e.message)}` })) };
  }
  const { fatal, problems } = checkNodes(doc, at);
  if (fatal.length > 0) return { problems: [...fatal, ...problems] };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: LIMITS.aliases * 10 });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    return { problems: [{ path: '', message: `expands its aliases into too much data (${error.message}); write the values out` }] };
  }
  const expanded = Buffer.byteLength(JSON.stringify(data ?? null));
  if (expanded > LIMITS.expandedBytes) {
    return { problems: [{ path: '', message: `expands its aliases into ${kib(expanded)} KiB of data; at most ${kib(LIMITS.expandedBytes)} KiB are allowed` }] };
  }
  const nodeAt = (path: readonly PropertyKey[]) => walk(doc, path);
  return {
    problems,
    source: {
      data,
      positionOf: (path) => at(nodeAt(path).node?.range?.[0]),
      keyPositionOf: (path, key) => {
        const { node, complete } = nodeAt(path);
        if (!complete || !isMap(node)) return at(node?.range?.[0]);
        const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
        return at((pair?.key as Node | undefined)?.range?.[0] ?? node.range?.[0]);
      },
      sourceOf: (path) => {
        const { node, complete } = nodeAt(path);
        return complete && isScalar(node) && node.range ? text.slice(node.range[0], node.range[1]) : undefined;
      },
    },
  };
}

/** Follows `path` from the document's root; stops at the deepest node the file has. */
function walk(doc: Document, path: readonly PropertyKey[]): { node: Node | undefined; complete: boolean } {
  let node = doc.contents as Node | null;
  let last: Node | undefined = node ?? undefined;
  for (const key of path) {
    if (isAlias(node)) node = node.resolve(doc) ?? null;
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
      // A key without a value (`host:`) points at the key.
      next = pair ? (pair.value ?? pair.key) : undefined;
    } else if (isSeq(node) && typeof key === 'number') {
      next = node.items[key];
    }
    if (!next) return { node: last, complete: false };
    node = next as Node;
    last = node;
  }
  return { node: last, complete: true };
}

/**
 * Checks aliases and strings over the node tree, with the data path of each node. Fatal problems
 * (aliases that cannot be expanded, or too many) stop reading; the others do not.
 */
function checkNodes(doc: Document, at: (offset: number | undefined) => Position | undefined): { fatal: SourceProblem[]; problems: SourceProblem[] } {
  const fatal: SourceProblem[] = [];
  const problems: SourceProblem[] = [];
  let aliases = 0;
  const visit = (node: unknown, path: (string | number)[], ancestors: Node[]): void => {
    if (isAlias(node)) {
      aliases++;
      const problem = aliasProblem(doc, node, path, ancestors, at);
      if (problem) (problem.fatal ? fatal : problems).push(problem);
      return;
    }
    if (isScalar(node)) {
      const problem = stringProblem(node.value);
      if (problem) problems.push({ position: at(node.range?.[0]), path: formatPath(path), message: problem });
      return;
    }
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? pair.key.value : undefined;
        if (isScalar(pair.key)) {
          const problem = stringProblem(key);
          if (problem) problems.push({ position: at(pair.key.range?.[0]), path: formatPath(path), message: `has a key that ${problem}` });
        } else {
          problems.push({ position: at((pair.key as Node | null)?.range?.[0]), path: formatPath(path), message: 'has a key that is not a plain name' });
          continue;
        }
        visit(pair.value, [...path, String(key)], [...ancestors, node]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => visit(item, [...path, index], [...ancestors, node]));
    }
  };
  visit(doc.contents, [], []);
  if (aliases > LIMITS.aliases) fatal.push({ path: '', message: `has ${aliases} aliases; at most ${LIMITS.aliases} are allowed` });
  return { fatal, problems };
}

function aliasProblem(
  doc: Document,
  alias: Alias,
  path: (string | number)[],
  ancestors: Node[],
  at: (offset: number | undefined) => Position | undefined,
): (SourceProblem & { fatal: boolean }) | undefined {
  const position = at(alias.range?.[0]);
  const target = alias.resolve(doc);
  if (!target) return { fatal: true, position, path: formatPath(path), message: `refers to the anchor &${alias.source}, which is not defined before it` };
  if (ancestors.includes(target as Node)) {
    return { fatal: true, position, path: formatPath(path), message: `refers to &${alias.source}, which contains it: an alias may not form a cycle` };
  }
  const freeForm = NO_ALIASES_BELOW.find((pattern) => underPattern(path, pattern));
  if (freeForm) {
    return { fatal: false, position, path: formatPath(path), message: `is an alias (*${alias.source}) in ${freeForm.replace(/\.\*/g, '[]')}, which is rendered verbatim: write the value out` };
  }
  return undefined;
}

/** Whether `path` is at or below the dotted `pattern` (`*` matches any key or index). */
function underPattern(path: readonly (string | number)[], pattern: string): boolean {
  const parts = pattern.split('.');
  return path.length >= parts.length && parts.every((part, i) => part === '*' || part === String(path[i]));
}

function stringProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (CONTROL.test(value)) return `has a line break, tab or other control character in ${JSON.stringify(truncate(value))}; values are single-line text`;
  if (value !== value.trim()) return `has spaces around ${JSON.stringify(truncate(value))}, which would be kept: write ${JSON.stringify(truncate(value.trim()))}`;
  return undefined;
}

/** Messages of the yaml package, made plain for people who do not know its error codes. */
function yamlMessage(code: string, message: string): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'a key appears twice in the same map';
    case 'MULTIPLE_DOCS':
      return 'the file holds more than one document (a line "---" in the middle); an environment file is one document';
    default:
      return message;
  }
}

/** `a.b[0].c` from a path. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    return out ? `${out}.${String(key)}` : String(key);
  }, '');
}

/** A value shortened for messages. */
export function truncate(value: string, max = 60): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}

function kib(bytes: number): string {
  return (bytes / 1024).toFixed(bytes < 10240 ? 1 : 0);
}
