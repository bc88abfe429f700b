"""N-Triples terms as text and back (:mod:`claimgraph.rdf.terms`): one writer, one parser.

``tests/data/terms/round-trip.nt`` holds one case a line, the object of its triple (the
subject names the case): escapes, language tags, datatypes, blank nodes. Each term is read
from its text as Oxigraph reads the same text in a file, and written and read back as the
same term, through rdflib too. ``not-one-term.json`` holds texts that are not exactly one
term (two, none, a second triple hidden after a line break): each is refused.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pyoxigraph as ox
import pytest

from claimgraph.rdf.terms import (
    OxigraphTerm,
    parse_node,
    parse_term,
    parse_terms,
    term_text,
    to_rdflib,
)

from .conftest import DATA

TERMS = DATA / "terms"
_LINE = re.compile(r"^<urn:case:(?P<case>[\w-]+)> <urn:p> (?P<term>.*) \.$")


def _cases() -> list[Any]:
    path = TERMS / "round-trip.nt"
    lines = [
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    quads = list(ox.parse(path.read_bytes(), ox.RdfFormat.N_TRIPLES))
    assert len(lines) == len(quads)
    cases = []
    for line, quad in zip(lines, quads, strict=True):
        match = _LINE.match(line)
        assert match is not None, line
        assert isinstance(quad.subject, ox.NamedNode)
        assert quad.subject.value == f"urn:case:{match['case']}"
        cases.append(pytest.param(match["term"], quad.object, id=match["case"]))
    return cases


CASES = _cases()
REFUSED: dict[str, str] = json.loads((TERMS / "not-one-term.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("text", "term"), CASES)
def test_a_term_is_read_as_oxigraph_reads_it_in_a_file(text: str, term: OxigraphTerm) -> None:
    assert parse_term(text) == term


@pytest.mark.parametrize(("text", "term"), CASES)
def test_a_term_written_is_read_back_as_the_same_term(text: str, term: OxigraphTerm) -> None:
    assert not isinstance(term, ox.Triple)  # RDF 1.2 triple terms: not supported
    written = term_text(term)
    assert "\n" not in written and "\r" not in written
    assert parse_term(written) == term
    node = to_rdflib(term)
    assert term_text(node) == written
    assert parse_node(written) == node


def test_many_terms_are_read_at_once_in_their_order() -> None:
    texts = [case.values[0] for case in CASES]
    terms = [case.values[1] for case in CASES]
    assert parse_terms(texts) == terms
    assert parse_terms(reversed(texts)) == terms[::-1]
    assert parse_terms([]) == []


@pytest.mark.parametrize("text", REFUSED.values(), ids=REFUSED.keys())
def test_a_text_that_is_not_one_term_is_refused(text: str) -> None:
    with pytest.raises(SyntaxError):
        parse_term(text)
    # Among good terms too: no text may take another's place or add one.
    with pytest.raises(SyntaxError):
        parse_terms(["<urn:case:before>", text, "<urn:case:after>"])
