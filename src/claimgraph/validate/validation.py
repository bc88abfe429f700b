"""``claimgraph validate``: SHACL shapes and source-text checks, one report.

Two engines give the same report, and :func:`run_engine` is the one place that chooses
between them (``validate``, ``build`` and the incremental validation of the store all call
it):

- ``fast`` (the default): the shapes compiled to SPARQL and run on the corpus's Oxigraph
  store (:mod:`claimgraph.validate.shacl`). Shapes it does not support hand the whole validation to
  pySHACL, and the report says so in its notes: nothing is skipped silently.
- ``pyshacl``: pySHACL runs the shapes of ``ontology/shapes/`` over the data (every graph
  but the ontology's), with the ontology as ``ont_graph`` so that ``sh:class`` and
  ``sh:targetClass`` follow ``rdfs:subClassOf``. It is the reference the tests compare the
  fast engine against.

The checks SHACL cannot make (a source text whose bytes no longer match the checksum the
data records) are added as results of the same form, so a user reads one report, grouped by
node and shape, each node named with the file it comes from.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum

import pyoxigraph as ox
from pyshacl import validate as pyshacl_validate
from pyshacl.errors import ReportableRuntimeError
from rapidfuzz import fuzz, process
from rdflib import RDF, SH, Graph, Literal, URIRef
from rdflib.term import Node

from claimgraph.corpus.files import Corpus
from claimgraph.corpus.loading import LoadedCorpus, load_corpus
from claimgraph.errors import InputError
from claimgraph.progress import Progress, no_progress
from claimgraph.rdf.namespace import CG, ONTOLOGY_GRAPH, SHAPES
from claimgraph.rdf.terms import to_oxigraph, to_rdflib
from claimgraph.validate.shacl import (
    SEVERITY_ORDER,
    Candidates,
    CompiledShapes,
    UnsupportedShapesError,
    ValidationReport,
    ValidationResult,
    compile_shapes,
    run_checks_keyed,
)
from claimgraph.validate.shacl.engine import CheckStore
from claimgraph.validate.shacl.wellformed import check_shapes_files, read_shapes

TEXT_CHECKSUM_SHAPE = SHAPES["TextChecksumMatches"]
"""The source shape named by the results of the checksum check made in Python."""


class ValidationEngine(StrEnum):
    """The engines that can validate a corpus."""

    FAST = "fast"
    PYSHACL = "pyshacl"


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
    for quad in loaded.store.quads_for_pattern(None, None, None, ox.NamedNode(str(ONTOLOGY_GRAPH))):
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph


def shapes_graph(corpus: Corpus) -> Graph:
    """The data shapes of the corpus, once they are known to be well-formed SHACL.

    A bad shape raises :class:`InputError` with its file and line
    (:mod:`claimgraph.validate.shacl.wellformed`): it is a mistake in the shapes, never a verdict on
    the data, so neither engine runs.
    """
    return read_shapes(corpus.shapes_files)


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


def checksum_results(loaded: LoadedCorpus) -> list[ValidationResult]:
    """A result for every document whose text file no longer matches cg:textSha256."""
    results = []
    for document, computed in sorted(loaded.text_checksums.items(), key=lambda i: str(i[0])):
        recorded = {
            str(getattr(q.object, "value", q.object))
            for q in loaded.store.quads_for_pattern(
                to_oxigraph(document), ox.NamedNode(str(CG.textSha256)), None
            )
        }
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


ANCHOR_TEXT_SHAPES = frozenset(
    {SHAPES.AnchorMatchesText, SHAPES.AnchorPrefixMatches, SHAPES.AnchorSuffixMatches}
)
"""Shapes that compare an anchor with its document's text. They run once per document (so
their focus node is the document) and name the anchor as ``sh:value``."""


def _literal_values(loaded: LoadedCorpus, subject: Node, predicate: URIRef) -> list[str]:
    return [
        str(getattr(q.object, "value", q.object))
        for q in loaded.store.quads_for_pattern(
            to_oxigraph(subject), ox.NamedNode(str(predicate)), None
        )
    ]


def _nearest(text: str, quote: str, start: int) -> int | None:
    """Where in ``text`` the occurrence of ``quote`` nearest to ``start`` begins."""
    best: int | None = None
    at = text.find(quote)
    while at >= 0:
        if best is None or abs(at - start) < abs(best - start):
            best = at
        at = text.find(quote, at + 1)
    return best


def _where_the_quote_is(loaded: LoadedCorpus, document: Node, anchor: Node) -> str:
    texts = _literal_values(loaded, document, CG.text)
    exacts = _literal_values(loaded, anchor, CG.exact)
    starts = _literal_values(loaded, anchor, CG.start)
    ends = _literal_values(loaded, anchor, CG.end)
    if len(texts) != 1 or len(exacts) != 1 or len(starts) != 1 or len(ends) != 1:
        return ""
    try:
        start, end = int(starts[0]), int(ends[0])
    except ValueError:
        return ""
    quote = exacts[0]
    found = _nearest(texts[0], quote, start) if quote else None
    if found is None:
        return (
            " The quote occurs nowhere in the text (hint: 'claimgraph anchor TEXT QUOTE' finds "
            "it across quote marks, dashes and spaces)."
        )
    return (
        f" The quote is found at {found}-{found + len(quote)}, the anchor says {start}-{end}"
        f" (hint: set cg:start {found} and cg:end {found + len(quote)})."
    )


def anchors_as_focus(
    results: list[ValidationResult], loaded: LoadedCorpus
) -> list[ValidationResult]:
    """Results of the anchor-versus-text shapes reported on the anchor, not the document.

    The shapes report the document as the focus node (see ``ANCHOR_TEXT_SHAPES``); the
    mistake is the anchor's, so the result is moved to the anchor (its file, its line),
    and a quote that differs from the text at its offsets is told where the quote is.
    Both engines' results go through here, so they stay identical.
    """
    moved: list[ValidationResult] = []
    for result in results:
        if result.source_shape not in ANCHOR_TEXT_SHAPES or not isinstance(result.value, URIRef):
            moved.append(result)
            continue
        message = result.message
        if result.source_shape == SHAPES.AnchorMatchesText:
            message += _where_the_quote_is(loaded, result.focus, result.value)
        moved.append(
            replace(
                result,
                focus=result.value,
                message=message,
                files=tuple(loaded.files_of(result.value)),
            )
        )
    return moved


CLAIM_LINKS = frozenset({CG.attacks, CG.supports, CG.sameProposition})
"""Properties whose value must be a claim: a misspelt value gets a "did you mean"."""


def _claims_of(loaded: LoadedCorpus) -> list[str]:
    found: set[str] = set()
    for kind in (CG.Claim, CG.Rebuttal):
        for quad in loaded.store.quads_for_pattern(
            None, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(kind))
        ):
            if isinstance(quad.subject, ox.NamedNode):
                found.add(quad.subject.value)
    return sorted(found)


def _is_typed(loaded: LoadedCorpus, node: URIRef) -> bool:
    pattern = loaded.store.quads_for_pattern(
        ox.NamedNode(str(node)), ox.NamedNode(str(RDF.type)), None
    )
    return next(iter(pattern), None) is not None


def unknown_claim_hints(
    results: list[ValidationResult], loaded: LoadedCorpus
) -> list[ValidationResult]:
    """A link to a claim that does not exist (``cg:attacks claim:route-safe``, a typo) is
    reported by the link's class constraint with the shape's general message; name the
    unknown IRI, and the closest claim IRI of the corpus if one is close."""
    claims: list[str] | None = None
    explained: list[ValidationResult] = []
    for result in results:
        value = result.value
        if (
            result.path not in CLAIM_LINKS
            or result.constraint != SH.ClassConstraintComponent
            or not isinstance(value, URIRef)
            or _is_typed(loaded, value)
        ):
            explained.append(result)
            continue
        if claims is None:
            claims = _claims_of(loaded)
        message = f"{result.message} <{value}> is no claim of the corpus (nothing states it)"
        best = process.extractOne(
            str(value), claims, scorer=fuzz.ratio, processor=None, score_cutoff=80
        )
        if best is not None:
            message += f"; did you mean <{best[0]}>?"
        else:
            message += "; is the claim's document loaded?"
        explained.append(replace(result, message=message))
    return explained


def explained(results: list[ValidationResult], loaded: LoadedCorpus) -> list[ValidationResult]:
    """Results with what helps fix them: anchors reported on the anchor with the quote's
    offsets (:func:`anchors_as_focus`), unknown claims named with the closest one
    (:func:`unknown_claim_hints`). Applied to both engines' results alike."""
    return unknown_claim_hints(anchors_as_focus(results, loaded), loaded)


