"""The export formats: names, file extensions and MIME types, as for the RDF formats."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from claimgraph.errors import InputError


@dataclass(frozen=True)
class ExportFormat:
    """One format ``claimgraph export`` writes."""

    name: str
    mime_type: str
    extensions: tuple[str, ...]
    is_text: bool
    """Text formats can go to stdout; PNG cannot."""
    needs_graphviz: bool = False


EXPORT_FORMATS: tuple[ExportFormat, ...] = (
    ExportFormat("dot", "text/vnd.graphviz", (".dot", ".gv"), True),
    ExportFormat("svg", "image/svg+xml", (".svg",), True, needs_graphviz=True),
    ExportFormat("png", "image/png", (".png",), False, needs_graphviz=True),
    ExportFormat("graphml", "application/graphml+xml", (".graphml",), True),
    ExportFormat("gexf", "application/gexf+xml", (".gexf",), True),
    ExportFormat("cyjs", "application/vnd.cytoscape.js+json", (".cyjs", ".json"), True),
    ExportFormat("html", "text/html", (".html", ".htm"), True),
)

_ALIASES = {"gv": "dot", "graphviz": "dot", "cytoscape": "cyjs", "json": "cyjs", "htm": "html"}


def export_format_named(name: str) -> ExportFormat:
    """The export format with this short name, alias or MIME type."""
    key = _ALIASES.get(name.lower(), name.lower())
    for fmt in EXPORT_FORMATS:
        if key in (fmt.name, fmt.mime_type):
            return fmt
    known = ", ".join(f.name for f in EXPORT_FORMATS)
    raise InputError(f"unknown export format {name!r}", hint=f"use one of: {known}")


def export_format_for_path(path: Path) -> ExportFormat:
    """The export format a file name's extension asks for."""
    suffix = path.suffix.lower()
    for fmt in EXPORT_FORMATS:
        if suffix in fmt.extensions:
            return fmt
    known = ", ".join(e for f in EXPORT_FORMATS for e in f.extensions)
    raise InputError(
        f"cannot tell the export format from the extension {suffix or '(none)'!r}",
        source=str(path),
        hint=f"use one of {known}, or give --format",
    )
