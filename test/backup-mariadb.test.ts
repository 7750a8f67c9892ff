import { ChildProcess, execFileSync, spawn, spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { BACKUP_SCRIPTS_DIR } from '../constructs/backup';
import { requirePrograms } from './programs';
import { recordCalls } from './stand-ins';

// These tests run scripts/backup/mariadb.sh and mariadb-restore.sh against a real MariaDB server
// (Debian packages mariadb-server and mariadb-client, installed by .ci/run), started on loopback
// with a throw-away data directory, under /bin/sh as the CronJobs do.
const programs = requirePrograms(['mariadb-install-db', 'mariadbd', 'mariadb', 'mariadb-admin', 'mariadb-dump']);
const today = execFileSync('date', ['+%Y-%m-%d'], { encoding: 'utf8' }).trim();
const PASSWORD = 'a-test-password-of-the-sticky-pi-user';
const root = mkdtempSync(join(tmpdir(), 'labstack-mariadb-'));
const socket = join(root, 'mysqld.sock');
const asRoot = process.getuid?.() === 0 ? ['--user=root'] : [];
// mariadb-install-db runs mariadbd, which lives in /usr/sbin: not on every user's PATH.
const serverEnv = { ...process.env, PATH: `${process.env.PATH}:${dirname(programs.mariadbd)}` };
let server: ChildProcess;
let port: number;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port: p } = probe.address() as { port: number };
      probe.close(() => resolve(p));
    });
  });
}

/** Runs SQL as root over the socket. */
const admin = (statement: string, database = '') =>
  execFileSync(programs.mariadb, ['--no-defaults', `--socket=${socket}`, '--user=root', '--batch', '--skip-column-names', '-e', statement, ...(database ? [database] : [])], {
    encoding: 'utf8',
  }).trim();

beforeAll(async () => {
  port = await freePort();
  execFileSync(programs['mariadb-install-db'], ['--no-defaults', `--datadir=${join(root, 'data')}`, '--auth-root-authentication-method=socket', ...asRoot], { stdio: 'ignore', env: serverEnv });
  server = spawn(
    programs.mariadbd,
    ['--no-defaults', `--datadir=${join(root, 'data')}`, `--socket=${socket}`, `--port=${port}`, '--bind-address=127.0.0.1', '--skip-name-resolve',
      `--pid-file=${join(root, 'mysqld.pid')}`, `--log-error=${join(root, 'error.log')}`, ...asRoot],
    { stdio: 'ignore', env: serverEnv },
  );
  for (let i = 0; ; i++) {
    if (spawnSync(programs['mariadb-admin'], ['--no-defaults', `--socket=${socket}`, '--user=root', 'ping'], { stdio: 'ignore' }).status === 0) break;
    if (i > 100) throw new Error(`MariaDB did not start: ${existsSync(join(root, 'error.log')) ? readFileSync(join(root, 'error.log'), 'utf8') : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  // What the mariadb image's entrypoint does with MARIADB_DATABASE/USER/PASSWORD.
  admin(`CREATE DATABASE \`sticky-pi\`; CREATE USER 'sticky-pi'@'%' IDENTIFIED BY '${PASSWORD}'; GRANT ALL ON \`sticky-pi\`.* TO 'sticky-pi'@'%';`);
}, 60_000);

afterAll(async () => {
  if (server && server.exitCode === null && server.signalCode === null) {
    const exited = new Promise((r) => server.on('exit', r));
    server.kill('SIGTERM');
    await exited;
  }
  rmSync(root, { recursive: true, force: true });
}, 60_000);

let runs = 0;
function setup() {
  const backups = join(root, `backup-${++runs}`);
  const bin = join(root, `bin-${runs}`);
  const log = join(root, `calls-${runs}.log`);
  mkdirSync(backups);
  mkdirSync(bin);
  recordCalls(bin, { 'mariadb-dump': programs['mariadb-dump'], mariadb: programs.mariadb }, log);
  admin('DROP TABLE IF EXISTS images; CREATE TABLE images (id INT PRIMARY KEY AUTO_INCREMENT, device CHAR(8), taken DATETIME, note TEXT) ENGINE=InnoDB;', 'sticky-pi');
  admin("INSERT INTO images (device, taken, note) VALUES ('0a5bb6f4', '2020-06-20 20:19:15', 'first'), ('1b74105a', '2020-07-05 10:26:18', 'quote '' and ünïcode');", 'sticky-pi');
  const env = {
    ...process.env,
    PATH: `${bin}:${process.env.PATH}`,
    MYSQL_HOST: '127.0.0.1',
    MYSQL_PORT: String(port),
    MYSQL_DATABASE: 'sticky-pi',
    MYSQL_USER: 'sticky-pi',
    MYSQL_PWD: PASSWORD,
    BACKUP_DIR: backups,
    BACKUP_PREFIX: 'spi_db.dump',
    BACKUP_KEEP: '3',
  };
  const run = (script: string, extra: Record<string, string> = {}) =>
    spawnSync('/bin/sh', [join(BACKUP_SCRIPTS_DIR, script)], { env: { ...env, ...extra }, encoding: 'utf8' });
  const calls = () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []);
  return { backups, run, calls, todayFile: join(backups, `spi_db.dump.${today}.sql.gz`) };
}
const rows = () => admin('SELECT id, device, taken, note FROM images ORDER BY id;', 'sticky-pi');

