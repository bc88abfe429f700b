"""Synthetic corpora for scale tests and benchmarks, shaped like real claim graphs.

:func:`generate_corpus` writes a data folder in the layout of the project's ``data/``
(``documents/*.trig``, ``shared/*.trig``, ``context/*.trig``, ``sources/*.txt``) with
generated texts and claims whose quotes and offsets verify against those texts: reported,
implied and direct claims, rebuttals within and across documents, supports, the same
proposition claimed again, citations of a shared pool of authorities and their acts, and a
shared pool of actors with positions, memberships and aliases.

Everything is labelled synthetic: every IRI slug starts with ``synthetic-``, every text
opens with a line saying it is generated, every document and shared entity label says
"synthetic", and every file opens with a comment saying so. The world is made up (names
are built from syllables), so nothing in it is a statement about real actors.

The output depends only on the seed and the size. A corpus conforms to the data shapes
except for the defects planted on purpose: :data:`DEFECT_KINDS` lists them, each with the
one validation result it must give, and ``synthetic-manifest.json`` lists every defect
planted, so a validation report can be checked exactly against it.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from claimgraph.corpus.anchors import CONTEXT
from claimgraph.corpus.protected import project_protected
from claimgraph.errors import InputError, OutputError
from claimgraph.progress import Progress, no_progress
from claimgraph.rdf.namespace import (
    ACT,
    ACTOR,
    ANCHOR,
    AUTHORITY,
    CITATION,
    CLAIM,
    DOC,
    EVENT,
    GRAPH,
    PLACE,
    POSITION,
    SHAPES,
    TOPIC,
)
from claimgraph.rdf.output import check_output_folder

GENERATOR = "claimgraph.synthetic 1"
"""Names the generator and its version in every manifest; bump it when output changes."""

MANIFEST = "synthetic-manifest.json"
"""The manifest file written at the top of a generated data folder."""
README = "README.txt"
_SUBFOLDERS = ("documents", "shared", "sources", "context")

SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000, "5M": 5_000_000}
"""The named sizes (number of triples, approximately)."""

_CG = "https://w3id.org/claimgraph/ontology#"
_XSD = "http://www.w3.org/2001/XMLSchema#"


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

_DOCUMENT_DEFECTS = tuple(k.name for k in DEFECT_KINDS[:11])
_SHARED_DEFECTS = ("actor-without-label", "event-date-plain-string")


@dataclass(frozen=True)
class PlantedDefect:
    """One defect planted in a generated corpus and the validation result it must give.

    ``focus`` and ``value`` are N-Triples terms (``<iri>`` or a literal); ``value`` is
    None where the result has no value (a missing property).
    """

    kind: str
    shape: str
    severity: str
    focus: str
    value: str | None
    file: str


@dataclass
class GeneratedCorpus:
    """What :func:`generate_corpus` wrote."""

    folder: Path
    seed: int
    size: int
    documents: int
    triples: int
    """Triples written (the loader adds one more per document: its cg:text)."""
    files: int
    defects: list[PlantedDefect] = field(default_factory=list)
    samples: dict[str, str] = field(default_factory=dict)
    """Example values for the query library's parameters (an actor, a place name ...)."""

    def manifest(self) -> dict[str, object]:
        """The manifest written as ``synthetic-manifest.json``."""
        return {
            "synthetic": True,
            "note": "SYNTHETIC DATA generated by claimgraph; no statement in it is real.",
            "generator": GENERATOR,
            "seed": self.seed,
            "size": self.size,
            "documents": self.documents,
            "triples": self.triples,
            "files": self.files,
            "samples": self.samples,
            "defects": [asdict(d) for d in self.defects],
        }


def parse_size(text: str) -> int:
    """A size as ``10k``, ``1M``, ``2.5M`` or a plain number of triples."""
    if text in SIZES:
        return SIZES[text]
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kKmM]?)\s*", text)
    if not match:
        raise InputError(f"{text!r} is not a size", hint="e.g. 10k, 100k, 1M, 5M or 250000")
    number = float(match[1]) * {"": 1, "k": 1_000, "m": 1_000_000}[match[2].lower()]
    if number < 2_000:
        raise InputError(f"size {text} is too small", hint="at least 2000 triples")
    return int(number)


def size_name(size: int) -> str:
    """``1M`` for 1,000,000 and so on: the short name of a size."""
    for name, value in SIZES.items():
        if value == size:
            return name
    if size % 1_000_000 == 0:
        return f"{size // 1_000_000}M"
    if size % 1_000 == 0:
        return f"{size // 1_000}k"
    return str(size)


def default_defects_per_kind(size: int) -> int:
    """How many defects of each kind a corpus of ``size`` triples gets by default."""
    if size < 50_000:
        return 1
    if size < 500_000:
        return 2
    if size < 2_000_000:
        return 5
    return 10


# --- Turtle/TriG writing ------------------------------------------------------------------

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_ESCAPE_RE = re.compile(r'[\\"\n\r\t]')


def _lit(text: str) -> str:
    return '"' + _ESCAPE_RE.sub(lambda m: _ESCAPES[m[0]], text) + '"'


