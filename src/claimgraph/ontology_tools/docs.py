"""``claimgraph ontology docs``: reference documentation generated from the annotations.

One page for the core and one for each extension, in HTML (one offline folder, no script,
no web font) and in Markdown. Every class, property and individual gets its definition,
its place in the hierarchy, its domain and range, the shapes that constrain it, how the
alignments map it, and a real example of its use taken from the data (the project's data
first, then the extensions' examples). Each page has a class-hierarchy picture in SVG,
drawn by Graphviz ``dot`` when it is installed, or as a simple tree otherwise.

Nothing here is written by hand: change the annotations in the Turtle files, and
regenerate. The output is deterministic: the same files give the same bytes.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS, XSD
from rdflib.term import Node

from claimgraph.corpus.files import Corpus, project_home
from claimgraph.corpus.protected import protected_for
from claimgraph.errors import InputError, UnsupportedError
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
    corpus_sources,
    english,
    group_namespaces,
    group_terms,
    path_properties,
)
from claimgraph.rdf.output import check_output, check_output_folder, write_atomically

DIAGRAMS = ("auto", "dot", "tree")
"""``dot`` needs Graphviz; ``tree`` is drawn here; ``auto`` takes ``dot`` when present."""

FORMATS = ("html", "markdown")

_PLAIN_DATATYPES = frozenset({XSD.integer, XSD.boolean})
_MODULE_ORDER = ("actors", "sources", "claims", "authorities", "events", "topics")
_EXAMPLE_LINES = 12
_LITERAL_WIDTH = 160


# --- the documentation model -------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """A term named in the documentation: its name, and where it is documented if it is."""

    text: str
    href: str | None = None
    title: str = ""


@dataclass
class ShapeNote:
    """A shape that constrains a term."""

    name: str
    label: str
    detail: str
    message: str
    inherited_from: str = ""


@dataclass
class Example:
    """A real use of a term: a Turtle excerpt and the file it comes from."""

    file: str
    turtle: str
    note: str = ""


@dataclass
class TermDoc:
    """Everything the documentation says about one term."""

    iri: str
    qname: str
    anchor: str
    kind: str
    label: str
    definitions: list[str]
    comments: list[str]
    defined_by: list[Link]
    deprecated: bool
    replaced_by: list[Link]
    rows: list[tuple[str, list[Link]]]
    mappings: list[tuple[str, Link, str]]
    shapes: list[ShapeNote]
    example: Example | None


@dataclass
class Section:
    title: str
    terms: list[TermDoc]


@dataclass
class PageDoc:
    """One vocabulary's page: the core, or one extension."""

    group: str
    page: str
    title: str
    description: str
    headers: list[dict[str, str]]
    sections: list[Section]
    diagram: str = ""
    diagram_file: str = ""

    @property
    def terms(self) -> list[TermDoc]:
        return [term for section in self.sections for term in section.terms]


@dataclass
class DocsResult:
    """What ``generate_docs`` wrote."""

    files: list[Path] = field(default_factory=list)
    terms: dict[str, list[str]] = field(default_factory=dict)
    """The IRIs documented, by page (``core`` or the extension's name)."""
    diagram_tool: str = ""


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


class _Builder:
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


# --- diagrams ----------------------------------------------------------------------------


