#!/bin/sh
# Restores a MariaDB database from a dump written by mariadb.sh.
#
# Stop the application first (scale the API to zero). RESTORE_FROM names the dump in BACKUP_DIR,
# or "latest" for the newest one. The dump is checked before anything is touched; the dump
# drops and re-creates each table it contains, inside the existing database.
#
# Environment: MYSQL_HOST, MYSQL_DATABASE, MYSQL_USER, MYSQL_PWD, BACKUP_DIR, BACKUP_PREFIX,
# RESTORE_FROM; MYSQL_PORT (default 3306).
set -eu
# shellcheck source=lib.sh
. "${0%/*}/lib.sh"
require_env MYSQL_HOST MYSQL_DATABASE MYSQL_USER MYSQL_PWD BACKUP_DIR BACKUP_PREFIX RESTORE_FROM

client=$(command -v mariadb || command -v mysql)
source=$(backup_to_restore "$BACKUP_DIR" "^$(echo "$BACKUP_PREFIX" | sed 's/\./\\./g')\\.[0-9]{4}-[0-9]{2}-[0-9]{2}\\.sql\\.gz\$" "$BACKUP_PREFIX.YYYY-MM-DD.sql.gz")
if ! gzip -t "$source" || ! gzip -dc "$source" | tail -n 1 | grep -q '^-- Dump completed'; then
  echo "error: $source is not a complete dump" >&2
  exit 1
fi
gzip -dc "$source" | "$client" --host="$MYSQL_HOST" --port="${MYSQL_PORT:-3306}" --user="$MYSQL_USER" "$MYSQL_DATABASE"
echo "restored $MYSQL_DATABASE on $MYSQL_HOST from $source"
