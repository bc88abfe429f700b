"""``claimgraph anchor``: find a quote in a source text and print its anchor; or check every
quote of an authoring file at once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rdflib import Literal

from claimgraph.authoring import anchoring
from claimgraph.authoring.compiler import default_data_folder, iter_quotes, read_header, text_path
from claimgraph.authoring.yamlnodes import load_file
from claimgraph.cli.common import reported_errors
from claimgraph.corpus.anchors import Anchor
from claimgraph.errors import InputError, Position
from claimgraph.rdf.limits import read_source_text

AUTHORING_SUFFIXES = (".yaml", ".yml")


def anchor(
    text_file: Annotated[
        Path,
        typer.Argument(
            help="The source text (UTF-8); or an authoring file (.yaml) to anchor all its quotes."
        ),
    ],
    quote: Annotated[
        str | None,
        typer.Argument(
            help="The quote. Quote marks, dashes and spaces need not match the text's; "
            "'words [[quote]] words' picks one occurrence by its context."
        ),
    ] = None,
    near: Annotated[
        str | None,
        typer.Option("--near", help="Words close to the wanted occurrence, to choose one."),
    ] = None,
    occurrence: Annotated[
        int | None,
        typer.Option(
            "--occurrence",
            "-n",
            help="Which occurrence (1-based), when the quote occurs more than once.",
        ),
    ] = None,
    data: Annotated[
        Path | None,
        typer.Option("--data", help="With an authoring file: the data folder holding its text."),
    ] = None,
) -> None:
    """Print the quote anchor of a quote as Turtle, or anchor every quote of an authoring file.

    A quote found several times is refused; the error shows each occurrence in context and
    the few words that would pick it.

    Example: claimgraph anchor data/sources/artsakh-mfa-statement-on-hajiyev-remarks.txt
    "Azerbaijan’s claims that [[the Lachin Corridor]]"

    Example: claimgraph anchor data/documents/artsakh-mfa-statement-on-hajiyev-remarks.yaml
    """
    with reported_errors():
        if quote is None:
            if text_file.suffix.lower() not in AUTHORING_SUFFIXES:
                raise InputError(
                    "give a quote, or an authoring file (.yaml) to anchor all its quotes"
                )
            _batch(text_file, data)
            return
        text = _read_text(text_file)
        if occurrence is not None:
            found = anchoring.occurrences(text, quote)
            if not 1 <= occurrence <= len(found):
                raise InputError(f"the quote occurs {len(found)} time(s), not {occurrence}")
            chosen = found[occurrence - 1]
            result = anchoring.anchor_at(text, chosen.start, chosen.end)
        else:
            try:
                result = anchoring.find(text, quote, near)
            except InputError as exc:
                if "occurs" in exc.message:
                    exc.message += " (a few words around it, --near WORDS or --occurrence N)"
                raise
        typer.echo(f"# {anchoring.show(text, result.start, result.end)}", err=True)
        typer.echo(_turtle(result, f"doc:{text_file.stem}"))


def _read_text(path: Path) -> str:
    # Bounded: a device (/dev/zero) or pipe is refused, a huge file is not read whole.
    data = read_source_text(path, str(path))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"cannot read the text: not UTF-8 at byte {exc.start}", source=str(path)
        ) from exc


def _turtle(found: Anchor, document: str) -> str:
    lines = [
        "a cg:QuoteAnchor ;",
        f"cg:inDocument {document} ;",
        f"cg:exact {Literal(found.exact).n3()} ;",
        f"cg:start {found.start} ;",
        f"cg:end {found.end} ;",
        f"cg:prefix {Literal(found.prefix).n3()} ;",
        f"cg:suffix {Literal(found.suffix).n3()} .",
    ]
    return "\n".join(f"    {line}" for line in lines)


def _batch(path: Path, data: Path | None) -> None:
    """Anchor every quote of an authoring file: one line each, errors with their line."""
    root = load_file(path)
    relative, _node = read_header(root, str(path))
    text = _read_text(text_path(data or default_data_folder(path), relative))
    failed = 0
    total = 0
    for owner, located in iter_quotes(root):
        total += 1
        where = f"{path}:{located.line}:{located.column}"
        try:
            found = anchoring.find(text, str(located.value))
        except InputError as exc:
            failed += 1
            error = InputError(
                f"{owner}: {exc.message}",
                source=str(path),
                position=Position(located.line, located.column),
                hint=exc.hint,
            )
            typer.echo(f"error: {error}", err=True)
            continue
        typer.echo(
            f"{where}: {owner}: {found.start}-{found.end} "
            f"{anchoring.show(text, found.start, found.end, 24)}"
        )
    if failed:
        raise InputError(f"{failed} of {total} quotes cannot be anchored", source=str(path))
    typer.echo(f"{path}: all {total} quotes anchored", err=True)
