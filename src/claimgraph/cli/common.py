"""What every command shares: corpus options, error reporting, progress, safe printing."""

from __future__ import annotations

import sys
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from ..corpus import Corpus, make_corpus
from ..errors import ClaimgraphError
from ..progress import Progress, no_progress

DataOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--data",
        "-d",
        metavar="PATH",
        help="Data files or folders (repeatable). Default: the project's data/.",
        show_default=False,
    ),
]
OntologyOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--ontology",
        metavar="PATH",
        help="Ontology folders or files (repeatable), e.g. an extension folder; the core "
        "ontology is loaded too unless one of them holds claimgraph.ttl. Default: the "
        "project's ontology/ with its extensions.",
        show_default=False,
    ),
]
QuietOption = Annotated[bool, typer.Option("--quiet", help="Show no progress on stderr.")]


@dataclass
class State:
    """Options given before the command name."""

    debug: bool = False


STATE = State()


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn claimgraph's errors into one line on stderr and their exit code.

    With ``--debug`` the traceback is printed as well.
    """
    try:
        yield
    except ClaimgraphError as exc:
        if STATE.debug:
            traceback.print_exc()
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(exc.exit_code) from None
    except (typer.Exit, typer.Abort):
        raise
    except BrokenPipeError:
        # The reader went away (`claimgraph queries | head`): not an error of ours. Point
        # stdout at nothing so the interpreter's final flush does not complain either.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(0) from None
    except Exception as exc:
        # A bug of claimgraph's own: still one line, the traceback only with --debug.
        if STATE.debug:
            raise
        typer.echo(
            f"error: unexpected {type(exc).__name__}: {exc} (run with --debug for details)",
            err=True,
        )
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        typer.echo(
            "error: interrupted; outputs are written atomically, nothing is half-written", err=True
        )
        raise typer.Exit(130) from None


def corpus_from(data: list[Path] | None, ontology: list[Path] | None) -> Corpus:
    """The corpus the options name (the project's own when they name none)."""
    return make_corpus(data or None, ontology or None)


class TerminalProgress:
    """A one-line progress display on stderr, shown only on a terminal."""

    def __init__(self) -> None:
        self.started: dict[str, float] = {}
        self.shown = False

    def __call__(self, step: str, done: int, total: int | None) -> None:
        now = time.monotonic()
        began = self.started.setdefault(step, now)
        rate = done / (now - began) if now > began else 0.0
        of = f"/{total}" if total is not None else ""
        sys.stderr.write(f"\r{step}: {done}{of} ({rate:,.0f}/s)\x1b[K")
        if total is not None and done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def progress_for(quiet: bool) -> Progress:
    """Progress on stderr when it is a terminal and ``--quiet`` was not given."""
    if quiet or not sys.stderr.isatty():
        return no_progress
    return TerminalProgress()


def write_text(text: str, output: Path | None, writer: Callable[[Path, bytes], None]) -> None:
    """Write ``text`` to ``output`` (atomically, through ``writer``) or to stdout."""
    if output is None or str(output) == "-":
        typer.echo(text, nl=False)
    else:
        writer(output, text.encode("utf-8"))
