import { execFileSync, spawn, spawnSync } from 'child_process';
import { existsSync, readdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { BACKUP_SCRIPTS_DIR } from '../constructs/backup';
import { requirePrograms } from './programs';
import { temporaryDirectory } from './temporary';

// These tests run scripts/backup/sqlite.sh and sqlite-restore.sh with the real sqlite3 CLI
// (Debian package sqlite3, installed by .ci/run) under /bin/sh, on files in a temp dir.
const { sqlite3 } = requirePrograms(['sqlite3']);
const today = execFileSync('date', ['+%Y-%m-%d'], { encoding: 'utf8' }).trim();
const sql = (db: string, statement: string) => execFileSync(sqlite3, [db, statement], { encoding: 'utf8' }).trim();

function setup() {
  const dir = temporaryDirectory('sqlite');
  const db = join(dir, 'open_pectus_aggregator.sqlite3');
  const backups = join(dir, 'backup');
  execFileSync('mkdir', [backups]);
  sql(db, "PRAGMA journal_mode=WAL; CREATE TABLE runs (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO runs (name) VALUES ('a'), ('b'), ('c');");
  const env = { ...process.env, SQLITE_DATABASE: db, BACKUP_DIR: backups, BACKUP_PREFIX: 'open_pectus_aggregator_prd', BACKUP_KEEP: '3' };
  const run = (script: string, extra: Record<string, string> = {}) =>
    spawnSync('/bin/sh', [join(BACKUP_SCRIPTS_DIR, script)], { env: { ...env, ...extra }, encoding: 'utf8' });
  return { dir, db, backups, run, todayFile: join(backups, `open_pectus_aggregator_prd-${today}.sqlite3`) };
}

describe('sqlite backup script against real sqlite3', () => {
  test('backs up while a writer is inserting, giving a consistent copy under the final name', async () => {
    const { db, backups, todayFile } = setup();
    const inserts = Array.from({ length: 3000 }, (_, i) => `INSERT INTO runs (name) VALUES ('w${i}');`).join('\n');
    const writer = spawn(sqlite3, [db], { stdio: ['pipe', 'ignore', 'inherit'] });
    const writerDone = new Promise((resolve) => writer.on('close', resolve));
    writer.stdin.write('.timeout 30000\n');
    writer.stdin.write(`${inserts}\n`);
    const backup = spawn('/bin/sh', [join(BACKUP_SCRIPTS_DIR, 'sqlite.sh')], {
      env: { ...process.env, SQLITE_DATABASE: db, BACKUP_DIR: backups, BACKUP_PREFIX: 'open_pectus_aggregator_prd', BACKUP_KEEP: '3' },
    });
    const backupDone = new Promise<number>((resolve) => backup.on('close', (code) => resolve(code ?? -1)));
    writer.stdin.end();
    const [code] = await Promise.all([backupDone, writerDone]);
    expect(code).toBe(0);
    expect(sql(todayFile, 'PRAGMA integrity_check;')).toBe('ok');
    const copied = Number(sql(todayFile, 'SELECT count(*) FROM runs;'));
    expect(copied).toBeGreaterThanOrEqual(3);
    expect(copied).toBeLessThanOrEqual(3003);
    expect(readdirSync(backups)).toEqual([`open_pectus_aggregator_prd-${today}.sqlite3`]);
    // 3,000 inserts racing a backup: seconds on a busy 2-core machine, more than jest's 5 s default.
  }, 60_000);

  test('retention keeps exactly the newest N copies and ignores other files', () => {
    const { backups, run } = setup();
    for (const day of ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04']) {
      writeFileSync(join(backups, `open_pectus_aggregator_prd-${day}.sqlite3`), 'old');
    }
    writeFileSync(join(backups, 'notes.txt'), 'keep me');
    const result = run('sqlite.sh');
    expect(result.status).toBe(0);
    expect(readdirSync(backups).sort()).toEqual([
      'notes.txt',
      'open_pectus_aggregator_prd-2024-01-03.sqlite3',
      'open_pectus_aggregator_prd-2024-01-04.sqlite3',
      `open_pectus_aggregator_prd-${today}.sqlite3`,
    ]);
  });

  test('a failed backup keeps older copies and leaves no partial file', () => {
    const { db, backups, run, todayFile } = setup();
    const old = ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04'].map((d) => `open_pectus_aggregator_prd-${d}.sqlite3`);
    old.forEach((f) => writeFileSync(join(backups, f), 'old'));
    writeFileSync(db, 'this is not a database, the copy must fail');
    const result = run('sqlite.sh');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/not a database|integrity/);
    expect(existsSync(todayFile)).toBe(false);
    expect(readdirSync(backups).sort()).toEqual(old);
  });

  test('fails clearly when a setting is missing', () => {
    const { run } = setup();
    const result = run('sqlite.sh', { BACKUP_KEEP: '' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('environment variable BACKUP_KEEP is not set');
  });

  test('restore gives back the same rows and keeps the replaced database', () => {
    const { db, run } = setup();
    expect(run('sqlite.sh').status).toBe(0);
    const before = sql(db, 'SELECT id, name FROM runs ORDER BY id;');
    sql(db, "DELETE FROM runs; INSERT INTO runs (name) VALUES ('after the backup');");
    const result = run('sqlite-restore.sh', { RESTORE_FROM: 'latest' });
    expect(result.status).toBe(0);
    expect(sql(db, 'SELECT id, name FROM runs ORDER BY id;')).toBe(before);
    expect(sql(`${db}.before-restore`, 'SELECT name FROM runs;')).toBe('after the backup');
  });

  test('restore refuses a backup that fails the integrity check', () => {
    const { db, backups, run } = setup();
    writeFileSync(join(backups, 'open_pectus_aggregator_prd-2024-01-01.sqlite3'), 'garbage');
    const result = run('sqlite-restore.sh', { RESTORE_FROM: 'open_pectus_aggregator_prd-2024-01-01.sqlite3' });
    expect(result.status).not.toBe(0);
    expect(sql(db, 'SELECT count(*) FROM runs;')).toBe('3');
  });
});
