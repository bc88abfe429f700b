"""RDF terms: between rdflib and Oxigraph, as N-Triples text and back, and graph names.

Terms kept as text (the persistent store's manifest, cached validation results, the fast
validator's lists of values) are written by :func:`term_text` and read by
:func:`parse_term`, both Oxigraph's own N-Triples writer and parser: escapes, language tags
and datatypes come back as they went, and no term is ever parsed by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from claimgraph.errors import UnsupportedError

DEFAULT_GRAPH = ""
"""How :attr:`claimgraph.corpus.parsing.FileRecord.graphs` names the default graph."""

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Node:
    """An Oxigraph term as the equal rdflib term.

    Simple literals come back without a datatype, as rdflib writes them, so that
    ``"x"`` and ``"x"^^xsd:string`` (one term in RDF 1.1) stay one term in rdflib too.
    """
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise UnsupportedError("RDF-star quoted triples are not supported")


def to_oxigraph(term: Node) -> Any:
    """An rdflib term as the equal Oxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise UnsupportedError(f"cannot convert {term!r} to an Oxigraph term")


def graph_key(name: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> str:
    """A graph name as :attr:`~claimgraph.corpus.parsing.FileRecord.graphs` writes it (IRI,
    ``_:label`` or ``""``)."""
    if isinstance(name, ox.DefaultGraph):
        return DEFAULT_GRAPH
    if isinstance(name, ox.BlankNode):
        return f"_:{name.value}"
    return name.value


def graph_term(key: str) -> ox.NamedNode | ox.BlankNode | ox.DefaultGraph:
    """The graph name written as ``key`` by :func:`graph_key`."""
    if key == DEFAULT_GRAPH:
        return ox.DefaultGraph()
    if key.startswith("_:"):
        return ox.BlankNode(key[2:])
    return ox.NamedNode(key)


# --- Terms as N-Triples text ---------------------------------------------------------------

OxigraphTerm = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
"""A term as Oxigraph's parsers give it."""


def term_text(term: Node | ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    """``term`` (rdflib's or Oxigraph's) written as N-Triples writes it, as Oxigraph does.

    ``<iri>``, ``_:label``, ``"text"``, ``"text"@lang`` or ``"text"^^<datatype>``, with the
    escapes N-Triples needs; :func:`parse_term` reads it back as the same term.
    """
    if isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal):
        return str(term)
    return str(to_oxigraph(term))


def parse_terms(texts: Iterable[str]) -> list[OxigraphTerm]:
    """The terms written in N-Triples as ``texts`` (see :func:`term_text`), in their order.

    Oxigraph has no parser of a lone term: each text is parsed, all at once, as the object
    of a one-triple N-Triples line. Raises :class:`SyntaxError`, as Oxigraph's parsers do,
    for a text that is not exactly one term.
    """
    texts = list(texts)
    for text in texts:
        # N-Triples allows one triple per line: a line break could hide a second one.
        if "\n" in text or "\r" in text:
            raise SyntaxError(f"an N-Triples term holds a line break: {text[:200]!r}")
    data = "\n".join(f"<urn:s> <urn:p> {text} ." for text in texts)
    terms = [quad.object for quad in ox.parse(data.encode("utf-8"), ox.RdfFormat.N_TRIPLES)]
    if len(terms) != len(texts):
        raise SyntaxError(f"{len(texts)} N-Triples terms were expected, {len(terms)} found")
    return terms


def parse_term(text: str) -> OxigraphTerm:
    """The one term written in N-Triples as ``text`` (Oxigraph's term); see :func:`parse_terms`."""
    return parse_terms([text])[0]


def parse_node(text: str) -> Node:
    """The one term written in N-Triples as ``text``, as rdflib's term (:func:`to_rdflib`)."""
    return to_rdflib(parse_term(text))
