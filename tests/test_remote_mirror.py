"""Reading a study from a store, and running checks there, without a server: the copy is
read graph by graph in requests below the page size; a check the store refuses runs on the
copy, with a note; a store that cannot be reached is an error."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import BNode, Literal, URIRef

from claimgraph.corpus.files import make_corpus
from claimgraph.errors import RemoteError
from claimgraph.query.engine import QueryResult
from claimgraph.remote.mirror import RemoteStore, _graph_batches, fetch_study

G = "urn:claimgraph:test:graph:"


class _Store:
    """Answers the graph counts, then each graph request with two quads per graph named, the
    subject a blank node labelled "b0" in every answer (as Jena labels them)."""

    page_rows = 3

    def __init__(self, graphs: int) -> None:
        self.graphs = [URIRef(f"{G}{i:02d}") for i in range(graphs)]
        self.sent: list[str] = []

    def query(self, text: str, *_: Any, **__: Any) -> QueryResult:
        self.sent.append(text)
        if "COUNT" in text:
            return QueryResult(
                kind="SELECT",
                variables=("g", "n"),
                rows=tuple((g, Literal(2)) for g in self.graphs),
            )
        named = [g for g in self.graphs if f"<{g}>" in text]
        rows = tuple((g, BNode("b0"), URIRef("urn:p"), Literal(n)) for g in named for n in (1, 2))
        return QueryResult(kind="SELECT", variables=("g", "s", "p", "o"), rows=rows)


def test_graphs_are_read_in_requests_below_the_page_size() -> None:
    store = _Store(graphs=5)
    loaded = fetch_study(store, make_corpus())  # type: ignore[arg-type]
    # Counts first, then one request per graph: two graphs (4 quads) exceed 3 rows a page.
    assert len(store.sent) == 1 + 5
    assert len(loaded.store) == 10
    # "b0" of each answer is a node of its own in the copy.
    subjects = {q.subject for q in loaded.store}
    assert len(subjects) == 5 and all(isinstance(s, ox.BlankNode) for s in subjects)


def test_batches_hold_at_most_a_page_and_a_large_graph_alone() -> None:
    counts = [
        (URIRef(f"{G}{name}"), size) for name, size in (("a", 2), ("b", 2), ("c", 9), ("d", 1))
    ]
    batches = _graph_batches(counts, rows=5)
    assert [[str(g)[len(G) :] for g in batch] for batch in batches] == [["a", "b"], ["c"], ["d"]]


class _Refusing:
    def __init__(self, status: int | None) -> None:
        self.status = status

    def query(self, *_: Any, **__: Any) -> QueryResult:
        raise RemoteError(
            "http://127.0.0.1:1/sparql: HTTP 500: Too many opened parentheses", status=self.status
        )


def test_a_check_the_store_refuses_runs_on_the_copy_with_a_note() -> None:
    copy = ox.Store()
    copy.add(
        ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.Literal("x"), ox.NamedNode(G))
    )
    remote = RemoteStore(_Refusing(500), copy)  # type: ignore[arg-type]
    answer = remote.query("SELECT ?this WHERE { ?this <urn:p> ?v }")
    assert [row[0] for row in answer] == [ox.NamedNode("urn:a")]
    assert len(remote.notes) == 1 and "Too many opened parentheses" in remote.notes[0]


@pytest.mark.parametrize("status", [None, 401])
def test_an_unreachable_or_refusing_store_is_an_error(status: int | None) -> None:
    remote = RemoteStore(_Refusing(status), ox.Store())  # type: ignore[arg-type]
    with pytest.raises(RemoteError):
        remote.query("SELECT ?this WHERE { ?this <urn:p> ?v }")
    assert remote.notes == []
