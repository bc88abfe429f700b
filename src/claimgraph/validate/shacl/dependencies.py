"""Which focus nodes a change can affect, check by check (for incremental validation).

A check's result for a focus node depends only on the triples its query can match for that
node. For every triple that left or joined the data, and every triple pattern of the check
that the triple can match (with its predicate anywhere on the pattern's path), the focus
nodes that could be bound together with it are found by walking the query's own patterns
from the pattern to ``?this``, in the store before the change (for triples that left) and
after it (for triples that joined). A pattern not connected to ``?this`` by the query's
patterns makes every focus node of the check affected. The walk may find too many focus
nodes, never too few: it relaxes the query (a chain of its patterns, no filters), it does not
guess.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable

import pyoxigraph as ox

from claimgraph.validate.shacl import paths
from claimgraph.validate.shacl.compiler import Check, Pattern

Triple = tuple[str, str, str]
"""A triple as N-Triples terms."""

THIS = "?this"


def _is_var(term: str) -> bool:
    return term.startswith("?")


def _chain(patterns: tuple[Pattern, ...], skip: int, start: str) -> list[Pattern] | None:
    """The fewest patterns linking variable ``start`` to ?this (without pattern ``skip``)."""
    if start == THIS:
        return []
    links: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for index, (s, _, o) in enumerate(patterns):
        if index == skip or not (_is_var(s) and _is_var(o)) or s == o:
            continue
        links[s].append((index, o))
        links[o].append((index, s))
    previous: dict[str, tuple[str, int]] = {}
    queue = deque([start])
    seen = {start}
    while queue:
        node = queue.popleft()
        if node == THIS:
            chain = []
            while node != start:
                before, index = previous[node]
                chain.append(patterns[index])
                node = before
            return chain
        for index, other in links[node]:
            if other not in seen:
                seen.add(other)
                previous[other] = (node, index)
                queue.append(other)
    return None


class Walker:
    """Finds the affected focus nodes of checks for one change."""

    def __init__(self, removed: set[Triple], added: set[Triple], before: ox.Store, after: ox.Store):
        self.removed = removed
        self.added = added
        self.stores = ((before, removed), (after, added))
        self.by_predicate: dict[str, list[tuple[Triple, int]]] = defaultdict(list)
        for side, triples in enumerate((removed, added)):
            for triple in triples:
                self.by_predicate[triple[1][1:-1]].append((triple, side))
        self._answers: dict[tuple[str, int], set[str]] = {}

    def affected(self, check: Check) -> set[str] | None:
        """Focus nodes (N-Triples) whose results of ``check`` may change; None: all of them."""
        found: set[str] = set()
        for index, (subject, tree, obj) in enumerate(check.patterns):
            wanted = paths.predicates(tree)
            if wanted is None:
                names = set(self.by_predicate)
            else:
                names = {p for p in wanted if p in self.by_predicate}
            for name in sorted(names):
                triples = self.by_predicate[name]
                for pre, forward, suf in paths.occurrences(tree, name):
                    result = self._one(check, index, subject, obj, pre, forward, suf, triples)
                    if result is None:
                        return None
                    found |= result
        return found

    def _one(
        self,
        check: Check,
        index: int,
        subject: str,
        obj: str,
        pre: paths.Tree | None,
        forward: bool,
        suf: paths.Tree | None,
        triples: list[tuple[Triple, int]],
    ) -> set[str] | None:
        # The edge's ends, by store side (0: before the change, 1: after).
        ends: list[list[tuple[str, str]]] = [[], []]
        for (s, _, o), side in triples:
            start, end = (s, o) if forward else (o, s)
            if pre is None and not self._fits(check, subject, start):
                continue
            if suf is None and not self._fits(check, obj, end):
                continue
            ends[side].append((start, end))
        if not ends[0] and not ends[1]:
            return set()
        if any(t.startswith("_:") for pair in ends[0] + ends[1] for t in pair):
            return None  # blank nodes cannot be named in a query
        routes = []
        for var, tree, at_start in ((subject, pre, True), (obj, suf, False)):
            if not _is_var(var):
                continue
            chain = _chain(check.patterns, index, var)
            if chain is not None:
                routes.append((len(chain) + (tree is not None), var, tree, at_start, chain))
        if not routes:
            return None
        _, var, tree, at_start, chain = min(routes, key=lambda r: r[0])
        found: set[str] = set()
        for side, pairs in enumerate(ends):
            if not pairs:
                continue
            seeds = sorted({start if at_start else end for start, end in pairs})
            if var == THIS and tree is None:
                found.update(seeds)
                continue
            found |= self._walk(check, side, var, tree, at_start, chain, seeds)
        return found

    @staticmethod
    def _fits(check: Check, term: str, value: str) -> bool:
        if not _is_var(term):
            return term == value
        allowed = check.value_sets.get(term)
        return allowed is None or value in allowed

    def _walk(
        self,
        check: Check,
        side: int,
        var: str,
        tree: paths.Tree | None,
        at_start: bool,
        chain: list[Pattern],
        seeds: list[str],
    ) -> set[str]:
        lines = [f"VALUES ?__seed {{ {' '.join(seeds)} }}"]
        if tree is None:
            lines.append(f"BIND(?__seed AS {var})")
        elif at_start:
            lines.append(f"{var} {paths.text(tree)} ?__seed .")
        else:
            lines.append(f"?__seed {paths.text(tree)} {var} .")
        variables: set[str] = {var}
        for s, path, o in chain:
            lines.append(f"{s} {paths.text(path)} {o} .")
            variables |= {s, o}
        for name in sorted(variables & set(check.value_sets)):
            lines.append(f"VALUES {name} {{ {' '.join(sorted(check.value_sets[name]))} }}")
        query = "SELECT DISTINCT ?this WHERE {\n" + "\n".join(lines) + "\n}"
        key = (query, side)
        if key not in self._answers:
            store = self.stores[side][0]
            rows = store.query(query, use_default_graph_as_union=True)
            self._answers[key] = {str(row[0]) for row in rows if row[0] is not None}  # type: ignore[union-attr]
        return self._answers[key]


def affected_foci(
    checks: Iterable[Check],
    removed: set[Triple],
    added: set[Triple],
    before: ox.Store,
    after: ox.Store,
) -> dict[str, set[str] | None]:
    """For each check, the focus nodes to check again (None: all of them)."""
    walker = Walker(removed, added, before, after)
    return {check.key: walker.affected(check) for check in checks}
