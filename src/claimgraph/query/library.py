"""The query library: ``queries/*.rq``, each opening with comments that say what it asks.

A library query opens with a comment header::

    # Question: Which claims attributed to an actor are rebutted, by whom ...?
    # Parameter: actor (iri, optional) the claimant; every actor when not given.
    # Returns: one row per rebuttal and attacked claim.

QC queries live in ``queries/checks/*-violation.rq`` and must return nothing on sound data.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from rdflib import XSD, Literal, URIRef
from rdflib.term import Node

from claimgraph.corpus.files import home_queries
from claimgraph.corpus.loading import LoadedCorpus
from claimgraph.errors import InputError, Position, QueryError
from claimgraph.query.check import MAX_QUERY_CHARS
from claimgraph.query.engine import Engine, QueryEngine, QueryLimits, QueryResult
from claimgraph.rdf.namespace import PREFIXES

_PARAM = re.compile(
    r"^(?P<name>\w+)\s*\((?P<kind>\w+)(?:,\s*(?P<opt>optional|required))?\)\s*(?P<text>.*)$"
)
PARAM_KINDS = ("iri", "string", "integer", "date")


@dataclass(frozen=True)
class Parameter:
    """A value a library query can be given with ``--param name=value``."""

    name: str
    kind: str
    required: bool
    description: str


@dataclass(frozen=True)
class LibraryQuery:
    """One query of the library, with what its header says."""

    name: str
    path: Path
    text: str
    question: str
    parameters: tuple[Parameter, ...]
    returns: str

    def parameter(self, name: str) -> Parameter | None:
        """The declared parameter called ``name``, if any."""
        return next((p for p in self.parameters if p.name == name), None)


def queries_folder() -> Path:
    """The default query library: the study's ``queries/``, else the one shipped with
    claimgraph (:func:`claimgraph.corpus.files.home_queries`)."""
    return home_queries()


def read_query_text(handle: BinaryIO, source: str) -> str:
    """A query's text from ``handle`` (a file or stdin), read with a bound.

    At most :data:`~claimgraph.query.check.MAX_QUERY_CHARS` bytes and one more are read, so an
    endless input (``-q - < /dev/zero``) ends at once with an error.
    """
    data = handle.read(MAX_QUERY_CHARS + 1)
    if len(data) > MAX_QUERY_CHARS:
        raise QueryError(
            f"the query is longer than {MAX_QUERY_CHARS // (1 << 20)} MiB; claimgraph reads "
            "no more",
            source=source,
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise QueryError(
            f"the query is not UTF-8 (byte {exc.start + 1}: {data[exc.start : exc.start + 1]!r})",
            source=source,
        ) from exc


def parse_query_file(path: Path) -> LibraryQuery:
    """Read a ``.rq`` file and its comment header."""
    try:
        with path.open("rb") as handle:
            text = read_query_text(handle, str(path))
    except OSError as exc:
        raise InputError(f"cannot read the query: {exc.strerror}", source=path) from exc
    fields: dict[str, list[str]] = {"question": [], "returns": []}
    params: list[Parameter] = []
    current: list[str] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        body = line[1:].strip()
        key, _, rest = body.partition(":")
        if key.lower() in ("question", "returns"):
            current = fields[key.lower()]
            current.append(rest.strip())
        elif key.lower() == "parameter":
            match = _PARAM.match(rest.strip())
            if not match or match["kind"] not in PARAM_KINDS:
                raise QueryError(
                    "a parameter line reads 'Parameter: name (iri|string|integer|date[, "
                    "optional]) description'",
                    source=str(path),
                    position=Position(number, 1),
                )
            params.append(
                Parameter(match["name"], match["kind"], match["opt"] != "optional", match["text"])
            )
            current = None
        elif current is not None and body:
            current.append(body)
        else:
            current = None
    return LibraryQuery(
        name=path.stem,
        path=path,
        text=text,
        question=" ".join(fields["question"]),
        parameters=tuple(params),
        returns=" ".join(fields["returns"]),
    )


def library(folder: Path | None = None) -> list[LibraryQuery]:
    """The library queries (not the checks), by name."""
    folder = folder or queries_folder()
    return [parse_query_file(p) for p in sorted(folder.glob("*.rq"))]


def checks(folder: Path | None = None) -> list[LibraryQuery]:
    """The QC queries ``checks/*-violation.rq``, by name."""
    folder = (folder or queries_folder()) / "checks"
    return [parse_query_file(p) for p in sorted(folder.glob("*-violation.rq"))]


def find_query(name: str, folder: Path | None = None) -> LibraryQuery:
    """A query by library name (``rebutted-claims``) or by path to a ``.rq`` file."""
    path = Path(name)
    if path.suffix == ".rq" or path.exists():
        if not path.is_file():
            raise InputError("no such query file", source=name)
        return parse_query_file(path)
    folder = folder or queries_folder()
    for candidate in (folder / f"{name}.rq", folder / "checks" / f"{name}.rq"):
        if candidate.is_file():
            return parse_query_file(candidate)
    known = ", ".join(q.name for q in library(folder))
    raise InputError(f"no query named {name!r}", hint=f"known queries: {known}")


def parse_value(raw: str, kind: str | None) -> Node:
    """A ``--param`` value as an RDF term.

    ``kind`` comes from the query's header; for undeclared parameters ``<iri>`` and
    ``prefix:local`` (a known prefix) are IRIs and everything else a string.
    """
    if kind in (None, "iri"):
        if raw.startswith("<") and raw.endswith(">"):
            return URIRef(raw[1:-1])
        prefix, sep, local = raw.partition(":")
        if sep and prefix in PREFIXES and not local.startswith("//"):
            return URIRef(PREFIXES[prefix] + local)
        if kind == "iri":
            if re.match(r"^[a-z][a-z0-9+.-]*:", raw):
                return URIRef(raw)
            raise InputError(
                f"{raw!r} is not an IRI",
                hint="write <https://...> or prefix:local, e.g. actor:azerbaijan",
            )
        return Literal(raw)
    if kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", raw):
            raise InputError(f"{raw!r} is not an integer")
        return Literal(int(raw))
    if kind == "date":
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            raise InputError(f"{raw!r} is not a date (YYYY-MM-DD)")
        return Literal(raw, datatype=XSD.date)
    return Literal(raw)


def bind_parameters(query: LibraryQuery | None, raw: list[str]) -> dict[str, Node]:
    """``name=value`` strings as bindings; required parameters must be present."""
    bindings: dict[str, Node] = {}
    for item in raw:
        name, sep, value = item.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not name:
            raise InputError(f"--param {item!r} must read name=value")
        declared = query.parameter(name) if query else None
        if query and query.parameters and declared is None:
            names = ", ".join(p.name for p in query.parameters)
            raise InputError(
                f"query {query.name} has no parameter {name!r}", hint=f"its parameters: {names}"
            )
        bindings[name] = parse_value(value, declared.kind if declared else None)
    if query:
        missing = [p.name for p in query.parameters if p.required and p.name not in bindings]
        if missing:
            raise InputError(
                f"query {query.name} needs --param {missing[0]}=...",
                hint="claimgraph queries lists each query's parameters",
            )
    return bindings


def run_query(
    loaded: LoadedCorpus,
    name: str,
    params: Mapping[str, str] | None = None,
    *,
    engine: Engine = Engine.OXIGRAPH,
    limits: QueryLimits | None = None,
) -> QueryResult:
    """The library query ``name`` (or a ``.rq`` path) run on ``loaded``.

    ``params`` are bound as data exactly as ``claimgraph query --param name=value`` binds
    them, e.g. ``{"actor": "actor:armenia"}``; a required parameter must be given.
    """
    query = find_query(name)
    bindings = bind_parameters(query, [f"{k}={v}" for k, v in (params or {}).items()])
    return QueryEngine(loaded, engine).query(
        query.text, bindings, source=str(query.path), limits=limits
    )
