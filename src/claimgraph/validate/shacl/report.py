"""Validation results and reports, the same whichever engine produced them."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import RDF, SH, BNode, Graph, Literal
from rdflib.term import Node

from claimgraph.rdf.namespace import PREFIXES

SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


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
            # Two results can differ in their constraint component alone; order those too,
            # so that output never depends on the order an engine found them in.
            str(self.constraint),
        )

    def identity(self) -> tuple[str, ...]:
        """Every field as text, for comparing results of two engines exactly."""
        return (
            self.focus.n3(),
            self.source_shape.n3(),
            self.constraint.n3(),
            self.severity,
            self.message,
            self.path.n3() if self.path is not None else "",
            self.value.n3() if self.value is not None else "",
            ",".join(self.files),
        )


@dataclass
class ValidationReport:
    """The outcome of validating a corpus."""

    results: list[ValidationResult] = field(default_factory=list)
    engine: str = "pyshacl"
    """The engine that produced the results: ``fast`` or ``pyshacl``."""
    notes: list[str] = field(default_factory=list)
    """What the user should know about how the report was made (e.g. why the fast engine
    handed over to pySHACL)."""

    @property
    def conforms(self) -> bool:
        """SHACL's ``sh:conforms``: True only when there is no result at all.

        A warning or an info makes it False too, as the SHACL specification, pySHACL and
        Jena have it; whether that fails a run is :attr:`has_violations`'s business.
        """
        return not self.results

    @property
    def has_violations(self) -> bool:
        """Whether a result is a violation: what the exit code of ``validate`` follows
        (warnings and infos alone exit 0)."""
        return any(r.severity == "Violation" for r in self.results)

    def verdict(self) -> str:
        """The verdict in words: ``conforms``, ``does not conform``, or, when there are
        only warnings and infos, ``does not conform, with warnings only (exit code 0)``."""
        if self.conforms:
            return "conforms"
        if self.has_violations:
            return "does not conform"
        kinds = [k for k in ("Warning", "Info") if self.count(k)]
        only = " and ".join(f"{k.lower()}s" for k in kinds)
        return f"does not conform, with {only} only (exit code 0)"

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
