"""Running read-only SPARQL on two engines: Oxigraph (default) and rdflib's memory store.

Both engines see the same dataset with the union of all graphs as the default graph, so
queries match across documents; ``GRAPH ?g`` still tells where a triple comes from.
Parameters are bound as data (SPARQL SEP-0007 substitution on Oxigraph, ``initBindings`` on
rdflib), never pasted into the query text. Before either engine sees a query, it is parsed
once here and refused if it would write, or reach the network (SERVICE, LOAD, remote FROM).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import pyoxigraph as ox
import rdflib.plugins.sparql
from oxrdflib import OxigraphStore
from pyparsing import ParseException
from rdflib import XSD, Dataset, Literal, URIRef
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node

from .errors import Position, QueryError, UnsafeInputError
from .loading import LoadedCorpus, to_oxigraph, to_rdflib
from .namespace import PREFIXES

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


def _walk(node: Any) -> Iterator[Any]:
    yield node
    if isinstance(node, CompValue):
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list | tuple):
        for item in node:
            yield from _walk(item)


@dataclass(frozen=True)
class QueryShape:
    """What :func:`check_query` learnt of a query."""

    kind: str
    """SELECT, ASK, CONSTRUCT or DESCRIBE."""
    has_dataset_clause: bool
    """Whether FROM or FROM NAMED chooses the graphs (then the union is not the default)."""


def check_query(
    text: str, graphs: set[Node] | None = None, source: str | None = None
) -> QueryShape:
    """Parse ``text`` and say what kind of query it is.

    Raises :class:`QueryError` for a syntax error (with its position), an update, and
    :class:`UnsafeInputError` for SERVICE or a FROM naming a graph not in ``graphs``.
    """
    try:
        parsed = parseQuery(text)
    except ParseException as exc:
        try:
            parseUpdate(text)
        except ParseException:
            raise QueryError(
                f"SPARQL syntax error: {exc.msg}",
                source=source or "query",
                position=Position(exc.lineno, exc.col),
            ) from exc
        raise QueryError(
            "SPARQL updates (INSERT, DELETE, LOAD, CLEAR ...) are not run by query, which is "
            "read-only",
            source=source,
        ) from exc
    query = parsed[1]
    for node in _walk(query):
        if isinstance(node, CompValue) and node.name == "ServiceGraphPattern":
            raise UnsafeInputError(
                f"SPARQL SERVICE <{node.get('term')}> is refused: claimgraph works offline",
                source=source,
            )
    # CompValue.get answers a missing key with the key's name: test membership first.
    clauses = query["datasetClause"] if "datasetClause" in query else []  # noqa: SIM401
    for clause in clauses:
        iri = clause["default"] if "default" in clause else clause["named"]
        if graphs is None or URIRef(str(iri)) not in graphs:
            raise UnsafeInputError(
                f"FROM <{iri}> names no graph of the loaded data, and remote graphs are "
                "never fetched",
                source=source,
            )
    return QueryShape(str(query.name).removesuffix("Query").upper(), bool(clauses))


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


class QueryEngine:
    """A loaded corpus on one engine, ready to answer read-only queries."""

    def __init__(self, loaded: LoadedCorpus, engine: Engine = Engine.OXIGRAPH) -> None:
        self.engine = engine
        self.store: ox.Store | None = None
        if engine is Engine.MEMORY:
            self.dataset = loaded.dataset
        else:
            self.store = ox.Store()
            self.store.bulk_extend(loaded.quads)
            # The same store as an rdflib Dataset, for callers who prefer rdflib's API.
            self.dataset = Dataset(store=OxigraphStore(store=self.store), default_union=True)
            for prefix, iri in PREFIXES.items():
                self.dataset.bind(prefix, iri, override=True, replace=True)
        self.graphs: set[Node] = {g.identifier for g in loaded.dataset.graphs()}

    def query(
        self,
        text: str,
        bindings: Mapping[str, Node] | None = None,
        source: str | None = None,
    ) -> QueryResult:
        """Run ``text`` with ``bindings`` substituted as data; see :func:`check_query`."""
        shape = check_query(text, self.graphs, source)
        bindings = dict(bindings or {})
        for name in bindings:
            if not re.search(rf"[?$]{re.escape(name)}\b", text):
                raise QueryError(
                    f"parameter {name!r} is not a variable of the query", source=source
                )
        try:
            if self.store is not None:
                return self._query_oxigraph(text, shape, bindings)
            result = self.dataset.query(text, initBindings=bindings)  # type: ignore[arg-type]
        except (SyntaxError, ParseException, RuntimeError, ValueError) as exc:
            # Oxigraph substitutes parameters only for variables the query returns (SPARQL
            # SEP-0007); its message says so, and is passed on as it is.
            raise QueryError(f"the query cannot be run: {exc}", source=source) from exc
        if result.type == "ASK":
            return QueryResult(kind="ASK", boolean=bool(result.askAnswer))
        if result.type == "SELECT":
            variables = tuple(str(v) for v in result.vars or ())
            rows = tuple(
                tuple(_plain(solution.get(v)) for v in result.vars or ())
                for solution in result.bindings
            )
            return QueryResult(kind="SELECT", variables=variables, rows=rows)
        graph = result.graph
        assert graph is not None
        triples = tuple(sorted(graph, key=str))
        return QueryResult(kind=shape.kind, triples=_plain_triples(triples))

    def _query_oxigraph(
        self, text: str, shape: QueryShape, bindings: Mapping[str, Node]
    ) -> QueryResult:
        # Straight to pyoxigraph rather than through oxrdflib, which would make the union
        # the default graph even where the query's FROM chooses the graphs.
        assert self.store is not None
        answer = self.store.query(
            text,
            use_default_graph_as_union=not shape.has_dataset_clause,
            prefixes=dict(PREFIXES),
            substitutions={ox.Variable(k): to_oxigraph(v) for k, v in bindings.items()},
        )
        if isinstance(answer, ox.QueryBoolean):
            return QueryResult(kind="ASK", boolean=bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            variables = tuple(v.value for v in answer.variables)
            rows = tuple(
                tuple(
                    None if solution[i] is None else _plain(to_rdflib(solution[i]))
                    for i in range(len(variables))
                )
                for solution in answer
            )
            return QueryResult(kind="SELECT", variables=variables, rows=rows)
        triples = tuple(
            sorted(
                (
                    (to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object))
                    for t in answer
                ),
                key=str,
            )
        )
        return QueryResult(kind=shape.kind, triples=_plain_triples(triples))
