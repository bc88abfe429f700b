"""Ontology extensions: found and loaded with the core, applied by validate, in step with
their namespace modules, chained in the catalog, and used by the reference data.

The extensions' own tests live with them (``ontology/extensions/*/tests``); these test how
the project takes them in.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS
from typer.testing import CliRunner

from claimgraph.cli import app
from claimgraph.corpus.files import extensions_in, make_corpus
from claimgraph.corpus.loading import LoadedCorpus, load_corpus
from claimgraph.corpus.store import open_store
from claimgraph.extensions import EXTENSION_PREFIXES, LEGAL, LEGAL_ONTOLOGY_IRI
from claimgraph.ontology_tools import check_ontology
from claimgraph.ontology_tools.check import CATALOG, read_catalog
from claimgraph.rdf.namespace import (
    ACT,
    ACTOR,
    AUTHORITY,
    CG,
    EVENT,
    GRAPH,
    ONTOLOGY_IRI,
    PLACE,
    PREFIXES,
    SHAPES,
)
from claimgraph.validate.incremental import update_store
from claimgraph.validate.validation import (
    ValidationEngine,
    shapes_graph,
    validate_corpus,
    validate_loaded,
)

from .conftest import REFERENCE_DATA, REFERENCE_EXTENSIONS, ROOT

ONTOLOGY = ROOT / "ontology"
EXTENSIONS = sorted(p for p in (ONTOLOGY / "extensions").iterdir() if p.is_dir())
LEGAL_DIR = ONTOLOGY / "extensions" / "legal"
CONTEXT = GRAPH["context"]
SHARED = GRAPH["shared"]
ICJ_ORDER = ACT["icj-order-2023-02-22"]
ICJ_CASE = EVENT["icj-cerd-armenia-v-azerbaijan"]
MEASURE = ACT["icj-order-2023-02-22-measure-lachin-corridor"]
OPERATIVE_WORDS = (
    "take all measures at its disposal to ensure unimpeded movement of persons, vehicles "
    "and cargo along the Lachin Corridor in both directions"
)


@pytest.fixture(scope="module")
def reference() -> Dataset:
    dataset = Dataset(default_union=True)
    for name in REFERENCE_DATA:
        path = ROOT / "data" / name
        if path.suffix != ".trig":
            continue
        dataset.parse(path, format="trig")
    return dataset


# --- loading -----------------------------------------------------------------------------


def test_project_corpus_loads_every_extension_with_the_core() -> None:
    corpus = make_corpus()
    # The reference study chooses its extensions (claimgraph.toml); all of them otherwise.
    assert [e.name for e in corpus.extensions] == list(REFERENCE_EXTENSIONS)
    assert {p.name for p in EXTENSIONS} >= set(REFERENCE_EXTENSIONS)
    assert ONTOLOGY / "claimgraph.ttl" in corpus.ontology_files
    assert LEGAL_DIR / "legal.ttl" in corpus.ontology_files
    assert LEGAL_DIR / "shapes" / "legal-shapes.ttl" in corpus.shapes_files
    # Examples and test data are not the project's data, nor ontology.
    for path in corpus.ontology_files + corpus.shapes_files:
        parts = path.relative_to(ROOT).parts
        assert "examples" not in parts and "tests" not in parts, path
    for path in corpus.data_files:
        parts = path.relative_to(corpus.data_roots[0]).parts
        assert "examples" not in parts and "tests" not in parts, path


def test_an_extension_folder_given_with_ontology_adds_to_the_core(tmp_path: Path) -> None:
    corpus = make_corpus(ontology=[LEGAL_DIR])
    assert corpus.ontology_files == make_corpus().ontology_files  # named twice, loaded once
    assert [e.name for e in corpus.extensions] == ["legal"]

    own = tmp_path / "mine"
    own.mkdir()
    (own / "mine.ttl").write_text("", encoding="utf-8")
    with_own = make_corpus(ontology=[own])
    assert with_own.ontology_files[-1] == own / "mine.ttl"
    assert ONTOLOGY / "claimgraph.ttl" in with_own.ontology_files
    assert [e.name for e in with_own.extensions] == ["legal", "mine"]


def test_extension_terms_are_in_the_loaded_ontology(project_loaded: LoadedCorpus) -> None:
    assert (LEGAL.ProvisionalMeasuresOrder, RDFS.subClassOf, LEGAL.Order) in project_loaded.dataset
    assert (LEGAL.party, RDFS.subPropertyOf, CG.participant) in project_loaded.dataset


def test_validate_applies_the_extension_shapes(runner: CliRunner) -> None:
    invalid = LEGAL_DIR / "tests" / "data" / "invalid" / "OrderedMeasureText-no-operative-text.trig"
    result = runner.invoke(app, ["validate", "--quiet", "--data", str(invalid)])
    assert result.exit_code == 1
    assert "ext/legal/shapes#OrderedMeasureText" in result.stdout


# --- namespace modules and catalog -------------------------------------------------------


def test_legal_namespace_module_matches_the_extension_both_ways() -> None:
    graph = Graph().parse(LEGAL_DIR / "legal.ttl", format="turtle")
    namespace = str(LEGAL._NS)
    declared = {
        str(s)[len(namespace) :]
        for s in graph.subjects(RDF.type, None)
        if str(s).startswith(namespace)
    }
    in_module = {name for name in LEGAL.__annotations__ if not name.startswith("_")}
    assert sorted(in_module - declared) == [], "in LEGAL but not declared in legal.ttl"
    assert sorted(declared - in_module) == [], "declared in legal.ttl but not in LEGAL"
    assert (LEGAL_ONTOLOGY_IRI, RDF.type, OWL.Ontology) in graph
    assert dict(EXTENSION_PREFIXES) == {"legal": namespace}
    assert not set(EXTENSION_PREFIXES) & set(PREFIXES)


@pytest.mark.parametrize("extension", EXTENSIONS, ids=lambda p: Path(p).name)
def test_core_catalog_chains_to_each_extension_catalog(extension: Path) -> None:
    chained = read_catalog(ONTOLOGY / CATALOG, follow=False, chains=True)
    assert chained.get(f"extensions/{extension.name}/{CATALOG}") == (extension / CATALOG).resolve()
    mapping = read_catalog(ONTOLOGY / CATALOG)
    for ontology_file in extensions_in(ONTOLOGY)[EXTENSIONS.index(extension)].ontology_files:
        graph = Graph().parse(ontology_file, format="turtle")
        for iri in graph.subjects(RDF.type, OWL.Ontology):
            assert mapping.get(str(iri)) == ontology_file.resolve()
    assert mapping[str(ONTOLOGY_IRI)] == (ONTOLOGY / "claimgraph.ttl").resolve()


# --- the reference data uses the legal extension -----------------------------------------


def test_icj_order_is_a_provisional_measures_order_from_the_public_record(
    reference: Dataset,
) -> None:
    # The text says "obliged": a decision, in the shared graph; the rest is context.
    assert (ICJ_ORDER, RDF.type, CG.Decision, SHARED) in reference
    assert (ICJ_ORDER, CG.actOf, AUTHORITY["international-court-of-justice"], SHARED) in reference
    assert (ICJ_ORDER, RDF.type, LEGAL.ProvisionalMeasuresOrder, CONTEXT) in reference
    assert (ICJ_ORDER, LEGAL.inProceedings, ICJ_CASE, CONTEXT) in reference
    assert reference.graph(CONTEXT).value(ICJ_ORDER, CG.contextSource) is not None


def test_icj_proceedings_name_the_court_and_the_parties(reference: Dataset) -> None:
    assert (ICJ_CASE, RDF.type, LEGAL.Proceedings, CONTEXT) in reference
    assert (ICJ_CASE, LEGAL.beforeCourt, AUTHORITY["international-court-of-justice"]) in reference
    assert (ICJ_CASE, LEGAL.applicant, ACTOR["armenia"]) in reference
    assert (ICJ_CASE, LEGAL.respondent, ACTOR["azerbaijan"]) in reference
    assert "(Armenia v. Azerbaijan)" in str(reference.value(ICJ_CASE, RDFS.label))


def test_icj_order_prescribes_its_measure_in_its_own_words(reference: Dataset) -> None:
    assert (MEASURE, RDF.type, LEGAL.OrderedMeasure, CONTEXT) in reference
    assert (MEASURE, LEGAL.measureOf, ICJ_ORDER) in reference
    assert (MEASURE, LEGAL.addressee, ACTOR["azerbaijan"]) in reference
    assert (MEASURE, LEGAL.operativeText, Literal(OPERATIVE_WORDS)) in reference


def test_tripartite_declaration_signatories_but_no_article_pinpoint(reference: Dataset) -> None:
    declaration = AUTHORITY["tripartite-declaration-2020-11-09"]
    signatories = set(reference.objects(declaration, LEGAL.signatory))
    assert signatories == {ACTOR["azerbaijan"], ACTOR["armenia"], ACTOR["russian-federation"]}
    # The text cites "any provision": no article is pinpointed.
    assert not set(reference.subjects(RDF.type, LEGAL.Article))


def test_legal_detail_is_context_with_its_source(reference: Dataset) -> None:
    namespace = str(LEGAL._NS)
    for s, p, o, g in reference.quads((None, None, None, None)):
        if str(p).startswith(namespace) or (p == RDF.type and str(o).startswith(namespace)):
            assert g == CONTEXT, (s, p, o, g)
            assert reference.value(s, CG.contextSource) is not None, s


# --- extensions compose with the core's open lists -------------------------------------

COMPOSE = ROOT / "tests" / "data" / "extension-compose" / "civic"


@pytest.mark.parametrize("engine", list(ValidationEngine), ids=str)
def test_extension_members_of_open_lists_conform_without_touching_core_shapes(
    engine: ValidationEngine,
) -> None:
    # The civic extension declares two speech acts, an attack kind and an authority kind;
    # its example also uses the core's proposal, appeal, condemnation and condemnation
    # attack. No core shape is switched off, and the data conforms.
    corpus = make_corpus(data=[COMPOSE / "examples"], ontology=[COMPOSE])
    report = validate_corpus(corpus, engine=engine)
    assert report.conforms and not report.results, [r.message for r in report.results]
    assert check_ontology(make_corpus(ontology=[COMPOSE]), data=False).problems == []


def test_without_the_extension_its_members_are_reported_by_the_open_list_shapes() -> None:
    report = validate_corpus(make_corpus(data=[COMPOSE / "examples"]))
    shapes = {str(r.source_shape).rsplit("#", 1)[1] for r in report.results}
    # Without civic:Ombudsman's declaration the cited office is no cg:Authority at all.
    assert shapes == {"ClaimSpeechAct", "RebuttalAttackKind", "CitationCitedAuthority"}
    values = {str(r.value).rsplit("#", 1)[-1] for r in report.results if r.value is not None}
    assert {"Welcome", "Regret", "ProceduralAttack"} <= values


# --- an extension's sub-properties and sub-classes count as their core terms -------------

SUBPROPERTY = ROOT / "tests" / "data" / "subproperty"
SUBTERMS = ROOT / "tests" / "data" / "subterms"
PROCEEDINGS = EVENT["northbay-v-southbay"]
CORE_VIEW = f"""
PREFIX cg: <{CG}>
SELECT ?g ?p ?o WHERE {{
  GRAPH ?g {{ <{PROCEEDINGS}> ?p ?o FILTER (?p = cg:participant || ?o = cg:Event) }}
}}
"""


def _core_view(rows: Iterable[Iterable[object]]) -> set[tuple[str, ...]]:
    return {tuple(str(getattr(t, "value", t)) for t in row) for row in rows}


def test_extension_sub_terms_are_queried_as_their_core_terms(tmp_path: Path) -> None:
    # legal:applicant and legal:respondent (sub-properties of legal:party, itself of
    # cg:participant) and legal:Proceedings (a sub-class of cg:Event): any query that asks
    # for cg:participant or cg:Event finds them, in the graph that states them, on
    # Oxigraph, on rdflib and from the persistent store, before and after an edit.
    corpus = make_corpus([SUBPROPERTY])
    loaded = load_corpus(corpus)
    expected = {(str(SHARED), str(CG.participant), str(ACTOR[a])) for a in ("northbay", "southbay")}
    expected.add((str(SHARED), str(RDF.type), str(CG.Event)))
    assert _core_view(loaded.store.query(CORE_VIEW)) == expected  # type: ignore[arg-type]
    assert _core_view(loaded.dataset.query(CORE_VIEW)) == expected  # type: ignore[arg-type]
    update_store(corpus, tmp_path / "store", validate=False)
    opened = open_store(corpus, tmp_path / "store")
    assert opened is not None
    assert set(opened[0].store) == set(loaded.store)
    # An edit reloads its graph: the core statements follow the new data.
    data = tmp_path / "data"
    shutil.copytree(SUBPROPERTY, data)
    edited = make_corpus([data])
    update_store(edited, tmp_path / "store2", validate=False)
    trig = data / "legal-applicant-in-proceedings.trig"
    trig.write_text(
        trig.read_text(encoding="utf-8").replace(
            "legal:respondent actor:southbay", "legal:respondent actor:northbay"
        ),
        encoding="utf-8",
    )
    outcome = update_store(edited, tmp_path / "store2", validate=False)
    assert outcome.build.mode == "incremental"
    opened = open_store(edited, tmp_path / "store2")
    assert opened is not None
    assert set(opened[0].store) == set(load_corpus(edited).store)
    rows = _core_view(opened[0].store.query(CORE_VIEW))  # type: ignore[arg-type]
    assert (str(SHARED), str(CG.participant), str(ACTOR["southbay"])) not in rows


@pytest.mark.parametrize("engine", list(ValidationEngine), ids=str)
def test_extension_sub_property_is_validated_as_its_core_property(
    engine: ValidationEngine,
) -> None:
    # A place given as legal:applicant breaks the core shape on cg:participant, as it would
    # given as cg:participant (and the legal extension's own shape on its parties).
    report = validate_corpus(make_corpus([SUBTERMS]), engine=engine)
    found = {(r.source_shape, r.focus, r.value) for r in report.results}
    assert (SHAPES.EventParticipant, PROCEEDINGS, PLACE["inner-harbour"]) in found
    assert report.engine == engine.value, report.notes


def test_both_engines_agree_on_extension_sub_terms() -> None:
    loaded = load_corpus(make_corpus([SUBTERMS]))
    shapes = shapes_graph(loaded.corpus)
    fast = validate_loaded(loaded, shapes, engine=ValidationEngine.FAST)
    reference = validate_loaded(loaded, shapes, engine=ValidationEngine.PYSHACL)
    assert fast.engine == "fast"
    assert [r.identity() for r in fast.results] == [r.identity() for r in reference.results]
    assert {str(r.source_shape).rsplit("#", 1)[1] for r in fast.results} == {
        "EventParticipant",
        "ProceedingsParty",
    }
