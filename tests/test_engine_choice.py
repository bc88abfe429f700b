"""One place chooses the validation engine, and ``--engine`` says what it selects.

- :func:`claimgraph.validate.validation.run_engine` is the only caller of pySHACL and of the
  fast engine's checks: ``validate``, ``build`` and the store's incremental validation share
  its choice and its hand-over to pySHACL.
- ``--engine`` selects the SPARQL engine on ``query``/``check`` and the SHACL engine on
  ``validate``/``build``; each help text says which, and names the other.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from rdflib import Graph
from typer.testing import CliRunner

import claimgraph
from claimgraph.cli import app
from claimgraph.corpus.files import make_corpus
from claimgraph.corpus.loading import load_corpus
from claimgraph.validate.validation import ValidationEngine, run_engine, shapes_graph

from .conftest import DATA

SRC = Path(claimgraph.__file__).resolve().parent
SMALL_DATA = DATA / "invalid" / "RebuttalSameClaimant-warning.trig"
CLOSED_SHAPE = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix cg: <https://w3id.org/claimgraph/ontology#> .
<https://example.org/shapes#S> a sh:NodeShape ; sh:targetClass cg:Claim ; sh:closed true ;
    sh:message "closed" .
"""


def _callers(name: str) -> set[str]:
    """``module:function`` of every call of ``name`` in the library."""
    found: set[str] = set()
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.Call):
                    callee = node.func
                    called = callee.attr if isinstance(callee, ast.Attribute) else None
                    if isinstance(callee, ast.Name):
                        called = callee.id
                    if called == name:
                        found.add(f"{path.relative_to(SRC).as_posix()}:{function.name}")
    return found


@pytest.mark.parametrize("name", ["validate_with_pyshacl", "compile_shapes", "run_checks_keyed"])
def test_the_engine_is_chosen_in_one_place(name: str) -> None:
    callers = _callers(name) - {
        # The incremental path re-runs the fast engine's checks on some focus nodes only,
        # after run_engine made the choice for the cached full validation.
        "validate/incremental.py:_validate_incremental",
        # The fast engine's own modules.
        "validate/shacl/engine.py:run_checks",
    }
    assert callers <= {"validate/validation.py:run_engine"}, callers


def test_run_engine_gives_check_keys_or_hands_over_with_a_note() -> None:
    corpus = make_corpus([SMALL_DATA])
    loaded = load_corpus(corpus)

    fast = run_engine(loaded, shapes_graph(corpus))
    assert fast.engine is ValidationEngine.FAST and fast.notes == []
    assert fast.compiled is not None and fast.results
    assert all(key is not None for key, _ in fast.keyed)

    closed = Graph().parse(data=CLOSED_SHAPE, format="turtle")
    handed = run_engine(loaded, closed)
    assert handed.engine is ValidationEngine.PYSHACL and handed.compiled is None
    assert handed.notes == [
        "the fast engine handed over to pySHACL: shape https://example.org/shapes#S uses "
        "sh:closed, which the fast engine does not run"
    ]
    assert all(key is None for key, _ in handed.keyed)

    reference = run_engine(loaded, shapes_graph(corpus), ValidationEngine.PYSHACL)
    assert reference.notes == []
    assert [r.identity() for r in reference.results] == [r.identity() for r in fast.results]


@pytest.mark.parametrize(
    ("command", "says", "names_other"),
    [
        ("query", "SPARQL engine", "SHACL engine of validate/build"),
        ("check", "SPARQL engine", "SHACL engine of validate/build"),
        ("validate", "SHACL validation engine", "SPARQL engine of query/check"),
        ("build", "SHACL validation engine", "SPARQL engine of query/check"),
    ],
)
def test_engine_help_says_what_it_selects(
    runner: CliRunner, command: str, says: str, names_other: str
) -> None:
    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "500", "TERM": "dumb"})
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert says in text
    assert names_other in text
