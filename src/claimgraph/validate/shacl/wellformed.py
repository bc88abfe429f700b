"""Whether shapes files are well-formed SHACL, checked before either engine uses them.

A malformed shape (``sh:class "notaniri"``, a path that loops back on itself, an
``sh:pattern`` that is no regular expression, a SPARQL constraint that would reach the
network) is a mistake in the shapes, not in the data. Run as it is, it gives a verdict on
the data that means nothing (every claim "violates" ``sh:class "notaniri"``), a crash, or
silence. So every shapes file, the core's and every extension's, is checked first, and a
bad shape is an :class:`~claimgraph.errors.InputError` naming the shapes file and the line:
the data is not validated at all. Both engines read the shapes only after this check, so
they refuse bad shapes the same way.

What is checked:

- **SHACL-SHACL**, the W3C's shapes graph for shapes graphs (SHACL, appendix C), in the copy
  pySHACL ships (``pyshacl/assets/shacl-shacl.ttl``), run by pySHACL over each shapes file:
  ``sh:class``, ``sh:datatype`` and the targets are IRIs, counts are ``xsd:integer``, paths
  have one of the path forms, lists are lists ...;
- what SHACL-SHACL cannot say: no RDF list and no property path loops back on itself
  (checked first: pySHACL would not finish); no shape refers back to itself (recursive
  shapes are not defined in SHACL, and the fast engine does not run them); no path, and no
  chain of shapes every focus node meets, is nested deeper than pySHACL, the reference,
  validates (it stops with an error there); ``sh:minCount``, ``sh:maxCount`` and the other
  counts are non-negative integers; ``sh:class`` and ``sh:datatype`` are IRIs (said again
  here, with a plainer message); ``sh:pattern`` compiles, with its ``sh:flags``, as both
  engines compile it (Python's ``re``, as pySHACL); every ``sh:select`` and ``sh:ask``
  parses as SPARQL of its kind, with the prefixes its ``sh:prefixes`` declare, and passes
  :func:`claimgraph.query.check.check_query`, which refuses ``SERVICE``, updates such as ``LOAD``
  and any ``FROM`` (a shape's query has no dataset of its own to name).

Where: rdflib and Oxigraph keep no positions of triples, so the line is found in the file's
text, comments and string contents masked out: the named shape the problem belongs to (for
a blank-node shape, the named shape holding it, then the predicate that holds it and its
``sh:path``), then, after it, the offending predicate, then its value. Each step is searched
from where the previous one was found; a step that is not found is skipped, and the
position is that of the last step found (at worst the shape's own line, or only the file).
A SPARQL syntax error is placed exactly, inside the query's string in the file. JSON-LD
shapes files are searched the same way, with the prefixes of their context.

The verdict "well-formed" is kept, by content hash, in memory and in a cache folder
(``$CLAIMGRAPH_CACHE``, else ``$XDG_CACHE_HOME/claimgraph``, else ``~/.cache/claimgraph``;
``CLAIMGRAPH_CACHE=none`` keeps it in memory only), so that checking costs nothing on
repeated runs: only verdicts of well-formed files are kept, so a bad file is checked, and
reported, every time.
"""

from __future__ import annotations

import gc
import hashlib
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from rdflib import RDF, SH, XSD, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from claimgraph import __version__
from claimgraph.corpus.files import shown_path
from claimgraph.corpus.parsing import read_quads
from claimgraph.errors import ClaimgraphError, InputError, Position
from claimgraph.query.check import checked_shapes_value, sparql_parses
from claimgraph.query.results import terminal_safe
from claimgraph.rdf.terms import to_rdflib
from claimgraph.validate.shacl.errors import UnsupportedShapesError
from claimgraph.validate.shacl.shapes import declared_prefixes
from claimgraph.validate.shacl.values import compile_pattern

CHECK_VERSION = "1"
"""Part of every cache key: raise it when what is checked changes."""

_COUNTS = (
    SH.minCount,
    SH.maxCount,
    SH.minLength,
    SH.maxLength,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
)
_IRI_VALUED = {SH["class"]: "a class", SH.datatype: "a datatype"}
_PATH_STEPS = (
    SH.alternativePath,
    SH.inversePath,
    SH.zeroOrMorePath,
    SH.oneOrMorePath,
    SH.zeroOrOnePath,
)
_SHAPE_VALUED = (
    SH.property,
    SH.node,
    SH["not"],
    SH.qualifiedValueShape,
    SH["and"],
    SH["or"],
    SH.xone,
)
_SHAPE_LISTS = (SH["and"], SH["or"], SH.xone)
PYSHACL_PATH_LEVELS = 10
"""pySHACL stops at a blank node this many levels down a path (value_nodes_from_path)."""
PYSHACL_SHAPE_LEVELS = 15
"""pySHACL stops at a shape nested this many levels down (its max_validation_depth)."""
_QUERY_KINDS = {SH.select: "SELECT", SH.ask: "ASK"}
_BARE = (XSD.integer, XSD.decimal, XSD.double, XSD.boolean)
"""Datatypes of literals Turtle writes without quotes."""
SHSH = "http://www.w3.org/ns/shacl-shacl#"
_MAX_SHOWN = 160
"""Longest value or message shown in an error line, in characters."""


