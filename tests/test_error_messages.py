"""Errors that lead to the fix: each file of tests/data/error-messages/ is named after its
case; expected.json gives the command, the exit code and the words the output must hold
(FILE:LINE:COL of the real line, the anchor's right offsets, the closest claim IRI)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimgraph.cli import app
from claimgraph.validate.validation import ValidationEngine

HERE = Path(__file__).resolve().parent / "data" / "error-messages"
CASES = json.loads((HERE / "expected.json").read_text(encoding="utf-8"))


def test_every_file_has_a_case() -> None:
    files = {p.name for p in HERE.iterdir() if p.name != "expected.json"}
    assert files == set(CASES)


# Validation on both engines; parsing does not depend on the engine.
RUNS = [
    (name, engine)
    for name in sorted(CASES)
    for engine in (ValidationEngine if CASES[name]["command"] == "validate" else [None])
]


@pytest.mark.parametrize(("name", "engine"), RUNS, ids=[f"{n}-{e}" for n, e in RUNS])
def test_the_message_leads_to_the_fix(name: str, engine: ValidationEngine | None) -> None:
    case = CASES[name]
    arguments = [case["command"], "--data", str(HERE.relative_to(Path.cwd()) / name)]
    if engine is not None:
        arguments += ["--engine", engine.value, "--quiet"]
    result = CliRunner().invoke(app, arguments)
    assert result.exit_code == case["exit"], result.output
    for words in case["expect"]:
        assert words in result.output, result.output
