#!/usr/bin/env bash
# Regenerates imports/ from the CRD snapshots in ../shared/crds (no network needed).
# With internet access, `npm run import` does the same from the release URLs in cdk8s.yaml.
set -euo pipefail
crds=${1:-../shared/crds}
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
)
rm -rf imports
for spec in "${specs[@]}"; do
  npx --no-install cdk8s import "$spec" --language typescript --output imports --no-check-upgrade >/dev/null
done
ls imports
