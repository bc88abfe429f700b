"""The one check every SPARQL text passes before an engine sees it.

Before either engine (:mod:`claimgraph.query.engine`) sees a query, it passes
:func:`check_query`: made escape-free (so that both engines and the check read the same
characters), parsed once, and refused if it would write, or reach the network (SERVICE, LOAD,
remote FROM). The same check guards the SPARQL of shapes (:func:`checked_shapes_value`).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import rdflib.plugins.sparql
from pyparsing import ParseException, ParseResults
from rdflib import SH, Literal, URIRef
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node

from claimgraph.errors import Position, QueryError, UnsafeInputError

# rdflib would fetch a FROM graph it does not hold from the web; claimgraph never does.
rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False


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
SPARQL_TOKENS = re.compile(
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
"""SPARQL's tokens, as far as claimgraph needs them: a prefixed name is one ``word``
(``limit:x`` is no LIMIT), strings, IRIs and comments are whole tokens (a keyword in them
is no keyword), and every bracket is an ``open`` or ``close``."""
_IRI_FORBIDDEN = frozenset('<>"{}|^`\\') | {chr(c) for c in range(0x21)}
_ECHAR_FOR = {'"': '\\"', "'": "\\'", "\\": "\\\\", "\n": "\\n", "\r": "\\r"}


def _endpoint(text: str, start: int) -> str:
    """The endpoint a SERVICE at ``start`` names (after SILENT), as written."""
    for match in SPARQL_TOKENS.finditer(text, start):
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
    for match in SPARQL_TOKENS.finditer(text):
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
        parsed = _parsed_facts(text) if len(text) <= _MEMO_CHARS else _parse_facts(text)
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
    if parsed.service is not None:
        raise UnsafeInputError(
            f"SPARQL SERVICE <{parsed.service}> is refused: claimgraph works offline",
            source=source or "query",
        )
    for iri in parsed.dataset:
        if graphs is None or URIRef(iri) not in graphs:
            raise UnsafeInputError(
                f"FROM <{iri}> names no graph of the loaded data, and remote graphs are "
                "never fetched",
                source=source or "query",
            )
    return QueryShape(parsed.kind, bool(parsed.dataset), text)


@dataclass(frozen=True)
class _ParseFacts:
    """What :func:`check_query` needs of rdflib's parse of a text (no parse tree kept)."""

    kind: str
    service: str | None
    """The IRI of the first SERVICE, if the query has one."""
    dataset: tuple[str, ...]
    """The IRIs of FROM and FROM NAMED, in order."""


_parses = 0


def sparql_parses() -> int:
    """How many texts rdflib's SPARQL parser has read in this process (a text whose parse is
    remembered is read once): who must clean up after the parser tells by this if it ran."""
    return _parses


def _parse_facts(text: str) -> _ParseFacts:
    # Raises ParseException or RecursionError as rdflib's parser does.
    global _parses
    _parses += 1
    with _deep_parsing():
        parsed = parseQuery(text)
    query = parsed[1]
    service = None
    for node in walk_parse_tree(query):
        if isinstance(node, CompValue) and node.name == "ServiceGraphPattern":
            service = str(node.get("term"))
            break
    # CompValue.get answers a missing key with the key's name: test membership first.
    clauses = query["datasetClause"] if "datasetClause" in query else []  # noqa: SIM401
    dataset = tuple(
        str(clause["default"] if "default" in clause else clause["named"]) for clause in clauses
    )
    return _ParseFacts(str(query.name).removesuffix("Query").upper(), service, dataset)


_MEMO_CHARS = 1 << 16
"""Texts up to this length have their parse remembered (:func:`_parsed_facts`)."""

# rdflib's parser takes tens of milliseconds a query, and the same texts (the query library,
# the SPARQL of the shapes) are checked again on every run of a command in one process:
# validation, QC checks, a server's requests. The facts depend on the text alone; a text
# that fails to parse is not remembered (it raises again, the same way).
_parsed_facts = lru_cache(maxsize=512)(_parse_facts)


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
