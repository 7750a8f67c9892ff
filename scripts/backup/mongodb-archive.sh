#!/bin/sh
# Second step of the MongoDB backup, in a busybox image: archives the dump of the first step as
# BACKUP_DIR/YYYY/MM/YYYY-MM-DD_backup.tar.bz2 (the seed's layout), written under a hidden
# .partial name, tested, then renamed; then keeps the newest BACKUP_KEEP archives (across months)
# and removes emptied month and year directories. Without a complete dump nothing is written or
# pruned.
#
# Environment: BACKUP_DIR, BACKUP_KEEP; WORK_DIR (default /work).
set -eu
# shellcheck source=lib.sh
. "${0%/*}/lib.sh"
require_env BACKUP_DIR BACKUP_KEEP

work="${WORK_DIR:-/work}"
if [ ! -e "$work/.complete" ]; then
  echo "error: no complete dump in $work/dump" >&2
  exit 1
fi
stamp=$(date +%Y-%m-%d)
dir="$BACKUP_DIR/$(date +%Y)/$(date +%m)"
mkdir -p "$dir"
final="$dir/${stamp}_backup.tar.bz2"
partial="$dir/.${stamp}_backup.tar.bz2.partial"
trap 'rm -f "$partial"' EXIT

tar -cf - -C "$work" dump | bzip2 -c > "$partial"
bzip2 -t "$partial"
mv -f "$partial" "$final"
echo "wrote $final"

find "$BACKUP_DIR" -name '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]_backup.tar.bz2' | sort -r | tail -n "+$((BACKUP_KEEP + 1))" | while IFS= read -r old; do
  rm -f -- "$old"
  echo "removed old backup $old"
done
for month in "$BACKUP_DIR"/[0-9][0-9][0-9][0-9]/[0-9][0-9] "$BACKUP_DIR"/[0-9][0-9][0-9][0-9]; do
  if [ -d "$month" ]; then rmdir "$month" 2>/dev/null || true; fi
done
