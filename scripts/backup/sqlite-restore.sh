#!/bin/sh
# Restores a SQLite database from a backup written by sqlite.sh.
#
# Run it only while the application is stopped (scaled to zero). RESTORE_FROM names the backup
# file in BACKUP_DIR, or "latest" for the newest one. The backup is checked first; the current
# database is kept beside it as <database>.before-restore, and its -wal/-shm files are removed
# so SQLite does not replay them over the restored copy.
#
# Environment: SQLITE_DATABASE, BACKUP_DIR, BACKUP_PREFIX, RESTORE_FROM.
set -eu
# shellcheck source=lib.sh
. "${0%/*}/lib.sh"
require_env SQLITE_DATABASE BACKUP_DIR BACKUP_PREFIX RESTORE_FROM

source=$(backup_to_restore "$BACKUP_DIR" "^$BACKUP_PREFIX-[0-9]{4}-[0-9]{2}-[0-9]{2}\\.sqlite3\$" "$BACKUP_PREFIX-YYYY-MM-DD.sqlite3")
check=$(sqlite3 "$source" 'PRAGMA integrity_check;')
if [ "$check" != ok ]; then
  echo "error: $source fails the integrity check: $check" >&2
  exit 1
fi

staged="$SQLITE_DATABASE.restoring"
cp "$source" "$staged"
if [ -f "$SQLITE_DATABASE" ]; then
  mv -f "$SQLITE_DATABASE" "$SQLITE_DATABASE.before-restore"
fi
rm -f "$SQLITE_DATABASE-wal" "$SQLITE_DATABASE-shm" "$SQLITE_DATABASE-journal"
mv -f "$staged" "$SQLITE_DATABASE"
echo "restored $SQLITE_DATABASE from $source"
