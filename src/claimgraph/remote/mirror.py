"""A study on a remote store, for the commands that read the whole of it.

``stats``, ``analyze`` and ``export`` read every statement of the study (graph structure,
counts, argument frameworks): they fetch the study's quads from the store into an in-memory
Oxigraph store, and work on that copy exactly as on a loaded corpus. The quads come graph
by graph, a few graphs per request (:func:`fetch_study`): one query over every quad, paged,
would have the store sort the whole study again for every page.
``validate`` compiles the shapes against that copy (the compiler looks at the ontology and
at which classes and properties occur) and then runs every compiled check on the remote
store itself (:class:`RemoteStore`), so the store does the work a large study needs. A
check the store refuses (Virtuoso's parser refuses very long expressions) runs on the copy,
and the report's notes say which.

A copy knows no source files: findings name no file, and the checksums of source texts
(which need the text files) are not compared.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyoxigraph as ox
from rdflib.term import BNode, Node

from claimgraph.corpus.files import Corpus
from claimgraph.corpus.loading import LoadedCorpus
from claimgraph.errors import RemoteError
from claimgraph.progress import Progress, no_progress
from claimgraph.query.results import to_json
from claimgraph.rdf.terms import term_text, to_oxigraph
from claimgraph.remote.engine import RemoteQueryEngine
from claimgraph.validate.shacl.report import ValidationReport, ValidationResult
from claimgraph.validate.validation import (
    ValidationEngine,
    explained,
    run_engine,
    shapes_graph,
)

GRAPH_COUNTS_QUERY = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
MAX_GRAPHS_PER_REQUEST = 200
"""At most this many graphs are named in one request (their IRIs are written in its text)."""


def _graph_batches(counts: Sequence[tuple[Node, int]], rows: int) -> list[list[Node]]:
    """The graphs in groups of at most ``rows`` quads (a larger graph is a group alone) and
    :data:`MAX_GRAPHS_PER_REQUEST` graphs."""
    batches: list[list[Node]] = []
    current: list[Node] = []
    size = 0
    for graph, count in counts:
        if current and (size + count > rows or len(current) >= MAX_GRAPHS_PER_REQUEST):
            batches.append(current)
            current, size = [], 0
        current.append(graph)
        size += count
    if current:
        batches.append(current)
    return batches


def _copied(term: Node, fresh: dict[str, ox.BlankNode]) -> Any:
    """``term`` for the copy: a blank node of the answer becomes one of ``fresh``."""
    if isinstance(term, BNode):
        return fresh.setdefault(str(term), ox.BlankNode())
    return to_oxigraph(term)


def fetch_study(
    engine: RemoteQueryEngine, corpus: Corpus, progress: Progress = no_progress
) -> LoadedCorpus:
    """The study's quads on the store, copied into an in-memory store.

    The graphs are counted first, then read a few at a time, each request below the page
    size so that the store returns it whole without sorting anything; a graph larger than
    a page is read alone, paged.
    """
    counted = engine.query(GRAPH_COUNTS_QUERY, source="--endpoint")
    counts = sorted(
        ((row[0], int(str(row[1]))) for row in counted.rows if row[0] is not None),
        key=lambda item: str(item[0]),
    )
    store = ox.Store()
    total = sum(count for _, count in counts)
    done = 0
    progress("read from the store", 0, total)
    for batch in _graph_batches(counts, engine.page_rows):
        names = " ".join(term_text(graph) for graph in batch)
        text = f"SELECT ?g ?s ?p ?o WHERE {{ VALUES ?g {{ {names} }} GRAPH ?g {{ ?s ?p ?o }} }}"
        result = engine.query(text, source="--endpoint", composed=True)
        # A blank node's label is scoped to one answer (Jena numbers them afresh in each):
        # each answer's blank nodes are new nodes of the copy.
        fresh: dict[str, ox.BlankNode] = {}
        quads = [
            ox.Quad(*(_copied(term, fresh) for term in (s, p, o, g)))
            for g, s, p, o in result.rows
            if g is not None and s is not None and p is not None and o is not None
        ]
        store.extend(quads)
        done += len(quads)
        progress("read from the store", done, total)
    return LoadedCorpus(corpus, store, [])


class RemoteStore:
    """Enough of :class:`pyoxigraph.Store` for the fast validator to run its checks on a
    remote store: ``query`` sends the text there (paged) and answers with Oxigraph's own
    solutions, read from the SPARQL JSON the answer is turned into."""

    def __init__(self, engine: RemoteQueryEngine, copy: ox.Store) -> None:
        self.engine = engine
        self.copy = copy
        self.notes: list[str] = []
        """What ran on the copy rather than on the store, and why."""

    def query(self, query: str, *, use_default_graph_as_union: bool = True) -> Any:
        """The solutions of a SELECT (or the boolean of an ASK) ``query`` on the store,
        whose default graph is always the union (``use_default_graph_as_union`` is
        accepted for :class:`~claimgraph.validate.shacl.engine.CheckStore`).

        A query the store refuses with an HTTP error of its own (Virtuoso's parser refuses
        the long value lists some checks hold) runs on the copy, and :attr:`notes` says so;
        a store that cannot be reached, or refuses the credentials, is an error.
        """
        try:
            result = self.engine.query(query, source="validation", composed=True)
        except RemoteError as exc:
            if exc.status not in (400, 500):
                raise
            self.notes.append(f"a check ran on the copy, as the store refused it: {exc.message}")
            return self.copy.query(query, use_default_graph_as_union=True)
        data = to_json(result).encode("utf-8")
        return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)


def validate_remote(
    engine: RemoteQueryEngine,
    corpus: Corpus,
    progress: Progress = no_progress,
) -> tuple[LoadedCorpus, ValidationReport]:
    """Validate the study on the store against ``corpus``'s shapes with the fast engine.

    The shapes are compiled against a copy of the study (see the module's docstring); each
    compiled check then runs on the store. Shapes the fast engine cannot compile are
    validated by pySHACL on the copy, as the embedded ``validate`` does.
    """
    shapes = shapes_graph(corpus)
    loaded = fetch_study(engine, corpus, progress)
    remote = RemoteStore(engine, loaded.store)
    run = run_engine(loaded, shapes, ValidationEngine.FAST, progress, checks_on=remote)
    notes = ["the study was read from the store: findings name no file", *remote.notes, *run.notes]
    # As the embedded validate explains them (anchors reported on the anchor, with the
    # quote's offsets; unknown claims named with the closest one).
    results = explained(run.results, loaded)
    results.sort(key=ValidationResult.sort_key)
    return loaded, ValidationReport(results=results, engine=str(run.engine), notes=notes)
