"""The persistent store: fresh or not, incremental, safe against an interrupted build."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimgraph.cli import app
from claimgraph.corpus import store as store_module
from claimgraph.corpus.files import Corpus, make_corpus
from claimgraph.corpus.loading import load_corpus
from claimgraph.corpus.opening import open_corpus
from claimgraph.corpus.store import StoreFolder, open_store
from claimgraph.query.engine import QueryEngine
from claimgraph.query.library import bind_parameters, find_query
from claimgraph.validate.incremental import stored_report, update_store
from claimgraph.validate.validation import ValidationReport, validate_corpus

from .test_synthetic import generate_test_corpus


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_test_corpus(tmp_path_factory, 5_000)


@pytest.fixture
def corpus_dir(pristine: Path, tmp_path: Path) -> Path:
    """A private copy of the generated corpus, free to edit."""
    copy = tmp_path / "data"
    shutil.copytree(pristine, copy)
    return copy


def identities(report: ValidationReport) -> Counter[tuple[str, ...]]:
    return Counter(r.identity() for r in report.results)


def assert_same_as_full_validation(report: ValidationReport | None, corpus: Corpus) -> None:
    assert report is not None
    full = validate_corpus(corpus)
    assert identities(report) == identities(full)


def documents(folder: Path) -> list[Path]:
    return sorted((folder / "documents").glob("*.trig"))


def test_build_then_nothing_to_do(corpus_dir: Path, tmp_path: Path) -> None:
    corpus = make_corpus([corpus_dir])
    first = update_store(corpus, tmp_path / "store")
    assert first.build.mode == "full" and first.validation == "full"
    again = update_store(corpus, tmp_path / "store")
    assert again.build.mode == "unchanged" and again.validation == "cached"
    assert identities(again.report) == identities(first.report)  # type: ignore[arg-type]
    assert_same_as_full_validation(again.report, corpus)


def test_store_answers_queries_as_the_files_do(corpus_dir: Path, tmp_path: Path) -> None:
    corpus = make_corpus([corpus_dir])
    update_store(corpus, tmp_path / "store")
    opened = open_store(corpus, tmp_path / "store")
    assert opened is not None
    stored, _ = opened
    parsed = load_corpus(corpus)
    for name in ("rebutted-claims", "authorities-cited", "timeline", "unattacked-claims"):
        query = find_query(name)
        bindings = bind_parameters(query, [])
        assert (
            QueryEngine(stored).query(query.text, bindings).rows
            == QueryEngine(parsed).query(query.text, bindings).rows
        ), name
    assert sorted(r.shown for r in stored.files) == sorted(r.shown for r in parsed.files)


def test_one_document_changed_is_reloaded_alone(corpus_dir: Path, tmp_path: Path) -> None:
    corpus = make_corpus([corpus_dir])
    update_store(corpus, tmp_path / "store")
    target = documents(corpus_dir)[2]
    target.write_text(
        target.read_text().replace("cg:mode cg:DirectMode", "cg:mode cg:ReportedMode", 1)
    )
    outcome = update_store(corpus, tmp_path / "store")
    assert outcome.build.mode == "incremental"
    assert outcome.build.reloaded == [str(target.resolve())]
    assert outcome.validation == "incremental"
    assert_same_as_full_validation(outcome.report, corpus)


def test_a_change_in_one_document_reaches_rebuttals_in_others(
    corpus_dir: Path, tmp_path: Path
) -> None:
    corpus = make_corpus([corpus_dir])
    update_store(corpus, tmp_path / "store")
    # Claims attacked from other documents: stop them being claims.
    for path in documents(corpus_dir):
        text = path.read_text()
        changed = re.sub(r"(claim/synthetic-d\d+-c0\d\d>) a cg:Claim", r"\1 a cg:Event", text)
        if changed != text:
            path.write_text(changed)
            break
    outcome = update_store(corpus, tmp_path / "store")
    assert outcome.validation == "incremental"
    assert_same_as_full_validation(outcome.report, corpus)


def test_text_and_shared_changes(corpus_dir: Path, tmp_path: Path) -> None:
    corpus = make_corpus([corpus_dir])
    update_store(corpus, tmp_path / "store")
    text = sorted((corpus_dir / "sources").iterdir())[1]
    text.write_text(text.read_text().replace("The claims", "Teh claims", 1))
    actors = corpus_dir / "shared" / "actors.trig"
    actors.write_text(
        re.sub(
            r'rdfs:label "[^"]*, a synthetic person"', 'cg:alias "x"', actors.read_text(), count=1
        )
    )
    outcome = update_store(corpus, tmp_path / "store")
    assert outcome.build.mode == "incremental"
    assert outcome.validation == "incremental"
    report = outcome.report
    assert report is not None
    assert any(str(r.source_shape).endswith("TextChecksumMatches") for r in report.results)
    assert_same_as_full_validation(report, corpus)


def test_files_added_and_removed(corpus_dir: Path, tmp_path: Path) -> None:
    update_store(make_corpus([corpus_dir]), tmp_path / "store")
    docs = documents(corpus_dir)
    shutil.copy(docs[0], corpus_dir / "documents" / "zz-again.trig")
    docs[1].unlink()
    corpus = make_corpus([corpus_dir])
    outcome = update_store(corpus, tmp_path / "store")
    assert outcome.build.mode == "incremental"
    assert_same_as_full_validation(outcome.report, corpus)


def test_interrupted_build_leaves_the_old_store(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = make_corpus([corpus_dir])
    root = tmp_path / "store"
    update_store(corpus, root)
    live = StoreFolder(root).current()
    target = documents(corpus_dir)[0]
    original = target.read_text()
    target.write_text(original.replace("cg:Assertion", "cg:Denial", 1))

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(store_module, "finish_build", interrupted)
    monkeypatch.setattr("claimgraph.validate.incremental.finish_build", interrupted)
    with pytest.raises(KeyboardInterrupt):
        update_store(corpus, root)
    monkeypatch.undo()
    assert StoreFolder(root).current() == live
    assert [p.name for p in root.glob("store-*")] == [live.name]  # type: ignore[union-attr]
    # The old store still answers (for the files as they were).
    target.write_text(original)
    assert open_store(corpus, root) is not None
    # And a new build goes on from it.
    target.write_text(original.replace("cg:Assertion", "cg:Denial", 1))
    assert update_store(corpus, root).build.mode == "incremental"


def test_stale_store_is_not_used(corpus_dir: Path, tmp_path: Path) -> None:
    corpus = make_corpus([corpus_dir])
    update_store(corpus, tmp_path / "store")
    assert stored_report(corpus, tmp_path / "store") is not None
    target = documents(corpus_dir)[0]
    target.write_text(target.read_text() + "\n# edited\n")
    assert open_store(corpus, tmp_path / "store") is None
    assert stored_report(corpus, tmp_path / "store") is None


def test_open_corpus_takes_an_up_to_date_store_when_named(corpus_dir: Path, tmp_path: Path) -> None:
    corpus = make_corpus([corpus_dir])
    update_store(corpus, tmp_path / "store")
    parsed = load_corpus(corpus)  # load_corpus always parses: it never reaches for a store
    parsed.store.add(next(iter(parsed.store)))
    assert len(open_corpus(corpus)) > 0  # no store named: parsed too
    loaded = open_corpus(corpus, store=tmp_path / "store")
    quad = next(iter(loaded.store))
    with pytest.raises(RuntimeError):  # the store, opened read-only
        loaded.store.add(quad)


def test_open_corpus_parses_when_the_named_store_is_stale(corpus_dir: Path, tmp_path: Path) -> None:
    corpus = make_corpus([corpus_dir])
    update_store(corpus, tmp_path / "store")
    target = documents(corpus_dir)[0]
    target.write_text(target.read_text() + "\n# edited\n")
    loaded = open_corpus(corpus, store=tmp_path / "store")
    loaded.store.add(next(iter(loaded.store)))  # writable: parsed, not the read-only store


def test_build_command_with_clean_and_validate_from_store(
    runner: CliRunner, corpus_dir: Path, tmp_path: Path
) -> None:
    root = tmp_path / "store"
    common = ["--data", str(corpus_dir), "--store", str(root)]
    result = runner.invoke(app, ["build", *common])
    assert result.exit_code == 0, result.output
    assert "validation (full): does not conform" in result.output
    result = runner.invoke(app, ["build", *common])
    assert "up to date" in result.output and "validation (cached)" in result.output
    result = runner.invoke(app, ["build", "--clean", *common])
    assert result.exit_code == 0 and "built from" in result.output
    validated = runner.invoke(app, ["validate", *common])
    parsed = runner.invoke(app, ["validate", "--no-store", "--data", str(corpus_dir)])
    assert validated.exit_code == parsed.exit_code == 1
    assert validated.stdout == parsed.stdout
