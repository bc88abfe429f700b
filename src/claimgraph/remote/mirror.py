"""A study on a remote store, for the commands that read the whole of it.

``stats``, ``analyze`` and ``export`` read every statement of the study (graph structure,
counts, argument frameworks): they fetch the study's quads from the store, page by page,
into an in-memory Oxigraph store, and work on that copy exactly as on a loaded corpus.
``validate`` compiles the shapes against that copy (the compiler looks at the ontology and
at which classes and properties occur) and then runs every compiled check on the remote
store itself (:class:`RemoteStore`), so the store does the work a large study needs.

A copy knows no source files: findings name no file, and the checksums of source texts
(which need the text files) are not compared.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from claimgraph.corpus.files import Corpus
from claimgraph.corpus.loading import LoadedCorpus
from claimgraph.progress import Progress, no_progress
from claimgraph.query.results import to_json
from claimgraph.rdf.terms import to_oxigraph
from claimgraph.remote.engine import RemoteQueryEngine
from claimgraph.validate.shacl.report import ValidationReport, ValidationResult
from claimgraph.validate.validation import (
    ValidationEngine,
    explained,
    run_engine,
    shapes_graph,
)

QUADS_QUERY = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"


def fetch_study(engine: RemoteQueryEngine, corpus: Corpus) -> LoadedCorpus:
    """The study's quads on the store, copied into an in-memory store."""
    result = engine.query(QUADS_QUERY, source="--endpoint")
    store = ox.Store()
    quads = []
    for graph, subject, predicate, obj in result.rows:
        if graph is None or subject is None or predicate is None or obj is None:
            continue
        quads.append(
            ox.Quad(
                to_oxigraph(subject), to_oxigraph(predicate), to_oxigraph(obj), to_oxigraph(graph)
            )
        )
    store.extend(quads)
    return LoadedCorpus(corpus, store, [])


class RemoteStore:
    """Enough of :class:`pyoxigraph.Store` for the fast validator to run its checks on a
    remote store: ``query`` sends the text there (paged) and answers with Oxigraph's own
    solutions, read from the SPARQL JSON the answer is turned into."""

    def __init__(self, engine: RemoteQueryEngine) -> None:
        self.engine = engine

    def query(self, query: str, *, use_default_graph_as_union: bool = True) -> Any:
        """The solutions of a SELECT (or the boolean of an ASK) ``query`` on the store,
        whose default graph is always the union (``use_default_graph_as_union`` is
        accepted for :class:`~claimgraph.validate.shacl.engine.CheckStore`)."""
        result = self.engine.query(query, source="validation", composed=True)
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
    loaded = fetch_study(engine, corpus)
    run = run_engine(loaded, shapes, ValidationEngine.FAST, progress, checks_on=RemoteStore(engine))
    notes = ["the study was read from the store: findings name no file", *run.notes]
    # As the embedded validate explains them (anchors reported on the anchor, with the
    # quote's offsets; unknown claims named with the closest one).
    results = explained(run.results, loaded)
    results.sort(key=ValidationResult.sort_key)
    return loaded, ValidationReport(results=results, engine=str(run.engine), notes=notes)
