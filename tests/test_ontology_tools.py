"""``claimgraph ontology check|new|docs|diff``, driven by the files in ``tests/data``.

- ``ontology-check/<code>-<case>/`` is an extension (or a folder of extensions) that
  provokes the check ``<code>`` and nothing else: the test loads it with the project's core
  and expects exactly that code, reported in the case's own files;
- ``ontology-diff/v*/`` are versions of one small extension, compared pairwise;
- ``ontology new`` scaffolds into a temporary folder, and what it writes must pass
  ``ontology check`` and its own generated test;
- ``ontology docs`` must document every term of the core and of every extension.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from defusedxml import ElementTree
from typer.testing import CliRunner

from claimgraph.cli import app
from claimgraph.corpus.files import make_corpus
from claimgraph.extensions import LEGAL
from claimgraph.ontology_tools import CHECKS, CheckReport, check_ontology
from claimgraph.ontology_tools.check import ERROR, WARNING, read_catalog
from claimgraph.ontology_tools.diff import diff_ontologies
from claimgraph.ontology_tools.docs import generate_docs
from claimgraph.ontology_tools.scaffold import scaffold_extension
from claimgraph.rdf.namespace import CG

from .conftest import DATA, ROOT

CHECK_CASES = sorted(p for p in (DATA / "ontology-check").iterdir() if p.is_dir())
DIFF = DATA / "ontology-diff"


def _code_of(case: Path) -> str:
    """The check a case provokes: the longest code its folder name starts with."""
    codes = [code for code in CHECKS if case.name.startswith(f"{code}-")]
    assert codes, f"{case.name} does not start with a check code"
    return max(codes, key=len)


def _extension_folders(case: Path) -> list[Path]:
    """A case is one extension folder, or a folder of several (for clashes between them)."""
    if any(case.glob("*.ttl")):
        return [case]
    return sorted(p for p in case.iterdir() if p.is_dir())


@cache
def _check(case: Path) -> CheckReport:
    return check_ontology(make_corpus(ontology=_extension_folders(case)), data=False)


def _terms(namespace: type) -> list[str]:
    base = str(namespace._NS)  # type: ignore[attr-defined]
    return [base + name for name in namespace.__annotations__ if not name.startswith("_")]


# --- ontology check ----------------------------------------------------------------------


def test_project_ontology_passes_the_check() -> None:
    report = check_ontology(make_corpus())
    assert report.problems == [], report.render()


@pytest.mark.parametrize("case", CHECK_CASES, ids=lambda p: Path(p).name)
def test_check_case_reports_its_problem_only(case: Path) -> None:
    report = _check(case)

    assert report.codes() == {_code_of(case)}, report.render()
    shown = os.path.relpath(case, ROOT)
    for problem in report.problems:
        assert problem.file.startswith(shown), problem
    assert report.ok == (CHECKS[_code_of(case)][0] == WARNING)


def test_every_check_has_a_case() -> None:
    assert sorted(set(CHECKS) - {_code_of(case) for case in CHECK_CASES}) == []


def test_problems_name_the_line_where_it_can_be_found() -> None:
    (problem,) = _check(DATA / "ontology-check" / "term-without-label-class-without-label").problems
    assert problem.line is not None
    text = Path(ROOT / problem.file).read_text(encoding="utf-8").splitlines()
    assert "demo:Rally" in text[problem.line - 1]


def test_check_cli_exit_codes(runner: CliRunner) -> None:
    ok = runner.invoke(app, ["ontology", "check"])
    assert ok.exit_code == 0, ok.output
    assert ok.stdout.startswith("ok: no problems")

    case = DATA / "ontology-check" / "undeclared-class-in-range-misspelt-core-class"
    error = runner.invoke(app, ["ontology", "check", "--ontology", str(case)])
    assert error.exit_code == 1
    assert "error[undeclared-class-in-range]" in error.stdout
    assert "cg:Actr" in error.stdout

    case = DATA / "ontology-check" / "deprecated-term-used-example-uses-deprecated-property"
    warning = runner.invoke(app, ["ontology", "check", "--ontology", str(case)])
    assert warning.exit_code == 0
    assert "warning[deprecated-term-used]" in warning.stdout

    bad = runner.invoke(
        app, ["ontology", "check", "--ontology", str(DATA / "bad-input/turtle-unknown-prefix.ttl")]
    )
    assert bad.exit_code == 2
    assert bad.stderr.startswith("error: tests/data/bad-input/turtle-unknown-prefix.ttl:4:5:")


def test_check_cli_writes_json(runner: CliRunner) -> None:
    case = DATA / "ontology-check" / "prefix-clash-two-extensions-one-prefix"
    args = ["ontology", "check", "--format", "json", "--no-data"]
    for folder in _extension_folders(case):
        args += ["--ontology", str(folder)]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert {p["code"] for p in report["problems"]} == {"prefix-clash"}
    assert all(p["severity"] == ERROR and p["file"] for p in report["problems"])


def test_check_cli_lists_every_check(runner: CliRunner) -> None:
    result = runner.invoke(app, ["ontology", "check", "--list"])
    assert result.exit_code == 0
    for code in CHECKS:
        assert code in result.stdout


@pytest.mark.parametrize("command", ["check", "new", "docs", "diff"])
def test_every_ontology_command_has_help_with_an_example(runner: CliRunner, command: str) -> None:
    result = runner.invoke(app, ["ontology", command, "--help"])
    assert result.exit_code == 0
    assert "Example: claimgraph ontology" in result.stdout


# --- ontology new ------------------------------------------------------------------------


def test_scaffolded_extension_passes_check_and_its_own_test(tmp_path: Path) -> None:
    written = scaffold_extension("media-monitoring", tmp_path)
    folder = tmp_path / "media-monitoring"
    assert {p.relative_to(folder).as_posix() for p in written} == {
        "media-monitoring.ttl",
        "shapes/media-monitoring-shapes.ttl",
        "examples/media-monitoring-example.trig",
        "tests/test_media_monitoring.py",
        "README.md",
        "catalog-v001.xml",
    }
    report = check_ontology(make_corpus(ontology=[folder]), data=False)
    assert report.problems == [], report.render()

    # Its own test, as a researcher runs it: pytest on the new folder, from inside it.
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "2 passed" in completed.stdout


def test_scaffold_into_a_core_folder_chains_its_catalog(tmp_path: Path) -> None:
    core = tmp_path / "ontology"
    shutil.copytree(ROOT / "ontology", core)
    written = scaffold_extension("protests", core / "extensions")
    assert core / "catalog-v001.xml" in written
    chained = read_catalog(core / "catalog-v001.xml", follow=False, chains=True)
    assert "extensions/protests/catalog-v001.xml" in chained
    # The copied core (with legal and the new extension) passes the check, catalogs too.
    report = check_ontology(make_corpus(ontology=[core]), data=False)
    assert report.problems == [], report.render()


def test_new_cli_writes_the_extension_and_refuses_to_overwrite(
    runner: CliRunner, tmp_path: Path
) -> None:
    first = runner.invoke(app, ["ontology", "new", "rallies", "--into", str(tmp_path)])
    assert first.exit_code == 0, first.output
    assert (tmp_path / "rallies" / "rallies.ttl").is_file()
    before = (tmp_path / "rallies" / "rallies.ttl").read_bytes()

    again = runner.invoke(app, ["ontology", "new", "rallies", "--into", str(tmp_path)])
    assert again.exit_code == 2
    assert "already exists" in again.stderr
    assert (tmp_path / "rallies" / "rallies.ttl").read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Bad_Name"], "invalid extension name"),
        (["shapes"], "is reserved"),
        (["rallies", "--prefix", "cg"], "claimgraph's own"),
        (["rallies", "--namespace", "https://w3id.org/claimgraph/ontology#x/"], "claimgraph's own"),
    ],
)
def test_new_cli_refuses_bad_names(
    runner: CliRunner, tmp_path: Path, args: list[str], message: str
) -> None:
    result = runner.invoke(app, ["ontology", "new", *args, "--into", str(tmp_path)])
    assert result.exit_code == 2
    assert message in result.stderr
    assert list(tmp_path.iterdir()) == []


# --- ontology docs -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def docs_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("docs")
    generate_docs(make_corpus(), folder)
    return folder


def test_docs_write_html_markdown_and_svg_for_core_and_extensions(docs_folder: Path) -> None:
    names = {p.name for p in docs_folder.iterdir()}
    assert names == {
        "index.html",
        "index.md",
        "core.html",
        "core.md",
        "core-classes.svg",
        "legal.html",
        "legal.md",
        "legal-classes.svg",
    }
    for svg in docs_folder.glob("*.svg"):
        assert ElementTree.parse(svg).getroot().tag.endswith("svg")


@pytest.mark.parametrize(
    ("page", "terms"), [("core", _terms(CG)), ("legal", _terms(LEGAL))], ids=["core", "legal"]
)
def test_docs_contain_every_term(docs_folder: Path, page: str, terms: list[str]) -> None:
    html_text = (docs_folder / f"{page}.html").read_text(encoding="utf-8")
    markdown = (docs_folder / f"{page}.md").read_text(encoding="utf-8")
    prefix = "cg" if page == "core" else "legal"
    for iri in terms:
        local = iri.rsplit("#", 1)[1]
        anchor = f'id="{prefix}-{local}"'
        assert f"<code>{iri}</code>" in html_text, iri
        assert anchor in html_text, iri
        assert f"`{iri}`" in markdown, iri
        assert f"<a {anchor}></a>" in markdown, iri


def test_docs_show_definitions_shapes_and_real_examples(docs_folder: Path) -> None:
    legal = (docs_folder / "legal.md").read_text(encoding="utf-8")
    section = legal.split('<a id="legal-ProvisionalMeasuresOrder"></a>')[1].split("<a id=")[0]
    assert "An order by which a court indicates" in section
    assert "[`legal:Order`](#legal-Order)" in section
    assert "`legalsh:CourtDecisionShape`" in section
    # The example is the reference data's ICJ order, from the context graph.
    assert "Example, from `data/context/public-record.trig`" in section
    assert "act:icj-order-2023-02-22" in section


def test_docs_are_offline_and_deterministic(docs_folder: Path, tmp_path: Path) -> None:
    for page in docs_folder.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script" not in text
        assert 'src="http' not in text and "@import" not in text
    generate_docs(make_corpus(), tmp_path)
    for page in docs_folder.iterdir():
        assert (tmp_path / page.name).read_bytes() == page.read_bytes(), page.name


def test_docs_escape_text_from_the_ontology(tmp_path: Path) -> None:
    scaffold_extension("rallies", tmp_path)
    ontology = tmp_path / "rallies" / "rallies.ttl"
    text = ontology.read_text(encoding="utf-8")
    ontology.write_text(
        text.replace('rdfs:label "rallies event"@en', 'rdfs:label "<script>alert(1)</script>"@en'),
        encoding="utf-8",
    )
    out = tmp_path / "docs"
    generate_docs(make_corpus(ontology=[tmp_path / "rallies"]), out, diagram="tree")
    page = (out / "rallies.html").read_text(encoding="utf-8")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>" not in (out / "rallies-classes.svg").read_text(encoding="utf-8")


def test_docs_cli_draws_without_graphviz_or_says_why(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("claimgraph.graphviz.shutil.which", lambda _: None)
    refused = runner.invoke(app, ["ontology", "docs", "-o", str(tmp_path), "--diagram", "dot"])
    assert refused.exit_code == 3
    assert refused.stderr.startswith(
        "error: the class-hierarchy pictures are drawn by Graphviz, and its `dot` command "
        "was not found (hint: install Graphviz"
    )
    assert "or use --diagram tree" in refused.stderr

    drawn = runner.invoke(app, ["ontology", "docs", "-o", str(tmp_path), "-f", "markdown"])
    assert drawn.exit_code == 0, drawn.output
    assert "diagrams: tree" in drawn.stdout
    assert (tmp_path / "core.md").is_file() and not (tmp_path / "core.html").exists()


# --- ontology diff -----------------------------------------------------------------------


def test_diff_lists_added_deprecated_and_changed_terms() -> None:
    diff = diff_ontologies([DIFF / "v0.1.0"], [DIFF / "v0.2.0"])
    assert diff.ok
    assert [c.term for c in diff.added] == ["demo:Address", "demo:March"]
    assert [c.term for c in diff.deprecated] == ["demo:Speech"]
    assert diff.deprecated[0].details == ("replaced by demo:Address",)
    assert [c.term for c in diff.changed] == ["demo:crowdSize"]
    assert "rdfs:range: xsd:string -> xsd:nonNegativeInteger" in diff.changed[0].details
    assert diff.removed == [] and diff.removed_after_deprecation == []
    assert diff.warnings == []
    assert "ontology <https://w3id.org/claimgraph/ext/demo>: 0.1.0 -> 0.2.0" in diff.versions


def test_diff_fails_on_removal_without_deprecation(runner: CliRunner) -> None:
    result = runner.invoke(
        app,
        [
            "ontology",
            "diff",
            str(DIFF / "v0.2.0"),
            str(DIFF / "v0.3.0-removes-term-without-deprecation"),
        ],
    )
    assert result.exit_code == 1
    assert "removed without deprecation" in result.stdout
    assert "demo:organiser" in result.stdout


def test_diff_allows_removal_after_deprecation_with_a_warning(runner: CliRunner) -> None:
    result = runner.invoke(
        app,
        [
            "ontology",
            "diff",
            "--format",
            "json",
            str(DIFF / "v0.2.0"),
            str(DIFF / "v0.3.0-removes-deprecated-term"),
        ],
    )
    assert result.exit_code == 0
    diff = json.loads(result.stdout)
    assert [c["term"] for c in diff["removedAfterDeprecation"]] == ["demo:Speech"]
    assert diff["removed"] == []
    assert diff["warnings"]


def test_diff_of_the_project_ontology_with_itself_is_empty() -> None:
    diff = diff_ontologies([ROOT / "ontology"], [ROOT / "ontology"])
    assert diff.empty and diff.ok and diff.versions == []


def test_diff_refuses_a_missing_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["ontology", "diff", "no/such/folder", str(DIFF / "v0.1.0")])
    assert result.exit_code == 2
    assert result.stderr == "error: no/such/folder: no such file or folder\n"
