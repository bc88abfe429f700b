"""Input limits on inputs too large or too deep to keep in the corpus folders.

Each input is made in ``tmp_path``; every case goes through the real command line and
must end at once with one line naming the file (or, at the limit, be read). The small
hostile inputs are in ``tests/data/hostile/limits/`` and ``classics/``.
"""

from __future__ import annotations

import json
import os
import stat
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from claimgraph.cli import app
from claimgraph.corpus.files import make_corpus
from claimgraph.corpus.loading import load_corpus
from claimgraph.errors import InputError
from claimgraph.rdf.limits import MAX_NESTING_DEPTH, MAX_TERM_BYTES, read_bounded

EX = "http://example.org/school-board/"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
TURTLE_HEAD = f"@prefix ex: <{EX}> .\n"
RDF_OPEN = (
    '<?xml version="1.0"?>\n'
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
    f'xmlns:ex="{EX}">\n'
)

SECONDS = 20.0
"""A refusal must come at once: far below the minutes the unbounded inputs took."""


def run(args: list[str], env: dict[str, str] | None = None) -> tuple[int, str, str, float]:
    """Run the command line in process: exit code, stderr, stdout and seconds taken."""
    started = time.monotonic()
    result = CliRunner().invoke(app, args, env={"CLAIMGRAPH_STORE": "none", **(env or {})})
    return result.exit_code, result.stderr, result.stdout, time.monotonic() - started


def assert_one_line_error(args: list[str], pattern: str, env: dict[str, str] | None = None) -> str:
    """The command fails fast with one line on stderr that contains ``pattern``."""
    code, err, out, seconds = run(args, env)
    assert code == 2, (code, err, out[-500:])
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert pattern in err, err
    assert "Traceback" not in err and "error: unexpected" not in err, err
    assert seconds < SECONDS, seconds
    return err


# --- files of more than the term limit -------------------------------------------------------

BIG = "x" * (MAX_TERM_BYTES + 1024)


def _literal_files() -> dict[str, Callable[[], str]]:
    return {
        "huge-literal.ttl": lambda: f'{TURTLE_HEAD}ex:a ex:body "{BIG}" .\n',
        "huge-long-literal.ttl": lambda: f'{TURTLE_HEAD}ex:a ex:body """{BIG}""" .\n',
        "huge-literal-in-blank-node.ttl": lambda: f'{TURTLE_HEAD}ex:a ex:p [ ex:q "{BIG}" ] .\n',
        "huge-literal.trig": lambda: f'{TURTLE_HEAD}ex:g {{ ex:a ex:body "{BIG}" . }}\n',
        "huge-literal.nt": lambda: f'<{EX}a> <{EX}body> "{BIG}" .\n',
        "huge-literal.nq": lambda: f'<{EX}a> <{EX}body> "{BIG}" <{EX}g> .\n',
        "huge-iri.nt": lambda: f'<{EX}{BIG}> <{EX}p> "x" .\n',
        "huge-literal.jsonld": lambda: json.dumps({"@id": f"{EX}a", f"{EX}body": BIG}),
        "huge-literal.rdf": lambda: (
            f'{RDF_OPEN}<rdf:Description rdf:about="{EX}a"><ex:body>{BIG}</ex:body>'
            "</rdf:Description></rdf:RDF>\n"
        ),
        "huge-attribute.rdf": lambda: (
            f'{RDF_OPEN}<rdf:Description rdf:about="{EX}a" ex:body="{BIG}"/></rdf:RDF>\n'
        ),
    }


@pytest.mark.parametrize("name", sorted(_literal_files()))
def test_a_term_longer_than_the_limit_is_one_line_not_a_memory_error(
    name: str, tmp_path: Path
) -> None:
    path = tmp_path / name
    path.write_text(_literal_files()[name](), encoding="utf-8")
    err = assert_one_line_error(["stats", "--quiet", "--data", str(path)], str(path))
    assert "longer than the limit of 16 MiB" in err


