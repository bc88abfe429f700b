"""GraphML for a view (yEd, Gephi, Cytoscape desktop), written by hand to stay byte-stable.

Every attribute is declared once with its type (``string``, or ``int`` for ``weight``);
values are the data's exact text, with only the characters XML 1.0 cannot hold replaced
(:func:`~claimgraph.rdf.text.exact_safe`). Nodes and edges are sorted; edges are numbered
in that order.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape, quoteattr

import networkx as nx

from claimgraph.export.views import EDGE_ATTRIBUTES, NODE_ATTRIBUTES
from claimgraph.rdf.text import exact_safe

_INT_ATTRIBUTES = {"weight"}


def _text(value: object) -> str:
    return escape(exact_safe(str(value)), {"\r": "&#13;"})


def _attr(value: object) -> str:
    return quoteattr(exact_safe(str(value)), {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def sorted_edges(graph: nx.MultiDiGraph) -> list[tuple[str, str, str, dict[str, object]]]:
    """The edges of ``graph`` in the order every writer uses."""
    return sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2])))


def to_graphml(graph: nx.MultiDiGraph) -> str:
    """The view ``graph`` as a GraphML document."""
    return graphml_bytes(graph).decode("utf-8")


def graphml_bytes(graph: nx.MultiDiGraph) -> bytes:
    """The view ``graph`` as a GraphML document, UTF-8 encoded.

    Written line by line into one buffer: a view of a large corpus is hundreds of MB, and a
    list of its lines, their join and its encoding would each hold all of it at once."""
    out = io.BytesIO()

    def add(line: str) -> None:
        out.write(line.encode("utf-8"))
        out.write(b"\n")

    for line in (
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns'
        ' http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
        '  <key id="g_view" for="graph" attr.name="view" attr.type="string"/>',
        '  <key id="g_title" for="graph" attr.name="title" attr.type="string"/>',
        '  <key id="g_filters" for="graph" attr.name="filters" attr.type="string"/>',
    ):
        add(line)
    for name in NODE_ATTRIBUTES:
        add(f'  <key id="n_{name}" for="node" attr.name="{name}" attr.type="string"/>')
    for name in EDGE_ATTRIBUTES:
        kind = "int" if name in _INT_ATTRIBUTES else "string"
        add(f'  <key id="e_{name}" for="edge" attr.name="{name}" attr.type="{kind}"/>')
    view = str(graph.graph.get("view", "view"))
    add(f'  <graph id={_attr(view)} edgedefault="directed">')
    for name in ("view", "title", "filters"):
        value = graph.graph.get(name, "")
        if value:
            add(f'    <data key="g_{name}">{_text(value)}</data>')
    for node, data in sorted(graph.nodes(data=True)):
        add(f"    <node id={_attr(node)}>")
        for name in NODE_ATTRIBUTES:
            if data.get(name, "") != "":
                add(f'      <data key="n_{name}">{_text(data[name])}</data>')
        add("    </node>")
    for number, (source, target, _key, data) in enumerate(sorted_edges(graph)):
        add(f'    <edge id="e{number}" source={_attr(source)} target={_attr(target)}>')
        for name in EDGE_ATTRIBUTES:
            if data.get(name, "") != "":
                add(f'      <data key="e_{name}">{_text(data[name])}</data>')
        add("    </edge>")
    add("  </graph>")
    add("</graphml>")
    return out.getvalue()
