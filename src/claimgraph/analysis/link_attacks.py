"""Attacks on attacks (cg:attacksLink) in the analysis, by flattening.

A claim can attack a link rather than a claim: an undercut ("this does not follow"), or in
the microtexts an attack on an attack. The data records such a link as a node of its own,
a ``cg:ArgumentLink`` (``cg:AttackLink`` or ``cg:SupportLink``) with its premises
(``cg:premise``) and its target (``cg:linkTarget``: a claim or another link). The analysis
gives these attacks an effect with the usual meta-argumentation flattening of recursive
frameworks (Boella, Gabbay, van der Torre and Villata 2009; Cayrol et al. 2018), which for
the grounded semantics agrees with Modgil's extended argumentation frameworks and with
AFRA on these inputs:

- an attack ``L`` from premises ``p1..pn`` to a target, that is itself attacked, becomes
  the auxiliary argument ``L`` ("the attack holds", named by the link's own IRI), which
  attacks the target in place of the premises, and for each premise an auxiliary argument
  ``N_L,p`` ("p is not accepted", :func:`unaccepted_premise`), with ``p -> N_L,p -> L``;
- every claim that attacks ``L`` (cg:attacksLink) attacks the argument ``L``;
- an attack that is not attacked keeps its premises as attackers of the target (each
  premise of a linked attack attacks it);
- an attack on a *support* link has no effect: supports take no part in the semantics.

So an attack holds when all its premises are accepted and no accepted claim attacks it,
and a claim is defeated only by attacks that hold. Without any cg:attacksLink the result
is exactly the claims with their cg:attacks. The auxiliary arguments are not claims: the
analysis leaves them out of its counts and statuses, and names them where an explanation
passes through them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import quote

from claimgraph.facts.model import ArgumentLinkFact

__all__ = [
    "UNACCEPTED_PREMISE",
    "ArgumentLinkFact",
    "FlatFramework",
    "flatten",
    "unaccepted_premise",
]

UNACCEPTED_PREMISE = "urn:claimgraph:analysis:unaccepted-premise:"
"""The start of the names of the auxiliary arguments "premise p of link L is not accepted"."""


@dataclass(frozen=True)
class FlatFramework:
    """The arguments and attacks of the flattened framework, and which are auxiliary."""

    arguments: frozenset[str]
    """The claims, and the auxiliary arguments."""
    attacks: tuple[tuple[str, str], ...]
    """``(attacker, attacked)`` pairs, sorted."""
    auxiliary: frozenset[str]
    """The arguments that are not claims: attacked attacks and their unaccepted premises."""
    recorded: tuple[tuple[str, str], ...]
    """The cg:attacks the data records between claims, each pair once, sorted, before
    flattening (a linked attack's further premises are not among them)."""


def unaccepted_premise(link: str, premise: str) -> str:
    """The name of the auxiliary argument "``premise`` of ``link`` is not accepted"."""
    return f"{UNACCEPTED_PREMISE}{quote(link, safe='')}:{quote(premise, safe='')}"


def flatten(
    claims: Iterable[str],
    attacks: Iterable[tuple[str, str]],
    links: Mapping[str, ArgumentLinkFact],
    link_attacks: Iterable[tuple[str, str]],
) -> FlatFramework:
    """Flatten ``claims`` with their ``attacks`` (claim to claim), the argument-link nodes
    ``links`` and the attacks on them ``link_attacks`` (claim to link IRI), as the module
    says."""
    claim_set = set(claims)
    link_attacks = sorted(set(link_attacks))
    attack_pairs = sorted(set(attacks))
    attacked_links = {link for _, link in link_attacks}
    # Each attack: (its node if it has one, premises, target); the target is a claim or an
    # argument link.
    found: list[tuple[str | None, tuple[str, ...], str]] = []
    reified: set[tuple[str, str]] = set()
    for link in sorted(links.values(), key=lambda link: link.iri):
        if link.kind != "attacks":
            continue
        found.append((link.iri, link.premises, link.target))
        reified |= {(p, link.target) for p in link.premises}
    for source, aimed in attack_pairs + link_attacks:
        if (source, aimed) not in reified:
            found.append((None, (source,), aimed))
    recorded = [(s, t) for s, t in attack_pairs if s in claim_set and t in claim_set]
    support_links = {iri for iri, link in links.items() if link.kind == "supports"}
    edges: set[tuple[str, str]] = set()
    auxiliary: set[str] = set()
    for node, premises, target in found:
        if target in support_links:
            continue  # an attack on a support: no effect on any status
        if target not in claim_set and target not in attacked_links:
            continue  # aimed at a link nothing else needs: it changes no status
        if node is not None and node in attacked_links:
            auxiliary.add(node)
            edges.add((node, target))
            for premise in premises:
                missing = unaccepted_premise(node, premise)
                auxiliary.add(missing)
                edges.add((premise, missing))
                edges.add((missing, node))
        else:
            edges.update((premise, target) for premise in premises)
    # A target that is an attacked link of another kind (an untyped cg:ArgumentLink) is an
    # argument too: its status is shown to nobody and changes none.
    arguments = claim_set | auxiliary | {a for edge in edges for a in edge}
    auxiliary = arguments - claim_set
    return FlatFramework(
        frozenset(arguments), tuple(sorted(edges)), frozenset(auxiliary), tuple(recorded)
    )
