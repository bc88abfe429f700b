"""``claimgraph stats``."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rdflib import URIRef

from claimgraph.cli.common import (
    DataOption,
    EndpointOption,
    OntologyOption,
    QuietOption,
    corpus_from,
    progress_for,
    reported_errors,
    study_from,
)
from claimgraph.errors import InputError
from claimgraph.facts.stats import corpus_stats
from claimgraph.query.results import compact, terminal_safe


def stats(
    data: DataOption = None,
    ontology: OntologyOption = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    quiet: QuietOption = False,
    endpoint: EndpointOption = None,
) -> None:
    """Count what the corpus holds: instances by class, and claims, rebuttals, citations and
    anchors by document.

    Example: claimgraph stats --format json
    """
    with reported_errors():
        if fmt not in ("table", "json"):
            raise InputError(f"unknown format {fmt!r}", hint="table or json")
        stats = corpus_stats(study_from(corpus_from(data, ontology), endpoint, progress_for(quiet)))
        if fmt == "json":
            document = {
                "triples": stats.triples,
                "graphs": stats.graphs,
                "byClass": {str(k): v for k, v in stats.by_class.items()},
                "byDocument": [
                    {
                        "document": str(d.document),
                        "graph": str(d.graph),
                        "triples": d.triples,
                        "byClass": {str(k): v for k, v in d.by_class.items()},
                    }
                    for d in stats.documents
                ],
            }
            typer.echo(json.dumps(document, indent=2))
            return
        typer.echo(f"{stats.triples} quads in {stats.graphs} graphs\n")
        typer.echo("instances by class (data graphs)")

        # IRIs may hold bidirectional marks (Turtle allows them): escaped for the terminal.
        def shown(term: URIRef) -> str:
            return terminal_safe(compact(term))

        width = max((len(shown(k)) for k in stats.by_class), default=10)
        for cls, count in stats.by_class.items():
            typer.echo(f"  {shown(cls).ljust(width)}  {count:>6}")
        for doc in stats.documents:
            typer.echo(f"\n{shown(doc.document)}  ({doc.triples} triples)")
            for cls, count in doc.by_class.items():
                typer.echo(f"  {shown(cls).ljust(width)}  {count:>6}")
