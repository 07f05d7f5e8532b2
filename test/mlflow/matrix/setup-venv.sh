#!/usr/bin/env bash
# Ensures <repo>/.venv-matrix/<VERSION>/ is a virtualenv with mlflow==<VERSION> installed.
# Cached between runs: a venv that finished installing carries a `.mlruns-ready` marker and
# is reused as is; one without it (missing, or an install cut short) is rebuilt from scratch.
#
#   bash test/mlflow/matrix/setup-venv.sh 2.22.5
#
# Prints the venv's python path as its last stdout line. Env: PYTHON3 (default python3).
set -euo pipefail

die() { echo "matrix/setup-venv: ERROR: $*" >&2; exit 1; }

[ $# -eq 1 ] || die "usage: setup-venv.sh MLFLOW_VERSION"
VERSION="$1"
[[ "$VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "'$VERSION' is not a release version like 3.17.2"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
VENV="$ROOT/.venv-matrix/$VERSION"
VPY="$VENV/bin/python"
READY="$VENV/.mlruns-ready"
mkdir -p "$ROOT/.venv-matrix"

# One installer per version at a time (two vitest workers, or two shells).
exec 9>"$ROOT/.venv-matrix/.$VERSION.lock"
flock 9

if [ -f "$READY" ] && [ -x "$VPY" ] && [ "$(cat "$READY")" = "$VERSION" ]; then
  echo "matrix/setup-venv: mlflow $VERSION ready in $VENV (cached)" >&2
  echo "$VPY"
  exit 0
fi

rm -rf "$VENV"
PY3="${PYTHON3:-python3}"
command -v "$PY3" >/dev/null 2>&1 || die "'$PY3' not found on PATH"
echo "matrix/setup-venv: creating $VENV with $("$PY3" --version 2>&1), installing mlflow==$VERSION" >&2
"$PY3" -m venv "$VENV" || die "'$PY3 -m venv $VENV' failed (Debian: apt-get install python3-venv)"
filter() { grep -v -E 'Location .* is ignored|^\s*$' >&2 || true; }
set +e
"$VPY" -m pip install -q --disable-pip-version-check "mlflow==$VERSION" 2>&1 | filter
status=${PIPESTATUS[0]}
set -e
[ "$status" -eq 0 ] || die "pip install mlflow==$VERSION failed (exit $status)"
GOT="$("$VPY" -c 'import warnings; warnings.simplefilter("ignore"); import mlflow; print(mlflow.__version__)' 2>/dev/null | tail -n 1)"
[ "$GOT" = "$VERSION" ] || die "after install, 'import mlflow' reports '$GOT', expected '$VERSION'"
echo "$VERSION" > "$READY"
echo "matrix/setup-venv: mlflow $VERSION ready in $VENV" >&2
echo "$VPY"
