"""``claimgraph build``: ontology + data into one dataset file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..build import build_dataset
from ..errors import InputError
from ..formats import rdf_format_for_path, rdf_format_named
from ..loading import load_corpus
from ..serialize import serialize_quads
from .common import (
    DataOption,
    OntologyOption,
    QuietOption,
    corpus_from,
    progress_for,
    reported_errors,
)

DEFAULT_OUTPUT = Path("build/claimgraph.trig")


def build(
    data: DataOption = None,
    ontology: OntologyOption = None,
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="Where to write; '-' for stdout (then give --format)."),
    ] = DEFAULT_OUTPUT,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="trig, nquads, json-ld, turtle, ntriples, rdfxml or a MIME type. "
            "Default: from the output's extension.",
            show_default=False,
        ),
    ] = None,
    graph: Annotated[
        str | None,
        typer.Option(
            "--graph",
            help="Write only this named graph (an IRI, or 'default'); needed for "
            "triples-only formats such as Turtle.",
            show_default=False,
        ),
    ] = None,
    quiet: QuietOption = False,
) -> None:
    """Build one dataset file from the ontology and the data.

    The output is deterministic (sorted, stable prefixes: the same input gives the same
    bytes) and written atomically; each document keeps its own named graph, and the source
    texts are included as cg:text.

    Example: claimgraph build -o build/claimgraph.nq
    """
    with reported_errors():
        corpus = corpus_from(data, ontology)
        if str(output) == "-":
            if fmt is None:
                raise InputError("writing to stdout needs --format")
            loaded = load_corpus(corpus, progress_for(quiet))
            typer.echo(
                serialize_quads(loaded.quads, rdf_format_named(fmt), graph).decode("utf-8"),
                nl=False,
            )
            return
        result = build_dataset(
            corpus,
            output,
            rdf_format_named(fmt) if fmt else rdf_format_for_path(output),
            graph=graph,
            progress=progress_for(quiet),
        )
        if not quiet:
            typer.echo(
                f"wrote {result.output}: {result.quads} quads in {result.graphs} graphs "
                f"from {result.files_read} files",
                err=True,
            )
