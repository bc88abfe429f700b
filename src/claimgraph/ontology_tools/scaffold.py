"""``claimgraph ontology new NAME``: a new extension folder that passes its own checks.

The folder holds a commented ontology template with one class and one property, a shape,
an example file, a catalog for offline imports, a README and a test; as generated it
passes ``claimgraph ontology check`` and its own test, so a researcher starts from
something that works and changes it one step at a time.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from defusedxml import ElementTree

from claimgraph.corpus.files import (
    EXAMPLES_FOLDER,
    EXTENSIONS_FOLDER,
    home_ontology,
    is_core_folder,
)
from claimgraph.errors import InputError, OutputError
from claimgraph.ontology_tools.check import CATALOG, read_catalog
from claimgraph.rdf.namespace import BASE, ONTOLOGY_IRI, PREFIXES
from claimgraph.rdf.output import write_atomically

EXTENSION_BASE = BASE + "ext/"
"""Extension ontologies live at ``https://w3id.org/claimgraph/ext/<name>``."""

_NAME = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_PREFIX = re.compile(r"^[a-z][a-z0-9]*$")
RESERVED_NAMES = frozenset({"core", "shapes", "tests", EXAMPLES_FOLDER, EXTENSIONS_FOLDER})


@dataclass(frozen=True)
class ExtensionNames:
    """The names one extension uses, derived from its folder name."""

    name: str
    prefix: str
    namespace: str

    @property
    def iri(self) -> str:
        return EXTENSION_BASE + self.name

    @property
    def shapes_iri(self) -> str:
        return f"{self.iri}/shapes"

    @property
    def shapes_prefix(self) -> str:
        return f"{self.prefix}sh"

    @property
    def shapes_namespace(self) -> str:
        return f"{self.shapes_iri}#"

    @property
    def camel(self) -> str:
        return "".join(part.capitalize() for part in self.name.split("-"))

    @property
    def words(self) -> str:
        return self.name.replace("-", " ")

    @property
    def identifier(self) -> str:
        return self.name.replace("-", "_")


def extension_names(
    name: str, prefix: str | None = None, namespace: str | None = None
) -> ExtensionNames:
    """Check a new extension's name, prefix and namespace, filling in the defaults."""
    if not _NAME.match(name):
        raise InputError(
            f"invalid extension name {name!r}",
            hint="lower-case letters and digits, words joined by hyphens, e.g. media-monitoring",
        )
    if name in RESERVED_NAMES:
        raise InputError(f"{name!r} is reserved", hint="choose another extension name")
    prefix = prefix or name.replace("-", "")
    if not _PREFIX.match(prefix):
        raise InputError(
            f"invalid prefix {prefix!r}", hint="lower-case letters and digits, e.g. media"
        )
    for taken in (prefix, f"{prefix}sh"):
        if taken in PREFIXES:
            raise InputError(
                f"the prefix {taken!r} is one of claimgraph's own",
                hint="choose another with --prefix",
            )
    namespace = namespace or f"{EXTENSION_BASE}{name}#"
    if not namespace.endswith(("#", "/")):
        raise InputError(f"the namespace {namespace!r} must end with # or /")
    if namespace in PREFIXES.values() or namespace.startswith(PREFIXES["cg"]):
        raise InputError(f"the namespace {namespace!r} is claimgraph's own")
    return ExtensionNames(name=name, prefix=prefix, namespace=namespace)


# --- templates ---------------------------------------------------------------------------

