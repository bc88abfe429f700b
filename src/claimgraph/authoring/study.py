"""A study: a researcher's own folder with the core ontology, shapes and query library,
and the study's data (sources, documents, shared entities) and extensions.

Every command run inside a study (in its folder or any folder below) works on it: the
commands look for ``claimgraph.toml`` from the current folder up, as git looks for
``.git`` (``CLAIMGRAPH_HOME`` overrides; see :func:`claimgraph.corpus.files.find_study`).
Adding documents or extensions to a study never touches the project's own corpus or its
tests.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from claimgraph.corpus.files import CONFIG_FILE, EXTENSIONS_FOLDER, core_resource
from claimgraph.errors import InputError

SHARED = """\
# Shared entities of this study: actors, authorities and their acts, events, places, topics.
# Add one with `claimgraph find NAME --new KIND`; see docs/modelling.md for the classes.
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix cg: <https://w3id.org/claimgraph/ontology#> .
@prefix actor: <https://w3id.org/claimgraph/id/actor/> .
@prefix authority: <https://w3id.org/claimgraph/id/authority/> .
@prefix act: <https://w3id.org/claimgraph/id/act/> .
@prefix event: <https://w3id.org/claimgraph/id/event/> .
@prefix place: <https://w3id.org/claimgraph/id/place/> .
@prefix topic: <https://w3id.org/claimgraph/id/topic/> .
@prefix graph: <https://w3id.org/claimgraph/graph/> .

graph:shared {{
    graph:shared a cg:SharedGraph ;
        rdfs:label "{name} shared entities" .

    topic:scheme a cg:TopicScheme , skos:ConceptScheme ;
        rdfs:label "{name} topics" ;
        skos:prefLabel "{name} topics" .
}}
"""

CONFIG = """\
# A claimgraph study. Every claimgraph command run in this folder, or in any folder below
# it, works on this study (CLAIMGRAPH_HOME, if set, overrides).
[study]
name = "{name}"
authoring-format = 1
"""

README = """\
# {name}

A claimgraph study. Every claimgraph command run in this folder (or below it) works on
it, because of `claimgraph.toml`. Then:

    cp my-statement.txt data/sources/
    claimgraph new-document data/sources/my-statement.txt
    $EDITOR data/documents/my-statement.yaml      # title, author, one entry per claim
    claimgraph compile data/documents/my-statement.yaml
    claimgraph validate
    claimgraph query rebutted-claims

- `data/sources/`: the texts, byte for byte.
- `data/documents/`: one authoring file (.yaml) per text, and the TriG compiled from it.
- `data/shared/`: actors, authorities, events, places, topics shared by the documents.
- `data/context/`: facts from outside the texts.
- `ontology/`: the core ontology and shapes (a copy, so the study keeps the version it was
  made with); `ontology/extensions/`: the study's own extensions (`claimgraph ontology new`).
- `queries/`: the query library; add your own `.rq` files.
"""


def init_study(folder: Path) -> list[Path]:
    """Make a study at ``folder`` with the core ontology, shapes and query library of this
    claimgraph installation (:func:`~claimgraph.corpus.files.core_resource`).

    Returns the files and folders made. Refuses a folder that exists and is not empty.
    """
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InputError("the folder exists and is not empty", source=folder)
    name = folder.resolve().name
    made: list[Path] = []
    for sub in ("sources", "documents", "shared", "context"):
        (folder / "data" / sub).mkdir(parents=True, exist_ok=True)
        made.append(folder / "data" / sub)
    # The core ontology and shapes, without the project's own extensions: a study's
    # extensions are its own.
    core = core_resource("ontology")
    shutil.copytree(
        core,
        folder / "ontology",
        ignore=lambda where, names: [EXTENSIONS_FOLDER] if Path(where) == core else [],
    )
    (folder / "ontology" / EXTENSIONS_FOLDER).mkdir()
    shutil.copytree(core_resource("queries"), folder / "queries")
    made += [folder / "ontology", folder / "queries"]
    files = {
        folder / "data" / "shared" / "entities.trig": SHARED.format(name=name),
        folder / CONFIG_FILE: CONFIG.format(name=name, folder=folder),
        folder / "README.md": README.format(name=name, folder=folder),
    }
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
        made.append(path)
    return made
