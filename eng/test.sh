#!/usr/bin/env bash
# Runs every test of the solution (real ffmpeg, real SQLite, real server processes) and ends with
# one line "N passed, N failed[, N skipped]". Exits non-zero when anything failed or no test ran.
set -uo pipefail
cd "$(dirname "$0")/.."
./eng/install-deps.sh || exit 1
./eng/install-chromium.sh || exit 1
./eng/install-emulators.sh || exit 1
./eng/build-web.sh || { echo "0 passed, 1 failed (web UI build)"; exit 1; }

./eng/bicep.sh || { echo "0 passed, 1 failed (bicep build/lint of infra/)"; exit 1; }
echo "notice: \`func start\` (the Azure Functions host) is not exercised by these tests: it cannot be installed here; tests/Functions.Tests checks functions.metadata, runs the wrappers on Microsoft's in-process Durable host and the HTTP triggers on real HttpContexts."

results=$(mktemp -d)
dotnet build MusicVideo.sln -c Release -nologo -v quiet -clp:ErrorsOnly || { echo "0 passed, 1 failed (build)"; exit 1; }
dotnet test MusicVideo.sln -c Release --no-build -nologo -m:1 --logger trx --results-directory "$results" "$@"
status=$?

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*' "$trx" | head -n 1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed)))
  skipped=$((skipped + $(get notExecuted)))
done

summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
