"""SVG and PNG through the real Graphviz: DOT on ``dot``'s stdin, the picture on its stdout.

Graphviz is a system package (Debian: ``graphviz``; ``scripts/setup-system.sh`` installs
it). Where ``dot`` is absent the export stops with :class:`GraphvizMissingError` (exit code
3), never a traceback; DOT itself needs no Graphviz.
"""

from __future__ import annotations

import shutil
import subprocess

from claimgraph.errors import GraphvizMissingError, RenderError, UnsupportedError

DOT_TIMEOUT = 300
"""Seconds ``dot`` may take before the export gives up."""


def graphviz_dot() -> str:
    """The path of Graphviz's ``dot``, or :class:`GraphvizMissingError`."""
    found = shutil.which("dot")
    if found is None:
        raise GraphvizMissingError(
            "SVG and PNG are drawn by Graphviz, and its `dot` command was not found",
            hint="install Graphviz (Debian/Ubuntu: apt-get install graphviz; or run "
            "scripts/setup-system.sh as root), or export -f dot and render it elsewhere",
        )
    return found


def render_dot(dot_source: str, fmt: str) -> bytes:
    """``dot_source`` drawn by Graphviz as ``fmt`` (``svg`` or ``png``)."""
    if fmt not in ("svg", "png"):
        raise UnsupportedError(f"Graphviz rendering to {fmt!r} is not offered")
    command = [graphviz_dot(), f"-T{fmt}"]
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
            hint="install Graphviz (Debian/Ubuntu: apt-get install graphviz)",
        ) from exc
    except subprocess.TimeoutExpired as exc:
        raise RenderError(
            f"Graphviz took more than {DOT_TIMEOUT} s to draw the picture",
            hint="draw a smaller view with --document, --actor, --topic or --focus",
        ) from exc
    message = completed.stderr.decode("utf-8", "replace").strip()
    if completed.returncode != 0 or not completed.stdout:
        first = message.splitlines()[0] if message else f"exit code {completed.returncode}"
        raise RenderError(f"Graphviz could not draw the picture: {first}")
    return completed.stdout