describe('MariaDB backup script against a real MariaDB server', () => {
  test('writes spi_db.dump.YYYY-MM-DD.sql.gz, a complete gzip-compressed dump', () => {
    const { run, todayFile } = setup();
    const result = run('mariadb.sh');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const sql = execFileSync('gzip', ['-dc', todayFile], { encoding: 'utf8' });
    expect(sql).toContain('CREATE TABLE `images`');
    expect(sql.trimEnd().split('\n').pop()).toMatch(/^-- Dump completed/);
  });

  test('backup, drop, restore gives back the same rows, with the password on no command line', () => {
    const { run, calls } = setup();
    const before = rows();
    expect(run('mariadb.sh').status).toBe(0);
    admin('DROP TABLE images;', 'sticky-pi');
    const result = run('mariadb-restore.sh', { RESTORE_FROM: 'latest' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(rows()).toBe(before);
    // The client reads MYSQL_PWD from its environment.
    expect(calls().map((c) => c.split(' ')[0])).toEqual(['mariadb-dump', 'mariadb']);
    expect(calls().join('\n')).not.toContain(PASSWORD);
  });

  test('retention keeps exactly the newest N dumps and ignores other files', () => {
    const { backups, run } = setup();
    for (const day of ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04']) writeFileSync(join(backups, `spi_db.dump.${day}.sql.gz`), 'old');
    writeFileSync(join(backups, 'notes.txt'), 'keep me');
    expect(run('mariadb.sh').status).toBe(0);
    expect(readdirSync(backups).sort()).toEqual(['notes.txt', 'spi_db.dump.2024-01-03.sql.gz', 'spi_db.dump.2024-01-04.sql.gz', `spi_db.dump.${today}.sql.gz`]);
  });

  test('a failed dump keeps the older dumps and leaves no partial file', () => {
    const { backups, run, todayFile } = setup();
    const old = ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04'].map((d) => `spi_db.dump.${d}.sql.gz`);
    old.forEach((f) => writeFileSync(join(backups, f), 'old'));
    const result = run('mariadb.sh', { MYSQL_PWD: 'wrong-password' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/Access denied/);
    expect(existsSync(todayFile)).toBe(false);
    expect(readdirSync(backups).sort()).toEqual(old);
  });

  test('fails clearly when a setting is missing', () => {
    const { run } = setup();
    const result = run('mariadb.sh', { MYSQL_HOST: '' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('environment variable MYSQL_HOST is not set');
  });

  test('restore refuses a truncated dump and leaves the database alone', () => {
    const { backups, run, todayFile } = setup();
    expect(run('mariadb.sh').status).toBe(0);
    const copy = join(backups, 'spi_db.dump.2024-01-01.sql.gz');
    writeFileSync(copy, readFileSync(todayFile));
    truncateSync(copy, Math.floor(readFileSync(copy).length / 2));
    admin("INSERT INTO images (device, note) VALUES ('5c173ff2', 'after the backup');", 'sticky-pi');
    const before = rows();
    const result = run('mariadb-restore.sh', { RESTORE_FROM: 'spi_db.dump.2024-01-01.sql.gz' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('is not a complete dump');
    expect(rows()).toBe(before);
  });
});
