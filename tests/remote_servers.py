"""Real SPARQL servers on the loopback, for the remote tests and benchmarks/bench_remote.py.

Oxigraph server comes with the `oxigraph` package (pip); Virtuoso 7.2 with the Debian
package virtuoso-opensource (scripts/setup-system.sh installs it). A server that is not
installed makes its tests fail under CI (CI=true) and skip, saying why, elsewhere.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from claimgraph.errors import RemoteError
from claimgraph.remote.serve import free_port, oxigraph_binary, start_server

VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
VIRTUOSO_USER = "dba"
VIRTUOSO_PASSWORD = "dba"  # a fresh database's own; the server listens on the loopback only


@dataclass
class RunningServer:
    """A server the tests started: its query URL, credentials, and how to stop it."""

    name: str
    url: str
    credentials: tuple[str, str] | None
    process: subprocess.Popen[bytes]

    def stop(self) -> None:
        """End this server (its own process only)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def missing(reason: str) -> None:
    """Fail under CI, skip elsewhere: a server that is not installed."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{reason} (CI=true: remote tests must run)")
    pytest.skip(f"{reason}; run scripts/setup-system.sh as root and pip install '.[server]'")


def oxigraph_available() -> str | None:
    """Why Oxigraph server cannot run here, or None."""
    try:
        oxigraph_binary()
    except RemoteError as exc:
        return str(exc)
    return None


def virtuoso_available() -> str | None:
    """Why Virtuoso cannot run here, or None."""
    if shutil.which("virtuoso-t") is None or not VIRTUOSO_INI.is_file():
        return "Virtuoso (virtuoso-t, Debian package virtuoso-opensource) is not installed"
    return None


@contextmanager
def oxigraph_server(folder: Path) -> Iterator[RunningServer]:
    """An empty, writable Oxigraph server on a free loopback port."""
    server = start_server(folder, port=free_port(), allow_updates=True)
    try:
        yield RunningServer("oxigraph", server.url, None, server.process)
    finally:
        server.stop()


def _virtuoso_ini(folder: Path, sql_port: int, http_port: int) -> str:
    lines = []
    section = ""
    for line in VIRTUOSO_INI.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped.startswith("["):
            section = stripped
        key = stripped.split("=", 1)[0].strip() if "=" in stripped else ""
        if key in ("DatabaseFile", "ErrorLogFile", "LockFile", "TransactionFile") or key == (
            "xa_persistent_file"
        ):
            name = Path(stripped.split("=", 1)[1].strip()).name
            line = f"{key} = {folder / name}"
        elif key == "ServerPort" and section == "[Parameters]":
            line = f"ServerPort = 127.0.0.1:{sql_port}"
        elif key == "ServerPort" and section == "[HTTPServer]":
            line = f"ServerPort = 127.0.0.1:{http_port}"
        elif stripped.startswith("[Parameters]"):
            # Paged answers sort LIMIT + OFFSET rows; 10,000 by default (error SR353).
            line = f"{line}\nMaxSortedTopRows = 10000000"
        elif key == "MaxQueryCostEstimationTime":
            # Its estimate refuses queries Oxigraph answers in milliseconds.
            line = "MaxQueryCostEstimationTime = 0"
        lines.append(line)
    return "\n".join(lines) + "\n"


@contextmanager
def virtuoso_server(folder: Path, wait_seconds: float = 120.0) -> Iterator[RunningServer]:
    """A fresh Virtuoso 7 database on free loopback ports (SQL and HTTP)."""
    folder.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(_virtuoso_ini(folder, sql_port, http_port), encoding="utf-8")
    log = (folder / "server.log").open("wb")
    process = subprocess.Popen(
        ["virtuoso-t", "+foreground", "+configfile", str(ini)],
        cwd=folder,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    server = RunningServer(
        "virtuoso",
        f"http://127.0.0.1:{http_port}/sparql",
        (VIRTUOSO_USER, VIRTUOSO_PASSWORD),
        process,
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + wait_seconds
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"Virtuoso exited; see {folder / 'server.log'}")
            try:
                with opener.open(f"{server.url}?query=ASK%7B%7D", timeout=5):
                    break
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"Virtuoso did not answer in {wait_seconds:g} s") from None
                time.sleep(0.5)
        yield server
    finally:
        server.stop()
        log.close()
