"""Forgiving quote anchoring: a quote matches across quote marks, dashes and whitespace.

A person copies a quote from a PDF or a web page and gets curly apostrophes, an en dash or
a line break where the text has a straight apostrophe, a hyphen or a space. Matching
compares both sides after folding those characters, while the anchor keeps the text's
own characters (``exact`` is always ``text[start:end]``). A quote found more than once is
chosen by a few words of context written around it, ``"claims that [[the Lachin Corridor]]
is open"``, never guessed; the error shows every occurrence in context and a context that
would pick each one.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from claimgraph.corpus.anchors import CONTEXT, Anchor
from claimgraph.errors import InputError

_FOLD = {
    **dict.fromkeys("‘’‚‛′`´", "'"),
    **dict.fromkeys("“”„‟″«»", '"'),
    **dict.fromkeys("‐‑‒–—―−", "-"),
}
_ELLIPSIS = "…"
OPEN, CLOSE = "[[", "]]"
"""Markers of the quote inside its context words."""

_WINDOW = 40
"""Characters of context shown on each side of an occurrence."""


@dataclass(frozen=True)
class Folded:
    """A string after folding, and for each folded character its span in the original."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]


def fold(text: str) -> Folded:
    """Fold quote marks, dashes, ellipses and whitespace runs, keeping a map to the original.

    Leading and trailing whitespace of the whole string is dropped.
    """
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            j = i
            while j < n and text[j].isspace():
                j += 1
            if chars and j < n:
                chars.append(" ")
                starts.append(i)
                ends.append(j)
            i = j
            continue
        if ch == _ELLIPSIS:
            for _ in range(3):
                chars.append(".")
                starts.append(i)
                ends.append(i + 1)
            i += 1
            continue
        chars.append(_FOLD.get(ch, ch))
        starts.append(i)
        ends.append(i + 1)
        i += 1
    return Folded("".join(chars), tuple(starts), tuple(ends))


def _find_all(haystack: str, needle: str) -> list[int]:
    found: list[int] = []
    at = haystack.find(needle)
    while at != -1:
        found.append(at)
        at = haystack.find(needle, at + 1)
    return found


@dataclass(frozen=True)
class Quote:
    """A quote as written: the quote itself and optional context words around it."""

    before: str
    quote: str
    after: str

    @classmethod
    def parse(cls, written: str) -> Quote:
        """Split ``"words [[quote]] words"``; a string without markers is all quote."""
        if OPEN in written and CLOSE in written.split(OPEN, 1)[1]:
            before, rest = written.split(OPEN, 1)
            inside, after = rest.split(CLOSE, 1)
            return cls(before, inside, after)
        return cls("", written, "")

    def written(self) -> str:
        """The quote as a person writes it."""
        if self.before or self.after:
            return f"{self.before}{OPEN}{self.quote}{CLOSE}{self.after}"
        return self.quote


def _spans(text: str, folded_text: Folded, quote: Quote) -> list[tuple[int, int]]:
    """(start, end) in ``text`` of every match of ``quote``, context included."""
    whole = quote.before + quote.quote + quote.after
    fw = fold(whole)
    if not fw.text:
        return []
    q_from = len(quote.before)
    q_to = q_from + len(quote.quote)
    inner = [k for k in range(len(fw.text)) if fw.starts[k] >= q_from and fw.ends[k] <= q_to]
    # Strip folded spaces at the quote's edges: they belong to the context.
    while inner and fw.text[inner[0]] == " ":
        inner.pop(0)
    while inner and fw.text[inner[-1]] == " ":
        inner.pop()
    if not inner:
        return []
    first, last = inner[0], inner[-1]
    spans = []
    for at in _find_all(folded_text.text, fw.text):
        spans.append((folded_text.starts[at + first], folded_text.ends[at + last]))
    return spans


def anchor_at(text: str, start: int, end: int) -> Anchor:
    """The anchor of ``text[start:end]``."""
    return Anchor(
        exact=text[start:end],
        start=start,
        end=end,
        prefix=text[max(0, start - CONTEXT) : start],
        suffix=text[end : end + CONTEXT],
    )


