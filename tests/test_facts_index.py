"""The facts' graph index answers the same whether it asks the store or its own index.

:class:`~claimgraph.facts.index.GraphIndex` answers questions about a few subjects
(``lookup``) and about the members of a class (``subjects`` with an object) by asking the
store directly, and forgets predicates once read; these answers must equal the ones read
from a full index of the predicate, in the same order. Data: the bus-route corpus of
tests/data/multi-document (several documents, graphs and shared nodes).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, RDFS, URIRef

from claimgraph.corpus.files import make_corpus
from claimgraph.corpus.loading import LoadedCorpus, load_corpus
from claimgraph.facts.index import GraphIndex
from claimgraph.rdf.namespace import CG

ROOT = Path(__file__).resolve().parents[1]
MULTI = ROOT / "tests" / "data" / "multi-document"
PREDICATES = (RDF.type, RDFS.label, CG.claimant, CG.attacks, CG.reportedIn, CG.anchor)


@pytest.fixture(scope="module")
def loaded() -> LoadedCorpus:
    return load_corpus(make_corpus(data=[MULTI]))


@pytest.mark.parametrize("predicate", PREDICATES, ids=lambda p: str(p).rsplit("/", 1)[-1])
def test_store_answers_equal_the_index(loaded: LoadedCorpus, predicate: URIRef) -> None:
    indexed = GraphIndex(loaded.store)
    pairs = list(indexed.pairs(predicate))
    assert pairs, f"the corpus has no {predicate}: the case tests nothing"
    direct = GraphIndex(loaded.store)
    for subject in {s for s, _ in pairs}:
        assert direct.lookup(subject, predicate) == indexed.objects(subject, predicate)
    for obj in {o for _, o in pairs}:
        assert direct.subjects(predicate, obj) == indexed.subjects(predicate, obj)


def test_a_forgotten_predicate_reads_the_same_again(loaded: LoadedCorpus) -> None:
    graph = GraphIndex(loaded.store)
    before = list(graph.pairs(CG.claimant))
    graph.forget(CG.claimant)
    graph.forget_terms()
    assert list(graph.pairs(CG.claimant)) == before
