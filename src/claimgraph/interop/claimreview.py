"""schema.org ClaimReview (JSON-LD): fact-checks as claims of the reviewing organisation.

A fact-check is never a verdict in the graph's own voice (MODEL.md, principle 1). Each
ClaimReview becomes one document, the review, whose author is the reviewing organisation:

- the reviewed claim (``claimReviewed``) is a claim of ``itemReviewed.author`` (or of an
  unnamed claimant), in cg:ReportedMode, reported by the organisation;
- the rating is a claim of the organisation (cg:DirectMode, cg:Characterisation) carrying
  the rating as the organisation gives it (schema:reviewRating, schema:ratingValue,
  schema:bestRating, schema:worstRating, schema:url, schema:datePublished);
- that claim cg:attacks the reviewed claim when the rating is in the lower half of its
  scale or its words are among :data:`ATTACKING`, and cg:supports it in the upper half or
  with words among :data:`SUPPORTING`; otherwise (a "mixed" rating) it is only recorded.

The JSON-LD is read as JSON with its ``@context`` ignored: a remote context
("http://schema.org") is never fetched, and only schema.org's own names are read.
A review has no text of its own: one is generated from it, line by line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from claimgraph.interop.jsonio import JsonSource, as_dict, read_json
from claimgraph.interop.model import (
    ImportedActor,
    ImportedClaim,
    ImportedDocument,
    ImportedLink,
    Review,
    TextBuilder,
    slugify,
)
from claimgraph.rdf.namespace import CG

ATTACKING = {"false", "mostly false", "pants on fire", "incorrect", "misleading", "fake"}
SUPPORTING = {"true", "mostly true", "correct", "accurate"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _types(item: dict[str, Any]) -> set[str]:
    value = item.get("@type", [])
    values = value if isinstance(value, list) else [value]
    return {str(v).rsplit("/", 1)[-1].rsplit(":", 1)[-1] for v in values}


def _reviews(source: JsonSource, value: Any) -> list[dict[str, Any]]:
    """Every ClaimReview object in the file: a single one, a list, or an ``@graph``."""
    if isinstance(value, list):
        return [r for item in value for r in _reviews(source, item)]
    if not isinstance(value, dict):
        return []
    if "@graph" in value:
        return _reviews(source, value["@graph"])
    return [value] if "ClaimReview" in _types(value) else []


def _text(value: Any) -> str:
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _actor(value: Any, fallback: str) -> ImportedActor | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if not isinstance(value, dict):
        name = _text(value)
        return ImportedActor(slugify(name, fallback), name, CG.Person) if name else None
    name = _text(value.get("name"))
    url = _text(value.get("url"))
    label = name or (urlparse(url).hostname or "") or ""
    if not label:
        return None
    kind = CG.Person if "Person" in _types(value) else CG.Organisation
    aliases = []
    same = value.get("sameAs")
    for alias in same if isinstance(same, list) else [same]:
        if _text(alias):
            aliases.append(_text(alias))
    return ImportedActor(slugify(label, fallback), label, kind, aliases, url or None)


def _direction(review: Review) -> str | None:
    words = review.rating.strip().lower()
    if words in ATTACKING:
        return "attacks"
    if words in SUPPORTING:
        return "supports"
    try:
        value = float(review.value or "")
        best = float(review.best or "5")
        worst = float(review.worst or "1")
    except ValueError:
        return None
    if best == worst:
        return None
    share = (value - worst) / (best - worst)
    if share < 0.5:
        return "attacks"
    if share > 0.5:
        return "supports"
    return None


def import_claimreview(path: Path) -> list[ImportedDocument]:
    """Import every ClaimReview in one JSON-LD file, one document each."""
    source = read_json(path)
    found = _reviews(source, source.value)
    if not found:
        raise source.error('no ClaimReview object ("@type": "ClaimReview") in the file')
    documents = []
    for number, item in enumerate(found, start=1):
        slug = slugify(path.stem, "claimreview") + ("" if len(found) == 1 else f"-{number}")
        documents.append(_document(source, item, slug))
    return documents


def _document(source: JsonSource, item: dict[str, Any], slug: str) -> ImportedDocument:
    reviewed = _text(item.get("claimReviewed"))
    if not reviewed:
        raise source.error("a ClaimReview needs claimReviewed (the words reviewed)", "@type")
    reviewer = _actor(item.get("author"), f"{slug}-reviewer")
    if reviewer is None:
        raise source.error("a ClaimReview needs an author (the reviewing organisation)", "@type")
    rating = as_dict(source, item.get("reviewRating") or {}, "reviewRating", "reviewRating")
    review = Review(
        rating=_text(rating.get("alternateName")) or _text(rating.get("ratingValue")),
        value=_text(rating.get("ratingValue")) or None,
        best=_text(rating.get("bestRating")) or None,
        worst=_text(rating.get("worstRating")) or None,
        url=_text(item.get("url")) or None,
        date=_text(item.get("datePublished")) or None,
    )
    if not review.rating:
        raise source.error("a ClaimReview needs a reviewRating with a value or words", "@type")
    item_reviewed = item.get("itemReviewed")
    claimant = None
    if isinstance(item_reviewed, dict):
        claimant = _actor(item_reviewed.get("author"), f"{slug}-claimant")
    if claimant is None:
        claimant = ImportedActor(
            f"{slug}-unnamed-claimant", f"claimant not named in {source.path.name}", CG.ActorGroup
        )
    document = ImportedDocument(
        slug=slug,
        label=f"ClaimReview by {reviewer.label}",
        author=reviewer.slug,
        text="",
        source_format="ClaimReview JSON-LD",
        source_name=source.path.name,
        genre="fact-check",
        published=review.date if review.date and _DATE.match(review.date) else None,
        url=review.url,
    )
    document.add_actor(reviewer)
    document.add_actor(claimant)
    builder = TextBuilder()
    lead = "Claim reviewed: "
    reviewed_span = builder.add_line(lead + reviewed, len(lead))
    scale = f" (rating {review.value} of {review.best})" if review.value and review.best else ""
    lead = f"Rating by {reviewer.label}: "
    rating_span = builder.add_line(lead + review.rating + scale, len(lead))
    document.claims.append(
        ImportedClaim(
            key="claim-reviewed",
            label=reviewed,
            claimants=[claimant.slug],
            mode=CG.ReportedMode,
            spans=[reviewed_span],
            named_as=claimant.label,
        )
    )
    document.claims.append(
        ImportedClaim(
            key="rating",
            label=review.rating + scale,
            claimants=[reviewer.slug],
            mode=CG.DirectMode,
            spans=[rating_span],
            speech_act=CG.Characterisation,
            reviews=[review],
        )
    )
    direction = _direction(review)
    if direction is not None:
        document.links.append(
            ImportedLink(
                key="review",
                kind=direction,
                premises=["rating"],
                target="claim-reviewed",
                attack_kind=CG.DenialAttack if direction == "attacks" else None,
            )
        )
    document.text = builder.text()
    return document


def claimreview_items(documents: list[ImportedDocument]) -> list[dict[str, Any]]:
    """One ClaimReview for each claim that carries a review, with the claim it rates."""
    items: list[dict[str, Any]] = []
    for document in documents:
        for claim in document.claims:
            for review in claim.reviews:
                reviewer = document.actors.get(claim.claimants[0]) if claim.claimants else None
                rated = [
                    document.claim(link.target)
                    for link in document.links
                    if link.premises[0] == claim.key and not link.target_is_link
                ] or [c for c in document.claims if c.key != claim.key and not c.reviews][:1]
                if not rated:
                    continue
                target = rated[0]
                claimant = document.actors.get(target.claimants[0]) if target.claimants else None
                rating: dict[str, Any] = {"@type": "Rating", "alternateName": review.rating}
                for key, value in (
                    ("ratingValue", review.value),
                    ("bestRating", review.best),
                    ("worstRating", review.worst),
                ):
                    if value is not None:
                        rating[key] = value
                item: dict[str, Any] = {
                    "@context": "https://schema.org",
                    "@type": "ClaimReview",
                    "claimReviewed": target.label,
                    "reviewRating": rating,
                    "author": _actor_json(reviewer),
                }
                if review.url:
                    item["url"] = review.url
                if review.date:
                    item["datePublished"] = review.date
                item["itemReviewed"] = {"@type": "Claim", "author": _actor_json(claimant)}
                items.append(item)
    return items


def _actor_json(actor: ImportedActor | None) -> dict[str, Any]:
    if actor is None:
        return {"@type": "Organization"}
    kind = "Person" if actor.kind == CG.Person else "Organization"
    value: dict[str, Any] = {"@type": kind, "name": actor.label}
    if actor.url:
        value["url"] = actor.url
    if actor.aliases:
        value["sameAs"] = actor.aliases if len(actor.aliases) > 1 else actor.aliases[0]
    return value
