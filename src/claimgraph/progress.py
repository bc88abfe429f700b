"""How long-running library calls report progress without printing.

The library calls a :class:`Progress` callback; the CLI decides whether and how to show it
(a bar on a terminal, nothing in pipes or with ``--quiet``).
"""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    """Told how far a step has come: ``done`` of ``total`` units (``total`` None if unknown)."""

    def __call__(self, step: str, done: int, total: int | None) -> None: ...


def no_progress(step: str, done: int, total: int | None) -> None:
    """A :class:`Progress` that reports nothing."""
