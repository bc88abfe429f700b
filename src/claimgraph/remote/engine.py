"""Read-only queries on a remote SPARQL store, answered as the embedded engines answer them.

A query passes the same check as on the embedded store (:func:`claimgraph.query.check.check_query`:
no update, no SERVICE, no escape read two ways; FROM is refused, as the graphs of the remote
store are not claimgraph's to name). Parameters are bound as data: a ``VALUES`` block with
the bound terms, written by claimgraph from the terms (never from the user's text), closes
the WHERE clause of the query and of every sub-query, so that each scope sees the value as
SEP-0007 substitution (the embedded store's way) would.

SELECT answers are read page by page (``LIMIT``/``OFFSET``), because stores cut long answers
short (Virtuoso at 10,000 rows by default) without saying so in the results. For the pages to
be stable, the query's own ORDER BY is extended by every projected variable (or such an
ORDER BY is added): the order the query asks for is kept, and ties are broken the same way
on every page. A query with its own LIMIT, OFFSET or trailing VALUES is sent as it is, in
one request.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from typing import Any

from rdflib.term import Node

from claimgraph.errors import QueryError, QueryLimitError
from claimgraph.query.check import SPARQL_TOKENS, check_query, guard_engine_text
from claimgraph.query.engine import QueryLimits, QueryResult, _plain
from claimgraph.remote.client import N_TRIPLES, SparqlClient

DEFAULT_PAGE_ROWS = 5_000
"""Rows fetched per request: below every store's default cut-off (Virtuoso's is 10,000)."""


def _values_block(bindings: Mapping[str, Node]) -> str:
    names = sorted(bindings)
    head = " ".join(f"?{name}" for name in names)
    row = " ".join(bindings[name].n3() for name in names)
    return f" VALUES ({head}) {{ ({row}) }} "


def _group_end(tokens: list[re.Match[str]], start: int) -> int:
    """The index of the bracket closing the one opened at ``tokens[start]``."""
    depth = 0
    for index in range(start, len(tokens)):
        if tokens[index][0] == "{":
            depth += 1
        elif tokens[index][0] == "}":
            depth -= 1
            if depth == 0:
                return index
    raise QueryError("the query's brackets do not close")


def bind_as_values(text: str, bindings: Mapping[str, Node]) -> str:
    """``text`` with a VALUES block of ``bindings`` closing each query's WHERE clause."""
    if not bindings:
        return text
    block = _values_block(bindings)
    tokens = [m for m in SPARQL_TOKENS.finditer(text) if m.lastgroup not in ("space", "comment")]
    inserts: list[int] = []
    index = 0
    while index < len(tokens):
        word = tokens[index][0].upper() if tokens[index].lastgroup == "word" else ""
        if word in ("SELECT", "ASK", "DESCRIBE", "CONSTRUCT"):
            j = index + 1
            if word == "CONSTRUCT" and j < len(tokens) and tokens[j][0] == "{":
                # The template first (unless it is CONSTRUCT WHERE, with no template).
                j = _group_end(tokens, j) + 1
            while j < len(tokens) and tokens[j][0] != "{":
                j += 1
            if j < len(tokens):
                # Before the WHERE clause's closing bracket: after a BIND that assigns the
                # variable (which a VALUES before it would make an error), and still inside
                # the group its FILTERs read.
                inserts.append(tokens[_group_end(tokens, j)].start())
            index = j
        index += 1
    for position in sorted(inserts, reverse=True):
        text = text[:position] + block + text[position:]
    return text


def _paging_plan(text: str) -> tuple[bool, bool, list[str]]:
    """Whether the query may be paged, whether it has its own ORDER BY, and the
    variables it projects.

    Oxigraph's own parser answers (on an empty store, where the query costs nothing): the
    projection in the order the embedded store gives it. rdflib's parser is not used here:
    it takes minutes on the long VALUES blocks of the fast SHACL engine's checks.
    """
    import pyoxigraph as ox

    try:
        answer: Any = ox.Store().query(text)
    except SyntaxError as exc:  # checked before; a rewrite must still parse
        raise QueryError(f"SPARQL syntax error: {exc}") from exc
    projected = [v.value for v in getattr(answer, "variables", [])]
    own_slice = False
    ordered = False
    depth = 0
    closed_where = False
    for token in SPARQL_TOKENS.finditer(text):
        kind = token.lastgroup
        if kind in ("space", "comment"):
            continue
        if token[0] == "{":
            depth += 1
        elif token[0] == "}":
            depth -= 1
            closed_where = closed_where or depth == 0
        elif depth == 0 and kind == "word":
            word = token[0].upper()
            if word in ("LIMIT", "OFFSET") or (word == "VALUES" and closed_where):
                own_slice = True
            elif word == "ORDER":
                ordered = True
    return not own_slice, ordered, projected


