"""Other constraints: ``sh:hasValue`` and ``sh:in``. ``sh:closed`` is left to pySHACL."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import BNode, URIRef

from claimgraph.validate.shacl import paths
from claimgraph.validate.shacl.constraints.base import (
    Context,
    Family,
    first_value,
    one_of,
    require_iri,
    term,
)
from claimgraph.validate.shacl.errors import UnsupportedShapesError

if TYPE_CHECKING:
    from claimgraph.validate.shacl.compiler import Compiler
    from claimgraph.validate.shacl.shapes import Constraint, Shape


class HasValueConstraint(Family):
    """``sh:hasValue``: on a property shape, one value on the path is the term; on a node
    shape, the focus node is the term (the result then has no sh:value, as in pySHACL)."""

    parameter = "hasValue"
    component = "HasValueConstraintComponent"
    each_value = True
    node_result_value = "none"

    def check_values(self, shape: Shape, constraint: Constraint) -> None:
        require_iri(shape, constraint, self.parameter)

    def on_node(
        self, compiler: Compiler, constraint: Constraint, x: str, context: Context
    ) -> str | None:
        return f"!sameTerm({x}, {term(constraint.values[0])})"

    def on_path(
        self, compiler: Compiler, constraint: Constraint, x: str, tree: paths.Tree, w: str
    ) -> str | None:
        value = term(constraint.values[0])
        return f"NOT EXISTS {{ {compiler.tp(x, tree, w)} . FILTER(sameTerm({w}, {value})) }}"

    def path_check(
        self, compiler: Compiler, constraint: Constraint, focus: str, tree: paths.Tree
    ) -> tuple[str, str] | None:
        value = first_value(constraint)
        assert value is not None
        return (
            f"SELECT ?this WHERE {{ {focus} OPTIONAL {{ "
            f"{compiler.tp('?this', tree, '?_any')} . "
            f"FILTER(sameTerm(?_any, {term(value)})) }} FILTER(!BOUND(?_any)) }}",
            "none",
        )


class InConstraint(Family):
    """``sh:in``: the value is one of the list's members (literals compared in Python, as
    rdflib compares them)."""

    parameter = "in"
    component = "InConstraintComponent"
    single_valued = True
    list_taking = True
    value_level = True

    def on_value(self, compiler: Compiler, constraint: Constraint, x: str, context: Context) -> str:
        members = list(constraint.values)
        if all(isinstance(m, URIRef) for m in members):
            return f"!{one_of(x, [term(m) for m in members])}"
        if any(isinstance(m, BNode) for m in members):
            raise UnsupportedShapesError("sh:in lists a blank node")
        allowed = set(members)
        bad = compiler.failing(constraint, context, "true", lambda v: v in allowed)
        return one_of(x, bad)


FAMILIES: tuple[Family, ...] = (HasValueConstraint(), InConstraint())