def _dot_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def hierarchy_dot(
    builder: _Builder, group: str, nodes: Sequence[Node], edges: Sequence[tuple[Node, Node]]
) -> str:
    """The class hierarchy as a Graphviz DOT graph (superclasses left, arrows to them).

    Classes of other vocabularies (the core's, on an extension's page) are dashed.
    """
    own = {t.iri for t in builder.own.get(group, [])}
    lines = [
        "digraph classes {",
        "  rankdir=LR;",
        '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=11];',
        # Drawn from superclass to subclass, so that roots stand on the left; the arrow
        # points at the superclass, as in UML.
        '  edge [dir=back, arrowtail=onormal, color="#555555"];',
    ]
    for node in nodes:
        link = builder.link(node, group)
        attributes = {
            "label": link.text,
            "tooltip": link.title or link.text,
            "fillcolor": "#e8f0fe" if node in own else "#f2f2f2",
        }
        if node not in own:
            attributes["style"] = "rounded,dashed,filled"
        if link.href:
            attributes["URL"] = link.href
        rendered = ", ".join(f"{k}={_dot_string(v)}" for k, v in sorted(attributes.items()))
        lines.append(f"  {_dot_string(str(node))} [{rendered}];")
    for child, parent in edges:
        lines.append(f"  {_dot_string(str(parent))} -> {_dot_string(str(child))};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def render_dot(dot: str) -> str:
    """SVG from Graphviz ``dot``; :class:`UnsupportedError` when it is not installed."""
    executable = shutil.which("dot")
    if executable is None:
        raise UnsupportedError(
            "Graphviz 'dot' is not installed, so the class hierarchy cannot be drawn with it",
            hint="install graphviz (scripts/setup-system.sh), or use --diagram tree",
        )
    try:
        completed = subprocess.run(
            [executable, "-Tsvg"],
            input=dot.encode("utf-8"),
            capture_output=True,
            check=True,
            timeout=120,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        raise UnsupportedError(f"Graphviz 'dot' failed: {exc}") from exc
    return completed.stdout.decode("utf-8")


def render_tree(
    builder: _Builder, group: str, nodes: Sequence[Node], edges: Sequence[tuple[Node, Node]]
) -> str:
    """The class hierarchy as an indented tree in SVG, drawn without Graphviz."""
    own = {t.iri for t in builder.own.get(group, [])}
    children: dict[Node, list[Node]] = defaultdict(list)
    has_parent: set[Node] = set()
    for child, parent in edges:
        children[parent].append(child)
        has_parent.add(child)
    rows: list[tuple[int, Node, int | None]] = []

    def visit(node: Node, depth: int, parent_row: int | None, path: tuple[Node, ...]) -> None:
        row = len(rows)
        rows.append((depth, node, parent_row))
        for child in sorted(children.get(node, []), key=lambda n: builder.q(n)):
            if child not in path:
                visit(child, depth + 1, row, (*path, child))

    for root in sorted((n for n in nodes if n not in has_parent), key=lambda n: builder.q(n)):
        visit(root, 0, None, (root,))
    step, indent, left, top = 22, 26, 10, 16
    width = max(
        (left + depth * indent + 12 + 8 * len(builder.q(node)) for depth, node, _ in rows),
        default=200,
    )
    height = top + step * len(rows) + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width + 20}" height="{height}" '
        f'viewBox="0 0 {width + 20} {height}" font-family="Helvetica, Arial, sans-serif" '
        'font-size="12">'
    ]
    for index, (depth, node, parent_row) in enumerate(rows):
        x = left + depth * indent
        y = top + index * step
        if parent_row is not None:
            px = left + (depth - 1) * indent + 4
            py = top + parent_row * step + 4
            parts.append(f'<path d="M{px},{py} V{y - 4} H{x - 2}" fill="none" stroke="#888888"/>')
        link = builder.link(node, group)
        colour = "#1a4fa0" if node in own else "#666666"
        text = (
            f'<text x="{x}" y="{y}" fill="{colour}"><title>{html.escape(link.title)}</title>'
            f"{html.escape(link.text)}</text>"
        )
        if link.href:
            text = f'<a href="{html.escape(link.href)}">{text}</a>'
        parts.append(text)
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


# --- HTML --------------------------------------------------------------------------------

_CSS = """
body { font-family: Helvetica, Arial, sans-serif; max-width: 62rem; margin: 2rem auto;
       padding: 0 1rem; line-height: 1.45; color: #1b1b1b; }
code, pre { font-family: Menlo, Consolas, monospace; font-size: 0.9em; }
pre { background: #f6f8fa; padding: 0.6rem; overflow-x: auto; }
nav ul { columns: 3; font-size: 0.9em; }
section.term { border-top: 1px solid #ddd; padding-top: 0.5rem; margin-top: 1.5rem; }
.kind { font-size: 0.75em; color: #555; font-weight: normal; margin-left: 0.5em; }
.deprecated { color: #a00; font-weight: bold; }
dl { display: grid; grid-template-columns: 12rem 1fr; gap: 0.2rem 1rem; }
dt { color: #555; }
dd { margin: 0; }
table { border-collapse: collapse; }
td, th { border: 1px solid #ddd; padding: 0.2rem 0.5rem; text-align: left; vertical-align: top; }
.note { color: #555; font-size: 0.9em; }
.diagram { overflow-x: auto; border: 1px solid #eee; padding: 0.5rem; }
.diagram svg { max-width: 100%; height: auto; }
"""


