"""claimgraph: a claim-and-rebuttal knowledge graph.

The names below are the library's public surface, one import away::

    from pathlib import Path

    from claimgraph import make_corpus, open_corpus, run_query, validate_corpus

    corpus = make_corpus([Path("data")])           # the files: ontology, shapes, documents
    loaded = open_corpus(corpus)                   # parsed (or from a persistent store)
    report = validate_corpus(corpus, loaded=loaded)
    rows = run_query(loaded, "rebutted-claims")    # a query of the library, by name

Each is imported on first use (PEP 562), so ``import claimgraph`` stays cheap and the
command line starts fast. The layers, and where new code goes, are described in
``docs/architecture.md``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# name -> module that defines it; the whole public surface in one table.
_PUBLIC: dict[str, str] = {
    # corpus: files, loading, the persistent store
    "Corpus": "claimgraph.corpus.files",
    "make_corpus": "claimgraph.corpus.files",
    "LoadedCorpus": "claimgraph.corpus.loading",
    "load_corpus": "claimgraph.corpus.loading",
    "open_corpus": "claimgraph.corpus.opening",
    "build_store": "claimgraph.corpus.store",
    # query
    "QueryEngine": "claimgraph.query.engine",
    "QueryLimits": "claimgraph.query.engine",
    "check_query": "claimgraph.query.check",
    "run_query": "claimgraph.query.library",
    "find_query": "claimgraph.query.library",
    "library": "claimgraph.query.library",
    "run_checks": "claimgraph.query.checks",
    # validate
    "ValidationEngine": "claimgraph.validate.validation",
    "validate_corpus": "claimgraph.validate.validation",
    "validate_loaded": "claimgraph.validate.validation",
    # facts, analysis, export
    "Facts": "claimgraph.facts.model",
    "extract_facts": "claimgraph.facts.model",
    "corpus_stats": "claimgraph.facts.stats",
    "analyze_facts": "claimgraph.analysis.run",
    "export_view": "claimgraph.export",
    # build, authoring, interop
    "build_dataset": "claimgraph.build",
    "compile_file": "claimgraph.authoring.compiler",
    "find_anchor": "claimgraph.corpus.anchors",
    "import_files": "claimgraph.interop",
    # errors
    "ClaimgraphError": "claimgraph.errors",
    "InputError": "claimgraph.errors",
    "QueryError": "claimgraph.errors",
    "OutputError": "claimgraph.errors",
    "UnsupportedError": "claimgraph.errors",
}

__all__ = [
    "ClaimgraphError",
    "Corpus",
    "Facts",
    "InputError",
    "LoadedCorpus",
    "OutputError",
    "QueryEngine",
    "QueryError",
    "QueryLimits",
    "UnsupportedError",
    "ValidationEngine",
    "__version__",
    "analyze_facts",
    "build_dataset",
    "build_store",
    "check_query",
    "compile_file",
    "corpus_stats",
    "export_view",
    "extract_facts",
    "find_anchor",
    "find_query",
    "import_files",
    "library",
    "load_corpus",
    "make_corpus",
    "open_corpus",
    "run_checks",
    "run_query",
    "validate_corpus",
    "validate_loaded",
]


def __getattr__(name: str) -> Any:
    """Import a public name on first use."""
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'claimgraph' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PUBLIC))


if TYPE_CHECKING:  # the same names, for type checkers and editors
    from claimgraph.analysis.run import analyze_facts
    from claimgraph.authoring.compiler import compile_file
    from claimgraph.build import build_dataset
    from claimgraph.corpus.anchors import find_anchor
    from claimgraph.corpus.files import Corpus, make_corpus
    from claimgraph.corpus.loading import LoadedCorpus, load_corpus
    from claimgraph.corpus.opening import open_corpus
    from claimgraph.corpus.store import build_store
    from claimgraph.errors import (
        ClaimgraphError,
        InputError,
        OutputError,
        QueryError,
        UnsupportedError,
    )
    from claimgraph.export import export_view
    from claimgraph.facts.model import Facts, extract_facts
    from claimgraph.facts.stats import corpus_stats
    from claimgraph.interop import import_files
    from claimgraph.query.check import check_query
    from claimgraph.query.checks import run_checks
    from claimgraph.query.engine import QueryEngine, QueryLimits
    from claimgraph.query.library import find_query, library, run_query
    from claimgraph.validate.validation import (
        ValidationEngine,
        validate_corpus,
        validate_loaded,
    )
