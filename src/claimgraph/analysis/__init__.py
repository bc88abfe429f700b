"""Argumentation analysis of claim graphs: projections, Dung semantics, metrics, RDF results.

::

    LoadedCorpus --extract_facts--> Facts
        Facts --claim_graph | actor_network | citation_network--> networkx graphs
        Facts --analyze_facts--> ArgumentationAnalysis   (grounded, complete, preferred,
                                                           stable; explanations; limits)
        Facts --compute_metrics--> Metrics                (attacked claims, rebutters,
                                                           authorities, centrality, reciprocity)
        ArgumentationAnalysis + RunInfo --analysis_trig--> TriG, in a named graph of its own

:mod:`~claimgraph.analysis.dung` holds the pure algorithms (abstract frameworks); the
other modules apply them to the claim graph. A status describes the attacks recorded in one
corpus: "in the grounded extension" means "not defeated by anything unattacked in this
corpus", never "true". Supports are counted and shown, and take no part in the semantics.
The library raises :class:`~claimgraph.errors.ClaimgraphError` subclasses and never prints.
"""

from __future__ import annotations

from claimgraph.analysis.dung import SearchLimit
from claimgraph.analysis.metrics import Metrics, compute_metrics, pagerank
from claimgraph.analysis.projections import actor_network, citation_network, claim_graph
from claimgraph.analysis.rdf import (
    RunInfo,
    analysis_quads,
    analysis_trig,
    corpus_digest,
    default_run_id,
    run_date,
    run_info,
)
from claimgraph.analysis.report import (
    AnalysisReport,
    analyze_corpus,
    explanation_text,
    report_json,
    report_text,
)
from claimgraph.analysis.run import (
    MEANING,
    SEMANTICS,
    Acceptance,
    ArgumentationAnalysis,
    SemanticsResult,
    analyze_facts,
    claim_framework,
)
from claimgraph.analysis.vocabulary import CGA, vocabulary_path
from claimgraph.errors import AnalysisError, SemanticsLimitExceeded

__all__ = [
    "CGA",
    "MEANING",
    "SEMANTICS",
    "Acceptance",
    "AnalysisError",
    "AnalysisReport",
    "ArgumentationAnalysis",
    "Metrics",
    "RunInfo",
    "SearchLimit",
    "SemanticsLimitExceeded",
    "SemanticsResult",
    "actor_network",
    "analysis_quads",
    "analysis_trig",
    "analyze_corpus",
    "analyze_facts",
    "citation_network",
    "claim_framework",
    "claim_graph",
    "compute_metrics",
    "corpus_digest",
    "default_run_id",
    "explanation_text",
    "pagerank",
    "report_json",
    "report_text",
    "run_date",
    "run_info",
    "vocabulary_path",
]
