"""Reading one RDF file: safe parsing with exact error positions, straight into Oxigraph.

Every file goes through the refusals of :mod:`claimgraph.rdf.safety` and is parsed by
Oxigraph's parsers, which report line and column:

- a TriG, Turtle or N-Triples file without blank nodes is bulk-loaded by Oxigraph itself,
  never turned into Python objects quad by quad (the fast path, and the common case: data
  files name everything with IRIs);
- any other file (blank nodes, JSON-LD, RDF/XML, N-Quads) is parsed into quads whose blank
  nodes get labels that depend only on the file and its order of statements, so that
  output stays deterministic.

:mod:`claimgraph.corpus.loading` puts the files of a corpus together.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef

from claimgraph.corpus.files import display_path, shown_path
from claimgraph.errors import InputError, Position
from claimgraph.rdf.formats import RdfFormat, rdf_format_for_path
from claimgraph.rdf.limits import MAX_TERM_BYTES, read_input
from claimgraph.rdf.safety import check_jsonld, check_rdfxml, check_text, check_turtle_nesting
from claimgraph.rdf.terms import DEFAULT_GRAPH, graph_key, graph_term

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
            for quad in ox.parse(data, fmt.oxigraph, base_iri=_NO_BASE):
                relative = _relative_iri(quad)
                if relative is not None:
                    raise InputError(
                        f"the relative IRI {relative!r} has no base to resolve against",
                        source=display_path(path),
                        hint='use absolute IRIs, or set "@base" in the context',
                    )
                yield quad
        else:
            yield from ox.parse(data, fmt.oxigraph)
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
                    self.store.load(data, fmt.oxigraph, to_graph=target)
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
                self.store.bulk_load(joined, fmt.oxigraph, to_graph=target)
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
