"""Argumentation analysis of a claim graph: every semantics on the claims' attack relation.

The claims of a corpus are the arguments and its ``cg:attacks`` links the attacks of one
abstract argumentation framework (Dung 1995; :mod:`claimgraph.analysis.dung`).
:func:`analyze_facts` computes on it

* the grounded labelling, always (it takes linear time): each claim *in*, *out* or
  *undecided*, with an explanation of each label;
* the complete, preferred and stable extensions that are asked for, each under a
  :class:`~claimgraph.analysis.dung.SearchLimit`. When a semantics reaches its limit, its
  result says so (:attr:`SemanticsResult.answered` is false) and gives no statuses at all:
  a partial list of extensions is never presented as the answer.

Neutral meaning. A status describes the attacks recorded in this corpus, nothing else:
*in the grounded extension* means *not defeated by anything unattacked in this corpus*;
it does not mean true, and *out* does not mean false.

Supports (``cg:supports``) take no part in Dung's semantics: they are counted and listed
(:attr:`ArgumentationAnalysis.supports`) and never change a status.

Attacks on attacks (``cg:attacksLink`` to a ``cg:AttackLink``) are flattened into
auxiliary arguments (:mod:`claimgraph.analysis.link_attacks`): an attack whose attacker is
accepted no longer defeats its target. The auxiliary arguments are in the framework but not
among :attr:`ArgumentationAnalysis.claims`, the counts or the extensions; an explanation
that passes through one names it (the attack link's IRI, or an
``urn:claimgraph:analysis:unaccepted-premise:`` name).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import networkx as nx

from claimgraph.analysis.dung import (
    DEFAULT_LIMIT,
    Explanation,
    Framework,
    Label,
    Labelling,
    SearchLimit,
    SemanticsLimitExceeded,
    complete_extensions,
    explain,
    grounded,
    preferred_extensions,
    stable_extensions,
)
from claimgraph.analysis.link_attacks import FlatFramework, flatten
from claimgraph.analysis.projections import ATTACKS, SUPPORTS
from claimgraph.errors import InputError
from claimgraph.facts.model import Facts

__all__ = [
    "MEANING",
    "MULTI_EXTENSION",
    "SEMANTICS",
    "Acceptance",
    "ArgumentationAnalysis",
    "AttackCycle",
    "SemanticsResult",
    "UndecidedTrace",
    "analyze_facts",
    "claim_framework",
    "parse_semantics",
]

GROUNDED = "grounded"
MULTI_EXTENSION: tuple[str, ...] = ("complete", "preferred", "stable")
"""The semantics that can have several extensions, in the order they are reported."""
SEMANTICS: tuple[str, ...] = (GROUNDED, *MULTI_EXTENSION)
"""Every semantics claimgraph computes, in the order they are reported."""

MEANING = (
    "Statuses describe the attacks recorded in this corpus, not truth: 'in' (in the "
    "grounded extension) means not defeated by anything unattacked in this corpus; 'out' "
    "means attacked by a claim that is in; 'undecided' means neither, because of a cycle "
    "of attacks. Supports are counted but take no part in the semantics."
)
"""What the statuses mean, in the words every output repeats."""

LABEL_WORDS: dict[Label, str] = {Label.IN: "in", Label.OUT: "out", Label.UNDEC: "undecided"}
"""The words outputs use for the three labels."""

_ENUMERATORS = {
    "complete": complete_extensions,
    "preferred": preferred_extensions,
    "stable": stable_extensions,
}


def parse_semantics(names: Iterable[str]) -> tuple[str, ...]:
    """The semantics named (comma-separated items allowed), in the standard order.

    Grounded is always included: the explanations rest on it, and it takes linear time.

    Raises:
        InputError: an unknown name.
    """
    wanted: set[str] = {GROUNDED}
    for item in names:
        for name in item.split(","):
            name = name.strip().lower()
            if not name:
                continue
            if name not in SEMANTICS:
                raise InputError(
                    f"unknown semantics {name!r}", hint="one or more of: " + ", ".join(SEMANTICS)
                )
            wanted.add(name)
    return tuple(s for s in SEMANTICS if s in wanted)


def _flat(facts: Facts) -> FlatFramework:
    return flatten(
        facts.claims,
        [(link.source, link.target) for link in facts.links if link.kind == ATTACKS],
        facts.argument_links,
        facts.link_attacks,
    )


def claim_framework(facts: Facts) -> Framework[str]:
    """The claims of ``facts`` as arguments, their attack links as the attack relation;
    attacks on attacks flattened (:mod:`~claimgraph.analysis.link_attacks`), which adds
    auxiliary arguments only where an attack is attacked."""
    flat = _flat(facts)
    return Framework(flat.arguments, flat.attacks)


@dataclass(frozen=True)
class Acceptance:
    """Where a claim stands in the extensions of one multi-extension semantics."""

    in_extensions: int
    """In how many extensions the claim lies."""
    extensions: int
    """How many extensions the semantics has."""

    @property
    def sceptical(self) -> bool:
        """In every extension (and there is at least one): sceptically accepted."""
        return self.extensions > 0 and self.in_extensions == self.extensions

    @property
    def credulous(self) -> bool:
        """In at least one extension: credulously accepted."""
        return self.in_extensions > 0

    @property
    def words(self) -> str:
        """``in all 2``, ``in some (1 of 3)``, ``in none of 2``, or ``no extension`` (stable
        semantics may have none)."""
        n = self.extensions
        if n == 0:
            return "no extension"
        if self.sceptical:
            return f"in all {n}"
        if self.credulous:
            return f"in some ({self.in_extensions} of {n})"
        return f"in none of {n}"

    @property
    def key(self) -> str:
        """``all``, ``some``, ``none`` or ``no-extension``: for machine-readable outputs."""
        if self.extensions == 0:
            return "no-extension"
        return "all" if self.sceptical else "some" if self.credulous else "none"


@dataclass(frozen=True)
class AttackCycle:
    """A cycle of undecided claims, each attacking the next and the last the first."""

    number: int
    """1, 2, ... in the order of the cycles' smallest claims."""
    claims: tuple[str, ...]
    """The claims in attack order, starting at the smallest."""


