"""The authoring commands at the command line: help with an example, exit codes, output."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from pathlib import Path

import pytest
from rdflib import Dataset
from typer.testing import CliRunner

from claimgraph.cli import app

HERE = Path(__file__).resolve().parent / "data" / "authoring"
STUDY = HERE / "study"
ROOT = Path(__file__).resolve().parent.parent
REFERENCE_YAML = ROOT / "data" / "documents" / "artsakh-mfa-statement-on-hajiyev-remarks.yaml"
AUTHORING_COMMANDS = ["compile", "find", "anchor", "new-document", "suggest", "init"]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.mark.parametrize("command", AUTHORING_COMMANDS)
def test_authoring_command_help_has_an_example(runner: CliRunner, command: str) -> None:
    result = runner.invoke(app, [*command.split(), "--help"])
    assert result.exit_code == 0
    assert "Example: claimgraph" in result.stdout


def test_compile_check_accepts_the_reference_document(runner: CliRunner) -> None:
    result = runner.invoke(app, ["compile", str(REFERENCE_YAML), "--check"])
    assert result.exit_code == 0, result.stderr
    assert "same graph" in result.stderr


def test_compile_writes_trig_beside_a_copy(runner: CliRunner, tmp_path: Path) -> None:
    source = STUDY / "documents" / "riverside-parents-statement.yaml"
    out = tmp_path / "out.trig"
    result = runner.invoke(app, ["compile", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    ds = Dataset()
    ds.parse(out, format="trig")
    assert len(ds) > 50


def test_compile_reports_every_error_with_its_line(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "two-errors.yaml"
    bad.write_text(
        (HERE / "bad" / "unknown-actor.yaml").read_text(encoding="utf-8")
        + "    topics: road safty\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["compile", str(bad), "--data", str(STUDY)])
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(lines) == 2
    assert f"{bad}:13:9: unknown actor" in lines[0]
    assert f"{bad}:14:13: unknown topic" in lines[1]


TEXT = STUDY / "sources" / "riverside-parents-statement.txt"


def test_anchor_matches_a_straight_apostrophe_against_a_curly_one(runner: CliRunner) -> None:
    result = runner.invoke(app, ["anchor", str(TEXT), "the school board's decision"])
    assert result.exit_code == 0, result.stderr
    assert 'cg:exact "the school board’s decision"' in result.stdout
    assert "cg:inDocument doc:riverside-parents-statement" in result.stdout


def test_anchor_chooses_by_context_words(runner: CliRunner) -> None:
    result = runner.invoke(app, ["anchor", str(TEXT), "the school board", "--near", "restore"])
    assert result.exit_code == 0, result.stderr
    start = int(result.stdout.split("cg:start ")[1].split(" ")[0])
    assert TEXT.read_text(encoding="utf-8")[start - 7 : start] == "We ask "


def test_anchor_batch_mode_anchors_every_quote_of_an_authoring_file(runner: CliRunner) -> None:
    result = runner.invoke(app, ["anchor", str(REFERENCE_YAML)])
    assert result.exit_code == 0, result.stderr
    assert "all 43 quotes anchored" in result.stderr
    assert len(result.stdout.splitlines()) == 43


def test_anchor_batch_mode_reports_the_line_of_a_bad_quote(runner: CliRunner) -> None:
    bad = HERE / "bad" / "quote-not-in-text.yaml"
    result = runner.invoke(app, ["anchor", str(bad), "--data", str(STUDY)])
    assert result.exit_code == 2
    assert f"{bad}:11:12: crosses: the quote" in result.stderr


FIND_CASES = json.loads((HERE / "find-cases.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", sorted(k for k in FIND_CASES if not k.startswith("_")))
def test_find_ranks_the_intended_entity_first(runner: CliRunner, case: str) -> None:
    want = FIND_CASES[case]
    args = ["find", want["query"], "--data", str(STUDY)]
    if "kind" in want:
        args += ["--kind", want["kind"]]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0].split()[1] == want["first"]


def test_find_new_prints_an_entity_to_paste(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["find", "Library committee", "--data", str(STUDY), "--new", "actor"]
    )
    assert result.exit_code == 0, result.stderr
    assert (
        'actor:library-committee a cg:Organisation ; rdfs:label "Library committee" .  # or '
        "cg:Person" in result.stdout
    )


def test_new_document_then_compile_end_to_end(runner: CliRunner, tmp_path: Path) -> None:
    study = tmp_path / "study"
    shutil.copytree(STUDY, study)
    (study / "documents" / "riverside-parents-statement.yaml").unlink()
    text = study / "sources" / "riverside-parents-statement.txt"
    result = runner.invoke(app, ["new-document", str(text)])
    assert result.exit_code == 0, result.stderr
    authoring = study / "documents" / "riverside-parents-statement.yaml"
    started = authoring.read_text(encoding="utf-8")
    assert "# [270] The district transport office confirmed" in started
    # As started, compile points at what is left to do.
    result = runner.invoke(app, ["compile", str(authoring)])
    assert result.exit_code == 2
    assert "unknown actor 'TODO" in result.stderr and "'claims' is empty" in result.stderr
    filled = started.replace(
        "author: TODO the document's author, as the text names it (claimgraph find NAME)",
        "author: the Riverside Parents' Association",
    ).replace(
        "claims:\n",
        "claims:\n  route-safer:\n    quote: the new bus route is safer than the old one\n"
        "    by: the school board\n",
    )
    authoring.write_text(filled, encoding="utf-8")
    result = runner.invoke(app, ["compile", str(authoring)])
    assert result.exit_code == 0, result.stderr
    assert (study / "documents" / "riverside-parents-statement.trig").is_file()
    # A second new-document does not overwrite the author's work.
    again = runner.invoke(app, ["new-document", str(text)])
    assert again.exit_code == 2 and "exists already" in again.stderr


def test_suggest_proposes_the_same_proposition_in_another_document(runner: CliRunner) -> None:
    source = STUDY / "documents" / "riverside-parents-statement.yaml"
    result = runner.invoke(app, ["suggest", str(source), "--top", "1"])
    assert result.exit_code == 0, result.stderr
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    same = [r for r in rows if r[0] == "riverside-parents-route-safer" and r[1] == "same-as"]
    assert same[0][2] == "claim:school-board-notice-route-safer"
    # Candidates come from other documents only, unless --within.
    assert all(r[2].startswith("claim:school-board-notice-") for r in rows)


def test_suggest_evaluate_reports_recall_of_recorded_links(runner: CliRunner) -> None:
    result = runner.invoke(app, ["suggest", str(REFERENCE_YAML), "--evaluate", "--top", "3"])
    assert result.exit_code == 0, result.stderr
    attacks = [line for line in result.stdout.splitlines() if line.startswith("attacks:")]
    assert attacks and "recorded links in the top 3" in attacks[0]


def test_init_study_then_compile_validate_and_query_in_it(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    study = tmp_path / "my-study"
    result = runner.invoke(app, ["init", str(study)])
    assert result.exit_code == 0, result.stderr
    assert (study / "claimgraph.toml").is_file() and (
        study / "ontology" / "claimgraph.ttl"
    ).is_file()
    assert not any((study / "ontology" / "extensions").iterdir())
    for sub in ("sources", "documents"):
        for path in (STUDY / sub).glob("*"):
            if path.suffix != ".trig":
                shutil.copy(path, study / "data" / sub)
    shutil.copy(STUDY / "shared" / "entities.trig", study / "data" / "shared")
    monkeypatch.setenv("CLAIMGRAPH_HOME", str(study))
    # Compiled in one go, whatever the order: documents refer to each other's claims.
    authoring = sorted((study / "data" / "documents").glob("*.yaml"))
    result = runner.invoke(app, ["compile", *map(str, authoring)])
    assert result.exit_code == 0, result.stderr
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "conforms" in result.stdout
    result = runner.invoke(app, ["query", "rebutted-claims"])
    assert result.exit_code == 0, result.stderr
    assert "claim:riverside-parents-route-safer" in result.stdout
    again = runner.invoke(app, ["init", str(study)])
    assert again.exit_code == 2 and "not empty" in again.stderr


def _study_with_authoring_files(runner: CliRunner, folder: Path) -> Path:
    """A study made by `init`, with the riverside authoring files and their texts."""
    assert runner.invoke(app, ["init", str(folder)]).exit_code == 0
    for sub in ("sources", "documents"):
        for path in (STUDY / sub).glob("*"):
            if path.suffix != ".trig":
                shutil.copy(path, folder / "data" / sub)
    shutil.copy(STUDY / "shared" / "entities.trig", folder / "data" / "shared")
    return folder


def test_build_compiles_authoring_files_whose_trig_is_missing_or_changed(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    study = _study_with_authoring_files(runner, tmp_path / "study")
    monkeypatch.chdir(study)
    monkeypatch.delenv("CLAIMGRAPH_HOME")
    build = ["build", "--no-store", "--no-validate"]
    skipped = runner.invoke(app, [*build, "--no-compile"])
    assert skipped.exit_code == 0, skipped.stderr
    assert not list((study / "data" / "documents").glob("*.trig"))

    first = runner.invoke(app, build)
    assert first.exit_code == 0, first.stderr
    assert first.stderr.count("(no TriG)") == 2
    trig = study / "data" / "documents" / "riverside-parents-statement.trig"
    yaml_file = trig.with_suffix(".yaml")
    digest = hashlib.sha256(yaml_file.read_bytes()).hexdigest()
    assert f"# authoring-sha256: {digest}\n" in trig.read_text(encoding="utf-8")

    # Nothing changed: nothing compiled, whatever the file times say.
    os.utime(yaml_file, (time.time() + 60, time.time() + 60))
    again = runner.invoke(app, build)
    assert again.exit_code == 0 and "compiled" not in again.stderr

    yaml_file.write_text(yaml_file.read_text(encoding="utf-8") + "# a note\n", encoding="utf-8")
    changed = runner.invoke(app, build)
    assert changed.exit_code == 0, changed.stderr
    assert "riverside-parents-statement.yaml" in changed.stderr and "(changed)" in changed.stderr
    assert "school-board-notice" not in changed.stderr


def test_build_reports_an_authoring_error_at_its_yaml_line(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    study = _study_with_authoring_files(runner, tmp_path / "study")
    bad = study / "data" / "documents" / "unknown-actor.yaml"
    shutil.copy(HERE / "bad" / "unknown-actor.yaml", bad)
    monkeypatch.chdir(study)
    monkeypatch.delenv("CLAIMGRAPH_HOME")
    result = runner.invoke(app, ["build", "--no-store", "--no-validate", "--quiet"])
    assert result.exit_code == 2
    assert "unknown-actor.yaml:13:9: unknown actor" in result.stderr
    assert not bad.with_suffix(".trig").exists()


def test_build_never_overwrites_a_hand_written_trig(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    study = _study_with_authoring_files(runner, tmp_path / "study")
    documents = study / "data" / "documents"
    hand = documents / "riverside-parents-statement.trig"
    assert (
        runner.invoke(app, ["compile", str(hand.with_suffix(".yaml")), "-o", str(hand)]).exit_code
        == 0
    )
    written = "# Written by hand.\n" + hand.read_text(encoding="utf-8").split("\n", 2)[2]
    hand.write_text(written, encoding="utf-8")
    monkeypatch.chdir(study)
    monkeypatch.delenv("CLAIMGRAPH_HOME")
    result = runner.invoke(app, ["build", "--no-store", "--no-validate"])
    assert result.exit_code == 0, result.stderr
    assert hand.read_text(encoding="utf-8") == written
    assert "school-board-notice.yaml" in result.stderr


def test_the_worked_example_builds_and_conforms_in_a_new_study(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    example = ROOT / "examples" / "school-board-budget"
    study = tmp_path / "oakfield"
    assert runner.invoke(app, ["init", str(study)]).exit_code == 0
    shutil.copy(example / "oakfield-parents-council-reply-budget.txt", study / "data" / "sources")
    shutil.copy(
        example / "oakfield-parents-council-reply-budget.yaml", study / "data" / "documents"
    )
    shutil.copy(example / "entities.trig", study / "data" / "shared")
    monkeypatch.chdir(study)
    monkeypatch.delenv("CLAIMGRAPH_HOME")
    monkeypatch.setenv("CLAIMGRAPH_STORE", str(tmp_path / "store"))
    built = runner.invoke(app, ["build", "--quiet"])
    assert built.exit_code == 0, built.stderr
    report = runner.invoke(app, ["validate", "--quiet"])
    assert report.exit_code == 0 and "conforms: no violations" in report.stdout, report.stdout
    answer = runner.invoke(app, ["query", "rebutted-claims", "--format", "csv"])
    assert answer.exit_code == 0, answer.stderr
    # Six claims of the board, seven attacks on them (one claim is attacked twice).
    rows = answer.stdout.strip().splitlines()[1:]
    assert len(rows) == 7
