"""The command line: help, exit codes, outputs, determinism, one-line errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import typer
from rdflib import SH, Dataset, Graph, Literal
from typer.testing import CliRunner

from claimgraph.cli import app

from .conftest import DATA, ROOT

# Every registered command, so that a new one cannot be left out of the checks below.
# (A command group, such as ``ontology``, has sub-commands of its own; they are left out.)
_REGISTERED: dict[str, object] = getattr(typer.main.get_command(app), "commands", {})
COMMANDS = sorted(name for name, command in _REGISTERED.items() if not hasattr(command, "commands"))
BAD_INPUT = DATA / "bad-input"
EXPECTED = json.loads((BAD_INPUT / "expected.json").read_text(encoding="utf-8"))
BAD_CASES = sorted(name for name in EXPECTED if not name.startswith("_"))


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(runner: CliRunner, command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example: claimgraph" in result.stdout


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert re.fullmatch(r"claimgraph \d+\.\d+\.\d+\n", result.stdout)


def test_build_is_deterministic_and_keeps_named_graphs(runner: CliRunner, tmp_path: Path) -> None:
    first, second = tmp_path / "a.trig", tmp_path / "b.trig"
    assert runner.invoke(app, ["build", "-o", str(first), "--quiet"]).exit_code == 0
    assert runner.invoke(app, ["build", "-o", str(second), "--quiet"]).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    dataset = Dataset()
    dataset.parse(first, format="trig")
    graphs = {str(g.identifier) for g in dataset.graphs()}
    doc_graph = "https://w3id.org/claimgraph/graph/doc/artsakh-mfa-statement-on-hajiyev-remarks"
    assert doc_graph in graphs
    assert "https://w3id.org/claimgraph/graph/shared" in graphs


@pytest.mark.parametrize("suffix", [".nq", ".jsonld"])
def test_build_writes_other_dataset_formats_by_extension(
    runner: CliRunner, tmp_path: Path, suffix: str
) -> None:
    out = tmp_path / f"claimgraph{suffix}"
    result = runner.invoke(app, ["build", "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.stderr
    dataset = Dataset()
    dataset.parse(out, format="nquads" if suffix == ".nq" else "json-ld")
    assert len(dataset) > 500


def test_build_refuses_to_flatten_named_graphs(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", "-o", str(tmp_path / "x.ttl")])
    assert result.exit_code == 2
    assert "choose one graph with --graph" in result.stderr
    assert not (tmp_path / "x.ttl").exists()


def test_build_writes_one_chosen_graph_as_turtle(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "shared.ttl"
    shared = "https://w3id.org/claimgraph/graph/shared"
    result = runner.invoke(app, ["build", "-o", str(out), "--graph", shared, "--quiet"])
    assert result.exit_code == 0, result.stderr
    assert len(Graph().parse(out, format="turtle")) > 50


def test_build_refuses_an_input_as_output(runner: CliRunner, reference_data: Path) -> None:
    source = reference_data / "shared" / "actors.trig"
    before = source.read_bytes()
    result = runner.invoke(app, ["build", "-o", str(source)])
    assert result.exit_code == 2
    assert "one of the input files" in result.stderr
    assert source.read_bytes() == before


def test_build_to_stdout_needs_a_format(runner: CliRunner) -> None:
    result = runner.invoke(app, ["build", "-o", "-"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: writing to stdout needs --format")
    result = runner.invoke(app, ["build", "-o", "-", "--format", "application/n-quads"])
    assert result.exit_code == 0
    assert result.stdout.count("\n") > 500


def test_validate_project_data_conforms(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", "--quiet"])
    assert result.exit_code == 0, result.stdout
    assert result.stdout.startswith("conforms")


@pytest.mark.parametrize("fmt, rdf_format", [("turtle", "turtle"), ("json-ld", "json-ld")])
def test_validate_writes_the_standard_report(
    runner: CliRunner, tmp_path: Path, fmt: str, rdf_format: str
) -> None:
    out = tmp_path / f"report.{fmt}"
    result = runner.invoke(app, ["validate", "--format", fmt, "-o", str(out), "--quiet"])
    assert result.exit_code == 0
    report = Graph().parse(out, format=rdf_format)
    conforms = next(report.objects(None, SH.conforms), None)
    assert conforms == Literal(True)


@pytest.mark.parametrize("name", BAD_CASES)
def test_bad_input_is_one_line_with_position(runner: CliRunner, name: str) -> None:
    path = f"tests/data/bad-input/{name}"
    args = ["query", path] if name.endswith(".rq") else ["stats", "--data", path]
    result = runner.invoke(app, args)
    expected = EXPECTED[name]
    assert result.exit_code == expected["exit"], result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert re.search(expected["stderr"], result.stderr), result.stderr
    assert "Traceback" not in result.stderr


def test_debug_shows_the_traceback(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["--debug", "stats", "--data", "tests/data/bad-input/turtle-unknown-prefix.ttl"]
    )
    assert result.exit_code == 2
    assert "Traceback" in result.stderr


def test_missing_data_path_is_a_clear_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["stats", "--data", "no/such/folder"])
    assert result.exit_code == 2
    assert result.stderr == "error: no/such/folder: no such file or folder\n"


def test_stats_counts_the_reference_document(runner: CliRunner) -> None:
    result = runner.invoke(app, ["stats", "--format", "json", "--quiet"])
    assert result.exit_code == 0
    stats = json.loads(result.stdout)
    (document,) = stats["byDocument"]
    counts = document["byClass"]
    assert counts["https://w3id.org/claimgraph/ontology#Claim"] > 10
    assert counts["https://w3id.org/claimgraph/ontology#Rebuttal"] > 10
    assert counts["https://w3id.org/claimgraph/ontology#Citation"] >= 5


def test_anchor_prints_offsets_and_context(runner: CliRunner) -> None:
    text = "data/sources/artsakh-mfa-statement-on-hajiyev-remarks.txt"
    result = runner.invoke(app, ["anchor", text, "Lachine Corridor"])
    assert result.exit_code == 0
    content = (ROOT / text).read_text(encoding="utf-8")
    start = int(re.search(r"cg:start (\d+)", result.stdout).group(1))  # type: ignore[union-attr]
    assert content[start : start + len("Lachine Corridor")] == "Lachine Corridor"


def test_anchor_refuses_an_ambiguous_quote(runner: CliRunner) -> None:
    text = "data/sources/artsakh-mfa-statement-on-hajiyev-remarks.txt"
    result = runner.invoke(app, ["anchor", text, "Lachin Corridor"])
    assert result.exit_code == 2
    assert "occurs" in result.stderr and "--occurrence" in result.stderr
    assert runner.invoke(app, ["anchor", text, "Lachin Corridor", "-n", "2"]).exit_code == 0


def test_queries_lists_each_question_and_parameter(runner: CliRunner) -> None:
    result = runner.invoke(app, ["queries"])
    assert result.exit_code == 0
    assert "rebutted-claims" in result.stdout
    assert "--param claimant=<iri>  (optional)" in result.stdout
    assert "--param name=<string>  (required)" in result.stdout


def test_check_passes_on_project_data(runner: CliRunner) -> None:
    result = runner.invoke(app, ["check", "--quiet"])
    assert result.exit_code == 0, result.stdout
    assert "violation" not in result.stdout.replace("-violation:", "")
