"""Writing outputs safely: atomically, deterministically, never over an input."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .errors import OutputError


def refuse_input_as_output(output: Path, inputs: Iterable[Path]) -> None:
    """Raise :class:`OutputError` if ``output`` is one of the input files."""
    target = output.resolve()
    for path in inputs:
        if path.resolve() == target:
            raise OutputError(
                "the output path is one of the input files; source files are never modified",
                source=str(output),
                hint="write to another file",
            )


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    An interrupted run leaves the old file intact and no half-written one.
    """
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror}", source=str(path)) from exc
    try:
        # mkstemp makes the file private (0600); an output is an ordinary file, so give it
        # the mode the user's umask gives any new file.
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException as exc:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write: {exc.strerror}", source=str(path)) from exc
        raise
