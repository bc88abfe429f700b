"""Running read-only SPARQL on two engines: Oxigraph (default) and rdflib's memory store.

Both engines see the same dataset with the union of all graphs as the default graph, so
queries match across documents; ``GRAPH ?g`` still tells where a triple comes from.
Parameters are bound as data (SPARQL SEP-0007 substitution on Oxigraph, ``initBindings`` on
rdflib), never pasted into the query text. Before either engine sees a query, it passes
:func:`check_query`: made escape-free (so that both engines and the check read the same
characters), parsed once, and refused if it would write, or reach the network (SERVICE, LOAD,
remote FROM). The same check guards the SPARQL of shapes (:func:`checked_shapes_value`).

A query can be given limits (:class:`QueryLimits`): a time after which it is stopped and a
number of rows it may return; the command line sets both by default.
"""

from __future__ import annotations

import re
import signal
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from types import FrameType
from typing import Any

import pyoxigraph as ox
import rdflib.plugins.sparql
from oxrdflib import OxigraphStore
from pyparsing import ParseException, ParseResults
from rdflib import SH, XSD, Dataset, Literal, URIRef
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node

from claimgraph.corpus.loading import LoadedCorpus, to_oxigraph, to_rdflib
from claimgraph.errors import Position, QueryError, QueryLimitError, UnsafeInputError
from claimgraph.rdf.namespace import PREFIXES

# rdflib would fetch a FROM graph it does not hold from the web; claimgraph never does.
rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False


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


def walk_parse_tree(node: Any) -> Iterator[Any]:
    """``node`` of rdflib's SPARQL parse tree or algebra, and everything below it."""
    yield node
    if isinstance(node, CompValue):
        for value in node.values():
            yield from walk_parse_tree(value)
    elif isinstance(node, list | tuple | ParseResults):
        # rdflib's parse tree holds triples in pyparsing's ParseResults.
        for item in node:
            yield from walk_parse_tree(item)


# --- The one check every SPARQL text passes before an engine sees it -------------------------
#
# SPARQL 1.1 decodes \uXXXX and \UXXXXXXXX escapes anywhere in a query before parsing it, and
# so does rdflib (whose parser also reads "\u" with eight digits); Oxigraph decodes them only
# inside strings and IRIs (as SPARQL 1.2 does). A text that the two read differently could
# hide SERVICE from a check made with one parser while the other engine runs it. So a query
# is made escape-free first: escapes inside strings and IRIs become the characters they
# stand for, escapes elsewhere are refused, and the text the engines are given is checked to
# hold no escape at all. Both engines then read exactly the characters the check read.

MAX_QUERY_CHARS = 1 << 20
"""The longest query text claimgraph reads (1 MiB; longer texts are refused)."""
MAX_NESTING = 64
"""How deeply brackets may nest in a query: rdflib's parser recurses once per level."""
MAX_NUMBER_DIGITS = 1000
"""The longest number a query may write (Python converts at most 4,300 digits)."""

_LONG_NUMBER = re.compile(rf"\d{{{MAX_NUMBER_DIGITS + 1}}}")
_ESCAPE = re.compile(r"\\[uU][0-9A-Fa-f]{4}")
_UCHAR = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_LEX = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
              |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)
  | (?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<word>[A-Za-z0-9_:\u00B7\u00C0-\uFFFF][A-Za-z0-9_:.%\-\u00B7\u00C0-\uFFFF]*)
  | (?P<open>[({\[])
  | (?P<close>[)}\]])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_IRI_FORBIDDEN = frozenset('<>"{}|^`\\') | {chr(c) for c in range(0x21)}
_ECHAR_FOR = {'"': '\\"', "'": "\\'", "\\": "\\\\", "\n": "\\n", "\r": "\\r"}


def _endpoint(text: str, start: int) -> str:
    """The endpoint a SERVICE at ``start`` names (after SILENT), as written."""
    for match in _LEX.finditer(text, start):
        if match.lastgroup in ("space", "comment") or match[0].upper() == "SILENT":
            continue
        return match[0][:200]
    return ""