def _typed(text: str, datatype: str) -> str:
    return f"{_lit(text)}^^xsd:{datatype}"


def _iri(iri: str) -> str:
    return f"<{iri}>"


_PREFIXES = (
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
    "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
    f"@prefix cg: <{_CG}> .\n"
    f"@prefix actor: <{ACTOR}> .\n"
    f"@prefix position: <{POSITION}> .\n"
    f"@prefix doc: <{DOC}> .\n"
    f"@prefix claim: <{CLAIM}> .\n"
    f"@prefix anchor: <{ANCHOR}> .\n"
    f"@prefix citation: <{CITATION}> .\n"
    f"@prefix authority: <{AUTHORITY}> .\n"
    f"@prefix act: <{ACT}> .\n"
    f"@prefix event: <{EVENT}> .\n"
    f"@prefix place: <{PLACE}> .\n"
    f"@prefix topic: <{TOPIC}> .\n"
    f"@prefix graph: <{GRAPH}> .\n"
)


class _Block:
    """Statements about one subject, written as a Turtle block; counts its triples."""

    def __init__(self, subject: str) -> None:
        self.subject = subject
        self.lines: list[tuple[str, list[str]]] = []

    def add(self, predicate: str, *objects: str) -> _Block:
        if objects:
            self.lines.append((predicate, list(objects)))
        return self

    def drop(self, predicate: str) -> None:
        self.lines = [(p, o) for p, o in self.lines if p != predicate]

    def replace(self, predicate: str, *objects: str) -> None:
        self.drop(predicate)
        self.add(predicate, *objects)

    def objects(self, predicate: str) -> list[str]:
        return [o for p, objs in self.lines if p == predicate for o in objs]

    @property
    def triples(self) -> int:
        return sum(len(objs) for _, objs in self.lines)

    def render(self) -> str:
        parts = [f"{p} {' , '.join(objs)}" for p, objs in self.lines]
        return f"    {self.subject} " + " ;\n        ".join(parts) + " .\n"


def _header(title: str, seed: int, size: int) -> str:
    return (
        f"# SYNTHETIC DATA: {title}.\n"
        f"# Generated by {GENERATOR} with seed {seed}, size {size_name(size)}; no\n"
        "# statement in this file is real, and every actor, place and authority is made up.\n\n"
    )


# --- A made-up world ------------------------------------------------------------------------

_SYLLABLES = (  # noqa: SIM905
    "ar ba cor da el fen gar hal ir jon ka lor men nor ost par quin ra sel tor ul var wen "
    "xan yor zel bri cal dor es fa gil hon is ke lan mir nev ol pen ros sar tin ur vel"
).split()
_ACCENTED = ("Zoë", "Ünal", "Sélim", "Ågot", "Čeněk", "Niño")
_FIRST_NAMES = (  # noqa: SIM905
    "Ada Bram Cora Dario Elin Faro Gita Hugo Iva Jora Kemal Lina Milo Nora Omar Pia Rafi Sena "
    "Tarik Una Vera Yusuf Zara"
).split()

_PROPOSITIONS = (
    "the {place} has been closed to all traffic",
    "the talks on {topic} have ended without result",
    "{polity} has withdrawn every unit from the {place}",
    "the {event} was agreed by all parties",
    "humanitarian convoys reach the {place} every day",
    "the population of the {place} left of its own free will",
    "the {event} never took place",
    "{polity} has complied with every obligation on {topic}",
    "the dispute over {topic} has been settled for good",
    "no civilian was harmed during the {event}",
    "the border near the {place} is open to every traveller",
    "international observers are welcome in the {place}",
    "the question of {topic} is an internal matter of {polity}",
    "the {event} was a response to provocations",
    "electricity and gas supplies to the {place} were never cut",
)
_DIRECT = (
    "We are convinced that {prop}.",
    "The Ministry states once again that {prop}.",
    "We remind the international community that {prop}.",
    "Let us emphasise that {prop}.",
    "It is well known that {prop}.",
)
_DIRECT_ACTS = {
    "We are convinced that": "Conviction",
    "The Ministry states once again that": "Assertion",
    "We remind the international community that": "Reminder",
    "Let us emphasise that": "Emphasis",
    "It is well known that": "Assertion",
}
_CITATION_VERBS = ("noted in", "stated in", "recalled in", "set out in")
_FRAMINGS = ("a question of security", "a purely technical matter", "an act of goodwill")


def _title(words: list[str]) -> str:
    return " ".join(w.capitalize() for w in words)


@dataclass
class _Actor:
    iri: str
    label: str
    aliases: list[str]
    kind: str  # Polity, Organisation, Person, ActorGroup
    block: _Block


@dataclass
class _Authority:
    iri: str
    label: str
    alias: str
    acts: list[tuple[str, str]]  # (act IRI, act label)


@dataclass
class _ClaimRecord:
    iri: str
    claimant: str


