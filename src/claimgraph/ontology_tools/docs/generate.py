"""``ontology docs``: the pages built, rendered and written into one folder.

One page for the core and one for each extension, in HTML and in Markdown, each with its
class-hierarchy SVG. Every file is checked against the corpus it documents before anything
is written, then written atomically.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from claimgraph.corpus.files import Corpus
from claimgraph.corpus.protected import protected_for
from claimgraph.errors import InputError
from claimgraph.formats import file_format
from claimgraph.graphviz import has_graphviz
from claimgraph.ontology_tools.docs.build import DocsBuilder
from claimgraph.ontology_tools.docs.diagram import hierarchy_dot, render_svg, render_tree
from claimgraph.ontology_tools.docs.model import DocsResult, PageDoc
from claimgraph.ontology_tools.docs.render_html import html_index, html_page
from claimgraph.ontology_tools.docs.render_markdown import markdown_index, markdown_page
from claimgraph.ontology_tools.model import corpus_sources
from claimgraph.rdf.output import check_output, check_output_folder, write_atomically

DIAGRAMS = ("auto", "dot", "tree")
"""``dot`` needs Graphviz; ``tree`` is drawn here; ``auto`` takes ``dot`` when present."""

FORMATS = ("html", "markdown")
"""The page formats, by their names in :data:`claimgraph.formats.FILE_FORMATS`."""

_HTML = file_format("html").extensions[0]
_MARKDOWN = file_format("markdown").extensions[0]
_SVG = file_format("svg").extensions[0]


def build_pages(corpus: Corpus, diagram: str = "auto") -> tuple[list[PageDoc], str]:
    """The documentation of a corpus, page by page, and the diagram tool used."""
    if diagram not in DIAGRAMS:
        raise InputError(f"unknown diagram kind {diagram!r}", hint="auto, dot or tree")
    ontology, shapes, data = corpus_sources(corpus)
    builder = DocsBuilder(ontology, shapes, data)
    groups = ["core", *sorted(g for g in builder.own if g != "core")]
    tool = diagram
    if diagram == "auto":
        tool = "dot" if has_graphviz() else "tree"
    pages: list[PageDoc] = []
    for group in groups:
        page = builder.page(group)
        nodes, edges = builder.hierarchy(group)
        if nodes:
            if tool == "dot":
                page.diagram = render_svg(hierarchy_dot(builder, group, nodes, edges))
            else:
                page.diagram = render_tree(builder, group, nodes, edges)
            page.diagram_file = f"{group}-classes{_SVG}"
        pages.append(page)
    return pages, tool


def generate_docs(
    corpus: Corpus,
    output: Path,
    *,
    formats: Sequence[str] = FORMATS,
    diagram: str = "auto",
) -> DocsResult:
    """Write the reference documentation of ``corpus`` into the folder ``output``.

    HTML pages (``index.html``, ``core.html``, ``<extension>.html``), Markdown pages of the
    same names, and one class-hierarchy SVG per page. Every file is written atomically.
    """
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise InputError(f"unknown documentation format {unknown!r}", hint="html, markdown")
    pages, tool = build_pages(corpus, diagram)
    files: dict[Path, str] = {}
    for page in pages:
        if page.diagram:
            files[output / page.diagram_file] = page.diagram
        if "html" in formats:
            files[output / f"{page.page}{_HTML}"] = html_page(page)
        if "markdown" in formats:
            files[output / f"{page.page}{_MARKDOWN}"] = markdown_page(page)
    if "html" in formats:
        files[output / f"index{_HTML}"] = html_index(pages)
    if "markdown" in formats:
        files[output / f"index{_MARKDOWN}"] = markdown_index(pages)
    protected = protected_for(corpus)
    check_output_folder(output, protected)
    for path in files:
        check_output(path, protected)
    result = DocsResult(diagram_tool=tool)
    for path, text in sorted(files.items()):
        write_atomically(path, text.encode("utf-8"))
        result.files.append(path)
    result.terms = {page.group: [t.iri for t in page.terms] for page in pages}
    return result


__all__ = ["DIAGRAMS", "FORMATS", "DocsResult", "build_pages", "generate_docs"]
