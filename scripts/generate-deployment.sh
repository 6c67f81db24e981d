#!/usr/bin/env bash
# Regenerates everything in aspire-manifest/ from the AppHost's model:
#   aspire-manifest/aspire-manifest.json   the AppHost's published manifest (what aspirate reads)
#   aspire-manifest/k8s/                    ready-to-apply kustomize layout (kubectl apply -k aspire-manifest/k8s)
#   aspire-manifest/aspirate-secrets/       a kustomize Component for aspirate's output: its ConfigMap secrets into Secrets
#   aspire-manifest/two-clusters/aspire-manifest.json  the AppHost's two-cluster model (--Clusters:Count=2)
#   aspire-manifest/overlays/{east,west}/   one overlay per cluster over k8s/: federation, peer exposure, shared keys
#   aspire-manifest/overlays/ha/            high availability over k8s/: RabbitmqCluster, CNPG Cluster, 2+ replicas, PDBs, spread
#   aspire-manifest/monitoring/             a Component from monitoring/: PrometheusRule, Grafana dashboard ConfigMap, broker and collector PodMonitors
# Run it after changing the AppHost, and commit the result: Tests/DeploymentTests fail on stale files.
#
# Options go to Tools/ManifestToKubernetes: --registry R --tag T (the services' images, R/<service>:T;
# never latest), --namespace N, --ingress-namespace I, --ingress-cidr CIDR (repeatable: where the ingress
# controller's pods connect from, the only senders whose X-Forwarded-For the services believe; none by
# default, and then every client counts as the ingress's own address), and per cluster --peer CLUSTER=HOST:PORT,CIDR
# (how CLUSTER's broker reaches its peer's AMQP, and the peer's source addresses), and --pin-image
# REPO:TAG@sha256:DIGEST (repeatable) or --image-pins FILE (one such line each) to run the images not built
# here (RabbitMQ, PostgreSQL, CNPG's PostgreSQL, the dashboard) by digest; a pin no image matches fails. The committed output
# uses the defaults; to deploy other images or peers, prefer an overlay of your own (docs/kubernetes.md).
set -euo pipefail
cd "$(dirname "$0")/.."

configuration=${CONFIGURATION:-Release}
dotnet build AppHost -c "$configuration" -nologo -clp:ErrorsOnly
dotnet build Tools/ManifestToKubernetes -c "$configuration" -nologo -clp:ErrorsOnly

# Publish mode models containers whatever the machine has; paths in the manifest are relative to it.
mkdir -p aspire-manifest/two-clusters
(cd AppHost && dotnet run -c "$configuration" --no-build -- \
  --publisher manifest --output-path ../aspire-manifest/aspire-manifest.json)
(cd AppHost && dotnet run -c "$configuration" --no-build -- \
  --publisher manifest --output-path ../aspire-manifest/two-clusters/aspire-manifest.json --Clusters:Count=2)
dotnet run --project Tools/ManifestToKubernetes -c "$configuration" --no-build -- \
  aspire-manifest/aspire-manifest.json aspire-manifest/k8s \
  --aspirate-secrets-component aspire-manifest/aspirate-secrets \
  --two-clusters-manifest aspire-manifest/two-clusters/aspire-manifest.json --cluster-overlays aspire-manifest/overlays \
  --ha-overlay aspire-manifest/overlays/ha \
  --monitoring-component aspire-manifest/monitoring --monitoring-sources monitoring "$@"
