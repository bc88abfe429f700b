"""``claimgraph analyze``: each claim's status under argumentation semantics, why, and metrics."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from claimgraph.analysis.dung import SearchLimit
from claimgraph.analysis.rdf import analysis_trig, check_run_id, run_date, run_info
from claimgraph.analysis.report import analyze_corpus, explanation_text, report_json, report_text
from claimgraph.analysis.run import SEMANTICS, parse_semantics
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
from claimgraph.corpus.protected import protected_for
from claimgraph.errors import InputError
from claimgraph.export.views import resolve_iri
from claimgraph.rdf.output import check_output, write_atomically

DEFAULT_NODES = 1_000_000
"""Search nodes each multi-extension semantics may spend unless ``--limit-nodes`` says."""
DEFAULT_SECONDS = 30.0
"""Seconds each multi-extension semantics may take unless ``--limit-seconds`` says."""


def analyze(
    semantics: Annotated[
        list[str] | None,
        typer.Option(
            "--semantics",
            "-s",
            metavar="NAMES",
            help="Comma-separated (or repeated): grounded, complete, preferred, stable. "
            "Grounded is always computed. Default: all four.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table (terminal) or json.")] = "table",
    rdf: Annotated[
        Path | None,
        typer.Option(
            "--rdf",
            metavar="OUT.trig",
            help="Also write the results as TriG, in a named graph of their own "
            "(graph:analysis/<run-id>), apart from the source data.",
            show_default=False,
        ),
    ] = None,
    explain: Annotated[
        str | None,
        typer.Option(
            "--explain",
            metavar="CLAIM",
            help="Explain one claim's status under each semantics (a prefixed name such as "
            "claim:<slug>, or a full IRI).",
            show_default=False,
        ),
    ] = None,
    limit_nodes: Annotated[
        int | None,
        typer.Option(
            "--limit-nodes",
            metavar="N",
            help="Search nodes each of complete, preferred and stable may spend; 0: no "
            "bound. Default: 1,000,000. A semantics that reaches a limit is reported as "
            "such, with no answer.",
            show_default=False,
        ),
    ] = None,
    limit_seconds: Annotated[
        float | None,
        typer.Option(
            "--limit-seconds",
            metavar="S",
            help="Seconds each of complete, preferred and stable may take; 0: no bound. "
            "Default: 30. (A time bound can end a search sooner on a slower machine; for "
            "the same outcome everywhere, bound only the nodes: --limit-seconds 0.)",
            show_default=False,
        ),
    ] = None,
    top: Annotated[
        int, typer.Option("--top", metavar="N", help="Rows per metrics table; 0: all.")
    ] = 10,
    same_proposition: Annotated[
        str,
        typer.Option(
            "--same-proposition",
            metavar="merge|separate",
            help="merge: claims linked by cg:sameProposition are one argument, whichever "
            "document records them (every explanation names the claims merged); separate: "
            "each record is its own argument.",
        ),
    ] = "merge",
    by: Annotated[
        str,
        typer.Option(
            "--by",
            metavar="actor|side",
            help="Count the metrics per claimant, or per side (the top of an actor's "
            "sub-organisation and position chain: a ministry, its spokesperson and its "
            "state are one side).",
        ),
    ] = "actor",
    max_width: Annotated[
        int,
        typer.Option("--max-width", help="Table cells longer than this are shortened; 0: never."),
    ] = 60,
    run_id: Annotated[
        str | None,
        typer.Option(
            "--run-id",
            help="Name of the results graph with --rdf. Default: from the corpus digest and "
            "the semantics, so a re-run on the same corpus replaces its results.",
            show_default=False,
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="Date of the run recorded with --rdf (YYYY-MM-DD or an ISO date-time). "
            "Default: SOURCE_DATE_EPOCH if set, else now.",
            show_default=False,
        ),
    ] = None,
    data: DataOption = None,
    ontology: OntologyOption = None,
    quiet: QuietOption = False,
    endpoint: EndpointOption = None,
) -> None:
    """Abstract argumentation over the claims and their attacks: the grounded labelling
    (in / out / undecided) with the reason for each label, the complete, preferred and
    stable extensions, and metrics (most attacked claims, most active rebutters,
    authorities cited by each side, actor centrality, reciprocity).

    The statuses describe the attacks recorded in this corpus, not truth: "in" (in the
    grounded extension) means not defeated by anything unattacked in this corpus; "out"
    means attacked by a claim that is in; "undecided" means caught in a cycle of attacks.
    Supports are shown and counted and take no part in the semantics. An attack on an
    attack (cg:attacksLink) removes that attack when its attacker is in (flattening, see
    docs/analysis.md). A semantics whose search reaches its limit is reported as "limit
    exceeded", never with a partial answer.

    Example: claimgraph analyze --explain claim:artsakh-mfa-hajiyev-lachin-corridor-open
    """
    with reported_errors():
        if fmt not in ("table", "json"):
            raise InputError(f"unknown format {fmt!r}", hint="table or json")
        chosen = parse_semantics(semantics or SEMANTICS)
        if limit_nodes is not None and limit_nodes < 0:
            raise InputError("--limit-nodes must be 0 or more")
        if limit_seconds is not None and not limit_seconds >= 0:
            raise InputError("--limit-seconds must be 0 or more")
        limit = SearchLimit(
            max_nodes=DEFAULT_NODES if limit_nodes is None else limit_nodes or None,
            max_seconds=DEFAULT_SECONDS if limit_seconds is None else limit_seconds or None,
        )
        if rdf is not None and str(rdf) == "-":
            raise InputError("--rdf needs a file", hint="give a path such as analysis.trig")
        if run_id is not None:
            check_run_id(run_id)
        started = run_date(date) if rdf is not None or date is not None else None
        corpus = corpus_from(data, ontology)
        protected = protected_for(corpus)
        if rdf is not None:
            check_output(rdf, protected)
        claim = resolve_iri(explain) if explain is not None else None
        loaded = study_from(corpus, endpoint, progress_for(quiet))
        report = analyze_corpus(
            loaded, chosen, limit, top, same_proposition=same_proposition, by=by
        )
        merged_into = {m: c for c, ms in report.facts.merged.items() for m in ms}
        if claim is not None and claim in merged_into:
            # A merged claim is explained through the claim that stands for its group.
            claim = merged_into[claim]
        if claim is not None and claim not in report.facts.claims:
            raise InputError(
                f"--explain {explain}: not a claim of this corpus",
                hint="name a claim as claim:<slug> or by its full IRI",
            )
        if rdf is not None:
            check_output(rdf, protected.with_files(loaded.text_files.values()))
            info = run_info(loaded, chosen, run_id=run_id, started=started)
            write_atomically(rdf, analysis_trig(report.analysis, info))
            if not quiet:
                typer.echo(f"wrote {rdf}: results graph <{info.iri}>", err=True)
        if fmt == "json":
            typer.echo(report_json(report, top=top, claim=claim), nl=False)
        elif claim is not None:
            typer.echo(explanation_text(report, claim, max_width=max_width), nl=False)
        else:
            typer.echo(report_text(report, top=top, max_width=max_width), nl=False)
