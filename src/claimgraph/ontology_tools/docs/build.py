"""The documentation builder: the ontology, shapes and data read into the :mod:`.model`.

For each term it gathers the definition, the place in the hierarchy, domain and range, the
shapes that constrain it, how the alignments map it, and a real example of its use taken
from the data (the project's data first, then the extensions' examples). Its answers are
sorted, so the same files give the same pages.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS, XSD
from rdflib.term import Node

from claimgraph.corpus.files import project_home
from claimgraph.errors import InputError
from claimgraph.ontology_tools.docs.model import (
    Example,
    Link,
    PageDoc,
    Section,
    ShapeNote,
    TermDoc,
)
from claimgraph.ontology_tools.model import (
    CLASS_KINDS,
    INDIVIDUAL_KINDS,
    Kind,
    OntologyHeader,
    Role,
    SourceFile,
    Term,
    Vocabulary,
    class_members,
    english,
    group_namespaces,
    group_terms,
    path_properties,
)

_PLAIN_DATATYPES = frozenset({XSD.integer, XSD.boolean})
_MODULE_ORDER = ("actors", "sources", "claims", "authorities", "events", "topics")
_EXAMPLE_LINES = 12
_LITERAL_WIDTH = 160


# --- helpers -----------------------------------------------------------------------------


def _doc_path(path: Path) -> str:
    """A file as the documentation names it: relative to the checkout where it can be."""
    try:
        return path.resolve().relative_to(project_home().resolve()).as_posix()
    except (ValueError, InputError):
        return path.name


def _anchor(qname: str) -> str:
    return re.sub(r"[^\w.-]", "-", qname.strip("<>"))


def _is_alignment(source: SourceFile) -> bool:
    return source.path.parent.name == "alignments" or any(
        "/alignment/" in str(s) for s in source.graph.subjects(RDF.type, OWL.Ontology)
    )


def _data_order(source: SourceFile) -> tuple[bool, bool, str]:
    """Project data before extension examples, texts' own statements before context."""
    shown = _doc_path(source.path)
    return (source.role is not Role.DATA, "/context/" in f"/{shown}", shown)


