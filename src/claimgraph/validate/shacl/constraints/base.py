"""What every constraint family states once: how a constraint parameter is read from the
shapes graph, which of its values the fast engine accepts, and how it becomes SPARQL.

A constraint is either *value-level* (it judges each value node on its own: ``sh:class``,
``sh:pattern``, ``sh:node`` ...) or *path-level* (it judges a focus node's set of values on a
path: ``sh:minCount``, ``sh:disjoint`` ...). A value-level constraint states one thing, the
SPARQL expression "value ``x`` violates it" (:meth:`Family.on_value`); the compiler builds
every query around it (a property shape's check, a node shape's check, a nested shape).
A path-level constraint states the expression "focus ``x`` violates it along the path"
(:meth:`Family.on_path`, used inside nested shapes) and the query of a top-level property
shape (:meth:`Family.path_check`), which is a faster form of the same test (a ``GROUP BY``
instead of a nested count) and therefore written next to it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from claimgraph.rdf.terms import to_oxigraph
from claimgraph.validate.shacl import paths
from claimgraph.validate.shacl.errors import UnsupportedShapesError

if TYPE_CHECKING:
    from claimgraph.validate.shacl.compiler import Compiler
    from claimgraph.validate.shacl.shapes import Constraint, Shape


@dataclass(frozen=True)
class Context:
    """Where a value being checked comes from: a pattern binding a variable to every value
    it can take (or more), named by a stable key."""

    key: str
    pattern: Callable[[str], str]

    def __call__(self, var: str) -> str:
        return self.pattern(var)


def term(node: Node) -> str:
    """An rdflib term as a SPARQL constant."""
    if isinstance(node, BNode):
        raise UnsupportedShapesError(f"a blank node ({node}) where a constant is needed")
    return str(to_oxigraph(node))


def one_of(x: str, options: list[str]) -> str:
    """A SPARQL expression: ``x`` is one of the terms ``options``."""
    if not options:
        return "false"
    return "(" + " || ".join(f"sameTerm({x}, {o})" for o in options) + ")"


def first_value(constraint: Constraint) -> Node | None:
    """The constraint's (first) parameter value."""
    return constraint.values[0] if constraint.values else None


class Family:
    """One constraint parameter: how it is read, checked and compiled.

    Subclasses set the class attributes and override the methods their kind of
    constraint needs (value-level: :meth:`on_value`; path-level: :meth:`on_path` and
    :meth:`path_check`).
    """

    parameter: str = ""
    """The parameter's local name in ``sh:`` (``class``, ``minCount`` ...)."""
    component: str = ""
    """The local name of its constraint component."""
    single_valued: bool = False
    """A shape may give the parameter only one value (more: left to pySHACL)."""
    list_taking: bool = False
    """The value is an RDF list; each list is one constraint of its members."""
    each_value: bool = False
    """Each value is a constraint of its own, with results of its own."""
    takes_flags: bool = False
    """The constraint also reads the shape's ``sh:flags``."""
    value_level: bool = False
    """The constraint judges each value node on its own."""
    node_result_value: str = "focus"
    """Where a node shape's result takes its sh:value (``focus`` or ``none``)."""

    def check_values(self, shape: Shape, constraint: Constraint) -> None:
        """Raise :class:`UnsupportedShapesError` for values the engine does not run."""

    # -- value-level -------------------------------------------------------------------------

    def on_value(self, compiler: Compiler, constraint: Constraint, x: str, context: Context) -> str:
        """A SPARQL expression: value ``x`` breaks the constraint.

        ``context(var)`` binds ``var`` to every value ``x`` can take (or more), for the
        constraints decided in Python (:meth:`Compiler.failing`).
        """
        raise UnsupportedShapesError(f"sh:{self.parameter} is not run on single values")

    def on_node(
        self, compiler: Compiler, constraint: Constraint, x: str, context: Context
    ) -> str | None:
        """On a node shape: focus ``x`` breaks the constraint (None: not run there)."""
        if self.value_level:
            return self.on_value(compiler, constraint, x, context)
        return None

    # -- path-level --------------------------------------------------------------------------

    def on_path(
        self, compiler: Compiler, constraint: Constraint, x: str, tree: paths.Tree, w: str
    ) -> str | None:
        """Inside a nested shape: focus ``x`` breaks the constraint along ``tree``; ``w`` is a
        fresh variable for its values (None: not run inside a nested shape)."""
        return None

    def path_check(
        self, compiler: Compiler, constraint: Constraint, focus: str, tree: paths.Tree
    ) -> tuple[str, str] | None:
        """A property shape's query and where its results' sh:value comes from (``var``,
        ``none``), ``focus`` being the group binding ?this (None: no results possible)."""
        return None


def count(value: Node | None) -> int:
    """A count parameter's value (checked to be a non-negative integer when read)."""
    assert isinstance(value, Literal)
    return int(value.value)


def flag(value: Node | None) -> bool:
    """A boolean parameter's value."""
    assert isinstance(value, Literal)
    return bool(value.value)


def require_iri(shape: Shape, constraint: Constraint, name: str) -> None:
    """Raise unless the constraint's value is an IRI."""
    if not isinstance(first_value(constraint), URIRef):
        raise UnsupportedShapesError(f"shape {shape.node}: sh:{name} is not an IRI")


def require_count(shape: Shape, constraint: Constraint, name: str) -> None:
    """Raise unless the constraint's value is a non-negative integer."""
    value = first_value(constraint)
    if not isinstance(value, Literal) or not isinstance(value.value, int) or value.value < 0:
        raise UnsupportedShapesError(f"shape {shape.node}: sh:{name} is not a count")
