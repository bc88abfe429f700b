"""Benchmark for claimgraph.analysis.dung (not a test; run it by hand).

    .venv/bin/python benchmarks/bench_dung.py [--seed N] [--size N] [--chain N] [--dag N]

(claimgraph must be importable, as it is from the project's editable install.)

What it measures, on seeded random frameworks:

1. the linear-time grounded labelling against a naive baseline -- Kleene
   iteration of Dung's characteristic function F(S) = {a | S defends a} from
   the empty set, each round re-checking every argument -- on the same
   frameworks, at sizes where the baseline still finishes in well under a
   minute (its cost is rounds x |R| x degree, and the number of rounds grows
   with the length of reinstatement chains);
2. grounded alone on 100,000-argument frameworks with ~300,000 attacks;
3. preferred extensions (grounded, then SCC decomposition and per-component
   search) on sparse 100,000-argument frameworks, under a search limit; the
   script reports when the limit is exceeded instead of hiding it.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from itertools import pairwise
from typing import TypeVar

from claimgraph.analysis.dung import (
    Framework,
    SearchLimit,
    SemanticsLimitExceeded,
    grounded,
    preferred_extensions,
)

T = TypeVar("T")
Attack = tuple[str, str]


def timed(fn: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def names(n: int) -> list[str]:
    width = len(str(n))
    return [f"x{i:0{width}}" for i in range(n)]


def uniform_attacks(args: list[str], m: int, rng: random.Random) -> list[Attack]:
    """m distinct attacks drawn uniformly (self-attacks allowed)."""
    n = len(args)
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < m:
        pairs.add((rng.randrange(n), rng.randrange(n)))
    return [(args[i], args[j]) for i, j in pairs]


def forward_attacks(args: list[str], m: int, rng: random.Random, reach: int) -> list[Attack]:
    """m distinct attacks from an argument to one of the next `reach` ones.

    Acyclic, so the grounded labelling decides everything, and the local
    reach produces long reinstatement chains (many baseline rounds).
    """
    n = len(args)
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < m:
        i = rng.randrange(n - 1)
        pairs.add((i, min(n - 1, i + 1 + rng.randrange(reach))))
    return [(args[i], args[j]) for i, j in pairs]


def naive_grounded(fw: Framework[str]) -> tuple[frozenset[str], int]:
    """Least fixed point of F by plain iteration; returns (extension, rounds)."""
    attackers = {a: fw.attackers_of(a) for a in fw.arguments}
    current: frozenset[str] = frozenset()
    rounds = 0
    while True:
        rounds += 1
        following = frozenset(
            a
            for a in fw.arguments
            if all(any(c in current for c in attackers[b]) for b in attackers[a])
        )
        if following == current:
            return current, rounds
        current = following


def compare(label: str, args: list[str], attacks: list[Attack]) -> None:
    fw, build = timed(lambda: Framework(args, attacks))
    labelling, fast = timed(lambda: grounded(fw))
    (baseline_ext, rounds), slow = timed(lambda: naive_grounded(fw))
    agree = baseline_ext == labelling.in_args
    print(
        f"  {label:<38} |A|={len(fw):>7,} |R|={len(fw.attacks):>7,}  build {build:7.3f}s\n"
        f"    linear grounded {fast:8.3f}s   naive fixpoint {slow:8.3f}s "
        f"({rounds:,} rounds)   ratio x{slow / fast:,.0f}   agree={agree}"
    )
    if not agree:
        raise SystemExit("baseline and linear grounded disagree")


def grounded_only(label: str, args: list[str], attacks: list[Attack]) -> None:
    fw, build = timed(lambda: Framework(args, attacks))
    labelling, elapsed = timed(lambda: grounded(fw))
    print(
        f"  {label:<38} |A|={len(fw):>7,} |R|={len(fw.attacks):>7,}  build {build:7.3f}s  "
        f"grounded {elapsed:6.3f}s  IN={len(labelling.in_args):,} "
        f"OUT={len(labelling.out_args):,} UNDEC={len(labelling.undec_args):,}"
    )


def preferred_run(label: str, args: list[str], attacks: list[Attack], limit: SearchLimit) -> None:
    fw = Framework(args, attacks)
    undec = len(grounded(fw).undec_args)
    start = time.perf_counter()
    try:
        extensions = preferred_extensions(fw, limit)
    except SemanticsLimitExceeded as exc:
        print(
            f"  {label:<38} |A|={len(fw):>7,} |R|={len(fw.attacks):>7,}  grounded-UNDEC={undec:,}"
            f"\n    preferred: LIMIT EXCEEDED after {exc.nodes:,} nodes / {exc.elapsed:.2f}s"
        )
        return
    elapsed = time.perf_counter() - start
    sizes = sorted({len(e) for e in extensions})
    print(
        f"  {label:<38} |A|={len(fw):>7,} |R|={len(fw.attacks):>7,}  grounded-UNDEC={undec:,}"
        f"\n    preferred: {len(extensions):,} extension(s) in {elapsed:.3f}s, "
        f"sizes {sizes[0]:,}..{sizes[-1]:,}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--size", type=int, default=100_000, help="arguments for large runs")
    parser.add_argument("--chain", type=int, default=4_000, help="chain length for baseline")
    parser.add_argument("--dag", type=int, default=15_000, help="DAG size for baseline")
    parser.add_argument("--max-seconds", type=float, default=20.0, help="preferred time limit")
    options = parser.parse_args()
    rng = random.Random(options.seed)
    n = options.size
    print(f"Python {sys.version.split()[0]}, seed {options.seed}")

    print("\n1. Linear grounded vs naive characteristic-function fixpoint (same frameworks)")
    chain = names(options.chain)
    compare(f"chain of {options.chain:,}", chain, list(pairwise(chain)))
    dag = names(options.dag)
    compare(
        "random forward DAG, 3 attacks/arg",
        dag,
        forward_attacks(dag, 3 * options.dag, rng, reach=4),
    )
    small = names(options.dag)
    compare("uniform random, 3 attacks/arg", small, uniform_attacks(small, 3 * options.dag, rng))

    print(f"\n2. Grounded alone at {n:,} arguments")
    big = names(n)
    grounded_only("uniform random, 3 attacks/arg", big, uniform_attacks(big, 3 * n, rng))
    grounded_only("random forward DAG, 3 attacks/arg", big, forward_attacks(big, 3 * n, rng, 4))
    grounded_only(f"chain of {n:,}", big, list(pairwise(big)))

    limit = SearchLimit(max_nodes=5_000_000, max_seconds=options.max_seconds)
    print(f"\n3. Preferred at {n:,} arguments (limit {limit})")
    for per_arg in (0.9, 1.5, 3.0):
        preferred_run(
            f"uniform random, {per_arg} attacks/arg",
            big,
            uniform_attacks(big, int(per_arg * n), rng),
            limit,
        )
    # Uniform sparse graphs are mostly decided by grounded alone; planting
    # mutual rebuttals creates independent choices (product of components).
    planted = uniform_attacks(big, int(0.9 * n), rng)
    for _ in range(16):
        a, b = rng.sample(big, 2)
        planted += [(a, b), (b, a)]
    preferred_run("0.9 attacks/arg + 16 mutual attacks", big, planted, limit)
    cycle = list(zip(big, big[1:] + big[:1], strict=True))
    preferred_run(f"even cycle of {n:,}", big, cycle, limit)


if __name__ == "__main__":
    main()
