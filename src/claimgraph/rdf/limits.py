"""How much input claimgraph reads: every size and depth limit, in one place.

Hostile or broken input must end in one line naming the file, never in a read of
gigabytes, a crash of a parser or a ``MemoryError``. The limits are generous for real data
(a corpus of millions of triples is many files, each small) and keep the work on a file
in proportion to its size: no term or nesting within them makes a parser take minutes,
overflow its stack or run out of memory:

=============================  ==========  ==================================================
limit                          value       what it bounds
=============================  ==========  ==================================================
:data:`MAX_INPUT_BYTES`        1 GiB       one RDF file (per file, not per corpus)
:data:`MAX_TEXT_BYTES`         8 MiB       one source text (``cg:textFile``, ``anchor``)
:data:`MAX_TERM_BYTES`         16 MiB      one literal or IRI
:data:`MAX_NESTING_DEPTH`      256         ``[ ]``/``( )`` in Turtle and TriG, elements in
                                           RDF/XML, objects and arrays in JSON-LD
=============================  ==========  ==================================================

The two size limits can be raised (or lowered) with the environment variables
``CLAIMGRAPH_MAX_INPUT_BYTES`` and ``CLAIMGRAPH_MAX_TEXT_BYTES`` (a number of bytes). The
term and depth limits are fixed: they protect the parsers themselves (Oxigraph's lexer
holds at most 16 MiB per token; its JSON-LD parser overflows the stack a few thousand
levels deep).

Only regular files are read: a device (``/dev/zero``), a pipe or a socket is refused before
a byte is read, and a file is never read beyond its limit, even one that grows meanwhile.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from claimgraph.errors import InputError

MAX_INPUT_BYTES = 1024 * 1024 * 1024
"""The largest RDF file read (1 GiB); ``CLAIMGRAPH_MAX_INPUT_BYTES`` overrides it.

Per file: the benchmark's corpora of millions of triples are thousands of small files.
A file is held in memory while it is parsed, so this also bounds the memory one file takes.
"""

MAX_TEXT_BYTES = 8 * 1024 * 1024
"""The largest source text read (8 MiB, some thousands of pages); ``CLAIMGRAPH_MAX_TEXT_BYTES``
overrides it.

A source text becomes one ``cg:text`` literal; half of :data:`MAX_TERM_BYTES` leaves room
for the escapes an export writes, so that an exported corpus reads back.
"""

MAX_TERM_BYTES = 16 * 1024 * 1024
"""The longest literal or IRI (16 MiB of UTF-8): the most Oxigraph's Turtle, TriG,
N-Triples, N-Quads and JSON-LD parsers hold in one token. RDF/XML is held to it as well, so
that what one format reads every other can."""

MAX_NESTING_DEPTH = 256
"""The deepest nesting read: ``[ ]`` and ``( )`` in Turtle and TriG, elements in RDF/XML,
objects and arrays in JSON-LD. Real data nests a few levels; RDF/XML nested 100,000 deep
takes minutes to parse and JSON-LD a few thousand deep crashes the parser."""

_ENV_INPUT = "CLAIMGRAPH_MAX_INPUT_BYTES"
_ENV_TEXT = "CLAIMGRAPH_MAX_TEXT_BYTES"


def _from_env(name: str, default: int) -> int:
    value = os.environ.get(name)
    if not value:
        return default
    try:
        limit = int(value.replace("_", ""))
    except ValueError:
        limit = -1
    if limit <= 0:
        raise InputError(f"${name} must be a positive number of bytes, not {value!r}")
    return limit


def max_input_bytes() -> int:
    """The largest RDF file read: :data:`MAX_INPUT_BYTES` or ``$CLAIMGRAPH_MAX_INPUT_BYTES``."""
    return _from_env(_ENV_INPUT, MAX_INPUT_BYTES)


def max_text_bytes() -> int:
    """The largest source text read: :data:`MAX_TEXT_BYTES` or ``$CLAIMGRAPH_MAX_TEXT_BYTES``."""
    return _from_env(_ENV_TEXT, MAX_TEXT_BYTES)


def size_text(count: int) -> str:
    for unit, factor in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if count >= factor and count % factor == 0:
            return f"{count // factor} {unit}"
    return f"{count:,} bytes"


def read_bounded(
    path: Path,
    limit: int,
    shown: str | None = None,
    *,
    what: str = "file",
    setting: str = _ENV_INPUT,
) -> bytes:
    """The bytes of the regular file ``path``, refused if it holds more than ``limit``.

    A device, pipe, socket or folder is refused before anything is read (opening does not
    wait for a pipe's writer), and at most ``limit + 1`` bytes are ever read. Every problem
    is an :class:`InputError` naming ``shown`` (default: the path); ``what`` names the
    kind of file and ``setting`` the variable that raises the limit.
    """
    source = shown if shown is not None else str(path)
    try:
        # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", source=source) from exc
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"is a folder, not a {what}", source=source)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(
                "is not a regular file (a device, pipe or socket); only regular files are read",
                source=source,
            )
        too_big = InputError(
            f"the {what} is larger than the limit of {size_text(limit)}",
            source=source,
            hint=f"raise it with ${setting}",
        )
        if info.st_size > limit:
            raise too_big
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            # Ask for the whole file at once (one read, no copy, for a file that does not
            # change), but never for more than one byte past the limit.
            chunk = os.read(fd, min(left, max(info.st_size + 1, 1 << 16), 1 << 30))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        if left <= 0:
            raise too_big
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", source=source) from exc
    finally:
        os.close(fd)


def read_input(path: Path, shown: str | None = None) -> bytes:
    """An RDF file's bytes, at most :func:`max_input_bytes` of them (see :func:`read_bounded`)."""
    return read_bounded(path, max_input_bytes(), shown)


def read_source_text(path: Path, shown: str | None = None) -> bytes:
    """A source text's bytes, at most :func:`max_text_bytes` of them (see :func:`read_bounded`)."""
    return read_bounded(path, max_text_bytes(), shown, what="text file", setting=_ENV_TEXT)


__all__ = [
    "MAX_INPUT_BYTES",
    "MAX_NESTING_DEPTH",
    "MAX_TERM_BYTES",
    "MAX_TEXT_BYTES",
    "max_input_bytes",
    "max_text_bytes",
    "read_bounded",
    "read_input",
    "read_source_text",
    "size_text",
]
