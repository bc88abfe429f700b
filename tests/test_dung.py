"""Tests for claimgraph.analysis.dung (Dung abstract argumentation semantics)."""

from __future__ import annotations

import json
import random
from collections.abc import Iterable
from itertools import combinations, pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimgraph.analysis.dung import (
    UNLIMITED,
    AnalysisError,
    Framework,
    FrameworkError,
    InReason,
    Label,
    Labelling,
    LabellingError,
    OutReason,
    SearchLimit,
    SemanticsLimitExceeded,
    UndecReason,
    UnknownArgumentError,
    complete_extensions,
    explain,
    grounded,
    grounded_extension,
    is_admissible,
    is_complete,
    is_conflict_free,
    is_stable,
    preferred_extensions,
    stable_extensions,
)

DATA_DIR = Path(__file__).parent / "data" / "argumentation"
CASE_FILES = sorted(DATA_DIR.glob("*.json"))

Attack = tuple[str, str]


# --------------------------------------------------------------------------
# Brute-force oracle: definitions straight from Dung (1995), over all subsets.
# --------------------------------------------------------------------------


def _canon(sets: Iterable[Iterable[str]]) -> list[list[str]]:
    return sorted(sorted(s) for s in sets)


class Oracle:
    """Exhaustive evaluation of the semantics; only usable for tiny frameworks."""

    def __init__(self, arguments: Iterable[str], attacks: Iterable[Attack]) -> None:
        self.args = sorted(set(arguments))
        self.att = set(attacks)
        self.subsets = [
            frozenset(c) for r in range(len(self.args) + 1) for c in combinations(self.args, r)
        ]

    def conflict_free(self, s: frozenset[str]) -> bool:
        return not any((x, y) in self.att for x in s for y in s)

    def defends(self, s: frozenset[str], x: str) -> bool:
        # Every attacker y of x is attacked by some member of s.
        return all(any((z, y) in self.att for z in s) for (y, target) in self.att if target == x)

    def admissible(self, s: frozenset[str]) -> bool:
        return self.conflict_free(s) and all(self.defends(s, x) for x in s)

    def complete(self, s: frozenset[str]) -> bool:
        return self.conflict_free(s) and all((x in s) == self.defends(s, x) for x in self.args)

    def stable(self, s: frozenset[str]) -> bool:
        return self.conflict_free(s) and all(
            x in s or any((y, x) in self.att for y in s) for x in self.args
        )

    def grounded(self) -> list[str]:
        current: frozenset[str] = frozenset()
        while True:
            following = frozenset(x for x in self.args if self.defends(current, x))
            if following == current:
                return sorted(current)
            current = following

    def complete_sets(self) -> list[list[str]]:
        return _canon(s for s in self.subsets if self.complete(s))

    def preferred_sets(self) -> list[list[str]]:
        admissible = [s for s in self.subsets if self.admissible(s)]
        return _canon(s for s in admissible if not any(s < t for t in admissible))

    def stable_sets(self) -> list[list[str]]:
        return _canon(s for s in self.subsets if self.stable(s))


def _as_lists(extensions: list[frozenset[str]]) -> list[list[str]]:
    # Deliberately not re-sorted: the module promises sorted output.
    return [sorted(e) for e in extensions]


def _check_explanations(fw: Framework[str], labelling: Labelling[str]) -> None:
    """Every argument's explanation is present and consistent with fw."""
    attacks = set(fw.attacks)
    for arg in fw.arguments:
        reason = explain(fw, labelling, arg)
        assert reason.argument == arg
        assert reason.label is labelling[arg]
        if isinstance(reason, InReason):
            assert reason.out_attackers == fw.attackers_of(arg)
            assert all(labelling[a] is Label.OUT for a in reason.out_attackers)
        elif isinstance(reason, OutReason):
            assert reason.in_attackers
            assert reason.attacker == reason.in_attackers[0] == min(reason.in_attackers)
            assert all((a, arg) in attacks for a in reason.in_attackers)
            assert all(labelling[a] is Label.IN for a in reason.in_attackers)
        else:
            assert isinstance(reason, UndecReason)
            assert reason.undec_attackers
            assert all(labelling[a] is Label.UNDEC for a in reason.undec_attackers)
            cycle = reason.cycle
            assert cycle and len(set(cycle)) == len(cycle)
            assert all(labelling[c] is Label.UNDEC for c in cycle)
            for k, c in enumerate(cycle):
                assert (c, cycle[(k + 1) % len(cycle)]) in attacks
            path = reason.path
            assert path[0] == cycle[0] and path[-1] == arg
            assert all((x, y) in attacks for x, y in pairwise(path))
            assert reason.on_cycle == (arg in cycle)


