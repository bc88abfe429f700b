"""Cardinality constraints: ``sh:minCount``, ``sh:maxCount`` (path-level, property shapes)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimgraph.validate.shacl import paths
from claimgraph.validate.shacl.constraints.base import Family, count, first_value, require_count
from claimgraph.validate.shacl.errors import UnsupportedShapesError

if TYPE_CHECKING:
    from claimgraph.validate.shacl.compiler import Compiler
    from claimgraph.validate.shacl.shapes import Constraint, Shape


class _Count(Family):
    single_valued = True

    def check_values(self, shape: Shape, constraint: Constraint) -> None:
        require_count(shape, constraint, self.parameter)
        if not shape.is_property_shape:
            raise UnsupportedShapesError(f"shape {shape.node}: sh:{self.parameter} on a node shape")


class MinCountConstraint(_Count):
    """``sh:minCount``: at least so many distinct values on the path."""

    parameter = "minCount"
    component = "MinCountConstraintComponent"

    def on_path(
        self, compiler: Compiler, constraint: Constraint, x: str, tree: paths.Tree, w: str
    ) -> str | None:
        n = count(first_value(constraint))
        if n == 0:
            return "false"
        if n == 1:
            return f"NOT EXISTS {{ {compiler.tp(x, tree, w)} }}"
        return None

    def path_check(
        self, compiler: Compiler, constraint: Constraint, focus: str, tree: paths.Tree
    ) -> tuple[str, str] | None:
        n = count(first_value(constraint))
        if n == 0:
            return None
        pattern = compiler.tp("?this", tree, "?_any")
        if n == 1:
            # NOT EXISTS as OPTIONAL/!BOUND, which Oxigraph runs as a join.
            return (
                f"SELECT ?this WHERE {{ {focus} OPTIONAL {{ {pattern} }} FILTER(!BOUND(?_any)) }}",
                "none",
            )
        return (
            f"SELECT ?this WHERE {{ {focus} OPTIONAL {{ {pattern} }} }} "
            f"GROUP BY ?this HAVING (COUNT(DISTINCT ?_any) < {n})",
            "none",
        )


class MaxCountConstraint(_Count):
    """``sh:maxCount``: at most so many distinct values on the path."""

    parameter = "maxCount"
    component = "MaxCountConstraintComponent"

    def on_path(
        self, compiler: Compiler, constraint: Constraint, x: str, tree: paths.Tree, w: str
    ) -> str | None:
        n = count(first_value(constraint))
        if n == 0:
            return f"EXISTS {{ {compiler.tp(x, tree, w)} }}"
        if n == 1:
            w2 = compiler.fresh("w")
            return (
                f"EXISTS {{ {compiler.tp(x, tree, w)} . {compiler.tp(x, tree, w2)} . "
                f"FILTER(!sameTerm({w}, {w2})) }}"
            )
        return None

    def path_check(
        self, compiler: Compiler, constraint: Constraint, focus: str, tree: paths.Tree
    ) -> tuple[str, str] | None:
        n = count(first_value(constraint))
        return (
            f"SELECT ?this WHERE {{ {focus} {compiler.tp('?this', tree, '?_any')} }} "
            f"GROUP BY ?this HAVING (COUNT(DISTINCT ?_any) > {n})",
            "none",
        )


FAMILIES: tuple[Family, ...] = (MinCountConstraint(), MaxCountConstraint())
