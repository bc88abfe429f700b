"""Whether validating over the store's full ontology graph equals pySHACL's view of it.

pySHACL, given the ontology as ``ont_graph``, does not add all of it to the data: it
"inoculates" the data with the ontology's class and property axioms, its named individuals
and the triples pointing at them. The fast engine reads the store, where the whole
ontology graph sits in the union. The two give the same results when every triple the
checks can read is in both or in neither: this module compares, predicate by predicate
(for the predicates the checks read), the ontology with pySHACL's inoculated copy of it.
"""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox
from pyshacl.rdfutil.inoculate import inoculate
from rdflib import RDF, RDFS, BNode, Graph
from rdflib.term import Node

from claimgraph.rdf.namespace import ONTOLOGY_GRAPH
from claimgraph.rdf.terms import to_rdflib
from claimgraph.validate.shacl.errors import UnsupportedShapesError


def ontology_graph(store: ox.Store) -> Graph:
    """The ontology graph of the store, as rdflib triples."""
    graph = Graph()
    for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(str(ONTOLOGY_GRAPH))):
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph


def _key(node: Node) -> str:
    return "_:" if isinstance(node, BNode) else node.n3()


def _profile(graph: Graph) -> dict[str, Counter[tuple[str, str]]]:
    by_predicate: dict[str, Counter[tuple[str, str]]] = {}
    for s, p, o in graph:
        by_predicate.setdefault(str(p), Counter())[(_key(s), _key(o))] += 1
    return by_predicate


def check_ontology_view(
    store: ox.Store, predicates: set[str] | None, classes: set[str], typed_by_sparql: bool
) -> None:
    """Raise :class:`UnsupportedShapesError` if the checks could tell the two views apart.

    ``predicates`` are the IRIs the checks read (None: any); ``classes`` are the classes
    (SPARQL terms) whose instances they look at through ``rdf:type``; ``typed_by_sparql``
    says whether a SHACL-SPARQL constraint reads ``rdf:type`` or ``rdfs:subClassOf`` itself.
    """
    full = ontology_graph(store)
    if not len(full):
        return
    inoculated = inoculate(Graph(), full)  # type: ignore[arg-type]
    before, after = _profile(full), _profile(inoculated)
    wanted = set(before) | set(after) if predicates is None else set(predicates)
    rdf_type, subclass = str(RDF.type), str(RDFS.subClassOf)
    for predicate in sorted(wanted):
        left = before.get(predicate, Counter())
        right = after.get(predicate, Counter())
        if predicate == rdf_type and not typed_by_sparql and predicates is not None:
            # Read only as "is this node an instance of one of these classes".
            left = Counter({k: v for k, v in left.items() if k[1] in classes})
            right = Counter({k: v for k, v in right.items() if k[1] in classes})
            if any(k[0] == "_:" for k in left) or any(k[0] == "_:" for k in right):
                raise UnsupportedShapesError(
                    "the ontology has blank nodes typed with a class the shapes target"
                )
        elif predicate == subclass and not typed_by_sparql and predicates is not None:
            # Read only to find the subclasses of named classes.
            left = Counter({k: v for k, v in left.items() if "_:" not in k})
            right = Counter({k: v for k, v in right.items() if "_:" not in k})
        elif any("_:" in k for k in left) or any("_:" in k for k in right):
            raise UnsupportedShapesError(
                f"the checks read <{predicate}> on blank nodes of the ontology, which "
                "pySHACL copies under new names"
            )
        if left != right:
            raise UnsupportedShapesError(
                f"the checks read <{predicate}>, which pySHACL's view of the ontology holds "
                "differently from the ontology graph"
            )
