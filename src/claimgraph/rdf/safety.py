"""Refusals that keep claimgraph offline and bounded.

Input may ask for things claimgraph will not do unless the user opts in: fetch a remote
JSON-LD context, expand XML entities ("billion laughs") or read external ones, or nest so
deep that a parser takes minutes or crashes (the limits of :mod:`claimgraph.rdf.limits`). These
checks run before any parser sees the bytes, so a refused file is never half-read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn
from xml.parsers import expat

from claimgraph.errors import InputError, Position, UnsafeInputError
from claimgraph.rdf.limits import MAX_NESTING_DEPTH, MAX_TERM_BYTES

_UTF8_BOM = b"\xef\xbb\xbf"

# Leading bytes of things that are not UTF-8 text, with what to tell the user.
_NOT_TEXT = (
    (
        b"\xff\xfe",
        "is UTF-16 or UTF-32 text (it starts with a byte order mark); RDF is read as UTF-8",
    ),
    (b"\xfe\xff", "is UTF-16 text (it starts with a byte order mark); RDF is read as UTF-8"),
    (
        b"\x00\x00\xfe\xff",
        "is UTF-32 text (it starts with a byte order mark); RDF is read as UTF-8",
    ),
    (b"\x1f\x8b", "is gzip-compressed, not RDF text"),
    (b"PK\x03\x04", "is a zip archive, not RDF text"),
    (b"BZh", "is bzip2-compressed, not RDF text"),
    (b"\xfd7zXZ\x00", "is xz-compressed, not RDF text"),
    (b"\x28\xb5\x2f\xfd", "is zstd-compressed, not RDF text"),
)


def _position(data: bytes, offset: int) -> Position:
    """The 1-based line and column (in characters) of byte ``offset`` of UTF-8 ``data``."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return Position(data.count(b"\n", 0, offset) + 1, column)


def check_text(data: bytes, source: Path | str) -> bytes:
    """Refuse bytes that are not UTF-8 text (UTF-16, compressed files); drop a UTF-8 BOM.

    A UTF-8 byte order mark is legal at the start of a file (editors on Windows write one);
    it is dropped, so that every parser reads the same text.
    """
    if data.startswith(_UTF8_BOM):
        return data[len(_UTF8_BOM) :]
    for magic, message in _NOT_TEXT:
        if data.startswith(magic):
            hint = "convert it to UTF-8" if "UTF" in message else "decompress it first"
            raise InputError(message, source=source, hint=hint)
    return data


def _too_deep(source: Path | str, position: Position, what: str) -> NoReturn:
    raise InputError(
        f"{what} nested more than {MAX_NESTING_DEPTH} levels deep",
        source=source,
        position=position,
        hint="claimgraph.rdf.limits.MAX_NESTING_DEPTH",
    )


# --- RDF/XML ---------------------------------------------------------------------------------


class _XmlRefusedError(Exception):
    """Raised inside expat's handlers; carries the error to raise once expat has stopped."""

    def __init__(self, error: InputError) -> None:
        super().__init__(error.message)
        self.error = error


def check_rdfxml(data: bytes, source: Path | str) -> None:
    """Refuse RDF/XML that declares entities, names an external DTD, nests deeper than
    :data:`~claimgraph.rdf.limits.MAX_NESTING_DEPTH` elements or holds a text or attribute
    longer than :data:`~claimgraph.rdf.limits.MAX_TERM_BYTES`; report bad XML with a position.

    One pass of expat without building a tree: a declaration is refused when it is read,
    before anything is expanded, and the external DTD is never fetched.
    """
    parser = expat.ParserCreate()
    depth = 0
    text = 0

    def where() -> Position:
        return Position(parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)

    def refuse_entities(*_: Any) -> NoReturn:
        raise _XmlRefusedError(
            UnsafeInputError(
                "XML entity declarations and external entities are refused",
                source=source,
                hint="expand the entities yourself and remove the DOCTYPE",
            )
        )

    def doctype(_name: str, system_id: str | None, public_id: str | None, _internal: int) -> None:
        if system_id or public_id:
            raise _XmlRefusedError(
                UnsafeInputError(
                    f"the external DTD {system_id or public_id!r} is refused: claimgraph "
                    "works offline and reads no file it was not given",
                    source=source,
                    position=where(),
                    hint="remove the DOCTYPE",
                )
            )

    def too_long(what: str) -> NoReturn:
        raise _XmlRefusedError(
            InputError(
                f"{what} is longer than the limit of {MAX_TERM_BYTES >> 20} MiB",
                source=source,
                position=where(),
                hint="claimgraph.rdf.limits.MAX_TERM_BYTES",
            )
        )

    def start(_name: str, attributes: dict[str, str]) -> None:
        nonlocal depth, text
        depth += 1
        text = 0
        if depth > MAX_NESTING_DEPTH:
            raise _XmlRefusedError(
                InputError(
                    f"XML elements nested more than {MAX_NESTING_DEPTH} levels deep",
                    source=source,
                    position=where(),
                    hint="claimgraph.rdf.limits.MAX_NESTING_DEPTH",
                )
            )
        for value in attributes.values():
            if len(value) > MAX_TERM_BYTES // 4 and len(value.encode("utf-8")) > MAX_TERM_BYTES:
                too_long("an attribute value")

    def end(_name: str) -> None:
        nonlocal depth, text
        depth -= 1
        text = 0

    def characters(chunk: str) -> None:
        nonlocal text
        text += len(chunk.encode("utf-8"))
        if text > MAX_TERM_BYTES:
            too_long("a text")

    parser.EntityDeclHandler = refuse_entities
    parser.UnparsedEntityDeclHandler = refuse_entities
    parser.ExternalEntityRefHandler = refuse_entities
    parser.StartDoctypeDeclHandler = doctype
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    try:
        parser.Parse(data, True)
    except _XmlRefusedError as exc:
        raise exc.error from None
    except LookupError as exc:
        # expat asks Python's codecs for the encoding the XML declaration names.
        raise InputError(
            f"the XML declaration names an unknown encoding ({exc}); RDF/XML is read as UTF-8",
            source=source,
            position=Position(1, None),
        ) from None
    except expat.ExpatError as exc:
        reason = expat.ErrorString(exc.code) if exc.code is not None else str(exc)
        raise InputError(
            f"not well-formed XML: {reason}",
            source=source,
            position=Position(exc.lineno, exc.offset + 1),
        ) from None


