#!/bin/sh
# Restores a PostgreSQL database from a dump written by postgres.sh.
#
# Stop the clients first (scale the application to zero). RESTORE_FROM names the dump in
# BACKUP_DIR, or "latest" for the newest one. The dump is checked before anything is touched;
# pg_restore then drops and re-creates every object of the dump in one transaction, so a failed
# restore leaves the database as it was.
#
# Environment: PGHOST, PGDATABASE, PGUSER, PGPASSWORD, BACKUP_DIR, BACKUP_PREFIX, RESTORE_FROM;
# PGPORT (default 5432).
set -eu
# shellcheck source=lib.sh
. "${0%/*}/lib.sh"
require_env PGHOST PGDATABASE PGUSER PGPASSWORD BACKUP_DIR BACKUP_PREFIX RESTORE_FROM

source=$(backup_to_restore "$BACKUP_DIR" "^$BACKUP_PREFIX-[0-9]{4}-[0-9]{2}-[0-9]{2}\\.dump\$" "$BACKUP_PREFIX-YYYY-MM-DD.dump")
if ! pg_restore --list "$source" >/dev/null 2>&1; then
  echo "error: $source is not a readable pg_dump archive" >&2
  exit 1
fi
pg_restore --clean --if-exists --no-owner --single-transaction --exit-on-error --dbname="$PGDATABASE" "$source"
echo "restored $PGDATABASE on $PGHOST from $source"
