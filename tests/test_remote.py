"""Real SPARQL stores: push, the query library's golden answers, QC checks, serve, errors.

Each store runs on the loopback, started by the tests (tests/remote_servers.py). The golden
answers are tests/golden/, the very files the embedded engines must give (test_queries.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager as ContextManager
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimgraph.cli import app
from claimgraph.corpus.files import make_corpus
from claimgraph.corpus.loading import LoadedCorpus, load_corpus
from claimgraph.errors import RemoteError
from claimgraph.query.engine import QueryEngine
from claimgraph.query.library import bind_parameters, find_query
from claimgraph.query.results import to_tsv
from claimgraph.remote.client import PASSWORD_VARIABLE, USER_VARIABLE, SparqlClient, endpoint_for
from claimgraph.remote.engine import RemoteQueryEngine, bind_as_values
from claimgraph.remote.push import PushReport, connect, push_study, use_study_dataset
from claimgraph.remote.serve import free_port

from .conftest import DATA, ROOT, TESTS
from .remote_servers import (
    RunningServer,
    jena_available,
    jena_server,
    missing,
    oxigraph_available,
    oxigraph_server,
    virtuoso_available,
    virtuoso_server,
)

GOLDEN = TESTS / "golden"
CASES = json.loads((GOLDEN / "cases.json").read_text(encoding="utf-8"))["cases"]
REMOTE = DATA / "remote"
KNOWN = json.loads((REMOTE / "known-differences.json").read_text(encoding="utf-8"))
"""Golden cases a store answers differently, each with the reason (docs/stores.md)."""

STORES = ("oxigraph", "virtuoso", "jena")
SERVERS: dict[
    str, tuple[Callable[[], str | None], Callable[[Path], ContextManager[RunningServer]]]
] = {
    "oxigraph": (oxigraph_available, oxigraph_server),
    "virtuoso": (virtuoso_available, virtuoso_server),
    "jena": (jena_available, jena_server),
}
"""Each store: why it cannot run here (None: it can), and how to start it in a folder."""


@pytest.fixture(scope="module", params=STORES)
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningServer]:
    name = str(request.param)
    available, starter = SERVERS[name]
    why = available()
    if why is not None:
        missing(why)
    folder = tmp_path_factory.mktemp(name)
    with starter(folder / "db") as running:
        yield running


def client_for(server: RunningServer) -> SparqlClient:
    """A client of ``server`` with its credentials in the environment, as a user sets them."""
    saved = {k: os.environ.get(k) for k in (USER_VARIABLE, PASSWORD_VARIABLE)}
    try:
        if server.credentials:
            os.environ[USER_VARIABLE], os.environ[PASSWORD_VARIABLE] = server.credentials
        return SparqlClient(endpoint_for(server.url))
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


class Published:
    """The corpora pushed to one server, one at a time (a push replaces the graphs it
    sends; the graphs of the corpus before are deleted first)."""

    def __init__(self, server: RunningServer) -> None:
        self.server = server
        self.client = client_for(server)
        self.current: tuple[str, ...] | None = None
        self.report: PushReport | None = None
        self.loaded: dict[tuple[str, ...], LoadedCorpus] = {}

    def corpus(self, data: tuple[str, ...]) -> LoadedCorpus:
        if data not in self.loaded:
            corpus = make_corpus(data=[ROOT / d for d in data]) if data else make_corpus()
            self.loaded[data] = load_corpus(corpus)
        return self.loaded[data]

    def engine(self, data: tuple[str, ...]) -> RemoteQueryEngine:
        if self.current != data:
            if self.report is not None:
                for pushed in self.report.graphs:
                    assert pushed.graph is not None
                    self.client.delete_graph(pushed.graph)
            self.report = push_study(self.corpus(data), self.client)
            self.current = data
        use_study_dataset(self.client)
        return RemoteQueryEngine(self.client)


@pytest.fixture(scope="module")
def published(server: RunningServer) -> Published:
    return Published(server)


def _case_id(case: dict[str, object]) -> str:
    return str(case["golden"])


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_library_query_gives_its_golden_answer_on_the_store(
    published: Published, case: dict[str, object]
) -> None:
    known = KNOWN.get(published.server.name, {}).get(str(case["golden"]))
    data = case.get("data")
    engine = published.engine(tuple(data) if isinstance(data, list) else ())
    query = find_query(str(case["query"]))
    params = case["params"]
    assert isinstance(params, dict)
    bindings = bind_parameters(query, [f"{k}={v}" for k, v in params.items()])
    expected = (GOLDEN / str(case["golden"])).read_text(encoding="utf-8")
    if known is None:
        assert to_tsv(engine.query(query.text, bindings, str(query.path))) == expected
        return
    # A documented difference of this store (docs/stores.md, known-differences.json): the
    # query still runs, and the test fails as soon as the answer is right, so that the entry
    # is removed rather than left to hide a later change.
    try:
        answer: str | None = to_tsv(engine.query(query.text, bindings, str(query.path)))
    except RemoteError:
        answer = None
    assert answer != expected, "the store now gives the golden answer: remove the entry"
    pytest.xfail(known)


def test_push_replaces_each_graph_and_counts_match(published: Published) -> None:
    published.engine(())
    again = push_study(published.corpus(()), published.client)
    assert again.graphs and all(g.matches for g in again.graphs)
    assert published.report is not None
    assert [(g.graph, g.remote_triples) for g in again.graphs] == [
        (g.graph, g.remote_triples) for g in published.report.graphs
    ]


@pytest.mark.parametrize(
    ("file", "part"),
    # More rows (or triples) than Virtuoso's default cut-off (10,000), read 1,000 at a time.
    [("long-answer.rq", "rows"), ("long-construct.rq", "triples")],
)
def test_long_answers_are_read_page_by_page(published: Published, file: str, part: str) -> None:
    text = (REMOTE / file).read_text(encoding="utf-8")
    engine = published.engine(())
    engine.page_rows = 1_000
    remote = getattr(engine.query(text, source=file), part)
    local = getattr(QueryEngine(published.corpus(())).query(text, source=file), part)
    assert len(remote) > 10_000
    assert sorted(map(str, remote)) == sorted(map(str, local))


def test_check_command_runs_the_qc_queries_on_the_store(
    published: Published, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    published.engine(())
    if published.server.credentials:
        monkeypatch.setenv(USER_VARIABLE, published.server.credentials[0])
        monkeypatch.setenv(PASSWORD_VARIABLE, published.server.credentials[1])
    remote = runner.invoke(app, ["check", "--endpoint", published.server.url])
    local = runner.invoke(app, ["check"])
    assert (remote.exit_code, remote.output) == (local.exit_code, local.output)


def test_query_command_with_endpoint_writes_the_golden_tsv(
    published: Published, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    published.engine(())
    if published.server.credentials:
        monkeypatch.setenv(USER_VARIABLE, published.server.credentials[0])
        monkeypatch.setenv(PASSWORD_VARIABLE, published.server.credentials[1])
    # A query every store here answers as the golden file says (see known-differences.json).
    command = ["query", "side-rebuttals", "-f", "tsv", "--endpoint", published.server.url]
    result = runner.invoke(app, command)
    assert result.exit_code == 0, result.output
    assert result.stdout == (GOLDEN / "side-rebuttals.tsv").read_text(encoding="utf-8")


# --- Errors: one line, exit code 2 ------------------------------------------------------------


def test_unreachable_endpoint_is_one_line_and_exit_2(runner: CliRunner) -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    result = runner.invoke(app, ["query", "sides", "--endpoint", url])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "cannot be reached" in result.stderr


# Oxigraph server takes writes without credentials: only Virtuoso can refuse them.
@pytest.mark.parametrize("server", ["virtuoso"], indirect=True)
def test_refused_credentials_are_one_line_and_exit_2(
    runner: CliRunner, server: RunningServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert server.credentials is not None  # Virtuoso's writes need them
    monkeypatch.setenv(USER_VARIABLE, "dba")
    monkeypatch.setenv(PASSWORD_VARIABLE, "not-the-password")
    result = runner.invoke(app, ["push", "--endpoint", server.url])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "credentials were refused" in result.stderr


# Oxigraph server takes writes without credentials: only Virtuoso can refuse them.
@pytest.mark.parametrize("server", ["virtuoso"], indirect=True)
def test_missing_credentials_say_where_to_give_them(
    runner: CliRunner, server: RunningServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert server.credentials is not None  # Virtuoso's writes need them
    monkeypatch.delenv(USER_VARIABLE, raising=False)
    monkeypatch.delenv(PASSWORD_VARIABLE, raising=False)
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))
    result = runner.invoke(app, ["push", "--endpoint", server.url])
    assert result.exit_code == 2
    assert USER_VARIABLE in result.stderr and result.stderr.count("\n") == 1


def test_credentials_in_the_url_are_refused() -> None:
    with pytest.raises(RemoteError, match="holds credentials"):
        endpoint_for("http://dba:secret@127.0.0.1:8890/sparql")


def test_fuseki_layout_gives_the_datasets_graph_store() -> None:
    # The layout the Jena server of the tests answers in (tests/jena/), as Fuseki does.
    for path in ("/study/sparql", "/study/query"):
        endpoint = endpoint_for(f"http://127.0.0.1:3030{path}")
        assert (endpoint.kind, endpoint.store_url) == ("fuseki", "http://127.0.0.1:3030/study/data")
        assert endpoint.union_parameter is None  # the union graph is named per query


def test_netrc_gives_credentials(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from claimgraph.remote.client import credentials_for

    netrc = tmp_path / "netrc"
    netrc.write_text((REMOTE / "netrc-example.txt").read_text(encoding="utf-8"))
    netrc.chmod(0o600)
    monkeypatch.delenv(USER_VARIABLE, raising=False)
    monkeypatch.delenv(PASSWORD_VARIABLE, raising=False)
    monkeypatch.setenv("NETRC", str(netrc))
    assert credentials_for("http://store.example:8890/sparql") == ("reader", "bus-routes-2024")
    assert credentials_for("http://other.example/sparql") is None


def test_parameters_are_bound_as_values_in_every_scope() -> None:
    text = (REMOTE / "bound-in-subquery.rq").read_text(encoding="utf-8")
    from rdflib import Literal

    bound = bind_as_values(text, {"name": Literal('say "x" }')})
    # One VALUES per WHERE clause (the query and its sub-query), the term escaped as data.
    assert bound.count('VALUES (?name) { ("say \\"x\\" }") }') == 2


# --- serve ------------------------------------------------------------------------------------


def test_serve_answers_read_only_on_the_loopback(tmp_path: Path) -> None:
    why = oxigraph_available()
    if why is not None:
        missing(why)
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    process = subprocess.Popen(
        [sys.executable, "-m", "claimgraph", "serve", "--port", str(port), "--quiet"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        url = f"http://127.0.0.1:{port}/query"
        assert process.stderr is not None
        line = process.stderr.readline().decode()
        assert url in line and "read-only" in line
        engine = connect(url)
        query = find_query("sides")
        result = engine.query(query.text, {}, str(query.path))
        assert to_tsv(result) == (GOLDEN / "sides.tsv").read_text(encoding="utf-8")
        with pytest.raises(RemoteError, match="HTTP 4"):
            engine.client.put_graph("https://example.org/school-board", b"")
    finally:
        process.terminate()
        process.wait(30)


# --- The commands that read the whole study -----------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["stats"],
        ["stats", "--format", "json"],
        ["validate"],
        ["analyze"],
        ["export", "argument-map", "-o", "-", "-f", "graphml"],
    ],
    ids=" ".join,
)
def test_command_with_endpoint_answers_as_embedded(
    published: Published,
    runner: CliRunner,
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
) -> None:
    published.engine(())
    if published.server.credentials:
        monkeypatch.setenv(USER_VARIABLE, published.server.credentials[0])
        monkeypatch.setenv(PASSWORD_VARIABLE, published.server.credentials[1])
    local = runner.invoke(app, [*command, "--quiet"])
    remote = runner.invoke(app, [*command, "--quiet", "--endpoint", published.server.url])
    known = KNOWN.get(published.server.name, {}).get("command: " + " ".join(command))
    if known is not None:
        assert remote.stdout != local.stdout, "the store now answers right: remove the entry"
        pytest.xfail(known)
    assert remote.stdout == local.stdout
    assert remote.exit_code == local.exit_code


@pytest.mark.parametrize(
    "data",
    [
        # A school-board claim that attacks itself: one violation, found on the store too.
        "tests/data/invalid/NoSelfRebuttal-claim-attacks-itself.trig",
        # A quote that is not the text: reported on the anchor, with where the quote is.
        "tests/data/invalid/AnchorMatchesText-quote-differs.trig",
    ],
)
def test_remote_validation_finds_what_embedded_finds(
    published: Published, runner: CliRunner, monkeypatch: pytest.MonkeyPatch, data: str
) -> None:
    published.engine((data,))
    if published.server.credentials:
        monkeypatch.setenv(USER_VARIABLE, published.server.credentials[0])
        monkeypatch.setenv(PASSWORD_VARIABLE, published.server.credentials[1])
    local = runner.invoke(app, ["validate", "--data", data, "--quiet", "-f", "json-ld"])
    remote = runner.invoke(
        app, ["validate", "--quiet", "-f", "json-ld", "--endpoint", published.server.url]
    )
    assert local.exit_code == remote.exit_code == 1
    assert remote.stdout == local.stdout
