#!/bin/sh
# Second step of the MongoDB restore, in the mongo image: mongorestore of the unpacked dump into
# MONGODB_DB_NAME. A dump taken from another database (e.g. production's into a test
# environment) is renamed with --nsFrom/--nsTo: set RESTORE_FROM_DB to the dumped database's name.
# Existing documents with the same _id are kept (no --drop): restore into empty collections, as
# the seed's restore_from_backup.sh requires.
#
# Environment: MONGODB_HOST, MONGODB_USER, MONGODB_PASSWORD, MONGODB_DB_NAME; RESTORE_FROM_DB
# (default MONGODB_DB_NAME), MONGODB_PORT (default 27017), WORK_DIR (default /work).
set -eu
# shellcheck source=lib.sh
. "${0%/*}/lib.sh"
require_env MONGODB_HOST MONGODB_USER MONGODB_PASSWORD MONGODB_DB_NAME

work="${WORK_DIR:-/work}"
from="${RESTORE_FROM_DB:-$MONGODB_DB_NAME}"
if [ ! -d "$work/dump/$from" ]; then
  echo "error: the dump holds no database $from (set RESTORE_FROM_DB to one of: $(names "$work/dump" | tr '\n' ' '))" >&2
  exit 1
fi
config=$(mktemp)
trap 'rm -f "$config"' EXIT
mongo_tools_config "$config"

mongorestore --config="$config" --host="$MONGODB_HOST" --port="${MONGODB_PORT:-27017}" \
  --username="$MONGODB_USER" --authenticationDatabase=admin \
  --nsInclude="$from.*" --nsFrom="$from.*" --nsTo="$MONGODB_DB_NAME.*" --dir="$work/dump"
echo "restored $from into $MONGODB_DB_NAME"
