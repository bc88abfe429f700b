"""Property paths as small trees: written as SPARQL, and taken apart around one edge.

A tree is a tuple: ``("iri", IRI)``, ``("inv", tree)``, ``("seq", (tree, ...))``,
``("alt", (tree, ...))``, ``("mul", tree, "*" | "+" | "?")``, ``("var", name)`` (a variable
in predicate position) or ``("any",)`` (a negated property set: any predicate may match).

:func:`occurrences` answers the question incremental validation asks of a path: if the
edge ``x --p--> y`` changed, which starts and ends of a path match can it be part of? Each
answer is the path from the match's start to the edge and from the edge to the match's end.
"""

from __future__ import annotations

from typing import Any

from rdflib.paths import AlternativePath, InvPath, MulPath, NegatedPath, SequencePath
from rdflib.term import URIRef, Variable

Tree = tuple[Any, ...]


def iri(value: str) -> Tree:
    """The one-step path of a predicate."""
    return ("iri", value)


def text(tree: Tree) -> str:
    """The path in SPARQL syntax."""
    kind = tree[0]
    if kind == "iri":
        return f"<{tree[1]}>"
    if kind == "var":
        return f"?{tree[1]}"
    if kind == "inv":
        inner = tree[1]
        return f"^<{inner[1]}>" if inner[0] == "iri" else f"^({text(inner)})"
    if kind == "seq":
        return "(" + " / ".join(text(t) for t in tree[1]) + ")"
    if kind == "alt":
        return "(" + " | ".join(text(t) for t in tree[1]) + ")"
    if kind == "mul":
        return f"({text(tree[1])}){tree[2]}"
    raise ValueError(f"no SPARQL for the path {tree}")


def predicates(tree: Tree) -> set[str] | None:
    """The predicates a path walks (None: any predicate)."""
    kind = tree[0]
    if kind == "iri":
        return {tree[1]}
    if kind in ("var", "any"):
        return None
    if kind in ("inv", "mul"):
        return predicates(tree[1])
    found: set[str] = set()
    for part in tree[1]:
        inner = predicates(part)
        if inner is None:
            return None
        found |= inner
    return found


def _join(parts: list[Tree | None]) -> Tree | None:
    steps = [p for p in parts if p is not None]
    if not steps:
        return None
    return steps[0] if len(steps) == 1 else ("seq", tuple(steps))


def _invert(tree: Tree | None) -> Tree | None:
    return None if tree is None else ("inv", tree)


Occurrence = tuple[Tree | None, bool, Tree | None]
"""(path from the match's start to the edge, whether the edge is walked forward, path from
the edge to the match's end); None stands for no step."""


def occurrences(tree: Tree, predicate: str) -> list[Occurrence]:
    """Where an edge with ``predicate`` can lie on a match of the path."""
    kind = tree[0]
    if kind == "iri":
        return [(None, True, None)] if tree[1] == predicate else []
    if kind in ("var", "any"):
        return [(None, True, None), (None, False, None)]
    if kind == "inv":
        return [
            (_invert(suf), not forward, _invert(pre))
            for pre, forward, suf in occurrences(tree[1], predicate)
        ]
    if kind == "alt":
        return [o for part in tree[1] for o in occurrences(part, predicate)]
    if kind == "seq":
        found = []
        steps = list(tree[1])
        for index, step in enumerate(steps):
            for pre, forward, suf in occurrences(step, predicate):
                found.append(
                    (_join([*steps[:index], pre]), forward, _join([suf, *steps[index + 1 :]]))
                )
        return found
    if kind == "mul":
        inner, mod = tree[1], tree[2]
        around: Tree | None = ("mul", inner, "*") if mod in "*+" else None
        return [
            (_join([around, pre]), forward, _join([suf, around]))
            for pre, forward, suf in occurrences(inner, predicate)
        ]
    raise ValueError(f"unknown path {tree}")


def from_rdflib(path: Any) -> Tree:
    """An rdflib path (or IRI, or variable) as a tree."""
    if isinstance(path, URIRef):
        return ("iri", str(path))
    if isinstance(path, Variable):
        return ("var", str(path))
    if isinstance(path, InvPath):
        return ("inv", from_rdflib(path.arg))
    if isinstance(path, SequencePath):
        return ("seq", tuple(from_rdflib(a) for a in path.args))
    if isinstance(path, AlternativePath):
        return ("alt", tuple(from_rdflib(a) for a in path.args))
    if isinstance(path, MulPath):
        return ("mul", from_rdflib(path.path), str(path.mod))
    if isinstance(path, NegatedPath):
        return ("any",)
    raise ValueError(f"unknown path {path!r}")


def to_json(tree: Tree) -> Any:
    """A tree as JSON (lists)."""
    return [to_json(t) if isinstance(t, tuple) else t for t in tree]


def from_json(data: Any) -> Tree:
    """A tree from :func:`to_json`."""
    return tuple(
        from_json(d)
        if isinstance(d, list) and d and isinstance(d[0], str) and d[0] in _KINDS
        else tuple(from_json(x) for x in d)
        if isinstance(d, list)
        else d
        for d in data
    )


_KINDS = frozenset({"iri", "inv", "seq", "alt", "mul", "var", "any"})
