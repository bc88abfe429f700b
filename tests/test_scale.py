"""The fast path: loading without rdflib, both engines agreeing, progress that tells."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rdflib import RDF

from claimgraph.cli.common import TerminalProgress, progress_for
from claimgraph.corpus.files import make_corpus
from claimgraph.corpus.loading import load_corpus
from claimgraph.corpus.parsing import read_quads
from claimgraph.errors import InputError
from claimgraph.export import export_format_named, export_view, extract_facts
from claimgraph.facts.stats import corpus_stats
from claimgraph.query.engine import Engine, QueryEngine
from claimgraph.query.library import bind_parameters, library
from claimgraph.rdf.namespace import ONTOLOGY_GRAPH
from claimgraph.synthetic import MANIFEST, generate_corpus
from claimgraph.validate.validation import validate_corpus

from .conftest import DATA, ROOT

PREFIXES = """@prefix cg: <https://w3id.org/claimgraph/ontology#> .
@prefix ex: <https://example.org/> .
"""


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("synthetic") / "corpus-3k"
    generate_corpus(folder, 3_000, seed=11)
    return folder


LIBRARY_NAMES = sorted(path.stem for path in (ROOT / "queries").glob("*.rq"))
"""The library's queries, one case each (so that the workers share them out); the test
below checks that these are all the queries the library gives."""


@pytest.fixture(scope="module")
def both_engines(small_corpus: Path) -> tuple[QueryEngine, QueryEngine, dict[str, str]]:
    """Both engines on one load of the corpus (queries do not change it), and its samples."""
    loaded = load_corpus(make_corpus([small_corpus]))
    samples = json.loads((small_corpus / MANIFEST).read_text(encoding="utf-8"))["samples"]
    return QueryEngine(loaded, Engine.OXIGRAPH), QueryEngine(loaded, Engine.MEMORY), samples


def test_the_cases_are_every_library_query() -> None:
    assert [query.name for query in library()] == LIBRARY_NAMES


@pytest.mark.parametrize(
    "name",
    [
        # rdflib's engine joins this query's sub-selects slowly (minutes, where Oxigraph takes
        # a second): the longest case, run first.
        pytest.param(name, marks=pytest.mark.long(100)) if name == "attacked-about" else name
        for name in LIBRARY_NAMES
    ],
)
def test_every_library_query_gives_the_same_rows_on_both_engines(
    name: str, both_engines: tuple[QueryEngine, QueryEngine, dict[str, str]]
) -> None:
    oxigraph, memory, samples = both_engines
    query = next(query for query in library() if query.name == name)
    # cited-authority asks for an authority's name (part of it: the synthetic
    # authorities' labels all end in ", synthetic"); the others for a place's alias.
    alias = "synthetic" if query.name == "cited-authority" else samples["place-alias"]
    raw = [f"name={alias}"] if query.parameter("name") else []
    bindings = bind_parameters(query, raw)
    ours = oxigraph.query(query.text, bindings)
    theirs = memory.query(query.text, bindings)
    assert ours.rows == theirs.rows, query.name
    if query.name != "analysis-status":
        assert ours.rows, f"{query.name} found nothing in the synthetic corpus"


def test_the_oxigraph_path_never_builds_the_rdflib_copy(small_corpus: Path) -> None:
    corpus = make_corpus([small_corpus])
    loaded = load_corpus(corpus)
    QueryEngine(loaded).query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    validate_corpus(corpus, loaded=loaded)
    assert "dataset" not in vars(loaded) and "quads" not in vars(loaded)
    assert all(not record.blank_nodes for record in loaded.files if "documents" in record.shown)
    # ... and makes it on demand, with the same content.
    assert len(loaded.dataset) == len(loaded.store)


def test_facts_statistics_and_exports_read_the_store_not_an_rdflib_copy(
    small_corpus: Path,
) -> None:
    loaded = load_corpus(make_corpus([small_corpus]))
    steps: list[tuple[str, int, int | None]] = []
    facts = extract_facts(loaded)
    stats = corpus_stats(loaded)
    graphml = export_view(
        loaded,
        "argument-map",
        export_format_named("graphml"),
        progress=lambda step, done, total: steps.append((step, done, total)),
    )
    assert "dataset" not in vars(loaded)
    assert facts.claims and facts.links and stats.documents and b"<graphml" in graphml
    assert steps[0] == ("export", 0, 4) and steps[-1] == ("export", 4, 4)
    # The same statistics as counted on the rdflib copy, made now on purpose.
    dataset = loaded.dataset
    typed = sum(
        1
        for context in dataset.graphs()
        if context.identifier != ONTOLOGY_GRAPH
        for _ in context.triples((None, RDF.type, None))
    )
    assert sum(stats.by_class.values()) == typed
    assert stats.triples == sum(len(context) for context in dataset.graphs())


def test_graphs_and_files_are_known_without_parsing_twice(tmp_path: Path) -> None:
    data = tmp_path / "data.trig"
    data.write_text(
        PREFIXES + 'ex:g1 {\n ex:a cg:alias "a { b" .\n}\n<https://example.org/g2> {\n'
        ' ex:b cg:alias "x" .\n}\n',
        encoding="utf-8",
    )
    loaded = load_corpus(make_corpus([data]))
    record = next(r for r in loaded.files if r.path == data)
    # A "{" in a literal: the file's graphs are found by parsing it after all.
    assert {"https://example.org/g1", "https://example.org/g2"} <= record.graphs
    data.write_text(PREFIXES + 'ex:g1 {\n ex:a cg:alias "a" .\n}\n', encoding="utf-8")
    loaded = load_corpus(make_corpus([data]))
    record = next(r for r in loaded.files if r.path == data)
    assert record.graphs == frozenset({"https://example.org/g1"})
    assert not record.blank_nodes


def test_blank_nodes_get_the_same_labels_on_every_load(tmp_path: Path) -> None:
    data = tmp_path / "data.ttl"
    data.write_text(PREFIXES + 'ex:a cg:alias [ cg:alias "x" ] , ( 1 2 ) .\n', encoding="utf-8")
    first = sorted(str(q) for q in load_corpus(make_corpus([data])).store)
    second = sorted(str(q) for q in load_corpus(make_corpus([data])).store)
    assert first == second
    assert any("_:f" in line for line in first)


@pytest.mark.parametrize(
    "name",
    [
        "trig-unclosed-graph.trig",
        "turtle-unterminated-string.ttl",
        "ntriples-unterminated-literal.nt",
    ],
)
def test_syntax_errors_keep_their_position_on_the_fast_path(name: str) -> None:
    path = DATA / "bad-input" / name
    with pytest.raises(InputError) as caught:
        load_corpus(make_corpus([path]))
    with pytest.raises(InputError) as reference:
        read_quads(path)
    assert caught.value.position == reference.value.position
    assert caught.value.position is not None and caught.value.position.line


def test_progress_shows_a_bar_with_counts_and_rate() -> None:
    stream = io.StringIO()
    progress = TerminalProgress(stream)
    progress("parse", 0, 4)
    progress("parse", 4, 4)
    text = stream.getvalue()
    assert "[" + "#" * TerminalProgress.WIDTH + "]" in text and "4/4 files" in text
    assert "/s" in text and text.endswith("\n")


def test_no_progress_in_pipes_or_when_quiet() -> None:
    # Under pytest stderr is not a terminal.
    assert not isinstance(progress_for(False), TerminalProgress)
    assert not isinstance(progress_for(True), TerminalProgress)