ONTOLOGY_TEMPLATE = """\
# claimgraph extension "{name}".
#
# Say here, in a few sentences, what this extension lets a study record that the core
# cannot, and why (the core's modules in ontology/modules/ show the habit).
#
# How to add a term (ontology/README.md walks through it):
#   1. Declare it with its OWL kind (owl:Class, owl:ObjectProperty, owl:DatatypeProperty,
#      owl:NamedIndividual), in this file's namespace ({prefix}:).
#   2. Give it one rdfs:label and one skos:definition in English, and rdfs:isDefinedBy
#      this ontology. Labels and definitions stay neutral: they say what is recorded, never
#      whether a claim is true or who is right.
#   3. Link it into the core: a class gets an rdfs:subClassOf a cg: class (cg:Event,
#      cg:AuthorityAct, cg:Actor ...); a property an rdfs:subPropertyOf a cg: property, or
#      an rdfs:domain / rdfs:range that is a cg: class or below one.
#   4. Never state anything about a cg: term here, and never reuse a core term's name.
#   5. Run `claimgraph ontology check`.
#
# Versions: raise owl:versionInfo and owl:versionIRI with each release and add
# owl:priorVersion naming the last one; never delete a term, deprecate it instead:
#     {prefix}:old owl:deprecated true ; dcterms:isReplacedBy {prefix}:new .
# `claimgraph ontology diff OLD NEW` lists what changed and fails on a deleted term.
#
# No owl:priorVersion: 0.1.0 is the first release.

@prefix cg:      <{cg}> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix {prefix}: <{namespace}> .
@prefix owl:     <http://www.w3.org/2002/07/owl#> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix vann:    <http://purl.org/vocab/vann/> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .

<{iri}>
    a owl:Ontology ;
    rdfs:label "claimgraph {words} extension"@en ;
    dcterms:description "What the {words} extension records (replace with one sentence)."@en ;
    dcterms:license <https://creativecommons.org/licenses/by/4.0/> ;
    vann:preferredNamespacePrefix "{prefix}" ;
    vann:preferredNamespaceUri "{namespace}" ;
    owl:versionIRI <{iri}/0.1.0> ;
    owl:versionInfo "0.1.0" ;
    # The core, which catalog-v001.xml resolves to the local files.
    owl:imports <{core}> .

# --- classes -----------------------------------------------------------------------------

# An example class: rename it (here, in shapes/, examples/ and tests/) or replace it.
{prefix}:{camel}Event
    a owl:Class ;
    rdfs:subClassOf cg:Event ;
    rdfs:label "{words} event"@en ;
    skos:definition "An event of the kind the {words} extension records."@en ;
    rdfs:isDefinedBy <{iri}> .

# --- properties --------------------------------------------------------------------------

{prefix}:detail
    a owl:DatatypeProperty ;
    rdfs:label "{words} detail"@en ;
    skos:definition "A detail of a {words} event, in the source's words."@en ;
    rdfs:domain {prefix}:{camel}Event ;
    rdfs:range xsd:string ;
    rdfs:isDefinedBy <{iri}> .
"""

SHAPES_TEMPLATE = """\
# Data shapes of the claimgraph {words} extension, run by `claimgraph validate` together
# with the core's shapes. The core's shapes already check what every term inherits (a
# {prefix}:{camel}Event is a cg:Event, so it needs a label); add here what your own
# properties require. Give every constraint its own IRI, so that a validation result
# names it, and a test in tests/ that breaks it.

@prefix {prefix}: <{namespace}> .
@prefix {shapes_prefix}: <{shapes_namespace}> .
@prefix owl:     <http://www.w3.org/2002/07/owl#> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix sh:      <http://www.w3.org/ns/shacl#> .
@prefix vann:    <http://purl.org/vocab/vann/> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .

<{shapes_iri}>
    a owl:Ontology ;
    rdfs:label "claimgraph {words} extension data shapes"@en ;
    vann:preferredNamespacePrefix "{shapes_prefix}" ;
    vann:preferredNamespaceUri "{shapes_namespace}" ;
    owl:versionIRI <{shapes_iri}/0.1.0> ;
    owl:versionInfo "0.1.0" .

{shapes_prefix}:{camel}EventShape
    a sh:NodeShape ;
    rdfs:label "{words} event" ;
    sh:targetClass {prefix}:{camel}Event ;
    sh:property {shapes_prefix}:{camel}EventDetail ;
    sh:message "A {words} event does not meet its shape." .

{shapes_prefix}:{camel}EventDetail
    a sh:PropertyShape ;
    rdfs:label "{words} event has at most one detail" ;
    sh:path {prefix}:detail ;
    sh:maxCount 1 ;
    sh:datatype xsd:string ;
    sh:message "A {words} event takes at most one {prefix}:detail, a plain string." .
"""

