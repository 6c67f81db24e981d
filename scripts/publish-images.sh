#!/usr/bin/env bash
# Builds the seven services' container images with the .NET SDK's container support (no Dockerfile,
# no Docker daemon needed to build) and pushes them to a registry, or writes them as tarballs.
#
#   scripts/publish-images.sh REGISTRY [TAG]   push REGISTRY/<service>:TAG, e.g. registry.example.com/fooddelivery
#   scripts/publish-images.sh "" [TAG]         write artifacts/images/<service>-TAG.tar.gz (docker load,
#                                              kind load image-archive, ctr images import)
#
# TAG defaults to 1.0.0, the tag of the committed aspire-manifest/k8s; use one tag per build (a version, a
# commit) and never latest: the objects pull IfNotPresent, so a moved tag keeps whatever a node cached.
# Generate objects for other images with scripts/generate-deployment.sh --registry REGISTRY --tag TAG,
# or override them in an overlay (docs/kubernetes.md). The images not built here (RabbitMQ,
# PostgreSQL, the dashboard) are pinned by digest with scripts/generate-deployment.sh --image-pins FILE.
# Environment: SERVICES (default: all seven, lower case), ARCHIVE_DIR (default artifacts/images),
# CONFIGURATION (default Release), NO_BUILD=1 (use what an earlier build of that configuration left).
# The SDK pulls the base image (mcr.microsoft.com/dotnet/aspnet) from its registry, so building needs
# that registry, or a mirror of it named with -p ContainerBaseImage=... in DOTNET_PUBLISH_ARGS.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
registry=${1%/}
tag=${2:-1.0.0}
if [ "$tag" = latest ] || [ -z "$tag" ]; then
  echo "TAG must name one build (a version or a commit), not '$tag'." >&2
  exit 2
fi
services=${SERVICES:-accounts restaurants menu orders payments delivery reviews}
configuration=${CONFIGURATION:-Release}
archive_dir=${ARCHIVE_DIR:-artifacts/images}
build_args=()
[ "${NO_BUILD:-0}" = 1 ] && build_args+=(--no-build)
# shellcheck disable=SC2206 # extra MSBuild arguments, split on purpose
extra=(${DOTNET_PUBLISH_ARGS:-})

publish_dir=$(mktemp -d)
trap 'rm -rf "$publish_dir"' EXIT

for service in $services; do
  project=$(ls Services/*/"${service^}".csproj 2>/dev/null | head -1 || true)
  [ -n "$project" ] || { echo "No project for service '$service' under Services/." >&2; exit 2; }
  # 1654 is the .NET images' non-root app user; numeric, so Kubernetes can check runAsNonRoot.
  common=(-c "$configuration" "${build_args[@]}" -nologo -clp:ErrorsOnly /t:PublishContainer
    -p:PublishDir="$publish_dir/$service/" -p:ContainerImageTag="$tag" -p:ContainerUser=1654 "${extra[@]}")
  if [ -z "$registry" ]; then
    mkdir -p "$archive_dir"
    archive="$(cd "$archive_dir" && pwd)/$service-$tag.tar.gz"
    dotnet publish "$project" "${common[@]}" -p:ContainerRepository="fooddelivery/$service" \
      -p:ContainerArchiveOutputPath="$archive"
    echo "$service: fooddelivery/$service:$tag -> $archive"
  else
    host=${registry%%/*}
    prefix=${registry#"$host"}
    prefix=${prefix#/}
    dotnet publish "$project" "${common[@]}" -p:ContainerRegistry="$host" \
      -p:ContainerRepository="${prefix:+$prefix/}$service"
    echo "$service: pushed $registry/$service:$tag"
  fi
done
