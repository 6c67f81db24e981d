#!/usr/bin/env bash
# Regenerates everything in aspire-manifest/ from the AppHost's model:
#   aspire-manifest/aspire-manifest.json  the AppHost's published manifest (what aspirate reads)
#   aspire-manifest/k8s/                   ready-to-apply kustomize layout (kubectl apply -k aspire-manifest/k8s)
#   aspire-manifest/aspirate-secrets/      a kustomize Component for aspirate's output: its ConfigMap secrets into Secrets
# Run it after changing the AppHost, and commit the result: Tests/DeploymentTests fail on stale files.
#
# Options go to Tools/ManifestToKubernetes: --registry R --tag T (the services' images, R/<service>:T;
# never latest), --namespace N, --ingress-namespace I. The committed output uses the defaults; to deploy
# other images, prefer a kustomize overlay with `images:` (README, Deploy to Kubernetes).
set -euo pipefail
cd "$(dirname "$0")/.."

configuration=${CONFIGURATION:-Release}
dotnet build AppHost -c "$configuration" -nologo -clp:ErrorsOnly
dotnet build Tools/ManifestToKubernetes -c "$configuration" -nologo -clp:ErrorsOnly

# Publish mode models containers whatever the machine has; paths in the manifest are relative to it.
(cd AppHost && dotnet run -c "$configuration" --no-build -- \
  --publisher manifest --output-path ../aspire-manifest/aspire-manifest.json)
dotnet run --project Tools/ManifestToKubernetes -c "$configuration" --no-build -- \
  aspire-manifest/aspire-manifest.json aspire-manifest/k8s \
  --aspirate-secrets-component aspire-manifest/aspirate-secrets "$@"