def test_a_huge_literal_in_a_bulk_load_names_its_file(tmp_path: Path) -> None:
    # The on-disk store joins many files into one bulk load; the error must still name the
    # file, not the batch.
    (tmp_path / "a-small.ttl").write_text(f'{TURTLE_HEAD}ex:a ex:p "x" .\n', encoding="utf-8")
    huge = tmp_path / "b-huge.ttl"
    huge.write_text(f'{TURTLE_HEAD}ex:b ex:body "{BIG}" .\n', encoding="utf-8")
    corpus = make_corpus([tmp_path])
    with pytest.raises(InputError) as raised:
        load_corpus(corpus, store=ox.Store(str(tmp_path / "store")), bulk=True)
    assert raised.value.source is not None and raised.value.source.endswith("b-huge.ttl")
    assert "longer than the limit" in raised.value.message


# --- nesting: refused beyond the limit, read up to it ----------------------------------------


def _turtle(depth: int) -> str:
    # depth levels of "[ ... ]" and "( ... )", alternating
    opening = "".join("[ ex:p " if level % 2 == 0 else "( " for level in range(depth))
    closing = "".join(" ]" if level % 2 == 0 else " )" for level in reversed(range(depth)))
    return f'{TURTLE_HEAD}ex:a ex:p {opening}"x"{closing} .\n'


def _jsonld(depth: int) -> str:
    # The top object is level 1; then objects and arrays alternate.
    inner = '"x"'
    for level in range(depth - 1, 0, -1):
        inner = f'{{"{EX}p": {inner}}}' if level % 2 == 0 else f"[{inner}]"
    return f'{{"@id": "{EX}a", "{EX}p": {inner}}}'


def _rdfxml(depth: int) -> str:
    # rdf:RDF is level 1, then node and property elements alternate.
    pairs, odd = divmod(depth - 1, 2)
    extra = "<rdf:Description/>" if odd else ""
    body = "<rdf:Description><ex:p>" * pairs + (extra or "x") + "</ex:p></rdf:Description>" * pairs
    return f"{RDF_OPEN}{body}</rdf:RDF>\n"


MAKERS: dict[str, Callable[[int], str]] = {".ttl": _turtle, ".jsonld": _jsonld, ".rdf": _rdfxml}


@pytest.mark.parametrize("suffix", sorted(MAKERS))
def test_nesting_at_the_limit_is_read_and_one_deeper_is_refused(
    suffix: str, tmp_path: Path
) -> None:
    at_limit = tmp_path / f"at-limit{suffix}"
    at_limit.write_text(MAKERS[suffix](MAX_NESTING_DEPTH), encoding="utf-8")
    code, err, _, _ = run(["stats", "--quiet", "--data", str(at_limit)])
    assert code == 0, err
    too_deep = tmp_path / f"one-deeper{suffix}"
    too_deep.write_text(MAKERS[suffix](MAX_NESTING_DEPTH + 1), encoding="utf-8")
    err = assert_one_line_error(["stats", "--quiet", "--data", str(too_deep)], str(too_deep))
    assert f"nested more than {MAX_NESTING_DEPTH} levels deep" in err


@pytest.mark.parametrize("suffix", sorted(MAKERS))
def test_nesting_100000_deep_is_refused_at_once(suffix: str, tmp_path: Path) -> None:
    # RDF/XML this deep took 194 s to parse; JSON-LD crashed the parser (stack overflow).
    path = tmp_path / f"deep{suffix}"
    path.write_text(MAKERS[suffix](100_000), encoding="utf-8")
    err = assert_one_line_error(["stats", "--quiet", "--data", str(path)], f"{path}:")
    assert "nested more than" in err


# --- what is read, and how much --------------------------------------------------------------


