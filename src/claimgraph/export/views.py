"""The three views, as networkx graphs: argument map, actor network, authority network.

A view is built in two steps, so that the HTML map can repeat the second in the browser:

1. :func:`view_data` turns the corpus's facts into *records*: nodes, and edge records that
   each stand for one link of the data (an attack, a citation ...) with the *facets* it
   belongs to (its documents, actors, topics, claims).
2. :func:`apply_filters` keeps the records that pass the filters and sums edge records with
   the same ends and key into one edge (its ``weight`` is how many), then cuts out the
   neighbourhood of ``--focus`` if one is given.

Filter semantics (the same in Python and in the HTML map):

* ``--document D``: a claim is kept if it is reported in D; an edge record if the claim it
  comes from (the rebuttal, the supporting or citing claim) is.
* ``--topic T``: the same with the claim's topics (a broader topic matches narrower ones).
* ``--actor A``: in the argument map, the claims A holds; in the networks, the edges that
  start or end at A.
* Repeating a filter widens it (any of the values); different filters narrow (all must hold).
* Claims are *primary* nodes, kept on their own facets; authorities and, in the networks,
  actors are kept when a kept edge reaches them.
* ``--focus X --depth N``: the nodes within N steps (either direction) of X, where X is a
  node of the view, or an actor (its claims in the argument map), or a claim (its claimants
  in the networks).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import networkx as nx
from rdflib import URIRef

from claimgraph.errors import InputError
from claimgraph.export.style import (
    AUTHORITY_COLOUR,
    NO_ACTOR_COLOUR,
    WRAP_LINES,
    WRAP_WIDTH,
)
from claimgraph.facts.attributes import (
    actor_colour,
    citation_pairs,
    claim_attributes,
    rebuttal_pairs,
)
from claimgraph.facts.model import ClaimFact, Facts
from claimgraph.query.results import compact
from claimgraph.rdf.namespace import PREFIXES
from claimgraph.rdf.text import display_safe, shorten, wrap

VIEWS: dict[str, str] = {
    "argument-map": "Argument map: claims, rebuttals and supports, with the authorities cited",
    "actor-network": "Actor network: who rebuts whom",
    "authority-network": "Authority network: which actors cite which authorities",
}
"""Each view's name and title."""

NODE_ATTRIBUTES: tuple[str, ...] = (
    "kind",
    "label",
    "claimant",
    "document",
    "quote",
    "iri",
    "colour",
    "named_as",
    "mode",
    "speech_act",
    "attack_kind",
    "topics",
    "authority_type",
)
"""The attributes every data export carries on nodes (all strings), in this order."""

EDGE_ATTRIBUTES: tuple[str, ...] = (
    "kind",
    "label",
    "claimant",
    "document",
    "quote",
    "weight",
    "attack_kind",
    "intent",
    "act",
    "pinpoint",
)
"""The attributes every data export carries on edges (``weight`` an integer, the rest strings)."""

_JOIN = {"document": " ", "topics": " ", "quote": "\n\n"}


@dataclass(frozen=True, slots=True)
class Facets:
    """What a node or edge record belongs to, for the filters and the focus."""

    documents: frozenset[str] = frozenset()
    actors: frozenset[str] = frozenset()
    topics: frozenset[str] = frozenset()
    claims: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class NodeRecord:
    """A node of a view before filtering."""

    id: str
    kind: str
    primary: bool
    """True: kept on its own facets (claims). False: kept when a kept edge reaches it."""
    facets: Facets
    attrs: dict[str, str]
    colours: tuple[str, ...]
    display: tuple[str, ...]
    """The label as the picture shows it: display-safe lines, shortened."""
    tooltip: str
    """The full text for a hover (display-safe, lines joined by newlines)."""


@dataclass(frozen=True, slots=True)
class EdgeRecord:
    """One link of the data; records with the same ends and key become one edge."""

    source: str
    target: str
    kind: str
    key: str
    facets: Facets
    label: str | None
    """A fixed label, or None for a counted one ("3 rebuttals")."""
    attrs: dict[str, str]


