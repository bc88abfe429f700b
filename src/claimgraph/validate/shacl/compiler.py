"""SHACL shapes compiled to SPARQL queries over the whole corpus, one per constraint.

Each :class:`Check` is one SELECT that returns a row per validation result: ``?this`` (the
focus node) and, where the result has one, ``?value``. The focus nodes of a shape are a
``SELECT DISTINCT ?this`` sub-query (instances of the target classes and their
subclasses, subjects or objects of the target properties, the target nodes), so each
focus node is checked once, as in pySHACL. Nested shapes (``sh:or``, ``sh:node`` ...)
become boolean expressions ("this value violates that shape") inside the query.

Constraints whose outcome hangs on rdflib's or Python's reading of a value (datatype
well-formedness, ``sh:pattern``, ``sh:in`` with literals, ranges) are decided in
:mod:`.values` for each distinct value the constraint can meet; the query gets the list of
values that fail.

What each constraint means in SPARQL is stated once, in its family's module under
:mod:`.constraints` (value type, cardinality, value range, string, property pair, logical,
shape-based, other); the compiler walks the shapes and builds the queries around them.

A marker (:data:`FOCUS_MARK`) stands where a ``VALUES ?this {...}`` can restrict a check to
some focus nodes, for incremental validation.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import RDF, RDFS, SH, BNode, URIRef
from rdflib.term import Node

from claimgraph.query.rewrite import optimize_for_oxigraph
from claimgraph.rdf.terms import parse_terms, to_rdflib
from claimgraph.validate.shacl import paths
from claimgraph.validate.shacl.constraints import Context, family, one_of, term
from claimgraph.validate.shacl.errors import UnsupportedShapesError
from claimgraph.validate.shacl.shapes import (
    Constraint,
    Shape,
    ShapesGraph,
    SparqlConstraint,
)
from claimgraph.validate.shacl.sparql_constraints import (
    RewrittenQuery,
    query_patterns,
    render,
    rewrite,
)

Pattern = tuple[str, paths.Tree, str]
"""A triple pattern of a check: subject and object as ``?var`` or N-Triples terms."""

FOCUS_MARK = "VALUES ?__all { true }"
"""A no-op in the focus sub-query, replaced by ``VALUES ?this { ... }`` to restrict a check."""

_TYPE = f"<{RDF.type}>"
_SUBCLASS = str(RDFS.subClassOf)
_WARNING_OR_INFO = (SH.Warning, SH.Info)


@dataclass
class Check:
    """One SELECT giving the results of one constraint of one shape."""

    key: str
    """Stable name of the check (shape, component, how it was reached)."""
    shape: Shape
    component: URIRef
    query: str
    value: str
    """Where a result's sh:value comes from: ``var`` (?value), ``focus`` or ``none``."""
    sparql: SparqlConstraint | None = None
    rewritten: RewrittenQuery | None = None
    messages: tuple[str, ...] = ()
    patterns: tuple[Pattern, ...] = ()
    """Every triple pattern the query reads (for incremental validation)."""
    value_sets: dict[str, frozenset[str]] = field(default_factory=dict)
    """Variables a VALUES clause restricts, and the terms it allows."""

    def restricted(self, focus: Iterable[ox.NamedNode | ox.BlankNode | ox.Literal] | None) -> str:
        """The query for all focus nodes (None) or for the given ones only."""
        if focus is None:
            return self.query
        nodes = list(focus)
        if any(isinstance(t, ox.BlankNode) for t in nodes):
            # Blank nodes cannot be written in VALUES: check every focus node.
            return self.query
        terms = " ".join(str(t) for t in nodes)
        return self.query.replace(FOCUS_MARK, f"VALUES ?this {{ {terms} }}", 1)


@dataclass(frozen=True)
class FocusBlock:
    """A group binding ``?this`` to each focus node of a shape once, and what it reads."""

    text: str
    patterns: tuple[Pattern, ...]
    value_sets: dict[str, frozenset[str]]