@dataclass(frozen=True)
class UndecidedTrace:
    """Why a claim is undecided, for every undecided claim at once: the undecided attacker
    to follow back, and the cycle of attacks that following them reaches."""

    claim: str
    attacker: str
    """An undecided attacker of the claim (one in the same cycle of attacks if it has one:
    the smallest such, else the smallest undecided attacker)."""
    cycle: AttackCycle
    steps: int
    """How many attacks back the cycle is: 0 when the claim lies on it."""


@dataclass(frozen=True)
class SemanticsResult:
    """The extensions of one semantics, or the fact that its search limit was reached."""

    semantics: str
    extensions: tuple[frozenset[str], ...] | None
    """Every extension, sorted by sorted members; None when the limit was reached."""
    search_nodes: int | None = None
    """Search nodes spent when the limit was reached (None when answered)."""
    message: str = field(default="", compare=False)
    """What the limit error said, with the time spent (empty when answered)."""

    @property
    def answered(self) -> bool:
        """Whether every extension was found within the limit."""
        return self.extensions is not None

    @cached_property
    def _counts(self) -> Counter[str]:
        return Counter(claim for extension in self.extensions or () for claim in extension)

    def acceptance(self, claim: str) -> Acceptance | None:
        """Where ``claim`` stands, or None when the semantics was not answered."""
        if self.extensions is None:
            return None
        return Acceptance(self._counts[claim], len(self.extensions))


