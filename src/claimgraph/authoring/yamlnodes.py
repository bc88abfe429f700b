"""YAML read into plain values that remember where they stand in the file.

PyYAML's composer keeps a mark on every node; the compiler needs that mark on every value
to point an error at the author's line, so values are built from nodes, not from
``yaml.safe_load``'s bare Python objects. Only the JSON-like core is accepted: strings,
numbers, booleans, null, lists and mappings with string keys (no tags, no anchors/aliases,
which a person does not need and which make billion-laughs documents possible).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from claimgraph.errors import InputError, Position
from claimgraph.rdf.limits import read_bounded

MAX_BYTES = 2_000_000
"""An authoring file larger than this is refused: one document's claims fit in far less."""


@dataclass(frozen=True)
class Located:
    """A scalar value and where it starts (1-based line and column)."""

    value: str | int | float | bool | None
    line: int
    column: int


@dataclass
class LMap:
    """A mapping whose keys keep their positions; values are Located, LMap or LList."""

    line: int
    column: int
    items: dict[str, Node] = field(default_factory=dict)
    key_lines: dict[str, tuple[int, int]] = field(default_factory=dict)


@dataclass
class LList:
    """A sequence of nodes."""

    line: int
    column: int
    items: list[Node] = field(default_factory=list)


Node = Located | LMap | LList


def position_of(node: Node) -> Position:
    """The node's position as :class:`Position`."""
    return Position(node.line, node.column)


def _scalar(node: yaml.ScalarNode) -> Located:
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    text = str(node.value)
    tag = node.tag
    value: str | int | float | bool | None = text
    # The resolver has tagged plain scalars (42, true, null); quoted ones are strings.
    try:
        if tag.endswith(":int"):
            value = int(text.replace("_", ""), 0)
        elif tag.endswith(":float"):
            value = float(text.replace("_", ""))
        elif tag.endswith(":bool"):
            value = text.lower() in ("true", "yes", "on", "y")
        elif tag.endswith(":null"):
            value = None
    except ValueError:
        value = text
    return Located(value, line, column)


def _convert(node: yaml.Node, source: str) -> Node:
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return LList(line, column, [_convert(item, source) for item in node.value])
    if isinstance(node, yaml.MappingNode):
        result = LMap(line, column)
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise InputError(
                    "a key must be a plain word",
                    source=source,
                    position=Position(key_node.start_mark.line + 1, key_node.start_mark.column + 1),
                )
            key = str(key_node.value)
            key_line = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in result.items:
                raise InputError(
                    f"'{key}' is given twice in this mapping",
                    source=source,
                    position=Position(*key_line),
                    hint=f"the first is on line {result.key_lines[key][0]}",
                )
            result.items[key] = _convert(value_node, source)
            result.key_lines[key] = key_line
        return result
    raise InputError("unsupported YAML node", source=source, position=Position(line, column))


class _NoAliasComposer(yaml.SafeLoader):
    """A safe loader that refuses anchors and aliases (``&a`` / ``*a``)."""

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise InputError(
                "YAML aliases (*name) are not accepted in an authoring file",
                source=self.name,
                position=Position(event.start_mark.line + 1, event.start_mark.column + 1),
            )
        return super().compose_node(parent, index)


def load_text(text: str, source: str) -> Node:
    """Parse YAML text into located nodes; syntax errors name the line and column."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise InputError(f"the file is larger than {MAX_BYTES} bytes", source=source)
    loader = _NoAliasComposer(text)
    loader.name = source
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        position = Position(mark.line + 1, mark.column + 1) if mark is not None else None
        problem = exc.problem or exc.context or "YAML syntax error"
        raise InputError(f"YAML syntax: {problem}", source=source, position=position) from exc
    except yaml.YAMLError as exc:
        raise InputError(f"YAML syntax: {exc}", source=source) from exc
    finally:
        loader.dispose()
    if root is None:
        raise InputError("the file is empty", source=source)
    return _convert(root, source)


def read_authoring_bytes(path: Path) -> bytes:
    """An authoring file's bytes: a regular file of at most ``MAX_BYTES`` (a pipe, device
    or folder is refused before it is read, and no more than the limit is ever read)."""
    try:
        return read_bounded(path, MAX_BYTES, str(path), what="authoring file")
    except InputError as exc:
        # The limit is fixed: no setting raises it, so the generic hint does not apply.
        raise InputError(exc.message, source=str(path)) from None


def load_file(path: Path) -> Node:
    """Read and parse an authoring file."""
    data = read_authoring_bytes(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 (byte {exc.start})", source=str(path), hint="save the file as UTF-8"
        ) from exc
    return load_text(text, str(path))


def to_plain(node: Node) -> object:
    """The node as plain Python values (for JSON Schema validation)."""
    if isinstance(node, Located):
        return node.value
    if isinstance(node, LList):
        return [to_plain(item) for item in node.items]
    return {key: to_plain(value) for key, value in node.items.items()}