@dataclass
class ViewData:
    """A view's records, before the filters."""

    view: str
    title: str
    nodes: dict[str, NodeRecord] = field(default_factory=dict)
    edges: list[EdgeRecord] = field(default_factory=list)
    unit: tuple[str, str] | None = None
    """Singular and plural of what a counted edge label counts, or None."""
    options: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    """For each filter (documents, actors, topics), the (IRI, label) pairs it can take."""
    labels: dict[str, str] = field(default_factory=dict)
    """Readable names of the IRIs the view mentions (documents in tooltips, for one)."""
    pictures: bool = True
    """Whether the nodes carry what pictures draw (display lines and tooltips); the data
    exports (GraphML, GEXF, Cytoscape JSON) do without, which saves a large view's memory."""


@dataclass(frozen=True)
class ViewFilter:
    """The filters of one export. Values are IRIs; empty means no filter."""

    documents: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    focus: str | None = None
    depth: int = 1

    def describe(self, labels: dict[str, str] | None = None) -> str:
        """The filters in words, for a title or a comment ("" when there are none)."""
        shown = labels or {}
        parts = []
        for name, values in (
            ("document", self.documents),
            ("actor", self.actors),
            ("topic", self.topics),
        ):
            if values:
                parts.append(f"{name}: " + ", ".join(shown.get(v, _short(v)) for v in values))
        if self.focus is not None:
            parts.append(f"focus: {shown.get(self.focus, _short(self.focus))}, depth {self.depth}")
        return "; ".join(parts)


def _short(iri: str) -> str:
    shown = compact(URIRef(iri)) if not iri.startswith("_:") else iri
    return shown[1:-1] if shown.startswith("<") else shown


def resolve_iri(text: str) -> str:
    """An IRI given on the command line: full, in angle brackets, or a prefixed name."""
    value = text.strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    prefix, colon, local = value.partition(":")
    if colon and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    if "://" in value or value.startswith("urn:") or value.startswith("_:"):
        return value
    raise InputError(
        f"{text!r} is not an IRI",
        hint="give a full IRI or a prefixed name such as actor:azerbaijan or doc:<slug>",
    )


@lru_cache(maxsize=1 << 14)
def _frozen(values: tuple[str, ...]) -> frozenset[str]:
    # Claims share their documents, claimants and topics (the facts share the tuples): one
    # frozenset for each keeps a large view small.
    return frozenset(values)


def _tooltip(*lines: str) -> str:
    return "\n".join(display_safe(line) for line in lines if line)


def _claim_node(claim: ClaimFact, facts: Facts, pictures: bool = True) -> NodeRecord:
    attrs = claim_attributes(claim, facts)
    facets = Facets(
        documents=_frozen(claim.documents),
        actors=_frozen(claim.claimants),
        topics=_frozen(claim.topic_facets),
        claims=frozenset({claim.iri}),
    )
    colours = tuple(actor_colour(a) for a in claim.claimants) or (NO_ACTOR_COLOUR,)
    if not pictures:
        return NodeRecord(claim.iri, attrs["kind"], True, facets, attrs, colours, (), "")
    claimant = attrs["claimant"] or "(no claimant)"
    display = [shorten(claimant + ":", WRAP_WIDTH), *wrap(claim.label, WRAP_WIDTH, WRAP_LINES)]
    documents = ", ".join(facts.label(d) for d in claim.documents)
    return NodeRecord(
        id=claim.iri,
        kind=attrs["kind"],
        primary=True,
        facets=facets,
        attrs=attrs,
        colours=colours,
        display=tuple(display),
        tooltip=_tooltip(
            claim.label,
            f"claimant: {claimant}",
            f"quote: \u201c{claim.quote}\u201d" if claim.quote else "",
            f"document: {documents}" if documents else "",
        ),
    )


def _entity_node(
    iri: str, kind: str, facts: Facts, claims: Iterable[str], primary: bool = False
) -> NodeRecord:
    label = facts.label(iri)
    colour = AUTHORITY_COLOUR if kind == "authority" else actor_colour(iri)
    attrs = {"kind": kind, "label": label, "iri": iri, "colour": colour}
    if kind == "authority":
        attrs["authority_type"] = " ".join(facts.authority_types.get(iri, ()))
    return NodeRecord(
        id=iri,
        kind=kind,
        primary=primary,
        facets=Facets(
            actors=frozenset({iri}) if kind == "actor" else frozenset(),
            claims=frozenset(claims),
        ),
        attrs=attrs,
        colours=(colour,),
        display=tuple(wrap(label, WRAP_WIDTH, WRAP_LINES)),
        tooltip=_tooltip(label, iri),
    )