@dataclass
class _World:
    rng: random.Random
    seed: int
    size: int
    polities: list[_Actor] = field(default_factory=list)
    ministries: list[_Actor] = field(default_factory=list)  # authors of documents
    others: list[_Actor] = field(default_factory=list)  # other organisations, groups, persons
    positions: list[_Block] = field(default_factory=list)
    authorities: list[_Authority] = field(default_factory=list)
    authority_blocks: list[_Block] = field(default_factory=list)
    events: list[tuple[str, str]] = field(default_factory=list)  # (IRI, label)
    event_blocks: list[_Block] = field(default_factory=list)
    dated_events: list[int] = field(default_factory=list)  # indices with a plain cg:date
    places: list[tuple[str, str, str]] = field(default_factory=list)  # (IRI, label, alias)
    place_blocks: list[_Block] = field(default_factory=list)
    topics: list[tuple[str, str]] = field(default_factory=list)  # (IRI, label)
    topic_blocks: list[_Block] = field(default_factory=list)
    context_blocks: list[_Block] = field(default_factory=list)
    names: set[str] = field(default_factory=set)
    # Direct claims each author has made, for rebuttals across documents (bounded).
    direct_claims: dict[str, list[_ClaimRecord]] = field(default_factory=dict)
    documents: list[str] = field(default_factory=list)

    def name(self, parts: int = 3) -> str:
        """A made-up proper name, never the same twice."""
        for _ in range(1000):
            word = "".join(self.rng.choice(_SYLLABLES) for _ in range(parts)).capitalize()
            if word not in self.names:
                self.names.add(word)
                return word
        word = f"{self.rng.choice(_SYLLABLES).capitalize()}{len(self.names)}"
        self.names.add(word)
        return word


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _build_world(rng: random.Random, seed: int, size: int, documents: int) -> _World:
    world = _World(rng=rng, seed=seed, size=size)
    n_polities = max(4, documents // 40)
    for _ in range(n_polities):
        name = world.name()
        iri = str(ACTOR[f"synthetic-{_slug(name)}"])
        adjective = name + "n"
        aliases = [f"the {adjective} side", f"official {name}"]
        block = _Block(_iri(iri)).add("a", "cg:Polity")
        block.add("rdfs:label", _lit(f"{name}, a synthetic polity"))
        block.add("cg:alias", *(_lit(a) for a in aliases))
        polity = _Actor(iri, name, aliases, "Polity", block)
        world.polities.append(polity)
        # Every polity has a foreign ministry that authors documents, a presidential
        # office, and a spokesperson holding a position in the ministry.
        mfa = f"Ministry of Foreign Affairs of {name}"
        mfa_iri = str(ACTOR[f"synthetic-{_slug(name)}-mfa"])
        mfa_aliases = [f"the {adjective} Foreign Ministry", f"the MFA of {name}"]
        mfa_block = _Block(_iri(mfa_iri)).add("a", "cg:Organisation")
        mfa_block.add("rdfs:label", _lit(f"{mfa}, synthetic"))
        mfa_block.add("cg:alias", *(_lit(a) for a in mfa_aliases))
        mfa_block.add("cg:subOrganisationOf", _iri(iri))
        world.ministries.append(_Actor(mfa_iri, mfa, mfa_aliases, "Organisation", mfa_block))
        office_iri = str(ACTOR[f"synthetic-{_slug(name)}-presidential-office"])
        office_block = _Block(_iri(office_iri)).add("a", "cg:Organisation")
        office_block.add("rdfs:label", _lit(f"Office of the President of {name}, synthetic"))
        office_block.add("cg:subOrganisationOf", _iri(iri))
        world.others.append(
            _Actor(office_iri, "Office of the President", [], "Organisation", office_block)
        )
        person = f"{rng.choice(_FIRST_NAMES + list(_ACCENTED))} {world.name(2)}"
        person_iri = str(ACTOR[f"synthetic-{_slug(person)}"])
        position_iri = str(POSITION[f"synthetic-spokesperson-{_slug(name)}-mfa"])
        person_block = _Block(_iri(person_iri)).add("a", "cg:Person")
        person_block.add("rdfs:label", _lit(f"{person}, a synthetic person"))
        person_block.add("cg:holdsPosition", _iri(position_iri))
        person_block.add("cg:memberOf", _iri(mfa_iri))
        world.others.append(_Actor(person_iri, person, [], "Person", person_block))
        position_block = _Block(_iri(position_iri)).add("a", "cg:Position")
        position_block.add("rdfs:label", _lit(f"spokesperson of the {mfa}, synthetic"))
        position_block.add("cg:positionIn", _iri(mfa_iri))
        world.positions.append(position_block)
    for index in range(max(2, n_polities // 4)):
        group = f"Contact Group {world.name(2)}"
        iri = str(ACTOR[f"synthetic-{_slug(group)}"])
        block = _Block(_iri(iri)).add("a", "cg:ActorGroup")
        block.add("rdfs:label", _lit(f"{group}, a synthetic group of states"))
        block.add("cg:alias", _lit(f"the co-chairs of the {group}"))
        world.others.append(
            _Actor(iri, group, [f"the co-chairs of the {group}"], "ActorGroup", block)
        )
        # Some polities' ministries are members of a contact group.
        for member in world.ministries[index::4][:3]:
            member.block.add("cg:memberOf", _iri(iri))

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
        iri = str(AUTHORITY[f"synthetic-{_slug(label)}"])
        block = _Block(_iri(iri)).add("a", f"cg:{kind}")
        block.add("rdfs:label", _lit(f"{label}, synthetic"))
        block.add("cg:alias", _lit(f"{alias} of {label.rsplit(' ', 1)[-1]}"))
        world.authority_blocks.append(block)
        acts = []
        for number in range(3):
            year = 2015 + rng.randrange(10)
            month = 1 + rng.randrange(12)
            day = 1 + rng.randrange(28)
            act_label = (
                f"{act_word} {number + 1} of the {label} of {day} {_MONTHS[month - 1]} {year}"
            )
            act_iri = str(ACT[f"synthetic-{_slug(label)}-{act_word}-{number + 1}"])
            act_block = _Block(_iri(act_iri)).add("a", f"cg:{act_kind}")
            act_block.add("rdfs:label", _lit(f"{act_label}, synthetic"))
            act_block.add("cg:actOf", _iri(iri))
            act_block.add("cg:date", _typed(f"{year:04d}-{month:02d}-{day:02d}", "date"))
            world.authority_blocks.append(act_block)
            acts.append((act_iri, act_label))
        world.authorities.append(
            _Authority(iri, label, f"{alias} of {label.rsplit(' ', 1)[-1]}", acts)
        )

    for _ in range(max(6, documents // 8)):
        name = world.name()
        kind = rng.choice(("Corridor", "Valley", "Pass", "Bridge", "Harbour"))
        label = f"{name} {kind}"
        iri = str(PLACE[f"synthetic-{_slug(label)}"])
        alias = f"{name}e {kind}"  # a second spelling, as sources have
        block = _Block(_iri(iri)).add("a", "cg:Place")
        block.add("rdfs:label", _lit(f"{label}, a synthetic place"))
        block.add("cg:alias", _lit(label), _lit(alias))
        world.places.append((iri, label, alias))
        world.place_blocks.append(block)

    for index in range(max(6, documents // 5)):
        place_iri, place_label, _ = world.places[index % len(world.places)]
        kind = ("blockade", "talks", "ceasefire", "hearings", "convoy")[index % 5]
        label = f"{kind} at the {place_label}"
        if any(label == existing for _, existing in world.events):
            label = f"{label} {index}"
        iri = str(EVENT[f"synthetic-{_slug(label)}"])
        block = _Block(_iri(iri)).add("a", "cg:Event")
        block.add("rdfs:label", _lit(f"{label}, a synthetic event"))
        block.add("cg:place", _iri(place_iri))
        year = 2016 + rng.randrange(9)
        month = 1 + rng.randrange(12)
        if index % 3 == 0:
            block.add("cg:startDate", _typed(f"{year:04d}-{month:02d}", "gYearMonth"))
            block.add("cg:endDate", _typed(f"{year + 1:04d}", "gYear"))
        elif index % 3 == 1:
            block.add(
                "cg:date", _typed(f"{year:04d}-{month:02d}-{1 + rng.randrange(28):02d}", "date")
            )
            world.dated_events.append(index)
        else:
            # The date is not in any text: the context graph has it, with its source.
            context = _Block(_iri(iri))
            context.add("cg:startDate", _typed(f"{year:04d}-{month:02d}", "gYearMonth"))
            context.add("cg:contextSource", _lit(f"synthetic public record entry {index}"))
            world.context_blocks.append(context)
        participant = rng.choice(world.polities)
        block.add("cg:participant", _iri(participant.iri))
        world.events.append((iri, label))
        world.event_blocks.append(block)

    scheme = str(TOPIC["synthetic-scheme"])
    scheme_block = _Block(_iri(scheme)).add("a", "cg:TopicScheme", "skos:ConceptScheme")
    scheme_block.add("rdfs:label", _lit("synthetic topics"))
    scheme_block.add("skos:prefLabel", _lit("synthetic topics"))
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
        iri = str(TOPIC[f"synthetic-{_slug(label)}"])
        block = _Block(_iri(iri)).add("a", "cg:Topic", "skos:Concept")
        block.add("skos:prefLabel", _lit(label))
        block.add("skos:inScheme", _iri(scheme))
        world.topics.append((iri, label))
        world.topic_blocks.append(block)
    return world


_MONTHS = (  # noqa: SIM905
    "January February March April May June July August September October November December"
).split()


# --- Documents ---------------------------------------------------------------------------------


@dataclass
class _Span:
    start: int
    end: int


class _Text:
    """A text built piece by piece, remembering where each quoted span lies."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def add(self, piece: str) -> _Span:
        start = self.length
        self.parts.append(piece)
        self.length += len(piece)
        return _Span(start, self.length)

    def value(self) -> str:
        return "".join(self.parts)


class _Document:
    """One generated document: its text, its statements, and what defects can use."""

    def __init__(self, world: _World, index: int) -> None:
        self.world = world
        self.index = index
        self.slug = f"synthetic-d{index:06d}"
        self.iri = str(DOC[self.slug])
        self.graph = str(GRAPH[f"doc/{self.slug}"])
        self.author = world.ministries[index % len(world.ministries)]
        polities = [p for p in world.polities if p.label not in self.author.label]
        self.opponent = world.rng.choice(polities or world.polities)
        self.text = _Text()
        self.blocks: list[_Block] = []
        self.anchors: dict[str, tuple[_Block, _Span]] = {}
        self.claims: dict[str, _Block] = {}
        self.reported: list[str] = []
        self.directs: list[str] = []
        self.rebuttals: list[str] = []
        self.citations: list[_Block] = []
        self.count = 0

    # -- pieces ------------------------------------------------------------------------------

    def proposition(self) -> tuple[str, dict[str, str]]:
        rng = self.world.rng
        place = rng.choice(self.world.places)
        event = rng.choice(self.world.events)
        topic = rng.choice(self.world.topics)
        polity = rng.choice(self.world.polities)
        template = rng.choice(_PROPOSITIONS)
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
        claimant: _Actor,
        named_as: str | None,
        mode: str,
        speech_act: str,
        label: str,
        span: _Span,
        links: dict[str, str],
    ) -> _Block:
        self.count += 1
        slug = f"{self.slug}-c{self.count:03d}"
        iri = str(CLAIM[slug])
        block = _Block(_iri(iri)).add("a", f"cg:{kind}")
        block.add("rdfs:label", _lit(label))
        block.add("cg:claimant", _iri(claimant.iri))
        if named_as:
            block.add("cg:claimantNamedAs", _lit(named_as))
        block.add("cg:reportedIn", _iri(self.iri))
        block.add("cg:reportedBy", _iri(self.author.iri))
        block.add("cg:mode", f"cg:{mode}")
        block.add("cg:speechAct", f"cg:{speech_act}")
        if "about" in links:
            block.add("cg:about", _iri(links["about"]))
        if "event" in links:
            block.add("cg:refersToEvent", _iri(links["event"]))
        if "topic" in links:
            block.add("cg:topic", _iri(links["topic"]))
        anchor_iri = str(ANCHOR[slug])
        block.add("cg:anchor", _iri(anchor_iri))
        self.blocks.append(block)
        self.claims[iri] = block
        self.anchor(anchor_iri, span)
        return block

    def anchor(self, iri: str, span: _Span) -> None:
        block = _Block(_iri(iri)).add("a", "cg:QuoteAnchor")
        block.add("cg:inDocument", _iri(self.iri))
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
            span=_Span(begin.start, end.end),
            links={"topic": links["topic"]},
        )
        rebuttal.add("cg:attacks", reported.subject)
        rebuttal.add("cg:attackKind", "cg:DenialAttack")
        self.reported.append(reported.subject[1:-1])
        self.rebuttals.append(rebuttal.subject[1:-1])
        self.same_proposition(reported)

    def same_proposition(self, reported: _Block) -> None:
        # The opponent may have claimed it in its own document: link the two claims.
        ministry = self.opponent_ministry()
        earlier = self.world.direct_claims.get(ministry.iri) if ministry else None
        if earlier and self.world.rng.random() < 0.3:
            reported.add("cg:sameProposition", _iri(self.world.rng.choice(earlier).iri))

    def implied_and_reframed(self) -> None:
        rng = self.world.rng
        alias = rng.choice(self.opponent.aliases)
        place = rng.choice(self.world.places)
        framing = rng.choice(_FRAMINGS)
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
            span=_Span(begin.start, end.end),
            links={"about": place[0]},
        )
        rebuttal.add("cg:attacks", implied.subject)
        rebuttal.add("cg:attackKind", "cg:ReframingAttack", "cg:MotiveAttack")
        self.rebuttals.append(rebuttal.subject[1:-1])

    def direct(self) -> _Block:
        rng = self.world.rng
        prop, links = self.proposition()
        template = rng.choice(_DIRECT)
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
            speech_act=_DIRECT_ACTS[lead],
            label=prop,
            span=_Span(span.start, span.end - 1),
            links=links,
        )
        self.directs.append(claim.subject[1:-1])
        if own:
            record = _ClaimRecord(claim.subject[1:-1], self.author.iri)
            bucket = self.world.direct_claims.setdefault(self.author.iri, [])
            bucket.append(record)
            del bucket[:-50]
        return claim

    def opponent_ministry(self) -> _Actor | None:
        wanted = f"Ministry of Foreign Affairs of {self.opponent.label}"
        return next(
            (m for m in self.world.ministries if m.label == wanted and m.iri != self.author.iri),
            None,
        )

    def _polity_of_author(self) -> _Actor:
        for polity in self.world.polities:
            if self.author.label.endswith(f"of {polity.label}"):
                return polity
        return self.author

    def supported(self, claim: _Block) -> None:
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
            span=_Span(span.start + 17, span.end - 1),
            links=links,
        )
        support.add("cg:supports", claim.subject)
        self.directs.append(support.subject[1:-1])

    def cited(self) -> None:
        rng = self.world.rng
        authority = rng.choice(self.world.authorities)
        act_iri, act_label = rng.choice(authority.acts)
        prop, links = self.proposition()
        verb = rng.choice(_CITATION_VERBS)
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
        block = _Block(_iri(citation_iri)).add("a", "cg:Citation")
        block.add("cg:citingClaim", claim.subject)
        block.add("cg:citedAuthority", _iri(authority.iri))
        block.add("cg:citedAct", _iri(act_iri))
        block.add("cg:citationIntent", rng.choice(("cg:AsAuthority", "cg:AsEvidence")))
        block.add("cg:pinpoint", _lit(f"its {act_label}"))
        anchor_iri = citation_iri.replace(str(CITATION), str(ANCHOR))
        block.add("cg:anchor", _iri(anchor_iri))
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
                span=_Span(span.start, span.end - 1),
                links={},
            )
            rebuttal.add("cg:attacks", _iri(target.iri))
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
            block.add("cg:exact", _lit(text[span.start : span.end]))
            block.add("cg:start", str(span.start))
            block.add("cg:end", str(span.end))
            block.add("cg:prefix", _lit(text[max(0, span.start - CONTEXT) : span.start]))
            block.add("cg:suffix", _lit(text[span.end : span.end + CONTEXT]))


# --- Defects -------------------------------------------------------------------------------


def _nt(term: str) -> str:
    """A Turtle term of the generated files as an N-Triples term (for the manifest)."""
    if term.startswith("<"):
        return term
    if term.startswith("cg:"):
        return f"<{_CG}{term[3:]}>"
    return term


def _literal_nt(text: str) -> str:
    return _lit(text)


class _CannotPlantError(Exception):
    """This document has nothing a defect of the kind can be planted in."""


class _Planter:
    """Plants the defects of one document, each giving exactly one validation result.

    :meth:`plant` checks that the document can host the defect before it changes anything,
    and raises :class:`_CannotPlantError` otherwise.
    """

    def __init__(self, doc: _Document, text: str, file: str) -> None:
        self.doc = doc
        self.text = text
        self.file = file

    def _result(self, kind: str, focus: str, value: str | None) -> PlantedDefect:
        spec = next(k for k in DEFECT_KINDS if k.name == kind)
        return PlantedDefect(kind, str(SHAPES[spec.shape]), spec.severity, focus, value, self.file)

    def _anchor_of(self, claim_iri: str) -> tuple[_Block, _Span]:
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
                and _iri(m.iri) not in set(doc.claims[doc.reported[-1]].objects("cg:claimant"))
                for m in doc.world.ministries
            )
        if kind == "rebuttal-attacks-itself":
            return bool(doc.rebuttals)
        if kind == "rebuttal-of-own-claim":
            return bool(doc.rebuttals) and any(
                doc.claims[c].objects("cg:claimant") == [_iri(doc.author.iri)] for c in doc.directs
            )
        if kind == "citation-without-intent":
            return bool(doc.citations)
        raise AssertionError(f"unknown document defect {kind}")

    def plant(self, kind: str) -> PlantedDefect:
        if not self._can_plant(kind):
            raise _CannotPlantError(kind)
        doc = self.doc
        text = self.text
        if kind in ("anchor-quote-differs", "anchor-prefix-differs", "anchor-end-before-start"):
            # Use a direct claim's anchor: each one a different claim (popped).
            claim = doc.directs.pop()
            block, span = self._anchor_of(claim)
            if kind == "anchor-quote-differs":
                exact = text[span.start : span.end]
                block.replace("cg:exact", _lit(exact[:-1] + ("X" if exact[-1] != "X" else "Y")))
            elif kind == "anchor-prefix-differs":
                prefix = text[max(0, span.start - CONTEXT) : span.start]
                block.replace("cg:prefix", _lit(("#" if prefix[0] != "#" else "%") + prefix[1:]))
            else:
                block.replace("cg:end", str(span.start - 1))
            return self._result(kind, f"<{doc.iri}>", block.subject)
        if kind == "anchor-suffix-too-long":
            for claim in reversed(doc.directs):
                block, span = self._anchor_of(claim)
                if span.end + 40 <= len(text):
                    doc.directs.remove(claim)
                    suffix = text[span.end : span.end + 40]
                    block.replace("cg:suffix", _lit(suffix))
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
            return self._result(kind, f"<{claim}>", f"<{_CG}Assertoin>")
        if kind == "reporter-not-author":
            claim = doc.reported.pop()
            block = doc.claims[claim]
            claimants = set(block.objects("cg:claimant"))
            other = next(
                m
                for m in doc.world.ministries
                if m.iri != doc.author.iri and _iri(m.iri) not in claimants
            )
            block.replace("cg:reportedBy", _iri(other.iri))
            return self._result(kind, f"<{claim}>", _iri(other.iri))
        if kind == "rebuttal-attacks-itself":
            rebuttal = doc.rebuttals.pop()
            doc.claims[rebuttal].add("cg:attacks", f"<{rebuttal}>")
            return self._result(kind, f"<{rebuttal}>", f"<{rebuttal}>")
        if kind == "rebuttal-of-own-claim":
            rebuttal = doc.rebuttals.pop()
            own = next(
                c
                for c in doc.directs
                if doc.claims[c].objects("cg:claimant") == [_iri(doc.author.iri)]
            )
            doc.directs.remove(own)
            doc.claims[rebuttal].add("cg:attacks", f"<{own}>")
            return self._result(kind, f"<{rebuttal}>", f"<{own}>")
        if kind == "citation-without-intent":
            citation = doc.citations.pop()
            citation.drop("cg:citationIntent")
            return self._result(kind, citation.subject, None)
        raise AssertionError(f"unknown document defect {kind}")


# --- Writing --------------------------------------------------------------------------------


def _claims_per_document(rng: random.Random) -> int:
    return rng.randrange(16, 40)


def _estimate_documents(size: int) -> int:
    # A document holds ~28 claims of ~20 triples each with their anchors, citations
    # and links: about 600 triples.
    return max(8, round(size / 600))


def generate_corpus(
    folder: Path,
    size: int,
    *,
    seed: int = 1,
    defects_per_kind: int | None = None,
    force: bool = False,
    progress: Progress = no_progress,
) -> GeneratedCorpus:
    """Write a synthetic corpus of about ``size`` triples into ``folder``.

    The folder is written whole or not at all: files go to a temporary folder beside it,
    renamed into place at the end. An existing non-empty ``folder`` is refused unless
    ``force`` is given and it holds a synthetic corpus (its manifest says so).
    """
    if defects_per_kind is None:
        defects_per_kind = default_defects_per_kind(size)
    folder = folder.resolve()
    # Never into or over the project's corpus, nor over anything but a folder.
    check_output_folder(folder, project_protected())
    if folder.exists() and any(folder.iterdir()):
        if not force:
            raise OutputError(
                "the folder exists and is not empty",
                source=str(folder),
                hint="choose a new folder, or pass --force to replace a synthetic corpus",
            )
        if not (folder / MANIFEST).is_file():
            raise OutputError(
                "the folder holds no synthetic corpus, so --force does not replace it",
                source=str(folder),
            )
        # --force replaces a folder only if it holds nothing but what a generator writes.
        check_output_folder(folder, project_protected(), holds_only=_generated_entry)
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror}", source=str(folder)) from exc
    try:
        result = _generate_into(work, size, seed, defects_per_kind, progress)
        result.folder = folder
        if folder.exists():
            shutil.rmtree(folder)
        os.replace(work, folder)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return result


def _generated_entry(name: str) -> bool:
    return name in (*_SUBFOLDERS, MANIFEST, README)


def _generate_into(
    work: Path, size: int, seed: int, defects_per_kind: int, progress: Progress
) -> GeneratedCorpus:
    rng = random.Random(seed)
    documents_wanted = _estimate_documents(size)
    world = _build_world(rng, seed, size, documents_wanted)
    for sub in _SUBFOLDERS:
        (work / sub).mkdir()

    # Defects: spread over the documents, one kind per document at most.
    document_defects: dict[int, str] = {}
    plan = [kind for kind in _DOCUMENT_DEFECTS for _ in range(defects_per_kind)]
    if plan:
        step = max(1, documents_wanted // (len(plan) + 1))
        for number, kind in enumerate(plan):
            document_defects[1 + number * step] = kind
    planted: list[PlantedDefect] = []

    shared_triples = _write_shared(work, world, defects_per_kind, planted, seed, size)
    triples = shared_triples
    index = 0
    # A defect whose document cannot host it (no reported claim, no rebuttal, ...) waits
    # for the next document that can, so the planted count stays exact at every size.
    pending: list[str] = []
    while triples < size or index <= max(document_defects, default=0) or pending:
        progress("generate", triples, size)
        doc = _Document(world, index)
        text = doc.write_text(_claims_per_document(rng))
        doc.finish(text)
        file = f"documents/{doc.slug}.trig"
        if index in document_defects:
            pending.append(document_defects[index])
        if pending:
            try:
                planted.append(_Planter(doc, text, file).plant(pending[0]))
                pending.pop(0)
            except _CannotPlantError:
                pass
        triples += _write_document(work, doc, text, seed, size)
        world.documents.append(doc.iri)
        index += 1
    progress("generate", triples, size)
    samples = {
        "actor": world.polities[0].iri,
        "person": world.others[1].iri,
        "place-name": world.places[0][1],
        "place-alias": world.places[0][2],
        "citer": world.ministries[0].iri,
    }
    corpus = GeneratedCorpus(
        folder=work,
        seed=seed,
        size=size,
        documents=index,
        triples=triples,
        files=2 * index + 5,
        defects=planted,
        samples=samples,
    )
    (work / MANIFEST).write_text(
        json.dumps(corpus.manifest(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (work / README).write_text(
        "SYNTHETIC DATA generated by claimgraph for scale tests and benchmarks.\n"
        "No statement here is real; every actor, place and authority is made up.\n"
        f"Regenerate: claimgraph generate --size {size_name(size)} --seed {seed} -o DIR\n",
        encoding="utf-8",
    )
    return corpus


def _write_document(work: Path, doc: _Document, text: str, seed: int, size: int) -> int:
    data = text.encode("utf-8")
    (work / "sources" / f"{doc.slug}.txt").write_bytes(data)
    head = _Block(_iri(doc.iri)).add("a", "cg:SourceDocument")
    head.add("rdfs:label", _lit(f"Synthetic statement {doc.index} of the {doc.author.label}"))
    head.add("cg:author", _iri(doc.author.iri))
    head.add("cg:publisher", _iri(doc.author.iri))
    year = 2016 + doc.index % 9
    head.add(
        "cg:published", _typed(f"{year}-{1 + doc.index % 12:02d}-{1 + doc.index % 28:02d}", "date")
    )
    head.add("cg:genre", _lit("press statement"))
    head.add("cg:language", _lit("en"))
    head.add("cg:textFile", _lit(f"sources/{doc.slug}.txt"))
    head.add("cg:textSha256", _lit(hashlib.sha256(data).hexdigest()))
    if doc.world.documents and doc.index % 4 == 0:
        head.add("cg:respondsTo", _iri(doc.world.rng.choice(doc.world.documents)))
    graph_head = (
        _Block(_iri(doc.graph)).add("a", "cg:DocumentGraph").add("cg:graphOf", _iri(doc.iri))
    )
    blocks = [graph_head, head, *doc.blocks]
    body = "".join(block.render() for block in blocks)
    content = (
        _header(f"synthetic statement {doc.index}", seed, size)
        + _PREFIXES
        + f"\n<{doc.graph}> {{\n"
        + body
        + "}\n"
    )
    (work / "documents" / f"{doc.slug}.trig").write_text(content, encoding="utf-8")
    return sum(block.triples for block in blocks)


def _write_graph(
    path: Path, title: str, graph: str, blocks: list[_Block], seed: int, size: int
) -> int:
    body = "".join(block.render() for block in blocks)
    path.write_text(
        _header(title, seed, size) + _PREFIXES + f"\n{graph} {{\n" + body + "}\n", encoding="utf-8"
    )
    return sum(block.triples for block in blocks)


def _write_shared(
    work: Path,
    world: _World,
    defects_per_kind: int,
    planted: list[PlantedDefect],
    seed: int,
    size: int,
) -> int:
    shared = _Block("graph:shared").add("a", "cg:SharedGraph")
    shared.add("rdfs:label", _lit("synthetic shared entities"))
    actors = [a.block for a in world.polities + world.ministries + world.others]
    # Shared defects: an actor without a label, an event with a plain-string date.
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
                _iri(target.iri),
                None,
                "shared/actors.trig",
            )
        )
        event_index = world.dated_events[number % len(world.dated_events)]
        block = world.event_blocks[event_index]
        date = block.objects("cg:date")[0].split('"')[1]
        block.replace("cg:date", _lit(date))
        planted.append(
            PlantedDefect(
                "event-date-plain-string",
                str(SHAPES["EventDate"]),
                "Violation",
                block.subject,
                _lit(date),
                "shared/events-places.trig",
            )
        )
    shared_dir = work / "shared"
    total = _write_graph(
        shared_dir / "actors.trig",
        "shared actors",
        "graph:shared",
        [shared, *actors, *world.positions],
        seed,
        size,
    )
    total += _write_graph(
        shared_dir / "authorities.trig",
        "shared authorities",
        "graph:shared",
        world.authority_blocks,
        seed,
        size,
    )
    total += _write_graph(
        shared_dir / "events-places.trig",
        "shared events and places",
        "graph:shared",
        world.place_blocks + world.event_blocks,
        seed,
        size,
    )
    total += _write_graph(
        shared_dir / "topics.trig", "shared topics", "graph:shared", world.topic_blocks, seed, size
    )
    context = _Block("graph:context").add("a", "cg:ContextGraph")
    context.add("rdfs:label", _lit("synthetic context from a made-up public record"))
    total += _write_graph(
        work / "context" / "public-record.trig",
        "context facts",
        "graph:context",
        [context, *world.context_blocks],
        seed,
        size,
    )
    return total


def read_manifest(folder: Path) -> dict[str, object]:
    """The manifest of a generated corpus."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(
            f"cannot read the synthetic corpus manifest: {exc}", source=str(folder)
        ) from exc
    if not isinstance(data, dict) or data.get("synthetic") is not True:
        raise InputError("not a synthetic corpus manifest", source=str(folder / MANIFEST))
    return data


def expected_results(folder: Path) -> Iterator[tuple[str, str, str | None, str]]:
    """Each planted defect's result as (shape, focus, value, severity), values N-Triples."""
    manifest = read_manifest(folder)
    defects = manifest["defects"]
    assert isinstance(defects, list)
    for defect in defects:
        yield defect["shape"], defect["focus"], defect["value"], defect["severity"]


__all__ = [
    "DEFECT_KINDS",
    "MANIFEST",
    "SIZES",
    "GeneratedCorpus",
    "PlantedDefect",
    "expected_results",
    "generate_corpus",
    "parse_size",
    "read_manifest",
    "size_name",
]
