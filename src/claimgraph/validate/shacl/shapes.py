"""Reading a shapes graph into the subset of SHACL the fast engine runs.

What is read is what pySHACL reads, the way pySHACL reads it: the same shapes (declared,
implied by targets or ``sh:property``, or used as values of shape-expecting parameters),
the same messages and severities. Anything outside the subset raises
:class:`UnsupportedShapesError` with the reason, and validation hands over to pySHACL: a
feature is never skipped silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import RDF, SH, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from claimgraph.validate.shacl import paths
from claimgraph.validate.shacl.constraints import REGISTRY, family
from claimgraph.validate.shacl.errors import UnsupportedShapesError as UnsupportedShapesError

SH_NS = str(SH)
RDFS_SUBCLASSOF = "http://www.w3.org/2000/01/rdf-schema#subClassOf"


def _names(text: str) -> list[str]:
    return text.split()


# Parameters the fast engine runs: the constraints of the registry (one module per family
# in .constraints), and the nesting of shapes and SPARQL constraints.
_SUPPORTED = frozenset(SH[name] for name in REGISTRY) | {SH.sparql, SH.property}
# Other sh: predicates a shape may carry that change nothing the engine must do.
_HARMLESS = frozenset(
    SH[name]
    for name in _names(
        "message severity deactivated name description order group defaultValue path "
        "flags targetClass targetNode targetSubjectsOf targetObjectsOf"
    )
)
# Anywhere in the shapes graph, these need SHACL-AF or SHACL-JS machinery.
_ADVANCED_TYPES = frozenset(
    SH[name]
    for name in _names(
        "ConstraintComponent SPARQLFunction SPARQLTarget SPARQLTargetType JSTarget "
        "JSTargetType JSConstraint JSFunction SPARQLRule TripleRule JSRule"
    )
)
_ADVANCED_PREDICATES = frozenset(
    SH[name] for name in _names("rule target condition parameter validator select ask")
)


@dataclass(frozen=True)
class Path:
    """A property path: its node in the shapes graph and its tree (:mod:`.paths`)."""

    node: Node
    """The sh:path value, as the shapes graph has it (reported as sh:resultPath)."""
    tree: paths.Tree

    def sparql(self) -> str:
        """The path in SPARQL syntax."""
        return paths.text(self.tree)

    @property
    def predicates(self) -> set[str]:
        """The predicates the path walks."""
        return paths.predicates(self.tree) or set()


@dataclass(frozen=True)
class Constraint:
    """One constraint of a shape: its component and its parameter values."""

    component: URIRef
    """The SHACL constraint component (sh:ClassConstraintComponent ...)."""
    parameter: URIRef
    values: tuple[Node, ...]
    """The parameter's values (the members, for list-taking parameters of one list)."""
    flags: str = ""


@dataclass(frozen=True)
class SparqlConstraint:
    """One ``sh:sparql`` constraint of a shape."""

    node: Node
    select: str
    messages: tuple[Literal, ...]
    prefixes: tuple[tuple[str, str], ...]


@dataclass
class Shape:
    """A shape and what the engine needs of it."""

    node: Node
    path: Path | None
    severity: Node
    messages: tuple[Literal, ...]
    deactivated: bool
    target_classes: tuple[Node, ...] = ()
    target_nodes: tuple[Node, ...] = ()
    target_subjects_of: tuple[Node, ...] = ()
    target_objects_of: tuple[Node, ...] = ()
    constraints: list[Constraint] = field(default_factory=list)
    properties: list[Node] = field(default_factory=list)
    sparql: list[SparqlConstraint] = field(default_factory=list)

    @property
    def is_property_shape(self) -> bool:
        """Whether the shape has a path (pySHACL's test)."""
        return self.path is not None

    @property
    def has_targets(self) -> bool:
        """Whether the shape picks focus nodes of its own."""
        return bool(
            self.target_classes
            or self.target_nodes
            or self.target_subjects_of
            or self.target_objects_of
        )

    @property
    def severity_name(self) -> str:
        """``Violation``, ``Warning`` or ``Info`` (the local name of the severity)."""
        return str(self.severity).rsplit("#", 1)[-1]


def declared_prefixes(g: Graph, node: Node) -> dict[str, str]:
    """The prefixes pySHACL declares for the SPARQL constraint ``node`` (its collect_prefixes).

    Raises :class:`UnsupportedShapesError` for an ``sh:declare`` without exactly one prefix
    and one namespace.
    """
    prefixes = {
        "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
        "owl": "http://www.w3.org/2002/07/owl#",
    }
    values = set(g.objects(node, SH.prefixes))
    if not values:
        return prefixes
    ontologies = set(g.subjects(RDF.type, URIRef("http://www.w3.org/2002/07/owl#Ontology")))
    ontology_declares: set[Node] = set()
    for ontology in ontologies:
        ontology_declares |= set(g.objects(ontology, SH.declare))
    graph_declares = set(g.objects(g.identifier, SH.declare)) if g.identifier else set()
    for value in values:
        own = set(g.objects(value, SH.declare))
        declares = (
            own | graph_declares
            if own and value in ontologies
            else graph_declares | ontology_declares | own
        )
        for declare in declares:
            prefix = list(g.objects(declare, SH.prefix))
            namespace = list(g.objects(declare, SH.namespace))
            if len(prefix) != 1 or len(namespace) != 1:
                raise UnsupportedShapesError(f"an sh:declare of {node} is not well formed")
            prefixes[str(prefix[0])] = str(namespace[0])
    return prefixes


