"""``claimgraph ontology``: check the ontology and its extensions, scaffold, document, diff."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from claimgraph.cli.common import (
    DataOption,
    OntologyOption,
    corpus_from,
    reported_errors,
    write_text,
)
from claimgraph.corpus.files import display_path, is_core_folder, project_home
from claimgraph.corpus.protected import protected_for
from claimgraph.errors import InputError
from claimgraph.ontology_tools.check import check_ontology, describe_checks
from claimgraph.ontology_tools.diff import diff_ontologies
from claimgraph.ontology_tools.docs import DIAGRAMS, generate_docs
from claimgraph.ontology_tools.scaffold import scaffold_extension
from claimgraph.query.results import terminal_safe
from claimgraph.rdf.output import check_output, write_atomically

ontology_app = typer.Typer(
    name="ontology",
    help="Work on the ontology itself: check it and its extensions, scaffold a new "
    "extension, generate its reference documentation, compare two versions.",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

FormatOption = Annotated[
    str, typer.Option("--format", "-f", help="text, or json for other programs.")
]


def _check_format(fmt: str) -> None:
    if fmt not in ("text", "json"):
        raise InputError(f"unknown format {fmt!r}", hint="text or json")


@ontology_app.command("check")
def check(
    data: DataOption = None,
    ontology: OntologyOption = None,
    no_data: Annotated[
        bool,
        typer.Option("--no-data", help="Leave out the data (extensions' examples are still read)."),
    ] = False,
    fmt: FormatOption = "text",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the report to this file instead of stdout."),
    ] = None,
    list_checks: Annotated[
        bool, typer.Option("--list", help="List the checks and what each guards, then exit.")
    ] = False,
) -> None:
    """Check the ontology, its extensions, the shapes and the data's use of terms.

    Reports each problem with its file (and line): new terms without label, definition
    or defining module; extensions redefining or clashing with core terms, or not linked
    into the core hierarchy; domains, ranges and shapes naming undeclared classes or
    properties; data using undeclared or deprecated terms; namespace and prefix clashes
    between extensions; missing versions, imports and catalog entries.
    An --ontology folder without claimgraph.ttl is an extension, checked with the core.
    Exit code 0: no errors (warnings allowed); 1: errors; 2: bad input.

    Example: claimgraph ontology check --ontology ontology/extensions/legal
    """
    with reported_errors():
        if list_checks:
            for code, severity, text in describe_checks():
                typer.echo(f"{code}  ({severity}): {text}")
            raise typer.Exit(0)
        _check_format(fmt)
        corpus = corpus_from(data, ontology)
        if output is not None:
            check_output(output, protected_for(corpus))
        report = check_ontology(corpus, data=not no_data)
        text = report.to_json() if fmt == "json" else terminal_safe_lines(report.render())
        write_text(text, output, write_atomically)
    raise typer.Exit(0 if report.ok else 1)


def terminal_safe_lines(text: str) -> str:
    """Each line made safe for a terminal (data-derived names may hold control codes)."""
    return "".join(terminal_safe(line) + "\n" for line in text.splitlines())


@ontology_app.command("new")
def new(
    name: Annotated[
        str, typer.Argument(help="The extension's name: lower-case words joined by hyphens.")
    ],
    into: Annotated[
        Path | None,
        typer.Option(
            "--into",
            metavar="DIR",
            help="Folder to create the extension in. Default: the project's ontology/extensions/.",
            show_default=False,
        ),
    ] = None,
    prefix: Annotated[
        str | None,
        typer.Option("--prefix", help="Its prefix. Default: the name without hyphens."),
    ] = None,
    namespace: Annotated[
        str | None,
        typer.Option(
            "--namespace",
            help="Its namespace. Default: https://w3id.org/claimgraph/ext/NAME#.",
        ),
    ] = None,
) -> None:
    """Scaffold a new extension: commented ontology template, shape, example, test, catalog.

    As generated it passes `claimgraph ontology check` and its own test; ontology/README.md
    says how to go on from there.

    Example: claimgraph ontology new media-monitoring
    """
    with reported_errors():
        folder = into if into is not None else project_home() / "ontology" / "extensions"
        written = scaffold_extension(name, folder, prefix=prefix, namespace=namespace)
        for path in written:
            typer.echo(f"wrote {display_path(path)}")
        extension = display_path(folder / name)
        extra = (
            ""
            if folder.name == "extensions" and is_core_folder(folder.parent)
            else (f" --ontology {extension}")
        )
        typer.echo(
            f"next: write your terms in {extension}/{name}.ttl (see ontology/README.md), then\n"
            f"  claimgraph ontology check{extra}\n"
            f"  claimgraph validate --data {extension}/examples{extra}\n"
            f"  pytest {extension}"
        )


@ontology_app.command("docs")
def docs(
    data: DataOption = None,
    ontology: OntologyOption = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="DIR",
            help="Folder to write into. Default: build/ontology-docs in the project.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="html, markdown, or both.")] = "both",
    diagram: Annotated[
        str,
        typer.Option(
            "--diagram",
            help="Class-hierarchy picture: dot (Graphviz), tree (drawn without Graphviz), "
            "or auto (dot when installed).",
        ),
    ] = "auto",
) -> None:
    """Generate the reference documentation of the core and every extension.

    HTML (one offline folder) and Markdown, from the annotations alone: each class,
    property and individual with its definition, hierarchy, domain and range, the shapes
    that constrain it and an example of its use from the data, and a class-hierarchy SVG.

    Example: claimgraph ontology docs -o build/ontology-docs
    """
    with reported_errors():
        formats = {"both": ["html", "markdown"], "html": ["html"], "markdown": ["markdown"]}
        if fmt not in formats:
            raise InputError(f"unknown format {fmt!r}", hint="html, markdown or both")
        if diagram not in DIAGRAMS:
            raise InputError(f"unknown diagram {diagram!r}", hint=", ".join(DIAGRAMS))
        folder = output if output is not None else project_home() / "build" / "ontology-docs"
        result = generate_docs(
            corpus_from(data, ontology), folder, formats=formats[fmt], diagram=diagram
        )
        counts = ", ".join(f"{group}: {len(terms)} terms" for group, terms in result.terms.items())
        typer.echo(
            f"wrote {len(result.files)} files to {folder} ({counts}; diagrams: "
            f"{result.diagram_tool})"
        )


@ontology_app.command("diff")
def diff(
    old: Annotated[Path, typer.Argument(help="The old version: an ontology folder or file.")],
    new: Annotated[Path, typer.Argument(help="The new version: an ontology folder or file.")],
    fmt: FormatOption = "text",
) -> None:
    """List the terms added, removed, deprecated and changed between two versions.

    Terms are deprecated (owl:deprecated, dcterms:isReplacedBy), never deleted: exit code
    1 when a term was removed without having been deprecated; 0 otherwise; 2 bad input.

    Example: claimgraph ontology diff /tmp/v0.1.0/ontology ontology
    (after: git worktree add /tmp/v0.1.0 v0.1.0)
    """
    with reported_errors():
        _check_format(fmt)
        result = diff_ontologies([old], [new])
        typer.echo(
            result.to_json() if fmt == "json" else terminal_safe_lines(result.render()), nl=False
        )
    raise typer.Exit(0 if result.ok else 1)