# --------------------------------------------------------------------------
# Literature examples
# --------------------------------------------------------------------------


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _framework(case: dict[str, Any]) -> Framework[str]:
    return Framework(case["arguments"], [(a, b) for a, b in case["attacks"]])


def test_case_files_present() -> None:
    assert len(CASE_FILES) >= 12


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_literature_example(path: Path) -> None:
    case = _load(path)
    assert case["source"].strip()
    fw = _framework(case)

    # The hand-computed expectations must agree with the brute-force oracle ...
    oracle = Oracle(case["arguments"], [(a, b) for a, b in case["attacks"]])
    assert sorted(case["grounded"]) == oracle.grounded()
    assert _canon(case["complete"]) == oracle.complete_sets()
    assert _canon(case["preferred"]) == oracle.preferred_sets()
    assert _canon(case["stable"]) == oracle.stable_sets()

    # ... and with the module, whose output is already sorted.
    labelling = grounded(fw)
    assert sorted(labelling.in_args) == sorted(case["grounded"])
    assert grounded_extension(fw) == frozenset(case["grounded"])
    assert _as_lists(complete_extensions(fw)) == _canon(case["complete"])
    assert _as_lists(preferred_extensions(fw)) == _canon(case["preferred"])
    assert _as_lists(stable_extensions(fw)) == _canon(case["stable"])

    for ext in case["complete"]:
        assert is_complete(fw, ext) and is_admissible(fw, ext) and is_conflict_free(fw, ext)
    for ext in case["stable"]:
        assert is_stable(fw, ext)
    _check_explanations(fw, labelling)
    for ext in case["preferred"]:
        _check_explanations(fw, Labelling.from_extension(fw, ext))


# --------------------------------------------------------------------------
# Property-based comparison with the oracle
# --------------------------------------------------------------------------


@st.composite
def small_frameworks(draw: st.DrawFn) -> tuple[list[str], list[Attack]]:
    n = draw(st.integers(min_value=0, max_value=8))
    args = [f"a{i}" for i in range(n)]
    if not args:
        return args, []
    pairs = [(x, y) for x in args for y in args]
    attacks = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs)))
    return args, attacks


@settings(max_examples=200, deadline=None)
@given(small_frameworks())
def test_semantics_match_brute_force(case: tuple[list[str], list[Attack]]) -> None:
    args, attacks = case
    fw = Framework(args, attacks)
    oracle = Oracle(args, attacks)
    labelling = grounded(fw)
    assert sorted(labelling.in_args) == oracle.grounded()
    complete = complete_extensions(fw)
    assert _as_lists(complete) == oracle.complete_sets()
    assert _as_lists(preferred_extensions(fw)) == oracle.preferred_sets()
    assert _as_lists(stable_extensions(fw)) == oracle.stable_sets()
    # Grounded is the least complete extension.
    assert labelling.in_args == min(complete, key=len)
    assert all(labelling.in_args <= e for e in complete)
    _check_explanations(fw, labelling)
    for ext in complete:
        _check_explanations(fw, Labelling.from_extension(fw, ext))


@settings(max_examples=200, deadline=None)
@given(small_frameworks(), st.data())
def test_membership_checks_match_brute_force(
    case: tuple[list[str], list[Attack]], data: st.DataObject
) -> None:
    args, attacks = case
    fw = Framework(args, attacks)
    oracle = Oracle(args, attacks)
    subset = frozenset(data.draw(st.sets(st.sampled_from(args))) if args else ())
    assert is_conflict_free(fw, subset) == oracle.conflict_free(subset)
    assert is_admissible(fw, subset) == oracle.admissible(subset)
    assert is_complete(fw, subset) == oracle.complete(subset)
    assert is_stable(fw, subset) == oracle.stable(subset)


# --------------------------------------------------------------------------
# Explanations
# --------------------------------------------------------------------------


def test_out_is_explained_by_its_in_attacker() -> None:
    fw = Framework("abc", [("a", "b"), ("b", "c")])
    labelling = grounded(fw)
    reason = explain(fw, labelling, "b")
    assert reason == OutReason("b", "a", ("a",))
    reason = explain(fw, labelling, "a")
    assert reason == InReason("a", ())
    assert isinstance(reason, InReason) and reason.unattacked
    assert explain(fw, labelling, "c") == InReason("c", ("b",))


def test_out_explanation_picks_first_in_attacker_in_sorted_order() -> None:
    # Both z and m are IN and attack x.  z is listed first by the caller, but
    # the documented choice is the first IN attacker in sorted order.
    fw = Framework(["z", "m", "x"], [("z", "x"), ("m", "x")])
    reason = explain(fw, grounded(fw), "x")
    assert isinstance(reason, OutReason)
    assert reason.attacker == "m"
    assert reason.in_attackers == ("m", "z")


