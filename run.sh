#!/usr/bin/env bash
# Starts everything with the Aspire dashboard: broker, PostgreSQL, the seven services.
# Containers when Docker/Podman answers; otherwise the Debian packages, installed here if missing.
set -euo pipefail
cd "$(dirname "$0")"

if ! scripts/container-runtime.sh; then
  scripts/install-local-infrastructure.sh
fi

# A trusted development certificate keeps the dashboard from opening on a certificate warning.
if ! dotnet dev-certs https --check --trust >/dev/null 2>&1; then
  dotnet dev-certs https --trust >/dev/null 2>&1 || dotnet dev-certs https >/dev/null
fi
# On Linux, .NET trusts the dev certificate through this folder.
export SSL_CERT_DIR="$HOME/.aspnet/dev-certs/trust:${SSL_CERT_DIR:-/usr/lib/ssl/certs}"

# Fixed service ports (accounts 5101, restaurants 5102, menu 5103, orders 5104, payments 5105,
# delivery 5106, reviews 5107; their management ports 5201 to 5207), so FoodDelivery.http works as it
# is; the AppHost prints them once healthy.
export Services__FixedPorts=true
echo "Starting the AppHost (the first build takes a minute or two)..."
exec dotnet run --project AppHost "$@"