def _claim_facets(claim: ClaimFact, actors: Iterable[str] | None = None) -> Facets:
    return Facets(
        documents=_frozen(claim.documents),
        actors=_frozen(claim.claimants) if actors is None else frozenset(actors),
        topics=_frozen(claim.topic_facets),
        claims=frozenset({claim.iri}),
    )


def _argument_map(facts: Facts, data: ViewData) -> None:
    for iri in sorted(facts.claims):
        data.nodes[iri] = _claim_node(facts.claims[iri], facts, data.pictures)
    for link in facts.links:
        source = facts.claims[link.source]
        attrs = {
            "claimant": data.nodes[link.source].attrs["claimant"],
            "document": " ".join(source.documents),
            "quote": source.quote,
        }
        label = ""
        if link.kind == "attacks":
            attrs["attack_kind"] = "; ".join(facts.label(k) for k in source.attack_kinds)
            label = display_safe(attrs["attack_kind"].removesuffix(" attack"))
        # The claim's own facets (its node's): one object for the node and its links.
        facets = data.nodes[link.source].facets
        data.edges.append(
            EdgeRecord(link.source, link.target, link.kind, link.kind, facets, label, attrs)
        )
    citing: dict[str, set[str]] = defaultdict(set)
    for citation in facts.citations:
        claim = facts.claims[citation.claim]
        citing[citation.authority].add(claim.iri)
        intent = facts.label(citation.intent) if citation.intent else ""
        act = facts.label(citation.act) if citation.act else ""
        what = act or (f"\u201c{citation.pinpoint}\u201d" if citation.pinpoint else "")
        attrs = {
            "claimant": data.nodes[claim.iri].attrs["claimant"],
            "document": " ".join(claim.documents),
            "quote": citation.quote,
            "intent": intent,
            "act": act,
            "pinpoint": citation.pinpoint,
        }
        label = ": ".join(p for p in (display_safe(intent), shorten(what, 40)) if p)
        data.edges.append(
            EdgeRecord(
                claim.iri,
                citation.authority,
                "cites",
                citation.iri,
                data.nodes[claim.iri].facets,
                label,
                attrs,
            )
        )
    for authority in sorted(citing):
        if authority not in data.nodes:
            data.nodes[authority] = _entity_node(authority, "authority", facts, citing[authority])


def _actor_network(facts: Facts, data: ViewData) -> None:
    holds: dict[str, set[str]] = defaultdict(set)
    for rebutter, target, rebuttal, attacked in rebuttal_pairs(facts):
        holds[rebutter].add(rebuttal.iri)
        holds[target].add(attacked.iri)
        attrs = {
            "claimant": facts.label(rebutter),
            "document": " ".join(rebuttal.documents),
            "quote": rebuttal.quote,
            "attack_kind": "; ".join(facts.label(k) for k in rebuttal.attack_kinds),
        }
        data.edges.append(
            EdgeRecord(
                rebutter,
                target,
                "rebuts",
                "rebuts",
                _claim_facets(rebuttal, {rebutter, target}),
                None,
                attrs,
            )
        )
    for actor in sorted(holds):
        data.nodes[actor] = _entity_node(actor, "actor", facts, holds[actor])


def _authority_network(facts: Facts, data: ViewData) -> None:
    holds: dict[str, set[str]] = defaultdict(set)
    cited: dict[str, set[str]] = defaultdict(set)
    for actor, citation, claim in citation_pairs(facts):
        holds[actor].add(claim.iri)
        cited[citation.authority].add(claim.iri)
        attrs = {
            "claimant": facts.label(actor),
            "document": " ".join(claim.documents),
            "quote": citation.quote,
            "intent": facts.label(citation.intent) if citation.intent else "",
            "act": facts.label(citation.act) if citation.act else "",
            "pinpoint": citation.pinpoint,
        }
        data.edges.append(
            EdgeRecord(
                actor,
                citation.authority,
                "cites",
                "cites",
                _claim_facets(claim, {actor, citation.authority}),
                None,
                attrs,
            )
        )
    for actor in sorted(holds):
        data.nodes[actor] = _entity_node(actor, "actor", facts, holds[actor])
    for authority in sorted(cited):
        if authority not in data.nodes:
            data.nodes[authority] = _entity_node(authority, "authority", facts, cited[authority])


