"""The persistent store: the corpus in an on-disk Oxigraph store, so a query does not parse it.

Layout (``.claimgraph/`` by default)::

    .claimgraph/
        current          the name of the live store folder ("store-7"), replaced atomically
        previous         the store live before it ("store-6"), kept for readers
        lock             held by a build, so two builds never write at once
        store-7/
            oxigraph/    the Oxigraph (RocksDB) store
            manifest.json  every input file with its SHA-256, the graphs its parse filled,
                           the source texts, and the cached validation

A damaged store (``current`` naming nothing, a manifest that does not read, a database file
missing or corrupt) is never used: readers parse the files and are told in one line, and
the next build builds it again.

A build never touches the live store. A full build loads the corpus into a new folder; an
incremental build copies the live store (a RocksDB checkpoint: hard links, instant), drops
and reloads only the graphs of the files whose content changed (content hashes decide), and
then points ``current`` at the new folder with an atomic rename. An interrupted build leaves
the old store live and usable; the process writing a new store sees its build die (its
stdin closes) and removes the half-built folder, and the next build removes any left. The
folder before the live one is kept for readers that opened it a moment ago.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph as ox
from rdflib.term import Node

from claimgraph import __version__
from claimgraph.corpus.closure import add_core_super_terms
from claimgraph.corpus.files import Corpus, shown_path
from claimgraph.corpus.loading import (
    LoadedCorpus,
    check_imports,
    corpus_files,
    forget_empty_default_graph,
    load_corpus,
)
from claimgraph.corpus.parsing import CorpusLoader, FileRecord
from claimgraph.corpus.texts import add_source_texts
from claimgraph.errors import InputError, OutputError
from claimgraph.progress import Progress, no_progress
from claimgraph.rdf.namespace import CG
from claimgraph.rdf.output import write_atomically
from claimgraph.rdf.terms import (
    graph_key,
    graph_term,
    parse_node,
    term_text,
    to_oxigraph,
)

DEFAULT_STORE = Path(".claimgraph")
"""Where the store lives unless told otherwise (relative to the current folder)."""

MANIFEST_FORMAT = 2
"""2: the graphs of each file are taken from its parse (1 guessed some from the text)."""
_CURRENT = "current"
_LOCK = "lock"
_PREVIOUS = "previous"
_MANIFEST = "manifest.json"
_OXIGRAPH = "oxigraph"


@dataclass
class FileState:
    """What the manifest records of one input file."""

    sha256: str
    size: int
    mtime_ns: int

    def to_json(self) -> dict[str, Any]:
        return {"sha256": self.sha256, "size": self.size, "mtime_ns": self.mtime_ns}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FileState:
        return cls(str(data["sha256"]), int(data["size"]), int(data["mtime_ns"]))


def file_state(path: Path) -> FileState:
    """The file's state: its content is always hashed (an edit that keeps the size and
    puts the old time back is still an edit); size and time are kept for information."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", source=str(path)) from exc
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", source=str(path)) from exc
    return FileState(digest.hexdigest(), stat.st_size, stat.st_mtime_ns)


@dataclass
class Manifest:
    """Everything a store knows of the corpus it holds."""

    corpus: dict[str, list[str]]
    files: dict[str, FileState]
    records: dict[str, dict[str, Any]]
    texts: dict[str, dict[str, Any]]
    """Per document (N-Triples term): its text file and that file's state."""
    shapes: dict[str, FileState]
    validation: dict[str, Any] | None = None
    caches: dict[str, Any] = field(default_factory=dict)
    quads: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "format": MANIFEST_FORMAT,
            "claimgraph": __version__,
            "corpus": self.corpus,
            "files": {k: v.to_json() for k, v in self.files.items()},
            "records": self.records,
            "texts": self.texts,
            "shapes": {k: v.to_json() for k, v in self.shapes.items()},
            "validation": self.validation,
            "caches": self.caches,
            "quads": self.quads,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Manifest:
        if data.get("format") != MANIFEST_FORMAT or data.get("claimgraph") != __version__:
            raise ValueError("a store written by another version")
        return cls(
            corpus={k: list(v) for k, v in data["corpus"].items()},
            files={k: FileState.from_json(v) for k, v in data["files"].items()},
            records=dict(data["records"]),
            texts=dict(data["texts"]),
            shapes={k: FileState.from_json(v) for k, v in data["shapes"].items()},
            validation=data.get("validation"),
            caches=dict(data.get("caches") or {}),
            quads=int(data.get("quads") or 0),
        )