def _h(text: str) -> str:
    return html.escape(text, quote=True)


def _html_link(link: Link) -> str:
    code = f"<code>{_h(link.text)}</code>"
    title = f' title="{_h(link.title)}"' if link.title and link.title != link.text else ""
    if link.href:
        return f'<a href="{_h(link.href)}"{title}>{code}</a>'
    return f"<span{title}>{code}</span>" if title else code


def _html_page(title: str, body: list[str]) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_h(title)}</title>\n"
        '<meta name="generator" content="claimgraph ontology docs">\n'
        f"<style>{_CSS}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )


def _html_term(term: TermDoc) -> list[str]:
    out = [
        f'<section class="term" id="{_h(term.anchor)}">',
        f"<h3>{_h(term.label)} <code>{_h(term.qname)}</code>"
        f'<span class="kind">{_h(term.kind)}</span></h3>',
    ]
    if term.deprecated:
        replacement = ", ".join(_html_link(r) for r in term.replaced_by) or "no replacement named"
        out.append(f'<p class="deprecated">Deprecated; use {replacement}.</p>')
    out.append("<dl>")
    out.append(f"<dt>IRI</dt><dd><code>{_h(term.iri)}</code></dd>")
    for definition in term.definitions or ["(no definition)"]:
        out.append(f"<dt>definition</dt><dd>{_h(definition)}</dd>")
    for comment in term.comments:
        out.append(f"<dt>comment</dt><dd>{_h(comment)}</dd>")
    for title, links in term.rows:
        out.append(f"<dt>{_h(title)}</dt><dd>{', '.join(_html_link(x) for x in links)}</dd>")
    if term.defined_by:
        out.append(
            f"<dt>defined by</dt><dd>{', '.join(_html_link(x) for x in term.defined_by)}</dd>"
        )
    out.append("</dl>")
    if term.mappings:
        out.append("<h4>In other vocabularies</h4><ul>")
        for predicate, target, note in term.mappings:
            why = f' <span class="note">{_h(note)}</span>' if note else ""
            out.append(f"<li><code>{_h(predicate)}</code> {_html_link(target)}{why}</li>")
        out.append("</ul>")
    out.append("<h4>Shapes</h4>")
    if term.shapes:
        out.append("<ul>")
        for shape in term.shapes:
            inherited = (
                f' <span class="note">(through {_h(shape.inherited_from)})</span>'
                if shape.inherited_from
                else ""
            )
            label = f" ({_h(shape.label)})" if shape.label else ""
            detail = f": {_h(shape.detail)}" if shape.detail else ""
            message = f'<br><span class="note">{_h(shape.message)}</span>' if shape.message else ""
            out.append(f"<li><code>{_h(shape.name)}</code>{label}{detail}{inherited}{message}</li>")
        out.append("</ul>")
    else:
        out.append('<p class="note">No shape constrains it.</p>')
    out.append("<h4>Example</h4>")
    if term.example is not None:
        note = f"; {_h(term.example.note)}" if term.example.note else ""
        out.append(f"<pre>{_h(term.example.turtle)}</pre>")
        out.append(f'<p class="note">From <code>{_h(term.example.file)}</code>{note}.</p>')
    else:
        out.append('<p class="note">Not used in the data or the examples yet.</p>')
    out.append("</section>")
    return out


def html_page(page: PageDoc) -> str:
    body = [
        '<p><a href="index.html">claimgraph ontology reference</a></p>',
        f"<h1>{_h(page.title)}</h1>",
    ]
    if page.description:
        body.append(f"<p>{_h(page.description)}</p>")
    for facts in page.headers:
        body.append("<table>")
        for key, value in facts.items():
            body.append(f"<tr><th>{_h(key)}</th><td><code>{_h(value)}</code></td></tr>")
        body.append("</table>")
    if page.diagram:
        svg = page.diagram[page.diagram.find("<svg") :]
        body.append("<h2>Class hierarchy</h2>")
        body.append(f'<div class="diagram">{svg}</div>')
        body.append(
            f'<p class="note">Also as <a href="{_h(page.diagram_file)}">'
            f"{_h(page.diagram_file)}</a>. Dashed: classes of another vocabulary.</p>"
        )
    body.append("<nav><h2>Terms</h2>")
    for section in page.sections:
        body.append(f"<h3>{_h(section.title)}</h3><ul>")
        body.extend(
            f'<li><a href="#{_h(t.anchor)}"><code>{_h(t.qname)}</code></a> {_h(t.label)}</li>'
            for t in section.terms
        )
        body.append("</ul>")
    body.append("</nav>")
    for section in page.sections:
        body.append(f"<h2>{_h(section.title)}</h2>")
        for term in section.terms:
            body.extend(_html_term(term))
    return _html_page(page.title, body)


