#!/usr/bin/env bash
# Regenerates the bindings in imports/ from the CRD snapshots in imports/crds (no network needed).
# With internet access, `npm run import` generates them from the release files cdk8s.yaml names instead.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
crds=${1:-$root/imports/crds}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# cdk8s import writes one module per API group, so the files of a group are joined first.
join() { local out="$work/$1.yaml"; shift; for f in "$@"; do cat "$crds/$f"; printf '\n---\n'; done >"$out"; echo "$out"; }

specs=(
  "$(join cert-manager cert-manager.io_clusterissuers.yaml cert-manager.io_issuers.yaml cert-manager.io_certificates.yaml)"
  "$(join traefik traefik.io_crds.yaml)"
  "$(join argocd argoproj.io_application-crd.yaml argoproj.io_appproject-crd.yaml)"
  "$(join gateway-api gateway.networking.k8s.io_gatewayclasses.yaml gateway.networking.k8s.io_gateways.yaml gateway.networking.k8s.io_httproutes.yaml gateway.networking.k8s.io_referencegrants.yaml)"
  "$(join external-secrets external-secrets.io_externalsecrets.yaml)"
  "$(join trust-manager trust.cert-manager.io_bundles.yaml)"
)
find "$root/imports" -maxdepth 1 -name "*.ts" -delete
# Run from the scratch directory: `cdk8s import <file>` records the file in ./cdk8s.yaml.
cd "$work"
for spec in "${specs[@]}"; do
  "$root/node_modules/.bin/cdk8s" import "$spec" --language typescript --output "$root/imports" --no-check-upgrade >/dev/null
done
ls "$root/imports"
