#!/usr/bin/env bash
# Installs Debian's chromium for the browser tests (tests/Web.Tests drive it through Playwright; Playwright's own
# browser downloads are not used). Idempotent: does nothing when /usr/bin/chromium is present.
set -euo pipefail
source "$(dirname "$0")/lib/apt-install.sh"

if [ -x /usr/bin/chromium ]; then
  echo "install-chromium: $(/usr/bin/chromium --version 2>/dev/null | head -n 1) is present."
  exit 0
fi

apt_install install-chromium chromium fonts-dejavu-core
/usr/bin/chromium --version | head -n 1
