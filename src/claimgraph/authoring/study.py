"""A study: a researcher's own folder with the core ontology, shapes and query library,
and the study's data (sources, documents, shared entities) and extensions.

Every command works on a study when ``CLAIMGRAPH_HOME`` names it (``project_home`` looks
there first), so adding documents or extensions to a study never touches the project's
own corpus or its tests.
"""

from __future__ import annotations

import shutil
from pathlib import Path

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
# A claimgraph study. Point the commands at it with: export CLAIMGRAPH_HOME={folder}
[study]
name = "{name}"
authoring-format = 1
"""

README = """\
# {name}

A claimgraph study. Use it with `export CLAIMGRAPH_HOME={folder}`, then:

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


def init_study(folder: Path, home: Path) -> list[Path]:
    """Make a study at ``folder`` from the claimgraph installation at ``home``.

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
    shutil.copytree(
        home / "ontology",
        folder / "ontology",
        ignore=lambda where, names: ["extensions"] if Path(where) == home / "ontology" else [],
    )
    (folder / "ontology" / "extensions").mkdir()
    shutil.copytree(home / "queries", folder / "queries")
    made += [folder / "ontology", folder / "queries"]
    files = {
        folder / "data" / "shared" / "entities.trig": SHARED.format(name=name),
        folder / "claimgraph.toml": CONFIG.format(name=name, folder=folder),
        folder / "README.md": README.format(name=name, folder=folder),
    }
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
        made.append(path)
    return made
