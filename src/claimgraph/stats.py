"""``claimgraph stats``: how much of what the corpus holds, by class and by document."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rdflib import RDF, URIRef

from .loading import ONTOLOGY_GRAPH, LoadedCorpus
from .namespace import CG

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
    """Count instances by class (data graphs only) and the main classes per document graph."""
    dataset = loaded.dataset
    by_class: Counter[URIRef] = Counter()
    documents = []
    for context in sorted(dataset.graphs(), key=lambda c: str(c.identifier)):
        if context.identifier == ONTOLOGY_GRAPH:
            continue
        for _, _, cls in context.triples((None, RDF.type, None)):
            if isinstance(cls, URIRef):
                by_class[cls] += 1
        described = next(iter(context.objects(context.identifier, CG.graphOf)), None)
        if (context.identifier, RDF.type, CG.DocumentGraph) in context and isinstance(
            described, URIRef
        ):
            types = context.objects(None, RDF.type)
            counts = Counter(cls for cls in types if cls in _DOCUMENT_CLASSES)
            assert isinstance(context.identifier, URIRef)
            documents.append(
                DocumentStats(
                    document=described,
                    graph=context.identifier,
                    triples=len(context),
                    by_class={c: counts.get(c, 0) for c in _DOCUMENT_CLASSES},
                )
            )
    return CorpusStats(
        triples=len(loaded.quads),
        graphs=len({str(q.graph_name) for q in loaded.quads}),
        by_class=dict(sorted(by_class.items(), key=lambda kv: (-kv[1], str(kv[0])))),
        documents=documents,
    )
