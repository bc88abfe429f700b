"""``claimgraph suggest``: claims in other documents that a new claim may restate or attack."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from claimgraph.authoring.compiler import compile_file, default_data_folder
from claimgraph.authoring.suggest import evaluate, pool_from_files, suggest
from claimgraph.cli.common import reported_errors
from claimgraph.errors import InputError


def suggest_links(
    file: Annotated[Path, typer.Argument(help="An authoring file (.yaml).")],
    data: Annotated[
        Path | None,
        typer.Option("--data", help="The data folder. Default: the folder above documents/."),
    ] = None,
    top: Annotated[int, typer.Option("--top", help="Candidates per claim and link kind.")] = 3,
    within: Annotated[
        bool, typer.Option("--within", help="Also propose claims of the same document.")
    ] = False,
    measure: Annotated[
        bool,
        typer.Option(
            "--evaluate",
            help="Instead: how many of the file's recorded attacks and same-as links the "
            "top candidates among its own claims contain (recall@top).",
        ),
    ] = False,
) -> None:
    """Suggest same-proposition and attack links to claims of other documents (lexical).

    Nothing is written: the author confirms a suggestion by adding the key to same-as,
    denies, counters, reframes or imputes-motive.

    Example: claimgraph suggest data/documents/my-statement.yaml --top 5
    """
    with reported_errors():
        if top < 1:
            raise InputError("--top must be at least 1")
        folder = data or default_data_folder(file)
        compiled = compile_file(file, data_folder=folder)
        if measure:
            for name, recall in evaluate(compiled, top).items():
                typer.echo(
                    f"{name}: {recall.found} of {recall.links} recorded links in the top {top} "
                    f"({recall.rate:.0%})"
                )
            return
        pool = pool_from_files([folder], skip=[file.with_suffix(".trig")])
        prefix = "https://w3id.org/claimgraph/id/claim/"
        found = suggest(compiled, pool, within, top)
        if not found:
            typer.echo(
                "no candidates (are there other documents? --within proposes this one's own)",
                err=True,
            )
        for s in found:
            typer.echo(
                f"{str(s.claim).removeprefix(prefix)}\t{s.link}\t"
                f"claim:{str(s.candidate.iri).removeprefix(prefix)}\t{s.score:.2f}\t"
                f"{s.candidate.label}"
            )
