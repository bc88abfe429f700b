"""SHACL-SPARQL constraints, run once for all focus nodes instead of once per node.

pySHACL runs a constraint's SELECT once per focus node, with ``$this`` pre-bound. The
fast engine runs it once: the focus nodes become a sub-select at the head of the query's
WHERE group, joined with the rest. The two agree when every operator that would see
``$this`` unbound without pre-binding (a FILTER, a BIND, the right side of an OPTIONAL or
a MINUS, a sub-select) sees it bound anyway, which :func:`check_prebinding` proves from
the query's algebra; a query where it cannot be proved is left to pySHACL.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pyparsing import ParseException
from rdflib.paths import Path as RdflibPath
from rdflib.plugins.sparql.algebra import translateGroupGraphPattern, translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import BNode, Literal, URIRef, Variable

from claimgraph.query.check import walk_parse_tree
from claimgraph.validate.shacl import paths
from claimgraph.validate.shacl.errors import UnsupportedShapesError

CACHE: dict[str, Any] = {}
"""Work done on query texts (parsing is slow), kept by incremental validation between runs:
text -> JSON-able result."""

THIS = Variable("this")


@dataclass(frozen=True)
class RewrittenQuery:
    """A SHACL-SPARQL constraint ready to run for many focus nodes at once."""

    prologue: str
    body: str
    """The WHERE group's content, between its braces."""
    projection: tuple[str, ...]
    """The variables the constraint selects, in its order (``this`` left out)."""
    predicates: frozenset[str] | None
    """The IRIs the query mentions (None: it has a variable in predicate position)."""
    selects_this: bool
    """Whether the constraint itself selects ``$this`` (pySHACL fills ``{$this}`` only then)."""


def _mentions_this(node: Any) -> bool:
    return any(item == THIS for item in walk_parse_tree(node))


def _path_iris(path: RdflibPath) -> Iterator[URIRef]:
    for value in vars(path).values():
        if isinstance(value, URIRef):
            yield value
        elif isinstance(value, RdflibPath):
            yield from _path_iris(value)
        elif isinstance(value, list | tuple):
            for item in value:
                if isinstance(item, URIRef):
                    yield item
                elif isinstance(item, RdflibPath):
                    yield from _path_iris(item)


def _as_algebra(node: Any) -> Any:
    if isinstance(node, CompValue) and node.name == "GroupGraphPatternSub":
        return translateGroupGraphPattern(node)
    return node


def _certain(node: Any) -> set[Variable]:
    """Variables every solution of ``node`` binds."""
    node = _as_algebra(node)
    if not isinstance(node, CompValue):
        return set()
    name = node.name
    if name == "BGP":
        found: set[Variable] = set()
        for triple in node.triples:
            found |= {t for t in (triple[0], triple[1], triple[2]) if isinstance(t, Variable)}
        return found
    if name == "Join":
        return _certain(node.p1) | _certain(node.p2)
    if name in ("LeftJoin", "Minus"):
        return _certain(node.p1)
    if name == "Union":
        return _certain(node.p1) & _certain(node.p2)
    if name in ("Filter", "Extend", "Graph", "ToMultiSet"):
        return _certain(node.p)
    if name == "Project":
        return _certain(node.p) & set(node.PV)
    return set()


