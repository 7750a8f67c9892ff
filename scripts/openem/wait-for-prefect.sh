# shellcheck shell=sh
# Sourced by the OpenEM jobs, after lib.sh. POSIX sh; the images have Python but neither curl
# nor wget.

# prefect_ready: $PREFECT_API_URL/ready answers 200 (the server is up and its database migrated).
prefect_ready() {
  python -c 'import os, sys, urllib.request
try:
    sys.exit(0 if urllib.request.urlopen(os.environ["PREFECT_API_URL"] + "/ready", timeout=5).status == 200 else 1)
except Exception:
    sys.exit(1)'
}

# wait_for_prefect SECONDS: wait until the server is ready, or stop with a message.
wait_for_prefect() {
  wait_until "$1" 5 "the Prefect server at $PREFECT_API_URL was not ready within ${1}s" prefect_ready
}
