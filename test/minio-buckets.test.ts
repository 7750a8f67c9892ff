import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { MINIO_CLIENT } from '../constructs/object-store.images';
import { DEVELOPMENT_LIKE, fixture } from './fixtures';
import { render } from './helpers';
import { installStandIn } from './stand-ins';
import { temporaryDirectory } from './temporary';

const ACCESS_KEY = 'AKIDROOT0123456789ab';
const SECRET_KEY = 'rootSecret0123456789abcdefghijklmnopqrst';

/**
 * The environment Kubernetes gives the bucket Job's container: secretKeyRef variables get the
 * Secret's values, and $(VAR) in a later value is replaced by an earlier variable.
 */
function containerEnvironment(container: any, secrets: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const variable of container.env) {
    const ref = variable.valueFrom?.secretKeyRef;
    env[variable.name] = ref
      ? secrets[`${ref.name}/${ref.key}`]
      : String(variable.value).replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, name: string) => env[name] ?? whole);
  }
  return env;
}

const job = render(fixture(DEVELOPMENT_LIKE, 'development')).find((o: any) => o.kind === 'Job' && o.metadata.namespace === 'sticky-pi')!;
const rendered = containerEnvironment((job as any).spec.template.spec.containers[0], { 'minio-root/access-key': ACCESS_KEY, 'minio-root/secret-key': SECRET_KEY });

// scripts/object-store/minio-buckets.sh with a stand-in `mc` (the MinIO client image is not
// available on a test machine) that checks each call against the image's contract, records its
// arguments and, like mc, reads the alias "store" from MC_HOST_store.
function sandbox(options: { serverUp?: boolean; env?: Record<string, string> } = {}) {
  const dir = temporaryDirectory('mc');
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  const log = join(dir, 'calls.log');
  installStandIn(bin, 'mc', MINIO_CLIENT, {
    log,
    behaviour: [
      `[ "\${MC_HOST_store:-}" = "http://${ACCESS_KEY}:${SECRET_KEY}@minio:9000" ] || { echo "mc (stand-in): store is not an alias: MC_HOST_store is \${MC_HOST_store:-unset}" >&2; exit 1; }`,
      `[ "$1" = ls ] && exit ${options.serverUp === false ? 1 : 0}`,
      'exit 0',
    ].join('\n'),
  });
  const result = spawnSync('/bin/sh', [join(__dirname, '..', 'scripts', 'object-store', 'minio-buckets.sh')], {
    env: { PATH: `${bin}:${process.env.PATH}`, TMPDIR: dir, ...rendered, STORE_WAIT_SECONDS: '0', ...options.env },
    encoding: 'utf8',
  });
  const calls = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').map((line) => line.replace(/ \(in .*\)$/, '')) : [];
  return { result, calls };
}

describe('MinIO bucket job script (stand-in mc, the rendered Job\'s environment)', () => {
  test('the Job builds MC_HOST_store from the root Secret when the container starts: no key in the manifest', () => {
    const env = (job as any).spec.template.spec.containers[0].env;
    expect(env.find((e: any) => e.name === 'MC_HOST_store').value).toBe('http://$(MINIO_ROOT_USER):$(MINIO_ROOT_PASSWORD)@minio:9000');
    // Kubernetes expands only variables defined before the one that names them.
    const names = env.map((e: any) => e.name);
    expect(names.indexOf('MINIO_ROOT_PASSWORD')).toBeLessThan(names.indexOf('MC_HOST_store'));
    expect(names.indexOf('MINIO_ROOT_USER')).toBeLessThan(names.indexOf('MC_HOST_store'));
  });

  test('creates every bucket, leaving existing ones as they are, with no key on any command line', () => {
    const { result, calls } = sandbox({ env: { BUCKETS: 'dev.archival dev.landingzone' } });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(calls).toEqual(['mc ls store', 'mc mb --ignore-existing store/dev.archival', 'mc mb --ignore-existing store/dev.landingzone']);
    expect(calls.join('\n')).not.toContain(SECRET_KEY);
    expect(calls.join('\n')).not.toContain(ACCESS_KEY);
  });

  test('the rendered Job creates the configured bucket', () => {
    const { result, calls } = sandbox();
    expect(result.status).toBe(0);
    expect(calls).toEqual(['mc ls store', 'mc mb --ignore-existing store/insects-sandbox']);
  });

  test('gives up with a message when MinIO never accepts the credentials, creating nothing', () => {
    const { result, calls } = sandbox({ serverUp: false });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('http://minio:9000 did not accept the root credentials within 0s');
    expect(calls.filter((c) => c.startsWith('mc mb'))).toEqual([]);
  });

  test('fails clearly without the alias', () => {
    const { result, calls } = sandbox({ env: { MC_HOST_store: '' } });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('environment variable MC_HOST_store is not set');
    expect(calls).toEqual([]);
  });
});
