import { spawnSync } from 'child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { BACKUP_SCRIPTS_DIR } from '../constructs/backup';
import { requirePrograms } from './programs';
import { temporaryDirectory } from './temporary';

// MongoDB's tools are not in Debian, so these tests run scripts/backup/mongodb-*.sh with stand-in
// `mongodump` and `mongorestore` commands that record their arguments and write or read dump
// files; tar and bzip2 are the real ones (the archive step runs them in busybox).
requirePrograms(['bzip2']);
const now = new Date();
const pad = (n: number) => String(n).padStart(2, '0');
const today = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
const month = `${now.getFullYear()}/${pad(now.getMonth() + 1)}`;

function sandbox() {
  const dir = temporaryDirectory('mongo');
  const bin = join(dir, 'bin');
  const [work, backups, log] = [join(dir, 'work'), join(dir, 'backup'), join(dir, 'calls.log')];
  for (const d of [bin, work, backups]) mkdirSync(d);
  // mongodump --out=DIR --db=DB --collection=C writes DIR/DB/C.bson; FAIL_ON names a collection to fail.
  writeFileSync(
    join(bin, 'mongodump'),
    [
      '#!/bin/sh',
      `echo "mongodump $*" >> "${log}"`,
      'for a in "$@"; do case "$a" in --out=*) out=${a#--out=} ;; --db=*) db=${a#--db=} ;; --collection=*) c=${a#--collection=} ;; --config=*) cfg=${a#--config=} ;; esac; done',
      '[ "$c" = "${FAIL_ON:-}" ] && { echo "Failed: connection refused" >&2; exit 1; }',
      'grep -q "^password: " "$cfg" || { echo "no password in config" >&2; exit 1; }',
      'mkdir -p "$out/$db" && echo "documents of $c" > "$out/$db/$c.bson"',
      '',
    ].join('\n'),
  );
  writeFileSync(join(bin, 'mongorestore'), `#!/bin/sh\necho "mongorestore $*" >> "${log}"\n`);
  chmodSync(join(bin, 'mongodump'), 0o755);
  chmodSync(join(bin, 'mongorestore'), 0o755);
  const env = {
    PATH: `${bin}:${process.env.PATH}`,
    MONGODB_HOST: 'mongodb',
    MONGODB_USER: 'root',
    MONGODB_PASSWORD: 'secret-password',
    MONGODB_DB_NAME: 'srs',
    BACKUP_COLLECTIONS: 'users bookings experiments configs logbook',
    BACKUP_DIR: backups,
    BACKUP_KEEP: '3',
    WORK_DIR: work,
  };
  const run = (script: string, extra: Record<string, string> = {}) =>
    spawnSync('/bin/sh', [join(BACKUP_SCRIPTS_DIR, script)], { env: { ...env, ...extra }, encoding: 'utf8' });
  const calls = () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []);
  const listing = (file: string) => spawnSync('tar', ['-tjf', file], { encoding: 'utf8' }).stdout.trim().split('\n').sort();
  return { dir, work, backups, run, calls, listing, archive: join(backups, month, `${today}_backup.tar.bz2`) };
}

