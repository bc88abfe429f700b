"""xAIF (ARG-tech's extended AIF, as the AMF argument-mining pipeline writes it).

xAIF wraps an AIF map under ``"AIF"`` (nodes, edges, locutions, participants ...) beside
the original ``"text"`` (HTML with one highlighted span per L-node) and OVA's layout
(``"OVA"``). The map is read as AIF (:mod:`.aif`); the text is kept as
dcterms:description on the document, not as the anchored text, because its L-node spans
are HTML markup rather than plain offsets; OVA's layout is not kept. An empty xAIF (no
nodes) is a document with no claims.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from claimgraph.interop.aif import aif_document, aif_map
from claimgraph.interop.jsonio import as_dict, read_json
from claimgraph.interop.model import ImportedDocument, slugify


def import_xaif(path: Path) -> ImportedDocument:
    """Import one xAIF JSON file."""
    source = read_json(path)
    data = as_dict(source, source.value, "an xAIF file")
    if "AIF" not in data:
        raise source.error('an xAIF file needs an "AIF" object (plain AIF: use format aif)')
    aif = as_dict(source, data["AIF"], 'the "AIF" member', "AIF")
    return aif_document(source, aif, slugify(path.stem, "xaif"), "xAIF")


def xaif_document(document: ImportedDocument) -> dict[str, Any]:
    """The xAIF of ``document``: its AIF map, an empty text and no OVA layout."""
    aif = aif_map(document)
    aif.setdefault("schemefulfillments", [])
    aif.setdefault("descriptorfulfillments", [])
    return {"AIF": aif, "text": "", "dialog": True, "OVA": {"nodes": [], "edges": []}}
