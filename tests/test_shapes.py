"""The data shapes (``ontology/shapes/claimgraph-shapes.ttl``), tested on example datasets.

Tests are generated from the files of ``tests/data``:

- every ``valid/*.trig`` must conform, without a single result, warnings included;
- every ``invalid/<Shape>-<case>.trig`` holds exactly one defect, and its results must all
  come from the shape ``cgsh:<Shape>`` (``sh:sourceShape``), at that shape's severity.

Every shape that carries a constraint of its own must have at least one invalid file, so no
constraint goes untested.

pySHACL runs with the ontology's modules as ``ont_graph`` (so that ``sh:class`` and
``sh:targetClass`` follow ``rdfs:subClassOf``), SHACL-AF enabled and warnings allowed, once
with RDFS inference and once without (as ``claimgraph validate`` runs). The two differ in
one way: RDFS inference types the value of a property with the property's ``rdfs:range``
(and its subject with its ``rdfs:domain``), so an ``sh:class`` that the ontology implies
cannot fail for an IRI. A shape that has nothing but such an ``sh:class`` is therefore
provoked without inference only; with inference, the test checks that it stays silent.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, SH, BNode, Graph, URIRef
from rdflib.term import Node

from claimgraph.corpus.files import make_corpus
from claimgraph.rdf.namespace import PREFIXES, SHAPES
from claimgraph.validate.validation import validate_corpus

ROOT = Path(__file__).resolve().parents[1]
SHAPES_FILE = ROOT / "ontology" / "shapes" / "claimgraph-shapes.ttl"
ONTOLOGY_MODULES = ROOT / "ontology" / "modules"
DATA = Path(__file__).resolve().parent / "data"
VALID_FILES = sorted((DATA / "valid").glob("*.trig"))
INVALID_FILES = sorted((DATA / "invalid").glob("*.trig"))
TARGET = str(SH.target)

# The parameters of SHACL Core and SHACL-SPARQL constraint components: a shape that has one
# of these itself (not through sh:property) can be the sh:sourceShape of a result.
CONSTRAINT_PARAMETERS = frozenset(
    SH[name]
    for name in (
        *("class", "datatype", "nodeKind", "minCount", "maxCount"),
        *("minExclusive", "minInclusive", "maxExclusive", "maxInclusive"),
        *("minLength", "maxLength", "pattern", "languageIn", "uniqueLang"),
        *("equals", "disjoint", "lessThan", "lessThanOrEquals"),
        *("not", "and", "or", "xone", "node", "qualifiedValueShape"),
        *("closed", "hasValue", "in", "sparql"),
    )
)


@dataclass(frozen=True)
class Result:
    """The parts of a validation result the tests look at."""

    source_shape: Node
    severity: Node
    focus: Node
    message: str


@dataclass(frozen=True)
class Outcome:
    """What pySHACL said about one dataset."""

    conforms: bool
    """SHACL's sh:conforms: no result at all."""
    has_violations: bool
    results: tuple[Result, ...]

    def describe(self) -> str:
        """The results, one a line, for assertion messages."""
        return "\n".join(
            f"  {_short(r.source_shape)} [{_short(r.severity)}] on {r.focus}: {r.message}"
            for r in self.results
        )


def _short(node: Node) -> str:
    text = str(node)
    for prefix, namespace in PREFIXES.items():
        if text.startswith(namespace):
            return f"{prefix}:{text[len(namespace) :]}"
    return text


def run_shapes(path: Path) -> Outcome:
    """Validate one dataset as ``claimgraph validate --data PATH`` does."""
    report = validate_corpus(make_corpus(data=[path]))
    results = [
        Result(
            source_shape=r.source_shape,
            severity=SH[r.severity],
            focus=r.focus,
            message=r.message,
        )
        for r in report.results
    ]
    results.sort(key=lambda r: (str(r.source_shape), str(r.focus), r.message))
    return Outcome(
        conforms=report.conforms, has_violations=report.has_violations, results=tuple(results)
    )


