#!/usr/bin/env bash
# Builds and runs every test: first the unit tests (no AppHost), then the rest against the real AppHost in
# local mode; then prints "N passed, N failed" over both phases (from the TRX results, which dotnet test does
# not summarise in one line). Arguments go to both dotnet test runs (e.g. --filter).
set -euo pipefail
cd "$(dirname "$0")"

phase_started=$SECONDS
phase() {
  local now=$SECONDS
  echo "== $1 (previous phase took $((now - phase_started)) s)"
  phase_started=$now
}

phase "prerequisites"
scripts/install-local-infrastructure.sh --test-browser

phase "build"
dotnet build FoodDelivery.slnx -c Release -nologo -clp:ErrorsOnly

results=TestResults
rm -rf "$results"
mkdir -p "$results"
status=0
# Unit-test projects need no AppHost, broker or database: they run first, so a broken rule shows in seconds.
unit_projects=(Tests/Sync.Tests/Sync.Tests.csproj Tests/Domain.Tests/Domain.Tests.csproj)
# Each phase runs one solution filter, so its projects run in parallel as `dotnet test FoodDelivery.slnx` would.
solution_filter() {
  local name=$1; shift
  printf '{"solution":{"path":"../FoodDelivery.slnx","projects":[%s]}}\n' \
    "$(printf '"%s",' "$@" | sed 's/,$//')" > "$results/$name.slnf"
  echo "$results/$name.slnf"
}
run_tests() {
  dotnet test "$1" -c Release --no-build --nologo \
    --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" "${@:2}" || status=$?
}

phase "unit tests"
run_tests "$(solution_filter unit "${unit_projects[@]}")" "$@"

phase "system and deployment tests"
# Every other project of the solution (non-test projects are skipped by dotnet test, as before).
mapfile -t rest < <(grep -o 'Project Path="[^"]*"' FoodDelivery.slnx | cut -d'"' -f2 | grep -vxF -f <(printf '%s\n' "${unit_projects[@]}"))
run_tests "$(solution_filter rest "${rest[@]}")" "$@"

phase "summary"
passed=0 failed=0 skipped=0
shopt -s nullglob
trx_files=("$results"/*.trx)
# The console log is long and CI shows its tail: each failed test is named there, with the start of its message.
name_failures='
    function unescape(text) {
      gsub(/&#xD;/, "", text); gsub(/&quot;/, "\"", text); gsub(/&apos;/, "\047", text)
      gsub(/&lt;/, "<", text); gsub(/&gt;/, ">", text); gsub(/&amp;/, "\\&", text)
      return text
    }
    /<UnitTestResult / {
      failing = $0 ~ /outcome="(Failed|Error|Timeout|Aborted)"/
      if (failing) { match($0, /testName="[^"]*"/); print "FAILED " unescape(substr($0, RSTART + 10, RLENGTH - 11)) }
      in_message = 0; lines = 0
    }
    failing && /<Message>/ { in_message = 1; sub(/.*<Message>/, "") }
    failing && in_message {
      done = sub(/<\/Message>.*/, "")
      if (lines++ < 12) print "    " unescape($0)
      if (done) { in_message = 0; failing = 0 }
    }
'
for trx in "${trx_files[@]}"; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  value() { printf '%s' "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
  skipped=$((skipped + $(value notExecuted)))
  awk "$name_failures" "$trx"
done
if [ ${#trx_files[@]} -eq 0 ] && [ "$status" -ne 0 ]; then
  failed=1 # the run broke before any result was written
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
