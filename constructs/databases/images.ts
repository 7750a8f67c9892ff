/**
 * Image contracts of the database images (docker-library official images) and of the busybox
 * image that archives MongoDB dumps. Every fact names the upstream file it was read from.
 *
 * Read at postgres 15.17-alpine (docker-library/postgres 21d69649), mariadb 11.4.12
 * (MariaDB/mariadb-docker 53935c78), mongo 7.0.37 (docker-library/mongo b05f3db9, with mongosh
 * v2.8.3 and mongodb-database-tools 100.17.0) and busybox 1.37.0.
 *
 * Read with the bare mirrors of docker-library/official-images, docker-library/postgres,
 * MariaDB/mariadb-docker, docker-library/mongo, docker-library/busybox, mongodb/mongo-tools and
 * mongodb-js/mongosh, and with the stored index for postgres/postgres and MariaDB/server (both
 * too large to fetch: 882 MB and 2 GB). See databases.md for defects and recommended tags.
 */
import { ImageContract, ImageContractSpec, sourceIn } from '../image-contract';

// ---------------------------------------------------------------------------------------------
// docker.io/library/postgres:15.17-alpine
// ---------------------------------------------------------------------------------------------

/** official-images commit where 15.17-alpine first appears (GitCommit 21d69649, 15/alpine3.23). */
const oiPgFirst = sourceIn('docker-library/official-images', 'a7e62f56d2f9aea9c06f822a6f4aafe38a0173a9');
/** official-images commit of the last build of 15.17-alpine (GitCommit 3b6b5fca, 15/alpine3.23). */
const oiPgLast = sourceIn('docker-library/official-images', '3a11ba846c60a91e62664e98bdf367b533232af9');
/** official-images commit where 15.18 replaced 15.17. */
const oiPgNext = sourceIn('docker-library/official-images', '6af773ed6c0808fd4a33933d8ccd8503b5dfdd01');
/** The docker-library/postgres commit 15.17-alpine was first built from (the rebuild commit 3b6b5fca is not in the mirror). */
const pg = sourceIn('docker-library/postgres', '21d696495924e89b0b6c43088e2783fabdef94be');
/** A stored postgres/postgres version of pg_isready.c (PostgreSQL 12 era; REL_15_17 is not in the index). */
const pgIsready = sourceIn('postgres/postgres', '0301db623de076f9fb17189daaeb9202a05865bf');
/** A stored postgres/postgres version of libpq's fe-connect.c (PostgreSQL 16/17 era). */
const libpq = sourceIn('postgres/postgres', '0028b55bc8e2fc80816094620d116e2cbbd8e5f3');

const PG_DOCKERFILE = '15/alpine3.23/Dockerfile';
const PG_ENTRYPOINT = '15/alpine3.23/docker-entrypoint.sh';

