"""Grounded semantics with attacks on attacks (cg:attacksLink), on an rdflib graph.

The flattening itself is :mod:`claimgraph.analysis.link_attacks`, which ``claimgraph
analyze`` uses too; this module reads an rdflib graph (an import's TriG files) into it, so
an import can be checked without loading a corpus. Claims are the subjects of
cg:reportedIn; auxiliary arguments never appear in the result.
"""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import RDF

from claimgraph.analysis.dung import Framework, grounded
from claimgraph.analysis.link_attacks import flatten
from claimgraph.facts.model import ArgumentLinkFact
from claimgraph.rdf.namespace import CG

__all__ = ["graph_link_facts", "grounded_with_link_attacks"]


def graph_link_facts(graph: Graph) -> dict[str, ArgumentLinkFact]:
    """The argument-link nodes of ``graph`` that have a target, by IRI."""
    found: dict[str, ArgumentLinkFact] = {}
    for kind, cls in (("link", CG.ArgumentLink), ("supports", CG.SupportLink)):
        for node in graph.subjects(RDF.type, cls):
            target = graph.value(node, CG.linkTarget)
            if target is not None:
                premises = tuple(sorted(str(p) for p in graph.objects(node, CG.premise)))
                found[str(node)] = ArgumentLinkFact(str(node), kind, premises, str(target))
    for node in graph.subjects(RDF.type, CG.AttackLink):
        target = graph.value(node, CG.linkTarget)
        if target is not None:
            premises = tuple(sorted(str(p) for p in graph.objects(node, CG.premise)))
            found[str(node)] = ArgumentLinkFact(str(node), "attacks", premises, str(target))
    return found


def grounded_with_link_attacks(graph: Graph) -> set[str]:
    """The claims (IRIs) in the grounded extension of ``graph``'s claims, with cg:attacks
    and cg:attacksLink flattened as :mod:`claimgraph.analysis.link_attacks` says."""
    claims = {str(c) for c in graph.subjects(CG.reportedIn, None)}
    flat = flatten(
        claims,
        [(str(s), str(t)) for s, t in graph.subject_objects(CG.attacks)],
        graph_link_facts(graph),
        [(str(s), str(t)) for s, t in graph.subject_objects(CG.attacksLink)],
    )
    return set(grounded(Framework(flat.arguments, flat.attacks)).in_args) & claims
