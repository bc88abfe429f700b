"""``claimgraph export-format``: write the data in the field's formats (import's mirror)."""

from __future__ import annotations

from pathlib import Path
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
from claimgraph.corpus.protected import protected_for
from claimgraph.errors import InputError
from claimgraph.interop.exporters import EXPORTERS
from claimgraph.interop.reader import read_documents
from claimgraph.rdf.output import check_output, check_output_folder, write_atomically


def export_format(
    fmt: Annotated[
        str,
        typer.Argument(
            metavar="FORMAT", help="The output format: " + ", ".join(sorted(EXPORTERS)) + "."
        ),
    ],
    out: Annotated[
        Path,
        typer.Option("--output", "-o", metavar="DIR", help="The folder to write the files in."),
    ],
    data: DataOption = None,
    ontology: OntologyOption = None,
    quiet: QuietOption = False,
) -> None:
    """Export the documents' claims, anchors and links as AIF, arg-microtexts, ClaimReview or
    W3C Web Annotation: the mirror of claimgraph import. What a format cannot carry is
    listed in docs/interop.md.

    Example: claimgraph export-format webannotation --data imported/ -o annotations/
    """
    with reported_errors():
        exporter = EXPORTERS.get(fmt)
        if exporter is None:
            raise InputError(
                f"unknown export format {fmt!r}", hint="one of: " + ", ".join(sorted(EXPORTERS))
            )
        corpus = corpus_from(data, ontology)
        loaded = load_corpus(corpus, progress_for(quiet))
        if not any(True for _ in loaded.dataset.quads((None, None, None, None))):
            raise InputError("the data is empty")
        documents = read_documents(loaded.dataset)
        files = exporter(documents)
        protected = protected_for(corpus).with_files(loaded.text_files.values())
        check_output_folder(out, protected)
        for name in files:
            check_output(out / name, protected)
        out.mkdir(parents=True, exist_ok=True)
        for name, content in sorted(files.items()):
            write_atomically(out / name, content)
        typer.echo(
            f"wrote {len(files)} file(s) for {len(documents)} document(s) to {out}", err=True
        )
