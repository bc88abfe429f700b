"""The synthetic corpus generator: realistic, labelled synthetic, seeded, with known defects."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimgraph.cli import app
from claimgraph.corpus.files import make_corpus
from claimgraph.corpus.loading import load_corpus
from claimgraph.errors import InputError, OutputError
from claimgraph.query.checks import run_checks
from claimgraph.rdf.terms import to_oxigraph
from claimgraph.synthetic import (
    DEFECT_KINDS,
    MANIFEST,
    expected_results,
    generate_corpus,
    parse_size,
    read_manifest,
)
from claimgraph.validate.validation import validate_corpus


def generate_test_corpus(factory: pytest.TempPathFactory, size: int = 10_000) -> Path:
    """A generated corpus of about ``size`` triples, one defect of each kind planted."""
    folder = factory.mktemp("synthetic") / f"corpus-{size}"
    generate_corpus(folder, size, seed=7)
    return folder


@pytest.fixture(scope="module")
def synthetic_10k(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated corpus of about 10,000 triples, one defect of each kind planted."""
    return generate_test_corpus(tmp_path_factory)


def test_sizes_read_as_people_write_them() -> None:
    assert parse_size("10k") == 10_000
    assert parse_size("1M") == 1_000_000
    assert parse_size("2.5M") == 2_500_000
    assert parse_size("250000") == 250_000
    with pytest.raises(InputError):
        parse_size("lots")


def test_corpus_has_the_layout_of_data(synthetic_10k: Path) -> None:
    manifest = read_manifest(synthetic_10k)
    documents = sorted((synthetic_10k / "documents").glob("*.trig"))
    assert (
        len(documents) == manifest["documents"] == len(list((synthetic_10k / "sources").iterdir()))
    )
    assert {p.name for p in (synthetic_10k / "shared").iterdir()} == {
        "actors.trig",
        "authorities.trig",
        "events-places.trig",
        "topics.trig",
    }
    assert (synthetic_10k / "context" / "public-record.trig").is_file()
    assert 9_000 <= int(manifest["triples"]) <= 12_000  # type: ignore[call-overload]


def test_everything_says_it_is_synthetic(synthetic_10k: Path) -> None:
    for path in synthetic_10k.rglob("*.trig"):
        assert path.read_text(encoding="utf-8").startswith("# SYNTHETIC DATA"), path
    for path in (synthetic_10k / "sources").iterdir():
        assert path.read_text(encoding="utf-8").startswith("SYNTHETIC TEXT"), path
    manifest = read_manifest(synthetic_10k)
    assert manifest["synthetic"] is True
    loaded = load_corpus(make_corpus([synthetic_10k]))
    rows = loaded.store.query(
        "SELECT ?label WHERE { ?d a <https://w3id.org/claimgraph/ontology#SourceDocument> ; "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?label }",
        use_default_graph_as_union=True,
    )
    labels = [row[0].value for row in rows]  # type: ignore[union-attr]
    assert labels and all(label.startswith("Synthetic statement") for label in labels)
    subjects = {str(q.subject) for q in loaded.store if "/id/" in str(q.subject)}
    assert all("/synthetic-" in s for s in subjects)


def test_one_defect_of_each_kind_is_planted(synthetic_10k: Path) -> None:
    kinds = Counter(d["kind"] for d in read_manifest(synthetic_10k)["defects"])  # type: ignore[attr-defined]
    assert kinds == Counter({kind.name: 1 for kind in DEFECT_KINDS})


def test_validation_finds_exactly_the_planted_defects(synthetic_10k: Path) -> None:
    report = validate_corpus(make_corpus([synthetic_10k]))
    found = Counter(
        (
            str(r.source_shape),
            str(to_oxigraph(r.focus)),
            None if r.value is None else str(to_oxigraph(r.value)),
            r.severity,
        )
        for r in report.results
    )
    assert found == Counter(expected_results(synthetic_10k))


