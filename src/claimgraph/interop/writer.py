"""Write imported documents as a claimgraph data folder.

Layout (the same as the project's own ``data/``)::

    OUT/documents/<slug>.trig    graph:doc/<slug>: the document, its claims, anchors, links
    OUT/sources/<slug>.txt       the document's text, which cg:textFile names
    OUT/shared/<slug>.trig       graph:shared: the actors the document names

Formats without a text of their own (an AIF map, SADFace) get one generated from what they
hold, line by line (docs/interop.md), so that every claim keeps a checked quote anchor and
the core shapes apply unchanged.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from claimgraph.corpus.anchors import CONTEXT
from claimgraph.interop.model import ImportedDocument, ImportedLink, slugify
from claimgraph.rdf.formats import rdf_format_named
from claimgraph.rdf.namespace import (
    ACTOR,
    ANCHOR,
    CG,
    CLAIM,
    DOC,
    GRAPH,
    LINK,
    SCHEMA,
    SHARED_GRAPH,
)
from claimgraph.rdf.output import Protected, check_output, check_output_folder, write_atomically
from claimgraph.rdf.serialize import serialize_quads
from claimgraph.rdf.terms import to_oxigraph

Triple = tuple[URIRef, URIRef, URIRef | Literal]


def claim_iri(document: ImportedDocument, key: str) -> URIRef:
    """The IRI of the claim with source key ``key``."""
    return CLAIM[f"{document.slug}-{slugify(key)}"]


def link_iri(document: ImportedDocument, key: str) -> URIRef:
    """The IRI of the argument link with source key ``key``."""
    return LINK[f"{document.slug}-{slugify(key)}"]


def document_graph_iri(slug: str) -> URIRef:
    """The named graph of document ``slug``."""
    return GRAPH[f"doc/{slug}"]


def _reified(document: ImportedDocument) -> set[str]:
    """Links that need a node of their own: targeted by a link, linked premises, undercuts."""
    targeted = {link.target for link in document.links if link.target_is_link}
    return {
        link.key
        for link in document.links
        if link.key in targeted or len(link.premises) > 1 or link.target_is_link or link.keep_node
    }


def _link_triples(document: ImportedDocument, link: ImportedLink, reify: bool) -> list[Triple]:
    source = claim_iri(document, link.premises[0])
    target = (
        link_iri(document, link.target) if link.target_is_link else claim_iri(document, link.target)
    )
    triples: list[Triple] = []
    if link.target_is_link:
        triples.append((source, CG.attacksLink, target))
    elif link.kind == "attacks":
        triples += [(source, RDF.type, CG.Rebuttal), (source, CG.attacks, target)]
        if link.attack_kind is not None:
            triples.append((source, CG.attackKind, link.attack_kind))
    else:
        triples.append((source, CG.supports, target))
    if reify:
        node = link_iri(document, link.key)
        kind = CG.AttackLink if link.kind == "attacks" else CG.SupportLink
        triples += [
            (node, RDF.type, kind),
            (node, CG.linkTarget, target),
            (node, DCTERMS.identifier, Literal(link.key)),
        ]
        triples += [(node, CG.premise, claim_iri(document, p)) for p in link.premises]
        if link.scheme:
            triples.append((node, DCTERMS.type, Literal(link.scheme)))
    return triples


def document_triples(document: ImportedDocument) -> list[Triple]:
    """The triples of the document graph of ``document``."""
    doc = DOC[document.slug]
    graph = document_graph_iri(document.slug)
    text = document.text
    triples: list[Triple] = [
        (graph, RDF.type, CG.DocumentGraph),
        (graph, CG.graphOf, doc),
        (doc, RDF.type, CG.SourceDocument),
        (doc, RDFS.label, Literal(document.label)),
        (doc, CG.author, ACTOR[document.author]),
        (doc, CG.textFile, Literal(f"sources/{document.slug}.txt")),
        (doc, CG.textSha256, Literal(hashlib.sha256(text.encode("utf-8")).hexdigest())),
        (doc, DCTERMS.source, Literal(document.source_name)),
        (doc, DCTERMS["format"], Literal(document.source_format)),
    ]
    if document.identifier:
        triples.append((doc, DCTERMS.identifier, Literal(document.identifier)))
    if document.language:
        triples.append((doc, CG.language, Literal(document.language)))
    if document.genre:
        triples.append((doc, CG.genre, Literal(document.genre)))
    if document.published:
        triples.append((doc, CG.published, Literal(document.published, datatype=XSD.date)))
    if document.url:
        triples.append((doc, SCHEMA.url, Literal(document.url, datatype=XSD.anyURI)))
    for claim in document.claims:
        node = claim_iri(document, claim.key)
        triples += [
            (node, RDF.type, CG.Claim),
            (node, RDFS.label, Literal(claim.label)),
            (node, CG.reportedIn, doc),
            (node, CG.reportedBy, ACTOR[document.author]),
            (node, CG.mode, claim.mode),
            (node, CG.speechAct, claim.speech_act),
            (node, DCTERMS.identifier, Literal(claim.key)),
        ]
        triples += [(node, CG.claimant, ACTOR[slug]) for slug in claim.claimants]
        if claim.named_as:
            triples.append((node, CG.claimantNamedAs, Literal(claim.named_as)))
        if claim.kind:
            triples.append((node, DCTERMS.type, Literal(claim.kind)))
        if claim.created:
            triples.append((node, DCTERMS.created, Literal(claim.created)))
        if claim.comment:
            triples.append((node, RDFS.comment, Literal(claim.comment)))
        for review in claim.reviews:
            triples.append((node, SCHEMA.reviewRating, Literal(review.rating)))
            if review.value is not None:
                triples.append((node, SCHEMA.ratingValue, Literal(review.value)))
            if review.best is not None:
                triples.append((node, SCHEMA.bestRating, Literal(review.best)))
            if review.worst is not None:
                triples.append((node, SCHEMA.worstRating, Literal(review.worst)))
            if review.url is not None:
                triples.append((node, SCHEMA.url, Literal(review.url, datatype=XSD.anyURI)))
            if review.date is not None:
                triples.append((node, SCHEMA.datePublished, Literal(review.date)))
        for number, span in enumerate(claim.spans, start=1):
            suffix = "" if number == 1 else f"-{number}"
            anchor = ANCHOR[f"{document.slug}-{slugify(claim.key)}{suffix}"]
            triples += [
                (node, CG.anchor, anchor),
                (anchor, RDF.type, CG.QuoteAnchor),
                (anchor, CG.inDocument, doc),
                (anchor, CG.exact, Literal(text[span.start : span.end])),
                (anchor, CG.start, Literal(span.start, datatype=XSD.nonNegativeInteger)),
                (anchor, CG.end, Literal(span.end, datatype=XSD.nonNegativeInteger)),
                (anchor, CG.prefix, Literal(text[max(0, span.start - CONTEXT) : span.start])),
                (anchor, CG.suffix, Literal(text[span.end : span.end + CONTEXT])),
            ]
    reified = _reified(document)
    for link in document.links:
        triples += _link_triples(document, link, link.key in reified)
    for one, other in document.same_proposition:
        triples.append((claim_iri(document, one), CG.sameProposition, claim_iri(document, other)))
    return triples


def shared_triples(document: ImportedDocument) -> list[Triple]:
    """The triples of the shared graph for the actors of ``document``."""
    triples: list[Triple] = [(SHARED_GRAPH, RDF.type, CG.SharedGraph)]
    for actor in document.actors.values():
        node = ACTOR[actor.slug]
        triples += [(node, RDF.type, actor.kind), (node, RDFS.label, Literal(actor.label))]
        triples += [(node, CG.alias, Literal(alias)) for alias in actor.aliases]
        if actor.url:
            triples.append((node, SCHEMA.url, Literal(actor.url, datatype=XSD.anyURI)))
    return triples


def _quads(triples: list[Triple], graph: URIRef) -> list[ox.Quad]:
    name = ox.NamedNode(str(graph))
    return [
        ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), name) for s, p, o in set(triples)
    ]


def document_trig(document: ImportedDocument) -> tuple[bytes, bytes]:
    """The TriG bytes of the document graph and of the shared graph of ``document``."""
    trig = rdf_format_named("trig")
    doc_bytes = serialize_quads(
        _quads(document_triples(document), document_graph_iri(document.slug)), trig
    )
    shared_bytes = serialize_quads(_quads(shared_triples(document), SHARED_GRAPH), trig)
    return doc_bytes, shared_bytes


def write_documents(
    documents: list[ImportedDocument], out: Path, protected: Protected | None = None
) -> list[Path]:
    """Write ``documents`` into the data folder ``out``; return the files written.

    No file is written until every target has passed :func:`check_output` against
    ``protected`` (the files imported, at least).
    """
    guard = protected if protected is not None else Protected()
    check_output_folder(out, guard)
    planned: list[tuple[Path, bytes]] = []
    for document in documents:
        doc_bytes, shared_bytes = document_trig(document)
        header = (
            f"# Imported by claimgraph from {document.source_name} ({document.source_format}).\n"
        ).encode()
        targets = [
            (out / "sources" / f"{document.slug}.txt", document.text.encode("utf-8")),
            (out / "documents" / f"{document.slug}.trig", header + doc_bytes),
            (out / "shared" / f"{document.slug}.trig", header + shared_bytes),
        ]
        planned.extend(targets)
    for path, _data in planned:
        check_output(path, guard)
    written: list[Path] = []
    for path, data in planned:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, data)
        written.append(path)
    return written
