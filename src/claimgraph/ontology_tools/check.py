"""``claimgraph ontology check``: what an extension (or the core) does wrong, file by file.

Each problem has a code; :data:`CHECKS` lists them with their severity and what they
guard. Errors make the check fail (exit code 1), warnings do not, as in ``validate``.
``tests/data/ontology-check/<code>-<case>/`` holds, for every code, an extension that
provokes it and nothing else.

The checks read every ontology file, every shapes file, the data and the extensions'
example data one file at a time, so each problem names the file (and, where it can be
found, the line) it comes from.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from defusedxml import ElementTree
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS
from rdflib.term import Node

from claimgraph.corpus.files import EXTENSIONS_FOLDER, Corpus, display_path, is_core_folder
from claimgraph.ontology_tools.model import (
    CLASS_KINDS,
    CORE_NAMESPACE,
    INDIVIDUAL_KINDS,
    PROPERTY_KINDS,
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
    in_standard_namespace,
    path_properties,
)
from claimgraph.rdf.namespace import ONTOLOGY_IRI, PREFIXES, SHAPES
from claimgraph.validate.shacl.wellformed import shape_problems

ERROR = "error"
WARNING = "warning"

CHECKS: dict[str, tuple[str, str]] = {
    # terms
    "term-without-label": (ERROR, "a new term has no rdfs:label in English"),
    "term-without-definition": (ERROR, "a new term has no skos:definition in English"),
    "term-without-defining-module": (
        ERROR,
        "a new term has no rdfs:isDefinedBy naming the ontology of the file it is in",
    ),
    "core-term-redefined": (ERROR, "an extension states something about a core term"),
    "core-term-clash": (
        ERROR,
        "an extension term has the name or the label of a core term of its kind",
    ),
    "term-not-linked-to-core": (
        ERROR,
        "an extension class, property or individual is not linked into the core hierarchy",
    ),
    # domains, ranges, shapes
    "undeclared-class-in-domain": (ERROR, "an rdfs:domain names a class nobody declares"),
    "undeclared-class-in-range": (ERROR, "an rdfs:range names a class nobody declares"),
    "undeclared-class-in-shape": (
        ERROR,
        "a shape's sh:targetClass or sh:class names a class nobody declares",
    ),
    "undeclared-property-in-shape": (
        ERROR,
        "a shape's sh:path (or sh:targetSubjectsOf/ObjectsOf) names a property nobody declares",
    ),
    "malformed-shape": (
        ERROR,
        "a shape is not well-formed SHACL: SHACL-SHACL fails, an sh:pattern does not compile, "
        "a SPARQL constraint does not parse or reaches the network, a path or list loops",
    ),
    "core-shape-weakened": (
        ERROR,
        "an extension's shapes deactivate a core shape, lower its severity or state "
        "anything else about it",
    ),
    # data
    "undeclared-term-in-data": (
        ERROR,
        "data uses a property, class or individual of an ontology's namespace that no loaded "
        "ontology declares",
    ),
    "deprecated-term-used": (WARNING, "data, shapes or another term use a deprecated term"),
    "deprecated-without-replacement": (
        ERROR,
        "a deprecated term names no declared replacement (dcterms:isReplacedBy)",
    ),
    # ontologies
    "incomplete-ontology-header": (
        ERROR,
        "an extension ontology lacks its name, version IRI, version info or preferred "
        "prefix and namespace, or does not import the core",
    ),
    "unresolved-import": (ERROR, "an owl:imports names an ontology no loaded file declares"),
    "namespace-clash": (
        ERROR,
        "two extensions share a namespace, or an extension uses the core's or another's",
    ),
    "prefix-clash": (
        ERROR,
        "two extensions claim one prefix, or a file binds a known prefix to another namespace",
    ),
    "catalog-entry-missing": (
        WARNING,
        "an extension's catalog-v001.xml does not resolve its IRIs or imports offline",
    ),
}
"""Every problem code: (severity, what it means)."""


@dataclass(frozen=True)
class Problem:
    """One problem: what is wrong, in which file, on which line where known."""

    code: str
    message: str
    file: str = ""
    line: int | None = None
    term: str | None = None

    @property
    def severity(self) -> str:
        return CHECKS[self.code][0]

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.file, self.line or 0, self.code, self.message)

    def location(self) -> str:
        """``FILE:LINE`` as far as known."""
        if not self.file:
            return "(corpus)"
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass
class CheckReport:
    """The outcome of ``ontology check``."""

    problems: list[Problem] = field(default_factory=list)
    files_checked: int = 0

    @property
    def ok(self) -> bool:
        """True when no problem is an error (warnings allowed)."""
        return not any(p.severity == ERROR for p in self.problems)

    def count(self, severity: str) -> int:
        return sum(1 for p in self.problems if p.severity == severity)

    def codes(self) -> set[str]:
        return {p.code for p in self.problems}

    def render(self) -> str:
        """One line per problem, ``FILE:LINE: severity[code]: message``, then a summary."""
        lines = [f"{p.location()}: {p.severity}[{p.code}]: {p.message}" for p in self.problems]
        if self.problems:
            verdict = "ok" if self.ok else "problems found"
            lines.append(
                f"{verdict}: {self.count(ERROR)} error(s), {self.count(WARNING)} warning(s) "
                f"in {self.files_checked} file(s)"
            )
        else:
            lines.append(f"ok: no problems in {self.files_checked} file(s)")
        return "\n".join(lines) + "\n"

    def to_json(self) -> str:
        """The report as JSON: ``{"ok": ..., "problems": [...]}``."""
        problems = [{**asdict(p), "severity": p.severity} for p in self.problems]
        return json.dumps({"ok": self.ok, "problems": problems}, indent=2) + "\n"


class _Checker:
    def __init__(
        self,
        corpus: Corpus,
        ontology: list[SourceFile],
        shapes: list[SourceFile],
        data: list[SourceFile],
    ) -> None:
        self.corpus = corpus
        self.ontology = ontology
        self.shapes = shapes
        self.data = data
        self.vocabulary = Vocabulary(ontology)
        self.vocabulary.learn_prefixes([*shapes, *data])
        self.namespaces = group_namespaces(self.vocabulary)
        self.own = group_terms(self.vocabulary, ontology)
        self.problems: list[Problem] = []

    # --- helpers ---------------------------------------------------------------------

    def q(self, node: Node | None) -> str:
        return self.vocabulary.qname(node)

    def report(
        self, code: str, message: str, source: SourceFile | None = None, at: Node | None = None
    ) -> None:
        self.problems.append(
            Problem(
                code=code,
                message=message,
                file=source.shown if source else "",
                line=source.line_of(at) if source else None,
                term=str(at) if isinstance(at, URIRef) else None,
            )
        )

    def extension_files(self) -> list[SourceFile]:
        return [f for f in self.ontology if f.role is Role.EXTENSION]

    def own_terms(self, group: str) -> list[Term]:
        return self.own.get(group, [])

    def new_terms(self) -> list[tuple[Term, SourceFile]]:
        """Every group's own terms (core and extensions), with the file defining each."""
        found = []
        for group, terms in sorted(self.own.items()):
            for term in terms:
                source = next(f for f in term.declared_in if f.group == group)
                found.append((term, source))
        return found

    # --- terms -----------------------------------------------------------------------

    def check_annotations(self) -> None:
        ontologies_of_file: dict[int, set[Node]] = defaultdict(set)
        for header in self.vocabulary.ontologies:
            ontologies_of_file[id(header.file)].add(header.iri)
        for term, source in self.new_terms():
            graph = self.vocabulary.graph
            name = self.q(term.iri)
            if not [
                o
                for o in graph.objects(term.iri, RDFS.label)
                if isinstance(o, Literal) and (o.language or "").startswith("en")
            ]:
                self.report(
                    "term-without-label",
                    f'{name} has no rdfs:label in English ("..."@en)',
                    source,
                    term.iri,
                )
            if not english(graph, term.iri, SKOS.definition):
                self.report(
                    "term-without-definition",
                    f"{name} has no skos:definition in English",
                    source,
                    term.iri,
                )
            defined_by = set(graph.objects(term.iri, RDFS.isDefinedBy))
            own_ontologies = ontologies_of_file[id(source)]
            if not defined_by:
                self.report(
                    "term-without-defining-module",
                    f"{name} has no rdfs:isDefinedBy (the ontology of {source.path.name})",
                    source,
                    term.iri,
                )
            elif not defined_by & own_ontologies:
                named = ", ".join(sorted(self.q(o) for o in defined_by))
                expected = ", ".join(sorted(self.q(o) for o in own_ontologies)) or (
                    f"none: {source.path.name} declares no owl:Ontology"
                )
                self.report(
                    "term-without-defining-module",
                    f"{name} is rdfs:isDefinedBy {named}, not the ontology of the file that "
                    f"declares it ({expected})",
                    source,
                    term.iri,
                )

    def check_core_terms_untouched(self) -> None:
        core = self.vocabulary.core_terms
        for source in self.extension_files():
            for subject in sorted({s for s in source.graph.subjects() if isinstance(s, URIRef)}):
                if subject in core or str(subject).startswith(CORE_NAMESPACE):
                    predicates = sorted({self.q(p) for p in source.graph.predicates(subject)})
                    what = "a core term" if subject in core else "a new term in the core namespace"
                    self.report(
                        "core-term-redefined",
                        f"{source.path.name} states {', '.join(predicates)} of "
                        f"{self.q(subject)}, {what}; only the core defines its namespace "
                        "(declare a term of your own and link it with rdfs:subClassOf or "
                        "rdfs:subPropertyOf)",
                        source,
                        subject,
                    )

    def check_clashes(self) -> None:
        core = self.vocabulary.core_terms
        by_name: dict[str, Term] = {}
        by_label: dict[tuple[Kind, str], Term] = {}
        for term in core.values():
            by_name[str(term.iri)[len(CORE_NAMESPACE) :]] = term
            for label in english(self.vocabulary.graph, term.iri, RDFS.label):
                by_label[(term.kind, label.casefold())] = term
        for group, terms in sorted(self.own.items()):
            if group == "core":
                continue
            namespace = self.namespaces.get(group) or ""
            for term in terms:
                source = next(f for f in term.declared_in if f.group == group)
                iri = str(term.iri)
                local = iri[len(namespace) :] if namespace and iri.startswith(namespace) else ""
                local = local or iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
                clash = by_name.get(local)
                if clash is not None:
                    self.report(
                        "core-term-clash",
                        f"{self.q(term.iri)} has the name of the core term {self.q(clash.iri)}; "
                        "use the core term, or a name that says how yours differs",
                        source,
                        term.iri,
                    )
                    continue
                for label in english(self.vocabulary.graph, term.iri, RDFS.label):
                    clash = by_label.get((term.kind, label.casefold()))
                    if clash is not None:
                        self.report(
                            "core-term-clash",
                            f'{self.q(term.iri)} has the label "{label}" of the core '
                            f"{term.kind.value} {self.q(clash.iri)}",
                            source,
                            term.iri,
                        )
                        break

    def _linked_class(self, node: Node) -> bool:
        """Whether a class is a core class or reaches one by rdfs:subClassOf."""
        core = self.vocabulary.core_terms
        for member in class_members(self.vocabulary.graph, node):
            if member in core:
                return True
            if any(a in core for a in self.vocabulary.ancestors(member)):
                return True
            if any(
                a in core
                for eq in self.vocabulary.graph.objects(member, OWL.equivalentClass)
                for a in {eq, *self.vocabulary.ancestors(eq)}
            ):
                return True
        return False

    def _linked_property(self, node: Node) -> bool:
        core = self.vocabulary.core_terms
        graph = self.vocabulary.graph
        if any(a in core for a in self.vocabulary.ancestors(node, RDFS.subPropertyOf)):
            return True
        if any(o in core for o in graph.objects(node, OWL.inverseOf)):
            return True
        ends = [*graph.objects(node, RDFS.domain), *graph.objects(node, RDFS.range)]
        return any(self._linked_class(end) for end in ends)

    def check_links(self) -> None:
        for group, terms in sorted(self.own.items()):
            if group == "core":
                continue
            for term in terms:
                source = next(f for f in term.declared_in if f.group == group)
                name = self.q(term.iri)
                if term.kinds & CLASS_KINDS:
                    if not self._linked_class(term.iri):
                        self.report(
                            "term-not-linked-to-core",
                            f"the class {name} is not linked into the core hierarchy: give "
                            "it an rdfs:subClassOf a cg: class (or a class that is)",
                            source,
                            term.iri,
                        )
                elif term.kinds & PROPERTY_KINDS:
                    if not self._linked_property(term.iri):
                        self.report(
                            "term-not-linked-to-core",
                            f"the property {name} is not linked into the core hierarchy: "
                            "give it an rdfs:subPropertyOf a cg: property, or a domain or "
                            "range that is a cg: class or below one",
                            source,
                            term.iri,
                        )
                elif term.kinds & INDIVIDUAL_KINDS:
                    types = [
                        t
                        for t in self.vocabulary.graph.objects(term.iri, RDF.type)
                        if t not in INDIVIDUAL_KINDS
                    ]
                    if not any(self._linked_class(t) for t in types):
                        self.report(
                            "term-not-linked-to-core",
                            f"the individual {name} has no type that is a cg: class or below one",
                            source,
                            term.iri,
                        )

    # --- domains, ranges, shapes -----------------------------------------------------

    def check_domains_and_ranges(self) -> None:
        for source in self.ontology:
            for predicate, code in (
                (RDFS.domain, "undeclared-class-in-domain"),
                (RDFS.range, "undeclared-class-in-range"),
            ):
                for subject, value in sorted(
                    source.graph.subject_objects(predicate), key=lambda so: (str(so[0]), str(so[1]))
                ):
                    for member in class_members(source.graph, value):
                        if not self.vocabulary.is_class(member):
                            self.report(
                                code,
                                f"the {self.q(predicate)} of {self.q(subject)} is "
                                f"{self.q(member)}, which no loaded ontology declares as a class",
                                source,
                                member,
                            )

    def check_shapes(self) -> None:
        # The check validate makes before it uses the shapes, every problem listed here.
        for problem in shape_problems([source.path for source in self.shapes]):
            self.problems.append(
                Problem(
                    "malformed-shape",
                    problem.message,
                    file=display_path(problem.file),
                    line=problem.line,
                )
            )
        for source in self.shapes:
            graph = source.graph
            for predicate in (SH.targetClass, SH["class"]):
                for shape, value in sorted(
                    graph.subject_objects(predicate), key=lambda so: (str(so[0]), str(so[1]))
                ):
                    if not self.vocabulary.is_class(value):
                        self.report(
                            "undeclared-class-in-shape",
                            f"{self._shape_name(graph, shape)} has {self.q(predicate)} "
                            f"{self.q(value)}, which no loaded ontology declares as a class",
                            source,
                            value,
                        )
            for predicate in (SH.path, SH.targetSubjectsOf, SH.targetObjectsOf):
                for shape, value in sorted(
                    graph.subject_objects(predicate), key=lambda so: (str(so[0]), str(so[1]))
                ):
                    for prop in path_properties(graph, value):
                        if not self.vocabulary.is_property(prop):
                            self.report(
                                "undeclared-property-in-shape",
                                f"{self._shape_name(graph, shape)} has {self.q(predicate)} "
                                f"{self.q(prop)}, which no loaded ontology declares as a "
                                "property",
                                source,
                                prop,
                            )

    def check_core_shapes_untouched(self) -> None:
        # An extension adds members to the core's open lists by declaring them; it never
        # needs to switch a core shape off or soften it, and doing so would silence the
        # core's checks for every document, not only the extension's.
        core_shapes = str(SHAPES)
        for source in self.shapes:
            if source.group == "core":
                continue
            for shape, predicate, value in sorted(source.graph, key=lambda t: tuple(map(str, t))):
                if not (isinstance(shape, URIRef) and str(shape).startswith(core_shapes)):
                    continue
                if predicate == SH.deactivated:
                    what = f"deactivates the core shape {self.q(shape)} (sh:deactivated)"
                elif predicate == SH.severity:
                    what = f"sets the severity of the core shape {self.q(shape)} to {self.q(value)}"
                else:
                    what = (
                        f"states {self.q(predicate)} {self.q(value)} about the core shape "
                        f"{self.q(shape)}"
                    )
                self.report(
                    "core-shape-weakened",
                    f"the extension {what}; declare new members of an open list "
                    "(speech acts, modes, attack kinds, authority kinds) in the extension's "
                    "terms instead, and leave the core shapes as they are",
                    source,
                    shape,
                )

    def _shape_name(self, graph: Graph, shape: Node) -> str:
        if isinstance(shape, URIRef):
            return f"the shape {self.q(shape)}"
        for parent in graph.subjects(SH.property, shape):
            return f"a property shape of {self.q(parent)}"
        return "a shape"

    # --- data ------------------------------------------------------------------------

    def _vocabulary_namespace(self, node: Node) -> bool:
        """Whether ``node`` lies in the namespace of a loaded ontology (core or extension)."""
        text = str(node)
        return isinstance(node, URIRef) and any(
            namespace and text.startswith(namespace) for namespace in self.namespaces.values()
        )

    def check_data(self) -> None:
        for source in self.data:
            undeclared: dict[Node, str] = {}
            for _, predicate, value in source.graph:
                # A value in an ontology's namespace (cg:Assertion, legal:...) is a term:
                # a misspelt or never-declared speech act, mode or kind is caught here
                # rather than only by the shapes of the one property it is used with.
                if (
                    predicate != RDF.type
                    and self._vocabulary_namespace(value)
                    and not self.vocabulary.is_declared(value)
                    and value not in undeclared
                ):
                    undeclared[value] = "term"
                if not self.vocabulary.is_property(predicate) and predicate not in undeclared:
                    undeclared[predicate] = "property"
                if (
                    predicate == RDF.type
                    and isinstance(value, URIRef)
                    and not self.vocabulary.is_class(value)
                    and value not in undeclared
                ):
                    undeclared[value] = "class"
            for term, kind in sorted(undeclared.items(), key=lambda i: str(i[0])):
                hint = (
                    " (a term of a standard vocabulary that does not exist there)"
                    if in_standard_namespace(term)
                    else ""
                )
                self.report(
                    "undeclared-term-in-data",
                    f"the {kind} {self.q(term)} is used in the data, but no loaded ontology "
                    f"declares it{hint}",
                    source,
                    term,
                )

    def check_deprecation(self) -> None:
        deprecated = self.vocabulary.deprecated
        for iri in sorted(deprecated):
            declared = self.vocabulary.terms.get(iri)
            replacements = list(self.vocabulary.graph.objects(iri, DCTERMS.isReplacedBy))
            declaring = declared.file if declared else None
            if not replacements:
                self.report(
                    "deprecated-without-replacement",
                    f"{self.q(iri)} is deprecated but names no replacement (dcterms:isReplacedBy)",
                    declaring,
                    iri,
                )
            for replacement in replacements:
                if not self.vocabulary.is_declared(replacement):
                    self.report(
                        "deprecated-without-replacement",
                        f"{self.q(iri)} is replaced by {self.q(replacement)}, which no loaded "
                        "ontology declares",
                        declaring,
                        iri,
                    )
        if not deprecated:
            return
        skip = {DCTERMS.isReplacedBy, RDFS.seeAlso, OWL.deprecated}
        for source in self.ontology + self.shapes:
            used: set[Node] = set()
            for subject, predicate, value in source.graph:
                if value in deprecated and subject not in deprecated and predicate not in skip:
                    used.add(value)
            for used_term in sorted(used, key=str):
                self.report(
                    "deprecated-term-used",
                    f"{source.path.name} refers to {self.q(used_term)}, which is deprecated"
                    f"{self._replacement_hint(used_term)}",
                    source,
                    used_term,
                )
        for source in self.data:
            used = set()
            for _, predicate, value in source.graph:
                used |= {t for t in (predicate, value) if t in deprecated}
            for used_term in sorted(used, key=str):
                self.report(
                    "deprecated-term-used",
                    f"the data uses {self.q(used_term)}, which is deprecated"
                    f"{self._replacement_hint(used_term)}",
                    source,
                    used_term,
                )

    def _replacement_hint(self, term: Node) -> str:
        replacements = sorted(
            self.q(r) for r in self.vocabulary.graph.objects(term, DCTERMS.isReplacedBy)
        )
        return f"; use {' or '.join(replacements)}" if replacements else ""

    # --- ontologies, namespaces, prefixes --------------------------------------------

    def extension_headers(self) -> list[OntologyHeader]:
        return [h for h in self.vocabulary.ontologies if h.file.role is Role.EXTENSION]

    def check_headers(self) -> None:
        headers_by_file: dict[int, list[OntologyHeader]] = defaultdict(list)
        for header in self.extension_headers():
            headers_by_file[id(header.file)].append(header)
        imports_core = self._imports_core()
        groups_with_namespace = {g for g, ns in self.namespaces.items() if ns}
        for source in self.extension_files():
            headers = headers_by_file.get(id(source), [])
            if len(headers) != 1:
                self.report(
                    "incomplete-ontology-header",
                    f"{source.path.name} declares {len(headers)} owl:Ontology; an extension "
                    "file declares exactly one",
                    source,
                )
                continue
            header = headers[0]
            missing = []
            if not english(header.graph, header.iri, RDFS.label) and not english(
                header.graph, header.iri, DCTERMS.title
            ):
                missing.append("rdfs:label or dcterms:title")
            if not isinstance(header.version_iri, URIRef):
                missing.append("owl:versionIRI")
            if header.version_info is None:
                missing.append("owl:versionInfo")
            if source.group not in groups_with_namespace:
                missing.append("vann:preferredNamespacePrefix and vann:preferredNamespaceUri")
            if header.iri not in imports_core:
                missing.append(f"owl:imports <{ONTOLOGY_IRI}> (directly or through another)")
            if missing:
                self.report(
                    "incomplete-ontology-header",
                    f"the ontology {self.q(header.iri)} lacks {'; '.join(missing)}",
                    source,
                    header.iri,
                )
            version, info = header.version_iri, header.version_info
            if isinstance(version, URIRef) and info and str(version) != f"{header.iri}/{info}":
                self.report(
                    "incomplete-ontology-header",
                    f"the version IRI of {self.q(header.iri)} is {self.q(version)}; by the "
                    f"project's convention it is <{header.iri}/{info}> (IRI/versionInfo)",
                    source,
                    version,
                )
            if header.prior_version is not None and header.prior_version == version:
                self.report(
                    "incomplete-ontology-header",
                    f"{self.q(header.iri)} names its own version as owl:priorVersion",
                    source,
                    header.iri,
                )

    def _imports_core(self) -> set[Node]:
        """Ontologies that import the core umbrella, directly or through others."""
        imports: dict[Node, set[Node]] = defaultdict(set)
        for s, o in self.vocabulary.graph.subject_objects(OWL.imports):
            imports[s].add(o)
        reaching: set[Node] = set()
        for start in list(imports):
            seen: set[Node] = set()
            todo = [start]
            while todo:
                current = todo.pop()
                for target in imports.get(current, ()):
                    if target not in seen:
                        seen.add(target)
                        todo.append(target)
            if ONTOLOGY_IRI in seen:
                reaching.add(start)
        return reaching

    def check_imports(self) -> None:
        known = self.vocabulary.ontology_iris
        for source in self.ontology + self.shapes:
            for ontology, imported in sorted(
                source.graph.subject_objects(OWL.imports), key=lambda so: (str(so[0]), str(so[1]))
            ):
                if imported not in known:
                    self.report(
                        "unresolved-import",
                        f"{self.q(ontology)} imports {self.q(imported)}, which no loaded file "
                        "declares (claimgraph never fetches imports from the web)",
                        source,
                        imported,
                    )

    def check_namespaces(self) -> None:
        own_namespaces = set(PREFIXES.values())
        claimed: dict[str, OntologyHeader] = {}
        prefixes: dict[str, OntologyHeader] = {}
        headers = [
            h
            for h in self.vocabulary.ontologies
            if h.file.role is Role.EXTENSION and (h.namespace or h.prefix)
        ]
        headers += [
            h
            for source in self.shapes
            if source.group != "core"
            for h in (
                OntologyHeader(s, source)
                for s in sorted(source.graph.subjects(RDF.type, OWL.Ontology), key=str)
                if isinstance(s, URIRef)
            )
            if h.namespace or h.prefix
        ]
        for header in headers:
            source, namespace, prefix = header.file, header.namespace, header.prefix
            group = source.group
            if namespace:
                if namespace.startswith(CORE_NAMESPACE) or namespace in own_namespaces:
                    self.report(
                        "namespace-clash",
                        f"{self.q(header.iri)} takes the namespace <{namespace}>, which is "
                        "claimgraph's own",
                        source,
                        header.iri,
                    )
                other = claimed.get(namespace)
                if other is not None and other.file.group != group:
                    self.report(
                        "namespace-clash",
                        f"{self.q(header.iri)} ({group}) and {self.q(other.iri)} "
                        f"({other.file.group}, {other.file.shown}) both take the namespace "
                        f"<{namespace}>",
                        source,
                        header.iri,
                    )
                claimed.setdefault(namespace, header)
            if prefix:
                other = prefixes.get(prefix)
                if prefix in PREFIXES and PREFIXES[prefix] != namespace:
                    self.report(
                        "prefix-clash",
                        f'{self.q(header.iri)} prefers the prefix "{prefix}", which '
                        f"claimgraph binds to <{PREFIXES[prefix]}>",
                        source,
                        header.iri,
                    )
                elif (
                    other is not None and other.file.group != group and other.namespace != namespace
                ):
                    self.report(
                        "prefix-clash",
                        f"{self.q(header.iri)} ({group}) and {self.q(other.iri)} "
                        f"({other.file.group}, {other.file.shown}) both prefer the prefix "
                        f'"{prefix}", for different namespaces',
                        source,
                        header.iri,
                    )
                prefixes.setdefault(prefix, header)
        # A file binding a known prefix to another namespace: a misspelt cg: namespace, or
        # one extension's prefix used for another's terms.
        known = dict(PREFIXES)
        for prefix, header in prefixes.items():
            if header.namespace:
                known.setdefault(prefix, header.namespace)
        for source in [*self.ontology, *self.shapes, *self.data]:
            for prefix, namespace in sorted(source.prefixes.items()):
                expected = known.get(prefix)
                if expected is not None and namespace != expected:
                    self.report(
                        "prefix-clash",
                        f'{source.path.name} binds the prefix "{prefix}:" to <{namespace}>; '
                        f"claimgraph and its extensions bind it to <{expected}>",
                        source,
                        URIRef(namespace),
                    )
        # Terms of one extension declared in another's namespace.
        for group, terms in sorted(self.own.items()):
            for term in terms:
                for source in term.declared_in:
                    if source.group == group or source.role is not Role.EXTENSION:
                        continue
                    self.report(
                        "namespace-clash",
                        f"{source.path.name} ({source.group}) declares {self.q(term.iri)} in "
                        f"the namespace of {group}",
                        source,
                        term.iri,
                    )

    def check_catalogs(self) -> None:
        core_catalogs = {
            item.resolve()
            for item in (e.folder.parent.parent for e in self.corpus.extensions)
            if is_core_folder(item)
        }
        for extension in self.corpus.extensions:
            files = [f for f in self.ontology if f.group == extension.name]
            catalog = extension.folder / CATALOG
            shown = display_path(catalog)
            if not catalog.is_file():
                self.problems.append(
                    Problem(
                        "catalog-entry-missing",
                        f"the extension {extension.name} has no {CATALOG}, so Protégé and "
                        "ROBOT cannot resolve its imports offline",
                        file=display_path(extension.folder),
                    )
                )
                continue
            mapping = read_catalog(catalog)
            for source in files:
                for header in (h for h in self.vocabulary.ontologies if h.file is source):
                    for iri in (header.iri, header.version_iri):
                        if not isinstance(iri, URIRef):
                            continue
                        target = mapping.get(str(iri))
                        if target is None or target != source.path.resolve():
                            self.problems.append(
                                Problem(
                                    "catalog-entry-missing",
                                    f"{CATALOG} does not map {self.q(iri)} to {source.path.name}",
                                    file=shown,
                                    term=str(iri),
                                )
                            )
                    for imported in header.imports:
                        if imported not in self.vocabulary.ontology_iris:
                            continue  # unresolved-import reports it
                        target = mapping.get(str(imported))
                        if target is None or not target.is_file():
                            self.problems.append(
                                Problem(
                                    "catalog-entry-missing",
                                    f"{CATALOG} does not resolve {self.q(imported)}, which "
                                    f"{self.q(header.iri)} imports, to a local file",
                                    file=shown,
                                    term=str(imported),
                                )
                            )
            core_folder = extension.folder.parent.parent
            if core_folder.resolve() in core_catalogs:
                core_catalog = core_folder / CATALOG
                chained = read_catalog(core_catalog, follow=False, chains=True)
                if catalog.resolve() not in {p for p in chained.values()}:
                    self.problems.append(
                        Problem(
                            "catalog-entry-missing",
                            f"{display_path(core_catalog)} does not chain to the extension's "
                            f'catalog: add <nextCatalog catalog="{EXTENSIONS_FOLDER}/'
                            f'{extension.name}/{CATALOG}"/>',
                            file=display_path(core_catalog),
                        )
                    )

    def run(self) -> list[Problem]:
        self.check_headers()
        self.check_imports()
        self.check_namespaces()
        self.check_annotations()
        self.check_core_terms_untouched()
        self.check_clashes()
        self.check_links()
        self.check_domains_and_ranges()
        self.check_shapes()
        self.check_core_shapes_untouched()
        self.check_data()
        self.check_deprecation()
        self.check_catalogs()
        unique = {(p.code, p.message, p.file, p.line): p for p in self.problems}
        return sorted(unique.values(), key=Problem.sort_key)


