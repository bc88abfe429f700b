"""Graphviz DOT for a view, with a legend; Graphviz renders it to SVG and PNG.

Every identifier and string is quoted. Text from the data goes in as its display copy
(:func:`~claimgraph.rdf.text.display_safe`), with ``\\`` and ``"`` escaped and ``&``
written as ``&amp;`` (Graphviz reads entities in labels, so a literal ``&lt;`` in a source
must stay four characters). The legend is an HTML-like label, whose text is XML-escaped.
"""

from __future__ import annotations

from xml.sax.saxutils import escape as xml_escape

import networkx as nx

from claimgraph.export.style import EDGE_STYLES, NODE_STYLES, edge_width
from claimgraph.rdf.text import display_safe, shorten

FONT = "Helvetica"


def dot_string(text: str) -> str:
    """``text`` as a quoted DOT string; newlines become Graphviz's centred line breaks."""
    lines = [display_safe(line) for line in text.split("\n")]
    escaped = [
        line.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;") for line in lines
    ]
    return '"' + "\\n".join(escaped) + '"'


def _html_text(text: str) -> str:
    return xml_escape(display_safe(text), {'"': "&quot;"})


def _attributes(pairs: dict[str, str]) -> str:
    return "[" + ", ".join(f"{k}={v}" for k, v in pairs.items()) + "]"


def _node_line(node: str, data: dict[str, object]) -> str:
    kind = str(data["kind"])
    style = NODE_STYLES[kind]
    colours = [str(c) for c in data["_colours"]]  # type: ignore[attr-defined]
    fill_style = style.dot_style
    fill = ":".join(colours)
    if len(colours) > 1 and style.dot_shape == "box":
        # Several claimants: one stripe each.
        fill_style += ",striped"
    elif len(colours) > 1:
        # Graphviz wedges only ellipses: a wedged hexagon is drawn as an ellipse and loses
        # the shape that says "rebuttal". A two-colour gradient keeps the shape; the
        # tooltip and the legend name every claimant.
        fill = f"{colours[0]}:{colours[1]}"
    pairs = {
        "shape": style.dot_shape,
        "style": dot_string(fill_style),
        "fillcolor": dot_string(fill),
        "label": dot_string("\n".join(data["_display"])),  # type: ignore[arg-type]
        "tooltip": dot_string(str(data["_tooltip"])),
        "class": dot_string(kind),
    }
    if style.peripheries > 1:
        pairs["peripheries"] = str(style.peripheries)
    return f"  {dot_string(node)} {_attributes(pairs)};"


def _edge_line(source: str, target: str, data: dict[str, object]) -> str:
    kind = str(data["kind"])
    style = EDGE_STYLES[kind]
    label = str(data.get("label", ""))
    weight = int(data.get("weight", 1))  # type: ignore[call-overload]
    tooltip = str(data.get("_tooltip", kind))
    pairs = {
        "color": dot_string(style.colour),
        "style": style.line,
        "penwidth": f"{edge_width(weight):.2f}",
        "label": dot_string(shorten(label, 40)),
        "tooltip": dot_string(tooltip),
        "class": dot_string(kind),
    }
    if not style.arrow:
        pairs["dir"] = "none"
    return f"  {dot_string(source)} -> {dot_string(target)} {_attributes(pairs)};"


def _legend(graph: nx.MultiDiGraph) -> list[str]:
    node_kinds = sorted(
        {str(d["kind"]) for _, d in graph.nodes(data=True)}, key=list(NODE_STYLES).index
    )
    edge_kinds = sorted(
        {str(d["kind"]) for _, _, d in graph.edges(data=True)}, key=list(EDGE_STYLES).index
    )
    actors: dict[str, str] = {}
    for _, data in graph.nodes(data=True):
        if data["kind"] == "actor":
            actors[str(data["label"])] = str(data["colour"])
        elif data["kind"] in ("claim", "rebuttal"):
            names = str(data.get("claimant", "")).split("; ")
            for name, colour in zip(names, data["_colours"], strict=False):
                if name:
                    actors[name] = str(colour)
    rows = ['<TR><TD COLSPAN="2"><B>Legend</B></TD></TR>']
    for kind in node_kinds:
        node_style = NODE_STYLES[kind]
        rows.append(
            f"<TR><TD>{_html_text(node_style.dot_shape if kind != 'claim' else 'rounded box')}"
            f"{' (double border)' if node_style.peripheries > 1 else ''}</TD>"
            f"<TD>{_html_text(node_style.legend)}</TD></TR>"
        )
    for kind in edge_kinds:
        edge_style = EDGE_STYLES[kind]
        line = {"solid": "&#8212;&#8212;", "dashed": "- - -", "dotted": "&#183; &#183; &#183;"}
        arrow = "&gt;" if edge_style.arrow else ""
        rows.append(
            f'<TR><TD><FONT COLOR="{edge_style.colour}">{line[edge_style.line]}{arrow}</FONT></TD>'
            f"<TD>{_html_text(edge_style.legend)}"
            f"{' (width: how many)' if graph.graph.get('view') != 'argument-map' else ''}"
            "</TD></TR>"
        )
    for name in sorted(actors, key=str.casefold):
        rows.append(
            f'<TR><TD BGCOLOR="{actors[name]}"> </TD><TD>{_html_text(shorten(name, 50))}</TD></TR>'
        )
    table = (
        '<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4">'
        + "".join(rows)
        + "</TABLE>"
    )
    return [
        "  subgraph cluster_legend {",
        '    graph [label="", style="rounded", color="#999999"];',
        f'    "legend" [shape=plaintext, style="", label=<{table}>, tooltip="legend"];',
        "  }",
    ]


def to_dot(graph: nx.MultiDiGraph) -> str:
    """The view ``graph`` (from :func:`~claimgraph.export.views.apply_filters`) as DOT."""
    title = str(graph.graph.get("title", ""))
    filters = str(graph.graph.get("filters", ""))
    heading = title + (f"\n({filters})" if filters else "")
    name = str(graph.graph.get("view", "view"))
    lines = [
        f"// claimgraph export {display_safe(name)}",
        f"digraph {dot_string(name)} {{",
        f"  graph [rankdir=LR, fontname={dot_string(FONT)}, fontsize=14, labelloc=t, "
        f"label={dot_string(heading)}, nodesep=0.25, ranksep=0.6, tooltip={dot_string(title)}];",
        f'  node [fontname={dot_string(FONT)}, fontsize=10, margin="0.12,0.06"];',
        f"  edge [fontname={dot_string(FONT)}, fontsize=8, arrowsize=0.7];",
    ]
    for node, data in sorted(graph.nodes(data=True)):
        lines.append(_node_line(node, data))
    for source, target, _key, data in sorted(
        graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])
    ):
        lines.append(_edge_line(source, target, data))
    if graph.number_of_nodes():
        lines.extend(_legend(graph))
    lines.append("}")
    return "\n".join(lines) + "\n"
