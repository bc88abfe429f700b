"""GEXF 1.2 for a view (Gephi), written by hand: byte-stable, with no modification date.

networkx's writer stamps ``<meta lastmodifieddate>`` with today's date; this one writes no
date at all (the attribute is optional), so the same graph gives the same bytes. Node and
edge labels use GEXF's own ``label``, edge weights its own ``weight``; the other attributes
are declared with their types; actors' fills go in ``viz:color`` so Gephi shows them.
"""

from __future__ import annotations

import networkx as nx

from claimgraph import __version__
from claimgraph.export.graphml import _attr, sorted_edges
from claimgraph.export.views import EDGE_ATTRIBUTES, NODE_ATTRIBUTES

_NATIVE = {"label", "weight"}


def _rgb(colour: str) -> str:
    value = colour.lstrip("#")
    if len(value) != 6:
        value = "ffffff"
    r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return f'r="{r}" g="{g}" b="{b}"'


def _attvalues(data: dict[str, object], names: tuple[str, ...], indent: str) -> list[str]:
    values = [
        f"{indent}  <attvalue for={_attr(name)} value={_attr(data[name])}/>"
        for name in names
        if name not in _NATIVE and data.get(name, "") != ""
    ]
    return [f"{indent}<attvalues>", *values, f"{indent}</attvalues>"] if values else []


def to_gexf(graph: nx.MultiDiGraph) -> str:
    """The view ``graph`` as a GEXF 1.2 document."""
    title = str(graph.graph.get("title", ""))
    filters = str(graph.graph.get("filters", ""))
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<gexf xmlns="http://www.gexf.net/1.2draft"'
        ' xmlns:viz="http://www.gexf.net/1.2draft/viz"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        ' xsi:schemaLocation="http://www.gexf.net/1.2draft'
        ' http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">',
        "  <meta>",
        f"    <creator>claimgraph {__version__}</creator>",
        f"    <description>{_attr(title + (f' ({filters})' if filters else ''))[1:-1]}"
        "</description>",
        "  </meta>",
        '  <graph mode="static" defaultedgetype="directed">',
        '    <attributes class="node" mode="static">',
    ]
    for name in NODE_ATTRIBUTES:
        if name not in _NATIVE:
            lines.append(f'      <attribute id="{name}" title="{name}" type="string"/>')
    lines.extend(["    </attributes>", '    <attributes class="edge" mode="static">'])
    for name in EDGE_ATTRIBUTES:
        if name not in _NATIVE:
            lines.append(f'      <attribute id="{name}" title="{name}" type="string"/>')
    lines.extend(["    </attributes>", "    <nodes>"])
    for node, data in sorted(graph.nodes(data=True)):
        lines.append(f"      <node id={_attr(node)} label={_attr(data.get('label', node))}>")
        lines.extend(_attvalues(data, NODE_ATTRIBUTES, "        "))
        lines.append(f"        <viz:color {_rgb(str(data.get('colour', '#ffffff')))}/>")
        lines.append("      </node>")
    lines.extend(["    </nodes>", "    <edges>"])
    for number, (source, target, _key, data) in enumerate(sorted_edges(graph)):
        lines.append(
            f'      <edge id="e{number}" source={_attr(source)} target={_attr(target)}'
            f' label={_attr(data.get("label", ""))} weight="{int(data.get("weight", 1))}">'  # type: ignore[call-overload]
        )
        lines.extend(_attvalues(data, EDGE_ATTRIBUTES, "        "))
        lines.append("      </edge>")
    lines.extend(["    </edges>", "  </graph>", "</gexf>"])
    return "\n".join(lines) + "\n"