def show(text: str, start: int, end: int, window: int = _WINDOW) -> str:
    """An occurrence in context on one line: ``…before [[quote]] after…``."""
    left = text[max(0, start - window) : start]
    right = text[end : end + window]
    lead = "…" if start - window > 0 else ""
    tail = "…" if end + window < len(text) else ""
    one_line = " ".join
    return (
        f"{lead}{one_line(left.split())}{' ' if left[-1:].isspace() else ''}"
        f"[[{one_line(text[start:end].split())}]]"
        f"{' ' if right[:1].isspace() else ''}{one_line(right.split())}{tail}"
    )


def distinguishing_context(text: str, start: int, end: int, max_words: int = 8) -> str | None:
    """A few words around an occurrence that pick it alone, as ``words [[quote]] words``."""
    folded_text = fold(text)
    before_words = text[:start].split()
    after_words = text[end:].split()
    quote = text[start:end]
    for k in range(1, max_words + 1):
        for use_before, use_after in ((k, 0), (0, k), (k, k)):
            before = " ".join(before_words[-use_before:]) + " " if use_before else ""
            after = " " + " ".join(after_words[:use_after]) if use_after else ""
            if use_before and before_words and not text[:start][-1:].isspace():
                before = before.rstrip()
            if use_after and after_words and not text[end:][:1].isspace():
                after = after.lstrip()
            candidate = Quote(before, quote, after)
            spans = _spans(text, folded_text, candidate)
            if spans == [(start, end)]:
                return candidate.written()
    return None


def closest(text: str, quote: str) -> tuple[int, int, float]:
    """Where the text comes nearest to a quote not found in it: (start, end, score 0-100)."""
    found = fuzz.partial_ratio_alignment(fold(quote).text, text)
    if found is None:
        return (0, 0, 0.0)
    start, end = found.dest_start, found.dest_end
    # The alignment may take in a space at either edge; a passage starts and ends on words.
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end, found.score)


@dataclass(frozen=True)
class Occurrence:
    """One place where a quote occurs, shown in context with words that would pick it."""

    start: int
    end: int
    shown: str
    pick: str | None


def occurrences(text: str, written: str) -> list[Occurrence]:
    """Every occurrence of a written quote (context markers honoured), in context."""
    quote = Quote.parse(written)
    spans = _spans(text, fold(text), quote)
    return [
        Occurrence(
            s, e, show(text, s, e), distinguishing_context(text, s, e) if len(spans) > 1 else None
        )
        for s, e in spans
    ]


def ambiguity_hint(found: list[Occurrence]) -> str:
    """The hint listing occurrences and the context words that pick each."""
    parts = []
    for number, occ in enumerate(found, 1):
        pick = f" -> write {occ.pick!r}" if occ.pick else ""
        parts.append(f"#{number} at {occ.start}: {occ.shown}{pick}")
    return "; ".join(parts)


def find(text: str, written: str, near: str | None = None) -> Anchor:
    """The anchor of a written quote; forgiving on quote marks, dashes and whitespace.

    ``near``: words that occur close to the wanted occurrence (within 80 characters), to
    choose among several. Raises :class:`InputError` when the quote is absent (naming the
    closest passage) or ambiguous (showing each occurrence in context).
    """
    quote = Quote.parse(written)
    if not fold(quote.quote).text:
        raise InputError("the quote is empty")
    found = occurrences(text, written)
    if near is not None:
        wanted = fold(near).text
        found = [
            occ for occ in found if wanted in fold(text[max(0, occ.start - 80) : occ.end + 80]).text
        ]
        if not found:
            raise InputError(f"no occurrence of the quote has {near!r} nearby")
    if not found:
        start, end, score = closest(text, quote.quote)
        hint = "quotes match across quote marks, dashes and spaces, not typos"
        if score >= 60:
            hint = f"closest passage ({score:.0f}% alike) at {start}: {show(text, start, end, 20)}"
        raise InputError(f"the quote {quote.quote!r} does not occur in the text", hint=hint)
    if len(found) > 1:
        raise InputError(
            f"the quote occurs {len(found)} times; choose one with a few words of context",
            hint=ambiguity_hint(found),
        )
    return anchor_at(text, found[0].start, found[0].end)