class ShapesGraph:
    """The shapes of a shapes graph, read once."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._check_advanced()
        self.shapes: dict[Node, Shape] = {}
        for node in self._harvest():
            self.shapes[node] = self._read_shape(node)

    def _check_advanced(self) -> None:
        g = self.graph
        for kind in _ADVANCED_TYPES:
            if next(g.subjects(RDF.type, kind), None) is not None:
                raise UnsupportedShapesError(f"the shapes use {kind.n3(g.namespace_manager)}")
        for predicate in _ADVANCED_PREDICATES - {SH.select}:
            if next(g.subject_objects(predicate), None) is not None:
                raise UnsupportedShapesError(f"the shapes use {predicate.n3(g.namespace_manager)}")

    def _harvest(self) -> list[Node]:
        """The shapes, found as pySHACL finds them."""
        g = self.graph
        found: set[Node] = set(g.subjects(RDF.type, SH.NodeShape))
        found |= set(g.subjects(RDF.type, SH.PropertyShape))
        for predicate in (
            SH.targetClass,
            SH.targetNode,
            SH.targetObjectsOf,
            SH.targetSubjectsOf,
            SH.property,
            SH.node,
        ):
            found |= {s for s, _ in g.subject_objects(predicate)}
        for predicate in (SH.property, SH.node, SH["not"], SH.qualifiedValueShape):
            found |= {o for _, o in g.subject_objects(predicate)}
        for predicate in (SH["and"], SH["or"], SH.xone):
            for _, members in g.subject_objects(predicate):
                found |= set(g.items(members))
        return sorted(found, key=lambda n: (isinstance(n, BNode), str(n)))

    def _read_shape(self, node: Node) -> Shape:
        g = self.graph
        paths = list(g.objects(node, SH.path))
        if len(paths) > 1:
            raise UnsupportedShapesError(f"shape {node} has more than one sh:path")
        path = self._read_path(paths[0]) if paths else None
        severities = list(g.objects(node, SH.severity))
        deactivated = list(g.objects(node, SH.deactivated))
        if len(deactivated) > 1 or (deactivated and not isinstance(deactivated[0], Literal)):
            raise UnsupportedShapesError(f"shape {node} has an unusual sh:deactivated")
        messages = tuple(sorted((m for m in g.objects(node, SH.message)), key=str))
        if not all(isinstance(m, Literal) for m in messages):
            raise UnsupportedShapesError(f"shape {node} has an sh:message that is not a literal")
        shape = Shape(
            node=node,
            path=path,
            severity=severities[0] if severities else SH.Violation,
            messages=messages,  # type: ignore[arg-type]
            deactivated=bool(deactivated[0].value) if deactivated else False,  # type: ignore[attr-defined]
            target_classes=tuple(g.objects(node, SH.targetClass)),
            target_nodes=tuple(g.objects(node, SH.targetNode)),
            target_subjects_of=tuple(g.objects(node, SH.targetSubjectsOf)),
            target_objects_of=tuple(g.objects(node, SH.targetObjectsOf)),
        )
        if len(severities) > 1:
            raise UnsupportedShapesError(f"shape {node} has more than one sh:severity")
        # A shape that is itself a class targets its instances implicitly (pySHACL's
        # implicit class targets); not run here.
        rdfs_class = URIRef("http://www.w3.org/2000/01/rdf-schema#Class")
        class_types = set(g.subjects(URIRef(str(RDFS_SUBCLASSOF)), rdfs_class)) | {rdfs_class}
        if class_types & set(g.objects(node, RDF.type)):
            raise UnsupportedShapesError(f"shape {node} is also a class (implicit class target)")
        for predicate in {URIRef(str(p)) for p in g.predicates(node, None)}:
            if not str(predicate).startswith(SH_NS):
                continue
            if predicate in _HARMLESS or predicate == SH.flags:
                continue
            if predicate not in _SUPPORTED:
                raise UnsupportedShapesError(
                    f"shape {node} uses {predicate.n3(g.namespace_manager)}, which the fast "
                    "engine does not run"
                )
            values = list(g.objects(node, predicate))
            if predicate == SH.property:
                shape.properties.extend(sorted(values, key=str))
                continue
            if predicate == SH.sparql:
                shape.sparql.extend(self._read_sparql(node, v) for v in sorted(values, key=str))
                continue
            kind = family(str(predicate))
            if kind.single_valued and len(values) > 1:
                raise UnsupportedShapesError(f"shape {node} has more than one {predicate}")
            component = URIRef(SH_NS + kind.component)
            if kind.list_taking:
                for members in sorted(values, key=str):
                    shape.constraints.append(
                        Constraint(component, predicate, tuple(g.items(members)))
                    )
            elif kind.takes_flags:
                flags = [str(f) for f in g.objects(node, SH.flags)]
                if len(flags) > 1:
                    raise UnsupportedShapesError(f"shape {node} has more than one sh:flags")
                shape.constraints.append(
                    Constraint(component, predicate, tuple(values), flags[0] if flags else "")
                )
            elif kind.each_value:
                # Each value is checked on its own, and gives results of its own.
                for value in sorted(values, key=str):
                    shape.constraints.append(Constraint(component, predicate, (value,)))
            else:
                shape.constraints.append(Constraint(component, predicate, tuple(values)))
        shape.constraints.sort(key=lambda c: (str(c.component), [str(v) for v in c.values]))
        self._check_constraint_values(shape)
        return shape

    @staticmethod
    def _check_constraint_values(shape: Shape) -> None:
        for constraint in shape.constraints:
            family(str(constraint.parameter)).check_values(shape, constraint)

    def _read_path(self, node: Node) -> Path:
        return Path(node, self._path_tree(node))

    def _path_tree(self, node: Node, depth: int = 0) -> paths.Tree:
        """A SHACL path as a tree, for the forms where SPARQL and pySHACL agree.

        Predicates, inverse predicates, sequences, alternatives and repetitions of those;
        pySHACL reads the inverse of a sequence in its own way, so that is left to it.
        """
        g = self.graph
        if depth > 10:
            raise UnsupportedShapesError(f"the path {node} is nested too deeply")
        if isinstance(node, URIRef):
            return paths.iri(str(node))
        if not isinstance(node, BNode):
            raise UnsupportedShapesError(f"the path {node} is not a path")
        if (node, RDF.first, None) in g:
            items = list(g.items(node))
            if len(items) < 2:
                raise UnsupportedShapesError(f"the sequence path {node} has fewer than two steps")
            return ("seq", tuple(self._path_tree(item, depth + 1) for item in items))
        predicates = set(g.predicates(node, None))
        values = list(g.objects(node, next(iter(predicates)))) if len(predicates) == 1 else []
        if len(values) != 1:
            raise UnsupportedShapesError(f"the path {node} is not well formed")
        (kind,), (value,) = predicates, values
        if kind == SH.inversePath:
            if not isinstance(value, URIRef):
                raise UnsupportedShapesError(
                    f"the path {node} is the inverse of a complex path (pySHACL reads those "
                    "its own way)"
                )
            return ("inv", paths.iri(str(value)))
        if kind == SH.alternativePath:
            members = list(g.items(value))
            if len(members) < 2:
                raise UnsupportedShapesError(f"the alternative path {node} has fewer than two")
            return ("alt", tuple(self._path_tree(m, depth + 1) for m in members))
        repeat = {SH.zeroOrMorePath: "*", SH.oneOrMorePath: "+", SH.zeroOrOnePath: "?"}
        if kind in repeat:
            return ("mul", self._path_tree(value, depth + 1), repeat[URIRef(str(kind))])
        raise UnsupportedShapesError(f"the path {node} uses {kind}")

    def _read_sparql(self, shape: Node, node: Node) -> SparqlConstraint:
        g = self.graph
        selects = list(g.objects(node, SH.select))
        if len(selects) != 1 or not isinstance(selects[0], Literal):
            raise UnsupportedShapesError(f"the SPARQL constraint of {shape} needs one sh:select")
        extra = set(g.predicates(node, None)) - {
            RDF.type,
            SH.select,
            SH.message,
            SH.prefixes,
            SH.deactivated,
        }
        if extra:
            raise UnsupportedShapesError(
                f"the SPARQL constraint of {shape} uses {sorted(str(e) for e in extra)}"
            )
        if list(g.objects(node, SH.deactivated)):
            raise UnsupportedShapesError(f"the SPARQL constraint of {shape} is deactivated")
        messages = list(g.objects(node, SH.message))
        if not all(isinstance(m, Literal) and isinstance(m.value, str) for m in messages):
            raise UnsupportedShapesError(f"the SPARQL constraint of {shape} has an odd sh:message")
        return SparqlConstraint(
            node=node,
            select=str(selects[0]),
            messages=tuple(sorted(messages, key=str)),  # type: ignore[arg-type]
            prefixes=tuple(sorted(self._prefixes(node).items())),
        )

    def _prefixes(self, node: Node) -> dict[str, str]:
        return declared_prefixes(self.graph, node)

    def shape(self, node: Node) -> Shape:
        """The shape at ``node``."""
        try:
            return self.shapes[node]
        except KeyError:
            raise UnsupportedShapesError(f"{node} is used as a shape but is not one") from None

    def top_level(self) -> list[Shape]:
        """The shapes that pick focus nodes of their own, in a stable order."""
        return [s for s in self.shapes.values() if s.has_targets and not s.deactivated]
