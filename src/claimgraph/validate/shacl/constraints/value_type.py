"""Value type constraints: ``sh:class``, ``sh:datatype``, ``sh:nodeKind`` (value-level)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import RDF, RDFS, XSD, URIRef

from claimgraph.validate.shacl import paths
from claimgraph.validate.shacl import values as checks
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


class ClassConstraint(Family):
    """``sh:class``: the value is an instance of the class or of a subclass of it."""

    parameter = "class"
    component = "ClassConstraintComponent"
    each_value = True
    value_level = True

    def check_values(self, shape: Shape, constraint: Constraint) -> None:
        require_iri(shape, constraint, self.parameter)

    def on_value(self, compiler: Compiler, constraint: Constraint, x: str, context: Context) -> str:
        value = first_value(constraint)
        assert value is not None
        var = compiler.fresh("t")
        pattern = compiler.tp(x, paths.iri(str(RDF.type)), var)
        classes = compiler.values_clause(var, compiler.subclasses(value))
        return f"NOT EXISTS {{ {pattern} . {classes} }}"


class DatatypeConstraint(Family):
    """``sh:datatype``: the value is a literal of the datatype, well-formed as rdflib reads
    it (decided in Python, :func:`.values.datatype_matches`)."""

    parameter = "datatype"
    component = "DatatypeConstraintComponent"
    single_valued = True
    value_level = True

    def check_values(self, shape: Shape, constraint: Constraint) -> None:
        require_iri(shape, constraint, self.parameter)

    def on_value(self, compiler: Compiler, constraint: Constraint, x: str, context: Context) -> str:
        value = first_value(constraint)
        assert isinstance(value, URIRef)
        if value == XSD.string:
            return f"!(isLiteral({x}) && datatype({x}) = {term(XSD.string)})"
        if value == RDF.langString:
            return f'!(isLiteral({x}) && lang({x}) != "")'
        if value == RDFS.Literal:
            return f"!isLiteral({x})"
        if value == RDFS.Datatype:
            return f'!(isLiteral({x}) && lang({x}) = "" && datatype({x}) != {term(XSD.string)})'
        bad = compiler.failing(
            constraint,
            context,
            f"isLiteral({{x}}) && datatype({{x}}) = {term(value)}",
            lambda v: checks.datatype_matches(v, value),
        )
        return f"(!(isLiteral({x}) && datatype({x}) = {term(value)}) || {one_of(x, bad)})"


class NodeKindConstraint(Family):
    """``sh:nodeKind``: the value is an IRI, a blank node, a literal, or one of two."""

    parameter = "nodeKind"
    component = "NodeKindConstraintComponent"
    single_valued = True
    value_level = True

    def check_values(self, shape: Shape, constraint: Constraint) -> None:
        require_iri(shape, constraint, self.parameter)

    def on_value(self, compiler: Compiler, constraint: Constraint, x: str, context: Context) -> str:
        value = first_value(constraint)
        kinds = {
            "IRI": f"!isIRI({x})",
            "BlankNode": f"!isBlank({x})",
            "Literal": f"!isLiteral({x})",
            "BlankNodeOrIRI": f"isLiteral({x})",
            "BlankNodeOrLiteral": f"isIRI({x})",
            "IRIOrLiteral": f"isBlank({x})",
        }
        kind = str(value).rsplit("#", 1)[-1]
        if kind not in kinds:
            raise UnsupportedShapesError(f"unknown sh:nodeKind {value}")
        return kinds[kind]


FAMILIES: tuple[Family, ...] = (ClassConstraint(), DatatypeConstraint(), NodeKindConstraint())
