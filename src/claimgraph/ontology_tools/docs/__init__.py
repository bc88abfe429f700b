"""``claimgraph ontology docs``: reference documentation generated from the annotations.

One page for the core and one for each extension, in HTML (one offline folder, no script,
no web font) and in Markdown. Every class, property and individual gets its definition,
its place in the hierarchy, its domain and range, the shapes that constrain it, how the
alignments map it, and a real example of its use taken from the data (the project's data
first, then the extensions' examples). Each page has a class-hierarchy picture in SVG,
drawn by Graphviz ``dot`` when it is installed, or as a simple tree otherwise.

Nothing here is written by hand: change the annotations in the Turtle files, and
regenerate. The output is deterministic: the same files give the same bytes.

The modules, in the order the work runs::

    model            the documentation model: pages, sections, terms, links (no RDF)
    build            the ontology, shapes and data read into the model
    diagram          the class-hierarchy picture (Graphviz DOT, or a tree drawn here)
    render_html      the model as HTML pages
    render_markdown  the model as Markdown pages
    generate         build, render, check the outputs, write
"""

from __future__ import annotations

from claimgraph.ontology_tools.docs.generate import (
    DIAGRAMS,
    FORMATS,
    build_pages,
    generate_docs,
)
from claimgraph.ontology_tools.docs.model import DocsResult

__all__ = ["DIAGRAMS", "FORMATS", "DocsResult", "build_pages", "generate_docs"]