def html_index(pages: Sequence[PageDoc]) -> str:
    body = [
        "<h1>claimgraph ontology reference</h1>",
        "<p>Generated by <code>claimgraph ontology docs</code> from the ontology's own "
        "annotations, shapes and data; do not edit by hand.</p>",
        "<table><tr><th>vocabulary</th><th>ontology</th><th>version</th>"
        "<th>classes</th><th>properties</th><th>individuals</th></tr>",
    ]
    for page in pages:
        facts = page.headers[0] if page.headers else {}
        classes = sum(1 for t in page.terms if t.kind in ("class", "datatype"))
        individuals = sum(1 for t in page.terms if t.kind == "individual")
        properties = len(page.terms) - classes - individuals
        body.append(
            f'<tr><td><a href="{_h(page.page)}.html">{_h(page.title)}</a></td>'
            f"<td><code>{_h(facts.get('ontology', ''))}</code></td>"
            f"<td>{_h(facts.get('version', ''))}</td>"
            f"<td>{classes}</td><td>{properties}</td><td>{individuals}</td></tr>"
        )
    body.append("</table>")
    return _html_page("claimgraph ontology reference", body)


# --- Markdown ----------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def _md_link(link: Link, markdown_pages: bool = True) -> str:
    code = f"`{link.text}`"
    if link.href:
        href = link.href.replace(".html#", ".md#") if markdown_pages else link.href
        return f"[{code}]({href})"
    return code


def _fence(text: str) -> str:
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def _md_term(term: TermDoc) -> list[str]:
    out = [
        f'<a id="{_h(term.anchor)}"></a>',
        "",
        f"### {_md(term.label)} (`{term.qname}`, {term.kind})",
        "",
    ]
    if term.deprecated:
        replacement = ", ".join(_md_link(r) for r in term.replaced_by) or "no replacement named"
        out += [f"**Deprecated**; use {replacement}.", ""]
    out += ["| | |", "|---|---|", f"| IRI | `{term.iri}` |"]
    for definition in term.definitions or ["(no definition)"]:
        out.append(f"| definition | {_md(definition)} |")
    for comment in term.comments:
        out.append(f"| comment | {_md(comment)} |")
    for title, links in term.rows:
        out.append(f"| {_md(title)} | {', '.join(_md_link(x) for x in links)} |")
    if term.defined_by:
        out.append(f"| defined by | {', '.join(_md_link(x) for x in term.defined_by)} |")
    out.append("")
    if term.mappings:
        out.append("In other vocabularies:")
        out.append("")
        for predicate, target, note in term.mappings:
            why = f": {_md(note)}" if note else ""
            out.append(f"- `{predicate}` {_md_link(target)}{why}")
        out.append("")
    if term.shapes:
        out.append("Shapes:")
        out.append("")
        for shape in term.shapes:
            inherited = f" (through `{shape.inherited_from}`)" if shape.inherited_from else ""
            label = f" ({_md(shape.label)})" if shape.label else ""
            detail = f": {_md(shape.detail)}" if shape.detail else ""
            message = f". {_md(shape.message)}" if shape.message else ""
            out.append(f"- `{shape.name}`{label}{detail}{inherited}{message}")
        out.append("")
    else:
        out += ["No shape constrains it.", ""]
    if term.example is not None:
        fence = _fence(term.example.turtle)
        note = f"; {_md(term.example.note)}" if term.example.note else ""
        out += [
            f"Example, from `{term.example.file}`{note}:",
            "",
            f"{fence}turtle",
            term.example.turtle,
            fence,
            "",
        ]
    else:
        out += ["Not used in the data or the examples yet.", ""]
    return out


