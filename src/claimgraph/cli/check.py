"""``claimgraph check``: the QC queries ``queries/checks/*-violation.rq``."""

from __future__ import annotations

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
)
from claimgraph.cli.query import (
    DEFAULT_MAX_ROWS,
    DEFAULT_TIMEOUT,
    MaxRowsOption,
    TimeoutOption,
    limits_explained,
    query_limits,
)
from claimgraph.query.checks import run_checks, run_checks_with
from claimgraph.query.engine import Engine
from claimgraph.query.results import write_results


def check(
    data: DataOption = None,
    ontology: OntologyOption = None,
    engine: SparqlEngineOption = Engine.OXIGRAPH,
    timeout: TimeoutOption = DEFAULT_TIMEOUT,
    max_rows: MaxRowsOption = DEFAULT_MAX_ROWS,
    quiet: QuietOption = False,
    endpoint: EndpointOption = None,
) -> None:
    """Run the quality-control queries; each must return nothing. Exit 1 if any does.

    Each QC query stops after --timeout seconds (default 120) or at more than --max-rows
    rows (default 1,000,000): exit code 2, with one line saying which limit stopped it.

    Example: claimgraph check
    """
    with reported_errors():
        limits = query_limits(timeout, max_rows)
        if endpoint is not None:
            from claimgraph.remote.push import connect

            with limits_explained():
                outcomes = run_checks_with(connect(endpoint, timeout or 3600.0), limits=limits)
        else:
            loaded = open_from(corpus_from(data, ontology), progress_for(quiet))
            with limits_explained():
                outcomes = run_checks(loaded, engine, limits=limits)
        failed = 0
        for outcome in outcomes:
            rows = len(outcome.result.rows)
            status = "ok" if rows == 0 else f"{rows} violation(s)"
            typer.echo(f"{outcome.query.name}: {status}")
            if rows:
                failed += 1
                typer.echo(f"  guards: {outcome.query.question}")
                typer.echo(write_results(outcome.result, "table"))
    raise typer.Exit(1 if failed else 0)
