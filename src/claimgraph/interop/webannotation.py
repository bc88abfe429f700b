"""W3C Web Annotation JSON-LD for quote anchors, both ways.

Export: every quote anchor becomes an ``Annotation`` whose target is the document with a
``TextQuoteSelector`` (exact, prefix, suffix) and a ``TextPositionSelector`` (start, end):
the same two ways of finding a span that a cg:QuoteAnchor holds. The body describes the
claim (its label and IRI); the creator is the document's author, who records the claim.
Annotation tools (Hypothesis, Recogito) can open these against the text.

Import: an ``AnnotationPage``/``AnnotationCollection``, a list or a single ``Annotation``.
Annotations are grouped by their target's ``source``; each group is one document. The text
is the file the source names when it is a relative path beside the annotation file (never
outside that folder); the position selector is then checked against it, and the quote
selector used when the offsets do not match (an error if neither does). Without such a file
the text is generated, one line per quote with its prefix and suffix. Each annotation is a
claim of an unnamed claimant (an annotation does not say whose words these are), reported
by the annotation's creator.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

from rdflib import URIRef

from claimgraph.corpus.anchors import occurrences
from claimgraph.interop.jsonio import JsonSource, read_json, read_text
from claimgraph.interop.model import ImportedActor, ImportedClaim, ImportedDocument, Span, slugify
from claimgraph.rdf.namespace import ANCHOR, CG, CLAIM, DOC

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
_CREATOR_TYPES = {CG.Person: "Person", CG.Organisation: "Organization", CG.ActorGroup: "Group"}


def _creator_kind(creator: object, name: object) -> URIRef:
    kind = creator.get("type") if isinstance(creator, dict) else None
    for term, word in _CREATOR_TYPES.items():
        if kind == word:
            return term
    return CG.Organisation if name else CG.ActorGroup


def annotation_page(documents: list[ImportedDocument]) -> dict[str, Any]:
    """One ``AnnotationPage`` with an annotation for every quote anchor of ``documents``."""
    items: list[dict[str, Any]] = []
    for document in documents:
        author = document.actors.get(document.author)
        for claim in document.claims:
            for number, span in enumerate(claim.spans, start=1):
                suffix = "" if number == 1 else f"-{number}"
                text = document.text
                items.append(
                    {
                        "id": str(ANCHOR[f"{document.slug}-{slugify(claim.key)}{suffix}"]),
                        "type": "Annotation",
                        "motivation": "highlighting",
                        "creator": {
                            "type": "Person"
                            if author and author.kind == CG.Person
                            else "Organization",
                            "name": author.label if author else document.author,
                        },
                        "body": {
                            "type": "TextualBody",
                            "purpose": "describing",
                            "value": claim.label,
                            "id": str(CLAIM[f"{document.slug}-{slugify(claim.key)}"]),
                        },
                        "target": {
                            "source": f"{document.slug}.txt",
                            "dcterms:isPartOf": str(DOC[document.slug]),
                            "selector": [
                                {
                                    "type": "TextQuoteSelector",
                                    "exact": text[span.start : span.end],
                                    "prefix": text[max(0, span.start - 32) : span.start],
                                    "suffix": text[span.end : span.end + 32],
                                },
                                {
                                    "type": "TextPositionSelector",
                                    "start": span.start,
                                    "end": span.end,
                                },
                            ],
                        },
                    }
                )
    return {"@context": CONTEXT, "type": "AnnotationPage", "items": items}


def _annotations(source: JsonSource, value: Any) -> list[dict[str, Any]]:
    if isinstance(value, list):
        return [a for item in value for a in _annotations(source, item)]
    if not isinstance(value, dict):
        raise source.error("expected an Annotation, an AnnotationPage or a list of them")
    if "items" in value or "first" in value:
        return _annotations(source, value.get("items") or value.get("first") or [])
    if value.get("type") != "Annotation" and "Annotation" not in (value.get("type") or []):
        raise source.error("an item is not of type Annotation", value.get("id"))
    return [value]


def _selectors(source: JsonSource, note: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    target = note.get("target")
    if isinstance(target, list):
        target = target[0] if target else None
    if not isinstance(target, dict) or not isinstance(target.get("source"), str):
        raise source.error("an annotation needs a target with a source", note.get("id"))
    raw = target.get("selector")
    selectors = raw if isinstance(raw, list) else [raw]
    found: dict[str, Any] = {}
    for selector in selectors:
        if isinstance(selector, dict) and isinstance(selector.get("type"), str):
            found[selector["type"]] = selector
    if "TextQuoteSelector" not in found and "TextPositionSelector" not in found:
        raise source.error(
            "an annotation needs a TextQuoteSelector or a TextPositionSelector", note.get("id")
        )
    return str(target["source"]), found


def _local_text(path: Path, name: str) -> str | None:
    relative = PurePosixPath(name)
    if relative.is_absolute() or ".." in relative.parts or ":" in name:
        return None  # a URL or a path outside the folder: never read
    candidate = path.parent / relative
    return read_text(candidate) if candidate.is_file() else None


def _span(source: JsonSource, text: str, selectors: dict[str, Any], note_id: object) -> Span | None:
    quote = selectors.get("TextQuoteSelector", {})
    position = selectors.get("TextPositionSelector")
    exact = quote.get("exact")
    if position is not None:
        start, end = position.get("start"), position.get("end")
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
            raise source.error("TextPositionSelector start and end must be integers", note_id)
        if 0 <= start <= end <= len(text) and (exact is None or text[start:end] == exact):
            return Span(start, end)
    if not isinstance(exact, str) or not exact:
        raise source.error("the position selector does not fit the text", note_id)
    prefix, suffix = str(quote.get("prefix") or ""), str(quote.get("suffix") or "")
    starts = [
        s
        for s in occurrences(text, exact)
        if text[:s].endswith(prefix) and text[s + len(exact) :].startswith(suffix)
    ]
    if len(starts) != 1:
        raise source.error(
            f"the quote {exact[:40]!r} occurs {len(starts)} times with its prefix and suffix",
            note_id,
        )
    return Span(starts[0], starts[0] + len(exact))


def import_annotations(path: Path) -> list[ImportedDocument]:
    """Import a Web Annotation JSON-LD file: one document per annotated source."""
    source = read_json(path)
    notes = _annotations(source, source.value)
    if not notes:
        raise source.error("no annotation in the file")
    groups: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]] = {}
    for note in notes:
        target, selectors = _selectors(source, note)
        groups.setdefault(target, []).append((note, selectors))
    documents = []
    for target, group in groups.items():
        slug = slugify(PurePosixPath(target).stem if ":" not in target else target, "annotated")
        text = _local_text(path, target)
        creator = group[0][0].get("creator")
        name = creator.get("name") if isinstance(creator, dict) else creator
        author = ImportedActor(
            slugify(str(name), f"{slug}-annotator") if name else f"{slug}-annotator",
            str(name) if name else f"annotator of {target}",
            CG.Person
            if isinstance(creator, dict) and creator.get("type") == "Person"
            else CG.Organisation
            if name
            else CG.ActorGroup,
        )
        document = ImportedDocument(
            slug=slug,
            label=f"annotations of {target}",
            author=author.slug,
            text="",
            source_format="Web Annotation JSON-LD",
            source_name=path.name,
        )
        document.add_actor(author)
        claimant = document.add_actor(
            ImportedActor(
                f"{slug}-unnamed-claimant",
                f"claimant not named in the annotations of {target}",
                CG.ActorGroup,
            )
        )
        lines: list[str] = []
        for number, (note, selectors) in enumerate(group, start=1):
            note_id = note.get("id")
            key = str(note_id).rsplit("/", 1)[-1] if note_id else f"annotation-{number}"
            if key.startswith(f"{slug}-"):
                key = key[len(slug) + 1 :]
            if text is not None:
                span = _span(source, text, selectors, note_id)
            else:
                quote = selectors.get("TextQuoteSelector") or {}
                exact = quote.get("exact")
                if not isinstance(exact, str) or not exact:
                    raise source.error("without the text, a TextQuoteSelector is needed", note_id)
                before = str(quote.get("prefix") or "").replace("\n", " ")
                at = sum(len(line) + 1 for line in lines) + len(before)
                lines.append(
                    before
                    + exact.replace("\n", " ")
                    + str(quote.get("suffix") or "").replace("\n", " ")
                )
                span = Span(at, at + len(exact))
            assert span is not None
            body = note.get("body")
            label = body.get("value") if isinstance(body, dict) else None
            document.claims.append(
                ImportedClaim(
                    key=key,
                    label=str(label) if label else "",
                    claimants=[claimant],
                    mode=CG.ReportedMode,
                    spans=[span],
                )
            )
        document.text = text if text is not None else "".join(line + "\n" for line in lines)
        for claim in document.claims:
            if not claim.label:
                claim.label = document.text[claim.spans[0].start : claim.spans[0].end]
        documents.append(document)
    return documents