def check_prebinding(node: Any, spine: bool) -> None:
    """Raise :class:`UnsupportedShapesError` unless joining the focus nodes equals pre-binding.

    ``spine`` is True for the operators on the query's leftmost path, which the focus
    sub-select joins (so ``$this`` is bound in them).
    """
    node = _as_algebra(node)
    if not isinstance(node, CompValue):
        return
    name = node.name

    def bound(sub: Any, on_spine: bool) -> bool:
        return on_spine or THIS in _certain(sub)

    def check_expression(expr: Any, this_bound: bool) -> None:
        if _mentions_this(expr) and not this_bound:
            raise UnsupportedShapesError("a FILTER or BIND reads $this where it may be unbound")
        for item in walk_parse_tree(expr):
            if isinstance(item, CompValue) and item.name in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
                # EXISTS sees the solution it filters, $this included when bound there.
                check_prebinding(item.graph, this_bound)

    if name == "BGP":
        return
    if name == "Join":
        check_prebinding(node.p1, spine)
        check_prebinding(node.p2, False)
    elif name == "LeftJoin":
        check_prebinding(node.p1, spine)
        left_bound = bound(node.p1, spine)
        if _mentions_this(node.p2) and not left_bound:
            raise UnsupportedShapesError("an OPTIONAL reads $this where it may be unbound")
        check_prebinding(node.p2, False)
        if node.expr is not None and not (
            isinstance(node.expr, CompValue) and node.expr.name == "TrueFilter"
        ):
            check_expression(node.expr, left_bound or THIS in _certain(node.p2))
    elif name == "Filter":
        check_prebinding(node.p, spine)
        check_expression(node.expr, bound(node.p, spine))
    elif name == "Extend":
        if node.var == THIS:
            raise UnsupportedShapesError("the query binds $this with BIND or AS")
        check_prebinding(node.p, spine)
        check_expression(node.expr, bound(node.p, spine))
    elif name == "Union":
        check_prebinding(node.p1, False)
        check_prebinding(node.p2, False)
    elif name in (
        "Minus",
        "Graph",
        "Project",
        "ToMultiSet",
        "Group",
        "AggregateJoin",
        "OrderBy",
        "Slice",
        "Distinct",
        "Reduced",
        "values",
        "ServiceGraphPattern",
    ):
        raise UnsupportedShapesError(f"the query uses {name}, left to pySHACL")
    else:
        raise UnsupportedShapesError(f"the query uses {name}, left to pySHACL")


def _scan_body(select: str) -> tuple[int, int]:
    """Where the WHERE group of ``select`` opens and closes (indexes of its braces)."""
    i = 0
    n = len(select)
    depth = 0
    start = -1
    while i < n:
        ch = select[i]
        if ch == "#":
            end = select.find("\n", i)
            i = n if end == -1 else end + 1
            continue
        if ch in "\"'":
            long = select.startswith(ch * 3, i)
            quote = ch * 3 if long else ch
            j = i + len(quote)
            while j < n:
                if select[j] == "\\":
                    j += 2
                    continue
                if select.startswith(quote, j):
                    break
                j += 1
            i = j + len(quote)
            continue
        if ch == "<":
            j = i + 1
            while j < n and select[j] not in '<>"{}|^`\\ \t\r\n':
                j += 1
            if j < n and select[j] == ">":
                i = j + 1
                continue
        if ch == "{":
            if depth == 0 and start == -1:
                start = i
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0 and start != -1:
                rest = select[i + 1 :]
                if any(line.split("#", 1)[0].strip() for line in rest.splitlines()):
                    raise UnsupportedShapesError("the query has clauses after its WHERE group")
                return start, i
        i += 1
    raise UnsupportedShapesError("cannot find the WHERE group of the query")


def rewrite(select: str, prefixes: dict[str, str]) -> RewrittenQuery:
    """Check a constraint's query and take it apart for :func:`render` (cached)."""
    key = "rewrite\x00" + json.dumps([select, sorted(prefixes.items())])
    cached = CACHE.get(key)
    if isinstance(cached, dict):
        if "unsupported" in cached:
            raise UnsupportedShapesError(str(cached["unsupported"]))
        return RewrittenQuery(
            prologue=cached["prologue"],
            body=cached["body"],
            projection=tuple(cached["projection"]),
            predicates=frozenset(cached["predicates"])
            if cached["predicates"] is not None
            else None,
            selects_this=bool(cached["selects_this"]),
        )
    try:
        found = _rewrite(select, prefixes)
    except UnsupportedShapesError as exc:
        CACHE[key] = {"unsupported": str(exc)}
        raise
    CACHE[key] = {
        "prologue": found.prologue,
        "body": found.body,
        "projection": list(found.projection),
        "predicates": sorted(found.predicates) if found.predicates is not None else None,
        "selects_this": found.selects_this,
    }
    return found


