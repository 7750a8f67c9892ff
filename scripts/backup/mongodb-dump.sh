#!/bin/sh
# First step of the MongoDB backup, in the mongo image: mongodump of each collection named in
# BACKUP_COLLECTIONS into $WORK_DIR/dump. The samples collections are never listed: recorded
# data belongs to the experiment owner's exports, as in the seed's daily_backup.sh.
#
# The password goes to mongodump in a config file readable only by this user, never on the
# command line (where ps would show it).
#
# Environment: MONGODB_HOST, MONGODB_USER, MONGODB_PASSWORD, MONGODB_DB_NAME, BACKUP_COLLECTIONS;
# MONGODB_PORT (default 27017), WORK_DIR (default /work).
set -eu
# shellcheck source=lib.sh
. "${0%/*}/lib.sh"
require_env MONGODB_HOST MONGODB_USER MONGODB_PASSWORD MONGODB_DB_NAME BACKUP_COLLECTIONS

work="${WORK_DIR:-/work}"
rm -rf "$work/dump" "$work/.complete"
mkdir -p "$work/dump"
config=$(mktemp)
trap 'rm -f "$config"' EXIT
mongo_tools_config "$config"

for collection in $BACKUP_COLLECTIONS; do
  mongodump --config="$config" --host="$MONGODB_HOST" --port="${MONGODB_PORT:-27017}" \
    --username="$MONGODB_USER" --authenticationDatabase=admin \
    --db="$MONGODB_DB_NAME" --collection="$collection" --out="$work/dump"
done
touch "$work/.complete"
echo "dumped $BACKUP_COLLECTIONS of $MONGODB_DB_NAME"
