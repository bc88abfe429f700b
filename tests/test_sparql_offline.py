"""SPARQL stays offline and bounded: no request leaves, and runaway queries stop.

A real HTTP listener on 127.0.0.1 (a random port, in a thread, answering SPARQL results)
counts the requests it gets. Every query of ``tests/data/sparql-offline/queries`` and every
shapes file of ``tests/data/sparql-offline/shapes`` names it as ``{endpoint}``; each is run
the ways the command line accepts it (query file, ``-q``, stdin, QC check, validate on both
engines, build), and the listener must count no request while claimgraph answers with one
line and exit code 2. A control run of Oxigraph on its own shows the listener does count.
"""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner, Result

from claimgraph.cli import app
from claimgraph.corpus.loading import LoadedCorpus
from claimgraph.errors import QueryError, QueryLimitError, UnsafeInputError
from claimgraph.query.check import MAX_NESTING, check_query
from claimgraph.query.engine import Engine, QueryEngine, QueryLimits

from .conftest import DATA, ROOT

OFFLINE = DATA / "sparql-offline"
QUERIES = sorted((OFFLINE / "queries").glob("*.rq"))
SHAPES = sorted((OFFLINE / "shapes").glob("*.ttl"))
BUS_ROUTES = OFFLINE / "bus-routes.trig"
ANSWER = (
    b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"INJECTED"}}]}}'
)


