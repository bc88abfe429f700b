"""Defects planted on purpose, each giving exactly one validation result of a known shape.

:data:`DEFECT_KINDS` lists them; :class:`Planter` plants one in a document,
:func:`plant_shared_defects` the ones in the shared entities. Each planted defect becomes a
:class:`~claimgraph.synthetic.manifest.PlantedDefect` row of the manifest.
"""

from __future__ import annotations

from dataclasses import dataclass

from claimgraph.corpus.anchors import CONTEXT
from claimgraph.rdf.namespace import SHAPES
from claimgraph.synthetic.documents import Document, Span
from claimgraph.synthetic.manifest import PlantedDefect
from claimgraph.synthetic.turtle import CG_NAMESPACE, Block, iriref, lit
from claimgraph.synthetic.world import World


@dataclass(frozen=True)
class DefectKind:
    """A defect the generator can plant, and the validation result it must give."""

    name: str
    shape: str
    severity: str
    description: str


DEFECT_KINDS: tuple[DefectKind, ...] = (
    DefectKind(
        "anchor-quote-differs",
        "AnchorMatchesText",
        "Violation",
        "an anchor's cg:exact differs from the text between its offsets",
    ),
    DefectKind(
        "anchor-prefix-differs",
        "AnchorPrefixMatches",
        "Violation",
        "an anchor's cg:prefix differs from the text before it",
    ),
    DefectKind(
        "anchor-end-before-start",
        "AnchorOffsetsOrdered",
        "Violation",
        "an anchor's cg:end is before its cg:start",
    ),
    DefectKind(
        "anchor-suffix-too-long",
        "AnchorSuffix",
        "Violation",
        "an anchor's cg:suffix has 40 characters (taken from the text), more than 32",
    ),
    DefectKind(
        "claim-without-claimant", "ClaimHasClaimant", "Violation", "a claim has no cg:claimant"
    ),
    DefectKind("claim-without-mode", "ClaimMode", "Violation", "a claim has no cg:mode"),
    DefectKind(
        "speech-act-misspelt",
        "ClaimSpeechAct",
        "Violation",
        "a claim's cg:speechAct is cg:Assertoin, which is not a speech act",
    ),
    DefectKind(
        "reporter-not-author",
        "ReportedByIsDocumentAuthor",
        "Violation",
        "a reported claim's cg:reportedBy is an actor that is not the document's author",
    ),
    DefectKind(
        "rebuttal-attacks-itself", "NoSelfRebuttal", "Violation", "a rebuttal attacks itself"
    ),
    DefectKind(
        "rebuttal-of-own-claim",
        "RebuttalSameClaimant",
        "Warning",
        "a rebuttal also attacks a claim of its own claimant",
    ),
    DefectKind(
        "citation-without-intent",
        "CitationIntent",
        "Violation",
        "a citation has no cg:citationIntent",
    ),
    DefectKind("actor-without-label", "ActorLabel", "Violation", "an actor has no rdfs:label"),
    DefectKind(
        "event-date-plain-string",
        "EventDate",
        "Violation",
        "an event's cg:date is a plain string, not an xsd:date",
    ),
)
"""Every defect kind, each giving exactly one validation result of its shape."""

DOCUMENT_DEFECTS = tuple(k.name for k in DEFECT_KINDS[:11])
SHARED_DEFECTS = ("actor-without-label", "event-date-plain-string")


def _literal_nt(text: str) -> str:
    return lit(text)


class CannotPlantError(Exception):
    """This document has nothing a defect of the kind can be planted in."""


