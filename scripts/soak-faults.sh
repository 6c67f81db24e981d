#!/usr/bin/env bash
# A longer soak than CI affords: runs the fault suite (each scenario under write load, ending
# with the convergence checker) N times in a row on fresh AppHosts, keeping every run's figures.
# Usage: scripts/soak-faults.sh [runs, default 5]. Not part of ./test.sh or CI.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}

scripts/install-local-infrastructure.sh
dotnet build FoodDelivery.slnx -c Release -nologo -clp:ErrorsOnly

out=TestResults/soak
mkdir -p "$out"
status=0
for run in $(seq 1 "$runs"); do
  echo "== soak run $run of $runs"
  dotnet test Tests/SystemTests -c Release --no-build --nologo \
    --filter "FullyQualifiedName~FaultSuiteTests" --logger "console;verbosity=minimal" || status=1
  cp TestResults/reliability.md "$out/run-$run.md"
  cat "$out/run-$run.md"
done
echo "figures of every run: $out/"
exit "$status"
