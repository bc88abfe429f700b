"""What the views draw, read from a loaded corpus by walking its graph.

Claims with their claimants, documents, topics and quotes; attack, support and
same-proposition links; citations with the act cited. Everything is kept as strings (IRIs
and the sources' words) so that the views, the writers and the HTML map share one model.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import RDF, RDFS, SKOS, BNode, Literal, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from .graph_index import GraphIndex
from .loading import LoadedCorpus
from .namespace import CG
from .results import compact

_LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel, DCTERMS.title)


def iri_of(node: Node) -> str:
    """A node as the views name it: the IRI, or ``_:label`` for a blank node."""
    return f"_:{node}" if isinstance(node, BNode) else str(node)


@dataclass(frozen=True)
class Anchor:
    """One quote of a claim or citation in its source."""

    exact: str
    document: str
    start: int | None
    end: int | None


@dataclass(frozen=True)
class ClaimFact:
    """One claim as the data states it."""

    iri: str
    label: str
    is_rebuttal: bool
    claimants: tuple[str, ...]
    named_as: tuple[str, ...]
    documents: tuple[str, ...]
    mode: str
    speech_act: str
    topics: tuple[str, ...]
    topic_facets: tuple[str, ...]
    """The claim's topics and every broader topic, so a filter on a topic finds narrower ones."""
    anchors: tuple[Anchor, ...]
    attack_kinds: tuple[str, ...]

    @property
    def quote(self) -> str:
        """The claim's quotes in text order (several anchors joined by `` […] ``)."""
        return " […] ".join(a.exact for a in self.anchors)


@dataclass(frozen=True)
class LinkFact:
    """An attack, support or same-proposition link between two claims."""

    kind: str  # attacks | supports | same-proposition
    source: str
    target: str


@dataclass(frozen=True)
class CitationFact:
    """A claim invoking an authority."""

    iri: str
    claim: str
    authority: str
    act: str
    intent: str
    pinpoint: str
    anchors: tuple[Anchor, ...]

    @property
    def quote(self) -> str:
        """The citation's quotes in text order."""
        return " […] ".join(a.exact for a in self.anchors)


@dataclass
class Facts:
    """Everything the views draw from one corpus."""

    claims: dict[str, ClaimFact] = field(default_factory=dict)
    links: list[LinkFact] = field(default_factory=list)
    citations: list[CitationFact] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    """A readable name of every IRI the views show (actors, authorities, documents, topics,
    acts, ontology terms): the data's own label, else the prefixed name."""
    authority_types: dict[str, tuple[str, ...]] = field(default_factory=dict)
    documents: set[str] = field(default_factory=set)
    actors: set[str] = field(default_factory=set)
    topics: set[str] = field(default_factory=set)

    def label(self, iri: str) -> str:
        """The readable name of ``iri``."""
        return self.labels.get(iri, iri)


def _literal_choice(values: list[Node]) -> str | None:
    literals = [v for v in values if isinstance(v, Literal)]
    if not literals:
        return None
    # Deterministic: untagged or English first, then the smallest string.
    literals.sort(key=lambda lit: (lit.language not in (None, "en"), str(lit)))
    return str(literals[0])


def _label(graph: GraphIndex, node: Node) -> str:
    for prop in _LABEL_PROPERTIES:
        chosen = _literal_choice(list(graph.objects(node, prop)))
        if chosen is not None:
            return chosen
    shown = compact(node)
    return shown[1:-1] if shown.startswith("<") else shown


def _sorted_iris(nodes: Iterable[Node]) -> tuple[str, ...]:
    return tuple(sorted({iri_of(n) for n in nodes}))


def _int(node: Node | None) -> int | None:
    if isinstance(node, Literal):
        try:
            return int(node)
        except (TypeError, ValueError):
            return None
    return None


def _anchors(graph: GraphIndex, subject: Node) -> tuple[Anchor, ...]:
    anchors = []
    for anchor in graph.objects(subject, CG.anchor):
        exact = _literal_choice(list(graph.objects(anchor, CG.exact)))
        if exact is None:
            continue
        documents = sorted(iri_of(d) for d in graph.objects(anchor, CG.inDocument))
        anchors.append(
            Anchor(
                exact=exact,
                document=documents[0] if documents else "",
                start=_int(graph.value(anchor, CG.start)),
                end=_int(graph.value(anchor, CG.end)),
            )
        )
    anchors.sort(key=lambda a: (a.document, a.start if a.start is not None else -1, a.exact))
    return tuple(anchors)


