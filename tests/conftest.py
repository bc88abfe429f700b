"""Shared fixtures: the reference corpus, loaded once, and a CLI runner.

The tests never read the repository's ``data/`` as a whole: adding a document there (or
an extension to ``ontology/extensions/``) must not change what they see. They work on
the **reference study**, a folder made once per session in a temporary folder from a
fixed list of files (:data:`REFERENCE_DATA`: the reference document, its source text, the
shared entities and the context it needs), with the repository's ontology and query
library. ``CLAIMGRAPH_HOME`` points every command, in-process or in a subprocess, at it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimgraph.corpus.files import Corpus, make_corpus
from claimgraph.corpus.loading import LoadedCorpus, load_corpus

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
DATA = TESTS / "data"

REFERENCE_DOCUMENT = "artsakh-mfa-statement-on-hajiyev-remarks"
REFERENCE_DATA = (
    f"documents/{REFERENCE_DOCUMENT}.trig",
    f"sources/{REFERENCE_DOCUMENT}.txt",
    "shared/actors.trig",
    "shared/authorities.trig",
    "shared/events-places.trig",
    "shared/topics.trig",
    "context/public-record.trig",
)
"""The reference corpus's data, relative to the repository's ``data/``: the one document
the goldens describe and the files it needs. The list is fixed on purpose."""

REFERENCE_EXTENSIONS = ("legal",)
"""The extensions of the repository's ontology the reference study loads (a new one, made
with ``claimgraph ontology new``, is tested by its own tests, not by the goldens)."""


def make_reference_study(folder: Path) -> Path:
    """A study at ``folder`` whose data are copies of :data:`REFERENCE_DATA`; its ontology
    and queries are the repository's (a study without them uses claimgraph's own)."""
    (folder / "claimgraph.toml").write_text(
        '[study]\nname = "reference corpus (tests)"\nauthoring-format = 1\n'
        f"extensions = {list(REFERENCE_EXTENSIONS)!r}\n".replace("'", '"'),
        encoding="utf-8",
    )
    for name in REFERENCE_DATA:
        target = folder / "data" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / "data" / name, target)
    return folder


@pytest.fixture(autouse=True, scope="session")
def reference_study(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference study (see the module), made once and named by ``CLAIMGRAPH_HOME`` for
    the whole session (subprocesses inherit it)."""
    folder = make_reference_study(tmp_path_factory.mktemp("reference-study"))
    os.environ["CLAIMGRAPH_HOME"] = str(folder)
    return folder


@pytest.fixture(scope="session")
def reference_data(reference_study: Path) -> Path:
    """The reference study's ``data/`` folder."""
    return reference_study / "data"


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
def project_corpus(reference_study: Path) -> Corpus:
    """The reference corpus: the repository's ontology and shapes, the reference data."""
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


# --- Long tests first ------------------------------------------------------------------------
#
# With two workers the suite's wall time is half its total plus whatever one worker still runs
# after the other has finished; a test of a minute or two that happens to start late is that
# tail. Tests marked ``long(seconds)`` (a rough duration) are therefore run first, longest
# first, and scripts/test.sh hands tests out one at a time (``--maxschedchunk=1``), so that
# the long ones spread over the workers and the short ones fill in the gaps. The order of
# the other tests does not change.


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "long(seconds): a test that takes long (about ``seconds``); run first"
    )


def _long_seconds(item: pytest.Item) -> float:
    marker = item.get_closest_marker("long")
    return float(marker.args[0]) if marker is not None else 0.0


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: -_long_seconds(item))
