"""``claimgraph analyze``: projections, semantics on the claim graph, explanations, metrics,
the RDF results graph, neutral words, the command line, and a 100,000-claim framework.

The reference document's statuses are compared with ``tests/golden/analysis-reference.json``
(regenerate with ``.venv/bin/python -m tests.test_analysis``, then read the diff). The
small corpora in ``tests/data/analysis/`` state their attack structure in their headers.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import OWL, RDF, RDFS, SKOS, BNode, Dataset, Graph, Literal, URIRef
from typer.testing import CliRunner

from claimgraph.analysis import (
    CGA,
    ArgumentationAnalysis,
    analysis_quads,
    analysis_trig,
    analyze_corpus,
    analyze_facts,
    compute_metrics,
    corpus_digest,
    default_run_id,
    explanation_text,
    pagerank,
    report_json,
    report_text,
    run_date,
    run_info,
    vocabulary_path,
)
from claimgraph.analysis.dung import (
    AnalysisError,
    Label,
    SearchLimit,
    SemanticsLimitExceeded,
    is_complete,
    is_stable,
)
from claimgraph.analysis.projections import actor_network, citation_network, claim_graph
from claimgraph.analysis.report import AnalysisReport, short_name
from claimgraph.analysis.run import LABEL_WORDS, MEANING, SEMANTICS, parse_semantics
from claimgraph.analysis.vocabulary import ANALYSIS_GRAPHS, ANALYSIS_ONTOLOGY
from claimgraph.cli import app
from claimgraph.corpus.files import make_corpus
from claimgraph.corpus.loading import LoadedCorpus, load_corpus
from claimgraph.errors import ClaimgraphError, InputError
from claimgraph.export import ViewFilter, apply_filters, extract_facts, view_data
from claimgraph.facts.model import ClaimFact, Facts, LinkFact
from claimgraph.query.engine import Engine, QueryEngine
from claimgraph.query.results import to_tsv
from claimgraph.rdf.namespace import ACTOR, CLAIM, GRAPH

from .conftest import DATA, ROOT, TESTS

ANALYSIS_DATA = DATA / "analysis"
MUTUAL = ANALYSIS_DATA / "mutual-rebuttal.trig"
ODD_CYCLE = ANALYSIS_DATA / "odd-cycle.trig"
HOSTILE = DATA / "export" / "hostile-labels.trig"
GOLDEN = TESTS / "golden"
REFERENCE_GOLDEN = GOLDEN / "analysis-reference.json"
STATUS_GOLDEN = GOLDEN / "analysis-status-reference.tsv"
DATE = datetime(2024, 3, 1, tzinfo=UTC)

# Verdict words no output of the tool's own may use (source quotes may: "are false").
VERDICT = re.compile(r"\b(true|false|won|lost|wins|loses|win|lose|winner|loser)\b", re.I)


def _value(term: object) -> str:
    """The IRI or lexical form of an Oxigraph term."""
    assert isinstance(term, ox.NamedNode | ox.Literal)
    return term.value


def _claim(slug: str) -> str:
    return str(CLAIM[slug])


def _loaded(*paths: Path) -> LoadedCorpus:
    return load_corpus(make_corpus(list(paths)))


def _count(loaded: LoadedCorpus, text: str) -> int:
    result = QueryEngine(loaded, Engine.OXIGRAPH).query(text, {}, "test")
    value = result.rows[0][0]
    assert isinstance(value, Literal)
    return int(value)


@pytest.fixture(scope="module")
def reference(project_loaded: LoadedCorpus) -> AnalysisReport:
    return analyze_corpus(project_loaded)


@pytest.fixture(scope="module")
def mutual() -> AnalysisReport:
    return analyze_corpus(_loaded(MUTUAL))


@pytest.fixture(scope="module")
def odd() -> AnalysisReport:
    return analyze_corpus(_loaded(ODD_CYCLE))


# --------------------------------------------------------------------------------------------
# The vocabulary
# --------------------------------------------------------------------------------------------


def _vocabulary() -> Graph:
    return Graph().parse(vocabulary_path(), format="turtle")


def test_vocabulary_and_namespace_are_in_step() -> None:
    graph = _vocabulary()
    ns = str(CGA._NS)
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual)
    declared = {
        str(s)[len(ns) :]
        for kind in kinds
        for s in graph.subjects(RDF.type, kind)
        if str(s).startswith(ns)
    }
    in_namespace = {name for name in CGA.__annotations__ if not name.startswith("_")}
    assert sorted(in_namespace - declared) == []
    assert sorted(declared - in_namespace) == []
    mentioned = {n for t in graph for n in t if isinstance(n, URIRef) and str(n).startswith(ns)}
    assert sorted(str(n)[len(ns) :] for n in mentioned) == sorted(declared)


def test_every_term_has_one_neutral_label_a_definition_and_its_ontology() -> None:
    graph = _vocabulary()
    assert (ANALYSIS_ONTOLOGY, RDF.type, OWL.Ontology) in graph
    for name in CGA.__annotations__:
        if name.startswith("_"):
            continue
        term = URIRef(str(CGA._NS) + name)
        labels = [o for o in graph.objects(term, RDFS.label) if isinstance(o, Literal)]
        definitions = list(graph.objects(term, SKOS.definition))
        assert len(labels) == 1 and labels[0].language == "en", name
        assert len(definitions) == 1, name
        assert set(graph.objects(term, RDFS.isDefinedBy)) == {ANALYSIS_ONTOLOGY}, name
        assert not VERDICT.search(str(labels[0])), name
        if (term, RDF.type, OWL.ObjectProperty) in graph or (
            term,
            RDF.type,
            OWL.DatatypeProperty,
        ) in graph:
            assert len(list(graph.objects(term, RDFS.domain))) == 1, name
            assert len(list(graph.objects(term, RDFS.range))) == 1, name


def test_definitions_say_what_in_means_and_that_it_is_not_truth() -> None:
    graph = _vocabulary()
    for term in (CGA.In, CGA.Grounded):
        definition = str(graph.value(term, SKOS.definition))
        assert "not defeated by anything unattacked in this corpus" in definition
        assert "says nothing about truth" in definition
    for term in (CGA.Out, CGA.ClaimStatus, CGA.credulouslyAccepted, CGA.scepticallyAccepted):
        assert "says nothing about" in str(graph.value(term, SKOS.definition)), term


def test_vocabulary_is_not_loaded_with_the_core_ontology() -> None:
    # Its terms are not linked into the core (they describe a computation), so the
    # project's ontology load, its hygiene shapes and `ontology check` never see it.
    corpus = make_corpus()
    assert vocabulary_path().resolve() not in {p.resolve() for p in corpus.ontology_files}
    assert not list((ROOT / "ontology").rglob("analysis.ttl"))


# --------------------------------------------------------------------------------------------
# Projections
# --------------------------------------------------------------------------------------------


def test_claim_graph_counts_equal_the_sparql_counts(project_loaded: LoadedCorpus) -> None:
    facts = extract_facts(project_loaded)
    graph = claim_graph(facts)
    kinds = Counter(kind for _, _, kind in graph.edges(data="kind"))
    attacks = _count(
        project_loaded,
        "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?a ?b { ?a "
        "<https://w3id.org/claimgraph/ontology#attacks> ?b } }",
    )
    supports = _count(
        project_loaded,
        "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?a ?b { ?a "
        "<https://w3id.org/claimgraph/ontology#supports> ?b } }",
    )
    claims = _count(
        project_loaded,
        "PREFIX cg: <https://w3id.org/claimgraph/ontology#> PREFIX rdfs: "
        "<http://www.w3.org/2000/01/rdf-schema#> SELECT (COUNT(DISTINCT ?c) AS ?n) "
        "WHERE { ?c a/rdfs:subClassOf* cg:Claim }",
    )
    assert (attacks, supports, claims) == (16, 7, 32)  # as the README and the text say
    assert kinds == {"attacks": attacks, "supports": supports}
    assert graph.number_of_nodes() == claims
    assert {a["kind"] for _, a in graph.nodes(data=True)} == {"claim", "rebuttal"}
    rebuttals = [n for n, kind in graph.nodes(data="kind") if kind == "rebuttal"]
    assert len(rebuttals) == 13
    edge = graph.edges[
        _claim("artsakh-mfa-hajiyev-corridor-open-false"),
        _claim("artsakh-mfa-hajiyev-lachin-corridor-open"),
        "attacks",
    ]
    assert edge["attack_kind"] == "denial attack"
    node = graph.nodes[_claim("artsakh-mfa-hajiyev-lachin-corridor-open")]
    assert node["claimants"] == str(ACTOR["azerbaijan"])
    assert node["quote"] == "the Lachin Corridor is open"
    assert not any(k.startswith("_") for _, a in graph.nodes(data=True) for k in a)
    # The same claims and links as the argument map that `claimgraph export` draws.
    view = apply_filters(view_data(facts, "argument-map"), ViewFilter())
    assert {n for n, kind in view.nodes(data="kind") if kind != "authority"} == set(graph.nodes)
    assert {(s, t, k) for s, t, k in view.edges(keys=True) if k in ("attacks", "supports")} == set(
        graph.edges(keys=True)
    )
    for node in graph.nodes:
        for name in ("kind", "label", "claimant", "quote", "document"):
            assert graph.nodes[node].get(name) == view.nodes[node].get(name), (node, name)
    with_same = claim_graph(facts, same_proposition=True)
    assert with_same.number_of_edges() == attacks + supports + 1


def test_actor_and_citation_networks_equal_the_export_views(
    project_loaded: LoadedCorpus,
) -> None:
    facts = extract_facts(project_loaded)
    actors = actor_network(facts)
    view = apply_filters(view_data(facts, "actor-network"), ViewFilter())
    assert {(s, t, w) for s, t, w in actors.edges(data="weight")} == {
        (s, t, w) for s, t, w in view.edges(data="weight")
    }
    pairs = _count(
        project_loaded,
        "PREFIX cg: <https://w3id.org/claimgraph/ontology#> SELECT "
        "(COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?r ?c ?x ?y { ?r cg:attacks ?c . "
        "?r cg:claimant ?x . ?c cg:claimant ?y } }",
    )
    assert sum(w for _, _, w in actors.edges(data="weight")) == pairs == 16
    claimants = {a for claim in facts.claims.values() for a in claim.claimants}
    assert set(actors.nodes) == claimants  # actors without edges are nodes too

    citations = citation_network(facts)
    cited = _count(
        project_loaded,
        "PREFIX cg: <https://w3id.org/claimgraph/ontology#> SELECT "
        "(COUNT(DISTINCT ?c) AS ?n) WHERE { ?c cg:citingClaim ?x ; cg:citedAuthority ?a }",
    )
    by_kind: Counter[str] = Counter()
    for source, _, weight in citations.edges(data="weight"):
        by_kind[citations.nodes[source]["kind"]] += weight
    assert by_kind["actor"] == by_kind["claim"] + by_kind["rebuttal"] == cited == 9
    icj = str(URIRef("https://w3id.org/claimgraph/id/authority/international-court-of-justice"))
    assert citations.edges[str(ACTOR["artsakh-mfa"]), icj]["weight"] == 3


# --------------------------------------------------------------------------------------------
# The reference document
# --------------------------------------------------------------------------------------------


def reference_statuses(report: AnalysisReport) -> dict[str, Any]:
    """The golden answer: each claim's statuses and the reason for its grounded label."""
    analysis = report.analysis
    claims: dict[str, Any] = {}
    for claim in sorted(analysis.claims):
        explanation = json.loads(report_json(report, claim=claim))["claim"]["explanation"]
        entry: dict[str, Any] = {
            "claimant": [short_name(a) for a in report.facts.claims[claim].claimants],
            "grounded": LABEL_WORDS[analysis.label(claim)],
            "reason": explanation.pop("reason"),
        }
        entry.update(
            {
                k: [short_name(v) for v in vs]
                for k, vs in explanation.items()
                if vs and isinstance(vs, list)
            }
        )
        if claim in report.facts.merged:
            # cg:sameProposition claims analysed as one argument (the default).
            entry["merged"] = [short_name(c) for c in report.facts.merged[claim]]
        for name in ("complete", "preferred", "stable"):
            acceptance = analysis.acceptance(claim, name)
            entry[name] = "no answer" if acceptance is None else acceptance.words
        claims[short_name(claim)] = entry
    counts = analysis.counts()
    return {
        "meaning": MEANING,
        "grounded": {LABEL_WORDS[label]: n for label, n in counts.items()},
        "extensions": {
            name: None if r.extensions is None else len(r.extensions)
            for name, r in analysis.results.items()
        },
        "claims": claims,
    }


