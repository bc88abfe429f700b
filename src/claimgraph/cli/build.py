"""``claimgraph build``: the persistent store (and, if asked, one dataset file)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from claimgraph.authoring.autocompile import compile_pending, pending_in
from claimgraph.build import write_dataset
from claimgraph.cli.common import (
    DataOption,
    NoStoreOption,
    OntologyOption,
    QuietOption,
    StoreOption,
    ValidationEngineOption,
    corpus_from,
    is_store_entry,
    progress_for,
    reported_errors,
    store_folder,
)
from claimgraph.cli.compile import print_all_but_last
from claimgraph.corpus.files import display_path, project_home
from claimgraph.corpus.loading import LoadedCorpus, load_corpus
from claimgraph.corpus.protected import protected_for
from claimgraph.errors import AuthoringError, InputError
from claimgraph.rdf.formats import rdf_format_for_path, rdf_format_named
from claimgraph.rdf.output import check_output, check_output_folder
from claimgraph.rdf.serialize import serialize_quads
from claimgraph.validate.incremental import UpdateOutcome, update_store
from claimgraph.validate.validation import ValidationEngine


def _summary(outcome: UpdateOutcome) -> str:
    build = outcome.build
    seconds = sum(outcome.seconds.values())
    if build.mode == "unchanged":
        what = "up to date"
    elif build.mode == "full":
        what = f"built from {build.files} files"
    else:
        what = f"updated: {len(build.changed)} file(s) changed, {len(build.reloaded)} reloaded"
    lines = [f"store {build.folder}: {build.quads:,} quads; {what} ({seconds:.2f} s)"]
    report = outcome.report
    if report is not None:
        how = outcome.validation
        if how == "incremental":
            how += f", {outcome.rechecked:,} focus node(s) checked again"
        lines.append(
            f"validation ({how}): {report.verdict()}: {report.count('Violation')} "
            f"violation(s), {report.count('Warning')} warning(s), {report.count('Info')} "
            "info(s)" + ("" if report.conforms else "; 'claimgraph validate' shows them")
        )
        lines.extend(f"note: {note}" for note in report.notes)
    lines.extend(f"note: {note}" for note in build.notes)
    return "\n".join(lines)


def build(
    data: DataOption = None,
    ontology: OntologyOption = None,
    store: StoreOption = None,
    no_store: NoStoreOption = False,
    clean: Annotated[
        bool, typer.Option("--clean", help="Throw the store away and build it again.")
    ] = False,
    validate: Annotated[
        bool,
        typer.Option(
            "--validate/--no-validate",
            help="Validate as the store is built and keep the report with it (default: yes).",
        ),
    ] = True,
    engine: ValidationEngineOption = ValidationEngine.FAST,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Also write the dataset to this file; '-' for stdout (then give --format).",
            show_default=False,
        ),
    ] = None,
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
    compile_: Annotated[
        bool,
        typer.Option(
            "--compile/--no-compile",
            help="First compile each authoring file (<data>/documents/*.yaml) whose TriG is "
            "missing or was compiled from other content (default: yes).",
        ),
    ] = True,
    quiet: QuietOption = False,
) -> None:
    """Build the persistent store from the ontology and the data, and validate it.

    The store (.claimgraph/ by default) holds the corpus in an on-disk Oxigraph database,
    so queries need not parse the files again. A second build reloads only the files whose
    content changed and validates again only what those changes can affect. A build never
    touches the live store: an interrupted one leaves it as it was.

    Authoring files (<data>/documents/*.yaml) are compiled first when their TriG is
    missing or out of date (by the authoring file's SHA-256, kept in the TriG's header); a
    hand-written TriG is never overwritten. --no-compile skips this.

    With -o, the dataset is also written to one file: deterministic (sorted, stable
    prefixes), atomic, each document in its own named graph, the texts as cg:text.

    Example: claimgraph build && claimgraph build -o build/claimgraph.nq
    """
    with reported_errors():
        if compile_:
            _compile_changed(list(data) if data else [project_home() / "data"], quiet)
        corpus = corpus_from(data, ontology)
        rdf_format = None
        protected = protected_for(corpus)
        if output is not None:
            if str(output) == "-":
                if fmt is None:
                    raise InputError("writing to stdout needs --format")
                rdf_format = rdf_format_named(fmt)
            else:
                check_output(output, protected)
                rdf_format = rdf_format_named(fmt) if fmt else rdf_format_for_path(output)
        folder = None if no_store else store_folder(store)
        if folder is not None:
            # A build fills the store folder and --clean empties it: never the corpus, and
            # never a folder holding anything but stores.
            check_output_folder(folder, protected, holds_only=is_store_entry)
        progress = progress_for(quiet)
        loaded: LoadedCorpus | None
        if folder is None:
            loaded = load_corpus(corpus, progress)
        else:
            if clean and not quiet:
                typer.echo(f"removing the store {folder}", err=True)
            outcome = update_store(
                corpus, folder, clean=clean, validate=validate, engine=engine, progress=progress
            )
            if not quiet:
                typer.echo(_summary(outcome), err=True)
            loaded = outcome.build.loaded
            assert loaded is not None
        if output is None or rdf_format is None:
            return
        if str(output) == "-":
            typer.echo(serialize_quads(loaded.quads, rdf_format, graph).decode("utf-8"), nl=False)
            return
        result = write_dataset(loaded, output, rdf_format, graph=graph, progress=progress)
        if not quiet:
            typer.echo(
                f"wrote {result.output}: {result.quads} quads in {result.graphs} graphs "
                f"from {result.files_read} files",
                err=True,
            )


def _compile_changed(data_roots: list[Path], quiet: bool) -> None:
    """Compile the authoring files whose TriG is missing or out of date; every error at
    its line of the authoring file, as ``claimgraph compile`` reports it."""
    for pending in pending_in(data_roots):
        try:
            trig = compile_pending(pending)
        except AuthoringError as exc:
            raise print_all_but_last(exc) from None
        if not quiet:
            typer.echo(
                f"compiled {display_path(pending.authoring)} -> {display_path(trig)} "
                f"({pending.reason})",
                err=True,
            )
