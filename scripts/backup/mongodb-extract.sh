#!/bin/sh
# First step of the MongoDB restore, in a busybox image: unpacks the archive named by
# RESTORE_FROM ("latest", or a path below BACKUP_DIR such as 2026/11/2026-11-20_backup.tar.bz2)
# into $WORK_DIR/dump, after testing it.
#
# Environment: BACKUP_DIR, RESTORE_FROM; WORK_DIR (default /work).
set -eu
# shellcheck source=lib.sh
. "${0%/*}/lib.sh"
require_env BACKUP_DIR RESTORE_FROM

work="${WORK_DIR:-/work}"
if [ "$RESTORE_FROM" = latest ]; then
  source=$(find "$BACKUP_DIR" -name '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]_backup.tar.bz2' | sort -r | head -n 1)
  if [ -z "$source" ]; then
    echo "error: no backup named YYYY/MM/YYYY-MM-DD_backup.tar.bz2 in $BACKUP_DIR" >&2
    exit 1
  fi
else
  source="$BACKUP_DIR/$RESTORE_FROM"
fi
if [ ! -f "$source" ] || ! bzip2 -t "$source" 2>/dev/null; then
  echo "error: $source is not a readable backup archive" >&2
  exit 1
fi
rm -rf "$work/dump"
bzip2 -dc "$source" | tar -xf - -C "$work"
echo "unpacked $source"
