#!/bin/sh
# Builds Sticky Pi's three images (spi_api, spi_webapp, spi_ml) the way upstream's server/deploy.sh
# prepares them, and pushes them to the lab's registry. Upstream publishes no images.
#
# deploy.sh copies, from server/, the Python package ../src/ into api/src and ml/src_api, and
# sticky-pi-ml's src/ (a sibling checkout named sticky-pi-ml-git) into ml/src; the Dockerfiles
# COPY those directories. This script does the same in a scratch directory, at the commits given,
# with two fixes the ml image needs to build at all today (see docs/sticky-pi.md):
#   - ml/Dockerfile clones detectron2 at HEAD, which requires torch >= 1.8 against the image's
#     torch 1.6.0: the clone is pinned to detectron2 v0.4.1, the last release accepting torch 1.6;
#   - sticky-pi-ml's setup.py requires the PyPI package "sklearn", which refuses to install: it is
#     replaced by "scikit-learn", the package it stood for.
#
# Usage: build-images.sh --registry REGISTRY [options]
#   --registry PATH     where the images go, e.g. registry.lab.example.org/sticky-pi (required)
#   --api-repo URL|DIR  sticky-pi-api repository (default https://github.com/sticky-pi/sticky-pi-api)
#   --api-commit REF    its commit (default 9085de7b9af7889458375ff0cafcc9fc8a170811, develop)
#   --ml-repo URL|DIR   sticky-pi-ml repository (default https://github.com/sticky-pi/sticky-pi-ml)
#   --ml-commit REF     its commit (default fcc23a96eb8cc31a495745157d756192dc234cf4, main)
#   --builder NAME      docker, podman or buildah (default: the first one installed)
#   --push              push the images after building them
#   --prepare-only DIR  only prepare the build contexts in DIR (an empty or new directory)
#
# Tags: spi_api and spi_webapp get the api commit's first 7 characters, spi_ml "<api>-<ml>"; the
# script ends by printing the systems.stickyPi.images block for the environment file.
set -eu

API_REPO=https://github.com/sticky-pi/sticky-pi-api
API_COMMIT=9085de7b9af7889458375ff0cafcc9fc8a170811
ML_REPO=https://github.com/sticky-pi/sticky-pi-ml
ML_COMMIT=fcc23a96eb8cc31a495745157d756192dc234cf4
DETECTRON2_TAG=v0.4.1
REGISTRY=
BUILDER=
PUSH=no
PREPARE_ONLY=

usage() {
  sed -n '/^# Usage:/,/^# Tags:/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
  exit 2
}

while [ $# -gt 0 ]; do
  case "$1" in
    --registry) REGISTRY=${2:?--registry needs a value}; shift 2 ;;
    --api-repo) API_REPO=${2:?--api-repo needs a value}; shift 2 ;;
    --api-commit) API_COMMIT=${2:?--api-commit needs a value}; shift 2 ;;
    --ml-repo) ML_REPO=${2:?--ml-repo needs a value}; shift 2 ;;
    --ml-commit) ML_COMMIT=${2:?--ml-commit needs a value}; shift 2 ;;
    --builder) BUILDER=${2:?--builder needs a value}; shift 2 ;;
    --push) PUSH=yes; shift ;;
    --prepare-only) PREPARE_ONLY=${2:?--prepare-only needs a directory}; shift 2 ;;
    -h | --help) usage ;;
    *) echo "error: unknown argument $1" >&2; usage ;;
  esac
done

fail() {
  echo "error: $*" >&2
  exit 1
}

