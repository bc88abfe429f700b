"""``claimgraph ontology diff OLD NEW``: what changed between two versions of the ontology.

OLD and NEW are ontology folders or files (a git worktree of an older release, say). The
diff lists terms added, removed, deprecated and changed, and the ontologies' versions.
Terms are deprecated, never deleted: a term removed without having been deprecated first
is an error (exit code 1); one removed after its deprecation is listed with a warning.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS
from rdflib.term import Node

from claimgraph.corpus.files import ontology_files_in
from claimgraph.errors import InputError
from claimgraph.ontology_tools.model import Role, SourceFile, Vocabulary, read_source

_DEPRECATION = frozenset({OWL.deprecated, DCTERMS.isReplacedBy})


@dataclass(frozen=True)
class TermChange:
    """One term that differs between the two versions."""

    term: str
    """The term's name (``prefix:local``)."""
    iri: str
    kind: str
    details: tuple[str, ...] = ()
    """What changed, one line each (``rdfs:range: xsd:string -> xsd:date``)."""


@dataclass
class OntologyDiff:
    """Added, removed, deprecated and changed terms; version changes; problems found."""

    added: list[TermChange] = field(default_factory=list)
    removed: list[TermChange] = field(default_factory=list)
    """Removed without having been deprecated: each is an error."""
    removed_after_deprecation: list[TermChange] = field(default_factory=list)
    deprecated: list[TermChange] = field(default_factory=list)
    changed: list[TermChange] = field(default_factory=list)
    versions: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """False when a term was removed without deprecation."""
        return not self.removed

    @property
    def empty(self) -> bool:
        return not (
            self.added
            or self.removed
            or self.removed_after_deprecation
            or self.deprecated
            or self.changed
        )

    def render(self) -> str:
        """The diff as text: one section per kind of change."""
        lines: list[str] = list(self.versions)
        sections = (
            ("added", self.added),
            ("removed without deprecation (error: deprecate instead)", self.removed),
            ("removed after deprecation", self.removed_after_deprecation),
            ("deprecated", self.deprecated),
            ("changed", self.changed),
        )
        for title, changes in sections:
            if not changes:
                continue
            lines.append(f"{title} ({len(changes)}):")
            for change in changes:
                lines.append(f"  {change.term}  ({change.kind})")
                lines.extend(f"    {detail}" for detail in change.details)
        lines.extend(f"warning: {warning}" for warning in self.warnings)
        if self.empty:
            lines.append("no term added, removed, deprecated or changed")
        summary = (
            f"{len(self.added)} added, {len(self.removed) + len(self.removed_after_deprecation)} "
            f"removed, {len(self.deprecated)} deprecated, {len(self.changed)} changed"
        )
        lines.append(summary if self.ok else f"{summary}: a term was removed without deprecation")
        return "\n".join(lines) + "\n"

    def to_json(self) -> str:
        def items(changes: list[TermChange]) -> list[dict[str, object]]:
            return [
                {"term": c.term, "iri": c.iri, "kind": c.kind, "details": list(c.details)}
                for c in changes
            ]

        return (
            json.dumps(
                {
                    "ok": self.ok,
                    "added": items(self.added),
                    "removed": items(self.removed),
                    "removedAfterDeprecation": items(self.removed_after_deprecation),
                    "deprecated": items(self.deprecated),
                    "changed": items(self.changed),
                    "versions": self.versions,
                    "warnings": self.warnings,
                },
                indent=2,
            )
            + "\n"
        )


def _read_version(paths: Sequence[Path], label: str) -> Vocabulary:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(ontology_files_in(path))
        elif path.is_file():
            files.append(path)
        else:
            raise InputError("no such file or folder", source=path)
    if not files:
        raise InputError(f"no ontology files in the {label} version", source=paths[0])
    sources: list[SourceFile] = [
        read_source(path, Role.EXTENSION, label, index) for index, path in enumerate(files)
    ]
    return Vocabulary(sources)


def _canonical(graph: Graph, node: Node, vocabulary: Vocabulary, depth: int = 0) -> str:
    """A blank node's content written out, so that two versions' axioms compare equal."""
    if not isinstance(node, BNode) or depth > 8:
        return vocabulary.qname(node) if not isinstance(node, Literal) else node.n3()
    if graph.value(node, RDF.first) is not None:
        items = []
        current: Node | None = node
        while current is not None and current != RDF.nil:
            first = graph.value(current, RDF.first)
            items.append(_canonical(graph, first, vocabulary, depth + 1) if first else "")
            current = graph.value(current, RDF.rest)
        return "( " + " ".join(items) + " )"
    parts = sorted(
        f"{vocabulary.qname(p)} {_canonical(graph, o, vocabulary, depth + 1)}"
        for p, o in graph.predicate_objects(node)
    )
    return "[ " + " ; ".join(parts) + " ]"


