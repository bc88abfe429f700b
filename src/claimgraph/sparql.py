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
from pyparsing import ParseException, ParseResults
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
    for node in walk_parse_tree(query):
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
            optimize_for_oxigraph(text),
            use_default_graph_as_union=not shape.has_dataset_clause,
            prefixes=dict(PREFIXES),
            substitutions={ox.Variable(k): to_oxigraph(v) for k, v in bindings.items()},
        )
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
            rows = tuple(tuple(convert(solution[i]) for i in width) for solution in answer)
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