def golden_text(statuses: dict[str, Any]) -> str:
    """``statuses`` as JSON with one line per claim, so that a diff shows what changed."""
    head = {k: v for k, v in statuses.items() if k != "claims"}
    lines = json.dumps(head, indent=2, ensure_ascii=False)[:-2].splitlines()
    lines[-1] += ","
    lines.append('  "claims": {')
    entries = [
        f"    {json.dumps(name)}: {json.dumps(entry, ensure_ascii=False)}"
        for name, entry in statuses["claims"].items()
    ]
    lines.append(",\n".join(entries))
    lines += ["  }", "}"]
    return "\n".join(lines) + "\n"


def test_reference_statuses_match_the_golden_file(reference: AnalysisReport) -> None:
    text = REFERENCE_GOLDEN.read_text(encoding="utf-8")
    assert reference_statuses(reference) == json.loads(text)
    assert golden_text(reference_statuses(reference)) == text


def test_reference_statuses_follow_from_the_attacks(reference: AnalysisReport) -> None:
    # Independently of the golden file: an attacked claim of the Azerbaijani side is out in
    # the grounded labelling iff an unattacked rebuttal attacks it; every unattacked claim
    # is in; the attack graph has no cycle, so nothing is undecided and every semantics has
    # exactly the grounded extension.
    analysis = reference.analysis
    framework = analysis.framework
    unattacked = {c for c in framework if not framework.attackers_of(c)}
    azerbaijan = str(ACTOR["azerbaijan"])
    attacked_az = [
        c
        for c, fact in reference.facts.claims.items()
        if azerbaijan in fact.claimants and framework.attackers_of(c)
    ]
    # 11 attacked records of Azerbaijan's claims; two state the same proposition and are one
    # argument by default (--same-proposition merge).
    assert len(attacked_az) == 10
    for claim in attacked_az:
        by_unattacked = any(a in unattacked for a in framework.attackers_of(claim))
        assert (analysis.label(claim) is Label.OUT) == by_unattacked
        assert by_unattacked
    for claim in unattacked:
        assert analysis.label(claim) is Label.IN
    assert analysis.counts() == {Label.IN: 21, Label.OUT: 10, Label.UNDEC: 0}
    assert nx.is_directed_acyclic_graph(nx.DiGraph(list(framework.attacks)))
    for name in ("complete", "preferred", "stable"):
        assert analysis.results[name].extensions == (analysis.grounded.in_args,)


