"""Running read-only SPARQL on two engines: Oxigraph (default) and rdflib's memory store.

Both engines see the same dataset with the union of all graphs as the default graph, so
queries match across documents; ``GRAPH ?g`` still tells where a triple comes from.
Parameters are bound as data (SPARQL SEP-0007 substitution on Oxigraph, ``initBindings`` on
rdflib), never pasted into the query text. Before either engine sees a query, it passes
:func:`claimgraph.query.check.check_query`; on the way to Oxigraph it is also rewritten by
:func:`claimgraph.query.rewrite.optimize_for_oxigraph`.

A query can be given limits (:class:`QueryLimits`): a time after which it is stopped and a
number of rows it may return; the command line sets both by default.
"""

from __future__ import annotations

import re
import signal
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from types import FrameType
from typing import Any, Protocol

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from pyparsing import ParseException
from rdflib import XSD, Dataset, Literal
from rdflib.term import Node

from claimgraph.corpus.loading import LoadedCorpus
from claimgraph.errors import QueryError, QueryLimitError
from claimgraph.query.check import QueryShape, _deep_parsing, check_query, guard_engine_text
from claimgraph.query.rewrite import optimize_for_oxigraph
from claimgraph.rdf.namespace import PREFIXES
from claimgraph.rdf.terms import to_oxigraph, to_rdflib


class Engine(StrEnum):
    """The SPARQL engines a query can run on."""

    OXIGRAPH = "oxigraph"
    MEMORY = "memory"


@dataclass(frozen=True)
class QueryResult:
    """A query's answer, engine-neutral: rows for SELECT, a boolean for ASK, triples else."""

    kind: str
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Node | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[tuple[Node, Node, Node], ...] = ()


# --- Limits: time and rows ----------------------------------------------------------------------


@dataclass(frozen=True)
class QueryLimits:
    """How long a query may run and how many rows (or triples) it may return (None: no limit)."""

    seconds: float | None = None
    rows: int | None = None


class _Expired(BaseException):
    """Time is up. A BaseException, so that no ``except Exception`` in rdflib swallows it."""


class _Clock:
    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self.deadline = None if seconds is None else time.monotonic() + seconds

    def remaining(self) -> float | None:
        if self.deadline is None:
            return None
        return max(0.0, self.deadline - time.monotonic())

    def check(self) -> None:
        if self.deadline is not None and time.monotonic() >= self.deadline:
            raise _Expired


@contextmanager
def _time_limit(limits: QueryLimits, source: str | None) -> Iterator[_Clock]:
    """A clock for ``limits.seconds``; raises :class:`QueryLimitError` when it runs out.

    In the main thread a timer signal interrupts Python code wherever it is, a backtracking
    regular expression of rdflib's included (Python's regex engine checks for signals). Work
    in other threads checks the clock between rows.
    """
    clock = _Clock(limits.seconds)
    use_signal = (
        limits.seconds is not None
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    armed = [use_signal]
    previous: Any = None

    def expire(signum: int, frame: FrameType | None) -> None:
        if armed[0]:
            raise _Expired

    def disarm() -> None:
        if armed[0]:
            armed[0] = False
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)

    if use_signal:
        assert limits.seconds is not None
        previous = signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, max(limits.seconds, 0.001))
    try:
        try:
            yield clock
        finally:
            disarm()
    except _Expired:
        disarm()
        raise QueryLimitError(
            f"query stopped after {limits.seconds:g} s (its time limit)",
            limit="time",
            source=source or "query",
        ) from None


def _too_many(limits: QueryLimits, source: str | None) -> QueryLimitError:
    return QueryLimitError(
        f"query stopped at more than {limits.rows:,} rows (its row limit)",
        limit="rows",
        source=source or "query",
    )


def _plain_triples(
    triples: tuple[tuple[Node, Node, Node], ...],
) -> tuple[tuple[Node, Node, Node], ...]:
    return tuple((s, p, Literal(str(o)) if _is_string(o) else o) for s, p, o in triples)


def _is_string(term: Node) -> bool:
    return isinstance(term, Literal) and term.datatype == XSD.string


