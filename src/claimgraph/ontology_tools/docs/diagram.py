"""The class-hierarchy picture of a page: Graphviz DOT drawn by ``dot``, or a plain SVG tree.

``dot`` is used when it is installed (``--diagram auto``) or asked for (``--diagram dot``);
the tree is drawn here, without Graphviz, with the same links and colours.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Sequence

from rdflib.term import Node

from claimgraph.graphviz import GraphvizUse, render_dot
from claimgraph.ontology_tools.docs.build import DocsBuilder

DOCS_USE = GraphvizUse(
    drawn="the class-hierarchy pictures are drawn by Graphviz",
    instead="use --diagram tree",
    smaller="use --diagram tree",
)
"""What ``ontology docs`` draws with Graphviz, for the messages when it cannot."""


def _dot_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def hierarchy_dot(
    builder: DocsBuilder, group: str, nodes: Sequence[Node], edges: Sequence[tuple[Node, Node]]
) -> str:
    """The class hierarchy as a Graphviz DOT graph (superclasses left, arrows to them).

    Classes of other vocabularies (the core's, on an extension's page) are dashed.
    """
    own = {t.iri for t in builder.own.get(group, [])}
    lines = [
        "digraph classes {",
        "  rankdir=LR;",
        '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=11];',
        # Drawn from superclass to subclass, so that roots stand on the left; the arrow
        # points at the superclass, as in UML.
        '  edge [dir=back, arrowtail=onormal, color="#555555"];',
    ]
    for node in nodes:
        link = builder.link(node, group)
        attributes = {
            "label": link.text,
            "tooltip": link.title or link.text,
            "fillcolor": "#e8f0fe" if node in own else "#f2f2f2",
        }
        if node not in own:
            attributes["style"] = "rounded,dashed,filled"
        if link.href:
            attributes["URL"] = link.href
        rendered = ", ".join(f"{k}={_dot_string(v)}" for k, v in sorted(attributes.items()))
        lines.append(f"  {_dot_string(str(node))} [{rendered}];")
    for child, parent in edges:
        lines.append(f"  {_dot_string(str(parent))} -> {_dot_string(str(child))};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def render_svg(dot: str) -> str:
    """SVG from Graphviz ``dot``: :class:`GraphvizMissingError` when it is not installed."""
    return render_dot(dot, "svg", DOCS_USE).decode("utf-8")


def render_tree(
    builder: DocsBuilder, group: str, nodes: Sequence[Node], edges: Sequence[tuple[Node, Node]]
) -> str:
    """The class hierarchy as an indented tree in SVG, drawn without Graphviz."""
    own = {t.iri for t in builder.own.get(group, [])}
    children: dict[Node, list[Node]] = defaultdict(list)
    has_parent: set[Node] = set()
    for child, parent in edges:
        children[parent].append(child)
        has_parent.add(child)
    rows: list[tuple[int, Node, int | None]] = []

    def visit(node: Node, depth: int, parent_row: int | None, path: tuple[Node, ...]) -> None:
        row = len(rows)
        rows.append((depth, node, parent_row))
        for child in sorted(children.get(node, []), key=lambda n: builder.q(n)):
            if child not in path:
                visit(child, depth + 1, row, (*path, child))

    for root in sorted((n for n in nodes if n not in has_parent), key=lambda n: builder.q(n)):
        visit(root, 0, None, (root,))
    step, indent, left, top = 22, 26, 10, 16
    width = max(
        (left + depth * indent + 12 + 8 * len(builder.q(node)) for depth, node, _ in rows),
        default=200,
    )
    height = top + step * len(rows) + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width + 20}" height="{height}" '
        f'viewBox="0 0 {width + 20} {height}" font-family="Helvetica, Arial, sans-serif" '
        'font-size="12">'
    ]
    for index, (depth, node, parent_row) in enumerate(rows):
        x = left + depth * indent
        y = top + index * step
        if parent_row is not None:
            px = left + (depth - 1) * indent + 4
            py = top + parent_row * step + 4
            parts.append(f'<path d="M{px},{py} V{y - 4} H{x - 2}" fill="none" stroke="#888888"/>')
        link = builder.link(node, group)
        colour = "#1a4fa0" if node in own else "#666666"
        text = (
            f'<text x="{x}" y="{y}" fill="{colour}"><title>{html.escape(link.title)}</title>'
            f"{html.escape(link.text)}</text>"
        )
        if link.href:
            text = f'<a href="{html.escape(link.href)}">{text}</a>'
        parts.append(text)
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
