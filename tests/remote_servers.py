"""Real SPARQL servers on the loopback, for the remote tests and benchmarks/bench_remote.py.

Oxigraph server comes with the `oxigraph` package (pip); Virtuoso 7.2 with the Debian
package virtuoso-opensource; Jena's query engine (ARQ) and TDB2 storage with the Debian
package libapache-jena-java, run behind the tests' own Fuseki-shaped server
(tests/jena/JenaSparqlServer.java, compiled here with javac). scripts/setup-system.sh
installs the Debian packages. A server that is not installed makes its tests fail under CI
(CI=true) and skip, saying why, elsewhere.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
import zipfile
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

JENA_SOURCE = Path(__file__).parent / "jena" / "JenaSparqlServer.java"
JAVA_LIBRARIES = Path("/usr/share/java")
JENA_JARS = (
    # What the server loads (found by running it): Jena's own jars, then their dependencies.
    *("jena-arq", "jena-base", "jena-core", "jena-iri", "jena-tdb2", "jena-dboe-base"),
    *("jena-dboe-index", "jena-dboe-storage", "jena-dboe-transaction", "jena-dboe-trans-data"),
    *("commons-codec", "commons-compress", "commons-io", "commons-lang3", "guava", "thrift"),
    *("slf4j-api", "slf4j-nop"),
)
JENA_DATASET = "study"


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


def jena_available() -> str | None:
    """Why the Jena server cannot run here, or None."""
    if shutil.which("java") is None or shutil.which("javac") is None:
        return "Java 17 (java, javac; Debian package openjdk-17-jdk-headless) is not installed"
    absent = [j for j in JENA_JARS if not (JAVA_LIBRARIES / f"{j}.jar").is_file()]
    if absent:
        return (
            f"Apache Jena (Debian package libapache-jena-java) is not installed: no {absent[0]}.jar"
        )
    return None


def _wait_until_it_answers(server: RunningServer, folder: Path, wait_seconds: float) -> None:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + wait_seconds
    while True:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited; see {folder / 'server.log'}")
        try:
            with opener.open(f"{server.url}?query=ASK%7B%7D", timeout=5):
                return
        except (urllib.error.URLError, OSError):
            if time.monotonic() > deadline:
                raise RuntimeError(f"{server.name} did not answer in {wait_seconds:g} s") from None
            time.sleep(0.2)


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
    try:
        _wait_until_it_answers(server, folder, wait_seconds)
        yield server
    finally:
        server.stop()
        log.close()


def _jena_classpath(classes: Path) -> str:
    """The compiled server, Debian's jars, and Jena's Xerces messages where Jena looks.

    Debian's jena-core 4.5.0 moved Jena's copy of Xerces to the package ``xerces`` but left
    its message files under ``org/apache/jena/ext/xerces``; without them at ``xerces/`` the
    XSD datatypes fail to initialise ("internal error" from XSSimpleTypeDecl).
    """
    prefix = "org/apache/jena/ext/xerces/"
    with zipfile.ZipFile(JAVA_LIBRARIES / "jena-core.jar") as jar:
        for name in jar.namelist():
            if name.startswith(prefix) and name.endswith(".properties"):
                target = classes / "xerces" / name[len(prefix) :]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(jar.read(name))
    jars = [str(JAVA_LIBRARIES / f"{j}.jar") for j in JENA_JARS]
    return os.pathsep.join([str(classes), *jars])


@contextmanager
def jena_server(folder: Path, wait_seconds: float = 60.0) -> Iterator[RunningServer]:
    """Jena ARQ on an empty TDB2 dataset, in Fuseki's layout (``/study/sparql``, Graph Store
    at ``/study/data``), on a free loopback port; the server is compiled into ``folder``."""
    classes = folder / "classes"
    classes.mkdir(parents=True, exist_ok=True)
    classpath = _jena_classpath(classes)
    compiled = subprocess.run(
        ["javac", "-d", str(classes), "-cp", classpath, str(JENA_SOURCE)],
        capture_output=True,
        text=True,
    )
    if compiled.returncode != 0:
        raise RuntimeError(f"javac failed on {JENA_SOURCE.name}: {compiled.stderr.strip()}")
    port = free_port()
    log = (folder / "server.log").open("wb")
    process = subprocess.Popen(
        [
            "java",
            "-cp",
            classpath,
            "JenaSparqlServer",
            str(folder / "tdb2"),
            str(port),
            JENA_DATASET,
        ],
        cwd=folder,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    server = RunningServer("jena", f"http://127.0.0.1:{port}/{JENA_DATASET}/sparql", None, process)
    try:
        _wait_until_it_answers(server, folder, wait_seconds)
        yield server
    finally:
        server.stop()
        log.close()
