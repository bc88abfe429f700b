"""The one place where claimgraph's IRIs are spelt out.

Code reaches ontology terms through :class:`CG` (a closed ``DefinedNamespace``: an unknown
term raises ``AttributeError``) and instance IRIs through the data namespaces below. A test
keeps :class:`CG` and the Turtle files in ``ontology/`` in step, both ways.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

BASE = "https://w3id.org/claimgraph/"
ONTOLOGY_IRI = URIRef(BASE + "ontology")
"""The umbrella ontology; modules are ``ONTOLOGY_IRI + "/" + module``."""


class CG(DefinedNamespace):
    """claimgraph's core vocabulary, grouped by the module that defines each term."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # --- module: actors -------------------------------------------------------------
    Actor: URIRef  # anyone or anything that can hold or report a claim
    Person: URIRef
    Organisation: URIRef  # a ministry, an office, an army, a department
    Polity: URIRef  # a political entity, named as the sources name it; no status implied
    ActorGroup: URIRef  # a collective the source names only as a group
    Position: URIRef  # a post, e.g. "assistant to the president of Azerbaijan"
    holdsPosition: URIRef  # Person -> Position
    positionIn: URIRef  # Position -> Organisation
    subOrganisationOf: URIRef  # Organisation -> Organisation | Polity
    memberOf: URIRef  # Actor -> ActorGroup | Organisation
    alias: URIRef  # another name a source uses (literal)

    # --- module: sources ------------------------------------------------------------
    SourceDocument: URIRef
    QuoteAnchor: URIRef  # a TextQuoteSelector + TextPositionSelector in one node
    DocumentGraph: URIRef  # a named graph holding one document's own statements
    ContextGraph: URIRef  # a named graph holding facts from outside the text
    SharedGraph: URIRef  # the named graph for shared entities
    author: URIRef  # SourceDocument -> Actor
    publisher: URIRef  # SourceDocument -> Actor
    published: URIRef  # SourceDocument -> xsd:date | gYearMonth | gYear
    genre: URIRef  # "press statement", "speech" (literal)
    language: URIRef  # BCP 47 tag (literal)
    textFile: URIRef  # path of the text file, relative to the data folder
    text: URIRef  # the full text, added by the loader from textFile
    textSha256: URIRef  # checksum of the text file's bytes
    respondsTo: URIRef  # SourceDocument -> Event | SourceDocument
    anchor: URIRef  # Claim | Citation -> QuoteAnchor
    inDocument: URIRef  # QuoteAnchor -> SourceDocument
    exact: URIRef
    prefix: URIRef
    suffix: URIRef
    start: URIRef
    end: URIRef
    graphOf: URIRef  # DocumentGraph | ContextGraph -> SourceDocument
    contextSource: URIRef  # where a context fact comes from (literal)

    # --- module: claims -------------------------------------------------------------
    Claim: URIRef
    Rebuttal: URIRef  # a Claim that attacks at least one Claim
    AttributionMode: URIRef
    DirectMode: URIRef
    ReportedMode: URIRef
    ImpliedMode: URIRef
    SpeechAct: URIRef
    Assertion: URIRef
    Denial: URIRef
    Rejection: URIRef
    Accusation: URIRef
    Characterisation: URIRef
    Conviction: URIRef
    Reminder: URIRef
    Emphasis: URIRef
    Proposal: URIRef
    Appeal: URIRef
    Condemnation: URIRef
    AttackKind: URIRef
    DenialAttack: URIRef
    CounterEvidenceAttack: URIRef
    ReframingAttack: URIRef
    MotiveAttack: URIRef
    CondemnationAttack: URIRef
    claimant: URIRef  # Claim -> Actor (who holds the claim)
    claimantNamedAs: URIRef  # the words the source uses for the claimant (literal)
    reportedIn: URIRef  # Claim -> SourceDocument
    reportedBy: URIRef  # Claim -> Actor (who reports it: the document's author)
    mode: URIRef  # Claim -> AttributionMode
    speechAct: URIRef  # Claim -> SpeechAct
    attacks: URIRef  # Rebuttal -> Claim
    attackKind: URIRef  # Rebuttal -> AttackKind
    supports: URIRef  # Claim -> Claim
    sameProposition: URIRef  # Claim <-> Claim, the same proposition claimed again
    about: URIRef  # Claim -> Actor | Place | Event | Authority (what it speaks of)
    topic: URIRef  # Claim -> skos:Concept
    # links as nodes (interop): attacks on supports and on attacks
    ArgumentLink: URIRef  # a support or attack recorded as a node, so it can be attacked
    SupportLink: URIRef
    AttackLink: URIRef
    premise: URIRef  # ArgumentLink -> Claim (several: a linked argument)
    linkTarget: URIRef  # ArgumentLink -> Claim | ArgumentLink
    attacksLink: URIRef  # Claim -> ArgumentLink (an undercut)

    # --- module: authorities --------------------------------------------------------
    Authority: URIRef
    Court: URIRef
    UNOrgan: URIRef
    InternationalOrganisation: URIRef
    GroupOfStates: URIRef
    TreatyOrDeclaration: URIRef
    BodyOfNorms: URIRef
    AuthorityAct: URIRef  # an Event: what an authority did or says
    Decision: URIRef
    Hearing: URIRef
    Meeting: URIRef
    Provision: URIRef
    PublicStatement: URIRef
    Citation: URIRef
    CitationIntent: URIRef
    AsAuthority: URIRef
    AsEvidence: URIRef
    actOf: URIRef  # AuthorityAct -> Authority
    citingClaim: URIRef  # Citation -> Claim
    citedAuthority: URIRef  # Citation -> Authority
    citedAct: URIRef  # Citation -> AuthorityAct
    citationIntent: URIRef  # Citation -> CitationIntent
    pinpoint: URIRef  # which part of the authority, in the source's words (literal)
    citedAs: URIRef  # the name the document uses for the cited authority (literal)

    # --- module: events -------------------------------------------------------------
    Event: URIRef
    Place: URIRef
    date: URIRef  # xsd:date | gYearMonth | gYear: the precision is the datatype
    startDate: URIRef
    endDate: URIRef
    place: URIRef  # Event -> Place
    participant: URIRef  # Event -> Actor
    refersToEvent: URIRef  # Claim -> Event

    # --- module: topics -------------------------------------------------------------
    Topic: URIRef  # a skos:Concept in claimgraph's topic scheme
    TopicScheme: URIRef


