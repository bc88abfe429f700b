"""AIF JSON (AIFdb, OVA): argument maps of I-, L-, RA-, CA-, MA-, YA- and TA-nodes.

Mapping (docs/interop.md):

- An I-node is a claim; its text is the claim's label.
- A speaker is the claimant of what they assert: an L-node whose locution names a person
  (``locutions[].personID``, named by ``participants`` or the L-node's "NAME :" prefix),
  joined by a YA-node to an I-node, makes that person a claimant of the I-node's claim,
  in cg:ReportedMode. The map's analyst is the reporter (the document's author). Several
  speakers asserting one I-node are several claimants of one claim.
- The YA-node's illocution ("Asserting", "Disagreeing" ...) is kept as dcterms:type and
  mapped to a speech act; locution timestamps become dcterms:created.
- RA-node: cg:supports from its premise to its conclusion (several premises: a linked
  argument, a cg:SupportLink). CA-node: cg:attacks, or cg:attacksLink when it aims at an
  RA- or CA-node. MA-node (rephrase): cg:sameProposition.
- An AIF map has no text of its own: the document's text is generated, one line per
  locution ("CL : words") and then one per I-node no locution asserts; anchors point into
  it. TA-nodes (transitions) and YA-nodes anchored in them are not kept.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from claimgraph.interop.jsonio import JsonSource, as_dict, as_id, as_list, as_text, read_json
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

_SPEAKER = re.compile(r"^\s*([^:\n]{1,60}?)\s*:\s*(.*)$", re.DOTALL)
_SPEECH_ACTS = {
    "asserting": CG.Assertion,
    "arguing": CG.Assertion,
    "agreeing": CG.Assertion,
    "restating": CG.Assertion,
    "disagreeing": CG.Denial,
    "default rephrase": CG.Assertion,
}
KEPT_TYPES = {"I", "L", "RA", "CA", "MA", "YA", "TA"}


def split_speaker(text: str) -> tuple[str | None, str, int]:
    """``("CL", "words", offset of words)`` for ``"CL : words"``; no prefix gives ``None``."""
    match = _SPEAKER.match(text)
    if match is None or not match.group(2):
        return None, text, 0
    return match.group(1).strip(), match.group(2), match.start(2)


def import_aif_file(path: Path) -> ImportedDocument:
    """Import one AIF JSON file (AIFdb or OVA export)."""
    source = read_json(path)
    data = as_dict(source, source.value, "an AIF file")
    if "AIF" in data and "nodes" not in data:
        # xAIF wraps AIF; accept it here too rather than fail on a near miss.
        data = as_dict(source, data["AIF"], "the AIF member", "AIF")
    return aif_document(source, data, slugify(path.stem, "aif"), "AIF JSON")


def aif_document(
    source: JsonSource, data: dict[str, Any], slug: str, format_name: str
) -> ImportedDocument:
    """Read the AIF ``nodes``/``edges``/``locutions``/``participants`` of ``data``."""
    for key in ("nodes", "edges"):
        if key not in data:
            raise source.error(f"an AIF map needs a {key!r} array", None)
    nodes: dict[str, dict[str, Any]] = {}
    order: list[str] = []
    for raw in as_list(source, data["nodes"], "nodes", "nodes"):
        node = as_dict(source, raw, "a node", raw)
        node_id = as_id(source, node.get("nodeID"), "nodeID", "nodeID")
        node_type = as_text(source, node.get("type"), "type", node_id)
        if not node_type:
            raise source.error(f"node {node_id} has no type", node_id)
        if node_id in nodes:
            raise source.error(f"node {node_id} is given twice", node_id)
        nodes[node_id] = node
        order.append(node_id)
    outgoing: dict[str, list[str]] = defaultdict(list)
    incoming: dict[str, list[str]] = defaultdict(list)
    for raw in as_list(source, data["edges"], "edges", "edges"):
        edge = as_dict(source, raw, "an edge", raw)
        from_id = as_id(source, edge.get("fromID"), "fromID", edge.get("edgeID"))
        to_id = as_id(source, edge.get("toID"), "toID", edge.get("edgeID"))
        for end in (from_id, to_id):
            if end not in nodes:
                raise source.error(f"an edge names node {end}, which is not in nodes", end)
        outgoing[from_id].append(to_id)
        incoming[to_id].append(from_id)
    participants: dict[str, str] = {}
    for raw in as_list(source, data.get("participants") or [], "participants", "participants"):
        entry = as_dict(source, raw, "a participant", raw)
        pid = as_id(source, entry.get("participantID"), "participantID", "participantID")
        name = " ".join(
            as_text(source, entry.get(k), k, pid) for k in ("firstname", "surname")
        ).strip()
        participants[pid] = name or f"participant {pid}"
    speakers: dict[str, str] = {}
    stamps: dict[str, list[str]] = defaultdict(list)
    for raw in as_list(source, data.get("locutions") or [], "locutions", "locutions"):
        locution = as_dict(source, raw, "a locution", raw)
        lid = as_id(source, locution.get("nodeID"), "a locution's nodeID", "locutions")
        if lid not in nodes:
            continue  # derived maps (arguebuf's reconstructions) keep locutions of dropped nodes
        person = locution.get("personID")
        if person is not None and person != "":
            speakers[lid] = as_id(source, person, "personID", lid)
        stamp = locution.get("timestamp")
        if stamp:
            stamps[lid].append(as_text(source, stamp, "timestamp", lid))

    def kind(node_id: str) -> str:
        return str(nodes[node_id].get("type"))

    def text(node_id: str) -> str:
        return as_text(source, nodes[node_id].get("text"), "text", node_id)

    document = ImportedDocument(
        slug=slug,
        label=f"{format_name} map {source.path.name}",
        author=f"{slug}-analyst",
        text="",
        source_format=format_name,
        source_name=source.path.name,
        genre="argument map",
    )
    document.add_actor(
        ImportedActor(f"{slug}-analyst", f"analysts of {source.path.name}", CG.ActorGroup)
    )
    builder = TextBuilder()
    claims: dict[str, ImportedClaim] = {}
    for node_id in order:
        if kind(node_id) == "I":
            claims[node_id] = ImportedClaim(
                key=node_id,
                label=text(node_id) or f"I-node {node_id}",
                claimants=[],
                mode=CG.ReportedMode,
                spans=[],
                created=as_text(source, nodes[node_id].get("timestamp"), "timestamp", node_id)
                or None,
            )
    # L -> YA -> I: the speaker of the locution asserts (or questions ...) the proposition.
    for node_id in order:
        if kind(node_id) != "L":
            continue
        targets = [
            (ya, target)
            for ya in outgoing[node_id]
            if kind(ya) == "YA"
            for target in outgoing[ya]
            if kind(target) == "I"
        ]
        if not targets:
            continue
        speaker_name, _words, offset = split_speaker(text(node_id))
        person = speakers.get(node_id)
        if person is not None:
            label = participants.get(person) or speaker_name or f"person {person}"
            actor = ImportedActor(
                f"{slug}-speaker-{slugify(person)}", label, CG.Person, [f"AIFdb person {person}"]
            )
        elif speaker_name is not None:
            actor = ImportedActor(
                f"{slug}-speaker-{slugify(speaker_name)}", speaker_name, CG.Person
            )
        else:
            actor = ImportedActor(
                f"{slug}-unnamed-speaker", f"unnamed speaker in {source.path.name}", CG.ActorGroup
            )
        document.add_actor(actor)
        span = builder.add_line(text(node_id) or "(empty locution)", offset if speaker_name else 0)
        for ya, target in targets:
            claim = claims[target]
            if actor.slug not in claim.claimants:
                claim.claimants.append(actor.slug)
            claim.spans.append(span)
            illocution = as_text(source, nodes[ya].get("text"), "text", ya) or str(
                nodes[ya].get("scheme") or ""
            )
            if illocution and claim.kind is None:
                claim.kind = illocution
                claim.speech_act = _SPEECH_ACTS.get(illocution.lower(), CG.Assertion)
            if stamps.get(node_id):
                claim.created = min(stamps[node_id])
    for claim in claims.values():
        if not claim.claimants:
            unattributed = document.add_actor(
                ImportedActor(
                    f"{slug}-unattributed",
                    f"speaker not named in {source.path.name}",
                    CG.ActorGroup,
                )
            )
            claim.claimants.append(unattributed)
            claim.spans.append(builder.add_line(claim.label))
        document.claims.append(claim)
    for node_id in order:
        node_kind = kind(node_id)
        if node_kind not in ("RA", "CA", "MA"):
            continue
        premises = [p for p in incoming[node_id] if kind(p) == "I"]
        conclusions = outgoing[node_id]
        if len(conclusions) != 1 or not premises:
            raise source.error(
                f"{node_kind}-node {node_id} needs at least one I-node premise and exactly one "
                f"conclusion; it has {len(premises)} and {len(conclusions)}",
                node_id,
            )
        target = conclusions[0]
        scheme = as_text(source, nodes[node_id].get("scheme"), "scheme", node_id) or text(node_id)
        if node_kind == "MA":
            if kind(target) != "I":
                raise source.error(f"MA-node {node_id} must point at an I-node", node_id)
            document.same_proposition += [(p, target) for p in premises]
            continue
        target_is_link = kind(target) in ("RA", "CA")
        if not target_is_link and kind(target) != "I":
            raise source.error(
                f"{node_kind}-node {node_id} points at a {kind(target)}-node", node_id
            )
        if target_is_link and node_kind == "RA":
            raise source.error(
                f"RA-node {node_id} supports an inference or conflict node; claimgraph records "
                "attacks on links, not supports of them",
                node_id,
            )
        document.links.append(
            ImportedLink(
                key=node_id,
                kind="supports" if node_kind == "RA" else "attacks",
                premises=premises,
                target=target,
                target_is_link=target_is_link,
                scheme=scheme or None,
            )
        )
    _drop_dangling_link_targets(document)
    check_links(document, str(source.path))
    document.text = builder.text()
    return document


def _drop_dangling_link_targets(document: ImportedDocument) -> None:
    """Keep attacks on links only where the attacked link was itself kept."""
    kept = {link.key for link in document.links}
    document.links = [
        link for link in document.links if not link.target_is_link or link.target in kept
    ]


def _line_of(text: str, start: int, end: int) -> tuple[int, int]:
    """The start and end of the line holding ``text[start:end]``."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return line_start, len(text) if line_end < 0 else line_end


