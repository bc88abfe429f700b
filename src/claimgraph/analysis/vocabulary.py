# ruff: noqa: N815 -- term names are the vocabulary's own (camelCase, as in RDF)
"""The analysis vocabulary (prefix ``cga:``): the terms of the results graph.

The terms are defined, each with a neutral label and definition, in ``analysis.ttl`` beside
this module; :class:`CGA` is the closed namespace code reaches them through, and a test keeps
the two in step. The vocabulary is kept out of the core ontology (``ontology/``): it
describes a computation on the data, not what the sources say, and every RDF file in
``ontology/`` is loaded as part of the project's ontology.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from claimgraph.rdf.namespace import BASE, GRAPH

ANALYSIS_ONTOLOGY = URIRef(BASE + "analysis")
"""The IRI of the analysis vocabulary as an ``owl:Ontology``."""

ANALYSIS_GRAPHS = GRAPH["analysis/"]
"""Every results graph is named ``ANALYSIS_GRAPHS + <run-id>``; source graphs never are."""

VOCABULARY_FILE = "analysis.ttl"


class CGA(DefinedNamespace):
    """The analysis vocabulary, as ``analysis.ttl`` defines it."""

    _NS = Namespace(BASE + "analysis#")
    _fail = True

    # runs
    ArgumentationRun: URIRef
    corpusDigest: URIRef
    inputFile: URIRef
    software: URIRef
    argumentCount: URIRef
    attackCount: URIRef
    supportCount: URIRef
    searchLimitNodes: URIRef
    searchLimitSeconds: URIRef
    result: URIRef
    run: URIRef

    # semantics
    Semantics: URIRef
    Grounded: URIRef
    Complete: URIRef
    Preferred: URIRef
    Stable: URIRef
    semantics: URIRef

    # results of one semantics
    SemanticsResult: URIRef
    Outcome: URIRef
    Answered: URIRef
    LimitExceeded: URIRef
    outcome: URIRef
    extensionCount: URIRef

    # the status of each claim
    ClaimStatus: URIRef
    claim: URIRef
    StatusLabel: URIRef
    In: URIRef
    Out: URIRef
    Undecided: URIRef
    label: URIRef
    inAttacker: URIRef
    undecidedAttacker: URIRef
    cycle: URIRef
    attacksFromCycle: URIRef
    AttackCycle: URIRef
    cycleMember: URIRef
    cycleLength: URIRef
    inExtensionCount: URIRef
    credulouslyAccepted: URIRef
    scepticallyAccepted: URIRef


CGA_PREFIX = "cga"


def vocabulary_path() -> Path:
    """The Turtle file that defines :class:`CGA`'s terms."""
    return Path(str(resources.files(__package__ or "claimgraph.analysis") / VOCABULARY_FILE))
