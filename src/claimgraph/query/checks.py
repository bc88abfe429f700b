"""Quality-control queries: ``queries/checks/*-violation.rq`` must return nothing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from claimgraph.corpus.loading import LoadedCorpus
from claimgraph.query.engine import Engine, QueryEngine, QueryLimits, QueryResult, QueryRunner
from claimgraph.query.library import LibraryQuery, checks


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
    return run_checks_with(QueryEngine(loaded, engine), folder, limits)


def run_checks_with(
    runner: QueryRunner, folder: Path | None = None, limits: QueryLimits | None = None
) -> list[CheckOutcome]:
    """Run every QC query with ``runner`` (a remote store for ``claimgraph check --endpoint``)."""
    return [
        CheckOutcome(query, runner.query(query.text, source=str(query.path), limits=limits))
        for query in checks(folder)
    ]
