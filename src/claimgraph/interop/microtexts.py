"""arg-microtexts XML (Peldszus & Stede): short argumentative texts with argument graphs.

Mapping (docs/interop.md):

- The text is the ``.txt`` file beside the XML (the same stem); without one it is the EDUs
  joined by spaces. Every ADU is a claim anchored in the EDUs segmented into it (``seg``).
- The microtext's author is the document's author and reporter. A ``pro`` ADU is the
  author's own claim (cg:DirectMode). An ``opp`` ADU is a position the author voices for
  an opponent, to concede or rebut it: its claimant is the opponent the text implies, in
  cg:ImpliedMode.
- ``sup`` and ``exa`` are cg:supports (``exa`` kept as a support link of type "exa");
  ``reb`` is cg:attacks; ``und`` attacks an edge, a support or an attack, and becomes
  cg:attacksLink to a cg:ArgumentLink; ``add`` joins a further premise to the edge it
  names (a linked argument).
"""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from claimgraph.errors import InputError, Position
from claimgraph.interop.jsonio import read_text
from claimgraph.interop.model import (
    ImportedActor,
    ImportedClaim,
    ImportedDocument,
    ImportedLink,
    Span,
    check_links,
    slugify,
)
from claimgraph.rdf.namespace import CG

LINK_KINDS = {"sup": "supports", "exa": "supports", "reb": "attacks", "und": "attacks"}