def _form(text: str) -> str:
    """The query form keyword of ``text``: SELECT, ASK, CONSTRUCT or DESCRIBE."""
    for token in SPARQL_TOKENS.finditer(text):
        if token.lastgroup == "word":
            word = token[0].upper()
            if word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
                return word
    raise QueryError("the query has no SELECT, ASK, CONSTRUCT or DESCRIBE")


def _prologue(text: str) -> str:
    """The PREFIX and BASE lines of ``text``: all before its query form keyword."""
    for token in SPARQL_TOKENS.finditer(text):
        if token.lastgroup == "word" and token[0].upper() in (
            "SELECT",
            "ASK",
            "CONSTRUCT",
            "DESCRIBE",
        ):
            return text[: token.start()]
    return ""


def _order_clause(text: str) -> tuple[str, str] | None:
    """The prologue (PREFIX and BASE lines) and the top-level ORDER BY conditions of
    ``text``, or None when it has no ORDER BY."""
    tokens = [m for m in SPARQL_TOKENS.finditer(text) if m.lastgroup not in ("space", "comment")]
    depth = 0
    start = None
    form = None
    for i, token in enumerate(tokens):
        word = token[0].upper() if token.lastgroup == "word" else ""
        if form is None and word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            form = token.start()
        if token[0] == "{":
            depth += 1
        elif token[0] == "}":
            depth -= 1
        elif depth == 0 and word == "ORDER" and i + 1 < len(tokens):
            start = tokens[i + 1].end()
    if start is None or form is None:
        return None
    end = len(text)
    for token in SPARQL_TOKENS.finditer(text, start):
        if token.lastgroup == "word" and token[0].upper() in ("LIMIT", "OFFSET", "VALUES"):
            end = token.start()
            break
    return text[:form], text[start:end]


def sort_as_embedded(
    text: str, variables: tuple[str, ...], rows: list[tuple[Node | None, ...]]
) -> list[tuple[Node | None, ...]]:
    """``rows`` in the order the embedded store gives ``text``'s ORDER BY.

    Stores order some terms their own way (Virtuoso sorts IRIs by its internal ids, not by
    their text), so the rows are sorted again by Oxigraph itself: they are given to an
    empty in-memory store as VALUES, under the query's own ORDER BY conditions (which may
    only read projected variables). Blank nodes stand in as IRIs while they are sorted.
    """
    import pyoxigraph as ox
    from rdflib import BNode

    found = _order_clause(text)
    if found is None or not rows or not variables:
        return rows
    prologue, conditions = found
    stand_in = "urn:claimgraph:sort:"

    def n3(term: Node | None) -> str:
        if term is None:
            return "UNDEF"
        if isinstance(term, BNode):
            return f"<{stand_in}bnode:{term}>"
        return term.n3()

    index_var = "claimgraphRow"
    head = " ".join(f"?{v}" for v in variables)
    body = "\n".join(f"({' '.join(n3(t) for t in row)} {i})" for i, row in enumerate(rows))
    local = (
        f"{prologue}\nSELECT ?{index_var} WHERE {{ VALUES ({head} ?{index_var}) {{\n{body}\n}} }}"
        f"\nORDER BY {conditions}\n?{index_var}"
    )
    try:
        answer: Any = ox.Store().query(local)
        order = [int(solution[0].value) for solution in answer]
    except (SyntaxError, ValueError, TypeError):
        # An ORDER BY that reads what the rows do not hold: the store's order stays.
        return rows
    if len(order) != len(rows):
        return rows
    # The stand-ins are never given back: rows are reordered, not rebuilt.
    return [rows[i] for i in order]


