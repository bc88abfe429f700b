"""RDF and SPARQL results formats: names, file extensions and MIME types.

Formats follow the file extension and can be forced by a short name or a MIME type, as Jena's
riot and the Oxigraph CLI do. Each format's name, media type and extensions are stated once,
in :data:`claimgraph.formats.FILE_FORMATS`; this module adds what RDF needs of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from claimgraph.errors import InputError
from claimgraph.formats import FileFormat, OfFileFormat, file_format, find_by_suffix, find_named


@dataclass(frozen=True)
class RdfFormat(OfFileFormat):
    """One RDF syntax claimgraph reads and writes."""

    file: FileFormat
    """Its short name (also accepted on the command line), MIME type and extensions."""
    rdflib_name: str
    """The name rdflib's parser and serializer plugins use."""
    is_dataset: bool
    """True when the syntax can hold named graphs (TriG, N-Quads, JSON-LD)."""
    oxigraph: ox.RdfFormat
    """The format Oxigraph's parsers and serializers take."""


RDF_FORMATS: tuple[RdfFormat, ...] = (
    RdfFormat(file_format("trig"), "trig", True, ox.RdfFormat.TRIG),
    RdfFormat(file_format("nquads"), "nquads", True, ox.RdfFormat.N_QUADS),
    RdfFormat(file_format("turtle"), "turtle", False, ox.RdfFormat.TURTLE),
    RdfFormat(file_format("ntriples"), "nt", False, ox.RdfFormat.N_TRIPLES),
    RdfFormat(file_format("json-ld"), "json-ld", True, ox.RdfFormat.JSON_LD),
    RdfFormat(file_format("rdfxml"), "xml", False, ox.RdfFormat.RDF_XML),
)

_ALIASES = {
    "ttl": "turtle",
    "nt": "ntriples",
    "n-triples": "ntriples",
    "nq": "nquads",
    "n-quads": "nquads",
    "jsonld": "json-ld",
    "xml": "rdfxml",
    "rdf/xml": "rdfxml",
    "rdf-xml": "rdfxml",
}


def rdf_format_named(name: str) -> RdfFormat:
    """The RDF format with this short name, alias or MIME type."""
    found = find_named(RDF_FORMATS, name, _ALIASES)
    if found is not None:
        return found
    known = ", ".join(f.name for f in RDF_FORMATS)
    raise InputError(f"unknown RDF format {name!r}", hint=f"use one of: {known}")


def rdf_format_for_path(path: Path | str, forced: str | None = None) -> RdfFormat:
    """The RDF format of a file: ``forced`` if given, else by its extension."""
    if forced:
        return rdf_format_named(forced)
    suffix = Path(path).suffix.lower()
    found = find_by_suffix(RDF_FORMATS, suffix)
    if found is not None:
        return found
    raise InputError(
        f"cannot tell the RDF format from the extension {suffix or '(none)'!r}",
        source=path,
        hint="name the format with --format",
    )


def is_rdf_file(path: Path) -> bool:
    """Whether a file's extension names an RDF syntax claimgraph reads."""
    return find_by_suffix(RDF_FORMATS, path.suffix) is not None


RESULTS_FORMATS: dict[str, str] = {
    short: file_format(name).mime_type
    for short, name in (
        ("table", "table"),
        ("csv", "csv"),
        ("tsv", "tsv"),
        ("json", "sparql-json"),
        ("xml", "sparql-xml"),
    )
}
"""SPARQL results formats for SELECT and ASK, by short name."""

_RESULTS_ALIASES = {
    "srj": "json",
    "srx": "xml",
    "text": "table",
    **{mime: name for name, mime in RESULTS_FORMATS.items()},
}


def results_format_named(name: str) -> str:
    """The short name of a SPARQL results format given by name, alias or MIME type."""
    key = name.lower()
    key = _RESULTS_ALIASES.get(key, key)
    if key in RESULTS_FORMATS:
        return key
    known = ", ".join(RESULTS_FORMATS)
    raise InputError(f"unknown results format {name!r}", hint=f"use one of: {known}")