class Planter:
    """Plants the defects of one document, each giving exactly one validation result.

    :meth:`plant` checks that the document can host the defect before it changes anything,
    and raises :class:`CannotPlantError` otherwise.
    """

    def __init__(self, doc: Document, text: str, file: str) -> None:
        self.doc = doc
        self.text = text
        self.file = file

    def _result(self, kind: str, focus: str, value: str | None) -> PlantedDefect:
        spec = next(k for k in DEFECT_KINDS if k.name == kind)
        return PlantedDefect(kind, str(SHAPES[spec.shape]), spec.severity, focus, value, self.file)

    def _anchor_of(self, claim_iri: str) -> tuple[Block, Span]:
        block = self.doc.claims[claim_iri]
        anchor = block.objects("cg:anchor")[0][1:-1]
        return self.doc.anchors[anchor]

    def _can_plant(self, kind: str) -> bool:
        doc = self.doc
        if kind in ("anchor-quote-differs", "anchor-prefix-differs", "anchor-end-before-start"):
            return bool(doc.directs)
        if kind in ("claim-without-mode", "speech-act-misspelt"):
            return bool(doc.directs)
        if kind == "anchor-suffix-too-long":
            return any(self._anchor_of(c)[1].end + 40 <= len(self.text) for c in doc.directs)
        if kind == "claim-without-claimant":
            return bool(doc.reported)
        if kind == "reporter-not-author":
            return bool(doc.reported) and any(
                m.iri != doc.author.iri
                and iriref(m.iri) not in set(doc.claims[doc.reported[-1]].objects("cg:claimant"))
                for m in doc.world.ministries
            )
        if kind == "rebuttal-attacks-itself":
            return bool(doc.rebuttals)
        if kind == "rebuttal-of-own-claim":
            return bool(doc.rebuttals) and any(
                doc.claims[c].objects("cg:claimant") == [iriref(doc.author.iri)]
                for c in doc.directs
            )
        if kind == "citation-without-intent":
            return bool(doc.citations)
        raise AssertionError(f"unknown document defect {kind}")

    def plant(self, kind: str) -> PlantedDefect:
        if not self._can_plant(kind):
            raise CannotPlantError(kind)
        doc = self.doc
        text = self.text
        if kind in ("anchor-quote-differs", "anchor-prefix-differs", "anchor-end-before-start"):
            # Use a direct claim's anchor: each one a different claim (popped).
            claim = doc.directs.pop()
            block, span = self._anchor_of(claim)
            if kind == "anchor-quote-differs":
                exact = text[span.start : span.end]
                block.replace("cg:exact", lit(exact[:-1] + ("X" if exact[-1] != "X" else "Y")))
            elif kind == "anchor-prefix-differs":
                prefix = text[max(0, span.start - CONTEXT) : span.start]
                block.replace("cg:prefix", lit(("#" if prefix[0] != "#" else "%") + prefix[1:]))
            else:
                block.replace("cg:end", str(span.start - 1))
            return self._result(kind, f"<{doc.iri}>", block.subject)
        if kind == "anchor-suffix-too-long":
            for claim in reversed(doc.directs):
                block, span = self._anchor_of(claim)
                if span.end + 40 <= len(text):
                    doc.directs.remove(claim)
                    suffix = text[span.end : span.end + 40]
                    block.replace("cg:suffix", lit(suffix))
                    return self._result(kind, block.subject, _literal_nt(suffix))
            raise AssertionError("no anchor far enough from the end of the text")
        if kind == "claim-without-claimant":
            claim = doc.reported.pop()
            doc.claims[claim].drop("cg:claimant")
            return self._result(kind, f"<{claim}>", None)
        if kind == "claim-without-mode":
            claim = doc.directs.pop()
            doc.claims[claim].drop("cg:mode")
            return self._result(kind, f"<{claim}>", None)
        if kind == "speech-act-misspelt":
            claim = doc.directs.pop()
            doc.claims[claim].replace("cg:speechAct", "cg:Assertoin")
            return self._result(kind, f"<{claim}>", f"<{CG_NAMESPACE}Assertoin>")
        if kind == "reporter-not-author":
            claim = doc.reported.pop()
            block = doc.claims[claim]
            claimants = set(block.objects("cg:claimant"))
            other = next(
                m
                for m in doc.world.ministries
                if m.iri != doc.author.iri and iriref(m.iri) not in claimants
            )
            block.replace("cg:reportedBy", iriref(other.iri))
            return self._result(kind, f"<{claim}>", iriref(other.iri))
        if kind == "rebuttal-attacks-itself":
            rebuttal = doc.rebuttals.pop()
            doc.claims[rebuttal].add("cg:attacks", f"<{rebuttal}>")
            return self._result(kind, f"<{rebuttal}>", f"<{rebuttal}>")
        if kind == "rebuttal-of-own-claim":
            rebuttal = doc.rebuttals.pop()
            own = next(
                c
                for c in doc.directs
                if doc.claims[c].objects("cg:claimant") == [iriref(doc.author.iri)]
            )
            doc.directs.remove(own)
            doc.claims[rebuttal].add("cg:attacks", f"<{own}>")
            return self._result(kind, f"<{rebuttal}>", f"<{own}>")
        if kind == "citation-without-intent":
            citation = doc.citations.pop()
            citation.drop("cg:citationIntent")
            return self._result(kind, citation.subject, None)
        raise AssertionError(f"unknown document defect {kind}")


def plant_shared_defects(world: World, defects_per_kind: int) -> list[PlantedDefect]:
    """Plant the shared entities' defects: actors without a label, events with a plain date.

    ``defects_per_kind`` of each kind, in the world's blocks, before they are written.
    """
    planted: list[PlantedDefect] = []
    for number in range(defects_per_kind):
        target = world.others[(number * 7) % len(world.others)]
        if not target.block.objects("rdfs:label"):
            target = next(a for a in world.others if a.block.objects("rdfs:label"))
        target.block.drop("rdfs:label")
        planted.append(
            PlantedDefect(
                "actor-without-label",
                str(SHAPES["ActorLabel"]),
                "Violation",
                iriref(target.iri),
                None,
                "shared/actors.trig",
            )
        )
        event_index = world.dated_events[number % len(world.dated_events)]
        block = world.event_blocks[event_index]
        date = block.objects("cg:date")[0].split('"')[1]
        block.replace("cg:date", lit(date))
        planted.append(
            PlantedDefect(
                "event-date-plain-string",
                str(SHAPES["EventDate"]),
                "Violation",
                block.subject,
                lit(date),
                "shared/events-places.trig",
            )
        )
    return planted
