"""What ``claimgraph analyze`` shows: statuses, explanations and metrics, as text or JSON.

:func:`analyze_corpus` is the one library call behind the command; :func:`report_text`,
:func:`report_json` and :func:`explanation_text` render its result. Like the rest of the
library they return strings and never print.

Every rendering states what the statuses mean (:data:`~claimgraph.analysis.run.MEANING`)
and uses only neutral words: *in*, *out*, *undecided*, *in all / in some / in none of N
extensions*. No output calls a claim true or false, or an actor a winner or a loser.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rdflib import URIRef

from claimgraph.analysis.dung import (
    DEFAULT_LIMIT,
    InReason,
    Label,
    OutReason,
    SearchLimit,
    UndecReason,
)
from claimgraph.analysis.metrics import Metrics, compute_metrics
from claimgraph.analysis.run import (
    LABEL_WORDS,
    MEANING,
    MULTI_EXTENSION,
    SEMANTICS,
    Acceptance,
    ArgumentationAnalysis,
    AttackCycle,
    SemanticsResult,
    analyze_facts,
)
from claimgraph.corpus.loading import LoadedCorpus
from claimgraph.errors import InputError
from claimgraph.facts.model import Facts, extract_facts, group_by_side, merge_same_propositions
from claimgraph.query.results import compact
from claimgraph.rdf.text import display_safe, shorten

__all__ = [
    "AnalysisReport",
    "analyze_corpus",
    "explanation_text",
    "report_json",
    "report_text",
    "short_name",
]

_LABEL_ORDER = {Label.IN: 0, Label.OUT: 1, Label.UNDEC: 2}
ARROW = " \u2192 "


@dataclass(frozen=True)
class AnalysisReport:
    """A corpus's facts, their argumentation analysis and their metrics."""

    facts: Facts
    analysis: ArgumentationAnalysis
    metrics: Metrics
    same_proposition: str = "merge"
    """How same-proposition claims entered the analysis: "merge" or "separate"."""
    by: str = "actor"
    """Whom the metrics count: "actor" or "side"."""


MERGE = "merge"
SEPARATE = "separate"
SAME_PROPOSITION_CHOICES = (MERGE, SEPARATE)
"""How claims linked by cg:sameProposition enter the analysis (docs/analysis.md argues the
default, merge)."""
BY_ACTOR = "actor"
BY_SIDE = "side"
BY_CHOICES = (BY_ACTOR, BY_SIDE)
"""Whom the metrics count: each claimant, or each side (see facts.actor_sides)."""


def analyze_corpus(
    loaded: LoadedCorpus,
    semantics: Sequence[str] = SEMANTICS,
    limit: SearchLimit = DEFAULT_LIMIT,
    top: int | None = None,
    *,
    same_proposition: str = MERGE,
    by: str = BY_ACTOR,
) -> AnalysisReport:
    """Analyse the claims of ``loaded``: every semantics asked for, and the metrics (their
    ranked lists cut to ``top`` entries when given; see :func:`compute_metrics`).

    With ``same_proposition`` "merge", claims that state the same proposition
    (cg:sameProposition) are one argument (:func:`~claimgraph.facts.model.merge_same_propositions`);
    with "separate", each record is its own. With ``by`` "side", the metrics count sides
    rather than claimants (:func:`~claimgraph.facts.model.group_by_side`).
    """
    if same_proposition not in SAME_PROPOSITION_CHOICES:
        raise InputError(
            f"unknown same-proposition handling {same_proposition!r}", hint="merge or separate"
        )
    if by not in BY_CHOICES:
        raise InputError(f"unknown grouping {by!r}", hint="actor or side")
    facts = extract_facts(loaded)
    if same_proposition == MERGE:
        facts = merge_same_propositions(facts)
    analysis = analyze_facts(facts, semantics, limit)
    counted = group_by_side(facts) if by == BY_SIDE else facts
    return AnalysisReport(
        facts, analysis, compute_metrics(counted, top), same_proposition=same_proposition, by=by
    )


