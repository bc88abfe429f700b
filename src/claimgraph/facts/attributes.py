"""What every view and projection shows of a claim, and the pairs the networks count.

The exports (:mod:`claimgraph.export`) and the analysis's projections
(:mod:`claimgraph.analysis.projections`) both read these, so a claim has the same
attributes, and an actor the same colour, in every picture and every graph file.
Each actor's colour comes from the SHA-256 of its IRI; colours tell actors apart and say
nothing about them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from functools import lru_cache

from claimgraph.facts.model import CitationFact, ClaimFact, Facts

ACTOR_PALETTE: tuple[str, ...] = (
    "#ffed6f",  # yellow
    "#fdb462",  # orange
    "#bebada",  # lavender
    "#8dd3c7",  # teal
    "#fccde5",  # pink
    "#d8b365",  # ochre
    "#80b1d3",  # blue
    "#e5d8bd",  # beige
    "#bc80bd",  # purple
    "#c6dbef",  # pale blue
)
"""Fills for actors (after ColorBrewer's Set3, without its reds, greens and grey). Changing
this list changes every actor's colour. Ten colours cannot keep every pair of actors apart:
two actors may share a fill, which is why every claim's label also names its claimant."""

NO_ACTOR_COLOUR = "#ffffff"


@lru_cache(maxsize=1 << 12)  # claims share their actors: one digest per actor
def actor_colour(iri: str) -> str:
    """The fill colour of the actor ``iri``: the same in every view and every run."""
    digest = hashlib.sha256(iri.encode("utf-8")).digest()
    return ACTOR_PALETTE[int.from_bytes(digest[:8], "big") % len(ACTOR_PALETTE)]


def claim_attributes(claim: ClaimFact, facts: Facts) -> dict[str, str]:
    """A claim's attributes as every view and projection shows them (all strings)."""
    return {
        "kind": "rebuttal" if claim.is_rebuttal else "claim",
        "label": claim.label,
        "claimant": "; ".join(facts.label(a) for a in claim.claimants),
        "document": " ".join(claim.documents),
        "quote": claim.quote,
        "iri": claim.iri,
        "colour": actor_colour(claim.claimants[0]) if claim.claimants else NO_ACTOR_COLOUR,
        "named_as": "; ".join(claim.named_as),
        "mode": facts.label(claim.mode) if claim.mode else "",
        "speech_act": facts.label(claim.speech_act) if claim.speech_act else "",
        "attack_kind": "; ".join(facts.label(k) for k in claim.attack_kinds),
        "topics": " ".join(claim.topics),
    }


def rebuttal_pairs(facts: Facts) -> Iterator[tuple[str, str, ClaimFact, ClaimFact]]:
    """Who rebuts whom: ``(rebutter, rebutted actor, rebuttal, attacked claim)`` for each
    attack link and each claimant of either end, in the order of the links.

    Each is one edge record of the actor network (the analysis counts them the same way).
    """
    for link in facts.links:
        if link.kind != "attacks":
            continue
        rebuttal, attacked = facts.claims[link.source], facts.claims[link.target]
        for rebutter in rebuttal.claimants:
            for target in attacked.claimants:
                yield rebutter, target, rebuttal, attacked


def citation_pairs(facts: Facts) -> Iterator[tuple[str, CitationFact, ClaimFact]]:
    """Who cites what: ``(actor, citation, citing claim)`` for each citation and each
    claimant of the citing claim.

    Each is one edge record of the authority network (the analysis counts them the same way).
    """
    for citation in facts.citations:
        claim = facts.claims[citation.claim]
        for actor in claim.claimants:
            yield actor, citation, claim