@cache
def shapes_graph() -> Graph:
    """The data shapes."""
    return Graph().parse(SHAPES_FILE, format="turtle")


def expected_shape(path: Path) -> URIRef:
    """The shape an invalid file is named after: ``AnchorMatchesText-x.trig`` -> cgsh:..."""
    return SHAPES[path.stem.split("-", 1)[0]]


def shape_severity(shape: URIRef) -> URIRef:
    """A shape's declared severity, sh:Violation when it declares none."""
    severity = shapes_graph().value(shape, SH.severity)
    return severity if isinstance(severity, URIRef) else SH.Violation


def named_shapes() -> Iterator[URIRef]:
    """The shapes of the shapes file that have IRIs in the cgsh: namespace."""
    graph = shapes_graph()
    found = set(graph.subjects(RDF.type, SH.NodeShape))
    found |= set(graph.subjects(RDF.type, SH.PropertyShape))
    for shape in sorted(found, key=str):
        if isinstance(shape, URIRef) and shape.startswith(str(SHAPES)):
            yield shape


@cache
def constraint_shapes() -> frozenset[URIRef]:
    """The named shapes with a constraint of their own, which a result can name."""
    graph = shapes_graph()
    return frozenset(
        shape
        for shape in named_shapes()
        if any(p in CONSTRAINT_PARAMETERS for p in graph.predicates(shape, None))
    )


@pytest.mark.parametrize("path", VALID_FILES, ids=lambda p: p.name)
def test_valid_dataset_conforms(path: Path) -> None:
    outcome = run_shapes(path)
    assert outcome.conforms and not outcome.results, (
        f"{path.name} should conform, but:\n{outcome.describe()}"
    )


@pytest.mark.parametrize("path", INVALID_FILES, ids=lambda p: p.name)
def test_invalid_dataset_breaks_exactly_its_shape(path: Path) -> None:
    shape = expected_shape(path)
    assert shape in constraint_shapes(), f"{path.name} is named after no constraint shape"
    outcome = run_shapes(path)
    assert outcome.results, f"{path.name} should break {_short(shape)}, but conforms"
    assert {r.source_shape for r in outcome.results} == {shape}, (
        f"{path.name} should break {_short(shape)} and nothing else, but:\n{outcome.describe()}"
    )
    severity = shape_severity(shape)
    assert {r.severity for r in outcome.results} == {severity}, outcome.describe()
    # Any result, a warning too, makes sh:conforms false (as SHACL says); only a violation
    # makes validate exit 1.
    assert not outcome.conforms
    assert outcome.has_violations == (severity == SH.Violation)


def test_every_constraint_has_an_invalid_example() -> None:
    tested = {expected_shape(path) for path in INVALID_FILES}
    untested = sorted(_short(s) for s in constraint_shapes() - tested)
    assert not untested, f"constraint shapes without an invalid example: {untested}"


def test_there_are_examples() -> None:
    assert VALID_FILES, "no valid examples"
    assert INVALID_FILES, "no invalid examples"


@pytest.mark.parametrize("shape", list(named_shapes()), ids=lambda s: _short(s))
def test_shape_is_documented(shape: URIRef) -> None:
    graph = shapes_graph()
    assert graph.value(shape, RDFS.label) is not None, "no rdfs:label"
    assert graph.value(shape, SH.message) is not None, "no sh:message"
    if (shape, RDF.type, SH.PropertyShape) in graph:
        assert graph.value(shape, SH.name) is not None, "no sh:name"
    for sparql in graph.objects(shape, SH.sparql):
        assert graph.value(sparql, SH.message) is not None, "SPARQL constraint without message"


def test_no_anonymous_shapes_hold_targets() -> None:
    # A result names its sh:sourceShape; a blank-node shape would make it unreadable.
    graph = shapes_graph()
    targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
    anonymous = {s for t in targets for s in graph.subjects(t, None) if isinstance(s, BNode)}
    anonymous |= {s for s in graph.objects(None, SH.property) if isinstance(s, BNode)}
    assert not anonymous
