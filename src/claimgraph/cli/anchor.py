"""``claimgraph anchor``: find a quote in a source text and print its anchor."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rdflib import Literal

from ..anchors import find_anchor
from ..errors import InputError
from ..limits import read_source_text
from .common import reported_errors


def anchor(
    text_file: Annotated[Path, typer.Argument(help="The source text (UTF-8).")],
    quote: Annotated[str, typer.Argument(help="The exact quote, typos included.")],
    occurrence: Annotated[
        int | None,
        typer.Option(
            "--occurrence", "-n", help="Which occurrence, when the quote occurs more than once."
        ),
    ] = None,
) -> None:
    """Print the quote anchor (exact, start, end, prefix, suffix) of a quote, as Turtle.

    Example: claimgraph anchor data/sources/artsakh-mfa-statement-on-hajiyev-remarks.txt
    "Lachine Corridor"
    """
    with reported_errors():
        # Bounded: a device (/dev/zero) or pipe is refused, a huge file is not read whole.
        data = read_source_text(text_file, str(text_file))
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"cannot read the text: not UTF-8 at byte {exc.start}", source=str(text_file)
            ) from exc
        found = find_anchor(text, quote, occurrence)
        lines = [
            f"cg:exact {Literal(found.exact).n3()} ;",
            f"cg:start {found.start} ;",
            f"cg:end {found.end} ;",
            f"cg:prefix {Literal(found.prefix).n3()} ;",
            f"cg:suffix {Literal(found.suffix).n3()} .",
        ]
        typer.echo("\n".join(f"    {line}" for line in lines))
