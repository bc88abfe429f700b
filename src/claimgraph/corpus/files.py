"""Which files make up a corpus: the ontology, the shapes and the data.

With no arguments every command works on the study it is run in (:func:`find_study`): its
``data/`` and its ``ontology/`` (or the core ontology shipped with claimgraph);
``--data`` and ``--ontology`` point it elsewhere.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from claimgraph.errors import InputError
from claimgraph.rdf.formats import is_rdf_file

HYGIENE_SHAPES = "ontology-hygiene.ttl"
"""Shapes over the ontology itself; run by the tests, not against data."""

UMBRELLA_FILE = "claimgraph.ttl"
"""The core's umbrella ontology: a folder holding it is a core folder, not an extension."""

EXTENSIONS_FOLDER = "extensions"
"""Where a core folder keeps its extensions, one folder each."""

EXAMPLES_FOLDER = "examples"
"""An extension's example data: read by its tests and by ``ontology check``, not project data."""

NOT_ONTOLOGY = frozenset({EXAMPLES_FOLDER, "tests"})
"""Folders below an ontology folder whose RDF files are not ontology or shapes."""


@dataclass(frozen=True)
class Extension:
    """An extension of the ontology: a folder with its terms, shapes, examples and tests.

    ::

        <name>/
            <name>.ttl ...          terms (any RDF files outside the folders below)
            shapes/                 data shapes, applied by ``validate`` with the core's
            examples/               example data: not project data; read by its tests,
                                    ``ontology check`` and ``ontology docs``
            tests/                  its tests (pytest), with their own test data
            catalog-v001.xml        offline import resolution (Protégé)
            README.md
    """

    name: str
    folder: Path
    ontology_files: tuple[Path, ...]
    shapes_files: tuple[Path, ...]
    example_files: tuple[Path, ...]


@dataclass(frozen=True)
class Corpus:
    """The files one command reads, each list sorted so that runs are deterministic."""

    ontology_files: tuple[Path, ...]
    shapes_files: tuple[Path, ...]
    data_files: tuple[Path, ...]
    extensions: tuple[Extension, ...] = ()
    """The extensions whose files are among the above (their examples are not data)."""
    data_roots: tuple[Path, ...] = ()
    """The ``--data`` files and folders as named (the project's ``data/`` by default)."""
    ontology_roots: tuple[Path, ...] = ()
    """The ``--ontology`` files and folders as named, the project's ontology included when
    it is loaded."""

    @property
    def source_roots(self) -> tuple[Path, ...]:
        """The folders source texts may come from: each ``--data`` folder (for a ``--data``
        file, its folder) and each ontology folder.

        A corpus made without roots (a list of files) reads texts only from the folder of
        the data file naming them.
        """
        roots = self.data_roots + self.ontology_roots
        if not roots:
            roots = self.data_files + self.ontology_files
        return tuple(_unique(root if root.is_dir() else root.parent for root in roots))

    @property
    def all_files(self) -> tuple[Path, ...]:
        """Every input file, ontology first."""
        return self.ontology_files + self.data_files


CONFIG_FILE = "claimgraph.toml"
"""The file that makes a folder a study (``claimgraph init`` writes it)."""

_PACKAGE = Path(__file__).resolve().parents[1]
"""The installed ``claimgraph`` package folder."""

_CHECKOUT = _PACKAGE.parents[1]
"""The repository this package sits in when run from a checkout (``src/claimgraph/``), or
an editable install of it; in an installed wheel, some unrelated folder."""

CORE_RESOURCES = ("ontology", "queries")
"""What the package ships besides its code: the core ontology with its shapes and
extensions, and the query library."""


def core_resource(name: str) -> Path:
    """The folder of a core resource, ``ontology`` or ``queries``.

    An installed wheel carries them as package data in ``claimgraph/_data/<name>`` (copied
    there by the build, see ``setup.py``); a source checkout or an editable install reads
    the repository's top-level ``ontology/`` and ``queries/``, so that editing them takes
    effect at once.
    """
    if name not in CORE_RESOURCES:
        raise ValueError(f"no core resource {name!r}")
    for folder in (_PACKAGE / "_data" / name, _CHECKOUT / name):
        if folder.is_dir():
            return folder
    raise InputError(
        f"cannot find claimgraph's {name}/ folder: the installation is incomplete",
        hint="reinstall claimgraph, or pass --ontology",
    )


def _is_study(folder: Path) -> bool:
    return (folder / CONFIG_FILE).is_file()


