"""Malformed shapes are bad input, refused before either engine validates anything.

- ``tests/data/shapes-invalid/<case>/shapes/<case>.ttl`` holds one malformed shape per case,
  loaded as an extension (``--ontology <case>``); the line the error must name ends in
  ``# <- the bad shape``. ``validate`` must exit 2 with one line naming that file and line,
  on both engines, and print no report on the data.
- The project's shapes, and every shapes graph of the W3C SHACL core test suite (where the
  suite is present), are well-formed.
- Warnings alone: the RDF report says ``sh:conforms false`` (as SHACL says), the exit code
  stays 0, and the text does not say "conforms".
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from rdflib import SH, Graph, Literal, Namespace
from typer.testing import CliRunner

from claimgraph.cli import app
from claimgraph.corpus.files import make_corpus
from claimgraph.validate.shacl import wellformed
from claimgraph.validate.shacl.wellformed import graph_problems, shape_problems

from .conftest import DATA, ROOT

CASES = sorted(p for p in (DATA / "shapes-invalid").iterdir() if p.is_dir())
MARK = "# <- the bad shape"
SMALL_DATA = DATA / "valid" / "Claim-direct-minimal.trig"
WARNING_ONLY = DATA / "invalid" / "RebuttalSameClaimant-warning.trig"
ENGINES = ["fast", "pyshacl"]

SHT = Namespace("http://www.w3.org/ns/shacl-test#")
W3C_CANDIDATES = [
    Path(os.environ.get("CLAIMGRAPH_W3C_SHACL_TESTS", "/nonexistent")),
    ROOT.parent / "shared" / "external" / "w3c-shacl-tests",
    Path("/work/shared/external/w3c-shacl-tests"),
]
W3C = next((p / "tests" / "core" for p in W3C_CANDIDATES if (p / "tests" / "core").is_dir()), None)
W3C_ILL_FORMED = {
    # Its label says "valid and invalid paths together": its sh:path is a sequence and an
    # inverse path at once, which SHACL-SHACL rejects.
    "path-strange-002.ttl",
}


def _shapes_file(case: Path) -> Path:
    return case / "shapes" / f"{case.name}.ttl"


def _marked_line(path: Path) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    marked = [n for n, line in enumerate(lines, start=1) if line.rstrip().endswith(MARK)]
    assert len(marked) == 1, f"{path.name} must mark one line with {MARK!r}"
    return marked[0]


def _w3c_shapes_graphs() -> list[Path]:
    if W3C is None:
        return []
    found: set[Path] = set()
    for manifest in sorted(W3C.rglob("*.ttl")):
        graph = Graph().parse(manifest)
        for shapes in graph.objects(None, SHT.shapesGraph):
            found.add(Path(str(shapes).removeprefix("file://")))
    return sorted(found)


W3C_SHAPES = _w3c_shapes_graphs()


def test_there_are_cases() -> None:
    assert len(CASES) >= 20


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_malformed_shape_is_bad_input_with_file_and_line(
    runner: CliRunner, case: Path, engine: str
) -> None:
    args = ["validate", "--no-store", "--engine", engine, "--ontology", str(case)]
    result = runner.invoke(app, [*args, "--data", str(SMALL_DATA)])

    assert result.exit_code == 2, result.output
    assert result.stdout == "", "no verdict on the data"
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    shown = os.path.relpath(_shapes_file(case), ROOT)
    line = _marked_line(_shapes_file(case))
    assert re.match(rf"error: {re.escape(shown)}:{line}:\d+: bad shape: ", lines[0]), lines[0]
    assert "Traceback" not in result.output


def test_build_refuses_malformed_shapes_before_building(runner: CliRunner, tmp_path: Path) -> None:
    case = DATA / "shapes-invalid" / "class-is-a-literal"
    store = tmp_path / "store"
    args = ["build", "--store", str(store), "--ontology", str(case), "--data", str(SMALL_DATA)]
    result = runner.invoke(app, args)

    assert result.exit_code == 2, result.output
    assert "class-is-a-literal.ttl:" in result.stderr
    assert not store.exists() or not any(store.iterdir())


def test_ontology_check_reports_a_malformed_shape(runner: CliRunner) -> None:
    case = DATA / "shapes-invalid" / "select-with-service"
    result = runner.invoke(app, ["ontology", "check", "--ontology", str(case)])

    assert result.exit_code == 1, result.output
    shown = os.path.relpath(_shapes_file(case), ROOT)
    line = _marked_line(_shapes_file(case))
    assert f"{shown}:{line}: error[malformed-shape]: " in result.stdout
    assert "SERVICE" in result.stdout


def test_project_shapes_are_well_formed() -> None:
    assert shape_problems(make_corpus().shapes_files) == []


@pytest.mark.skipif(W3C is None, reason="the W3C SHACL test suite is not in shared/external")
@pytest.mark.parametrize("path", W3C_SHAPES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_w3c_core_shapes_graphs_are_judged_as_shacl_shacl_judges_them(path: Path) -> None:
    problems = graph_problems(path, path.read_bytes(), Graph().parse(path))
    if path.name in W3C_ILL_FORMED:
        assert problems, f"{path.name} is ill-formed and must be refused"
    else:
        assert problems == [], [p.message for p in problems]


def test_w3c_suite_has_shapes_graphs_when_present() -> None:
    assert W3C is None or len(W3C_SHAPES) > 90


def test_a_well_formed_verdict_is_kept_between_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLAIMGRAPH_CACHE", str(tmp_path))
    monkeypatch.setattr(wellformed, "_CHECKED", set())
    files = make_corpus().shapes_files
    assert shape_problems(files) == []
    assert any(tmp_path.rglob("*")), "the verdict is kept on disk"

    # A new process (nothing in memory) trusts the kept verdict: no check runs again.
    monkeypatch.setattr(wellformed, "_CHECKED", set())

    def no_check(self: object) -> list[object]:
        raise AssertionError("a file known to be well-formed was checked again")

    monkeypatch.setattr(wellformed._FileCheck, "run", no_check)
    assert shape_problems(files) == []


def test_a_bad_file_is_checked_every_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMGRAPH_CACHE", str(tmp_path))
    bad = _shapes_file(DATA / "shapes-invalid" / "pattern-unclosed-group")
    first = shape_problems([bad])
    assert first and shape_problems([bad]) == first


def test_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMGRAPH_CACHE", "none")
    assert wellformed.cache_folder() is None


# --- warnings only ---------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("fmt", ["turtle", "json-ld"])
def test_warnings_only_report_says_sh_conforms_false(
    runner: CliRunner, engine: str, fmt: str
) -> None:
    args = ["validate", "--no-store", "--engine", engine, "--format", fmt]
    result = runner.invoke(app, [*args, "--data", str(WARNING_ONLY)])

    assert result.exit_code == 0, result.output
    report = Graph().parse(data=result.stdout, format=fmt)
    assert set(report.objects(None, SH.conforms)) == {Literal(False)}
    severities = set(report.objects(None, SH.resultSeverity))
    assert severities == {SH.Warning}


@pytest.mark.parametrize("engine", ENGINES)
def test_warnings_only_text_does_not_say_conforms(runner: CliRunner, engine: str) -> None:
    args = ["validate", "--no-store", "--engine", engine, "--data", str(WARNING_ONLY)]
    result = runner.invoke(app, args)

    assert result.exit_code == 0, result.output
    last = result.stdout.splitlines()[-1]
    assert last.startswith("does not conform, with warnings only (exit code 0): 0 violation(s)")
