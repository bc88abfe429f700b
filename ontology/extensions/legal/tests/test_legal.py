"""Tests of the legal extension, run by the project's pytest (testpaths: ontology/extensions).

- the extension passes `claimgraph ontology check` together with the core;
- its example data and tests/data/valid/ conform to the core's and its own shapes, without
  a single result;
- every tests/data/invalid/<Shape>-<case>.trig breaks exactly the shape legalsh:<Shape>;
- every shape with a constraint of its own has such a file.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Namespace
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from claimgraph.corpus.files import make_corpus
from claimgraph.ontology_tools import check_ontology
from claimgraph.rdf.namespace import SHAPES
from claimgraph.validate.validation import ValidationReport, validate_corpus

EXTENSION = Path(__file__).resolve().parents[1]
EXAMPLES = EXTENSION / "examples"
SHAPES_FILE = EXTENSION / "shapes" / "legal-shapes.ttl"
DATA = Path(__file__).resolve().parent / "data"
VALID_FILES = sorted((DATA / "valid").glob("*.trig"))
INVALID_FILES = sorted((DATA / "invalid").glob("*.trig"))
LEGALSH = Namespace("https://w3id.org/claimgraph/ext/legal/shapes#")
EXPECTED_SHAPE = re.compile(r"^# Expected to fail legalsh:(\w+)", re.MULTILINE)
ALSO_CORE_SHAPE = re.compile(r"^# Also fails cgsh:(\w+)", re.MULTILINE)
"""A core shape the same mistake breaks too: an extension sub-property (legal:applicant) is
also stated as its core super-property (cg:participant) at load, and checked as one."""
CONSTRAINTS = {
    SH.minCount,
    SH.maxCount,
    SH["class"],
    SH.datatype,
    SH.minLength,
    SH.nodeKind,
    SH.pattern,
    SH["in"],
    SH["or"],
    SH.sparql,
}


@cache
def _validate(path: Path) -> ValidationReport:
    return validate_corpus(make_corpus(data=[path], ontology=[EXTENSION]))


def _shapes_with_constraints() -> set[Node]:
    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    return {s for s, p, _ in shapes if p in CONSTRAINTS}


def test_legal_passes_ontology_check() -> None:
    report = check_ontology(make_corpus(ontology=[EXTENSION]), data=False)
    assert report.problems == [], report.render()


@pytest.mark.parametrize("path", [EXAMPLES, *VALID_FILES], ids=lambda p: Path(p).name)
def test_valid_data_conforms_without_a_result(path: Path) -> None:
    report = _validate(path)
    assert report.results == [], [r.message for r in report.results]


@pytest.mark.parametrize("path", INVALID_FILES, ids=lambda p: Path(p).stem)
def test_invalid_file_breaks_its_shape_only(path: Path) -> None:
    match = EXPECTED_SHAPE.search(path.read_text(encoding="utf-8"))
    assert match, f"{path.name} does not say which shape it must fail"
    assert path.stem.startswith(f"{match.group(1)}-")

    report = _validate(path)

    expected = {LEGALSH[match.group(1)]}
    expected |= {SHAPES[name] for name in ALSO_CORE_SHAPE.findall(path.read_text("utf-8"))}
    assert not report.conforms
    assert {r.source_shape for r in report.results} == expected, [r.message for r in report.results]


def test_every_constraint_has_an_invalid_file() -> None:
    provoked = {LEGALSH[path.stem.split("-", 1)[0]] for path in INVALID_FILES}
    assert sorted(map(str, _shapes_with_constraints() - provoked)) == []


def test_examples_use_every_term_of_the_extension() -> None:
    terms = {
        s
        for s in Graph().parse(EXTENSION / "legal.ttl", format="turtle").subjects(RDF.type, None)
        if str(s).startswith("https://w3id.org/claimgraph/ext/legal#")
    }
    used: set[Node] = set()
    for path in EXAMPLES.glob("*.trig"):
        dataset = Dataset()
        dataset.parse(path, format="trig")
        used |= {node for s, p, o, _ in dataset.quads() for node in (s, p, o)}
    assert sorted(map(str, terms - used)) == []
