"""The ontology as the tools read it: files, ontologies, terms, and where each was stated.

``ontology check``, ``ontology docs`` and ``ontology diff`` all need more than the merged
graph the loader builds: which file declared a term, which extension a file belongs to,
on which line a term is written. This module reads each file on its own (with the
loader's safe parsers) and indexes what the tools look at.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import (
    DC,
    DCTERMS,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SH,
    SKOS,
    VANN,
    XSD,
    DefinedNamespace,
)
from rdflib.term import Node

from claimgraph.corpus.files import Corpus, Extension, display_path
from claimgraph.corpus.parsing import read_quads
from claimgraph.rdf.namespace import CG, ONTOLOGY_IRI, PREFIXES
from claimgraph.rdf.terms import to_rdflib

CORE_NAMESPACE = str(CG._NS)
"""The namespace of the core's terms (``cg:``)."""

STANDARD_VOCABULARIES: tuple[type[DefinedNamespace], ...] = (
    RDF,
    RDFS,
    OWL,
    XSD,
    SH,
    SKOS,
    DCTERMS,
    DC,
    VANN,
    PROV,
    ORG,
    SDO,
)
"""Vocabularies whose terms count as declared without an ontology file declaring them.

rdflib holds each as a closed list of terms, so a misspelt standard term (``rdfs:lable``)
is still reported as undeclared.
"""

CLASS_KINDS = frozenset({OWL.Class, RDFS.Class, RDFS.Datatype})
PROPERTY_KINDS = frozenset(
    {
        OWL.ObjectProperty,
        OWL.DatatypeProperty,
        OWL.AnnotationProperty,
        RDF.Property,
        OWL.FunctionalProperty,
        OWL.InverseFunctionalProperty,
        OWL.SymmetricProperty,
        OWL.AsymmetricProperty,
        OWL.TransitiveProperty,
        OWL.ReflexiveProperty,
        OWL.IrreflexiveProperty,
    }
)
INDIVIDUAL_KINDS = frozenset({OWL.NamedIndividual})
TERM_KINDS = CLASS_KINDS | PROPERTY_KINDS | INDIVIDUAL_KINDS


class Role(StrEnum):
    """What a file is to the tools."""

    CORE = "core"
    EXTENSION = "extension"
    SHAPES = "shapes"
    DATA = "data"
    EXAMPLE = "example"


class Kind(StrEnum):
    """The kind of a term, as documentation groups terms."""

    CLASS = "class"
    PROPERTY = "property"
    INDIVIDUAL = "individual"


_PREFIX_LINE = re.compile(
    r"^\s*(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE | re.MULTILINE
)


@dataclass
class SourceFile:
    """One file read on its own: its triples (graphs merged), its text, its prefixes."""

    path: Path
    role: Role
    group: str
    """``core``, or the name of the extension the file belongs to."""
    graph: Graph
    text: str

    @property
    def shown(self) -> str:
        """The path as the user should read it."""
        return display_path(self.path)

    @cached_property
    def prefixes(self) -> dict[str, str]:
        """Prefix -> namespace, as the file's ``@prefix``/``PREFIX`` lines declare them."""
        return {m.group(1) or "": m.group(2) for m in _PREFIX_LINE.finditer(self.text)}

    @cached_property
    def _lines(self) -> list[str]:
        return self.text.splitlines()

    def line_of(self, term: Node | None) -> int | None:
        """The first line (1-based) on which ``term`` is written, outside comments."""
        if not isinstance(term, URIRef):
            return None
        iri = str(term)
        spellings = [re.escape(f"<{iri}>")]
        for prefix, namespace in self.prefixes.items():
            if namespace and iri.startswith(namespace):
                local = iri[len(namespace) :]
                spellings.append(rf"(?<![\w:.-]){re.escape(f'{prefix}:{local}')}(?![\w-])")
        pattern = re.compile("|".join(spellings))
        for number, line in enumerate(self._lines, start=1):
            if line.lstrip().startswith("#"):
                continue
            if pattern.search(line):
                return number
        return None