def test_anchors_verify_but_for_the_planted_anchor_defects(synthetic_10k: Path) -> None:
    loaded = load_corpus(make_corpus([synthetic_10k]))
    outcomes = {o.query.name: o for o in run_checks(loaded)}
    mismatched = {str(row[0]) for row in outcomes["anchor-mismatch-violation"].result.rows}
    planted = {
        d["value"][1:-1]
        for d in read_manifest(synthetic_10k)["defects"]  # type: ignore[attr-defined]
        if d["kind"] in ("anchor-quote-differs", "anchor-prefix-differs", "anchor-end-before-start")
    }
    assert mismatched == planted
    assert outcomes["blank-node-violation"].passed


def test_same_seed_same_corpus_other_seed_other_corpus(tmp_path: Path) -> None:
    generate_corpus(tmp_path / "a", 3_000, seed=3)
    generate_corpus(tmp_path / "b", 3_000, seed=3)
    generate_corpus(tmp_path / "c", 3_000, seed=4)
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.*"))
    assert files_a == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.*"))
    for relative in files_a:
        assert (tmp_path / "a" / relative).read_bytes() == (tmp_path / "b" / relative).read_bytes()
    assert (tmp_path / "a" / MANIFEST).read_bytes() != (tmp_path / "c" / MANIFEST).read_bytes()


def test_a_folder_in_use_is_not_overwritten(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(OutputError):
        generate_corpus(tmp_path, 3_000)
    with pytest.raises(OutputError):
        generate_corpus(tmp_path, 3_000, force=True)
    assert (tmp_path / "notes.txt").read_text() == "mine"
    generate_corpus(tmp_path / "corpus", 3_000, defects_per_kind=0)
    generate_corpus(tmp_path / "corpus", 3_000, seed=2, force=True)
    assert read_manifest(tmp_path / "corpus")["seed"] == 2


def test_generate_command(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "corpus"
    result = runner.invoke(
        app, ["generate", "--size", "3k", "--seed", "5", "--defects", "0", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "SYNTHETIC" in result.output
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["defects"] == [] and manifest["seed"] == 5
    assert validate_corpus(make_corpus([out])).results == []


def test_a_defect_waits_for_a_document_that_can_host_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # At some sizes a document chosen for a defect has no reported claim or no rebuttal to
    # plant it in; the defect then goes to the next document that has one, so the corpus
    # still holds exactly one of each kind and validation finds exactly those.
    from claimgraph.synthetic.defects import Planter

    can_plant = Planter._can_plant
    refused: list[int] = []

    def only_even_documents(self: Planter, kind: str) -> bool:
        if self.doc.index % 2:
            refused.append(self.doc.index)
            return False
        return can_plant(self, kind)

    monkeypatch.setattr(Planter, "_can_plant", only_even_documents)
    folder = tmp_path / "deferred"
    generate_corpus(folder, 10_000, seed=7)
    assert refused, "no document refused a defect, so the test proves nothing"
    defects = read_manifest(folder)["defects"]
    kinds = Counter(d["kind"] for d in defects)  # type: ignore[attr-defined]
    assert kinds == Counter({kind.name: 1 for kind in DEFECT_KINDS})
    report = validate_corpus(make_corpus([folder]))
    assert len(report.results) == len(list(expected_results(folder)))


def test_a_document_without_rebuttals_refuses_a_rebuttal_defect() -> None:
    import random

    from claimgraph.synthetic.defects import CannotPlantError, Planter
    from claimgraph.synthetic.documents import Document
    from claimgraph.synthetic.world import build_world

    rng = random.Random(3)
    world = build_world(rng, 3, 10_000, 16)
    doc = Document(world, 0)
    text = doc.write_text(20)
    doc.finish(text)
    doc.rebuttals.clear()
    planter = Planter(doc, text, "documents/x.trig")
    before = {iri: repr(vars(block)) for iri, block in doc.claims.items()}
    with pytest.raises(CannotPlantError):
        planter.plant("rebuttal-attacks-itself")
    assert {iri: repr(vars(block)) for iri, block in doc.claims.items()} == before
