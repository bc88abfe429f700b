"""The fast SHACL engine gives exactly pySHACL's results, or hands over to pySHACL.

pySHACL stays the reference. Both engines run on every dataset of ``tests/data/valid`` and
``tests/data/invalid``, on the project's own data and on a generated synthetic corpus with
planted defects; their results must be identical field for field (focus node, path, value,
source shape, constraint component, severity, message, files).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from claimgraph.corpus.files import make_corpus
from claimgraph.corpus.loading import LoadedCorpus, load_corpus
from claimgraph.errors import InputError
from claimgraph.query.rewrite import optimize_for_oxigraph
from claimgraph.validate.validation import (
    ValidationEngine,
    ValidationReport,
    shapes_graph,
    validate_loaded,
)

from .conftest import DATA
from .test_synthetic import generate_test_corpus

DATASETS = sorted((DATA / "valid").glob("*.trig")) + sorted((DATA / "invalid").glob("*.trig"))


def both(loaded: LoadedCorpus, shapes: Graph) -> tuple[ValidationReport, ValidationReport]:
    fast = validate_loaded(loaded, shapes, engine=ValidationEngine.FAST)
    reference = validate_loaded(loaded, shapes, engine=ValidationEngine.PYSHACL)
    return fast, reference


def assert_identical(fast: ValidationReport, reference: ValidationReport) -> None:
    assert fast.engine == "fast", fast.notes
    ours = Counter(r.identity() for r in fast.results)
    theirs = Counter(r.identity() for r in reference.results)
    assert ours == theirs, (
        f"fast only: {sorted(ours - theirs)}\npySHACL only: {sorted(theirs - ours)}"
    )
    # The same order too: reports do not depend on the engine.
    assert [r.identity() for r in fast.results] == [r.identity() for r in reference.results]


@pytest.fixture(scope="module")
def synthetic_10k(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_test_corpus(tmp_path_factory)


@pytest.fixture(scope="module")
def project_shapes() -> Graph:
    return shapes_graph(make_corpus())


@pytest.mark.parametrize("path", DATASETS, ids=lambda p: p.name)
def test_fast_engine_equals_pyshacl_on_test_dataset(path: Path, project_shapes: Graph) -> None:
    corpus = make_corpus([path])
    try:
        loaded = load_corpus(corpus)
    except InputError:
        pytest.skip("the loader refuses this dataset before validation")
    assert_identical(*both(loaded, project_shapes))


def test_fast_engine_equals_pyshacl_on_project_data(
    project_loaded: LoadedCorpus, project_shapes: Graph
) -> None:
    assert_identical(*both(project_loaded, project_shapes))


@pytest.mark.long(100)
def test_fast_engine_equals_pyshacl_and_the_planted_defects_on_synthetic_corpus(
    synthetic_10k: Path, project_shapes: Graph
) -> None:
    from claimgraph.synthetic import expected_results

    loaded = load_corpus(make_corpus([synthetic_10k]))
    fast, reference = both(loaded, project_shapes)
    assert_identical(fast, reference)
    found = Counter(
        (
            str(r.source_shape),
            str(ox.NamedNode(str(r.focus))),
            None if r.value is None else _nt(r.value),
            r.severity,
        )
        for r in fast.results
    )
    assert found == Counter(expected_results(synthetic_10k))


def _nt(node: object) -> str:
    from claimgraph.rdf.terms import to_oxigraph

    return str(to_oxigraph(node))  # type: ignore[arg-type]


# --- What the fast engine does not run, pySHACL does --------------------------------------

SHAPES_PREFIXES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix cg: <https://w3id.org/claimgraph/ontology#> .
@prefix ex: <https://example.org/shapes#> .
"""


def _report_with(shapes_ttl: str, loaded: LoadedCorpus) -> ValidationReport:
    shapes = Graph().parse(data=SHAPES_PREFIXES + shapes_ttl, format="turtle")
    return validate_loaded(loaded, shapes, engine=ValidationEngine.FAST)


@pytest.mark.parametrize(
    ("case", "shapes_ttl"),
    [
        (
            "sh:closed",
            "ex:S a sh:NodeShape ; sh:targetClass cg:Claim ; sh:closed true ; "
            'sh:message "closed" .',
        ),
        (
            "sh:qualifiedValueShape",
            "ex:S a sh:NodeShape ; sh:targetClass cg:Claim ; sh:property [ sh:path cg:anchor ; "
            "sh:qualifiedValueShape [ sh:class cg:QuoteAnchor ] ; sh:qualifiedMinCount 2 ; "
            'sh:message "q" ] .',
        ),
        (
            "a shape without sh:message",
            "ex:S a sh:NodeShape ; sh:targetClass cg:Claim ; sh:property [ sh:path cg:mode ; "
            "sh:minCount 2 ] .",
        ),
        (
            "$this in a UNION branch's FILTER",
            'ex:S a sh:NodeShape ; sh:targetClass cg:Claim ; sh:sparql [ sh:message "u" ; '
            'sh:select """SELECT $this WHERE { { ?x <urn:p> ?y FILTER(?y = $this) } UNION '
            '{ $this <urn:q> ?z } }""" ] .',
        ),
        (
            "a SHACL rule",
            "ex:S a sh:NodeShape ; sh:targetClass cg:Claim ; sh:rule [ a sh:TripleRule ; "
            "sh:subject sh:this ; sh:predicate <urn:p> ; sh:object <urn:o> ] .",
        ),
    ],
)
def test_unsupported_shapes_hand_over_to_pyshacl(
    case: str, shapes_ttl: str, project_loaded: LoadedCorpus
) -> None:
    report = _report_with(shapes_ttl, project_loaded)
    assert report.engine == "pyshacl", case
    assert report.notes and "handed over to pySHACL" in report.notes[0]