def read_source(path: Path, role: Role, group: str, index: int) -> SourceFile:
    """Parse one file (every syntax the loader reads) into a :class:`SourceFile`."""
    graph = Graph()
    for quad in read_quads(path, blank_label=f"t{index}"):
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    return SourceFile(path=path, role=role, group=group, graph=graph, text=text)


def is_standard(term: Node) -> bool:
    """Whether ``term`` is a term of one of the :data:`STANDARD_VOCABULARIES`."""
    if not isinstance(term, URIRef):
        return False
    iri = str(term)
    for vocabulary in STANDARD_VOCABULARIES:
        namespace = str(vocabulary._NS)
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return term in vocabulary
    return False


def in_standard_namespace(term: Node) -> bool:
    """Whether ``term`` lies in the namespace of a standard vocabulary (known or not)."""
    iri = str(term)
    return isinstance(term, URIRef) and any(
        iri.startswith(str(v._NS)) for v in STANDARD_VOCABULARIES
    )


def is_true(value: Node | None) -> bool:
    """Whether a literal says true (``true``, ``"true"^^xsd:boolean``, ``1``)."""
    return isinstance(value, Literal) and str(value).strip().lower() in ("true", "1")


def english(graph: Graph, subject: Node, predicate: URIRef) -> list[str]:
    """The values of ``predicate`` in English or without a language, sorted."""
    return sorted(
        str(o)
        for o in graph.objects(subject, predicate)
        if isinstance(o, Literal) and (o.language is None or o.language.startswith("en"))
    )


def class_members(graph: Graph, node: Node) -> list[Node]:
    """The named classes a class expression stands for: itself, or its union's members."""
    if isinstance(node, URIRef):
        return [node]
    members: list[Node] = []
    for keyword in (OWL.unionOf, OWL.intersectionOf):
        for head in graph.objects(node, keyword):
            for item in Collection(graph, head):
                members.extend(class_members(graph, item))
    return members


def path_properties(graph: Graph, path: Node) -> list[Node]:
    """The properties a SHACL property path names (sequence, alternative, inverse ...)."""
    if isinstance(path, URIRef):
        return [path]
    if not isinstance(path, BNode):
        return []
    found: list[Node] = []
    if graph.value(path, RDF.first) is not None:
        for item in Collection(graph, path):
            found.extend(path_properties(graph, item))
        return found
    for keyword in (
        SH.alternativePath,
        SH.inversePath,
        SH.zeroOrMorePath,
        SH.oneOrMorePath,
        SH.zeroOrOnePath,
    ):
        for inner in graph.objects(path, keyword):
            found.extend(path_properties(graph, inner))
    return found


@dataclass
class OntologyHeader:
    """One ``owl:Ontology`` and the file declaring it."""

    iri: URIRef
    file: SourceFile

    @property
    def graph(self) -> Graph:
        return self.file.graph

    def value(self, predicate: URIRef) -> Node | None:
        return self.graph.value(self.iri, predicate)

    @property
    def version_iri(self) -> Node | None:
        return self.value(OWL.versionIRI)

    @property
    def version_info(self) -> str | None:
        value = self.value(OWL.versionInfo)
        return str(value) if value is not None else None

    @property
    def prior_version(self) -> Node | None:
        return self.value(OWL.priorVersion)

    @property
    def prefix(self) -> str | None:
        value = self.value(VANN.preferredNamespacePrefix)
        return str(value) if value is not None else None

    @property
    def namespace(self) -> str | None:
        value = self.value(VANN.preferredNamespaceUri)
        return str(value) if value is not None else None

    @property
    def title(self) -> str:
        for predicate in (DCTERMS.title, RDFS.label):
            values = english(self.graph, self.iri, predicate)
            if values:
                return values[0]
        return str(self.iri)

    @property
    def imports(self) -> list[URIRef]:
        return sorted(o for o in self.graph.objects(self.iri, OWL.imports) if isinstance(o, URIRef))


