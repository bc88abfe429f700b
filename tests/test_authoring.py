"""The authoring format and its compiler: the reference document compiles to the same graph
as its hand-written TriG; bad authoring files get errors at the right line with a fix."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from rdflib import Dataset
from rdflib.compare import isomorphic

from claimgraph.authoring import anchoring
from claimgraph.authoring.compiler import compile_file
from claimgraph.authoring.yamlnodes import load_file, to_plain
from claimgraph.errors import AuthoringError, InputError

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "data" / "documents" / "artsakh-mfa-statement-on-hajiyev-remarks"
HERE = Path(__file__).resolve().parent / "data" / "authoring"
STUDY = HERE / "study"
BAD = HERE / "bad"
EXPECTED = json.loads((BAD / "expected.json").read_text(encoding="utf-8"))
BAD_CASES = sorted(name for name in EXPECTED if not name.startswith("_"))


def _quads(ds: Dataset) -> dict[str, Dataset]:
    return {str(g.identifier): g for g in ds.graphs() if len(g)}  # type: ignore[misc]


def test_reference_document_compiles_to_a_graph_isomorphic_to_its_trig() -> None:
    compiled = compile_file(REFERENCE.with_suffix(".yaml"))
    expected = Dataset()
    expected.parse(REFERENCE.with_suffix(".trig"), format="trig")
    got = Dataset()
    got.parse(data=compiled.trig(), format="trig")
    want_graphs, got_graphs = _quads(expected), _quads(got)
    assert sorted(want_graphs) == sorted(got_graphs)
    for name, graph in want_graphs.items():
        assert isomorphic(graph, got_graphs[name]), name
    # The in-memory dataset is the same graph as the written TriG.
    assert isomorphic(compiled.dataset().graph(compiled.graph), got.graph(compiled.graph))


def test_compiled_trig_is_deterministic() -> None:
    source = REFERENCE.with_suffix(".yaml")
    assert compile_file(source).trig() == compile_file(source).trig()


@pytest.mark.parametrize(
    "path",
    [REFERENCE.with_suffix(".yaml"), STUDY / "documents" / "riverside-parents-statement.yaml"],
)
def test_authoring_files_follow_the_published_json_schema(path: Path) -> None:
    schema = json.loads(
        resources.files("claimgraph.authoring").joinpath("authoring.schema.json").read_text()
    )
    jsonschema.validate(to_plain(load_file(path)), schema)


def test_the_schema_in_docs_is_the_packaged_one() -> None:
    packaged = resources.files("claimgraph.authoring").joinpath("authoring.schema.json")
    assert (ROOT / "docs" / "authoring.schema.json").read_text() == packaged.read_text()


def test_synthetic_study_anchors_across_curly_quotes_and_context() -> None:
    compiled = compile_file(STUDY / "documents" / "riverside-parents-statement.yaml")
    text = (STUDY / "sources" / "riverside-parents-statement.txt").read_text(encoding="utf-8")
    ds = compiled.dataset()
    rows = ds.query(
        "PREFIX cg: <https://w3id.org/claimgraph/ontology#> "
        "SELECT ?exact ?start ?end WHERE { GRAPH ?g { ?a cg:exact ?exact ; cg:start ?start ; "
        "cg:end ?end } }"
    )
    exacts = []
    for exact, start, end in rows:  # type: ignore[misc]
        assert text[int(str(start)) : int(str(end))] == str(exact)
        exacts.append(str(exact))
    # Written with straight quotes, stored with the text's curly ones.
    assert "“The claims of the school board that" in exacts


@pytest.mark.parametrize("case", BAD_CASES)
def test_bad_authoring_file_is_reported_at_its_line_with_a_fix(case: str) -> None:
    want = EXPECTED[case]
    with pytest.raises(InputError) as caught:
        compile_file(BAD / case, data_folder=STUDY)
    error = caught.value
    errors = error.errors if isinstance(error, AuthoringError) else [error]
    matching = [e for e in errors if want["message"] in e.message]
    assert matching, [str(e) for e in errors]
    first = matching[0]
    assert first.position is not None and first.position.line == want["line"], str(first)
    assert first.source == str(BAD / case)
    if want["hint"] is not None:
        assert first.hint is not None and want["hint"] in first.hint, str(first)


ANCHOR_CASES = json.loads((HERE / "anchoring-cases.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", sorted(k for k in ANCHOR_CASES if not k.startswith("_")))
def test_forgiving_anchoring(case: str) -> None:
    want = ANCHOR_CASES[case]
    text = (STUDY / "sources" / "riverside-parents-statement.txt").read_text(encoding="utf-8")
    if "error" in want:
        with pytest.raises(InputError) as caught:
            anchoring.find(text, want["quote"], want.get("near"))
        assert want["error"] in caught.value.message
        if "hint" in want:
            assert caught.value.hint is not None and want["hint"] in caught.value.hint
        return
    found = anchoring.find(text, want["quote"], want.get("near"))
    assert found.exact == want["exact"] == text[found.start : found.end]
    assert found.start >= want.get("start_after", 0)
    assert found.prefix == text[max(0, found.start - 32) : found.start]


def test_authoring_page_states_the_measured_lines_per_claim() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "count_authoring_lines", ROOT / "scripts" / "count_authoring_lines.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    measured = module.count(REFERENCE.with_suffix(".yaml"))
    page = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    for key in ("claims", "lines", "per_claim", "essential_lines", "essential_per_claim"):
        assert f"{key}\t{measured[key]}\n" in page, key
