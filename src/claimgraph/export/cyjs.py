"""Cytoscape.js JSON (``.cyjs``) for a view: ``{"data": ..., "elements": {"nodes", "edges"}}``.

Cytoscape.js reads it with ``cy.json()`` / ``cytoscape({elements})``, Cytoscape desktop
with File > Import > Network from File. Keys are sorted, nodes and edges too.
"""

from __future__ import annotations

import json
import re
from typing import Any

import networkx as nx

from claimgraph import __version__
from claimgraph.export.graphml import sorted_edges
from claimgraph.export.views import EDGE_ATTRIBUTES, NODE_ATTRIBUTES

_UNSAFE_IN_JSON = re.compile(
    "[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def json_text(document: Any, indent: int | None = 1) -> str:
    """``document`` as deterministic JSON: sorted keys, UTF-8 text.

    C1 controls, line and paragraph separators, bidirectional formatting characters and lone
    surrogates are written as ``\\uXXXX`` escapes: the same string once parsed, but a file
    that no terminal, editor or older JavaScript engine misreads.
    """
    text = json.dumps(document, ensure_ascii=False, sort_keys=True, indent=indent)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def cyjs_document(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """The view ``graph`` as a Cytoscape.js JSON document (a dict)."""
    nodes = []
    for node, data in sorted(graph.nodes(data=True)):
        item: dict[str, Any] = {"id": node}
        item.update({k: data[k] for k in NODE_ATTRIBUTES if data.get(k, "") != ""})
        nodes.append({"data": item})
    edges = []
    for number, (source, target, _key, data) in enumerate(sorted_edges(graph)):
        item = {"id": f"e{number}", "source": source, "target": target}
        item.update({k: data[k] for k in EDGE_ATTRIBUTES if data.get(k, "") != ""})
        edges.append({"data": item})
    return {
        "format_version": "1.0",
        "generated_by": f"claimgraph-{__version__}",
        "target_cytoscapejs_version": "~3.35",
        "data": {k: str(v) for k, v in sorted(graph.graph.items()) if isinstance(v, str)},
        "elements": {"nodes": nodes, "edges": edges},
    }


def to_cyjs(graph: nx.MultiDiGraph) -> str:
    """The view ``graph`` as Cytoscape.js JSON text."""
    return json_text(cyjs_document(graph)) + "\n"
