#!/usr/bin/env bash
# Installs the media tools the service shells out to (ffmpeg, ffprobe) and the font the local renderers draw text with.
# Idempotent: does nothing when everything is present. Uses sudo only when not running as root.
set -euo pipefail
source "$(dirname "$0")/lib/apt-install.sh"

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
apt_install install-deps "${packages[@]}"
ffmpeg -hide_banner -version | head -n 1
