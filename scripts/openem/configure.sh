#!/bin/sh
# Configures the archiver's Prefect server, idempotently (every step overwrites):
#   1. Prefect variables from the dotenv file VARIABLES_FILE, with S3_ENDPOINT and
#      S3_EXTERNAL_ENDPOINT from the environment (config.py registers every variable of its model),
#   2. secret blocks from the files named by the *_FILE variables (s3-user, s3-password,
#      scicat-user, scicat-password),
#   3. the kubernetes work pools WORK_POOLS with their base job templates
#      (/var/local/pools/<pool>/baseJobTemplate.json).
# Steps 1-2 are the upstream config image's config.py; step 3 replaces creating Docker pools by hand.
#
# Environment: PREFECT_API_URL, WORK_POOLS (space-separated), VARIABLES_FILE, S3_ENDPOINT,
# S3_EXTERNAL_ENDPOINT, and the four *_FILE variables.
set -eu
# shellcheck source=lib.sh
. "${0%/*}/lib.sh"
require_env PREFECT_API_URL WORK_POOLS VARIABLES_FILE S3_ENDPOINT S3_EXTERNAL_ENDPOINT S3_USER_FILE S3_PASSWORD_FILE SCICAT_USER_FILE SCICAT_PASSWORD_FILE
# shellcheck source=wait-for-prefect.sh
. "${0%/*}/wait-for-prefect.sh"
wait_for_prefect "${PREFECT_WAIT_SECONDS:-600}"

python /config.py -v "$VARIABLES_FILE" -s S3_USER_FILE S3_PASSWORD_FILE SCICAT_USER_FILE SCICAT_PASSWORD_FILE

for pool in $WORK_POOLS; do
  prefect work-pool create "$pool" --type kubernetes --base-job-template "/var/local/pools/$pool/baseJobTemplate.json" --overwrite
done
echo "configured variables, secret blocks and work pools: $WORK_POOLS"