def test_supports_are_counted_and_do_not_change_any_status(project_loaded: LoadedCorpus) -> None:
    facts = extract_facts(project_loaded)
    with_supports = analyze_facts(facts)
    without = Facts(
        claims=facts.claims,
        links=[link for link in facts.links if link.kind != "supports"],
        labels=facts.labels,
    )
    assert len(with_supports.supports) == 7
    assert analyze_facts(without).results == with_supports.results
    assert with_supports.supporters[_claim("artsakh-mfa-hajiyev-icj-obliged-azerbaijan")] == (
        _claim("artsakh-mfa-hajiyev-icj-decisions-binding"),
        _claim("artsakh-mfa-hajiyev-icj-hearings-arguments"),
    )


def test_reference_metrics(reference: AnalysisReport) -> None:
    metrics = reference.metrics
    mfa, azerbaijan = str(ACTOR["artsakh-mfa"]), str(ACTOR["azerbaijan"])
    # 32 claim records, of which two state one proposition: 31 arguments by default.
    assert (metrics.claims, metrics.attacks, metrics.supports, metrics.citations) == (31, 16, 7, 9)
    assert [(r.actor, r.rebuttals, r.attacks, r.claims_attacked) for r in metrics.rebutters] == [
        (mfa, 13, 16, 10)
    ]
    assert metrics.rebutters[0].actors_rebutted == (azerbaijan,)
    top = metrics.most_attacked[0]
    assert len(top.attackers) == 2 and top.attacking_actors == (mfa,)
    assert {a.actor for a in metrics.authorities} == {mfa}  # Azerbaijan's claims cite nothing
    by_authority = {a.authority.rsplit("/", 1)[1]: a.citations for a in metrics.authorities}
    assert by_authority["international-court-of-justice"] == 3
    assert sum(by_authority.values()) == 9
    assert metrics.centrality[0].actor == azerbaijan  # the most rebutted actor ranks first
    assert metrics.centrality[0].rebutted == 16
    assert metrics.reciprocity == 0.0 and metrics.reciprocal_pairs == ()
    assert abs(sum(c.pagerank for c in metrics.centrality) - 1.0) < 1e-9


# --------------------------------------------------------------------------------------------
# Cycles, explanations, limits
# --------------------------------------------------------------------------------------------


def test_mutual_rebuttal_statuses_and_explanations(mutual: AnalysisReport) -> None:
    analysis = mutual.analysis
    closed, opened = _claim("test-alpha-route-closed"), _claim("test-beta-route-open")
    full, absent = _claim("test-gamma-buses-full"), _claim("test-alpha-drivers-absent")
    printed = _claim("test-gamma-timetable-printed")
    assert {c: analysis.label(c) for c in analysis.claims} == {
        closed: Label.UNDEC,
        opened: Label.UNDEC,
        full: Label.UNDEC,
        absent: Label.OUT,
        printed: Label.IN,
    }
    out = analysis.explanation(absent)
    assert out.label is Label.OUT and getattr(out, "attacker", None) == printed
    undec = analysis.explanation(full)
    assert getattr(undec, "cycle", None) == (opened, closed)
    assert getattr(undec, "path", None) == (opened, full)
    assert {name: len(r.extensions or ()) for name, r in analysis.results.items()} == {
        "grounded": 1,
        "complete": 3,
        "preferred": 2,
        "stable": 2,
    }
    _check_traces(analysis)
    assert [c.claims for c in analysis.cycles] == [(closed, opened)]
    assert analysis.undecided_traces[full].steps == 1
    assert "attacked by claim:test-beta-route-open (undecided), 1 attack from the cycle" in (
        report_text(mutual, max_width=0)
    )
    preferred = analysis.acceptance(full, "preferred")
    assert preferred is not None and preferred.words == "in some (1 of 2)"
    assert preferred.credulous and not preferred.sceptical
    explained = explanation_text(mutual, full)
    assert f"cycle: claim:test-beta-route-open \u2192 {'claim:test-alpha-route-closed'}" in (
        explained
    )
    assert "preferred: in some: 1 of 2 extensions" in explained
    assert "which is in (unattacked)" in explanation_text(mutual, absent)
    metrics = mutual.metrics
    assert metrics.reciprocity == 0.5
    assert [(p.first, p.second) for p in metrics.reciprocal_pairs] == [
        (str(ACTOR["test-alpha"]), str(ACTOR["test-beta"]))
    ]


