"""``claimgraph validate``."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Annotated

import typer

from ..errors import InputError
from ..loading import load_corpus
from ..output import refuse_input_as_output, write_atomically
from ..results import compact, terminal_safe
from ..validation import ValidationReport, ValidationResult, validate_corpus
from .common import (
    DataOption,
    OntologyOption,
    QuietOption,
    corpus_from,
    progress_for,
    reported_errors,
    write_text,
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
    verdict = "conforms" if report.conforms else "does not conform"
    lines.append(
        f"{verdict}: {report.count('Violation')} violation(s), {report.count('Warning')} "
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
    quiet: QuietOption = False,
) -> None:
    """Validate the data against the SHACL shapes, quote anchors included.

    Exit code 0: conforms (warnings allowed); 1: does not conform (the report is still
    written); 2: bad input.

    Example: claimgraph validate --data tests/data/invalid/NoSelfRebuttal-claim-attacks-itself.trig
    """
    with reported_errors():
        if fmt not in REPORT_FORMATS:
            raise InputError(f"unknown report format {fmt!r}", hint="text, turtle or json-ld")
        corpus = corpus_from(data, ontology)
        if output is not None:
            refuse_input_as_output(output, corpus.all_files + corpus.shapes_files)
        loaded = load_corpus(corpus, progress_for(quiet))
        report = validate_corpus(corpus, loaded=loaded, progress=progress_for(quiet))
        rdf_format = REPORT_FORMATS[fmt]
        if rdf_format is None:
            text = render_report(report)
        else:
            text = report.to_graph().serialize(format=rdf_format)
        write_text(text, output, write_atomically)
    raise typer.Exit(0 if report.conforms else 1)
