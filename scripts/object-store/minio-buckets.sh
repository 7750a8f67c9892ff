#!/bin/sh
# Creates buckets in a MinIO server, idempotently: existing buckets are left as they are.
#
# mc finds the alias "store" in MC_HOST_store (http://ACCESS_KEY:SECRET_KEY@host:port), which the
# pod builds from the root credentials' Secret: the keys are never on a command line, where ps
# would show them. The server may still be starting (first start of the StatefulSet, or a
# rollout): listing its buckets is retried for up to STORE_WAIT_SECONDS before giving up.
#
# Environment: MC_HOST_store, MINIO_URL (the same server without the keys, for messages), BUCKETS
# (space-separated), STORE_WAIT_SECONDS (default 300).
set -eu
# shellcheck source=lib.sh
. "${0%/*}/lib.sh"
require_env MC_HOST_store MINIO_URL BUCKETS
export MC_CONFIG_DIR="${TMPDIR:-/tmp}/.mc"

wait_until "${STORE_WAIT_SECONDS:-300}" 5 "$MINIO_URL did not accept the root credentials within ${STORE_WAIT_SECONDS:-300}s" \
  mc ls store

for bucket in $BUCKETS; do
  mc mb --ignore-existing "store/$bucket"
done