# Instance namespaces: readable slugs under one base, never blank nodes.
ID = Namespace(BASE + "id/")
ACTOR = Namespace(BASE + "id/actor/")
POSITION = Namespace(BASE + "id/position/")
DOC = Namespace(BASE + "id/doc/")
CLAIM = Namespace(BASE + "id/claim/")
ANCHOR = Namespace(BASE + "id/anchor/")
CITATION = Namespace(BASE + "id/citation/")
AUTHORITY = Namespace(BASE + "id/authority/")
ACT = Namespace(BASE + "id/act/")
EVENT = Namespace(BASE + "id/event/")
PLACE = Namespace(BASE + "id/place/")
TOPIC = Namespace(BASE + "id/topic/")
LINK = Namespace(BASE + "id/link/")
GRAPH = Namespace(BASE + "graph/")
SHARED_GRAPH = GRAPH["shared"]
ONTOLOGY_GRAPH = GRAPH["ontology"]
"""Triples-only ontology files are loaded into this named graph."""
SHAPES = Namespace(BASE + "shapes#")

OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")
AIF = Namespace("http://www.arg.dundee.ac.uk/aif#")
CITO = Namespace("http://purl.org/spar/cito/")
ORG = Namespace("http://www.w3.org/ns/org#")

PREFIXES: dict[str, str] = {
    "cg": str(CG._NS),
    "actor": str(ACTOR),
    "position": str(POSITION),
    "doc": str(DOC),
    "claim": str(CLAIM),
    "anchor": str(ANCHOR),
    "citation": str(CITATION),
    "authority": str(AUTHORITY),
    "act": str(ACT),
    "event": str(EVENT),
    "place": str(PLACE),
    "topic": str(TOPIC),
    "graph": str(GRAPH),
    "cgsh": str(SHAPES),
    "oa": str(OA),
    "schema": str(SCHEMA),
    "aif": str(AIF),
    "cito": str(CITO),
    "org": str(ORG),
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "sh": "http://www.w3.org/ns/shacl#",
    "vann": "http://purl.org/vocab/vann/",
}
"""Prefixes bound on every graph claimgraph writes, so outputs are stable and readable."""
