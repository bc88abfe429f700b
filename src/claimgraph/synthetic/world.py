"""The made-up world a corpus talks about: polities, ministries, persons, authorities and
their acts, events, places, topics and context facts, all shared by the documents.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from claimgraph.rdf.namespace import (
    ACT,
    ACTOR,
    AUTHORITY,
    EVENT,
    PLACE,
    POSITION,
    TOPIC,
)
from claimgraph.synthetic.turtle import Block, iriref, lit, typed
from claimgraph.synthetic.vocabulary import ACCENTED, FIRST_NAMES, MONTHS, SYLLABLES


@dataclass
class Actor:
    """A made-up actor (polity, ministry, organisation, group or person) and its block."""

    iri: str
    label: str
    aliases: list[str]
    kind: str  # Polity, Organisation, Person, ActorGroup
    block: Block


@dataclass
class Authority:
    """A made-up authority and the acts documents may cite."""

    iri: str
    label: str
    alias: str
    acts: list[tuple[str, str]]  # (act IRI, act label)


@dataclass
class ClaimRecord:
    """A direct claim made earlier, which a later document may rebut or claim again."""

    iri: str
    claimant: str


@dataclass
class World:
    """The shared entities every document of a corpus draws on, and its random source."""

    rng: random.Random
    seed: int
    size: int
    polities: list[Actor] = field(default_factory=list)
    ministries: list[Actor] = field(default_factory=list)  # authors of documents
    others: list[Actor] = field(default_factory=list)  # other organisations, groups, persons
    positions: list[Block] = field(default_factory=list)
    authorities: list[Authority] = field(default_factory=list)
    authority_blocks: list[Block] = field(default_factory=list)
    events: list[tuple[str, str]] = field(default_factory=list)  # (IRI, label)
    event_blocks: list[Block] = field(default_factory=list)
    dated_events: list[int] = field(default_factory=list)  # indices with a plain cg:date
    places: list[tuple[str, str, str]] = field(default_factory=list)  # (IRI, label, alias)
    place_blocks: list[Block] = field(default_factory=list)
    topics: list[tuple[str, str]] = field(default_factory=list)  # (IRI, label)
    topic_blocks: list[Block] = field(default_factory=list)
    context_blocks: list[Block] = field(default_factory=list)
    names: set[str] = field(default_factory=set)
    # Direct claims each author has made, for rebuttals across documents (bounded).
    direct_claims: dict[str, list[ClaimRecord]] = field(default_factory=dict)
    documents: list[str] = field(default_factory=list)

    def name(self, parts: int = 3) -> str:
        """A made-up proper name, never the same twice."""
        for _ in range(1000):
            word = "".join(self.rng.choice(SYLLABLES) for _ in range(parts)).capitalize()
            if word not in self.names:
                self.names.add(word)
                return word
        word = f"{self.rng.choice(SYLLABLES).capitalize()}{len(self.names)}"
        self.names.add(word)
        return word


def slug(text: str) -> str:
    """``text`` in lower case with hyphens, for an IRI."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def build_world(rng: random.Random, seed: int, size: int, documents: int) -> World:
    """The made-up world for a corpus of about ``documents`` documents."""
    world = World(rng=rng, seed=seed, size=size)
    n_polities = max(4, documents // 40)
    for _ in range(n_polities):
        name = world.name()
        iri = str(ACTOR[f"synthetic-{slug(name)}"])
        adjective = name + "n"
        aliases = [f"the {adjective} side", f"official {name}"]
        block = Block(iriref(iri)).add("a", "cg:Polity")
        block.add("rdfs:label", lit(f"{name}, a synthetic polity"))
        block.add("cg:alias", *(lit(a) for a in aliases))
        polity = Actor(iri, name, aliases, "Polity", block)
        world.polities.append(polity)
        # Every polity has a foreign ministry that authors documents, a presidential
        # office, and a spokesperson holding a position in the ministry.
        mfa = f"Ministry of Foreign Affairs of {name}"
        mfa_iri = str(ACTOR[f"synthetic-{slug(name)}-mfa"])
        mfa_aliases = [f"the {adjective} Foreign Ministry", f"the MFA of {name}"]
        mfa_block = Block(iriref(mfa_iri)).add("a", "cg:Organisation")
        mfa_block.add("rdfs:label", lit(f"{mfa}, synthetic"))
        mfa_block.add("cg:alias", *(lit(a) for a in mfa_aliases))
        mfa_block.add("cg:subOrganisationOf", iriref(iri))
        world.ministries.append(Actor(mfa_iri, mfa, mfa_aliases, "Organisation", mfa_block))
        office_iri = str(ACTOR[f"synthetic-{slug(name)}-presidential-office"])
        office_block = Block(iriref(office_iri)).add("a", "cg:Organisation")
        office_block.add("rdfs:label", lit(f"Office of the President of {name}, synthetic"))
        office_block.add("cg:subOrganisationOf", iriref(iri))
        world.others.append(
            Actor(office_iri, "Office of the President", [], "Organisation", office_block)
        )
        person = f"{rng.choice(FIRST_NAMES + list(ACCENTED))} {world.name(2)}"
        person_iri = str(ACTOR[f"synthetic-{slug(person)}"])
        position_iri = str(POSITION[f"synthetic-spokesperson-{slug(name)}-mfa"])
        person_block = Block(iriref(person_iri)).add("a", "cg:Person")
        person_block.add("rdfs:label", lit(f"{person}, a synthetic person"))
        person_block.add("cg:holdsPosition", iriref(position_iri))
        person_block.add("cg:memberOf", iriref(mfa_iri))
        world.others.append(Actor(person_iri, person, [], "Person", person_block))
        position_block = Block(iriref(position_iri)).add("a", "cg:Position")
        position_block.add("rdfs:label", lit(f"spokesperson of the {mfa}, synthetic"))
        position_block.add("cg:positionIn", iriref(mfa_iri))
        world.positions.append(position_block)
    for index in range(max(2, n_polities // 4)):
        group = f"Contact Group {world.name(2)}"
        iri = str(ACTOR[f"synthetic-{slug(group)}"])
        block = Block(iriref(iri)).add("a", "cg:ActorGroup")
        block.add("rdfs:label", lit(f"{group}, a synthetic group of states"))
        block.add("cg:alias", lit(f"the co-chairs of the {group}"))
        world.others.append(
            Actor(iri, group, [f"the co-chairs of the {group}"], "ActorGroup", block)
        )
        # Some polities' ministries are members of a contact group.
        for member in world.ministries[index::4][:3]:
            member.block.add("cg:memberOf", iriref(iri))

    kinds = (
        ("Court", "International Tribunal of {n}", "the Tribunal", "Decision", "ruling"),
        ("UNOrgan", "World Assembly Council on {n}", "the Council", "Meeting", "meeting"),
        (
            "InternationalOrganisation",
            "Organisation for Cooperation in {n}",
            "the Organisation",
            "PublicStatement",
            "statement",
        ),
        ("TreatyOrDeclaration", "Declaration of {n}", "the Declaration", "Provision", "article"),
        ("BodyOfNorms", "law of {n} waters", "that law", "Provision", "principle"),
    )
    for index in range(max(5, documents // 25)):
        kind, pattern, alias, act_kind, act_word = kinds[index % len(kinds)]
        label = pattern.format(n=world.name())
        iri = str(AUTHORITY[f"synthetic-{slug(label)}"])
        block = Block(iriref(iri)).add("a", f"cg:{kind}")
        block.add("rdfs:label", lit(f"{label}, synthetic"))
        block.add("cg:alias", lit(f"{alias} of {label.rsplit(' ', 1)[-1]}"))
        world.authority_blocks.append(block)
        acts = []
        for number in range(3):
            year = 2015 + rng.randrange(10)
            month = 1 + rng.randrange(12)
            day = 1 + rng.randrange(28)
            act_label = (
                f"{act_word} {number + 1} of the {label} of {day} {MONTHS[month - 1]} {year}"
            )
            act_iri = str(ACT[f"synthetic-{slug(label)}-{act_word}-{number + 1}"])
            act_block = Block(iriref(act_iri)).add("a", f"cg:{act_kind}")
            act_block.add("rdfs:label", lit(f"{act_label}, synthetic"))
            act_block.add("cg:actOf", iriref(iri))
            act_block.add("cg:date", typed(f"{year:04d}-{month:02d}-{day:02d}", "date"))
            world.authority_blocks.append(act_block)
            acts.append((act_iri, act_label))
        world.authorities.append(
            Authority(iri, label, f"{alias} of {label.rsplit(' ', 1)[-1]}", acts)
        )

    for _ in range(max(6, documents // 8)):
        name = world.name()
        kind = rng.choice(("Corridor", "Valley", "Pass", "Bridge", "Harbour"))
        label = f"{name} {kind}"
        iri = str(PLACE[f"synthetic-{slug(label)}"])
        alias = f"{name}e {kind}"  # a second spelling, as sources have
        block = Block(iriref(iri)).add("a", "cg:Place")
        block.add("rdfs:label", lit(f"{label}, a synthetic place"))
        block.add("cg:alias", lit(label), lit(alias))
        world.places.append((iri, label, alias))
        world.place_blocks.append(block)

    for index in range(max(6, documents // 5)):
        place_iri, place_label, _ = world.places[index % len(world.places)]
        kind = ("blockade", "talks", "ceasefire", "hearings", "convoy")[index % 5]
        label = f"{kind} at the {place_label}"
        if any(label == existing for _, existing in world.events):
            label = f"{label} {index}"
        iri = str(EVENT[f"synthetic-{slug(label)}"])
        block = Block(iriref(iri)).add("a", "cg:Event")
        block.add("rdfs:label", lit(f"{label}, a synthetic event"))
        block.add("cg:place", iriref(place_iri))
        year = 2016 + rng.randrange(9)
        month = 1 + rng.randrange(12)
        if index % 3 == 0:
            block.add("cg:startDate", typed(f"{year:04d}-{month:02d}", "gYearMonth"))
            block.add("cg:endDate", typed(f"{year + 1:04d}", "gYear"))
        elif index % 3 == 1:
            block.add(
                "cg:date", typed(f"{year:04d}-{month:02d}-{1 + rng.randrange(28):02d}", "date")
            )
            world.dated_events.append(index)
        else:
            # The date is not in any text: the context graph has it, with its source.
            context = Block(iriref(iri))
            context.add("cg:startDate", typed(f"{year:04d}-{month:02d}", "gYearMonth"))
            context.add("cg:contextSource", lit(f"synthetic public record entry {index}"))
            world.context_blocks.append(context)
        participant = rng.choice(world.polities)
        block.add("cg:participant", iriref(participant.iri))
        world.events.append((iri, label))
        world.event_blocks.append(block)

    scheme = str(TOPIC["synthetic-scheme"])
    scheme_block = Block(iriref(scheme)).add("a", "cg:TopicScheme", "skos:ConceptScheme")
    scheme_block.add("rdfs:label", lit("synthetic topics"))
    scheme_block.add("skos:prefLabel", lit("synthetic topics"))
    world.topic_blocks.append(scheme_block)
    subjects = (
        "border security",
        "humanitarian access",
        "energy supplies",
        "minority rights",
        "prisoners of war",
        "mine clearance",
        "refugee return",
        "cultural heritage",
        "freedom of movement",
        "peace talks",
        "water resources",
        "transport links",
    )
    for index in range(max(12, documents // 20)):
        label = subjects[index % len(subjects)]
        if index >= len(subjects):
            label = f"{label} in the {world.places[index % len(world.places)][1]}"
        iri = str(TOPIC[f"synthetic-{slug(label)}"])
        block = Block(iriref(iri)).add("a", "cg:Topic", "skos:Concept")
        block.add("skos:prefLabel", lit(label))
        block.add("skos:inScheme", iriref(scheme))
        world.topics.append((iri, label))
        world.topic_blocks.append(block)
    return world
