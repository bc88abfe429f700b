"""Source texts: where the file named by ``cg:textFile`` may be, and reading it safely.

``cg:textFile`` is data, and data may be hostile: it must not make claimgraph read (and
then print in query answers or ``build -o``) any other file on the machine. The rules:

- the value is a relative path of plain segments: no absolute path, no ``..``, no drive or
  IRI scheme (``file:``, ``C:``), no backslash, NUL or control character, and nothing that
  decodes to ``..`` or a separator once percent-decoded;
- it is looked up from the folder of the data file that names it, then that folder's
  parents, up to the *source root* holding the data file: the ``--data`` folder (for a
  ``--data`` file, its folder) or the ontology folder it came from; never above it;
- the file found, symbolic links followed, must lie inside that source root, and be a
  regular file (not a folder, device or named pipe, which could block a read forever).

``docs/modelling.md`` states the layout: ``data/documents/<slug>.trig`` names
``sources/<slug>.txt``, found as ``data/sources/<slug>.txt``. :func:`add_source_texts` adds
the texts read to a loaded corpus, as ``cg:text``.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import unquote

import pyoxigraph as ox

from claimgraph.errors import InputError, UnsafeInputError
from claimgraph.rdf.limits import max_text_bytes, size_text
from claimgraph.rdf.namespace import CG
from claimgraph.rdf.terms import to_rdflib

if TYPE_CHECKING:  # the loaded corpus calls add_source_texts as it is made
    from claimgraph.corpus.loading import LoadedCorpus

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def check_text_path(value: str, source: str | None = None) -> PurePosixPath:
    """``value`` as a relative path of plain segments, or :class:`UnsafeInputError`."""

    def refuse(why: str) -> UnsafeInputError:
        return UnsafeInputError(
            f"cg:textFile {value!r} is refused: {why}",
            source=source,
            hint="cg:textFile is a relative path inside the data folder, e.g. sources/<slug>.txt",
        )

    if _CONTROL.search(value):
        raise refuse("it holds a NUL or control character")
    if "\\" in value:
        raise refuse("it holds a backslash")
    if _SCHEME.match(value):
        raise refuse("an IRI or drive, not a relative path")
    path = PurePosixPath(value)
    if path.is_absolute():
        raise refuse("an absolute path")
    if ".." in path.parts:
        raise refuse("'..' leaves the data folder")
    decoded = unquote(value)
    if decoded != value and (".." in PurePosixPath(decoded).parts or "\\" in decoded):
        raise refuse("percent-encoded '..' or separators")
    return path


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _root_of(real_folder: str, real_roots: Iterable[str]) -> str | None:
    """The outermost source root holding ``real_folder`` (so every folder in between is
    looked in)."""
    holding = [root for root in real_roots if _inside(real_folder, root)]
    return min(holding, key=len) if holding else None


class TextResolver:
    """Finds the files ``cg:textFile`` names in one corpus (see the module's rules).

    ``roots`` are the corpus's source roots (:attr:`claimgraph.corpus.files.Corpus.source_roots`).
    Resolved folders are remembered for the resolver's life: one load of a corpus.
    """

    def __init__(self, roots: Iterable[Path]) -> None:
        self.real_roots = [os.path.realpath(root) for root in roots]
        self._folders: dict[str, tuple[str, str | None]] = {}

    def _folder_and_root(self, data_file: Path) -> tuple[str, str | None]:
        key = str(Path(data_file).parent)
        found = self._folders.get(key)
        if found is None:
            folder = os.path.realpath(key)
            found = self._folders[key] = (folder, _root_of(folder, self.real_roots))
        return found

    def resolve(self, value: str, stated_in: Iterable[Path], source: str | None = None) -> Path:
        """The file ``cg:textFile value`` names, for a document stated in ``stated_in``.

        Raises :class:`UnsafeInputError` for a path that is refused or leaves its root,
        :class:`InputError` when no such file is found.
        """
        relative = check_text_path(value, source)
        for data_file in stated_in:
            folder, root = self._folder_and_root(data_file)
            if root is None:
                continue
            while True:
                candidate = Path(folder) / relative
                if os.path.lexists(candidate):
                    if not _inside(os.path.realpath(candidate), root):
                        raise UnsafeInputError(
                            f"cg:textFile {value!r} leads out of the source folder {root} "
                            "(through a symbolic link)",
                            source=source,
                            hint="copy the text into the data folder",
                        )
                    return candidate
                if folder == root:
                    break
                folder = os.path.dirname(folder)
        raise InputError(
            f"the text file {value!r} named by cg:textFile was not found",
            source=source,
            hint="cg:textFile is relative to the data folder, e.g. sources/<slug>.txt, and is "
            "looked up no higher than the --data folder",
        )


def resolve_text_file(
    value: str, stated_in: Iterable[Path], roots: Iterable[Path], source: str | None = None
) -> Path:
    """The file ``cg:textFile value`` names, for a document stated in the files ``stated_in``
    of a corpus with the source ``roots``: :meth:`TextResolver.resolve` for one text."""
    return TextResolver(roots).resolve(value, stated_in, source)


def read_text_file(path: Path, value: str, source: str | None = None) -> bytes:
    """The bytes of a text file found by :func:`resolve_text_file`.

    The file is opened by its resolved path without following a link (so a link swapped
    in since it was checked is not followed) and without blocking, then must prove a
    regular file before a byte is read.
    """
    real = os.path.realpath(path)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(real, flags)
    except OSError as exc:
        raise InputError(
            f"cannot read the text file {value!r}: {exc.strerror}", source=source
        ) from exc
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(
                f"the text file {value!r} named by cg:textFile is not a regular file",
                source=source,
            )
        os.set_blocking(fd, True)
        limit = max_text_bytes()
        with os.fdopen(fd, "rb", closefd=False) as handle:
            # One byte past the limit tells a text over it from one that fills it.
            data = handle.read(limit + 1)
        if len(data) > limit:
            raise InputError(
                f"the text file {value!r} is larger than the limit of {size_text(limit)}",
                source=source,
                hint="raise it with $CLAIMGRAPH_MAX_TEXT_BYTES",
            )
        return data
    except OSError as exc:
        raise InputError(
            f"cannot read the text file {value!r}: {exc.strerror}", source=source
        ) from exc
    finally:
        os.close(fd)


_TEXT = ox.NamedNode(str(CG.text))
_TEXT_FILE = ox.NamedNode(str(CG.textFile))


def add_source_texts(loaded: LoadedCorpus, documents: set[str] | None = None) -> None:
    """Add ``cg:text`` beside every ``cg:textFile``, read from the data folders.

    ``documents`` (N-Triples terms) limits this to those documents. Where a text may be,
    and how it is read, is :mod:`claimgraph.corpus.texts`'s business.
    """
    store = loaded.store
    texts: list[ox.Quad] = []
    resolver = TextResolver(loaded.corpus.source_roots)
    paths = {record.shown: record.path for record in loaded.files}
    statements = sorted(store.quads_for_pattern(None, _TEXT_FILE, None), key=str)
    for quad in statements:
        document = quad.subject
        if documents is not None and str(document) not in documents:
            continue
        relative = str(getattr(quad.object, "value", quad.object))
        if not relative.strip():
            continue  # an empty path is the data's fault: the shapes report it
        node = to_rdflib(document)
        stated_in = loaded.files_of(node)
        source = stated_in[0] if stated_in else None
        path = resolver.resolve(
            relative, [paths.get(shown, Path(shown)) for shown in stated_in], source
        )
        data = read_text_file(path, relative, source)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"cannot read the text file {relative} of {node}: {exc}", source=source
            ) from exc
        texts.append(ox.Quad(document, _TEXT, ox.Literal(text), quad.graph_name))
        # A changed text would leave anchors pointing at other words; validation reports a
        # checksum that differs, like any other result, rather than the load failing.
        loaded.text_checksums[node] = hashlib.sha256(data).hexdigest()
        loaded.text_files[node] = path
    store.extend(texts)


__all__ = [
    "TextResolver",
    "add_source_texts",
    "check_text_path",
    "read_text_file",
    "resolve_text_file",
]
