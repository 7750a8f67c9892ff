# shellcheck shell=sh
# shellcheck disable=SC2154 # ENVIRONMENT is set by the generated script before this part
# The functions of the script `npm run secrets -- <env> --out <file>` writes: tools/secrets.ts
# embeds everything below the first empty line, after ENVIRONMENT=<name>. Nothing here comes from
# config; values pass through files in a private directory, never through a command line or the output.

fail() {
  printf '%s\n' "$*" >&2
  exit 1
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# namespace_state NAME: "+<its labstack.io/environment label>" when the namespace exists, nothing otherwise.
namespace_state() {
  kubectl get namespace "$1" --ignore-not-found -o 'jsonpath=+{.metadata.labels.labstack\.io/environment}'
}

# secret_state NAMESPACE NAME: "+ <key> <key> ..." when the Secret exists, nothing otherwise (key names only).
secret_state() {
  # shellcheck disable=SC2016 # a Go template for kubectl
  kubectl -n "$1" get secret "$2" --ignore-not-found -o 'go-template=+{{range $key, $value := .data}} {{$key}}{{end}}'
}

# has_key KEY STATE: the Secret in that state has the key.
has_key() {
  case " $2 " in *" $1 "*) return 0 ;; esac
  return 1
}

# check_owner NAMESPACE STATE: notes a namespace labelled for another environment.
conflicts=''
check_owner() {
  owner=${2#+}
  if [ -n "$owner" ] && [ "$owner" != "$ENVIRONMENT" ]; then
    conflicts="$conflicts
  namespace $1 belongs to the environment $owner"
  fi
}

# require VARIABLE VALUE MIN_LENGTH PURPOSE: notes a value you must supply that is unset or too short,
# once (a Secret of one name in two namespaces reads the same variable).
missing=''
require() {
  case "$missing" in
    *"
  $1  "*) return 0 ;;
  esac
  if [ -z "$2" ]; then
    missing="$missing
  $1  ($4)"
  elif [ "${#2}" -lt "$3" ]; then
    missing="$missing
  $1  must have at least $3 characters, has ${#2} ($4)"
  fi
}

# optional VARIABLE VALUE MIN_LENGTH PURPOSE: a value you may leave unset; when set, it must be long enough.
optional() {
  [ -z "$2" ] || require "$@"
}

# stop_on_problems: everything found is reported at once, before anything has changed.
stop_on_problems() {
  if [ -n "$conflicts" ]; then
    fail "This cluster holds another LabStack environment; nothing was changed:$conflicts
A cluster runs one environment (the namespaces have fixed names): switch to the cluster of $ENVIRONMENT (kubectl config use-context)."
  fi
  if [ -n "$missing" ]; then
    fail "Export these variables, then run the script again; nothing was changed:$missing"
  fi
}

# begin: no keys gathered yet for the next Secret.
begin() {
  keys=''
  rm -rf "$work/keys"
  mkdir "$work/keys"
}

# generate KEY LENGTH: a random value of letters and digits.
generate() {
  LC_ALL=C tr -dc 'A-Za-z0-9' </dev/urandom | head -c "$2" >"$work/keys/$1"
  [ "$(wc -c <"$work/keys/$1")" -eq "$2" ] || fail "could not read $2 random characters from /dev/urandom"
  keys="$keys $1"
}

# supply KEY VALUE: a value you supplied (printf is built into the shell: no command line shows it).
supply() {
  printf '%s' "$2" >"$work/keys/$1"
  keys="$keys $1"
}

# copy_from KEY NAMESPACE SECRET SOURCE_KEY: the value of another Secret's key, so both always agree.
copy_from() {
  kubectl -n "$2" get secret "$3" -o "jsonpath={.data.$(printf '%s' "$4" | sed 's/\./\\./g')}" | base64 -d >"$work/keys/$1"
  [ -s "$work/keys/$1" ] || fail "cannot copy $4 of $2/$3: that Secret or key does not exist"
  keys="$keys $1"
}

# registry_config SERVER USERNAME PASSWORD: .dockerconfigjson as kubectl create secret docker-registry writes it.
registry_config() {
  printf '%s' "$2" >"$work/username"
  printf '%s' "$3" >"$work/password"
  if LC_ALL=C grep -q '[[:cntrl:]]' "$work/username" "$work/password"; then
    fail "the user name and password for $1 must not contain control characters"
  fi
  auth=$(printf '%s:%s' "$2" "$3" | base64 | tr -d '\n')
  printf '{"auths":{"%s":{"username":"%s","password":"%s","auth":"%s"}}}' \
    "$1" "$(json_text "$work/username")" "$(json_text "$work/password")" "$auth" >"$work/keys/.dockerconfigjson"
  keys="$keys .dockerconfigjson"
}

# json_text FILE: the file's text escaped for a JSON string (it holds no control characters).
json_text() {
  sed 's/\\/\\\\/g; s/"/\\"/g' "$1"
}

# store KIND NAMESPACE NAME STATE: creates the Secret from the keys gathered, or adds them to it
# (a merge patch adds keys and leaves the others as they are).
store() {
  if [ -z "$keys" ]; then
    printf '%s/%s has every key, left unchanged\n' "$2" "$3"
  elif [ -z "$4" ]; then
    kind=$1 namespace=$2 name=$3
    set --
    for key in $keys; do set -- "$@" "--from-file=$key=$work/keys/$key"; done
    kubectl -n "$namespace" create secret "$kind" "$name" "$@"
  else
    data=''
    for key in $keys; do data="$data${data:+,}\"$key\":\"$(base64 <"$work/keys/$key" | tr -d '\n')\""; done
    printf '{"data":{%s}}' "$data" >"$work/patch.json"
    kubectl -n "$2" patch secret "$3" --type=merge --patch-file="$work/patch.json"
    printf 'added%s to %s/%s; its other keys are unchanged\n' "$keys" "$2" "$3"
  fi
}