def merged_words(facts: Facts, claim: str) -> str:
    """ "" or, for a claim that stands for several, which ones it stands for."""
    members = facts.merged.get(claim)
    if not members:
        return ""
    others = [m for m in members if m != claim]
    return "one argument with " + _names(others) + " (cg:sameProposition)"


# --------------------------------------------------------------------------------------------
# Words
# --------------------------------------------------------------------------------------------


def short_name(iri: str) -> str:
    """An IRI as people read it: a prefixed name where a prefix fits."""
    if iri.startswith("_:"):
        return iri
    shown = compact(URIRef(iri))
    return shown[1:-1] if shown.startswith("<") else shown


def _names(iris: Sequence[str]) -> str:
    return ", ".join(short_name(i) for i in iris)


def _outcome(result: SemanticsResult) -> str:
    if result.answered:
        return "answered"
    return f"limit exceeded after {result.search_nodes:,} search nodes: no answer"


def _cycle_words(cycle: AttackCycle, short: int = 4) -> str:
    """A cycle as a reader follows it, or its number when it is long."""
    if len(cycle.claims) <= short:
        return "the cycle " + ARROW.join(short_name(c) for c in (*cycle.claims, cycle.claims[0]))
    return f"cycle #{cycle.number} ({len(cycle.claims)} claims)"


def _why(analysis: ArgumentationAnalysis, claim: str) -> str:
    """One line: why the claim has its grounded label."""
    label = analysis.label(claim)
    if label is Label.UNDEC:
        trace = analysis.undecided_traces[claim]
        if trace.steps == 0:
            return f"on {_cycle_words(trace.cycle)}"
        back = "1 attack" if trace.steps == 1 else f"{trace.steps} attacks"
        return (
            f"attacked by {short_name(trace.attacker)} (undecided), {back} from "
            f"{_cycle_words(trace.cycle)}"
        )
    reason = analysis.explanation(claim)
    if isinstance(reason, InReason):
        if reason.unattacked:
            return "unattacked"
        n = len(reason.out_attackers)
        return "its attacker is out" if n == 1 else f"all {n} attackers are out"
    assert isinstance(reason, OutReason)
    more = len(reason.in_attackers) - 1
    extra = f" (and {more} more)" if more else ""
    return f"attacked by {short_name(reason.attacker)}, which is in{extra}"


def _explanation_json(analysis: ArgumentationAnalysis, claim: str) -> dict[str, Any]:
    if analysis.label(claim) is Label.UNDEC:
        trace = analysis.undecided_traces[claim]
        return {
            "reason": (
                "on a cycle of attacks" if trace.steps == 0 else "attacked from a cycle of attacks"
            ),
            "cycle": trace.cycle.number,
            "undecidedAttacker": trace.attacker,
            "attacksFromCycle": trace.steps,
            "undecidedAttackers": [
                a
                for a in analysis.framework.attackers_of(claim)
                if analysis.label(a) is Label.UNDEC
            ],
        }
    reason = analysis.explanation(claim)
    if isinstance(reason, InReason):
        return {
            "reason": "unattacked" if reason.unattacked else "every attacker is out",
            "outAttackers": list(reason.out_attackers),
        }
    assert isinstance(reason, OutReason)
    return {
        "reason": "attacked by a claim that is in",
        "attacker": reason.attacker,
        "inAttackers": list(reason.in_attackers),
    }


def _ordered_claims(analysis: ArgumentationAnalysis) -> list[str]:
    return sorted(analysis.claims, key=lambda c: (_LABEL_ORDER[analysis.label(c)], c))


# --------------------------------------------------------------------------------------------
# JSON
# --------------------------------------------------------------------------------------------


def _semantics_json(result: SemanticsResult) -> dict[str, Any]:
    if result.extensions is None:
        return {
            "semantics": result.semantics,
            "outcome": "limit exceeded",
            "searchNodes": result.search_nodes,
            "note": "the search limit was reached: no statuses are given for this semantics",
        }
    return {
        "semantics": result.semantics,
        "outcome": "answered",
        "extensions": len(result.extensions),
    }


