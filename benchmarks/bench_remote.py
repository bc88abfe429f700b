"""Benchmark: the embedded store against real SPARQL servers, side by side (not a test).

    claimgraph generate --size 100k -o build/corpora/synthetic-100k
    PYTHONPATH=src .venv/bin/python benchmarks/bench_remote.py --data build/corpora/synthetic-100k

In one run, on one corpus: loading it (embedded), validation with the fast engine
(embedded), then for each server that is installed (Oxigraph server from the `oxigraph`
package, Virtuoso 7 from the Debian package, Jena ARQ on TDB2 from Debian's
libapache-jena-java behind the tests' own Fuseki-shaped server, tests/jena/) started on the
loopback: the push (Graph Store Protocol PUT per graph, with the count check), validation on
the store (shapes compiled on a copy read from the store, every check run on the store) and
every query of the library, each timed and compared with the embedded answer. It prints
one table of figures.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from tests.remote_servers import (  # noqa: E402
    RunningServer,
    jena_available,
    jena_server,
    oxigraph_available,
    oxigraph_server,
    virtuoso_available,
    virtuoso_server,
)

from claimgraph.corpus.files import make_corpus  # noqa: E402
from claimgraph.corpus.loading import LoadedCorpus, load_corpus  # noqa: E402
from claimgraph.errors import ClaimgraphError, RemoteError  # noqa: E402
from claimgraph.query.engine import QueryEngine, QueryLimits  # noqa: E402
from claimgraph.query.library import LibraryQuery, bind_parameters, library  # noqa: E402
from claimgraph.query.results import to_tsv  # noqa: E402
from claimgraph.remote.client import (  # noqa: E402
    PASSWORD_VARIABLE,
    USER_VARIABLE,
    SparqlClient,
    endpoint_for,
)
from claimgraph.remote.engine import RemoteQueryEngine  # noqa: E402
from claimgraph.remote.mirror import validate_remote  # noqa: E402
from claimgraph.remote.push import push_study, use_study_dataset  # noqa: E402
from claimgraph.validate.validation import shapes_graph, validate_loaded  # noqa: E402


class _SkippedError(Exception):
    """Remote validation was not asked for."""


def runnable(loaded: LoadedCorpus) -> Iterator[tuple[LibraryQuery, dict[str, object]]]:
    """The library's queries, without the ones whose parameters are required."""
    for query in library():
        if any(p.required for p in query.parameters):
            continue
        yield query, dict(bind_parameters(query, []))


def timed_queries(engine: object, loaded: LoadedCorpus) -> dict[str, tuple[float, str]]:
    """Seconds and TSV answer of each query."""
    found: dict[str, tuple[float, str]] = {}
    limits = QueryLimits(seconds=600)
    for query, bindings in runnable(loaded):
        started = time.perf_counter()
        try:
            answer = to_tsv(engine.query(query.text, bindings, str(query.path), limits))  # type: ignore[attr-defined]
        except Exception as exc:  # a figure for every query, even a failing one
            answer = f"error: {str(exc)[:300]}"
        found[query.name] = (time.perf_counter() - started, answer)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="a corpus folder")
    parser.add_argument("--skip", action="append", default=[], help="oxigraph, virtuoso or jena")
    parser.add_argument(
        "--no-remote-validation",
        action="store_true",
        help="skip validation on the stores (at 100k it ran over 9 minutes on Oxigraph server)",
    )
    args = parser.parse_args()

    started = time.perf_counter()
    loaded = load_corpus(make_corpus(data=[args.data]))
    load_seconds = time.perf_counter() - started
    print(f"corpus {args.data}: {len(loaded):,} quads, loaded in {load_seconds:.1f} s")
    started = time.perf_counter()
    report = validate_loaded(loaded, shapes_graph(loaded.corpus))
    print(
        f"embedded validation (fast engine): {time.perf_counter() - started:.1f} s, "
        f"{len(report.results)} result(s)"
    )
    wanted = sorted(r.identity()[:-1] for r in report.results)
    embedded = timed_queries(QueryEngine(loaded), loaded)
    columns: dict[str, dict[str, tuple[float, str]]] = {"embedded": embedded}
    pushes: dict[str, str] = {}
    validations: dict[str, str] = {}
    servers: list[
        tuple[str, str | None, Callable[[Path], AbstractContextManager[RunningServer]]]
    ] = [
        ("oxigraph", oxigraph_available(), oxigraph_server),
        ("virtuoso", virtuoso_available(), virtuoso_server),
        ("jena", jena_available(), jena_server),
    ]
    for name, why, starter in servers:
        if name in args.skip:
            continue
        if why is not None:
            print(f"{name}: not run ({why})")
            continue
        with tempfile.TemporaryDirectory() as scratch, starter(Path(scratch) / "db") as server:
            if server.credentials:
                os.environ[USER_VARIABLE], os.environ[PASSWORD_VARIABLE] = server.credentials
            client = SparqlClient(endpoint_for(server.url), timeout=1800)
            began = time.perf_counter()
            try:
                pushed = push_study(loaded, client)
            except RemoteError as exc:
                pushes[name] = f"failed: {exc}"
                continue
            seconds = time.perf_counter() - began
            pushes[name] = (
                f"{seconds:.1f} s for {pushed.triples:,} triples in {len(pushed.graphs)} graphs"
                f" ({pushed.triples / seconds:,.0f} triples/s), counts checked"
            )
            use_study_dataset(client)
            engine = RemoteQueryEngine(client)
            began = time.perf_counter()
            try:
                if args.no_remote_validation:
                    raise _SkippedError
                _, remote_report = validate_remote(engine, loaded.corpus)
                found = sorted(r.identity()[:-1] for r in remote_report.results)
                # A copy read from the store names no file: compare the rest.
                agrees = found == wanted
                validations[name] = (
                    f"{time.perf_counter() - began:.1f} s, {len(found)} result(s), "
                    + ("same as embedded (files aside)" if agrees else "DIFFERENT from embedded")
                )
            except ClaimgraphError as exc:
                validations[name] = f"failed: {exc}"
            except _SkippedError:
                validations[name] = "not run (--no-remote-validation)"
            columns[name] = timed_queries(engine, loaded)
    for name, text in pushes.items():
        print(f"push to {name}: {text}")
    for name, text in validations.items():
        print(f"validation on {name} (compiled on the copy, checks run on the store): {text}")
    names = list(columns)
    print()
    print("query".ljust(22) + "".join(f"{n:>20}" for n in names))
    for query in embedded:
        cells = []
        for n in names:
            seconds, answer = columns[n][query]
            same = "" if n == "embedded" else (" =" if answer == embedded[query][1] else " ≠")
            if answer.startswith("error:"):
                same = " err"
            cells.append(f"{seconds:>17.2f}s{same:<2}"[-20:].rjust(20))
        print(query.ljust(22) + "".join(cells))
    totals = [sum(s for s, _ in columns[n].values()) for n in names]
    print("total".ljust(22) + "".join(f"{t:>19.2f}s" for t in totals))
    print("(= same answer as embedded, ≠ different answer, err: the store refused the query)")
    for n in names:
        errors = {a for _, a in columns[n].values() if a.startswith("error:")}
        for error in sorted(errors):
            print(f"{n}: {error}")


if __name__ == "__main__":
    main()