@dataclass
class Candidates:
    """Where the values a Python-decided constraint can meet are looked up.

    The default asks the store for every distinct value of the pattern; incremental
    validation passes the previous lists of failing values and the values just added.
    """

    store: ox.Store
    known_bad: dict[str, set[str]] | None = None
    added: set[str] | None = None
    bad: dict[str, set[str]] = field(default_factory=dict)

    def values(self, key: str, pattern: str, var: str) -> list[Node]:
        if self.known_bad is not None and self.added is not None:
            texts = set(self.known_bad.get(key, ())) | self.added
            return [to_rdflib(t) for t in parse_terms(sorted(texts))]
        query = f"SELECT DISTINCT {var} WHERE {{ {pattern} }}"
        return [
            to_rdflib(row[0])
            for row in self.store.query(query, use_default_graph_as_union=True)  # type: ignore[union-attr]
            if row[0] is not None
        ]


class Compiler:
    """Turns a shapes graph into checks, for one store (class hierarchy, value lists)."""

    def __init__(
        self,
        shapes: ShapesGraph,
        candidates: Candidates,
        subclasses: dict[str, list[str]] | None = None,
    ) -> None:
        self.shapes = shapes
        self.store = candidates.store
        self.candidates = candidates
        self._fresh = itertools.count()
        self._subclasses: dict[str, list[str]] = dict(subclasses or {})
        self.predicates: set[str] | None = {str(RDF.type), _SUBCLASS}
        """IRIs the checks read (None: any)."""
        self.classes: set[str] = set()
        """Classes whose instances the checks look at."""
        self.recorded: list[Pattern] = []
        self.value_sets: dict[str, frozenset[str]] = {}

    def tp(self, subject: str, tree: paths.Tree, obj: str) -> str:
        """A triple pattern, written and recorded."""
        self.recorded.append((subject, tree, obj))
        return f"{subject} {paths.text(tree)} {obj}"

    def values_clause(self, var: str, terms: list[str]) -> str:
        """A VALUES clause, written and recorded."""
        self.value_sets[var] = frozenset(terms)
        return f"VALUES {var} {{ {' '.join(terms)} }}"

    def start_recording(self) -> None:
        self.recorded = []
        self.value_sets = {}

    @property
    def subclass_cache(self) -> dict[str, list[str]]:
        """The class hierarchy looked up so far (class -> itself and its subclasses)."""
        return self._subclasses

    def fresh(self, stem: str = "v") -> str:
        return f"?_{stem}{next(self._fresh)}"

    def reads(self, iris: Iterable[str] | None) -> None:
        """Note IRIs the checks read (None: any predicate)."""
        if iris is None:
            self.predicates = None
        elif self.predicates is not None:
            self.predicates.update(iris)

    # -- classes -----------------------------------------------------------------------------

    def subclasses(self, cls: Node) -> list[str]:
        """``cls`` and its subclasses in the data (ontology included), as SPARQL terms."""
        key = term(cls)
        if key in self._subclasses:
            self.classes.update(self._subclasses[key])
        else:
            rows = self.store.query(
                f"SELECT DISTINCT ?c WHERE {{ ?c <{_SUBCLASS}>* {key} }}",
                use_default_graph_as_union=True,
            )
            found = {str(row[0]) for row in rows if not isinstance(row[0], ox.BlankNode)}  # type: ignore[union-attr]
            found.add(key)
            self._subclasses[key] = sorted(found)
            self.classes.update(found)
        return self._subclasses[key]

    def focus_block(self, shape: Shape) -> FocusBlock:
        """A group binding ``?this`` to each focus node of ``shape`` once."""
        self.start_recording()
        parts = []
        rdf_type = paths.iri(str(RDF.type))
        for cls in shape.target_classes:
            var = self.fresh("c")
            parts.append(
                f"{{ {self.tp('?this', rdf_type, var)} . "
                f"{self.values_clause(var, self.subclasses(cls))} }}"
            )
        for node in shape.target_nodes:
            parts.append(f"{{ VALUES ?this {{ {term(node)} }} }}")
        for predicate in shape.target_subjects_of:
            parts.append(f"{{ {self.tp('?this', paths.iri(str(predicate)), self.fresh('o'))} }}")
            self.reads([str(predicate)])
        for predicate in shape.target_objects_of:
            parts.append(f"{{ {self.tp(self.fresh('s'), paths.iri(str(predicate)), '?this')} }}")
            self.reads([str(predicate)])
        text = f"{{ SELECT DISTINCT ?this WHERE {{ {FOCUS_MARK} {' UNION '.join(parts)} }} }}"
        return FocusBlock(text, tuple(self.recorded), dict(self.value_sets))

    # -- values decided in Python ------------------------------------------------------------

    def failing(
        self,
        constraint: Constraint,
        context: Context,
        keep: str,
        decide: Callable[[Node], bool],
    ) -> list[str]:
        """The values (SPARQL terms) that ``context`` can bind, ``keep`` (a filter on
        ``{x}``) lets through and ``decide`` rejects, for a constraint decided in Python."""
        name = str(constraint.parameter).rsplit("#", 1)[-1]
        values = "|".join(str(v) for v in constraint.values)
        key = f"{name}|{values}|{constraint.flags}|{context.key}"
        var = "?cand"
        pattern = context(var)
        found = self.candidates.values(key, f"{pattern} FILTER({keep.format(x=var)})", var)
        bad = sorted(term(v) for v in found if not isinstance(v, BNode) and not decide(v))
        self.candidates.bad[key] = set(bad)
        return bad

    @staticmethod
    def one_of(x: str, options: list[str]) -> str:
        """A SPARQL expression: ``x`` is one of the terms ``options``."""
        return one_of(x, options)

    # -- constraints on one value --------------------------------------------------------------

    def violates(self, constraint: Constraint, x: str, context: Context) -> str:
        """A SPARQL expression: value ``x`` breaks the value-level ``constraint``.

        ``context(var)`` is a pattern binding ``var`` to every value ``x`` can take (or
        more), for the constraints decided in Python.
        """
        return family(constraint.parameter).on_value(self, constraint, x, context)

    def violates_shape(self, shape: Shape, x: str, context: Context) -> str:
        """A SPARQL expression: node ``x`` does not conform to ``shape``.

        As pySHACL decides conformance with warnings allowed, a shape of severity
        Warning or Info always conforms, and so does a deactivated one.
        """
        if shape.deactivated or shape.severity in _WARNING_OR_INFO:
            return "false"
        if shape.sparql:
            raise UnsupportedShapesError(f"shape {shape.node} nests a SPARQL constraint")
        terms: list[str] = []
        if shape.path is not None:
            tree = shape.path.tree
            self.reads(shape.path.predicates)
            inner = self.path_context(tree)
            for constraint in shape.constraints:
                terms.append(self._violates_on_path(constraint, x, tree, inner))
            for node in shape.properties:
                w = self.fresh("w")
                pattern = self.tp(x, tree, w)
                nested = self.violates_shape(self.shapes.shape(node), w, inner)
                terms.append(f"EXISTS {{ {pattern} . FILTER({nested}) }}")
        else:
            for constraint in shape.constraints:
                terms.append(self._violates_on_node(shape, constraint, x, context))
            for node in shape.properties:
                terms.append(self.violates_shape(self.shapes.shape(node), x, context))
        terms = [t for t in terms if t != "false"]
        return "(" + " || ".join(terms) + ")" if terms else "false"

    def path_context(self, tree: paths.Tree) -> Context:
        """The values of a path from any subject."""
        text = paths.text(tree)
        return Context(f"path {text}", lambda var: f"?_subject {text} {var} .")

    def _violates_on_node(
        self, shape: Shape, constraint: Constraint, x: str, context: Context
    ) -> str:
        """A SPARQL expression: the focus ``x`` of node shape ``shape`` breaks ``constraint``."""
        found = family(constraint.parameter).on_node(self, constraint, x, context)
        if found is None:
            raise UnsupportedShapesError(f"{constraint.parameter} on node shape {shape.node}")
        return found

    def _violates_on_path(
        self, constraint: Constraint, x: str, tree: paths.Tree, inner: Context
    ) -> str:
        """A SPARQL expression: focus ``x`` breaks ``constraint`` of a nested property shape."""
        kind = family(constraint.parameter)
        w = self.fresh("w")
        if kind.value_level:
            pattern = self.tp(x, tree, w)
            return f"EXISTS {{ {pattern} . FILTER({self.violates(constraint, w, inner)}) }}"
        found = kind.on_path(self, constraint, x, tree, w)
        if found is None:
            value = constraint.values[0]
            raise UnsupportedShapesError(
                f"{constraint.parameter} {value} inside a logical constraint"
            )
        return found

    # -- whole checks ----------------------------------------------------------------------------

    def compile(self) -> list[Check]:
        """Every check of every shape that picks focus nodes."""
        found: list[Check] = []
        for shape in self.shapes.top_level():
            block = self.focus_block(shape)
            found.extend(self.shape_checks(shape, block, via=""))
        return found

    def shape_checks(self, shape: Shape, block: FocusBlock, via: str) -> list[Check]:
        """The checks of ``shape`` on the focus nodes ``block`` binds to ?this."""
        if shape.deactivated:
            return []
        found: list[Check] = []
        messages = tuple(sorted(str(m) for m in shape.messages))
        key = f"{shape.node.n3()}{via}"
        focus = block.text

        def check(component: URIRef, query: str, value: str, n: int) -> None:
            if not messages:
                raise UnsupportedShapesError(
                    f"shape {shape.node} has no sh:message (pySHACL's own messages are not "
                    "reproduced)"
                )
            found.append(
                Check(
                    f"{key}|{component}|{n}",
                    shape,
                    component,
                    query,
                    value,
                    messages=messages,
                    patterns=block.patterns + tuple(self.recorded),
                    value_sets={**block.value_sets, **self.value_sets},
                )
            )

        if shape.path is not None:
            tree = shape.path.tree
            self.reads(shape.path.predicates)
            context = self.path_context(tree)
            for n, constraint in enumerate(shape.constraints):
                self.start_recording()
                kind = family(constraint.parameter)
                if kind.value_level:
                    expression = self.violates(constraint, "?value", context)
                    if expression == "false":
                        continue
                    query = (
                        f"SELECT DISTINCT ?this ?value WHERE {{ {focus} "
                        f"{self.tp('?this', tree, '?value')} . FILTER({expression}) }}"
                    )
                    check(constraint.component, query, "var", n)
                else:
                    made = kind.path_check(self, constraint, focus, tree)
                    if made is None:
                        continue
                    check(constraint.component, made[0], made[1], n)
            if shape.properties:
                raise UnsupportedShapesError(
                    f"property shape {shape.node} has sh:property (nested property shapes "
                    "give results per focus node and value; left to pySHACL)"
                )
        else:
            node_context = Context(
                f"focus of {shape.node.n3()}", lambda var: focus.replace("?this", var)
            )
            for n, constraint in enumerate(shape.constraints):
                self.start_recording()
                expression = self._violates_on_node(shape, constraint, "?this", node_context)
                if expression == "false":
                    continue
                query = f"SELECT DISTINCT ?this WHERE {{ {focus} FILTER({expression}) }}"
                check(
                    constraint.component,
                    query,
                    family(constraint.parameter).node_result_value,
                    n,
                )
            for node in shape.properties:
                nested = self.shapes.shape(node)
                if nested.path is None:
                    raise UnsupportedShapesError(f"sh:property {node} is not a property shape")
                found.extend(self.shape_checks(nested, block, via=f"{via} via {shape.node.n3()}"))
        for n, sparql in enumerate(shape.sparql):
            rewritten = rewrite(sparql.select, dict(sparql.prefixes))
            self.reads(rewritten.predicates)
            body_patterns, body_values = query_patterns(rewritten.prologue, rewritten.body)
            found.append(
                Check(
                    f"{key}|{SH.SPARQLConstraintComponent}|{n}",
                    shape,
                    SH.SPARQLConstraintComponent,
                    optimize_for_oxigraph(render(rewritten, focus)),
                    "sparql",
                    sparql=sparql,
                    rewritten=rewritten,
                    messages=messages,
                    patterns=block.patterns + body_patterns,
                    value_sets={**block.value_sets, **body_values},
                )
            )
        return found
