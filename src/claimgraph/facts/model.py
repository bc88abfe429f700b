"""What the views draw, read from a loaded corpus by walking its graph.

Claims with their claimants, documents, topics and quotes; attack, support and
same-proposition links; citations with the act cited. Everything is kept as strings (IRIs
and the sources' words) so that the views, the writers and the HTML map share one model.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from rdflib import RDF, RDFS, SKOS, BNode, Literal, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from claimgraph.corpus.loading import LoadedCorpus
from claimgraph.facts.index import GraphIndex
from claimgraph.query.results import compact
from claimgraph.rdf.namespace import CG

_LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel, DCTERMS.title)


def iri_of(node: Node) -> str:
    """A node as the views name it: the IRI, or ``_:label`` for a blank node."""
    # Interned: the same actor, document or mode is named by many claims, and one string
    # for each keeps the facts of a large corpus small.
    return sys.intern(f"_:{node}" if isinstance(node, BNode) else str(node))


@dataclass(frozen=True, slots=True)
class Anchor:
    """One quote of a claim or citation in its source."""

    exact: str
    document: str
    start: int | None
    end: int | None


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class LinkFact:
    """An attack, support or same-proposition link between two claims."""

    kind: str  # attacks | supports | same-proposition
    source: str
    target: str


@dataclass(frozen=True, slots=True)
class ArgumentLinkFact:
    """A support or attack recorded as a node (cg:ArgumentLink), so it can be attacked."""

    iri: str
    kind: str
    """``attacks`` (cg:AttackLink), ``supports`` (cg:SupportLink), or ``link`` (neither)."""
    premises: tuple[str, ...]
    """Its premises, sorted (a linked argument has several)."""
    target: str
    """What it aims at: a claim, or another argument link."""


@dataclass(frozen=True, slots=True)
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
    sides: dict[str, str] = field(default_factory=dict)
    """Each actor's side (see :func:`actor_sides`)."""
    merged: dict[str, tuple[str, ...]] = field(default_factory=dict)
    argument_links: dict[str, ArgumentLinkFact] = field(default_factory=dict)
    """The supports and attacks recorded as nodes (cg:ArgumentLink) that have a target."""
    link_attacks: list[tuple[str, str]] = field(default_factory=list)
    """``(claim, argument link)``: the claim attacks the link (cg:attacksLink), sorted."""
    """After :func:`merge_same_propositions`: each claim that stands for several, and the
    claims it stands for (itself included), sorted; empty when nothing was merged."""

    def label(self, iri: str) -> str:
        """The readable name of ``iri``."""
        return self.labels.get(iri, iri)

    def side(self, actor: str) -> str:
        """The side of ``actor``: the top of its sub-organisation and position chain."""
        return self.sides.get(actor, actor)


def _literal_choice(values: list[Node]) -> str | None:
    literals = [v for v in values if isinstance(v, Literal)]
    if not literals:
        return None
    # Deterministic: untagged or English first, then the smallest string.
    literals.sort(key=lambda lit: (lit.language not in (None, "en"), str(lit)))
    return str(literals[0])


def _label(graph: GraphIndex, node: Node, *, lookup: bool = False) -> str:
    for prop in _LABEL_PROPERTIES:
        values = graph.lookup(node, prop) if lookup else graph.objects(node, prop)
        chosen = _literal_choice(values)
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


def _parents(graph: GraphIndex, node: Node) -> set[Node]:
    """What ``node`` is directly part of: its larger organisation or polity, and the
    organisation of each position it holds."""
    found = set(graph.objects(node, CG.subOrganisationOf))
    for position in graph.objects(node, CG.holdsPosition):
        found.update(graph.objects(position, CG.positionIn))
    return found


def actor_sides(graph: GraphIndex, actors: Iterable[Node]) -> dict[str, str]:
    """Each actor's side: the top of its chain of ``cg:subOrganisationOf`` and held positions
    (``cg:holdsPosition`` then ``cg:positionIn``), as the query ``sides`` finds it.

    A ministry's side is its state; a spokesperson's, the top of the organisation of the
    position; an actor with nothing above it is its own side. Where a chain forks into two
    tops, the first IRI is taken (``sides`` lists both); in a cycle with no top, the first
    IRI of the cycle. Sides only group actors; they say nothing about who is right.
    """
    sides: dict[str, str] = {}
    for actor in actors:
        reached = {actor}
        frontier = [actor]
        while frontier:
            step = [p for n in frontier for p in _parents(graph, n) if p not in reached]
            reached.update(step)
            frontier = step
        tops = [n for n in reached if not _parents(graph, n)] or list(reached)
        sides[iri_of(actor)] = min(iri_of(t) for t in tops)
    return sides


