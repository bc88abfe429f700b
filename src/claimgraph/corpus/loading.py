"""Reading a corpus: safe parsing with exact error positions, straight into Oxigraph.

Every file goes through the refusals of :mod:`claimgraph.rdf.safety` and is parsed by
Oxigraph's parsers, which report line and column. The corpus lands in an Oxigraph
:class:`~pyoxigraph.Store` (in memory, or the persistent store of :mod:`claimgraph.corpus.store`):

- a TriG, Turtle or N-Triples file without blank nodes is bulk-loaded by Oxigraph itself,
  never turned into Python objects quad by quad (the fast path, and the common case: data
  files name everything with IRIs);
- any other file (blank nodes, JSON-LD, RDF/XML, N-Quads) is parsed into quads whose blank
  nodes get labels that depend only on the file and its order of statements, so that
  output stays deterministic.

An rdflib :class:`~rdflib.Dataset` with the same content is made only when something asks
for it (:attr:`LoadedCorpus.dataset`: pySHACL, rdflib's SPARQL engine, rdflib users), so the
Oxigraph path (parse, load, query, validate) never pays for it.

Oxigraph stores typed literals by value: ``"01"^^xsd:integer`` reads back as ``"1"``. Every
engine and validator sees the stored form, so they all see the same terms.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import OWL, RDF, BNode, Dataset, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from claimgraph.corpus.files import Corpus, display_path
from claimgraph.corpus.texts import TextResolver, read_text_file
from claimgraph.errors import InputError, Position, UnsafeInputError, UnsupportedError
from claimgraph.progress import Progress, no_progress
from claimgraph.rdf.formats import RdfFormat, rdf_format_for_path
from claimgraph.rdf.limits import MAX_TERM_BYTES, read_input
from claimgraph.rdf.namespace import CG, GRAPH, PREFIXES
from claimgraph.rdf.safety import check_jsonld, check_rdfxml, check_text, check_turtle_nesting

ONTOLOGY_GRAPH = GRAPH["ontology"]
"""Triples-only ontology files are loaded into this named graph."""

DEFAULT_GRAPH = ""
"""How :attr:`FileRecord.graphs` names the default graph."""

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

_OX_FORMATS = {
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "json-ld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}

_TEXT = ox.NamedNode(str(CG.text))
_TEXT_FILE = ox.NamedNode(str(CG.textFile))


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Node:
    """An Oxigraph term as the equal rdflib term.

    Simple literals come back without a datatype, as rdflib writes them, so that
    ``"x"`` and ``"x"^^xsd:string`` (one term in RDF 1.1) stay one term in rdflib too.
    """
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise UnsupportedError("RDF-star quoted triples are not supported")


def to_oxigraph(term: Node) -> Any:
    """An rdflib term as the equal Oxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise UnsupportedError(f"cannot convert {term!r} to an Oxigraph term")


