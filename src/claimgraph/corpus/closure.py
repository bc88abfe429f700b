"""The super-term closure: extension terms also stated as the core terms they specialise."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox
from rdflib import RDF

from claimgraph.rdf.namespace import CG, ONTOLOGY_GRAPH
from claimgraph.rdf.terms import graph_term

_SUB_PROPERTY = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subPropertyOf")
_SUB_CLASS = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
_RDF_TYPE = ox.NamedNode(str(RDF.type))
_CORE = str(CG._NS)


def _core_supers(edges: dict[ox.NamedNode, set[ox.NamedNode]]) -> dict[ox.NamedNode, set[Any]]:
    """Each non-core term with the first core terms above it (through non-core terms only)."""
    result: dict[ox.NamedNode, set[Any]] = {}
    for term in edges:
        if term.value.startswith(_CORE):
            continue
        found: set[Any] = set()
        seen = {term}
        todo = [term]
        while todo:
            for parent in edges.get(todo.pop(), ()):
                if parent in seen:
                    continue
                seen.add(parent)
                if parent.value.startswith(_CORE):
                    # The core term, as if the data had been written with it; what lies
                    # above a core term is the core's business (no generic RDFS entailment).
                    found.add(parent)
                else:
                    todo.append(parent)
        if found:
            result[term] = found
    return result


def add_core_super_terms(store: ox.Store, graphs: Iterable[str] | None = None) -> int:
    """State every use of an extension's sub-property or sub-class with its core term too.

    For each triple (outside the ontology graph) whose predicate an ontology file declares
    a sub-property (perhaps through other extension properties) of a ``cg:`` property, the
    same triple with the ``cg:`` property is added to the same graph; likewise ``rdf:type``
    of a declared sub-class of a ``cg:`` class gets the ``cg:`` class. Queries and both
    validators then see extension data as the core terms it specialises. ``graphs``
    (:attr:`FileRecord.graphs` keys) limits this to those graphs. Returns how many quads
    were added (counting ones already stated).
    """
    ontology = ox.NamedNode(str(ONTOLOGY_GRAPH))
    hierarchy: dict[ox.NamedNode, dict[ox.NamedNode, set[ox.NamedNode]]] = {}
    for link in (_SUB_PROPERTY, _SUB_CLASS):
        edges: dict[ox.NamedNode, set[ox.NamedNode]] = defaultdict(set)
        for quad in store.quads_for_pattern(None, link, None, ontology):
            if isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.NamedNode):
                edges[quad.subject].add(quad.object)
        hierarchy[link] = edges
    properties = _core_supers(hierarchy[_SUB_PROPERTY])
    classes = _core_supers(hierarchy[_SUB_CLASS])
    if not properties and not classes:
        return 0
    wanted = None if graphs is None else {graph_term(g) for g in graphs}
    added: list[ox.Quad] = []

    def keep(quad: ox.Quad) -> bool:
        name = quad.graph_name
        return name != ontology and (wanted is None or name in wanted)

    for prop, supers in sorted(properties.items(), key=lambda item: item[0].value):
        for quad in store.quads_for_pattern(None, prop, None):
            if keep(quad):
                added.extend(
                    ox.Quad(quad.subject, core, quad.object, quad.graph_name) for core in supers
                )
    for cls, supers in sorted(classes.items(), key=lambda item: item[0].value):
        for quad in store.quads_for_pattern(None, _RDF_TYPE, cls):
            if keep(quad):
                added.extend(
                    ox.Quad(quad.subject, _RDF_TYPE, core, quad.graph_name) for core in supers
                )
    store.extend(added)
    return len(added)