def find_study(start: Path | None = None) -> Path | None:
    """The study the commands work on, or ``None`` when there is none.

    In this order: ``$CLAIMGRAPH_HOME``; the nearest folder holding ``claimgraph.toml``,
    from ``start`` (the current folder) up, as git finds ``.git``; the repository this
    package runs from, when it is a checkout (its top level is a study whose documents
    are ``data/``).
    """
    env = os.environ.get("CLAIMGRAPH_HOME")
    if env:
        home = Path(env)
        if not home.is_dir():
            raise InputError(
                "CLAIMGRAPH_HOME does not name a folder",
                source=home,
                hint="make a study with 'claimgraph init DIR', or unset CLAIMGRAPH_HOME",
            )
        return home
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if _is_study(folder):
            return folder
    if _is_study(_CHECKOUT):
        return _CHECKOUT
    return None


def project_home() -> Path:
    """The study every command works on by default (see :func:`find_study`).

    Raises :class:`InputError` when there is none.
    """
    home = find_study()
    if home is None:
        raise InputError(
            f"not in a claimgraph study: no {CONFIG_FILE} here or in any folder above",
            hint="make one with 'claimgraph init DIR' and work inside it, set "
            "CLAIMGRAPH_HOME=DIR, or pass --data",
        )
    return home


def home_ontology() -> Path:
    """The default ontology folder: the study's ``ontology/``, or, where the study has none
    (or there is no study), the core ontology shipped with claimgraph."""
    home = find_study()
    if home is not None and (home / "ontology").is_dir():
        return home / "ontology"
    return core_resource("ontology")


def study_extensions() -> frozenset[str] | None:
    """The extensions the study's ``claimgraph.toml`` chooses (``extensions = ["legal"]``
    under ``[study]``), or ``None`` for every extension of its ontology folder."""
    home = find_study()
    config = home / CONFIG_FILE if home is not None else None
    if config is None or not config.is_file():
        return None
    try:
        settings = tomllib.loads(config.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"cannot read the study's settings: {exc}", source=config) from exc
    chosen = settings.get("study", {}).get("extensions")
    if chosen is None:
        return None
    if not isinstance(chosen, list) or not all(isinstance(name, str) for name in chosen):
        raise InputError("[study] extensions must be a list of extension names", source=config)
    return frozenset(chosen)


def home_queries() -> Path:
    """The default query library: the study's ``queries/``, or the one shipped with
    claimgraph where the study has none (or there is no study)."""
    home = find_study()
    if home is not None and (home / "queries").is_dir():
        return home / "queries"
    return core_resource("queries")


