"""The common import model: what every importer builds and the one writer turns into data.

An importer reads a file of another tool (AIF, arg-microtexts, ClaimReview ...) into an
:class:`ImportedDocument`: the document's text, its actors, its claims with the spans of the
text they come from, and the links between them. :mod:`claimgraph.interop.writer` writes
that as a claimgraph data folder: one TriG file and one text file per source document, and
the actors in the shared graph.

Attribution is kept apart as claimgraph keeps it (docs/modelling.md): the *reporter* is the
document's author (the analyst who made an argument map, the author of a microtext, the
organisation that published a fact-check); the *claimant* is whoever the format says holds
the claim (a speaker in a debate, the reviewed claim's author). Nothing is ever stated in
the graph's own voice.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rdflib import URIRef

from claimgraph.errors import InputError, Position
from claimgraph.rdf.namespace import CG


@dataclass
class ImportedActor:
    """Someone the imported file names: a speaker, an author, an organisation."""

    slug: str
    label: str
    kind: URIRef = CG.Person
    aliases: list[str] = field(default_factory=list)
    url: str | None = None


@dataclass
class Span:
    """A span of the document's text: code point offsets, end exclusive."""

    start: int
    end: int


@dataclass
class ImportedClaim:
    """One claim as the imported file records it."""

    key: str
    """The claim's id in the source format, unique in the document (kept as dcterms:identifier)."""
    label: str
    claimants: list[str]
    """Actor slugs; a proposition asserted by several speakers has several claimants."""
    mode: URIRef
    spans: list[Span]
    speech_act: URIRef = CG.Assertion
    named_as: str | None = None
    kind: str | None = None
    """The source format's own word for what the speaker does ("Asserting", "pro" ...)."""
    created: str | None = None
    """When the source format says the claim was made or recorded (ISO 8601)."""
    comment: str | None = None
    reviews: list[Review] = field(default_factory=list)


@dataclass
class Review:
    """A fact-check's rating of a claim (ClaimReview), kept as the reviewer's claim."""

    rating: str
    best: str | None = None
    worst: str | None = None
    value: str | None = None
    url: str | None = None
    date: str | None = None


@dataclass
class ImportedLink:
    """A support or an attack between claims, or an attack on another link.

    ``premises[0]`` is the claim the link comes from; further premises are linked ones (the
    premises work only together). ``target`` is a claim key, or a link key when
    ``target_is_link`` (an undercut: an attack on a support or on an attack).
    """

    key: str
    kind: str  # "supports" or "attacks"
    premises: list[str]
    target: str
    target_is_link: bool = False
    attack_kind: URIRef | None = None
    scheme: str | None = None
    keep_node: bool = False
    """Write the link as a cg:ArgumentLink even if nothing needs it (to keep its scheme)."""


@dataclass
class ImportedDocument:
    """One source document as an importer reads it."""

    slug: str
    label: str
    author: str
    text: str
    source_format: str
    source_name: str
    actors: dict[str, ImportedActor] = field(default_factory=dict)
    claims: list[ImportedClaim] = field(default_factory=list)
    links: list[ImportedLink] = field(default_factory=list)
    same_proposition: list[tuple[str, str]] = field(default_factory=list)
    language: str | None = None
    genre: str | None = None
    published: str | None = None
    url: str | None = None
    identifier: str | None = None
    """The document's id in the source format (kept as dcterms:identifier)."""

    def add_actor(self, actor: ImportedActor) -> str:
        """Add ``actor`` unless one with its slug is there; return the slug."""
        self.actors.setdefault(actor.slug, actor)
        return actor.slug

    def claim(self, key: str) -> ImportedClaim:
        """The claim with this key."""
        for claim in self.claims:
            if claim.key == key:
                return claim
        raise KeyError(key)


def slugify(text: str, fallback: str = "x") -> str:
    """Lower-case ASCII words joined by hyphens, as claimgraph's IRIs use."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:80].strip("-") or fallback


class TextBuilder:
    """Builds a document text line by line and remembers where each piece lands."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0

    def add_line(self, line: str, quote_from: int = 0) -> Span:
        """Append ``line`` and a newline; the span covers ``line[quote_from:]``."""
        # A line break inside the quoted text would split the transcript's lines.
        line = line.replace("\r", " ").replace("\n", " ")
        start = self._length + quote_from
        self._parts.append(line + "\n")
        self._length += len(line) + 1
        return Span(start, self._length - 1)

    def text(self) -> str:
        """The text built so far."""
        return "".join(self._parts)


def bad_input(
    message: str, source: str, line: int | None = None, column: int | None = None
) -> InputError:
    """An :class:`InputError` naming the file and, where known, the position."""
    # Where no finer position is known, the file's start: the error still names the file.
    position = Position(line, column) if line is not None else Position(1, 1)
    return InputError(message, source=source, position=position)


def check_links(document: ImportedDocument, source: str) -> None:
    """Refuse links to claims or links the document does not have, and self-links."""
    keys = {claim.key for claim in document.claims}
    link_keys = {link.key for link in document.links}
    for group in ([c.key for c in document.claims], [link.key for link in document.links]):
        slugs: dict[str, str] = {}
        for key in group:
            other = slugs.setdefault(slugify(key), key)
            if other != key:
                raise bad_input(
                    f"ids {other!r} and {key!r} give the same IRI ({slugify(key)}); rename one",
                    source,
                )
    for link in document.links:
        for premise in link.premises:
            if premise not in keys:
                raise bad_input(f"link {link.key!r} starts from unknown claim {premise!r}", source)
        known = link_keys if link.target_is_link else keys
        if link.target not in known:
            raise bad_input(f"link {link.key!r} points at unknown node {link.target!r}", source)
        if not link.target_is_link and link.target in link.premises:
            raise bad_input(f"link {link.key!r} joins claim {link.target!r} to itself", source)
