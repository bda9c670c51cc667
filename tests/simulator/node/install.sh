#!/bin/sh
# Installs the Node.js test's dependencies (package.json + package-lock.json, pinned) into DEST with
# `npm ci`, unless DEST already holds exactly this lock file's install. Fails loudly when node or
# npm is missing or the npm registry cannot be reached: the official-SDK test must not be skipped.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
dest="$1"
for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "node-sdk-test: '$tool' is not installed (scripts/install-deps installs nodejs and npm)" >&2
    exit 1
  fi
done
mkdir -p "$dest"
if [ -d "$dest/node_modules/@huaweicloud/huaweicloud-sdk-core" ] &&
   cmp -s "$here/package-lock.json" "$dest/.installed-lock.json"; then
  exit 0  # already installed from this very lock file
fi
cp "$here/package.json" "$here/package-lock.json" "$dest/"
cd "$dest"
rm -f .installed-lock.json
if ! npm ci --no-audit --no-fund --loglevel=error; then
  echo "node-sdk-test: 'npm ci' failed: is the npm registry reachable?" >&2
  exit 1
fi
cp package-lock.json .installed-lock.json
