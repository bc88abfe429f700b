"""Regenerate the golden query results in tests/golden/ from the project's data.

Run: .venv/bin/python scripts/update_golden.py, then read the diff before committing.
"""

from __future__ import annotations

import json
from pathlib import Path

from claimgraph.corpus.files import make_corpus
from claimgraph.corpus.loading import load_corpus
from claimgraph.query.engine import Engine, QueryEngine
from claimgraph.query.library import bind_parameters, find_query
from claimgraph.query.results import to_tsv

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"


def main() -> None:
    """Write one TSV file per case of tests/golden/cases.json."""
    cases = json.loads((GOLDEN / "cases.json").read_text(encoding="utf-8"))["cases"]
    engines: dict[tuple[str, ...], QueryEngine] = {}
    for case in cases:
        # A case's "data" (paths from the repository root) replaces the project's data.
        data = tuple(case.get("data", ()))
        if data not in engines:
            corpus = make_corpus(data=[ROOT / d for d in data]) if data else make_corpus()
            engines[data] = QueryEngine(load_corpus(corpus), Engine.OXIGRAPH)
        engine = engines[data]
        query = find_query(case["query"])
        params = [f"{k}={v}" for k, v in case["params"].items()]
        result = engine.query(query.text, bind_parameters(query, params), str(query.path))
        (GOLDEN / case["golden"]).write_text(to_tsv(result), encoding="utf-8")
        print(f"{case['golden']}: {len(result.rows)} rows")


if __name__ == "__main__":
    main()
