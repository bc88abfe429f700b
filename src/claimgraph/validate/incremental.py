"""Keeping the persistent store and its validation up to date, doing only what changed.

:func:`update_store` is what ``claimgraph build`` runs: under the store's lock it brings
the store up to date (:mod:`claimgraph.corpus.store`), validates, caches the validation in the
store's manifest, and publishes the new store. The validation is

- taken from the cache when nothing the validation reads changed (same shapes, same
  ontology, same data);
- incremental when some files changed: the checks (compiled once more, cheaply) run again
  only on the focus nodes the changed triples can affect
  (:mod:`claimgraph.validate.shacl.dependencies`),
  and every other cached result is kept;
- full otherwise (first build, shapes or ontology changed, a big change, pySHACL needed).

Content hashes decide what changed, for data, ontology, shapes and source texts alike (never
a file's size or time, which an edit can keep).
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib.term import Node

from claimgraph import __version__
from claimgraph.corpus.files import Corpus, shown_path
from claimgraph.corpus.loading import LoadedCorpus
from claimgraph.corpus.store import (
    DEFAULT_STORE,
    BuildOutcome,
    DamageHandler,
    Manifest,
    StoreFolder,
    absolute,
    build_store,
    discard_build,
    finish_build,
    open_store,
)
from claimgraph.errors import OutputError
from claimgraph.progress import Progress, no_progress
from claimgraph.query.rewrite import optimizer_cache
from claimgraph.rdf.terms import parse_node, parse_terms, term_text
from claimgraph.validate.shacl import (
    Candidates,
    UnsupportedShapesError,
    ValidationReport,
    ValidationResult,
    compile_shapes,
    run_checks_keyed,
    sparql_constraints,
)
from claimgraph.validate.shacl.dependencies import affected_foci
from claimgraph.validate.validation import (
    ValidationEngine,
    check_shapes,
    checksum_results,
    explained,
    run_engine,
    shapes_graph,
)

BIG_CHANGE = 50_000
"""More changed triples than this: validate everything again rather than trace the change."""


@dataclass
class UpdateOutcome:
    """What :func:`update_store` did."""

    build: BuildOutcome
    report: ValidationReport | None
    validation: str
    """``cached``, ``incremental``, ``full`` or ``skipped``."""
    rechecked: int = 0
    """Focus nodes checked again (incremental validation), summed over checks."""
    seconds: dict[str, float] = field(default_factory=dict)


def validation_key(manifest: Manifest, engine: ValidationEngine) -> str:
    """What a cached validation depends on besides the data: shapes, ontology, versions."""
    digest = hashlib.sha256()
    digest.update(f"{__version__}|{engine}|".encode())
    for path in sorted(manifest.shapes):
        digest.update(f"shape {path} {manifest.shapes[path].sha256}\n".encode())
    for path in manifest.corpus["ontology"]:
        digest.update(f"ontology {path} {manifest.files[path].sha256}\n".encode())
    return digest.hexdigest()


def _nt(node: Node | None) -> str | None:
    return None if node is None else term_text(node)


def _term(text: str | None) -> Node | None:
    return None if text is None else parse_node(text)


def _result_json(key: str | None, result: ValidationResult, loaded: LoadedCorpus) -> dict[str, Any]:
    paths = {r.shown: absolute(r.path) for r in loaded.files}
    return {
        "check": key,
        "focus": _nt(result.focus),
        "shape": _nt(result.source_shape),
        "constraint": _nt(result.constraint),
        "severity": result.severity,
        "message": result.message,
        "path": _nt(result.path),
        "value": _nt(result.value),
        "files": [paths.get(f, f) for f in result.files],
    }


def _result_from_json(data: dict[str, Any]) -> tuple[str | None, ValidationResult]:
    focus = _term(data["focus"])
    shape = _term(data["shape"])
    constraint = _term(data["constraint"])
    assert focus is not None and shape is not None and constraint is not None
    return data["check"], ValidationResult(
        focus=focus,
        source_shape=shape,
        constraint=constraint,
        severity=str(data["severity"]),
        message=str(data["message"]),
        path=_term(data["path"]),
        value=_term(data["value"]),
        files=tuple(shown_path(f) for f in data["files"]),
    )


def report_from_cache(cache: dict[str, Any], loaded: LoadedCorpus) -> ValidationReport:
    """The cached report of a store, with the text checksums checked again."""
    results = explained([_result_from_json(r)[1] for r in cache["results"]], loaded)
    results += checksum_results(loaded)
    results.sort(key=ValidationResult.sort_key)
    return ValidationReport(
        results=results, engine=str(cache["engine"]), notes=list(cache["notes"])
    )


def _restore_caches(manifest: Manifest) -> None:
    sparql_constraints.CACHE.update(manifest.caches.get("queries", {}))
    optimizer_cache().update(manifest.caches.get("optimizer", {}))


def _save_caches(manifest: Manifest) -> None:
    manifest.caches = {
        "queries": dict(sparql_constraints.CACHE),
        "optimizer": dict(optimizer_cache()),
    }


def update_store(
    corpus: Corpus,
    root: Path = DEFAULT_STORE,
    *,
    clean: bool = False,
    validate: bool = True,
    engine: ValidationEngine = ValidationEngine.FAST,
    progress: Progress = no_progress,
) -> UpdateOutcome:
    """Build or update the store of ``corpus`` and its cached validation; publish it.

    Bad shapes raise :class:`~claimgraph.errors.InputError` before anything is built.
    """
    if validate:
        check_shapes(corpus)
    folder = StoreFolder(root)
    seconds: dict[str, float] = {}
    with folder.locked():
        started = time.perf_counter()
        with _store_errors(root):
            outcome = build_store(corpus, root, clean=clean, progress=progress)
        seconds["build"] = time.perf_counter() - started
        try:
            report: ValidationReport | None = None
            mode, rechecked = "skipped", 0
            if validate:
                started = time.perf_counter()
                report, mode, rechecked = _validate(outcome, corpus, engine, progress)
                seconds["validate"] = time.perf_counter() - started
            started = time.perf_counter()
            assert outcome.manifest is not None
            _save_caches(outcome.manifest)
            outcome.previous = None
            with _store_errors(root):
                finish_build(outcome, root)
            seconds["publish"] = time.perf_counter() - started
        except BaseException:
            discard_build(outcome)
            raise
    return UpdateOutcome(outcome, report, mode, rechecked, seconds)


@contextlib.contextmanager
def _store_errors(root: Path) -> Iterator[None]:
    """The operating system's own words for a store that cannot be written (a full disk
    says "No space left on device"), as one :class:`OutputError`."""
    try:
        yield
    except OSError as exc:
        raise OutputError(
            f"cannot write the store: {exc.strerror or exc}", source=str(root)
        ) from exc
    except RuntimeError as exc:
        # Oxigraph reports RocksDB's I/O errors (ENOSPC included) as RuntimeError.
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]
        raise OutputError(f"cannot write the store: {first}", source=str(root)) from exc


def _validate(
    outcome: BuildOutcome, corpus: Corpus, engine: ValidationEngine, progress: Progress
) -> tuple[ValidationReport, str, int]:
    manifest = outcome.manifest
    loaded = outcome.loaded
    assert manifest is not None and loaded is not None
    _restore_caches(manifest)
    key = validation_key(manifest, engine)
    cache = (
        manifest.validation
        if manifest.validation and manifest.validation.get("key") == key
        else None
    )
    if cache is not None and outcome.mode == "unchanged":
        return report_from_cache(cache, loaded), "cached", 0
    shapes = shapes_graph(corpus)
    change = outcome.change
    if (
        cache is not None
        and cache["engine"] == "fast"
        and outcome.mode == "incremental"
        and change is not None
        and outcome.previous is not None
        and len(change.removed) + len(change.added) <= BIG_CHANGE
        and not any(t[1] == f"<{_SUBCLASS}>" for t in change.removed | change.added)
    ):
        try:
            return _validate_incremental(outcome, cache, shapes, key, progress)
        except UnsupportedShapesError:
            pass
    return _validate_full(outcome, shapes, key, engine, progress)


_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"


def _validate_full(
    outcome: BuildOutcome, shapes: Any, key: str, engine: ValidationEngine, progress: Progress
) -> tuple[ValidationReport, str, int]:
    loaded = outcome.loaded
    manifest = outcome.manifest
    assert loaded is not None and manifest is not None
    run = run_engine(loaded, shapes, engine, progress)
    bad: dict[str, list[str]] = {}
    subclasses: dict[str, list[str]] = {}
    if run.compiled is not None and run.candidates is not None:
        subclasses = dict(run.compiled.compiler.subclass_cache)
        bad = {k: sorted(v) for k, v in run.candidates.bad.items()}
    manifest.validation = {
        "key": key,
        "engine": str(run.engine),
        "notes": run.notes,
        "bad_values": bad,
        "subclasses": subclasses,
        "results": [_result_json(k, r, loaded) for k, r in run.keyed],
    }
    return report_from_cache(manifest.validation, loaded), "full", 0


def _validate_incremental(
    outcome: BuildOutcome,
    cache: dict[str, Any],
    shapes: Any,
    key: str,
    progress: Progress,
) -> tuple[ValidationReport, str, int]:
    loaded = outcome.loaded
    manifest = outcome.manifest
    change = outcome.change
    assert loaded is not None and manifest is not None and change is not None
    assert outcome.previous is not None
    before = outcome.previous[0]
    known_bad = {k: set(v) for k, v in cache.get("bad_values", {}).items()}
    added_objects = {t[2] for t in change.added if not t[2].startswith("_:")}
    candidates = Candidates(loaded.store, known_bad=known_bad, added=added_objects)
    compiled = compile_shapes(
        shapes,
        loaded.store,
        candidates,
        check_ontology=False,
        subclasses=cache.get("subclasses") or None,
    )
    affected = affected_foci(compiled.checks, change.removed, change.added, before, loaded.store)
    focus: dict[str, list[Any] | None] = {}
    rechecked = 0
    for check_key, nodes in affected.items():
        if nodes is None:
            focus[check_key] = None
        elif nodes:
            focus[check_key] = parse_terms(sorted(nodes))
            rechecked += len(nodes)
    fresh = run_checks_keyed(
        loaded.store, compiled.checks, loaded.files_of, focus=focus, progress=progress
    )
    known_checks = {c.key for c in compiled.checks}
    redone = {k: (None if v is None else {str(t) for t in v}) for k, v in focus.items()}
    kept = []
    for data in cache["results"]:
        check_key = data["check"]
        if check_key not in known_checks:
            raise UnsupportedShapesError("the cached validation has checks the shapes lack")
        if check_key in redone:
            targets = redone[check_key]
            if targets is None or data["focus"] in targets:
                continue
        kept.append(data)
    results = kept + [_result_json(k, r, loaded) for k, r in fresh]
    manifest.validation = {
        "key": key,
        "engine": "fast",
        "notes": list(cache.get("notes", [])),
        "bad_values": {k: sorted(v) for k, v in candidates.bad.items()},
        "subclasses": dict(compiled.compiler.subclass_cache),
        "results": results,
    }
    return report_from_cache(manifest.validation, loaded), "incremental", rechecked


def stored_report(
    corpus: Corpus,
    root: Path = DEFAULT_STORE,
    engine: ValidationEngine = ValidationEngine.FAST,
    on_damage: DamageHandler | None = None,
) -> tuple[LoadedCorpus, ValidationReport | None] | None:
    """The store of ``corpus`` if it is up to date, with its cached report if that is valid.

    A damaged store gives None (``on_damage`` is told what is wrong). Bad shapes raise
    :class:`~claimgraph.errors.InputError`: a report is never shown for them, not even one
    kept from before.
    """
    check_shapes(corpus)
    opened = open_store(corpus, root, on_damage)
    if opened is None:
        return None
    loaded, manifest = opened
    cache = manifest.validation
    if cache is None or cache.get("key") != validation_key(manifest, engine):
        return loaded, None
    return loaded, report_from_cache(cache, loaded)


__all__ = ["UpdateOutcome", "stored_report", "update_store", "validation_key"]
