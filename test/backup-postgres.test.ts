import { execFileSync, spawnSync } from 'child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { BACKUP_SCRIPTS_DIR } from '../constructs/backup';
import { requirePrograms } from './programs';
import { recordCalls } from './stand-ins';

// These tests run scripts/backup/postgres.sh and postgres-restore.sh against a real PostgreSQL
// server (Debian package postgresql, installed by .ci/run), started on loopback with a
// throw-away cluster, under /bin/sh as the CronJobs do. PostgreSQL refuses to run as root, so as
// root the server runs as the postgres user.
const today = execFileSync('date', ['+%Y-%m-%d'], { encoding: 'utf8' }).trim();
const programs = requirePrograms(['initdb', 'pg_ctl', 'psql', 'pg_dump', 'pg_restore']);
const SUPERUSER_PASSWORD = 'superuser-password-for-the-test';
const PASSWORD = 'prefect-user-password-for-the-test';
const root = mkdtempSync(join(tmpdir(), 'labstack-postgres-'));
const data = join(root, 'data');
const asRoot = process.getuid?.() === 0;
const asServerUser = (command: string, args: string[]) => (asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args]) as [string, string[]];
let port: number;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port: p } = probe.address() as { port: number };
      probe.close(() => resolve(p));
    });
  });
}

const psql = (statement: string, database = 'prefect', user = 'postgres', password = SUPERUSER_PASSWORD) =>
  execFileSync(programs.psql, ['--no-psqlrc', '-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', database, '-At', '-v', 'ON_ERROR_STOP=1', '-c', statement], {
    encoding: 'utf8',
    env: { ...process.env, PGPASSWORD: password },
  }).trim();

beforeAll(async () => {
  port = await freePort();
  mkdirSync(data);
  const pwfile = join(root, 'pwfile');
  writeFileSync(pwfile, SUPERUSER_PASSWORD);
  if (asRoot) {
    const { uid, gid } = { uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })), gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })) };
    for (const path of [root, data, pwfile]) chownSync(path, uid, gid);
  }
  execFileSync(...asServerUser(programs.initdb, ['-D', data, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${pwfile}`]), { stdio: 'ignore' });
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${root}`;
  execFileSync(...asServerUser(programs.pg_ctl, ['-D', data, '-o', options, '-l', join(root, 'server.log'), '-w', 'start']), { stdio: 'ignore' });
  // What the postgres image's entrypoint does with POSTGRES_DB, POSTGRES_USER and POSTGRES_PASSWORD.
  psql(`CREATE USER prefect WITH PASSWORD '${PASSWORD}'`, 'postgres');
  psql('CREATE DATABASE prefect OWNER prefect', 'postgres');
}, 60_000);

afterAll(() => {
  spawnSync(...asServerUser(programs.pg_ctl, ['-D', data, '-m', 'fast', '-w', 'stop']), { stdio: 'ignore' });
  rmSync(root, { recursive: true, force: true });
}, 60_000);

let runs = 0;
function setup() {
  const backups = join(root, `backup-${++runs}`);
  const bin = join(root, `bin-${runs}`);
  const log = join(root, `calls-${runs}.log`);
  mkdirSync(backups);
  mkdirSync(bin);
  recordCalls(bin, { pg_dump: programs.pg_dump, pg_restore: programs.pg_restore }, log);
  const owner = (sql: string) => psql(sql, 'prefect', 'prefect', PASSWORD);
  owner('DROP TABLE IF EXISTS flow_run; CREATE TABLE flow_run (id uuid PRIMARY KEY, name text NOT NULL, state jsonb, created timestamptz)');
  owner(`INSERT INTO flow_run VALUES ('6f1c2f5e-0000-4000-8000-000000000001', 'archive 1', '{"type": "COMPLETED"}', '2026-11-20 10:00:00+01'),
    ('6f1c2f5e-0000-4000-8000-000000000002', 'retrieve ''quoted'' ünïcode', '{"type": "FAILED"}', '2026-11-21 11:30:00+01')`);
  const env = {
    ...process.env,
    PATH: `${bin}:${process.env.PATH}`,
    PGHOST: '127.0.0.1',
    PGPORT: String(port),
    PGDATABASE: 'prefect',
    PGUSER: 'prefect',
    PGPASSWORD: PASSWORD,
    BACKUP_DIR: backups,
    BACKUP_PREFIX: 'prefect',
    BACKUP_KEEP: '3',
  };
  const run = (script: string, extra: Record<string, string> = {}) =>
    spawnSync('/bin/sh', [join(BACKUP_SCRIPTS_DIR, script)], { env: { ...env, ...extra }, encoding: 'utf8' });
  const calls = () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []);
  return { backups, run, owner, calls, todayFile: join(backups, `prefect-${today}.dump`) };
}
const rows = () => psql("SELECT id, name, state, created AT TIME ZONE 'UTC' FROM flow_run ORDER BY id");

