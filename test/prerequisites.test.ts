import { spawnSync } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import * as yaml from 'js-yaml';
import { compare, minVersion, Range, satisfies, SemVer, subset } from 'semver';
import { EVERYTHING_ACME, EVERYTHING_SELF_SIGNED, fixture } from './fixtures';
import { render } from './helpers';

/**
 * The prerequisites the docs and the tooling state — versions of the cluster add-ons, the Traefik
 * settings, the Node.js version — against the sources they come from: cdk8s.yaml, what LabStack
 * renders, and the engines of the installed packages.
 */
const ROOT = join(__dirname, '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const PREREQUISITES = read('docs/prerequisites.md');

/** The fenced blocks of a markdown text in one language, with the line before each (its caption). */
function codeBlocks(markdown: string, language: string): { caption: string; code: string }[] {
  const blocks: { caption: string; code: string }[] = [];
  const fence = new RegExp('(^.*\\n)\\n?```' + language + '\\n([\\s\\S]*?)^```$', 'gm');
  for (const m of markdown.matchAll(fence)) blocks.push({ caption: m[1], code: m[2] });
  return blocks;
}

/** Seconds of a duration written as Traefik and LabStack write them here (`86400s`). */
function seconds(duration: string): number {
  const m = /^(\d+)s$/.exec(duration);
  if (!m) throw new Error(`expected a duration in seconds such as 86400s, got "${duration}"`);
  return Number(m[1]);
}

describe('cluster add-on versions', () => {
  /** The releases cdk8s.yaml imports CRDs from, read from each URL: repository and tag. */
  const releases = (yaml.load(read('cdk8s.yaml')) as { imports: string[] }).imports.map((url) => {
    const m = /^https:\/\/(?:github\.com|raw\.githubusercontent\.com)\/([^/]+\/[^/]+)\/(?:releases\/download\/)?(v\d+\.\d+\.\d+)\//.exec(url);
    if (!m) throw new Error(`cdk8s.yaml: ${url} names no release (a GitHub repository and a vX.Y.Z tag)`);
    return { repository: m[1], version: m[2] };
  });

  test('docs/prerequisites.md names every release cdk8s.yaml imports CRDs from, with its version, in the versions table', () => {
    const rows = PREREQUISITES.split('\n').filter((line) => line.startsWith('| '));
    expect(releases.length).toBeGreaterThan(4);
    const missing = releases.filter(({ repository, version }) => !rows.some((row) => row.includes(`[${repository}]`) && row.includes(`| ${version} |`)));
    expect(missing).toEqual([]);
  });
});

describe('Traefik values in docs/prerequisites.md', () => {
  const block = codeBlocks(PREREQUISITES, 'yaml').find((b) => b.caption.includes('labstack-traefik-values.yaml'));
  const values = yaml.load(block?.code ?? '') as any;
  // OpenEM's external S3 at the archiver's own host, as the seed has it, is proxied through an ExternalName Service.
  const S3_AT_ARCHIVER_HOST = EVERYTHING_ACME.replace('externalEndpoint: s3.example.org', 'externalEndpoint: openem.test.example.org');
  const objects = [EVERYTHING_SELF_SIGNED, EVERYTHING_ACME, S3_AT_ARCHIVER_HOST].flatMap((text, i) => render(fixture(text, `prerequisites-${i}`)));
  const env = fixture(EVERYTHING_ACME, 'prerequisites');
  const ingresses = objects.filter((o) => o.kind === 'Ingress');

  test('turn on the two providers LabStack renders for, with the IngressClass its Ingresses name', () => {
    expect(ingresses.length).toBeGreaterThan(0);
    expect(values.providers.kubernetesIngress.enabled).toBe(true);
    expect(objects.some((o) => o.apiVersion.startsWith('traefik.io/'))).toBe(true);
    expect(values.providers.kubernetesCRD.enabled).toBe(true);
    expect(new Set(ingresses.map((i) => i.spec.ingressClassName))).toEqual(new Set([values.ingressClass.name]));
    // Ingresses reference the CRD provider's objects: nothing may restrict such references.
    expect(ingresses.some((i) => i.metadata.annotations?.['traefik.ingress.kubernetes.io/router.middlewares']?.includes('@kubernetescrd'))).toBe(true);
    expect(values.providers.kubernetesIngress).not.toHaveProperty('crossProviderNamespaces');
  });

  test('keep the client\'s address, which the IP allow lists LabStack renders read by default', () => {
    const allowLists = objects.filter((o) => o.kind === 'Middleware' && o.spec.ipAllowList);
    expect(allowLists.length).toBeGreaterThan(0);
    expect(allowLists.every((m) => m.spec.ipAllowList.ipStrategy === undefined)).toBe(true);
    expect(values.service.spec.externalTrafficPolicy).toBe('Local');
  });

  test('allow the ExternalName Services LabStack renders', () => {
    expect(objects.some((o) => o.kind === 'Service' && o.spec.type === 'ExternalName')).toBe(true);
    expect(values.providers.kubernetesIngress.allowExternalNameServices).toBe(true);
  });

  test('redirect plain HTTP to the entry point every route is bound to', () => {
    const entryPoints = new Set(ingresses.map((i) => i.metadata.annotations?.['traefik.ingress.kubernetes.io/router.entrypoints']));
    expect(entryPoints).toEqual(new Set([values.ports.web.http.redirections.entryPoint.to]));
    expect(values.ports.web.http.redirections.entryPoint.scheme).toBe('https');
  });

  test("give that entry point read and idle timeouts no shorter than the longest backend timeout rendered", () => {
    const entryPoint = values.ports.web.http.redirections.entryPoint.to;
    const backend = objects
      .filter((o) => o.kind === 'ServersTransport' && o.spec.forwardingTimeouts?.responseHeaderTimeout)
      .map((o) => seconds(o.spec.forwardingTimeouts.responseHeaderTimeout));
    expect(backend.length).toBeGreaterThan(0);
    const { readTimeout, idleTimeout } = values.ports[entryPoint].transport.respondingTimeouts;
    expect(seconds(readTimeout)).toBeGreaterThanOrEqual(Math.max(...backend));
    expect(seconds(idleTimeout)).toBeGreaterThanOrEqual(Math.max(...backend));
  });

  test('are installed into the namespace the NetworkPolicies admit', () => {
    const install = codeBlocks(PREREQUISITES, 'sh').find((b) => b.code.includes('oci://ghcr.io/traefik/helm/traefik'));
    expect(install?.code).toContain(`--namespace ${env.ingress.controllerNamespace} `);
    expect(install?.code).toContain('--values labstack-traefik-values.yaml');
  });
});

test('every shell block of docs/prerequisites.md parses, and every YAML block is YAML', () => {
  const shell = codeBlocks(PREREQUISITES, 'sh');
  expect(shell.length).toBeGreaterThan(4);
  for (const { code } of shell) {
    const result = spawnSync('bash', ['-n'], { input: code, encoding: 'utf8' });
    expect({ code, stderr: result.stderr }).toEqual({ code, stderr: '' });
  }
  for (const { code } of codeBlocks(PREREQUISITES, 'yaml')) expect(() => yaml.load(code)).not.toThrow();
});

describe('Node.js', () => {
  const engines: string = JSON.parse(read('package.json')).engines.node;

  /** engines.node of every installed package: the lock's tree, as far as it is on disk (optional packages of other platforms are not). */
  const installed = Object.keys(JSON.parse(read('package-lock.json')).packages)
    .filter((path) => path !== '' && existsSync(join(ROOT, path, 'package.json')))
    .map((path) => JSON.parse(read(join(path, 'package.json'))))
    .filter((pkg) => typeof pkg.engines?.node === 'string')
    .map((pkg) => ({ name: `${pkg.name}@${pkg.version}`, range: pkg.engines.node as string }));

  /** The lowest version every range accepts: the lowest bound of one of their comparator sets. */
  function lowestAcceptedByAll(ranges: string[]): SemVer | null {
    const bounds = ranges.flatMap((range) => new Range(range).set.map((comparators) => minVersion(comparators.map((c) => c.value).join(' '))));
    return (
      bounds
        .filter((v): v is SemVer => v !== null)
        .sort(compare)
        .find((v) => ranges.every((range) => satisfies(v, range))) ?? null
    );
  }

  test('package.json engines start at the lowest Node.js every installed package accepts, and allow none that one refuses', () => {
    expect(installed.length).toBeGreaterThan(100);
    const lowest = lowestAcceptedByAll(installed.map((p) => p.range));
    expect(minVersion(engines)?.version).toBe(lowest?.version);
    expect(installed.filter((p) => !subset(engines, p.range))).toEqual([]);
  });

  test('.ci/run provides a Node.js that package.json engines accept, and ends with the README test command', () => {
    const ci = read('.ci/run');
    const provided = /^node_version=(\S+)$/m.exec(ci)?.[1];
    expect(provided && satisfies(provided, engines)).toBe(true);
    const quickStart = read('README.md').split('## Quick start')[1];
    const testCommand = codeBlocks(quickStart, 'sh')[0].code.split('\n').find((line) => line.startsWith('npm test'))?.replace(/#.*/, '').trim();
    expect(testCommand).toBe('npm test');
    expect(ci.trimEnd().split('\n').pop()).toBe(testCommand);
  });

  test('the README names the Node.js version package.json engines require', () => {
    const lowest = minVersion(engines)!;
    expect(read('README.md')).toContain(`Node.js ${lowest.major}.${lowest.minor} or newer`);
  });
});
