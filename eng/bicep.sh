#!/usr/bin/env bash
# Compiles and lints infra/*.bicep with the Bicep CLI from NuGet (Azure.Bicep.CommandLine.linux-x64, restored into the
# git-ignored eng/packages). Any build error or lint diagnostic fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
version=0.49.2
bicep="eng/packages/azure.bicep.commandline.linux-x64/$version/tools/bicep"
if [ ! -x "$bicep" ]; then
  dotnet restore eng/bicep/bicep-cli.proj --packages eng/packages -nologo -v quiet >/dev/null
  chmod +x "$bicep"
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
status=0
for file in infra/*.bicep; do
  if ! "$bicep" build "$file" --outdir "$out" 2>"$out/build.log"; then
    cat "$out/build.log"; status=1
  fi
  lint=$("$bicep" lint "$file" 2>&1) || status=1
  if [ -n "$lint" ]; then
    echo "$lint"; status=1
  fi
done
for file in infra/*.bicepparam; do
  [ -f "$file" ] || continue
  "$bicep" build-params "$file" --outfile "$out/$(basename "$file").json" || status=1
done
if [ "$status" -eq 0 ]; then
  echo "bicep: infra/ builds and lints clean (Bicep CLI $version)"
else
  echo "bicep: infra/ has errors or lint findings (above)"
fi
exit $status