def test_data_and_anchor_refuse_dev_zero_at_once() -> None:
    assert_one_line_error(["stats", "--quiet", "--data", "/dev/zero"], "/dev/zero: is not a")
    assert_one_line_error(["anchor", "/dev/zero", "school board"], "/dev/zero: is not a")


def test_a_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "minutes.txt"
    os.mkfifo(fifo)
    assert_one_line_error(["anchor", str(fifo), "school board"], "is not a regular file")
    assert_one_line_error(["stats", "--quiet", "--data", str(fifo)], "is not a regular file")
    folder = tmp_path / "data"
    folder.mkdir()
    os.mkfifo(folder / "routes.ttl")
    assert_one_line_error(["stats", "--quiet", "--data", str(folder)], "routes.ttl: is not a")


def test_a_file_over_the_input_limit_is_refused_and_the_limit_can_be_raised(
    tmp_path: Path,
) -> None:
    path = tmp_path / "routes.nt"
    path.write_text(f'<{EX}a> <{LABEL}> "{"route " * 200_000}" .\n', encoding="utf-8")
    small = {"CLAIMGRAPH_MAX_INPUT_BYTES": str(1 << 20)}  # the ontology's files are smaller
    err = assert_one_line_error(["stats", "--quiet", "--data", str(path)], str(path), small)
    assert "larger than the limit of 1 MiB" in err
    assert "CLAIMGRAPH_MAX_INPUT_BYTES" in err
    code, err, _, _ = run(
        ["stats", "--quiet", "--data", str(path)], {"CLAIMGRAPH_MAX_INPUT_BYTES": "2_000_000"}
    )
    assert code == 0, err
    assert_one_line_error(
        ["stats", "--quiet", "--data", str(path)],
        "CLAIMGRAPH_MAX_INPUT_BYTES must be a positive number",
        {"CLAIMGRAPH_MAX_INPUT_BYTES": "lots"},
    )


def test_read_bounded_never_reads_past_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "x.ttl"
    path.write_bytes(b"a" * 100)
    assert read_bounded(path, 100) == b"a" * 100
    with pytest.raises(InputError, match="larger than the limit of 99 bytes"):
        read_bounded(path, 99)


def test_a_text_over_the_text_limit_is_refused_by_anchor_and_by_loading(tmp_path: Path) -> None:
    text = tmp_path / "sources" / "minutes.txt"
    text.parent.mkdir()
    text.write_text("The school board met on Tuesday. " * 100, encoding="utf-8")
    small = {"CLAIMGRAPH_MAX_TEXT_BYTES": "1024"}
    err = assert_one_line_error(["anchor", str(text), "school board"], str(text), small)
    assert "larger than the limit of 1 KiB" in err and "CLAIMGRAPH_MAX_TEXT_BYTES" in err
    document = tmp_path / "documents" / "minutes.ttl"
    document.parent.mkdir()
    document.write_text(
        f"{TURTLE_HEAD}@prefix cg: <https://w3id.org/claimgraph/ontology#> .\n"
        'ex:minutes cg:textFile "sources/minutes.txt" .\n',
        encoding="utf-8",
    )
    err = assert_one_line_error(["stats", "--quiet", "--data", str(tmp_path)], "minutes.txt", small)
    assert "larger than the limit of 1 KiB" in err


def test_an_unreadable_file_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "private.ttl"
    path.write_text(f'{TURTLE_HEAD}ex:a ex:p "x" .\n', encoding="utf-8")
    path.chmod(0)
    if os.geteuid() == 0:
        # root reads a file of mode 000: make the refusal the system would give happen.
        real_open = os.open

        def refuse(file: object, flags: int, *args: object) -> int:
            if str(file) == str(path):
                raise PermissionError(13, "Permission denied", str(file))
            return real_open(file, flags, *args)  # type: ignore[arg-type]

        monkeypatch.setattr("claimgraph.rdf.limits.os.open", refuse)
    try:
        assert_one_line_error(["stats", "--quiet", "--data", str(path)], "cannot read: Permission")
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)
