#!/usr/bin/env bash
# The main job with the embedded defaults: renders a real music video (engine + local providers + ffmpeg)
# and prints the MP4's path. Extra arguments go to `musicvideo run` (e.g. --song song.mp3 --scenes 6).
set -euo pipefail
cd "$(dirname "$0")/.."
./eng/install-deps.sh >/dev/null
export MV_DATA_DIR="${MV_DATA_DIR:-$PWD/mv-data}"
exec dotnet run -c Release --project src/Server -- run \
  --idea "a midnight drive through a neon city" \
  --character "a fox in a red bomber jacket with silver headphones" \
  --out "$PWD/out/demo.mp4" "$@"
