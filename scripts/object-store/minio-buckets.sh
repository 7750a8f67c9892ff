#!/bin/sh
# Creates buckets in a MinIO server, idempotently: existing buckets are left as they are.
#
# The server may still be starting (first start of the StatefulSet, or a rollout): the alias is
# retried for up to STORE_WAIT_SECONDS before giving up.
#
# Environment: MINIO_URL, MINIO_ROOT_USER, MINIO_ROOT_PASSWORD, BUCKETS (space-separated),
# STORE_WAIT_SECONDS (default 300).
set -eu
# shellcheck source=lib.sh
. "${0%/*}/lib.sh"
require_env MINIO_URL MINIO_ROOT_USER MINIO_ROOT_PASSWORD BUCKETS
export MC_CONFIG_DIR="${TMPDIR:-/tmp}/.mc"

wait_until "${STORE_WAIT_SECONDS:-300}" 5 "$MINIO_URL did not accept the root credentials within ${STORE_WAIT_SECONDS:-300}s" \
  mc alias set store "$MINIO_URL" "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD"

for bucket in $BUCKETS; do
  mc mb --ignore-existing "store/$bucket"
done
