"""Refusals that keep claimgraph offline and bounded.

Input may ask for things claimgraph will not do unless the user opts in: fetch a remote
JSON-LD context, expand XML entities ("billion laughs") or read external ones. These checks
run before any parser sees the bytes, so a refused file is never half-read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError as XmlParseError
from defusedxml.ElementTree import fromstring as safe_xml_fromstring

from .errors import InputError, Position, UnsafeInputError


def check_rdfxml(data: bytes, source: Path | str) -> None:
    """Refuse RDF/XML that declares entities or reads external ones."""
    try:
        safe_xml_fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise UnsafeInputError(
            f"XML entity declarations and external entities are refused ({type(exc).__name__})",
            source=source,
            hint="expand the entities yourself and remove the DOCTYPE",
        ) from exc
    except XmlParseError as exc:
        line, column = exc.position
        # expat's message repeats the position ("mismatched tag: line 4, column 18").
        reason = str(exc).split(":", 1)[0]
        raise InputError(
            f"not well-formed XML: {reason}", source=source, position=Position(line, column + 1)
        ) from exc


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
    """Refuse JSON-LD whose contexts would have to be fetched; report bad JSON with a position."""
    try:
        document = json.loads(data)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"not valid JSON: {exc.msg}", source=source, position=Position(exc.lineno, exc.colno)
        ) from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8: {exc.reason}", source=source) from exc
    for context in _contexts(document):
        for iri in _remote_context_iris(context):
            raise UnsafeInputError(
                f"remote JSON-LD context {iri!r} is refused: claimgraph works offline",
                source=source,
                hint="inline the context in the document",
            )
