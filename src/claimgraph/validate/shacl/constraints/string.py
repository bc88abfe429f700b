"""String-based constraints: ``sh:minLength``, ``sh:maxLength``, ``sh:pattern`` (value-level)
and ``sh:uniqueLang`` (path-level). ``sh:languageIn`` is left to pySHACL."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import Literal

from claimgraph.validate.shacl import paths
from claimgraph.validate.shacl import values as checks
from claimgraph.validate.shacl.constraints.base import (
    Context,
    Family,
    first_value,
    flag,
    one_of,
    require_count,
)
from claimgraph.validate.shacl.errors import UnsupportedShapesError

if TYPE_CHECKING:
    from claimgraph.validate.shacl.compiler import Compiler
    from claimgraph.validate.shacl.shapes import Constraint, Shape


class MinLengthConstraint(Family):
    """``sh:minLength``: the value's string is at least so long (blank nodes never are)."""

    parameter = "minLength"
    component = "MinLengthConstraintComponent"
    single_valued = True
    value_level = True

    def check_values(self, shape: Shape, constraint: Constraint) -> None:
        require_count(shape, constraint, self.parameter)

    def on_value(self, compiler: Compiler, constraint: Constraint, x: str, context: Context) -> str:
        value = first_value(constraint)
        assert isinstance(value, Literal)
        limit = int(value.value)
        return "false" if limit == 0 else f"(isBlank({x}) || STRLEN(STR({x})) < {limit})"


class MaxLengthConstraint(Family):
    """``sh:maxLength``: the value's string is at most so long (blank nodes never are)."""

    parameter = "maxLength"
    component = "MaxLengthConstraintComponent"
    single_valued = True
    value_level = True

    def check_values(self, shape: Shape, constraint: Constraint) -> None:
        require_count(shape, constraint, self.parameter)

    def on_value(self, compiler: Compiler, constraint: Constraint, x: str, context: Context) -> str:
        value = first_value(constraint)
        assert isinstance(value, Literal)
        limit = int(value.value)
        return f"(isBlank({x}) || STRLEN(STR({x})) > {limit})"


class PatternConstraint(Family):
    """``sh:pattern`` with ``sh:flags``: decided in Python with pySHACL's reading of the
    regular expression (:func:`.values.pattern_matches`)."""

    parameter = "pattern"
    component = "PatternConstraintComponent"
    single_valued = True
    takes_flags = True
    value_level = True

    def check_values(self, shape: Shape, constraint: Constraint) -> None:
        if not isinstance(first_value(constraint), Literal):
            raise UnsupportedShapesError(f"shape {shape.node}: sh:pattern is not a literal")

    def on_value(self, compiler: Compiler, constraint: Constraint, x: str, context: Context) -> str:
        value = first_value(constraint)
        assert isinstance(value, Literal)
        matcher = checks.compile_pattern(value, constraint.flags)
        bad = compiler.failing(
            constraint, context, "!isBlank({x})", lambda v: checks.pattern_matches(v, matcher)
        )
        return f"(isBlank({x}) || {one_of(x, bad)})"


class UniqueLangConstraint(Family):
    """``sh:uniqueLang true``: no two values on the path share a language tag. On a node
    shape it has no effect (as in pySHACL)."""

    parameter = "uniqueLang"
    component = "UniqueLangConstraintComponent"
    single_valued = True

    def check_values(self, shape: Shape, constraint: Constraint) -> None:
        value = first_value(constraint)
        if not isinstance(value, Literal) or not isinstance(value.value, bool):
            raise UnsupportedShapesError(f"shape {shape.node}: sh:uniqueLang is not a boolean")

    def on_node(
        self, compiler: Compiler, constraint: Constraint, x: str, context: Context
    ) -> str | None:
        return "false"

    def on_path(
        self, compiler: Compiler, constraint: Constraint, x: str, tree: paths.Tree, w: str
    ) -> str | None:
        if not flag(first_value(constraint)):
            return "false"
        w2 = compiler.fresh("w")
        return (
            f"EXISTS {{ {compiler.tp(x, tree, w)} . {compiler.tp(x, tree, w2)} . "
            f"FILTER(isLiteral({w}) && "
            f'isLiteral({w2}) && lang({w}) != "" && LCASE(lang({w})) = LCASE(lang({w2})) '
            f"&& !sameTerm({w}, {w2})) }}"
        )

    def path_check(
        self, compiler: Compiler, constraint: Constraint, focus: str, tree: paths.Tree
    ) -> tuple[str, str] | None:
        if not flag(first_value(constraint)):
            return None
        return (
            f"SELECT DISTINCT ?this ?_lang WHERE {{ {focus} "
            f"{compiler.tp('?this', tree, '?_a')} . {compiler.tp('?this', tree, '?_b')} . "
            f"FILTER(isLiteral(?_a) && isLiteral(?_b) && "
            f'lang(?_a) != "" && LCASE(lang(?_a)) = LCASE(lang(?_b)) && '
            f"!sameTerm(?_a, ?_b)) BIND(LCASE(lang(?_a)) AS ?_lang) }}",
            "none",
        )


FAMILIES: tuple[Family, ...] = (
    MinLengthConstraint(),
    MaxLengthConstraint(),
    PatternConstraint(),
    UniqueLangConstraint(),
)