@dataclass(frozen=True)
class ShapeProblem:
    """One reason a shapes file cannot be used, and where it is."""

    file: Path
    message: str
    line: int | None = None
    column: int | None = None

    def sort_key(self) -> tuple[int, int]:
        """Order within one file: by line, then column."""
        return (self.line or 0, self.column or 0)

    def error(self, more: int = 0) -> InputError:
        """The problem as the one-line error ``validate`` reports."""
        also = f" (and {more} more problem(s) in the shapes)" if more else ""
        return InputError(
            f"bad shape: {self.message}; the data was not validated{also}",
            source=shown_path(self.file),
            position=Position(self.line, self.column) if self.line else None,
            hint="fix the shapes file; 'claimgraph ontology check' lists every problem",
        )


# --- caching -------------------------------------------------------------------------------

_CHECKED: set[str] = set()
"""Keys of files (and sets of files) found well-formed in this process."""


def cache_folder() -> Path | None:
    """Where verdicts of well-formed shapes are kept between runs (None: in memory only)."""
    configured = os.environ.get("CLAIMGRAPH_CACHE")
    if configured is not None:
        if configured.strip().lower() in ("", "none"):
            return None
        base = Path(configured)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        base = Path(xdg) / "claimgraph" if xdg else Path.home() / ".cache" / "claimgraph"
    return base / "shapes-checked"


@cache
def _shacl_shacl_text() -> str:
    asset = resources.files("pyshacl").joinpath("assets", "shacl-shacl.ttl")
    try:
        return asset.read_text(encoding="utf-8")
    except OSError as exc:
        raise ClaimgraphError(
            "pySHACL's copy of SHACL-SHACL (pyshacl/assets/shacl-shacl.ttl) cannot be read",
            hint="reinstall pyshacl",
        ) from exc


@cache
def shacl_shacl() -> Graph:
    """SHACL-SHACL, the shapes graph of shapes graphs, as pySHACL ships it."""
    return Graph().parse(data=_shacl_shacl_text(), format="turtle")


@cache
def _key_prefix() -> str:
    import pyshacl

    shsh = hashlib.sha256(_shacl_shacl_text().encode("utf-8")).hexdigest()
    return f"{CHECK_VERSION}|{__version__}|{pyshacl.__version__}|{shsh}|"


def _file_key(data: bytes) -> str:
    return hashlib.sha256(_key_prefix().encode() + b"file|" + data).hexdigest()


def _set_key(file_keys: Iterable[str]) -> str:
    return hashlib.sha256((_key_prefix() + "set|" + "|".join(file_keys)).encode()).hexdigest()


def _known_good(key: str) -> bool:
    if key in _CHECKED:
        return True
    folder = cache_folder()
    if folder is not None and (folder / key).is_file():
        _CHECKED.add(key)
        return True
    return False


def _remember_good(key: str) -> None:
    _CHECKED.add(key)
    folder = cache_folder()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / key).touch()
    except OSError:
        pass  # The cache only saves time; a read-only home must not stop validation.


# --- finding a place in the text -----------------------------------------------------------


def _mask(text: str, *, strings: bool) -> str:
    """``text`` with comments (and with ``strings``, the contents of strings) blanked.

    Offsets are kept, so a match in the masked text is at the same place in the file.
    """
    out = list(text)
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "<":
            end = text.find(">", i + 1)
            if end != -1 and not re.search(r"[\s\"{}|^`]", text[i + 1 : end]):
                i = end + 1
                continue
            i += 1
        elif char in "\"'":
            delimiter = char * 3 if text.startswith(char * 3, i) else char
            j = i + len(delimiter)
            while j < n:
                if text[j] == "\\":
                    j += 2
                    continue
                if text.startswith(delimiter, j):
                    break
                if len(delimiter) == 1 and text[j] == "\n":
                    break
                j += 1
            if strings:
                for k in range(i + len(delimiter), min(j, n)):
                    if out[k] != "\n":
                        out[k] = " "
            i = j + len(delimiter)
        elif char == "#":
            end = text.find("\n", i)
            end = n if end == -1 else end
            for k in range(i, end):
                out[k] = " "
            i = end
        else:
            i += 1
    return "".join(out)


_PREFIX_DECLARATION = re.compile(
    r"(?:@prefix|(?i:PREFIX))\s+([A-Za-z][\w.-]*)?:\s*<([^<>\"{}|^`\\\s]*)>"
)


_JSON_PREFIX = re.compile(r'"([A-Za-z][\w.-]*)"\s*:\s*"([^"\s]*[#/])"')
"""A JSON-LD context's ``"prefix": "namespace"`` entry (namespaces end in # or /)."""


