"""``claimgraph push``: publish the study to a SPARQL store, graph by graph."""

from __future__ import annotations

from typing import Annotated

import typer

from claimgraph.cli.common import (
    DataOption,
    OntologyOption,
    QuietOption,
    corpus_from,
    progress_for,
    reported_errors,
)
from claimgraph.corpus.loading import load_corpus
from claimgraph.remote.client import SparqlClient, endpoint_for
from claimgraph.remote.push import push_study


def push(
    endpoint: Annotated[
        str,
        typer.Option(
            "--endpoint",
            metavar="URL",
            help="The store's SPARQL query endpoint, e.g. http://127.0.0.1:7878/query "
            "(Oxigraph server) or http://127.0.0.1:8890/sparql (Virtuoso).",
            show_default=False,
        ),
    ],
    graph_store: Annotated[
        str | None,
        typer.Option(
            "--graph-store",
            metavar="URL",
            help="Its Graph Store Protocol URL, where it is not the usual one for the store "
            "(Oxigraph: /store, Virtuoso: /sparql-graph-crud-auth, Fuseki: /DATASET/data).",
            show_default=False,
        ),
    ] = None,
    timeout: Annotated[
        float, typer.Option("--timeout", metavar="SECONDS", help="Seconds per HTTP request.")
    ] = 300.0,
    data: DataOption = None,
    ontology: OntologyOption = None,
    quiet: QuietOption = False,
) -> None:
    """Publish the study to a SPARQL store with the Graph Store Protocol.

    Each graph of the study is replaced on the store (HTTP PUT, N-Triples), so pushing
    twice leaves what pushing once did; then the store's triple count of every graph is
    checked against the study's. Credentials come from CLAIMGRAPH_ENDPOINT_USER and
    CLAIMGRAPH_ENDPOINT_PASSWORD or ~/.netrc, never from the command line. An unreachable
    store, an HTTP error or refused credentials: one line, exit code 2.

    Example: claimgraph push --endpoint http://127.0.0.1:7878/query (for Virtuoso, first
    export CLAIMGRAPH_ENDPOINT_USER and CLAIMGRAPH_ENDPOINT_PASSWORD)
    """
    with reported_errors():
        client = SparqlClient(endpoint_for(endpoint, graph_store), timeout)
        loaded = load_corpus(corpus_from(data, ontology), progress_for(quiet))
        report = push_study(loaded, client, progress_for(quiet))
        typer.echo(
            f"pushed {report.triples:,} triples in {len(report.graphs)} graph(s) to "
            f"{report.endpoint}; every graph's count checked on the store"
        )
