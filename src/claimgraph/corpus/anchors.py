"""Quote anchors: finding a quote in a source text, W3C Web Annotation style.

An anchor holds the exact quote, its start and end as code point offsets (end exclusive,
as TextPositionSelector), and up to :data:`CONTEXT` characters before and after (as
TextQuoteSelector's prefix and suffix). The validation shapes check every anchor in the data;
this module helps a modeller write one.
"""

from __future__ import annotations

from dataclasses import dataclass

from claimgraph.errors import InputError

CONTEXT = 32
"""Characters of prefix and suffix kept around a quote."""


@dataclass(frozen=True)
class Anchor:
    """Where a quote stands in a text."""

    exact: str
    start: int
    end: int
    prefix: str
    suffix: str


def occurrences(text: str, quote: str) -> list[int]:
    """Every start offset of ``quote`` in ``text``, overlapping ones included."""
    found = []
    at = text.find(quote)
    while at != -1:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


def find_anchor(text: str, quote: str, occurrence: int | None = None) -> Anchor:
    """The anchor of ``quote`` in ``text``.

    A quote found more than once needs ``occurrence`` (1-based): an anchor is never guessed.
    """
    if not quote:
        raise InputError("the quote is empty")
    starts = occurrences(text, quote)
    if not starts:
        raise InputError(
            "the quote does not occur in the text",
            hint="quotes are exact, typos and punctuation included",
        )
    if occurrence is None:
        if len(starts) > 1:
            raise InputError(
                f"the quote occurs {len(starts)} times",
                hint="choose one with --occurrence N",
            )
        occurrence = 1
    if not 1 <= occurrence <= len(starts):
        raise InputError(f"the quote occurs {len(starts)} time(s), not {occurrence}")
    start = starts[occurrence - 1]
    end = start + len(quote)
    return Anchor(
        exact=quote,
        start=start,
        end=end,
        prefix=text[max(0, start - CONTEXT) : start],
        suffix=text[end : end + CONTEXT],
    )
