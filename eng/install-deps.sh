#!/usr/bin/env bash
# Installs the media tools the service shells out to (ffmpeg, ffprobe) and the font the local renderers draw text with.
# Idempotent: does nothing when everything is present. Uses sudo only when not running as root.
set -euo pipefail

# Debian's chromium for the browser tests (tests/Web.Tests); its own script, so it can also be run alone.
"$(dirname "$0")/install-chromium.sh"

font=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
missing=()
command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)
command -v ffprobe >/dev/null 2>&1 || missing+=(ffmpeg)
[ -f "$font" ] || missing+=(fonts-dejavu-core)

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: ffmpeg, ffprobe and DejaVuSans are present."
  exit 0
fi

# De-duplicate (ffmpeg provides both executables).
mapfile -t packages < <(printf '%s\n' "${missing[@]}" | sort -u)

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-deps: missing ${packages[*]} and apt-get is not available; install them with your package manager." >&2
  exit 1
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo_cmd=(sudo)
  else
    echo "install-deps: need root or sudo to install ${packages[*]}." >&2
    exit 1
  fi
fi

echo "install-deps: installing ${packages[*]} ..."
"${sudo_cmd[@]}" apt-get update
"${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${packages[@]}"
ffmpeg -hide_banner -version | head -n 1
