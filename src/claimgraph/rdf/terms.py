"""RDF terms between rdflib and Oxigraph, and graph names as text."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from claimgraph.errors import UnsupportedError

DEFAULT_GRAPH = ""
"""How :attr:`FileRecord.graphs` names the default graph."""

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
    """A graph name as :attr:`FileRecord.graphs` writes it (IRI, ``_:label`` or ``""``)."""
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
