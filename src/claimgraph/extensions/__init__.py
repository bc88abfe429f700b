"""Namespaces of the ontology extensions shipped in ``ontology/extensions/``.

One module per extension, each a closed :class:`~rdflib.namespace.DefinedNamespace` like
:class:`claimgraph.rdf.namespace.CG`, kept in step with the extension's Turtle by
``tests/test_extensions.py``. Code reaches extension terms only through these.
"""

from __future__ import annotations

from claimgraph.extensions.legal import LEGAL, LEGAL_ONTOLOGY_IRI

EXTENSION_PREFIXES: dict[str, str] = {"legal": str(LEGAL._NS)}
"""Prefix -> namespace of every shipped extension."""

__all__ = ["EXTENSION_PREFIXES", "LEGAL", "LEGAL_ONTOLOGY_IRI"]
