"""Counts and centralities of a claim graph: who is attacked, who rebuts, who cites what.

All metrics are read from the shared facts model and its projections
(:mod:`claimgraph.analysis.projections`), and describe the corpus, never the merit of a
claim or of an actor:

* the most attacked claims (distinct attacking claims, and the actors holding them);
* the most active rebutters (rebuttals held, attacks made, claims and actors attacked);
* the most supported claims (supports are counted here, never in the semantics);
* the authorities each side cites (per claimant: citations and citing claims);
* degree and PageRank centrality of the actors in the actor network (an edge from each
  rebutter to each actor it rebuts, weighted by the attacks behind it);
* reciprocity: pairs of actors that rebut each other, and the share of rebuttal edges
  between two different actors whose reverse edge exists too.

Every list is sorted (largest count first, then by IRI), so outputs are deterministic.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

import networkx as nx

from claimgraph.analysis.projections import ATTACKS, SUPPORTS, actor_network
from claimgraph.facts.model import Facts

__all__ = [
    "ActorCentrality",
    "AttackedClaim",
    "AuthorityCitations",
    "Metrics",
    "Rebutter",
    "ReciprocalPair",
    "SupportedClaim",
    "compute_metrics",
    "pagerank",
]


@dataclass(frozen=True)
class AttackedClaim:
    """A claim and the claims that attack it."""

    claim: str
    claimants: tuple[str, ...]
    attackers: tuple[str, ...]
    """The attacking claims (rebuttals), sorted."""
    attacking_actors: tuple[str, ...]
    """The claimants of the attacking claims, sorted."""


@dataclass(frozen=True)
class SupportedClaim:
    """A claim and the claims that support it."""

    claim: str
    claimants: tuple[str, ...]
    supporters: tuple[str, ...]


@dataclass(frozen=True)
class Rebutter:
    """An actor whose claims attack other claims."""

    actor: str
    rebuttals: int
    """How many of its claims attack at least one claim."""
    attacks: int
    """How many attack links those claims make."""
    claims_attacked: int
    """How many distinct claims they attack."""
    actors_rebutted: tuple[str, ...]
    """The claimants of the claims attacked, sorted (the actor itself included if it
    attacks a claim of its own)."""


@dataclass(frozen=True)
class AuthorityCitations:
    """How often one actor's claims cite one authority."""

    actor: str
    authority: str
    citations: int
    claims: tuple[str, ...]
    """The citing claims, sorted."""


@dataclass(frozen=True)
class ActorCentrality:
    """An actor's place in the actor network (edges: rebutter -> rebutted actor)."""

    actor: str
    rebuts: int
    """Attacks its claims make on claims of other actors or its own (weighted out-degree)."""
    rebutted: int
    """Attacks on its claims (weighted in-degree)."""
    degree_centrality: float
    """Distinct actors it rebuts or is rebutted by, over the number of other actors
    (networkx's degree centrality: in-degree plus out-degree, unweighted)."""
    pagerank: float
    """PageRank along rebuttal edges (weighted, damping 0.85): high for actors whose
    claims are attacked, and more so when the rebutters are themselves much rebutted."""


@dataclass(frozen=True)
class ReciprocalPair:
    """Two actors each of whom rebuts the other."""

    first: str
    second: str
    first_rebuts_second: int
    """Attacks by ``first``'s claims on ``second``'s."""
    second_rebuts_first: int


@dataclass(frozen=True)
class Metrics:
    """Everything :func:`compute_metrics` counts."""

    claims: int
    attacks: int
    supports: int
    citations: int
    most_attacked: tuple[AttackedClaim, ...]
    """Attacked claims, most attackers first (the first ``top`` only, if given)."""
    most_supported: tuple[SupportedClaim, ...]
    """Supported claims, most supporters first (the first ``top`` only, if given)."""
    rebutters: tuple[Rebutter, ...]
    """Actors whose claims attack, most attacks first (the first ``top`` only, if given)."""
    attacked_claims: int
    """How many claims are attacked at all."""
    supported_claims: int
    """How many claims are supported at all."""
    rebutter_count: int
    """How many actors hold a claim that attacks."""
    authorities: tuple[AuthorityCitations, ...]
    """Per actor (sorted by actor), its cited authorities, most cited first."""
    centrality: tuple[ActorCentrality, ...]
    """Every claimant, highest PageRank first."""
    reciprocal_pairs: tuple[ReciprocalPair, ...]
    reciprocity: float | None
    """The share of rebuttal edges between two different actors whose reverse edge exists;
    None when there is no such edge at all."""


def pagerank(
    graph: nx.DiGraph,
    alpha: float = 0.85,
    weight: str = "weight",
    tolerance: float = 1.0e-12,
    max_iterations: int = 10_000,
) -> dict[str, float]:
    """PageRank of every node of ``graph`` by power iteration, in pure Python.

    The same definition as networkx's ``pagerank`` (uniform teleport, edge weights from
    ``weight``, the rank of nodes without out-edges spread over all nodes), computed
    without numpy or scipy and in sorted node order, so the same graph always gives the
    same numbers. The ranks sum to 1.
    """
    nodes = sorted(graph.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    out_weight = [0.0] * n
    edges: list[tuple[int, int, float]] = []
    for source, target, data in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1])):
        w = float(data.get(weight, 1.0))
        edges.append((index[source], index[target], w))
        out_weight[index[source]] += w
    dangling = [i for i in range(n) if out_weight[i] == 0.0]
    rank = [1.0 / n] * n
    for _ in range(max_iterations):
        spread = alpha * sum(rank[i] for i in dangling) / n + (1.0 - alpha) / n
        following = [spread] * n
        for i, j, w in edges:
            following[j] += alpha * rank[i] * w / out_weight[i]
        change = sum(abs(a - b) for a, b in zip(following, rank, strict=True))
        rank = following
        if change < n * tolerance:
            break
    return {node: rank[index[node]] for node in nodes}


