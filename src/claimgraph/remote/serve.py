"""Serving a study over HTTP with Oxigraph server (the ``oxigraph`` package's binary).

The study is written as N-Quads, loaded into an Oxigraph database folder with
``oxigraph load``, and served with ``oxigraph serve-read-only`` (``oxigraph serve`` when
updates are allowed), bound to the loopback address unless another is asked for, with the
union of all graphs as the default graph, as the embedded store answers. The caller owns the
running process (:class:`OxigraphServer`): it waits for it, or stops it.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from claimgraph.corpus.loading import LoadedCorpus
from claimgraph.errors import RemoteError

DEFAULT_PORT = 7878


def oxigraph_binary() -> str:
    """The ``oxigraph`` server binary: beside this Python's scripts, else on PATH."""
    scripts = Path(sysconfig.get_path("scripts")) / "oxigraph"
    if scripts.is_file():
        return str(scripts)
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        raise RemoteError(
            "the oxigraph server binary is not installed (hint: pip install "
            "'claimgraph[server]', which installs the oxigraph package)"
        )
    return found


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nothing listens on now (for tests and benchmarks)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


@dataclass
class OxigraphServer:
    """A running Oxigraph server: its process and its query URL."""

    process: subprocess.Popen[bytes]
    url: str
    location: Path

    def stop(self) -> None:
        """End the server (this process only) and wait for it."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def load_database(loaded: LoadedCorpus, location: Path) -> int:
    """Write the study into an Oxigraph database folder with ``oxigraph load``; quads."""
    location.mkdir(parents=True, exist_ok=True)
    dump = location.parent / f"{location.name}.nq"
    data = ox.serialize(loaded.store, format=ox.RdfFormat.N_QUADS)
    assert data is not None
    dump.write_bytes(data)
    try:
        done = subprocess.run(
            [oxigraph_binary(), "load", "--location", str(location), "--file", str(dump)],
            capture_output=True,
            timeout=3600,
            check=False,
        )
    finally:
        dump.unlink(missing_ok=True)
    if done.returncode != 0:
        first = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["?"])[-1]
        raise RemoteError(f"oxigraph load failed: {first[:300]}")
    return len(loaded.store)


def start_server(
    location: Path,
    *,
    host: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    allow_updates: bool = False,
    wait_seconds: float = 30.0,
) -> OxigraphServer:
    """Start Oxigraph server on the database at ``location`` and wait until it answers."""
    command = [
        oxigraph_binary(),
        "serve" if allow_updates else "serve-read-only",
        "--location",
        str(location),
        "--bind",
        f"{host}:{port}",
        "--union-default-graph",
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    shown_host = f"[{host}]" if ":" in host else host
    url = f"http://{shown_host}:{port}/query"
    server = OxigraphServer(process, url, location)
    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            err = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
            first = (err.strip().splitlines() or ["it exited"])[-1]
            raise RemoteError(f"oxigraph server did not start on {host}:{port}: {first[:300]}")
        try:
            # No proxy: a proxy from the environment cannot reach this machine's loopback.
            opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
            with opener.open(f"http://{shown_host}:{port}/", timeout=2):
                return server
        except urllib.error.HTTPError:
            return server  # it answers, if only to say that / is not a page
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    server.stop()
    raise RemoteError(f"oxigraph server did not answer on {host}:{port} in {wait_seconds:g} s")
