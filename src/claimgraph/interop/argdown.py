"""Argdown, a useful subset of its text syntax: statements, arguments and relation trees.

Read: ``[Title]: text`` (a statement), ``<Title>: text`` (an argument, taken as one claim
with its description), references ``[Title]``/``<Title>``, untitled statements, and
indented relation trees under them: ``+ X`` and ``<+ X`` (X supports the parent), ``- X``
and ``<- X`` (X attacks the parent), ``+> X`` and ``-> X`` (the parent supports or attacks
X), ``>< X`` (contradiction: each attacks the other), ``_ X``/``<_ X`` and ``_> X``
(undercut, recorded as an attack on the claim; Argdown's undercut aims at an argument's
inference, which this subset does not model). Lines that continue a statement (no marker,
no blank line between) extend it.

Skipped, and not kept: YAML front matter (``===``), headings (``#``), comments
(``<!-- -->``, ``//``, ``/* */``), premise-conclusion structures (``(1) ...``, ``----``)
and inference rules (``-- ... --``).

The ``.argdown`` file is the document's text: each claim is anchored at the words of its
first definition (or, for a title never defined, the title in its first reference). The
file's author holds every claim (cg:DirectMode): an Argdown map is the author's
reconstruction.
"""

from __future__ import annotations

import re
from pathlib import Path

from claimgraph.errors import InputError, Position
from claimgraph.interop.jsonio import read_text
from claimgraph.interop.model import (
    ImportedActor,
    ImportedClaim,
    ImportedDocument,
    ImportedLink,
    Span,
    check_links,
    slugify,
)
from claimgraph.rdf.namespace import CG

_RELATION = re.compile(r"^(\s*)(<\+|<-|\+>|->|><|<_|_>|\+|-|_)\s+(.*)$")
_ELEMENT = re.compile(r"^(\[[^\]\n]+\]|<[^>\n]+>)(?::\s*(.*))?$")
_SKIP = re.compile(r"^\s*(-{2,}|#)")
_PCS = re.compile(r"^(\s*)(\(\d+\)\s+)")


def _blank_comments(text: str) -> str:
    """``text`` with comments replaced by spaces, so offsets stay those of the file."""

    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    text = re.sub(r"<!--.*?(-->|$)", blank, text, flags=re.DOTALL)
    text = re.sub(r"/\*.*?(\*/|$)", blank, text, flags=re.DOTALL)
    return re.sub(r"(?m)(^|\s)//[^\n]*", blank, text)


def import_argdown(path: Path) -> ImportedDocument:
    """Import one ``.argdown`` file (the subset above)."""
    return parse_argdown(read_text(path), path.name, str(path))


def parse_argdown(text: str, name: str, source: str) -> ImportedDocument:
    """Read Argdown ``text`` (the subset above) as the file ``name``; errors name ``source``."""
    path = Path(source)
    clean = _blank_comments(text)
    slug = slugify(Path(name).stem, "argdown")
    document = ImportedDocument(
        slug=slug,
        label=f"Argdown map {name}",
        author=f"{slug}-author",
        text=text,
        source_format="Argdown",
        source_name=name,
        genre="argument map",
    )
    document.add_actor(ImportedActor(f"{slug}-author", f"author of {name}"))
    claims: dict[str, ImportedClaim] = {}
    defined: set[str] = set()
    pairs: list[tuple[str, str, str]] = []
    stack: list[tuple[int, str]] = []
    last: tuple[ImportedClaim, int] | None = None  # the claim a continuation line extends
    offset = 0
    in_front_matter = False
    lines = clean.split("\n")
    for number, line in enumerate(lines, start=1):
        line_start = offset
        offset += len(line) + 1
        stripped = line.strip()
        if stripped == "===":
            in_front_matter = not in_front_matter
            last = None
            continue
        if in_front_matter:
            continue
        if not stripped:
            last = None
            if not line.startswith((" ", "\t")):
                stack = []
            continue
        if _SKIP.match(line) and not _RELATION.match(line):
            last = None
            continue
        relation = _RELATION.match(line)
        indent = len(line) - len(line.lstrip())
        body_at = line_start + indent
        marker = None
        pcs = _PCS.match(line)
        if pcs is not None:
            # A premise or conclusion "(1) ...": a statement of its own; the argument's
            # premise-conclusion structure itself is not kept.
            body_at = line_start + pcs.end()
        elif relation is not None:
            marker = relation.group(2)
            body_at = line_start + len(line) - len(relation.group(3))
        elif last is not None and not _ELEMENT.match(stripped) and pcs is None:
            extended, _ = last
            span = extended.spans[-1]
            extended.spans[-1] = Span(span.start, line_start + len(line.rstrip()))
            extended.label = " ".join((extended.label + " " + stripped).split())
            continue
        body = clean[body_at : line_start + len(line.rstrip())]
        key, words, words_at = _element(body, number)
        column = body_at - line_start + 1
        if key is None:
            key = f"line-{number}"
        found = claims.get(key)
        if found is None:
            claim = ImportedClaim(
                key=key,
                label=" ".join((words or _title(body)).split()),
                claimants=[document.author],
                mode=CG.DirectMode,
                spans=[Span(body_at + words_at, body_at + len(body))]
                if words
                else [Span(body_at + 1, body_at + 1 + len(_title(body)))],
            )
            claims[key] = claim
        else:
            claim = found
        if words and key not in defined:
            claim.label = " ".join(words.split())
            claim.spans = [Span(body_at + words_at, body_at + len(body))]
        if words:
            defined.add(key)
        last = (claim, number) if words else None
        if marker is not None:
            while stack and stack[-1][0] >= indent:
                stack.pop()
            if not stack:
                raise InputError(
                    f"relation {marker!r} has no statement above it to attach to",
                    source=str(path),
                    position=Position(number, column),
                )
            parent = stack[-1][1]
            pairs += _pairs(marker, parent, key)
        else:
            stack = [s for s in stack if s[0] < indent]
        stack.append((indent, key))
    document.claims = list(claims.values())
    seen: set[tuple[str, str, str]] = set()
    for kind, source, target in pairs:
        if source == target or (kind, source, target) in seen:
            continue
        seen.add((kind, source, target))
        document.links.append(
            ImportedLink(key=f"{kind}-{len(seen)}", kind=kind, premises=[source], target=target)
        )
    check_links(document, str(path))
    return document