describe('PostgreSQL backup script against a real PostgreSQL server', () => {
  test('writes prefect-YYYY-MM-DD.dump in custom format', () => {
    const { run, todayFile } = setup();
    const result = run('postgres.sh');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(readFileSync(todayFile).subarray(0, 5).toString()).toBe('PGDMP');
    expect(execFileSync(programs.pg_restore, ['--list', todayFile], { encoding: 'utf8' })).toContain('TABLE public flow_run');
  });

  test('backup, drop, restore gives back the same rows, with the password on no command line', () => {
    const { run, owner, calls } = setup();
    const before = rows();
    expect(run('postgres.sh').status).toBe(0);
    owner('DROP TABLE flow_run');
    const result = run('postgres-restore.sh', { RESTORE_FROM: 'latest' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(rows()).toBe(before);
    // The client tools read PGPASSWORD from their environment.
    expect(new Set(calls().map((c) => c.split(' ')[0]))).toEqual(new Set(['pg_dump', 'pg_restore']));
    expect(calls().join('\n')).not.toContain(PASSWORD);
  });

  test('restore replaces rows changed after the backup', () => {
    const { run, owner } = setup();
    const before = rows();
    expect(run('postgres.sh').status).toBe(0);
    owner("DELETE FROM flow_run; INSERT INTO flow_run VALUES ('6f1c2f5e-0000-4000-8000-000000000009', 'after the backup', NULL, NULL)");
    expect(run('postgres-restore.sh', { RESTORE_FROM: `prefect-${today}.dump` }).status).toBe(0);
    expect(rows()).toBe(before);
  });

  test('retention keeps exactly the newest N dumps and ignores other files', () => {
    const { backups, run } = setup();
    for (const day of ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04']) writeFileSync(join(backups, `prefect-${day}.dump`), 'old');
    writeFileSync(join(backups, 'notes.txt'), 'keep me');
    expect(run('postgres.sh').status).toBe(0);
    expect(readdirSync(backups).sort()).toEqual(['notes.txt', 'prefect-2024-01-03.dump', 'prefect-2024-01-04.dump', `prefect-${today}.dump`]);
  });

  test('a failed dump keeps the older dumps and leaves no partial file', () => {
    const { backups, run, todayFile } = setup();
    const old = ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04'].map((d) => `prefect-${d}.dump`);
    old.forEach((f) => writeFileSync(join(backups, f), 'old'));
    const result = run('postgres.sh', { PGPASSWORD: 'wrong-password' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/password authentication failed/);
    expect(existsSync(todayFile)).toBe(false);
    expect(readdirSync(backups).sort()).toEqual(old);
  });

  test('fails clearly when a setting is missing', () => {
    const { run } = setup();
    const result = run('postgres.sh', { PGHOST: '' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('environment variable PGHOST is not set');
  });

  test('restore refuses a file that is not a dump and leaves the database alone', () => {
    const { backups, run } = setup();
    writeFileSync(join(backups, 'prefect-2024-01-01.dump'), 'not a dump');
    const before = rows();
    const result = run('postgres-restore.sh', { RESTORE_FROM: 'prefect-2024-01-01.dump' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('is not a readable pg_dump archive');
    expect(rows()).toBe(before);
  });
});