def aif_map(document: ImportedDocument) -> dict[str, Any]:
    """The AIF JSON of ``document``: I-nodes, L-nodes with locutions, YA, RA, CA, MA."""
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    locutions: list[dict[str, Any]] = []
    people: dict[str, dict[str, str]] = {}

    def edge(from_id: str, to_id: str) -> None:
        edges.append({"edgeID": str(len(edges) + 1), "fromID": from_id, "toID": to_id})

    text = document.text
    by_span: dict[tuple[int, int], dict[str, Any]] = {}
    pending: list[tuple[int, int, str, str, dict[str, Any]]] = []
    for claim in document.claims:
        nodes.append(
            {"nodeID": claim.key, "text": claim.label, "type": "I", "timestamp": claim.created}
        )
        for number, span in enumerate(claim.spans):
            line_start, line_end = _line_of(text, span.start, span.end)
            line = text[line_start:line_end]
            lead = text[line_start : span.start]
            if line == claim.label and span.start == line_start:
                continue  # the generated line of an I-node no locution asserts
            claimant = claim.claimants[min(number, len(claim.claimants) - 1)]
            actor = document.actors.get(claimant)
            name = actor.label if actor else claimant
            if split_speaker(lead + "x")[0] is not None and span.end == line_end:
                l_text = line
            else:
                l_text = f"{name} : {text[span.start : span.end]}"
            person = next(
                (
                    a[len("AIFdb person ") :]
                    for a in (actor.aliases if actor else [])
                    if a.startswith("AIFdb person ")
                ),
                claimant,
            )
            people.setdefault(person, {"participantID": person, "firstname": name, "surname": ""})
            key = (span.start, span.end)
            if key not in by_span:
                by_span[key] = {
                    "nodeID": f"L-{claim.key}-{number + 1}",
                    "text": l_text,
                    "type": "L",
                }
                pending.append((span.start, span.end, person, claim.created or "", by_span[key]))
            ya = f"YA-{claim.key}-{number + 1}"
            nodes.append({"nodeID": ya, "text": claim.kind or "Asserting", "type": "YA"})
            edge(by_span[key]["nodeID"], ya)
            edge(ya, claim.key)
    for start, _end, person, stamp, l_node in sorted(pending, key=lambda p: (p[0], p[1])):
        nodes.append(l_node)
        locutions.append(
            {"nodeID": l_node["nodeID"], "personID": person, "timestamp": stamp or None}
        )
        del start
    for link in document.links:
        node_type = "RA" if link.kind == "supports" else "CA"
        default = "Default Inference" if node_type == "RA" else "Default Conflict"
        nodes.append({"nodeID": link.key, "text": link.scheme or default, "type": node_type})
        for premise in link.premises:
            edge(premise, link.key)
        edge(link.key, link.target)
    for number, (one, other) in enumerate(document.same_proposition, start=1):
        ma = f"MA-{number}"
        nodes.append({"nodeID": ma, "text": "Default Rephrase", "type": "MA"})
        edge(one, ma)
        edge(ma, other)
    return {
        "nodes": nodes,
        "edges": edges,
        "locutions": locutions,
        "participants": sorted(people.values(), key=lambda p: p["participantID"]),
    }
