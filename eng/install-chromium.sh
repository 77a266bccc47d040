#!/usr/bin/env bash
# Installs Debian's chromium for the browser tests (tests/Web.Tests drive it through Playwright; Playwright's own
# browser downloads are not used). Idempotent: does nothing when /usr/bin/chromium is present.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  echo "install-chromium: $(/usr/bin/chromium --version 2>/dev/null | head -n 1) is present."
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-chromium: chromium is missing and apt-get is not available; install chromium at /usr/bin/chromium." >&2
  exit 1
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo_cmd=(sudo)
  else
    echo "install-chromium: need root or sudo to install chromium." >&2
    exit 1
  fi
fi

echo "install-chromium: installing chromium ..."
"${sudo_cmd[@]}" apt-get update
"${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-dejavu-core
/usr/bin/chromium --version | head -n 1
