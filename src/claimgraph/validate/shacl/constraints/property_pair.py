"""Property pair constraints: ``sh:disjoint`` (path-level, property shapes).

``sh:equals``, ``sh:lessThan`` and ``sh:lessThanOrEquals`` are left to pySHACL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimgraph.validate.shacl import paths
from claimgraph.validate.shacl.constraints.base import Family, first_value, require_iri
from claimgraph.validate.shacl.errors import UnsupportedShapesError

if TYPE_CHECKING:
    from claimgraph.validate.shacl.compiler import Compiler
    from claimgraph.validate.shacl.shapes import Constraint, Shape


class DisjointConstraint(Family):
    """``sh:disjoint``: no value on the path is also a value of the other property."""

    parameter = "disjoint"
    component = "DisjointConstraintComponent"
    each_value = True

    def check_values(self, shape: Shape, constraint: Constraint) -> None:
        require_iri(shape, constraint, self.parameter)
        if not shape.is_property_shape:
            raise UnsupportedShapesError(f"shape {shape.node}: sh:disjoint on a node shape")

    def on_path(
        self, compiler: Compiler, constraint: Constraint, x: str, tree: paths.Tree, w: str
    ) -> str | None:
        other = str(first_value(constraint))
        compiler.reads([other])
        pattern = compiler.tp(x, paths.iri(other), w)
        return f"EXISTS {{ {compiler.tp(x, tree, w)} . {pattern} }}"

    def path_check(
        self, compiler: Compiler, constraint: Constraint, focus: str, tree: paths.Tree
    ) -> tuple[str, str] | None:
        other = first_value(constraint)
        assert other is not None
        compiler.reads([str(other)])
        return (
            f"SELECT DISTINCT ?this ?value WHERE {{ {focus} "
            f"{compiler.tp('?this', tree, '?value')} . "
            f"{compiler.tp('?this', paths.iri(str(other)), '?value')} }}",
            "var",
        )


FAMILIES: tuple[Family, ...] = (DisjointConstraint(),)
