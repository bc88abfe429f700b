"""``claimgraph build``: ontology and data into one dataset file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .corpus import Corpus
from .formats import RdfFormat
from .loading import LoadedCorpus, load_corpus
from .output import refuse_input_as_output, write_atomically
from .progress import Progress, no_progress
from .serialize import serialize_quads


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote."""

    output: Path
    quads: int
    graphs: int
    files_read: int


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
    refuse_input_as_output(output, corpus.all_files)
    loaded = loaded or load_corpus(corpus, progress)
    data = serialize_quads(loaded.quads, fmt, graph)
    write_atomically(output, data)
    return BuildResult(
        output=output,
        quads=len(loaded.quads),
        graphs=len({str(q.graph_name) for q in loaded.quads}),
        files_read=len(corpus.all_files),
    )