def _broader_closure(graph: GraphIndex) -> dict[str, set[str]]:
    broader: dict[str, set[str]] = defaultdict(set)
    for narrow, broad in graph.pairs(SKOS.broader):
        broader[iri_of(narrow)].add(iri_of(broad))
    for broad, narrow in graph.pairs(SKOS.narrower):
        broader[iri_of(narrow)].add(iri_of(broad))
    closure: dict[str, set[str]] = {}
    for start in list(broader):
        seen: set[str] = set()
        todo = list(broader[start])
        while todo:
            item = todo.pop()
            if item not in seen:
                seen.add(item)
                todo.extend(broader.get(item, ()))
        closure[start] = seen
    return closure


def extract_facts(loaded: LoadedCorpus) -> Facts:
    """Read the claims, links and citations of ``loaded`` (its union graph).

    It reads the Oxigraph store one predicate at a time (:class:`GraphIndex`), never the
    whole corpus as rdflib objects."""
    graph = GraphIndex(loaded.store)
    facts = Facts()
    named: set[Node] = set()

    claim_nodes: set[Node] = set(graph.subjects(RDF.type, CG.Claim))
    claim_nodes |= set(graph.subjects(RDF.type, CG.Rebuttal))
    claim_nodes |= set(graph.subjects(CG.claimant))
    claim_nodes |= set(graph.subjects(CG.attacks))
    broader = _broader_closure(graph)

    for node in claim_nodes:
        iri = iri_of(node)
        claimants = _sorted_iris(graph.objects(node, CG.claimant))
        documents = _sorted_iris(graph.objects(node, CG.reportedIn))
        topics = _sorted_iris(graph.objects(node, CG.topic))
        facets = set(topics)
        for topic in topics:
            facets |= broader.get(topic, set())
        mode = graph.value(node, CG.mode)
        speech_act = graph.value(node, CG.speechAct)
        attack_kinds = _sorted_iris(graph.objects(node, CG.attackKind))
        is_rebuttal = graph.has(node, RDF.type, CG.Rebuttal) or (
            graph.value(node, CG.attacks) is not None
        )
        facts.claims[iri] = ClaimFact(
            iri=iri,
            label=_label(graph, node),
            is_rebuttal=is_rebuttal,
            claimants=claimants,
            named_as=tuple(sorted({str(n) for n in graph.objects(node, CG.claimantNamedAs)})),
            documents=documents,
            mode=iri_of(mode) if mode is not None else "",
            speech_act=iri_of(speech_act) if speech_act is not None else "",
            topics=topics,
            topic_facets=tuple(sorted(facets)),
            anchors=_anchors(graph, node),
            attack_kinds=attack_kinds,
        )
        named.update(graph.objects(node, CG.claimant))
        named.update(graph.objects(node, CG.reportedIn))
        named.update(graph.objects(node, CG.topic))
        named.update(n for n in (mode, speech_act) if n is not None)
        named.update(graph.objects(node, CG.attackKind))
        facts.actors.update(claimants)
        facts.documents.update(documents)
        facts.topics.update(topics)

    for kind, prop in (
        ("attacks", CG.attacks),
        ("supports", CG.supports),
        ("same-proposition", CG.sameProposition),
    ):
        for source, target in graph.pairs(prop):
            if source in claim_nodes and target in claim_nodes:
                facts.links.append(LinkFact(kind, iri_of(source), iri_of(target)))

    citation_nodes = set(graph.subjects(RDF.type, CG.Citation)) | set(
        graph.subjects(CG.citingClaim)
    )
    for node in citation_nodes:
        claim = graph.value(node, CG.citingClaim)
        authority = graph.value(node, CG.citedAuthority)
        if claim is None or authority is None or claim not in claim_nodes:
            continue
        act = graph.value(node, CG.citedAct)
        intent = graph.value(node, CG.citationIntent)
        facts.citations.append(
            CitationFact(
                iri=iri_of(node),
                claim=iri_of(claim),
                authority=iri_of(authority),
                act=iri_of(act) if act is not None else "",
                intent=iri_of(intent) if intent is not None else "",
                pinpoint=_literal_choice(list(graph.objects(node, CG.pinpoint))) or "",
                anchors=_anchors(graph, node),
            )
        )
        named.update(n for n in (authority, act, intent) if n is not None)
        types = sorted(compact(t) for t in graph.objects(authority, RDF.type))
        facts.authority_types[iri_of(authority)] = tuple(types)

    for topic in list(facts.topics):
        facts.topics.update(
            t for c in facts.claims.values() if topic in c.topics for t in c.topic_facets
        )
    named.update(URIRef(t) for t in facts.topics if not t.startswith("_:"))
    for node in named:
        facts.labels[iri_of(node)] = _label(graph, node)
    facts.links.sort(key=lambda link: (link.kind, link.source, link.target))
    facts.citations.sort(key=lambda c: (c.claim, c.authority, c.iri))
    return facts
