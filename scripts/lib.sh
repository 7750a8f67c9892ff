# shellcheck shell=sh
# Helpers shared by the job scripts (backup, object store, OpenEM). POSIX sh: runs under busybox,
# dash and bash. Each script directory links it as lib.sh, so every ConfigMap holds a copy.

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

# names DIR: the names of the entries of DIR that do not start with a dot, one a line.
names() {
  for entry in "$1"/*; do
    [ -e "$entry" ] && printf '%s\n' "${entry##*/}"
  done
  return 0
}

# prune DIR PATTERN KEEP: delete all but the KEEP newest files of DIR whose names match the
# extended regular expression PATTERN. Names carry the date (YYYY-MM-DD), so name order is age
# order; modification times are not trusted (copies and restores change them).
prune() {
  names "$1" | grep -E "$2" | sort -r | tail -n "+$(($3 + 1))" | while IFS= read -r old; do
    rm -f -- "$1/$old"
    echo "removed old backup $old"
  done
}

# backup_to_restore DIR PATTERN DESCRIPTION: print the path of the backup named by RESTORE_FROM
# ("latest": the newest file of DIR matching PATTERN), or stop with a message.
backup_to_restore() {
  if [ "$RESTORE_FROM" = latest ]; then
    name=$(names "$1" | grep -E "$2" | sort -r | head -n 1)
    if [ -z "$name" ]; then
      echo "error: no backup named $3 in $1" >&2
      exit 1
    fi
  else
    name=$(basename "$RESTORE_FROM")
  fi
  if [ ! -f "$1/$name" ]; then
    echo "error: no backup $1/$name" >&2
    exit 1
  fi
  echo "$1/$name"
}

# wait_until SECONDS STEP MESSAGE COMMAND...: run COMMAND (quietly) every STEP seconds until it
# succeeds; when it still fails after SECONDS, stop with MESSAGE. For services still starting.
wait_until() {
  limit=$1
  step=$2
  message=$3
  shift 3
  waited=0
  until "$@" >/dev/null 2>&1; do
    if [ "$waited" -ge "$limit" ]; then
      echo "error: $message" >&2
      exit 1
    fi
    sleep "$step"
    waited=$((waited + step))
  done
}

# mongo_tools_config FILE: writes the --config file of the MongoDB tools (mongodump, mongorestore)
# with MONGODB_PASSWORD, readable only by this user, so the password is never on a command line
# (where ps would show it). A single-quoted YAML scalar takes every character but the quote,
# which is doubled; the tools parse the file strictly.
mongo_tools_config() {
  : > "$1"
  chmod 600 "$1"
  printf "password: '%s'\n" "$(printf '%s' "$MONGODB_PASSWORD" | sed "s/'/''/g")" > "$1"
}
