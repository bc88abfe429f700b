"""The output guard: what the JSON cases of ``tests/data/hostile/outputs/`` cannot make.

Named pipes, sockets and hard links cannot be kept in git, so these cases make them in a
copy of that folder and run the real command line on them. The rest of the guard is
driven by ``tests/data/hostile/outputs/cases.json``.
"""

from __future__ import annotations

import os
import shutil
import socket
import stat
from collections.abc import Callable, Generator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimgraph.build import build_dataset
from claimgraph.cli import app
from claimgraph.corpus.files import make_corpus
from claimgraph.corpus.protected import protected_for
from claimgraph.errors import OutputError
from claimgraph.rdf.formats import rdf_format_named
from claimgraph.rdf.output import Protected, check_output

from .conftest import DATA

OUTPUTS = DATA / "hostile" / "outputs"
TEXT = Path("corpus/sources/bus-routes.txt")
DATA_FILE = Path("corpus/documents/bus-routes.trig")


@pytest.fixture
def here(tmp_path: Path) -> Path:
    """A private copy of the hostile outputs folder."""
    copy = tmp_path / "here"
    shutil.copytree(OUTPUTS, copy, symlinks=True)
    return copy


def _fifo(path: Path, here: Path) -> Generator[None, None, None]:
    os.mkfifo(path)
    yield


def _socket(path: Path, here: Path) -> Generator[None, None, None]:
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    try:
        yield
    finally:
        listener.close()


def _hard_link_to_data(path: Path, here: Path) -> Generator[None, None, None]:
    os.link(here / DATA_FILE, path)
    yield


def _hard_link_to_text(path: Path, here: Path) -> Generator[None, None, None]:
    os.link(here / TEXT, path)
    yield


def _symlink_to_text(path: Path, here: Path) -> Generator[None, None, None]:
    path.symlink_to(here / TEXT)
    yield


SPECIAL_OUTPUTS: dict[str, tuple[Callable[[Path, Path], Generator[None, None, None]], str]] = {
    "named-pipe": (_fifo, "is a named pipe"),
    "socket": (_socket, "is a socket"),
    "hard-link-to-a-data-file": (_hard_link_to_data, "one of the input files"),
    "hard-link-to-the-source-text": (_hard_link_to_text, "one of the input files"),
    "symlink-to-the-source-text": (_symlink_to_text, "symbolic link to"),
}


@pytest.mark.parametrize("kind", sorted(SPECIAL_OUTPUTS))
@pytest.mark.parametrize("command", ["query", "build", "validate", "ontology-check"])
def test_special_output_is_refused(kind: str, command: str, here: Path) -> None:
    make, message = SPECIAL_OUTPUTS[kind]
    # A short name: a socket's path must fit in 108 bytes.
    output = here / "o"
    corpus = ["--data", str(here / "corpus"), "--ontology", str(here / "ext")]
    args = {
        "query": ["query", str(here / "documents-query.rq"), *corpus],
        "build": ["build", "--no-store", *corpus, "--format", "nquads"],
        "validate": ["validate", "--no-store", *corpus],
        "ontology-check": ["ontology", "check", *corpus],
    }[command]
    before = {p: (here / p).read_bytes() for p in (TEXT, DATA_FILE)}
    maker = make(output, here)
    next(maker)
    try:
        mode = os.lstat(output).st_mode
        result = CliRunner().invoke(app, [*args, "-o", str(output)])
        assert result.exit_code == 2, (result.stderr, result.stdout)
        assert result.stderr.count("\n") == 1
        assert message in result.stderr and str(output) in result.stderr
        assert os.lstat(output).st_mode == mode  # not replaced by a regular file
        assert {p: (here / p).read_bytes() for p in before} == before
    finally:
        maker.close()


def test_a_device_is_never_an_output() -> None:
    # Checked without writing: as root, a regression would replace /dev/null for everyone.
    # claimgraph refuses it like any device; `-o -` and the shell's `> /dev/null` remain.
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    with pytest.raises(OutputError, match="is a device"):
        check_output(Path("/dev/null"), Protected())


def test_stdout_is_always_allowed() -> None:
    check_output(Path("-"), Protected(files=(Path("-"),)))


def test_library_build_refuses_the_source_text(here: Path) -> None:
    # The library refuses too, not only the command line.
    corpus = make_corpus([here / "corpus"])
    with pytest.raises(OutputError, match="corpus folder"):
        build_dataset(corpus, here / TEXT, rdf_format_named("nquads"))
    assert (here / TEXT).read_bytes() == (OUTPUTS / TEXT).read_bytes()


def test_a_text_in_an_odd_place_is_protected_once_read(here: Path) -> None:
    # Texts outside a sources/ folder are protected as files read, after loading.
    odd = here / "corpus" / "documents" / "bus-routes.txt"
    shutil.copy(here / TEXT, odd)
    trig = here / DATA_FILE
    trig.write_text(trig.read_text().replace("sources/bus-routes.txt", "bus-routes.txt"))
    corpus = ["--data", str(here / "corpus")]
    result = CliRunner().invoke(app, ["validate", "--no-store", *corpus, "-o", str(odd)])
    assert result.exit_code == 2 and "one of the input files" in result.stderr, result.stderr
    assert odd.read_bytes() == (here / TEXT).read_bytes()


def test_protected_for_names_every_corpus_folder(here: Path) -> None:
    corpus = make_corpus([here / "corpus"], [here / "ext"])
    protected = protected_for(corpus)
    assert here / "ext" in protected.folders
    assert here / "corpus" / "sources" in protected.folders
    assert here / DATA_FILE in protected.files
