"""Start an authoring file for a new text: header, checksum, and the text's sentences."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from claimgraph.authoring.compiler import slugify
from claimgraph.errors import InputError

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’»)]*\s+|\n+")

TEMPLATE = """\
# Authoring file for {text_name} (format: docs/authoring.md).
# Fill in title and author, then write one entry under 'claims' per claim; compile with
#   claimgraph compile {yaml_name}
format: 1
document: {slug}
text: {text}
sha256: {sha}
title: {title}
author: TODO the document's author, as the text names it (claimgraph find NAME)
genre: statement
language: en
claim-prefix: {slug}
# Names the text uses for speakers that are not labels or aliases in the shared graph:
# speakers:
#   We: actor-slug
claims:
  # One entry per claim. Only 'quote' is required; the rest have defaults:
  #   short-key:
  #     quote: words of the text        # "X ... Y": two spans; "words [[quote]] words": pick one
  #     by: the name the text uses      # default: the author
  #     act: reported accusation        # [direct|reported|implied] speech act; default: assertion
  #     about: [actor, place, event]    # slugs or names
  #     topics: [topic]
  #     denies: other-key               # or counters / reframes / imputes-motive; supports; same-as
  #     cites: [{{authority: name, quote: words of the text}}]
  #
  # The text's sentences (offset: sentence):
{sentences}
"""


def sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) for each sentence of a text: split after . ! ? and at line breaks."""
    found = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        piece = text[start : match.start() + len(match.group(0).rstrip())]
        if piece.strip():
            found.append((start + len(piece) - len(piece.lstrip()), piece.strip()))
        start = match.end()
    if text[start:].strip():
        found.append((start, text[start:].strip()))
    return found


def new_document(text_file: Path, data_folder: Path, yaml_name: str) -> str:
    """The text of a new authoring file for ``text_file`` (inside ``data_folder``)."""
    base = data_folder.resolve()
    path = text_file.resolve()
    if not path.is_relative_to(base):
        raise InputError(
            f"the text is not inside the data folder {data_folder}",
            source=text_file,
            hint="put it in <data>/sources/ or pass --data",
        )
    try:
        data = path.read_bytes()
        text = data.decode("utf-8")
    except OSError as exc:
        raise InputError(f"cannot read the text: {exc.strerror}", source=text_file) from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"the text is not UTF-8 (byte {exc.start})", source=text_file) from exc
    found = sentences(text)
    first = found[0][1] if found else text_file.stem
    title = first if len(first) <= 100 else first[:97].rsplit(" ", 1)[0] + " ..."
    lines = [f"  # [{offset}] {sentence}" for offset, sentence in found]
    return TEMPLATE.format(
        text_name=text_file.name,
        yaml_name=yaml_name,
        slug=slugify(text_file.stem),
        text=json.dumps(path.relative_to(base).as_posix(), ensure_ascii=False),
        sha=hashlib.sha256(data).hexdigest(),
        title=json.dumps(title, ensure_ascii=False),
        sentences="\n".join(line.replace("\n", " ") for line in lines),
    )