class SourceText:
    """A shapes file's text, with what is needed to find terms in it."""

    def __init__(self, path: Path, data: bytes) -> None:
        self.path = path
        self.text = data.decode("utf-8", errors="replace")
        self._code: str | None = None
        self._no_comments: str | None = None
        self.prefixes: dict[str, str] = {}
        # JSON-LD writes every term in a string, so nothing is masked there.
        self.json = path.suffix.lower() in (".jsonld", ".json")
        declarations = _JSON_PREFIX if self.json else _PREFIX_DECLARATION
        for match in declarations.finditer(self.text):
            self.prefixes[match[1] or ""] = match[2]

    @property
    def code(self) -> str:
        """The text without comments and string contents: where terms are written."""
        if self._code is None:
            self._code = self.text if self.json else _mask(self.text, strings=True)
        return self._code

    @property
    def no_comments(self) -> str:
        """The text without comments: where string values are written."""
        if self._no_comments is None:
            self._no_comments = self.text if self.json else _mask(self.text, strings=False)
        return self._no_comments

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column of ``offset``."""
        line = self.text.count("\n", 0, offset) + 1
        column = offset - (self.text.rfind("\n", 0, offset) + 1) + 1
        return line, column

    def show(self, node: Node | None) -> str:
        """A term as the file writes it, where a prefix of the file fits; made inert."""
        if node is None:
            return ""
        if isinstance(node, URIRef):
            iri = str(node)
            best = ""
            for prefix, namespace in self.prefixes.items():
                local = iri[len(namespace) :]
                if (
                    namespace
                    and iri.startswith(namespace)
                    and len(namespace) > len(best)
                    and re.fullmatch(r"[\w.-]*", local)
                ):
                    best, shown = namespace, f"{prefix}:{local}"
            text = shown if best else f"<{iri}>"
        elif (
            isinstance(node, Literal)
            and node.datatype in _BARE
            and getattr(node, "ill_typed", False) is False
            and re.fullmatch(r"[+-]?[\w.]+", str(node))
        ):
            text = str(node)  # as Turtle writes numbers and booleans
        elif isinstance(node, Literal):
            lexical = str(node)
            if len(lexical) > _MAX_SHOWN:
                lexical = lexical[:_MAX_SHOWN] + "…"
            text = '"' + lexical.replace("\\", "\\\\").replace('"', '\\"') + '"'
            if node.language:
                text += f"@{node.language}"
            elif node.datatype is not None and node.datatype != XSD.string:
                text += f"^^{self.show(node.datatype)}"
        elif isinstance(node, BNode):
            text = "[ ]"
        else:
            text = str(node)
        return terminal_safe(text.replace("\n", "\\n").replace("\r", "\\r"))

    def spellings(self, node: Node) -> tuple[str, re.Pattern[str]] | None:
        """How ``node`` can be written: (which masked text to search, pattern); None for a
        blank node."""
        if isinstance(node, URIRef):
            iri = str(node)
            forms = [re.escape(f"<{iri}>"), re.escape(f'"{iri}"')]
            for prefix, namespace in self.prefixes.items():
                if namespace and iri.startswith(namespace):
                    local = re.escape(f"{prefix}:{iri[len(namespace) :]}")
                    forms.append(rf"(?<![\w:.-]){local}(?![\w-])")
            if node == RDF.type:
                forms.append(r"(?<![\w:.-])a(?![\w:.-])")
            return "code", re.compile("|".join(forms))
        if isinstance(node, Literal):
            lexical = str(node)
            if not lexical or "\n" in lexical or len(lexical) > 2000:
                return None
            forms = [rf"[\"']{re.escape(lexical)}[\"']"]
            if node.datatype in _BARE:
                forms.append(rf"(?<![\w.+\-\"']){re.escape(lexical)}(?![\w.\"'])")
            return "no_comments", re.compile("|".join(forms))
        return None

    def find(self, node: Node, start: int, *, as_subject: bool = False) -> int | None:
        """The offset of the first writing of ``node`` at or after ``start``; with
        ``as_subject``, preferably where it opens a statement (where a shape is defined,
        rather than where another shape mentions it)."""
        found = self.spellings(node)
        if found is None:
            return None
        which, pattern = found
        text = self.code if which == "code" else self.no_comments
        first: int | None = None
        for match in pattern.finditer(text, start):
            if not as_subject:
                return match.start()
            if first is None:
                first = match.start()
            before = match.start() - 1
            while before >= 0 and self.code[before].isspace():
                before -= 1
            if before < 0 or self.code[before] in ".{}":
                return match.start()
        return first


def _anchors(graph: Graph, node: Node, depth: int = 0) -> list[Node]:
    """The terms to find, in order, to reach the shape ``node`` in the text."""
    if not isinstance(node, BNode) or depth > 12:
        return [node] if isinstance(node, URIRef) else []
    steps: list[Node] = []
    parent, predicate = holder(graph, node)
    if predicate is not None:
        steps = [*_anchors(graph, parent, depth + 1), predicate]
    path = next(iter(graph.objects(node, SH.path)), None)
    if isinstance(path, URIRef):
        steps += [SH.path, path]
    return steps


def locate(
    source: SourceText,
    graph: Graph,
    shape: Node,
    predicate: Node | None = None,
    value: Node | None = None,
) -> int | None:
    """The offset in the text of ``predicate value`` of ``shape`` (or of the shape alone),
    as far as the heuristic of this module's docstring finds it; None: not even the shape."""
    starts = [0]
    for index, anchor in enumerate(_anchors(graph, shape)):
        found = source.find(anchor, starts[-1], as_subject=index == 0)
        if found is not None:
            starts.append(found + 1)
    best = starts[-1] - 1 if len(starts) > 1 else None
    if predicate is None:
        return best
    # The offending triple may be written before the anchors found last (a path written
    # after the constraint in a "[ ... ]"): try from each anchor found, innermost first.
    for start in reversed(starts):
        at = source.find(predicate, start)
        if at is None:
            continue
        if value is not None:
            at_value = source.find(value, at + 1)
            if at_value is not None:
                return at_value
        return at
    return best