EXAMPLE_TEMPLATE = """\
# Example data for the {words} extension: a small dataset that uses its terms, made up
# where no real record fits. It is not part of the project's data; the extension's test,
# `claimgraph ontology check` and `claimgraph ontology docs` read it, and
#     claimgraph validate --data {folder}/{examples}
# validates it with the core's and the extension's shapes.

@prefix cg:      <{cg}> .
@prefix event:   <{event}> .
@prefix graph:   <{graph}> .
@prefix {prefix}: <{namespace}> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .

graph:shared {{

    event:{name}-example a {prefix}:{camel}Event ;
        rdfs:label "example {words} event" ;
        {prefix}:detail "a detail, in the source's words" .
}}
"""

TEST_TEMPLATE = '''\
"""Tests of the {words} extension (generated by `claimgraph ontology new {name}`).

Its ontology passes `claimgraph ontology check` together with the project's core, and its
example data conforms to the core's and its own shapes. Add a test for each shape you
write: a dataset in tests/data/ that breaks it, and an assertion that validation says so.
"""

from __future__ import annotations

from pathlib import Path

from claimgraph.corpus.files import make_corpus
from claimgraph.ontology_tools import check_ontology
from claimgraph.validate.validation import validate_corpus

EXTENSION = Path(__file__).resolve().parents[1]
EXAMPLES = EXTENSION / "{examples}"


def test_{identifier}_passes_ontology_check() -> None:
    report = check_ontology(make_corpus(ontology=[EXTENSION]), data=False)
    assert report.problems == [], report.render()


def test_{identifier}_examples_conform_to_the_shapes() -> None:
    report = validate_corpus(make_corpus(data=[EXAMPLES], ontology=[EXTENSION]))
    assert report.results == [], [result.message for result in report.results]
'''

README_TEMPLATE = """\
# claimgraph extension: {words}

What this extension lets a study record, in a few sentences (replace this line).

| file | what |
|---|---|
| `{name}.ttl` | the terms: ontology `<{iri}>`, prefix `{prefix}:` (`{namespace}`) |
| `shapes/{name}-shapes.ttl` | data shapes, run by `claimgraph validate` with the core's |
| `{examples}/{name}-example.trig` | example data (not project data) |
| `tests/test_{identifier}.py` | the extension's tests, run by the project's `pytest` |
| `catalog-v001.xml` | offline import resolution for Protégé and ROBOT |

Check, validate and document it:

```sh
claimgraph ontology check
claimgraph validate --data {folder}/{examples}
claimgraph ontology docs
```

Version {version}. Terms are deprecated (`owl:deprecated true`, `dcterms:isReplacedBy`),
never deleted; see `ontology/README.md` in the claimgraph checkout.
"""

CATALOG_TEMPLATE = """\
<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!--
  OASIS XML catalog for the claimgraph {words} extension: maps its ontology IRIs to its
  files and the core's IRIs to the core's files, so that Protégé and ROBOT resolve
  owl:imports offline when they open {name}.ttl. Paths are relative to this file.
-->
<catalog prefer="public" xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">
    <!-- this extension -->
{own}
    <!-- the core -->
{core}
</catalog>
"""


def _uri_entries(entries: list[tuple[str, str]]) -> str:
    return "\n".join(f'    <uri name="{name}" uri="{uri}"/>' for name, uri in entries)


def catalog_for(names: ExtensionNames, folder: Path, core_folder: Path | None) -> str:
    """The extension's catalog: its own IRIs, and the core catalog's entries rebased."""
    own = [
        (names.iri, f"{names.name}.ttl"),
        (f"{names.iri}/0.1.0", f"{names.name}.ttl"),
    ]
    core: list[tuple[str, str]] = []
    if core_folder is not None and (core_folder / CATALOG).is_file():
        for iri, target in sorted(read_catalog(core_folder / CATALOG, follow=False).items()):
            core.append((iri, Path(os.path.relpath(target, folder.resolve())).as_posix()))
    return CATALOG_TEMPLATE.format(
        words=names.words, name=names.name, own=_uri_entries(own), core=_uri_entries(core)
    )


