"""The visual grammar shared by every picture: shapes, edge colours, actor colours.

* Claims are rounded boxes, rebuttals hexagons, cited authorities grey boxes with a double
  border, actors (in the networks) ellipses.
* Attack edges are red, support edges green, citation edges dashed, "same proposition"
  links dotted grey.
* Each actor has one fill colour in every view and every run: the SHA-256 of its IRI picks
  one of a fixed palette of ten. Fills are light, so that black text stays readable and no fill
  is mistaken for the red and green of the edges. Colours tell actors apart; they say
  nothing about them.
"""

from __future__ import annotations

from dataclasses import dataclass

from claimgraph.facts.attributes import ACTOR_PALETTE as ACTOR_PALETTE
from claimgraph.facts.attributes import NO_ACTOR_COLOUR as NO_ACTOR_COLOUR
from claimgraph.facts.attributes import actor_colour as actor_colour

AUTHORITY_COLOUR = "#eeeeee"


@dataclass(frozen=True)
class NodeStyle:
    """How one kind of node looks in Graphviz and in Cytoscape.js."""

    kind: str
    legend: str
    dot_shape: str
    dot_style: str
    cy_shape: str
    peripheries: int = 1


@dataclass(frozen=True)
class EdgeStyle:
    """How one kind of edge looks in Graphviz and in Cytoscape.js."""

    kind: str
    legend: str
    colour: str
    line: str  # solid, dashed or dotted (the same words in DOT and Cytoscape.js)
    arrow: bool = True


NODE_STYLES: dict[str, NodeStyle] = {
    s.kind: s
    for s in (
        NodeStyle("claim", "claim (fill: claimant)", "box", "rounded,filled", "round-rectangle"),
        NodeStyle("rebuttal", "rebuttal (fill: claimant)", "hexagon", "filled", "hexagon"),
        NodeStyle("authority", "cited authority", "box", "filled", "rectangle", peripheries=2),
        NodeStyle("actor", "actor", "ellipse", "filled", "ellipse"),
    )
}

EDGE_STYLES: dict[str, EdgeStyle] = {
    s.kind: s
    for s in (
        EdgeStyle("attacks", "attacks", "#d62728", "solid"),
        EdgeStyle("supports", "supports", "#2ca02c", "solid"),
        EdgeStyle("cites", "cites", "#555555", "dashed"),
        EdgeStyle("same-proposition", "same proposition", "#7f7f7f", "dotted", arrow=False),
        EdgeStyle("rebuts", "rebuts", "#d62728", "solid"),
    )
}

WRAP_WIDTH = 30
"""Characters per line of a node's label."""
WRAP_LINES = 4
"""Lines of label text before it is shortened (the full text is in a tooltip or panel)."""


def edge_width(weight: int) -> float:
    """Line width for an edge standing for ``weight`` links: grows with it, capped at 6."""
    return min(0.75 + 0.75 * weight, 6.0)


def label_box(lines: list[str]) -> tuple[int, int]:
    """Width and height in pixels of a node holding ``lines`` in the map's 11px font."""
    longest = max((len(line) for line in lines), default=1)
    return 24 + round(longest * 6.4), 18 + 14 * len(lines)
