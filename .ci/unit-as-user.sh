#!/usr/bin/env bash
# CI: the unit suite once more as an unprivileged user whose home is private (0700), the way a
# developer who clones the repository runs it: permission tests must not need root, and
# nothing may depend on the checkout being readable by anyone else. Run as root from the
# checkout (called by .ci/run); the user (default mlruns-ci, or $MLRUNS_CI_USER) is created if
# missing. Tests the committed HEAD: the user gets a fresh clone, never the root-owned tree.
set -euo pipefail
src="$(cd "$(dirname "$0")/.." && pwd)"
user="${MLRUNS_CI_USER:-mlruns-ci}"

if [ "$(id -u)" -ne 0 ]; then
  echo "unit-as-user: already running as $(id -un), not root; the unit suite above ran unprivileged"
  exit 0
fi

if ! id "$user" >/dev/null 2>&1; then
  useradd -m -s /bin/bash "$user"
fi
home="$(getent passwd "$user" | cut -d: -f6)"
mkdir -p "$home"
chown "$user:" "$home"
chmod 700 "$home"

# As root, clone into the private home and hand it over: the user could not read a checkout
# that sits under a 0700 folder, and git refuses repositories owned by someone else.
dest="$home/mlruns-unit"
rm -rf "$dest"
commit="$(git -C "$src" rev-parse HEAD)"
branch="$(git -C "$src" symbolic-ref --short -q HEAD || true)"
git clone --quiet --no-checkout "$src" "$dest"
if [ -n "$branch" ]; then git -C "$dest" checkout --quiet -B "$branch" "$commit"; else git -C "$dest" checkout --quiet --detach "$commit"; fi
chown -R "$user:" "$dest"
if [ -n "$(git -C "$src" status --porcelain --untracked-files=no)" ]; then
  echo "unit-as-user: note: uncommitted changes in $src are not part of this run (it tests $commit)"
fi

if ! runuser -u "$user" -- node --version >/dev/null 2>&1; then
  echo "unit-as-user: $user cannot run node ($(command -v node)); install Node where every user can reach it" >&2
  exit 1
fi

echo "== npm ci && npm test as $user (home $home, mode $(stat -c %a "$home")) at ${commit:0:12}"
# The user's own HOME and temp folder; nothing of root's caches or tracking settings. On
# failure set -e stops here and leaves the clone for a look.
runuser -u "$user" -- env -u MLRUNS_CACHE_DIR -u MLFLOW_TRACKING_URI -u TMPDIR -u XDG_CACHE_HOME -u XDG_CONFIG_HOME \
  -u npm_config_cache -u npm_config_userconfig \
  HOME="$home" USER="$user" LOGNAME="$user" \
  bash -c 'cd "$1" && npm ci --no-audit --no-fund && npm test' _ "$dest"
rm -rf "$dest"
echo "unit-as-user: passed"
