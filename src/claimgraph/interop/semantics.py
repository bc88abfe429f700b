"""Grounded semantics with attacks on attacks (cg:attacksLink), by flattening.

`claimgraph analyze` takes the claims and their cg:attacks as a Dung framework; an attack
on a link takes no part there. This module gives attacks on attacks an effect, for
corpora that have them (the microtexts' undercuts of rebuttals), with the usual
meta-argumentation flattening of recursive frameworks (Boella, Gabbay, van der Torre and
Villata 2009; Cayrol et al. 2018), which for the grounded semantics agrees with Modgil's
extended argumentation frameworks and with AFRA on these inputs:

- an attack ``L`` from premises ``p1..pn`` to a target that is itself attacked becomes two
  auxiliary arguments: ``X_L`` ("the attack holds"), which attacks the target, and for each
  premise ``N_L,p`` ("p is not accepted"), with ``p -> N_L,p -> X_L``;
- every claim that attacks ``L`` (cg:attacksLink) attacks ``X_L``;
- an attack on a *support* link has no effect: supports take no part in the semantics.

So an attack holds when all its premises are accepted and no accepted claim attacks it,
and a claim is defeated only by attacks that hold. The result is read as the analysis is:
a status describes the attacks recorded, not truth. Auxiliary arguments never appear in
the result.
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import Graph
from rdflib.namespace import RDF

from ..namespace import CG


def grounded_with_link_attacks(graph: Graph) -> set[str]:
    """The claims (IRIs) in the grounded extension of ``graph``'s claims, with cg:attacks
    and cg:attacksLink flattened as the module says."""
    claims = {str(c) for c in graph.subjects(CG.reportedIn, None)}
    attack_nodes = set(graph.subjects(RDF.type, CG.AttackLink))
    attacked_links = {str(link) for link in graph.objects(None, CG.attacksLink)}
    # Each attack: (its node if it has one, premises, target) where target is a claim IRI
    # or an argument link IRI.
    attacks: list[tuple[str | None, list[str], str]] = []
    reified: set[tuple[str, str]] = set()
    for link_node in attack_nodes:
        link_target = graph.value(link_node, CG.linkTarget)
        if link_target is None:
            continue
        premises = sorted(str(p) for p in graph.objects(link_node, CG.premise))
        attacks.append((str(link_node), premises, str(link_target)))
        reified |= {(p, str(link_target)) for p in premises}
    for prop in (CG.attacks, CG.attacksLink):
        for source, aimed in graph.subject_objects(prop):
            if (str(source), str(aimed)) not in reified:
                attacks.append((None, [str(source)], str(aimed)))
    support_links = {str(s) for s in graph.subjects(RDF.type, CG.SupportLink)}
    attackers: dict[str, set[str]] = defaultdict(set)
    arguments = set(claims)

    def holds(node: str) -> str:
        return f"holds:{node}"

    for node, premises, target in attacks:
        if target in support_links:
            continue  # an attack on a support: no effect on any status
        aim = holds(target) if target in attacked_links and target not in claims else target
        if node is not None and node in attacked_links:
            arguments.add(holds(node))
            attackers[aim].add(holds(node))
            for premise in premises:
                missing = f"missing:{node}:{premise}"
                arguments.add(missing)
                attackers[missing].add(premise)
                attackers[holds(node)].add(missing)
        else:
            for premise in premises:
                attackers[aim].add(premise)
    arguments |= set(attackers)
    accepted: set[str] = set()
    rejected: set[str] = set()
    changed = True
    while changed:
        changed = False
        for argument in sorted(arguments - accepted - rejected):
            if attackers[argument] <= rejected:
                accepted.add(argument)
                changed = True
            elif attackers[argument] & accepted:
                rejected.add(argument)
                changed = True
    return accepted & claims
