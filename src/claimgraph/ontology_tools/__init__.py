"""Tools for the ontology itself: check it, scaffold an extension, document it, diff versions.

The library behind ``claimgraph ontology check|new|docs|diff``, one module each
(:mod:`.check`, :mod:`.scaffold`, :mod:`.docs`, :mod:`.diff`) over a shared reading of the
files (:mod:`.model`). Like the rest of the library it raises
:class:`~claimgraph.errors.ClaimgraphError` subclasses and never prints.
"""

from __future__ import annotations

from claimgraph.ontology_tools.check import CHECKS, CheckReport, Problem, check_ontology
from claimgraph.ontology_tools.diff import OntologyDiff, TermChange, diff_ontologies
from claimgraph.ontology_tools.docs import DocsResult, generate_docs
from claimgraph.ontology_tools.scaffold import scaffold_extension

__all__ = [
    "CHECKS",
    "CheckReport",
    "DocsResult",
    "OntologyDiff",
    "Problem",
    "TermChange",
    "check_ontology",
    "diff_ontologies",
    "generate_docs",
    "scaffold_extension",
]
