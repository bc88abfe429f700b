"""brat standoff (``.ann`` beside its ``.txt``): the usual output of argument-mining
annotation (the Argument Annotated Essays corpus and many since).

- A text-bound annotation ``T1<TAB>Claim 10 42<TAB>words`` is a claim anchored at those
  offsets (code points, end exclusive, as Web Annotation's TextPositionSelector); a
  discontinuous one (``10 20;25 42``) has one anchor per fragment. Its type (MajorClaim,
  Claim, Premise ...) is kept as dcterms:type. The quoted words must match the text.
- The text's author is the claimant (cg:DirectMode) and the reporter: in an essay the
  author argues every unit. The annotator is not recorded (brat does not name one).
- A relation ``R1<TAB>supports Arg1:T2 Arg2:T1`` is cg:supports, ``attacks`` (and the
  other words in :data:`ATTACK_WORDS`) cg:attacks, from Arg1 to Arg2.
- Attributes (``A``), notes (``#``), events (``E``) and equivalences (``*``) are not kept.
"""

from __future__ import annotations

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

SUPPORT_WORDS = {"supports", "support", "for", "sup", "pro", "supported_by"}
ATTACK_WORDS = {"attacks", "attack", "against", "rebuts", "rebut", "contra", "con", "reb"}


def _error(path: Path, line: int, message: str, column: int = 1) -> InputError:
    return InputError(message, source=str(path), position=Position(line, column))


def import_brat(path: Path) -> ImportedDocument:
    """Import one brat ``.ann`` file with the ``.txt`` of the same name beside it."""
    text_path = path.with_suffix(".txt")
    if not text_path.is_file():
        raise InputError(
            f"the text {text_path.name} is not beside the annotations",
            source=str(path),
            position=Position(1, 1),
            hint="brat keeps NAME.ann and NAME.txt together",
        )
    text = read_text(text_path)
    slug = slugify(path.stem, "brat")
    document = ImportedDocument(
        slug=slug,
        label=f"annotated text {text_path.name}",
        author=f"{slug}-author",
        text=text,
        source_format="brat standoff",
        source_name=path.name,
    )
    document.add_actor(ImportedActor(f"{slug}-author", f"author of {text_path.name}"))
    relations: list[tuple[int, str, str, str, str]] = []
    for number, line in enumerate(read_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        fields = line.split("\t")
        ident = fields[0]
        if ident.startswith("T"):
            if len(fields) < 3:
                raise _error(
                    path, number, "a text-bound annotation needs three tab-separated fields"
                )
            kind, _, offsets = fields[1].partition(" ")
            spans = []
            for fragment in offsets.split(";"):
                parts = fragment.split()
                if len(parts) != 2 or not all(p.isdigit() for p in parts):
                    raise _error(path, number, f"bad offsets {offsets!r}", len(ident) + 2)
                start, end = int(parts[0]), int(parts[1])
                if not start <= end <= len(text):
                    raise _error(
                        path, number, f"offsets {start} {end} lie outside the text", len(ident) + 2
                    )
                spans.append(Span(start, end))
            quoted = " ".join(text[s.start : s.end] for s in spans)
            if fields[2] != quoted:
                raise _error(
                    path,
                    number,
                    f"the words {fields[2][:40]!r} differ from the text at those offsets "
                    f"({quoted[:40]!r})",
                    len(ident) + len(fields[1]) + 3,
                )
            document.claims.append(
                ImportedClaim(
                    key=ident,
                    label=quoted,
                    claimants=[document.author],
                    mode=CG.DirectMode,
                    spans=spans,
                    kind=kind,
                )
            )
        elif ident.startswith("R"):
            parts = fields[1].split() if len(fields) > 1 else []
            if (
                len(parts) != 3
                or not parts[1].startswith("Arg1:")
                or not parts[2].startswith("Arg2:")
            ):
                raise _error(path, number, "a relation reads 'R1<TAB>type Arg1:T1 Arg2:T2'")
            relations.append((number, ident, parts[0], parts[1][5:], parts[2][5:]))
        elif ident[:1] in ("A", "M", "#", "E", "*", "N"):
            continue
        else:
            raise _error(path, number, f"unknown annotation {ident[:20]!r}")
    keys = {claim.key for claim in document.claims}
    for number, ident, kind, source, target in relations:
        word = kind.lower()
        if word in SUPPORT_WORDS:
            link_kind = "supports"
        elif word in ATTACK_WORDS:
            link_kind = "attacks"
        else:
            raise _error(path, number, f"relation type {kind!r} is neither a support nor an attack")
        for named in (source, target):
            if named not in keys:
                raise _error(path, number, f"relation {ident} names {named}, which is not a T line")
        if source == target:
            raise _error(path, number, f"relation {ident} joins {source} to itself")
        document.links.append(
            ImportedLink(key=ident, kind=link_kind, premises=[source], target=target, scheme=kind)
        )
    check_links(document, str(path))
    return document


def brat_ann(document: ImportedDocument) -> str:
    """The ``.ann`` of ``document`` (its text goes beside it as ``.txt``).

    Attacks on links and the further premises of a linked argument have no brat form and
    are left out (docs/interop.md).
    """
    lines = []
    ids: dict[str, str] = {}
    for number, claim in enumerate(document.claims, start=1):
        ident = claim.key if claim.key.startswith("T") and claim.key[1:].isdigit() else f"T{number}"
        ids[claim.key] = ident
        spans = claim.spans
        offsets = ";".join(f"{s.start} {s.end}" for s in spans)
        words = " ".join(document.text[s.start : s.end] for s in spans)
        kind = (claim.kind or "Claim").replace(" ", "_").replace("\t", "_")
        lines.append(f"{ident}\t{kind} {offsets}\t{words}")
    used: set[str] = set()
    for number, link in enumerate(document.links, start=1):
        if link.target_is_link:
            continue
        ident = link.key if link.key.startswith("R") and link.key[1:].isdigit() else f"R{number}"
        while ident in used:
            ident = f"R{number}{len(used)}"
        used.add(ident)
        kind = (
            link.scheme
            if link.scheme and link.scheme.lower() in (SUPPORT_WORDS | ATTACK_WORDS)
            else link.kind
        )
        lines.append(f"{ident}\t{kind} Arg1:{ids[link.premises[0]]} Arg2:{ids[link.target]}")
    return "".join(line + "\n" for line in lines)
