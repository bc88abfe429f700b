"""``claimgraph compile``: turn authoring files (YAML) into documents' TriG."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rdflib import Dataset
from rdflib.compare import isomorphic

from claimgraph.authoring.autocompile import compiled_text
from claimgraph.authoring.compiler import Compiled, compile_file
from claimgraph.cli.common import reported_errors
from claimgraph.errors import AuthoringError, InputError
from claimgraph.rdf.output import write_atomically


def print_all_but_last(exc: AuthoringError) -> InputError:
    """Print every error but the last, in line order; the last is raised as usual."""
    ordered = sorted(
        exc.errors,
        key=lambda e: (e.position.line or 0, e.position.column or 0) if e.position else (0, 0),
    )
    for error in ordered[:-1]:
        typer.echo(f"error: {error}", err=True)
    return ordered[-1]


def compile_(
    files: Annotated[
        list[Path], typer.Argument(help="Authoring files (<data>/documents/<slug>.yaml).")
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Where to write the TriG ('-' for stdout); only with one file. "
            "Default: beside each file, with .trig.",
        ),
    ] = None,
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            help="The data folder (texts, shared entities, other documents). "
            "Default: the folder above the file's documents/ folder.",
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Write nothing; fail unless the TriG beside each file is the same graph.",
        ),
    ] = False,
) -> None:
    """Compile authoring files into TriG: IRIs, anchors, document header with checksum.

    Every problem is reported as FILE:LINE:COL of the authoring file, with a fix where one
    can be guessed ("did you mean ..."). See docs/authoring.md for the format.

    Example: claimgraph compile data/documents/artsakh-mfa-statement-on-hajiyev-remarks.yaml
    --check
    """
    with reported_errors():
        if output is not None and len(files) > 1:
            raise InputError("--output takes one authoring file; compile the others apart")
        for path in files:
            try:
                compiled = compile_file(path, data_folder=data)
            except AuthoringError as exc:
                raise print_all_but_last(exc) from None
            target = output or path.with_suffix(".trig")
            if check:
                _check(compiled, path.with_suffix(".trig"))
                typer.echo(f"{path}: same graph as {path.with_suffix('.trig')}", err=True)
                continue
            # The header records the authoring file's SHA-256: `build` compiles it again
            # only when that changes.
            text = compiled_text(compiled, path)
            if str(target) == "-":
                typer.echo(text, nl=False)
            else:
                if target.resolve() == path.resolve():
                    raise InputError("the output would overwrite the authoring file", source=path)
                write_atomically(target, text.encode("utf-8"))
                claims = sum(1 for st in compiled.statements if "/id/claim/" in str(st.subject))
                typer.echo(f"{path} -> {target} ({claims} claims)", err=True)


def _check(compiled: Compiled, trig: Path) -> None:
    existing = Dataset()
    try:
        existing.parse(trig, format="trig")
    except (OSError, ValueError, SyntaxError) as exc:
        raise InputError(f"cannot read it: {exc}", source=trig) from exc
    want = existing.graph(compiled.graph)
    got = compiled.dataset().graph(compiled.graph)
    if not isomorphic(want, got):
        only_old = len(set(want) - set(got))
        only_new = len(set(got) - set(want))
        raise InputError(
            f"not the same graph: {only_old} triples only in the TriG, "
            f"{only_new} only in the compiled file",
            source=trig,
            hint="compile without --check to rewrite it",
        )