# --- JSON-LD ---------------------------------------------------------------------------------

# Strings in the "unrolled loop" form (runs of plain characters, then one escape), which
# the regex engine matches in long steps rather than character by character.
_JSON_TOKEN = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)


def _check_depth(
    data: bytes, source: Path | str, tokens: re.Pattern[bytes], openers: bytes, what: str
) -> None:
    """Refuse ``data`` whose brackets (``openers`` and their closers, as ``tokens`` finds
    them outside strings and comments) nest deeper than :data:`MAX_NESTING_DEPTH`."""
    # Nesting is at most the number of openers in the file: only a file with more of them
    # than the limit is scanned.
    if sum(data.count(bytes([o])) for o in openers) <= MAX_NESTING_DEPTH:
        return
    opening = {bytes([o]) for o in openers}
    depth = 0
    for match in tokens.finditer(data):
        token = match[0]
        if token in opening:
            depth += 1
            if depth > MAX_NESTING_DEPTH:
                _too_deep(source, _position(data, match.start()), what)
        elif token in (b"]", b"}", b")"):
            depth = max(0, depth - 1)


def _check_json_depth(data: bytes, source: Path | str) -> None:
    # Nesting is at most the number of "[" and "{" of the file: only a file with more of
    # them than the limit is scanned (strings skipped, so brackets in text do not count).
    _check_depth(data, source, _JSON_TOKEN, b"[{", "JSON objects and arrays")


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # RFC 8259 leaves duplicate names to the reader, and readers differ (Python keeps the
    # last, others the first): a check and the parser could see two different documents.
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise _DuplicateKeyError(key)
        found[key] = value
    return found


def _contexts(node: Any) -> Iterator[Any]:
    """Every ``@context`` value anywhere in a JSON-LD document."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                yield value
            yield from _contexts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _contexts(item)


def _remote_context_iris(context: Any) -> Iterator[str]:
    if isinstance(context, str):
        yield context
    elif isinstance(context, list):
        for item in context:
            yield from _remote_context_iris(item)
    elif isinstance(context, dict) and isinstance(context.get("@import"), str):
        yield context["@import"]


def check_jsonld(data: bytes, source: Path | str) -> None:
    """Refuse JSON-LD whose contexts would have to be fetched, that nests deeper than
    :data:`~claimgraph.rdf.limits.MAX_NESTING_DEPTH` or repeats a key in an object; report bad
    JSON with a position."""
    _check_json_depth(data, source)
    try:
        document = json.loads(data, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"not valid JSON: {exc.msg}", source=source, position=Position(exc.lineno, exc.colno)
        ) from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8: {exc.reason}", source=source) from exc
    except _DuplicateKeyError as exc:
        raise InputError(
            f"the key {exc.key!r} occurs twice in one JSON object",
            source=source,
            hint="JSON readers differ on which one counts; keep one",
        ) from exc
    except RecursionError as exc:  # the depth check above should have caught it first
        raise InputError(
            f"JSON nested too deep (the limit is {MAX_NESTING_DEPTH} levels)", source=source
        ) from exc
    for context in _contexts(document):
        for iri in _remote_context_iris(context):
            raise UnsafeInputError(
                f"remote JSON-LD context {iri!r} is refused: claimgraph works offline",
                source=source,
                hint="inline the context in the document",
            )


# --- Turtle and TriG -------------------------------------------------------------------------

# What can hold a bracket that is not syntax: strings (four kinds), IRIs and comments (a
# "#" escaped in a prefixed name, ex:a\#b, starts none).
_TURTLE_TOKEN = re.compile(
    rb'"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""'
    rb"|'''[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*'''"
    rb'|"[^"\\\n\r]*(?:\\.[^"\\\n\r]*)*"'
    rb"|'[^'\\\n\r]*(?:\\.[^'\\\n\r]*)*'"
    rb"|<[^<>\"{}|^`\\\s]*>"
    rb"|(?<!\\)#[^\n\r]*"
    rb"|[\[\]()]",
    re.DOTALL,
)


def check_turtle_nesting(data: bytes, source: Path | str) -> None:
    """Refuse Turtle or TriG whose ``[ ]`` and ``( )`` nest deeper than
    :data:`~claimgraph.rdf.limits.MAX_NESTING_DEPTH`."""
    _check_depth(data, source, _TURTLE_TOKEN, b"[(", "blank nodes and collections")
