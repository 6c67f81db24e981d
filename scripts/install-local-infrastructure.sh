#!/usr/bin/env bash
# Installs what local infrastructure mode needs (Debian packages rabbitmq-server and postgresql),
# unless it is already there. Used by ./run.sh (when no container runtime answers) and ./test.sh.
# Also checks for the kubectl that Tests/DeploymentTests build aspire-manifest/k8s with.
# --test-browser (./test.sh) also installs what only the tests use: Debian's chromium, which the dashboard tests
# drive through Playwright's ExecutablePath (Playwright's own browser download is not reachable here), and
# Debian's prometheus, whose promtool Tests/DeploymentTests run on the alert rules; ./run.sh needs neither.
set -euo pipefail

# `kubectl kustomize` must understand directories in `resources` and `envs` in a secretGenerator:
# kustomize v4 or later, i.e. kubectl 1.21+. Debian 12's own kubernetes-client is 1.20 (kustomize
# v2.0.3, too old), so only a `kubectl` package (the Kubernetes or Google Cloud apt repository, as
# on the project's machines) is installed, never kubernetes-client.
if ! kubectl version --client 2>/dev/null | grep -q 'Kustomize Version: v[4-9]'; then
  if [ "$(id -u)" -eq 0 ] && apt-cache policy kubectl 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends kubectl >/dev/null \
      || echo "warning: apt-get install kubectl failed; the deployment tests will fail." >&2
  else
    echo "warning: no kubectl 1.21+ found; Tests/DeploymentTests need it for 'kubectl kustomize'." >&2
  fi
fi

missing=()
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing+=(rabbitmq-server)
compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || missing+=(postgresql)
if [ "${1:-}" = "--test-browser" ]; then
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  command -v promtool >/dev/null || missing+=(prometheus)
fi
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if ! command -v apt-get >/dev/null; then
  echo "Local mode needs ${missing[*]}, and this is not a Debian-family system: install them, or Docker." >&2
  exit 1
fi
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "Installing ${missing[*]} needs root (or sudo)." >&2; exit 1; }
  sudo=(sudo)
fi

echo "Installing ${missing[*]} for local infrastructure mode and the tests..."
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
# The packages' own services stay off: the AppHost runs private instances on its own ports.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee /usr/sbin/policy-rc.d >/dev/null
  "${sudo[@]}" chmod +x /usr/sbin/policy-rc.d
  trap '"${sudo[@]}" rm -f /usr/sbin/policy-rc.d' EXIT
fi
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "Installed ${missing[*]}."
