#!/usr/bin/env bash
# Builds the web UI (web/ -> web/dist) with npm ci + npm run build. Idempotent: skips when web/dist was built from
# the same sources and lock file (a hash kept in web/dist/.build-stamp). `--force` rebuilds anyway.
set -euo pipefail
cd "$(dirname "$0")/../web"

if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  echo "build-web: Node.js 20.19+ and npm are needed to build the web UI (web/); install them and run again." >&2
  exit 1
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "build-web: Node.js $(node --version) is too old for Vite 8; install Node.js 20.19 or newer." >&2
  exit 1
fi

stamp=$( { cat package.json package-lock.json index.html tsconfig.json vite.config.ts; find src public -type f | LC_ALL=C sort | xargs cat; } | sha256sum | cut -d' ' -f1)

if [ "${1:-}" != "--force" ] && [ -f dist/index.html ] && [ "$(cat dist/.build-stamp 2>/dev/null)" = "$stamp" ]; then
  echo "build-web: web/dist is up to date."
  exit 0
fi

# npm ci only when node_modules is missing or older than the lock file (npm ci writes node_modules/.package-lock.json).
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

npm run build --silent
echo "$stamp" > dist/.build-stamp
echo "build-web: built web/dist."