def _ranked(counter: Mapping[str, int]) -> list[str]:
    return sorted(counter, key=lambda key: (-counter[key], key))


def compute_metrics(facts: Facts, top: int | None = None) -> Metrics:
    """Count attacks, supports, rebutters, citations and actor centralities in ``facts``.

    With ``top``, the ranked lists (most attacked and most supported claims, rebutters)
    keep only their first ``top`` entries (ties broken by IRI); their full lengths are in
    :attr:`Metrics.attacked_claims`, :attr:`Metrics.supported_claims` and
    :attr:`Metrics.rebutter_count`. Counts always cover the whole corpus.
    """
    cut = None if top is None or top <= 0 else top
    attackers: dict[str, set[str]] = defaultdict(set)
    supporters: dict[str, set[str]] = defaultdict(set)
    attacked_by_rebuttal: dict[str, set[str]] = defaultdict(set)
    for link in facts.links:
        if link.kind == ATTACKS:
            attackers[link.target].add(link.source)
            attacked_by_rebuttal[link.source].add(link.target)
        elif link.kind == SUPPORTS:
            supporters[link.target].add(link.source)

    def claimants(claim: str) -> tuple[str, ...]:
        return facts.claims[claim].claimants

    most_attacked = tuple(
        AttackedClaim(
            claim,
            claimants(claim),
            tuple(sorted(attackers[claim])),
            tuple(sorted({a for source in attackers[claim] for a in claimants(source)})),
        )
        for claim in _ranked({c: len(s) for c, s in attackers.items()})[:cut]
    )
    most_supported = tuple(
        SupportedClaim(claim, claimants(claim), tuple(sorted(supporters[claim])))
        for claim in _ranked({c: len(s) for c, s in supporters.items()})[:cut]
    )

    rebuttals: Counter[str] = Counter()
    attacks_made: Counter[str] = Counter()
    targets: dict[str, set[str]] = defaultdict(set)
    rebutted_actors: dict[str, set[str]] = defaultdict(set)
    for rebuttal, attacked in attacked_by_rebuttal.items():
        for actor in claimants(rebuttal):
            rebuttals[actor] += 1
            attacks_made[actor] += len(attacked)
            targets[actor] |= attacked
    ranked_rebutters = sorted(rebuttals, key=lambda a: (-attacks_made[a], -rebuttals[a], a))
    for actor in ranked_rebutters[:cut]:
        rebutted_actors[actor] = {a for claim in targets[actor] for a in claimants(claim)}
    rebutters = tuple(
        Rebutter(
            actor,
            rebuttals[actor],
            attacks_made[actor],
            len(targets[actor]),
            tuple(sorted(rebutted_actors[actor])),
        )
        for actor in ranked_rebutters[:cut]
    )

    cited: dict[tuple[str, str], list[str]] = defaultdict(list)
    for citation in facts.citations:
        for actor in claimants(citation.claim):
            cited[(actor, citation.authority)].append(citation.claim)
    authorities = tuple(
        AuthorityCitations(actor, authority, len(claims), tuple(sorted(set(claims))))
        for (actor, authority), claims in sorted(
            cited.items(), key=lambda item: (item[0][0], -len(item[1]), item[0][1])
        )
    )

    network = actor_network(facts)
    ranks = pagerank(network)
    degree = nx.degree_centrality(network) if len(network) > 1 else dict.fromkeys(network, 0.0)
    centrality = tuple(
        sorted(
            (
                ActorCentrality(
                    actor,
                    int(network.out_degree(actor, weight="weight")),
                    int(network.in_degree(actor, weight="weight")),
                    float(degree[actor]),
                    ranks[actor],
                )
                for actor in network.nodes
            ),
            key=lambda c: (-round(c.pagerank, 12), c.actor),
        )
    )

    between = [(s, t) for s, t in network.edges if s != t]
    reciprocated = [(s, t) for s, t in between if network.has_edge(t, s)]
    pairs = tuple(
        ReciprocalPair(s, t, int(network.edges[s, t]["weight"]), int(network.edges[t, s]["weight"]))
        for s, t in sorted(reciprocated)
        if s < t
    )
    return Metrics(
        claims=len(facts.claims),
        attacks=sum(len(s) for s in attackers.values()),
        supports=sum(len(s) for s in supporters.values()),
        citations=len(facts.citations),
        most_attacked=most_attacked,
        most_supported=most_supported,
        rebutters=rebutters,
        attacked_claims=len(attackers),
        supported_claims=len(supporters),
        rebutter_count=len(rebuttals),
        authorities=authorities,
        centrality=centrality,
        reciprocal_pairs=pairs,
        reciprocity=len(reciprocated) / len(between) if between else None,
    )
