"""``claimgraph init``: make a study folder of one's own."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from claimgraph.authoring.study import init_study
from claimgraph.cli.common import reported_errors
from claimgraph.corpus.files import project_home


def init(
    folder: Annotated[Path, typer.Argument(help="The study folder to make (new or empty).")],
) -> None:
    """Make a study: data folders, shared entities, the core ontology, shapes and queries.

    Then `export CLAIMGRAPH_HOME=FOLDER` and every command works on the study.

    Example: claimgraph init ~/studies/bus-routes && export CLAIMGRAPH_HOME=~/studies/bus-routes
    """
    with reported_errors():
        made = init_study(folder, project_home())
        for path in made:
            typer.echo(str(path))
        typer.echo(f"study ready: export CLAIMGRAPH_HOME={folder.resolve()}", err=True)
