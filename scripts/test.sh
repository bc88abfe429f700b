#!/usr/bin/env bash
# The whole test suite: lint (ruff), types (mypy) and tests (pytest), after set-up.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check src tests scripts benchmarks ontology/extensions
.venv/bin/ruff format --check src tests scripts benchmarks ontology/extensions
.venv/bin/mypy
# One worker per core; every test keeps its files in its own temporary folder.
# Tests are handed out one at a time, the long ones first (tests/conftest.py): a long test
# no longer starts last on one worker while the other one is idle.
.venv/bin/pytest -n auto --maxschedchunk=1 "$@"
