"""Reading the JSON files other tools write, with errors that name the file and position."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from claimgraph.errors import InputError, Position

MAX_BYTES = 256 * 1024 * 1024
"""Larger files are refused: an argument map of this size is not one a person made."""


class JsonSource:
    """A JSON file's text and value, to point at positions in it when a value is wrong."""

    def __init__(self, path: Path, text: str, value: Any) -> None:
        self.path = path
        self.text = text
        self.value = value

    def error(self, message: str, near: object = None) -> InputError:
        """An error at the first place ``near`` (a key or value) is written, if found."""
        position = None
        if near is not None:
            needle = json.dumps(near, ensure_ascii=False) if not isinstance(near, str) else near
            at = self.text.find(json.dumps(near, ensure_ascii=False))
            if at < 0:
                at = self.text.find(needle)
            if at >= 0:
                line = self.text.count("\n", 0, at) + 1
                column = at - (self.text.rfind("\n", 0, at) + 1) + 1
                position = Position(line, column)
        return InputError(message, source=str(self.path), position=position or Position(1, 1))


def read_text(path: Path) -> str:
    """The UTF-8 text of ``path`` (a BOM is dropped), refused beyond :data:`MAX_BYTES`."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(
                f"the file has {size} bytes, more than the {MAX_BYTES} accepted",
                source=str(path),
                position=Position(1, 1),
            )
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", source=str(path)) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            "the file is not UTF-8", source=str(path), position=Position(line, column)
        ) from exc


def read_json(path: Path) -> JsonSource:
    """Parse ``path`` as JSON; a syntax error names its line and column."""
    text = read_text(path)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"not valid JSON: {exc.msg}",
            source=str(path),
            position=Position(exc.lineno, exc.colno),
        ) from exc
    except RecursionError as exc:
        raise InputError(
            "the JSON is nested too deeply", source=str(path), position=Position(1, 1)
        ) from exc
    return JsonSource(path, text, value)


def as_dict(source: JsonSource, value: Any, what: str, near: object = None) -> dict[str, Any]:
    """``value`` if it is a JSON object, else an error naming ``what``."""
    if not isinstance(value, dict):
        raise source.error(f"{what} must be a JSON object", near)
    return value


def as_list(source: JsonSource, value: Any, what: str, near: object = None) -> list[Any]:
    """``value`` if it is a JSON array, else an error naming ``what``."""
    if not isinstance(value, list):
        raise source.error(f"{what} must be a JSON array", near)
    return value


def as_id(source: JsonSource, value: Any, what: str, near: object = None) -> str:
    """An id given as a string or an integer, as a string."""
    if isinstance(value, bool) or not isinstance(value, str | int) or value == "":
        raise source.error(f"{what} must be a non-empty string or an integer", near)
    return str(value)


def as_text(source: JsonSource, value: Any, what: str, near: object = None) -> str:
    """A string value (``null`` counts as empty)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise source.error(f"{what} must be a string", near)
    return value
