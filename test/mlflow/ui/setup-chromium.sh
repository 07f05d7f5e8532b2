#!/usr/bin/env bash
# Ensures Debian's chromium is at /usr/bin/chromium for the UI suite (driven by playwright-core,
# which never downloads a browser of its own). Installs it with apt-get when it is missing;
# that needs root (CI and the dev machines run as root) and reaches only Debian's mirrors.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  echo "setup-chromium: $(/usr/bin/chromium --version 2>/dev/null || echo chromium) present" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "setup-chromium: ERROR: /usr/bin/chromium is missing and this is not root (apt-get install -y chromium)" >&2; exit 1; }
  SUDO="sudo -n"
fi
echo "setup-chromium: installing Debian's chromium (apt-get update && apt-get install -y chromium)" >&2
export DEBIAN_FRONTEND=noninteractive
LOG="$(mktemp)"
if ! { $SUDO apt-get update && $SUDO apt-get install -y chromium; } >"$LOG" 2>&1; then
  tail -n 40 "$LOG" >&2
  echo "setup-chromium: ERROR: apt-get failed (full log: $LOG)" >&2
  exit 1
fi
rm -f "$LOG"
[ -x /usr/bin/chromium ] || { echo "setup-chromium: ERROR: apt-get finished but /usr/bin/chromium is still missing" >&2; exit 1; }
echo "setup-chromium: $(/usr/bin/chromium --version 2>/dev/null) installed" >&2
