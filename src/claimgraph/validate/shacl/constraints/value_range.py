"""Value range constraints: ``sh:minInclusive``, ``sh:minExclusive``, ``sh:maxInclusive``,
``sh:maxExclusive`` (value-level; decided in Python, :func:`.values.range_holds`, as rdflib
orders literals)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import Literal

from claimgraph.validate.shacl import values as checks
from claimgraph.validate.shacl.constraints.base import Context, Family, first_value, one_of
from claimgraph.validate.shacl.errors import UnsupportedShapesError

if TYPE_CHECKING:
    from claimgraph.validate.shacl.compiler import Compiler
    from claimgraph.validate.shacl.shapes import Constraint, Shape


class RangeConstraint(Family):
    """One bound on literal values."""

    single_valued = True
    value_level = True

    def __init__(self, parameter: str) -> None:
        self.parameter = parameter
        self.component = parameter[0].upper() + parameter[1:] + "ConstraintComponent"

    def check_values(self, shape: Shape, constraint: Constraint) -> None:
        if not isinstance(first_value(constraint), Literal):
            raise UnsupportedShapesError(
                f"shape {shape.node}: sh:{self.parameter} is not a literal"
            )

    def on_value(self, compiler: Compiler, constraint: Constraint, x: str, context: Context) -> str:
        bound = first_value(constraint)
        assert isinstance(bound, Literal)
        kind = self.parameter
        bad = compiler.failing(
            constraint, context, "isLiteral({x})", lambda v: checks.range_holds(v, bound, kind)
        )
        return f"(!isLiteral({x}) || {one_of(x, bad)})"


FAMILIES: tuple[Family, ...] = tuple(
    RangeConstraint(name)
    for name in ("minExclusive", "minInclusive", "maxExclusive", "maxInclusive")
)
