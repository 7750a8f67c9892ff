#!/bin/sh
# A stand-in for kubectl in tests: it keeps a cluster's namespaces and Secrets in a directory
# ($KUBECTL_STATE) and records every call, one argument a line and "---" after each, in $KUBECTL_LOG.
#
# Like the API server, it refuses every namespaced call (get, create or patch of a Secret) in a
# namespace that does not exist, and `apply` of an object into one. It answers the queries of the
# secrets script in the formats kubectl gives them (checked against kubectl 1.32 with --dry-run=client)
# and refuses every other call, option or output format with exit 64, so a script that starts to
# rely on something else fails here instead of passing untested.
#
# State: namespaces/<name> holds the namespace's labstack.io/environment label;
# secrets/<namespace>/<name>/type its type, secrets/<namespace>/<name>/data/<key> each value.
set -eu
LC_ALL=C
export LC_ALL
state=${KUBECTL_STATE:?}
log=${KUBECTL_LOG:?}
{
  for arg in "$@"; do printf '%s\n' "$arg"; done
  echo ---
} >>"$log"

refuse() {
  printf 'stand-in kubectl: %s (call: kubectl %s)\n' "$1" "$ARGS" >&2
  exit 64
}
not_found() {
  printf 'Error from server (NotFound): %s\n' "$1" >&2
  exit 1
}
ARGS=$*

namespace='' output='' ignore_not_found=false filename='' recursive=false patch_type='' patch_file=''
verb='' resource='' word1='' word2=''
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
from_files=$scratch/from-files
: >"$from_files"
while [ $# -gt 0 ]; do
  case $1 in
    -n | --namespace) namespace=$2; shift ;;
    --namespace=*) namespace=${1#*=} ;;
    -o | --output) output=$2; shift ;;
    --output=*) output=${1#*=} ;;
    --ignore-not-found) ignore_not_found=true ;;
    -f | --filename) filename=$2; shift ;;
    --filename=*) filename=${1#*=} ;;
    -R | --recursive) recursive=true ;;
    --server-side | --field-manager=*) ;;
    --type=*) patch_type=${1#*=} ;;
    --patch-file=*) patch_file=${1#*=} ;;
    --from-file=*) printf '%s\n' "${1#*=}" >>"$from_files" ;;
    -*) refuse "unsupported option $1" ;;
    *)
      if [ -z "$verb" ]; then verb=$1
      elif [ -z "$resource" ]; then resource=$1
      elif [ -z "$word1" ]; then word1=$1
      elif [ -z "$word2" ]; then word2=$1
      else refuse "too many arguments"
      fi
      ;;
  esac
  shift
done

# A namespaced call needs its namespace, as the API server does.
need_namespace() {
  [ -n "$namespace" ] || refuse 'namespaced call without -n'
  [ -f "$state/namespaces/$namespace" ] || not_found "namespaces \"$namespace\" not found"
}

# The documents of YAML files as "kind|name|namespace|labstack.io/environment", for the block style
# js-yaml writes (the rendering and the script's heredocs).
documents() {
  awk '
    function value(text) { sub(/^[^:]*:[ ]*/, "", text); gsub(/^'"'"'|'"'"'$|^"|"$/, "", text); return text }
    function flush() { if (kind != "") print kind "|" name "|" ns "|" env; kind = name = ns = env = section = field = "" }
    /^#/ { next }
    /^---/ { flush(); next }
    /^[^ ]/ { section = $1; if ($1 == "kind:") kind = value($0); next }
    section == "metadata:" && /^  [^ ]/ { field = $1; if ($1 == "name:") name = value($0); if ($1 == "namespace:") ns = value($0); next }
    section == "metadata:" && field == "labels:" && /^    labstack\.io\/environment:/ { env = value($0) }
    END { flush() }
  ' "$@"
}

# apply FILE...: Namespaces are created (or relabelled); other objects need their namespace.
apply_files() {
  failed=false
  documents "$@" >"$scratch/documents"
  while IFS='|' read -r kind name ns env; do
    if [ "$kind" = Namespace ]; then
      printf '%s' "$env" >"$state/namespaces/$name"
      echo "namespace/$name configured"
    elif [ -n "$ns" ] && [ ! -f "$state/namespaces/$ns" ]; then
      printf 'Error from server (NotFound): error when creating %s %s: namespaces "%s" not found\n' "$kind" "$name" "$ns" >&2
      failed=true
    else
      echo "$kind/$name configured"
    fi
  done <"$scratch/documents"
  [ "$failed" = false ] || exit 1
}