def _rewrite(select: str, prefixes: dict[str, str]) -> RewrittenQuery:
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes.items())
    text = f"{prologue}\n{select}"
    try:
        parsed = parseQuery(text)
        query = translateQuery(parsed)
    except (ParseException, Exception) as exc:  # rdflib raises many kinds on odd queries
        raise UnsupportedShapesError(f"the query does not parse: {exc}") from exc
    tree = parsed[1]
    if tree.name != "SelectQuery":
        raise UnsupportedShapesError("the constraint is not a SELECT query")
    for clause in ("datasetClause", "groupby", "having", "orderby", "limitoffset", "valuesClause"):
        if clause in tree and tree[clause]:  # noqa: RUF019 (CompValue.get answers the key)
            raise UnsupportedShapesError(f"the query has a {clause} clause")
    projection: list[str] = []
    for item in tree.get("projection") or []:
        if "evar" in item or "expr" in item or "var" not in item:
            raise UnsupportedShapesError("the query selects an expression")
        projection.append(str(item["var"]))
    if not projection:
        raise UnsupportedShapesError("the query selects * (pySHACL needs the variables named)")
    if {"failure", "currentShape", "shapesGraph", "PATH"} & set(projection) or any(
        isinstance(item, Variable) and str(item) in ("currentShape", "shapesGraph", "PATH")
        for item in walk_parse_tree(tree)
    ):
        raise UnsupportedShapesError(
            "the query uses ?failure, $PATH, $currentShape or $shapesGraph"
        )
    algebra = query.algebra
    project = algebra.p
    while isinstance(project, CompValue) and project.name in ("Distinct", "Reduced"):
        project = project.p
    if not (isinstance(project, CompValue) and project.name == "Project"):
        raise UnsupportedShapesError("the query is not a plain SELECT")
    check_prebinding(project.p, spine=True)
    predicates: set[str] | None = set()
    for item in walk_parse_tree(algebra):
        if isinstance(item, CompValue) and item.name == "BGP":
            for triple in item.triples:
                if isinstance(triple[1], Variable):
                    predicates = None
    for item in walk_parse_tree(tree):
        if predicates is None:
            break
        if isinstance(item, URIRef):
            predicates.add(str(item))
        elif isinstance(item, RdflibPath):
            predicates.update(str(iri) for iri in _path_iris(item))
        elif isinstance(item, CompValue) and item.name == "TriplesBlock":
            for triples in item.get("triples") or []:
                for index in range(1, len(triples), 3):
                    if isinstance(triples[index], Variable):
                        predicates = None
    start, end = _scan_body(select)
    return RewrittenQuery(
        prologue=prologue,
        body=select[start + 1 : end],
        projection=tuple(v for v in projection if v != "this"),
        predicates=frozenset(predicates) if predicates is not None else None,
        selects_this="this" in projection,
    )


def _term_text(term: Any) -> str:
    if isinstance(term, Variable):
        return f"?{term}"
    if isinstance(term, BNode):
        return f"?__bnode_{term}"
    if isinstance(term, URIRef | Literal):
        from claimgraph.rdf.terms import to_oxigraph

        return str(to_oxigraph(term))
    raise UnsupportedShapesError(f"odd term {term!r} in a query")


def query_patterns(
    prologue: str, body: str
) -> tuple[tuple[tuple[str, paths.Tree, str], ...], dict[str, frozenset[str]]]:
    """Every triple pattern of a WHERE group (EXISTS included), and the VALUES it has (cached)."""
    key = "patterns\x00" + prologue + "\x00" + body
    cached = CACHE.get(key)
    if isinstance(cached, dict):
        return (
            tuple((p[0], paths.from_json(p[1]), p[2]) for p in cached["patterns"]),
            {k: frozenset(v) for k, v in cached["values"].items()},
        )
    try:
        algebra = translateQuery(parseQuery(f"{prologue}\nSELECT * WHERE {{ {body} }}")).algebra
    except Exception as exc:
        raise UnsupportedShapesError(f"the query does not parse: {exc}") from exc
    patterns: list[tuple[str, paths.Tree, str]] = []
    values: dict[str, set[str]] = {}

    def visit(node: Any) -> None:
        for item in walk_parse_tree(node):
            if not isinstance(item, CompValue):
                continue
            if item.name == "BGP":
                for s, p, o in item.triples:
                    patterns.append((_term_text(s), paths.from_rdflib(p), _term_text(o)))
            elif item.name in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
                visit(_as_algebra(item.graph))
            elif item.name == "values":
                for row in item.res or []:
                    for var, term in row.items():
                        values.setdefault(f"?{var}", set()).add(_term_text(term))

    visit(algebra)
    CACHE[key] = {
        "patterns": [[p[0], paths.to_json(p[1]), p[2]] for p in patterns],
        "values": {k: sorted(v) for k, v in values.items()},
    }
    return tuple(patterns), {k: frozenset(v) for k, v in values.items()}


def render(query: RewrittenQuery, focus_block: str) -> str:
    """The query for many focus nodes: ``focus_block`` (a group binding ?this) joined first."""
    variables = " ".join(f"?{v}" for v in ("this", *query.projection))
    return (
        f"{query.prologue}\nSELECT DISTINCT {variables} WHERE {{\n{focus_block}\n{query.body}\n}}"
    )
