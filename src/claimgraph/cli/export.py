"""``claimgraph export``: argument maps and networks as pictures and graph files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from claimgraph.cli.common import (
    DataOption,
    EndpointOption,
    OntologyOption,
    QuietOption,
    corpus_from,
    progress_for,
    reported_errors,
    study_from,
)
from claimgraph.corpus.protected import protected_for
from claimgraph.errors import InputError
from claimgraph.export import (
    VIEWS,
    ViewFilter,
    export_format_for_path,
    export_format_named,
    export_view,
    graphviz_dot,
    resolve_iri,
)
from claimgraph.rdf.output import check_output, write_atomically


def export(
    view: Annotated[
        str,
        typer.Argument(
            metavar="VIEW",
            help="argument-map (claims, rebuttals, supports, cited authorities), "
            "actor-network (who rebuts whom) or authority-network (who cites which "
            "authorities).",
            show_default=False,
        ),
    ],
    data: DataOption = None,
    ontology: OntologyOption = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Where to write; '-' for stdout (text formats, with --format). "
            "Default: build/VIEW.html, or build/VIEW.<format>.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="dot, svg, png (svg and png need Graphviz), graphml, gexf, cyjs, html, or a "
            "MIME type. Default: from the output's extension.",
            show_default=False,
        ),
    ] = None,
    document: Annotated[
        list[str] | None,
        typer.Option(
            "--document",
            metavar="IRI",
            help="Only claims reported in this document, e.g. doc:<slug> (repeatable: any).",
            show_default=False,
        ),
    ] = None,
    actor: Annotated[
        list[str] | None,
        typer.Option(
            "--actor",
            metavar="IRI",
            help="Argument map: only this actor's claims; networks: only edges from or to "
            "it (an authority, too, in the authority network), e.g. actor:azerbaijan "
            "(repeatable: any).",
            show_default=False,
        ),
    ] = None,
    topic: Annotated[
        list[str] | None,
        typer.Option(
            "--topic",
            metavar="IRI",
            help="Only claims on this topic or a narrower one, e.g. topic:<slug> (repeatable: "
            "any).",
            show_default=False,
        ),
    ] = None,
    focus: Annotated[
        str | None,
        typer.Option(
            "--focus",
            metavar="IRI",
            help="Draw only the neighbourhood of this claim, actor or authority.",
            show_default=False,
        ),
    ] = None,
    depth: Annotated[
        int | None,
        typer.Option(
            "--depth",
            metavar="N",
            help="Steps from --focus, along edges either way. Default: 1.",
            show_default=False,
        ),
    ] = None,
    by: Annotated[
        str,
        typer.Option(
            "--by",
            metavar="actor|side",
            help="Draw each actor, or each side (the top of an actor's sub-organisation and "
            "position chain: a ministry, its spokesperson and its state are one side).",
        ),
    ] = "actor",
    quiet: QuietOption = False,
    endpoint: EndpointOption = None,
) -> None:
    """Draw a view of the claim graph: an argument map, the actor network or the authority
    network, as Graphviz DOT/SVG/PNG, GraphML or GEXF (Gephi, yEd, Cytoscape), Cytoscape.js
    JSON, or one self-contained, offline HTML map with pan, zoom, details and filters.

    Text outputs are deterministic: the same graph gives the same bytes. Claims and
    rebuttals have different shapes, attacks are red, supports green, citations dashed, and
    each actor keeps one colour; every picture has a legend.

    Example: claimgraph export argument-map -o map.svg --focus actor:azerbaijan
    """
    with reported_errors():
        if view not in VIEWS:
            raise InputError(f"unknown view {view!r}", hint="one of: " + ", ".join(VIEWS))
        to_stdout = output is not None and str(output) == "-"
        if to_stdout and fmt is None:
            raise InputError("writing to stdout needs --format")
        if fmt is not None:
            export_format = export_format_named(fmt)
        elif output is not None:
            export_format = export_format_for_path(output)
        else:
            export_format = export_format_named("html")
        if to_stdout and not export_format.is_text:
            raise InputError(
                f"{export_format.name} is binary and is not written to stdout",
                hint="give a file with -o",
            )
        if output is None:
            output = Path("build") / f"{view}{export_format.extensions[0]}"
        if depth is not None and focus is None:
            raise InputError("--depth needs --focus")
        filters = ViewFilter(
            documents=tuple(resolve_iri(v) for v in document or ()),
            actors=tuple(resolve_iri(v) for v in actor or ()),
            topics=tuple(resolve_iri(v) for v in topic or ()),
            focus=resolve_iri(focus) if focus is not None else None,
            depth=1 if depth is None else depth,
        )
        if filters.depth < 0:
            raise InputError("--depth must be 0 or more")
        if export_format.needs_graphviz:
            graphviz_dot()
        corpus = corpus_from(data, ontology)
        protected = protected_for(corpus)
        if not to_stdout:
            check_output(output, protected)
        progress = progress_for(quiet)
        loaded = study_from(corpus, endpoint, progress)
        if not to_stdout:
            check_output(output, protected.with_files(loaded.text_files.values()))
        result = export_view(loaded, view, export_format, filters, progress, by=by)
        if to_stdout:
            typer.echo(result.decode("utf-8"), nl=False)
            return
        write_atomically(output, result)
        if not quiet:
            typer.echo(f"wrote {output}: {view} as {export_format.name}", err=True)
