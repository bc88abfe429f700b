"""The claim graph as networkx graphs: claims with their attacks and supports, the actor
network (who rebuts whom) and the citation network (who cites which authorities).

Each projection is read from the shared facts model (:func:`claimgraph.facts.model.extract_facts`)
with the code the export views use (:func:`~claimgraph.export.views.claim_attributes`,
:func:`~claimgraph.export.views.rebuttal_pairs`,
:func:`~claimgraph.export.views.citation_pairs`), so a projection here and the picture
``claimgraph export`` draws of it have the same nodes, edges and weights. They leave out
what only pictures need (wrapped labels, tooltips, colours lists, merged quotes), which
keeps them fast on large corpora, and add what the analysis needs (claimant IRIs, how many
claims an actor holds).

Every graph is built in sorted order, so iterating over it is deterministic.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import networkx as nx

from claimgraph.facts.attributes import citation_pairs, claim_attributes, rebuttal_pairs
from claimgraph.facts.model import Facts

__all__ = [
    "ATTACKS",
    "CITES",
    "REBUTS",
    "SAME_PROPOSITION",
    "SUPPORTS",
    "actor_network",
    "citation_network",
    "claim_graph",
]

ATTACKS = "attacks"
SUPPORTS = "supports"
SAME_PROPOSITION = "same-proposition"
REBUTS = "rebuts"
CITES = "cites"


def _counted(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def claim_graph(facts: Facts, *, same_proposition: bool = False) -> nx.MultiDiGraph:
    """Claims as nodes, attacks and supports as edges (keyed by their kind).

    Nodes carry the argument map's attributes (``kind`` claim or rebuttal, ``label``,
    ``claimant`` (readable), ``document``, ``quote``, ``iri``, ``mode``, ``speech_act``,
    ``attack_kind``, ``topics`` ...; empty ones left out) and ``claimants``: the claimants'
    IRIs, space-separated. Edges carry ``kind`` (``attacks`` or ``supports``), for attacks
    ``attack_kind`` (the rebuttal's kinds of attack, readable), and ``claimant``,
    ``document`` and ``quote`` of the claim the edge comes from. Citations are in
    :func:`citation_network`; with ``same_proposition`` the same-proposition links are
    edges too (kind ``same-proposition``).
    """
    kinds = {ATTACKS, SUPPORTS} | ({SAME_PROPOSITION} if same_proposition else set())
    graph = nx.MultiDiGraph(name="claim graph")
    attributes = {}
    for iri in sorted(facts.claims):
        claim = facts.claims[iri]
        attrs = {k: v for k, v in claim_attributes(claim, facts).items() if v}
        attrs["claimants"] = " ".join(claim.claimants)
        attributes[iri] = attrs
        graph.add_node(iri, **attrs)
    for link in sorted(facts.links, key=lambda link: (link.source, link.target, link.kind)):
        if link.kind not in kinds or graph.has_edge(link.source, link.target, link.kind):
            continue
        source = attributes[link.source]
        attrs = {
            "kind": link.kind,
            "claimant": source.get("claimant", ""),
            "document": source.get("document", ""),
            "quote": source.get("quote", ""),
        }
        if link.kind == ATTACKS and source.get("attack_kind"):
            attrs["attack_kind"] = source["attack_kind"]
        graph.add_edge(link.source, link.target, key=link.kind, **attrs)
    return graph


def actor_network(facts: Facts) -> nx.DiGraph:
    """Who rebuts whom: an edge from each actor to each actor whose claims it attacks.

    An edge's ``weight`` is the number of attacks behind it (a rebuttal attacking two claims
    of one actor counts twice, as in ``claimgraph export actor-network``), and ``rebuttals``
    the number of distinct rebuttals. Every claimant is a node, so an actor whose claims
    neither attack nor are attacked is there without edges. Nodes carry ``kind`` (actor),
    ``label``, ``iri`` and ``claims``: how many claims the actor holds.
    """
    held: Counter[str] = Counter(a for claim in facts.claims.values() for a in claim.claimants)
    weights: Counter[tuple[str, str]] = Counter()
    rebuttals: dict[tuple[str, str], set[str]] = defaultdict(set)
    for rebutter, target, rebuttal, _ in rebuttal_pairs(facts):
        weights[(rebutter, target)] += 1
        rebuttals[(rebutter, target)].add(rebuttal.iri)
    graph = nx.DiGraph(name="actor network")
    actors = set(held) | {actor for pair in weights for actor in pair}
    for actor in sorted(actors):
        graph.add_node(actor, kind="actor", label=facts.label(actor), iri=actor, claims=held[actor])
    for (source, target), weight in sorted(weights.items()):
        graph.add_edge(
            source,
            target,
            kind=REBUTS,
            weight=weight,
            rebuttals=len(rebuttals[(source, target)]),
            label=_counted(weight, "attack"),
        )
    return graph


def citation_network(facts: Facts) -> nx.DiGraph:
    """Who cites which authorities: edges from claims and from actors to authorities.

    Nodes carry ``kind``: ``actor``, ``claim`` (or ``rebuttal``) or ``authority``, and
    ``label``. An edge from a claim to an authority stands for the claim's citations of it
    (``weight``: how many; ``act``, ``intent`` and ``pinpoint`` as the citations give
    them, readable, joined by ``; ``); an edge from an actor to an authority for the
    citations in all its claims (``weight``: how many, as in ``claimgraph export
    authority-network``). Claims that cite nothing are left out. An actor that is also
    cited as an authority is one node, of kind ``authority``.
    """
    by_claim: dict[tuple[str, str], list[str]] = defaultdict(list)
    details: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(
        lambda: {"act": [], "intent": [], "pinpoint": []}
    )
    for citation in facts.citations:
        pair = (citation.claim, citation.authority)
        by_claim[pair].append(citation.iri)
        found = details[pair]
        for name, value in (
            ("act", facts.label(citation.act) if citation.act else ""),
            ("intent", facts.label(citation.intent) if citation.intent else ""),
            ("pinpoint", citation.pinpoint),
        ):
            if value and value not in found[name]:
                found[name].append(value)
    by_actor: Counter[tuple[str, str]] = Counter(
        (actor, citation.authority) for actor, citation, _ in citation_pairs(facts)
    )
    authorities = {authority for _, authority in by_claim}
    graph = nx.DiGraph(name="citation network")
    for actor in sorted({actor for actor, _ in by_actor} - authorities):
        graph.add_node(actor, kind="actor", label=facts.label(actor), iri=actor)
    for iri in sorted({citing for citing, _ in by_claim}):
        fact = facts.claims[iri]
        shown = claim_attributes(fact, facts)
        graph.add_node(
            iri,
            kind=shown["kind"],
            label=shown["label"],
            iri=iri,
            claimants=" ".join(fact.claimants),
        )
    for authority in sorted(authorities):
        types = " ".join(facts.authority_types.get(authority, ()))
        graph.add_node(
            authority,
            kind="authority",
            label=facts.label(authority),
            iri=authority,
            authority_type=types,
        )
    for (claim, authority), citations in sorted(by_claim.items()):
        attrs = {name: "; ".join(values) for name, values in details[(claim, authority)].items()}
        graph.add_edge(
            claim,
            authority,
            kind=CITES,
            weight=len(citations),
            label=_counted(len(citations), "citation"),
            **{k: v for k, v in attrs.items() if v},
        )
    for (actor, authority), weight in sorted(by_actor.items()):
        graph.add_edge(
            actor, authority, kind=CITES, weight=weight, label=_counted(weight, "citation")
        )
    return graph
