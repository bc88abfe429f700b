"""Checks on single values that must agree with pySHACL to the letter, made in Python.

Some SHACL constraints depend on details where SPARQL and pySHACL part ways: whether a
literal is well-formed for its datatype (rdflib's parsers decide for pySHACL), what a regular
expression matches (Python's ``re``), how two literals compare (rdflib's ordering). The fast
engine asks Oxigraph for the distinct values a constraint can meet, decides each here with
the same code pySHACL relies on, and gives the query the list of values that fail.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import rdflib
from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.term import Node

_FORCE_COMPARE_LITERAL_VALUE = (datetime, time)


def datatype_matches(value: Node, datatype: URIRef) -> bool:
    """Whether ``value`` matches ``sh:datatype datatype``, as pySHACL decides."""
    if not isinstance(value, Literal):
        return False
    if value.datatype == datatype:
        if getattr(value, "ill_typed", None) is True:
            return False
        return _actual_datatype(value, datatype)
    if datatype == RDFS.Literal:
        return True
    if datatype == RDFS.Datatype and value.datatype:
        return True
    if value.datatype is None and value.language is None and datatype == XSD.string:
        return _actual_datatype(value, datatype)
    if datatype == RDF.langString and value.language:
        return _actual_datatype(value, datatype)
    return False


def _actual_datatype(value: Literal, datatype: URIRef) -> bool:
    python = value.value
    checks: dict[URIRef, Any] = {
        XSD.string: (str, bytes),
        RDF.langString: (str, bytes),
        XSD.integer: int,
        XSD.float: float,
        XSD.decimal: Decimal,
        XSD.boolean: bool,
        XSD.date: date,
        XSD.time: time,
        XSD.dateTime: datetime,
    }
    wanted = checks.get(datatype)
    return True if wanted is None else isinstance(python, wanted)


def value_string(value: Node) -> str:
    """A value as pySHACL's string-based constraints read it."""
    if isinstance(value, Literal):
        if value.value is not None and value.datatype in (None, RDF.langString, XSD.string):
            return str(value.value)
        return str(value)
    return str(value)


def compile_pattern(pattern: Literal, flags: str) -> re.Pattern[str]:
    """The regular expression of ``sh:pattern`` with ``sh:flags``, as pySHACL compiles it."""
    re_flags = 0
    flags = flags.lower()
    if flags:
        if "i" in flags:
            re_flags |= re.IGNORECASE
        if "m" in flags:
            re_flags |= re.MULTILINE
    text = (
        str(pattern.value) if pattern.value is not None and len(pattern.value) > 1 else str(pattern)
    )
    return re.compile(text, re_flags)


def pattern_matches(value: Node, matcher: re.Pattern[str]) -> bool:
    """Whether ``value`` matches ``sh:pattern`` (blank nodes never do)."""
    if isinstance(value, rdflib.BNode):
        return False
    text = value_string(value)
    return bool(matcher.match(text) or matcher.search(text))


def _compare_literal(left: Literal, right: Literal) -> int:
    if left.eq(right):
        return 0
    if isinstance(left.value, _FORCE_COMPARE_LITERAL_VALUE):
        if left.value == right.value:
            return 0
        if left.value > right.value:
            return 1
    elif left > right:
        return 1
    return -1


def range_holds(value: Node, bound: Literal, kind: str) -> bool:
    """Whether ``value`` satisfies ``sh:<kind> bound`` (kind: minInclusive ...), as pySHACL."""
    if not isinstance(value, Literal):
        return False
    bound_is_string = isinstance(bound.value, str)
    value_is_string = isinstance(value.value, str)
    if bound_is_string != value_is_string:
        return False
    try:
        cmp = _compare_literal(value, bound)
    except (TypeError, NotImplementedError):
        return False
    return {
        "minInclusive": cmp >= 0,
        "minExclusive": cmp > 0,
        "maxInclusive": cmp <= 0,
        "maxExclusive": cmp < 0,
    }[kind]
