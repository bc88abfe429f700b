"""Deterministic RDF output: the same quads always give the same bytes.

Quads are sorted (graph, subject, predicate, object) and written by Oxigraph's serializers
with claimgraph's prefixes, so results can be kept in git and diffed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pyoxigraph as ox

from claimgraph.errors import OutputError
from claimgraph.rdf.formats import RdfFormat
from claimgraph.rdf.namespace import PREFIXES

# A local name that Turtle and TriG can write without a backslash escape (PN_LOCAL, with
# percent escapes; \w stands for PN_CHARS_U, close enough for the IRIs claimgraph makes).
_PLAIN_LOCAL = re.compile(
    r"(?:(?:[\w:]|%[0-9A-Fa-f]{2})(?:(?:[\w\-.:\u00B7]|%[0-9A-Fa-f]{2})*(?:[\w\-:\u00B7]|%[0-9A-Fa-f]{2}))?)?"
)


def _escape_free_prefixes(quads: list[ox.Quad]) -> dict[str, str]:
    """claimgraph's prefixes, less those under which some IRI of ``quads`` would need a
    backslash escape (``graph:doc\\/x``): valid Turtle, but stores such as Virtuoso 7.2
    mis-read it, so such IRIs are written in full instead."""
    iris: set[str] = set()
    for quad in quads:
        for term in (quad.subject, quad.predicate, quad.object, quad.graph_name):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
            elif isinstance(term, ox.Literal):
                iris.add(term.datatype.value)
    kept = dict(PREFIXES)
    for prefix, namespace in PREFIXES.items():
        for iri in iris:
            if iri.startswith(namespace) and not _PLAIN_LOCAL.fullmatch(iri[len(namespace) :]):
                del kept[prefix]
                break
    return kept


def _key(quad: ox.Quad) -> tuple[str, str, str, str]:
    return (str(quad.graph_name), str(quad.subject), str(quad.predicate), str(quad.object))


def serialize_quads(quads: Iterable[ox.Quad], fmt: RdfFormat, graph: str | None = None) -> bytes:
    """Serialize ``quads`` in ``fmt``.

    A triples-only format needs ``graph`` (a graph IRI, or ``"default"``) when the quads
    span several graphs: named graphs are never flattened silently.
    """
    ordered = sorted(quads, key=_key)
    if graph is not None:
        wanted: ox.NamedNode | ox.DefaultGraph = (
            ox.DefaultGraph() if graph == "default" else ox.NamedNode(graph)
        )
        ordered = [q for q in ordered if q.graph_name == wanted]
    prefixes = _escape_free_prefixes(ordered)
    if not fmt.is_dataset:
        graphs = {str(q.graph_name) for q in ordered}
        if len(graphs) > 1 or (graph is None and graphs and graphs != {str(ox.DefaultGraph())}):
            raise OutputError(
                f"{fmt.name} holds one graph, and the data has {len(graphs)} named graph(s)",
                hint="write TriG or N-Quads, or choose one graph with --graph IRI",
            )
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in ordered]
        return _bytes(ox.serialize(triples, format=fmt.oxigraph, prefixes=prefixes))
    # A chosen graph stays a named graph in dataset formats: provenance survives.
    return _bytes(ox.serialize(ordered, format=fmt.oxigraph, prefixes=prefixes))


def _bytes(data: bytes | None) -> bytes:
    # Oxigraph returns the bytes when given no output stream, as here.
    assert data is not None
    return data