def extract_facts(loaded: LoadedCorpus) -> Facts:
    """Read the claims, links and citations of ``loaded`` (its union graph).

    It reads the Oxigraph store one predicate at a time (:class:`GraphIndex`), never the
    whole corpus as rdflib objects, and one attribute of every claim at a time, forgetting
    each predicate once it is read: the memory it takes is the facts' and one predicate's."""
    graph = GraphIndex(loaded.store)
    facts = Facts()
    named: set[Node] = set()

    claim_nodes: set[Node] = set(graph.subjects(RDF.type, CG.Claim))
    rebuttals = set(graph.subjects(RDF.type, CG.Rebuttal))
    claim_nodes |= rebuttals
    claim_nodes |= set(graph.subjects(CG.claimant))
    claim_nodes |= set(graph.subjects(CG.attacks))
    citation_nodes = set(graph.subjects(RDF.type, CG.Citation)) | set(
        graph.subjects(CG.citingClaim)
    )
    broader = _broader_closure(graph)
    graph.forget(SKOS.broader, SKOS.narrower)
    nodes = list(claim_nodes)

    # One tuple for each distinct list of claimants, documents, topics ...: claims share them.
    shared: dict[tuple[str, ...], tuple[str, ...]] = {}

    def share(values: tuple[str, ...]) -> tuple[str, ...]:
        return shared.setdefault(values, values)

    def column(prop: URIRef) -> list[tuple[str, ...]]:
        # One attribute of every claim; the objects are named (labelled) in the views.
        values = []
        for node in nodes:
            objects = graph.objects(node, prop)
            named.update(objects)
            values.append(share(_sorted_iris(objects)))
        graph.forget(prop)
        return values

    def first(prop: URIRef) -> list[Node | None]:
        values = [graph.value(node, prop) for node in nodes]
        named.update(v for v in values if v is not None)
        graph.forget(prop)
        return values

    claimants = column(CG.claimant)
    documents = column(CG.reportedIn)
    topics = column(CG.topic)
    attack_kinds = column(CG.attackKind)
    modes = first(CG.mode)
    speech_acts = first(CG.speechAct)
    named_as = [
        share(tuple(sorted({str(n) for n in graph.objects(node, CG.claimantNamedAs)})))
        for node in nodes
    ]
    graph.forget(CG.claimantNamedAs)
    is_rebuttal = [node in rebuttals or graph.value(node, CG.attacks) is not None for node in nodes]
    labels = [_label(graph, node) for node in nodes]
    graph.forget(*_LABEL_PROPERTIES)
    anchors = [_anchors(graph, node) for node in nodes]
    citation_anchors = {node: _anchors(graph, node) for node in citation_nodes}
    graph.forget(CG.anchor, CG.exact, CG.inDocument, CG.start, CG.end)
    graph.forget_terms()

    for i, node in enumerate(nodes):
        facets = set(topics[i])
        for topic in topics[i]:
            facets |= broader.get(topic, set())
        mode, speech_act = modes[i], speech_acts[i]
        facts.claims[iri_of(node)] = ClaimFact(
            iri=iri_of(node),
            label=labels[i],
            is_rebuttal=is_rebuttal[i],
            claimants=claimants[i],
            named_as=named_as[i],
            documents=documents[i],
            mode=iri_of(mode) if mode is not None else "",
            speech_act=iri_of(speech_act) if speech_act is not None else "",
            topics=topics[i],
            topic_facets=share(tuple(sorted(facets))),
            anchors=anchors[i],
            attack_kinds=attack_kinds[i],
        )
    del claimants, documents, topics, attack_kinds, modes, speech_acts, named_as
    del is_rebuttal, labels, anchors
    for fact in facts.claims.values():
        facts.actors.update(fact.claimants)
        facts.documents.update(fact.documents)
        facts.topics.update(fact.topics)

    for kind, prop in (
        ("attacks", CG.attacks),
        ("supports", CG.supports),
        ("same-proposition", CG.sameProposition),
    ):
        for source, target in graph.pairs(prop):
            if source in claim_nodes and target in claim_nodes:
                facts.links.append(LinkFact(kind, iri_of(source), iri_of(target)))
        graph.forget(prop)

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
                anchors=citation_anchors[node],
            )
        )
        named.update(n for n in (authority, act, intent) if n is not None)
        types = sorted(compact(t) for t in graph.lookup(authority, RDF.type))
        facts.authority_types[iri_of(authority)] = tuple(types)
    del citation_anchors
    graph.forget(CG.citingClaim, CG.citedAuthority, CG.citedAct, CG.citationIntent, CG.pinpoint)

    facts.sides = actor_sides(graph, (URIRef(a) for a in facts.actors if not a.startswith("_:")))
    named.update(URIRef(s) for s in facts.sides.values() if not s.startswith("_:"))

    # Every topic of a claim brings the claim's broader topics (its facets) with it.
    for topic_facets in {fact.topic_facets for fact in facts.claims.values()}:
        facts.topics.update(topic_facets)
    named.update(URIRef(t) for t in facts.topics if not t.startswith("_:"))
    for node in named:
        facts.labels[iri_of(node)] = _label(graph, node, lookup=True)
    facts.links.sort(key=lambda link: (link.kind, link.source, link.target))
    _read_argument_links(graph, claim_nodes, facts)
    facts.citations.sort(key=lambda c: (c.claim, c.authority, c.iri))
    return facts