def construct_parts(text: str) -> tuple[str, str, str] | None:
    """The prologue, template and WHERE group (with its brackets) of a CONSTRUCT that may
    be paged; None for one that may not: with its own solution modifiers or VALUES, or a
    template with blank nodes (fresh per answer, so pages could not be joined)."""
    tokens = [m for m in SPARQL_TOKENS.finditer(text) if m.lastgroup not in ("space", "comment")]
    form = next(
        (i for i, t in enumerate(tokens) if t.lastgroup == "word" and t[0].upper() == "CONSTRUCT"),
        None,
    )
    if form is None or form + 1 >= len(tokens):
        return None
    prologue = text[: tokens[form].start()]
    index = form + 1
    template: str | None = None
    if tokens[index][0] == "{":
        end = _group_end(tokens, index)
        template = text[tokens[index].end() : tokens[end].start()]
        index = end + 1
    while index < len(tokens) and tokens[index][0] != "{":
        index += 1  # WHERE (optional)
    if index >= len(tokens):
        return None
    end = _group_end(tokens, index)
    where = text[tokens[index].start() : tokens[end].end()]
    if end + 1 != len(tokens):
        return None  # ORDER BY, LIMIT, OFFSET or VALUES of its own
    if template is None:  # CONSTRUCT WHERE { ... }: the pattern is the template
        template = where[1:-1]
    if re.search(r"_:|\[", template):
        return None
    return prologue, template, where


