"""The documentation model: what ``ontology docs`` says about each term and page.

:mod:`.build` fills it from the ontology, the shapes and the data; :mod:`.render_html` and
:mod:`.render_markdown` write it; it holds no RDF, only text and links.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Link:
    """A term named in the documentation: its name, and where it is documented if it is."""

    text: str
    href: str | None = None
    title: str = ""


@dataclass
class ShapeNote:
    """A shape that constrains a term."""

    name: str
    label: str
    detail: str
    message: str
    inherited_from: str = ""


@dataclass
class Example:
    """A real use of a term: a Turtle excerpt and the file it comes from."""

    file: str
    turtle: str
    note: str = ""


@dataclass
class TermDoc:
    """Everything the documentation says about one term."""

    iri: str
    qname: str
    anchor: str
    kind: str
    label: str
    definitions: list[str]
    comments: list[str]
    defined_by: list[Link]
    deprecated: bool
    replaced_by: list[Link]
    rows: list[tuple[str, list[Link]]]
    mappings: list[tuple[str, Link, str]]
    shapes: list[ShapeNote]
    example: Example | None


@dataclass
class Section:
    """A titled group of terms on a page (one module's classes, say)."""

    title: str
    terms: list[TermDoc]


@dataclass
class PageDoc:
    """One vocabulary's page: the core, or one extension."""

    group: str
    page: str
    title: str
    description: str
    headers: list[dict[str, str]]
    sections: list[Section]
    diagram: str = ""
    diagram_file: str = ""

    @property
    def terms(self) -> list[TermDoc]:
        return [term for section in self.sections for term in section.terms]


@dataclass
class DocsResult:
    """What ``generate_docs`` wrote."""

    files: list[Path] = field(default_factory=list)
    terms: dict[str, list[str]] = field(default_factory=dict)
    """The IRIs documented, by page (``core`` or the extension's name)."""
    diagram_tool: str = ""