# --- the checks ----------------------------------------------------------------------------


def holder(graph: Graph, node: Node) -> tuple[Node, Node | None]:
    """The subject and predicate holding ``node``, through the cells of a list it is in
    (a list that loops included); ``(node, None)`` when nothing holds it."""
    seen: set[Node] = set()
    current = node
    while current not in seen:
        seen.add(current)
        holders = sorted(graph.subject_predicates(current), key=lambda sp: (str(sp[0]), str(sp[1])))
        for subject, predicate in holders:
            if predicate not in (RDF.first, RDF.rest):
                return subject, predicate
        cells = [s for s, p in holders if p == RDF.rest and s not in seen]
        if not cells:
            break
        current = cells[0]
    return node, None


def shape_name(source: SourceText, graph: Graph, node: Node, depth: int = 0) -> str:
    """How a problem names a shape: its IRI, or where a blank-node shape sits."""
    if not isinstance(node, BNode):
        return source.show(node)
    if depth > 4:
        return "a blank-node shape"
    for parent in sorted(graph.subjects(SH.property, node), key=str):
        path = next(iter(graph.objects(node, SH.path)), None)
        on = f" on {source.show(path)}" if isinstance(path, URIRef) else ""
        return f"the property shape{on} of {shape_name(source, graph, parent, depth + 1)}"
    parent, predicate = holder(graph, node)
    if predicate is not None:
        return f"the {source.show(predicate)} of {shape_name(source, graph, parent, depth + 1)}"
    path = next(iter(graph.objects(node, SH.path)), None)
    if isinstance(path, URIRef):
        return f"the blank-node property shape on {source.show(path)}"
    return "a blank-node shape"


