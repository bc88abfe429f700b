"""RDF and SPARQL results formats: names, file extensions and MIME types.

Formats follow the file extension and can be forced by a short name or a MIME type, as Jena's
riot and the Oxigraph CLI do.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from claimgraph.errors import InputError


@dataclass(frozen=True)
class RdfFormat:
    """One RDF syntax claimgraph reads and writes."""

    name: str
    """Short name, also accepted on the command line (``turtle``, ``trig``...)."""
    rdflib_name: str
    """The name rdflib's parser and serializer plugins use."""
    mime_type: str
    extensions: tuple[str, ...]
    is_dataset: bool
    """True when the syntax can hold named graphs (TriG, N-Quads, JSON-LD)."""


RDF_FORMATS: tuple[RdfFormat, ...] = (
    RdfFormat("trig", "trig", "application/trig", (".trig",), True),
    RdfFormat("nquads", "nquads", "application/n-quads", (".nq", ".nquads"), True),
    RdfFormat("turtle", "turtle", "text/turtle", (".ttl", ".turtle"), False),
    RdfFormat("ntriples", "nt", "application/n-triples", (".nt", ".ntriples"), False),
    RdfFormat("json-ld", "json-ld", "application/ld+json", (".jsonld", ".json-ld"), True),
    RdfFormat("rdfxml", "xml", "application/rdf+xml", (".rdf", ".owl", ".xml"), False),
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
    key = _ALIASES.get(name.lower(), name.lower())
    for fmt in RDF_FORMATS:
        if key in (fmt.name, fmt.mime_type):
            return fmt
    known = ", ".join(f.name for f in RDF_FORMATS)
    raise InputError(f"unknown RDF format {name!r}", hint=f"use one of: {known}")


def rdf_format_for_path(path: Path | str, forced: str | None = None) -> RdfFormat:
    """The RDF format of a file: ``forced`` if given, else by its extension."""
    if forced:
        return rdf_format_named(forced)
    suffix = Path(path).suffix.lower()
    for fmt in RDF_FORMATS:
        if suffix in fmt.extensions:
            return fmt
    raise InputError(
        f"cannot tell the RDF format from the extension {suffix or '(none)'!r}",
        source=path,
        hint="name the format with --format",
    )


def is_rdf_file(path: Path) -> bool:
    """Whether a file's extension names an RDF syntax claimgraph reads."""
    suffix = path.suffix.lower()
    return any(suffix in fmt.extensions for fmt in RDF_FORMATS)


RESULTS_FORMATS: dict[str, str] = {
    "table": "text/plain",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
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
