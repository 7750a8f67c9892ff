#!/bin/sh
# Online backup of a SQLite database.
#
# sqlite3's .backup copies a consistent snapshot while the application keeps writing (it waits
# up to SQLITE_BUSY_TIMEOUT_MS for a writer's lock). The copy is written under a hidden
# .partial name, checked with PRAGMA integrity_check, and only then renamed to
# BACKUP_PREFIX-YYYY-MM-DD.sqlite3, so a failed run never leaves a partial file under the final
# name and never reaches the pruning step: older copies survive every failure.
#
# Environment: SQLITE_DATABASE, BACKUP_DIR, BACKUP_PREFIX, BACKUP_KEEP (newest copies kept).
set -eu
# shellcheck source=lib.sh
. "${0%/*}/lib.sh"
require_env SQLITE_DATABASE BACKUP_DIR BACKUP_PREFIX BACKUP_KEEP

if [ ! -f "$SQLITE_DATABASE" ]; then
  echo "error: no database at $SQLITE_DATABASE" >&2
  exit 1
fi

stamp=$(date +%Y-%m-%d)
final="$BACKUP_DIR/$BACKUP_PREFIX-$stamp.sqlite3"
partial="$BACKUP_DIR/.$BACKUP_PREFIX-$stamp.sqlite3.partial"
trap 'rm -f "$partial"' EXIT
rm -f "$partial"

sqlite3 -bail -cmd ".timeout ${SQLITE_BUSY_TIMEOUT_MS:-30000}" "$SQLITE_DATABASE" ".backup '$partial'"
check=$(sqlite3 "$partial" 'PRAGMA integrity_check;')
if [ "$check" != ok ]; then
  echo "error: integrity check of the copy failed: $check" >&2
  exit 1
fi
mv -f "$partial" "$final"
echo "wrote $final"

prune "$BACKUP_DIR" "^$BACKUP_PREFIX-[0-9]{4}-[0-9]{2}-[0-9]{2}\\.sqlite3\$" "$BACKUP_KEEP"
