#!/usr/bin/env bash
# Ensures <repo>/.venv exists and has mlflow==<pin> installed, where <pin> is read
# from .ci/mlflow-version (the single source of truth for the MLflow version).
# Idempotent: when the venv already has the pinned version it returns immediately.
#
#   bash test/mlflow/setup-venv.sh
#
# Env: PYTHON3 (interpreter used to create the venv; default: python3).
set -euo pipefail

die() { echo "setup-venv: ERROR: $*" >&2; exit 1; }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PIN_FILE="$ROOT/.ci/mlflow-version"
VENV="$ROOT/.venv"
VPY="$VENV/bin/python"

[ -f "$PIN_FILE" ] || die "missing $PIN_FILE (it holds the MLflow version pin)"
PIN="$(tr -d '[:space:]' < "$PIN_FILE")"
[ -n "$PIN" ] || die "$PIN_FILE is empty"

# Package metadata is read without importing mlflow (import takes ~2 s); the
# post-install check below does the real `import mlflow`.
installed_version() {
  "$VPY" -c 'from importlib.metadata import version;print(version("mlflow"))' 2>/dev/null || true
}
imported_version() {
  "$VPY" -c 'import mlflow;print(mlflow.__version__)' 2>&1 | tail -n 1 || true
}

# psutil is what MLflow's own system-metrics monitor needs (start_run(log_system_metrics=True)
# refuses to start without it); test/mlflow/system-metrics.test.ts runs that monitor.
has_psutil() {
  "$VPY" -c 'import importlib.util,sys;sys.exit(importlib.util.find_spec("psutil") is None)' 2>/dev/null
}

# psycopg2-binary lets `mlflow server` use a PostgreSQL backend (test/mlflow/rest/postgres.test.ts).
has_psycopg2() {
  "$VPY" -c 'import importlib.util,sys;sys.exit(importlib.util.find_spec("psycopg2") is None)' 2>/dev/null
}

# Fast path: venv present with the pinned version.
if [ -x "$VPY" ] && [ "$(installed_version)" = "$PIN" ] && has_psutil && has_psycopg2; then
  echo "setup-venv: mlflow $PIN already installed in $VENV"
  exit 0
fi

if [ ! -x "$VPY" ]; then
  PY3="${PYTHON3:-python3}"
  command -v "$PY3" >/dev/null 2>&1 || die "'$PY3' not found on PATH; install Python 3.10+ to run the MLflow interoperability tests"
  echo "setup-venv: creating $VENV with $("$PY3" --version 2>&1)"
  "$PY3" -m venv "$VENV" || die "'$PY3 -m venv $VENV' failed (on Debian/Ubuntu: apt-get install python3-venv)"
fi

echo "setup-venv: installing mlflow==$PIN into $VENV (have: '$(installed_version)')"
# pip prints many harmless "Location ... is ignored" warnings here; keep logs readable.
filter() { grep -v -E 'Location .* is ignored|^\s*$' || true; }
set +e
"$VPY" -m pip install -q --disable-pip-version-check "mlflow==$PIN" psutil psycopg2-binary 2>&1 | filter
status=${PIPESTATUS[0]}
set -e
[ "$status" -eq 0 ] || die "pip install mlflow==$PIN failed (exit $status)"

GOT="$(imported_version)"
[ "$GOT" = "$PIN" ] || die "after install, 'import mlflow' reports version '$GOT', expected '$PIN'"
echo "setup-venv: mlflow $PIN ready in $VENV"
