"""The reference document's data, read straight from the TriG files with rdflib.

These tests check the data against its source text and against the analysis of the text
(which claims exist, who holds them, what attacks and supports what). They do not need
the ontology or the loader: they read ``data/**/*.trig`` and the text file directly.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib import namespace as rdfns
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from claimgraph.rdf.namespace import ACTOR, CG, DOC, GRAPH, PLACE

from .conftest import REFERENCE_DATA

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SLUG = "artsakh-mfa-statement-on-hajiyev-remarks"
TEXT_FILE = DATA / "sources" / f"{SLUG}.txt"
SHARED_TEXT_FILE = ROOT.parent / "shared" / "sources" / f"{SLUG}.txt"
DOC_IRI = DOC[SLUG]
DOC_GRAPH = GRAPH[f"doc/{SLUG}"]
CONTEXT_GRAPH = GRAPH["context"]
SHARED_GRAPH = GRAPH["shared"]

TRIG_FILES = [DATA / name for name in REFERENCE_DATA if name.endswith(".trig")]

# Facts the text does not give; they may appear only in the context graph.
CONTEXT_ONLY_DATES: set[tuple[str, URIRef]] = {
    ("2022-12-12", rdfns.XSD.date),  # start of the blockade
    ("2023-02-22", rdfns.XSD.date),  # the ICJ order
    ("2023-01", rdfns.XSD.gYearMonth),  # the ICJ hearings
    ("2023", rdfns.XSD.gYear),  # the statement's publication year (inferred)
}


@pytest.fixture(scope="module")
def text() -> str:
    return TEXT_FILE.read_bytes().decode("utf-8")


@pytest.fixture(scope="module")
def ds() -> Dataset:
    assert TRIG_FILES, "no TriG files found under data/"
    dataset = Dataset(default_union=True)
    for path in TRIG_FILES:
        dataset.parse(path, format="trig")
    return dataset


def quads(ds: Dataset) -> Iterator[tuple[Node, Node, Node, Node]]:
    for s, p, o, g in ds.quads((None, None, None, None)):
        assert g is not None, (s, p, o)
        yield s, p, o, g


def literal(ds: Dataset, subject: Node, predicate: URIRef) -> Literal:
    value = ds.value(subject, predicate)
    assert isinstance(value, Literal), f"{subject} has no literal {predicate}"
    return value


def iri_values(ds: Dataset, subject: Node, predicate: URIRef) -> set[URIRef]:
    return {o for o in ds.objects(subject, predicate) if isinstance(o, URIRef)}


# --- the text -------------------------------------------------------------------------


def test_text_file_is_byte_identical_to_the_shared_source() -> None:
    if not SHARED_TEXT_FILE.exists():
        pytest.skip(f"shared source {SHARED_TEXT_FILE} is absent; nothing to compare with")
    assert TEXT_FILE.read_bytes() == SHARED_TEXT_FILE.read_bytes()


def test_document_checksum_and_text_file(ds: Dataset) -> None:
    assert (DOC_IRI, RDF.type, CG.SourceDocument, DOC_GRAPH) in ds
    assert (DOC_GRAPH, RDF.type, CG.DocumentGraph, DOC_GRAPH) in ds
    assert (DOC_GRAPH, CG.graphOf, DOC_IRI, DOC_GRAPH) in ds
    assert str(literal(ds, DOC_IRI, CG.textFile)) == f"sources/{SLUG}.txt"
    sha = hashlib.sha256(TEXT_FILE.read_bytes()).hexdigest()
    assert str(literal(ds, DOC_IRI, CG.textSha256)) == sha
    assert (DOC_IRI, CG.author, ACTOR["artsakh-mfa"]) in ds


# --- graph hygiene --------------------------------------------------------------------


def test_no_blank_nodes(ds: Dataset) -> None:
    blanks = [q for q in quads(ds) if any(isinstance(t, BNode) for t in q)]
    assert not blanks


def test_every_cg_term_is_in_the_namespace_module(ds: Dataset) -> None:
    ns = str(CG._NS)
    known = set(CG.__annotations__)
    unknown = {
        str(t)
        for q in quads(ds)
        for t in q
        if isinstance(t, URIRef) and str(t).startswith(ns) and str(t)[len(ns) :] not in known
    }
    assert not unknown


def test_data_lives_in_the_three_kinds_of_named_graph(ds: Dataset) -> None:
    graphs = {g for *_, g in quads(ds)}
    assert graphs == {DOC_GRAPH, SHARED_GRAPH, CONTEXT_GRAPH}
    assert (SHARED_GRAPH, RDF.type, CG.SharedGraph, SHARED_GRAPH) in ds
    assert (CONTEXT_GRAPH, RDF.type, CG.ContextGraph, CONTEXT_GRAPH) in ds


# --- anchors --------------------------------------------------------------------------


def test_every_anchor_matches_the_text(ds: Dataset, text: str) -> None:
    anchors = set(ds.subjects(RDF.type, CG.QuoteAnchor))
    assert anchors
    for anchor in anchors:
        exact = literal(ds, anchor, CG.exact)
        start = int(literal(ds, anchor, CG.start))
        end = int(literal(ds, anchor, CG.end))
        prefix = literal(ds, anchor, CG.prefix)
        suffix = literal(ds, anchor, CG.suffix)
        for lit in (exact, prefix, suffix):
            assert lit.language is None and lit.datatype in (None, rdfns.XSD.string), anchor
        assert (anchor, CG.inDocument, DOC_IRI) in ds, anchor
        assert text[start:end] == str(exact), anchor
        assert str(prefix) == text[max(0, start - 32) : start], anchor
        assert str(suffix) == text[end : end + 32], anchor


def test_every_anchor_is_used(ds: Dataset) -> None:
    for anchor in ds.subjects(RDF.type, CG.QuoteAnchor):
        assert any(True for _ in ds.subjects(CG.anchor, anchor)), anchor


def test_source_typos_are_kept_and_aliases_find_them(ds: Dataset) -> None:
    exacts = [str(o) for o in ds.objects(None, CG.exact)]
    assert any("Lachine Corridor" in e for e in exacts)
    assert any("responsibprimaryy" in e for e in exacts)
    assert (PLACE["lachin-corridor"], CG.alias, Literal("Lachine Corridor")) in ds


def test_context_only_dates_stay_in_the_context_graph(ds: Dataset) -> None:
    found: set[tuple[str, URIRef]] = set()
    for s, _p, o, g in quads(ds):
        if not isinstance(o, Literal):
            continue
        key = (str(o), o.datatype) if o.datatype is not None else (str(o), rdfns.XSD.string)
        if key in CONTEXT_ONLY_DATES:
            assert g == CONTEXT_GRAPH, f"{s} carries context-only date {o} in {g}"
            assert ds.value(s, CG.contextSource) is not None, s
            found.add(key)
        elif g != CONTEXT_GRAPH:
            assert "2022-12-12" not in str(o) and "2023-02-22" not in str(o), s
    assert found == CONTEXT_ONLY_DATES


# --- claims ---------------------------------------------------------------------------

AZ = ACTOR["azerbaijan"]
MFA = ACTOR["artsakh-mfa"]
STATES = ACTOR["representatives-of-individual-states"]


@dataclass(frozen=True)
class Expected:
    label: str  # a substring of the claim's rdfs:label
    claimant: URIRef
    mode: URIRef
    speech_act: URIRef


EXPECTED: dict[str, Expected] = {
    "A1": Expected("conflict has been resolved", AZ, CG.ReportedMode, CG.Assertion),
    "A2": Expected("is no longer on the international agenda", AZ, CG.ReportedMode, CG.Assertion),
    "A3": Expected("has left the international agenda", AZ, CG.ReportedMode, CG.Assertion),
    "A4": Expected("present it as a solution", AZ, CG.ImpliedMode, CG.Assertion),
    "A5": Expected("Rejecting the global dialogue mechanism", AZ, CG.ImpliedMode, CG.Rejection),
    "A6": Expected("present it as an internal problem", AZ, CG.ImpliedMode, CG.Assertion),
    "A7": Expected("Azerbaijan opposes the involvement", AZ, CG.ImpliedMode, CG.Rejection),
    "A8": Expected("has not fully withdrawn", AZ, CG.ReportedMode, CG.Accusation),
    "A9": Expected("supply Artsakh with arms", AZ, CG.ReportedMode, CG.Accusation),
    "A10": Expected("campaign against the Artsakh Defense Army", AZ, CG.ImpliedMode, CG.Accusation),
    "A11": Expected("the Lachin Corridor is open", AZ, CG.ReportedMode, CG.Assertion),
    "R1": Expected("is not fixed and needs", STATES, CG.ReportedMode, CG.Assertion),
    "M1": Expected("The claims of the Azerbaijani side", MFA, CG.DirectMode, CG.Denial),
    "M2": Expected("has been repeatedly stated", MFA, CG.DirectMode, CG.Assertion),
    "M3": Expected("UN Security Council", MFA, CG.DirectMode, CG.Assertion),
    "M4": Expected("military force prevailed", MFA, CG.DirectMode, CG.Characterisation),
    "M5": Expected("the illegal use of force", MFA, CG.DirectMode, CG.Characterisation),
    "M6": Expected("only through negotiations", MFA, CG.DirectMode, CG.Conviction),
    "M7": Expected("avoid implementing possible agreements", MFA, CG.DirectMode, CG.Accusation),
    "M8": Expected("the only way to guarantee", MFA, CG.DirectMode, CG.Assertion),
    "M9": Expected("categorically rejects", MFA, CG.DirectMode, CG.Rejection),
    "M10": Expected("free ethnic cleansing", MFA, CG.DirectMode, CG.Accusation),
    "M11": Expected("criminal plan", MFA, CG.DirectMode, CG.Accusation),
    "M12": Expected("Such claims are untrue", MFA, CG.DirectMode, CG.Denial),
    "M13": Expected("intended to justify the blockade", MFA, CG.DirectMode, CG.Accusation),
    "M14": Expected("Defense Army made up of residents", MFA, CG.DirectMode, CG.Emphasis),
    "M15": Expected("Baku seeks to deprive", MFA, CG.DirectMode, CG.Accusation),
    "M16": Expected("Lachin Corridor is open are false", MFA, CG.DirectMode, CG.Denial),
    "M17": Expected("present all its arguments", MFA, CG.DirectMode, CG.Assertion),
    "M18": Expected("obliged Azerbaijan to guarantee", MFA, CG.DirectMode, CG.Assertion),
    "M19": Expected("legally binding", MFA, CG.DirectMode, CG.Reminder),
}

# (rebuttal, attacked claims, attack kind)
ATTACKS: dict[str, tuple[set[str], URIRef]] = {
    "M1": ({"A1", "A2"}, CG.DenialAttack),
    "M2": ({"A1"}, CG.CounterEvidenceAttack),
    "M3": ({"A3"}, CG.CounterEvidenceAttack),
    "M4": ({"A4"}, CG.MotiveAttack),
    "M7": ({"A5"}, CG.MotiveAttack),
    "M9": ({"A6"}, CG.DenialAttack),
    "M11": ({"A7"}, CG.MotiveAttack),
    "M12": ({"A8", "A9"}, CG.DenialAttack),
    "M13": ({"A8", "A9"}, CG.MotiveAttack),
    "M14": ({"A10"}, CG.DenialAttack),
    "M15": ({"A10"}, CG.MotiveAttack),
    "M16": ({"A11"}, CG.DenialAttack),
    "M18": ({"A11"}, CG.CounterEvidenceAttack),
}

SUPPORTS: set[tuple[str, str]] = {
    ("M2", "M1"),
    ("M5", "M4"),
    ("M10", "M11"),
    ("M17", "M18"),
    ("M18", "M16"),
    ("M19", "M18"),
}

# (citing claim, cited authority, intent)
CITATIONS: set[tuple[str, str, URIRef]] = {
    ("M2", "actor/osce-minsk-group-co-chairing-countries", CG.AsEvidence),
    ("M3", "authority/un-security-council", CG.AsEvidence),
    ("M3", "authority/un-security-council", CG.AsAuthority),
    ("M4", "authority/international-law", CG.AsAuthority),
    ("M6", "authority/international-law", CG.AsAuthority),
    ("M14", "authority/tripartite-declaration-2020-11-09", CG.AsAuthority),
    ("M17", "authority/international-court-of-justice", CG.AsEvidence),
    ("M18", "authority/international-court-of-justice", CG.AsAuthority),
    ("M19", "authority/international-court-of-justice", CG.AsAuthority),
}


def claims(ds: Dataset) -> set[URIRef]:
    found = set(ds.subjects(RDF.type, CG.Claim)) | set(ds.subjects(RDF.type, CG.Rebuttal))
    return {c for c in found if isinstance(c, URIRef)}


@pytest.fixture(scope="module")
def by_key(ds: Dataset) -> dict[str, URIRef]:
    result: dict[str, URIRef] = {}
    for key, exp in EXPECTED.items():
        hits = [
            c
            for c in claims(ds)
            if exp.label in str(ds.value(c, RDFS.label))
            and exp.claimant in iri_values(ds, c, CG.claimant)
        ]
        assert len(hits) == 1, f"{key}: {len(hits)} claims match {exp.label!r}"
        result[key] = hits[0]
    return result


def test_every_claim_of_the_analysis_exists(ds: Dataset, by_key: dict[str, URIRef]) -> None:
    assert len(set(by_key.values())) == len(EXPECTED)
    for key, exp in EXPECTED.items():
        claim = by_key[key]
        assert (claim, CG.mode, exp.mode, DOC_GRAPH) in ds, key
        assert (claim, CG.speechAct, exp.speech_act, DOC_GRAPH) in ds, key


def test_every_claim_is_complete_and_anchored(ds: Dataset, text: str) -> None:
    all_claims = claims(ds)
    assert len(all_claims) >= len(EXPECTED)
    for claim in all_claims:
        assert (claim, RDF.type, CG.Claim, DOC_GRAPH) in ds, claim
        assert (claim, CG.reportedIn, DOC_IRI) in ds, claim
        assert (claim, CG.reportedBy, MFA) in ds, claim
        for prop in (RDFS.label, CG.claimant, CG.mode, CG.speechAct, CG.anchor):
            assert ds.value(claim, prop) is not None, (claim, prop)
        anchors = iri_values(ds, claim, CG.anchor)
        assert all((a, RDF.type, CG.QuoteAnchor) in ds for a in anchors), claim
        label = str(ds.value(claim, RDFS.label))
        # Labels are the source's words: every "..."-separated piece is in the text.
        assert all(piece.strip() in text for piece in label.split("...")), claim
        if (claim, CG.mode, CG.DirectMode) in ds:
            assert iri_values(ds, claim, CG.claimant) == {MFA}, claim


def test_attacks(ds: Dataset, by_key: dict[str, URIRef]) -> None:
    rebuttals = {c for c in claims(ds) if any(True for _ in ds.objects(c, CG.attacks))}
    assert rebuttals == {by_key[k] for k in ATTACKS}
    for key, (targets, kind) in ATTACKS.items():
        claim = by_key[key]
        assert (claim, RDF.type, CG.Rebuttal) in ds, key
        assert iri_values(ds, claim, CG.attacks) == {by_key[t] for t in targets}, key
        assert iri_values(ds, claim, CG.attackKind) == {kind}, key


def test_supports_and_same_proposition(ds: Dataset, by_key: dict[str, URIRef]) -> None:
    for source, target in SUPPORTS:
        assert (by_key[source], CG.supports, by_key[target]) in ds, (source, target)
    assert (by_key["A3"], CG.sameProposition, by_key["A2"]) in ds


def test_citations(ds: Dataset, by_key: dict[str, URIRef]) -> None:
    found: set[tuple[str, str, URIRef]] = set()
    keys = {v: k for k, v in by_key.items()}
    base = "https://w3id.org/claimgraph/id/"
    for citation in ds.subjects(RDF.type, CG.Citation):
        citing = ds.value(citation, CG.citingClaim)
        authority = ds.value(citation, CG.citedAuthority)
        intent = ds.value(citation, CG.citationIntent)
        assert isinstance(citing, URIRef) and isinstance(authority, URIRef), citation
        assert isinstance(intent, URIRef), citation
        if citing in keys:
            found.add((keys[citing], str(authority).removeprefix(base), intent))
    assert found >= CITATIONS


def test_lachin_corridor_is_found_under_both_spellings(ds: Dataset) -> None:
    corridor = PLACE["lachin-corridor"]
    names = {str(o) for o in ds.objects(corridor, RDFS.label)} | {
        str(o) for o in ds.objects(corridor, CG.alias)
    }
    exacts_about_corridor = {
        str(ds.value(a, CG.exact))
        for c in ds.subjects(CG.about, corridor)
        for a in ds.objects(c, CG.anchor)
    }
    for spelling in ("Lachin Corridor", "Lachine Corridor"):
        assert spelling in names
        assert any(spelling in e for e in exacts_about_corridor), spelling