@dataclass
class Term:
    """A class, property or individual, with the files that declare and describe it."""

    iri: URIRef
    kinds: set[URIRef] = field(default_factory=set)
    declared_in: list[SourceFile] = field(default_factory=list)

    @property
    def kind(self) -> Kind:
        if self.kinds & CLASS_KINDS:
            return Kind.CLASS
        if self.kinds & PROPERTY_KINDS:
            return Kind.PROPERTY
        return Kind.INDIVIDUAL

    @property
    def kind_label(self) -> str:
        """The OWL kind in words: class, object property, datatype property ..."""
        for kind, words in (
            (OWL.ObjectProperty, "object property"),
            (OWL.DatatypeProperty, "datatype property"),
            (OWL.AnnotationProperty, "annotation property"),
            (RDFS.Datatype, "datatype"),
        ):
            if kind in self.kinds:
                return words
        return self.kind.value

    @property
    def file(self) -> SourceFile:
        """The first file that declares the term."""
        return self.declared_in[0]


class Vocabulary:
    """Every ontology file of a corpus, read one by one, and the terms they declare."""

    def __init__(self, files: Sequence[SourceFile]) -> None:
        self.files = list(files)
        self.graph = Graph()
        for source in self.files:
            self.graph += source.graph
        self.terms: dict[URIRef, Term] = {}
        self.ontologies: list[OntologyHeader] = []
        for source in self.files:
            for subject in sorted(source.graph.subjects(RDF.type, OWL.Ontology), key=str):
                if isinstance(subject, URIRef):
                    self.ontologies.append(OntologyHeader(subject, source))
            for subject, kind in sorted(
                (
                    (s, k)
                    for k in TERM_KINDS
                    for s in source.graph.subjects(RDF.type, k)
                    if isinstance(s, URIRef)
                ),
                key=str,
            ):
                assert isinstance(subject, URIRef)
                term = self.terms.setdefault(subject, Term(subject))
                term.kinds.add(kind)
                if source not in term.declared_in:
                    term.declared_in.append(source)

    # --- lookups ---------------------------------------------------------------------

    @cached_property
    def ontology_iris(self) -> set[Node]:
        """Every ontology IRI and version IRI declared."""
        found: set[Node] = set()
        for header in self.ontologies:
            found.add(header.iri)
            if header.version_iri is not None:
                found.add(header.version_iri)
        return found

    @cached_property
    def core_terms(self) -> dict[URIRef, Term]:
        """Terms declared in core files, in the core namespace."""
        return {
            iri: term
            for iri, term in self.terms.items()
            if str(iri).startswith(CORE_NAMESPACE)
            and any(f.role is Role.CORE for f in term.declared_in)
        }

    def is_class(self, node: Node) -> bool:
        """Declared as a class by a loaded file, or a standard vocabulary's term."""
        term = self.terms.get(node) if isinstance(node, URIRef) else None
        return (term is not None and bool(term.kinds & CLASS_KINDS)) or is_standard(node)

    def is_property(self, node: Node) -> bool:
        """Declared as a property by a loaded file, or a standard vocabulary's term."""
        term = self.terms.get(node) if isinstance(node, URIRef) else None
        return (term is not None and bool(term.kinds & PROPERTY_KINDS)) or is_standard(node)

    def is_declared(self, node: Node) -> bool:
        """Declared as anything by a loaded file, or a standard vocabulary's term."""
        return (isinstance(node, URIRef) and node in self.terms) or is_standard(node)

    def is_deprecated(self, node: Node) -> bool:
        return is_true(self.graph.value(node, OWL.deprecated))

    @cached_property
    def deprecated(self) -> set[URIRef]:
        return {
            s
            for s, _, o in self.graph.triples((None, OWL.deprecated, None))
            if isinstance(s, URIRef) and is_true(o)
        }

    def superclasses(self, node: Node) -> list[Node]:
        return sorted(
            (o for o in self.graph.objects(node, RDFS.subClassOf) if isinstance(o, URIRef)),
            key=str,
        )

    def subclasses(self, node: Node) -> list[Node]:
        return sorted(
            (s for s in self.graph.subjects(RDFS.subClassOf, node) if isinstance(s, URIRef)),
            key=str,
        )

    def superproperties(self, node: Node) -> list[Node]:
        return sorted(
            (o for o in self.graph.objects(node, RDFS.subPropertyOf) if isinstance(o, URIRef)),
            key=str,
        )

    def subproperties(self, node: Node) -> list[Node]:
        return sorted(
            (s for s in self.graph.subjects(RDFS.subPropertyOf, node) if isinstance(s, URIRef)),
            key=str,
        )

    def ancestors(self, node: Node, predicate: URIRef = RDFS.subClassOf) -> set[Node]:
        """Every class (or property) above ``node``, not ``node`` itself."""
        seen: set[Node] = set()
        todo = [node]
        while todo:
            current = todo.pop()
            for parent in self.graph.objects(current, predicate):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen

    def descendants(self, node: Node, predicate: URIRef = RDFS.subClassOf) -> set[Node]:
        """Every class (or property) below ``node``, not ``node`` itself."""
        seen: set[Node] = set()
        todo = [node]
        while todo:
            current = todo.pop()
            for child in self.graph.subjects(predicate, current):
                if child not in seen:
                    seen.add(child)
                    todo.append(child)
        return seen

    # --- names -------------------------------------------------------------------------

    @cached_property
    def prefixes(self) -> dict[str, str]:
        """Prefix -> namespace for display: claimgraph's own, then each ontology's own."""
        found = dict(PREFIXES)
        self._learn_prefixes(found, self.files)
        return found

    def learn_prefixes(self, files: Iterable[SourceFile]) -> None:
        """Also use the prefixes of these files (shapes, data) for display."""
        self._learn_prefixes(self.prefixes, files)

    @staticmethod
    def _learn_prefixes(found: dict[str, str], files: Iterable[SourceFile]) -> None:
        sources = list(files)
        for source in sources:
            for subject in source.graph.subjects(RDF.type, OWL.Ontology):
                preferred = source.graph.value(subject, VANN.preferredNamespacePrefix)
                uri = source.graph.value(subject, VANN.preferredNamespaceUri)
                if preferred is not None and uri is not None:
                    found.setdefault(str(preferred), str(uri))
        for source in sources:
            for prefix, namespace in source.prefixes.items():
                if prefix and namespace:
                    found.setdefault(prefix, namespace)

    def qname(self, node: Node | None) -> str:
        """``prefix:local`` where a prefix fits (the longest namespace), else ``<iri>``."""
        if node is None:
            return ""
        if isinstance(node, Literal):
            return node.n3()
        if isinstance(node, BNode):
            return "[]"
        iri = str(node)
        best = ""
        best_prefix = ""
        for prefix, namespace in self.prefixes.items():
            if iri.startswith(namespace) and len(namespace) > len(best):
                local = iri[len(namespace) :]
                if re.fullmatch(r"[\w][\w.-]*", local) and not local.endswith("."):
                    best, best_prefix = namespace, prefix
        if best:
            return f"{best_prefix}:{iri[len(best) :]}"
        return f"<{iri}>"

    def label(self, node: Node) -> str:
        """The English label of a term, or its name."""
        labels = english(self.graph, node, RDFS.label)
        return labels[0] if labels else self.qname(node)


