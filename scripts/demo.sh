#!/usr/bin/env bash
# The main job on the project's own data: build the graph, validate it, run the QC checks
# and answer a showcase question. Everything it does is visible in the terminal.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cg=.venv/bin/claimgraph

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

step claimgraph build -o build/claimgraph.trig
$cg build -o build/claimgraph.trig

step claimgraph validate
$cg validate

step claimgraph check
$cg check

step claimgraph stats
$cg stats

step claimgraph query rebutted-claims --param claimant=actor:azerbaijan
$cg query rebutted-claims --param claimant=actor:azerbaijan --max-width 48

step claimgraph query said-about --param name="Lachine Corridor"
$cg query said-about --param name="Lachine Corridor" --max-width 48
