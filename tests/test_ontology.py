"""The ontology in ``ontology/``: it parses, it matches :class:`claimgraph.rdf.namespace.CG` both
ways, it passes its own hygiene shapes (which can fail), and its catalog resolves every
import offline."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from defusedxml import ElementTree
from pyshacl import validate
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.term import Node

from claimgraph.rdf.namespace import CG, ONTOLOGY_IRI, PREFIXES, SHAPES

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = ROOT / "ontology"
UMBRELLA_FILE = ONTOLOGY_DIR / "claimgraph.ttl"
MODULE_FILES = sorted((ONTOLOGY_DIR / "modules").glob("*.ttl"))
ALIGNMENT_FILES = sorted((ONTOLOGY_DIR / "alignments").glob("*.ttl"))
ONTOLOGY_FILES = [UMBRELLA_FILE, *MODULE_FILES, *ALIGNMENT_FILES]
CATALOG_FILE = ONTOLOGY_DIR / "catalog-v001.xml"
HYGIENE_SHAPES_FILE = ONTOLOGY_DIR / "shapes" / "ontology-hygiene.ttl"
INVALID_DIR = Path(__file__).resolve().parent / "data" / "ontology-invalid"
INVALID_FILES = sorted(INVALID_DIR.glob("*.ttl"))

CG_NS = PREFIXES["cg"]
CGSH = Namespace(str(SHAPES))
TERM_KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual)
CATALOG_NS = "{urn:oasis:names:tc:entity:xmlns:xml:catalog}"
# Each invalid file names the one shape it must fail in its opening comment.
EXPECTED_SHAPE = re.compile(r"^# Expected to fail cgsh:(\w+)", re.MULTILINE)


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _parse(*paths: Path) -> Graph:
    graph = Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


def _ontology_iri(graph: Graph) -> URIRef:
    """The one owl:Ontology a file declares."""
    iris = [s for s in graph.subjects(RDF.type, OWL.Ontology) if isinstance(s, URIRef)]
    assert len(iris) == 1, f"expected one owl:Ontology, found {iris}"
    return iris[0]


def _core_terms(graph: Graph) -> set[URIRef]:
    """IRIs in the cg namespace that the graph declares as a class, property or individual."""
    return {
        subject
        for kind in TERM_KINDS
        for subject in graph.subjects(RDF.type, kind)
        if isinstance(subject, URIRef) and str(subject).startswith(CG_NS)
    }


def _imports(graph: Graph) -> set[URIRef]:
    return {o for o in graph.objects(None, OWL.imports) if isinstance(o, URIRef)}


def _catalog() -> dict[str, Path]:
    """Ontology IRI -> local file, as catalog-v001.xml maps them."""
    root = ElementTree.parse(CATALOG_FILE).getroot()
    return {
        str(entry.get("name")): (CATALOG_FILE.parent / str(entry.get("uri"))).resolve()
        for entry in root.iter(f"{CATALOG_NS}uri")
    }


def _validate(data: Graph, *, meta_shacl: bool = False) -> tuple[bool, Graph, str]:
    conforms, report, text = validate(
        data,
        shacl_graph=_parse(HYGIENE_SHAPES_FILE),
        inference="none",
        meta_shacl=meta_shacl,
        allow_infos=False,
        allow_warnings=False,
    )
    assert isinstance(report, Graph)
    assert isinstance(text, str)
    return bool(conforms), report, text


def _results(report: Graph) -> list[tuple[Node | None, Node | None]]:
    """(source shape, focus node) of every validation result in a report."""
    return [
        (report.value(result, SH.sourceShape), report.value(result, SH.focusNode))
        for result in report.subjects(RDF.type, SH.ValidationResult)
    ]


# --- (a) parsing ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", sorted(ONTOLOGY_DIR.rglob("*.ttl")), ids=lambda p: _relative(Path(p))
)
def test_turtle_file_parses(path: Path) -> None:
    assert len(_parse(path)) > 0


def test_every_module_and_alignment_is_present() -> None:
    assert [p.stem for p in MODULE_FILES] == sorted(
        ["actors", "sources", "claims", "authorities", "events", "topics"]
    )
    assert [p.stem for p in ALIGNMENT_FILES] == sorted(
        ["prov", "schema", "aif", "cito", "org", "oa", "skos-dcterms"]
    )


# --- (b) ontology and namespace module in step ---------------------------------------------


def test_modules_declare_exactly_the_terms_of_cg() -> None:
    declared = {str(term)[len(CG_NS) :] for term in _core_terms(_parse(*MODULE_FILES))}
    in_namespace = {name for name in CG.__annotations__ if not name.startswith("_")}
    assert sorted(in_namespace - declared) == [], "in CG but not declared in ontology/modules"
    assert sorted(declared - in_namespace) == [], "declared in ontology/modules but not in CG"


def test_each_core_term_is_declared_in_one_module_only() -> None:
    seen: dict[URIRef, str] = {}
    for path in MODULE_FILES:
        for term in _core_terms(_parse(path)):
            assert term not in seen, f"{term} declared in {seen.get(term)} and {path.name}"
            seen[term] = path.name


@pytest.mark.parametrize("path", [UMBRELLA_FILE, *ALIGNMENT_FILES], ids=_relative)
def test_core_terms_are_declared_only_in_modules(path: Path) -> None:
    assert sorted(_core_terms(_parse(path))) == []


@pytest.mark.parametrize("path", ONTOLOGY_FILES, ids=_relative)
def test_every_cg_iri_mentioned_is_a_core_term(path: Path) -> None:
    # Catches a misspelt term in a domain, range or alignment axiom (cg:Organization).
    declared = _core_terms(_parse(*MODULE_FILES))
    mentioned = {
        node
        for triple in _parse(path)
        for node in triple
        if isinstance(node, URIRef) and str(node).startswith(CG_NS)
    }
    assert sorted(mentioned - declared) == []


# --- (c) the ontology passes its hygiene shapes --------------------------------------------


def test_ontology_conforms_to_hygiene_shapes() -> None:
    # meta_shacl: the shapes themselves are checked against SHACL's own shapes first.
    conforms, _, text = _validate(_parse(*ONTOLOGY_FILES), meta_shacl=True)
    assert conforms, text


# --- (d) the hygiene shapes can fail ---------------------------------------------------------


def test_term_without_definition_case_exists() -> None:
    assert INVALID_DIR / "term-without-definition.ttl" in INVALID_FILES


@pytest.mark.parametrize("path", INVALID_FILES, ids=lambda p: Path(p).stem)
def test_hygiene_shapes_reject_invalid_file(path: Path) -> None:
    match = EXPECTED_SHAPE.search(path.read_text(encoding="utf-8"))
    assert match, f"{path.name} does not say which shape it must fail"
    expected_shape = CGSH[match.group(1)]
    broken = _parse(path)

    conforms, report, text = _validate(_parse(*ONTOLOGY_FILES, path))

    assert not conforms
    results = _results(report)
    assert {shape for shape, _ in results} == {expected_shape}, text
    assert {focus for _, focus in results} <= set(broken.subjects()), text


def test_hygiene_shapes_require_the_umbrella() -> None:
    umbrella_shapes: set[Node] = {CGSH.UmbrellaShape}
    umbrella_shapes |= set(_parse(HYGIENE_SHAPES_FILE).objects(CGSH.UmbrellaShape, SH.property))

    conforms, report, text = _validate(_parse(*MODULE_FILES, *ALIGNMENT_FILES))

    assert not conforms
    assert {shape for shape, _ in _results(report)} <= umbrella_shapes, text


# --- (e) imports resolve offline through the catalog ---------------------------------------


def test_umbrella_imports_every_module_and_alignment() -> None:
    expected = {_ontology_iri(_parse(path)) for path in [*MODULE_FILES, *ALIGNMENT_FILES]}
    assert _imports(_parse(UMBRELLA_FILE)) == expected


@pytest.mark.parametrize("path", ONTOLOGY_FILES, ids=_relative)
def test_catalog_resolves_every_import(path: Path) -> None:
    catalog = _catalog()
    for imported in sorted(_imports(_parse(path))):
        assert str(imported) in catalog, f"{imported} is not in {CATALOG_FILE.name}"
        target = catalog[str(imported)]
        assert target.is_file(), f"{imported} maps to missing {target}"
        assert _ontology_iri(_parse(target)) == imported, f"{target} is not {imported}"


def test_catalog_maps_each_ontology_file_by_iri_and_version_iri() -> None:
    expected: dict[str, Path] = {}
    for path in ONTOLOGY_FILES:
        graph = _parse(path)
        iri = _ontology_iri(graph)
        expected[str(iri)] = path.resolve()
        expected[str(graph.value(iri, OWL.versionIRI))] = path.resolve()
    assert _catalog() == expected


# --- (f) every term is defined by the module it sits in ------------------------------------


@pytest.mark.parametrize("path", MODULE_FILES, ids=_relative)
def test_module_terms_are_defined_by_their_module(path: Path) -> None:
    graph = _parse(path)
    module = _ontology_iri(graph)
    assert module == URIRef(f"{ONTOLOGY_IRI}/{path.stem}")
    for term in sorted(_core_terms(graph)):
        assert set(graph.objects(term, RDFS.isDefinedBy)) == {module}, term


@pytest.mark.parametrize("path", ONTOLOGY_FILES, ids=_relative)
def test_ontology_iris_follow_the_file_layout(path: Path) -> None:
    graph = _parse(path)
    iri = _ontology_iri(graph)
    expected = {
        "claimgraph.ttl": ONTOLOGY_IRI,
        "modules": URIRef(f"{ONTOLOGY_IRI}/{path.stem}"),
        "alignments": URIRef(f"{ONTOLOGY_IRI}/alignment/{path.stem}"),
    }
    assert iri == expected.get(path.name, expected.get(path.parent.name))
    version = graph.value(iri, OWL.versionInfo)
    assert graph.value(iri, OWL.versionIRI) == URIRef(f"{iri}/{version}")