describe('MongoDB backup scripts (stand-in mongodump and mongorestore)', () => {
  test('dumps each configured collection, never a samples collection, with the password in a config file', () => {
    const { run, calls } = sandbox();
    const result = run('mongodb-dump.sh');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const dumps = calls();
    expect(dumps.map((c) => c.match(/--collection=(\S+)/)![1])).toEqual(['users', 'bookings', 'experiments', 'configs', 'logbook']);
    expect(dumps.every((c) => c.includes('--db=srs') && c.includes('--authenticationDatabase=admin'))).toBe(true);
    expect(dumps.join('\n')).not.toContain('secret-password');
    expect(dumps.join('\n')).not.toMatch(/samples/);
  });

  test('archives the dump as backups/YYYY/MM/YYYY-MM-DD_backup.tar.bz2', () => {
    const { run, archive, listing } = sandbox();
    expect(run('mongodb-dump.sh').status).toBe(0);
    const result = run('mongodb-archive.sh');
    expect(result.status).toBe(0);
    expect(existsSync(archive)).toBe(true);
    expect(listing(archive)).toEqual(expect.arrayContaining(['dump/srs/users.bson', 'dump/srs/logbook.bson']));
  });

  test('keeps the newest N archives across months and removes emptied month directories', () => {
    const { run, backups, archive } = sandbox();
    for (const day of ['2025-11-29', '2025-12-30', '2026-01-02', '2026-01-03']) {
      mkdirSync(join(backups, day.slice(0, 4), day.slice(5, 7)), { recursive: true });
      writeFileSync(join(backups, day.slice(0, 4), day.slice(5, 7), `${day}_backup.tar.bz2`), 'old');
    }
    writeFileSync(join(backups, 'README.txt'), 'keep me');
    expect(run('mongodb-dump.sh').status).toBe(0);
    expect(run('mongodb-archive.sh').status).toBe(0);
    const kept = spawnSync('find', [backups, '-name', '*_backup.tar.bz2'], { encoding: 'utf8' }).stdout.trim().split('\n').sort();
    expect(kept).toEqual([join(backups, '2026', '01', '2026-01-02_backup.tar.bz2'), join(backups, '2026', '01', '2026-01-03_backup.tar.bz2'), archive].sort());
    expect(existsSync(join(backups, '2025'))).toBe(false);
    expect(readdirSync(backups)).toContain('README.txt');
  });

  test('a failed dump writes no archive, prunes nothing and fails', () => {
    const { run, backups, archive } = sandbox();
    for (const day of ['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04']) {
      mkdirSync(join(backups, '2026', '01'), { recursive: true });
      writeFileSync(join(backups, '2026', '01', `${day}_backup.tar.bz2`), 'old');
    }
    const dump = run('mongodb-dump.sh', { FAIL_ON: 'experiments' });
    expect(dump.status).not.toBe(0);
    expect(dump.stderr).toContain('connection refused');
    const archiveStep = run('mongodb-archive.sh');
    expect(archiveStep.status).not.toBe(0);
    expect(archiveStep.stderr).toContain('no complete dump');
    expect(existsSync(archive)).toBe(false);
    expect(readdirSync(join(backups, '2026', '01'))).toHaveLength(4);
  });

  test('restore unpacks the chosen archive and renames the database with nsFrom/nsTo', () => {
    const { run, calls, work } = sandbox();
    expect(run('mongodb-dump.sh', { MONGODB_DB_NAME: 'srs-prod' }).status).toBe(0);
    expect(run('mongodb-archive.sh').status).toBe(0);
    spawnSync('rm', ['-rf', join(work, 'dump')]);
    const extract = run('mongodb-extract.sh', { RESTORE_FROM: 'latest' });
    expect(extract.status).toBe(0);
    expect(readdirSync(join(work, 'dump', 'srs-prod')).sort()).toEqual(['bookings.bson', 'configs.bson', 'experiments.bson', 'logbook.bson', 'users.bson']);
    const restore = run('mongodb-restore.sh', { MONGODB_DB_NAME: 'srs-test', RESTORE_FROM_DB: 'srs-prod' });
    expect(restore.status).toBe(0);
    const command = calls().pop()!;
    expect(command).toContain('--nsFrom=srs-prod.*');
    expect(command).toContain('--nsTo=srs-test.*');
    expect(command).toContain(`--dir=${join(work, 'dump')}`);
    expect(command).not.toContain('secret-password');
  });

  test('restore refuses an archive that is not one, and a dump of another database', () => {
    const { run, backups } = sandbox();
    writeFileSync(join(backups, 'broken.tar.bz2'), 'garbage');
    const broken = run('mongodb-extract.sh', { RESTORE_FROM: 'broken.tar.bz2' });
    expect(broken.status).not.toBe(0);
    expect(broken.stderr).toContain('is not a readable backup archive');
    expect(run('mongodb-dump.sh').status).toBe(0);
    const wrongDb = run('mongodb-restore.sh', { RESTORE_FROM_DB: 'other' });
    expect(wrongDb.status).not.toBe(0);
    expect(wrongDb.stderr).toContain('the dump holds no database other (set RESTORE_FROM_DB to one of: srs');
  });
});