def test_odd_cycle_has_no_stable_extension(odd: AnalysisReport) -> None:
    analysis = odd.analysis
    assert set(analysis.grounded.values()) == {Label.UNDEC}
    assert analysis.results["preferred"].extensions == (frozenset(),)
    assert analysis.results["stable"].extensions == ()
    acceptance = analysis.acceptance(_claim("test-odd-a"), "stable")
    assert acceptance is not None and acceptance.words == "no extension"
    assert not acceptance.sceptical and not acceptance.credulous
    text = explanation_text(odd, _claim("test-odd-a"))
    assert "stable: this semantics has no extension in this corpus" in text
    assert "claim:test-odd-a \u2192 claim:test-odd-b \u2192 claim:test-odd-c" in text


def _ring_pairs_facts(pairs: int) -> Facts:
    """``pairs`` independent mutual rebuttals: 2**pairs preferred extensions."""
    facts = Facts()
    for i in range(pairs):
        a, b = _claim(f"pair-{i:03}-a"), _claim(f"pair-{i:03}-b")
        for iri in (a, b):
            facts.claims[iri] = _fact(iri, "actor-x")
        facts.links += [LinkFact("attacks", a, b), LinkFact("attacks", b, a)]
    return facts


def _fact(iri: str, actor: str) -> ClaimFact:
    return ClaimFact(
        iri=iri,
        label=iri.rsplit("/", 1)[1],
        is_rebuttal=True,
        claimants=(str(ACTOR[actor]),),
        named_as=(),
        documents=(),
        mode="",
        speech_act="",
        topics=(),
        topic_facets=(),
        anchors=(),
        attack_kinds=(),
    )


def test_a_semantics_over_its_limit_gives_no_answer_and_says_so() -> None:
    facts = _ring_pairs_facts(12)  # 4,096 preferred and stable, 531,441 complete extensions
    analysis = analyze_facts(facts, SEMANTICS, SearchLimit(max_nodes=1_000))
    assert analysis.results["grounded"].answered
    for name in ("complete", "preferred", "stable"):
        result = analysis.results[name]
        assert not result.answered and result.extensions is None
        assert result.search_nodes is not None and result.search_nodes > 1_000
        assert analysis.acceptance(_claim("pair-000-a"), name) is None
    report = AnalysisReport(facts, analysis, compute_metrics(facts))
    text = report_text(report)
    assert "limit exceeded after" in text and "no answer" in text
    row = next(line for line in text.splitlines() if line.startswith("claim:pair-000-a "))
    assert row.count("no answer") == 3
    document = json.loads(report_json(report))
    assert [s["outcome"] for s in document["semantics"]] == ["answered"] + ["limit exceeded"] * 3
    assert document["claims"][0]["preferred"]["in"] is None
    quads = analysis_quads(analysis, _info(analysis))
    statuses = {_value(q.subject) for q in quads if q.predicate.value == str(CGA.semantics)}
    assert not any("/preferred/" in s for s in statuses)
    outcomes = {
        _value(q.subject).rsplit("/", 1)[1]: _value(q.object)
        for q in quads
        if q.predicate.value == str(CGA.outcome)
    }
    assert outcomes == {
        "grounded": str(CGA.Answered),
        "complete": str(CGA.LimitExceeded),
        "preferred": str(CGA.LimitExceeded),
        "stable": str(CGA.LimitExceeded),
    }
    generous = analyze_facts(facts, ["preferred"], SearchLimit(max_nodes=100_000))
    assert len(generous.results["preferred"].extensions or ()) == 4096


def test_semantics_names_are_checked() -> None:
    assert parse_semantics(["preferred"]) == ("grounded", "preferred")
    assert parse_semantics(["stable,complete", " Preferred "]) == SEMANTICS
    with pytest.raises(InputError, match="unknown semantics 'ideal'"):
        parse_semantics(["ideal"])


def test_analysis_errors_are_claimgraph_errors() -> None:
    assert issubclass(AnalysisError, ClaimgraphError)
    assert issubclass(SemanticsLimitExceeded, AnalysisError)
    error = SemanticsLimitExceeded("preferred", SearchLimit(max_nodes=1), 2, 0.0)
    assert error.exit_code == 2 and "preferred" in str(error)


# --------------------------------------------------------------------------------------------
# Metrics
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(5))
def test_pagerank_agrees_with_networkx(seed: int) -> None:
    rng = random.Random(seed)
    graph = nx.DiGraph()
    graph.add_nodes_from(f"n{i}" for i in range(12))
    for _ in range(30):
        graph.add_edge(f"n{rng.randrange(12)}", f"n{rng.randrange(12)}", weight=rng.randint(1, 5))
    reference = getattr(
        nx.algorithms.link_analysis.pagerank_alg, "_pagerank_python", None
    )  # networkx's pure-Python definition; its public pagerank needs scipy
    if reference is None:
        pytest.skip("this networkx has no pure-Python pagerank to compare with")
    expected = reference(graph, weight="weight", tol=1e-14, max_iter=10_000)
    ours = pagerank(graph)
    assert set(ours) == set(expected)
    for node in ours:
        assert abs(ours[node] - expected[node]) < 1e-9
    assert abs(sum(ours.values()) - 1.0) < 1e-12