def markdown_page(page: PageDoc) -> str:
    out = ["[claimgraph ontology reference](index.md)", "", f"# {_md(page.title)}", ""]
    if page.description:
        out += [_md(page.description), ""]
    for facts in page.headers:
        out += ["| | |", "|---|---|"]
        out += [f"| {_md(key)} | `{value}` |" for key, value in facts.items()]
        out.append("")
    if page.diagram_file:
        out += ["## Class hierarchy", "", f"![class hierarchy]({page.diagram_file})", ""]
    out += ["## Terms", ""]
    for section in page.sections:
        out.append(
            f"- {_md(section.title)}: "
            + ", ".join(f"[`{t.qname}`](#{t.anchor})" for t in section.terms)
        )
    out.append("")
    for section in page.sections:
        out += [f"## {_md(section.title)}", ""]
        for term in section.terms:
            out += _md_term(term)
    return "\n".join(out).rstrip("\n") + "\n"


def markdown_index(pages: Sequence[PageDoc]) -> str:
    out = [
        "# claimgraph ontology reference",
        "",
        "Generated by `claimgraph ontology docs` from the ontology's own annotations, shapes "
        "and data; do not edit by hand.",
        "",
        "| vocabulary | ontology | version | terms |",
        "|---|---|---|---|",
    ]
    for page in pages:
        facts = page.headers[0] if page.headers else {}
        out.append(
            f"| [{_md(page.title)}]({page.page}.md) | `{facts.get('ontology', '')}` | "
            f"{_md(facts.get('version', ''))} | {len(page.terms)} |"
        )
    return "\n".join(out) + "\n"


# --- the generator -----------------------------------------------------------------------


def build_pages(corpus: Corpus, diagram: str = "auto") -> tuple[list[PageDoc], str]:
    """The documentation of a corpus, page by page, and the diagram tool used."""
    if diagram not in DIAGRAMS:
        raise InputError(f"unknown diagram kind {diagram!r}", hint="auto, dot or tree")
    ontology, shapes, data = corpus_sources(corpus)
    builder = _Builder(ontology, shapes, data)
    groups = ["core", *sorted(g for g in builder.own if g != "core")]
    tool = diagram
    if diagram == "auto":
        tool = "dot" if shutil.which("dot") else "tree"
    pages: list[PageDoc] = []
    for group in groups:
        page = builder.page(group)
        nodes, edges = builder.hierarchy(group)
        if nodes:
            if tool == "dot":
                page.diagram = render_dot(hierarchy_dot(builder, group, nodes, edges))
            else:
                page.diagram = render_tree(builder, group, nodes, edges)
            page.diagram_file = f"{group}-classes.svg"
        pages.append(page)
    return pages, tool


def generate_docs(
    corpus: Corpus,
    output: Path,
    *,
    formats: Sequence[str] = FORMATS,
    diagram: str = "auto",
) -> DocsResult:
    """Write the reference documentation of ``corpus`` into the folder ``output``.

    HTML pages (``index.html``, ``core.html``, ``<extension>.html``), Markdown pages of the
    same names, and one class-hierarchy SVG per page. Every file is written atomically.
    """
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise InputError(f"unknown documentation format {unknown!r}", hint="html, markdown")
    pages, tool = build_pages(corpus, diagram)
    files: dict[Path, str] = {}
    for page in pages:
        if page.diagram:
            files[output / page.diagram_file] = page.diagram
        if "html" in formats:
            files[output / f"{page.page}.html"] = html_page(page)
        if "markdown" in formats:
            files[output / f"{page.page}.md"] = markdown_page(page)
    if "html" in formats:
        files[output / "index.html"] = html_index(pages)
    if "markdown" in formats:
        files[output / "index.md"] = markdown_index(pages)
    protected = protected_for(corpus)
    check_output_folder(output, protected)
    for path in files:
        check_output(path, protected)
    result = DocsResult(diagram_tool=tool)
    for path, text in sorted(files.items()):
        write_atomically(path, text.encode("utf-8"))
        result.files.append(path)
    result.terms = {page.group: [t.iri for t in page.terms] for page in pages}
    return result


__all__ = ["DIAGRAMS", "FORMATS", "DocsResult", "build_pages", "generate_docs"]
