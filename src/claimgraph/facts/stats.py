"""``claimgraph stats``: how much of what the corpus holds, by class and by document."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import RDF, URIRef

from claimgraph.corpus.loading import LoadedCorpus
from claimgraph.rdf.namespace import CG, ONTOLOGY_GRAPH

_DOCUMENT_CLASSES = (CG.Claim, CG.Rebuttal, CG.Citation, CG.QuoteAnchor)


@dataclass
class DocumentStats:
    """Counts for one document's graph."""

    document: URIRef
    graph: URIRef
    triples: int
    by_class: dict[URIRef, int] = field(default_factory=dict)


@dataclass
class CorpusStats:
    """Counts for a whole corpus."""

    triples: int
    graphs: int
    by_class: dict[URIRef, int]
    documents: list[DocumentStats]


def corpus_stats(loaded: LoadedCorpus) -> CorpusStats:
    """Count instances by class (data graphs only) and the main classes per document graph.

    Counted on the Oxigraph store, graph by graph (an instance typed in two graphs counts
    twice), without making rdflib objects of the corpus."""
    store = loaded.store
    rdf_type = ox.NamedNode(str(RDF.type))
    ontology = ox.NamedNode(str(ONTOLOGY_GRAPH))
    by_class: Counter[URIRef] = Counter()
    per_graph: dict[ox.NamedNode, Counter[URIRef]] = {}
    document_graphs: list[ox.NamedNode] = []
    for quad in store.quads_for_pattern(None, rdf_type, None):
        graph, cls = quad.graph_name, quad.object
        if graph == ontology or not isinstance(cls, ox.NamedNode):
            continue
        by_class[URIRef(cls.value)] += 1
        if isinstance(graph, ox.NamedNode):
            per_graph.setdefault(graph, Counter())[URIRef(cls.value)] += 1
            if quad.subject == graph and cls.value == str(CG.DocumentGraph):
                document_graphs.append(graph)
    graph_of = ox.NamedNode(str(CG.graphOf))
    documents = []
    for graph in sorted(document_graphs, key=lambda g: g.value):
        described = sorted(
            q.object.value
            for q in store.quads_for_pattern(graph, graph_of, None, graph)
            if isinstance(q.object, ox.NamedNode)
        )
        if not described:
            continue
        counts = per_graph.get(graph, Counter())
        documents.append(
            DocumentStats(
                document=URIRef(described[0]),
                graph=URIRef(graph.value),
                triples=sum(1 for _ in store.quads_for_pattern(None, None, None, graph)),
                by_class={c: counts.get(c, 0) for c in _DOCUMENT_CLASSES},
            )
        )
    graphs = sum(1 for g in store.named_graphs() if _holds_quads(store, g))
    graphs += _holds_quads(store, ox.DefaultGraph())
    return CorpusStats(
        triples=len(store),
        graphs=graphs,
        by_class=dict(sorted(by_class.items(), key=lambda kv: (-kv[1], str(kv[0])))),
        documents=documents,
    )


def _holds_quads(store: ox.Store, graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> bool:
    return next(iter(store.quads_for_pattern(None, None, None, graph)), None) is not None
