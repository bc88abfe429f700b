"""``claimgraph import``: read the argumentation field's formats into a data folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from claimgraph.cli.common import reported_errors
from claimgraph.interop import IMPORTERS, import_files
from claimgraph.interop.writer import write_documents
from claimgraph.rdf.output import Protected


def import_(
    fmt: Annotated[
        str,
        typer.Argument(
            metavar="FORMAT", help="The input format: " + ", ".join(sorted(IMPORTERS)) + "."
        ),
    ],
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="Files to import.")],
    out: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="DIR",
            help="The data folder to write: documents/, sources/ and shared/ in it.",
        ),
    ],
) -> None:
    """Import argument maps, annotated corpora and fact-checks as claimgraph documents.

    Each source document becomes one named graph (OUT/documents/<slug>.trig) with its text
    (OUT/sources/<slug>.txt, generated where the format has none) and its actors in the
    shared graph (OUT/shared/<slug>.trig). Speakers are claimants, the analyst or author
    the reporter (docs/interop.md). Validate the result with claimgraph validate --data OUT.

    Example: claimgraph import microtexts corpus/en/*.xml -o imported/ && claimgraph
    validate --data imported/
    """
    with reported_errors():
        documents = import_files(fmt, files)
        written = write_documents(documents, out, Protected(tuple(files)))
        claims = sum(len(d.claims) for d in documents)
        typer.echo(
            f"imported {len(documents)} document(s), {claims} claim(s) into {out} "
            f"({len(written)} files)",
            err=True,
        )
