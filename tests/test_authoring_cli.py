"""The authoring commands at the command line: help with an example, exit codes, output."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset
from typer.testing import CliRunner

from claimgraph.cli import app

HERE = Path(__file__).resolve().parent / "data" / "authoring"
STUDY = HERE / "study"
ROOT = Path(__file__).resolve().parent.parent
REFERENCE_YAML = ROOT / "data" / "documents" / "artsakh-mfa-statement-on-hajiyev-remarks.yaml"
AUTHORING_COMMANDS = ["compile"]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.mark.parametrize("command", AUTHORING_COMMANDS)
def test_authoring_command_help_has_an_example(runner: CliRunner, command: str) -> None:
    result = runner.invoke(app, [*command.split(), "--help"])
    assert result.exit_code == 0
    assert "Example: claimgraph" in result.stdout


def test_compile_check_accepts_the_reference_document(runner: CliRunner) -> None:
    result = runner.invoke(app, ["compile", str(REFERENCE_YAML), "--check"])
    assert result.exit_code == 0, result.stderr
    assert "same graph" in result.stderr


def test_compile_writes_trig_beside_a_copy(runner: CliRunner, tmp_path: Path) -> None:
    source = STUDY / "documents" / "riverside-parents-statement.yaml"
    out = tmp_path / "out.trig"
    result = runner.invoke(app, ["compile", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    ds = Dataset()
    ds.parse(out, format="trig")
    assert len(ds) > 50


def test_compile_reports_every_error_with_its_line(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "two-errors.yaml"
    bad.write_text(
        (HERE / "bad" / "unknown-actor.yaml").read_text(encoding="utf-8")
        + "    topics: road safty\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["compile", str(bad), "--data", str(STUDY)])
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(lines) == 2
    assert f"{bad}:13:9: unknown actor" in lines[0]
    assert f"{bad}:14:13: unknown topic" in lines[1]
