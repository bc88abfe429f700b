"""Every file format claimgraph reads or writes, each stated once: name, media type, extensions.

The commands choose among their own selection of this table, with their own aliases and
messages: :mod:`claimgraph.rdf.formats` the RDF syntaxes (with rdflib's plugin names) and
the SPARQL results formats, :mod:`claimgraph.export.formats` the pictures and graph files
of ``claimgraph export``, :mod:`claimgraph.ontology_tools.docs` its HTML and Markdown pages
and SVG pictures. An alias means something only in its selection: ``json`` is Cytoscape.js
JSON to ``export`` and SPARQL JSON results to ``query``; ``xml`` is RDF/XML to ``build``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol, TypeVar


@dataclass(frozen=True)
class FileFormat:
    """One file format: its short name, its media type and its file name extensions."""

    name: str
    """Short name, also accepted on the command line (``turtle``, ``svg`` ...)."""
    mime_type: str
    extensions: tuple[str, ...]
    """With the dot, the usual one first (the one claimgraph gives the files it names)."""
    is_text: bool = True
    """Text formats can go to stdout; PNG cannot."""


class OfFileFormat:
    """A command's use of a table entry: its name, media type and extensions are the
    entry's own (``file``), so each is stated once, in :data:`FILE_FORMATS`."""

    file: FileFormat

    @property
    def name(self) -> str:
        """Short name, also accepted on the command line (``turtle``, ``svg`` ...)."""
        return self.file.name

    @property
    def mime_type(self) -> str:
        """The media type."""
        return self.file.mime_type

    @property
    def extensions(self) -> tuple[str, ...]:
        """The file name extensions, with the dot, the usual one first."""
        return self.file.extensions

    @property
    def is_text(self) -> bool:
        """Text formats can go to stdout; PNG cannot."""
        return self.file.is_text


FILE_FORMATS: tuple[FileFormat, ...] = (
    # RDF syntaxes
    FileFormat("trig", "application/trig", (".trig",)),
    FileFormat("nquads", "application/n-quads", (".nq", ".nquads")),
    FileFormat("turtle", "text/turtle", (".ttl", ".turtle")),
    FileFormat("ntriples", "application/n-triples", (".nt", ".ntriples")),
    FileFormat("json-ld", "application/ld+json", (".jsonld", ".json-ld")),
    FileFormat("rdfxml", "application/rdf+xml", (".rdf", ".owl", ".xml")),
    # SPARQL results of SELECT and ASK
    FileFormat("table", "text/plain", ()),
    FileFormat("csv", "text/csv", (".csv",)),
    FileFormat("tsv", "text/tab-separated-values", (".tsv",)),
    FileFormat("sparql-json", "application/sparql-results+json", (".srj",)),
    FileFormat("sparql-xml", "application/sparql-results+xml", (".srx",)),
    # pictures, graph files and pages
    FileFormat("dot", "text/vnd.graphviz", (".dot", ".gv")),
    FileFormat("svg", "image/svg+xml", (".svg",)),
    FileFormat("png", "image/png", (".png",), is_text=False),
    FileFormat("graphml", "application/graphml+xml", (".graphml",)),
    FileFormat("gexf", "application/gexf+xml", (".gexf",)),
    FileFormat("cyjs", "application/vnd.cytoscape.js+json", (".cyjs", ".json")),
    FileFormat("html", "text/html", (".html", ".htm")),
    FileFormat("markdown", "text/markdown", (".md",)),
)
"""The table: names are unique in it; an extension may name formats of different commands."""

_BY_NAME = {fmt.name: fmt for fmt in FILE_FORMATS}


def file_format(name: str) -> FileFormat:
    """The table's entry of this exact short name (a name the code states, not user input)."""
    return _BY_NAME[name]


class Named(Protocol):
    """A command's view of a format: the table's name, media type and extensions."""

    @property
    def name(self) -> str: ...

    @property
    def mime_type(self) -> str: ...

    @property
    def extensions(self) -> tuple[str, ...]: ...


F = TypeVar("F", bound=Named)


def find_named(formats: Iterable[F], name: str, aliases: Mapping[str, str]) -> F | None:
    """The format of ``formats`` given by short name, alias or media type (any case)."""
    key = aliases.get(name.lower(), name.lower())
    for fmt in formats:
        if key in (fmt.name, fmt.mime_type):
            return fmt
    return None


def find_by_suffix(formats: Iterable[F], suffix: str) -> F | None:
    """The first format of ``formats`` with this file name extension (any case)."""
    suffix = suffix.lower()
    for fmt in formats:
        if suffix in fmt.extensions:
            return fmt
    return None


__all__ = [
    "FILE_FORMATS",
    "FileFormat",
    "Named",
    "file_format",
    "find_by_suffix",
    "find_named",
]
