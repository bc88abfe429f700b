"""Read claimgraph data back into the import model, for the exporters.

Every document graph (``cg:DocumentGraph``) becomes one :class:`ImportedDocument`: its
claims with their anchors' spans, its supports and attacks (direct links and
cg:ArgumentLink nodes), and the actors they name. Keys are the claims' and links'
dcterms:identifier where an importer kept one, else the last part of their IRI, so a
round trip import -> export -> import gives the same IRIs.
"""

from __future__ import annotations

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS
from rdflib.term import Node

from claimgraph.interop.model import (
    ImportedActor,
    ImportedClaim,
    ImportedDocument,
    ImportedLink,
    Review,
    Span,
)
from claimgraph.rdf.namespace import ACTOR, CG, DOC, SCHEMA


def _tail(node: Node, namespace: str) -> str:
    text = str(node)
    return text[len(namespace) :] if text.startswith(namespace) else text.rsplit("/", 1)[-1]


def _str(graph: Graph, node: Node, prop: URIRef) -> str | None:
    value = graph.value(node, prop)
    return None if value is None else str(value)


def _key(graph: Graph, node: Node) -> str:
    return _str(graph, node, DCTERMS.identifier) or str(node).rsplit("/", 1)[-1]


def read_documents(dataset: Dataset) -> list[ImportedDocument]:
    """Every document of ``dataset`` (with cg:text added by the loader), sorted by slug."""
    union = Graph()
    for quad in dataset.quads((None, None, None, None)):
        union.add(quad[:3])
    documents = []
    for graph_name in sorted(set(union.subjects(RDF.type, CG.DocumentGraph)), key=str):
        doc = union.value(graph_name, CG.graphOf)
        if doc is None:
            continue
        documents.append(_document(union, doc))
    return documents


def _actor(union: Graph, node: Node) -> ImportedActor:
    kind = next(
        (
            k
            for k in (CG.Person, CG.Organisation, CG.Polity, CG.ActorGroup)
            if (node, RDF.type, k) in union
        ),
        CG.Person,
    )
    return ImportedActor(
        slug=_tail(node, str(ACTOR)),
        label=_str(union, node, RDFS.label) or _tail(node, str(ACTOR)),
        kind=kind,
        aliases=sorted(str(a) for a in union.objects(node, CG.alias)),
        url=_str(union, node, SCHEMA.url),
    )


def _document(union: Graph, doc: Node) -> ImportedDocument:
    slug = _tail(doc, str(DOC))
    author = union.value(doc, CG.author)
    document = ImportedDocument(
        slug=slug,
        label=_str(union, doc, RDFS.label) or slug,
        author=_tail(author, str(ACTOR)) if author is not None else f"{slug}-author",
        text=_str(union, doc, CG.text) or "",
        source_format=_str(union, doc, DCTERMS["format"]) or "claimgraph",
        source_name=_str(union, doc, DCTERMS.source) or slug,
        language=_str(union, doc, CG.language),
        genre=_str(union, doc, CG.genre),
        published=_str(union, doc, CG.published),
        url=_str(union, doc, SCHEMA.url),
        identifier=_str(union, doc, DCTERMS.identifier),
    )
    if author is not None:
        document.add_actor(_actor(union, author))
    claim_nodes = sorted(set(union.subjects(CG.reportedIn, doc)), key=str)
    keys = {node: _key(union, node) for node in claim_nodes}
    for node in claim_nodes:
        spans = []
        for anchor in sorted(union.objects(node, CG.anchor), key=str):
            start, end = union.value(anchor, CG.start), union.value(anchor, CG.end)
            if isinstance(start, Literal) and isinstance(end, Literal):
                spans.append(Span(int(start.toPython()), int(end.toPython())))
        claimants = sorted(union.objects(node, CG.claimant), key=str)
        for claimant in claimants:
            document.add_actor(_actor(union, claimant))
        reviews = []
        rating = _str(union, node, SCHEMA.reviewRating)
        if rating is not None:
            reviews.append(
                Review(
                    rating=rating,
                    value=_str(union, node, SCHEMA.ratingValue),
                    best=_str(union, node, SCHEMA.bestRating),
                    worst=_str(union, node, SCHEMA.worstRating),
                    url=_str(union, node, SCHEMA.url),
                    date=_str(union, node, SCHEMA.datePublished),
                )
            )
        mode = union.value(node, CG.mode)
        act = union.value(node, CG.speechAct)
        document.claims.append(
            ImportedClaim(
                key=keys[node],
                label=_str(union, node, RDFS.label) or keys[node],
                claimants=[_tail(c, str(ACTOR)) for c in claimants],
                mode=mode if isinstance(mode, URIRef) else CG.DirectMode,
                spans=spans,
                speech_act=act if isinstance(act, URIRef) else CG.Assertion,
                named_as=_str(union, node, CG.claimantNamedAs),
                kind=_str(union, node, DCTERMS.type),
                created=_str(union, node, DCTERMS.created),
                comment=_str(union, node, RDFS.comment),
                reviews=reviews,
            )
        )
    document.claims.sort(key=lambda c: (c.spans[0].start if c.spans else -1, c.key))
    _links(union, document, keys)
    for one, other in union.subject_objects(CG.sameProposition):
        if one in keys and other in keys:
            document.same_proposition.append((keys[one], keys[other]))
    document.same_proposition.sort()
    return document


def _links(union: Graph, document: ImportedDocument, keys: dict[Node, str]) -> None:
    link_nodes = {
        node
        for node in union.subjects(RDF.type, None)
        if any((node, RDF.type, k) in union for k in (CG.SupportLink, CG.AttackLink))
        and any(p in keys for p in union.objects(node, CG.premise))
    }
    link_keys = {node: _key(union, node) for node in link_nodes}
    covered: set[tuple[Node, Node]] = set()
    for node in sorted(link_nodes, key=str):
        target = union.value(node, CG.linkTarget)
        if target is None:
            continue
        premises = sorted(union.objects(node, CG.premise), key=str)
        main = [
            p
            for p in premises
            if (p, CG.supports, target) in union
            or (p, CG.attacks, target) in union
            or (p, CG.attacksLink, target) in union
        ]
        ordered = main[:1] + [p for p in premises if p not in main[:1]]
        covered |= {(p, target) for p in main[:1]}
        kind = "attacks" if (node, RDF.type, CG.AttackLink) in union else "supports"
        source = ordered[0]
        attack_kind = union.value(source, CG.attackKind) if kind == "attacks" else None
        document.links.append(
            ImportedLink(
                key=link_keys[node],
                kind=kind,
                premises=[keys[p] for p in ordered if p in keys],
                target=link_keys.get(target) or keys.get(target, ""),
                target_is_link=target in link_keys,
                attack_kind=attack_kind if isinstance(attack_kind, URIRef) else None,
                scheme=_str(union, node, DCTERMS.type),
                keep_node=True,
            )
        )
    for prop, kind in ((CG.supports, "supports"), (CG.attacks, "attacks")):
        for source, target in sorted(union.subject_objects(prop), key=str):
            if source not in keys or target not in keys or (source, target) in covered:
                continue
            attack_kind = union.value(source, CG.attackKind) if kind == "attacks" else None
            document.links.append(
                ImportedLink(
                    key=f"{kind}-{keys[source]}-{keys[target]}",
                    kind=kind,
                    premises=[keys[source]],
                    target=keys[target],
                    attack_kind=attack_kind if isinstance(attack_kind, URIRef) else None,
                )
            )
