import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { credentialsVariable, parseReference, RegistryError } from '../tools/registry';
import { freePort, RunningRegistry, startRegistry } from './registry-server';

/**
 * The registry client against a real registry on loopback (Debian's docker-registry, images
 * pushed with skopeo). Node trusts the throw-away CA through NODE_EXTRA_CA_CERTS, which only
 * works at process start: the client runs in a child process.
 */
const work = mkdtempSync(join(tmpdir(), 'labstack-registry-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function resolveIn(registry: RunningRegistry, reference: string, env: Record<string, string> = {}): Promise<{ digest?: string; reason?: string; message?: string }> {
  const { execFile } = await import('child_process');
  const script = `require('${join(__dirname, '..', 'tools', 'registry.ts').replace(/\\/g, '/')}').resolveDigest(process.argv[1]).then((digest) => console.log(JSON.stringify({ digest })), (e) => console.log(JSON.stringify({ reason: e.reason, message: e.message })))`;
  // Asynchronous: the token service runs in this process and must answer meanwhile.
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile(join(__dirname, '..', 'node_modules', '.bin', 'tsx'), ['-e', script, reference], { env: { ...process.env, NODE_EXTRA_CA_CERTS: registry.caFile, ...env } }, (error, out, err) =>
      error ? reject(new Error(err)) : resolve(out),
    ),
  );
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

describe('parseReference', () => {
  test('Docker Hub references without registry or namespace', () => {
    expect(parseReference('postgres:15.10-alpine')).toEqual({ host: 'registry-1.docker.io', registry: 'docker.io', repository: 'library/postgres', tag: '15.10-alpine', digest: undefined });
    expect(parseReference('docker.io/grafana/k6:0.57.0').repository).toBe('grafana/k6');
  });

  test('registries with ports, tags and digests', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(parseReference(`127.0.0.1:5000/a/b:main@${digest}`)).toEqual({ host: '127.0.0.1:5000', registry: '127.0.0.1:5000', repository: 'a/b', tag: 'main', digest });
  });

  test('credentials are read from variables named after the registry', () => {
    expect(credentialsVariable('registry.gitlab.com')).toBe('LABSTACK_REGISTRY_REGISTRY_GITLAB_COM');
    expect(() => parseReference('ghcr.io/a/b')).toThrow(RegistryError);
  });
});

describe('resolveDigest against a real registry', () => {
  let open: RunningRegistry;
  let token: RunningRegistry;
  let basic: RunningRegistry;
  const credentials = { username: 'lab-it', password: 'a-deploy-token' };

  beforeAll(async () => {
    [open, token, basic] = await Promise.all([
      startRegistry(join(work, 'open')),
      startRegistry(join(work, 'token'), { kind: 'token', ...credentials }),
      startRegistry(join(work, 'basic'), { kind: 'basic', ...credentials }),
    ]);
  }, 60000);
  afterAll(async () => Promise.all([open, token, basic].filter(Boolean).map((r) => r.stop())));

  test('a tag that exists resolves to the digest of its manifest', async () => {
    const digest = await open.push('lab/app', '1.0.0');
    expect(await resolveIn(open, `${open.address}/lab/app:1.0.0`)).toEqual({ digest });
  });

  test('a reference pinned by digest resolves when the digest exists', async () => {
    const digest = await open.push('lab/pinned', 'main');
    expect(await resolveIn(open, `${open.address}/lab/pinned@${digest}`)).toEqual({ digest });
  });

  test('a missing tag says which tag and repository', async () => {
    await open.push('lab/app', '1.0.0');
    expect(await resolveIn(open, `${open.address}/lab/app:9.9.9`)).toEqual({
      reason: 'missing',
      message: `${open.address}/lab/app:9.9.9: ${open.address} has no tag 9.9.9 in lab/app (HTTP 404)`,
    });
  });

  test('public images resolve anonymously through the token flow', async () => {
    const digest = await token.push('upstream/image', 'v2');
    expect(await resolveIn(token, `${token.address}/upstream/image:v2`)).toEqual({ digest });
  });

  test('a private repository refuses anonymous requests and names the variables for credentials', async () => {
    const digest = await token.push('private/image', 'v1');
    const variable = credentialsVariable(token.address);
    expect(await resolveIn(token, `${token.address}/private/image:v1`)).toEqual({
      reason: 'unauthorized',
      message: `${token.address}/private/image:v1: the token service of ${token.address} refused the anonymous request (HTTP 401); for a private registry set ${variable}_USERNAME and ${variable}_PASSWORD`,
    });
    expect(await resolveIn(token, `${token.address}/private/image:v1`, { [`${variable}_USERNAME`]: 'lab-it', [`${variable}_PASSWORD`]: 'wrong' })).toMatchObject({
      reason: 'unauthorized',
      message: expect.stringContaining(`refused the credentials (HTTP 401); check ${variable}_USERNAME and ${variable}_PASSWORD`),
    });
    expect(await resolveIn(token, `${token.address}/private/image:v1`, { [`${variable}_USERNAME`]: 'lab-it', [`${variable}_PASSWORD`]: 'a-deploy-token' })).toEqual({ digest });
  });

  test('a registry with basic authentication needs credentials', async () => {
    const digest = await basic.push('lab/app', '1.0.0');
    const variable = credentialsVariable(basic.address);
    expect(await resolveIn(basic, `${basic.address}/lab/app:1.0.0`)).toMatchObject({ reason: 'unauthorized', message: expect.stringContaining('requires credentials') });
    expect(await resolveIn(basic, `${basic.address}/lab/app:1.0.0`, { [`${variable}_USERNAME`]: 'lab-it', [`${variable}_PASSWORD`]: 'a-deploy-token' })).toEqual({ digest });
  });

  test('a registry that is down is reported as unreachable', async () => {
    const port = await freePort();
    expect(await resolveIn(open, `127.0.0.1:${port}/lab/app:1.0.0`)).toEqual({ reason: 'unreachable', message: `127.0.0.1:${port}/lab/app:1.0.0: cannot reach 127.0.0.1:${port} (ECONNREFUSED)` });
  });
});
