#!/bin/sh
# Deploys the archiver's flows (prefect deploy) once the configuration job has created the work
# pools they name. Deploying again updates the deployments in place, so re-runs are harmless.
#
# Environment: PREFECT_API_URL, WORK_POOLS (space-separated), PREFECT_FILE (the prefect.yaml);
# FLOWS_DIR (default /app/backend, where the runtime image keeps the flows).
set -eu
# shellcheck source=lib.sh
. "${0%/*}/lib.sh"
require_env PREFECT_API_URL WORK_POOLS PREFECT_FILE
# shellcheck source=wait-for-prefect.sh
. "${0%/*}/wait-for-prefect.sh"
wait_for_prefect "${PREFECT_WAIT_SECONDS:-600}"

# The configuration job creates the pools: wait for it rather than deploy into missing pools.
for pool in $WORK_POOLS; do
  wait_until "${POOL_WAIT_SECONDS:-1800}" 10 "work pool $pool does not exist; did the configuration job fail?" prefect work-pool inspect "$pool"
done

cd "${FLOWS_DIR:-/app/backend}"
prefect --no-prompt deploy --all --prefect-file "$PREFECT_FILE"