class _Xml:
    """An XML file's text, to point at the line of an element named by its id."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.text = text

    def error(self, message: str, near: str | None = None) -> InputError:
        at = self.text.find(f'id="{near}"') if near else -1
        if at < 0:
            return InputError(message, source=str(self.path), position=Position(1, 1))
        line = self.text.count("\n", 0, at) + 1
        column = at - (self.text.rfind("\n", 0, at) + 1) + 1
        return InputError(message, source=str(self.path), position=Position(line, column))


def parse_xml(path: Path) -> tuple[_Xml, Element]:
    """Parse ``path`` safely (no entities, no DTD fetching); errors name line and column."""
    text = read_text(path)
    xml = _Xml(path, text)
    try:
        root = SafeET.fromstring(text.encode("utf-8"), forbid_dtd=False)
    except DefusedXmlException as exc:
        raise InputError(
            f"refused: the XML declares entities ({type(exc).__name__})",
            source=str(path),
            position=Position(1, 1),
        ) from exc
    except ParseError as exc:
        line, column = getattr(exc, "position", (1, 0))
        message = str(exc).split(":")[0]
        raise InputError(
            f"not well-formed XML: {message}",
            source=str(path),
            position=Position(line, column + 1),
        ) from exc
    return xml, root


def import_microtext(path: Path) -> ImportedDocument:
    """Import one arg-microtexts XML file (and the ``.txt`` beside it, if there is one)."""
    xml, root = parse_xml(path)
    if root.tag != "arggraph":
        raise xml.error(f"the root element is <{root.tag}>, not <arggraph>")
    doc_id = root.get("id") or path.stem
    slug = slugify(doc_id, "microtext")
    edus: dict[str, str] = {}
    adus: dict[str, str] = {}
    for element in root:
        ident = element.get("id")
        if element.tag in ("edu", "adu", "edge") and not ident:
            raise xml.error(f"an <{element.tag}> has no id")
        assert ident is not None or element.tag not in ("edu", "adu", "edge")
        if element.tag == "edu":
            edus[str(ident)] = element.text or ""
        elif element.tag == "adu":
            kind = element.get("type")
            if kind not in ("pro", "opp"):
                raise xml.error(f"ADU {ident} has type {kind!r}, not pro or opp", ident)
            adus[str(ident)] = kind
    edges: dict[str, tuple[str, str, str]] = {}
    for element in root.iter("edge"):
        ident = str(element.get("id"))
        src, trg, kind = element.get("src"), element.get("trg"), element.get("type")
        if not src or not trg or not kind:
            raise xml.error(f"edge {ident} needs src, trg and type", ident)
        if ident in edges or ident in adus or ident in edus:
            raise xml.error(f"the id {ident} is used twice", ident)
        edges[ident] = (src, trg, kind)
    text_file = path.with_suffix(".txt")
    text = read_text(text_file) if text_file.is_file() else " ".join(edus.values())
    spans: dict[str, Span] = {}
    cursor = 0
    for ident, words in edus.items():
        at = text.find(words, cursor)
        if at < 0:
            raise xml.error(
                f"EDU {ident} does not occur in {text_file.name} after the EDUs before it", ident
            )
        spans[ident] = Span(at, at + len(words))
        cursor = at + len(words)
    document = ImportedDocument(
        slug=slug,
        label=f"arg-microtext {doc_id}",
        author=f"{slug}-author",
        text=text,
        source_format="arg-microtexts XML",
        source_name=path.name,
        genre="argumentative microtext",
        language="en" if "_" in doc_id else None,
        identifier=doc_id,
    )
    document.add_actor(ImportedActor(f"{slug}-author", f"author of {doc_id}", CG.Person))
    segments: dict[str, list[str]] = {ident: [] for ident in adus}
    for ident, (src, trg, kind) in edges.items():
        if kind == "seg":
            if src not in edus or trg not in adus:
                raise xml.error(f"seg edge {ident} must join an EDU to an ADU", ident)
            segments[trg].append(src)
    for ident, stance in adus.items():
        if not segments[ident]:
            raise xml.error(f"ADU {ident} has no EDU (no seg edge)", ident)
        if stance == "opp":
            claimant = document.add_actor(
                ImportedActor(f"{slug}-opponent", f"opponent voiced in {doc_id}", CG.ActorGroup)
            )
        else:
            claimant = document.author
        document.claims.append(
            ImportedClaim(
                key=ident,
                label=" ".join(edus[e] for e in segments[ident]),
                claimants=[claimant],
                mode=CG.ImpliedMode if stance == "opp" else CG.DirectMode,
                spans=[spans[e] for e in segments[ident]],
                kind=stance,
            )
        )
    links: dict[str, ImportedLink] = {}
    for ident, (src, trg, kind) in edges.items():
        if kind == "seg" or kind == "add":
            continue
        if kind not in LINK_KINDS:
            raise xml.error(f"edge {ident} has the unknown type {kind!r}", ident)
        if src not in adus:
            raise xml.error(f"edge {ident} starts from {src}, which is not an ADU", ident)
        on_edge = trg in edges
        if not on_edge and trg not in adus:
            raise xml.error(f"edge {ident} points at {trg}, neither an ADU nor an edge", ident)
        if on_edge and kind != "und":
            raise xml.error(f"edge {ident} of type {kind} points at an edge", ident)
        if not on_edge and kind == "und":
            raise xml.error(f"undercut {ident} points at an ADU, not at an edge", ident)
        links[ident] = ImportedLink(
            key=ident,
            kind=LINK_KINDS[kind],
            premises=[src],
            target=trg,
            target_is_link=on_edge,
            scheme=kind,
            keep_node=kind == "exa",
        )
    for ident, (src, trg, kind) in edges.items():
        if kind != "add":
            continue
        if src not in adus or trg not in links:
            raise xml.error(f"add edge {ident} must join an ADU to a support or attack", ident)
        links[trg].premises.append(src)
    document.links = list(links.values())
    check_links(document, str(path))
    return document


def microtext_xml(document: ImportedDocument) -> str:
    """The arg-microtexts XML of ``document`` (its text goes beside it as ``.txt``).

    Each anchor becomes an EDU, each claim an ADU (``pro`` for the author's own claims,
    ``opp`` for the others), each link an edge; a link's further premises become ``add``.
    """
    from xml.sax.saxutils import quoteattr

    def cdata(text: str) -> str:
        return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"

    lines = [
        "<?xml version='1.0' encoding='UTF-8'?>",
        f"<arggraph id={quoteattr(document.identifier or document.slug)}>",
    ]
    edus: list[tuple[int, int, str]] = []
    for claim in document.claims:
        for span in claim.spans:
            edus.append((span.start, span.end, claim.key))
    edus.sort()
    edu_ids = {}
    for number, (start, end, _key) in enumerate(edus, start=1):
        edu_ids[(start, end, _key)] = f"e{number}"
        lines.append(f'  <edu id="e{number}">{cdata(document.text[start:end])}</edu>')
    for claim in document.claims:
        stance = "pro" if claim.kind == "pro" or claim.mode == CG.DirectMode else "opp"
        if claim.kind in ("pro", "opp"):
            stance = claim.kind
        lines.append(f"  <adu id={quoteattr(claim.key)} type={quoteattr(stance)}/>")
    edge_number = 0

    def edge(src: str, trg: str, kind: str, ident: str | None = None) -> None:
        nonlocal edge_number
        edge_number += 1
        name = ident or f"s{edge_number}"
        lines.append(
            f"  <edge id={quoteattr(name)} src={quoteattr(src)} trg={quoteattr(trg)} "
            f"type={quoteattr(kind)}/>"
        )

    for start, end, key in edus:
        edge(edu_ids[(start, end, key)], key, "seg")
    for link in document.links:
        if link.target_is_link:
            kind = "und"
        elif link.kind == "attacks":
            kind = "reb"
        else:
            kind = "exa" if link.scheme == "exa" else "sup"
        edge(link.premises[0], link.target, kind, link.key)
        for extra in link.premises[1:]:
            edge(extra, link.key, "add")
    lines.append("</arggraph>")
    return "\n".join(lines) + "\n"
