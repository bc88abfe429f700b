"""Writing outputs safely: atomically, deterministically, never over an input.

Every command that writes asks :func:`check_output` (one file) or
:func:`check_output_folder` (a folder it fills or replaces) first, with the
:class:`Protected` files and folders of its corpus (:func:`protected_for`):

- the files the command reads (ontology, shapes, data, source texts, the query file ...),
  compared by inode as well as by path, so that a symbolic or hard link to one counts;
- every file below an ontology folder (core and extensions: terms, shapes, examples,
  catalogs, READMEs, tests) and below the query library ``queries/``;
- every file below a ``sources/`` folder of a ``--data`` folder: the source texts, also
  for commands that do not read them (``ontology check``).

An output that exists must be a regular file (not a link, device, named pipe, socket or
folder): ``-o /dev/null`` is refused rather than replaced by a regular file, and writing
*through* a link is never done. ``-`` (stdout) is the caller's business and always allowed.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from claimgraph.errors import OutputError

_HINT = "write to a new file outside the corpus, or to stdout with -o -"


@dataclass(frozen=True)
class Protected:
    """The files and folders no output may replace.

    ``files`` and the files below ``folders`` are compared by inode (so links count); no
    output may lie below one of ``folders``, links resolved, even as a new file.
    """

    files: tuple[Path, ...] = ()
    folders: tuple[Path, ...] = ()

    def with_files(self, files: Iterable[Path]) -> Protected:
        """These protections and ``files``."""
        return Protected((*self.files, *files), self.folders)

    @cached_property
    def _inodes(self) -> dict[tuple[int, int], Path]:
        # Made only when an output already exists. The files below the protected folders
        # count too, so that a hard link to a text is caught by commands that do not read
        # the texts.
        found: dict[tuple[int, int], Path] = {}
        below = (
            Path(top) / name
            for folder in self.folders
            for top, _, names in os.walk(folder)
            for name in names
        )
        for path in (*self.files, *below):
            try:
                info = os.stat(path)
            except (OSError, ValueError):
                continue  # a file that is not there cannot be overwritten
            found.setdefault((info.st_dev, info.st_ino), path)
        return found

    @cached_property
    def _real_folders(self) -> tuple[tuple[str, Path], ...]:
        return tuple((os.path.realpath(folder), folder) for folder in self.folders)

    def same_file(self, path: Path) -> Path | None:
        """The protected file that the existing file ``path`` is (same inode), if any."""
        info = os.stat(path)
        return self._inodes.get((info.st_dev, info.st_ino))

    def folder_holding(self, path: Path) -> Path | None:
        """The protected folder ``path`` (links resolved; it need not exist) lies in."""
        real = os.path.realpath(path)
        for folder_real, folder in self._real_folders:
            if _inside(real, folder_real):
                return folder
        return None

    def holder(self, path: Path) -> Path | None:
        """The protected file or folder that the existing file ``path`` is or lies in."""
        return self.same_file(path) or self.folder_holding(path)

    def folder_conflict(self, folder: Path, *, files: bool = True) -> Path | None:
        """A protected folder that is ``folder``, lies below it, or holds it; with ``files``,
        also a protected file below it."""
        real = os.path.realpath(folder)
        for folder_real, protected in self._real_folders:
            if _inside(real, folder_real) or _inside(folder_real, real):
                return protected
        if not files:
            return None
        for path in self._inodes.values():
            if _inside(os.path.realpath(path), real):
                return path
        return None


def _inside(path: str, folder: str) -> bool:
    """Whether the resolved ``path`` is ``folder`` or lies below it."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def check_output(output: Path, protected: Protected) -> None:
    """Raise :class:`OutputError` unless writing ``output`` replaces nothing it must not.

    The output must not lie in a protected folder, even as a new file (a new file there
    changes the corpus). An existing output must be a regular file (not a link, device,
    named pipe, socket or folder) and none of the ``protected`` files.
    """
    if str(output) == "-":
        return
    shown = str(output)
    if "\x00" in shown:
        raise OutputError("the output path holds a NUL character", source=repr(shown))
    try:
        info: os.stat_result | None = os.lstat(output)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror}", source=shown) from exc
    if info is not None and stat.S_ISLNK(info.st_mode):
        target = _protected_target(output, protected)
        if target is not None:
            raise OutputError(
                f"the output is a symbolic link to {target}, an input or corpus file or "
                "folder; input and corpus files are never modified",
                source=shown,
                hint=_HINT,
            )
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise OutputError(
            f"the output exists and is {_kind(info.st_mode)}; claimgraph only replaces "
            "regular files",
            source=shown,
            hint=_HINT,
        )
    folder = protected.folder_holding(output)
    if folder is not None:
        raise OutputError(
            f"the output lies in the corpus folder {folder}; input and corpus files are "
            "never modified",
            source=shown,
            hint=_HINT,
        )
    same = protected.same_file(output) if info is not None else None
    if same is not None:
        raise OutputError(
            f"the output is one of the input files ({same}); input and corpus files are "
            "never modified",
            source=shown,
            hint=_HINT,
        )


def _protected_target(link: Path, protected: Protected) -> Path | None:
    try:
        return protected.holder(link)
    except OSError:
        return None  # a dangling link: refused below as a link all the same


def check_output_folder(
    folder: Path, protected: Protected, *, holds_only: Callable[[str], bool] | None = None
) -> None:
    """Raise :class:`OutputError` if ``folder`` may not be filled or replaced as an output.

    It must not be, hold, or lie in a protected folder, nor hold a protected file; if it
    exists it must be a folder, whose every entry's name passes ``holds_only`` if given
    (for a folder the command empties).
    """
    shown = str(folder)
    if "\x00" in shown:
        raise OutputError("the output path holds a NUL character", source=repr(shown))
    try:
        info = os.stat(folder)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror}", source=shown) from exc
    if info is not None and not stat.S_ISDIR(info.st_mode):
        kind = "a file" if stat.S_ISREG(info.st_mode) else _kind(info.st_mode)
        raise OutputError(f"the output folder is {kind}, not a folder", source=shown)
    if info is not None and holds_only is not None:
        strangers = sorted(name for name in os.listdir(folder) if not holds_only(name))
        if strangers:
            raise OutputError(
                f"the output folder holds other files ({', '.join(strangers[:3])}"
                f"{', ...' if len(strangers) > 3 else ''}), which would be replaced",
                source=shown,
                hint="choose a new or empty folder",
            )
    # A folder that does not exist, or holds only what ``holds_only`` allows, holds no
    # protected file: the slow search for one is needed only otherwise.
    conflict = protected.folder_conflict(folder, files=info is not None and holds_only is None)
    if conflict is not None:
        raise OutputError(
            f"the output folder overlaps the corpus ({conflict}); input and corpus files "
            "are never modified",
            source=shown,
            hint="write to a new folder outside the corpus",
        )


def refuse_input_as_output(output: Path, inputs: Iterable[Path]) -> None:
    """Raise :class:`OutputError` if ``output`` is one of ``inputs`` or not a regular file.

    The narrow form of :func:`check_output`, for callers that know only their input files.
    """
    check_output(output, Protected(tuple(inputs)))


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    An interrupted run leaves the old file intact and no half-written one. The rename
    replaces a link rather than writing through it.
    """
    # Whoever forgot to call check_output, a link, device or pipe is never replaced.
    check_output(path, Protected())
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
