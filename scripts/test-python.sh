#!/usr/bin/env bash
# The Python binding: build the abi3 wheel with maturin (release), install it into a venv,
# run pytest. Installs everything it needs from nothing (Debian packages, PyPI), idempotently.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
. scripts/lib.sh
PYDIR=$ROOT/bindings/python
VENV=$PYDIR/.venv

command -v python3 >/dev/null 2>&1 || apt_install python3
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || apt_install python3-venv
command -v cc >/dev/null 2>&1 || apt_install gcc libc6-dev
command -v cargo >/dev/null 2>&1 || { echo "cargo (rustup) is required" >&2; exit 1; }

if ! "$VENV/bin/python" -m pip --version >/dev/null 2>&1; then
  log "python venv $VENV"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
fi
PY=$VENV/bin/python
if ! "$PY" -c 'import pytest, mypy' >/dev/null 2>&1 || ! [ -x "$VENV/bin/maturin" ]; then
  log "pip install maturin pytest mypy"
  "$PY" -m pip install -q --disable-pip-version-check 'maturin>=1.9,<2.0' 'pytest>=7' 'mypy>=1.8'
fi

log "mypy --strict (the facade against the _native.pyi stubs)"
(cd "$PYDIR/python" && MYPYPATH=. "$PY" -m mypy --strict --no-incremental -p egov_sign)

log "maturin build --release (abi3 wheel)"
rm -f "$ROOT"/target/wheels/egov_sign-*.whl
(cd "$PYDIR" && "$VENV/bin/maturin" build --release --quiet --interpreter "$PY" --out "$ROOT/target/wheels")
WHEEL=$(ls "$ROOT"/target/wheels/egov_sign-*-abi3-*.whl | head -n1)
printf 'wheel: %s (%s bytes)\n' "$(basename "$WHEEL")" "$(stat -c %s "$WHEEL")"
"$PY" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps "$WHEEL"

log "pytest"
# Run from the tests directory so the installed wheel (not the source tree) is imported.
cd "$PYDIR/tests"
"$PY" -m pytest -q -p no:cacheprovider .
