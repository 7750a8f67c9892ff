# Sourced by the OpenEM jobs. POSIX sh; the images have Python but neither curl nor wget.

# wait_for_prefect SECONDS: wait until $PREFECT_API_URL/ready answers 200 (the server is up and
# its database migrated), or stop with a message.
wait_for_prefect() {
  waited=0
  until python -c 'import os, sys, urllib.request
try:
    sys.exit(0 if urllib.request.urlopen(os.environ["PREFECT_API_URL"] + "/ready", timeout=5).status == 200 else 1)
except Exception:
    sys.exit(1)'; do
    if [ "$waited" -ge "$1" ]; then
      echo "error: the Prefect server at $PREFECT_API_URL was not ready within ${1}s" >&2
      exit 1
    fi
    sleep 5
    waited=$((waited + 5))
  done
}
