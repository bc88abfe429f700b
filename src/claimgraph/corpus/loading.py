"""Reading a corpus: its files parsed into one Oxigraph store, made ready for the engines.

Each file is read by :mod:`claimgraph.corpus.parsing` (safe parsing with exact error
positions, straight into Oxigraph). The corpus lands in an Oxigraph
:class:`~pyoxigraph.Store` (in memory, or the persistent store of :mod:`claimgraph.corpus.store`),
then gets the core super-terms of extension terms (:mod:`claimgraph.corpus.closure`) and
the source texts (:mod:`claimgraph.corpus.texts`), and its ``owl:imports`` are checked.

An rdflib :class:`~rdflib.Dataset` with the same content is made only when something asks
for it (:attr:`LoadedCorpus.dataset`: pySHACL, rdflib's SPARQL engine, rdflib users), so the
Oxigraph path (parse, load, query, validate) never pays for it.

Oxigraph stores typed literals by value: ``"01"^^xsd:integer`` reads back as ``"1"``. Every
engine and validator sees the stored form, so they all see the same terms.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import OWL, RDF, Dataset, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from claimgraph.corpus.closure import add_core_super_terms
from claimgraph.corpus.files import Corpus
from claimgraph.corpus.parsing import CorpusLoader, FileRecord, _file_subjects, read_quads
from claimgraph.corpus.texts import add_source_texts
from claimgraph.errors import UnsafeInputError
from claimgraph.progress import Progress, no_progress
from claimgraph.rdf.namespace import ONTOLOGY_GRAPH, PREFIXES
from claimgraph.rdf.terms import DEFAULT_GRAPH, graph_key, to_oxigraph, to_rdflib


class LoadedCorpus:
    """A corpus loaded into an Oxigraph store, with the file each statement came from.

    :attr:`store` is the Oxigraph store (every query and the fast validator use it);
    :attr:`dataset` and :attr:`quads` are made from it on first use.
    """

    def __init__(
        self,
        corpus: Corpus,
        store: ox.Store,
        files: list[FileRecord],
        text_checksums: dict[Node, str] | None = None,
        text_files: dict[Node, Path] | None = None,
    ) -> None:
        self.corpus = corpus
        self.store = store
        self.files = files
        self.text_checksums: dict[Node, str] = text_checksums or {}
        """SHA-256 of each document's text file as read, for validation to compare."""
        self.text_files: dict[Node, Path] = text_files or {}
        """The text file read for each document (its cg:text)."""
        self._files_of: dict[str, list[str]] = {}
        self._graph_files: dict[str, list[FileRecord]] | None = None

    # -- rdflib views, made on first use ------------------------------------------------------

    @cached_property
    def dataset(self) -> Dataset:
        """The corpus as an rdflib Dataset (default graph: the union), made on first use."""
        dataset = new_dataset()
        graphs: dict[str, Any] = {}
        batch: list[tuple[Node, Node, Node, Any]] = []
        for quad in self.store:
            key = graph_key(quad.graph_name)
            graph = graphs.get(key)
            if graph is None:
                name = (
                    DATASET_DEFAULT_GRAPH_ID if key == DEFAULT_GRAPH else to_rdflib(quad.graph_name)
                )
                graph = graphs[key] = dataset.graph(name)  # type: ignore[arg-type]
            batch.append(
                (to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object), graph)
            )
            if len(batch) >= 100_000:
                dataset.addN(batch)
                batch = []
        dataset.addN(batch)
        return dataset

    @cached_property
    def quads(self) -> list[ox.Quad]:
        """Every quad of the store, as a list (made on first use)."""
        return list(self.store)

    def __len__(self) -> int:
        return len(self.store)

    def graph_names(self) -> set[Node]:
        """The named graphs of the corpus, plus rdflib's default graph if it holds triples."""
        names: set[Node] = {to_rdflib(g) for g in self.store.named_graphs()}
        if next(iter(self.store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None):
            names.add(DATASET_DEFAULT_GRAPH_ID)
        return names

    # -- where a node is stated ----------------------------------------------------------------

    def _files_by_graph(self) -> dict[str, list[FileRecord]]:
        if self._graph_files is None:
            by_graph: dict[str, list[FileRecord]] = defaultdict(list)
            for record in self.files:
                for graph in record.graphs:
                    by_graph[graph].append(record)
            self._graph_files = by_graph
        return self._graph_files

    def _subjects_of(self, record: FileRecord) -> frozenset[str]:
        if record.subjects is None:
            quads = read_quads(record.path, blank_label=record.blank_label)
            record.subjects = _file_subjects(quads)
        return record.subjects

    def files_of(self, node: Node) -> list[str]:
        """The files (as the user reads their paths) in which ``node`` is a subject."""
        if isinstance(node, Literal):
            return []
        term = to_oxigraph(node)
        key = str(term)
        if key in self._files_of:
            return self._files_of[key]
        graphs = {graph_key(q.graph_name) for q in self.store.quads_for_pattern(term, None, None)}
        # The cg:text the loader adds is stated in no file; a subject with nothing else is
        # in none either.
        by_graph = self._files_by_graph()
        found: set[str] = set()
        for graph in graphs:
            records = by_graph.get(graph, [])
            if len(records) == 1 and not records[0].blank_nodes:
                found.add(records[0].shown)
                continue
            found.update(r.shown for r in records if key in self._subjects_of(r))
        files = sorted(found)
        self._files_of[key] = files
        return files

    @cached_property
    def subject_files(self) -> dict[Node, set[str]]:
        """Every subject and the files it is stated in (computed on first use; slow)."""
        result: dict[Node, set[str]] = {}
        for quad in self.store:
            node = to_rdflib(quad.subject)
            if node not in result:
                result[node] = set(self.files_of(node))
        return result


def new_dataset() -> Dataset:
    """An empty in-memory dataset whose default graph is the union, with the usual prefixes."""
    dataset = Dataset(default_union=True)
    for prefix, iri in PREFIXES.items():
        dataset.bind(prefix, iri, override=True, replace=True)
    return dataset


def corpus_files(corpus: Corpus) -> list[tuple[Path, URIRef | None, str]]:
    """Each file of ``corpus`` in load order, with its default graph and blank-node label."""
    files = [(p, ONTOLOGY_GRAPH) for p in corpus.ontology_files] + [
        (p, None) for p in corpus.data_files
    ]
    return [(path, graph, f"f{index}") for index, (path, graph) in enumerate(files)]


def load_corpus(
    corpus: Corpus,
    progress: Progress = no_progress,
    *,
    store: ox.Store | None = None,
    bulk: bool = False,
    exact_graphs: bool = False,
) -> LoadedCorpus:
    """Parse every file of ``corpus``, add the source texts, and check imports stay offline.

    The corpus goes into ``store`` (a new in-memory store when None); ``bulk`` loads in
    large batches with Oxigraph's bulk loader (for a new on-disk store). This always parses;
    :func:`claimgraph.corpus.opening.open_corpus` takes the corpus from a persistent store.
    ``exact_graphs`` takes every file's graphs from its parsed quads (slower; what the
    persistent store records), not from its text where that proves them.
    """
    store = store if store is not None else ox.Store()
    files = corpus_files(corpus)
    loader = CorpusLoader(store, bulk, exact=exact_graphs)
    records = []
    for done, (path, default_graph, label) in enumerate(files):
        progress("parse", done, len(files))
        records.append(loader.load(path, default_graph, label))
    loader.flush()
    progress("parse", len(files), len(files))
    forget_empty_default_graph(store, records)
    add_core_super_terms(store)
    loaded = LoadedCorpus(corpus, store, records)
    add_source_texts(loaded)
    check_imports(loaded)
    return loaded


def forget_empty_default_graph(store: ox.Store, records: list[FileRecord]) -> None:
    """Drop the default graph from the files said to fill it, if it holds nothing."""
    if next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is None:
        for record in records:
            if DEFAULT_GRAPH in record.graphs:
                record.graphs = record.graphs - {DEFAULT_GRAPH}


def check_imports(loaded: LoadedCorpus) -> None:
    """Refuse ``owl:imports`` of an ontology no loaded file declares (claimgraph is offline)."""
    store = loaded.store
    provided = {
        str(q.subject)
        for q in store.quads_for_pattern(
            None, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(OWL.Ontology))
        )
    }
    provided |= {
        str(q.object)
        for q in store.quads_for_pattern(None, ox.NamedNode(str(OWL.versionIRI)), None)
    }
    imports = sorted(
        {
            (str(q.subject), q.subject, q.object)
            for q in store.quads_for_pattern(None, ox.NamedNode(str(OWL.imports)), None)
        },
        key=lambda item: (item[0], str(item[2])),
    )
    for _, ontology, imported in imports:
        if str(imported) not in provided:
            files = loaded.files_of(to_rdflib(ontology))
            raise UnsafeInputError(
                f"owl:imports <{getattr(imported, 'value', imported)}> is not followed: "
                "claimgraph works offline and no loaded file declares that ontology",
                source=files[0] if files else None,
                hint="add the imported ontology's file with --ontology",
            )


__all__ = [
    "LoadedCorpus",
    "check_imports",
    "corpus_files",
    "forget_empty_default_graph",
    "load_corpus",
    "new_dataset",
]
