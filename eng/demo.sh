#!/usr/bin/env bash
# The main job with the embedded defaults: renders a real music video (engine + local providers + ffmpeg)
# and prints the MP4's path. Extra arguments go to `musicvideo run` (e.g. --song song.mp3 --scenes 6).
set -euo pipefail
cd "$(dirname "$0")/.."
./eng/install-deps.sh >/dev/null
# The web UI for `musicvideo serve` (not needed by the run below, so a failed build only warns).
./eng/build-web.sh >/dev/null || echo "demo: the web UI was not built (see ./eng/build-web.sh); the video is made anyway." >&2
export MV_DATA_DIR="${MV_DATA_DIR:-$PWD/mv-data}"
exec dotnet run -c Release --project src/Server -- run \
  --idea "a midnight drive through a neon city" \
  --character "a fox in a red bomber jacket with silver headphones" \
  --out "$PWD/out/demo.mp4" "$@"