def rdf_files_in(paths: Iterable[Path]) -> tuple[Path, ...]:
    """The RDF files named, or found below the folders named, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            # Whatever is named like an RDF file and is not a folder is kept: a link that
            # leads nowhere (dangling, a loop), a pipe or a device is then reported by
            # name when it is read, rather than silently left out of the corpus.
            found.extend(sorted(p for p in path.rglob("*") if is_rdf_file(p) and not p.is_dir()))
        elif path.is_file():
            found.append(path)
        elif path.exists():
            raise InputError(
                "is not a regular file (a device, pipe or socket); only regular files are read",
                source=path,
            )
        else:
            raise InputError("no such file or folder", source=path)
    # The same file named twice would be loaded twice; keep the first mention.
    unique: dict[Path, None] = {}
    for path in found:
        unique.setdefault(path, None)
    return tuple(unique)


def _outside_examples_and_tests(path: Path, folder: Path) -> bool:
    """Whether ``path`` (below ``folder``) is outside the folders an ontology never loads."""
    return not NOT_ONTOLOGY.intersection(path.relative_to(folder).parts[:-1])


def ontology_files_in(folder: Path) -> tuple[Path, ...]:
    """Ontology Turtle files of a folder, leaving out its shapes, examples and tests.

    Extensions below the folder (``extensions/<name>/``) are included: their terms are part
    of the ontology, their example data and test data are not.
    """
    return tuple(
        p
        for p in rdf_files_in([folder])
        if "shapes" not in p.relative_to(folder).parts[:-1]
        and _outside_examples_and_tests(p, folder)
        and p.suffix != ".xml"
    )


def shapes_files_in(folder: Path) -> tuple[Path, ...]:
    """Data shapes of an ontology folder (every ``shapes/`` file but the hygiene shapes),
    the shapes of its extensions included."""
    return tuple(
        p
        for p in rdf_files_in([folder])
        if "shapes" in p.relative_to(folder).parts[:-1]
        and _outside_examples_and_tests(p, folder)
        and p.name != HYGIENE_SHAPES
    )


def is_core_folder(folder: Path) -> bool:
    """Whether a folder holds a core ontology (its umbrella file), not an extension."""
    return (folder / UMBRELLA_FILE).is_file()


def extension_at(folder: Path) -> Extension:
    """The extension whose files are in ``folder``."""
    examples = folder / EXAMPLES_FOLDER
    return Extension(
        name=folder.name,
        folder=folder,
        ontology_files=ontology_files_in(folder),
        shapes_files=shapes_files_in(folder),
        example_files=rdf_files_in([examples]) if examples.is_dir() else (),
    )


def extensions_in(ontology_folder: Path) -> tuple[Extension, ...]:
    """The extensions of a core ontology folder (``extensions/*/``), by name."""
    root = ontology_folder / EXTENSIONS_FOLDER
    if not root.is_dir():
        return ()
    return tuple(
        extension_at(child)
        for child in sorted(root.iterdir())
        if child.is_dir() and not child.name.startswith((".", "_"))
    )


def _core_files(folder: Path) -> tuple[tuple[Path, ...], tuple[Path, ...]]:
    """Ontology and shapes files of a core folder, without its extensions."""

    def in_core(path: Path) -> bool:
        return path.relative_to(folder).parts[0] != EXTENSIONS_FOLDER

    return (
        tuple(p for p in ontology_files_in(folder) if in_core(p)),
        tuple(p for p in shapes_files_in(folder) if in_core(p)),
    )


def _provides_core(item: Path) -> bool:
    return is_core_folder(item) if item.is_dir() else item.name == UMBRELLA_FILE


def make_corpus(
    data: Sequence[Path] | None = None,
    ontology: Sequence[Path] | None = None,
) -> Corpus:
    """The corpus named by ``--data`` and ``--ontology``, the project's own where absent.

    The project's ontology is its core and every extension in ``ontology/extensions/``.
    An ``--ontology`` folder is either a core folder (it has ``claimgraph.ttl``; its own
    extensions come with it) or an extension folder; when no item given provides the
    core, the project's ontology is loaded first, so that ``--ontology my-extension/``
    adds an extension to the project's ontology rather than replacing it.
    """
    items: list[Path] = list(ontology) if ontology else []
    home: Path | None = None
    if not any(_provides_core(item) for item in items if item.exists()):
        home = home_ontology()
        items.insert(0, home)
    onto_files: list[Path] = []
    shapes: list[Path] = []
    extensions: list[Extension] = []
    for item in items:
        if item.is_dir() and is_core_folder(item):
            core_ontology, core_shapes = _core_files(item)
            onto_files.extend(core_ontology)
            shapes.extend(core_shapes)
            found = extensions_in(item)
            chosen = study_extensions() if item == home else None
            if chosen is not None:
                found = tuple(e for e in found if e.name in chosen)
        elif item.is_dir():
            found = (extension_at(item),)
        elif item.is_file():
            onto_files.append(item)
            found = ()
        else:
            raise InputError("no such file or folder", source=item)
        for extension in found:
            onto_files.extend(extension.ontology_files)
            shapes.extend(extension.shapes_files)
            extensions.append(extension)
    data_paths = list(data) if data else [project_home() / "data"]
    return Corpus(
        ontology_files=_unique(onto_files),
        shapes_files=_unique(shapes),
        data_files=rdf_files_in(data_paths),
        extensions=_unique_extensions(extensions),
        data_roots=tuple(data_paths),
        ontology_roots=tuple(items),
    )


def project_queries_folder() -> Path | None:
    """The default query library (:func:`home_queries`), if there is one to find."""
    try:
        return home_queries()
    except InputError:
        return None


def _unique(paths: Iterable[Path]) -> tuple[Path, ...]:
    """Paths in order, each file once (an extension named twice is loaded once)."""
    seen: set[Path] = set()
    unique: list[Path] = []
    for path in paths:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return tuple(unique)


def _unique_extensions(extensions: Iterable[Extension]) -> tuple[Extension, ...]:
    seen: set[Path] = set()
    unique: list[Extension] = []
    for extension in extensions:
        key = extension.folder.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(extension)
    return tuple(unique)


def display_path(path: Path) -> str:
    """A path as the user should read it: relative to the current folder where it can be."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):
        # Not below the current folder, or a link that leads nowhere (a loop raises
        # RuntimeError in Python before 3.13): the path as given.
        return str(path)


@lru_cache(maxsize=4)
def _real_cwd(cwd: str) -> str:
    return os.path.realpath(cwd) + os.sep


def shown_path(path: Path | str) -> str:
    """A path as the user should read it: relative to the current folder where it can be.

    The same as :func:`claimgraph.corpus.files.display_path` for paths without symbolic links
    below the current folder, without asking the file system (which is slow for thousands
    of files).
    """
    absolute = os.path.abspath(path)
    cwd = os.getcwd()
    for base in (_real_cwd(cwd), cwd + os.sep):
        if absolute.startswith(base):
            return absolute[len(base) :]
    return display_path(Path(path))
