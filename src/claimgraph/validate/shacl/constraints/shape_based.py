"""Shape-based constraints: ``sh:node`` (value-level: the value conforms to the shape).

``sh:property`` nests property shapes and is walked by the compiler itself (it is a shape's
structure, not a test of values); ``sh:qualifiedValueShape`` is left to pySHACL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimgraph.validate.shacl.constraints.base import Context, Family, first_value

if TYPE_CHECKING:
    from claimgraph.validate.shacl.compiler import Compiler
    from claimgraph.validate.shacl.shapes import Constraint


class NodeConstraint(Family):
    """``sh:node``: the value conforms to the shape."""

    parameter = "node"
    component = "NodeConstraintComponent"
    each_value = True
    value_level = True

    def on_value(self, compiler: Compiler, constraint: Constraint, x: str, context: Context) -> str:
        value = first_value(constraint)
        assert value is not None
        return compiler.violates_shape(compiler.shapes.shape(value), x, context)


FAMILIES: tuple[Family, ...] = (NodeConstraint(),)
