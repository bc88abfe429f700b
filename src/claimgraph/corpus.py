"""Which files make up a corpus: the ontology, the shapes and the data.

With no arguments every command works on the project's own corpus (``ontology/`` and
``data/`` of the checkout); ``--data`` and ``--ontology`` point it elsewhere.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .formats import is_rdf_file

HYGIENE_SHAPES = "ontology-hygiene.ttl"
"""Shapes over the ontology itself; run by the tests, not against data."""


@dataclass(frozen=True)
class Corpus:
    """The files one command reads, each list sorted so that runs are deterministic."""

    ontology_files: tuple[Path, ...]
    shapes_files: tuple[Path, ...]
    data_files: tuple[Path, ...]

    @property
    def all_files(self) -> tuple[Path, ...]:
        """Every input file, ontology first."""
        return self.ontology_files + self.data_files


def project_home() -> Path:
    """The folder holding the project's own ``ontology/`` and ``data/``.

    ``CLAIMGRAPH_HOME`` wins; otherwise the checkout this package was installed from
    (``src/claimgraph/`` sits two levels below it), then the current folder.
    """
    env = os.environ.get("CLAIMGRAPH_HOME")
    candidates = [Path(env)] if env else []
    candidates += [Path(__file__).resolve().parents[2], Path.cwd()]
    for home in candidates:
        if (home / "ontology").is_dir() and (home / "data").is_dir():
            return home
    raise InputError(
        "cannot find the project's ontology/ and data/ folders",
        hint="run from a claimgraph checkout, set CLAIMGRAPH_HOME, or pass --data and --ontology",
    )


def rdf_files_in(paths: Iterable[Path]) -> tuple[Path, ...]:
    """The RDF files named, or found below the folders named, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and is_rdf_file(p)))
        elif path.is_file():
            found.append(path)
        else:
            raise InputError("no such file or folder", source=path)
    # The same file named twice would be loaded twice; keep the first mention.
    unique: dict[Path, None] = {}
    for path in found:
        unique.setdefault(path, None)
    return tuple(unique)


def ontology_files_in(folder: Path) -> tuple[Path, ...]:
    """Ontology Turtle files of a folder, leaving out its shapes."""
    return tuple(
        p
        for p in rdf_files_in([folder])
        if "shapes" not in p.relative_to(folder).parts and p.suffix != ".xml"
    )


def shapes_files_in(folder: Path) -> tuple[Path, ...]:
    """Data shapes of an ontology folder (every ``shapes/`` file but the hygiene shapes)."""
    return tuple(
        p
        for p in rdf_files_in([folder])
        if "shapes" in p.relative_to(folder).parts and p.name != HYGIENE_SHAPES
    )


def make_corpus(
    data: Sequence[Path] | None = None,
    ontology: Sequence[Path] | None = None,
) -> Corpus:
    """The corpus named by ``--data`` and ``--ontology``, the project's own where absent."""
    onto_dirs: list[Path] = list(ontology) if ontology else [project_home() / "ontology"]
    onto_files: list[Path] = []
    shapes: list[Path] = []
    for item in onto_dirs:
        if item.is_dir():
            onto_files.extend(ontology_files_in(item))
            shapes.extend(shapes_files_in(item))
        elif item.is_file():
            onto_files.append(item)
        else:
            raise InputError("no such file or folder", source=item)
    data_paths = list(data) if data else [project_home() / "data"]
    return Corpus(
        ontology_files=tuple(onto_files),
        shapes_files=tuple(shapes),
        data_files=rdf_files_in(data_paths),
    )


def display_path(path: Path) -> str:
    """A path as the user should read it: relative to the current folder where it can be."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
