"""The ``claimgraph`` command line: each command parses options, calls the library, renders.

Commands live one per module in this package; this module only assembles them.
"""

from __future__ import annotations

from typing import Annotated

import typer

from claimgraph import __version__
from claimgraph.cli.analyze import analyze
from claimgraph.cli.anchor import anchor
from claimgraph.cli.build import build
from claimgraph.cli.check import check
from claimgraph.cli.common import STATE
from claimgraph.cli.compile import compile_
from claimgraph.cli.export import export
from claimgraph.cli.export_format import export_format
from claimgraph.cli.find import find
from claimgraph.cli.generate import generate
from claimgraph.cli.import_ import import_
from claimgraph.cli.init import init
from claimgraph.cli.new_document import new_document
from claimgraph.cli.ontology import ontology_app
from claimgraph.cli.push import push
from claimgraph.cli.query import queries, query
from claimgraph.cli.serve import serve
from claimgraph.cli.stats import stats
from claimgraph.cli.suggest import suggest_links
from claimgraph.cli.validate import validate

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