def test_supported_path_forms_run_fast_and_agree(project_loaded: LoadedCorpus) -> None:
    shapes_ttl = """
    ex:S a sh:NodeShape ; sh:targetClass cg:Claim ;
        sh:property [ sh:path ( cg:reportedIn cg:author ) ; sh:minCount 1 ; sh:class cg:Actor ;
                      sh:message "seq" ] ,
                    [ sh:path [ sh:alternativePath ( cg:claimant cg:reportedBy ) ] ;
                      sh:class cg:Organisation ; sh:message "alt" ] ,
                    [ sh:path [ sh:zeroOrMorePath cg:supports ] ; sh:maxCount 1 ;
                      sh:message "star" ] ,
                    [ sh:path [ sh:inversePath cg:attacks ] ; sh:nodeKind sh:BlankNode ;
                      sh:message "inverse" ] ,
                    [ sh:path cg:mode ; sh:not [ sh:in ( cg:ReportedMode ) ] ;
                      sh:message "not" ] ,
                    [ sh:path cg:speechAct ; sh:xone ( [ sh:in ( cg:Assertion ) ]
                      [ sh:in ( cg:Denial cg:Assertion ) ] ) ; sh:message "xone" ] ,
                    [ sh:path cg:claimantNamedAs ; sh:pattern "^the" ; sh:flags "i" ;
                      sh:maxLength 20 ; sh:message "pattern" ] .
    ex:T a sh:NodeShape ; sh:targetSubjectsOf cg:start ;
        sh:property [ sh:path cg:start ; sh:minExclusive 339 ; sh:maxInclusive 2000 ;
                      sh:datatype <http://www.w3.org/2001/XMLSchema#integer> ;
                      sh:message "range" ] .
    """
    shapes = Graph().parse(data=SHAPES_PREFIXES + shapes_ttl, format="turtle")
    fast, reference = both(project_loaded, shapes)
    assert_identical(fast, reference)
    assert fast.results, "the shapes were meant to find something"


# --- The EXISTS rewrite for Oxigraph gives the same answers ----------------------------------

EXISTS_DATA = b"""
@prefix : <urn:x:> .
:a :p :b , :c . :b :n 1 . :c :n 2 . :d :p :e . :e :n 5 .
:a :q :z . :d :q :d .
"""

EXISTS_QUERIES = [
    # NOT EXISTS in an OPTIONAL reading a variable of that OPTIONAL (the "first anchor").
    """PREFIX : <urn:x:> SELECT ?s ?o ?n WHERE { ?s :p ?x . OPTIONAL { ?s :p ?o . ?o :n ?n .
       FILTER NOT EXISTS { ?s :p/:n ?m FILTER (?m < ?n) } } } ORDER BY ?s ?o""",
    # Top-level NOT EXISTS, and positive EXISTS.
    """PREFIX : <urn:x:> SELECT ?s WHERE { ?s :p ?o FILTER NOT EXISTS { ?o :n 1 } } ORDER BY ?s""",
    """PREFIX : <urn:x:> SELECT ?s WHERE { ?s :q ?z FILTER EXISTS { ?s :p ?o } } ORDER BY ?s""",
    # NOT EXISTS reading a variable an OPTIONAL may leave unbound.
    """PREFIX : <urn:x:> SELECT ?s ?z WHERE { ?s :p ?o OPTIONAL { ?s :q ?z }
       FILTER NOT EXISTS { ?z :p ?any } } ORDER BY ?s ?z""",
    # NOT EXISTS in an OPTIONAL, reading a variable bound outside it: left as it is.
    """PREFIX : <urn:x:> SELECT ?s ?n WHERE { ?s :p ?o OPTIONAL { ?o :n ?n
       FILTER NOT EXISTS { ?s :q ?z } } } ORDER BY ?s ?n""",
    # Nested EXISTS: left as it is.
    """PREFIX : <urn:x:> SELECT ?s WHERE { ?s :p ?o
       FILTER NOT EXISTS { ?o :n ?m FILTER EXISTS { ?s :q ?s } } } ORDER BY ?s""",
]


@pytest.mark.parametrize("query", EXISTS_QUERIES)
def test_exists_rewrite_gives_the_same_answers(query: str) -> None:
    store = ox.Store()
    store.load(EXISTS_DATA, ox.RdfFormat.TURTLE)
    rewritten = optimize_for_oxigraph(query)
    original = [tuple(map(str, row)) for row in store.query(query)]  # type: ignore[union-attr]
    optimized = [tuple(map(str, row)) for row in store.query(rewritten)]  # type: ignore[union-attr]
    assert original == optimized


def test_exists_rewrite_applies_to_the_first_anchor_idiom() -> None:
    assert "OPTIONAL" in optimize_for_oxigraph(EXISTS_QUERIES[0]).split("WHERE", 1)[1]
    assert optimize_for_oxigraph(EXISTS_QUERIES[3]) != EXISTS_QUERIES[3]
    assert optimize_for_oxigraph(EXISTS_QUERIES[4]) == EXISTS_QUERIES[4]
    assert optimize_for_oxigraph(EXISTS_QUERIES[5]) == EXISTS_QUERIES[5]
