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
const CLIENT_ACCESS = 'AKIDCLIENT0123456789';
const CLIENT_SECRET = 'clientSecret0123456789abcdefghijklmnopq';

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
const rendered = containerEnvironment((job as any).spec.template.spec.containers[0], {
  'minio-root/access-key': ACCESS_KEY,
  'minio-root/secret-key': SECRET_KEY,
  'minio-client/access-key': CLIENT_ACCESS,
  'minio-client/secret-key': CLIENT_SECRET,
});

// scripts/object-store/minio-buckets.sh with a stand-in `mc` (the MinIO client image is not
// available on a test machine) that checks each call against the image's contract, records its
// arguments and, like mc, reads the alias "store" from MC_HOST_store.
// The server's users and policies are files in state/: `mc admin user add` takes the secret key
// on standard input, `mc admin user info --json` answers as mc does (indented JSON, the policies
// comma-separated in policyName), and attaching a policy the user has fails as MinIO refuses it.
function sandbox(options: { serverUp?: boolean; env?: Record<string, string>; state?: string } = {}) {
  const dir = temporaryDirectory('mc');
  const bin = join(dir, 'bin');
  const state = options.state ?? join(dir, 'state');
  mkdirSync(bin);
  mkdirSync(state, { recursive: true });
  const log = join(dir, 'calls.log');
  installStandIn(bin, 'mc', MINIO_CLIENT, {
    log,
    behaviour: [
      `[ "\${MC_HOST_store:-}" = "http://${ACCESS_KEY}:${SECRET_KEY}@minio:9000" ] || { echo "mc (stand-in): store is not an alias: MC_HOST_store is \${MC_HOST_store:-unset}" >&2; exit 1; }`,
      `[ "$1" = ls ] && exit ${options.serverUp === false ? 1 : 0}`,
      `state="${state}"`,
      'case "$1 $2 $3" in',
      '  "admin policy create") cp "$6" "$state/policy-$5.json" ;;',
      '  "admin user add") IFS= read -r secret; printf "%s" "$secret" > "$state/user-$5" ;;',
      '  "admin user info") if [ -f "$state/attached-$5" ]; then printf \'{\\n "status": "success",\\n "accessKey": "%s",\\n "policyName": "%s",\\n "userStatus": "enabled"\\n}\\n\' "$5" "$(cat "$state/attached-$5")"; else printf \'{\\n "status": "success",\\n "accessKey": "%s",\\n "userStatus": "enabled"\\n}\\n\' "$5"; fi ;;',
      '  "admin policy attach") [ -f "$state/attached-$7" ] && { echo "mc: <ERROR> Unable to attach policy: Specified policy update has no net effect" >&2; exit 1; }; printf "%s" "$5" > "$state/attached-$7" ;;',
      'esac',
      'exit 0',
    ].join('\n'),
  });
  const result = spawnSync('/bin/sh', [join(__dirname, '..', 'scripts', 'object-store', 'minio-buckets.sh')], {
    env: { PATH: `${bin}:${process.env.PATH}`, TMPDIR: dir, ...rendered, STORE_WAIT_SECONDS: '0', ...options.env },
    encoding: 'utf8',
  });
  const calls = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').map((line) => line.replace(/ \(in .*\)$/, '')) : [];
  const file = (name: string) => (existsSync(join(state, name)) ? readFileSync(join(state, name), 'utf8') : undefined);
  return { result, calls, state, file };
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
    expect(calls.slice(0, 3)).toEqual(['mc ls store', 'mc mb --ignore-existing store/dev.archival', 'mc mb --ignore-existing store/dev.landingzone']);
    expect(calls.join('\n')).not.toContain(SECRET_KEY);
    expect(calls.join('\n')).not.toContain(ACCESS_KEY);
    expect(calls.join('\n')).not.toContain(CLIENT_SECRET);
  });

  test('gives the clients their own user, allowed the S3 actions on these buckets only, the secret key on standard input', () => {
    const { result, calls, file } = sandbox({ env: { BUCKETS: 'dev.archival dev.landingzone' } });
    expect(result.status).toBe(0);
    expect(calls.slice(3).map((c) => c.replace(/\/\S*client-policy\.json/, '<file>'))).toEqual([
      'mc admin policy create store minio-client <file>',
      `mc admin user add store ${CLIENT_ACCESS}`,
      `mc admin user info store ${CLIENT_ACCESS} --json`,
      `mc admin policy attach store minio-client --user ${CLIENT_ACCESS}`,
    ]);
    expect(JSON.parse(file('policy-minio-client.json')!)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['s3:*'], Resource: ['arn:aws:s3:::dev.archival', 'arn:aws:s3:::dev.archival/*', 'arn:aws:s3:::dev.landingzone', 'arn:aws:s3:::dev.landingzone/*'] }],
    });
    expect(file(`user-${CLIENT_ACCESS}`)).toBe(CLIENT_SECRET);
    expect(result.stdout).toContain(`user ${CLIENT_ACCESS} may use dev.archival dev.landingzone (policy minio-client)`);
  });

  test('runs again without error: the user keeps its policy (MinIO refuses to attach it twice) and gets the current secret key', () => {
    const first = sandbox();
    expect(first.result.status).toBe(0);
    const again = sandbox({ state: first.state, env: { CLIENT_SECRET_KEY: 'rotatedSecret0123456789abcdefghijklmnop' } });
    expect(again.result.stderr).toBe('');
    expect(again.result.status).toBe(0);
    expect(again.calls.filter((c) => c.includes('policy attach'))).toEqual([]);
    expect(again.file(`user-${CLIENT_ACCESS}`)).toBe('rotatedSecret0123456789abcdefghijklmnop');
  });

  test('clients get the clients\' user, never the root keys', () => {
    const objects = render(fixture(DEVELOPMENT_LIKE, 'development'));
    const refs = JSON.stringify(objects.filter((o: any) => o.metadata.namespace === 'sticky-pi' || o.metadata.namespace === 'openem').filter((o: any) => ['Deployment', 'CronJob', 'Job', 'StatefulSet', 'ConfigMap'].includes(o.kind)));
    const rootReaders = objects
      .filter((o: any) => JSON.stringify(o).includes('"name":"minio-root"'))
      .map((o: any) => `${o.kind}/${o.metadata.name.replace(/-[0-9a-f]{8}$/, '')}`)
      .sort();
    expect(rootReaders).toEqual(['Job/minio-buckets', 'Job/minio-buckets', 'StatefulSet/minio', 'StatefulSet/minio']);
    expect(refs).toContain('"name":"minio-client"');
  });

  test('the rendered Job creates the configured bucket', () => {
    const { result, calls } = sandbox();
    expect(result.status).toBe(0);
    expect(calls.slice(0, 2)).toEqual(['mc ls store', 'mc mb --ignore-existing store/insects-sandbox']);
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
