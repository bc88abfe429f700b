"""``claimgraph generate``: a synthetic corpus for scale tests and benchmarks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from claimgraph.cli.common import QuietOption, progress_for, reported_errors
from claimgraph.synthetic import MANIFEST, generate_corpus, parse_size


def generate(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The folder to write (new, or --force).")
    ],
    size: Annotated[
        str,
        typer.Option("--size", help="About how many triples: 10k, 100k, 1M, 5M or a number."),
    ] = "10k",
    seed: Annotated[
        int, typer.Option("--seed", help="The random seed (same seed, same corpus).")
    ] = 1,
    defects: Annotated[
        int | None,
        typer.Option(
            "--defects",
            help="Defects to plant of each kind (default: 1 below 50k triples, 2 below 500k, "
            "5 below 2M, then 10); 0 for a corpus that conforms.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace a synthetic corpus already in the folder.")
    ] = False,
    quiet: QuietOption = False,
) -> None:
    """Write a SYNTHETIC corpus in the layout of data/, for scale tests and benchmarks.

    Documents with generated texts, claims whose quotes and offsets verify against them,
    reported and direct claims, rebuttals within and across documents, supports,
    citations of shared authorities, and shared actors with positions and aliases. Every
    file, text and document label says it is synthetic; the world is made up. Defects are
    planted on purpose, each listed in synthetic-manifest.json with the validation result
    it must give.

    Example: claimgraph generate --size 1M --seed 1 -o build/corpora/synthetic-1M
    """
    with reported_errors():
        corpus = generate_corpus(
            output,
            parse_size(size),
            seed=seed,
            defects_per_kind=defects,
            force=force,
            progress=progress_for(quiet),
        )
        if not quiet:
            typer.echo(
                f"wrote {output}: SYNTHETIC corpus of {corpus.triples:,} triples in "
                f"{corpus.documents:,} documents (seed {seed}); {len(corpus.defects)} planted "
                f"defect(s) listed in {output / MANIFEST}",
                err=True,
            )