def graph_key(name: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> str:
    """A graph name as :attr:`FileRecord.graphs` writes it (IRI, ``_:label`` or ``""``)."""
    if isinstance(name, ox.DefaultGraph):
        return DEFAULT_GRAPH
    if isinstance(name, ox.BlankNode):
        return f"_:{name.value}"
    return name.value


def graph_term(key: str) -> ox.NamedNode | ox.BlankNode | ox.DefaultGraph:
    """The graph name written as ``key`` by :func:`graph_key`."""
    if key == DEFAULT_GRAPH:
        return ox.DefaultGraph()
    if key.startswith("_:"):
        return ox.BlankNode(key[2:])
    return ox.NamedNode(key)


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


_EXPECTED = re.compile(r"(?<!un)expected", re.IGNORECASE)


def _where_missing(data: bytes, line: int) -> tuple[int, int] | None:
    """For a token missing at the end of a line (a '.' forgotten), the position just after
    the last statement text before ``line``: line and column, 1-based.

    The parser notices the missing token only at the next token, often on the next line;
    the mistake is where the previous statement ends. ``None`` when there is no such line.
    """
    lines = data.decode("utf-8", errors="replace").splitlines()
    for number in range(min(line, len(lines) + 1) - 1, 0, -1):
        content = lines[number - 1]
        # A comment runs to the end of the line; a '#' inside an IRI or string is rare
        # enough in the line before a syntax error not to matter here.
        stripped = (
            content.split(" #", 1)[0].rstrip() if not content.lstrip().startswith("#") else ""
        )
        if stripped:
            return number, len(stripped) + 1
    return None


def _syntax_error(exc: SyntaxError, source: Path, data: bytes | None = None) -> InputError:
    # Oxigraph puts the position in the SyntaxError's fields and in the text; keep the
    # message but drop the position words it repeats.
    message = str(exc.msg if hasattr(exc, "msg") and exc.msg else exc)
    if message.startswith("Parser error"):
        _, _, rest = message.partition(": ")
        message = rest or message
    message = message.removesuffix(f" (line {exc.lineno})") if exc.lineno else message
    line, column = exc.lineno, exc.offset
    if (
        data is not None
        and line
        and _EXPECTED.search(message)
        and _at_line_start(data, line, column)
    ):
        # "A dot is expected" at the first token of a line: the dot is missing at the end of
        # the statement before it, so point there.
        found = _where_missing(data, line)
        if found is not None:
            line, column = found
            message += f" (noticed at line {exc.lineno}, where the next statement begins)"
    return InputError(message, source=display_path(source), position=Position(line, column))


def _at_line_start(data: bytes, line: int, column: int | None) -> bool:
    """Whether ``column`` of ``line`` is at the line's first non-blank character."""
    lines = data.decode("utf-8", errors="replace").splitlines()
    if not 1 <= line <= len(lines) or column is None:
        return False
    return not lines[line - 1][: max(column - 1, 0)].strip()


def _relabel_blank_nodes(quads: Iterable[ox.Quad], label: str) -> list[ox.Quad]:
    """Give blank nodes labels that depend only on the file and its order of statements.

    Parsers invent random labels for ``[]``; deterministic output needs the same labels on
    every run, and ``label`` (one per file) keeps two files' blank nodes apart.
    """
    return _relabel(quads, label)[0]


def _relabel(quads: Iterable[ox.Quad], label: str) -> tuple[list[ox.Quad], bool]:
    """:func:`_relabel_blank_nodes`, and whether there was any blank node."""
    names: dict[str, ox.BlankNode] = {}

    def fix(term: Any) -> Any:
        if isinstance(term, ox.BlankNode):
            if term.value not in names:
                names[term.value] = ox.BlankNode(f"{label}b{len(names)}")
            return names[term.value]
        return term

    out = []
    for q in quads:
        if (
            isinstance(q.subject, ox.BlankNode)
            or isinstance(q.object, ox.BlankNode)
            or isinstance(q.graph_name, ox.BlankNode)
        ):
            out.append(ox.Quad(fix(q.subject), q.predicate, fix(q.object), fix(q.graph_name)))
        else:
            out.append(q)
    return out, bool(names)


def _read_bytes(path: Path, fmt: RdfFormat, shown: str | None = None) -> bytes:
    """The bytes of an RDF file, within the limits and past the safety checks.

    At most :func:`~claimgraph.rdf.limits.max_input_bytes` bytes are read, only from a regular file;
    a UTF-8 byte order mark is dropped.
    """
    shown = shown or display_path(path)
    data = check_text(read_input(path, shown), shown)
    if fmt.name == "rdfxml":
        check_rdfxml(data, shown)
    elif fmt.name == "json-ld":
        check_jsonld(data, shown)
    elif fmt.name in ("turtle", "trig"):
        check_turtle_nesting(data, shown)
    return data


def _term_too_long(exc: MemoryError, source: str) -> InputError:
    # Oxigraph's lexers hold one token in a buffer of at most 16 MiB and raise MemoryError
    # ("Reached the buffer maximal size") beyond it: a literal or IRI longer than that.
    return InputError(
        f"a literal or IRI is longer than the limit of {MAX_TERM_BYTES >> 20} MiB ({exc})",
        source=source,
        hint="claimgraph.rdf.limits.MAX_TERM_BYTES",
    )


# JSON-LD leaves a relative IRI relative when the document gives no @base, and turns the
# statement into nothing: parsed against this base (a reserved domain), it becomes visible
# and is refused, as Turtle and RDF/XML refuse it.
_NO_BASE = "http://no-base.claimgraph.invalid/"


def _relative_iri(quad: ox.Quad) -> str | None:
    for term in (quad.subject, quad.predicate, quad.object, quad.graph_name):
        if isinstance(term, ox.NamedNode) and term.value.startswith(_NO_BASE):
            return term.value[len(_NO_BASE) :]
        if isinstance(term, ox.Literal) and term.datatype.value.startswith(_NO_BASE):
            return term.datatype.value[len(_NO_BASE) :]
    return None


def _parse(data: bytes, fmt: RdfFormat, path: Path) -> Iterator[ox.Quad]:
    try:
        if fmt.name == "json-ld":
            for quad in ox.parse(data, _OX_FORMATS[fmt.name], base_iri=_NO_BASE):
                relative = _relative_iri(quad)
                if relative is not None:
                    raise InputError(
                        f"the relative IRI {relative!r} has no base to resolve against",
                        source=display_path(path),
                        hint='use absolute IRIs, or set "@base" in the context',
                    )
                yield quad
        else:
            yield from ox.parse(data, _OX_FORMATS[fmt.name])
    except SyntaxError as exc:
        raise _syntax_error(exc, path, data) from exc
    except (ValueError, OSError) as exc:
        raise InputError(str(exc), source=display_path(path)) from exc
    except MemoryError as exc:
        raise _term_too_long(exc, display_path(path)) from exc


def read_quads(path: Path, fmt: RdfFormat | None = None, blank_label: str = "f") -> list[ox.Quad]:
    """Parse one RDF file after the safety checks; every problem is an :class:`InputError`.

    Blank nodes are labelled ``<blank_label>b<n>`` in order of first appearance.
    """
    fmt = fmt or rdf_format_for_path(path)
    data = _read_bytes(path, fmt)
    return _relabel_blank_nodes(_parse(data, fmt, path), blank_label)


# --- Which graphs a file fills, without parsing it in Python ---------------------------------

# The fast path of a plain load (no persistent store) reads a TriG file's graphs off its
# text, but only when the text proves them; whenever it cannot, the file is parsed and its
# graphs are read off the quads. The proof: every "{" of the file sits on a line of its own
# that is exactly "<absolute-iri> {" or "prefix:name {" (optionally after GRAPH), the name
# being on the same line, and the prefix declared once only in the whole file. A TriG block
# needs a "{" and its label must precede it, so no block is missed; a "{" in a literal can
# only add a graph the file does not fill, which the load then finds absent and corrects.
# A bare "{" is not proof (the label may be on the line before, or it is the default graph).
# The persistent store never uses this: its manifest records the graphs of the parse.
_GRAPH_LINE = re.compile(
    rb"[ \t]*(?:GRAPH[ \t]+)?"
    rb"(<[^<>\"{}|^`\\\s]*>|[A-Za-z][\w.-]*:[^\s{}]*|:[^\s{}]*)[ \t]*\{[ \t]*\r?",
    re.IGNORECASE,
)
_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _has_blank_node_syntax(data: bytes) -> bool:
    # Blank nodes are written "_:x", "[ ... ]" or "( ... )" (collections): a file with none
    # of these characters anywhere has none.
    return b"_:" in data or b"[" in data or b"(" in data


def _prefix_namespace(data: bytes, prefix: str, before: int) -> str | None:
    """The namespace ``prefix:`` stands for at offset ``before``, if the file says it once.

    A second declaration anywhere (even in a comment or a literal, which a text search
    cannot tell from a real one) makes the answer unsure: None.
    """
    name = re.escape(prefix.encode("utf-8"))
    mentions = re.findall(rb"prefix\s+" + name + rb":", data, re.IGNORECASE)
    if len(mentions) != 1:
        return None
    pattern = rb"(?:@prefix|(?i:PREFIX))[ \t]+" + name + rb":[ \t]*<([^<>\"{}|^`\\\s]*)>"
    match = re.search(pattern, data[:before])
    return match[1].decode("utf-8") if match else None


def _trig_graphs(data: bytes) -> set[str] | None:
    """The graphs a TriG file's blocks name, or None when its text does not prove them."""
    graphs: set[str] = set()
    position = data.find(b"{")
    while position != -1:
        line_start = data.rfind(b"\n", 0, position) + 1
        line_end = data.find(b"\n", position)
        line = data[line_start : len(data) if line_end == -1 else line_end]
        match = _GRAPH_LINE.fullmatch(line)
        if match is None:
            return None
        name = match[1].decode("utf-8")
        if name.startswith("<"):
            iri = name[1:-1]
            if not _ABSOLUTE_IRI.match(iri):
                return None
            graphs.add(iri)
        else:
            prefix, _, local = name.partition(":")
            namespace = _prefix_namespace(data, prefix, line_start)
            if namespace is None or not _ABSOLUTE_IRI.match(namespace) or "\\" in local:
                return None
            graphs.add(namespace + local)
        position = data.find(b"{", position + 1)
    # Triples outside any block land in the default graph; they cannot be seen here, so
    # the default graph counts as possibly filled (load_corpus drops it if it is empty).
    graphs.add(DEFAULT_GRAPH)
    return graphs


@dataclass
class FileRecord:
    """One input file: where its statements went and how they were read."""

    path: Path
    shown: str
    """The path as the user reads it (relative to the current folder where it can be)."""
    blank_label: str
    """The prefix of the labels of this file's blank nodes."""
    graphs: frozenset[str]
    """The graphs the file states triples in (IRIs; ``""`` for the default graph): read off
    its parsed quads, or off its text where the text proves them (then perhaps one more,
    never one fewer)."""
    blank_nodes: bool
    """Whether the file holds blank nodes (their labels depend on the file's place)."""
    default_graph: str = DEFAULT_GRAPH
    """Where the file's triples outside any named graph went (the ontology graph for
    ontology files)."""
    subjects: frozenset[str] | None = None
    """The file's subjects (N-Triples terms), when known without parsing again."""


def _file_subjects(quads: Iterable[ox.Quad]) -> frozenset[str]:
    return frozenset(str(q.subject) for q in quads)


class CorpusLoader:
    """Loads files into a store: each at once (in memory), or in large batches (on disk,
    where Oxigraph's bulk loader is fast for one large input and slow for many small ones).
    """

    BATCH_BYTES = 64 * 1024 * 1024

    def __init__(self, store: ox.Store, bulk: bool, *, exact: bool = False) -> None:
        self.store = store
        self.bulk = bulk
        self.exact = exact
        """Parse every file into quads and take its graphs from them (the persistent store
        does: its manifest must say exactly which graphs each file filled)."""
        self.pending: list[tuple[Path, str, bytes, RdfFormat, Any]] = []
        self.pending_bytes = 0
        self.unchecked: list[FileRecord] = []

    def load(self, path: Path, default_graph: URIRef | None, blank_label: str) -> FileRecord:
        """Parse one file into the store (perhaps later, in a batch) and say where it went."""
        fmt = rdf_format_for_path(path)
        shown = shown_path(path)
        data = _read_bytes(path, fmt, shown)
        target: ox.NamedNode | ox.DefaultGraph = (
            ox.NamedNode(str(default_graph)) if default_graph is not None else ox.DefaultGraph()
        )
        target_key = graph_key(target)
        graphs: set[str] | None = None
        blank_syntax = _has_blank_node_syntax(data)
        if not self.exact and not blank_syntax:
            if fmt.name in ("turtle", "ntriples"):
                graphs = {target_key}
            elif fmt.name == "trig":
                graphs = _trig_graphs(data)
        if graphs is not None:
            if default_graph is not None:
                graphs = (graphs - {DEFAULT_GRAPH}) | {target_key}
            record = FileRecord(path, shown, blank_label, frozenset(graphs), False, target_key)
            if self.bulk:
                self._queue(path, shown, data, fmt, target)
            else:
                try:
                    self.store.load(data, _OX_FORMATS[fmt.name], to_graph=target)
                except SyntaxError as exc:
                    raise _syntax_error(exc, path, data) from exc
                except (ValueError, OSError) as exc:
                    raise InputError(str(exc), source=shown) from exc
                except MemoryError as exc:
                    raise _term_too_long(exc, shown) from exc
            self.unchecked.append(record)
            return record
        # The graphs come from the parse itself: exact, whatever the file's layout.
        quads = list(_parse(data, fmt, path))
        blank_nodes = False
        if blank_syntax or fmt.name not in ("trig", "turtle", "ntriples"):
            quads, blank_nodes = _relabel(quads, blank_label)
        if default_graph is not None:
            quads = [
                ox.Quad(q.subject, q.predicate, q.object, target)
                if isinstance(q.graph_name, ox.DefaultGraph)
                else q
                for q in quads
            ]
        self.store.extend(quads)
        return FileRecord(
            path,
            shown,
            blank_label,
            frozenset(graph_key(name) for name in {q.graph_name for q in quads}),
            blank_nodes,
            target_key,
            _file_subjects(quads) if blank_nodes else None,
        )

    def _queue(self, path: Path, shown: str, data: bytes, fmt: RdfFormat, target: Any) -> None:
        if len(data) > MAX_TERM_BYTES:
            # The bulk loader takes terms longer than every other parser does: a file large
            # enough to hold one is parsed once first, so that a store built on disk holds
            # what one in memory would (and the error names the file).
            for _quad in _parse(data, fmt, path):
                pass
        if self.pending and (self.pending[-1][3] != fmt or self.pending[-1][4] != target):
            self.flush()
        self.pending.append((path, shown, data, fmt, target))
        self.pending_bytes += len(data)
        if self.pending_bytes >= self.BATCH_BYTES:
            self.flush()

    def flush(self) -> None:
        """Load what is queued, then check the graphs each file was said to fill."""
        if self.pending:
            _, _, _, fmt, target = self.pending[0]
            joined = b"\n".join(item[2] for item in self.pending)
            try:
                self.store.bulk_load(joined, _OX_FORMATS[fmt.name], to_graph=target)
            except (SyntaxError, ValueError, OSError, MemoryError) as exc:
                # Find the file and the position within it.
                for path, _shown, data, fmt, _ in self.pending:
                    for _quad in _parse(data, fmt, path):
                        pass
                raise InputError(str(exc)) from exc
            self.pending = []
            self.pending_bytes = 0
        for record in self.unchecked:
            named = {g for g in record.graphs if g not in (DEFAULT_GRAPH, record.default_graph)}
            if not all(self.store.contains_named_graph(graph_term(g)) for g in named):
                # The line pattern was fooled (a literal that looks like a graph opening):
                # the data is loaded all right; parse once more to learn its graphs exactly.
                fmt = rdf_format_for_path(record.path)
                quads = list(_parse(_read_bytes(record.path, fmt, record.shown), fmt, record.path))
                found = {graph_key(q.graph_name) for q in quads}
                if record.default_graph != DEFAULT_GRAPH and DEFAULT_GRAPH in found:
                    found = (found - {DEFAULT_GRAPH}) | {record.default_graph}
                record.graphs = frozenset(found)
                record.subjects = _file_subjects(quads)
        self.unchecked = []


def load_file(
    store: ox.Store, path: Path, default_graph: URIRef | None, blank_label: str
) -> FileRecord:
    """Parse one file into ``store`` and say exactly which graphs it filled."""
    loader = CorpusLoader(store, bulk=False, exact=True)
    record = loader.load(path, default_graph, blank_label)
    loader.flush()
    return record


class LoadedCorpus:
    """A corpus loaded into an Oxigraph store, with the file each statement came from.

    :attr:`store` is the Oxigraph store (every query and the fast validator use it);
    :attr:`dataset` and :attr:`quads` are made from it on first use.
    """

    def __init__(
        self,
        corpus: Corpus,
        store: ox.Store,
        files: list[FileRecord],
        text_checksums: dict[Node, str] | None = None,
        text_files: dict[Node, Path] | None = None,
    ) -> None:
        self.corpus = corpus
        self.store = store
        self.files = files
        self.text_checksums: dict[Node, str] = text_checksums or {}
        """SHA-256 of each document's text file as read, for validation to compare."""
        self.text_files: dict[Node, Path] = text_files or {}
        """The text file read for each document (its cg:text)."""
        self._files_of: dict[str, list[str]] = {}
        self._graph_files: dict[str, list[FileRecord]] | None = None

    # -- rdflib views, made on first use ------------------------------------------------------

    @cached_property
    def dataset(self) -> Dataset:
        """The corpus as an rdflib Dataset (default graph: the union), made on first use."""
        dataset = new_dataset()
        graphs: dict[str, Any] = {}
        batch: list[tuple[Node, Node, Node, Any]] = []
        for quad in self.store:
            key = graph_key(quad.graph_name)
            graph = graphs.get(key)
            if graph is None:
                name = (
                    DATASET_DEFAULT_GRAPH_ID if key == DEFAULT_GRAPH else to_rdflib(quad.graph_name)
                )
                graph = graphs[key] = dataset.graph(name)  # type: ignore[arg-type]
            batch.append(
                (to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object), graph)
            )
            if len(batch) >= 100_000:
                dataset.addN(batch)
                batch = []
        dataset.addN(batch)
        return dataset

    @cached_property
    def quads(self) -> list[ox.Quad]:
        """Every quad of the store, as a list (made on first use)."""
        return list(self.store)

    def __len__(self) -> int:
        return len(self.store)

    def graph_names(self) -> set[Node]:
        """The named graphs of the corpus, plus rdflib's default graph if it holds triples."""
        names: set[Node] = {to_rdflib(g) for g in self.store.named_graphs()}
        if next(iter(self.store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None):
            names.add(DATASET_DEFAULT_GRAPH_ID)
        return names

    # -- where a node is stated ----------------------------------------------------------------

    def _files_by_graph(self) -> dict[str, list[FileRecord]]:
        if self._graph_files is None:
            by_graph: dict[str, list[FileRecord]] = defaultdict(list)
            for record in self.files:
                for graph in record.graphs:
                    by_graph[graph].append(record)
            self._graph_files = by_graph
        return self._graph_files

    def _subjects_of(self, record: FileRecord) -> frozenset[str]:
        if record.subjects is None:
            quads = read_quads(record.path, blank_label=record.blank_label)
            record.subjects = _file_subjects(quads)
        return record.subjects

    def files_of(self, node: Node) -> list[str]:
        """The files (as the user reads their paths) in which ``node`` is a subject."""
        if isinstance(node, Literal):
            return []
        term = to_oxigraph(node)
        key = str(term)
        if key in self._files_of:
            return self._files_of[key]
        graphs = {graph_key(q.graph_name) for q in self.store.quads_for_pattern(term, None, None)}
        # The cg:text the loader adds is stated in no file; a subject with nothing else is
        # in none either.
        by_graph = self._files_by_graph()
        found: set[str] = set()
        for graph in graphs:
            records = by_graph.get(graph, [])
            if len(records) == 1 and not records[0].blank_nodes:
                found.add(records[0].shown)
                continue
            found.update(r.shown for r in records if key in self._subjects_of(r))
        files = sorted(found)
        self._files_of[key] = files
        return files

    @cached_property
    def subject_files(self) -> dict[Node, set[str]]:
        """Every subject and the files it is stated in (computed on first use; slow)."""
        result: dict[Node, set[str]] = {}
        for quad in self.store:
            node = to_rdflib(quad.subject)
            if node not in result:
                result[node] = set(self.files_of(node))
        return result


def new_dataset() -> Dataset:
    """An empty in-memory dataset whose default graph is the union, with the usual prefixes."""
    dataset = Dataset(default_union=True)
    for prefix, iri in PREFIXES.items():
        dataset.bind(prefix, iri, override=True, replace=True)
    return dataset


def corpus_files(corpus: Corpus) -> list[tuple[Path, URIRef | None, str]]:
    """Each file of ``corpus`` in load order, with its default graph and blank-node label."""
    files = [(p, ONTOLOGY_GRAPH) for p in corpus.ontology_files] + [
        (p, None) for p in corpus.data_files
    ]
    return [(path, graph, f"f{index}") for index, (path, graph) in enumerate(files)]


def load_corpus(
    corpus: Corpus,
    progress: Progress = no_progress,
    *,
    store: ox.Store | None = None,
    bulk: bool = False,
    exact_graphs: bool = False,
) -> LoadedCorpus:
    """Parse every file of ``corpus``, add the source texts, and check imports stay offline.

    The corpus goes into ``store`` (a new in-memory store when None); ``bulk`` loads in
    large batches with Oxigraph's bulk loader (for a new on-disk store). This always parses;
    :func:`claimgraph.corpus.opening.open_corpus` takes the corpus from a persistent store.
    ``exact_graphs`` takes every file's graphs from its parsed quads (slower; what the
    persistent store records), not from its text where that proves them.
    """
    store = store if store is not None else ox.Store()
    files = corpus_files(corpus)
    loader = CorpusLoader(store, bulk, exact=exact_graphs)
    records = []
    for done, (path, default_graph, label) in enumerate(files):
        progress("parse", done, len(files))
        records.append(loader.load(path, default_graph, label))
    loader.flush()
    progress("parse", len(files), len(files))
    forget_empty_default_graph(store, records)
    add_core_super_terms(store)
    loaded = LoadedCorpus(corpus, store, records)
    add_source_texts(loaded)
    check_imports(loaded)
    return loaded


_SUB_PROPERTY = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subPropertyOf")
_SUB_CLASS = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
_RDF_TYPE = ox.NamedNode(str(RDF.type))
_CORE = str(CG._NS)


def _core_supers(edges: dict[ox.NamedNode, set[ox.NamedNode]]) -> dict[ox.NamedNode, set[Any]]:
    """Each non-core term with the first core terms above it (through non-core terms only)."""
    result: dict[ox.NamedNode, set[Any]] = {}
    for term in edges:
        if term.value.startswith(_CORE):
            continue
        found: set[Any] = set()
        seen = {term}
        todo = [term]
        while todo:
            for parent in edges.get(todo.pop(), ()):
                if parent in seen:
                    continue
                seen.add(parent)
                if parent.value.startswith(_CORE):
                    # The core term, as if the data had been written with it; what lies
                    # above a core term is the core's business (no generic RDFS entailment).
                    found.add(parent)
                else:
                    todo.append(parent)
        if found:
            result[term] = found
    return result


def add_core_super_terms(store: ox.Store, graphs: Iterable[str] | None = None) -> int:
    """State every use of an extension's sub-property or sub-class with its core term too.

    For each triple (outside the ontology graph) whose predicate an ontology file declares
    a sub-property (perhaps through other extension properties) of a ``cg:`` property, the
    same triple with the ``cg:`` property is added to the same graph; likewise ``rdf:type``
    of a declared sub-class of a ``cg:`` class gets the ``cg:`` class. Queries and both
    validators then see extension data as the core terms it specialises. ``graphs``
    (:attr:`FileRecord.graphs` keys) limits this to those graphs. Returns how many quads
    were added (counting ones already stated).
    """
    ontology = ox.NamedNode(str(ONTOLOGY_GRAPH))
    hierarchy: dict[ox.NamedNode, dict[ox.NamedNode, set[ox.NamedNode]]] = {}
    for link in (_SUB_PROPERTY, _SUB_CLASS):
        edges: dict[ox.NamedNode, set[ox.NamedNode]] = defaultdict(set)
        for quad in store.quads_for_pattern(None, link, None, ontology):
            if isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.NamedNode):
                edges[quad.subject].add(quad.object)
        hierarchy[link] = edges
    properties = _core_supers(hierarchy[_SUB_PROPERTY])
    classes = _core_supers(hierarchy[_SUB_CLASS])
    if not properties and not classes:
        return 0
    wanted = None if graphs is None else {graph_term(g) for g in graphs}
    added: list[ox.Quad] = []

    def keep(quad: ox.Quad) -> bool:
        name = quad.graph_name
        return name != ontology and (wanted is None or name in wanted)

    for prop, supers in sorted(properties.items(), key=lambda item: item[0].value):
        for quad in store.quads_for_pattern(None, prop, None):
            if keep(quad):
                added.extend(
                    ox.Quad(quad.subject, core, quad.object, quad.graph_name) for core in supers
                )
    for cls, supers in sorted(classes.items(), key=lambda item: item[0].value):
        for quad in store.quads_for_pattern(None, _RDF_TYPE, cls):
            if keep(quad):
                added.extend(
                    ox.Quad(quad.subject, _RDF_TYPE, core, quad.graph_name) for core in supers
                )
    store.extend(added)
    return len(added)


