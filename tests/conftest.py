"""Shared fixtures: the project's corpus, loaded once, and a CLI runner."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimgraph.corpus.files import Corpus, make_corpus
from claimgraph.corpus.loading import LoadedCorpus, load_corpus

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
DATA = TESTS / "data"


@pytest.fixture(autouse=True, scope="session")
def _shapes_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    # Verdicts on shapes files are kept in a cache folder; the tests keep theirs apart from
    # the user's (subprocesses inherit it too).
    os.environ["CLAIMGRAPH_CACHE"] = str(tmp_path_factory.mktemp("claimgraph-cache"))


@pytest.fixture(autouse=True)
def _run_from_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    # Paths in messages are shown relative to the current folder; tests read them from the
    # checkout's root, as a user running from it would.
    monkeypatch.chdir(ROOT)


@pytest.fixture(scope="session")
def project_corpus() -> Corpus:
    """The project's own ontology, shapes and data."""
    os.chdir(ROOT)
    return make_corpus()


@pytest.fixture(scope="session")
def project_loaded(project_corpus: Corpus) -> LoadedCorpus:
    """The project's corpus loaded in memory (shared: tests must not modify it)."""
    return load_corpus(project_corpus)


@pytest.fixture
def runner() -> CliRunner:
    """A Typer CLI runner."""
    return CliRunner()