def _claim_json(report: AnalysisReport, claim: str) -> dict[str, Any]:
    analysis = report.analysis
    fact = report.facts.claims[claim]
    entry: dict[str, Any] = {
        "claim": claim,
        "claimants": list(fact.claimants),
        "documents": list(fact.documents),
        "quote": fact.quote,
        "grounded": LABEL_WORDS[analysis.label(claim)],
        "explanation": _explanation_json(analysis, claim),
    }
    if claim in report.facts.merged:
        # The claims this one stands for (itself included), merged by cg:sameProposition.
        entry["merged"] = list(report.facts.merged[claim])
    for name in analysis.semantics:
        if name not in MULTI_EXTENSION:
            continue
        acceptance = analysis.acceptance(claim, name)
        entry[name] = (
            {"in": None, "of": None, "acceptance": "no answer (limit exceeded)"}
            if acceptance is None
            else {
                "in": acceptance.in_extensions,
                "of": acceptance.extensions,
                "acceptance": acceptance.key,
            }
        )
    entry["attackedBy"] = list(analysis.attackers_of(claim))
    entry["attacks"] = list(analysis.targets_of(claim))
    entry["supportedBy"] = list(analysis.supporters.get(claim, ()))
    entry["supports"] = list(analysis.supported.get(claim, ()))
    return entry


def _top(items: Sequence[Any], top: int) -> Sequence[Any]:
    return items if top <= 0 else items[:top]


def _metrics_json(metrics: Metrics, top: int) -> dict[str, Any]:
    return {
        "mostAttackedClaims": [
            {
                "claim": m.claim,
                "claimants": list(m.claimants),
                "attacks": len(m.attackers),
                "attackers": list(m.attackers),
                "attackingActors": list(m.attacking_actors),
            }
            for m in _top(metrics.most_attacked, top)
        ],
        "mostActiveRebutters": [
            {
                "actor": r.actor,
                "rebuttals": r.rebuttals,
                "attacks": r.attacks,
                "claimsAttacked": r.claims_attacked,
                "actorsRebutted": list(r.actors_rebutted),
            }
            for r in _top(metrics.rebutters, top)
        ],
        "mostSupportedClaims": [
            {
                "claim": s.claim,
                "claimants": list(s.claimants),
                "supports": len(s.supporters),
                "supporters": list(s.supporters),
            }
            for s in _top(metrics.most_supported, top)
        ],
        "authoritiesByActor": [
            {
                "actor": a.actor,
                "authority": a.authority,
                "citations": a.citations,
                "claims": list(a.claims),
            }
            for a in metrics.authorities
        ],
        "actorCentrality": [
            {
                "actor": c.actor,
                "rebuts": c.rebuts,
                "rebutted": c.rebutted,
                "degreeCentrality": round(c.degree_centrality, 6),
                "pageRank": round(c.pagerank, 6),
            }
            for c in _top(metrics.centrality, top)
        ],
        "reciprocity": None if metrics.reciprocity is None else round(metrics.reciprocity, 6),
        "reciprocalPairs": [
            {
                "actors": [p.first, p.second],
                "firstRebutsSecond": p.first_rebuts_second,
                "secondRebutsFirst": p.second_rebuts_first,
            }
            for p in metrics.reciprocal_pairs
        ],
    }


def report_json(report: AnalysisReport, *, top: int = 10, claim: str | None = None) -> str:
    """The whole report as JSON (or, with ``claim``, that claim's statuses only).

    Deterministic: keys in a fixed order, lists sorted, no times.
    """
    analysis = report.analysis
    document: dict[str, Any] = {
        "meaning": MEANING,
        "counts": {
            "claims": len(analysis.claims),
            "attacks": analysis.attack_count,
            "supports": len(analysis.supports),
            "citations": report.metrics.citations,
        },
        "grounded": {LABEL_WORDS[label]: n for label, n in analysis.counts().items()},
        "limit": {"nodes": analysis.limit.max_nodes, "seconds": analysis.limit.max_seconds},
        "semantics": [_semantics_json(r) for r in analysis.results.values()],
        "sameProposition": report.same_proposition,
        "metricsBy": report.by,
        "merged": {claim: list(members) for claim, members in sorted(report.facts.merged.items())},
    }
    if claim is not None:
        document["claim"] = _claim_json(report, claim)
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    document["claims"] = [_claim_json(report, c) for c in _ordered_claims(analysis)]
    document["cycles"] = [
        {"cycle": cycle.number, "claims": list(cycle.claims)} for cycle in analysis.cycles
    ]
    document["metrics"] = _metrics_json(report.metrics, top)
    return _json_lines(document, ("claims", "cycles"))


