import { isMap, isScalar, isSeq, parseDocument, stringify } from 'yaml';
import { LabStackApp } from '../charts/labstack-app';
import { formatProblem, parseEnvironment } from '../config/load';
import type { EnvironmentConfig } from '../config/schema';
import { parseManifests } from '../tools/validation/manifests';
import { checkSemantics } from '../tools/validation/semantics';
import { EVERYTHING_ACME } from './fixtures';

/**
 * Every field of a full environment, set in turn to values of the kinds users get wrong: the
 * config layer either refuses the value with a clear message (a position, the path, what is
 * allowed; never a validator's generic text), or the environment renders without error and
 * passes the semantic checks. Nothing in between: a crash after validation, or a problem only the
 * API server would find.
 */

/** The fixture with every default written out, so every field is mutated, not only the set ones. */
function fullEnvironment(): string {
  const result = parseEnvironment('test.yaml', EVERYTHING_ACME);
  if ('problems' in result) throw new Error(result.problems.map(formatProblem).join('\n'));
  const { name, imageLock, ...spec } = result.environment as EnvironmentConfig & Record<string, unknown>;
  delete (spec.systems.stickyPi as { hosts?: unknown }).hosts; // derived, not a field
  return stringify(spec);
}

const TEXT = [
  '10.0.0.1',
  'a..b',
  'host.example.org:99999',
  'https://user:secret@example.org',
  'http://example.org',
  'javascript:alert(1)',
  'mailto:ops@example.org',
  '0',
  '9'.repeat(5000),
  'Europe/zurich',
  '$(touch pwned)',
  ' padded ',
  'two\nlines',
  '',
];
/** Where text is expected: a number and a boolean. */
const NOT_TEXT = [1.1, true];
const NUMBERS = [0, -1, 1e9, 1.5];

interface Leaf {
  readonly path: string;
  readonly value: unknown;
  /** Where the value is written in the text. */
  readonly range: [number, number];
}

/** Every scalar of the document, with its place in the text. */
function leaves(node: unknown, path: string[] = []): Leaf[] {
  if (isMap(node)) return node.items.flatMap((pair) => leaves(pair.value, [...path, String((pair.key as { value: unknown }).value)]));
  if (isSeq(node)) return node.items.flatMap((item, index) => leaves(item, [...path, String(index)]));
  if (isScalar(node)) return [{ path: path.join('.'), value: node.value, range: [node.range![0], node.range![1]] }];
  return [];
}

/** Texts of validators that say nothing about the field (zod's defaults). */
const GENERIC = /Invalid input|Invalid string|Expected [a-z]+, received|Required$/;

test('every field refuses nonsense clearly, or renders it without error', () => {
  const base = fullEnvironment();
  const refusedUnclearly: string[] = [];
  const failedAfterValidation: string[] = [];
  let cases = 0;
  for (const leaf of leaves(parseDocument(base).contents)) {
    const values = typeof leaf.value === 'number' ? NUMBERS : typeof leaf.value === 'boolean' ? ['yes'] : [...TEXT, ...NOT_TEXT];
    for (const value of values) {
      cases++;
      const label = `${leaf.path} = ${JSON.stringify(value).slice(0, 40)}`;
      // A JSON value is a YAML flow scalar: written in place of the leaf, nothing else changes.
      const text = `${base.slice(0, leaf.range[0])}${JSON.stringify(value)}${base.slice(leaf.range[1])}`;
      const result = parseEnvironment('config/test.yaml', text);
      if ('problems' in result) {
        for (const p of result.problems) {
          if (!p.line || !p.path || GENERIC.test(p.message)) refusedUnclearly.push(`${label}: ${formatProblem(p)}`);
        }
        continue;
      }
      try {
        const manifests = new LabStackApp(result.environment)
          .render()
          .filter((f) => !f.path.startsWith('argocd/'))
          .flatMap((f) => parseManifests(f.path, f.content));
        const problems = checkSemantics(manifests, { externalNamespaces: [result.environment.tls.certManagerNamespace] });
        if (problems.length > 0) failedAfterValidation.push(`${label}: ${problems[0]}`);
      } catch (error) {
        failedAfterValidation.push(`${label}: ${(error as Error).message.split('\n')[0]}`);
      }
    }
  }
  expect(cases).toBeGreaterThan(2000);
  expect(refusedUnclearly).toEqual([]);
  expect(failedAfterValidation).toEqual([]);
});
