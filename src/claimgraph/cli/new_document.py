"""``claimgraph new-document``: start the authoring file of a new source text."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from claimgraph.authoring.newdoc import new_document as start_document
from claimgraph.cli.common import reported_errors
from claimgraph.errors import OutputError
from claimgraph.rdf.output import write_atomically


def new_document(
    text_file: Annotated[Path, typer.Argument(help="The source text, in <data>/sources/.")],
    data: Annotated[
        Path | None,
        typer.Option("--data", help="The data folder. Default: the folder above sources/."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Default: <data>/documents/<slug>.yaml ('-' for stdout)."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Start an authoring file: header with the text's SHA-256, and the text's sentences.

    Example: claimgraph new-document data/sources/my-statement.txt
    """
    with reported_errors():
        folder = data or text_file.resolve().parent.parent
        target = output or folder / "documents" / f"{text_file.stem}.yaml"
        shown = folder / "documents" / f"{text_file.stem}.yaml" if str(target) == "-" else target
        yaml_text = start_document(text_file, folder, str(shown))
        if str(target) == "-":
            typer.echo(yaml_text, nl=False)
            return
        if target.exists() and not force:
            raise OutputError(
                "the authoring file exists already", source=target, hint="--force overwrites it"
            )
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, yaml_text.encode("utf-8"))
        typer.echo(f"{target}: fill in title, author and claims", err=True)
