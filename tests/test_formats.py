"""One format table: each format's name, media type and extensions stated once.

The RDF syntaxes, the SPARQL results formats, the export formats and the documentation's
pages all take them from :data:`claimgraph.formats.FILE_FORMATS`; each command keeps only
its own aliases.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from claimgraph.errors import InputError
from claimgraph.export.formats import EXPORT_FORMATS, export_format_for_path, export_format_named
from claimgraph.formats import FILE_FORMATS, FileFormat, Named, file_format
from claimgraph.ontology_tools.docs import FORMATS as DOC_FORMATS
from claimgraph.rdf.formats import (
    RDF_FORMATS,
    RESULTS_FORMATS,
    rdf_format_for_path,
    rdf_format_named,
    results_format_named,
)

SELECTIONS: dict[str, tuple[Named, ...]] = {"rdf": RDF_FORMATS, "export": EXPORT_FORMATS}
VIEWS: list[tuple[Named, FileFormat]] = [
    *((f, f.file) for f in RDF_FORMATS),
    *((f, f.file) for f in EXPORT_FORMATS),
]


def test_every_name_is_in_the_table_once() -> None:
    names = Counter(f.name for f in FILE_FORMATS)
    assert [name for name, count in names.items() if count > 1] == []


@pytest.mark.parametrize(("fmt", "entry"), VIEWS, ids=[f"{f.name}" for f, _ in VIEWS])
def test_a_command_states_no_format_of_its_own(fmt: Named, entry: FileFormat) -> None:
    assert entry is file_format(entry.name)
    assert (fmt.name, fmt.mime_type, fmt.extensions) == (
        entry.name,
        entry.mime_type,
        entry.extensions,
    )


@pytest.mark.parametrize("selection", SELECTIONS.values(), ids=list(SELECTIONS))
def test_within_a_command_an_extension_or_media_type_names_one_format(
    selection: tuple[Named, ...],
) -> None:
    extensions = Counter(e for f in selection for e in f.extensions)
    mime_types = Counter(f.mime_type for f in selection)
    assert [e for e, n in extensions.items() if n > 1] == []
    assert [m for m, n in mime_types.items() if n > 1] == []


def test_results_formats_and_doc_pages_come_from_the_table() -> None:
    assert RESULTS_FORMATS["json"] == file_format("sparql-json").mime_type
    assert RESULTS_FORMATS["xml"] == file_format("sparql-xml").mime_type
    assert all(file_format(name) for name in DOC_FORMATS)


@pytest.mark.parametrize(
    ("given", "rdf", "export"),
    [
        # The same word means a different format to each command, by its own aliases.
        ("json", None, "cyjs"),
        ("xml", "rdfxml", None),
        ("TTL", "turtle", None),
        ("text/html", None, "html"),
        ("application/n-quads", "nquads", None),
        ("gv", None, "dot"),
    ],
)
def test_aliases_belong_to_their_command(given: str, rdf: str | None, export: str | None) -> None:
    for named, expected in ((rdf_format_named, rdf), (export_format_named, export)):
        if expected is None:
            with pytest.raises(InputError):
                named(given)
        else:
            assert named(given).name == expected


@pytest.mark.parametrize(
    ("file", "rdf", "export"),
    [
        ("graph.XML", "rdfxml", None),
        ("map.json", None, "cyjs"),
        ("all.nq", "nquads", None),
        ("map.HTM", None, "html"),
    ],
)
def test_extensions_choose_within_their_command(
    file: str, rdf: str | None, export: str | None
) -> None:
    for for_path, expected in ((rdf_format_for_path, rdf), (export_format_for_path, export)):
        if expected is None:
            with pytest.raises(InputError):
                for_path(Path(file))
        else:
            assert for_path(Path(file)).name == expected


def test_results_formats_by_name_alias_or_media_type() -> None:
    assert [
        results_format_named(n)
        for n in ("CSV", "srj", "application/sparql-results+xml", "text", "tsv")
    ] == ["csv", "json", "xml", "table", "tsv"]
