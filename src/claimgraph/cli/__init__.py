"""The ``claimgraph`` command line: each command parses options, calls the library, renders.

Commands live one per module in this package; this module only assembles them.
"""

from __future__ import annotations

from typing import Annotated

import typer

from .. import __version__
from .analyze import analyze
from .anchor import anchor
from .build import build
from .check import check
from .common import STATE
from .compile import compile_
from .export import export
from .export_format import export_format
from .find import find
from .generate import generate
from .import_ import import_
from .init import init
from .new_document import new_document
from .ontology import ontology_app
from .push import push
from .query import queries, query
from .serve import serve
from .stats import stats
from .suggest import suggest_links
from .validate import validate

app = typer.Typer(
    name="claimgraph",
    help="A claim-and-rebuttal knowledge graph: who claims what, who rebuts whom, and which "
    "authorities each side invokes.\n\nWith no --data, every command works on the project's "
    "own corpus (ontology/ and data/).",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"claimgraph {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """claimgraph: who claims what, who rebuts whom, which authorities each side invokes.

    Example: claimgraph validate && claimgraph query rebutted-claims
    """
    STATE.debug = debug


app.command()(build)
app.command()(validate)
app.command()(query)
app.command()(queries)
app.command()(stats)
app.command()(check)
app.command()(anchor)
app.add_typer(ontology_app, name="ontology")
app.command()(export)
app.command()(analyze)
app.command()(generate)
app.command(name="compile")(compile_)
app.command()(find)
app.command(name="new-document")(new_document)
app.command(name="suggest")(suggest_links)
app.command()(init)
app.command(name="import")(import_)
app.command(name="export-format")(export_format)
app.command()(push)
app.command()(serve)


def main() -> None:
    """Entry point of the ``claimgraph`` console script."""
    app()
