"""Synthetic corpora for scale tests and benchmarks, shaped like real claim graphs.

:func:`generate_corpus` writes a data folder in the layout of the project's ``data/``
(``documents/*.trig``, ``shared/*.trig``, ``context/*.trig``, ``sources/*.txt``) with
generated texts and claims whose quotes and offsets verify against those texts: reported,
implied and direct claims, rebuttals within and across documents, supports, the same
proposition claimed again, citations of a shared pool of authorities and their acts, and a
shared pool of actors with positions, memberships and aliases.

Everything is labelled synthetic: every IRI slug starts with ``synthetic-``, every text
opens with a line saying it is generated, every document and shared entity label says
"synthetic", and every file opens with a comment saying so. The world is made up (names
are built from syllables), so nothing in it is a statement about real actors.

The output depends only on the seed and the size. A corpus conforms to the data shapes
except for the defects planted on purpose: :data:`DEFECT_KINDS` lists them, each with the
one validation result it must give, and ``synthetic-manifest.json`` lists every defect
planted, so a validation report can be checked exactly against it.

The package, by job::

    manifest    sizes, the planted-defect rows and the manifest (written and read back)
    turtle      the Turtle of the generated files, written by hand for speed
    vocabulary  the words of the made-up world
    world       the made-up world: actors, authorities, events, places, topics
    documents   one document: its text and the claims anchored in it
    defects     the defect kinds and their planting
    write       the folder written whole: shared files, documents, manifest
"""

from __future__ import annotations

from claimgraph.synthetic.defects import DEFECT_KINDS, DefectKind
from claimgraph.synthetic.manifest import (
    MANIFEST,
    SIZES,
    GeneratedCorpus,
    PlantedDefect,
    default_defects_per_kind,
    expected_results,
    parse_size,
    read_manifest,
    size_name,
)
from claimgraph.synthetic.write import generate_corpus

__all__ = [
    "DEFECT_KINDS",
    "MANIFEST",
    "SIZES",
    "DefectKind",
    "GeneratedCorpus",
    "PlantedDefect",
    "default_defects_per_kind",
    "expected_results",
    "generate_corpus",
    "parse_size",
    "read_manifest",
    "size_name",
]