def corpus_sources(
    corpus: Corpus, *, data: bool = True, examples: bool = True
) -> tuple[list[SourceFile], list[SourceFile], list[SourceFile]]:
    """Read a corpus file by file: (ontology files, shapes files, data and example files).

    Each ontology file's group is its extension's name, or ``core``; a file given on its
    own that is neither in an extension folder nor a core ontology (by its IRI) is an
    extension of its own, named after the file.
    """
    by_path: dict[Path, Extension] = {}
    for extension in corpus.extensions:
        for path in (*extension.ontology_files, *extension.shapes_files, *extension.example_files):
            by_path[path.resolve()] = extension
    counter = iter(range(1_000_000))

    def group_of(path: Path) -> str | None:
        extension = by_path.get(path.resolve())
        return extension.name if extension else None

    ontology: list[SourceFile] = []
    for path in corpus.ontology_files:
        group = group_of(path)
        source = read_source(path, Role.EXTENSION, group or "core", next(counter))
        if group is None and _is_core_file(source):
            source.role = Role.CORE
        elif group is None:
            source.group = path.stem
        ontology.append(source)
    shapes = [
        read_source(path, Role.SHAPES, group_of(path) or "core", next(counter))
        for path in corpus.shapes_files
    ]
    data_files: list[SourceFile] = []
    if data:
        data_files += [
            read_source(path, Role.DATA, "data", next(counter)) for path in corpus.data_files
        ]
    if examples:
        for extension in corpus.extensions:
            data_files += [
                read_source(path, Role.EXAMPLE, extension.name, next(counter))
                for path in extension.example_files
            ]
    return ontology, shapes, data_files


