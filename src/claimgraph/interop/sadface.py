"""SADFace JSON (ARG-tech): atoms, schemes and edges, with analysis metadata.

An atom is a claim; SADFace does not say who holds it, so its claimant is an unnamed
speaker (cg:ReportedMode) and the analyst (``metadata.core.analyst_name``) is the reporter.
A scheme named "support" (or any name but the attack words) joins its incoming atoms, as
premises, to its one target: cg:supports; "conflict", "attack" or "rebuttal" gives
cg:attacks, and a scheme pointing at a scheme an attack on that link. The text is
generated, one line per atom. Atom metadata, sources and resources are not kept.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from claimgraph.interop.jsonio import as_dict, as_id, as_list, as_text, read_json
from claimgraph.interop.model import (
    ImportedActor,
    ImportedClaim,
    ImportedDocument,
    ImportedLink,
    TextBuilder,
    check_links,
    slugify,
)
from claimgraph.rdf.namespace import CG

ATTACK_NAMES = {"conflict", "attack", "rebuttal", "undercut", "contradiction"}


def import_sadface(path: Path) -> ImportedDocument:
    """Import one SADFace JSON file."""
    source = read_json(path)
    data = as_dict(source, source.value, "a SADFace file")
    for key in ("nodes", "edges"):
        if key not in data:
            raise source.error(f"a SADFace document needs a {key!r} array")
    core = as_dict(
        source, as_dict(source, data.get("metadata") or {}, "metadata").get("core") or {}, "core"
    )
    slug = slugify(path.stem, "sadface")
    analyst = as_text(source, core.get("analyst_name"), "analyst_name", "analyst_name")
    document = ImportedDocument(
        slug=slug,
        label=as_text(source, core.get("title"), "title", "title") or f"SADFace {path.name}",
        author=slugify(analyst, f"{slug}-analyst") if analyst else f"{slug}-analyst",
        text="",
        source_format="SADFace",
        source_name=path.name,
        genre="argument map",
        identifier=as_text(source, core.get("id"), "id", "core") or None,
    )
    document.add_actor(
        ImportedActor(document.author, analyst or f"analyst of {path.name}", CG.Person)
    )
    speaker = document.add_actor(
        ImportedActor(f"{slug}-unattributed", f"speaker not named in {path.name}", CG.ActorGroup)
    )
    kinds: dict[str, str] = {}
    names: dict[str, str] = {}
    builder = TextBuilder()
    for raw in as_list(source, data["nodes"], "nodes", "nodes"):
        node = as_dict(source, raw, "a node", raw)
        ident = as_id(source, node.get("id"), "a node's id", "nodes")
        kind = as_text(source, node.get("type"), "type", ident)
        if kind not in ("atom", "scheme"):
            raise source.error(f"node {ident} has type {kind!r}, not atom or scheme", ident)
        if ident in kinds:
            raise source.error(f"node {ident} is given twice", ident)
        kinds[ident] = kind
        if kind == "atom":
            text = as_text(source, node.get("text"), "text", ident) or f"atom {ident}"
            document.claims.append(
                ImportedClaim(
                    key=ident,
                    label=text,
                    claimants=[speaker],
                    mode=CG.ReportedMode,
                    spans=[builder.add_line(text)],
                )
            )
        else:
            names[ident] = as_text(source, node.get("name"), "name", ident) or "support"
    incoming: dict[str, list[str]] = defaultdict(list)
    outgoing: dict[str, list[str]] = defaultdict(list)
    for raw in as_list(source, data["edges"], "edges", "edges"):
        edge = as_dict(source, raw, "an edge", raw)
        edge_id = edge.get("id")
        src = as_id(source, edge.get("source_id"), "source_id", edge_id)
        trg = as_id(source, edge.get("target_id"), "target_id", edge_id)
        for end in (src, trg):
            if end not in kinds:
                raise source.error(f"an edge names node {end}, which is not in nodes", end)
        outgoing[src].append(trg)
        incoming[trg].append(src)
    for ident, name in names.items():
        premises = [p for p in incoming[ident] if kinds[p] == "atom"]
        targets = outgoing[ident]
        if not premises or len(targets) != 1:
            raise source.error(
                f"scheme {ident} needs at least one atom before it and exactly one target",
                ident,
            )
        attack = name.lower() in ATTACK_NAMES
        on_link = kinds[targets[0]] == "scheme"
        if on_link and not attack:
            raise source.error(f"scheme {ident} supports a scheme; only attacks on links", ident)
        document.links.append(
            ImportedLink(
                key=ident,
                kind="attacks" if attack else "supports",
                premises=premises,
                target=targets[0],
                target_is_link=on_link,
                scheme=name,
                keep_node=True,
            )
        )
    check_links(document, str(path))
    document.text = builder.text()
    return document


def sadface_document(document: ImportedDocument) -> dict[str, Any]:
    """The SADFace JSON of ``document``."""
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    for claim in document.claims:
        nodes.append(
            {"id": claim.key, "metadata": {}, "sources": [], "text": claim.label, "type": "atom"}
        )
    for link in document.links:
        default = "conflict" if link.kind == "attacks" else "support"
        nodes.append(
            {"id": link.key, "metadata": {}, "name": link.scheme or default, "type": "scheme"}
        )
        for premise in link.premises:
            edges.append(
                {"id": f"{premise}->{link.key}", "source_id": premise, "target_id": link.key}
            )
        edges.append(
            {"id": f"{link.key}->{link.target}", "source_id": link.key, "target_id": link.target}
        )
    analyst = document.actors.get(document.author)
    core: dict[str, Any] = {"title": document.label, "version": "0.2"}
    if analyst is not None:
        core["analyst_name"] = analyst.label
    if document.identifier:
        core["id"] = document.identifier
    return {"edges": edges, "metadata": {"core": core}, "nodes": nodes, "resources": []}
