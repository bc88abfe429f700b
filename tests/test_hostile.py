"""The hostile-input corpus: every case in ``tests/data/hostile/*/cases.json``.

Each case is run through the real command line, against a fresh copy of its folder, and
must end with the exit code and the message its file states, never with a traceback or an
"unexpected" error. See ``tests/data/hostile/README.md`` for the format.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from claimgraph.cli import app

from .conftest import DATA, ROOT

HOSTILE = DATA / "hostile"
MINIMUM_CASES = 120
"""The issue that introduced the corpus asks for at least this many cases."""


@dataclass(frozen=True)
class HostileCase:
    """One hostile input and what claimgraph must do with it."""

    area: str
    name: str
    args: tuple[str, ...]
    exit: int
    stderr: str
    stdout: str | None = None
    stdout_absent: str | None = None
    stdin: str | None = None
    unchanged: tuple[str, ...] = field(default_factory=tuple)

    @property
    def id(self) -> str:
        return f"{self.area}/{self.name}"


def _load_cases() -> list[HostileCase]:
    cases: list[HostileCase] = []
    for manifest in sorted(HOSTILE.glob("*/cases.json")):
        entries: list[dict[str, Any]] = json.loads(manifest.read_text(encoding="utf-8"))["cases"]
        for entry in entries:
            cases.append(
                HostileCase(
                    area=manifest.parent.name,
                    name=entry["name"],
                    args=tuple(entry["args"]),
                    exit=entry["exit"],
                    stderr=entry["stderr"],
                    stdout=entry.get("stdout"),
                    stdout_absent=entry.get("stdout_absent"),
                    stdin=entry.get("stdin"),
                    unchanged=tuple(entry.get("unchanged", ())),
                )
            )
    return cases


CASES = _load_cases()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_corpus_is_large_and_names_are_unique() -> None:
    assert len(CASES) >= MINIMUM_CASES, f"only {len(CASES)} hostile cases"
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_hostile_case(case: HostileCase, tmp_path: Path) -> None:
    here = tmp_path / "here"
    shutil.copytree(HOSTILE / case.area, here, symlinks=True)
    out = tmp_path / "tmp"
    out.mkdir()

    def fill(text: str) -> str:
        return (
            text.replace("{here}", str(here))
            .replace("{tmp}", str(out))
            .replace("{root}", str(ROOT))
        )

    before = {name: _digest(here / fill(name)) for name in case.unchanged}
    stdin = (here / case.stdin).read_bytes() if case.stdin else None
    result = CliRunner().invoke(app, [fill(arg) for arg in case.args], input=stdin)

    assert result.exit_code == case.exit, (result.exit_code, result.stderr, result.stdout[-2000:])
    assert re.search(fill(case.stderr), result.stderr), result.stderr
    assert "Traceback" not in result.stderr
    # claimgraph's own bugs read "error: unexpected SomeError: ..."; a parser's "Unexpected
    # end of file" about the input is a proper error.
    assert not re.search(r"\berror: unexpected \w+:", result.stderr), result.stderr
    if case.exit == 2:
        assert result.stderr.count("\n") == 1, result.stderr
    if case.stdout is not None:
        assert re.search(fill(case.stdout), result.stdout), result.stdout[-2000:]
    if case.stdout_absent is not None:
        assert not re.search(fill(case.stdout_absent), result.stdout), result.stdout[-2000:]
    for name, digest in before.items():
        assert _digest(here / fill(name)) == digest, f"{name} was changed"