def absolute(path: Path) -> str:
    """A path as the manifest names it: absolute, without resolving links (that is slow)."""
    return os.path.abspath(path)


def _corpus_lists(corpus: Corpus) -> dict[str, list[str]]:
    return {
        "ontology": [absolute(p) for p in corpus.ontology_files],
        "shapes": [absolute(p) for p in corpus.shapes_files],
        "data": [absolute(p) for p in corpus.data_files],
    }


def _record_json(record: FileRecord) -> dict[str, Any]:
    return {
        "blank_label": record.blank_label,
        "graphs": sorted(record.graphs),
        "blank_nodes": record.blank_nodes,
        "default_graph": record.default_graph,
    }


def _record_from_json(path: str, data: dict[str, Any]) -> FileRecord:
    return FileRecord(
        Path(path),
        shown_path(path),
        str(data["blank_label"]),
        frozenset(data["graphs"]),
        bool(data["blank_nodes"]),
        str(data["default_graph"]),
    )


# --- The folder: current store, lock, old stores ----------------------------------------------


class StoreFolder:
    """The ``.claimgraph/`` folder."""

    def __init__(self, root: Path = DEFAULT_STORE) -> None:
        self.root = root

    def current_name(self) -> str | None:
        try:
            name = (self.root / _CURRENT).read_text(encoding="utf-8").strip()
        except (OSError, ValueError):
            return None
        if (
            not name.startswith("store-")
            or "/" in name
            or not (self.root / name / _MANIFEST).is_file()
        ):
            return None
        return name

    def current(self) -> Path | None:
        """The live store folder, if there is one."""
        name = self.current_name()
        return self.root / name if name else None

    def manifest(self, folder: Path | None = None) -> Manifest | None:
        folder = folder or self.current()
        if folder is None:
            return None
        try:
            data = json.loads((folder / _MANIFEST).read_text(encoding="utf-8"))
            return Manifest.from_json(data)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def damage(self) -> str | None:
        """What is wrong with the folder's live store, if ``current`` names one that is
        missing or unreadable (None: no store yet, or a store that reads)."""
        try:
            name = (self.root / _CURRENT).read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as exc:
            return f"its 'current' file cannot be read ({_reason(exc)})"
        if not name.startswith("store-") or "/" in name or not (self.root / name).is_dir():
            return "its 'current' file names no store folder"
        try:
            data = json.loads((self.root / name / _MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            return f"the manifest of {name} cannot be read ({_reason(exc)})"
        if not isinstance(data, dict):
            return f"the manifest of {name} is not a store manifest"
        if data.get("format") != MANIFEST_FORMAT or data.get("claimgraph") != __version__:
            return None  # another version's store: simply not used, rebuilt by the next build
        try:
            Manifest.from_json(data)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            return f"the manifest of {name} is incomplete ({_reason(exc)})"
        if not (self.root / name / _OXIGRAPH).is_dir():
            return f"the database folder of {name} is missing"
        return None

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the build lock (waits for another build to finish)."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            handle = (self.root / _LOCK).open("a+")
        except OSError as exc:
            raise OutputError(
                f"cannot write the store: {exc.strerror}", source=str(self.root)
            ) from exc
        try:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
            handle.close()

    def new_folder(self) -> Path:
        """A fresh folder for the next store (numbered after every existing one)."""
        numbers = [
            int(p.name.split("-", 1)[1])
            for p in self.root.glob("store-*")
            if p.name.split("-", 1)[1].isdigit()
        ]
        folder = self.root / f"store-{max(numbers, default=0) + 1}"
        try:
            folder.mkdir(parents=True)
        except OSError as exc:
            raise OutputError(
                f"cannot write the store: {exc.strerror}", source=str(folder)
            ) from exc
        return folder

    def remove_orphans(self) -> None:
        """Remove store folders that are neither live nor the one before (left by a build
        that was killed); call it holding the lock, so no build is writing one."""
        keep = {self.current_name(), self.previous_name()}
        for old in self.root.glob("store-*"):
            if old.name not in keep:
                shutil.rmtree(old, ignore_errors=True)

    def previous_name(self) -> str | None:
        """The store that was live before the current one (kept for readers), if any."""
        try:
            name = (self.root / _PREVIOUS).read_text(encoding="utf-8").strip()
        except (OSError, ValueError):
            return None
        return name if name.startswith("store-") and "/" not in name else None

    def publish(self, folder: Path, keep_previous: bool = True) -> None:
        """Make ``folder`` the live store (atomic), then remove stores older than the last
        (and the last too unless ``keep_previous``: a damaged store is not kept)."""
        previous = self.current_name() if keep_previous else None
        (self.root / _PREVIOUS).unlink(missing_ok=True)
        if previous is not None:
            write_atomically(self.root / _PREVIOUS, (previous + "\n").encode("utf-8"))
        write_atomically(self.root / _CURRENT, (folder.name + "\n").encode("utf-8"))
        keep = {folder.name, previous}
        for old in self.root.glob("store-*"):
            if old.name not in keep:
                shutil.rmtree(old, ignore_errors=True)

    def clean(self) -> None:
        """Remove every store (``build --clean``)."""
        if self.root.is_dir():
            for item in self.root.iterdir():
                if item.name == _LOCK:
                    continue
                if item.is_dir():
                    shutil.rmtree(item, ignore_errors=True)
                else:
                    item.unlink(missing_ok=True)


# --- Reading the live store ---------------------------------------------------------------------


def _states(paths: list[str]) -> dict[str, FileState]:
    return {p: file_state(Path(p)) for p in paths}


def store_is_fresh(corpus: Corpus, manifest: Manifest) -> bool:
    """Whether the store holds exactly this corpus, as its files are now."""
    lists = _corpus_lists(corpus)
    if lists != manifest.corpus:
        return False
    for path in lists["ontology"] + lists["data"]:
        known = manifest.files.get(path)
        if known is None or file_state(Path(path)).sha256 != known.sha256:
            return False
    for path in lists["shapes"]:
        known = manifest.shapes.get(path)
        if known is None or file_state(Path(path)).sha256 != known.sha256:
            return False
    for text in manifest.texts.values():
        known = FileState.from_json(text["state"])
        text_path = Path(text["path"])
        if not text_path.is_file() or file_state(text_path).sha256 != known.sha256:
            return False
    return True


def loaded_from_store(corpus: Corpus, store: ox.Store, manifest: Manifest) -> LoadedCorpus:
    """The corpus of a store, as :func:`claimgraph.corpus.loading.load_corpus` would give it."""
    records = [_record_from_json(path, manifest.records[path]) for path in _load_order(manifest)]
    checksums: dict[Node, str] = {}
    texts: dict[Node, Path] = {}
    for document, text in manifest.texts.items():
        node = parse_node(document)
        checksums[node] = str(text["state"]["sha256"])
        texts[node] = Path(text["path"])
    return LoadedCorpus(corpus, store, records, checksums, texts)


def _load_order(manifest: Manifest) -> list[str]:
    return manifest.corpus["ontology"] + manifest.corpus["data"]


def _reason(exc: BaseException) -> str:
    """The first line of an error, short enough for a one-line message."""
    text = (getattr(exc, "strerror", None) or str(exc) or type(exc).__name__).strip()
    line = text.splitlines()[0] if text else type(exc).__name__
    return line if len(line) <= 200 else line[:197] + "..."


def open_database(folder: Path) -> ox.Store:
    """A store folder's database, read-only, after a read of each kind a query makes.

    RocksDB checks its files and their checksums as it reads them; a missing, truncated or
    damaged file raises here rather than in the middle of a command.
    """
    store = ox.Store.read_only(str(folder / _OXIGRAPH))
    next(iter(store.quads_for_pattern(None, None, None)), None)
    next(iter(store.named_graphs()), None)
    return store


DamageHandler = Callable[[Path, str], None]
"""Told of a damaged store: its folder and what is wrong (the library never prints)."""


def open_store(
    corpus: Corpus, root: Path = DEFAULT_STORE, on_damage: DamageHandler | None = None
) -> tuple[LoadedCorpus, Manifest] | None:
    """The live store, read-only, if it holds this corpus as it is now; else None.

    A damaged store (a file missing or corrupt) is never used: ``on_damage`` is told what
    is wrong, and the caller parses the files instead.
    """
    folder = StoreFolder(root)
    problem: str | None = None
    for _ in range(3):
        current = folder.current()
        manifest = folder.manifest(current)
        if current is None or manifest is None:
            problem = folder.damage()
            if problem is None:
                return None
            continue  # perhaps a build published just now: look again
        if not store_is_fresh(corpus, manifest):
            return None
        try:
            store = open_database(current)
        except (OSError, RuntimeError, ValueError) as exc:
            # The store may have been replaced just now (its files removed): look again.
            problem = f"its database cannot be read ({_reason(exc)})"
            continue
        return loaded_from_store(corpus, store, manifest), manifest
    if problem is not None and on_damage is not None:
        on_damage(root, problem)
    return None


# --- Building -------------------------------------------------------------------------------


@dataclass
class Change:
    """What an incremental build changed in the store."""

    files: list[str]
    """The files reloaded (changed, and the others sharing a graph with them)."""
    graphs: list[str]
    removed: set[tuple[str, str, str]] = field(default_factory=set)
    added: set[tuple[str, str, str]] = field(default_factory=set)
    """The triples (N-Triples terms) that left or joined the store's graphs."""


@dataclass
class BuildOutcome:
    """What a build did."""

    folder: Path
    mode: str
    """``full``, ``incremental`` or ``unchanged``."""
    quads: int
    files: int
    reloaded: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    loaded: LoadedCorpus | None = None
    manifest: Manifest | None = None
    change: Change | None = None
    previous: tuple[ox.Store, Manifest] | None = None
    """The store before an incremental build (for validation to compare with)."""
    writer: _DiskWriter | None = None
    """The process still writing the on-disk store of a full build."""
    notes: list[str] = field(default_factory=list)
    """What the user should know (a damaged store that was built again)."""
    damaged: bool = False
    """The live store was damaged: publishing removes it rather than keeping it."""


def _texts_json(loaded: LoadedCorpus) -> dict[str, dict[str, Any]]:
    """The text file of each document, with the hash of the content the store holds (the
    one read when its cg:text was added, so an edit made since is seen by the next build)."""
    texts: dict[str, dict[str, Any]] = {}
    for node, path in loaded.text_files.items():
        try:
            stat = path.stat()
            size, mtime = stat.st_size, stat.st_mtime_ns
        except OSError:
            size, mtime = -1, -1
        state = FileState(loaded.text_checksums[node], size, mtime)
        texts[term_text(node)] = {"path": absolute(path), "state": state.to_json()}
    return texts


def build_store(
    corpus: Corpus,
    root: Path = DEFAULT_STORE,
    *,
    clean: bool = False,
    progress: Progress = no_progress,
) -> BuildOutcome:
    """Bring the store at ``root`` up to date with ``corpus`` (see the module docstring).

    Call it holding :meth:`StoreFolder.locked`; then call :func:`finish_build` with the
    outcome (after validating, if the validation is to be cached), which publishes the new
    store, or :func:`discard_build` if something failed.
    """
    folder = StoreFolder(root)
    if clean:
        folder.clean()
    folder.remove_orphans()
    notes = []
    problem = folder.damage()
    current = folder.current()
    manifest = folder.manifest(current)
    lists = _corpus_lists(corpus)
    if (
        problem is None
        and manifest is not None
        and current is not None
        and manifest.corpus["ontology"] == lists["ontology"]
    ):
        try:
            old_store = open_database(current)
        except (OSError, RuntimeError, ValueError) as exc:
            problem = f"its database cannot be read ({_reason(exc)})"
        else:
            paths = lists["ontology"] + lists["data"]
            states = _states(paths)
            changed = [
                p
                for p in paths
                if p not in manifest.files or states[p].sha256 != manifest.files[p].sha256
            ]
            if not any(p in lists["ontology"] for p in changed):
                return _incremental(
                    corpus, folder, current, old_store, manifest, states, changed, progress
                )
    if problem is not None:
        notes.append(f"the store was damaged ({problem}); built it again from the files")
    outcome = _full(corpus, folder, progress)
    outcome.notes = notes
    outcome.damaged = problem is not None
    return outcome


def _changed_texts(manifest: Manifest) -> list[str]:
    """Documents whose text file changed (their document files must be reloaded)."""
    changed = []
    for document, text in manifest.texts.items():
        path = Path(text["path"])
        known = FileState.from_json(text["state"])
        if not path.is_file() or file_state(path).sha256 != known.sha256:
            changed.append(document)
    return changed


def write_disk_store_main() -> None:
    """Load a corpus into a new on-disk store: the body of the process :func:`_full` starts.

    Reads ``{"lists": ..., "roots": ..., "path": ...}`` from the JSON file named by its
    argument; exits 0 once the store is written.
    """
    request = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    # The build that started this process holds the other end of stdin and never closes
    # it before this process ends: end of input means it was killed. Then stop at once and
    # take the half-written store away, rather than write hundreds of MB nobody will use.
    folder = Path(sys.argv[1]).parent

    def watch() -> None:
        # The raw descriptor, not sys.stdin: a daemon thread inside a buffered read would
        # block the interpreter's shutdown when the store is written and this process ends.
        while os.read(0, 4096):
            pass
        # Once its folder is gone the database cannot create files there any more; a file
        # made while the tree was being removed is caught by the next pass.
        for _ in range(5):
            shutil.rmtree(folder, ignore_errors=True)
            if not folder.exists():
                break
        os._exit(3)

    threading.Thread(target=watch, daemon=True).start()
    lists = request["lists"]
    corpus = Corpus(
        tuple(Path(p) for p in lists["ontology"]),
        tuple(Path(p) for p in lists["shapes"]),
        tuple(Path(p) for p in lists["data"]),
        # The source texts come from the same folders as in the process that asked.
        data_roots=tuple(Path(p) for p in request.get("roots", [])),
    )
    store = ox.Store(request["path"])
    load_corpus(corpus, store=store, bulk=True)
    # Compacting now makes every later query on the store faster.
    store.optimize()
    store.flush()


@dataclass
class _DiskWriter:
    """The process writing a new on-disk store while this one validates in memory.

    Its stdin is a pipe this process keeps open until the writer has ended: if this
    process dies (even by SIGKILL), the writer sees the pipe close, removes its folder and
    exits. Its stderr goes to a file (a pipe nobody reads while it works could fill up).
    """

    process: subprocess.Popen[bytes]
    request: Path
    errors: BinaryIO
    """An unnamed temporary file outside the store: on a full disk the store's own folder
    could not even hold the message saying so."""

    def wait(self) -> None:
        """Wait for the writer; its own error (e.g. a full disk) becomes an OutputError."""
        self.process.wait()
        self._close()
        self.request.unlink(missing_ok=True)
        if self.process.returncode != 0:
            try:
                self.errors.seek(0)
                text = self.errors.read().decode("utf-8", errors="replace")
            except OSError:
                text = ""
            finally:
                self.errors.close()
            lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
            raise OutputError(
                "writing the store failed: " + (lines[-1] if lines else "no message"),
                source=str(self.request.parent),
            )
        self.errors.close()

    def cancel(self) -> None:
        """Stop the writer (its folder is removed by the caller)."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self._close()
        self.errors.close()

    def _close(self) -> None:
        if self.process.stdin is not None and not self.process.stdin.closed:
            with contextlib.suppress(OSError):
                self.process.stdin.close()


def _full(corpus: Corpus, folder: StoreFolder, progress: Progress) -> BuildOutcome:
    """A new store: the corpus is loaded in memory here (for validation, fast) and into the
    on-disk store by a second process at the same time (Oxigraph queries an in-memory store
    several times faster than its on-disk one)."""
    target = folder.new_folder()
    lists = _corpus_lists(corpus)
    request = target / "request.json"
    roots = [absolute(p) for p in corpus.source_roots]
    # Closed by _DiskWriter once the writer has ended.
    errors = tempfile.TemporaryFile()  # noqa: SIM115
    try:
        request.write_text(
            json.dumps({"lists": lists, "roots": roots, "path": str(target / _OXIGRAPH)})
        )
        process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from claimgraph.corpus.store import write_disk_store_main as m; m()",
                str(request),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
    except OSError as exc:
        errors.close()
        shutil.rmtree(target, ignore_errors=True)
        raise OutputError(f"cannot write the store: {exc.strerror}", source=str(target)) from exc
    writer = _DiskWriter(process, request, errors)
    try:
        # The manifest must say exactly which graphs each file filled (an edit drops those):
        # take them from the parse, never from the text.
        loaded = load_corpus(corpus, progress, store=ox.Store(), exact_graphs=True)
    except BaseException:
        writer.cancel()
        shutil.rmtree(target, ignore_errors=True)
        raise
    manifest = Manifest(
        corpus=lists,
        files=_states(lists["ontology"] + lists["data"]),
        records={absolute(r.path): _record_json(r) for r in loaded.files},
        texts=_texts_json(loaded),
        shapes=_states(lists["shapes"]),
        quads=len(loaded.store),
    )
    return BuildOutcome(
        target,
        "full",
        manifest.quads,
        len(loaded.files),
        reloaded=[str(r.path) for r in loaded.files],
        loaded=loaded,
        manifest=manifest,
        writer=writer,
    )


def _graph_quads(store: ox.Store, graphs: Iterable[str]) -> tuple[set[tuple[str, str, str]], int]:
    """The triples of some graphs, and how many quads they hold."""
    found = set()
    count = 0
    for graph in graphs:
        for quad in store.quads_for_pattern(None, None, None, graph_term(graph)):
            found.add((str(quad.subject), str(quad.predicate), str(quad.object)))
            count += 1
    return found, count


def _incremental(
    corpus: Corpus,
    folder: StoreFolder,
    current: Path,
    old_store: ox.Store,
    manifest: Manifest,
    states: dict[str, FileState],
    changed: list[str],
    progress: Progress,
) -> BuildOutcome:
    lists = _corpus_lists(corpus)
    order = {absolute(p): (p, g, label) for p, g, label in corpus_files(corpus)}
    new_paths = lists["ontology"] + lists["data"]
    removed = [p for p in manifest.files if p not in order]
    # Files to load again: changed ones, those stating a document whose text changed, and
    # those with blank nodes whose labels move (another file came or went before them).
    dirty = set(changed)
    text_graphs: set[str] = set()
    for document in _changed_texts(manifest):
        # The document's cg:text sits in each graph that states its cg:textFile: the files
        # that filled those graphs are loaded again, and the text read again with them.
        subject = to_oxigraph(parse_node(document))
        text_graphs |= {
            graph_key(q.graph_name)
            for q in old_store.quads_for_pattern(subject, ox.NamedNode(str(CG.textFile)), None)
        }
    for path, record in manifest.records.items():
        if path in order and text_graphs & set(record["graphs"]):
            dirty.add(path)
    for path, (_, _, label) in order.items():
        known = manifest.records.get(path)
        if known and known["blank_nodes"] and known["blank_label"] != label:
            dirty.add(path)
    shapes = _states(lists["shapes"])
    if not dirty and not removed:
        loaded = loaded_from_store(corpus, old_store, manifest)
        manifest.shapes = shapes
        return BuildOutcome(
            current,
            "unchanged",
            manifest.quads,
            len(manifest.files),
            loaded=loaded,
            manifest=manifest,
        )
    # A graph is dropped and loaded again whole, so every file sharing a graph with a file
    # that changed or went is loaded again with it.
    graphs: set[str] = set()
    reload = {p for p in dirty if p in manifest.records}
    gone = set(removed)
    while True:
        for path in reload | gone:
            graphs |= set(manifest.records[path]["graphs"])
        more = {
            p for p, r in manifest.records.items() if set(r["graphs"]) & graphs and p not in gone
        } - reload
        if not more:
            break
        reload |= more
    reload |= dirty  # new files too
    target = folder.new_folder()
    try:
        old_store.backup(str(target / _OXIGRAPH))
        store = ox.Store(str(target / _OXIGRAPH))
        for graph in sorted(graphs):
            term = graph_term(graph)
            if isinstance(term, ox.DefaultGraph):
                store.clear_graph(term)
            else:
                store.remove_graph(term)
        loader = CorpusLoader(store, bulk=False, exact=True)
        records = {p: _record_from_json(p, r) for p, r in manifest.records.items() if p in order}
        todo = [p for p in new_paths if p in reload]
        for done, path in enumerate(todo):
            progress("parse", done, len(todo))
            source, default_graph, label = order[path]
            records[path] = loader.load(source, default_graph, label)
        loader.flush()
        progress("parse", len(todo), len(todo))
        ordered = [records[p] for p in new_paths]
        forget_empty_default_graph(store, ordered)
        touched = graphs | {g for p in todo for g in records[p].graphs}
        # The ontology is unchanged here (a changed ontology file means a full build), so the
        # core statements of the graphs left alone are still right.
        add_core_super_terms(store, touched)
        loaded = LoadedCorpus(corpus, store, ordered)
        stated = {
            str(q.subject)
            for q in store.quads_for_pattern(None, ox.NamedNode(str(CG.textFile)), None)
        }
        reloaded_documents = {
            str(q.subject)
            for graph in touched
            for q in store.quads_for_pattern(
                None, ox.NamedNode(str(CG.textFile)), None, graph_term(graph)
            )
        }
        for document, text in manifest.texts.items():
            if document in stated and document not in reloaded_documents:
                node = parse_node(document)
                loaded.text_checksums[node] = str(text["state"]["sha256"])
                loaded.text_files[node] = Path(text["path"])
        add_source_texts(loaded, reloaded_documents)
        check_imports(loaded)
        before, count_before = _graph_quads(old_store, sorted(touched))
        after, count_after = _graph_quads(store, sorted(touched))
        new_manifest = Manifest(
            corpus=lists,
            files={p: states[p] for p in new_paths},
            records={absolute(r.path): _record_json(r) for r in ordered},
            texts=_texts_json(loaded),
            shapes=shapes,
            validation=manifest.validation,
            caches=manifest.caches,
            quads=manifest.quads - count_before + count_after,
        )
        change = Change(
            files=sorted(reload),
            graphs=sorted(touched),
            removed=before - after,
            added=after - before,
        )
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    return BuildOutcome(
        target,
        "incremental",
        new_manifest.quads,
        len(ordered),
        sorted(reload),
        sorted(dirty | gone),
        loaded=loaded,
        manifest=new_manifest,
        change=change,
        previous=(old_store, manifest),
    )


def finish_build(outcome: BuildOutcome, root: Path = DEFAULT_STORE) -> None:
    """Write the manifest and make the built store live (nothing to do if unchanged)."""
    assert outcome.manifest is not None
    folder = StoreFolder(root)
    data = (json.dumps(outcome.manifest.to_json(), separators=(",", ":")) + "\n").encode()
    if outcome.mode == "unchanged":
        write_atomically(outcome.folder / _MANIFEST, data)
        return
    if outcome.writer is not None:
        # Forget the writer first: once waited for, there is nothing left to cancel.
        writer, outcome.writer = outcome.writer, None
        writer.wait()
    elif outcome.loaded is not None:
        outcome.loaded.store.flush()
    write_atomically(outcome.folder / _MANIFEST, data)
    folder.publish(outcome.folder, keep_previous=not outcome.damaged)


def discard_build(outcome: BuildOutcome) -> None:
    """Remove a build's new folder (when it failed before publishing)."""
    if outcome.writer is not None:
        outcome.writer.cancel()
        outcome.writer = None
    if outcome.mode != "unchanged":
        shutil.rmtree(outcome.folder, ignore_errors=True)


__all__ = [
    "DEFAULT_STORE",
    "BuildOutcome",
    "Change",
    "Manifest",
    "StoreFolder",
    "build_store",
    "discard_build",
    "finish_build",
    "open_store",
    "store_is_fresh",
]