def validate_with_pyshacl(
    loaded: LoadedCorpus, shapes: Graph, progress: Progress = no_progress
) -> list[ValidationResult]:
    """pySHACL's results for the loaded corpus: the reference."""
    progress("validate", 0, 1)
    try:
        _, report_graph, _ = pyshacl_validate(
            data_graph(loaded),
            shacl_graph=shapes,
            ont_graph=ontology_graph(loaded),
            advanced=True,
            allow_warnings=True,
            inference="none",
        )
    except ReportableRuntimeError as exc:
        # What the shapes check cannot foresee because it depends on the data: pySHACL
        # following a property shape's values deeper than it goes. A shapes problem, not a
        # verdict on the data.
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(
            f"pySHACL cannot validate this data with these shapes: {first}",
            hint="the shapes nest too deeply for this data; simplify them",
        ) from exc
    progress("validate", 1, 1)
    return _shacl_results(report_graph, loaded)


@dataclass
class EngineRun:
    """What the engine chosen by :func:`run_engine` found, and which engine it was."""

    engine: ValidationEngine
    """The engine that gave the results (pySHACL when the fast engine handed over)."""
    keyed: list[tuple[str | None, ValidationResult]]
    """Each result with the key of the fast engine's check that found it (None: pySHACL)."""
    notes: list[str] = field(default_factory=list)
    compiled: CompiledShapes | None = None
    """The fast engine's checks, when it ran."""
    candidates: Candidates | None = None
    """Where the fast engine looked up the values it decided in Python, when it ran."""

    @property
    def results(self) -> list[ValidationResult]:
        """The results, without check keys."""
        return [result for _, result in self.keyed]