def test_undec_is_explained_by_its_cycle() -> None:
    fw = Framework("abcd", [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")])
    labelling = grounded(fw)
    reason = explain(fw, labelling, "b")
    assert reason == UndecReason("b", ("a",), ("b", "c", "a"), ("b",))
    assert isinstance(reason, UndecReason) and reason.on_cycle
    # d is not on the cycle: explained by the cycle feeding into it.
    reason = explain(fw, labelling, "d")
    assert reason == UndecReason("d", ("c",), ("c", "a", "b"), ("c", "d"))
    assert isinstance(reason, UndecReason) and not reason.on_cycle


def test_undec_behind_self_attacker() -> None:
    fw = Framework("ab", [("a", "a"), ("a", "b")])
    labelling = grounded(fw)
    assert explain(fw, labelling, "a") == UndecReason("a", ("a",), ("a",), ("a",))
    assert explain(fw, labelling, "b") == UndecReason("b", ("a",), ("a",), ("a", "b"))


def test_undec_cycle_is_shortest_through_argument() -> None:
    # a lies on a 2-cycle (a<->b) and on a 4-cycle (a->c->d->e->a).
    fw = Framework(
        "abcde", [("a", "b"), ("b", "a"), ("a", "c"), ("c", "d"), ("d", "e"), ("e", "a")]
    )
    reason = explain(fw, grounded(fw), "a")
    assert isinstance(reason, UndecReason)
    assert reason.cycle == ("a", "b")


def test_explain_in_preferred_labelling() -> None:
    fw = Framework("abcd", [("a", "b"), ("b", "a"), ("a", "c"), ("b", "c"), ("c", "d")])
    labelling = Labelling.from_extension(fw, {"a", "d"})
    assert explain(fw, labelling, "d") == InReason("d", ("c",))
    assert explain(fw, labelling, "c") == OutReason("c", "a", ("a",))
    assert explain(fw, labelling, "b") == OutReason("b", "a", ("a",))


def test_explain_rejects_illegal_labels() -> None:
    fw = Framework("ab", [("a", "b")])
    bad_out = Labelling({"a": Label.UNDEC, "b": Label.OUT})
    with pytest.raises(LabellingError):
        explain(fw, bad_out, "b")
    bad_in = Labelling({"a": Label.IN, "b": Label.IN})
    with pytest.raises(LabellingError):
        explain(fw, bad_in, "b")
    bad_undec = Labelling({"a": Label.OUT, "b": Label.UNDEC})
    with pytest.raises(LabellingError):
        explain(fw, bad_undec, "b")
    with pytest.raises(LabellingError):
        explain(fw, Labelling({"b": Label.OUT}), "b")
    with pytest.raises(UnknownArgumentError):
        explain(fw, grounded(fw), "zz")


# --------------------------------------------------------------------------
# Framework and labelling construction
# --------------------------------------------------------------------------


def test_framework_validation() -> None:
    with pytest.raises(UnknownArgumentError) as info:
        Framework(["a"], [("a", "b")])
    assert isinstance(info.value, AnalysisError) and isinstance(info.value, ValueError)
    with pytest.raises(FrameworkError):
        Framework(["a"], [("a",)])  # type: ignore[list-item]
    with pytest.raises(FrameworkError):
        Framework(["a", 1])  # type: ignore[type-var]
    with pytest.raises(UnknownArgumentError):
        is_admissible(Framework("ab"), {"c"})


def test_framework_normalises_and_compares() -> None:
    fw = Framework(["b", "a", "b"], [("b", "a"), ("b", "a"), ("a", "a")])
    assert fw.arguments == ("a", "b")
    assert fw.attacks == (("a", "a"), ("b", "a"))
    assert fw.attackers_of("a") == ("a", "b")
    assert fw.targets_of("b") == ("a",)
    assert fw == Framework("ab", [("a", "a"), ("b", "a")])
    assert hash(fw) == hash(Framework("ab", [("a", "a"), ("b", "a")]))
    assert "a" in fw and "z" not in fw and [] not in fw
    assert len(fw) == 2 and list(fw) == ["a", "b"]


def test_integer_arguments() -> None:
    fw = Framework(range(4), [(0, 1), (1, 0), (1, 2), (2, 3)])
    assert preferred_extensions(fw) == [frozenset({0, 2}), frozenset({1, 3})]


def test_labelling_helpers() -> None:
    fw = Framework("abc", [("a", "b"), ("b", "c"), ("c", "c")])
    labelling = grounded(fw)
    assert dict(labelling) == {"a": Label.IN, "b": Label.OUT, "c": Label.UNDEC}
    assert labelling.in_args == {"a"}
    assert labelling.out_args == {"b"}
    assert labelling.undec_args == {"c"}
    assert labelling.arguments_labelled(Label.IN) == ("a",)
    assert labelling == Labelling({"c": Label.UNDEC, "b": Label.OUT, "a": Label.IN})
    assert Labelling.from_extension(fw, {"a"}) == labelling
    with pytest.raises(LabellingError):
        Labelling.from_extension(fw, {"c"})  # c attacks itself
    with pytest.raises(LabellingError):
        Labelling({"a": "in"})  # type: ignore[dict-item]


# --------------------------------------------------------------------------
# Limits
# --------------------------------------------------------------------------


def _disjoint_mutual_attacks(pairs: int) -> Framework[str]:
    attacks: list[Attack] = []
    for k in range(pairs):
        attacks += [(f"x{k:03}", f"y{k:03}"), (f"y{k:03}", f"x{k:03}")]
    return Framework([a for a, _ in attacks], attacks)


def test_limit_on_search_nodes() -> None:
    fw = _disjoint_mutual_attacks(20)  # 2**20 preferred, 3**20 complete extensions
    for enumerate_ in (complete_extensions, preferred_extensions, stable_extensions):
        with pytest.raises(SemanticsLimitExceeded) as info:
            enumerate_(fw, SearchLimit(max_nodes=100))
        assert isinstance(info.value, AnalysisError)
        assert info.value.nodes > 100


def test_limit_on_time() -> None:
    fw = _disjoint_mutual_attacks(40)
    with pytest.raises(SemanticsLimitExceeded) as info:
        preferred_extensions(fw, SearchLimit(max_nodes=None, max_seconds=0.05))
    assert info.value.semantics == "preferred"


def test_limit_on_one_hard_component() -> None:
    # One dense strongly connected component: the search itself must stop.
    rng = random.Random(7)
    args = [f"n{i:02}" for i in range(40)]
    attacks = [(x, y) for x in args for y in args if x != y and rng.random() < 0.3]
    fw = Framework(args, attacks)
    with pytest.raises(SemanticsLimitExceeded):
        preferred_extensions(fw, SearchLimit(max_nodes=5))


def test_generous_limit_returns_everything() -> None:
    fw = _disjoint_mutual_attacks(10)
    assert len(preferred_extensions(fw)) == 2**10
    assert len(stable_extensions(fw, UNLIMITED)) == 2**10
    assert len(complete_extensions(fw)) == 3**10


def test_search_limit_validation() -> None:
    with pytest.raises(ValueError):
        SearchLimit(max_nodes=-1)
    with pytest.raises(ValueError):
        SearchLimit(max_seconds=float("nan"))
    with pytest.raises(TypeError):
        preferred_extensions(Framework("a"), 10)  # type: ignore[arg-type]


# --------------------------------------------------------------------------
# Scale: no recursion, linear grounded
# --------------------------------------------------------------------------

N = 100_000


def test_grounded_on_long_chain() -> None:
    args = [f"c{i:06}" for i in range(N)]
    fw = Framework(args, list(pairwise(args)))
    labelling = grounded(fw)
    assert all(labelling[a] is (Label.IN if i % 2 == 0 else Label.OUT) for i, a in enumerate(args))
    assert explain(fw, labelling, args[-1]) == OutReason(args[-1], args[-2], (args[-2],))
    # Nothing is UNDEC, so enumeration needs no search at all.
    assert preferred_extensions(fw) == [labelling.in_args]


def test_long_odd_cycle() -> None:
    args = [f"c{i:06}" for i in range(N + 1)]
    attacks = list(zip(args, args[1:] + args[:1], strict=True))
    fw = Framework(args, attacks)
    labelling = grounded(fw)
    assert labelling.undec_args == frozenset(args)
    reason = explain(fw, labelling, args[0])
    assert isinstance(reason, UndecReason)
    assert reason.cycle == tuple(args)


def test_long_chain_below_a_choice() -> None:
    # a<->b, b attacks the head of a 20,000-argument chain: 20,001 components
    # searched depth-first without recursion.
    chain = [f"c{i:05}" for i in range(20_000)]
    attacks = [("a", "b"), ("b", "a"), ("b", chain[0]), *pairwise(chain)]
    fw = Framework(["a", "b", *chain], attacks)
    preferred = preferred_extensions(fw)
    assert len(preferred) == 2
    assert preferred[0] == {"a", *chain[0::2]}
    assert preferred[1] == {"b", *chain[1::2]}
    assert all(is_stable(fw, e) for e in preferred)


def test_long_even_cycle_enumeration() -> None:
    args = [f"c{i:05}" for i in range(20_000)]
    fw = Framework(args, list(zip(args, args[1:] + args[:1], strict=True)))
    assert preferred_extensions(fw) == [frozenset(args[0::2]), frozenset(args[1::2])]
    assert complete_extensions(fw)[0] == frozenset()
