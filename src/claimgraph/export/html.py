"""One self-contained HTML file: the view's records, Cytoscape.js and the map's script.

It works offline and asks for nothing: Cytoscape.js is embedded (``vendor/``, with its
licence), and a Content-Security-Policy allows no request at all and only the page's own
scripts, by hash. Text from the data sits in a ``<script type="application/json">`` block
with ``<``, ``>`` and ``&`` escaped, so it can never close the block, and the map's script
only ever shows it as text.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from importlib import resources
from typing import Any

import networkx as nx

from claimgraph import __version__
from claimgraph.errors import OutputError
from claimgraph.export.cyjs import json_text
from claimgraph.export.style import AUTHORITY_COLOUR, EDGE_STYLES, NODE_STYLES, label_box
from claimgraph.export.views import NodeRecord, ViewData, ViewFilter
from claimgraph.facts.model import Facts

_PLACEHOLDER = re.compile(r"\{\{([A-Z]+)\}\}")
_EDGE_WORDS = {
    "attacks": "attacks",
    "attacks (from)": "attacked by",
    "supports": "supports",
    "supports (from)": "supported by",
    "cites": "cites",
    "cites (from)": "cited by",
    "same-proposition": "same proposition as",
    "same-proposition (from)": "same proposition as",
    "rebuts": "rebuts",
    "rebuts (from)": "rebutted by",
}


def _resource(*parts: str) -> str:
    return resources.files("claimgraph.export").joinpath(*parts).read_text(encoding="utf-8")


def _script_safe(text: str, what: str) -> str:
    # Inline <script> content ends at the first "</script"; "<!--" changes how it is parsed.
    lowered = text.lower()
    if "</script" in lowered or "<!--" in lowered:
        raise OutputError(f"{what} cannot be embedded in a <script> element")
    return text


def _json_for_html(document: Any) -> str:
    text = json_text(document, indent=None)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _facets(facets: Any) -> dict[str, list[str]]:
    return {
        "documents": sorted(facets.documents),
        "actors": sorted(facets.actors),
        "topics": sorted(facets.topics),
        "claims": sorted(facets.claims),
    }


def _group(node: NodeRecord, facts: Facts, by: str) -> str | None:
    """The box a claim is drawn in: its document, or (``by`` "side") its first claimant's
    side; None for what belongs to no one document or side (authorities, actors)."""
    claim = facts.claims.get(node.id)
    if claim is None:
        return None
    if by == "side":
        # group_by_side has already replaced the claimants by their sides.
        return min(claim.claimants, default=None)
    documents = sorted(a.document for a in claim.anchors) or sorted(node.facets.documents)
    return documents[0] if documents else None


def _node(node: NodeRecord, facts: Facts, by: str = "actor") -> dict[str, Any]:
    width, height = label_box(list(node.display))
    item: dict[str, Any] = {
        "id": node.id,
        "kind": node.kind,
        "primary": node.primary,
        "facets": _facets(node.facets),
        "attrs": {k: v for k, v in node.attrs.items() if v},
        "colours": list(node.colours),
        "display": "\n".join(node.display),
        "w": width,
        "h": height,
        "tooltip": node.tooltip,
        "group": _group(node, facts, by),
    }
    claim = facts.claims.get(node.id)
    if claim is not None:
        item["sources"] = [
            {"document": a.document, "start": a.start, "end": a.end} for a in claim.anchors
        ]
        item["legendActors"] = [
            [actor, facts.label(actor), colour]
            for actor, colour in zip(claim.claimants, node.colours, strict=False)
        ]
    elif node.kind == "actor":
        item["legendActors"] = [[node.id, node.attrs["label"], node.colours[0]]]
    return item


def map_document(
    data: ViewData,
    facts: Facts,
    filters: ViewFilter,
    graph: nx.MultiDiGraph,
    by: str = "actor",
) -> dict[str, Any]:
    """What the map's script reads: the records, the options, the initial filters, styles.

    Claims carry the group they are drawn in (their document, or their side with ``by``
    "side"), so that a map of several documents opens as one box per group."""
    labels = dict(facts.labels)
    labels.update({node.id: node.attrs["label"] for node in data.nodes.values()})
    nodes = [_node(data.nodes[k], facts, by) for k in sorted(data.nodes)]
    for item in nodes:
        if item["group"] is not None:
            labels.setdefault(item["group"], facts.label(item["group"]))
    return {
        "view": data.view,
        "groupBy": "side" if by == "side" else "document",
        "title": data.title,
        "subtitle": str(graph.graph.get("filters", "")),
        "unit": list(data.unit) if data.unit else None,
        "nodes": nodes,
        "edges": [
            {
                "source": e.source,
                "target": e.target,
                "kind": e.kind,
                "key": e.key,
                "facets": _facets(e.facets),
                "label": e.label,
                "attrs": {k: v for k, v in e.attrs.items() if v},
            }
            for e in data.edges
        ],
        "options": {k: [list(p) for p in v] for k, v in data.options.items()},
        "labels": labels,
        "initial": {
            "documents": list(filters.documents),
            "actors": list(filters.actors),
            "topics": list(filters.topics),
            "focus": filters.focus,
            "depth": filters.depth,
        },
        "styles": {
            "nodes": {k: {"shape": s.cy_shape, "legend": s.legend} for k, s in NODE_STYLES.items()},
            "edges": {
                k: {"colour": s.colour, "line": s.line, "arrow": s.arrow, "legend": s.legend}
                for k, s in EDGE_STYLES.items()
            },
            "nodeOrder": list(NODE_STYLES),
            "edgeOrder": list(EDGE_STYLES),
            "authorityColour": AUTHORITY_COLOUR,
            "edgeWords": _EDGE_WORDS,
        },
    }


def to_html(
    data: ViewData,
    facts: Facts,
    filters: ViewFilter,
    graph: nx.MultiDiGraph,
    by: str = "actor",
) -> str:
    """The interactive map of ``data``, opening on ``filters`` (``graph`` is that view);
    claims are boxed by document, or by side when ``by`` is "side"."""
    diagnostics = _script_safe(_resource("templates", "diagnostics.js"), "diagnostics.js")
    library = _script_safe(_resource("vendor", "cytoscape.min.js"), "cytoscape.min.js")
    app = _script_safe(_resource("templates", "map.js"), "map.js")
    csp = "; ".join(
        [
            "default-src 'none'",
            "script-src " + " ".join(_csp_hash(s) for s in (diagnostics, library, app)),
            "style-src 'unsafe-inline'",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    values = {
        "CSP": html.escape(csp),
        "GENERATOR": html.escape(f"claimgraph {__version__}"),
        "TITLE": html.escape(data.title),
        "DIAGNOSTICS": diagnostics,
        "CYTOSCAPE": library,
        "DATA": _json_for_html(map_document(data, facts, filters, graph, by)),
        "APP": app,
    }
    # One pass: text put in is never searched for placeholders again.
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], _resource("templates", "map.html"))
