"""Where ``cg:textFile`` may lead: what the JSON cases of ``tests/data/hostile/text-files/``
cannot make (named pipes; a link changed after a store was built).

The rest of the rules are driven by ``tests/data/hostile/text-files/cases.json``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimgraph.cli import app
from claimgraph.corpus.files import make_corpus
from claimgraph.corpus.loading import load_corpus
from claimgraph.corpus.texts import check_text_path, resolve_text_file
from claimgraph.errors import InputError, UnsafeInputError

from .conftest import DATA, ROOT

TEXT_FILES = DATA / "hostile" / "text-files"
NESTED = "nested"
TEXT = Path("sources/library-hours.txt")
TEXT_QUERY = "SELECT ?text WHERE { ?d <https://w3id.org/claimgraph/ontology#text> ?text }"


@pytest.fixture
def nested(tmp_path: Path) -> Path:
    """A private copy of the well-formed nested corpus (documents/ and sources/)."""
    copy = tmp_path / NESTED
    shutil.copytree(TEXT_FILES / NESTED, copy, symlinks=True)
    return copy


def test_a_named_pipe_as_text_is_refused_without_blocking(nested: Path) -> None:
    # Run in a separate process with a deadline: a regression would block on the pipe.
    text = nested / TEXT
    text.unlink()
    os.mkfifo(text)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "CLAIMGRAPH_STORE": "none"}
    done = subprocess.run(
        [sys.executable, "-m", "claimgraph", "query", "--query", TEXT_QUERY, "--data", str(nested)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=ROOT,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1
    assert "is not a regular file" in done.stderr


def test_a_folder_link_leaving_the_data_folder_is_refused(tmp_path: Path) -> None:
    # Made here rather than kept in git: tools that walk tests/ would follow it into /etc.
    shutil.copy(TEXT_FILES / "textfile-relative-etc-passwd.trig", tmp_path / "doc.trig")
    trig = tmp_path / "doc.trig"
    trig.write_text(trig.read_text().replace('"etc/passwd"', '"etc-link/passwd"'))
    (tmp_path / "etc-link").symlink_to("/etc")
    result = CliRunner().invoke(app, ["query", "--query", TEXT_QUERY, "--data", str(trig)])
    assert result.exit_code == 2, result.stdout
    assert "'etc-link/passwd' leads out of the source folder" in result.stderr
    assert "root:" not in result.stdout


def test_the_text_is_read_from_the_source_folder(nested: Path) -> None:
    loaded = load_corpus(make_corpus([nested]))
    [path] = loaded.text_files.values()
    assert path.read_bytes() == (nested / TEXT).read_bytes()


def test_a_text_relinked_outside_after_a_build_is_refused(nested: Path, tmp_path: Path) -> None:
    # The store keeps the path of each text; a link put there later must not be followed
    # out of the data folder on the next (incremental) build.
    store = tmp_path / "store"
    corpus = ["--data", str(nested), "--store", str(store), "--quiet", "--no-validate"]
    first = CliRunner().invoke(app, ["build", *corpus])
    assert first.exit_code == 0, first.stderr
    text = nested / TEXT
    text.unlink()
    text.symlink_to("/etc/passwd")
    again = CliRunner().invoke(app, ["build", *corpus, "-o", str(tmp_path / "dataset.nq")])
    assert again.exit_code == 2, again.stderr
    assert "leads out of the source folder" in again.stderr
    assert not (tmp_path / "dataset.nq").exists()


@pytest.mark.parametrize(
    "value",
    ["/etc/passwd", "../x", "a/../../x", "file:///etc/passwd", "a\\b", "a\x00b", "%2e%2e/x"],
)
def test_check_text_path_refuses(value: str) -> None:
    with pytest.raises(UnsafeInputError):
        check_text_path(value)


def test_no_lookup_above_the_roots(tmp_path: Path) -> None:
    # A data file outside every root finds nothing, even if the file exists beside it.
    (tmp_path / "sources").mkdir()
    (tmp_path / TEXT).write_text("x")
    with pytest.raises(InputError, match="not found"):
        resolve_text_file(str(TEXT), [tmp_path / "doc.trig"], [tmp_path / "elsewhere"])
    assert resolve_text_file(str(TEXT), [tmp_path / "doc.trig"], [tmp_path]).name == TEXT.name