def forget_empty_default_graph(store: ox.Store, records: list[FileRecord]) -> None:
    """Drop the default graph from the files said to fill it, if it holds nothing."""
    if next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is None:
        for record in records:
            if DEFAULT_GRAPH in record.graphs:
                record.graphs = record.graphs - {DEFAULT_GRAPH}


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


def check_imports(loaded: LoadedCorpus) -> None:
    """Refuse ``owl:imports`` of an ontology no loaded file declares (claimgraph is offline)."""
    store = loaded.store
    provided = {
        str(q.subject)
        for q in store.quads_for_pattern(
            None, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(OWL.Ontology))
        )
    }
    provided |= {
        str(q.object)
        for q in store.quads_for_pattern(None, ox.NamedNode(str(OWL.versionIRI)), None)
    }
    imports = sorted(
        {
            (str(q.subject), q.subject, q.object)
            for q in store.quads_for_pattern(None, ox.NamedNode(str(OWL.imports)), None)
        },
        key=lambda item: (item[0], str(item[2])),
    )
    for _, ontology, imported in imports:
        if str(imported) not in provided:
            files = loaded.files_of(to_rdflib(ontology))
            raise UnsafeInputError(
                f"owl:imports <{getattr(imported, 'value', imported)}> is not followed: "
                "claimgraph works offline and no loaded file declares that ontology",
                source=files[0] if files else None,
                hint="add the imported ontology's file with --ontology",
            )


__all__ = [
    "ONTOLOGY_GRAPH",
    "FileRecord",
    "LoadedCorpus",
    "load_corpus",
    "read_quads",
    "to_oxigraph",
    "to_rdflib",
]
