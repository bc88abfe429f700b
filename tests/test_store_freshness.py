"""The persistent store answers exactly as a fresh parse of the files, after any change.

The corpus is tests/data/store-freshness/: one file per layout that once fooled the store
(a graph name on its own line, GRAPH then "{" on the next line, blank lines and comments
between name and "{", brackets in comments, several graphs in one file, one graph in two
files, blank nodes, default-graph triples, a prefix declared again in a comment) and two
documents whose texts come from cg:textFile. Every file says EDIT-ME in each graph it fills.

Each test changes the files one way (edit, same-size edit with the time put back, delete,
rename, source-text change), runs the build after each change, and checks that the store
holds the quads a fresh in-memory load holds and that the build's validation verdict is the
one ``validate`` gives.
"""

from __future__ import annotations

import os
import shutil
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimgraph.cli import app
from claimgraph.corpus.files import Corpus, make_corpus
from claimgraph.corpus.loading import load_corpus
from claimgraph.corpus.store import open_store
from claimgraph.validate.incremental import UpdateOutcome, update_store
from claimgraph.validate.validation import ValidationReport, validate_corpus

LAYOUTS = Path(__file__).parent / "data" / "store-freshness"
MARK = "EDIT-ME"


@pytest.fixture
def study(tmp_path: Path) -> Path:
    """A private copy of the layout corpus, free to change."""
    copy = tmp_path / "data"
    shutil.copytree(LAYOUTS, copy)
    return copy


def data_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".trig", ".ttl"))


def text_files(folder: Path) -> list[Path]:
    return sorted((folder / "sources").glob("*.txt"))


def identities(report: ValidationReport) -> Counter[tuple[str, ...]]:
    return Counter(r.identity() for r in report.results)


def stored_quads(corpus: Corpus, root: Path) -> set[str]:
    opened = open_store(corpus, root)
    assert opened is not None, "the store just built is not taken as up to date"
    return {str(q) for q in opened[0].store}


def assert_store_is_fresh(corpus: Corpus, root: Path, outcome: UpdateOutcome, why: str) -> None:
    parsed = {str(q) for q in load_corpus(corpus).store}
    assert stored_quads(corpus, root) == parsed, why
    fresh = validate_corpus(corpus)
    assert outcome.report is not None
    assert outcome.report.conforms == fresh.conforms, why
    assert identities(outcome.report) == identities(fresh), why


def build(folder: Path, root: Path, why: str) -> UpdateOutcome:
    corpus = make_corpus([folder])
    outcome = update_store(corpus, root)
    assert_store_is_fresh(corpus, root, outcome, why)
    return outcome


def test_the_layouts_load_and_name_their_case(study: Path) -> None:
    files = data_files(study)
    assert len(files) >= 10
    for path in files:
        assert MARK in path.read_text(encoding="utf-8"), path.name
    assert validate_corpus(make_corpus([study])).conforms


@pytest.mark.long(25)
def test_every_edit_is_seen(study: Path, tmp_path: Path) -> None:
    root = tmp_path / "store"
    build(study, root, "first build")
    for number, path in enumerate(data_files(study)):
        path.write_text(path.read_text().replace(MARK, f"edited {number} times more"))
        outcome = build(study, root, f"after editing {path.name}")
        assert outcome.build.mode == "incremental", path.name
        assert str(path) in outcome.build.changed, path.name


@pytest.mark.long(25)
def test_a_same_size_edit_with_its_time_put_back_is_seen(study: Path, tmp_path: Path) -> None:
    root = tmp_path / "store"
    build(study, root, "first build")
    for path in data_files(study) + text_files(study):
        before = path.stat()
        text = path.read_text()
        changed = text.replace(MARK, "EDIT-US") if MARK in text else text.replace("from", "FROM")
        assert len(changed) == len(text) and changed != text
        path.write_text(changed)
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        assert path.stat().st_size == before.st_size
        assert path.stat().st_mtime_ns == before.st_mtime_ns
        outcome = build(study, root, f"after a same-size edit of {path.name}")
        assert outcome.build.mode == "incremental", path.name


@pytest.mark.long(25)
def test_every_delete_is_seen(study: Path, tmp_path: Path) -> None:
    root = tmp_path / "store"
    build(study, root, "first build")
    for path in data_files(study):
        path.unlink()
        if not data_files(study):
            break
        build(study, root, f"after deleting {path.name}")


@pytest.mark.long(25)
def test_every_rename_is_seen(study: Path, tmp_path: Path) -> None:
    root = tmp_path / "store"
    build(study, root, "first build")
    for path in data_files(study):
        # A new name that sorts elsewhere, so the load order changes too.
        path.rename(path.with_name("0-renamed-" + path.name))
        build(study, root, f"after renaming {path.name}")
    moved = study / "documents" / "0-renamed-graph-name-on-its-own-line.trig"
    moved.rename(study / "shared" / moved.name)
    build(study, root, "after moving a document to another folder")


def test_every_source_text_change_is_seen(study: Path, tmp_path: Path) -> None:
    root = tmp_path / "store"
    build(study, root, "first build")
    for path in text_files(study):
        path.write_text(path.read_text().replace("will", "may", 1))
        outcome = build(study, root, f"after editing the text {path.name}")
        assert outcome.build.mode == "incremental"
        assert outcome.report is not None and not outcome.report.conforms, path.name


def test_build_output_and_verdict_follow_a_changed_text(study: Path, tmp_path: Path) -> None:
    """The CLI: after a text changes, build says what validate says and -o has the new text."""
    runner = CliRunner()
    store = tmp_path / "store"
    output = tmp_path / "out.nq"
    args = ["build", "--data", str(study), "--store", str(store), "--quiet"]
    assert runner.invoke(app, args).exit_code == 0
    text = study / "sources" / "school-board-library-minutes.txt"
    text.write_text(text.read_text().replace("Saturdays", "Sundays"))
    built = runner.invoke(app, ["build", "--data", str(study), "--store", str(store)])
    assert built.exit_code == 0, built.output
    assert "does not conform" in built.output and "up to date" not in built.output
    validated = runner.invoke(app, ["validate", "--data", str(study), "--store", str(store)])
    assert validated.exit_code == 1, validated.output
    written = runner.invoke(app, [*args, "-o", str(output)])
    assert written.exit_code == 0, written.output
    # cg:text (N-Quads writes its line break as \n); cg:exact still quotes the old words.
    written_text = output.read_text()
    assert "School Board\\nThe School Board will open the library on Sundays" in written_text
    assert "School Board\\nThe School Board will open the library on Saturdays" not in written_text
