import { existsSync, readdirSync, statSync } from 'fs';
import { delimiter, join } from 'path';

/**
 * The programs from Debian packages that tests run, each with its package. .ci/run installs these
 * packages on a new machine (test/programs.test.ts checks that it names every one).
 */
export const DEBIAN_PACKAGES = {
  sqlite3: 'sqlite3',
  'mariadb-install-db': 'mariadb-server',
  mariadbd: 'mariadb-server',
  mariadb: 'mariadb-client',
  'mariadb-admin': 'mariadb-client',
  'mariadb-dump': 'mariadb-client',
  initdb: 'postgresql',
  pg_ctl: 'postgresql',
  psql: 'postgresql',
  pg_dump: 'postgresql',
  pg_restore: 'postgresql',
  bzip2: 'bzip2',
  'docker-registry': 'docker-registry',
  skopeo: 'skopeo',
  openssl: 'openssl',
  htpasswd: 'apache2-utils',
  shellcheck: 'shellcheck',
  git: 'git',
  nginx: 'nginx-light',
  uwsgi: 'uwsgi-core',
  // uWSGI's python3 plugin (uwsgi --plugin python3), found like a program in uWSGI's plugin directory.
  'python3_plugin.so': 'uwsgi-plugin-python3',
} as const;

export type Program = keyof typeof DEBIAN_PACKAGES;

/** PostgreSQL's server programs: in a directory per major version, the newest first. */
function postgresServerDirectories(): string[] {
  const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort((a, b) => parseFloat(b) - parseFloat(a)) : [];
  return versions.map((version) => join('/usr/lib/postgresql', version, 'bin'));
}

/**
 * Where Debian installs what is not on every user's PATH. Everything else must be on PATH: the
 * scripts under test call it by name.
 */
const OFF_PATH: Partial<Record<Program, () => string[]>> = {
  mariadbd: () => ['/usr/sbin'],
  nginx: () => ['/usr/sbin'],
  initdb: postgresServerDirectories,
  pg_ctl: postgresServerDirectories,
  'python3_plugin.so': () => ['/usr/lib/uwsgi/plugins'],
};

/**
 * The path of each program, looked up in `path` and then where Debian installs it off PATH. When
 * some are missing, throws one error that names each with its Debian package and says that .ci/run
 * installs them, instead of the ENOENT or TypeError a test would fail with later.
 */
export function requirePrograms<P extends Program>(programs: readonly P[], path = process.env.PATH ?? ''): Record<P, string> {
  const onPath = path.split(delimiter).filter(Boolean);
  const found = programs.map((program) => {
    const directories = [...onPath, ...(OFF_PATH[program]?.() ?? [])];
    return [program, directories.map((d) => join(d, program)).find((file) => existsSync(file) && statSync(file).isFile())] as const;
  });
  const missing = found.filter(([, file]) => !file).map(([program]) => program);
  if (missing.length > 0) {
    const packages = [...new Set(missing.map((program) => DEBIAN_PACKAGES[program]))];
    throw new Error(
      `missing ${missing.map((program) => `${program} (Debian package ${DEBIAN_PACKAGES[program]})`).join(', ')}: ` +
        `.ci/run installs every package the tests need (or: apt-get install ${packages.join(' ')})`,
    );
  }
  return Object.fromEntries(found) as Record<P, string>;
}