# --------------------------------------------------------------------------------------------
# The results graph
# --------------------------------------------------------------------------------------------


def _info(analysis: ArgumentationAnalysis, run_id: str = "test-run") -> Any:
    from claimgraph.analysis.rdf import RunInfo

    return RunInfo(run_id, DATE, "sha256:" + "0" * 64, ("data/x.trig",))


def test_results_graph_is_apart_from_the_source_graphs(
    project_loaded: LoadedCorpus, reference: AnalysisReport
) -> None:
    info = run_info(project_loaded, reference.analysis.semantics, started=DATE)
    trig = analysis_trig(reference.analysis, info)
    dataset = Dataset()
    dataset.parse(data=trig, format="trig")
    graphs = {g.identifier for g in dataset.graphs() if len(g)}
    assert graphs == {info.iri}
    assert str(info.iri).startswith(str(ANALYSIS_GRAPHS))
    results = dataset.graph(info.iri)
    source = project_loaded.dataset
    assert not [t for t in results if t in source]  # no triple of it in any source graph
    assert not [n for t in results for n in t if isinstance(n, BNode)]
    assert (info.iri, RDF.type, CGA.ArgumentationRun) in results
    assert results.value(info.iri, CGA.corpusDigest) == Literal(corpus_digest(project_loaded))
    started = results.value(info.iri, URIRef("http://www.w3.org/ns/prov#startedAtTime"))
    assert isinstance(started, Literal) and started.toPython() == DATE
    files = {str(o) for o in results.objects(info.iri, CGA.inputFile)}
    reference_file = "data/documents/artsakh-mfa-statement-on-hajiyev-remarks.trig"
    assert any(f.endswith(reference_file) for f in files)
    # 32 records; two reported claims state one proposition (merged by default).
    assert str(results.value(info.iri, CGA.argumentCount)) == "31"
    assert str(results.value(info.iri, CGA.supportCount)) == "7"
    statuses = list(results.subjects(RDF.type, CGA.ClaimStatus))
    assert len(statuses) == 31 * 4
    lachin = URIRef(_claim("artsakh-mfa-hajiyev-lachin-corridor-open"))
    grounded = next(
        s
        for s in statuses
        if (s, CGA.claim, lachin) in results and (s, CGA.semantics, CGA.Grounded) in results
    )
    assert results.value(grounded, CGA.label) == CGA.Out
    assert set(results.objects(grounded, CGA.inAttacker)) == {
        URIRef(_claim("artsakh-mfa-hajiyev-corridor-open-false")),
        URIRef(_claim("artsakh-mfa-hajiyev-icj-obliged-azerbaijan")),
    }
    used = {n for t in results for n in t if isinstance(n, URIRef) and n.startswith(CGA._NS)}
    vocabulary = _vocabulary()
    assert all(any(vocabulary.triples((term, RDF.type, None))) for term in used), (
        "a term the results use is not declared in the vocabulary"
    )


def test_results_graph_is_deterministic_and_names_the_run(
    project_loaded: LoadedCorpus, reference: AnalysisReport
) -> None:
    semantics = reference.analysis.semantics
    first = analysis_trig(reference.analysis, run_info(project_loaded, semantics, started=DATE))
    again = analyze_corpus(project_loaded).analysis
    second = analysis_trig(again, run_info(project_loaded, semantics, started=DATE))
    assert first == second
    digest = corpus_digest(project_loaded)
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", digest)
    run_id = default_run_id(digest, semantics)
    assert run_id == f"{digest[7:23]}-grounded-complete-preferred-stable"
    named = run_info(project_loaded, semantics, run_id="my-run", started=DATE)
    assert named.iri == GRAPH["analysis/my-run"]
    with pytest.raises(InputError, match="cannot name a graph"):
        run_info(project_loaded, semantics, run_id="../escape")


def test_run_date_comes_from_the_option_or_source_date_epoch() -> None:
    assert run_date("2024-03-01") == DATE
    assert run_date("2024-03-01T12:30:00+02:00") == datetime(2024, 3, 1, 10, 30, tzinfo=UTC)
    assert run_date(None, {"SOURCE_DATE_EPOCH": "1709251200"}) == DATE
    assert run_date(None, {}).tzinfo is UTC
    with pytest.raises(InputError, match="not a date"):
        run_date("March")
    with pytest.raises(InputError, match="SOURCE_DATE_EPOCH"):
        run_date(None, {"SOURCE_DATE_EPOCH": "yesterday"})


@pytest.mark.parametrize("engine", list(Engine), ids=str)
def test_status_query_reads_the_results_beside_the_data(
    tmp_path: Path, runner: CliRunner, engine: Engine, reference_data: Path
) -> None:
    out = tmp_path / "analysis.trig"
    result = runner.invoke(
        app, ["analyze", "--rdf", str(out), "--date", "2024-03-01", "--run-id", "ref", "--quiet"]
    )
    assert result.exit_code == 0, result.output
    loaded = load_corpus(make_corpus([reference_data, out]))
    # The results graph does not change the digest of the corpus it describes.
    assert corpus_digest(loaded) == corpus_digest(_loaded(reference_data))
    from claimgraph.query.library import find_query

    query = find_query("analysis-status")
    answer = QueryEngine(loaded, engine).query(query.text, {}, str(query.path))
    assert to_tsv(answer) == STATUS_GOLDEN.read_text(encoding="utf-8")
    statuses = Counter(str(row[3]) for row in answer.rows if str(row[1]) == "grounded")
    assert statuses == {"in": 23, "out": 10}  # 21 in, one of them with three claimants


# --------------------------------------------------------------------------------------------
# Neutral words
# --------------------------------------------------------------------------------------------


def _data_words(report: AnalysisReport) -> list[str]:
    """Every text of the data an output may repeat (IRIs, quotes, labels), longest first."""
    words = set(report.facts.labels.values())
    for claim in report.facts.claims.values():
        # IRIs too: a slug may repeat the source's words (claim:...-corridor-open-false).
        words |= {claim.iri, short_name(claim.iri), claim.label, claim.quote}
        words |= {a.exact for a in claim.anchors}
    return sorted((w for w in words if w), key=len, reverse=True)