class RemoteQueryEngine:
    """A remote SPARQL store, ready to answer read-only queries like :class:`QueryEngine`."""

    def __init__(self, client: SparqlClient, page_rows: int = DEFAULT_PAGE_ROWS) -> None:
        self.client = client
        self.page_rows = page_rows

    def query(
        self,
        text: str,
        bindings: Mapping[str, Node] | None = None,
        source: str | None = None,
        limits: QueryLimits | None = None,
        *,
        composed: bool = False,
    ) -> QueryResult:
        """Run ``text`` on the store with ``bindings`` as data; see the module's docstring.

        ``composed`` says the text is claimgraph's own, made from checked pieces (the fast
        SHACL engine's checks): it then gets the cheap last look every such text gets
        before the embedded store (:func:`guard_engine_text`), not the full check, whose
        parser takes minutes on those checks' long VALUES blocks.

        Raises :class:`QueryError` for a query refused here, :class:`QueryLimitError` when
        the answer is longer or slower than ``limits`` allow, and
        :class:`~claimgraph.errors.RemoteError` when the store fails.
        """
        limits = limits or QueryLimits()
        started = time.monotonic()
        if composed:
            guard_engine_text(text, source)
            kind = _form(text)
        else:
            shape = check_query(text, None, source)
            text, kind = shape.text, shape.kind
        bindings = dict(bindings or {})
        for name in bindings:
            if not re.search(rf"[?$]{re.escape(name)}\b", text):
                raise QueryError(
                    f"parameter {name!r} is not a variable of the query", source=source
                )
        sent = bind_as_values(text, bindings)
        if kind == "ASK":
            return QueryResult(kind="ASK", boolean=self.client.ask(sent))
        if kind == "SELECT":
            return self._select(sent, limits, started, source)
        parts = construct_parts(sent) if kind == "CONSTRUCT" else None
        if parts is not None:
            return self._construct(parts, limits, started, source)
        data = self.client.query(sent, accept=N_TRIPLES)
        return self._triples(kind, data, limits, source)

    def _construct(
        self,
        parts: tuple[str, str, str],
        limits: QueryLimits,
        started: float,
        source: str | None,
    ) -> QueryResult:
        """A CONSTRUCT read page by page: stores cut long graphs short as they cut long
        SELECT answers (Virtuoso at 10,000 triples), without saying so. The solutions of
        the WHERE clause are counted, then read in pages as an ordered sub-query, each
        page's triples made from its solutions by the store."""
        import pyoxigraph as ox

        prologue, template, where = parts
        scope: Any = ox.Store().query(f"{prologue}SELECT * WHERE {where}")
        keys = " ".join(f"?{v.value}" for v in scope.variables)
        if not keys:
            data = self.client.query(f"{prologue}CONSTRUCT {{{template}}} WHERE {where}", N_TRIPLES)
            return self._triples("CONSTRUCT", data, limits, source)
        counted = "claimgraphSolutions"
        _, rows = self.client.select(f"{prologue}SELECT (COUNT(*) AS ?{counted}) WHERE {where}")
        total = int(str(rows[0][0])) if rows and rows[0][0] is not None else 0
        pages: list[bytes] = []
        for offset in range(0, max(total, 1), self.page_rows):
            # The pattern is a sub-query of its own under the ORDER BY (see _select).
            page = (
                f"{prologue}CONSTRUCT {{{template}}} WHERE {{ {{ SELECT * WHERE {{ "
                f"{{ SELECT * WHERE {where} }} }} ORDER BY {keys} "
                f"LIMIT {self.page_rows} OFFSET {offset} }} }}"
            )
            pages.append(self.client.query(page, accept=N_TRIPLES))
            if limits.seconds is not None and time.monotonic() - started > limits.seconds:
                raise QueryLimitError(
                    f"query stopped after {limits.seconds:g} s (its time limit)",
                    limit="time",
                    source=source or "query",
                )
        return self._triples("CONSTRUCT", b"\n".join(pages), limits, source)

    def _select(
        self, text: str, limits: QueryLimits, started: float, source: str | None
    ) -> QueryResult:
        pageable, ordered, projected = _paging_plan(text)
        if not pageable or not projected:
            names, rows = self.client.select(text)
            self._check_rows(len(rows), limits, source)
            return QueryResult(
                kind="SELECT",
                variables=names,
                rows=tuple(tuple(_plain(t) for t in row) for row in rows),
            )
        keys = " ".join(f"?{v}" for v in projected)
        native = self.client.endpoint.kind == "oxigraph"
        if native:
            # The query's own ORDER BY, extended (on a line of its own: the query may end
            # with a comment): the pages come in the order the embedded store gives.
            head, tail = text, f"\n{keys}" if ordered else f"\nORDER BY {keys}"
        else:
            # Virtuoso answers some queries wrongly once LIMIT/OFFSET meet their ORDER BY
            # (rows repeated, others lost); as a sub-query they are answered right. The
            # order is then made again here (sort_as_embedded).
            prologue = _prologue(text)
            head = f"{prologue}SELECT {keys} WHERE {{ {{\n{text[len(prologue) :]}\n}} }}"
            tail = f"\nORDER BY {keys}"
        all_rows: list[tuple[Node | None, ...]] = []
        variables: tuple[str, ...] = tuple(projected)
        offset = 0
        while True:
            page = f"{head}{tail}\nLIMIT {self.page_rows} OFFSET {offset}"
            variables, rows = self.client.select(page)
            all_rows.extend(tuple(_plain(t) for t in row) for row in rows)
            self._check_rows(len(all_rows), limits, source)
            if limits.seconds is not None and time.monotonic() - started > limits.seconds:
                raise QueryLimitError(
                    f"query stopped after {limits.seconds:g} s (its time limit)",
                    limit="time",
                    source=source or "query",
                )
            if len(rows) < self.page_rows:
                break
            offset += self.page_rows
        if not native:
            all_rows = sort_as_embedded(text, variables, all_rows)
        return QueryResult(kind="SELECT", variables=variables, rows=tuple(all_rows))

    @staticmethod
    def _check_rows(count: int, limits: QueryLimits, source: str | None) -> None:
        if limits.rows is not None and count > limits.rows:
            raise QueryLimitError(
                f"query stopped at more than {limits.rows:,} rows (its row limit)",
                limit="rows",
                source=source or "query",
            )

    def _triples(
        self, kind: str, data: bytes, limits: QueryLimits, source: str | None
    ) -> QueryResult:
        import pyoxigraph as ox

        from claimgraph.query.engine import _plain_triples
        from claimgraph.rdf.terms import to_rdflib

        try:
            # A set: the pages of a CONSTRUCT may make the same triple more than once.
            parsed = set(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
        except SyntaxError as exc:
            raise QueryError(f"the store's N-Triples answer cannot be read: {exc}") from exc
        self._check_rows(len(parsed), limits, source)
        found = [
            (to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)) for t in parsed
        ]
        triples = tuple(sorted(found, key=str))
        return QueryResult(kind=kind, triples=_plain_triples(triples))