class _FileCheck:
    """The problems of one shapes file."""

    def __init__(self, source: SourceText, graph: Graph) -> None:
        self.source = source
        self.graph = graph
        self.problems: list[ShapeProblem] = []
        self.said: set[tuple[Node, Node | None]] = set()
        """(shape, predicate) pairs already reported, so SHACL-SHACL does not repeat them."""

    def report(
        self,
        shape: Node,
        message: str,
        predicate: Node | None = None,
        value: Node | None = None,
        *,
        at: int | None = None,
    ) -> None:
        if predicate is not None and (shape, predicate) in self.said:
            return  # one problem per shape and parameter is enough (a loop is one, not two)
        offset = at if at is not None else locate(self.source, self.graph, shape, predicate, value)
        line, column = self.source.position(offset) if offset is not None else (None, None)
        name = shape_name(self.source, self.graph, shape)
        text = terminal_safe(f"{name}: {message}".replace("\n", " "))
        self.problems.append(ShapeProblem(self.source.path, text, line, column))
        self.said.add((shape, predicate))

    def run(self) -> list[ShapeProblem]:
        loops = self.check_lists() + self.check_paths()
        if not loops:
            loops += self.check_nesting()
        self.check_counts()
        self.check_iris()
        self.check_patterns()
        if not loops:
            # pySHACL would follow a looping list or path for ever.
            self.check_shacl_shacl()
        return self.problems

    def _holder(self, node: Node) -> tuple[Node, Node | None]:
        """The subject and predicate holding ``node`` (through list cells), or ``node``."""
        return holder(self.graph, node)

    def check_lists(self) -> int:
        """RDF lists whose ``rdf:rest`` chain loops (a SHACL list must end in rdf:nil)."""
        g = self.graph
        finite: set[Node] = {RDF.nil}
        found = 0
        for start in sorted(set(g.subjects(RDF.rest, None)), key=str):
            chain: list[Node] = []
            on_chain: set[Node] = set()
            node: Node | None = start
            while node is not None and node not in finite:
                if node in on_chain:
                    shape, predicate = self._holder(node)
                    self.report(
                        shape,
                        f"the list in {self.source.show(predicate) if predicate else 'it'} "
                        "loops back on itself (its rdf:rest chain never reaches rdf:nil)",
                        predicate,
                    )
                    found += 1
                    break
                chain.append(node)
                on_chain.add(node)
                rests = list(g.objects(node, RDF.rest))
                node = rests[0] if len(rests) == 1 else None
            finite.update(chain)
        return found

    def _path_children(self, node: Node) -> Iterator[Node]:
        g = self.graph
        if (node, RDF.first, None) in g or (node, RDF.rest, None) in g:
            # A list cell: its member and the rest of the list (lists that loop are found by
            # check_lists; here a cell that holds its own path is).
            yield from g.objects(node, RDF.first)
            yield from (r for r in g.objects(node, RDF.rest) if r != RDF.nil)
        for step in _PATH_STEPS:
            yield from g.objects(node, step)

    def check_paths(self) -> int:
        """Property paths that contain themselves (pySHACL would never finish)."""
        g = self.graph
        found = 0
        for shape, path in sorted(g.subject_objects(SH.path), key=lambda so: str(so[0])):
            if not isinstance(path, BNode):
                continue
            # Depth-first, with the nodes on the current branch: meeting one again is a loop;
            # a sub-path shared by two branches is not.
            stack: list[tuple[Node, Iterator[Node]]] = [(path, self._path_children(path))]
            on_branch = {path}
            done: set[Node] = set()
            while stack:
                node, children = stack[-1]
                child = next(children, None)
                if child is None:
                    stack.pop()
                    on_branch.discard(node)
                    done.add(node)
                    continue
                if not isinstance(child, BNode) or child in done:
                    continue
                if child in on_branch:
                    self.report(
                        shape,
                        "its sh:path contains itself (a path that loops has no end); "
                        "a path is an IRI, or a blank node of a path form whose parts are "
                        "simpler paths",
                        SH.path,
                    )
                    found += 1
                    break
                on_branch.add(child)
                stack.append((child, self._path_children(child)))
        return found

    def _path_levels(self, path: Node) -> int:
        """The deepest level of a blank node in a path, as pySHACL counts while it walks
        one (a sequence's list cells count too; an alternative's do not)."""
        g = self.graph
        deepest = -1
        stack = [(path, 0)]
        while stack:
            node, level = stack.pop()
            if not isinstance(node, BNode):
                continue
            deepest = max(deepest, level)
            if level > PYSHACL_PATH_LEVELS:
                continue
            children = list(g.objects(node, RDF.first))
            children += [r for r in g.objects(node, RDF.rest) if r != RDF.nil]
            for step in _PATH_STEPS:
                for value in g.objects(node, step):
                    children += list(g.items(value)) if step == SH.alternativePath else [value]
            stack.extend((child, level + 1) for child in children)
        return deepest

    def _nested_shapes(self, shape: Node) -> list[tuple[Node, Node]]:
        """(parameter, shape) for the shapes ``shape`` validates value nodes against."""
        g = self.graph
        found = []
        for predicate in _SHAPE_VALUED:
            for value in g.objects(shape, predicate):
                if predicate in _SHAPE_LISTS:
                    found += [(predicate, m) for m in g.items(value)]
                else:
                    found.append((predicate, value))
        return sorted(found, key=lambda pv: (str(pv[0]), str(pv[1])))

    def check_nesting(self) -> int:
        """Shapes that refer back to themselves, and shapes or paths nested deeper than
        pySHACL, the reference engine, validates (it stops with an error there)."""
        g = self.graph
        found = 0
        for shape, path in sorted(g.subject_objects(SH.path), key=lambda so: str(so[0])):
            levels = self._path_levels(path)
            if levels >= PYSHACL_PATH_LEVELS:
                self.report(
                    shape,
                    "its sh:path is nested too deeply: pySHACL, the reference engine, follows "
                    f"at most {PYSHACL_PATH_LEVELS} levels (a sequence's list cells count)",
                    SH.path,
                )
                found += 1
        depth: dict[Node, int] = {}
        shapes = {s for p in _SHAPE_VALUED for s in g.subjects(p, None)}
        for root in sorted(shapes, key=str):
            if root in depth:
                continue
            # Depth-first without recursion: a hostile file may nest thousands deep.
            stack: list[tuple[Node, Iterator[tuple[Node, Node]]]] = [
                (root, iter(self._nested_shapes(root)))
            ]
            on_branch = {root}
            while stack:
                node, children = stack[-1]
                step = next(children, None)
                if step is None:
                    stack.pop()
                    on_branch.discard(node)
                    # A node shape validates its focus node against every shape it nests, so
                    # pySHACL always goes that deep; a property shape's nested shapes see its
                    # values only, so how deep pySHACL goes there depends on the data.
                    certain = (node, SH.path, None) not in g
                    depth[node] = (
                        1 + max((depth.get(c, 0) for _, c in self._nested_shapes(node)), default=-1)
                        if certain
                        else 0
                    )
                    continue
                predicate, child = step
                if child in depth:
                    continue
                if child in on_branch:
                    self.report(
                        node,
                        f"refers back to itself through {self.source.show(predicate)} "
                        f"{self.source.show(child)}: recursive shapes are not defined in "
                        "SHACL, and claimgraph does not run them",
                        predicate,
                        child,
                    )
                    return found + 1
                on_branch.add(child)
                stack.append((child, iter(self._nested_shapes(child))))
            if depth[root] >= PYSHACL_SHAPE_LEVELS:
                self.report(
                    root,
                    f"nests shapes {depth[root]} levels deep for every focus node (sh:node, "
                    f"sh:not, sh:and ...); pySHACL, the reference engine, validates at most "
                    f"{PYSHACL_SHAPE_LEVELS - 1}",
                )
                found += 1
        return found

    def check_counts(self) -> None:
        for predicate in _COUNTS:
            for shape, value in sorted(self.graph.subject_objects(predicate), key=str):
                number = value.value if isinstance(value, Literal) else None
                if isinstance(number, bool) or not isinstance(number, int) or number < 0:
                    self.report(
                        shape,
                        f"{self.source.show(predicate)} {self.source.show(value)} is not a "
                        "non-negative integer (write it without quotes, e.g. 1)",
                        predicate,
                        value,
                    )

    def check_iris(self) -> None:
        for predicate, what in _IRI_VALUED.items():
            for shape, value in sorted(self.graph.subject_objects(predicate), key=str):
                if isinstance(value, URIRef):
                    continue
                kind = "a literal" if isinstance(value, Literal) else "a blank node"
                self.report(
                    shape,
                    f"{self.source.show(predicate)} {self.source.show(value)} is {kind}; it "
                    f"must be an IRI naming {what} (a prefixed name or <...>, without quotes)",
                    predicate,
                    value,
                )

    def check_patterns(self) -> None:
        for shape, value in sorted(self.graph.subject_objects(SH.pattern), key=str):
            if not isinstance(value, Literal):
                continue  # SHACL-SHACL says sh:pattern is a string
            flags = sorted(str(f) for f in self.graph.objects(shape, SH.flags))
            try:
                compile_pattern(value, flags[0] if flags else "")
            except (re.error, OverflowError, RecursionError, ValueError) as exc:
                self.report(
                    shape,
                    f"sh:pattern {self.source.show(value)} is not a regular expression ({exc})",
                    SH.pattern,
                    value,
                )

    def check_shacl_shacl(self) -> None:
        from pyshacl import validate

        try:
            _, report, _ = validate(
                self.graph, shacl_graph=shacl_shacl(), inference="none", advanced=False
            )
        except Exception as exc:  # RecursionError included
            # pySHACL cannot even read the file as shapes: neither engine could use it.
            detail = re.sub(r"\s+", " ", str(exc))[:_MAX_SHOWN]
            self.problems.append(
                ShapeProblem(
                    self.source.path,
                    terminal_safe(
                        f"pySHACL cannot read the shapes: {type(exc).__name__}: {detail}"
                    ),
                )
            )
            return
        found = []
        for result in report.subjects(RDF.type, SH.ValidationResult):
            focus = report.value(result, SH.focusNode)
            if focus is None:
                continue
            path = report.value(result, SH.resultPath)
            value = report.value(result, SH.value)
            message = self._shsh_message(report, result)
            # Results with a path say more than a shape's "exactly one of" (sh:xone): first.
            key = (path is None, str(focus), str(path), str(value), message)
            found.append((key, focus, path, value, message))
        seen: set[tuple[Node, Node | None]] = set()
        for _, focus, path, value, message in sorted(found, key=lambda r: r[0]):
            if (focus, path) in self.said or (focus, path) in seen:
                continue
            seen.add((focus, path))
            what = self.source.show(path) if path is not None else "the shape"
            if value is not None and value != focus and not isinstance(value, BNode):
                what += f" {self.source.show(value)}"
            self.report(
                focus,
                f"{what} {message} (SHACL-SHACL)",
                path if isinstance(path, URIRef) else None,
                value if not isinstance(value, BNode) else None,
            )

    def _shsh_message(self, report: Graph, result: Node) -> str:
        """What a SHACL-SHACL result means, in words that do not depend on pySHACL's
        wording (whose lists come in no fixed order)."""
        component = report.value(result, SH.sourceConstraintComponent)
        name = str(component).rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
        source = report.value(result, SH.sourceShape)
        shsh = shacl_shacl()

        def parameter(predicate: URIRef) -> Node | None:
            return shsh.value(source, predicate) if source is not None else None

        show = self.source.show
        if name == "NodeKind" and parameter(SH.nodeKind) is not None:
            kind = str(parameter(SH.nodeKind)).rsplit("#", 1)[-1]
            words = re.sub(r"(?<=[a-z])(?=[A-Z])|Or", lambda m: " or " if m[0] else " ", kind)
            return f"must be a{'n' if kind.startswith('I') else ''} {words.strip()}"
        if name == "Datatype" and parameter(SH.datatype) is not None:
            return f"must be a literal of datatype {show(parameter(SH.datatype))}"
        if name == "In" and parameter(SH["in"]) is not None:
            members = sorted(show(m) for m in shsh.items(parameter(SH["in"])))  # type: ignore[arg-type]
            return f"must be one of {', '.join(members)}"
        if name == "MinCount":
            return f"needs at least {parameter(SH.minCount)} value(s) here"
        if name == "MaxCount":
            return f"takes at most {parameter(SH.maxCount)} value(s)"
        if name == "Xone" and source == URIRef(SHSH + "ShapeShape"):
            return (
                "is neither just a node shape (no sh:path) nor just a property shape (one sh:path)"
            )
        shape = str(source).replace(SHSH, "shsh:") if isinstance(source, URIRef) else "a shape"
        return f"breaks {name} of {shape}: it is not well-formed SHACL"


