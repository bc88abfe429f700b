"""Quality-control queries: ``queries/checks/*-violation.rq`` must return nothing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from claimgraph.corpus.loading import LoadedCorpus
from claimgraph.query.engine import Engine, QueryEngine, QueryLimits, QueryResult
from claimgraph.query.library import LibraryQuery, checks

if TYPE_CHECKING:
    from claimgraph.remote.engine import RemoteQueryEngine


@dataclass(frozen=True)
class CheckOutcome:
    """A QC query and what it found (no rows: the check passes)."""

    query: LibraryQuery
    result: QueryResult

    @property
    def passed(self) -> bool:
        """Whether the check found nothing."""
        return not self.result.rows


def run_checks(
    loaded: LoadedCorpus,
    engine: Engine = Engine.OXIGRAPH,
    folder: Path | None = None,
    limits: QueryLimits | None = None,
) -> list[CheckOutcome]:
    """Run every QC query on ``loaded``, each within ``limits``."""
    runner = QueryEngine(loaded, engine)
    return [
        CheckOutcome(query, runner.query(query.text, source=str(query.path), limits=limits))
        for query in checks(folder)
    ]


def run_remote_checks(
    runner: RemoteQueryEngine, folder: Path | None = None, limits: QueryLimits | None = None
) -> list[CheckOutcome]:
    """Run every QC query on a remote store (``claimgraph check --endpoint``)."""
    return [
        CheckOutcome(query, runner.query(query.text, source=str(query.path), limits=limits))
        for query in checks(folder)
    ]
