"""``claimgraph query`` and ``claimgraph queries``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..errors import InputError
from ..formats import RDF_FORMATS, rdf_format_named, results_format_named
from ..library import LibraryQuery, bind_parameters, find_query, library
from ..loading import load_corpus, to_oxigraph
from ..output import check_output, protected_for, write_atomically
from ..results import terminal_safe, write_results
from ..serialize import serialize_quads
from ..sparql import Engine, QueryEngine
from .common import (
    DataOption,
    OntologyOption,
    QuietOption,
    corpus_from,
    progress_for,
    reported_errors,
    write_text,
)


def query(
    name: Annotated[
        str | None,
        typer.Argument(
            help="A query of the library (see 'claimgraph queries') or a .rq file.",
            show_default=False,
        ),
    ] = None,
    text: Annotated[
        str | None,
        typer.Option("--query", "-q", help="The query text itself ('-' reads it from stdin)."),
    ] = None,
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param",
            "-p",
            help="name=value, bound as data (repeatable). IRIs as prefix:local or <iri>.",
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="SELECT/ASK: table, csv, tsv, json, xml. CONSTRUCT/DESCRIBE: turtle, "
            "ntriples, json-ld, rdfxml, trig, nquads.",
            show_default=False,
        ),
    ] = None,
    engine: Annotated[
        Engine, typer.Option("--engine", help="oxigraph (fast) or memory (rdflib).")
    ] = Engine.OXIGRAPH,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
    max_width: Annotated[
        int,
        typer.Option("--max-width", help="Table cells longer than this are shortened; 0: never."),
    ] = 60,
    data: DataOption = None,
    ontology: OntologyOption = None,
    quiet: QuietOption = False,
) -> None:
    """Run a read-only SPARQL query over the corpus (all graphs as the default graph).

    Parameters are bound as data, never pasted into the query text. SERVICE, updates and
    FROM naming graphs that are not loaded are refused.

    Example: claimgraph query rebutted-claims --param claimant=actor:azerbaijan --format csv
    """
    with reported_errors():
        library_query: LibraryQuery | None = None
        if (name is None) == (text is None):
            raise InputError("give a query name or file, or --query TEXT (one of them)")
        if text is not None:
            query_text = sys.stdin.read() if text == "-" else text
            source = "query"
        else:
            assert name is not None
            library_query = find_query(name)
            query_text, source = library_query.text, str(library_query.path)
        bindings = bind_parameters(library_query, list(param or []))
        corpus = corpus_from(data, ontology)
        read = [library_query.path] if library_query is not None else []
        protected = protected_for(corpus, read=read)
        if output is not None:
            check_output(output, protected)
        loaded = load_corpus(corpus, progress_for(quiet))
        if output is not None:
            check_output(output, protected.with_files(loaded.text_files.values()))
        result = QueryEngine(loaded, engine).query(query_text, bindings, source=source)
        if result.kind in ("SELECT", "ASK"):
            chosen = results_format_named(fmt) if fmt else "table"
            out = write_results(result, chosen, max_width)
        else:
            rdf_format = rdf_format_named(fmt or "turtle")
            if rdf_format not in RDF_FORMATS:
                raise InputError(f"{fmt} is not an RDF format")
            from pyoxigraph import DefaultGraph, Quad

            quads = [
                Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), DefaultGraph())
                for s, p, o in result.triples
            ]
            out = serialize_quads(quads, rdf_format).decode("utf-8")
        write_text(out, output, write_atomically)


def queries() -> None:
    """List the query library: each query's name, question and parameters.

    Example: claimgraph queries
    """
    with reported_errors():
        for item in library():
            typer.echo(f"{item.name}")
            typer.echo(f"  {terminal_safe(item.question)}")
            for p in item.parameters:
                need = "required" if p.required else "optional"
                typer.echo(
                    f"  --param {p.name}=<{p.kind}>  ({need}) {terminal_safe(p.description)}"
                )