@dataclass(frozen=True)
class ArgumentationAnalysis:
    """The result of :func:`analyze_facts`: statuses of every claim, explanations, limits."""

    framework: Framework[str]
    grounded: Labelling[str]
    results: dict[str, SemanticsResult]
    """One result per semantics computed (grounded included), in :data:`SEMANTICS` order."""
    supports: tuple[tuple[str, str], ...]
    """``(supporting, supported)`` claim pairs: counted and shown, not used by the semantics."""
    limit: SearchLimit
    auxiliary: frozenset[str] = frozenset()
    """The framework's arguments that are not claims (attacked attacks, flattened)."""
    recorded_attacks: tuple[tuple[str, str], ...] | None = None
    """``(attacker, attacked)``: the attacks the data records between claims, when
    auxiliary arguments stand in some of them in the framework; None: the framework's."""
    _explanations: dict[str, Explanation[str]] = field(
        default_factory=dict, repr=False, compare=False
    )

    @property
    def semantics(self) -> tuple[str, ...]:
        """The semantics computed, in :data:`SEMANTICS` order."""
        return tuple(self.results)

    @cached_property
    def claims(self) -> tuple[str, ...]:
        """Every claim (argument), sorted; auxiliary arguments left out."""
        if not self.auxiliary:
            return self.framework.arguments
        return tuple(a for a in self.framework.arguments if a not in self.auxiliary)

    @property
    def attack_count(self) -> int:
        """How many cg:attacks between claims the data records (each pair once)."""
        if self.recorded_attacks is None:
            return self.framework.attack_count
        return len(self.recorded_attacks)

    @cached_property
    def _recorded_by(self) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
        attackers: dict[str, set[str]] = {}
        targets: dict[str, set[str]] = {}
        for source, target in self.recorded_attacks or ():
            attackers.setdefault(target, set()).add(source)
            targets.setdefault(source, set()).add(target)
        return (
            {k: tuple(sorted(v)) for k, v in attackers.items()},
            {k: tuple(sorted(v)) for k, v in targets.items()},
        )

    def attackers_of(self, claim: str) -> tuple[str, ...]:
        """The claims the data records as attacking ``claim`` (cg:attacks), sorted; an
        attack on an attack does not remove it from here, it changes the statuses only."""
        if self.recorded_attacks is None:
            return self.framework.attackers_of(claim)
        return self._recorded_by[0].get(claim, ())

    def targets_of(self, claim: str) -> tuple[str, ...]:
        """The claims ``claim`` is recorded as attacking, sorted."""
        if self.recorded_attacks is None:
            return self.framework.targets_of(claim)
        return self._recorded_by[1].get(claim, ())

    def label(self, claim: str) -> Label:
        """The claim's label in the grounded labelling."""
        return self.grounded[claim]

    def explanation(self, claim: str) -> Explanation[str]:
        """Why the claim has its grounded label: its IN attacker (out), the cycle it depends
        on (undecided), or its attackers, all out (in)."""
        found = self._explanations.get(claim)
        if found is None:
            found = explain(self.framework, self.grounded, claim)
            self._explanations[claim] = found
        return found

    @cached_property
    def undecided_traces(self) -> dict[str, UndecidedTrace]:
        """A trace back to a cycle of attacks for every undecided claim, in linear time.

        :meth:`explanation` finds, for one claim, a *shortest* cycle through it, which costs
        a search of the undecided claims each time; for every undecided claim at once (the
        tables, JSON and RDF) this follows one undecided attacker per claim instead, which
        always ends in a cycle, and shares the cycles found.
        """
        traces = _trace_undecided(self.framework, self.grounded)
        if not self.auxiliary:
            return traces
        return {claim: trace for claim, trace in traces.items() if claim not in self.auxiliary}

    @cached_property
    def cycles(self) -> tuple[AttackCycle, ...]:
        """The cycles the undecided traces reach, by number."""
        found = {trace.cycle.number: trace.cycle for trace in self.undecided_traces.values()}
        return tuple(found[n] for n in sorted(found))

    def acceptance(self, claim: str, semantics: str) -> Acceptance | None:
        """Where ``claim`` stands under a multi-extension semantics (None: limit reached)."""
        return self.results[semantics].acceptance(claim)

    @cached_property
    def supporters(self) -> dict[str, tuple[str, ...]]:
        """For each supported claim, the claims that support it, sorted."""
        found: dict[str, list[str]] = {}
        for source, target in self.supports:
            found.setdefault(target, []).append(source)
        return {claim: tuple(sorted(set(sources))) for claim, sources in sorted(found.items())}

    @cached_property
    def supported(self) -> dict[str, tuple[str, ...]]:
        """For each supporting claim, the claims it supports, sorted."""
        found: dict[str, list[str]] = {}
        for source, target in self.supports:
            found.setdefault(source, []).append(target)
        return {claim: tuple(sorted(set(targets))) for claim, targets in sorted(found.items())}

    def counts(self) -> dict[Label, int]:
        """How many claims carry each grounded label."""
        counted = Counter(self.grounded[claim] for claim in self.claims)
        return {label: counted[label] for label in Label}


