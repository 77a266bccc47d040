#!/usr/bin/env bash
# Installs the storage emulators the cloud-storage tests start (npm azurite 3.37.0, s3rver 3.7.1) into
# eng/emulators/node_modules (git-ignored). Idempotent: does nothing when both are present. Needs node and npm;
# installs them with apt-get when missing.
set -euo pipefail
dir="$(cd "$(dirname "$0")" && pwd)/emulators"

if [ -x "$dir/node_modules/.bin/azurite-blob" ] && [ -f "$dir/node_modules/s3rver/package.json" ]; then
  echo "install-emulators: azurite and s3rver are present."
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  echo "install-emulators: installing nodejs and npm ..."
  "${sudo_cmd[@]}" apt-get update
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm
fi

echo "install-emulators: npm install azurite, s3rver into eng/emulators ..."
(cd "$dir" && npm install --no-audit --no-fund --omit=dev --loglevel=error)
echo "install-emulators: azurite $(node -p "require('$dir/node_modules/azurite/package.json').version"), s3rver $(node -p "require('$dir/node_modules/s3rver/package.json').version")"
