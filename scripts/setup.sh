#!/usr/bin/env bash
# Set up everything claimgraph needs, idempotently: a virtual environment in .venv with the
# package (editable) and its test tools. Sourced by demo.sh and test.sh; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the project needs (Graphviz for pictures, Chromium for the HTML map's
# browser tests): installed when missing and when running as root.
bash scripts/setup-system.sh

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $($PYTHON --version)" >&2
  "$PYTHON" -m venv .venv
fi
# Reinstall only when the declared dependencies changed since the last install.
stamp=.venv/.claimgraph-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "setup: installing claimgraph and its dependencies into .venv" >&2
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test,server]"
  touch "$stamp"
fi