def _own_words(text: str, report: AnalysisReport) -> str:
    for word in _data_words(report):
        text = text.replace(word, " ")
    return text


def test_no_output_calls_a_claim_true_or_false(
    reference: AnalysisReport, mutual: AnalysisReport, odd: AnalysisReport
) -> None:
    assert not VERDICT.search(MEANING)
    assert not any(VERDICT.search(word) for word in LABEL_WORDS.values())
    for report in (reference, mutual, odd):
        text = report_text(report, max_width=0, top=0)
        assert "Meaning: " in text and "not defeated by anything unattacked" in text
        assert not VERDICT.search(_own_words(text, report)), VERDICT.findall(
            _own_words(text, report)
        )
        for claim in report.analysis.claims:
            explained = _own_words(explanation_text(report, claim), report)
            assert not VERDICT.search(explained)
        # JSON: no verdicts, and no booleans standing in for them
        document = report_json(report, top=0)
        assert not VERDICT.search(_own_words(document, report))
    # The small corpora hold no verdict words at all, so nothing needs taking out.
    for report in (mutual, odd):
        assert not VERDICT.search(report_text(report, top=0) + report_json(report, top=0))
        # The results graph's own words: its header and its labels and comments (its
        # xsd:boolean values are data types, not words).
        trig = analysis_trig(report.analysis, _info(report.analysis)).decode()
        header = [line for line in trig.splitlines() if line.startswith("#")]
        graph = Dataset()
        graph.parse(data=trig, format="trig")
        literals = [str(o) for _, p, o, _ in graph.quads() if p in (RDFS.label, RDFS.comment)]
        assert header and literals
        assert not VERDICT.search("\n".join(header + literals))


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------


def test_cli_prints_the_reference_tables(runner: CliRunner) -> None:
    result = runner.invoke(app, ["analyze", "--quiet"])
    assert result.exit_code == 0, result.output
    text = result.output
    assert text.startswith("Argumentation analysis: 31 claims, 16 attacks, 7 supports")
    assert "Meaning: Statuses describe the attacks recorded in this corpus, not truth" in text
    for title in (
        "Semantics",
        "Claims (grounded label",
        "Most attacked claims",
        "Most active rebutters",
        "Most supported claims",
        "Authorities cited by each side",
        "Actor centrality",
        "Reciprocity (who rebuts whom back)",
    ):
        assert f"\n{title}" in text, title
    assert "grounded: 21 in, 10 out, 0 undecided" in text
    row = next(
        line
        for line in text.splitlines()
        if line.startswith("claim:artsakh-mfa-hajiyev-lachin-corridor-open ")
    )
    assert " out " in row and "in none of 1" in row


def test_cli_json_is_deterministic_and_parses(runner: CliRunner) -> None:
    first = runner.invoke(app, ["analyze", "--format", "json", "--quiet"])
    second = runner.invoke(app, ["analyze", "-f", "json", "--quiet"])
    assert first.exit_code == 0, first.output
    assert first.output == second.output
    document = json.loads(first.output)
    assert document["meaning"] == MEANING
    assert document["grounded"] == {"in": 21, "out": 10, "undecided": 0}
    assert len(document["claims"]) == 31  # two same-proposition claims are one
    assert not re.search(r":\s*(true|false)\b", first.output)  # no booleans as statuses


def test_cli_explains_one_claim(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["analyze", "--explain", "claim:artsakh-mfa-hajiyev-lachin-corridor-open", "--quiet"]
    )
    assert result.exit_code == 0, result.output
    assert "grounded: out" in result.output
    assert "attacked by claim:artsakh-mfa-hajiyev-corridor-open-false, which is in" in (
        result.output
    )
    as_json = runner.invoke(
        app,
        [
            "analyze",
            "-f",
            "json",
            "--explain",
            _claim("artsakh-mfa-hajiyev-lachin-corridor-open"),
            "--quiet",
        ],
    )
    claim = json.loads(as_json.output)["claim"]
    assert claim["grounded"] == "out"
    assert claim["explanation"]["attacker"] == _claim("artsakh-mfa-hajiyev-corridor-open-false")


def test_cli_explains_an_undecided_claim_by_its_cycle(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["analyze", "--data", str(MUTUAL), "--explain", "claim:test-alpha-route-closed"]
    )
    assert result.exit_code == 0, result.output
    assert "grounded: undecided" in result.output
    assert (
        "cycle: claim:test-alpha-route-closed \u2192 claim:test-beta-route-open \u2192 "
        "claim:test-alpha-route-closed" in result.output
    )


def test_cli_reports_a_limit_honestly(runner: CliRunner) -> None:
    result = runner.invoke(app, ["analyze", "--data", str(MUTUAL), "--limit-nodes", "1", "--quiet"])
    assert result.exit_code == 0, result.output
    assert "complete  | limit exceeded after 2 search nodes: no answer" in result.output


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--semantics", "ideal"], "unknown semantics 'ideal'"),
        (["--format", "xml"], "unknown format 'xml'"),
        (["--explain", "claim:no-such-claim"], "not a claim of this corpus"),
        (["--explain", "no iri"], "is not an IRI"),
        (["--limit-nodes", "-1"], "--limit-nodes must be 0 or more"),
        (["--date", "soon"], "is not a date"),
        (["--rdf", "x.trig", "--run-id", "a b"], "cannot name a graph"),
        (["--rdf", "{data}/shared/actors.trig"], "one of the input files"),
    ],
)
def test_cli_usage_errors_are_one_line(
    runner: CliRunner, arguments: list[str], message: str, reference_data: Path
) -> None:
    arguments = [a.replace("{data}", str(reference_data)) for a in arguments]
    result = runner.invoke(app, ["analyze", "--quiet", *arguments])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0], lines


