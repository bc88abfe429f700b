"""The exceptions claimgraph raises, and the exit code each one means at the command line.

::

    ClaimgraphError                 base; exit code 2 unless a subclass says otherwise
    ├── InputError                  a file or argument cannot be used (bad syntax, missing file)
    │   └── UnsafeInputError        input asks for something refused offline (SERVICE, remote
    │                               contexts, owl:imports of the web, XML entities)
    ├── QueryError                  a SPARQL query cannot be parsed or is not allowed here
    │   └── QueryLimitError         a query was stopped: it ran too long or returned too much
    ├── OutputError                 an output cannot be written (would overwrite an input)
    ├── RemoteError                 a SPARQL endpoint is unreachable, refuses or answers wrongly
    └── UnsupportedError            a feature claimgraph does not offer (exit code 3)

The library raises these and never prints or exits; the CLI turns them into one line on
stderr and the exit code, as pySHACL and ROBOT do.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Position:
    """Where in a file something is wrong (1-based line and column, as editors count)."""

    line: int | None = None
    column: int | None = None


class ClaimgraphError(Exception):
    """Base class of every error claimgraph raises on purpose."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        source: str | Path | None = None,
        position: Position | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.source = str(source) if source is not None else None
        self.position = position
        self.hint = hint

    def location(self) -> str:
        """``FILE:LINE:COL`` as far as it is known, or ``""``."""
        if self.source is None:
            return ""
        parts = [self.source]
        if self.position is not None and self.position.line is not None:
            parts.append(str(self.position.line))
            if self.position.column is not None:
                parts.append(str(self.position.column))
        return ":".join(parts)

    def __str__(self) -> str:
        where = self.location()
        text = f"{where}: {self.message}" if where else self.message
        return f"{text} (hint: {self.hint})" if self.hint else text


class InputError(ClaimgraphError):
    """A file or argument that cannot be used: bad syntax, unknown format, missing file."""


class UnsafeInputError(InputError):
    """Input that asks for network access or unbounded expansion, refused by default."""


class QueryError(ClaimgraphError):
    """A SPARQL query that cannot be parsed, is not read-only, or is refused offline."""


class QueryLimitError(QueryError):
    """A query stopped by one of its limits: ``limit`` is ``"time"`` or ``"rows"``."""

    def __init__(
        self, message: str, *, limit: str, source: str | Path | None = None, hint: str | None = None
    ) -> None:
        super().__init__(message, source=source, hint=hint)
        self.limit = limit


class OutputError(ClaimgraphError):
    """An output that cannot be written safely."""


class UnsupportedError(ClaimgraphError):
    """A feature claimgraph does not offer."""

    exit_code = 3


class RemoteError(ClaimgraphError):
    """A SPARQL endpoint that cannot be reached, refuses the request, or answers wrongly."""