def view_data(facts: Facts, view: str, *, pictures: bool = True) -> ViewData:
    """The records of ``view`` (one of :data:`VIEWS`) before any filter; with ``pictures``
    false, without what only pictures draw (:attr:`ViewData.pictures`)."""
    if view not in VIEWS:
        raise InputError(f"unknown view {view!r}", hint="one of: " + ", ".join(VIEWS))
    data = ViewData(view=view, title=VIEWS[view], pictures=pictures)
    if view == "argument-map":
        _argument_map(facts, data)
    elif view == "actor-network":
        _actor_network(facts, data)
        # An edge sums attack links (a rebuttal attacking two claims counts twice), so its
        # number is of attacks, not of rebuttals.
        data.unit = ("attack", "attacks")
    else:
        _authority_network(facts, data)
        data.unit = ("citation", "citations")
    data.edges.sort(key=lambda e: (e.source, e.target, e.key, sorted(e.facets.claims)))
    actors = set(facts.actors)
    if view == "authority-network":  # there, an authority is a node --actor can name
        actors |= {c.authority for c in facts.citations}
    data.options = {
        "documents": sorted((d, facts.label(d)) for d in facts.documents),
        "actors": sorted((a, facts.label(a)) for a in actors),
        "topics": sorted((t, facts.label(t)) for t in facts.topics),
    }
    data.labels = dict(facts.labels)
    return data


def check_filter(data: ViewData, filters: ViewFilter) -> None:
    """Refuse filter values the data does not know, naming some it does."""
    for name, values in (
        ("document", filters.documents),
        ("actor", filters.actors),
        ("topic", filters.topics),
    ):
        known = {iri for iri, _ in data.options[name + "s"]}
        for value in values:
            if value not in known:
                some = ", ".join(_short(iri) for iri in sorted(known)[:5])
                raise InputError(
                    f"--{name} {_short(value)}: nothing in the data has this {name}",
                    hint=f"known: {some}" if some else f"the data has no {name}s",
                )
    if filters.depth < 0:
        raise InputError("--depth must be 0 or more")


def _passes(facets: Facets, filters: ViewFilter) -> bool:
    if filters.documents and not facets.documents.intersection(filters.documents):
        return False
    if filters.topics and not facets.topics.intersection(filters.topics):
        return False
    return not (filters.actors and not facets.actors.intersection(filters.actors))


def _merge(records: Sequence[EdgeRecord], key: str) -> str:
    values: list[str] = []
    for record in records:
        value = record.attrs.get(key, "")
        parts = value.split(" ") if key == "document" else [value]
        for part in parts:
            if part and part not in values:
                values.append(part)
    if key == "document":
        values.sort()
    return _JOIN.get(key, "; ").join(values)


