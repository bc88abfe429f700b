"""Pictures and graph files of the claim graph: argument maps and networks people can look at.

Three views (:data:`VIEWS`) in seven formats (:data:`EXPORT_FORMATS`)::

    LoadedCorpus --extract_facts--> Facts --view_data--> ViewData --apply_filters--> networkx
        graph --> to_dot | to_graphml | to_gexf | to_cyjs      (text, byte-stable)
                  to_dot --render--> SVG | PNG                  (Graphviz's dot)
        ViewData + graph --> to_html                            (self-contained map)

:func:`export_view` does it all. Like the rest of the library it raises and never prints.
"""

from __future__ import annotations

from claimgraph.corpus.loading import LoadedCorpus
from claimgraph.errors import GraphvizMissingError, InputError, RenderError
from claimgraph.export.cyjs import to_cyjs
from claimgraph.export.dot import to_dot
from claimgraph.export.formats import (
    EXPORT_FORMATS,
    ExportFormat,
    export_format_for_path,
    export_format_named,
)
from claimgraph.export.gexf import to_gexf
from claimgraph.export.graphml import graphml_bytes, to_graphml
from claimgraph.export.html import to_html
from claimgraph.export.views import (
    VIEWS,
    ViewData,
    ViewFilter,
    apply_filters,
    resolve_iri,
    view_data,
)
from claimgraph.facts.model import Facts, extract_facts, group_by_side
from claimgraph.graphviz import graphviz_dot, render_dot
from claimgraph.progress import Progress, no_progress

__all__ = [
    "EXPORT_FORMATS",
    "VIEWS",
    "ExportFormat",
    "Facts",
    "GraphvizMissingError",
    "RenderError",
    "ViewData",
    "ViewFilter",
    "apply_filters",
    "export_format_for_path",
    "export_format_named",
    "export_view",
    "extract_facts",
    "graphviz_dot",
    "resolve_iri",
    "view_data",
]


_EXPORT_STEPS = 4
"""Reading the facts, making the view, filtering it, writing the file."""


def export_view(
    loaded: LoadedCorpus,
    view: str,
    fmt: ExportFormat,
    filters: ViewFilter | None = None,
    progress: Progress = no_progress,
    by: str = "actor",
) -> bytes:
    """``view`` of ``loaded``, filtered, in ``fmt``: the bytes of the file to write.

    ``progress`` is told each of the four steps (facts, view, filters, writing) as it ends.
    With ``by`` "side", actors are drawn as their sides (the top of each actor's
    sub-organisation and position chain; see :func:`claimgraph.facts.model.actor_sides`).
    """
    if by not in ("actor", "side"):
        raise InputError(f"unknown grouping {by!r}", hint="actor or side")
    filters = filters or ViewFilter()
    if fmt.needs_graphviz:
        graphviz_dot()  # fail before the work if Graphviz is missing
    progress("export", 0, _EXPORT_STEPS)
    facts = extract_facts(loaded)
    if by == "side":
        facts = group_by_side(facts)
    progress("export", 1, _EXPORT_STEPS)
    html = fmt.name not in ("svg", "png", "dot", "graphml", "gexf", "cyjs")
    data = view_data(facts, view, pictures=fmt.name not in ("graphml", "gexf", "cyjs"))
    described = filters.describe(facts.labels)
    if not html:
        # Only the HTML map reads the facts and the records again: the other writers need
        # the graph alone, and a large corpus's facts and records are hundreds of MB.
        del facts
    progress("export", 2, _EXPORT_STEPS)
    graph = apply_filters(data, filters)
    graph.graph["filters"] = described
    if not html:
        del data
    progress("export", 3, _EXPORT_STEPS)
    writers = {"dot": to_dot, "graphml": to_graphml, "gexf": to_gexf, "cyjs": to_cyjs}
    if fmt.name in ("svg", "png"):
        result = render_dot(to_dot(graph), fmt.name)
    elif fmt.name == "graphml":
        result = graphml_bytes(graph)
    elif fmt.name in writers:
        result = writers[fmt.name](graph).encode("utf-8")
    else:
        result = to_html(data, facts, filters, graph, by=by).encode("utf-8")
    progress("export", _EXPORT_STEPS, _EXPORT_STEPS)
    return result
