#!/bin/sh
# Logical backup of one MariaDB database, as the seed's `deploy.sh mysql-backup` did.
#
# mariadb-dump --single-transaction reads a consistent snapshot of InnoDB tables without
# locking writers. The dump is compressed into a hidden .partial file; it is kept only when the
# dump succeeded, ends with MariaDB's "Dump completed" trailer and the gzip stream is intact.
# Then it is renamed to BACKUP_PREFIX.YYYY-MM-DD.sql.gz and older dumps are pruned, so a failed
# run never replaces or prunes anything.
#
# Environment: MYSQL_HOST, MYSQL_DATABASE, MYSQL_USER, MYSQL_PWD (read by the client),
# BACKUP_DIR, BACKUP_PREFIX (e.g. spi_db.dump), BACKUP_KEEP; MYSQL_PORT (default 3306).
set -eu
# shellcheck source=lib.sh
. "${0%/*}/lib.sh"
require_env MYSQL_HOST MYSQL_DATABASE MYSQL_USER MYSQL_PWD BACKUP_DIR BACKUP_PREFIX BACKUP_KEEP

dump=$(command -v mariadb-dump || command -v mysqldump)
stamp=$(date +%Y-%m-%d)
final="$BACKUP_DIR/$BACKUP_PREFIX.$stamp.sql.gz"
partial="$BACKUP_DIR/.$BACKUP_PREFIX.$stamp.sql.gz.partial"
failed="$BACKUP_DIR/.$BACKUP_PREFIX.$stamp.failed"
trap 'rm -f "$partial" "$failed"' EXIT
rm -f "$partial" "$failed"

# POSIX sh has no pipefail: the dump's failure is recorded in a file.
{ "$dump" --host="$MYSQL_HOST" --port="${MYSQL_PORT:-3306}" --user="$MYSQL_USER" \
    --single-transaction --quick --routines --triggers "$MYSQL_DATABASE" || touch "$failed"; } | gzip -c > "$partial"
if [ -e "$failed" ]; then
  echo "error: $dump of $MYSQL_DATABASE on $MYSQL_HOST failed" >&2
  exit 1
fi
if ! gzip -t "$partial"; then
  echo "error: the compressed dump is corrupt" >&2
  exit 1
fi
if ! gzip -dc "$partial" | tail -n 1 | grep -q '^-- Dump completed'; then
  echo "error: the dump is incomplete (no \"Dump completed\" trailer)" >&2
  exit 1
fi
mv -f "$partial" "$final"
echo "wrote $final"

prune "$BACKUP_DIR" "^$(echo "$BACKUP_PREFIX" | sed 's/\./\\./g')\\.[0-9]{4}-[0-9]{2}-[0-9]{2}\\.sql\\.gz\$" "$BACKUP_KEEP"
