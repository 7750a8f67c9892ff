#!/bin/sh
# Configures the archiver's Prefect server, idempotently (every step overwrites):
#   1. Prefect variables from /var/local/vars.toml,
#   2. Secret blocks from the files named by the *_FILE variables (s3-user, s3-password, ...),
#   3. concurrency limits from /var/local/concurrency-limits.toml,
#   4. the kubernetes work pools WORK_POOLS with their base job templates
#      (/var/local/pools/<pool>/baseJobTemplate.json).
# Steps 1-3 are the upstream config image's config.py; step 4 replaces creating Docker pools by hand.
#
# Environment: PREFECT_API_URL, WORK_POOLS (space-separated), the six *_FILE variables.
set -eu
. "$(dirname "$0")/lib.sh"
require_env PREFECT_API_URL WORK_POOLS
. "$(dirname "$0")/wait-for-prefect.sh"
wait_for_prefect "${PREFECT_WAIT_SECONDS:-600}"

python /config.py \
  -v /var/local/vars.toml \
  -s S3_USER_FILE S3_PASSWORD_FILE GITHUB_USER_FILE GITHUB_PASSWORD_FILE SCICAT_USER_FILE SCICAT_PASSWORD_FILE \
  -l /var/local/concurrency-limits.toml

for pool in $WORK_POOLS; do
  prefect work-pool create "$pool" --type kubernetes --base-job-template "/var/local/pools/$pool/baseJobTemplate.json" --overwrite
done
echo "configured variables, secret blocks, concurrency limits and work pools: $WORK_POOLS"