# --- SPARQL in shapes ----------------------------------------------------------------------


def _query_problems(source: SourceText, graph: Graph, merged: Graph, check: _FileCheck) -> None:
    """Report every ``sh:select``/``sh:ask`` of ``graph`` that is not an allowed query."""
    from rdflib.plugins.sparql import prepareQuery

    from claimgraph.errors import QueryError
    from claimgraph.query.check import check_query

    for shape, node in sorted(graph.subject_objects(SH.sparql), key=str):
        selects = list(graph.objects(node, SH.select))
        if len(selects) != 1:
            check.report(
                shape,
                f"its SPARQL constraint has {len(selects)} sh:select; it needs exactly one",
                SH.sparql,
            )
    for predicate, kind in _QUERY_KINDS.items():
        for node, text in sorted(graph.subject_objects(predicate), key=str):
            shape = next(iter(sorted(graph.subjects(SH.sparql, node), key=str)), node)
            if not isinstance(text, Literal):
                check.report(shape, f"{source.show(predicate)} is not a string", predicate)
                continue
            try:
                prefixes = declared_prefixes(merged, node)
            except UnsupportedShapesError as exc:
                check.report(shape, f"its sh:prefixes cannot be read: {exc}", SH.prefixes)
                continue
            prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(prefixes.items()))
            query = str(text)
            key = hashlib.sha256(
                f"{_key_prefix()}query|{kind}|{prologue}{query}".encode()
            ).hexdigest()
            if _known_good(key):
                continue  # parsing SPARQL is slow: each query once
            before = len(check.problems)
            where = locate(source, graph, node, predicate)
            try:
                found = check_query(prologue + query, graphs=set())
            except QueryError as exc:
                if exc.position is None:
                    # check_query's words are for the query command; a shape's are these.
                    message = "an update (INSERT, DELETE, LOAD ...) is never run by a shape"
                else:
                    message = exc.message
                offset = _offset_in_literal(source, where, query, prologue, exc)
                check.report(shape, f"its {source.show(predicate)}: {message}", at=offset)
                continue
            except ClaimgraphError as exc:
                # Refused offline: SERVICE or FROM.
                word = "SERVICE" if "SERVICE" in exc.message else "FROM"
                hit = re.search(rf"\b{word}\b", query, re.IGNORECASE)
                offset = _query_offset(source, where, query, hit.start() if hit else None)
                check.report(shape, f"its {source.show(predicate)}: {exc.message}", at=offset)
                continue
            if found.kind != kind:
                article = "an" if found.kind == "ASK" else "a"
                check.report(
                    shape,
                    f"its {source.show(predicate)} is {article} {found.kind} query; "
                    f"{source.show(predicate)} takes {kind}",
                    at=where,
                )
                continue
            try:
                # Parsing does not resolve prefixes; translating does (pySHACL would fail
                # there, in the middle of validating).
                prepareQuery(prologue + query)
            except Exception as exc:  # rdflib raises plain Exception for an unknown prefix
                detail = terminal_safe(re.sub(r"\s+", " ", str(exc)))[:_MAX_SHOWN]
                prefix = re.search(r"Unknown namespace prefix : (\S+)", str(exc))
                hit = re.search(rf"(?<![\w.-]){re.escape(prefix[1])}:", query) if prefix else None
                offset = _query_offset(source, where, query, hit.start() if hit else None)
                check.report(shape, f"its {source.show(predicate)}: {detail}", at=offset)
            if len(check.problems) == before:
                _remember_good(key)