def _plain(term: Node | None) -> Node | None:
    # "x"^^xsd:string and "x" are one term in RDF 1.1; rdflib tells them apart.
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


class _Job:
    """An Oxigraph query run in a worker thread, which stops between rows when told."""

    def __init__(self) -> None:
        self.stop = False
        self.done = threading.Event()
        self.result: QueryResult | None = None
        self.error: BaseException | None = None


class QueryRunner(Protocol):
    """What answers read-only queries: :class:`QueryEngine`, or a remote store
    (``claimgraph.remote.engine.RemoteQueryEngine``)."""

    def query(
        self,
        text: str,
        bindings: Mapping[str, Node] | None = None,
        source: str | None = None,
        limits: QueryLimits | None = None,
    ) -> QueryResult:
        """The answer to ``text`` with ``bindings`` as data, within ``limits``."""


class QueryEngine:
    """A loaded corpus on one engine, ready to answer read-only queries."""

    def __init__(self, loaded: LoadedCorpus, engine: Engine = Engine.OXIGRAPH) -> None:
        self.engine = engine
        self.store: ox.Store | None = None
        if engine is Engine.MEMORY:
            self.dataset = loaded.dataset
        else:
            # The loaded corpus's own store: queries are read-only, so it is shared, never
            # copied.
            self.store = loaded.store
            # The same store as an rdflib Dataset, for callers who prefer rdflib's API.
            self.dataset = Dataset(store=OxigraphStore(store=self.store), default_union=True)
            for prefix, iri in PREFIXES.items():
                self.dataset.bind(prefix, iri, override=True, replace=True)
        self.graphs: set[Node] = loaded.graph_names()

    def query(
        self,
        text: str,
        bindings: Mapping[str, Node] | None = None,
        source: str | None = None,
        limits: QueryLimits | None = None,
    ) -> QueryResult:
        """Run ``text`` with ``bindings`` substituted as data; see :func:`check_query`.

        With ``limits``, a query that runs too long or returns too many rows raises
        :class:`QueryLimitError` (the check counts towards the time).
        """
        limits = limits or QueryLimits()
        # rdflib recurses through nested brackets when it evaluates a query too.
        with _time_limit(limits, source) as clock, _deep_parsing():
            shape = check_query(text, self.graphs, source)
            bindings = dict(bindings or {})
            for name in bindings:
                if not re.search(rf"[?$]{re.escape(name)}\b", shape.text):
                    raise QueryError(
                        f"parameter {name!r} is not a variable of the query", source=source
                    )
            try:
                if self.store is not None:
                    return self._query_oxigraph(shape, bindings, limits, clock, source)
                return self._query_memory(shape, bindings, limits, clock, source)
            except (SyntaxError, ParseException, RuntimeError, ValueError) as exc:
                # Oxigraph substitutes parameters only for variables the query returns
                # (SPARQL SEP-0007); its message says so, and is passed on as it is.
                raise QueryError(f"the query cannot be run: {exc}", source=source) from exc

    def _query_memory(
        self,
        shape: QueryShape,
        bindings: Mapping[str, Node],
        limits: QueryLimits,
        clock: _Clock,
        source: str | None,
    ) -> QueryResult:
        result = self.dataset.query(shape.text, initBindings=bindings)  # type: ignore[arg-type]
        if result.type == "ASK":
            return QueryResult(kind="ASK", boolean=bool(result.askAnswer))
        if result.type == "SELECT":
            names = list(result.vars or ())
            # Read the solutions as rdflib makes them (result.bindings would make all of them
            # first), so that the limits are checked row by row.
            solutions: Any = (
                result._genbindings if result._genbindings is not None else result.bindings
            )
            rows = []
            for solution in solutions:
                rows.append(tuple(_plain(solution.get(v)) for v in names))
                if limits.rows is not None and len(rows) > limits.rows:
                    raise _too_many(limits, source)
                clock.check()
            return QueryResult(
                kind="SELECT", variables=tuple(str(v) for v in names), rows=tuple(rows)
            )
        graph = result.graph
        assert graph is not None
        if limits.rows is not None and len(graph) > limits.rows:
            raise _too_many(limits, source)
        triples = tuple(sorted(graph, key=str))
        return QueryResult(kind=shape.kind, triples=_plain_triples(triples))

    def _query_oxigraph(
        self,
        shape: QueryShape,
        bindings: Mapping[str, Node],
        limits: QueryLimits,
        clock: _Clock,
        source: str | None,
    ) -> QueryResult:
        job = _Job()
        # Rewritten and guarded here, in the calling thread: the rewrite parses with rdflib,
        # whose exceptions can keep frames (and what they later hold) alive.
        text = optimize_for_oxigraph(shape.text)
        guard_engine_text(text, source)
        if limits.seconds is None:
            self._run_oxigraph(job, text, shape, bindings, limits, source)
        else:
            # Oxigraph releases the GIL while it works, but a single step (a sort, a count
            # over a cross join) cannot be interrupted: the query runs in a worker thread,
            # which is told to stop and left behind when time is up (the command line then
            # exits, which ends it).
            worker = threading.Thread(
                target=self._run_oxigraph,
                args=(job, text, shape, bindings, limits, source),
                name="claimgraph-query",
                daemon=True,
            )
            worker.start()
            try:
                finished = job.done.wait(clock.remaining())
            finally:
                if not job.done.is_set():
                    job.stop = True
            if not finished:
                raise _Expired
        if job.error is not None:
            raise job.error
        assert job.result is not None
        return job.result

    def _run_oxigraph(
        self,
        job: _Job,
        text: str,
        shape: QueryShape,
        bindings: Mapping[str, Node],
        limits: QueryLimits,
        source: str | None,
    ) -> None:
        try:
            job.result = self._oxigraph_answer(job, text, shape, bindings, limits, source)
        except BaseException as exc:  # handed to the thread that waits for the answer
            # Without its traceback, which holds this thread's frames: pyoxigraph's answers
            # must be dropped by the thread that made them, here, not by the waiting one.
            job.error = exc.with_traceback(None)
            exc.__context__ = None
        finally:
            job.done.set()

    def _oxigraph_answer(
        self,
        job: _Job,
        text: str,
        shape: QueryShape,
        bindings: Mapping[str, Node],
        limits: QueryLimits,
        source: str | None,
    ) -> QueryResult:
        # Straight to pyoxigraph rather than through oxrdflib, which would make the union
        # the default graph even where the query's FROM chooses the graphs.
        assert self.store is not None
        answer: Any = self.store.query(
            text,
            use_default_graph_as_union=not shape.has_dataset_clause,
            prefixes=dict(PREFIXES),
            substitutions={ox.Variable(k): to_oxigraph(v) for k, v in bindings.items()},
        )
        try:
            return self._collect(job, answer, shape, limits, source)
        finally:
            # pyoxigraph's answer must be dropped by the thread that made it, even if a
            # reference cycle keeps this frame alive for the garbage collector.
            answer = None

    @staticmethod
    def _collect(
        job: _Job, answer: Any, shape: QueryShape, limits: QueryLimits, source: str | None
    ) -> QueryResult:
        most = limits.rows
        if isinstance(answer, ox.QueryBoolean):
            return QueryResult(kind="ASK", boolean=bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            variables = tuple(v.value for v in answer.variables)
            # Answers repeat terms (modes, actors, documents): convert each term once.
            # to_rdflib already gives plain literals for xsd:string.
            seen: dict[Any, Node] = {}

            def convert(term: Any) -> Node | None:
                if term is None:
                    return None
                node = seen.get(term)
                if node is None:
                    node = seen[term] = to_rdflib(term)
                return node

            width = range(len(variables))
            rows = []
            for solution in answer:
                if job.stop:
                    raise _Expired
                rows.append(tuple(convert(solution[i]) for i in width))
                if most is not None and len(rows) > most:
                    raise _too_many(limits, source)
            return QueryResult(kind="SELECT", variables=variables, rows=tuple(rows))
        found = []
        for t in answer:
            if job.stop:
                raise _Expired
            found.append((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
            if most is not None and len(found) > most:
                raise _too_many(limits, source)
        triples = tuple(sorted(found, key=str))
        return QueryResult(kind=shape.kind, triples=_plain_triples(triples))
