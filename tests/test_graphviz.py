"""The one Graphviz runner, for ``claimgraph export`` and ``claimgraph ontology docs`` alike.

Where ``dot`` is missing, fails, draws nothing or runs too long, both commands get the same
error types, exit codes and messages; only what is drawn and the way around it (their own
options) differ. Stand-ins for ``dot`` are in ``tests/data/graphviz/`` (see its README).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimgraph.cli import app
from claimgraph.errors import GraphvizMissingError, RenderError
from claimgraph.graphviz import EXPORT_USE, GraphvizUse, render_dot
from claimgraph.ontology_tools.docs.diagram import DOCS_USE

from .conftest import DATA

STAND_INS = DATA / "graphviz"
USES = {"export": EXPORT_USE, "ontology-docs": DOCS_USE}
DOT = "digraph g { a -> b; }\n"


def _dot_on_path(stand_in: str, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Put a stand-in first on the PATH under the name ``dot``."""
    shutil.copy2(STAND_INS / stand_in, folder / "dot")
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ.get('PATH', '')}")


@pytest.mark.parametrize("use", USES.values(), ids=list(USES))
def test_missing_dot_names_what_is_drawn_and_the_way_around(
    use: GraphvizUse, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("claimgraph.graphviz.shutil.which", lambda _: None)
    with pytest.raises(GraphvizMissingError) as caught:
        render_dot(DOT, "svg", use)
    assert caught.value.exit_code == 3
    assert caught.value.message == f"{use.drawn}, and its `dot` command was not found"
    assert caught.value.hint is not None
    assert caught.value.hint.startswith("install Graphviz (Debian/Ubuntu: apt-get install")
    assert caught.value.hint.endswith(f", or {use.instead}")


@pytest.mark.parametrize("use", USES.values(), ids=list(USES))
@pytest.mark.parametrize(
    ("stand_in", "message"),
    [
        (
            "dot-that-fails",
            "Graphviz could not draw the picture: Error: <stdin>: syntax error in line 1 near 'x'",
        ),
        ("dot-that-draws-nothing", "Graphviz could not draw the picture: exit code 0"),
    ],
)
def test_a_dot_that_draws_no_picture_is_a_render_error(
    stand_in: str,
    message: str,
    use: GraphvizUse,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _dot_on_path(stand_in, tmp_path, monkeypatch)
    with pytest.raises(RenderError) as caught:
        render_dot(DOT, "svg", use)
    assert caught.value.exit_code == 2
    assert caught.value.message == message


@pytest.mark.parametrize("use", USES.values(), ids=list(USES))
def test_a_dot_that_hangs_is_stopped_at_the_timeout(
    use: GraphvizUse, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _dot_on_path("dot-that-hangs", tmp_path, monkeypatch)
    monkeypatch.setattr("claimgraph.graphviz.DOT_TIMEOUT", 1)
    with pytest.raises(RenderError) as caught:
        render_dot(DOT, "svg", use)
    assert caught.value.message == "Graphviz took more than 1 s to draw the picture"
    assert caught.value.hint == use.smaller


@pytest.mark.parametrize(
    "args",
    [
        ["export", "argument-map", "-f", "svg", "-o", "{out}/map.svg", "--quiet"],
        ["ontology", "docs", "--diagram", "dot", "-o", "{out}/docs"],
    ],
    ids=["export", "ontology-docs"],
)
def test_both_commands_report_a_failing_dot_in_the_same_line(
    args: list[str], runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _dot_on_path("dot-that-fails", tmp_path, monkeypatch)
    out = tmp_path / "out"
    result = runner.invoke(app, [a.replace("{out}", str(out)) for a in args])
    assert result.exit_code == 2
    assert result.stderr == (
        "error: Graphviz could not draw the picture: Error: <stdin>: syntax error in line 1 "
        "near 'x'\n"
    )
    assert not out.exists() or not any(out.rglob("*"))
