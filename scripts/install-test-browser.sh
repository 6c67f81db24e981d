#!/usr/bin/env bash
# Installs Debian's Chromium for the dashboard tests (Tests/SystemTests/Operations/DashboardTests), unless it is
# there. Playwright drives it through its ExecutablePath: Playwright's own browser download is not reachable here.
# Used by ./test.sh; ./run.sh does not need it.
set -euo pipefail

[ -x /usr/bin/chromium ] && exit 0
if ! command -v apt-get >/dev/null; then
  echo "The dashboard tests need Chromium at /usr/bin/chromium, and this is not a Debian-family system: install it." >&2
  exit 1
fi
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "Installing chromium needs root (or sudo)." >&2; exit 1; }
  sudo=(sudo)
fi
echo "Installing chromium for the dashboard tests..."
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends chromium >/dev/null
echo "Installed $(/usr/bin/chromium --version 2>/dev/null)."