def _offset_in_literal(
    source: SourceText, where: int | None, query: str, prologue: str, exc: ClaimgraphError
) -> int | None:
    """The file offset of a SPARQL syntax error (positioned in ``prologue + query``)."""
    if exc.position is None or exc.position.line is None:
        return where
    line = exc.position.line - prologue.count("\n")
    if line < 1:
        return where
    lines = query.split("\n")
    if line > len(lines):
        return where
    column = (exc.position.column or 1) - 1
    offset = sum(len(part) + 1 for part in lines[: line - 1]) + min(column, len(lines[line - 1]))
    return _query_offset(source, where, query, offset)


def _query_offset(
    source: SourceText, where: int | None, query: str, offset: int | None
) -> int | None:
    """The file offset of ``offset`` in a query string written after offset ``where``."""
    if where is None or offset is None:
        return where
    opening = re.compile(r"\"\"\"|'''|\"|'").search(source.code, where)
    if opening is None:
        return where
    start = opening.end()
    # The file's text of the string equals the query when it has no escapes.
    if source.text[start : start + len(query)] != query:
        return where
    return start + offset


# --- the entry points ----------------------------------------------------------------------


@dataclass
class _Parsed:
    path: Path
    data: bytes
    key: str
    index: int
    _graph: Graph | None = None
    _source: SourceText | None = None

    @property
    def graph(self) -> Graph:
        if self._graph is None:
            graph = Graph()
            for quad in read_quads(self.path, blank_label=f"s{self.index}"):
                graph.add(
                    (to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object))
                )
            self._graph = graph
        return self._graph

    @property
    def source(self) -> SourceText:
        if self._source is None:
            self._source = SourceText(self.path, self.data)
        return self._source