def analyze_facts(
    facts: Facts,
    semantics: Sequence[str] = SEMANTICS,
    limit: SearchLimit = DEFAULT_LIMIT,
) -> ArgumentationAnalysis:
    """Compute ``semantics`` (grounded always) on the claims of ``facts`` and their attacks.

    Each multi-extension semantics gets its own budget of ``limit``; one that reaches it
    is reported as such (:attr:`SemanticsResult.answered` false), and the others still
    run.

    Raises:
        InputError: an unknown semantics.
    """
    chosen = parse_semantics(semantics)
    flat = _flat(facts)
    framework = Framework(flat.arguments, flat.attacks)
    labelling = grounded(framework)
    auxiliary = flat.auxiliary

    def claims_of(extension: frozenset[str]) -> frozenset[str]:
        # An auxiliary argument's status follows from the claims', so two extensions
        # never become one when their auxiliary arguments are left out.
        return extension - auxiliary if auxiliary else extension

    results: dict[str, SemanticsResult] = {
        GROUNDED: SemanticsResult(GROUNDED, (claims_of(labelling.in_args),))
    }
    for name in chosen:
        if name == GROUNDED:
            continue
        try:
            extensions = _ENUMERATORS[name](framework, limit)
        except SemanticsLimitExceeded as exc:
            results[name] = SemanticsResult(name, None, exc.nodes, str(exc.message))
        else:
            results[name] = SemanticsResult(name, tuple(claims_of(e) for e in extensions))
    supports = tuple(
        sorted({(link.source, link.target) for link in facts.links if link.kind == SUPPORTS})
    )
    return ArgumentationAnalysis(
        framework,
        labelling,
        results,
        supports,
        limit,
        auxiliary,
        flat.recorded if auxiliary else None,
    )


def _trace_undecided(
    framework: Framework[str], labelling: Labelling[str]
) -> dict[str, UndecidedTrace]:
    undecided = sorted(labelling.undec_args)
    if not undecided:
        return {}
    inside = set(undecided)
    attackers = {u: [a for a in framework.attackers_of(u) if a in inside] for u in undecided}
    group: dict[str, int] = {}
    sub = nx.DiGraph()
    sub.add_nodes_from(undecided)
    sub.add_edges_from((a, u) for u, found in attackers.items() for a in found)
    for number, members in enumerate(nx.strongly_connected_components(sub)):
        for member in members:
            group[member] = number
    step: dict[str, str] = {}
    for u in undecided:
        # A complete labelling gives every undecided claim an undecided attacker; one in
        # the claim's own strongly connected group keeps the walk on the claim's cycles.
        assert attackers[u], f"{u} is undecided without an undecided attacker"
        same = [a for a in attackers[u] if group[a] == group[u]]
        step[u] = same[0] if same else attackers[u][0]

    cycle_of: dict[str, tuple[str, ...]] = {}
    steps: dict[str, int] = {}
    for start in undecided:
        if start in steps:
            continue
        walk: list[str] = []
        position: dict[str, int] = {}
        node = start
        while node not in steps and node not in position:
            position[node] = len(walk)
            walk.append(node)
            node = step[node]
        if node in position:  # the walk closed a new cycle
            loop = walk[position[node] :]
            # Walking goes from a claim to its attacker: attack order is the reverse.
            order = list(reversed(loop))
            first = order.index(min(order))
            cycle = tuple(order[first:] + order[:first])
            for member in loop:
                cycle_of[member] = cycle
                steps[member] = 0
            tail = walk[: position[node]]
        else:  # the walk reached a claim already traced
            tail = walk
        for member in reversed(tail):
            following = step[member]
            cycle_of[member] = cycle_of[following]
            steps[member] = steps[following] + 1

    numbered = {
        cycle: AttackCycle(n, cycle) for n, cycle in enumerate(sorted(set(cycle_of.values())), 1)
    }
    return {u: UndecidedTrace(u, step[u], numbered[cycle_of[u]], steps[u]) for u in undecided}