def _short(text: str, width: int = _LITERAL_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


class DocsBuilder:
    """The documentation of one corpus's vocabularies, page by page, term by term."""

    def __init__(
        self,
        ontology: list[SourceFile],
        shapes: list[SourceFile],
        data: list[SourceFile],
    ) -> None:
        self.ontology = ontology
        self.shapes = shapes
        self.data = data
        self.vocabulary = Vocabulary(ontology)
        self.vocabulary.learn_prefixes([*shapes, *data])
        self.own = group_terms(self.vocabulary, ontology)
        self.namespaces = group_namespaces(self.vocabulary)
        self.defining = Graph()
        self.alignments: list[SourceFile] = []
        for source in ontology:
            if _is_alignment(source):
                self.alignments.append(source)
            else:
                self.defining += source.graph
        self.shapes_graph = Graph()
        for source in shapes:
            self.shapes_graph += source.graph
        self.page_of: dict[URIRef, str] = {}
        for group, terms in self.own.items():
            for term in terms:
                self.page_of[term.iri] = group
        self._instances = self._index_instances()

    # --- names and links ---------------------------------------------------------------

    def q(self, node: Node | None) -> str:
        return self.vocabulary.qname(node)

    def link(self, node: Node, current: str = "") -> Link:
        if isinstance(node, URIRef):
            page = self.page_of.get(node)
            qname = self.q(node)
            title = self.vocabulary.label(node)
            if page is None:
                return Link(qname, None, title)
            href = f"#{_anchor(qname)}" if page == current else f"{page}.html#{_anchor(qname)}"
            return Link(qname, href, title)
        if isinstance(node, BNode):
            members = class_members(self.vocabulary.graph, node)
            if members:
                joined = " or " if self.vocabulary.graph.value(node, OWL.unionOf) else " and "
                return Link(joined.join(self.q(m) for m in members))
        return Link(self.q(node))

    def links(self, nodes: Iterable[Node], current: str) -> list[Link]:
        expanded: list[Node] = []
        for node in nodes:
            if isinstance(node, BNode):
                expanded.extend(class_members(self.vocabulary.graph, node))
            else:
                expanded.append(node)
        unique = sorted(set(expanded), key=lambda n: self.q(n))
        return [self.link(n, current) for n in unique]

    # --- data --------------------------------------------------------------------------

    def _index_instances(self) -> dict[Node, list[tuple[SourceFile, Node]]]:
        index: dict[Node, list[tuple[SourceFile, Node]]] = defaultdict(list)
        for source in self.data:
            for subject, kind in sorted(source.graph.subject_objects(RDF.type), key=str):
                if isinstance(subject, URIRef):
                    index[kind].append((source, subject))
        return index

    def excerpt(self, source: SourceFile, subject: Node, only: Node | None = None) -> str:
        """``subject``'s statements in a file, as Turtle (one predicate, or all of them)."""
        graph = source.graph
        values: dict[Node, list[Node]] = defaultdict(list)
        for predicate, value in graph.predicate_objects(subject):
            if only is None or predicate in (RDF.type, only):
                values[predicate].append(value)
        predicates = sorted(values, key=lambda p: (p != RDF.type, self.q(p)))
        lines = []
        for predicate in predicates[:_EXAMPLE_LINES]:
            name = "a" if predicate == RDF.type else self.q(predicate)
            objects = " , ".join(sorted(self.term_text(v) for v in values[predicate]))
            lines.append(f"    {name} {objects}")
        text = f"{self.q(subject)}\n" + " ;\n".join(lines) + " ."
        if len(predicates) > _EXAMPLE_LINES:
            text += f"\n# ... and {len(predicates) - _EXAMPLE_LINES} more properties"
        return text

    def term_text(self, value: Node) -> str:
        if isinstance(value, Literal) and value.datatype in _PLAIN_DATATYPES:
            return str(value)
        if isinstance(value, Literal):
            shown = Literal(_short(str(value)), lang=value.language, datatype=value.datatype)
            if value.datatype is not None:
                return f'"{_escape_turtle(str(shown))}"^^{self.q(value.datatype)}'
            if value.language:
                return f'"{_escape_turtle(str(shown))}"@{value.language}'
            return f'"{_escape_turtle(str(shown))}"'
        if isinstance(value, BNode):
            return "[ ... ]"
        return self.q(value)

    def _ordered_data(self) -> list[SourceFile]:
        return sorted(self.data, key=_data_order)

    def example_for(self, term: Term) -> Example | None:
        sources = self._ordered_data()
        if term.kinds & CLASS_KINDS:
            for candidate in [term.iri, *sorted(self.vocabulary.descendants(term.iri), key=str)]:
                below = self.vocabulary.descendants(candidate)
                found = sorted(
                    self._instances.get(candidate, []),
                    key=lambda item: (
                        # a plain instance first: one not also typed with a subclass
                        any(t in below for t in item[0].graph.objects(item[1], RDF.type)),
                        *_data_order(item[0]),
                        str(item[1]),
                    ),
                )
                if found:
                    source, subject = found[0]
                    note = "" if candidate == term.iri else f"an instance of {self.q(candidate)}"
                    return self._example(source, subject, None, note)
            # A class of individuals (modes, speech acts ...): a use of one of them.
            for individual in sorted(self.defining.subjects(RDF.type, term.iri), key=str):
                use = self._object_use(individual)
                if use is not None:
                    source, subject, predicate = use
                    note = f"a use of its individual {self.q(individual)}"
                    return self._example(source, subject, predicate, note)
            return None
        if term.kind is Kind.PROPERTY:
            for candidate in [
                term.iri,
                *sorted(self.vocabulary.descendants(term.iri, RDFS.subPropertyOf), key=str),
            ]:
                for source in sources:
                    subjects = sorted(
                        (
                            s
                            for s in source.graph.subjects(candidate, None)
                            if isinstance(s, URIRef)
                        ),
                        key=str,
                    )
                    if subjects:
                        note = "" if candidate == term.iri else f"through {self.q(candidate)}"
                        return self._example(source, subjects[0], candidate, note)
            return None
        use = self._object_use(term.iri)
        if use is not None:
            source, subject, predicate = use
            return self._example(source, subject, predicate, "")
        return None

    def _object_use(self, value: Node) -> tuple[SourceFile, Node, Node] | None:
        """The first statement in the data with ``value`` as its object (not a type)."""
        for source in self._ordered_data():
            uses = sorted(
                (
                    (s, p)
                    for s, p in source.graph.subject_predicates(value)
                    if isinstance(s, URIRef) and p != RDF.type
                ),
                key=str,
            )
            if uses:
                return source, uses[0][0], uses[0][1]
        return None

    def _example(self, source: SourceFile, subject: Node, only: Node | None, note: str) -> Example:
        kind = "example data of the extension" if source.role is Role.EXAMPLE else "data"
        notes = [n for n in (note, kind if source.role is Role.EXAMPLE else "") if n]
        return Example(
            _doc_path(source.path), self.excerpt(source, subject, only), "; ".join(notes)
        )

    # --- shapes ------------------------------------------------------------------------

    def shape_detail(self, shape: Node) -> str:
        graph = self.shapes_graph
        parts: list[str] = []
        path = graph.value(shape, SH.path)
        if path is not None:
            props = path_properties(graph, path)
            parts.append("path " + " | ".join(self.q(p) for p in props))
        for parameter in (
            "minCount",
            "maxCount",
            "class",
            "datatype",
            "nodeKind",
            "minLength",
            "maxLength",
            "pattern",
            "hasValue",
        ):
            for value in sorted(graph.objects(shape, SH[parameter]), key=str):
                parts.append(f"{parameter} {self.term_text(value)}")
        for parameter in ("in", "or", "and", "xone", "not", "qualifiedValueShape", "sparql"):
            if graph.value(shape, SH[parameter]) is not None:
                parts.append(parameter)
        for nested in sorted(graph.objects(shape, SH.property), key=str):
            nested_path = graph.value(nested, SH.path)
            if nested_path is not None:
                props = path_properties(graph, nested_path)
                parts.append("property " + " | ".join(self.q(p) for p in props))
        return ", ".join(parts)

    def shape_note(self, shape: Node, inherited_from: str = "") -> ShapeNote:
        graph = self.shapes_graph
        labels = english(graph, shape, RDFS.label)
        messages = english(graph, shape, SH.message)
        name = self.q(shape) if isinstance(shape, URIRef) else "(unnamed shape)"
        if not isinstance(shape, URIRef):
            owners = sorted(graph.subjects(SH.property, shape), key=str)
            if owners:
                name = f"a property of {self.q(owners[0])}"
        return ShapeNote(
            name=name,
            label=labels[0] if labels else "",
            detail=self.shape_detail(shape),
            message=messages[0] if messages else "",
            inherited_from=inherited_from,
        )

    def shapes_for(self, term: Term) -> list[ShapeNote]:
        graph = self.shapes_graph
        notes: list[ShapeNote] = []
        seen: set[Node] = set()
        if term.kinds & CLASS_KINDS:
            for shape in sorted(graph.subjects(SH.targetClass, term.iri), key=str):
                if shape not in seen:
                    seen.add(shape)
                    notes.append(self.shape_note(shape))
            for ancestor in sorted(self.vocabulary.ancestors(term.iri), key=str):
                for shape in sorted(graph.subjects(SH.targetClass, ancestor), key=str):
                    if shape not in seen:
                        seen.add(shape)
                        notes.append(self.shape_note(shape, self.q(ancestor)))
        elif term.kind is Kind.PROPERTY:
            for shape, path in sorted(graph.subject_objects(SH.path), key=str):
                if term.iri in path_properties(graph, path) and shape not in seen:
                    seen.add(shape)
                    notes.append(self.shape_note(shape))
            for predicate in (SH.targetSubjectsOf, SH.targetObjectsOf):
                for shape in sorted(graph.subjects(predicate, term.iri), key=str):
                    if shape not in seen:
                        seen.add(shape)
                        notes.append(self.shape_note(shape))
        else:
            for node in sorted(graph.subjects(None, term.iri), key=str):
                for shape in self._owning_shapes(node):
                    if shape not in seen:
                        seen.add(shape)
                        notes.append(self.shape_note(shape))
        return notes

    def _owning_shapes(self, node: Node) -> list[Node]:
        """The named shapes a node belongs to: up through lists, sh:or, sh:in ..."""
        graph = self.shapes_graph
        found: set[Node] = set()
        seen: set[Node] = set()
        todo = [node]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            if isinstance(current, URIRef):
                found.add(current)
                continue
            todo.extend(graph.subjects(None, current))
        return sorted(found, key=str)

    # --- terms -------------------------------------------------------------------------

    def term_doc(self, term: Term, page: str) -> TermDoc:
        graph = self.vocabulary.graph
        iri = term.iri
        qname = self.q(iri)
        rows: list[tuple[str, list[Link]]] = []

        def row(title: str, nodes: Iterable[Node]) -> None:
            found = self.links(nodes, page)
            if found:
                rows.append((title, found))

        defining = self.defining
        if term.kinds & CLASS_KINDS:
            row("subclass of", defining.objects(iri, RDFS.subClassOf))
            row("superclass of", defining.subjects(RDFS.subClassOf, iri))
            row("equivalent to", defining.objects(iri, OWL.equivalentClass))
            row("in the domain of", defining.subjects(RDFS.domain, iri))
            row("in the range of", defining.subjects(RDFS.range, iri))
            row(
                "in a union in the domain of",
                (
                    p
                    for p, union in defining.subject_objects(RDFS.domain)
                    if isinstance(union, BNode) and iri in class_members(defining, union)
                ),
            )
            row(
                "in a union in the range of",
                (
                    p
                    for p, union in defining.subject_objects(RDFS.range)
                    if isinstance(union, BNode) and iri in class_members(defining, union)
                ),
            )
            row(
                "individuals",
                (s for s in defining.subjects(RDF.type, iri) if isinstance(s, URIRef)),
            )
        elif term.kind is Kind.PROPERTY:
            row("sub-property of", defining.objects(iri, RDFS.subPropertyOf))
            row("super-property of", defining.subjects(RDFS.subPropertyOf, iri))
            row("domain", defining.objects(iri, RDFS.domain))
            row("range", defining.objects(iri, RDFS.range))
            row("inverse of", defining.objects(iri, OWL.inverseOf))
            characteristics = sorted(
                self.q(k)
                for k in term.kinds
                if k not in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
            )
            if characteristics:
                rows.append(("characteristics", [Link(c) for c in characteristics]))
        else:
            row(
                "type",
                (t for t in defining.objects(iri, RDF.type) if t not in INDIVIDUAL_KINDS),
            )
        mappings: list[tuple[str, Link, str]] = []
        for source in self.alignments:
            for predicate, value in sorted(source.graph.predicate_objects(iri), key=str):
                mappings.append(
                    (
                        self.q(predicate),
                        self.link(value, page),
                        self._axiom_note(iri, predicate, value),
                    )
                )
        mappings.sort(key=lambda m: (m[0], m[1].text))
        return TermDoc(
            iri=str(iri),
            qname=qname,
            anchor=_anchor(qname),
            kind=term.kind_label,
            label=self.vocabulary.label(iri),
            definitions=english(graph, iri, SKOS.definition),
            comments=english(defining, iri, RDFS.comment),
            defined_by=self.links(graph.objects(iri, RDFS.isDefinedBy), page),
            deprecated=self.vocabulary.is_deprecated(iri),
            replaced_by=self.links(graph.objects(iri, DCTERMS.isReplacedBy), page),
            rows=rows,
            mappings=mappings,
            shapes=self.shapes_for(term),
            example=self.example_for(term),
        )

    def _axiom_note(self, source: Node, predicate: Node, target: Node) -> str:
        for graph in (s.graph for s in self.alignments):
            for axiom in graph.subjects(OWL.annotatedSource, source):
                if (axiom, OWL.annotatedProperty, predicate) in graph and (
                    axiom,
                    OWL.annotatedTarget,
                    target,
                ) in graph:
                    comments = english(graph, axiom, RDFS.comment)
                    if comments:
                        return comments[0]
        return ""

    # --- pages -------------------------------------------------------------------------

    def header_facts(self, header: OntologyHeader) -> dict[str, str]:
        facts = {"ontology": str(header.iri)}
        for key, predicate in (
            ("version IRI", OWL.versionIRI),
            ("version", OWL.versionInfo),
            ("prior version", OWL.priorVersion),
            ("licence", DCTERMS.license),
        ):
            value = header.value(predicate)
            if value is not None:
                facts[key] = str(value)
        if header.prefix and header.namespace:
            facts["prefix"] = f"{header.prefix}: <{header.namespace}>"
        imports = header.imports
        if imports:
            facts["imports"] = ", ".join(str(i) for i in imports)
        facts["file"] = _doc_path(header.file.path)
        return facts

    def page(self, group: str) -> PageDoc:
        terms = self.own.get(group, [])
        headers = [
            h
            for h in self.vocabulary.ontologies
            if h.file.group == group and (group != "core" or h.file.role is Role.CORE)
        ]
        if group == "core":
            umbrella = [h for h in headers if h.file.path.name == "claimgraph.ttl"]
            main = umbrella[0] if umbrella else (headers[0] if headers else None)
        else:
            main = headers[0] if headers else None
        title = main.title if main else group
        description = ""
        if main is not None:
            descriptions = english(main.graph, main.iri, DCTERMS.description)
            description = descriptions[0] if descriptions else ""
        sections = self.sections(group, terms, headers)
        shown_headers = [self.header_facts(h) for h in headers if not _is_alignment(h.file)]
        return PageDoc(
            group=group,
            page=group,
            title=title,
            description=description,
            headers=shown_headers,
            sections=sections,
        )

    def sections(
        self, group: str, terms: Sequence[Term], headers: Sequence[OntologyHeader]
    ) -> list[Section]:
        by_module: dict[str, list[Term]] = defaultdict(list)
        module_titles: dict[str, str] = {}
        for header in headers:
            labels = english(header.graph, header.iri, RDFS.label)
            module_titles[str(header.iri)] = labels[0] if labels else header.title
        for term in terms:
            modules = sorted(
                str(m) for m in self.vocabulary.graph.objects(term.iri, RDFS.isDefinedBy)
            )
            by_module[modules[0] if modules else ""].append(term)

        def order(module: str) -> tuple[int, str]:
            name = module.rsplit("/", 1)[-1]
            rank = _MODULE_ORDER.index(name) if name in _MODULE_ORDER else len(_MODULE_ORDER)
            return rank, module

        sections: list[Section] = []
        kinds = (
            (Kind.CLASS, "classes"),
            (Kind.PROPERTY, "properties"),
            (Kind.INDIVIDUAL, "individuals"),
        )
        for module in sorted(by_module, key=order):
            module_title = module_titles.get(module, module or "(no defining module)")
            for kind, words in kinds:
                chosen = [t for t in by_module[module] if t.kind is kind]
                if chosen:
                    sections.append(
                        Section(
                            f"{module_title}: {words}" if len(by_module) > 1 else words.title(),
                            [
                                self.term_doc(t, group)
                                for t in sorted(chosen, key=lambda t: self.q(t.iri))
                            ],
                        )
                    )
        return sections

    # --- diagram -----------------------------------------------------------------------

    def hierarchy(self, group: str) -> tuple[list[Node], list[tuple[Node, Node]]]:
        """Classes of a page (with their direct superclasses) and subclass edges."""
        own = [t.iri for t in self.own.get(group, []) if t.kinds & CLASS_KINDS]
        nodes: set[Node] = set(own)
        edges: set[tuple[Node, Node]] = set()
        todo: list[Node] = list(own)
        while todo:
            cls = todo.pop()
            for parent in self.defining.objects(cls, RDFS.subClassOf):
                if isinstance(parent, URIRef):
                    edges.add((cls, parent))
                    if parent not in nodes:
                        nodes.add(parent)
                        todo.append(parent)
        return sorted(nodes, key=str), sorted(edges, key=str)


def _escape_turtle(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
