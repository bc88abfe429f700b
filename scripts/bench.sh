#!/usr/bin/env bash
# The pipeline benchmark from a fresh clone, in one command: set-up, then
# benchmarks/bench_pipeline.py with the arguments given (default: the 1M-triple corpus,
# with the rdflib + pySHACL baseline). It generates the synthetic corpus into
# build/corpora/ when it is not there.
#
#   bash scripts/bench.sh                       # 1M triples, with the baseline
#   bash scripts/bench.sh --size 5M --no-baseline
#   bash scripts/bench.sh --size 100k --json build/bench-100k.json
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >&2
exec .venv/bin/python benchmarks/bench_pipeline.py "$@"
