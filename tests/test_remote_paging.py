"""How the remote engine decides to page a query, without a server.

The plan is read with Oxigraph's parser and the tokenizer (never rdflib's parser, which
takes minutes on the fast SHACL engine's long VALUES blocks); cases in
tests/data/remote/paging-plans.json.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

import claimgraph.query.check as query_check
from claimgraph.errors import UnsafeInputError
from claimgraph.remote.client import Endpoint
from claimgraph.remote.engine import RemoteQueryEngine, _paging_plan, construct_parts

from .conftest import DATA

PLANS = json.loads((DATA / "remote" / "paging-plans.json").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", PLANS, ids=[c["name"] for c in PLANS])
def test_paging_plan(case: dict[str, Any]) -> None:
    pageable, ordered, projected = _paging_plan(case["query"])
    assert (pageable, ordered, projected) == (case["pageable"], case["ordered"], case["projected"])


PARTS = json.loads((DATA / "remote" / "construct-parts.json").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", PARTS, ids=[c["name"] for c in PARTS])
def test_construct_parts(case: dict[str, Any]) -> None:
    found = construct_parts(case["query"])
    assert (list(found) if found is not None else None) == case["parts"]


class _RecordingClient:
    """Answers every SELECT with no rows and keeps the texts sent."""

    def __init__(self) -> None:
        self.endpoint = Endpoint(
            "http://127.0.0.1:1/query", "http://127.0.0.1:1/store", None, "oxigraph"
        )
        self.sent: list[str] = []

    def select(self, text: str) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
        self.sent.append(text)
        return ("this",), []


def _composed_check(count: int) -> str:
    values = " ".join(f"<urn:claim:{i}>" for i in range(count))
    return (
        f"SELECT ?this WHERE {{ VALUES ?this {{ {values} }} FILTER NOT EXISTS {{ ?this a ?t }} }}"
    )


def test_composed_check_is_not_parsed_by_rdflib(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("rdflib's parser was called for a composed check")

    monkeypatch.setattr(query_check, "parseQuery", refuse)
    client = _RecordingClient()
    engine = RemoteQueryEngine(client)  # type: ignore[arg-type]
    result = engine.query(_composed_check(20_000), source="validation", composed=True)
    assert result.rows == ()
    # Paged: the check's text, ordered by its projection, one page of rows at a time.
    assert client.sent[0].rstrip().endswith("ORDER BY ?this\nLIMIT 5000 OFFSET 0")
    assert "<urn:claim:19999>" in client.sent[0]


def test_composed_check_still_gets_the_last_look() -> None:
    client = _RecordingClient()
    engine = RemoteQueryEngine(client)  # type: ignore[arg-type]
    with pytest.raises(UnsafeInputError):
        engine.query('SELECT ?this WHERE { ?this ?p "\\u0041" }', composed=True)
    assert client.sent == []
