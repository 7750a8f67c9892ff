#!/bin/sh
# Creates buckets in a MinIO server, idempotently: existing buckets are left as they are. Then
# gives the clients their own user: CLIENT_ACCESS_KEY, with a policy (CLIENT_POLICY) that allows
# the S3 actions on these buckets and nothing else (no other bucket, no administration), so no
# client needs the root keys. Running again updates the policy and the user's secret key.
#
# mc finds the alias "store" in MC_HOST_store (http://ACCESS_KEY:SECRET_KEY@host:port), which the
# pod builds from the root credentials' Secret: the keys are never on a command line, where ps
# would show them. The server may still be starting (first start of the StatefulSet, or a
# rollout): listing its buckets is retried for up to STORE_WAIT_SECONDS before giving up.
#
# Environment: MC_HOST_store, MINIO_URL (the same server without the keys, for messages), BUCKETS
# (space-separated), CLIENT_ACCESS_KEY, CLIENT_SECRET_KEY, CLIENT_POLICY, STORE_WAIT_SECONDS
# (default 300).
set -eu
# shellcheck source=lib.sh
. "${0%/*}/lib.sh"
require_env MC_HOST_store MINIO_URL BUCKETS CLIENT_ACCESS_KEY CLIENT_SECRET_KEY CLIENT_POLICY
export MC_CONFIG_DIR="${TMPDIR:-/tmp}/.mc"

wait_until "${STORE_WAIT_SECONDS:-300}" 5 "$MINIO_URL did not accept the root credentials within ${STORE_WAIT_SECONDS:-300}s" \
  mc ls store

for bucket in $BUCKETS; do
  mc mb --ignore-existing "store/$bucket"
done

# Only shell built-ins besides mc: the image (ubi-micro) is not known to have sed or mktemp.
policy="${TMPDIR:-/tmp}/client-policy.json"
resources=""
for bucket in $BUCKETS; do
  resources="$resources\"arn:aws:s3:::$bucket\",\"arn:aws:s3:::$bucket/*\","
done
printf '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*"],"Resource":[%s]}]}\n' "${resources%,}" >"$policy"
mc admin policy create store "$CLIENT_POLICY" "$policy"
# The secret key on standard input, never on the command line.
printf '%s\n' "$CLIENT_SECRET_KEY" | mc admin user add store "$CLIENT_ACCESS_KEY"
# Attaching a policy the user has already is an error: attach it only when the user's policies
# (mc's JSON, indented: "policyName": "a,b") do not name it.
info=$(mc admin user info store "$CLIENT_ACCESS_KEY" --json)
case "$info" in
  *"\"policyName\": \"$CLIENT_POLICY\""* | *"\"policyName\": \"$CLIENT_POLICY,"* | *",$CLIENT_POLICY\""* | *",$CLIENT_POLICY,"*) ;;
  *) mc admin policy attach store "$CLIENT_POLICY" --user "$CLIENT_ACCESS_KEY" ;;
esac
echo "user $CLIENT_ACCESS_KEY may use $BUCKETS (policy $CLIENT_POLICY)"
