"""``claimgraph init``: make a study folder of one's own."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from claimgraph.authoring.study import init_study
from claimgraph.cli.common import reported_errors


def init(
    folder: Annotated[Path, typer.Argument(help="The study folder to make (new or empty).")],
) -> None:
    """Make a study: data folders, shared entities, the core ontology, shapes and queries.

    The study's claimgraph.toml makes every command run in the folder (or below it) work on
    the study, as git finds its repository.

    Example: claimgraph init ~/studies/bus-routes && cd ~/studies/bus-routes
    """
    with reported_errors():
        made = init_study(folder)
        for path in made:
            typer.echo(str(path))
        typer.echo(f"study ready: cd {folder} (commands run there work on the study)", err=True)
