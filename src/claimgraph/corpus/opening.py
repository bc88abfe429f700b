"""Open a corpus: from the persistent store when it holds the corpus as its files are now,
else by parsing the files.

This is the one place that chooses between the two, and the caller names the store
explicitly: loading (:mod:`claimgraph.corpus.loading`) never reaches for a store itself.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from claimgraph.corpus.files import Corpus
from claimgraph.corpus.loading import LoadedCorpus, load_corpus
from claimgraph.corpus.store import open_store
from claimgraph.progress import Progress, no_progress


def open_corpus(
    corpus: Corpus,
    progress: Progress = no_progress,
    *,
    store: Path | None = None,
    on_damage: Callable[[Path, str], None] | None = None,
) -> LoadedCorpus:
    """``corpus`` loaded, from the persistent store in the folder ``store`` when that holds
    exactly this corpus as its files are now, else parsed from the files.

    A damaged store is not used: ``on_damage`` is told its folder and what is wrong, and
    the files are parsed. Without ``store`` this is :func:`load_corpus`.
    """
    if store is not None:
        opened = open_store(corpus, store, on_damage)
        if opened is not None:
            progress("parse", len(corpus.all_files), len(corpus.all_files))
            return opened[0]
    return load_corpus(corpus, progress)
