"""The one Graphviz runner: DOT on ``dot``'s stdin, the picture on its stdout.

``claimgraph export`` draws its SVG and PNG with it, ``claimgraph ontology docs`` its
class-hierarchy pictures. Graphviz is a system package (Debian: ``graphviz``;
``scripts/setup-system.sh`` installs it). Where ``dot`` is absent the caller gets
:class:`GraphvizMissingError` (exit code 3), where it fails or runs too long
:class:`RenderError`, never a traceback; writing DOT itself needs no Graphviz.

Each caller says what it draws and what the user can do instead (:class:`GraphvizUse`),
so that the messages name the command's own options.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass

from claimgraph.errors import GraphvizMissingError, RenderError, UnsupportedError

DOT_TIMEOUT = 300
"""Seconds ``dot`` may take before the drawing is given up."""

RENDER_FORMATS = ("svg", "png")
"""The ``-T`` output formats asked of ``dot``."""

_INSTALL = "install Graphviz (Debian/Ubuntu: apt-get install graphviz"


@dataclass(frozen=True)
class GraphvizUse:
    """What a command draws with Graphviz, for the messages when it cannot."""

    drawn: str
    """What Graphviz draws, as the start of a sentence: "SVG and PNG are drawn by Graphviz"."""
    instead: str
    """What to do without Graphviz: "export -f dot and render it elsewhere"."""
    smaller: str
    """What to do when ``dot`` takes too long."""


EXPORT_USE = GraphvizUse(
    drawn="SVG and PNG are drawn by Graphviz",
    instead="export -f dot and render it elsewhere",
    smaller="draw a smaller view with --document, --actor, --topic or --focus",
)
"""``claimgraph export``'s pictures, the default."""


def has_graphviz() -> bool:
    """Whether Graphviz's ``dot`` is on the ``PATH``."""
    return shutil.which("dot") is not None


def graphviz_dot(use: GraphvizUse = EXPORT_USE) -> str:
    """The path of Graphviz's ``dot``, or :class:`GraphvizMissingError`."""
    found = shutil.which("dot")
    if found is None:
        raise GraphvizMissingError(
            f"{use.drawn}, and its `dot` command was not found",
            hint=f"{_INSTALL}; or run scripts/setup-system.sh as root), or {use.instead}",
        )
    return found


def render_dot(dot_source: str, fmt: str, use: GraphvizUse = EXPORT_USE) -> bytes:
    """``dot_source`` drawn by Graphviz as ``fmt`` (``svg`` or ``png``)."""
    if fmt not in RENDER_FORMATS:
        raise UnsupportedError(f"Graphviz rendering to {fmt!r} is not offered")
    command = [graphviz_dot(use), f"-T{fmt}"]
    try:
        completed = subprocess.run(
            command,
            input=dot_source.encode("utf-8"),
            capture_output=True,
            timeout=DOT_TIMEOUT,
            check=False,
        )
    except FileNotFoundError as exc:
        raise GraphvizMissingError(
            f"Graphviz's `dot` could not be started: {exc.strerror}",
            hint=f"{_INSTALL})",
        ) from exc
    except subprocess.TimeoutExpired as exc:
        raise RenderError(
            f"Graphviz took more than {DOT_TIMEOUT} s to draw the picture", hint=use.smaller
        ) from exc
    message = completed.stderr.decode("utf-8", "replace").strip()
    if completed.returncode != 0 or not completed.stdout:
        first = message.splitlines()[0] if message else f"exit code {completed.returncode}"
        raise RenderError(f"Graphviz could not draw the picture: {first}")
    return completed.stdout


__all__ = [
    "DOT_TIMEOUT",
    "EXPORT_USE",
    "RENDER_FORMATS",
    "GraphvizUse",
    "graphviz_dot",
    "has_graphviz",
    "render_dot",
]