def _is_core_file(source: SourceFile) -> bool:
    core = str(ONTOLOGY_IRI)
    iris = [str(s) for s in source.graph.subjects(RDF.type, OWL.Ontology)]
    return bool(iris) and all(iri == core or iri.startswith(core + "/") for iri in iris)


def group_terms(vocabulary: Vocabulary, sources: Iterable[SourceFile]) -> dict[str, list[Term]]:
    """The terms each group (``core`` or an extension) defines, in IRI order.

    A group defines the terms its files declare in its namespace: the core namespace for
    the core, the extension's ``vann:preferredNamespaceUri`` for an extension (every
    non-standard term outside the core's namespace when it declares none).
    """
    namespaces = group_namespaces(vocabulary)
    grouped: dict[str, list[Term]] = defaultdict(list)
    files = list(sources)
    for iri, term in sorted(vocabulary.terms.items()):
        for source in term.declared_in:
            if source not in files:
                continue
            if owns(source.group, iri, namespaces):
                grouped[source.group].append(term)
                break
    return dict(grouped)


def group_namespaces(vocabulary: Vocabulary) -> dict[str, str | None]:
    """Each group's namespace (``None`` for an extension that declares none)."""
    found: dict[str, str | None] = {"core": CORE_NAMESPACE}
    for header in vocabulary.ontologies:
        group = header.file.group
        if header.file.role is Role.CORE:
            continue
        if header.namespace and not found.get(group):
            found[group] = header.namespace
        else:
            found.setdefault(group, None)
    for source in vocabulary.files:
        found.setdefault(source.group, None)
    return found


def owns(group: str, iri: URIRef, namespaces: dict[str, str | None]) -> bool:
    """Whether a term with this IRI, declared in a file of ``group``, is the group's own."""
    text = str(iri)
    namespace = namespaces.get(group)
    if namespace:
        return text.startswith(namespace)
    if group == "core" or text.startswith(CORE_NAMESPACE) or in_standard_namespace(iri):
        return False
    return not any(ns and text.startswith(ns) for g, ns in namespaces.items() if g != group)


def triples_about(graph: Graph, subject: Node) -> Iterator[tuple[Node, Node]]:
    """(predicate, object) pairs of ``subject``, sorted for stable output."""
    yield from sorted(graph.predicate_objects(subject), key=lambda po: (str(po[0]), str(po[1])))
