"""Compile what changed: the authoring files whose TriG is missing or out of date.

``claimgraph build`` runs this before it reads the data. Whether a TriG is up to date is
decided by content, not by file times (which a checkout or a copy changes at will): a
compiled TriG states in its header the SHA-256 of the authoring file it was compiled from.

A TriG without that header was written by hand (the reference document's is): it is never
overwritten here. ``claimgraph compile`` is the way to replace it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from claimgraph.authoring.compiler import Compiled, compile_file
from claimgraph.authoring.yamlnodes import read_authoring_bytes
from claimgraph.rdf.output import write_atomically

COMPILED_MARK = "# Compiled by `claimgraph compile` from "
DIGEST_MARK = "# authoring-sha256: "
AUTHORING_SUFFIX = ".yaml"
DOCUMENTS_FOLDER = "documents"


def authoring_digest(path: Path) -> str:
    """The SHA-256 of an authoring file's bytes."""
    return hashlib.sha256(read_authoring_bytes(path)).hexdigest()


def compiled_header(source: Path, digest: str) -> str:
    """The header of a compiled TriG: where it comes from, and that file's SHA-256."""
    return f"{COMPILED_MARK}{source.name}: edit that file, not this one.\n{DIGEST_MARK}{digest}\n"


def compiled_text(compiled: Compiled, source: Path) -> str:
    """The TriG text of ``compiled``, with the header naming ``source`` and its digest."""
    return compiled.trig(compiled_header(source, authoring_digest(source)))


@dataclass(frozen=True)
class Pending:
    """An authoring file to compile, and why."""

    authoring: Path
    trig: Path
    reason: str
    """``"no TriG"`` or ``"changed"``."""


def _header_lines(trig: Path) -> list[str]:
    with trig.open("r", encoding="utf-8", errors="replace") as handle:
        return [handle.readline() for _ in range(3)]


def stale(authoring: Path) -> Pending | None:
    """Whether ``authoring`` needs compiling: its TriG is missing, or was compiled from
    other content. ``None`` when up to date, or when the TriG was written by hand."""
    trig = authoring.with_suffix(".trig")
    if not trig.exists():
        return Pending(authoring, trig, "no TriG")
    lines = _header_lines(trig)
    if not lines[0].startswith(COMPILED_MARK):
        return None
    digest = authoring_digest(authoring)
    recorded = [line[len(DIGEST_MARK) :].strip() for line in lines if line.startswith(DIGEST_MARK)]
    if recorded and recorded[0] == digest:
        return None
    return Pending(authoring, trig, "changed")


def authoring_files_of(data_roots: Iterable[Path]) -> list[Path]:
    """The authoring files of the data folders: ``<root>/documents/*.yaml`` (or
    ``<root>/*.yaml`` for a root that is itself a ``documents/`` folder), sorted."""
    found: list[Path] = []
    for root in data_roots:
        if not root.is_dir():
            continue
        folder = root if root.name == DOCUMENTS_FOLDER else root / DOCUMENTS_FOLDER
        if folder.is_dir():
            found.extend(sorted(folder.glob(f"*{AUTHORING_SUFFIX}")))
    return found


def pending_in(data_roots: Iterable[Path]) -> list[Pending]:
    """Every authoring file of ``data_roots`` that needs compiling."""
    return [p for p in map(stale, authoring_files_of(data_roots)) if p is not None]


def compile_pending(pending: Pending) -> Path:
    """Compile one authoring file into its TriG (atomically); returns the TriG.

    Raises :class:`~claimgraph.errors.AuthoringError` with every problem at its line.
    """
    data_folder = pending.authoring.resolve().parent.parent
    compiled = compile_file(pending.authoring, data_folder=data_folder)
    write_atomically(pending.trig, compiled_text(compiled, pending.authoring).encode("utf-8"))
    return pending.trig


__all__ = [
    "COMPILED_MARK",
    "DIGEST_MARK",
    "Pending",
    "authoring_digest",
    "authoring_files_of",
    "compile_pending",
    "compiled_header",
    "compiled_text",
    "pending_in",
    "stale",
]