const postgresContract: ImageContractSpec = {
  repository: 'docker.io/library/postgres',
  description: 'PostgreSQL 15 server (Alpine variant) with the docker-library entrypoint; also the pg_dump/pg_restore client of the backup jobs',
  tags: {
    pinned: '15.17-alpine',
    versions: /^15\.\d+-alpine(3\.\d+)?$/,
    source: [oiPgFirst('library/postgres', 'L1, L77-80'), oiPgLast('library/postgres', 'L77-80'), oiPgNext('library/postgres', 'L77-80')],
    note:
      'Tags are produced by docker-library/postgres generate-stackbrew-library.sh into official-images library/postgres. ' +
      '15.17-alpine (also 15.17-alpine3.23) is listed at a7e62f56 (2026-02-26, GitCommit 21d69649, 15/alpine3.23) and at 3a11ba84 (2026-04-21, GitCommit 3b6b5fca, same directory), ' +
      'and was replaced by 15.18-alpine at 6af773ed (2026-05-14). The rebuild from 3b6b5fca ("Fix Alpine missing /var/lib/postgresql/data mounts", postgres PR #1409) is the last one; ' +
      'the tag was built from two commits, so only a digest pins it. Newest 15.x at official-images HEAD (37079fb3, 2026-08-21): 15.19-alpine since 62e3678b (2026-08-13; L97-100, GitCommit 3cfb3b50, alpine3.24, not in the mirror).',
  },
  user: {
    uid: 70,
    anyUid: true,
    source: [pg(PG_DOCKERFILE, 'L9-16'), pg(PG_DOCKERFILE, 'L18-47'), pg(PG_ENTRYPOINT, 'L36-61'), pg(PG_ENTRYPOINT, 'L67-99'), pg(PG_ENTRYPOINT, 'L332-339')],
    note:
      'The Dockerfile has no USER: the entrypoint starts as root, chowns PGDATA and /var/run/postgresql and re-executes itself through gosu (1.19, Dockerfile L20) as postgres (uid/gid 70, created L11-13). ' +
      'Started as non-root it skips every chown (L50, L57) and runs as that uid: PGDATA must be writable (the entrypoint mkdir -p and chmod 0700 it, L39-41). ' +
      'initdb needs the uid in /etc/passwd: uid 70 is there; any other uid gets a fake entry through nss_wrapper (installed except on ppc64le, Dockerfile L175-176) written with mktemp, so /tmp must be writable.',
  },
  entrypoint: {
    entrypoint: ['docker-entrypoint.sh'],
    execsArgs: true,
    cmd: ['postgres'],
    source: [pg(PG_DOCKERFILE, 'L201-203'), pg(PG_DOCKERFILE, 'L218'), pg(PG_DOCKERFILE, 'L230'), pg(PG_ENTRYPOINT, 'L326-378')],
    note:
      'No WORKDIR (/). A first argument starting with "-" is taken as postgres flags (L328-330). STOPSIGNAL SIGINT (fast shutdown). Initialisation runs only when $PGDATA/PG_VERSION is missing (L246-247, L342). ' +
      'The "old databases" check (docker_error_old_databases, L139-167, L248-258, L344) only applies when PGDATA=/var/lib/postgresql/15/docker, which is not the 15 default nor LabStack\'s PGDATA.',
  },
  programs: [
    {
      command: 'docker-entrypoint.sh',
      main: true,
      source: pg(PG_ENTRYPOINT, 'L326-378'),
      note: 'LabStack passes no command or args to the server container; the image runs docker-entrypoint.sh postgres.',
      env: [
        {
          name: 'POSTGRES_PASSWORD',
          required: true,
          source: [pg(PG_ENTRYPOINT, 'L235'), pg(PG_ENTRYPOINT, 'L106-120'), pg(PG_ENTRYPOINT, 'L92')],
          note: 'Required on first start (empty data directory) unless POSTGRES_HOST_AUTH_METHOD=trust; exits 1 otherwise. Becomes the superuser password via initdb --pwfile. Also read from POSTGRES_PASSWORD_FILE (file_env, L9-25). Ignored once the cluster exists.',
        },
        { name: 'POSTGRES_PASSWORD_FILE', source: pg(PG_ENTRYPOINT, 'L9-25, L235'), note: 'Exclusive with POSTGRES_PASSWORD.' },
        { name: 'POSTGRES_USER', source: [pg(PG_ENTRYPOINT, 'L237'), pg(PG_ENTRYPOINT, 'L92')], note: 'Default postgres. The superuser created by initdb --username; first start only.' },
        { name: 'POSTGRES_USER_FILE', source: pg(PG_ENTRYPOINT, 'L9-25, L237') },
        { name: 'POSTGRES_DB', source: [pg(PG_ENTRYPOINT, 'L238'), pg(PG_ENTRYPOINT, 'L217-230')], note: 'Default $POSTGRES_USER. CREATE DATABASE on first start only (owner: the superuser).' },
        { name: 'POSTGRES_DB_FILE', source: pg(PG_ENTRYPOINT, 'L9-25, L238') },
        { name: 'POSTGRES_INITDB_ARGS', source: pg(PG_ENTRYPOINT, 'L239, L92'), note: 'Extra initdb arguments (eval-ed), first start only.' },
        { name: 'POSTGRES_INITDB_ARGS_FILE', source: pg(PG_ENTRYPOINT, 'L9-25, L239') },
        { name: 'POSTGRES_INITDB_WALDIR', source: pg(PG_ENTRYPOINT, 'L48-54, L87-89') },
        { name: 'POSTGRES_HOST_AUTH_METHOD', source: pg(PG_ENTRYPOINT, 'L240, L263-281'), note: 'Default: the server\'s password_encryption (scram-sha-256 in 15): appended as "host all all all <method>" to pg_hba.conf on first start.' },
        {
          name: 'PGDATA',
          source: [pg(PG_DOCKERFILE, 'L196-199'), pg(PG_ENTRYPOINT, 'L39-41, L246')],
          note: 'Image default /var/lib/postgresql/data (a VOLUME). The entrypoint creates it and chmods it 0700 at every start; postgres reads it as its data directory.',
        },
        { name: 'PGPORT', source: [pg(PG_ENTRYPOINT, 'L292'), libpq('src/interfaces/libpq/fe-connect.c', 'PQconninfoOptions[] "port"/"PGPORT"')], note: 'Port of the temporary init server; libpq default port of the client tools (default 5432).' },
        { name: 'LANG', source: pg(PG_DOCKERFILE, 'L49-51'), note: 'Image default en_US.utf8 (initdb locale).' },
      ],
      writes: [
        { path: '/var/lib/postgresql/data', source: [pg(PG_DOCKERFILE, 'L196-199'), pg(PG_ENTRYPOINT, 'L39-41')], note: 'PGDATA or its parent (LabStack: PGDATA=/var/lib/postgresql/data/pgdata on the claim mounted here).' },
        { path: '/var/run/postgresql', source: [pg(PG_DOCKERFILE, 'L109-113'), pg(PG_DOCKERFILE, 'L194'), pg(PG_ENTRYPOINT, 'L44-45')], note: 'DEFAULT_PGSOCKET_DIR is patched to /var/run/postgresql: Unix socket and its lock file. The entrypoint chmod there may fail (ignored).' },
        { path: '/tmp', source: pg(PG_ENTRYPOINT, 'L71-84'), note: 'Only when the uid has no passwd entry (nss_wrapper files from mktemp). Not needed for uid 70.' },
      ],
    },
    {
      command: 'pg_isready',
      flags: ['-d', '--dbname', '-h', '--host', '-p', '--port', '-q', '--quiet', '-t', '--timeout', '-U', '--username', '-V', '--version', '-?', '--help'],
      source: pgIsready('src/bin/scripts/pg_isready.c', 'main: long_options, getopt_long "d:h:p:qt:U:"'),
      note:
        'Read at a stored postgres/postgres version, not REL_15_17 (the repository is too large to fetch; the index returns one version); the same option set is printed by pg_isready 15.18 --help on this machine. ' +
        'pg_isready exits with PQpingParams: 0 whenever the server answers, even if the user or database is wrong (the source says it accepts them "to avoid useless errors").',
      env: [
        { name: 'PGHOST', source: [pg(PG_ENTRYPOINT, 'L212'), libpq('src/interfaces/libpq/fe-connect.c', 'PQconninfoOptions[] "host"/"PGHOST"')], note: 'libpq host (backup jobs). The entrypoint blanks it for its own psql calls.' },
        { name: 'PGPORT', source: [pg(PG_ENTRYPOINT, 'L292'), libpq('src/interfaces/libpq/fe-connect.c', 'PQconninfoOptions[] "port"/"PGPORT"')], note: 'Port of the temporary init server; libpq default port of the client tools (default 5432).' },
        { name: 'PGUSER', source: [pg(PG_ENTRYPOINT, 'L297, L305'), libpq('src/interfaces/libpq/fe-connect.c', 'PQconninfoOptions[] "user"/"PGUSER"')], note: 'libpq default user (pg_dump/pg_restore in the backup jobs).' },
        { name: 'PGPASSWORD', source: [pg(PG_ENTRYPOINT, 'L352-354, L361'), libpq('src/interfaces/libpq/fe-connect.c', 'PQconninfoOptions[] "password"/"PGPASSWORD"')], note: 'libpq password (backup jobs).' },
        { name: 'PGDATABASE', source: libpq('src/interfaces/libpq/fe-connect.c', 'PQconninfoOptions[] "dbname"/"PGDATABASE"'), note: 'libpq database (backup jobs; the scripts also pass it explicitly).' },
      ],
    },
    {
      command: 'pg_dump',
      flags: [
        '-f', '--file', '-F', '--format', '-j', '--jobs', '-v', '--verbose', '-V', '--version', '-Z', '--compress', '--lock-wait-timeout', '--no-sync', '-?', '--help',
        '-a', '--data-only', '-b', '--blobs', '-B', '--no-blobs', '-c', '--clean', '-C', '--create', '-e', '--extension', '-E', '--encoding', '-n', '--schema',
        '-N', '--exclude-schema', '-O', '--no-owner', '-s', '--schema-only', '-S', '--superuser', '-t', '--table', '-T', '--exclude-table', '-x', '--no-privileges',
        '--binary-upgrade', '--column-inserts', '--disable-dollar-quoting', '--disable-triggers', '--enable-row-security', '--exclude-table-data', '--extra-float-digits',
        '--if-exists', '--include-foreign-data', '--inserts', '--load-via-partition-root', '--no-comments', '--no-publications', '--no-security-labels', '--no-subscriptions',
        '--no-table-access-method', '--no-tablespaces', '--no-toast-compression', '--no-unlogged-table-data', '--on-conflict-do-nothing', '--quote-all-identifiers',
        '--restrict-key', '--rows-per-insert', '--section', '--serializable-deferrable', '--snapshot', '--strict-names', '--use-set-session-authorization',
        '-d', '--dbname', '-h', '--host', '-p', '--port', '-U', '--username', '-w', '--no-password', '-W', '--password', '--role',
      ],
      source: pg(PG_DOCKERFILE, 'L55-57, L63-157'),
      note:
        'UNREAD UPSTREAM at REL_15_17: src/bin/pg_dump/pg_dump.c could not be read at that tag (postgres/postgres is 882 MB, over the fetch limit; the index holds other versions). ' +
        'The list is pg_dump 15.18 --help on this machine, including --restrict-key (added in 15.14, so present in 15.17). The image builds these binaries from the 15.17 source tarball (Dockerfile L55-57, L63-157). LabStack uses --format, --file and a positional database name.',
      env: [
        { name: 'PGHOST', source: [pg(PG_ENTRYPOINT, 'L212'), libpq('src/interfaces/libpq/fe-connect.c', 'PQconninfoOptions[] "host"/"PGHOST"')], note: 'libpq host (backup jobs). The entrypoint blanks it for its own psql calls.' },
        { name: 'PGPORT', source: [pg(PG_ENTRYPOINT, 'L292'), libpq('src/interfaces/libpq/fe-connect.c', 'PQconninfoOptions[] "port"/"PGPORT"')], note: 'Port of the temporary init server; libpq default port of the client tools (default 5432).' },
        { name: 'PGUSER', source: [pg(PG_ENTRYPOINT, 'L297, L305'), libpq('src/interfaces/libpq/fe-connect.c', 'PQconninfoOptions[] "user"/"PGUSER"')], note: 'libpq default user (pg_dump/pg_restore in the backup jobs).' },
        { name: 'PGPASSWORD', source: [pg(PG_ENTRYPOINT, 'L352-354, L361'), libpq('src/interfaces/libpq/fe-connect.c', 'PQconninfoOptions[] "password"/"PGPASSWORD"')], note: 'libpq password (backup jobs).' },
        { name: 'PGDATABASE', source: libpq('src/interfaces/libpq/fe-connect.c', 'PQconninfoOptions[] "dbname"/"PGDATABASE"'), note: 'libpq database (backup jobs; the scripts also pass it explicitly).' },
      ],
    },
    {
      command: 'pg_restore',
      flags: [
        '-d', '--dbname', '-f', '--file', '-F', '--format', '-l', '--list', '-v', '--verbose', '-V', '--version', '-?', '--help',
        '-a', '--data-only', '-c', '--clean', '-C', '--create', '-e', '--exit-on-error', '-I', '--index', '-j', '--jobs', '-L', '--use-list', '-n', '--schema',
        '-N', '--exclude-schema', '-O', '--no-owner', '-P', '--function', '-s', '--schema-only', '-S', '--superuser', '-t', '--table', '-T', '--trigger',
        '-x', '--no-privileges', '-1', '--single-transaction', '--disable-triggers', '--enable-row-security', '--if-exists', '--no-comments',
        '--no-data-for-failed-tables', '--no-publications', '--no-security-labels', '--no-subscriptions', '--no-table-access-method', '--no-tablespaces',
        '--restrict-key', '--section', '--strict-names', '--use-set-session-authorization', '-h', '--host', '-p', '--port', '-U', '--username', '-w', '--no-password', '-W', '--password', '--role',
      ],
      source: pg(PG_DOCKERFILE, 'L55-57, L63-157'),
      note:
        'UNREAD UPSTREAM at REL_15_17 (same reason as pg_dump). List from pg_restore 15.18 --help on this machine, including --restrict-key (15.14+). ' +
        'LabStack uses --list, --clean, --if-exists, --no-owner, --single-transaction, --exit-on-error, --dbname and a positional archive.',
      env: [
        { name: 'PGHOST', source: [pg(PG_ENTRYPOINT, 'L212'), libpq('src/interfaces/libpq/fe-connect.c', 'PQconninfoOptions[] "host"/"PGHOST"')], note: 'libpq host (backup jobs). The entrypoint blanks it for its own psql calls.' },
        { name: 'PGPORT', source: [pg(PG_ENTRYPOINT, 'L292'), libpq('src/interfaces/libpq/fe-connect.c', 'PQconninfoOptions[] "port"/"PGPORT"')], note: 'Port of the temporary init server; libpq default port of the client tools (default 5432).' },
        { name: 'PGUSER', source: [pg(PG_ENTRYPOINT, 'L297, L305'), libpq('src/interfaces/libpq/fe-connect.c', 'PQconninfoOptions[] "user"/"PGUSER"')], note: 'libpq default user (pg_dump/pg_restore in the backup jobs).' },
        { name: 'PGPASSWORD', source: [pg(PG_ENTRYPOINT, 'L352-354, L361'), libpq('src/interfaces/libpq/fe-connect.c', 'PQconninfoOptions[] "password"/"PGPASSWORD"')], note: 'libpq password (backup jobs).' },
        { name: 'PGDATABASE', source: libpq('src/interfaces/libpq/fe-connect.c', 'PQconninfoOptions[] "dbname"/"PGDATABASE"'), note: 'libpq database (backup jobs; the scripts also pass it explicitly).' },
      ],
    },
    {
      command: 'sh',
      flags: ['-c'],
      source: pg(PG_DOCKERFILE, 'L7'),
      note: 'Alpine 3.23 base: /bin/sh is BusyBox ash (not read here). LabStack runs `sh -c` (readiness probe) and `/bin/sh /scripts/*.sh` (backup jobs). date, ls, grep -E, sort -r, tail -n +N, head, mv, rm, basename, dirname come from the same BusyBox.',
    },
    {
      command: '/bin/sh',
      source: pg(PG_DOCKERFILE, 'L7'),
      note:
        'The backup jobs run `/bin/sh /scripts/postgres.sh|postgres-restore.sh` (BusyBox ash of Alpine 3.23, not read). The variables listed are read by pg_dump/pg_restore (libpq) that the scripts run; ' +
        'BACKUP_DIR, BACKUP_KEEP, BACKUP_PREFIX, RESTORE_FROM are read by LabStack\'s own scripts, not by the image.',
      env: [
        { name: 'PGHOST', source: [pg(PG_ENTRYPOINT, 'L212'), libpq('src/interfaces/libpq/fe-connect.c', 'PQconninfoOptions[] "host"/"PGHOST"')], note: 'libpq host (backup jobs). The entrypoint blanks it for its own psql calls.' },
        { name: 'PGPORT', source: [pg(PG_ENTRYPOINT, 'L292'), libpq('src/interfaces/libpq/fe-connect.c', 'PQconninfoOptions[] "port"/"PGPORT"')], note: 'Port of the temporary init server; libpq default port of the client tools (default 5432).' },
        { name: 'PGUSER', source: [pg(PG_ENTRYPOINT, 'L297, L305'), libpq('src/interfaces/libpq/fe-connect.c', 'PQconninfoOptions[] "user"/"PGUSER"')], note: 'libpq default user (pg_dump/pg_restore in the backup jobs).' },
        { name: 'PGPASSWORD', source: [pg(PG_ENTRYPOINT, 'L352-354, L361'), libpq('src/interfaces/libpq/fe-connect.c', 'PQconninfoOptions[] "password"/"PGPASSWORD"')], note: 'libpq password (backup jobs).' },
        { name: 'PGDATABASE', source: libpq('src/interfaces/libpq/fe-connect.c', 'PQconninfoOptions[] "dbname"/"PGDATABASE"'), note: 'libpq database (backup jobs; the scripts also pass it explicitly).' },
      ],
    },
  ],
  ports: [{ port: 5432, protocol: 'tcp', source: [pg(PG_DOCKERFILE, 'L136'), pg(PG_DOCKERFILE, 'L229'), pg(PG_DOCKERFILE, 'L189-192')], note: 'listen_addresses=* in the sample config used by initdb.' }],
  code: [
    { path: '/usr/local', source: pg(PG_DOCKERFILE, 'L138, L155-157'), note: 'PostgreSQL is installed with --prefix=/usr/local (bin, lib, share).' },
    { path: '/usr/local/bin/docker-entrypoint.sh', source: pg(PG_DOCKERFILE, 'L201-202') },
    { path: '/docker-entrypoint-initdb.d', source: [pg(PG_DOCKERFILE, 'L53'), pg(PG_ENTRYPOINT, 'L347, L358')], note: 'Init scripts; mount here only on purpose.' },
  ],
  health: [
    {
      command: 'pg_isready',
      port: 5432,
      dependsOn: 'the server answering on the socket or TCP: exit 0 (PQPING_OK) for any server response, including authentication or "database does not exist" errors; 1 (PQPING_REJECT) while starting up, in recovery or shutting down; 2 no response',
      source: [pgIsready('src/bin/scripts/pg_isready.c', 'main: comment "We accept user and database as options to avoid useless errors"; exit(rv)'), libpq('src/interfaces/libpq/fe-connect.c', 'internal_ping')],
      note: '--username/--dbname do not make the check stricter. internal_ping was read at a stored postgres/postgres version, not REL_15_17.',
    },
  ],
  assumptions: [
    { what: 'pg_dump and pg_restore option sets at 15.17 (checked against the 15.18 client, not the REL_15_17 source)', configuredAt: 'scripts/backup/postgres.sh, scripts/backup/postgres-restore.sh' },
    {
      what:
        'The digest of 15.17-alpine LabStack deploys is one of the two builds (21d69649, and the last one, 3b6b5fca; both 15/alpine3.23). Only 21d69649 was read: 3b6b5fca is not in the mirror nor the index. ' +
        'Per its official-images commit message and postgres PR #1409 it only adds a mountinfo fallback to the entrypoint\'s PG 18+ `mountpoint` check (L255); entrypoint line numbers after L255 may differ in that build',
      configuredAt: 'systems.openem.images.postgres',
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// docker.io/library/mariadb:11.4.12
// ---------------------------------------------------------------------------------------------

/** official-images commit where 11.4.12 first appears. */
const oiMariaFirst = sourceIn('docker-library/official-images', 'c3b6db54deb19b73414df0693bf97340db2f5da8');
/** Last official-images commit that changed library/mariadb (2026-08-13): 11.4.12 still listed, same GitCommit. */
const oiMariaLast = sourceIn('docker-library/official-images', '512a9917812f5e256f0ff3aa8d876610ed0f27d8');
/** MariaDB/mariadb-docker commit of 11.4.12 (the only GitCommit it was built from). */
const maria = sourceIn('MariaDB/mariadb-docker', '53935c78b82bff912b361357d59db11d7246ea96');
/** Stored MariaDB/server version of an InnoDB test option file (not the 11.4.12 tag; MariaDB/server is 2 GB). */
const mariaServer = sourceIn('MariaDB/server', '06c57584b377d4d5feaad2d90a826583d4ac91a7');

/**
 * MariaDB Connector/C, the client library of the MariaDB client programs (libmariadb), at its v3.4.1 tag
 * (de6305915f86bb33c83b1fe782a2b8a76920aec1): which 3.4 release 11.4.12 bundles is not read.
 */
const connectorC = sourceIn('mariadb-corporation/mariadb-connector-c', 'v3.4.1');

const M_DOCKERFILE = '11.4/Dockerfile';
const M_ENTRYPOINT = '11.4/docker-entrypoint.sh';
const M_HEALTH = '11.4/healthcheck.sh';

const mariadbContract: ImageContractSpec = {
  repository: 'docker.io/library/mariadb',
  description: 'MariaDB 11.4 LTS server (Ubuntu noble) with the MariaDB/mariadb-docker entrypoint and healthcheck.sh; also the mariadb-dump/mariadb client of the backup jobs',
  tags: {
    pinned: '11.4.12',
    versions: /^11\.4\.\d+(-noble)?$/,
    source: [oiMariaFirst('library/mariadb', 'L1, L44-47'), oiMariaLast('library/mariadb', 'L1, L44-47'), maria('generate-stackbrew-library.sh')],
    note:
      'Produced by MariaDB/mariadb-docker generate-stackbrew-library.sh into official-images library/mariadb. 11.4.12 (also 11.4.12-noble, 11.4-noble, 11.4; not lts, which was 11.8 at c3b6db54 and is 12.3 at HEAD) ' +
      'is listed from c3b6db54 (2026-05-29) through 512a9917 (2026-08-13, the last change to library/mariadb before HEAD 37079fb3, 2026-08-21), always GitCommit 53935c78, directory 11.4; not replaced yet. ' +
      'A listed tag is rebuilt when its base image changes, so only a digest pins it.',
  },
  user: {
    uid: 999,
    anyUid: true,
    source: [maria(M_DOCKERFILE, 'L5'), maria('11.4-ubi/Dockerfile', 'L5-8'), maria(M_DOCKERFILE, 'L118-123'), maria(M_ENTRYPOINT, 'L201-225'), maria(M_ENTRYPOINT, 'L696-700')],
    note:
      'No USER: the entrypoint starts as root, chowns the data directory and the socket directory, then re-executes through gosu (1.19, Dockerfile L10) as mysql. ' +
      'The Ubuntu Dockerfile creates mysql with `useradd -r` (no explicit uid); the 11.4-ubi Dockerfile pins 999 "for compatibility with the ubuntu image". ' +
      'Started as non-root, the entrypoint only mkdir -p the data directory and runs as that uid; /run/mysqld is made 1777 "regardless of the UID our mysqld instance ends up having at runtime".',
  },
  entrypoint: {
    entrypoint: ['docker-entrypoint.sh'],
    execsArgs: true,
    cmd: ['mariadbd'],
    source: [maria(M_DOCKERFILE, 'L139-144'), maria(M_ENTRYPOINT, 'L680-721')],
    note:
      'Arguments starting with "-" are prefixed with mariadbd (L682-684). Every start validates the arguments with `mariadbd <args> --verbose --help` and exits on error (L103-108, L691). ' +
      'Initialisation when $DATADIR/mysql is missing (L295-297, L703-706); mariadb-install-db also receives the mariadbd arguments (L237-246). ' +
      'Before exec, the root, replication and user password and hash variables, MARIADB_ROOT_HOST and their MYSQL_ aliases are unset (L712-718): mariadbd does not see them (processes started by exec probes still get the container environment).',
  },
  programs: [
    {
      command: 'docker-entrypoint.sh',
      main: true,
      flags: ['--innodb-buffer-pool-size', '--skip-name-resolve'],
      source: [maria(M_ENTRYPOINT, 'L680-721'), maria(M_ENTRYPOINT, 'L103-108'), maria(M_DOCKERFILE, 'L129'), mariaServer('mysql-test/suite/innodb/t/innodb_buffer_pool_resize.opt', 'L1')],
      note:
        'The server container gives only args: arguments starting with "-" become `mariadbd <args>` (L682-684) and also go to mariadb-install-db on first start. ' +
        'Flags listed: the mariadbd options LabStack passes (mariadbd has hundreds; its source at mariadb-11.4.12 could not be read, MariaDB/server is 2 GB). ' +
        'The entrypoint validates them with `mariadbd --verbose --help` at every start and exits on an unknown option. skip-name-resolve is already set by the image (05-skipcache.cnf, Dockerfile L129).',
      env: [
        {
          name: 'MARIADB_RANDOM_ROOT_PASSWORD',
          required: true,
          source: [maria(M_ENTRYPOINT, 'L168-170'), maria(M_ENTRYPOINT, 'L289-290'), maria(M_ENTRYPOINT, 'L378-383')],
          note:
            'On first start ONE of MARIADB_ROOT_PASSWORD, MARIADB_ROOT_PASSWORD_HASH, MARIADB_ALLOW_EMPTY_ROOT_PASSWORD, MARIADB_RANDOM_ROOT_PASSWORD (or the MYSQL_ aliases) is required, else exit 1. ' +
            'Any non-empty value enables it: a 32-character password is generated and PRINTED to the log ("GENERATED ROOT PASSWORD"), and root@MARIADB_ROOT_HOST (default %) gets it.',
        },
        { name: 'MYSQL_RANDOM_ROOT_PASSWORD', source: maria(M_ENTRYPOINT, 'L289-290'), note: 'Alias of MARIADB_RANDOM_ROOT_PASSWORD.' },
        { name: 'MARIADB_ROOT_PASSWORD', source: maria(M_ENTRYPOINT, 'L273, L44-52, L388-410, L712-716'), note: 'Also MYSQL_ROOT_PASSWORD and *_FILE. Unset before mariadbd starts.' },
        { name: 'MARIADB_ROOT_PASSWORD_HASH', source: maria(M_ENTRYPOINT, 'L276, L172-174, L551-557') },
        { name: 'MARIADB_ALLOW_EMPTY_ROOT_PASSWORD', source: maria(M_ENTRYPOINT, 'L287-288'), note: 'Also MYSQL_ALLOW_EMPTY_PASSWORD.' },
        {
          name: 'MARIADB_ROOT_HOST',
          source: [maria(M_ENTRYPOINT, 'L269'), maria(M_ENTRYPOINT, 'L393-410'), maria(M_ENTRYPOINT, 'L717-718')],
          note: 'Default %: root@% is created with the root password (here the logged random one). "localhost" creates no network root account. Also MYSQL_ROOT_HOST and *_FILE. Unset before mariadbd starts.',
        },
        { name: 'MARIADB_DATABASE', source: maria(M_ENTRYPOINT, 'L270, L436-441'), note: 'CREATE DATABASE IF NOT EXISTS on first start. Also MYSQL_DATABASE and *_FILE.' },
        {
          name: 'MARIADB_USER',
          source: maria(M_ENTRYPOINT, 'L271, L443-460'),
          note: 'Created as <user>@<MARIADB_USER_HOST> (default %) with ALL on MARIADB_DATABASE, first start only, only when MARIADB_PASSWORD or MARIADB_PASSWORD_HASH is set. Also MYSQL_USER and *_FILE.',
        },
        {
          name: 'MARIADB_USER_HOST',
          source: [maria(M_ENTRYPOINT, 'L284'), maria(M_ENTRYPOINT, 'L445-460')],
          note: 'New in this image: host part of MARIADB_USER (CREATE USER and GRANT), default %; first start only. Also MARIADB_USER_HOST_FILE (file_env); no MYSQL_ alias.',
        },
        { name: 'MARIADB_PASSWORD', source: maria(M_ENTRYPOINT, 'L272, L445-454, L712-716'), note: 'Also MYSQL_PASSWORD and *_FILE; exclusive with MARIADB_PASSWORD_HASH (L175-177). Unset before mariadbd starts.' },
        { name: 'MARIADB_PASSWORD_HASH', source: maria(M_ENTRYPOINT, 'L275, L447-448') },
        { name: 'MARIADB_MYSQL_LOCALHOST_USER', source: maria(M_ENTRYPOINT, 'L412-425'), note: 'Creates mysql@localhost (unix_socket); not needed by healthcheck.sh, which uses the healthcheck users below.' },
        { name: 'MARIADB_MYSQL_LOCALHOST_GRANTS', source: maria(M_ENTRYPOINT, 'L419-424') },
        {
          name: 'MARIADB_HEALTHCHECK_GRANTS',
          source: maria(M_ENTRYPOINT, 'L345-365'),
          note: 'Grant of the healthcheck@{127.0.0.1,::1,localhost} users (default USAGE). The users are always created on first start, with credentials in $DATADIR/.my-healthcheck.cnf (umask 0077).',
        },
        { name: 'MARIADB_INITDB_SKIP_TZINFO', source: maria(M_ENTRYPOINT, 'L291-292, L370-377'), note: 'Also MYSQL_INITDB_SKIP_TZINFO.' },
        {
          name: 'MARIADB_AUTO_UPGRADE',
          source: [maria(M_ENTRYPOINT, 'L594-640'), maria(M_ENTRYPOINT, 'L643-664')],
          note: 'Unset or 0: when the data directory comes from an older major.minor, or lacks .my-healthcheck.cnf, mariadb-upgrade and the healthcheck users are SKIPPED (only a note is logged).',
        },
        { name: 'MARIADB_DISABLE_UPGRADE_BACKUP', source: maria(M_ENTRYPOINT, 'L569-590') },
        { name: 'MARIADB_REPLICATION_USER', source: maria(M_ENTRYPOINT, 'L278, L178-196, L462-478') },
        { name: 'MARIADB_REPLICATION_PASSWORD', source: maria(M_ENTRYPOINT, 'L279') },
        { name: 'MARIADB_REPLICATION_PASSWORD_HASH', source: maria(M_ENTRYPOINT, 'L280') },
        { name: 'MARIADB_MASTER_HOST', source: maria(M_ENTRYPOINT, 'L282') },
        { name: 'MARIADB_MASTER_PORT', source: maria(M_ENTRYPOINT, 'L283') },
        { name: 'MYSQL_ROOT_PASSWORD', source: maria(M_ENTRYPOINT, 'L44-52, L273'), note: 'Alias: MARIADB_x wins when both are set; both are then exported with the same value.' },
        { name: 'MYSQL_ROOT_HOST', source: maria(M_ENTRYPOINT, 'L44-52, L269'), note: 'Alias of MARIADB_ROOT_HOST.' },
        { name: 'MYSQL_DATABASE', source: maria(M_ENTRYPOINT, 'L44-52, L270'), note: 'Alias of MARIADB_DATABASE.' },
        { name: 'MYSQL_USER', source: maria(M_ENTRYPOINT, 'L44-52, L271'), note: 'Alias of MARIADB_USER.' },
        { name: 'MYSQL_PASSWORD', source: maria(M_ENTRYPOINT, 'L44-52, L272'), note: 'Alias of MARIADB_PASSWORD.' },
        { name: 'MYSQL_ALLOW_EMPTY_PASSWORD', source: maria(M_ENTRYPOINT, 'L287-288'), note: 'Alias of MARIADB_ALLOW_EMPTY_ROOT_PASSWORD.' },
        { name: 'MYSQL_INITDB_SKIP_TZINFO', source: maria(M_ENTRYPOINT, 'L291-292'), note: 'Alias of MARIADB_INITDB_SKIP_TZINFO.' },
      ],
      writes: [
        { path: '/var/lib/mysql', source: [maria(M_DOCKERFILE, 'L118-121, L137'), maria(M_ENTRYPOINT, 'L206, L232-256, L363')], note: 'Data directory (VOLUME); also .my-healthcheck.cnf, mariadb_upgrade_info and upgrade backups.' },
        { path: '/run/mysqld', source: maria(M_DOCKERFILE, 'L120-123'), note: '"used for socket and lock files"; 1777 in the image so any uid can write it (a mount replaces that).' },
        { path: '/tmp', source: maria(M_DOCKERFILE, 'L2'), note: 'mariadbd tmpdir default (temporary tables, filesort, ALTER TABLE) — server default, not read at 11.4.12.' },
      ],
    },
    {
      command: 'mariadbd',
      flags: ['--innodb-buffer-pool-size', '--skip-name-resolve'],
      source: [maria(M_DOCKERFILE, 'L129'), mariaServer('mysql-test/suite/innodb/t/innodb_buffer_pool_resize.opt', 'L1'), maria(M_ENTRYPOINT, 'L103-108')],
      note:
        'Only the options LabStack passes (as container args, through the entrypoint); mariadbd has hundreds. skip-name-resolve is already set by the image in /etc/mysql/mariadb.conf.d/05-skipcache.cnf (redundant, harmless). ' +
        'The server source at mariadb-11.4.12 could not be read (MariaDB/server is 2 GB); the entrypoint rejects unknown options at startup.',
    },
    {
      command: 'healthcheck.sh',
      flags: [
        '--connect', '--innodb_initialized', '--innodb_buffer_pool_loaded', '--galera_online', '--galera_ready', '--replication', '--mariadbupgrade', '--no-connect',
        '--su', '--su-mysql', '--datadir', '--no-defaults', '--defaults-file', '--defaults-extra-file', '--defaults-group-suffix',
        '--replication_all', '--replication_name', '--replication_io', '--replication_sql', '--replication_seconds_behind_master', '--replication_sql_remaining_delay',
      ],
      source: [maria(M_HEALTH, 'L58-242'), maria(M_HEALTH, 'L294-395')],
      note: 'Each --<name> runs the test function of that name; --su=, --datadir=, --defaults-*=, --replication_*= also take =value. Requires at least one argument (L247-250).',
    },
    {
      command: 'mariadb-dump',
      flags: [
        '-A', '--all-databases', '-Y', '--all-tablespaces', '-y', '--no-tablespaces', '--add-drop-database', '--add-drop-table', '--add-drop-trigger', '--add-locks',
        '--allow-keywords', '--apply-slave-statements', '--as-of', '--character-sets-dir', '-i', '--comments', '--compatible', '--compact', '-c', '--complete-insert',
        '-C', '--compress', '--copy-s3-tables', '-a', '--create-options', '-B', '--databases', '-#', '--debug', '--debug-check', '--debug-info', '--default-character-set',
        '--delayed-insert', '--delete-master-logs', '-K', '--disable-keys', '--dump-date', '-H', '--dump-history', '--dump-slave', '-E', '--events', '-e', '--extended-insert',
        '--fields-terminated-by', '--fields-enclosed-by', '--fields-optionally-enclosed-by', '--fields-escaped-by', '-F', '--flush-logs', '--flush-privileges', '-f', '--force',
        '--gtid', '--header', '-?', '--help', '--hex-blob', '-h', '--host', '--ignore-database', '--ignore-table-data', '--ignore-table', '--include-master-host-port',
        '--insert-ignore', '--lines-terminated-by', '-x', '--lock-all-tables', '-l', '--lock-tables', '--log-error', '--log-queries', '--master-data', '--max-allowed-packet',
        '--max-statement-time', '--net-buffer-length', '--no-autocommit', '-n', '--no-create-db', '-t', '--no-create-info', '-d', '--no-data', '--no-data-med', '-N',
        '--no-set-names', '--opt', '--order-by-primary', '--order-by-size', '-p', '--password', '-P', '--port', '--protocol', '-q', '--quick', '-Q', '--quote-names',
        '--replace', '-r', '--result-file', '-R', '--routines', '--set-charset', '--single-transaction', '--skip-opt', '-S', '--socket', '--ssl', '--ssl-ca', '--ssl-capath',
        '--ssl-cert', '--ssl-cipher', '--ssl-key', '--ssl-crl', '--ssl-crlpath', '--tls-version', '--ssl-verify-server-cert', '--system', '-T', '--tab', '--tables',
        '--triggers', '--tz-utc', '-u', '--user', '-v', '--verbose', '-V', '--version', '-w', '--where', '-X', '--xml', '--plugin-dir', '--default-auth', '--galera-info',
        '--skip-lock-tables',
      ],
      source: [maria(M_DOCKERFILE, 'L115'), maria(M_ENTRYPOINT, 'L586')],
      note:
        'UNREAD UPSTREAM at 11.4.12 (client/mysqldump.c in MariaDB/server). List from mariadb-dump 10.11.19 --help on this machine (--skip-<bool> forms of boolean options also exist); the image ships mariadb-dump (the entrypoint itself calls it, L586). ' +
        'LabStack uses --host, --port, --user, --single-transaction, --quick, --routines, --triggers and a positional database.',
      env: [
        {
          name: 'MYSQL_PWD',
          source: [maria(M_ENTRYPOINT, 'L313-320'), connectorC('libmariadb/mariadb_lib.c', 'L1690-1698 mysql_real_connect'), connectorC('include/ma_global.h', 'L218-222')],
          note:
            'Password read by the MariaDB client library when none is given (the entrypoint relies on it for its own mariadb calls). Used by the backup jobs (mariadb-dump, mariadb): ' +
            'an environment variable, never on the command line. Not deprecated in Connector/C (only a build with I_AM_PARANOID drops it), unlike MySQL 8\'s libmysql.',
        },
      ],
    },
    {
      command: 'mariadb',
      flags: [
        '-?', '--help', '-I', '--abort-source-on-error', '--auto-rehash', '-A', '--no-auto-rehash', '--auto-vertical-output', '-B', '--batch', '--binary-as-hex', '--binary-mode',
        '--character-sets-dir', '--column-names', '-N', '--skip-column-names', '--column-type-info', '-c', '--comments', '-C', '--compress', '--connect-expired-password',
        '--connect-timeout', '-D', '--database', '-#', '--debug', '--debug-check', '-T', '--debug-info', '--default-auth', '--default-character-set', '--delimiter',
        '--enable-cleartext-plugin', '-e', '--execute', '-f', '--force', '-h', '--host', '-H', '--html', '-i', '--ignore-spaces', '--init-command', '--line-numbers', '-L',
        '--skip-line-numbers', '--local-infile', '--max-allowed-packet', '--max-join-size', '-G', '--named-commands', '--net-buffer-length', '-b', '--no-beep', '-o',
        '--one-database', '--pager', '-p', '--password', '--plugin-dir', '-P', '--port', '--print-query-on-error', '--progress-reports', '--prompt', '--protocol', '-q',
        '--quick', '--quick-max-column-width', '-r', '--raw', '--reconnect', '-U', '--safe-updates', '--i-am-a-dummy', '--sandbox', '--secure-auth', '--select-limit',
        '--server-arg', '--show-warnings', '--sigint-ignore', '-s', '--silent', '-S', '--socket', '--ssl', '--ssl-ca', '--ssl-capath', '--ssl-cert', '--ssl-cipher', '--ssl-key',
        '--ssl-crl', '--ssl-crlpath', '--tls-version', '--ssl-verify-server-cert', '--skip-ssl', '--skip-ssl-verify-server-cert', '-t', '--table', '--tee', '-n', '--unbuffered',
        '-u', '--user', '-v', '--verbose', '-V', '--version', '-E', '--vertical', '-w', '--wait', '-X', '--xml', '--no-defaults', '--defaults-file', '--defaults-extra-file',
        '--defaults-group-suffix',
      ],
      source: [maria(M_ENTRYPOINT, 'L301-307'), maria(M_HEALTH, 'L39-48')],
      note: 'UNREAD UPSTREAM at 11.4.12 (client/mysql.cc). List from mariadb 10.11.19 --help on this machine plus the option-file flags the image\'s own scripts pass. LabStack uses --host, --port, --user and a positional database.',
      env: [
        {
          name: 'MYSQL_PWD',
          source: [maria(M_ENTRYPOINT, 'L313-320'), connectorC('libmariadb/mariadb_lib.c', 'L1690-1698 mysql_real_connect'), connectorC('include/ma_global.h', 'L218-222')],
          note:
            'Password read by the MariaDB client library when none is given (the entrypoint relies on it for its own mariadb calls). Used by the backup jobs (mariadb-dump, mariadb): ' +
            'an environment variable, never on the command line. Not deprecated in Connector/C (only a build with I_AM_PARANOID drops it), unlike MySQL 8\'s libmysql.',
        },
      ],
    },
    {
      command: '/bin/sh',
      flags: [],
      source: maria(M_DOCKERFILE, 'L2'),
      note:
        'Ubuntu noble: /bin/sh is dash (not read). LabStack runs `/bin/sh /scripts/mariadb.sh|mariadb-restore.sh`; gzip, tail, grep, sed, sort, ls come from the Ubuntu base (the entrypoint itself uses gunzip, L89). ' +
        'MYSQL_PWD is read by the client the scripts start; MYSQL_HOST, MYSQL_PORT, MYSQL_DATABASE, MYSQL_USER, BACKUP_DIR, BACKUP_KEEP, BACKUP_PREFIX, RESTORE_FROM are read by LabStack\'s own scripts (passed as flags), not by the image.',
      env: [
        {
          name: 'MYSQL_PWD',
          source: [maria(M_ENTRYPOINT, 'L313-320'), connectorC('libmariadb/mariadb_lib.c', 'L1690-1698 mysql_real_connect'), connectorC('include/ma_global.h', 'L218-222')],
          note:
            'Password read by the MariaDB client library when none is given (the entrypoint relies on it for its own mariadb calls). Used by the backup jobs (mariadb-dump, mariadb): ' +
            'an environment variable, never on the command line. Not deprecated in Connector/C (only a build with I_AM_PARANOID drops it), unlike MySQL 8\'s libmysql.',
        },
      ],
    },
  ],
  ports: [{ port: 3306, protocol: 'tcp', source: maria(M_DOCKERFILE, 'L143') }],
  code: [
    { path: '/usr/local/bin/docker-entrypoint.sh', source: maria(M_DOCKERFILE, 'L140') },
    { path: '/usr/local/bin/healthcheck.sh', source: maria(M_DOCKERFILE, 'L139') },
    { path: '/etc/mysql', source: maria(M_DOCKERFILE, 'L124-134'), note: 'Server configuration (mariadb.conf.d/05-skipcache.cnf etc.); conf.d is the documented mount point for extra .cnf files.' },
    { path: '/docker-entrypoint-initdb.d', source: maria(M_DOCKERFILE, 'L65') },
  ],
  health: [
    {
      command: 'healthcheck.sh --connect',
      port: 3306,
      dependsOn:
        'the server answering: first over the socket as the healthcheck user (select @@skip_networking: 0 passes, 1 = temporary init server fails), else over TCP to localhost where an access-denied error also counts as connected; no database needed',
      source: [maria(M_HEALTH, 'L58-104'), maria(M_HEALTH, 'L259-262')],
    },
    {
      command: 'healthcheck.sh --connect --innodb_initialized',
      port: 3306,
      dependsOn: 'connect, then InnoDB listed as available in information_schema.ENGINES, queried over the socket with the credentials in /var/lib/mysql/.my-healthcheck.cnf (created on first start, or on upgrade only with MARIADB_AUTO_UPGRADE)',
      source: [maria(M_HEALTH, 'L113-118'), maria(M_ENTRYPOINT, 'L345-365'), maria(M_ENTRYPOINT, 'L607-618')],
    },
  ],
  assumptions: [
    { what: 'mysql is uid/gid 999 in the Ubuntu image (useradd -r, no explicit uid; 999 is stated by the ubi variant)', configuredAt: 'constructs/databases/mariadb.ts MYSQL_UID' },
    { what: 'mariadb-dump/mariadb 11.4.12 options and MYSQL_PWD handling (MariaDB/server not readable at the tag; checked against the 10.11 client)', configuredAt: 'scripts/backup/mariadb.sh, scripts/backup/mariadb-restore.sh' },
    { what: 'The 11.4 client verifies the server certificate by default; with a password-authenticated user and the server\'s auto-generated certificate the backup jobs should still connect (not read)', configuredAt: 'scripts/backup/mariadb.sh' },
  ],
};

// ---------------------------------------------------------------------------------------------
// docker.io/library/mongo:7.0.37
// ---------------------------------------------------------------------------------------------

/** The only official-images commit that lists 7.0.37. */
const oiMongo = sourceIn('docker-library/official-images', 'f0015d52d61240c6b51b47a8070397fbd4a922a4');
/** official-images commit where 7.0.39 replaced 7.0.37 (7.0.38 was never listed). */
const oiMongoNext = sourceIn('docker-library/official-images', '31c6a8ab33fae825bfc3628d262a61ab41a9e2af');
const mongo = sourceIn('docker-library/mongo', 'b05f3db94d7c2ff82c00c93bc349c0e0e8107569');
/**
 * mongodb-database-tools 100.17.0 (tag 2026-05-08), the release current while 7.0.37 was listed (2026-06-12 – 2026-07-22; 100.18.0 is
 * from 2026-08-12). Its option tags are the same as at 100.10.0, which the contract was first read at.
 */
const tools = sourceIn('mongodb/mongo-tools', '0b142f65e139525881b6a343bc56d8d98e5a1f90');
/**
 * mongosh v2.8.3 (2026-04-30), the release current when 7.0.37 was first built (2026-06-12). Rebuilds before 2026-07-22 may carry
 * v2.9.0 – v2.9.2, whose option schema (packages/arg-parser) is identical.
 */
const mongosh = sourceIn('mongodb-js/mongosh', '878e052fb1f564a18135bf974627bd29f6cada23');

const MG_DOCKERFILE = '7.0/Dockerfile';
const MG_ENTRYPOINT = '7.0/docker-entrypoint.sh';

const mongoContract: ImageContractSpec = {
  repository: 'docker.io/library/mongo',
  description: 'MongoDB 7.0 Community server (Ubuntu jammy) with mongosh and the database tools; also the mongodump/mongorestore/mongosh client of the SRS jobs',
  tags: {
    pinned: '7.0.37',
    versions: /^7\.0\.\d+(-jammy)?$/,
    source: [oiMongo('library/mongo', 'L1, L88-92, L94-95, L101-102'), oiMongoNext('library/mongo', 'L88-92')],
    note:
      'Produced by docker-library/mongo generate-stackbrew-library.sh into official-images library/mongo. 7.0.37 is a SharedTag (linux amd64/arm64v8 from 7.0 on jammy, plus Windows Server Core) ' +
      'listed only at f0015d52 (2026-06-12), GitCommit b05f3db9; replaced by 7.0.39 at 31c6a8ab (2026-07-22). A listed tag is rebuilt when its base image changes, so only a digest pins it. ' +
      'Newest 7.0.x at official-images HEAD (37079fb3, 2026-08-21): 7.0.40 since ce04d4fa (2026-08-11, GitCommit d2cf7267, not in the mirror).',
  },
  user: {
    uid: 999,
    anyUid: true,
    source: [mongo(MG_DOCKERFILE, 'L9-14'), mongo(MG_ENTRYPOINT, 'L10-23'), mongo(MG_DOCKERFILE, 'L113-115')],
    note:
      'groupadd --gid 999 / useradd --uid 999 mongodb. No USER: as root the entrypoint chowns /data/db and /data/configdb (find -L, following symlinks) and re-executes through gosu (1.19, Dockerfile L27); as non-root it does neither. ' +
      'ENV HOME=/data/db so that mongosh has a writable HOME "if running as custom user".',
  },
  entrypoint: {
    entrypoint: ['docker-entrypoint.sh'],
    execsArgs: true,
    cmd: ['mongod'],
    source: [mongo(MG_DOCKERFILE, 'L117-121'), mongo(MG_ENTRYPOINT, 'L4-6, L247-420')],
    note:
      'First start (no WiredTiger/journal/local.0/storage.bson in the dbPath) with both root variables: a temporary mongod on 127.0.0.1 (--fork, pid file and parsed config in $TMPDIR), root user created in admin with role root, ' +
      '/docker-entrypoint-initdb.d scripts run, shutdown. mongod is then started with --auth (L258-262) and --bind_ip_all unless a bind option is given (L403-413). numactl --interleave=all is prepended when it works (L58-65).',
  },
  programs: [
    {
      command: 'docker-entrypoint.sh',
      main: true,
      source: mongo(MG_ENTRYPOINT, 'L1-420'),
      note: 'LabStack passes no command/args to the server container (image default: docker-entrypoint.sh mongod).',
      env: [
        {
          name: 'MONGO_INITDB_ROOT_USERNAME',
          source: [mongo(MG_ENTRYPOINT, 'L248'), mongo(MG_ENTRYPOINT, 'L258-271'), mongo(MG_ENTRYPOINT, 'L371-381')],
          note: 'With MONGO_INITDB_ROOT_PASSWORD: creates the root user (admin db, role root) on first start and adds --auth on every start. One without the other: exit 1. Neither: mongod runs WITHOUT access control. Also *_FILE.',
        },
        { name: 'MONGO_INITDB_ROOT_USERNAME_FILE', source: mongo(MG_ENTRYPOINT, 'L71-87, L248') },
        { name: 'MONGO_INITDB_ROOT_PASSWORD', source: [mongo(MG_ENTRYPOINT, 'L249'), mongo(MG_ENTRYPOINT, 'L258-271')], note: 'See MONGO_INITDB_ROOT_USERNAME.' },
        { name: 'MONGO_INITDB_ROOT_PASSWORD_FILE', source: mongo(MG_ENTRYPOINT, 'L71-87, L249') },
        {
          name: 'MONGO_INITDB_DATABASE',
          source: mongo(MG_ENTRYPOINT, 'L383-393'),
          note: 'Default test. Only the database the /docker-entrypoint-initdb.d/*.js scripts run against on first start; it creates no database or user by itself. Unset (with all MONGO_INITDB_*) before mongod starts (L415).',
        },
        { name: 'TMPDIR', source: mongo(MG_ENTRYPOINT, 'L177-179, L338'), note: 'Default /tmp: the entrypoint\'s parsed config and temporary pid file.' },
      ],
      writes: [
        { path: '/data/db', source: [mongo(MG_DOCKERFILE, 'L13-14, L111'), mongo(MG_ENTRYPOINT, 'L242')], note: 'Default dbPath (VOLUME).' },
        { path: '/tmp', source: mongo(MG_ENTRYPOINT, 'L177-179, L338'), note: 'Entrypoint temp files; mongod\'s Unix socket /tmp/mongodb-27017.sock is the server default (not read at r7.0.37).' },
      ],
    },
    {
      command: 'mongosh',
      flags: [
        '--apiVersion', '--authenticationDatabase', '--authenticationMechanism', '--awsAccessKeyId', '--awsIamSessionToken', '--awsSecretAccessKey', '--awsSessionToken', '--browser',
        '--csfleLibraryPath', '--cryptSharedLibPath', '--db', '--gssapiHostName', '--gssapiServiceName', '--sspiHostnameCanonicalization', '--sspiRealmOverride', '--jsContext',
        '--host', '--keyVaultNamespace', '--kmsURL', '--locale', '--oidcFlows', '--oidcRedirectUri', '--password', '--port', '--sslPEMKeyFile', '--sslPEMKeyPassword', '--sslCAFile',
        '--sslCertificateSelector', '--sslCRLFile', '--sslDisabledProtocols', '--tlsCAFile', '--tlsCertificateKeyFile', '--tlsCertificateKeyFilePassword', '--tlsCertificateSelector',
        '--tlsCRLFile', '--tlsDisabledProtocols', '--username', '--apiDeprecationErrors', '--apiStrict', '--buildInfo', '--exposeAsyncRewriter', '--help', '--ipv6', '--nodb',
        '--norc', '--oidcTrustedEndpoint', '--oidcIdTokenAsAccessToken', '--oidcNoNonce', '--perfTests', '--quiet', '--retryWrites', '--shell', '--smokeTests', '--ssl',
        '--sslAllowInvalidCertificates', '--sslAllowInvalidHostnames', '--sslFIPSMode', '--tls', '--tlsAllowInvalidCertificates', '--tlsAllowInvalidHostnames', '--tlsFIPSMode',
        '--tlsUseSystemCA', '--verbose', '--version', '--eval', '--file', '--json', '--oidcDumpTokens', '-h', '-p', '-u', '-f', '--build-info',
        '--deepInspect', '--skipStartupWarnings', '--oidcRedirectUrl', '--oidcIDTokenAsAccessToken',
      ],
      source: [
        mongosh('packages/arg-parser/src/cli-options.ts', 'L6-154'),
        mongosh('packages/arg-parser/src/arg-parser.ts', 'L25-34, L97-108, L262-267'),
        mongosh('packages/cli-repl/src/arg-parser.ts', 'L38-56'),
        mongo(MG_DOCKERFILE, 'L95-109'),
        mongo(MG_ENTRYPOINT, 'L251-254'),
      ],
      note:
        'The image installs mongodb-org-shell=7.0.37, which brings mongosh (the entrypoint falls back to mongosh when the legacy mongo shell is absent and needs one of them to create the root user). ' +
        'The mongosh version is not pinned: whatever the MongoDB apt repository had at build time (v2.8.3 at the first build of 7.0.37; v2.9.x possible for a rebuild). Options read at v2.8.3, where the parser moved to packages/arg-parser (a zod schema); ' +
        'new since v2.3.7: --deepInspect, --skipStartupWarnings (aliases --oidcRedirectUrl, --oidcIDTokenAsAccessToken existed before). Unknown --options are an error; --gssapiHostName and --sslFIPSMode are known but rejected as unsupported. ' +
        'LabStack uses --quiet, --norc, --eval (probes) and --nodb (init-admin job). Without a URI mongosh connects to 127.0.0.1:27017. --quiet (or a container cgroup) also skips the update check (cli-repl.ts L1416-1429).',
      env: [
        {
          name: 'HOME',
          source: [mongo(MG_DOCKERFILE, 'L113-115'), mongosh('packages/cli-repl/src/config-directory.ts', 'L163')],
          note: 'Image default /data/db. mongosh keeps its config and logs in $HOME/.mongodb/mongosh (defaults: at most 100 log files, 30 days; cli-repl.ts L319-336, packages/types/src/index.ts L531-534).',
        },
      ],
      writes: [
        {
          path: '$HOME/.mongodb/mongosh',
          source: [mongosh('packages/cli-repl/src/config-directory.ts', 'L163'), mongosh('packages/cli-repl/src/cli-repl.ts', 'L319-336'), mongosh('packages/types/src/index.ts', 'L531-534')],
          note: 'Config and one log file per run (defaults: disableLogging false, logLocation unset, kept 100 files / 30 days). Under $HOME: /data/db by default, /tmp where LabStack sets HOME=/tmp.',
        },
      ],
    },
    {
      command: 'mongodump',
      flags: [
        '--help', '--version', '--config', '-v', '--verbose', '--quiet', '--uri', '-h', '--host', '--port', '--ssl', '--sslCAFile', '--sslPEMKeyFile', '--sslPEMKeyPassword',
        '--sslCRLFile', '--sslAllowInvalidCertificates', '--sslAllowInvalidHostnames', '--sslFIPSMode', '--tlsInsecure', '-u', '--username', '-p', '--password',
        '--authenticationDatabase', '--authenticationMechanism', '--awsSessionToken', '--gssapiServiceName', '--gssapiHostName', '-d', '--db', '-c', '--collection',
        '-q', '--query', '--queryFile', '--readPreference', '--forceTableScan', '-o', '--out', '--gzip', '--oplog', '--archive', '--dumpDbUsersAndRoles', '--excludeCollection',
        '--excludeCollectionsWithPrefix', '-j', '--numParallelCollections', '--viewsAsCollections',
      ],
      source: [tools('common/options/options.go', 'L106-192'), tools('mongodump/options.go', 'L27-109'), tools('common/options/options.go', 'L501-533, L589-633')],
      note:
        'From mongodb-database-tools (pulled in by mongodb-org-tools=7.0.37, Dockerfile L104; the tools version is not pinned); read at 100.17.0, option tags identical to 100.10.0. Hidden options (--dialTimeout, --numThreads, --internalOnlySourceWritesDoneBarrier, ...) omitted. ' +
        'One positional argument is accepted as a connection string. --config=<file> is a YAML file with only the keys password, uri, sslPEMKeyPassword, destinationPassword (yaml.UnmarshalStrict: any other key is an error). ' +
        'LabStack uses --config, --host, --port, --username, --authenticationDatabase, --db, --collection, --out.',
    },
    {
      command: 'mongorestore',
      flags: [
        '--help', '--version', '--config', '-v', '--verbose', '--quiet', '--uri', '-h', '--host', '--port', '--ssl', '--sslCAFile', '--sslPEMKeyFile', '--sslPEMKeyPassword',
        '--sslCRLFile', '--sslAllowInvalidCertificates', '--sslAllowInvalidHostnames', '--sslFIPSMode', '--tlsInsecure', '-u', '--username', '-p', '--password',
        '--authenticationDatabase', '--authenticationMechanism', '--awsSessionToken', '--gssapiServiceName', '--gssapiHostName', '-d', '--db', '-c', '--collection',
        '--writeConcern', '--objcheck', '--oplogReplay', '--oplogLimit', '--oplogFile', '--archive', '--restoreDbUsersAndRoles', '--dir', '--gzip', '--drop', '--dryRun',
        '--noIndexRestore', '--convertLegacyIndexes', '--noOptionsRestore', '--keepIndexVersion', '--maintainInsertionOrder', '-j', '--numParallelCollections',
        '--numInsertionWorkersPerCollection', '--stopOnError', '--bypassDocumentValidation', '--preserveUUID', '--fixDottedHashIndex', '--excludeCollection',
        '--excludeCollectionsWithPrefix', '--nsExclude', '--nsInclude', '--nsFrom', '--nsTo',
      ],
      source: [tools('common/options/options.go', 'L106-192'), tools('mongorestore/options.go', 'L52-142'), tools('mongorestore/options.go', 'L145-187'), tools('mongorestore/mongorestore.go', 'L295-299')],
      note: 'Read at 100.17.0 (option tags identical to 100.10.0). --nsFrom and --nsTo must be given an equal number of times. LabStack uses --config, --host, --port, --username, --authenticationDatabase, --nsInclude, --nsFrom, --nsTo, --dir.',
    },
    {
      command: '/bin/sh',
      source: mongo(MG_DOCKERFILE, 'L7'),
      note:
        'Ubuntu jammy: /bin/sh is dash (not read). The SRS jobs run `/bin/sh /scripts/init-admin-user.sh|mongodb-dump.sh|mongodb-restore.sh`; those scripts read MONGODB_HOST, MONGODB_PORT, MONGODB_USER, ' +
        'MONGODB_PASSWORD, MONGODB_DB_NAME, BACKUP_COLLECTIONS, RESTORE_FROM_DB, WORK_DIR, ADMIN_* (LabStack\'s own scripts, not the image) and pass them to mongosh/mongodump/mongorestore as flags, a --config file or process.env. mktemp, chmod, printf, ls, tr come from coreutils.',
      env: [
        {
          name: 'HOME',
          source: [mongo(MG_DOCKERFILE, 'L113-115'), mongosh('packages/cli-repl/src/config-directory.ts', 'L163')],
          note: 'Read by the mongosh the init-admin script starts ($HOME/.mongodb/mongosh must be writable).',
        },
      ],
    },
  ],
  ports: [{ port: 27017, protocol: 'tcp', source: [mongo(MG_DOCKERFILE, 'L120'), mongo(MG_ENTRYPOINT, 'L306-307')] }],
  code: [
    { path: '/usr/local/bin/docker-entrypoint.sh', source: mongo(MG_DOCKERFILE, 'L117') },
    { path: '/usr/bin', source: mongo(MG_DOCKERFILE, 'L95-109'), note: 'mongod, mongos, mongosh, mongodump, mongorestore from the MongoDB apt packages.' },
    { path: '/opt/js-yaml', source: mongo(MG_DOCKERFILE, 'L52-58'), note: 'Also /js-yaml.js (symlink), used to parse --config files.' },
    { path: '/docker-entrypoint-initdb.d', source: mongo(MG_DOCKERFILE, 'L78') },
  ],
  health: [
    {
      command: 'mongosh',
      port: 27017,
      dependsOn: 'mongod accepting connections on 127.0.0.1:27017; the ping command is expected to need no authentication under --auth (server behaviour, not read). Exit code non-zero when the connection fails or the --eval script throws; quit(n) sets it explicitly',
      source: [mongosh('packages/arg-parser/src/cli-options.ts', 'L6-154'), mongo(MG_ENTRYPOINT, 'L344-369')],
      note: 'The entrypoint itself probes readiness with the shell (`--eval quit(0)`). Each probe starts a Node.js process (memory counts against the container limit) and writes a log file under $HOME/.mongodb/mongosh.',
    },
  ],
  assumptions: [
    {
      what: 'mongosh and mongodump/mongorestore are installed as unpinned dependencies of mongodb-org-shell/-tools 7.0.37; read at mongosh v2.8.3 and database tools 100.17.0 (current at the first build); a rebuilt digest may carry mongosh v2.9.x (same options)',
      configuredAt: 'systems.srs.images.mongo',
    },
    { what: 'db.adminCommand("ping") succeeds without authentication when mongod runs with --auth (server source not read; the probes rely on it)', configuredAt: 'constructs/databases/mongodb.ts probes' },
    { what: 'mongod 7.0 sizes the WiredTiger cache from the container memory limit (cgroup) rather than the node RAM — not read; otherwise set --wiredTigerCacheSizeGB', configuredAt: 'systems.srs.mongo.resources' },
  ],
};

// ---------------------------------------------------------------------------------------------
// docker.io/library/busybox:1.37.0
// ---------------------------------------------------------------------------------------------

const oiBusyboxFirst = sourceIn('docker-library/official-images', '06e240455e77fe2f9137c14f3e77eea4c527d6dd');
const oiBusybox = sourceIn('docker-library/official-images', 'aea914b473a33c9dce3c25e72ee4bfb36008b6bf');
/** docker-library/busybox dist-amd64 commit named by official-images HEAD (amd64-GitCommit): builder Dockerfile and the rootfs layer. */
const bbAmd64 = sourceIn('docker-library/busybox', '70ce0fb98bee360bbcce132660d727bf6ce55a99');

const busyboxContract: ImageContractSpec = {
  repository: 'docker.io/library/busybox',
  description: 'BusyBox 1.37.0 (glibc build) shell and applets: tar + bzip2 archives of the SRS MongoDB dumps',
  tags: {
    pinned: '1.37.0',
    versions: /^1\.\d+\.\d+(-(glibc|musl|uclibc))?$/,
    source: [oiBusyboxFirst('library/busybox', 'L72'), oiBusybox('library/busybox', 'L1-30, L111-121')],
    note:
      'docker-library/busybox builds per-architecture OCI layouts on dist-<arch> branches (Builder: oci-import); official-images library/busybox names them. ' +
      '1.37.0 first listed at 06e24045 (2024-09-30) and still listed at aea914b4 (2026-07-31, HEAD; 1.38.0 is latest). The plain 1.37.0 tag is the glibc build on every architecture except arm32v6 (musl). ' +
      'The tag is rebuilt while listed (digest changes); amd64 layer read: sha256:436a1b1f… (rootfs.tar.gz on dist-amd64 70ce0fb9).',
  },
  user: {
    uid: 0,
    anyUid: true,
    source: [bbAmd64('latest-1/glibc/amd64/image-config.json', 'L1-25'), bbAmd64('latest-1/glibc/Dockerfile.builder', 'L181-205')],
    note: 'No User in the image config. /etc/passwd (from buildroot) has root, daemon, bin, sys, sync, mail, www-data, operator, nobody — not 999; the applets LabStack uses do not need a passwd entry.',
  },
  entrypoint: {
    cmd: ['sh'],
    source: bbAmd64('latest-1/glibc/amd64/image-config.json', 'L2-9'),
    note: 'No Entrypoint, no WorkingDir; PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin.',
  },
  programs: [
    {
      command: 'sh',
      main: true,
      flags: ['-i', '-l', '-C', '-a', '-b', '-e', '-f', '-m', '-n', '-u', '-v', '-x', '-o', '-c', '-s'],
      source: [bbAmd64('latest-1/glibc/amd64/rootfs.tar.gz', 'bin/sh'), bbAmd64('latest-1/glibc/Dockerfile.builder', 'L87, L135-138, L178')],
      note: 'BusyBox ash (`make defconfig`); `busybox sh --help`: "sh [-il] [-|+Cabefmnuvx] [-|+o OPT]... [-c SCRIPT [ARG0 ARGS] | FILE ARGS | -s ARGS]". LabStack runs `/bin/sh /scripts/mongodb-archive.sh|mongodb-extract.sh`.',
    },
    {
      command: '/bin/sh',
      flags: ['-i', '-l', '-C', '-a', '-b', '-e', '-f', '-m', '-n', '-u', '-v', '-x', '-o', '-c', '-s'],
      source: bbAmd64('latest-1/glibc/amd64/rootfs.tar.gz', 'bin/sh'),
      note:
        'Same BusyBox ash as `sh`. LabStack runs `/bin/sh /scripts/mongodb-archive.sh|mongodb-extract.sh`; those scripts read BACKUP_DIR, BACKUP_KEEP, RESTORE_FROM, WORK_DIR (LabStack\'s own scripts, not the image). ' +
        'They call tar, bzip2, find, sort, tail, head, date, mkdir, mv, rm, rmdir, ls, grep, dirname, basename: all applets of this image.',
    },
    {
      command: 'tar',
      flags: ['c', 'x', 't', '-f', '-C', '-v', '-O', '-m', '-o', '-k', '-z', '-J', '-j', '-a', '-h', '-T', '-X', '--exclude', '--lzma'],
      source: [bbAmd64('latest-1/glibc/amd64/rootfs.tar.gz', 'bin/tar'), bbAmd64('latest-1/glibc/Dockerfile.builder', 'L87')],
      note: 'Read from `busybox tar --help` of the binary in the image layer: "Usage: tar c|x|t [-zJjahmvokO] [-f TARFILE] [-C DIR] [-T FILE] [-X FILE] [LONGOPT]... [FILE]...". -j (bzip2) is built in. LabStack uses -cf - -C and -xf - -C, piping through bzip2.',
    },
    {
      command: 'bzip2',
      flags: ['-1', '-2', '-3', '-4', '-5', '-6', '-7', '-8', '-9', '-d', '-c', '-f', '-k', '-t'],
      source: bbAmd64('latest-1/glibc/amd64/rootfs.tar.gz', 'bin/bzip2'),
      note: '`busybox bzip2 --help`: "bzip2 [-cfkdt123456789] [FILE]..." (-t test integrity). LabStack uses -c, -t, -dc.',
    },
    {
      command: 'find',
      flags: [
        '-H', '-L', '-follow', '-xdev', '-maxdepth', '-mindepth', '-depth', '-a', '-o', '!', '-name', '-iname', '-path', '-ipath', '-regex', '-type', '-executable', '-perm',
        '-mtime', '-atime', '-ctime', '-mmin', '-amin', '-cmin', '-newer', '-inum', '-samefile', '-user', '-group', '-size', '-links', '-empty', '-prune',
        '-print', '-print0', '-exec', '-ok', '-delete', '-quit',
      ],
      source: bbAmd64('latest-1/glibc/amd64/rootfs.tar.gz', 'bin/find'),
      note: '`busybox find --help` of the image binary. LabStack uses <dir> -name PATTERN.',
    },
    {
      command: 'sort',
      flags: ['-n', '-r', '-u', '-g', '-h', '-M', '-c', '-s', '-z', '-b', '-d', '-f', '-i', '-o', '-k', '-t', '-V'],
      source: bbAmd64('latest-1/glibc/amd64/rootfs.tar.gz', 'bin/sort'),
      note: '`busybox sort --help`. LabStack uses -r.',
    },
    {
      command: 'date',
      flags: ['-u', '-s', '-d', '-D', '-r', '-R', '-I'],
      source: [bbAmd64('latest-1/glibc/amd64/rootfs.tar.gz', 'bin/date'), bbAmd64('latest-1/glibc/Dockerfile.builder', 'L243-245')],
      note: '`busybox date --help`; +FORMAT positional. /etc/localtime is UTC, so +%Y-%m-%d is the UTC date. LabStack uses +%Y-%m-%d, +%Y, +%m.',
    },
    {
      command: 'tail',
      flags: ['-c', '-n', '-q', '-v', '-f', '-F', '-s'],
      source: bbAmd64('latest-1/glibc/amd64/rootfs.tar.gz', 'bin/tail'),
      note: '`busybox tail --help`: -n +N starts at line N. LabStack uses -n +N.',
    },
    {
      command: 'mktemp',
      flags: ['-d', '-t', '-p', '-q', '-u'],
      source: bbAmd64('latest-1/glibc/amd64/rootfs.tar.gz', 'bin/mktemp'),
      note: 'Present (not used by the busybox-side scripts). Base directory: -p DIR, else $TMPDIR, else /tmp.',
    },
  ],
  env: [],
  writes: [],
  code: [{ path: '/bin', source: bbAmd64('latest-1/glibc/Dockerfile.builder', 'L137-178'), note: 'busybox, getconf and ~400 applet hard links; /lib holds glibc and libnss.' }],
  assumptions: [
    { what: 'Applet behaviour was read from the amd64 glibc layer; arm32v6 gets the musl build', configuredAt: 'systems.srs.images.busybox' },
  ],
};

export const databaseContracts: readonly ImageContractSpec[] = [postgresContract, mariadbContract, mongoContract, busyboxContract];

export const POSTGRES = new ImageContract(postgresContract);
export const MARIADB = new ImageContract(mariadbContract);
export const MONGO = new ImageContract(mongoContract);
export const BUSYBOX = new ImageContract(busyboxContract);
