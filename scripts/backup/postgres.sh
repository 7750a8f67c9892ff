#!/bin/sh
# Logical backup of one PostgreSQL database in pg_dump's custom format (compressed, restorable
# table by table with pg_restore).
#
# The dump is written to a hidden .partial file and kept only when pg_dump succeeded and
# pg_restore can read its table of contents; then it is renamed to BACKUP_PREFIX-YYYY-MM-DD.dump
# and all but the newest BACKUP_KEEP dumps are removed. A failed run never replaces or prunes
# anything.
#
# Environment: PGHOST, PGDATABASE, PGUSER, PGPASSWORD (read by the client tools), BACKUP_DIR,
# BACKUP_PREFIX, BACKUP_KEEP; PGPORT (default 5432).
set -eu
# shellcheck source=lib.sh
. "${0%/*}/lib.sh"
require_env PGHOST PGDATABASE PGUSER PGPASSWORD BACKUP_DIR BACKUP_PREFIX BACKUP_KEEP

stamp=$(date +%Y-%m-%d)
final="$BACKUP_DIR/$BACKUP_PREFIX-$stamp.dump"
partial="$BACKUP_DIR/.$BACKUP_PREFIX-$stamp.dump.partial"
trap 'rm -f "$partial"' EXIT
rm -f "$partial"

if ! pg_dump --format=custom --file="$partial" "$PGDATABASE"; then
  echo "error: pg_dump of $PGDATABASE on $PGHOST failed" >&2
  exit 1
fi
if ! pg_restore --list "$partial" >/dev/null; then
  echo "error: the dump cannot be read back" >&2
  exit 1
fi
mv -f "$partial" "$final"
echo "wrote $final"

prune "$BACKUP_DIR" "^$BACKUP_PREFIX-[0-9]{4}-[0-9]{2}-[0-9]{2}\\.dump\$" "$BACKUP_KEEP"
