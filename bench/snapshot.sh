#!/usr/bin/env bash
# Builds mlruns at a git ref (default HEAD) into /tmp/mlruns-snap/<sha>/dist, away from the
# working tree, and prints that dist folder: `node bench/run.mjs --dist "$(bash bench/snapshot.sh)"`
# measures exactly a commit, whatever is being edited in src/ meanwhile.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
ref="${1:-HEAD}"
sha="$(git -C "$repo" rev-parse --short=12 "$ref")"
dir="${TMPDIR:-/tmp}/mlruns-snap/$sha"
if [ ! -f "$dir/dist/index.js" ]; then
  rm -rf "$dir"
  mkdir -p "$dir"
  git -C "$repo" archive "$sha" | tar -x -C "$dir"
  ln -s "$repo/node_modules" "$dir/node_modules"
  (cd "$dir" && "$repo/node_modules/.bin/tsc" -p tsconfig.json) >&2
  # The bundled command (dist/bin), for commits that have one.
  if [ -f "$dir/scripts/bundle-cli.mjs" ]; then (cd "$dir" && node scripts/bundle-cli.mjs) >&2; fi
fi
echo "$dir/dist"
