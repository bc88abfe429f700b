"""Text from the data, made safe for wherever an export puts it.

Labels and quotes are the sources' words and may hold anything: quotes, braces, markup,
control characters, bidirectional overrides. Two kinds of copy are made:

* an *exact* copy for data formats (GraphML, GEXF, Cytoscape.js JSON, the HTML map's data),
  changed only where the format cannot carry a character at all: XML 1.0 has no way to write
  most C0 controls, so they (and C1 controls, which no reader should be sent) become U+FFFD;
* a *display* copy for pictures (DOT/SVG/PNG labels and tooltips, the map's node labels),
  with control characters and bidirectional formatting characters removed, so that a label
  cannot reorder the text around it, and whitespace collapsed.
"""

from __future__ import annotations

import re
import textwrap

ELLIPSIS = "…"

_XML_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\ud800-\udfff]")
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"\s+")


def exact_safe(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot hold (and C1 controls) as U+FFFD."""
    return _XML_UNWRITABLE.sub("\ufffd", text)


def display_safe(text: str) -> str:
    """``text`` for a picture: no control or bidi formatting characters, one-line spaces."""
    text = _BIDI.sub("", text)
    text = _CONTROL.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def shorten(text: str, width: int) -> str:
    """The display copy of ``text``, cut at a word to at most ``width`` characters."""
    text = display_safe(text)
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    space = cut.rfind(" ")
    if space > width // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.") + ELLIPSIS


def wrap(text: str, width: int, max_lines: int) -> list[str]:
    """The display copy of ``text`` in lines of at most ``width`` characters.

    Text longer than ``max_lines`` lines is shortened, its last line ending in an ellipsis;
    the full text goes where the picture offers it (a tooltip, the map's panel).
    """
    lines = textwrap.wrap(display_safe(text), width=width, break_on_hyphens=False) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = shorten(lines[-1] + " " + ELLIPSIS, width)
        if not lines[-1].endswith(ELLIPSIS):
            lines[-1] = lines[-1][: width - 1] + ELLIPSIS
    return lines
