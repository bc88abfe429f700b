"""Running compiled checks on Oxigraph and turning their rows into validation results.

Results are made field for field as pySHACL makes them: the focus node, the source
shape, the constraint component, the severity, the path (the property shape's, or the
``?path`` a SPARQL constraint binds), the value, and the message (the shape's
``sh:message``; for a SPARQL constraint also its own, with ``{?var}`` filled in as pySHACL
fills it in), so that a report does not depend on the engine.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import pyoxigraph as ox
from rdflib import Graph, Literal
from rdflib.term import Node

from claimgraph.progress import Progress, no_progress
from claimgraph.query.check import guard_engine_text
from claimgraph.rdf.terms import to_rdflib
from claimgraph.validate.shacl.compiler import Candidates, Check, Compiler
from claimgraph.validate.shacl.errors import UnsupportedShapesError
from claimgraph.validate.shacl.ontology import check_ontology_view
from claimgraph.validate.shacl.report import ValidationResult
from claimgraph.validate.shacl.shapes import ShapesGraph

Focus = ox.NamedNode | ox.BlankNode | ox.Literal


class CheckStore(Protocol):
    """What compiled checks run on: an Oxigraph store, or a store answering its ``query``
    with the same solutions (``claimgraph.remote.mirror.RemoteStore``, a remote store)."""

    def query(self, query: str, *, use_default_graph_as_union: bool = ...) -> Any:
        """The solutions of ``query`` (``ox.QuerySolutions`` for a SELECT)."""


def _format(message: str, bound: Mapping[str, Node]) -> str:
    # pySHACL's own substitution, kept as it is (re.sub with the value as replacement).
    for var, value in bound.items():
        message = re.sub(f"{{[?$]{var}}}", str(value), message)
    return message


@dataclass
class CompiledShapes:
    """The checks of a shapes graph for one store, and what they read."""

    checks: list[Check]
    compiler: Compiler


def compile_shapes(
    shapes: Graph,
    store: ox.Store,
    candidates: Candidates | None = None,
    *,
    check_ontology: bool = True,
    subclasses: dict[str, list[str]] | None = None,
) -> CompiledShapes:
    """Compile ``shapes`` for ``store``; raises :class:`UnsupportedShapesError`.

    ``check_ontology`` False skips proving that the store's ontology graph and pySHACL's
    view of it agree, and ``subclasses`` gives the class hierarchy found before (for a
    re-run when the ontology and the class hierarchy did not change).
    """
    model = ShapesGraph(shapes)
    compiler = Compiler(model, candidates or Candidates(store), subclasses)
    checks = compiler.compile()
    sparql_reads_types = any(
        c.rewritten is not None
        and (
            c.rewritten.predicates is None
            or {
                str(t)
                for t in (
                    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
                    "http://www.w3.org/2000/01/rdf-schema#subClassOf",
                )
            }
            & c.rewritten.predicates
        )
        for c in checks
    )
    if check_ontology:
        check_ontology_view(store, compiler.predicates, compiler.classes, sparql_reads_types)
    return CompiledShapes(checks, compiler)


def run_check(
    store: CheckStore,
    check: Check,
    files_of: Callable[[Node], list[str]],
    focus: Iterable[Focus] | None = None,
) -> list[ValidationResult]:
    """The results of one check (for the given focus nodes only, when given)."""
    text = check.restricted(focus)
    # The last look before Oxigraph: no escape, no SERVICE (the shapes' SPARQL was checked
    # when the shapes were read, see claimgraph.query.check.checked_shapes_value).
    guard_engine_text(text, str(check.shape.node))
    try:
        solutions = store.query(text, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise UnsupportedShapesError(f"Oxigraph cannot run the check {check.key}: {exc}") from exc
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    shape = check.shape
    severity = shape.severity_name
    path = shape.path.node if shape.path is not None else None
    results = []
    for row in solutions:
        raw_focus = row["this"]
        if raw_focus is None:
            continue
        focus_node = to_rdflib(raw_focus)
        value: Node | None
        result_path = path
        if check.sparql is not None:
            bound = {n: to_rdflib(row[n]) for n in names if row[n] is not None}
            message, result_path, value = _sparql_result(check, bound, focus_node, path)
        else:
            message = check.messages[0]
            if check.value == "var":
                value = to_rdflib(row["value"])
            elif check.value == "focus":
                value = focus_node
            else:
                value = None
        results.append(
            ValidationResult(
                focus=focus_node,
                source_shape=shape.node,
                constraint=check.component,
                severity=severity,
                message=message,
                path=result_path,
                value=value,
                files=tuple(files_of(focus_node)),
            )
        )
    return results


def _sparql_result(
    check: Check, bound: dict[str, Node], focus: Node, shape_path: Node | None
) -> tuple[str, Node | None, Node | None]:
    """Message, path and value of a SPARQL constraint's row, as pySHACL makes them."""
    assert check.sparql is not None and check.rewritten is not None
    this = bound.pop("this", None)
    row_path = bound.pop("path", None)
    value = bound.pop("value", None)
    if value is None and not check.shape.is_property_shape:
        value = focus
    variables: dict[str, Node] = {
        name: bound[name]
        for name in check.rewritten.projection
        if name in bound and name not in ("path", "value")
    }
    this = this if check.rewritten.selects_this else None
    for name, node in (("this", this), ("path", row_path), ("value", value)):
        if node is not None:
            variables[name] = node
    shape_messages = list(check.shape.messages)
    texts = []
    for message in check.sparql.messages:
        if message in shape_messages:
            continue
        texts.append(_format(str(message.value), variables))
    for message in shape_messages:
        texts.append(
            _format(str(message.value) if isinstance(message, Literal) else str(message), variables)
        )
    return (min(texts) if texts else ""), (row_path if row_path is not None else shape_path), value


def run_checks(
    store: CheckStore,
    checks: list[Check],
    files_of: Callable[[Node], list[str]],
    *,
    progress: Progress = no_progress,
) -> list[ValidationResult]:
    """Run every check on all its focus nodes."""
    return [r for _, r in run_checks_keyed(store, checks, files_of, progress=progress)]


def run_checks_keyed(
    store: CheckStore,
    checks: list[Check],
    files_of: Callable[[Node], list[str]],
    *,
    focus: Mapping[str, Iterable[Focus] | None] | None = None,
    progress: Progress = no_progress,
) -> list[tuple[str, ValidationResult]]:
    """Run ``checks``, each with its key; with ``focus``, each check on its focus nodes there
    (None: all; a check missing from ``focus`` is not run)."""
    results: list[tuple[str, ValidationResult]] = []
    total = len(checks)
    for done, check in enumerate(checks):
        progress("validate", done, total)
        if focus is not None:
            if check.key not in focus:
                continue
            nodes = focus[check.key]
            if nodes is not None:
                nodes = list(nodes)
                if not nodes:
                    continue
            found = run_check(store, check, files_of, nodes)
        else:
            found = run_check(store, check, files_of)
        results.extend((check.key, r) for r in found)
    progress("validate", total, total)
    return results
