"""One generated document: a text built sentence by sentence, with the claims, rebuttals,
supports and citations it reports, each anchored to the exact span of the text it quotes.
"""

from __future__ import annotations

from dataclasses import dataclass

from claimgraph.corpus.anchors import CONTEXT
from claimgraph.rdf.namespace import ANCHOR, CITATION, CLAIM, DOC, GRAPH
from claimgraph.synthetic.turtle import Block, iriref, lit
from claimgraph.synthetic.vocabulary import (
    CITATION_VERBS,
    DIRECT,
    DIRECT_ACTS,
    FRAMINGS,
    PROPOSITIONS,
)
from claimgraph.synthetic.world import Actor, ClaimRecord, World


@dataclass
class Span:
    """Where a piece lies in a text: ``start`` and ``end`` offsets."""

    start: int
    end: int


class Text:
    """A text built piece by piece, remembering where each quoted span lies."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def add(self, piece: str) -> Span:
        start = self.length
        self.parts.append(piece)
        self.length += len(piece)
        return Span(start, self.length)

    def value(self) -> str:
        return "".join(self.parts)


class Document:
    """One generated document: its text, its statements, and what defects can use."""

    def __init__(self, world: World, index: int) -> None:
        self.world = world
        self.index = index
        self.slug = f"synthetic-d{index:06d}"
        self.iri = str(DOC[self.slug])
        self.graph = str(GRAPH[f"doc/{self.slug}"])
        self.author = world.ministries[index % len(world.ministries)]
        polities = [p for p in world.polities if p.label not in self.author.label]
        self.opponent = world.rng.choice(polities or world.polities)
        self.text = Text()
        self.blocks: list[Block] = []
        self.anchors: dict[str, tuple[Block, Span]] = {}
        self.claims: dict[str, Block] = {}
        self.reported: list[str] = []
        self.directs: list[str] = []
        self.rebuttals: list[str] = []
        self.citations: list[Block] = []
        self.count = 0

    # -- pieces ------------------------------------------------------------------------------

    def proposition(self) -> tuple[str, dict[str, str]]:
        rng = self.world.rng
        place = rng.choice(self.world.places)
        event = rng.choice(self.world.events)
        topic = rng.choice(self.world.topics)
        polity = rng.choice(self.world.polities)
        template = rng.choice(PROPOSITIONS)
        text = template.format(
            place=rng.choice((place[1], place[2])),
            event=event[1],
            topic=topic[1],
            polity=polity.label,
        )
        links: dict[str, str] = {}
        if "{place}" in template:
            links["about"] = place[0]
        if "{event}" in template:
            links["event"] = event[0]
        links["topic"] = topic[0]
        if "{polity}" in template:
            links["polity"] = polity.iri
        return text, links

    def new_claim(
        self,
        kind: str,
        *,
        claimant: Actor,
        named_as: str | None,
        mode: str,
        speech_act: str,
        label: str,
        span: Span,
        links: dict[str, str],
    ) -> Block:
        self.count += 1
        slug = f"{self.slug}-c{self.count:03d}"
        iri = str(CLAIM[slug])
        block = Block(iriref(iri)).add("a", f"cg:{kind}")
        block.add("rdfs:label", lit(label))
        block.add("cg:claimant", iriref(claimant.iri))
        if named_as:
            block.add("cg:claimantNamedAs", lit(named_as))
        block.add("cg:reportedIn", iriref(self.iri))
        block.add("cg:reportedBy", iriref(self.author.iri))
        block.add("cg:mode", f"cg:{mode}")
        block.add("cg:speechAct", f"cg:{speech_act}")
        if "about" in links:
            block.add("cg:about", iriref(links["about"]))
        if "event" in links:
            block.add("cg:refersToEvent", iriref(links["event"]))
        if "topic" in links:
            block.add("cg:topic", iriref(links["topic"]))
        anchor_iri = str(ANCHOR[slug])
        block.add("cg:anchor", iriref(anchor_iri))
        self.blocks.append(block)
        self.claims[iri] = block
        self.anchor(anchor_iri, span)
        return block

    def anchor(self, iri: str, span: Span) -> None:
        block = Block(iriref(iri)).add("a", "cg:QuoteAnchor")
        block.add("cg:inDocument", iriref(self.iri))
        self.blocks.append(block)
        self.anchors[iri] = (block, span)

    # -- sentences -----------------------------------------------------------------------------

    def reported_and_rebutted(self) -> None:
        alias = self.world.rng.choice(self.opponent.aliases)
        prop, links = self.proposition()
        self.text.add(" ")
        begin = self.text.add(f"The claims of {alias} that ")
        quote = self.text.add(prop)
        end = self.text.add(" are untrue.")
        reported = self.new_claim(
            "Claim",
            claimant=self.opponent,
            named_as=alias,
            mode="ReportedMode",
            speech_act="Assertion",
            label=prop,
            span=quote,
            links=links,
        )
        rebuttal = self.new_claim(
            "Rebuttal",
            claimant=self.author,
            named_as=None,
            mode="DirectMode",
            speech_act="Denial",
            label=f"The claims of {alias} that {prop} are untrue",
            span=Span(begin.start, end.end),
            links={"topic": links["topic"]},
        )
        rebuttal.add("cg:attacks", reported.subject)
        rebuttal.add("cg:attackKind", "cg:DenialAttack")
        self.reported.append(reported.subject[1:-1])
        self.rebuttals.append(rebuttal.subject[1:-1])
        self.same_proposition(reported)

    def same_proposition(self, reported: Block) -> None:
        # The opponent may have claimed it in its own document: link the two claims.
        ministry = self.opponent_ministry()
        earlier = self.world.direct_claims.get(ministry.iri) if ministry else None
        if earlier and self.world.rng.random() < 0.3:
            reported.add("cg:sameProposition", iriref(self.world.rng.choice(earlier).iri))

    def implied_and_reframed(self) -> None:
        rng = self.world.rng
        alias = rng.choice(self.opponent.aliases)
        place = rng.choice(self.world.places)
        framing = rng.choice(FRAMINGS)
        self.text.add(" ")
        begin = self.text.add(f"The attempts of {alias} to ")
        quote = self.text.add(f"present the situation at the {place[1]} as {framing}")
        end = self.text.add(" ignore the facts on the ground.")
        implied = self.new_claim(
            "Claim",
            claimant=self.opponent,
            named_as=alias,
            mode="ImpliedMode",
            speech_act="Characterisation",
            label=f"present the situation at the {place[1]} as {framing}",
            span=quote,
            links={"about": place[0]},
        )
        rebuttal = self.new_claim(
            "Rebuttal",
            claimant=self.author,
            named_as=None,
            mode="DirectMode",
            speech_act="Rejection",
            label="the attempts ... ignore the facts on the ground",
            span=Span(begin.start, end.end),
            links={"about": place[0]},
        )
        rebuttal.add("cg:attacks", implied.subject)
        rebuttal.add("cg:attackKind", "cg:ReframingAttack", "cg:MotiveAttack")
        self.rebuttals.append(rebuttal.subject[1:-1])

    def direct(self) -> Block:
        rng = self.world.rng
        prop, links = self.proposition()
        template = rng.choice(DIRECT)
        lead = template.split(" {prop}")[0]
        self.text.add(" ")
        span = self.text.add(template.format(prop=prop))
        # A ministry speaks for its polity now and then ("We ...").
        own = rng.random() < 0.8
        claimant = self.author if own else self._polity_of_author()
        claim = self.new_claim(
            "Claim",
            claimant=claimant,
            named_as="We" if lead.startswith("We") else None,
            mode="DirectMode",
            speech_act=DIRECT_ACTS[lead],
            label=prop,
            span=Span(span.start, span.end - 1),
            links=links,
        )
        self.directs.append(claim.subject[1:-1])
        if own:
            record = ClaimRecord(claim.subject[1:-1], self.author.iri)
            bucket = self.world.direct_claims.setdefault(self.author.iri, [])
            bucket.append(record)
            del bucket[:-50]
        return claim

    def opponent_ministry(self) -> Actor | None:
        wanted = f"Ministry of Foreign Affairs of {self.opponent.label}"
        return next(
            (m for m in self.world.ministries if m.label == wanted and m.iri != self.author.iri),
            None,
        )

    def _polity_of_author(self) -> Actor:
        for polity in self.world.polities:
            if self.author.label.endswith(f"of {polity.label}"):
                return polity
        return self.author

    def supported(self, claim: Block) -> None:
        prop, links = self.proposition()
        self.text.add(" ")
        span = self.text.add(f"For this reason, {prop}.")
        support = self.new_claim(
            "Claim",
            claimant=self.author,
            named_as=None,
            mode="DirectMode",
            speech_act="Assertion",
            label=prop,
            span=Span(span.start + 17, span.end - 1),
            links=links,
        )
        support.add("cg:supports", claim.subject)
        self.directs.append(support.subject[1:-1])

    def cited(self) -> None:
        rng = self.world.rng
        authority = rng.choice(self.world.authorities)
        act_iri, act_label = rng.choice(authority.acts)
        prop, links = self.proposition()
        verb = rng.choice(CITATION_VERBS)
        self.text.add(" ")
        claim_span = self.text.add(prop[0].upper() + prop[1:])
        self.text.add(", ")
        name = rng.choice((authority.label, authority.alias))
        cite_span = self.text.add(f"as {name} {verb} its {act_label}")
        self.text.add(".")
        claim = self.new_claim(
            "Claim",
            claimant=self.author,
            named_as=None,
            mode="DirectMode",
            speech_act="Assertion",
            label=prop,
            span=claim_span,
            links=links,
        )
        self.directs.append(claim.subject[1:-1])
        citation_iri = str(
            CITATION[f"{claim.subject[1:-1].rsplit('/', 1)[1]}-{authority.iri.rsplit('/', 1)[1]}"]
        )
        block = Block(iriref(citation_iri)).add("a", "cg:Citation")
        block.add("cg:citingClaim", claim.subject)
        block.add("cg:citedAuthority", iriref(authority.iri))
        block.add("cg:citedAct", iriref(act_iri))
        block.add("cg:citationIntent", rng.choice(("cg:AsAuthority", "cg:AsEvidence")))
        block.add("cg:pinpoint", lit(f"its {act_label}"))
        anchor_iri = citation_iri.replace(str(CITATION), str(ANCHOR))
        block.add("cg:anchor", iriref(anchor_iri))
        self.blocks.append(block)
        self.citations.append(block)
        self.anchor(anchor_iri, cite_span)

    def rebut_earlier(self) -> bool:
        """Rebut a claim the opponent made in its own earlier document."""
        ministry = self.opponent_ministry()
        if ministry is not None:
            earlier = self.world.direct_claims.get(ministry.iri)
            if not earlier:
                return False
            target = self.world.rng.choice(earlier)
            name = self.world.rng.choice(ministry.aliases)
            self.text.add(" ")
            span = self.text.add(f"What {name} wrote in its earlier statement is false.")
            rebuttal = self.new_claim(
                "Rebuttal",
                claimant=self.author,
                named_as=None,
                mode="DirectMode",
                speech_act="Denial",
                label=f"What {name} wrote in its earlier statement is false",
                span=Span(span.start, span.end - 1),
                links={},
            )
            rebuttal.add("cg:attacks", iriref(target.iri))
            rebuttal.add("cg:attackKind", "cg:CounterEvidenceAttack")
            self.rebuttals.append(rebuttal.subject[1:-1])
            return True
        return False

    # -- the whole document --------------------------------------------------------------------

    def write_text(self, claims_wanted: int) -> str:
        rng = self.world.rng
        world = self.world
        self.text.add(
            f"SYNTHETIC TEXT generated by claimgraph with seed {world.seed}; "
            "not a real statement.\n"
        )
        self.text.add(f"Synthetic statement {self.index} of the {self.author.label}\n")
        while self.count < claims_wanted:
            self.text.add("\n")
            for _ in range(rng.randrange(2, 5)):
                choice = rng.random()
                if choice < 0.3:
                    self.reported_and_rebutted()
                elif choice < 0.42:
                    self.implied_and_reframed()
                elif choice < 0.62:
                    self.supported(self.direct())
                elif choice < 0.82:
                    self.cited()
                elif choice < 0.9 and self.rebut_earlier():
                    pass
                else:
                    self.direct()
        self.text.add("\n")
        return self.text.value()

    def finish(self, text: str) -> None:
        for block, span in self.anchors.values():
            block.add("cg:exact", lit(text[span.start : span.end]))
            block.add("cg:start", str(span.start))
            block.add("cg:end", str(span.end))
            block.add("cg:prefix", lit(text[max(0, span.start - CONTEXT) : span.start]))
            block.add("cg:suffix", lit(text[span.end : span.end + CONTEXT]))
