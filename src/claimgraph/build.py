"""``claimgraph build -o FILE``: ontology and data into one dataset file.

(The persistent store that ``claimgraph build`` keeps is :mod:`claimgraph.corpus.store`.)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from claimgraph.corpus.files import Corpus
from claimgraph.corpus.loading import LoadedCorpus, load_corpus
from claimgraph.corpus.protected import protected_for
from claimgraph.progress import Progress, no_progress
from claimgraph.rdf.formats import RdfFormat
from claimgraph.rdf.output import check_output, write_atomically
from claimgraph.rdf.serialize import serialize_quads


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote."""

    output: Path
    quads: int
    graphs: int
    files_read: int


def write_dataset(
    loaded: LoadedCorpus,
    output: Path,
    fmt: RdfFormat,
    *,
    graph: str | None = None,
    progress: Progress = no_progress,
) -> BuildResult:
    """Write a loaded corpus to ``output`` in ``fmt``, deterministically and atomically.

    Never over a file of the corpus or a text it read (:func:`claimgraph.rdf.output.check_output`).
    """
    check_output(output, protected_for(loaded.corpus, read=loaded.text_files.values()))
    quads = loaded.quads
    progress("write", 0, len(quads))
    data = serialize_quads(quads, fmt, graph)
    write_atomically(output, data)
    progress("write", len(quads), len(quads))
    return BuildResult(
        output=output,
        quads=len(quads),
        graphs=len({str(q.graph_name) for q in quads}),
        files_read=len(loaded.corpus.all_files),
    )


def build_dataset(
    corpus: Corpus,
    output: Path,
    fmt: RdfFormat,
    *,
    graph: str | None = None,
    progress: Progress = no_progress,
    loaded: LoadedCorpus | None = None,
) -> BuildResult:
    """Load ``corpus`` and write it to ``output`` in ``fmt``, deterministically and atomically."""
    check_output(output, protected_for(corpus))
    loaded = loaded or load_corpus(corpus, progress)
    return write_dataset(loaded, output, fmt, graph=graph, progress=progress)
