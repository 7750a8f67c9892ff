# Helpers shared by the backup scripts. POSIX sh: runs under busybox (the job images) and dash.

# require_env NAME...: stop with a clear message when a variable is unset or empty.
require_env() {
  for name in "$@"; do
    eval "value=\${$name:-}"
    if [ -z "$value" ]; then
      echo "error: environment variable $name is not set" >&2
      exit 2
    fi
  done
}

# prune DIR PATTERN KEEP: delete all but the KEEP newest files of DIR whose names match the
# extended regular expression PATTERN. Names carry the date (YYYY-MM-DD), so name order is age
# order; modification times are not trusted (copies and restores change them).
prune() {
  ls -1 "$1" | grep -E "$2" | sort -r | tail -n "+$(($3 + 1))" | while IFS= read -r old; do
    rm -f -- "$1/$old"
    echo "removed old backup $old"
  done
}