def _shown(folder: Path) -> str:
    try:
        return folder.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return folder.as_posix()


def render_extension(
    names: ExtensionNames, folder: Path, core_folder: Path | None
) -> dict[Path, str]:
    """Every file of a new extension, by path (relative to its folder), as text."""
    values = {
        "name": names.name,
        "prefix": names.prefix,
        "namespace": names.namespace,
        "iri": names.iri,
        "words": names.words,
        "camel": names.camel,
        "identifier": names.identifier,
        "shapes_prefix": names.shapes_prefix,
        "shapes_namespace": names.shapes_namespace,
        "shapes_iri": names.shapes_iri,
        "cg": PREFIXES["cg"],
        "event": PREFIXES["event"],
        "graph": PREFIXES["graph"],
        "core": str(ONTOLOGY_IRI),
        "examples": EXAMPLES_FOLDER,
        "folder": _shown(folder),
        "version": "0.1.0",
    }
    return {
        Path(f"{names.name}.ttl"): ONTOLOGY_TEMPLATE.format(**values),
        Path("shapes") / f"{names.name}-shapes.ttl": SHAPES_TEMPLATE.format(**values),
        Path(EXAMPLES_FOLDER) / f"{names.name}-example.trig": EXAMPLE_TEMPLATE.format(**values),
        Path("tests") / f"test_{names.identifier}.py": TEST_TEMPLATE.format(**values),
        Path("README.md"): README_TEMPLATE.format(**values),
        Path(CATALOG): catalog_for(names, folder, core_folder),
    }


def chain_catalog(core_catalog: Path, extension_name: str) -> bool:
    """Add ``<nextCatalog>`` for an extension to the core's catalog; False if already there."""
    target = f"{EXTENSIONS_FOLDER}/{extension_name}/{CATALOG}"
    if target in read_catalog(core_catalog, follow=False, chains=True):
        return False
    text = core_catalog.read_text(encoding="utf-8")
    ElementTree.fromstring(text.encode("utf-8"))  # refuse to edit a catalog that is broken
    line = f'    <nextCatalog catalog="{target}"/>\n'
    closing = text.rfind("</catalog>")
    if closing < 0:
        raise InputError("not an XML catalog: no </catalog>", source=str(core_catalog))
    write_atomically(core_catalog, (text[:closing] + line + text[closing:]).encode("utf-8"))
    return True


def _project_ontology() -> Path | None:
    # The study's ontology, or claimgraph's own where the study has none.
    try:
        return home_ontology()
    except InputError:
        return None


def scaffold_extension(
    name: str,
    into: Path,
    *,
    prefix: str | None = None,
    namespace: str | None = None,
    core_folder: Path | None = None,
) -> list[Path]:
    """Write a new extension folder ``into/name`` and return the files written.

    ``core_folder`` is the core ontology folder whose catalog the extension's catalog
    points to (default: ``into``'s parent when that is a core folder). When ``into`` is a
    core folder's ``extensions/``, the core's catalog is chained to the new one.
    """
    names = extension_names(name, prefix, namespace)
    folder = into / names.name
    if folder.exists() or folder.is_symlink():
        raise OutputError(
            "the extension folder already exists; nothing was written",
            source=str(folder),
            hint="choose another name, or remove the folder",
        )
    parent = into.resolve().parent
    in_core = into.name == EXTENSIONS_FOLDER and is_core_folder(parent)
    core = core_folder or (parent if in_core else _project_ontology())
    written: list[Path] = []
    for relative, text in render_extension(names, folder, core).items():
        path = folder / relative
        write_atomically(path, text.encode("utf-8"))
        written.append(path)
    if in_core and chain_catalog(parent / CATALOG, names.name):
        written.append(parent / CATALOG)
    return written


__all__ = [
    "EXTENSION_BASE",
    "ExtensionNames",
    "extension_names",
    "render_extension",
    "scaffold_extension",
]