class Listener:
    """An HTTP server on 127.0.0.1 that counts requests and answers each with one row."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        listener = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self) -> None:
                listener.requests.append(f"{self.command} {self.path}")
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(ANSWER)))
                self.end_headers()
                self.wfile.write(ANSWER)

            def do_GET(self) -> None:
                self._answer()

            def do_POST(self) -> None:
                self._answer()

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.timeout = 5
        self.endpoint = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def fill(self, path: Path, into: Path) -> Path:
        """``path`` with ``{endpoint}`` replaced, written below ``into``."""
        into.mkdir(parents=True, exist_ok=True)
        target = into / path.name
        target.write_text(
            path.read_text(encoding="utf-8").replace("{endpoint}", self.endpoint),
            encoding="utf-8",
        )
        return target


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = Listener()
    server.thread.start()
    try:
        yield server
    finally:
        server.server.shutdown()
        server.server.server_close()
        server.thread.join(5)


def _invoke(args: list[str], stdin: str | None = None, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(
        app, args, input=stdin, env={"CLAIMGRAPH_STORE": "none", **(env or {})}
    )


def _refused(result: Result) -> None:
    stderr = result.stderr
    assert result.exit_code == 2, (result.exit_code, stderr, result.stdout)
    assert stderr.startswith("error: ") and stderr.count("\n") == 1, stderr
    assert "unexpected" not in stderr and "Traceback" not in stderr
    assert "INJECTED" not in result.stdout


def test_the_listener_counts_what_oxigraph_sends_on_its_own(listener: Listener) -> None:
    # The control: the smuggled query, given to Oxigraph without claimgraph, is sent.
    text = (OFFLINE / "queries" / "service-behind-escaped-quotes.rq").read_text(encoding="utf-8")
    answer = ox.Store().query(text.replace("{endpoint}", listener.endpoint))
    assert isinstance(answer, ox.QuerySolutions)
    rows = list(answer)
    assert len(listener.requests) == 1
    assert str(rows[0]["x"]) == '"INJECTED"'


@pytest.mark.parametrize("engine", list(Engine), ids=str)
@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_query_sends_nothing(
    listener: Listener, path: Path, engine: Engine, tmp_path: Path
) -> None:
    query = listener.fill(path, tmp_path)
    text = query.read_text(encoding="utf-8")
    common = ["--data", str(BUS_ROUTES), "--quiet", "--engine", engine.value]
    for args, stdin in (
        (["query", str(query), *common], None),
        (["query", "-q", text, *common], None),
        (["query", "-q", "-", *common], text),
    ):
        _refused(_invoke(args, stdin))
    assert listener.requests == []


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_check_sends_nothing(listener: Listener, path: Path, tmp_path: Path) -> None:
    # `check` runs the QC queries of the project home's queries/checks/.
    home = tmp_path / "home"
    listener.fill(path, home / "queries" / "checks").rename(
        home / "queries" / "checks" / f"{path.stem}-violation.rq"
    )
    (home / "ontology").symlink_to(ROOT / "ontology")
    (home / "data").mkdir()
    for engine in Engine:
        result = _invoke(
            ["check", "--data", str(BUS_ROUTES), "--quiet", "--engine", engine.value],
            env={"CLAIMGRAPH_HOME": str(home)},
        )
        _refused(result)
        assert f"{path.stem}-violation.rq" in result.stderr
    assert listener.requests == []


def _extension(listener: Listener, shapes: Path, folder: Path) -> Path:
    (folder / "shapes").mkdir(parents=True)
    (folder / "bus-routes.ttl").write_text(
        "<https://example.org/bus/ontology> a <http://www.w3.org/2002/07/owl#Ontology> .\n",
        encoding="utf-8",
    )
    listener.fill(shapes, folder / "shapes")
    return folder


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
@pytest.mark.parametrize("shapes", SHAPES, ids=lambda p: p.stem)
def test_validate_sends_nothing(
    listener: Listener, shapes: Path, engine: str, tmp_path: Path
) -> None:
    extension = _extension(listener, shapes, tmp_path / "bus-routes")
    result = _invoke(
        [
            "validate",
            "--data",
            str(BUS_ROUTES),
            "--ontology",
            str(extension),
            "--quiet",
            "--engine",
            engine,
        ]
    )
    _refused(result)
    assert shapes.name in result.stderr
    assert listener.requests == []


@pytest.mark.parametrize("shapes", SHAPES, ids=lambda p: p.stem)
def test_build_sends_nothing(listener: Listener, shapes: Path, tmp_path: Path) -> None:
    extension = _extension(listener, shapes, tmp_path / "bus-routes")
    result = _invoke(
        [
            "build",
            "--data",
            str(BUS_ROUTES),
            "--ontology",
            str(extension),
            "--quiet",
            "--store",
            str(tmp_path / "store"),
        ]
    )
    _refused(result)
    assert listener.requests == []


# --- Escapes: refused where the engines differ, kept where they agree -------------------------


@pytest.mark.parametrize("engine", list(Engine), ids=str)
def test_escapes_in_strings_keep_their_meaning(engine: Engine, tmp_path: Path) -> None:
    text = (
        'SELECT ?x WHERE { BIND(CONCAT("caf\\u00E9 ", "a\\u0022b", "\\U0001F68C") AS ?x) '
        "FILTER(?x != <https://example.org/\\u0062us>) }"
    )
    result = _invoke(
        ["query", "-q", text, "--data", str(BUS_ROUTES), "-f", "tsv", "--engine", engine.value]
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == '?x\n"café a\\"b\U0001f68c"\n'


def test_the_checked_text_holds_no_escape() -> None:
    shape = check_query('SELECT * WHERE { ?s ?p "\\u0041\\u000a" } # \\u000a')
    assert shape.text == 'SELECT * WHERE { ?s ?p "A\\n" } #  u000a'


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 200 + "true" + ")" * 200 + ") }",
        "SELECT * WHERE { " + "{ " * 100 + "?s ?p ?o" + " }" * 100 + " }",
        "SELECT * WHERE { ?s ?p " + "[ ?p " * 70 + "1" + " ]" * 70 + " }",
    ],
    ids=["parentheses-200", "braces-100", "blank-nodes-70"],
)
def test_deep_nesting_is_one_error_with_its_position(text: str) -> None:
    with pytest.raises(QueryError, match=f"nest more than {MAX_NESTING} deep") as caught:
        check_query(text)
    assert caught.value.position is not None and caught.value.position.line == 1


@pytest.mark.parametrize("engine", list(Engine), ids=str)
def test_nesting_up_to_the_limit_runs_on_both_engines(
    project_loaded: LoadedCorpus, engine: Engine
) -> None:
    depth = MAX_NESTING - 3  # the WHERE group, BIND( and FILTER( are brackets too
    text = "SELECT ?x WHERE { BIND(" + "STR(" * depth + '"bus"' + ")" * depth + " AS ?x) }"
    result = QueryEngine(project_loaded, engine).query(text)
    assert [str(row[0]) for row in result.rows] == ["bus"]


@pytest.mark.parametrize("engine", list(Engine), ids=str)
def test_a_huge_number_is_one_error(project_loaded: LoadedCorpus, engine: Engine) -> None:
    text = "SELECT ?x WHERE { BIND(1" + "0" * 5000 + " AS ?x) }"
    with pytest.raises(QueryError, match="a number of more than 1,000 digits"):
        QueryEngine(project_loaded, engine).query(text)


def test_service_as_a_word_in_data_is_not_the_keyword() -> None:
    shape = check_query(
        "SELECT ?l WHERE { ?r <http://www.w3.org/2000/01/rdf-schema#label> ?l "
        'FILTER(CONTAINS(?l, "service") || ?l = "x"@service) } # service'
    )
    assert shape.kind == "SELECT"
    with pytest.raises(UnsafeInputError, match="SERVICE <urn:x> is refused"):
        check_query("SELECT * WHERE { SERVICE <urn:x> { ?s ?p ?o } }")


# --- Time, rows and size ----------------------------------------------------------------------


def _many_stops(folder: Path, routes: int = 150) -> Path:
    """A generated corpus: ``routes`` bus routes with a label and a number of stops each."""
    lines = [
        "@prefix bus: <https://example.org/bus/> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "<https://example.org/bus/graph> {",
    ]
    lines += [
        f'  bus:route-{n} rdfs:label "Route {n}" ; bus:stops {n % 20 + 1} .' for n in range(routes)
    ]
    lines.append("}")
    path = folder / "many-routes.trig"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


CROSS_JOIN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.mark.parametrize("engine", list(Engine), ids=str)
def test_a_cross_join_is_stopped_by_the_timeout(engine: Engine, tmp_path: Path) -> None:
    data = _many_stops(tmp_path)
    started = time.monotonic()
    result = _invoke(
        [
            "query",
            "-q",
            CROSS_JOIN,
            "--data",
            str(data),
            "--quiet",
            "--engine",
            engine.value,
            "--timeout",
            "1",
            "--max-rows",
            "0",
        ]
    )
    elapsed = time.monotonic() - started
    _refused(result)
    assert "query stopped after 1 s (--timeout)" in result.stderr
    assert elapsed < 30


def test_one_long_step_is_stopped_and_the_process_ends(tmp_path: Path) -> None:
    # A count over a cross join is one step inside Oxigraph that no check between rows can
    # interrupt: the command must still end when its time is up.
    data = _many_stops(tmp_path, routes=400)
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.monotonic()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "claimgraph",
            "query",
            "-q",
            count,
            "--data",
            str(data),
            "--quiet",
            "--timeout",
            "2",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src"), "CLAIMGRAPH_STORE": "none"},
        check=False,
    )
    elapsed = time.monotonic() - started
    assert done.returncode == 2, done.stderr
    assert done.stderr == (
        "error: query: query stopped after 2 s (--timeout) "
        "(hint: give it more time with --timeout SECONDS, or 0 for no limit)\n"
    )
    assert elapsed < 60


@pytest.mark.parametrize("engine", list(Engine), ids=str)
def test_the_row_limit_says_so(engine: Engine, tmp_path: Path) -> None:
    data = _many_stops(tmp_path, routes=10)
    text = "SELECT ?r WHERE { ?r <https://example.org/bus/stops> ?n }"
    base = ["query", "-q", text, "--data", str(data), "--quiet", "--engine", engine.value]
    result = _invoke([*base, "--max-rows", "9"])
    _refused(result)
    assert "query stopped at more than 9 rows (--max-rows)" in result.stderr
    for enough in ("10", "0"):
        result = _invoke([*base, "--max-rows", enough, "-f", "csv"])
        assert result.exit_code == 0
        assert result.stdout.count("\n") == 11


def test_library_queries_have_no_limits_unless_given(project_loaded: LoadedCorpus) -> None:
    engine = QueryEngine(project_loaded)
    text = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 50"
    assert len(engine.query(text).rows) == 50
    with pytest.raises(QueryLimitError) as caught:
        engine.query(text, limits=QueryLimits(rows=49))
    assert caught.value.limit == "rows"
    assert len(engine.query(text, limits=QueryLimits(seconds=60, rows=50)).rows) == 50


def test_query_text_from_stdin_is_read_with_a_bound() -> None:
    endless = "\0" * ((1 << 20) + 10)
    result = _invoke(["query", "-q", "-", "--data", str(BUS_ROUTES), "--quiet"], endless)
    _refused(result)
    assert "stdin: the query is longer than 1 MiB" in result.stderr


def test_dev_zero_on_stdin_ends_at_once() -> None:
    started = time.monotonic()
    with open("/dev/zero", "rb") as zero:
        done = subprocess.run(
            [sys.executable, "-m", "claimgraph", "query", "-q", "-", "--data", str(BUS_ROUTES)],
            stdin=zero,
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src"), "CLAIMGRAPH_STORE": "none"},
            check=False,
        )
    assert done.returncode == 2
    assert done.stderr.startswith("error: stdin: the query is longer than 1 MiB")
    assert done.stderr.count("\n") == 1
    assert time.monotonic() - started < 60


def test_check_takes_the_limits(tmp_path: Path) -> None:
    result = _invoke(["check", "--quiet", "--timeout", "60", "--max-rows", "100"])
    assert result.exit_code == 0, result.stderr
    help_text = _invoke(["check", "--help"]).stdout
    assert "--timeout" in help_text and "--max-rows" in help_text
