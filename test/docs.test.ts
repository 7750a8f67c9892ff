import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { LabStackApp } from '../charts/labstack-app';
import { formatProblem, parseEnvironment } from '../config/load';
import { SRS_BACKEND, SRS_DATA_EXTRACTOR, SRS_FRONTEND } from '../charts/srs.images';
import { ImageContract, labstackSource } from '../constructs/image-contract';
import { parseManifests } from '../tools/validation/manifests';
import { podTemplates } from '../tools/validation/pods';
import { renderedRoutes } from '../tools/validation/routes';
import { EVERYTHING_ACME, EVERYTHING_SELF_SIGNED, fixture } from './fixtures';

/** The operator pages say which upstream versions each system's rendering follows, and what to confirm. */
const DOCS: Record<string, string> = { '10-open-pectus': 'open-pectus.md', '20-openem': 'openem.md', '30-srs': 'srs.md', '40-sticky-pi': 'sticky-pi.md' };
const page = (name: string) => readFileSync(join(__dirname, '..', 'docs', name), 'utf8');

describe('operator pages', () => {
  const app = new LabStackApp(fixture(EVERYTHING_SELF_SIGNED, 'docs'));
  const files = app.render();
  const contractsOf = (directory: string): ImageContract[] => {
    const manifests = files.filter((f) => f.path.includes(`/${directory}/`)).flatMap((f) => parseManifests(f.path, f.content));
    const images = podTemplates(manifests).flatMap((p) => [...(p.spec.initContainers ?? []), ...p.spec.containers].map((c: any) => c.image as string));
    return [...new Set(images.map((image) => app.images.contractOf(image)!))];
  };

  test.each(Object.entries(DOCS))('%s: docs/%s lists every image with the version its contract was read at', (directory, name) => {
    const text = page(name);
    const upstream = text.slice(text.indexOf('## Upstream versions'));
    expect(text).toContain('## Upstream versions');
    const contracts = contractsOf(directory);
    expect(contracts.length).toBeGreaterThan(2);
    for (const contract of contracts) {
      // Locally built images are named without their registry, which the lab chooses.
      expect(upstream).toContain(contract.repository.replace(/^<images\.repository>\//, ''));
      expect(upstream).toContain(contract.spec.tags.pinned);
    }
  });

  test.each(Object.entries(DOCS))('%s: docs/%s has the table of what is public and how it is authenticated, with a row for every path routed', (directory, name) => {
    const text = page(name);
    const start = text.indexOf('### What is public and how it is authenticated') >= 0 ? text.indexOf('### What is public and how it is authenticated') : text.indexOf('## What is public and how it is authenticated');
    expect(start).toBeGreaterThan(0);
    const lines = text.slice(start).split('\n');
    const first = lines.findIndex((line) => line.startsWith('| route |'));
    expect(first).toBeGreaterThan(0);
    const end = lines.findIndex((line, i) => i > first && !line.startsWith('|'));
    const table = lines.slice(first, end).join('\n');
    const routes = [EVERYTHING_SELF_SIGNED, EVERYTHING_ACME].flatMap((t) =>
      renderedRoutes(new LabStackApp(fixture(t, 'docs')).render().filter((f) => f.path.includes(`/${directory}/`)).flatMap((f) => parseManifests(f.path, f.content))),
    );
    expect(routes.length).toBeGreaterThan(0);
    for (const route of routes) {
      const path = new URL(route.url).pathname;
      if (path !== '/') expect(table).toContain(path);
    }
  });

  test('docs/srs.md lists every assumption about the private SRS images in one table, with where it is configured', () => {
    const text = page('srs.md');
    const start = text.indexOf('## Assumptions to confirm against your images');
    expect(start).toBeGreaterThan(0);
    // The first table after the heading, to its last row.
    const lines = text.slice(start).split('\n');
    const first = lines.findIndex((line) => line.startsWith('|'));
    const end = lines.findIndex((line, i) => i > first && !line.startsWith('|'));
    const rows = lines.slice(first + 2, end < 0 ? undefined : end);
    const assumptions = [SRS_BACKEND, SRS_FRONTEND, SRS_DATA_EXTRACTOR].flatMap((c) => c.spec.assumptions ?? []);
    expect(assumptions.length).toBeGreaterThan(20);
    expect(rows.length).toBe(assumptions.length);
    for (const assumption of assumptions) {
      expect(rows.some((row) => row.includes(assumption.configuredAt.replace(/\|/g, '\\|')))).toBe(true);
    }
  });
});

describe('references to this repository', () => {
  const OWN_FILE_LINE = /\b(charts|config|constructs|scripts|tools|test)\/[A-Za-z0-9./_-]+\.(ts|sh|js|yaml) L\d+/g;
  const pages = ['README.md', 'CONTRIBUTING.md', ...readdirSync(join(__dirname, '..', 'docs')).map((f) => `docs/${f}`)];

  test.each(pages)('%s names functions and fields of this repository, never its lines (they move with every change)', (file) => {
    expect(readFileSync(join(__dirname, '..', file), 'utf8').match(OWN_FILE_LINE) ?? []).toEqual([]);
  });

  test('the contracts refuse a line of this repository as a source', () => {
    expect(() => labstackSource('charts/srs.ts', 'L211')).toThrow("charts/srs.ts: name what is meant instead of a line (L211); this repository's lines move");
    expect(labstackSource('charts/srs.ts', 'mongoEnv').at).toBe('mongoEnv');
  });
});

describe('the README', () => {
  test("its configuration example answers exactly as the README says (the file and npm run synth's output)", () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Configuration'));
    const file = /For\s+`(config\/[a-z0-9-]+\.yaml)`:\s+```yaml\n([\s\S]*?)```/.exec(section)!;
    const answer = /`npm run synth` answers:\s+```\n([\s\S]*?)```/.exec(section)![1];
    const result = parseEnvironment(file[1], file[2]);
    expect('problems' in result).toBe(true);
    const problems = 'problems' in result ? result.problems : [];
    expect(answer).toBe(`Invalid configuration (${problems.length} problems); nothing was written:\n${problems.map((p) => `  ${formatProblem(p)}\n`).join('')}`);
  });
});