def run_engine(
    loaded: LoadedCorpus,
    shapes: Graph,
    engine: ValidationEngine = ValidationEngine.FAST,
    progress: Progress = no_progress,
    checks_on: CheckStore | None = None,
) -> EngineRun:
    """Validate with ``engine``: the one place an engine is chosen.

    ``fast`` compiles the shapes for the corpus's store and runs them there (or on
    ``checks_on``, a :class:`CheckStore` such as a remote store holding
    the same study); shapes it does not run (:class:`UnsupportedShapesError`) hand the
    whole validation to pySHACL, and the notes say so. ``pyshacl`` runs pySHACL, the
    reference.
    """
    notes: list[str] = []
    if engine is ValidationEngine.FAST:
        try:
            candidates = Candidates(loaded.store)
            compiled = compile_shapes(shapes, loaded.store, candidates)
            keyed = run_checks_keyed(
                checks_on if checks_on is not None else loaded.store,
                compiled.checks,
                loaded.files_of,
                progress=progress,
            )
            return EngineRun(
                ValidationEngine.FAST,
                [(key, result) for key, result in keyed],
                notes,
                compiled,
                candidates,
            )
        except UnsupportedShapesError as exc:
            notes.append(f"the fast engine handed over to pySHACL: {exc}")
    results = validate_with_pyshacl(loaded, shapes, progress)
    return EngineRun(ValidationEngine.PYSHACL, [(None, r) for r in results], notes)


def validate_loaded(
    loaded: LoadedCorpus,
    shapes: Graph,
    *,
    engine: ValidationEngine = ValidationEngine.FAST,
    progress: Progress = no_progress,
) -> ValidationReport:
    """Validate a loaded corpus against ``shapes`` with ``engine``."""
    run = run_engine(loaded, shapes, engine, progress)
    results = explained(run.results, loaded) + checksum_results(loaded)
    results.sort(key=ValidationResult.sort_key)
    return ValidationReport(results=results, engine=str(run.engine), notes=run.notes)


def validate_corpus(
    corpus: Corpus,
    *,
    loaded: LoadedCorpus | None = None,
    progress: Progress = no_progress,
    engine: ValidationEngine = ValidationEngine.FAST,
) -> ValidationReport:
    """Validate ``corpus`` against its shapes; never raises for non-conforming data."""
    if not corpus.shapes_files:
        raise InputError(
            "no shapes to validate with", hint="the ontology folder needs a shapes/ folder"
        )
    # The shapes first: a bad shape is reported before a large corpus is loaded.
    shapes = shapes_graph(corpus)
    loaded = loaded or load_corpus(corpus, progress)
    return validate_loaded(loaded, shapes, engine=engine, progress=progress)


def check_shapes(corpus: Corpus) -> None:
    """Raise :class:`InputError` (file and line) if a shapes file of ``corpus`` is not
    well-formed SHACL; fast when the files were found well-formed before."""
    check_shapes_files(corpus.shapes_files)


__all__ = [
    "SEVERITY_ORDER",
    "EngineRun",
    "ValidationEngine",
    "ValidationReport",
    "ValidationResult",
    "check_shapes",
    "run_engine",
    "validate_corpus",
    "validate_loaded",
]
