#!/usr/bin/env bash
# The whole test suite: lint (ruff), types (mypy) and tests (pytest), after set-up.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check src tests scripts benchmarks ontology/extensions
.venv/bin/ruff format --check src tests scripts benchmarks ontology/extensions
.venv/bin/mypy
.venv/bin/pytest "$@"