def _title(body: str) -> str:
    match = _ELEMENT.match(body)
    return match.group(1)[1:-1] if match else body


def _element(body: str, number: int) -> tuple[str | None, str, int]:
    """``(title, words, offset of the words in body)``; an untitled statement has no title."""
    match = _ELEMENT.match(body)
    if match is None:
        return None, body, 0
    title = match.group(1)[1:-1].strip()
    words = match.group(2) or ""
    return title or f"line-{number}", words, match.start(2) if match.group(2) else 0


def _pairs(marker: str, parent: str, child: str) -> list[tuple[str, str, str]]:
    if marker in ("+", "<+"):
        return [("supports", child, parent)]
    if marker in ("-", "<-", "_", "<_"):
        return [("attacks", child, parent)]
    if marker == "+>":
        return [("supports", parent, child)]
    if marker in ("->", "_>"):
        return [("attacks", parent, child)]
    return [("attacks", child, parent), ("attacks", parent, child)]  # "><"


# --- export ------------------------------------------------------------------------------------

_TITLE_UNSAFE = re.compile(r"[\[\]<>\n\r]")


def _shape(document: ImportedDocument) -> tuple[set[tuple[str, str]], set[tuple[str, str, str]]]:
    """What an Argdown export has to carry: claims (id, words) and direct links."""
    claims = {(c.key, c.label) for c in document.claims}
    links = {
        (link.kind, link.premises[0], link.target)
        for link in document.links
        if link.premises and not link.target_is_link
    }
    return claims, links


def argdown_file_name(document: ImportedDocument) -> str:
    """The file to write ``document`` to: its own ``.argdown`` name when that gives the same
    slug back (so a re-import gives the same IRIs and label), else ``<slug>.argdown``."""
    name = Path(document.source_name).name
    if name.endswith(".argdown") and slugify(Path(name).stem, "argdown") == document.slug:
        return name
    return f"{document.slug}.argdown"


def argdown_text(document: ImportedDocument) -> str:
    """``document`` as Argdown (the subset the importer reads).

    A document imported from Argdown whose claims and links are still exactly what its own
    text says is written back as that text, comments and layout included. Otherwise the
    text is generated: a comment naming the document, one ``[id]: words`` statement per
    claim, then one relation tree per claim that is supported or attacked (``<+ [id]``,
    ``<- [id]``). Lost on the way (docs/interop.md): further premises of a linked argument,
    attacks on links (Argdown's undercut aims at an inference this subset does not model),
    claimants and modes (a re-import gives the map's author), speech acts, anchors (the
    quote becomes the generated file's words).
    """
    if document.source_format == "Argdown":
        try:
            again = parse_argdown(document.text, argdown_file_name(document), document.slug)
        except InputError:
            again = None
        if again is not None and _shape(again) == _shape(document):
            return document.text
    titles: dict[str, str] = {}
    used: set[str] = set()
    for claim in document.claims:
        title = " ".join(_TITLE_UNSAFE.sub(" ", claim.key).split()) or "claim"
        base, n = title, 1
        while slugify(title) in used:
            n += 1
            title = f"{base} {n}"
        used.add(slugify(title))
        titles[claim.key] = title
    lines = [f"// {' '.join(document.label.split())} (exported by claimgraph)", ""]
    for claim in document.claims:
        # One line per statement: a line break would make the rest a continuation, which the
        # importer joins with a space anyway.
        lines.append(f"[{titles[claim.key]}]: {' '.join(claim.label.split())}".rstrip())
    trees: dict[str, list[str]] = {}
    for kind, premise, target in sorted(_shape(document)[1]):
        if premise in titles and target in titles:
            marker = "<+" if kind == "supports" else "<-"
            trees.setdefault(target, []).append(f"  {marker} [{titles[premise]}]")
    order = {claim.key: i for i, claim in enumerate(document.claims)}
    for target in sorted(trees, key=lambda key: order[key]):
        lines += ["", f"[{titles[target]}]", *trees[target]]
    return "\n".join(lines) + "\n"
