"""What a command working on a corpus must never write over: its files, its folders, the
query library (the guard itself is :mod:`claimgraph.rdf.output`)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from claimgraph.corpus.files import (
    Corpus,
    home_ontology,
    home_queries,
    project_home,
    project_queries_folder,
)
from claimgraph.errors import ClaimgraphError
from claimgraph.rdf.output import Protected

SOURCES_FOLDER = "sources"
"""Where a data folder keeps its source texts (see docs/modelling.md)."""


def protected_for(corpus: Corpus, *, read: Iterable[Path] = ()) -> Protected:
    """What a command working on ``corpus`` must never write over.

    ``read`` adds the other files the command reads (a query file, the source texts).
    """
    files = [
        *corpus.ontology_files,
        *corpus.shapes_files,
        *corpus.data_files,
        *read,
    ]
    folders = [root for root in corpus.ontology_roots if root.is_dir()]
    folders += [extension.folder for extension in corpus.extensions]
    folders += [root / SOURCES_FOLDER for root in corpus.data_roots if root.is_dir()]
    queries = project_queries_folder()
    if queries is not None:
        folders.append(queries)
    return Protected(tuple(files), tuple(folders))


def project_protected() -> Protected:
    """The project's own corpus (``data/``, ``ontology/``, ``queries/``), for commands that
    write without reading a corpus (``generate``); nothing when there is no project."""
    try:
        home = project_home()
        return Protected(folders=(home / "data", home_ontology(), home_queries()))
    except ClaimgraphError:
        return Protected()