if [ -z "$PREPARE_ONLY" ]; then
  [ -n "$REGISTRY" ] || { echo "error: --registry is required" >&2; usage; }
  if [ -z "$BUILDER" ]; then
    for candidate in docker podman buildah; do
      if command -v "$candidate" >/dev/null 2>&1; then BUILDER=$candidate; break; fi
    done
    [ -n "$BUILDER" ] || fail "none of docker, podman or buildah is installed"
  fi
  case "$BUILDER" in
    docker | podman | buildah) command -v "$BUILDER" >/dev/null 2>&1 || fail "$BUILDER is not installed" ;;
    *) fail "--builder must be docker, podman or buildah, got $BUILDER" ;;
  esac
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
else
  [ ! -e "$PREPARE_ONLY" ] || [ -z "$(ls -A "$PREPARE_ONLY")" ] || fail "$PREPARE_ONLY is not empty"
  mkdir -p "$PREPARE_ONLY"
  work=$PREPARE_ONLY
fi

# checkout REPO COMMIT DIR: a clone of REPO at COMMIT in DIR.
checkout() {
  git clone --quiet "$1" "$3"
  git -C "$3" -c advice.detachedHead=false checkout --quiet "$2" || fail "$1 has no commit $2"
}
checkout "$API_REPO" "$API_COMMIT" "$work/sticky-pi-api"
checkout "$ML_REPO" "$ML_COMMIT" "$work/sticky-pi-ml-git"
api=$(git -C "$work/sticky-pi-api" rev-parse --short=7 HEAD)
ml=$(git -C "$work/sticky-pi-ml-git" rev-parse --short=7 HEAD)
server="$work/sticky-pi-api/server"
for part in api webapp ml; do
  [ -f "$server/$part/Dockerfile" ] || fail "$API_REPO at $API_COMMIT has no server/$part/Dockerfile"
done

# deploy.sh's copies (rsync -a SRC/ DEST), from server/.
copy() {
  mkdir -p "$2"
  cp -R "$1/." "$2"
}
copy "$work/sticky-pi-api/src" "$server/api/src"
copy "$work/sticky-pi-api/src" "$server/ml/src_api"
copy "$work/sticky-pi-ml-git/src" "$server/ml/src"

# edit FILE SED-EXPRESSION: sed in place, portably (BSD sed's -i takes a suffix).
edit() {
  sed "$2" "$1" > "$1.edited"
  mv "$1.edited" "$1"
}

# The two fixes of the ml build context; each stops the script if upstream changed the line.
clone='RUN git clone https://github.com/facebookresearch/detectron2 detectron2_repo'
grep -qx "$clone" "$server/ml/Dockerfile" || fail "server/ml/Dockerfile no longer clones detectron2 as expected; review the fix"
edit "$server/ml/Dockerfile" "s|^$clone\$|$clone \&\& git -C detectron2_repo checkout $DETECTRON2_TAG|"
grep -q "'sklearn'" "$server/ml/src/setup.py" || fail "sticky-pi-ml's setup.py no longer requires 'sklearn'; review the fix"
edit "$server/ml/src/setup.py" "s/'sklearn'/'scikit-learn'/"

if [ -n "$PREPARE_ONLY" ]; then
  echo "prepared the build contexts $server/api, $server/webapp and $server/ml (api $api, ml $ml)"
  exit 0
fi

build() {
  if [ "$BUILDER" = buildah ]; then buildah bud --tag "$1" "$2"; else "$BUILDER" build --tag "$1" "$2"; fi
}
build "$REGISTRY/spi_api:$api" "$server/api"
build "$REGISTRY/spi_webapp:$api" "$server/webapp"
build "$REGISTRY/spi_ml:$api-$ml" "$server/ml"
if [ "$PUSH" = yes ]; then
  for image in "spi_api:$api" "spi_webapp:$api" "spi_ml:$api-$ml"; do
    "$BUILDER" push "$REGISTRY/$image"
  done
fi

cat <<EOF
Built $REGISTRY/spi_api:$api, $REGISTRY/spi_webapp:$api and $REGISTRY/spi_ml:$api-$ml$([ "$PUSH" = yes ] && echo ', pushed').
In the environment file:
  stickyPi:
    images:
      repository: $REGISTRY
      api: $api
      webapp: $api
      ml: $api-$ml
EOF
