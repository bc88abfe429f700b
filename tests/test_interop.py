"""Importers of the field's formats (docs/interop.md): the data they write validates, keeps
who claims and who reports, and bad input fails with one line naming the file and position.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from xml.etree import ElementTree

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, RDFS
from typer.testing import CliRunner

from claimgraph.analysis.run import analyze_facts
from claimgraph.cli import app
from claimgraph.corpus.files import make_corpus
from claimgraph.corpus.loading import load_corpus
from claimgraph.facts.model import extract_facts
from claimgraph.interop import import_files
from claimgraph.interop.semantics import grounded_with_link_attacks
from claimgraph.interop.writer import write_documents
from claimgraph.rdf.namespace import ANCHOR, CG, CLAIM, LINK, SCHEMA
from claimgraph.validate.validation import validate_corpus

ROOT = Path(__file__).resolve().parents[1]
INTEROP = ROOT / "tests" / "data" / "interop"


def imported(fmt: str, paths: list[Path], out: Path) -> Dataset:
    """Import ``paths`` into ``out`` and return the written documents as one dataset."""
    write_documents(import_files(fmt, paths), out)
    dataset = Dataset(default_union=True)
    for trig in sorted(out.glob("*/*.trig")):
        dataset.parse(trig, format="trig")
    return dataset


def assert_valid(out: Path) -> None:
    report = validate_corpus(make_corpus([out]))
    problems = [f"{r.focus} {r.source_shape} {r.message}" for r in report.results]
    assert not report.has_violations, "\n".join(problems)


# --- AIF -----------------------------------------------------------------------------------


def test_aif_6064_keeps_every_speaker_as_claimant(tmp_path: Path) -> None:
    source = INTEROP / "aif" / "6064-original.json"
    data = json.loads(source.read_text())
    kinds = {n["nodeID"]: n["type"] for n in data["nodes"]}
    out_of: dict[str, list[str]] = defaultdict(list)
    for edge in data["edges"]:
        out_of[edge["fromID"]].append(edge["toID"])
    # The speakers the file itself gives for each I-node: L -> YA -> I, speaker by locution.
    expected: dict[str, set[str]] = defaultdict(set)
    for locution in data["locutions"]:
        for ya in out_of[locution["nodeID"]]:
            for target in out_of[ya]:
                if kinds[ya] == "YA" and kinds[target] == "I":
                    expected[target].add(f"AIFdb person {locution['personID']}")
    assert len({p for persons in expected.values() for p in persons}) == 2
    dataset = imported("aif", [source], tmp_path)
    found: dict[str, set[str]] = defaultdict(set)
    for claim in dataset.subjects(RDF.type, CG.Claim):
        key = str(dataset.value(claim, DCTERMS.identifier))
        for actor in dataset.objects(claim, CG.claimant):
            found[key] |= {str(a) for a in dataset.objects(actor, CG.alias)}
        # The analyst reports; the speaker claims.
        assert dataset.value(claim, CG.mode) == CG.ReportedMode
        reporter = dataset.value(claim, CG.reportedBy)
        assert reporter not in set(dataset.objects(claim, CG.claimant))
    assert {k: v for k, v in found.items() if v} == dict(expected)
    assert_valid(tmp_path)


def test_aif_ra_nodes_become_supports_and_timestamps_are_kept(tmp_path: Path) -> None:
    source = INTEROP / "aif" / "6064-original.json"
    data = json.loads(source.read_text())
    ra = sum(1 for n in data["nodes"] if n["type"] == "RA")
    dataset = imported("aif", [source], tmp_path)
    assert len(set(dataset.subject_objects(CG.supports))) == ra
    created = {str(o) for o in dataset.objects(None, DCTERMS.created)}
    assert "2014-04-28 15:51:40" in created


def test_aif_reconstructed_map_with_ma_nodes_validates(tmp_path: Path) -> None:
    source = INTEROP / "aif" / "6064-reconstructed.json"
    data = json.loads(source.read_text())
    ma = sum(1 for n in data["nodes"] if n["type"] == "MA")
    dataset = imported("aif", [source], tmp_path)
    assert len(set(dataset.subject_objects(CG.sameProposition))) == ma
    assert_valid(tmp_path)


def test_aif_ca_on_ra_is_an_attack_on_a_link(tmp_path: Path) -> None:
    dataset = imported("aif", [INTEROP / "aif" / "undercut-school-bus.json"], tmp_path)
    links = list(dataset.subjects(RDF.type, CG.SupportLink))
    assert len(links) == 1
    attackers = list(dataset.subjects(CG.attacksLink, links[0]))
    assert [str(dataset.value(a, DCTERMS.identifier)) for a in attackers] == ["4"]
    assert len(set(dataset.subject_objects(CG.attacks))) == 1
    assert_valid(tmp_path)


# --- the command line and bad input ----------------------------------------------------------


def test_import_command_writes_a_data_folder_that_validates(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        app, ["import", "aif", str(INTEROP / "aif" / "6064-original.json"), "-o", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.*")) == [
        "documents/6064-original.trig",
        "shared/6064-original.trig",
        "sources/6064-original.txt",
    ]
    result = runner.invoke(app, ["validate", "--no-store", "--data", str(tmp_path)])
    assert result.exit_code == 0, result.output


def _bad_cases() -> list[tuple[str, Path, str]]:
    cases = json.loads((INTEROP / "bad" / "cases.json").read_text())
    return [(c["format"], INTEROP / "bad" / c["file"], c["expect"]) for c in cases]


@pytest.mark.parametrize(("fmt", "path", "expect"), _bad_cases(), ids=lambda v: str(v))
def test_bad_input_is_one_line_with_file_and_position(fmt: str, path: Path, expect: str) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["import", fmt, str(path), "-o", "/nonexistent-never-written"])
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith(f"error: {path}:"), lines[0]
    line_col = lines[0][len(f"error: {path}:") :].split(":")[:2]
    assert all(part.strip().isdigit() for part in line_col), lines[0]
    assert expect in lines[0]


def test_claim_iri_is_stable(tmp_path: Path) -> None:
    dataset = imported("aif", [INTEROP / "aif" / "6064-original.json"], tmp_path)
    claim = URIRef("https://w3id.org/claimgraph/id/claim/6064-original-29045")
    assert dataset.value(claim, DCTERMS.identifier) == Literal("29045")


# --- arg-microtexts ---------------------------------------------------------------------------

MICROTEXTS = sorted((INTEROP / "microtexts").glob("*.xml"))


def direct_grounded(path: Path) -> set[str]:
    """The grounded extension of a microtext's ADUs under its ``reb`` edges, from the XML
    alone (attacks only; supports, undercuts and linked premises left out)."""
    root = ElementTree.parse(path).getroot()
    adus = {str(a.get("id")) for a in root.iter("adu")}
    attacks = {
        (str(e.get("src")), str(e.get("trg")))
        for e in root.iter("edge")
        if e.get("type") == "reb" and e.get("trg") in adus
    }
    accepted: set[str] = set()
    rejected: set[str] = set()
    changed = True
    while changed:
        changed = False
        for adu in sorted(adus - accepted - rejected):
            attackers = {s for s, t in attacks if t == adu}
            if attackers <= rejected:
                accepted.add(adu)
                changed = True
            elif attackers & accepted:
                rejected.add(adu)
                changed = True
    return accepted


def test_all_112_microtexts_import_validate_and_analyze_takes_undercuts_into_account(
    tmp_path: Path,
) -> None:
    assert len(MICROTEXTS) == 112
    documents = import_files("microtexts", MICROTEXTS)
    write_documents(documents, tmp_path)
    corpus = make_corpus([tmp_path])
    loaded = load_corpus(corpus)
    report = validate_corpus(corpus, loaded=loaded)
    assert not report.has_violations, [str(r.message) for r in report.results][:5]
    analysis = analyze_facts(extract_facts(loaded), semantics=("grounded",))
    recursive = {
        str(CLAIM[f"{document.slug}-{adu}"])
        for document, path in zip(documents, MICROTEXTS, strict=True)
        for adu in recursive_grounded(path)
    }
    attacks_only = {
        str(CLAIM[f"{document.slug}-{adu}"])
        for document, path in zip(documents, MICROTEXTS, strict=True)
        for adu in direct_grounded(path)
    }
    # The analysis flattens attacks on attacks (docs/analysis.md): its grounded extension is
    # the recursive labelling of the XML, not that of the ``reb`` edges alone.
    assert set(analysis.grounded.in_args) - set(analysis.claims) <= analysis.auxiliary
    assert set(analysis.results["grounded"].extensions or ()) == {frozenset(recursive)}
    assert recursive != attacks_only
    # Auxiliary arguments are not claims: the counts are those of the claims.
    assert len(analysis.claims) == sum(len(d.claims) for d in documents)
    assert sum(analysis.counts().values()) == len(analysis.claims)


def test_analyze_command_on_imported_microtexts_equals_the_flattening_of_the_import(
    tmp_path: Path,
) -> None:
    out = tmp_path / "microtexts"
    dataset = imported("microtexts", MICROTEXTS, out)
    result = CliRunner().invoke(
        app, ["analyze", "--data", str(out), "--semantics", "grounded", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    statuses = {entry["claim"]: entry["grounded"] for entry in report["claims"]}
    claims = {str(c) for c in dataset.subjects(CG.reportedIn, None)}
    assert set(statuses) == claims
    assert {c for c, label in statuses.items() if label == "in"} == grounded_with_link_attacks(
        dataset
    )
    assert report["counts"]["claims"] == len(claims)
    assert report["grounded"]["in"] + report["grounded"]["out"] == len(claims)


def test_microtext_undercut_and_linked_premise(tmp_path: Path) -> None:
    # micro_b001: a1 rebuts a5; a3 undercuts that attack (c1); a4 is added to a3 (c4 -> c3).
    dataset = imported("microtexts", [INTEROP / "microtexts" / "micro_b001.xml"], tmp_path)
    c1 = LINK["micro-b001-c1"]
    c3 = LINK["micro-b001-c3"]
    assert (c1, RDF.type, CG.AttackLink) in dataset
    assert dataset.value(c1, CG.linkTarget) == CLAIM["micro-b001-a5"]
    assert set(dataset.subjects(CG.attacksLink, c1)) == {CLAIM["micro-b001-a3"]}
    assert set(dataset.objects(c3, CG.premise)) == {
        CLAIM["micro-b001-a3"],
        CLAIM["micro-b001-a4"],
    }
    # The opponent's voice is the author's reading of another position, not the author's.
    a1 = CLAIM["micro-b001-a1"]
    assert dataset.value(a1, CG.mode) == CG.ImpliedMode
    assert dataset.value(a1, CG.claimant) != dataset.value(a1, CG.reportedBy)


# --- ClaimReview ------------------------------------------------------------------------------


def test_claimreview_is_the_reviewers_claim_never_a_verdict(tmp_path: Path) -> None:
    source = INTEROP / "claimreview" / "politifact-rick-perry.claimreview.jsonld"
    dataset = imported("claimreview", [source], tmp_path)
    rating = CLAIM["politifact-rick-perry-claimreview-rating"]
    reviewed = CLAIM["politifact-rick-perry-claimreview-claim-reviewed"]
    # Rating 1 of 6: the reviewing organisation's claim attacks the reviewed claim.
    assert (rating, CG.attacks, reviewed) in dataset
    assert dataset.value(rating, SCHEMA.ratingValue) == Literal("1")
    assert dataset.value(rating, SCHEMA.bestRating) == Literal("6")
    assert str(dataset.value(rating, SCHEMA.datePublished)) == "2014-07-23"
    reviewer = dataset.value(rating, CG.claimant)
    assert str(dataset.value(reviewer, RDFS.label)) == "www.politifact.com"
    assert dataset.value(reviewed, CG.mode) == CG.ReportedMode
    assert str(dataset.value(dataset.value(reviewed, CG.claimant), RDFS.label)) == "Rich Perry"
    # Nothing about the reviewed claim is said in the graph's own voice: every claim has a
    # claimant, and the rating is only on the reviewer's claim.
    assert set(dataset.subjects(SCHEMA.reviewRating, None)) == {rating}
    assert_valid(tmp_path)


def test_claimreview_graph_with_supporting_and_mixed_ratings(tmp_path: Path) -> None:
    dataset = imported(
        "claimreview", [INTEROP / "claimreview" / "bus-timetable-reviews.jsonld"], tmp_path
    )
    assert (
        CLAIM["bus-timetable-reviews-1-rating"],
        CG.supports,
        CLAIM["bus-timetable-reviews-1-claim-reviewed"],
    ) in dataset
    # "Half true", 3 of 1..5: recorded, neither attack nor support.
    second = CLAIM["bus-timetable-reviews-2-rating"]
    assert (
        set(dataset.objects(second, CG.attacks)) | set(dataset.objects(second, CG.supports))
        == set()
    )
    assert_valid(tmp_path)


# --- round trips: import -> export -> import gives an isomorphic graph ------------------------


def _graphs(folder: Path) -> dict[str, Graph]:
    graphs = {}
    for trig in sorted(folder.glob("*/*.trig")):
        dataset = Dataset()
        dataset.parse(trig, format="trig")
        graph = Graph()
        for s, p, o, _g in dataset.quads((None, None, None, None)):
            graph.add((s, p, o))
        graphs[trig.relative_to(folder).as_posix()] = graph
    return graphs


def _export(fmt: str, data: Path, out: Path) -> None:
    result = CliRunner().invoke(
        app, ["export-format", fmt, "--quiet", "--data", str(data), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output


ROUND_TRIPS = [
    (
        "aif",
        ["aif/6064-original.json", "aif/6064-reconstructed.json", "aif/undercut-school-bus.json"],
        "*.json",
    ),
    (
        "microtexts",
        ["microtexts/micro_b001.xml", "microtexts/micro_k031.xml", "microtexts/micro_d21.xml"],
        "*.xml",
    ),
    ("claimreview", ["claimreview/politifact-rick-perry.claimreview.jsonld"], "*.jsonld"),
    ("webannotation", ["webannotation/bus-annotations.jsonld"], "*.jsonld"),
    ("xaif", ["xaif/xaif.json", "xaif/xaif-empty.json"], "*.json"),
    ("sadface", ["sadface/sadface.json"], "*.json"),
    ("brat", ["brat/evening-bus-essay.ann"], "*.ann"),
    (
        "argdown",
        ["argdown/veggie_debate.argdown", "argdown/parser-mix.argdown", "argdown/intro.argdown"],
        "*.argdown",
    ),
]


@pytest.mark.parametrize(("fmt", "files", "pattern"), ROUND_TRIPS, ids=[r[0] for r in ROUND_TRIPS])
def test_round_trip_is_isomorphic(fmt: str, files: list[str], pattern: str, tmp_path: Path) -> None:
    first, exported, second = tmp_path / "first", tmp_path / "exported", tmp_path / "second"
    write_documents(import_files(fmt, [INTEROP / f for f in files]), first)
    _export(fmt, first, exported)
    write_documents(import_files(fmt, sorted(exported.glob(pattern))), second)
    one, two = _graphs(first), _graphs(second)
    ignored = {DCTERMS.source}  # the exported file's name, not the data
    for name, graph in one.items():
        assert name in two, name
        left = Graph()
        right = Graph()
        for triple in graph:
            if triple[1] not in ignored:
                left.add(triple)
        for triple in two[name]:
            if triple[1] not in ignored:
                right.add(triple)
        assert isomorphic(left, right), name
    assert sorted(two) == sorted(one)


def _ids_words_and_links(
    dataset: Dataset,
) -> tuple[set[tuple[str, str]], set[tuple[str, str, str]]]:
    """Claims as (identifier, words) and direct supports/attacks between identifiers."""
    ident = {c: str(dataset.value(c, DCTERMS.identifier)) for c in dataset.subjects(CG.reportedIn)}
    claims = {(i, " ".join(str(dataset.value(c, RDFS.label)).split())) for c, i in ident.items()}
    links = {
        (str(p), ident[s], ident[t])
        for p in (CG.supports, CG.attacks)
        for s, t in dataset.subject_objects(p)
        if s in ident and t in ident
    }
    return claims, links


def test_argdown_export_of_other_data_keeps_ids_words_and_direct_links(tmp_path: Path) -> None:
    # Data that did not come from Argdown gets a generated map: what Argdown carries (ids,
    # words, direct supports and attacks) survives; undercuts and claimants do not
    # (docs/interop.md). Exporting the re-import gives the same file again.
    files = [INTEROP / "microtexts" / f for f in ("micro_b001.xml", "micro_k031.xml")]
    first = imported("microtexts", files, tmp_path / "first")
    _export("argdown", tmp_path / "first", tmp_path / "exported")
    exported = sorted((tmp_path / "exported").glob("*.argdown"))
    assert [p.name for p in exported] == ["micro-b001.argdown", "micro-k031.argdown"]
    second = imported("argdown", exported, tmp_path / "second")
    assert _ids_words_and_links(second) == _ids_words_and_links(first)
    # The map's author now holds both sides: "shares a claimant" warnings, no violation.
    assert_valid(tmp_path / "second")
    _export("argdown", tmp_path / "second", tmp_path / "again")
    for path in exported:
        assert (tmp_path / "again" / path.name).read_text() == path.read_text()


# --- Web Annotation ---------------------------------------------------------------------------


def test_webannotation_export_of_the_reference_document_opens_at_every_anchor(
    tmp_path: Path, reference_data: Path
) -> None:
    _export("webannotation", reference_data, tmp_path)
    page = json.loads((tmp_path / "annotations.jsonld").read_text())
    assert page["type"] == "AnnotationPage" and page["items"]
    for note in page["items"]:
        text = (tmp_path / note["target"]["source"]).read_text()
        quote, position = note["target"]["selector"]
        assert text[position["start"] : position["end"]] == quote["exact"]
        assert text[: position["start"]].endswith(quote["prefix"])
        assert text[position["end"] :].startswith(quote["suffix"])


def test_webannotation_import_uses_the_quote_when_offsets_are_absent(tmp_path: Path) -> None:
    dataset = imported(
        "webannotation", [INTEROP / "webannotation" / "bus-annotations.jsonld"], tmp_path
    )
    anchor = ANCHOR["bus-timetable-bus-eight"]
    assert str(dataset.value(anchor, CG.exact)) == "the bus leaves at eight"
    assert dataset.value(anchor, CG.start).toPython() == 91  # type: ignore[union-attr]
    assert_valid(tmp_path)


# --- xAIF and SADFace -------------------------------------------------------------------------


def test_xaif_keeps_the_participant_as_claimant(tmp_path: Path) -> None:
    dataset = imported("xaif", [INTEROP / "xaif" / "xaif.json"], tmp_path)
    claimants = {str(dataset.value(a, RDFS.label)) for a in dataset.objects(None, CG.claimant)}
    assert claimants == {"Participant Rachel"}
    assert len(set(dataset.subject_objects(CG.supports))) == 1
    assert_valid(tmp_path)


def test_empty_xaif_is_a_document_without_claims(tmp_path: Path) -> None:
    dataset = imported("xaif", [INTEROP / "xaif" / "xaif-empty.json"], tmp_path)
    assert len(list(dataset.subjects(RDF.type, CG.SourceDocument))) == 1
    assert list(dataset.subjects(RDF.type, CG.Claim)) == []
    assert_valid(tmp_path)


def test_sadface_support_and_conflict(tmp_path: Path) -> None:
    dataset = imported("sadface", [INTEROP / "sadface" / "sadface.json"], tmp_path)
    # One support scheme with two atoms before it: a linked argument, two premises.
    (link,) = dataset.subjects(RDF.type, CG.SupportLink)
    assert len(set(dataset.objects(link, CG.premise))) == 2
    assert len(set(dataset.subject_objects(CG.attacks))) == 1
    reporter = {str(dataset.value(a, RDFS.label)) for a in dataset.objects(None, CG.reportedBy)}
    assert reporter == {"Simon Wells"}
    assert_valid(tmp_path)


# --- brat -------------------------------------------------------------------------------------


def test_brat_offsets_become_quote_anchors(tmp_path: Path) -> None:
    dataset = imported("brat", [INTEROP / "brat" / "evening-bus-essay.ann"], tmp_path)
    text = (INTEROP / "brat" / "evening-bus-essay.txt").read_text()
    anchors = list(dataset.subjects(RDF.type, CG.QuoteAnchor))
    assert len(anchors) == 4
    for anchor in anchors:
        start = int(dataset.value(anchor, CG.start).toPython())  # type: ignore[union-attr]
        end = int(dataset.value(anchor, CG.end).toPython())  # type: ignore[union-attr]
        assert text[start:end] == str(dataset.value(anchor, CG.exact))
    assert len(set(dataset.subject_objects(CG.supports))) == 2
    assert len(set(dataset.subject_objects(CG.attacks))) == 1
    assert_valid(tmp_path)


# --- Argdown ----------------------------------------------------------------------------------


def test_argdown_examples_import_and_validate(tmp_path: Path) -> None:
    files = sorted((INTEROP / "argdown").glob("*.argdown"))
    dataset = imported("argdown", files, tmp_path)
    assert len(list(dataset.subjects(RDF.type, CG.SourceDocument))) == len(files)
    assert_valid(tmp_path)


def test_argdown_relations_and_anchors(tmp_path: Path) -> None:
    dataset = imported("argdown", [INTEROP / "argdown" / "veggie_debate.argdown"], tmp_path)
    fleisch_ok = CLAIM["veggie-debate-fleisch-ok"]
    assert str(dataset.value(fleisch_ok, RDFS.label)).startswith("Es gibt Fleisch")
    # "[Fleisch-OK] - [Strikt-Veggie]": Strikt-Veggie attacks Fleisch-OK, and "->" back.
    strikt = CLAIM["veggie-debate-strikt-veggie"]
    assert (strikt, CG.attacks, fleisch_ok) in dataset
    assert (fleisch_ok, CG.attacks, strikt) in dataset
    assert (CLAIM["veggie-debate-alles-esser"], CG.supports, fleisch_ok) in dataset


# --- attacks on attacks: grounded semantics by flattening ------------------------------------


def recursive_grounded(path: Path) -> set[str]:
    """Grounded labelling straight on a microtext's recursive graph (no flattening): an
    edge holds when all its sources (``add`` included) are in and none of its attackers
    (``und``) is in; it fails when a source is out or an attacker is in. An ADU is in when
    every ``reb`` edge at it fails, out when one holds. Supports take no part."""
    root = ElementTree.parse(path).getroot()
    adus = {str(a.get("id")) for a in root.iter("adu")}
    edges = {
        str(e.get("id")): (str(e.get("src")), str(e.get("trg")), str(e.get("type")))
        for e in root.iter("edge")
    }
    sources = {i: [s] for i, (s, _t, k) in edges.items() if k in ("reb", "und")}
    for _i, (s, t, k) in edges.items():
        if k == "add" and t in sources:
            sources[t].append(s)
    undercuts = {
        i: [u for u, (_s, t, k) in edges.items() if k == "und" and t == i] for i in sources
    }
    status: dict[str, bool] = {}  # ADU or edge id -> in/holds (True) or out/fails (False)
    changed = True
    while changed:
        changed = False
        for edge, srcs in sources.items():
            if edge in status:
                continue
            srcs_in = all(status.get(s) is True for s in srcs)
            cut_in = any(status.get(u) is True for u in undercuts[edge])
            cuts_fail = all(status.get(u) is False for u in undercuts[edge])
            if any(status.get(s) is False for s in srcs) or cut_in:
                status[edge] = False
                changed = True
            elif srcs_in and cuts_fail:
                status[edge] = True
                changed = True
        for adu in adus - set(status):
            at = [e for e, (_s, t, k) in edges.items() if k == "reb" and t == adu]
            if any(status.get(e) is True for e in at):
                status[adu] = False
                changed = True
            elif all(status.get(e) is False for e in at):
                status[adu] = True
                changed = True
    return {a for a in adus if status.get(a) is True}


def test_grounded_with_undercuts_matches_the_recursive_labelling_from_the_xml(
    tmp_path: Path,
) -> None:
    documents = import_files("microtexts", MICROTEXTS)
    write_documents(documents, tmp_path)
    dataset = Dataset(default_union=True)
    for trig in sorted((tmp_path / "documents").glob("*.trig")):
        dataset.parse(trig, format="trig")
    found = grounded_with_link_attacks(dataset)
    expected = {
        str(CLAIM[f"{document.slug}-{adu}"])
        for document, path in zip(documents, MICROTEXTS, strict=True)
        for adu in recursive_grounded(path)
    }
    assert found == expected
    # Undercuts matter: without them the grounded extension differs on this corpus.
    attacks_only = {
        str(CLAIM[f"{document.slug}-{adu}"])
        for document, path in zip(documents, MICROTEXTS, strict=True)
        for adu in direct_grounded(path)
    }
    assert found != attacks_only


def _grounded_words(out: Path) -> dict[str, str]:
    result = CliRunner().invoke(
        app, ["analyze", "--data", str(out), "--semantics", "grounded", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    return {
        e["claim"].rsplit("-", 1)[-1]: e["grounded"] for e in json.loads(result.stdout)["claims"]
    }


def test_analyze_an_accepted_attack_on_an_attack_removes_it_and_one_on_a_support_does_not(
    tmp_path: Path,
) -> None:
    # undercut-school-bus: I-node 4 undercuts the support 2 -> 1 (RA 3), and 6 attacks 1
    # (CA 7), unattacked. attack-on-a-conflict-school-bus adds 10, which attacks CA 7.
    imported("aif", [INTEROP / "aif" / "undercut-school-bus.json"], tmp_path / "support")
    imported("aif", [INTEROP / "aif" / "attack-on-a-conflict-school-bus.json"], tmp_path / "attack")
    on_support = _grounded_words(tmp_path / "support")
    on_attack = _grounded_words(tmp_path / "attack")
    # An undercut of a support changes no status: 6 still defeats 1.
    assert on_support == {"1": "out", "2": "in", "4": "in", "6": "in"}
    # 10 is in and attacks the attack 6 -> 1, which no longer holds: 1 is in, 6 stays in; the
    # auxiliary arguments (the attack itself, its premise not accepted) are no claims.
    assert on_attack == {"1": "in", "2": "in", "4": "in", "6": "in", "10": "in"}


@pytest.mark.parametrize("command", ["import", "export-format"])
def test_interop_commands_have_help_with_an_example(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example: claimgraph" in result.stdout


def test_unknown_formats_are_usage_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        app, ["import", "kialo", str(INTEROP / "README.md"), "-o", str(tmp_path)]
    )
    assert result.exit_code == 2 and "unknown import format" in result.output
    result = runner.invoke(app, ["export-format", "kialo", "-o", str(tmp_path)])
    assert result.exit_code == 2 and "unknown export format" in result.output
