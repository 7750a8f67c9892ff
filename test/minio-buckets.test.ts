import { spawnSync } from 'child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { temporaryDirectory } from './temporary';

// scripts/object-store/minio-buckets.sh with a stand-in `mc` that records its arguments (the
// MinIO client image is not available on a test machine).
function sandbox(aliasWorks: boolean) {
  const dir = temporaryDirectory('mc');
  mkdirSync(join(dir, 'bin'));
  const log = join(dir, 'calls.log');
  writeFileSync(join(dir, 'bin', 'mc'), `#!/bin/sh\necho "mc $*" >> "${log}"\n[ "$1 $2" = "alias set" ] && exit ${aliasWorks ? 0 : 1}\nexit 0\n`);
  chmodSync(join(dir, 'bin', 'mc'), 0o755);
  const result = spawnSync('/bin/sh', [join(__dirname, '..', 'scripts', 'object-store', 'minio-buckets.sh')], {
    env: {
      PATH: `${join(dir, 'bin')}:${process.env.PATH}`,
      MINIO_URL: 'http://minio:9000',
      MINIO_ROOT_USER: 'root',
      MINIO_ROOT_PASSWORD: 'root-password',
      BUCKETS: 'dev.archival dev.landingzone',
      STORE_WAIT_SECONDS: '0',
    },
    encoding: 'utf8',
  });
  return { result, calls: existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [] };
}

describe('MinIO bucket job script (stand-in mc)', () => {
  test('creates every bucket, leaving existing ones as they are', () => {
    const { result, calls } = sandbox(true);
    expect(result.status).toBe(0);
    expect(calls).toEqual(['mc alias set store http://minio:9000 root root-password', 'mc mb --ignore-existing store/dev.archival', 'mc mb --ignore-existing store/dev.landingzone']);
  });

  test('gives up with a message when MinIO never accepts the credentials, creating nothing', () => {
    const { result, calls } = sandbox(false);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('http://minio:9000 did not accept the root credentials within 0s');
    expect(calls.filter((c) => c.startsWith('mc mb'))).toEqual([]);
  });
});