def apply_filters(data: ViewData, filters: ViewFilter) -> nx.MultiDiGraph:
    """The view as a graph: the records that pass ``filters``, summed into edges.

    Nodes carry :data:`NODE_ATTRIBUTES` (where they apply) and, for pictures, ``_display``
    (label lines), ``_colours`` and ``_tooltip``; edges carry :data:`EDGE_ATTRIBUTES` and
    ``_tooltip`` (none of these when the view was made without ``pictures``). Attributes
    starting with ``_`` are for pictures and are not exported.
    Nodes and edges are added in sorted order, so every writer is deterministic.
    """
    check_filter(data, filters)
    kept_primary = {
        node.id for node in data.nodes.values() if node.primary and _passes(node.facets, filters)
    }

    def present(node_id: str) -> bool:
        return node_id in kept_primary or not data.nodes[node_id].primary

    grouped: dict[tuple[str, str, str], list[EdgeRecord]] = defaultdict(list)
    for record in data.edges:
        if _passes(record.facets, filters) and present(record.source) and present(record.target):
            grouped[(record.source, record.target, record.key)].append(record)
    kept = set(kept_primary)
    for source, target, _ in grouped:
        kept.update((source, target))

    graph = nx.MultiDiGraph(view=data.view, title=data.title, filters=filters.describe())
    documents: dict[str, set[str]] = defaultdict(set)
    edges = []
    for (source, target, key), records in sorted(grouped.items()):
        weight = len(records)
        first = records[0]
        if first.label is not None:
            label = first.label
        else:
            assert data.unit is not None
            label = f"{weight} {data.unit[0] if weight == 1 else data.unit[1]}"
        attrs: dict[str, str | int] = {"kind": first.kind, "label": label, "weight": weight}
        for name in EDGE_ATTRIBUTES:
            if name not in attrs:
                merged = _merge(records, name)
                if merged:
                    attrs[name] = merged
        for node in (source, target):
            documents[node].update(str(attrs.get("document", "")).split())
        if data.pictures:
            attrs["_tooltip"] = _edge_tooltip(attrs, data.labels)
        edges.append((source, target, key, attrs))

    if filters.focus is not None:
        kept = _neighbourhood(data, kept, [(s, t) for s, t, _, _ in edges], filters)
        edges = [e for e in edges if e[0] in kept and e[1] in kept]

    for node_id in sorted(kept):
        node_record = data.nodes[node_id]
        node_attrs = {k: v for k, v in node_record.attrs.items() if v}
        if "document" not in node_attrs and documents.get(node_id):
            node_attrs["document"] = " ".join(sorted(documents[node_id] - {""}))
        if data.pictures:
            graph.add_node(
                node_id,
                **node_attrs,
                _display=node_record.display,
                _colours=node_record.colours,
                _tooltip=node_record.tooltip,
            )
        else:
            graph.add_node(node_id, **node_attrs)
    for source, target, key, edge_attrs in edges:
        graph.add_edge(source, target, key=key, **edge_attrs)
    return graph


def _edge_tooltip(attrs: dict[str, str | int], labels: dict[str, str]) -> str:
    documents = "; ".join(labels.get(d, d) for d in str(attrs.get("document", "")).split())
    parts = [
        f"{attrs['kind']}: {attrs['label']}" if attrs.get("label") else str(attrs["kind"]),
        f"by: {attrs['claimant']}" if attrs.get("claimant") else "",
        f"document: {documents}" if documents else "",
        f"act cited: {attrs['act']}" if attrs.get("act") else "",
        f"intent: {attrs['intent']}" if attrs.get("intent") else "",
        f"pinpoint: {attrs['pinpoint']}" if attrs.get("pinpoint") else "",
        f"quote: {shorten(str(attrs['quote']), 600)}" if attrs.get("quote") else "",
    ]
    return _tooltip(*parts)


def focus_seeds(data: ViewData, kept: Iterable[str], focus: str) -> set[str]:
    """The nodes ``--focus`` names: the node itself, an actor's claims, a claim's claimants."""
    seeds = set()
    for node_id in kept:
        facets = data.nodes[node_id].facets
        if node_id == focus or focus in facets.actors or focus in facets.claims:
            seeds.add(node_id)
    return seeds


def _neighbourhood(
    data: ViewData, kept: set[str], edges: list[tuple[str, str]], filters: ViewFilter
) -> set[str]:
    assert filters.focus is not None
    seeds = focus_seeds(data, kept, filters.focus)
    if not seeds:
        raise InputError(
            f"--focus {_short(filters.focus)}: not in the {data.view} view"
            + (
                " after the filters"
                if filters.documents or filters.actors or filters.topics
                else ""
            ),
            hint="focus on a claim, an actor, or an authority the view shows",
        )
    neighbours: dict[str, set[str]] = defaultdict(set)
    for source, target in edges:
        neighbours[source].add(target)
        neighbours[target].add(source)
    reached = set(seeds)
    frontier = set(seeds)
    for _ in range(filters.depth):
        frontier = {n for node in frontier for n in neighbours[node]} - reached
        if not frontier:
            break
        reached |= frontier
    return reached
