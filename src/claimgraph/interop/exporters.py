"""Exporters: claimgraph documents written in the field's formats (docs/interop.md).

Each exporter takes the documents read back by :mod:`.reader` and returns the files to
write, as ``{relative path: bytes}``, so the command writes them atomically in one folder.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from claimgraph.interop.model import ImportedDocument

Files = dict[str, bytes]


def _json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _with_texts(
    documents: list[ImportedDocument], suffix: str, render: Callable[[ImportedDocument], str]
) -> Files:
    """Standoff formats: ``<slug><suffix>`` with the document's text ``<slug>.txt`` beside."""
    files: Files = {}
    for document in documents:
        files[f"{document.slug}{suffix}"] = render(document).encode("utf-8")
        files[f"{document.slug}.txt"] = document.text.encode("utf-8")
    return files


def export_aif(documents: list[ImportedDocument]) -> Files:
    """One AIF JSON map per document: ``<slug>.json``."""
    from claimgraph.interop.aif import aif_map

    return {f"{d.slug}.json": _json(aif_map(d)) for d in documents}


def export_microtexts(documents: list[ImportedDocument]) -> Files:
    """One arg-microtexts XML per document with its text: ``<slug>.xml`` and ``<slug>.txt``."""
    from claimgraph.interop.microtexts import microtext_xml

    return _with_texts(documents, ".xml", microtext_xml)


def export_claimreview(documents: list[ImportedDocument]) -> Files:
    """The claims carrying a review, as schema.org ClaimReview: ``<slug>.jsonld`` for each
    document that has one (its slug survives a round trip)."""
    from claimgraph.interop.claimreview import claimreview_items

    files: Files = {}
    for document in documents:
        items = claimreview_items([document])
        if len(items) == 1:
            files[f"{document.slug}.jsonld"] = _json(items[0])
        elif items:
            files[f"{document.slug}.jsonld"] = _json(
                {"@context": "https://schema.org", "@graph": items}
            )
    return files


def export_webannotation(documents: list[ImportedDocument]) -> Files:
    """Every quote anchor as a W3C Web Annotation (``annotations.jsonld``), texts beside."""
    from claimgraph.interop.webannotation import annotation_page

    files: Files = {"annotations.jsonld": _json(annotation_page(documents))}
    for document in documents:
        files[f"{document.slug}.txt"] = document.text.encode("utf-8")
    return files


def export_xaif(documents: list[ImportedDocument]) -> Files:
    """One xAIF file per document: ``<slug>.json``."""
    from claimgraph.interop.xaif import xaif_document

    return {f"{d.slug}.json": _json(xaif_document(d)) for d in documents}


def export_sadface(documents: list[ImportedDocument]) -> Files:
    """One SADFace file per document: ``<slug>.json``."""
    from claimgraph.interop.sadface import sadface_document

    return {f"{d.slug}.json": _json(sadface_document(d)) for d in documents}


def export_brat(documents: list[ImportedDocument]) -> Files:
    """brat standoff: ``<slug>.ann`` with ``<slug>.txt`` beside it."""
    from claimgraph.interop.brat import brat_ann

    return _with_texts(documents, ".ann", brat_ann)


def export_argdown(documents: list[ImportedDocument]) -> Files:
    """One Argdown map per document: its own ``.argdown`` name, or ``<slug>.argdown``."""
    from claimgraph.interop.argdown import argdown_file_name, argdown_text

    return {argdown_file_name(d): argdown_text(d).encode("utf-8") for d in documents}


EXPORTERS: dict[str, Callable[[list[ImportedDocument]], Files]] = {
    "aif": export_aif,
    "microtexts": export_microtexts,
    "claimreview": export_claimreview,
    "webannotation": export_webannotation,
    "xaif": export_xaif,
    "sadface": export_sadface,
    "brat": export_brat,
    "argdown": export_argdown,
}