def _description(vocabulary: Vocabulary, term: URIRef) -> dict[str, set[str]]:
    graph = vocabulary.graph
    found: dict[str, set[str]] = {}
    for predicate, value in graph.predicate_objects(term):
        found.setdefault(vocabulary.qname(predicate), set()).add(
            _canonical(graph, value, vocabulary)
        )
    return found


def diff_ontologies(old: Sequence[Path], new: Sequence[Path]) -> OntologyDiff:
    """Compare the terms the ``old`` files declare with those the ``new`` files declare."""
    before = _read_version(old, "old")
    after = _read_version(new, "new")
    diff = OntologyDiff()
    _compare_versions(before, after, diff)

    def change(vocabulary: Vocabulary, iri: URIRef, details: tuple[str, ...] = ()) -> TermChange:
        term = vocabulary.terms[iri]
        return TermChange(vocabulary.qname(iri), str(iri), term.kind_label, details)

    for iri in sorted(set(after.terms) - set(before.terms)):
        diff.added.append(change(after, iri))
    for iri in sorted(set(before.terms) - set(after.terms)):
        if iri in before.deprecated:
            diff.removed_after_deprecation.append(change(before, iri))
            diff.warnings.append(
                f"{before.qname(iri)} was deprecated and is now removed; terms are kept, "
                "deprecated, so that old data still reads"
            )
        else:
            diff.removed.append(change(before, iri))
    for iri in sorted(set(before.terms) & set(after.terms)):
        old_description = _description(before, iri)
        new_description = _description(after, iri)
        if iri in after.deprecated and iri not in before.deprecated:
            replacements = sorted(
                after.qname(r) for r in after.graph.objects(iri, DCTERMS.isReplacedBy)
            )
            detail = (
                f"replaced by {', '.join(replacements)}"
                if replacements
                else "no replacement named (dcterms:isReplacedBy)"
            )
            diff.deprecated.append(change(after, iri, (detail,)))
            if not replacements:
                diff.warnings.append(f"{after.qname(iri)} is deprecated without a replacement")
        details = []
        for predicate in sorted(set(old_description) | set(new_description)):
            if predicate in {before.qname(p) for p in _DEPRECATION}:
                continue
            was = old_description.get(predicate, set())
            now = new_description.get(predicate, set())
            if was != now:
                details.append(
                    f"{predicate}: {', '.join(sorted(was)) or '(none)'} -> "
                    f"{', '.join(sorted(now)) or '(none)'}"
                )
        if iri in before.deprecated and iri not in after.deprecated:
            details.append("no longer deprecated")
        if details:
            diff.changed.append(change(after, iri, tuple(details)))
    if not diff.empty:
        _check_version_bump(before, after, diff)
    return diff


def _compare_versions(before: Vocabulary, after: Vocabulary, diff: OntologyDiff) -> None:
    old_headers = {h.iri: h for h in before.ontologies}
    for header in after.ontologies:
        previous = old_headers.get(header.iri)
        name = after.qname(header.iri)
        if previous is None:
            diff.versions.append(f"ontology {name}: new, version {header.version_info or '?'}")
            continue
        if previous.version_iri != header.version_iri:
            diff.versions.append(
                f"ontology {name}: {previous.version_info or '?'} -> {header.version_info or '?'}"
            )
            if header.prior_version != previous.version_iri:
                diff.warnings.append(
                    f"{name}: owl:priorVersion is {after.qname(header.prior_version) or '(none)'}"
                    f", not the old version IRI {before.qname(previous.version_iri)}"
                )


def _check_version_bump(before: Vocabulary, after: Vocabulary, diff: OntologyDiff) -> None:
    old_versions = {h.iri: h.version_iri for h in before.ontologies}
    changed_terms = {
        URIRef(c.iri) for c in (*diff.added, *diff.deprecated, *diff.changed, *diff.removed)
    }
    for header in after.ontologies:
        if header.iri not in old_versions or old_versions[header.iri] != header.version_iri:
            continue
        touched = [
            t
            for t in changed_terms
            if header.iri in set(after.graph.objects(t, RDFS.isDefinedBy))
            or header.iri in set(before.graph.objects(t, RDFS.isDefinedBy))
        ]
        if touched:
            diff.warnings.append(
                f"{after.qname(header.iri)}: terms changed but owl:versionIRI is still "
                f"{after.qname(header.version_iri)}"
            )


__all__ = ["OntologyDiff", "TermChange", "diff_ontologies"]
