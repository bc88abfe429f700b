"""What every command shares: corpus options, error reporting, progress, safe printing."""

from __future__ import annotations

import os
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, TextIO

import typer

from claimgraph.corpus.files import Corpus, make_corpus
from claimgraph.corpus.loading import LoadedCorpus
from claimgraph.corpus.opening import open_corpus
from claimgraph.corpus.store import DEFAULT_STORE
from claimgraph.errors import ClaimgraphError
from claimgraph.progress import Progress, no_progress
from claimgraph.query.engine import Engine
from claimgraph.query.results import terminal_safe
from claimgraph.validate.validation import ValidationEngine

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
StoreOption = Annotated[
    Path | None,
    typer.Option(
        "--store",
        metavar="DIR",
        help="The persistent store (default: .claimgraph, or $CLAIMGRAPH_STORE).",
        show_default=False,
    ),
]
EndpointOption = Annotated[
    str | None,
    typer.Option(
        "--endpoint",
        metavar="URL",
        help="Ask this SPARQL endpoint instead of the embedded store (e.g. "
        "http://127.0.0.1:7878/query for 'claimgraph serve'); credentials from "
        "CLAIMGRAPH_ENDPOINT_USER/CLAIMGRAPH_ENDPOINT_PASSWORD or ~/.netrc.",
        show_default=False,
    ),
]
NoStoreOption = Annotated[
    bool,
    typer.Option("--no-store", help="Parse the files even if an up-to-date store exists."),
]
# `--engine` names two different things, said in both help texts: the SPARQL engine that
# runs queries (query, check) and the SHACL engine that validates (validate, build).
SparqlEngineOption = Annotated[
    Engine,
    typer.Option(
        "--engine",
        help="SPARQL engine that runs the queries: oxigraph (the Oxigraph store, fast) or "
        "memory (rdflib's in-memory engine); both give the same rows. (Not the SHACL "
        "engine of validate/build.)",
    ),
]
ValidationEngineOption = Annotated[
    ValidationEngine,
    typer.Option(
        "--engine",
        help="SHACL validation engine: fast (the shapes compiled to SPARQL and run on "
        "Oxigraph; hands over to pySHACL for shapes it does not support, and the report "
        "says so) or pyshacl (pySHACL itself, the reference); both give the same report. "
        "(Not the SPARQL engine of query/check.)",
    ),
]


def store_folder(store: Path | None = None) -> Path | None:
    """The persistent store to use: ``--store``, else $CLAIMGRAPH_STORE, else .claimgraph.

    $CLAIMGRAPH_STORE set to ``none`` turns the store off for commands without ``--store``.
    """
    if store is not None:
        return store
    env = os.environ.get("CLAIMGRAPH_STORE")
    if env:
        return None if env.lower() == "none" else Path(env)
    return DEFAULT_STORE


def is_store_entry(name: str) -> bool:
    """Whether ``name`` is something a store folder holds (stores, their pointer, the lock),
    so that a folder holding anything else is never used, nor emptied by ``--clean``."""
    return name in ("current", "previous", "lock") or name.startswith(
        ("store-", ".current.", ".previous.")
    )


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
        # Messages quote the input (a token, a path): escaped, so that the error stays one
        # line and the terminal shows no escape sequence or reordering mark from a file.
        typer.echo(f"error: {terminal_safe(str(exc))}", err=True)
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
        if STATE.debug:
            raise
        if isinstance(exc, RuntimeError) and "Corruption" in str(exc):
            # RocksDB found a damaged block of the store only as a query read it.
            first = str(exc).strip().splitlines()[0][:200]
            typer.echo(
                f"error: the persistent store is damaged ({first}); run "
                "'claimgraph build --clean' to build it again, or set CLAIMGRAPH_STORE=none",
                err=True,
            )
            raise typer.Exit(2) from None
        # A bug of claimgraph's own: still one line, the traceback only with --debug.
        typer.echo(
            f"error: unexpected {type(exc).__name__}: {terminal_safe(str(exc))} "
            "(run with --debug for details)",
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


def open_from(corpus: Corpus, progress: Progress) -> LoadedCorpus:
    """``corpus`` loaded, from the persistent store ($CLAIMGRAPH_STORE, else .claimgraph)
    when that holds it as its files are now, so a query does not parse the corpus again."""
    return open_corpus(corpus, progress, store=store_folder(), on_damage=warn_damaged_store)


def warn_damaged_store(folder: Path, problem: str) -> None:
    """One line on stderr: the store is damaged, the files answer, and how to repair it."""
    typer.echo(
        f"warning: the store {folder} is damaged: {problem}; answering from the source "
        f"files; 'claimgraph build --clean' builds it again",
        err=True,
    )


_UNITS = {
    "parse": "files",
    "validate": "checks",
    "write": "quads",
    "generate": "triples",
    "export": "steps",
}


class TerminalProgress:
    """A progress bar on stderr, with counts, rate and time: shown only on a terminal.

    Updates are drawn at most ten times a second, so reporting often costs nothing.
    """

    WIDTH = 24

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.started: dict[str, float] = {}
        self.drawn = 0.0

    def __call__(self, step: str, done: int, total: int | None) -> None:
        now = time.monotonic()
        began = self.started.setdefault(step, now)
        finished = total is not None and done >= total
        if not finished and now - self.drawn < 0.1 and done:
            return
        self.drawn = now
        elapsed = now - began
        rate = done / elapsed if elapsed > 0 else 0.0
        unit = _UNITS.get(step, "")
        if total:
            filled = min(self.WIDTH, int(self.WIDTH * done / total))
            bar = "[" + "#" * filled + "." * (self.WIDTH - filled) + "]"
            count = f"{done:,}/{total:,} {unit}".rstrip()
            percent = f"{100 * done / total:3.0f}%"
        else:
            bar, count, percent = "", f"{done:,} {unit}".rstrip(), ""
        line = f"{step:<9}{bar} {percent} {count}  {rate:,.0f}/s  {elapsed:5.1f}s"
        self.stream.write(f"\r{line}\x1b[K")
        if finished:
            self.stream.write("\n")
        self.stream.flush()


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


def study_from(
    corpus: Corpus, endpoint: str | None, progress: Progress, timeout: float = 600.0
) -> LoadedCorpus:
    """The study: loaded from ``corpus``'s files, or with ``--endpoint`` read from that
    store (its ontology and shapes still from ``corpus``)."""
    if endpoint is None:
        return open_from(corpus, progress)
    from claimgraph.remote.mirror import fetch_study
    from claimgraph.remote.push import connect

    return fetch_study(connect(endpoint, timeout), corpus, progress)
