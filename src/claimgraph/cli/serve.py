"""``claimgraph serve``: the study on a local SPARQL endpoint (Oxigraph server)."""

from __future__ import annotations

import signal
import tempfile
from pathlib import Path
from types import FrameType
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
from claimgraph.remote.serve import DEFAULT_PORT, load_database, start_server


def _interrupted(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def serve(
    port: Annotated[int, typer.Option("--port", help="The TCP port to listen on.")] = DEFAULT_PORT,
    host: Annotated[
        str,
        typer.Option(
            "--host",
            help="The address to listen on. The default, the loopback, lets only this "
            "machine in; the server has no access control of its own.",
        ),
    ] = "127.0.0.1",
    allow_updates: Annotated[
        bool,
        typer.Option(
            "--allow-updates",
            help="Accept SPARQL updates and Graph Store writes (off: read-only).",
        ),
    ] = False,
    location: Annotated[
        Path | None,
        typer.Option(
            "--location",
            metavar="DIR",
            help="Keep the server's database in this new folder (default: a temporary one, "
            "removed when the server stops).",
            show_default=False,
        ),
    ] = None,
    data: DataOption = None,
    ontology: OntologyOption = None,
    quiet: QuietOption = False,
) -> None:
    """Serve the study read-only over SPARQL 1.1 (Protocol and Graph Store) until Ctrl-C.

    Uses the Oxigraph server binary of the `oxigraph` package (pip install
    'claimgraph[server]'). The default graph is the union of all graphs, as for `query`.

    Example: claimgraph serve --port 7878 & claimgraph query rebutted-claims --endpoint
    http://127.0.0.1:7878/query
    """
    with reported_errors():
        loaded = load_corpus(corpus_from(data, ontology), progress_for(quiet))
        with tempfile.TemporaryDirectory(prefix="claimgraph-serve-") as scratch:
            folder = location if location is not None else Path(scratch) / "db"
            if folder.exists() and any(folder.iterdir()):
                from claimgraph.errors import OutputError

                raise OutputError(f"{folder} is not empty; give a new folder to --location")
            quads = load_database(loaded, folder)
            server = start_server(folder, host=host, port=port, allow_updates=allow_updates)
            mode = "read-write" if allow_updates else "read-only"
            typer.echo(f"serving {quads:,} quads {mode} at {server.url} (Ctrl-C stops)", err=True)
            # Stopped with Ctrl-C or a plain kill: the server is stopped too, not left behind.
            signal.signal(signal.SIGTERM, _interrupted)
            try:
                server.process.wait()
            except KeyboardInterrupt:
                pass
            finally:
                server.stop()
