"""``claimgraph validate``: SHACL shapes and source-text checks, one report.

pySHACL runs the shapes of ``ontology/shapes/`` over the data (every graph but the
ontology's), with the ontology mixed in so that ``sh:class`` and ``sh:targetClass`` follow
``rdfs:subClassOf``. The checks SHACL cannot make (a source text whose bytes no longer match
the checksum the data records) are added as results of the same form, so a user reads one
report, grouped by node and shape, each node named with the file it comes from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pyshacl import validate as pyshacl_validate
from rdflib import RDF, SH, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .corpus import Corpus
from .errors import InputError
from .loading import ONTOLOGY_GRAPH, LoadedCorpus, load_corpus, read_quads, to_rdflib
from .namespace import CG, PREFIXES, SHAPES
from .progress import Progress, no_progress

SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}

TEXT_CHECKSUM_SHAPE = SHAPES["TextChecksumMatches"]
"""The source shape named by the results of the checksum check made in Python."""


@dataclass(frozen=True)
class ValidationResult:
    """One result: which node broke which constraint, and where that node is stated."""

    focus: Node
    source_shape: Node
    constraint: Node
    severity: str
    message: str
    path: Node | None = None
    value: Node | None = None
    files: tuple[str, ...] = ()

    def sort_key(self) -> tuple[str, ...]:
        """Order results by file, node, shape, then the rest, for stable reports."""
        return (
            ",".join(self.files),
            str(self.focus),
            str(self.source_shape),
            str(SEVERITY_ORDER.get(self.severity, 9)),
            str(self.path or ""),
            str(self.value or ""),
            self.message,
        )


@dataclass
class ValidationReport:
    """The outcome of validating a corpus."""

    results: list[ValidationResult] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        """True when no result is a violation (warnings and infos do not break conformance)."""
        return not any(r.severity == "Violation" for r in self.results)

    def count(self, severity: str) -> int:
        """How many results have this severity."""
        return sum(1 for r in self.results if r.severity == severity)

    def to_graph(self) -> Graph:
        """The report as a standard ``sh:ValidationReport`` graph (for Turtle or JSON-LD)."""
        graph = Graph()
        for prefix, iri in PREFIXES.items():
            graph.bind(prefix, iri, override=True, replace=True)
        report = BNode("report")
        graph.add((report, RDF.type, SH.ValidationReport))
        graph.add((report, SH.conforms, Literal(self.conforms)))
        for index, result in enumerate(self.results):
            node = BNode(f"result{index}")
            graph.add((report, SH.result, node))
            graph.add((node, RDF.type, SH.ValidationResult))
            graph.add((node, SH.focusNode, result.focus))
            graph.add((node, SH.sourceShape, result.source_shape))
            graph.add((node, SH.sourceConstraintComponent, result.constraint))
            graph.add((node, SH.resultSeverity, SH[result.severity]))
            graph.add((node, SH.resultMessage, Literal(result.message)))
            if result.path is not None:
                graph.add((node, SH.resultPath, result.path))
            if result.value is not None:
                graph.add((node, SH.value, result.value))
        return graph


def data_graph(loaded: LoadedCorpus) -> Graph:
    """Every triple of the data, all graphs merged except the ontology's."""
    merged = Graph()
    for context in loaded.dataset.graphs():
        if context.identifier != ONTOLOGY_GRAPH:
            merged += context
    return merged


def ontology_graph(loaded: LoadedCorpus) -> Graph:
    """The ontology's triples."""
    graph = Graph()
    graph += loaded.dataset.graph(ONTOLOGY_GRAPH)
    return graph


def shapes_graph(corpus: Corpus) -> Graph:
    """The data shapes of the corpus."""
    graph = Graph()
    for index, path in enumerate(corpus.shapes_files):
        for quad in read_quads(path, blank_label=f"s{index}"):
            graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph


def _first(graph: Graph, subject: Node, predicate: URIRef) -> Node | None:
    return next(iter(graph.objects(subject, predicate)), None)


def _shacl_results(report: Graph, loaded: LoadedCorpus) -> list[ValidationResult]:
    results = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        focus = _first(report, node, SH.focusNode)
        shape = _first(report, node, SH.sourceShape)
        severity = _first(report, node, SH.resultSeverity)
        messages = sorted(str(m) for m in report.objects(node, SH.resultMessage))
        assert focus is not None and shape is not None
        results.append(
            ValidationResult(
                focus=focus,
                source_shape=shape,
                constraint=_first(report, node, SH.sourceConstraintComponent) or SH.Violation,
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                message=messages[0] if messages else "",
                path=_first(report, node, SH.resultPath),
                value=_first(report, node, SH.value),
                files=tuple(loaded.files_of(focus)),
            )
        )
    return results


def _checksum_results(loaded: LoadedCorpus) -> list[ValidationResult]:
    results = []
    for document, computed in sorted(loaded.text_checksums.items(), key=lambda i: str(i[0])):
        recorded = {str(o) for o in loaded.dataset.objects(document, CG.textSha256)}
        if recorded and computed not in recorded:
            results.append(
                ValidationResult(
                    focus=document,
                    source_shape=TEXT_CHECKSUM_SHAPE,
                    constraint=SH.SPARQLConstraintComponent,
                    severity="Violation",
                    message=(
                        "the text file's SHA-256 differs from cg:textSha256: the text changed "
                        "since it was anchored; anchors are not re-anchored silently"
                    ),
                    path=CG.textSha256,
                    value=Literal(computed),
                    files=tuple(loaded.files_of(document)),
                )
            )
    return results


def validate_corpus(
    corpus: Corpus,
    *,
    loaded: LoadedCorpus | None = None,
    progress: Progress = no_progress,
) -> ValidationReport:
    """Validate ``corpus`` against its shapes; never raises for non-conforming data."""
    loaded = loaded or load_corpus(corpus, progress)
    shapes = shapes_graph(corpus)
    if not corpus.shapes_files:
        raise InputError(
            "no shapes to validate with", hint="the ontology folder needs a shapes/ folder"
        )
    progress("validate", 0, 1)
    _, report_graph, _ = pyshacl_validate(
        data_graph(loaded),
        shacl_graph=shapes,
        ont_graph=ontology_graph(loaded),
        advanced=True,
        allow_warnings=True,
        inference="none",
    )
    progress("validate", 1, 1)
    results = _shacl_results(report_graph, loaded) + _checksum_results(loaded)
    results.sort(key=ValidationResult.sort_key)
    return ValidationReport(results=results)


__all__ = [
    "ValidationReport",
    "ValidationResult",
    "validate_corpus",
]