def test_cli_writes_the_rdf_atomically_and_deterministically(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "analysis.trig"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1709251200")
    first = runner.invoke(app, ["analyze", "--data", str(MUTUAL), "--rdf", str(out)])
    assert first.exit_code == 0, first.output
    assert "wrote " in first.output
    data = out.read_bytes()
    again = runner.invoke(app, ["analyze", "--data", str(MUTUAL), "--rdf", str(out), "--quiet"])
    assert again.exit_code == 0 and out.read_bytes() == data
    assert [p.name for p in tmp_path.iterdir()] == ["analysis.trig"]  # no temporary left
    assert b'"2024-03-01T00:00:00Z"^^xsd:dateTime' in data
    dataset = Dataset()
    dataset.parse(data=data, format="trig")
    assert len(list(dataset.quads((None, RDF.type, CGA.ClaimStatus, None)))) == 5 * 4
    cycles = [c for c, _, _, _ in dataset.quads((None, RDF.type, CGA.AttackCycle, None))]
    assert len(cycles) == 1
    members = {o for _, _, o, _ in dataset.quads((cycles[0], CGA.cycleMember, None, None))}
    assert members == {
        URIRef(_claim("test-alpha-route-closed")),
        URIRef(_claim("test-beta-route-open")),
    }
    on_cycle = {s for s, _, _, _ in dataset.quads((None, CGA.cycle, cycles[0], None))}
    assert len(on_cycle) == 3  # the two on it and the claim attacked from it
    assert not [n for q in dataset.quads() for n in q[:3] if isinstance(n, BNode)]


def test_cli_output_is_inert_on_hostile_text(runner: CliRunner) -> None:
    result = runner.invoke(app, ["analyze", "--data", str(HOSTILE), "--max-width", "0"])
    assert result.exit_code == 0, result.output
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", result.output)


def test_cli_help_has_an_example(runner: CliRunner) -> None:
    result = runner.invoke(app, ["analyze", "--help"])
    assert result.exit_code == 0
    assert "Example: claimgraph analyze" in result.output
    assert "not truth" in result.output


# --------------------------------------------------------------------------------------------
# Property-based cross-check of the claim-graph layer, and a 100,000-claim framework
# --------------------------------------------------------------------------------------------


@st.composite
def small_facts(draw: st.DrawFn) -> Facts:
    n = draw(st.integers(min_value=0, max_value=7))
    claims = [_claim(f"c{i}") for i in range(n)]
    facts = Facts()
    for i, iri in enumerate(claims):
        facts.claims[iri] = _fact(iri, f"actor-{i % 3}")
    if claims:
        pairs = [(a, b) for a in claims for b in claims]
        for kind in ("attacks", "supports"):
            chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=12))
            facts.links += [LinkFact(kind, a, b) for a, b in chosen]
    return facts


@settings(max_examples=150, deadline=None)
@given(small_facts())
def test_statuses_agree_across_semantics_and_outputs(facts: Facts) -> None:
    analysis = analyze_facts(facts, SEMANTICS, SearchLimit(max_nodes=100_000))
    framework = analysis.framework
    assert framework.attack_count == len(
        {(link.source, link.target) for link in facts.links if link.kind == "attacks"}
    )
    results = analysis.results
    preferred = results["preferred"].extensions or ()
    complete = results["complete"].extensions or ()
    stable = results["stable"].extensions or ()
    assert preferred and complete
    grounded_in = analysis.grounded.in_args
    assert grounded_in == frozenset.intersection(*complete)  # sceptical complete = grounded
    for claim in framework:
        pref = analysis.acceptance(claim, "preferred")
        comp = analysis.acceptance(claim, "complete")
        assert pref is not None and comp is not None
        assert comp.credulous == pref.credulous  # credulous complete = credulous preferred
        if claim in grounded_in:
            assert pref.sceptical
    assert set(stable) <= set(preferred)
    _check_traces(analysis)
    # Supports never change a status.
    attacks_only = [link for link in facts.links if link.kind == "attacks"]
    without = Facts(claims=facts.claims, links=attacks_only)
    assert analyze_facts(without, SEMANTICS, SearchLimit(max_nodes=100_000)).results == results
    # The RDF says what the analysis says.
    quads = analysis_quads(analysis, _info(analysis))
    labels = {
        _value(q.subject).rsplit("/", 1)[1]: _value(q.object)
        for q in quads
        if q.predicate.value == str(CGA.label)
    }
    words = {str(CGA.In): Label.IN, str(CGA.Out): Label.OUT, str(CGA.Undecided): Label.UNDEC}
    assert {c.rsplit("/", 1)[1]: analysis.label(c) for c in framework} == {
        k: words[v] for k, v in labels.items()
    }


def _check_traces(analysis: ArgumentationAnalysis) -> None:
    """Every undecided claim's trace follows undecided attackers back to a real cycle."""
    framework, labels = analysis.framework, analysis.grounded
    traces = analysis.undecided_traces
    assert set(traces) == set(labels.undec_args)
    for claim, trace in traces.items():
        assert trace.attacker in framework.attackers_of(claim)
        assert labels[trace.attacker] is Label.UNDEC
        if trace.steps == 0:
            assert claim in trace.cycle.claims
        else:
            assert traces[trace.attacker].steps == trace.steps - 1
            assert traces[trace.attacker].cycle == trace.cycle
    for number, cycle in enumerate(analysis.cycles, 1):
        assert cycle.number == number and cycle.claims[0] == min(cycle.claims)
        following = (*cycle.claims[1:], cycle.claims[0])
        for attacker, attacked in zip(cycle.claims, following, strict=True):
            assert attacked in framework.targets_of(attacker)
            assert traces[attacked].attacker == attacker


