"""``claimgraph find``: look up actors, authorities, events, places, topics and claims by
name, fuzzily, across the shared graph and every document."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from claimgraph.authoring.compiler import scaffold
from claimgraph.authoring.entities import KINDS, SEARCHED_KINDS, EntityIndex
from claimgraph.cli.common import DataOption, reported_errors
from claimgraph.corpus.files import project_home
from claimgraph.errors import InputError


def find(
    name: Annotated[str, typer.Argument(help="A name, alias, slug or part of one.")],
    data: DataOption = None,
    kind: Annotated[
        list[str] | None,
        typer.Option(
            "--kind",
            "-k",
            help=f"Only these kinds (repeatable): {', '.join(KINDS)}. "
            "Default: all but anchor and citation.",
        ),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many matches.")] = 8,
    new: Annotated[
        str | None,
        typer.Option(
            "--new",
            metavar="KIND",
            help="Also print a new entity of this kind named NAME, with its required fields, "
            "to paste into the shared graph.",
        ),
    ] = None,
) -> None:
    """Find entities by name: labels and aliases, matched fuzzily (0-100).

    The score is the mean of rapidfuzz's whole-name and word-set ratios.

    Example: claimgraph find "Armenian side" --kind actor
    """
    with reported_errors():
        kinds = tuple(kind or SEARCHED_KINDS)
        for k in (*kinds, *([new] if new else [])):
            if k not in KINDS:
                raise InputError(f"unknown kind '{k}'", hint=f"one of: {', '.join(KINDS)}")
        if limit < 1:
            raise InputError("--limit must be at least 1")
        paths = data or [project_home() / "data"]
        index = EntityIndex.from_files([Path(p) for p in paths])
        matches = index.search(name, kinds, limit=limit)
        if not matches:
            typer.echo("no match", err=True)
        for match in matches:
            others = [n for n in match.entity.names if n != match.name][:3]
            also = f"  also: {'; '.join(others)}" if others else ""
            typer.echo(f"{match.score:5.1f}  {match.entity.curie}  {match.name!r}{also}")
        if new:
            typer.echo(scaffold(new, name))