mkdir -p "$state/namespaces" "$state/secrets"
case "$verb $resource" in
  'get namespace')
    if [ ! -f "$state/namespaces/$word1" ]; then
      [ "$ignore_not_found" = true ] && exit 0
      not_found "namespaces \"$word1\" not found"
    fi
    [ "$output" = 'jsonpath=+{.metadata.labels.labstack\.io/environment}' ] || refuse "unsupported output $output"
    printf '+%s' "$(cat "$state/namespaces/$word1")"
    ;;
  'get secret')
    need_namespace
    secret="$state/secrets/$namespace/$word1"
    if [ ! -d "$secret" ]; then
      [ "$ignore_not_found" = true ] && exit 0
      not_found "secrets \"$word1\" not found"
    fi
    # shellcheck disable=SC2016 # kubectl's Go template, as the script passes it
    case $output in
      'go-template=+{{range $key, $value := .data}} {{$key}}{{end}}')
        printf '+'
        for file in "$secret/data"/.[!.]* "$secret/data"/*; do
          [ ! -e "$file" ] || printf ' %s' "${file##*/}"
        done
        ;;
      'jsonpath={.data.'*'}')
        key=$(printf '%s' "${output#jsonpath=\{.data.}" | sed 's/}$//; s/\\\././g')
        [ ! -f "$secret/data/$key" ] || base64 <"$secret/data/$key" | tr -d '\n'
        ;;
      *) refuse "unsupported output $output" ;;
    esac
    ;;
  'create secret')
    need_namespace
    secret="$state/secrets/$namespace/$word2"
    [ -n "$word2" ] || refuse 'create secret without a name'
    [ ! -d "$secret" ] || { printf 'Error from server (AlreadyExists): secrets "%s" already exists\n' "$word2" >&2; exit 1; }
    [ -s "$from_files" ] || refuse 'a Secret without --from-file'
    case $word1 in
      generic) type=Opaque ;;
      docker-registry)
        type=kubernetes.io/dockerconfigjson
        grep -qv '^\.dockerconfigjson=' "$from_files" && refuse 'docker-registry takes only --from-file=.dockerconfigjson=<file>'
        ;;
      *) refuse "unsupported secret type $word1" ;;
    esac
    mkdir -p "$secret/data"
    printf '%s' "$type" >"$secret/type"
    while IFS= read -r source; do cp "${source#*=}" "$secret/data/${source%%=*}"; done <"$from_files"
    echo "secret/$word2 created"
    ;;
  'patch secret')
    need_namespace
    secret="$state/secrets/$namespace/$word1"
    [ -d "$secret" ] || not_found "secrets \"$word1\" not found"
    if [ "$patch_type" != merge ] || [ ! -f "$patch_file" ]; then refuse 'only --type=merge --patch-file=<file> is supported'; fi
    entry='"[-._a-zA-Z0-9]+":"[A-Za-z0-9+/=]*"'
    grep -Eqx "\\{\"data\":\\{$entry(,$entry)*\\}\\}" "$patch_file" || refuse "unsupported patch $(cat "$patch_file")"
    { sed 's/^{"data":{//; s/}}$//' "$patch_file" | tr ',' '\n' | tr -d '"'; echo; } >"$scratch/entries"
    while IFS=: read -r key value; do
      [ -z "$key" ] || printf '%s' "$value" | base64 -d >"$secret/data/$key"
    done <"$scratch/entries"
    echo "secret/$word1 patched"
    ;;
  'apply ')
    if [ "$filename" = - ]; then
      cat >"$scratch/stdin.yaml"
      apply_files "$scratch/stdin.yaml"
    elif [ -d "$filename" ] && [ "$recursive" = true ]; then
      # kubectl walks a directory in name order.
      find "$filename" -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) | sort >"$scratch/files"
      set --
      while IFS= read -r file; do set -- "$@" "$file"; done <"$scratch/files"
      apply_files "$@"
    else
      refuse 'apply takes -f - or -f <directory> -R'
    fi
    ;;
  *) refuse 'unsupported call' ;;
esac
