import { execFile } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { credentialsVariable } from '../tools/registry';
import { readManifests } from '../tools/validation/manifests';
import { EVERYTHING_ACME } from './fixtures';
import { synthArguments } from './helpers';
import { RunningRegistry, startRegistry } from './registry-server';

/**
 * npm run images -- list|check|lock against a real registry on loopback. The fixture environment
 * pulls every registry through mirrors on that registry (imageMirrors), so all of its references
 * can be pushed there with skopeo; the registry wants credentials, as a private one does.
 */
const ROOT = join(__dirname, '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const work = mkdtempSync(join(tmpdir(), 'labstack-images-'));
const credentials = { username: 'lab-it', password: 'a-read-token' };
let registry: RunningRegistry;
let configDir: string;

beforeAll(async () => {
  registry = await startRegistry(join(work, 'registry'), { kind: 'token', ...credentials });
  configDir = join(work, 'config');
  mkdirSync(configDir);
  const mirrors = ['docker.io', 'ghcr.io', 'quay.io', 'registry.example.org'].map((r) => `  ${r}: ${registry.address}/private/${r}`).join('\n');
  writeFileSync(join(configDir, 'lab.yaml'), `${EVERYTHING_ACME}imageMirrors:\n${mirrors}\n`);
}, 60000);
afterAll(async () => {
  await registry?.stop();
  rmSync(work, { recursive: true, force: true });
});

function run(program: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const variable = credentialsVariable(registry.address);
  return new Promise((resolve) =>
    // Asynchronous: the registry's token service runs in this process.
    execFile(
      TSX,
      [program, ...args],
      { cwd: ROOT, env: { ...process.env, NODE_EXTRA_CA_CERTS: registry.caFile, [`${variable}_USERNAME`]: credentials.username, [`${variable}_PASSWORD`]: credentials.password, ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    ),
  );
}
const images = (...args: string[]) => run(join(ROOT, 'tools', 'images.ts'), [...args, '--config', configDir]);

test('lists, checks and locks every reference; synthesis then renders them pinned by digest', async () => {
  const listed = await images('list', 'lab');
  expect(listed.code).toBe(0);
  const references = listed.stdout.split('\n').filter((l) => l.startsWith('unpinned')).map((l) => l.replace(/^unpinned\s+/, ''));
  expect(references.length).toBeGreaterThan(20);
  expect(references.every((r) => r.startsWith(`${registry.address}/private/`))).toBe(true);
  expect(listed.stdout).toContain(`lab: ${references.length} images, ${references.length} not pinned by digest`);

  // All but one are in the registry: check and lock name the missing one, and nothing is written.
  const [missing, ...present] = references;
  const digests = new Map<string, string>();
  for (const reference of present) {
    const [repository, tag] = reference.slice(registry.address.length + 1).split(/:(?=[^/]+$)/);
    digests.set(reference, await registry.push(repository, tag));
  }
  const [missingRepository, missingTag] = missing.slice(registry.address.length + 1).split(/:(?=[^/]+$)/);
  const check = await images('check', 'lab');
  expect(check.code).toBe(1);
  expect(check.stdout).toContain(`missing      ${missing}: ${registry.address} has no tag ${missingTag} in ${missingRepository} (HTTP 404)`);
  expect(check.stdout).toContain(`lab: ${present.length} of ${references.length} image references exist`);
  const failedLock = await images('lock', 'lab');
  expect(failedLock.code).toBe(1);
  expect(failedLock.stderr).toContain(`lab: 1 of ${references.length} references could not be resolved; the lock file was not written`);
  expect(existsSync(join(configDir, 'lab.images.lock.json'))).toBe(false);

  digests.set(missing, await registry.push(missingRepository, missingTag));
  expect((await images('check', 'lab')).code).toBe(0);
  const lock = await images('lock', 'lab');
  expect(lock.stderr).toBe('');
  expect(lock.code).toBe(0);
  const written = JSON.parse(readFileSync(join(configDir, 'lab.images.lock.json'), 'utf8')).images;
  expect(written).toEqual(Object.fromEntries([...digests].sort(([a], [b]) => a.localeCompare(b))));

  const dist = join(work, 'dist');
  const [main, ...options] = synthArguments(configDir, dist);
  const synth = await run(main, options);
  expect(synth.code).toBe(0);
  expect(synth.stderr).not.toContain('not pinned');
  const rendered = readManifests(join(dist, 'lab')).flatMap((o: any) => {
    const pod = o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template.spec : o.spec?.template?.spec;
    return pod ? [...(pod.initContainers ?? []), ...pod.containers].map((c: any) => c.image) : [];
  });
  expect(rendered.length).toBeGreaterThan(20);
  expect(rendered.filter((image) => image !== `${image.split('@')[0]}@${digests.get(image.split('@')[0])}`)).toEqual([]);
}, 120000);

test('refuses the wrong credentials with the variables to set', async () => {
  const variable = credentialsVariable(registry.address);
  const result = await run(join(ROOT, 'tools', 'images.ts'), ['check', 'lab', '--config', configDir], { [`${variable}_PASSWORD`]: 'wrong' });
  expect(result.code).toBe(1);
  expect(result.stdout).toContain(`unauthorized`);
  expect(result.stdout).toContain(`check ${variable}_USERNAME and ${variable}_PASSWORD`);
}, 60000);

test('answers a wrong command line with the usage, and an unknown environment with the ones there are', async () => {
  const noCommand = await images();
  expect(noCommand.code).toBe(2);
  expect(noCommand.stderr).toContain('name a command\nusage: npm run images -- <command> <environment>');
  const unknown = await images('pin', 'lab');
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toContain('unknown command "pin"');
  const environment = await images('check', 'staging');
  expect(environment.code).toBe(1);
  expect(environment.stderr).toContain(`${configDir}: has no environment "staging" (staging.yaml); it has lab`);
  expect(`${environment.stdout}${environment.stderr}`).not.toMatch(/\n\s+at /);
}, 60000);
