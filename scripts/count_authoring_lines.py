"""Lines written per claim in an authoring file: the measure of docs/authoring.md.

Counts the lines of the ``claims:`` section that are neither blank nor comments, and
divides by the number of claims; also without the prose and indexing fields (``comment``,
``label``, ``about``, ``topics``). Usage::

    python scripts/count_authoring_lines.py [FILE.yaml]   # default: the reference document
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "data" / "documents" / "artsakh-mfa-statement-on-hajiyev-remarks.yaml"
OPTIONAL = re.compile(r"^\s*(comment|label|about|topics):")


def count(path: Path) -> dict[str, float]:
    """Claims, lines of the claims section, and lines per claim (all, and without
    prose and indexing fields)."""
    text = path.read_text(encoding="utf-8")
    claims = len(yaml.safe_load(text)["claims"])
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("claims:"))
    written = [
        line for line in lines[start + 1 :] if line.strip() and not line.lstrip().startswith("#")
    ]
    essential = [line for line in written if not OPTIONAL.match(line)]
    return {
        "claims": claims,
        "lines": len(written),
        "per_claim": round(len(written) / claims, 1),
        "essential_lines": len(essential),
        "essential_per_claim": round(len(essential) / claims, 1),
    }


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else REFERENCE
    for key, value in count(path).items():
        print(f"{key}\t{value}")


if __name__ == "__main__":
    main()