def _large_facts(n: int, seed: int) -> Facts:
    """``n`` claims of 40 actors: random forward (acyclic) attacks among all but the last
    nine, which form three mutual rebuttals and a ring of three, each of them attacking into
    the acyclic part, so that every semantics has work to do and the answer is known."""
    rng = random.Random(seed)
    width = len(str(n))
    claims = [_claim(f"large-{i:0{width}}") for i in range(n)]
    facts = Facts()
    for i, iri in enumerate(claims):
        facts.claims[iri] = _fact(iri, f"actor-{i % 40}")
    m = n - 9
    seen: set[tuple[int, int]] = set()
    while len(seen) < 2 * m:
        i = rng.randrange(m - 1)
        seen.add((i, min(m - 1, i + 1 + rng.randrange(6))))
    for k in range(3):
        a, b = m + 2 * k, m + 2 * k + 1
        seen |= {(a, b), (b, a), (a, (k + 1) * m // 4)}
    ring = (m + 6, m + 7, m + 8)
    seen |= {(ring[0], ring[1]), (ring[1], ring[2]), (ring[2], ring[0]), (ring[0], m - 1)}
    facts.links = [LinkFact("attacks", claims[i], claims[j]) for i, j in sorted(seen)]
    facts.links += [LinkFact("supports", claims[i], claims[i + 1]) for i in range(0, n - 1, 97)]
    return facts


def test_a_100000_claim_framework_is_analysed_correctly() -> None:
    # Correctness only: no timing is asserted here (see docs/analysis.md for timings).
    facts = _large_facts(100_000, seed=7)
    analysis = analyze_facts(facts, SEMANTICS, SearchLimit(max_nodes=1_000_000))
    framework = analysis.framework
    assert len(framework) == 100_000
    labels = analysis.grounded
    for claim in framework:
        attackers = [labels[a] for a in framework.attackers_of(claim)]
        if labels[claim] is Label.IN:
            assert all(label is Label.OUT for label in attackers)
        elif labels[claim] is Label.OUT:
            assert Label.IN in attackers
        else:
            assert Label.IN not in attackers and Label.UNDEC in attackers
    undecided = [c for c in framework if labels[c] is Label.UNDEC]
    assert undecided  # the rings and whatever they reach
    _check_traces(analysis)
    assert len(analysis.cycles) == 4  # three mutual rebuttals and the ring
    for claim in undecided[:: max(1, len(undecided) // 50)]:
        reason = analysis.explanation(claim)
        cycle: tuple[str, ...] = getattr(reason, "cycle", ())
        assert reason.label is Label.UNDEC and len(cycle) in (2, 3)
        for attacker, attacked in zip(cycle, (*cycle[1:], cycle[0]), strict=True):
            assert attacked in framework.targets_of(attacker)
    for name in ("complete", "preferred", "stable"):
        assert analysis.results[name].answered, name
    preferred = analysis.results["preferred"].extensions or ()
    stable = analysis.results["stable"].extensions or ()
    complete = analysis.results["complete"].extensions or ()
    # Three independent mutual rebuttals: 2**3 preferred extensions, 3**3 complete ones;
    # the odd ring admits no stable extension.
    assert (len(preferred), len(complete), len(stable)) == (8, 27, 0)
    for extension in preferred:
        assert is_complete(framework, extension)
        assert labels.in_args <= extension
    assert not any(is_stable(framework, e) for e in preferred)
    metrics = compute_metrics(facts)
    assert metrics.attacks == framework.attack_count
    assert len(metrics.centrality) == 40
    assert abs(sum(c.pagerank for c in metrics.centrality) - 1.0) < 1e-9


# --------------------------------------------------------------------------------------------
# Several documents: same-proposition claims and sides
# --------------------------------------------------------------------------------------------

MULTI = TESTS / "data" / "multi-document"
CLAIM_NS = "https://w3id.org/claimgraph/id/claim/"


def test_same_proposition_records_are_one_argument_by_default() -> None:
    # The union's contract claim is reported (and rejected) in the council's statement and
    # stated, unattacked, in the union's reply: as records, one is in and one out.
    loaded = _loaded(MULTI)
    separate = analyze_corpus(loaded, ("grounded",), same_proposition="separate")
    reported = CLAIM_NS + "union-change-breaks-contract-reported"
    direct = CLAIM_NS + "union-change-breaks-contract"
    assert separate.analysis.label(reported) is Label.OUT
    assert separate.analysis.label(direct) is Label.IN
    assert separate.facts.merged == {}

    merged = analyze_corpus(loaded, ("grounded",))
    assert merged.facts.merged[direct] == (direct, reported)
    assert reported not in merged.facts.claims
    assert merged.analysis.label(direct) is Label.OUT
    assert merged.analysis.framework.attackers_of(direct) == (
        CLAIM_NS + "council-rejects-contract-claim",
    )
    # Every explanation names the claims merged.
    text = explanation_text(merged, direct)
    assert "merged: one argument with claim:union-change-breaks-contract-reported" in text
    document = json.loads(report_json(merged, claim=direct))
    assert document["claim"]["merged"] == [direct, reported]
    assert "Same-proposition claims merged" in report_text(merged)


def test_sides_rebut_each_other_across_documents() -> None:
    loaded = _loaded(MULTI)
    by_actor = analyze_corpus(loaded, ("grounded",)).metrics
    by_side = analyze_corpus(loaded, ("grounded",), by="side").metrics
    town, union = str(ACTOR["millbrook"]), str(ACTOR["drivers-union"])
    # Per actor, the council and the transit authority are apart from the town; per side,
    # the town's side and the union rebut each other.
    assert {c.actor for c in by_side.centrality} == {town, union}
    assert [(p.first, p.second) for p in by_side.reciprocal_pairs] == [(union, town)]
    assert by_side.reciprocity == 1.0
    assert town not in {c.actor for c in by_actor.centrality}


# --------------------------------------------------------------------------------------------
# Regenerating the golden files
# --------------------------------------------------------------------------------------------


def _write_golden() -> None:  # pragma: no cover - run by hand
    loaded = load_corpus(make_corpus())
    report = analyze_corpus(loaded)
    REFERENCE_GOLDEN.write_text(golden_text(reference_statuses(report)), encoding="utf-8")
    print(f"wrote {REFERENCE_GOLDEN}")
    import tempfile

    from claimgraph.query.library import find_query

    with tempfile.TemporaryDirectory() as folder:
        trig = Path(folder) / "analysis.trig"
        info = run_info(loaded, report.analysis.semantics, run_id="ref", started=DATE)
        trig.write_bytes(analysis_trig(report.analysis, info))
        both = load_corpus(make_corpus([loaded.corpus.data_roots[0], trig]))
        query = find_query("analysis-status")
        answer = QueryEngine(both, Engine.OXIGRAPH).query(query.text, {}, str(query.path))
    STATUS_GOLDEN.write_text(to_tsv(answer), encoding="utf-8")
    print(f"wrote {STATUS_GOLDEN}")


if __name__ == "__main__":  # pragma: no cover
    _write_golden()