def _read_argument_links(graph: GraphIndex, claim_nodes: set[Node], facts: Facts) -> None:
    """The argument-link nodes and the claims' attacks on them, for the analysis."""
    for kind, cls in (
        ("link", CG.ArgumentLink),
        ("supports", CG.SupportLink),
        ("attacks", CG.AttackLink),
    ):
        # Later kinds win: a cg:AttackLink typed cg:ArgumentLink as well is an attack.
        for node in graph.subjects(RDF.type, cls):
            target = graph.value(node, CG.linkTarget)
            if target is None:
                continue
            premises = _sorted_iris(p for p in graph.objects(node, CG.premise) if p in claim_nodes)
            facts.argument_links[iri_of(node)] = ArgumentLinkFact(
                iri_of(node), kind, premises, iri_of(target)
            )
    facts.link_attacks = sorted(
        (iri_of(source), iri_of(link))
        for source, link in graph.pairs(CG.attacksLink)
        if source in claim_nodes
    )


def merge_same_propositions(facts: Facts) -> Facts:
    """``facts`` with every group of claims linked by ``cg:sameProposition`` (directly or
    through each other) made one claim: one argument for the analysis, whichever document
    records it.

    The group's first IRI stands for it; it keeps its own label, mode and quote, and takes
    the claimants, documents, topics and attack kinds of the whole group. Attacks, supports
    and citations of any member become the representative's (counted once); the
    same-proposition links inside a group disappear. :attr:`Facts.merged` says which claims
    each representative stands for, so that every explanation can name them.
    """
    parent: dict[str, str] = {}

    def find(claim: str) -> str:
        parent.setdefault(claim, claim)
        while parent[claim] != claim:
            parent[claim] = parent[parent[claim]]
            claim = parent[claim]
        return claim

    for link in facts.links:
        if link.kind == "same-proposition":
            first, second = sorted((find(link.source), find(link.target)))
            parent[second] = first
    groups: dict[str, list[str]] = defaultdict(list)
    for member in parent:
        groups[find(member)].append(member)
    if not any(len(members) > 1 for members in groups.values()):
        return facts
    into = {member: find(member) for member in parent}

    def rep(claim: str) -> str:
        return into.get(claim, claim)

    claims: dict[str, ClaimFact] = {}
    for iri, claim in facts.claims.items():
        if rep(iri) != iri:
            continue
        members = [facts.claims[m] for m in sorted(groups.get(iri, [iri]))]

        def union(values: Iterable[tuple[str, ...]]) -> tuple[str, ...]:
            return tuple(sorted({v for value in values for v in value}))

        claims[iri] = replace(
            claim,
            is_rebuttal=any(m.is_rebuttal for m in members),
            claimants=union(m.claimants for m in members),
            named_as=union(m.named_as for m in members),
            documents=union(m.documents for m in members),
            topics=union(m.topics for m in members),
            topic_facets=union(m.topic_facets for m in members),
            attack_kinds=union(m.attack_kinds for m in members),
        )
    links = sorted(
        {
            LinkFact(link.kind, rep(link.source), rep(link.target))
            for link in facts.links
            if link.kind != "same-proposition" or rep(link.source) != rep(link.target)
        },
        key=lambda link: (link.kind, link.source, link.target),
    )
    citations = sorted(
        (replace(c, claim=rep(c.claim)) for c in facts.citations),
        key=lambda c: (c.claim, c.authority, c.iri),
    )
    merged = {root: tuple(sorted(members)) for root, members in groups.items() if len(members) > 1}
    argument_links = {
        iri: replace(
            link,
            premises=tuple(sorted({rep(p) for p in link.premises})),
            target=rep(link.target),
        )
        for iri, link in facts.argument_links.items()
    }
    link_attacks = sorted({(rep(source), link) for source, link in facts.link_attacks})
    return replace(
        facts,
        claims=claims,
        links=links,
        citations=citations,
        merged=merged,
        argument_links=argument_links,
        link_attacks=link_attacks,
    )


def group_by_side(facts: Facts) -> Facts:
    """``facts`` with each claim's claimants replaced by their sides (see
    :func:`actor_sides`), so that counts and networks read "who rebuts whom" between sides:
    a ministry, its spokesperson and its state count as one."""
    claims = {
        iri: replace(claim, claimants=tuple(sorted({facts.side(a) for a in claim.claimants})))
        for iri, claim in facts.claims.items()
    }
    return replace(facts, claims=claims, actors={facts.side(a) for a in facts.actors})
