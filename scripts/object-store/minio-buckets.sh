#!/bin/sh
# Creates buckets in a MinIO server, idempotently: existing buckets are left as they are.
#
# The server may still be starting (first start of the StatefulSet, or a rollout): the alias is
# retried for up to STORE_WAIT_SECONDS before giving up.
#
# Environment: MINIO_URL, MINIO_ROOT_USER, MINIO_ROOT_PASSWORD, BUCKETS (space-separated),
# STORE_WAIT_SECONDS (default 300).
set -eu
. "$(dirname "$0")/lib.sh"
require_env MINIO_URL MINIO_ROOT_USER MINIO_ROOT_PASSWORD BUCKETS
export MC_CONFIG_DIR="${TMPDIR:-/tmp}/.mc"

waited=0
until mc alias set store "$MINIO_URL" "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null 2>&1; do
  if [ "$waited" -ge "${STORE_WAIT_SECONDS:-300}" ]; then
    echo "error: $MINIO_URL did not accept the root credentials within ${STORE_WAIT_SECONDS:-300}s" >&2
    exit 1
  fi
  sleep 5
  waited=$((waited + 5))
done

for bucket in $BUCKETS; do
  mc mb --ignore-existing "store/$bucket"
done
