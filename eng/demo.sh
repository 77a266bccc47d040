#!/usr/bin/env bash
# The main job with the embedded defaults: starts the standalone service (engine + management API).
set -euo pipefail
cd "$(dirname "$0")/.."
./eng/install-deps.sh
exec dotnet run -c Release --project src/Server -- serve --urls "${MV_URLS:-http://127.0.0.1:5000}"
