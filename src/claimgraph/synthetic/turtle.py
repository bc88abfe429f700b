"""The generated files' Turtle: literals, IRIs, prefixes, and a block of statements per subject.

Written by hand rather than through rdflib, for speed at millions of triples; every
literal is escaped, and each block counts its triples for the manifest.
"""

from __future__ import annotations

import re

from claimgraph.rdf.namespace import (
    ACT,
    ACTOR,
    ANCHOR,
    AUTHORITY,
    CITATION,
    CLAIM,
    DOC,
    EVENT,
    GRAPH,
    PLACE,
    POSITION,
    TOPIC,
)

CG_NAMESPACE = "https://w3id.org/claimgraph/ontology#"

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_ESCAPE_RE = re.compile(r'[\\"\n\r\t]')


def lit(text: str) -> str:
    """``text`` as a Turtle string literal, escaped."""
    return '"' + _ESCAPE_RE.sub(lambda m: _ESCAPES[m[0]], text) + '"'


def typed(text: str, datatype: str) -> str:
    """``text`` as a literal of the XSD ``datatype`` (``date``, ``integer`` ...)."""
    return f"{lit(text)}^^xsd:{datatype}"


def iriref(iri: str) -> str:
    """``iri`` as a Turtle IRIREF: ``<iri>``."""
    return f"<{iri}>"


PREFIXES = (
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
    "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
    f"@prefix cg: <{CG_NAMESPACE}> .\n"
    f"@prefix actor: <{ACTOR}> .\n"
    f"@prefix position: <{POSITION}> .\n"
    f"@prefix doc: <{DOC}> .\n"
    f"@prefix claim: <{CLAIM}> .\n"
    f"@prefix anchor: <{ANCHOR}> .\n"
    f"@prefix citation: <{CITATION}> .\n"
    f"@prefix authority: <{AUTHORITY}> .\n"
    f"@prefix act: <{ACT}> .\n"
    f"@prefix event: <{EVENT}> .\n"
    f"@prefix place: <{PLACE}> .\n"
    f"@prefix topic: <{TOPIC}> .\n"
    f"@prefix graph: <{GRAPH}> .\n"
)


class Block:
    """Statements about one subject, written as a Turtle block; counts its triples."""

    def __init__(self, subject: str) -> None:
        self.subject = subject
        self.lines: list[tuple[str, list[str]]] = []

    def add(self, predicate: str, *objects: str) -> Block:
        if objects:
            self.lines.append((predicate, list(objects)))
        return self

    def drop(self, predicate: str) -> None:
        self.lines = [(p, o) for p, o in self.lines if p != predicate]

    def replace(self, predicate: str, *objects: str) -> None:
        self.drop(predicate)
        self.add(predicate, *objects)

    def objects(self, predicate: str) -> list[str]:
        return [o for p, objs in self.lines if p == predicate for o in objs]

    @property
    def triples(self) -> int:
        return sum(len(objs) for _, objs in self.lines)

    def render(self) -> str:
        parts = [f"{p} {' , '.join(objs)}" for p, objs in self.lines]
        return f"    {self.subject} " + " ;\n        ".join(parts) + " .\n"
