"""``claimgraph query`` and ``claimgraph queries``."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, BinaryIO

import typer

from claimgraph.cli.common import (
    DataOption,
    EndpointOption,
    OntologyOption,
    QuietOption,
    SparqlEngineOption,
    corpus_from,
    open_from,
    progress_for,
    reported_errors,
    write_text,
)
from claimgraph.corpus.protected import protected_for
from claimgraph.errors import InputError, QueryError, QueryLimitError
from claimgraph.query.engine import Engine, QueryEngine, QueryLimits, QueryResult
from claimgraph.query.library import (
    LibraryQuery,
    bind_parameters,
    find_query,
    library,
    read_query_text,
)
from claimgraph.query.results import terminal_safe, write_results
from claimgraph.rdf.formats import RDF_FORMATS, rdf_format_named, results_format_named
from claimgraph.rdf.output import check_output, write_atomically
from claimgraph.rdf.serialize import serialize_quads
from claimgraph.rdf.terms import to_oxigraph

DEFAULT_TIMEOUT = 120.0
"""Seconds a query may run from the command line unless --timeout says otherwise."""
DEFAULT_MAX_ROWS = 1_000_000
"""Rows (or triples) a query may return from the command line unless --max-rows says otherwise."""

TimeoutOption = Annotated[
    float,
    typer.Option(
        "--timeout",
        metavar="SECONDS",
        help="Stop a query that runs longer than this (exit code 2); 0: no limit. "
        "With check, for each QC query.",
    ),
]
MaxRowsOption = Annotated[
    int,
    typer.Option(
        "--max-rows",
        metavar="N",
        help="Stop a query that returns more rows (CONSTRUCT: triples) than this (exit code "
        "2); 0: no limit. With check, for each QC query.",
    ),
]


def query_limits(timeout: float, max_rows: int) -> QueryLimits:
    """The limits the options ask for (0 or less: none)."""
    return QueryLimits(
        seconds=timeout if timeout > 0 else None, rows=max_rows if max_rows > 0 else None
    )


@contextmanager
def limits_explained() -> Iterator[None]:
    """Say which option stopped a query, and how to change it."""
    try:
        yield
    except QueryLimitError as exc:
        if exc.limit == "time":
            message = exc.message.replace("(its time limit)", "(--timeout)")
            hint = "give it more time with --timeout SECONDS, or 0 for no limit"
        else:
            message = exc.message.replace("(its row limit)", "(--max-rows)")
            hint = "add LIMIT to the query, or raise --max-rows (0: no limit)"
        raise QueryLimitError(message, limit=exc.limit, source=exc.source, hint=hint) from exc


def _stdin() -> BinaryIO:
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:
        raise QueryError("standard input cannot be read as bytes", source="stdin")
    return buffer  # type: ignore[no-any-return]


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
    engine: SparqlEngineOption = Engine.OXIGRAPH,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
    max_width: Annotated[
        int,
        typer.Option("--max-width", help="Table cells longer than this are shortened; 0: never."),
    ] = 60,
    timeout: TimeoutOption = DEFAULT_TIMEOUT,
    max_rows: MaxRowsOption = DEFAULT_MAX_ROWS,
    data: DataOption = None,
    ontology: OntologyOption = None,
    quiet: QuietOption = False,
    endpoint: EndpointOption = None,
) -> None:
    """Run a read-only SPARQL query over the corpus (all graphs as the default graph).

    Parameters are bound as data, never pasted into the query text. SERVICE, updates and
    FROM naming graphs that are not loaded are refused, and so are \\u escapes outside
    strings and IRIs. A query text is at most 1 MiB. A query stops after --timeout seconds
    (default 120) or at more than --max-rows rows (default 1,000,000): exit code 2, with
    one line saying which limit stopped it.

    Example: claimgraph query rebutted-claims --param claimant=actor:azerbaijan --format csv
    """
    with reported_errors():
        library_query: LibraryQuery | None = None
        if (name is None) == (text is None):
            raise InputError("give a query name or file, or --query TEXT (one of them)")
        if text is not None:
            query_text = read_query_text(_stdin(), "stdin") if text == "-" else text
            source = "stdin" if text == "-" else "query"
        else:
            assert name is not None
            library_query = find_query(name)
            query_text, source = library_query.text, str(library_query.path)
        bindings = bind_parameters(library_query, list(param or []))
        limits = query_limits(timeout, max_rows)
        if endpoint is not None:
            if output is not None:
                check_output(output, protected_for(corpus_from(data, ontology), read=[]))
            from claimgraph.remote.push import connect

            with limits_explained():
                result = connect(endpoint, timeout or 3600.0).query(
                    query_text, bindings, source=source, limits=limits
                )
            _write_result(result, fmt, max_width, output)
            return
        corpus = corpus_from(data, ontology)
        read = [library_query.path] if library_query is not None else []
        protected = protected_for(corpus, read=read)
        if output is not None:
            check_output(output, protected)
        loaded = open_from(corpus, progress_for(quiet))
        if output is not None:
            check_output(output, protected.with_files(loaded.text_files.values()))
        with limits_explained():
            result = QueryEngine(loaded, engine).query(
                query_text, bindings, source=source, limits=limits
            )
        _write_result(result, fmt, max_width, output)


def _write_result(
    result: QueryResult, fmt: str | None, max_width: int, output: Path | None
) -> None:
    """Render ``result`` in ``fmt`` to ``output`` (or stdout)."""
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