def _json_lines(document: dict[str, Any], long: Sequence[str]) -> str:
    """``document`` as indented JSON, except that each item of the ``long`` lists takes one
    line: diffs show which claim changed, and Python's fast (C) encoder does the work, which
    it does only without indentation."""
    parts = []
    for key, value in document.items():
        name = json.dumps(key)
        if key in long and isinstance(value, list) and value:
            items = ",\n".join("    " + json.dumps(v, ensure_ascii=False) for v in value)
            parts.append(f"  {name}: [\n{items}\n  ]")
        else:
            text = json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n  ")
            parts.append(f"  {name}: {text}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


# --------------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------------


def _cell(text: str, max_width: int) -> str:
    text = display_safe(text)
    return shorten(text, max_width) if max_width and len(text) > max_width else text


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], max_width: int) -> list[str]:
    body = [[_cell(c, max_width) for c in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in body)]) for i, h in enumerate(header)]
    lines = [
        " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip(),
        "-+-".join("-" * w for w in widths),
    ]
    lines += [" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in body]
    return lines


def _section(title: str, lines: list[str]) -> list[str]:
    return ["", title, *lines]


def _actors(report: AnalysisReport, iris: Sequence[str]) -> str:
    return "; ".join(report.facts.label(i) for i in iris)


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _number(value: float) -> str:
    return f"{value:.4f}"


def report_text(report: AnalysisReport, *, top: int = 10, max_width: int = 60) -> str:
    """The report as plain-text tables for the terminal (text from the data made inert)."""
    analysis = report.analysis
    counts = analysis.counts()
    lines = [
        f"Argumentation analysis: {_count(len(analysis.claims), 'claim')}, "
        f"{_count(analysis.attack_count, 'attack')}, "
        f"{_count(len(analysis.supports), 'support')} "
        "(supports are shown and counted, and take no part in the semantics).",
        *_wrap("Meaning: " + MEANING),
        *_wrap(_merge_note(report)),
    ]
    lines += _section(
        "Semantics",
        _table(
            ["semantics", "outcome", "extensions"],
            [
                [r.semantics, _outcome(r), "-" if r.extensions is None else str(len(r.extensions))]
                for r in analysis.results.values()
            ],
            0,
        ),
    )
    lines.append(
        f"grounded: {counts[Label.IN]:,} in, {counts[Label.OUT]:,} out, "
        f"{counts[Label.UNDEC]:,} undecided"
    )
    multi = [name for name in analysis.semantics if name in MULTI_EXTENSION]
    header = ["claim", "claimant", "quote", "grounded", *multi, "why (grounded)"]
    rows = []
    for claim in _ordered_claims(analysis):
        fact = report.facts.claims[claim]
        row = [
            short_name(claim),
            _actors(report, fact.claimants),
            fact.quote,
            LABEL_WORDS[analysis.label(claim)],
        ]
        for name in multi:
            acceptance = analysis.acceptance(claim, name)
            row.append("no answer" if acceptance is None else acceptance.words)
        merged = merged_words(report.facts, claim)
        row.append(_why(analysis, claim) + (f"; {merged}" if merged else ""))
        rows.append(row)
    lines += _section(
        "Claims (grounded label; for the other semantics, in how many of their extensions "
        "each claim lies)",
        _table(header, rows, max_width),
    )
    if analysis.cycles:
        lines += _section(
            "Cycles of attacks behind the undecided claims (each claim attacks the next)",
            _table(
                ["cycle", "claims", "attack order"],
                [
                    [
                        f"#{cycle.number}",
                        str(len(cycle.claims)),
                        ARROW.join(short_name(c) for c in (*cycle.claims, cycle.claims[0])),
                    ]
                    for cycle in analysis.cycles
                ],
                max_width * 3 if max_width else 0,
            ),
        )
    lines += _metrics_text(report, top, max_width)
    return "\n".join(lines) + "\n"


def _merge_note(report: AnalysisReport) -> str:
    merged = report.facts.merged
    if report.same_proposition == SEPARATE:
        return (
            "Claims that state the same proposition (cg:sameProposition) are analysed as "
            "separate arguments (--same-proposition separate)."
        )
    if not merged:
        return "No claims state the same proposition: nothing was merged."
    groups = "; ".join(_names(members) for _, members in sorted(merged.items()))
    return (
        f"Same-proposition claims merged into one argument each (--same-proposition merge; "
        f"the first named stands for the group): {groups}."
    )


def _wrap(text: str, width: int = 92) -> list[str]:
    return textwrap.wrap(text, width)


def _acceptance_phrase(acceptance: Acceptance) -> str:
    n, k = acceptance.extensions, acceptance.in_extensions
    if n == 0:
        return "this semantics has no extension in this corpus"
    if acceptance.sceptical:
        return "in the only extension" if n == 1 else f"in all {n} extensions"
    if acceptance.credulous:
        return f"in some: {k} of {n} extensions"
    return "not in the only extension" if n == 1 else f"in none of the {n} extensions"


def _metrics_text(report: AnalysisReport, top: int, max_width: int) -> list[str]:
    metrics = report.metrics
    lines: list[str] = []

    def more(total: int) -> str:
        return f" (top {top} of {total})" if 0 < top < total else ""

    lines += _section(
        "Most attacked claims" + more(metrics.attacked_claims),
        _table(
            ["claim", "claimant", "attacks", "attacking actors"],
            [
                [
                    short_name(m.claim),
                    _actors(report, m.claimants),
                    str(len(m.attackers)),
                    _actors(report, m.attacking_actors),
                ]
                for m in _top(metrics.most_attacked, top)
            ],
            max_width,
        )
        if metrics.most_attacked
        else ["(no claim is attacked)"],
    )
    lines += _section(
        "Most active rebutters" + more(metrics.rebutter_count),
        _table(
            ["actor", "rebuttals", "attacks", "claims attacked", "actors rebutted"],
            [
                [
                    report.facts.label(r.actor),
                    str(r.rebuttals),
                    str(r.attacks),
                    str(r.claims_attacked),
                    _actors(report, r.actors_rebutted),
                ]
                for r in _top(metrics.rebutters, top)
            ],
            max_width,
        )
        if metrics.rebutters
        else ["(no claim attacks another)"],
    )
    lines += _section(
        "Most supported claims (supports: counted, not used by the semantics)"
        + more(metrics.supported_claims),
        _table(
            ["claim", "claimant", "supports", "supported by"],
            [
                [
                    short_name(s.claim),
                    _actors(report, s.claimants),
                    str(len(s.supporters)),
                    _names(s.supporters),
                ]
                for s in _top(metrics.most_supported, top)
            ],
            max_width,
        )
        if metrics.most_supported
        else ["(no claim is supported)"],
    )
    lines += _section(
        "Authorities cited by each side",
        _table(
            ["actor", "authority", "citations", "citing claims"],
            [
                [
                    report.facts.label(a.actor),
                    report.facts.label(a.authority),
                    str(a.citations),
                    _names(a.claims),
                ]
                for a in metrics.authorities
            ],
            max_width,
        )
        if metrics.authorities
        else ["(no claim cites an authority)"],
    )
    lines += _section(
        "Actor centrality in the actor network (an edge from each rebutter to each actor it "
        "rebuts, weighted by attacks)" + more(len(metrics.centrality)),
        _table(
            ["actor", "rebuts", "rebutted", "degree centrality", "PageRank"],
            [
                [
                    report.facts.label(c.actor),
                    str(c.rebuts),
                    str(c.rebutted),
                    _number(c.degree_centrality),
                    _number(c.pagerank),
                ]
                for c in _top(metrics.centrality, top)
            ],
            max_width,
        ),
    )
    if metrics.reciprocity is None:
        summary = "reciprocity: no actor rebuts another actor in this corpus"
    else:
        summary = (
            f"reciprocity: {metrics.reciprocity:.4f} (share of rebuttal edges between two "
            "actors whose reverse edge exists too)"
        )
    lines += _section(
        "Reciprocity (who rebuts whom back)",
        [summary]
        + (
            _table(
                ["actor", "rebuts", "actor", "rebuts back"],
                [
                    [
                        report.facts.label(p.first),
                        str(p.first_rebuts_second),
                        report.facts.label(p.second),
                        str(p.second_rebuts_first),
                    ]
                    for p in metrics.reciprocal_pairs
                ],
                max_width,
            )
            if metrics.reciprocal_pairs
            else ["(no two actors rebut each other)"]
        ),
    )
    return lines


def explanation_text(report: AnalysisReport, claim: str, *, max_width: int = 0) -> str:
    """Why ``claim`` has its status under each semantics, in words."""
    analysis = report.analysis
    fact = report.facts.claims[claim]
    label = analysis.label(claim)
    lines = [
        short_name(claim),
        f"  claimant: {_cell(_actors(report, fact.claimants) or '(none)', max_width)}",
        f"  document: {_names(fact.documents) or '(none)'}",
        *(
            [f"  merged: {merged_words(report.facts, claim)}"]
            if claim in report.facts.merged
            else []
        ),
        f"  quote: \u201c{_cell(fact.quote, max_width)}\u201d" if fact.quote else "  quote: (none)",
        "",
        f"grounded: {LABEL_WORDS[label]}",
    ]
    reason = analysis.explanation(claim)
    if isinstance(reason, InReason):
        if reason.unattacked:
            lines.append("  no claim in this corpus attacks it")
        else:
            lines.append("  every attacker is out:")
            lines += [f"    {short_name(a)}: {_why(analysis, a)}" for a in reason.out_attackers]
    elif isinstance(reason, OutReason):
        lines.append(
            f"  attacked by {short_name(reason.attacker)}, which is in "
            f"({_why(analysis, reason.attacker)})"
        )
        if len(reason.in_attackers) > 1:
            lines.append(f"  every attacker that is in: {_names(reason.in_attackers)}")
    else:
        assert isinstance(reason, UndecReason)
        cycle = ARROW.join(short_name(c) for c in (*reason.cycle, reason.cycle[0]))
        lines.append("  no attacker is in, and it depends on a cycle of attacks:")
        lines.append(f"    cycle: {cycle}")
        if not reason.on_cycle:
            lines.append(f"    path from the cycle: {ARROW.join(_names([c]) for c in reason.path)}")
        lines.append(f"  undecided attackers: {_names(reason.undec_attackers)}")
        trace = analysis.undecided_traces[claim]
        lines.append(f"  (the tables trace it to {_cycle_words(trace.cycle)})")
    for name in analysis.semantics:
        if name not in MULTI_EXTENSION:
            continue
        result = analysis.results[name]
        acceptance = result.acceptance(claim)
        if acceptance is None:
            lines.append(f"{name}: {_outcome(result)}")
        else:
            lines.append(f"{name}: {_acceptance_phrase(acceptance)}")
    lines.append("")
    attackers = analysis.attackers_of(claim)
    lines.append(
        "attacked by: "
        + (
            ", ".join(f"{short_name(a)} ({LABEL_WORDS[analysis.label(a)]})" for a in attackers)
            or "(nothing)"
        )
    )
    lines.append("attacks: " + (_names(analysis.targets_of(claim)) or "(nothing)"))
    lines.append(
        "supported by: "
        + (_names(analysis.supporters.get(claim, ())) or "(nothing)")
        + "  [supports take no part in the semantics]"
    )
    lines.append("supports: " + (_names(analysis.supported.get(claim, ())) or "(nothing)"))
    lines.append("")
    lines += _wrap("Meaning: " + MEANING)
    return "\n".join(lines) + "\n"