CATALOG = "catalog-v001.xml"
_CATALOG_NS = "{urn:oasis:names:tc:entity:xmlns:xml:catalog}"


def read_catalog(path: Path, *, follow: bool = True, chains: bool = False) -> dict[str, Path]:
    """IRI -> local file, as an OASIS XML catalog maps them (``nextCatalog`` followed).

    With ``chains``, the catalogs it chains to are returned instead, keyed by their
    ``catalog`` attribute.
    """
    found: dict[str, Path] = {}
    seen: set[Path] = set()

    def read(current: Path) -> None:
        if current in seen or not current.is_file():
            return
        seen.add(current)
        try:
            root = ElementTree.parse(current).getroot()
        except Exception:  # a broken catalog resolves nothing; the check reports that
            return
        for entry in root.iter():
            if entry.tag == f"{_CATALOG_NS}uri" and not chains:
                name, uri = entry.get("name"), entry.get("uri")
                if name and uri:
                    found.setdefault(name, (current.parent / uri).resolve())
            elif entry.tag == f"{_CATALOG_NS}nextCatalog":
                target = entry.get("catalog")
                if not target:
                    continue
                resolved = (current.parent / target).resolve()
                if chains:
                    found[target] = resolved
                elif follow:
                    read(resolved)

    read(path.resolve())
    return found


def check_ontology(corpus: Corpus, *, data: bool = True) -> CheckReport:
    """Check the ontology files, shapes, data and extension examples of ``corpus``.

    ``data=False`` leaves out the corpus's data (the extensions' examples are still read).
    Unparseable files raise :class:`~claimgraph.errors.InputError`, as every command does.
    """
    ontology, shapes, data_files = corpus_sources(corpus, data=data)
    checker = _Checker(corpus, ontology, shapes, data_files)
    return CheckReport(
        problems=checker.run(), files_checked=len(ontology) + len(shapes) + len(data_files)
    )


def describe_checks() -> Iterable[tuple[str, str, str]]:
    """(code, severity, what it guards) for every check, for help texts and docs."""
    for code, (severity, text) in CHECKS.items():
        yield code, severity, text


__all__ = [
    "CHECKS",
    "ERROR",
    "WARNING",
    "CheckReport",
    "Problem",
    "check_ontology",
    "describe_checks",
    "read_catalog",
]
