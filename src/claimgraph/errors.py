"""The exceptions claimgraph raises, and the exit code each one means at the command line.

::

    ClaimgraphError                 base; exit code 2 unless a subclass says otherwise
    ├── InputError                  a file or argument cannot be used (bad syntax, missing file)
    │   ├── UnsafeInputError        input asks for something refused offline (SERVICE, remote
    │   │                           contexts, owl:imports of the web, XML entities)
    │   └── AuthoringError          problems in an authoring file, each at its line
    ├── QueryError                  a SPARQL query cannot be parsed or is not allowed here
    │   └── QueryLimitError         a query was stopped: it ran too long or returned too much
    ├── OutputError                 an output cannot be written (would overwrite an input)
    │   └── RenderError             Graphviz ran but could not draw the picture
    ├── RemoteError                 a SPARQL endpoint is unreachable, refuses or answers wrongly
    ├── UnsupportedError            a feature claimgraph does not offer (exit code 3)
    │   └── GraphvizMissingError    SVG or PNG asked for without Graphviz's ``dot``
    └── AnalysisError               the argumentation analysis cannot go on
        ├── FrameworkError          a malformed framework (also a ValueError)
        │   └── UnknownArgumentError
        ├── LabellingError          an illegal labelling (also a ValueError)
        └── SemanticsLimitExceeded  an enumeration hit its search limit

The library raises these and never prints or exits; the CLI turns them into one line on
stderr and the exit code, as pySHACL and ROBOT do.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # for a type only: errors import nothing of claimgraph at run time
    from claimgraph.analysis.dung import SearchLimit


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


class AuthoringError(InputError):
    """One or more problems in an authoring file; ``errors`` holds each, first first."""

    def __init__(self, errors: list[InputError]) -> None:
        first = errors[0]
        super().__init__(
            first.message, source=first.source, position=first.position, hint=first.hint
        )
        self.errors = errors


class GraphvizMissingError(UnsupportedError):
    """SVG or PNG was asked for and Graphviz's ``dot`` is not installed."""


class RenderError(OutputError):
    """Graphviz ran but could not draw the picture."""


class AnalysisError(ClaimgraphError):
    """Base class of every error raised by :mod:`claimgraph.analysis`.

    A :class:`~claimgraph.errors.ClaimgraphError`, so the command line reports it
    as one line on stderr with exit code 2::

        ClaimgraphError
        └── AnalysisError
            ├── FrameworkError            (also a ValueError)
            │   └── UnknownArgumentError
            ├── LabellingError            (also a ValueError)
            └── SemanticsLimitExceeded
    """


class FrameworkError(AnalysisError, ValueError):
    """A framework (or a set of arguments given to it) is malformed."""


class UnknownArgumentError(FrameworkError):
    """An argument was referred to that is not in the framework."""


class LabellingError(AnalysisError, ValueError):
    """A labelling is not legal (not complete) where it had to be."""


class SemanticsLimitExceeded(AnalysisError):  # noqa: N818 -- name fixed by the project's API
    """An enumeration hit its :class:`SearchLimit` before finishing.

    Raised instead of returning a possibly incomplete list of extensions.

    Attributes:
        semantics: name of the semantics being enumerated.
        limit: the limit that was exceeded.
        nodes: search nodes expanded when the enumeration stopped.
        elapsed: seconds spent when the enumeration stopped.
    """

    def __init__(self, semantics: str, limit: SearchLimit, nodes: int, elapsed: float) -> None:
        super().__init__(
            f"{semantics} enumeration stopped after {nodes} search nodes and "
            f"{elapsed:.3f}s: limit {limit} exceeded"
        )
        self.semantics = semantics
        self.limit = limit
        self.nodes = nodes
        self.elapsed = elapsed


class RemoteError(ClaimgraphError):
    """A SPARQL endpoint that cannot be reached, refuses the request, or answers wrongly."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        """The HTTP status of the store's refusal, when it answered with one."""
