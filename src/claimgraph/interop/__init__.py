"""Import and export the argumentation field's formats: AIF, xAIF, SADFace, arg-microtexts,
Argdown, brat, ClaimReview and W3C Web Annotation (docs/interop.md).

Each format has its own module; every importer returns :class:`~.model.ImportedDocument`
objects, which :mod:`.writer` writes as a claimgraph data folder.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from claimgraph.errors import InputError
from claimgraph.interop.model import ImportedDocument

Importer = Callable[[Path], list[ImportedDocument]]


def _aif(path: Path) -> list[ImportedDocument]:
    from claimgraph.interop.aif import import_aif_file

    return [import_aif_file(path)]


def _microtexts(path: Path) -> list[ImportedDocument]:
    from claimgraph.interop.microtexts import import_microtext

    return [import_microtext(path)]


def _claimreview(path: Path) -> list[ImportedDocument]:
    from claimgraph.interop.claimreview import import_claimreview

    return import_claimreview(path)


def _webannotation(path: Path) -> list[ImportedDocument]:
    from claimgraph.interop.webannotation import import_annotations

    return import_annotations(path)


def _xaif(path: Path) -> list[ImportedDocument]:
    from claimgraph.interop.xaif import import_xaif

    return [import_xaif(path)]


def _sadface(path: Path) -> list[ImportedDocument]:
    from claimgraph.interop.sadface import import_sadface

    return [import_sadface(path)]


def _brat(path: Path) -> list[ImportedDocument]:
    from claimgraph.interop.brat import import_brat

    return [import_brat(path)]


def _argdown(path: Path) -> list[ImportedDocument]:
    from claimgraph.interop.argdown import import_argdown

    return [import_argdown(path)]


IMPORTERS: dict[str, Importer] = {
    "aif": _aif,
    "microtexts": _microtexts,
    "claimreview": _claimreview,
    "webannotation": _webannotation,
    "xaif": _xaif,
    "sadface": _sadface,
    "brat": _brat,
    "argdown": _argdown,
}
"""Format name -> importer of one file."""


def import_files(fmt: str, paths: list[Path]) -> list[ImportedDocument]:
    """Import ``paths`` as ``fmt``; two documents with one slug are refused."""
    importer = IMPORTERS.get(fmt)
    if importer is None:
        raise InputError(
            f"unknown import format {fmt!r}", hint="one of: " + ", ".join(sorted(IMPORTERS))
        )
    documents: list[ImportedDocument] = []
    seen: dict[str, Path] = {}
    for path in paths:
        for document in importer(path):
            if document.slug in seen:
                raise InputError(
                    f"document {document.slug!r} is also imported from {seen[document.slug]}",
                    source=str(path),
                    hint="give files different names",
                )
            seen[document.slug] = path
            documents.append(document)
    return documents
