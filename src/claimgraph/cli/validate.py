"""``claimgraph validate``."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Annotated

import typer

from claimgraph.cli.common import (
    DataOption,
    EndpointOption,
    NoStoreOption,
    OntologyOption,
    QuietOption,
    StoreOption,
    ValidationEngineOption,
    corpus_from,
    progress_for,
    reported_errors,
    store_folder,
    warn_damaged_store,
    write_text,
)
from claimgraph.corpus.loading import load_corpus
from claimgraph.corpus.protected import protected_for
from claimgraph.errors import InputError
from claimgraph.query.results import compact, terminal_safe
from claimgraph.rdf.output import check_output, write_atomically
from claimgraph.validate.incremental import stored_report
from claimgraph.validate.validation import (
    ValidationEngine,
    ValidationReport,
    ValidationResult,
    check_shapes,
    validate_corpus,
)

REPORT_FORMATS = {"text": None, "turtle": "turtle", "json-ld": "json-ld"}


def render_report(report: ValidationReport) -> str:
    """A readable report: results grouped by file and node, then by shape."""
    if not report.results:
        return "conforms: no violations, no warnings\n"
    lines: list[str] = []
    by_node: dict[tuple[str, str], list[ValidationResult]] = defaultdict(list)
    for result in report.results:
        files = ", ".join(result.files) or "(not stated in any file)"
        by_node[(files, compact(result.focus))].append(result)
    for (files, node), results in by_node.items():
        lines.append(f"{terminal_safe(node)}  [{files}]")
        for result in results:
            path = f" {compact(result.path)}" if result.path is not None else ""
            value = f" = {compact(result.value)}" if result.value is not None else ""
            lines.append(
                f"  {result.severity}: {compact(result.source_shape)}{path}{terminal_safe(value)}"
            )
            if result.message:
                lines.append(f"    {terminal_safe(result.message)}")
    lines.append(
        f"{report.verdict()}: {report.count('Violation')} violation(s), "
        f"{report.count('Warning')} "
        f"warning(s), {report.count('Info')} info(s) on {len(by_node)} node(s)"
    )
    return "\n".join(lines) + "\n"


def validate(
    data: DataOption = None,
    ontology: OntologyOption = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="text (grouped by node), or the standard report as turtle or json-ld.",
        ),
    ] = "text",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the report to this file instead of stdout."),
    ] = None,
    engine: ValidationEngineOption = ValidationEngine.FAST,
    store: StoreOption = None,
    no_store: NoStoreOption = False,
    quiet: QuietOption = False,
    endpoint: EndpointOption = None,
) -> None:
    """Validate the data against the SHACL shapes, quote anchors included.

    With an up-to-date store (claimgraph build), the report kept with it is shown at once.
    Exit code 0: no violations (warnings and infos allowed; the report then says
    sh:conforms false, as SHACL does); 1: violations (the report is still written);
    2: bad input, a bad shape included (its file and line; the data is not validated).

    Example: claimgraph validate --data tests/data/invalid/NoSelfRebuttal-claim-attacks-itself.trig
    """
    with reported_errors():
        if fmt not in REPORT_FORMATS:
            raise InputError(f"unknown report format {fmt!r}", hint="text, turtle or json-ld")
        corpus = corpus_from(data, ontology)
        protected = protected_for(corpus)
        if output is not None:
            check_output(output, protected)
        if corpus.shapes_files:
            # Bad shapes are exit 2 before anything is loaded, whatever the engine or store.
            check_shapes(corpus)
        progress = progress_for(quiet)
        folder = None if no_store else store_folder(store)
        stored = (
            stored_report(corpus, folder, engine, warn_damaged_store)
            if folder is not None
            else None
        )
        report: ValidationReport | None = None
        if endpoint is not None:
            from claimgraph.remote.mirror import validate_remote
            from claimgraph.remote.push import connect

            loaded, report = validate_remote(connect(endpoint, 600.0), corpus, progress)
        elif stored is not None:
            loaded, report = stored
        else:
            loaded = load_corpus(corpus, progress)
        if report is None:
            report = validate_corpus(corpus, loaded=loaded, progress=progress, engine=engine)
        for note in report.notes:
            typer.echo(f"note: {note}", err=True)
        if output is not None:
            check_output(output, protected.with_files(loaded.text_files.values()))
        rdf_format = REPORT_FORMATS[fmt]
        if rdf_format is None:
            text = render_report(report)
        else:
            text = report.to_graph().serialize(format=rdf_format)
        write_text(text, output, write_atomically)
    raise typer.Exit(1 if report.has_violations else 0)