def _shown_escape(text: str, start: int) -> str:
    match = _UCHAR.match(text, start)
    return match[0] if match else text[start : start + 6]


def _position(text: str, offset: int) -> Position:
    line = text.count("\n", 0, offset) + 1
    return Position(line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


def _decoded(match: re.Match[str], text: str, offset: int, source: str | None) -> str:
    code = int(match[1] or match[2], 16)
    if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        raise QueryError(
            f"the escape {match[0]} stands for no Unicode character",
            source=source or "query",
            position=_position(text, offset + match.start()),
        )
    return chr(code)


def _unescape_string(token: str, text: str, start: int, source: str | None) -> str:
    def replace(match: re.Match[str]) -> str:
        if match.start() > 0 and _odd_backslashes(token, match.start()):
            return match[0]  # "\\u0041": an escaped backslash, then text; refused below
        char = _decoded(match, text, start, source)
        return _ECHAR_FOR.get(char, char)

    return _UCHAR.sub(replace, token)


def _odd_backslashes(token: str, index: int) -> bool:
    count = 0
    while index > 0 and token[index - 1] == "\\":
        count += 1
        index -= 1
    return count % 2 == 1


def _unescape_iri(token: str, text: str, start: int, source: str | None) -> str:
    def replace(match: re.Match[str]) -> str:
        char = _decoded(match, text, start, source)
        if char in _IRI_FORBIDDEN:
            raise QueryError(
                f"the escape {match[0]} in an IRI stands for {char!r}, which IRIs cannot hold",
                source=source or "query",
                position=_position(text, start + match.start()),
            )
        return char

    return _UCHAR.sub(replace, token)


def _lexical_check(text: str, source: str | None, strict: bool = True) -> str:
    """``text`` made escape-free, with SERVICE refused (and, if ``strict``, its nesting and
    numbers checked)."""
    where = source or "query"
    pieces: list[str] = []
    depth = 0
    previous = ("space", "")
    for match in _LEX.finditer(text):
        kind = match.lastgroup
        token = match[0]
        start = match.start()
        if kind == "string":
            if "\\" in token:
                token = _unescape_string(token, text, start, source)
        elif kind == "iri":
            if "\\" in token:
                token = _unescape_iri(token, text, start, source)
        elif kind == "comment":
            # A comment means nothing to Oxigraph; rdflib would decode an escape in it
            # (a "\u000a" would end the comment there), so its escapes are blanked.
            token = _ESCAPE.sub(lambda m: " " + m[0][1:], token)
        elif kind == "open":
            depth += 1
            if strict and depth > MAX_NESTING:
                raise QueryError(
                    f"brackets nest more than {MAX_NESTING} deep",
                    source=where,
                    position=_position(text, start),
                )
        elif kind == "close":
            depth -= 1
        elif kind == "word":
            if token.upper() == "SERVICE":
                raise UnsafeInputError(
                    f"SPARQL SERVICE {_endpoint(text, match.end())} is refused: claimgraph "
                    "works offline and never sends a query elsewhere",
                    source=where,
                    position=_position(text, start),
                )
            if strict and _LONG_NUMBER.search(token):
                raise QueryError(
                    f"a number of more than {MAX_NUMBER_DIGITS:,} digits",
                    source=where,
                    position=_position(text, start),
                )
        elif kind == "other" and token == "\\" and _ESCAPE.match(text, start):
            raise QueryError(
                f"the escape {_shown_escape(text, start)} outside a string or IRI is refused: "
                "SPARQL engines read it in different ways; write the character itself",
                source=where,
                position=_position(text, start),
            )
        elif (
            strict
            and token == "^"
            and previous[0] == "string"
            and text.startswith("^^", start)
            and _LONG_NUMBER.search(previous[1])
        ):
            # "1000...0"^^xsd:integer: rdflib converts it to a number as it parses.
            raise QueryError(
                f"a number of more than {MAX_NUMBER_DIGITS:,} digits",
                source=where,
                position=_position(text, start),
            )
        if kind != "space":
            previous = (kind or "other", token)
        pieces.append(token)
    normal = "".join(pieces)
    leftover = _ESCAPE.search(normal)
    if leftover:
        raise QueryError(
            f"the query holds the text {leftover[0]}, which SPARQL engines read in different "
            "ways; write the character itself",
            source=where,
            position=_position(normal, leftover.start()),
        )
    return normal


def guard_engine_text(text: str, source: str | None = None) -> None:
    """Refuse a text about to be given to an engine if it holds an escape or SERVICE.

    The last check before Oxigraph runs text claimgraph composed from checked pieces (the
    fast SHACL engine's queries): cheap, so it can run before every query.
    """
    if _ESCAPE.search(text):
        raise UnsafeInputError(
            "a query composed for the engine holds a \\u escape", source=source or "query"
        )
    if re.search(r"(?i)service", text):
        _lexical_check(text, source, strict=False)


@contextmanager
def _deep_parsing() -> Iterator[None]:
    # rdflib's parser recurses some 40 frames per nested bracket; MAX_NESTING levels need
    # more than Python's default limit of 1,000.
    old = sys.getrecursionlimit()
    if old < 20_000:
        sys.setrecursionlimit(20_000)
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


@dataclass(frozen=True)
class QueryShape:
    """What :func:`check_query` learnt of a query."""

    kind: str
    """SELECT, ASK, CONSTRUCT or DESCRIBE."""
    has_dataset_clause: bool
    """Whether FROM or FROM NAMED chooses the graphs (then the union is not the default)."""
    text: str = ""
    """The query as the engines are to run it: escape-free (see above)."""


def check_query(
    text: str, graphs: set[Node] | None = None, source: str | None = None
) -> QueryShape:
    """Check ``text`` as every engine will read it, and say what kind of query it is.

    Every SPARQL text passes here before an engine runs it; run the returned ``text``, never
    the original. Raises :class:`QueryError` for a text that is too long, nests too deeply,
    holds an escape the engines would read differently, does not parse (with its position)
    or is an update, and :class:`UnsafeInputError` for SERVICE or a FROM naming a graph not
    in ``graphs``.
    """
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(
            f"the query is longer than {MAX_QUERY_CHARS // (1 << 20)} MiB ({len(text):,} "
            "characters)",
            source=source or "query",
        )
    text = _lexical_check(text, source)
    try:
        with _deep_parsing():
            parsed = parseQuery(text)
    except RecursionError as exc:
        raise QueryError("the query nests too deeply", source=source or "query") from exc
    except ParseException as exc:
        try:
            with _deep_parsing():
                parseUpdate(text)
        except (ParseException, RecursionError):
            raise QueryError(
                f"SPARQL syntax error: {exc.msg}",
                source=source or "query",
                position=Position(exc.lineno, exc.col),
            ) from exc
        raise QueryError(
            "SPARQL updates (INSERT, DELETE, LOAD, CLEAR ...) are not run by query, which is "
            "read-only",
            source=source or "query",
        ) from exc
    query = parsed[1]
    for node in walk_parse_tree(query):
        if isinstance(node, CompValue) and node.name == "ServiceGraphPattern":
            raise UnsafeInputError(
                f"SPARQL SERVICE <{node.get('term')}> is refused: claimgraph works offline",
                source=source or "query",
            )
    # CompValue.get answers a missing key with the key's name: test membership first.
    clauses = query["datasetClause"] if "datasetClause" in query else []  # noqa: SIM401
    for clause in clauses:
        iri = clause["default"] if "default" in clause else clause["named"]
        if graphs is None or URIRef(str(iri)) not in graphs:
            raise UnsafeInputError(
                f"FROM <{iri}> names no graph of the loaded data, and remote graphs are "
                "never fetched",
                source=source or "query",
            )
    return QueryShape(str(query.name).removesuffix("Query").upper(), bool(clauses), text)


# --- SPARQL in shapes ---------------------------------------------------------------------------

SHAPES_SPARQL = frozenset({SH.select, SH.ask, SH.construct, SH.update})
"""Predicates whose values pySHACL or the fast engine run as SPARQL (SHACL-SPARQL, SHACL-AF)."""

_PN_PREFIX = re.compile(r"(?:[A-Za-z\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*)?")


def checked_shapes_value(predicate: Node, value: Node, source: str) -> Node:
    """``value`` of a shapes triple, checked if it is SPARQL or goes into SPARQL.

    SPARQL texts (:data:`SHAPES_SPARQL`) pass :func:`check_query` and come back as the text
    the engines are to run; ``sh:namespace`` and ``sh:prefix`` values, which pySHACL writes
    into a PREFIX line, must be an IRI and a prefix name, so they cannot add SPARQL of
    their own. Anything else is returned as it is.
    """
    if predicate == SH.namespace:
        iri = str(value)
        if any(c in _IRI_FORBIDDEN for c in iri) or _ESCAPE.search(iri):
            raise UnsafeInputError(
                f"sh:namespace {iri!r} is not an IRI that can be written in SPARQL",
                source=source,
            )
        return value
    if predicate == SH.prefix:
        if not _PN_PREFIX.fullmatch(str(value)):
            raise UnsafeInputError(f"sh:prefix {str(value)!r} is not a prefix name", source=source)
        return value
    if predicate not in SHAPES_SPARQL:
        return value
    name = "sh:" + str(predicate).rsplit("#", 1)[-1]
    if not isinstance(value, Literal):
        raise QueryError(f"{name} must be a string holding SPARQL", source=source)
    try:
        if predicate == SH.update:
            # pySHACL runs no update; one in shapes is refused rather than left unchecked.
            raise QueryError("SPARQL updates are refused in shapes")
        shape = check_query(str(value))
    except (QueryError, UnsafeInputError) as exc:
        where = ""
        if exc.position is not None and exc.position.line is not None:
            where = f" (line {exc.position.line}, column {exc.position.column} of the query)"
        raise type(exc)(f"{name}{where}: {exc.message}", source=source) from exc
    if shape.text == str(value):
        return value
    return Literal(shape.text, lang=value.language, datatype=value.datatype)


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


# --- Helping Oxigraph with EXISTS -------------------------------------------------------------
#
# Oxigraph (0.5) evaluates FILTER [NOT] EXISTS { P } by evaluating P without the outer
# bindings for each solution it filters: a query with such a filter over every claim takes
# time quadratic in the corpus (minutes at 100k triples, hours at 1M). The same question asked
# as a join is answered in a fraction of a second, so before Oxigraph sees a query, filters of
# the form FILTER [NOT] EXISTS { P } are rewritten where the rewrite provably gives the same
# solutions:
#
#   FILTER NOT EXISTS { P }  ->  OPTIONAL { P BIND(true AS ?m) } FILTER(!BOUND(?m))
#   FILTER EXISTS { P }      ->  { SELECT DISTINCT ?shared WHERE { P } }
#
# with P made of triple patterns and FILTERs only (no nested EXISTS), added at the end of
# the group holding the filter. The variables P shares with the rest of the query must be
# bound wherever the filter sees them (checked on rdflib's algebra of the group); otherwise,
# and for SELECT * (which would show the new variables), the query is left as it is. The
# rewritten text is checked to parse, and the tests compare every library query's answers
# on both engines.

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
              |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)
  | (?P<punct>[{}()])
  | (?P<word>[A-Za-z_][A-Za-z0-9_\-]*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    start: int
    end: int


def _tokens(text: str) -> list[_Token]:
    found = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind in ("space", "comment"):
            continue
        found.append(_Token(kind, match[0], match.start(), match.end()))
    return found


def _parse_group(prologue: str, group: str) -> Any:
    """rdflib's algebra for ``SELECT * WHERE { group }``, or None if it does not parse."""
    from rdflib.plugins.sparql.algebra import translateQuery

    try:
        return translateQuery(parseQuery(f"{prologue}\nSELECT * WHERE {{ {group} }}")).algebra
    except Exception:  # rdflib raises several kinds on what it cannot read
        return None


def _group_parts(prologue: str, group: str) -> list[Any] | None:
    try:
        parsed = parseQuery(f"{prologue}\nSELECT * WHERE {{ {group} }}")
    except Exception:
        return None
    where = parsed[1]["where"]
    return list(where["part"]) if "part" in where else []


def _certain_vars(node: Any) -> set[str]:
    from rdflib.plugins.sparql.algebra import translateGroupGraphPattern

    if isinstance(node, CompValue) and node.name == "GroupGraphPatternSub":
        node = translateGroupGraphPattern(node)
    if not isinstance(node, CompValue):
        return set()
    name = node.name
    if name == "SelectQuery":
        return _certain_vars(node.p)
    if name == "BGP":
        return {str(t) for triple in node.triples for t in triple if isinstance(t, rdflib.Variable)}
    if name == "Join":
        return _certain_vars(node.p1) | _certain_vars(node.p2)
    if name in ("LeftJoin", "Minus"):
        return _certain_vars(node.p1)
    if name == "Union":
        return _certain_vars(node.p1) & _certain_vars(node.p2)
    if name in ("Filter", "Extend", "Graph", "ToMultiSet"):
        found = _certain_vars(node.p)
        if name == "Graph" and isinstance(node.term, rdflib.Variable):
            found.add(str(node.term))
        return found
    if name == "Project":
        return _certain_vars(node.p) & {str(v) for v in node.PV}
    return set()


def _variables(tokens: list[_Token]) -> set[str]:
    return {t.text[1:] for t in tokens if t.kind == "var"}


def _simple_pattern(prologue: str, pattern: str) -> tuple[set[str], set[str]] | None:
    """(variables of the triple patterns, all variables) of a pattern made of triple
    patterns and FILTERs without EXISTS, or None for anything else."""
    parts = _group_parts(prologue, pattern)
    if parts is None:
        return None
    in_triples: set[str] = set()
    everywhere: set[str] = set()
    for part in parts:
        if part.name == "TriplesBlock":
            for item in walk_parse_tree(part):
                if isinstance(item, rdflib.Variable):
                    in_triples.add(str(item))
        elif part.name == "Filter":
            for item in walk_parse_tree(part):
                if isinstance(item, CompValue) and item.name in (
                    "Builtin_EXISTS",
                    "Builtin_NOTEXISTS",
                ):
                    return None
        else:
            return None
        for item in walk_parse_tree(part):
            if isinstance(item, rdflib.Variable):
                everywhere.add(str(item))
    return in_triples, everywhere


def optimize_for_oxigraph(text: str) -> str:
    """``text`` with FILTER [NOT] EXISTS rewritten as joins where that is provably the same."""
    return _optimize(text)


_OPTIMIZED: dict[str, str] = {}


def optimizer_cache() -> dict[str, str]:
    """The rewrites made so far (query text -> text sent to Oxigraph), to keep between runs."""
    return _OPTIMIZED


def _optimize(text: str) -> str:
    if text in _OPTIMIZED:
        return _OPTIMIZED[text]
    try:
        result = _rewrite_exists(text)
    except Exception:  # never let an optimisation break a query
        result = text
    if len(_OPTIMIZED) > 5000:
        _OPTIMIZED.clear()
    _OPTIMIZED[text] = result
    return result


def _rewrite_exists(text: str) -> str:
    tokens = _tokens(text)
    if not tokens or re.search(r"(?i)\bSELECT\s+(?:DISTINCT\s+|REDUCED\s+)?\*", text):
        return text
    words = [t.text.upper() if t.kind == "word" else t.text for t in tokens]
    first_form = next(
        (i for i, w in enumerate(words) if w in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")),
        None,
    )
    if first_form is None:
        return text
    prologue = text[: tokens[first_form].start]
    # Match braces and parentheses.
    partner: dict[int, int] = {}
    stack: list[int] = []
    for index, token in enumerate(tokens):
        if token.text in ("{", "("):
            stack.append(index)
        elif token.text in ("}", ")"):
            if not stack:
                return text
            partner[stack.pop()] = index
    if stack:
        return text
    # The EXISTS patterns: their opening brace index -> (keyword index, negated).
    exists_braces: set[int] = set()
    for index, word in enumerate(words):
        if word == "EXISTS" and index + 1 < len(tokens) and tokens[index + 1].text == "{":
            exists_braces.add(index + 1)

    def enclosing(index: int) -> list[int]:
        """Opening braces of the groups holding token ``index``, innermost first."""
        found = []
        for open_index, close_index in partner.items():
            if tokens[open_index].text == "{" and open_index < index < close_index:
                found.append(open_index)
        return sorted(found, reverse=True)

    edits: list[tuple[int, int, str]] = []
    inserts: dict[int, list[str]] = {}
    counter = 0
    for index, word in enumerate(words):
        if word != "FILTER":
            continue
        cursor = index + 1
        paren = cursor < len(tokens) and tokens[cursor].text == "("
        if paren:
            cursor += 1
        negated = cursor < len(words) and words[cursor] == "NOT"
        if negated:
            cursor += 1
        if not (cursor + 1 < len(tokens) and words[cursor] == "EXISTS"):
            continue
        brace = cursor + 1
        if brace not in exists_braces:
            continue
        close = partner[brace]
        end = close
        if paren:
            if (
                close + 1 >= len(tokens)
                or tokens[close + 1].text != ")"
                or partner.get(index + 1) != close + 1
            ):
                continue
            end = close + 1
        groups = enclosing(index)
        if not groups or any(g in exists_braces for g in groups):
            continue
        group = groups[0]
        group_close = partner[group]
        pattern_text = text[tokens[brace].end : tokens[close].start]
        simple = _simple_pattern(prologue, pattern_text)
        if simple is None:
            continue
        in_triples, everywhere = simple
        outside = _variables(tokens[:brace] + tokens[close + 1 :])
        rest_of_group = (
            text[tokens[group].end : tokens[index].start]
            + " "
            + text[tokens[end].end : tokens[group_close].start]
        )
        algebra = _parse_group(prologue, rest_of_group)
        if algebra is None:
            continue
        certain = _certain_vars(algebra)
        optional_group = group > 0 and words[group - 1] == "OPTIONAL"
        marker = f"?__cgm{counter}"
        if negated:
            if optional_group and not (everywhere & outside) <= certain:
                continue
            replacement = f"FILTER(!BOUND({marker}))"
            addition = f"OPTIONAL {{ {pattern_text} BIND(true AS {marker}) }}"
        else:
            shared = in_triples & outside
            if not shared or not shared <= certain or not everywhere <= in_triples:
                continue
            variables = " ".join(f"?{v}" for v in sorted(shared))
            replacement = ""
            addition = f"{{ SELECT DISTINCT {variables} WHERE {{ {pattern_text} }} }}"
        counter += 1
        edits.append((tokens[index].start, tokens[end].end, replacement))
        inserts.setdefault(tokens[group_close].start, []).append(addition)
    if not edits:
        return text
    changes = [(start, end, new) for start, end, new in edits]
    changes += [(at, at, " " + " ".join(added) + " ") for at, added in inserts.items()]
    result = text
    for start, end, new in sorted(changes, key=lambda c: (c[0], c[1]), reverse=True):
        result = result[:start] + new + result[end:]
    try:
        parseQuery(result)
    except Exception:
        return text
    return result
