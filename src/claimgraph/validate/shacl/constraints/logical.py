"""Logical constraints: ``sh:not``, ``sh:and``, ``sh:or``, ``sh:xone`` (value-level; each
member shape becomes the expression "the value does not conform to it")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimgraph.validate.shacl.constraints.base import Context, Family, first_value
from claimgraph.validate.shacl.errors import UnsupportedShapesError

if TYPE_CHECKING:
    from claimgraph.validate.shacl.compiler import Compiler
    from claimgraph.validate.shacl.shapes import Constraint, Shape


class NotConstraint(Family):
    """``sh:not``: the value does not conform to the shape."""

    parameter = "not"
    component = "NotConstraintComponent"
    each_value = True
    value_level = True

    def on_value(self, compiler: Compiler, constraint: Constraint, x: str, context: Context) -> str:
        value = first_value(constraint)
        assert value is not None
        return f"!({compiler.violates_shape(compiler.shapes.shape(value), x, context)})"


class _ListOfShapes(Family):
    list_taking = True
    value_level = True

    def check_values(self, shape: Shape, constraint: Constraint) -> None:
        if not constraint.values:
            raise UnsupportedShapesError(
                f"shape {shape.node}: sh:{self.parameter} has an empty list"
            )

    def members(
        self, compiler: Compiler, constraint: Constraint, x: str, context: Context
    ) -> list[str]:
        """For each member shape: the value does not conform to it."""
        return [
            compiler.violates_shape(compiler.shapes.shape(m), x, context) for m in constraint.values
        ]


class AndConstraint(_ListOfShapes):
    """``sh:and``: the value conforms to every member shape."""

    parameter = "and"
    component = "AndConstraintComponent"

    def on_value(self, compiler: Compiler, constraint: Constraint, x: str, context: Context) -> str:
        return "(" + " || ".join(self.members(compiler, constraint, x, context)) + ")"


class OrConstraint(_ListOfShapes):
    """``sh:or``: the value conforms to at least one member shape."""

    parameter = "or"
    component = "OrConstraintComponent"

    def on_value(self, compiler: Compiler, constraint: Constraint, x: str, context: Context) -> str:
        return "(" + " && ".join(self.members(compiler, constraint, x, context)) + ")"


class XoneConstraint(_ListOfShapes):
    """``sh:xone``: the value conforms to exactly one member shape."""

    parameter = "xone"
    component = "XoneConstraintComponent"

    def on_value(self, compiler: Compiler, constraint: Constraint, x: str, context: Context) -> str:
        parts = self.members(compiler, constraint, x, context)
        total = " + ".join(f"IF({m}, 0, 1)" for m in parts)
        return f"(({total}) != 1)"


FAMILIES: tuple[Family, ...] = (NotConstraint(), AndConstraint(), OrConstraint(), XoneConstraint())
