"""The export formats: names, file extensions and MIME types, as for the RDF formats.

Each format's name, media type and extensions are stated once, in
:data:`claimgraph.formats.FILE_FORMATS`; this module chooses the ones ``claimgraph export``
writes, with its aliases, and marks those Graphviz draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from claimgraph.errors import InputError
from claimgraph.formats import FileFormat, OfFileFormat, file_format, find_by_suffix, find_named
from claimgraph.graphviz import RENDER_FORMATS


@dataclass(frozen=True)
class ExportFormat(OfFileFormat):
    """One format ``claimgraph export`` writes."""

    file: FileFormat
    """Its short name (also accepted on the command line), MIME type and extensions."""
    needs_graphviz: bool = False


EXPORT_FORMATS: tuple[ExportFormat, ...] = tuple(
    ExportFormat(file_format(name), needs_graphviz=name in RENDER_FORMATS)
    for name in ("dot", "svg", "png", "graphml", "gexf", "cyjs", "html")
)

_ALIASES = {"gv": "dot", "graphviz": "dot", "cytoscape": "cyjs", "json": "cyjs", "htm": "html"}


def export_format_named(name: str) -> ExportFormat:
    """The export format with this short name, alias or MIME type."""
    found = find_named(EXPORT_FORMATS, name, _ALIASES)
    if found is not None:
        return found
    known = ", ".join(f.name for f in EXPORT_FORMATS)
    raise InputError(f"unknown export format {name!r}", hint=f"use one of: {known}")


def export_format_for_path(path: Path) -> ExportFormat:
    """The export format a file name's extension asks for."""
    suffix = path.suffix.lower()
    found = find_by_suffix(EXPORT_FORMATS, suffix)
    if found is not None:
        return found
    known = ", ".join(e for f in EXPORT_FORMATS for e in f.extensions)
    raise InputError(
        f"cannot tell the export format from the extension {suffix or '(none)'!r}",
        source=str(path),
        hint=f"use one of {known}, or give --format",
    )