def _read(files: Sequence[Path]) -> list[_Parsed]:
    parsed = []
    for index, path in enumerate(files):
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror}", source=shown_path(path)) from exc
        parsed.append(_Parsed(path, data, _file_key(data), index))
    return parsed


_checks_run = 0
"""How many times :func:`shape_problems` has checked files (not known to be well-formed)."""


def shape_problems(files: Sequence[Path]) -> list[ShapeProblem]:
    """Every problem of the shapes files ``files`` (checked together, as validation reads
    them), in file order then by line; files known to be well-formed are not read again.

    A file that cannot be parsed raises :class:`~claimgraph.errors.InputError`.
    """
    global _checks_run
    parsed = _read(files)
    set_key = _set_key(p.key for p in parsed)
    if _known_good(set_key):
        return []
    _checks_run += 1
    problems: list[ShapeProblem] = []
    checks: dict[int, _FileCheck] = {}
    for item in parsed:
        check = checks[item.index] = _FileCheck(item.source, item.graph)
        if not _known_good(item.key):
            found = check.run()
            if not found:
                _remember_good(item.key)
            problems += found
    # SPARQL may use prefixes another file declares: check it over all files together.
    merged = Graph()
    for item in parsed:
        merged += item.graph
    for item in parsed:
        check = checks[item.index]
        start = len(check.problems)
        _query_problems(item.source, item.graph, merged, check)
        problems += check.problems[start:]
    if not problems:
        _remember_good(set_key)
    order = {item.path: item.index for item in parsed}
    return sorted(problems, key=lambda p: (order[p.file], *p.sort_key()))


def graph_problems(path: Path, data: bytes, graph: Graph) -> list[ShapeProblem]:
    """The problems of one shapes graph already parsed (``data`` is its file's content,
    searched for positions); no cache is read or written."""
    check = _FileCheck(SourceText(path, data), graph)
    problems = check.run()
    start = len(check.problems)
    _query_problems(check.source, graph, graph, check)
    problems = problems + check.problems[start:]
    return sorted(problems, key=ShapeProblem.sort_key)


def check_shapes_files(files: Sequence[Path]) -> None:
    """Raise :class:`~claimgraph.errors.InputError` for the first bad shape of ``files``."""
    problems = shape_problems(files)
    if problems:
        raise problems[0].error(more=len(problems) - 1)


def read_shapes(files: Sequence[Path]) -> Graph:
    """The shapes graph of ``files``, after :func:`check_shapes_files`."""
    parses, checks = sparql_parses(), _checks_run
    check_shapes_files(files)
    graph = Graph()
    for index, path in enumerate(files):
        shown = shown_path(path)
        for quad in read_quads(path, blank_label=f"s{index}"):
            predicate = to_rdflib(quad.predicate)
            # The engines run the escape-free SPARQL text the offline check read.
            value = checked_shapes_value(predicate, to_rdflib(quad.object), shown)
            graph.add((to_rdflib(quad.subject), predicate, value))
    # rdflib's parser (pyparsing) leaves reference cycles of frames behind, which would keep
    # the callers' frames, and a store they hold, open until the next collection. A full
    # collection takes a good part of a second in a big process: only when a parser ran (the
    # SPARQL of shapes read before is remembered, a well-formed set is known from the cache).
    if sparql_parses() != parses or _checks_run != checks:
        gc.collect()
    return graph


__all__ = [
    "ShapeProblem",
    "cache_folder",
    "check_shapes_files",
    "graph_problems",
    "locate",
    "read_shapes",
    "shacl_shacl",
    "shape_problems",
]
