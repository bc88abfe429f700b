"""Reading a corpus into memory: safe parsing with exact error positions.

Files are parsed by Oxigraph's parsers (fast, and they report line and column), after the
refusals in :mod:`claimgraph.safety`. The result is held twice over, as parsed quads for the
Oxigraph engine and as an rdflib :class:`~rdflib.Dataset` for pySHACL and rdflib's engine,
both with the same content.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import pyoxigraph as ox
from rdflib import OWL, RDF, BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from .corpus import Corpus, display_path
from .errors import InputError, Position, UnsafeInputError, UnsupportedError
from .formats import RdfFormat, rdf_format_for_path
from .namespace import CG, GRAPH, PREFIXES
from .progress import Progress, no_progress
from .safety import check_jsonld, check_rdfxml

ONTOLOGY_GRAPH = GRAPH["ontology"]
"""Triples-only ontology files are loaded into this named graph."""

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

_OX_FORMATS = {
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "json-ld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Node:
    """An Oxigraph term as the equal rdflib term.

    Simple literals come back without a datatype, as rdflib writes them, so that
    ``"x"`` and ``"x"^^xsd:string`` (one term in RDF 1.1) stay one term in rdflib too.
    """
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise UnsupportedError("RDF-star quoted triples are not supported")


def to_oxigraph(term: Node) -> Any:
    """An rdflib term as the equal Oxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise UnsupportedError(f"cannot convert {term!r} to an Oxigraph term")


def _syntax_error(exc: SyntaxError, source: Path) -> InputError:
    # Oxigraph puts the position in the SyntaxError's fields and in the text; keep the
    # message but drop the position words it repeats.
    message = str(exc.msg if hasattr(exc, "msg") and exc.msg else exc)
    if message.startswith("Parser error"):
        _, _, rest = message.partition(": ")
        message = rest or message
    message = message.removesuffix(f" (line {exc.lineno})") if exc.lineno else message
    return InputError(
        message, source=display_path(source), position=Position(exc.lineno, exc.offset)
    )


def _relabel_blank_nodes(quads: list[ox.Quad], label: str) -> list[ox.Quad]:
    """Give blank nodes labels that depend only on the file and its order of statements.

    Parsers invent random labels for ``[]``; deterministic output needs the same labels on
    every run, and ``label`` (one per file) keeps two files' blank nodes apart.
    """
    names: dict[str, ox.BlankNode] = {}

    def fix(term: Any) -> Any:
        if isinstance(term, ox.BlankNode):
            if term.value not in names:
                names[term.value] = ox.BlankNode(f"{label}b{len(names)}")
            return names[term.value]
        return term

    out = []
    for q in quads:
        if (
            isinstance(q.subject, ox.BlankNode)
            or isinstance(q.object, ox.BlankNode)
            or isinstance(q.graph_name, ox.BlankNode)
        ):
            out.append(ox.Quad(fix(q.subject), q.predicate, fix(q.object), fix(q.graph_name)))
        else:
            out.append(q)
    return out


def read_quads(path: Path, fmt: RdfFormat | None = None, blank_label: str = "f") -> list[ox.Quad]:
    """Parse one RDF file after the safety checks; every problem is an :class:`InputError`.

    Blank nodes are labelled ``<blank_label>b<n>`` in order of first appearance.
    """
    fmt = fmt or rdf_format_for_path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", source=display_path(path)) from exc
    shown = display_path(path)
    if fmt.name == "rdfxml":
        check_rdfxml(data, shown)
    elif fmt.name == "json-ld":
        check_jsonld(data, shown)
    try:
        quads = list(ox.parse(data, _OX_FORMATS[fmt.name]))
    except SyntaxError as exc:
        raise _syntax_error(exc, path) from exc
    except (ValueError, OSError) as exc:
        raise InputError(str(exc), source=shown) from exc
    return _relabel_blank_nodes(quads, blank_label)


@dataclass
class LoadedCorpus:
    """A corpus in memory, with the file each subject was stated in."""

    corpus: Corpus
    dataset: Dataset
    quads: list[ox.Quad]
    subject_files: dict[Node, set[str]] = field(default_factory=lambda: defaultdict(set))
    text_checksums: dict[Node, str] = field(default_factory=dict)
    """SHA-256 of each document's text file as read, for validation to compare."""

    def files_of(self, node: Node) -> list[str]:
        """The files (as the user reads their paths) in which ``node`` is a subject."""
        return sorted(self.subject_files.get(node, ()))


def new_dataset() -> Dataset:
    """An empty in-memory dataset whose default graph is the union, with the usual prefixes."""
    dataset = Dataset(default_union=True)
    for prefix, iri in PREFIXES.items():
        dataset.bind(prefix, iri, override=True, replace=True)
    return dataset


def _graph_of(quad: ox.Quad, triples_only_graph: URIRef | None) -> Node:
    if isinstance(quad.graph_name, ox.DefaultGraph):
        return triples_only_graph or DATASET_DEFAULT_GRAPH_ID
    return to_rdflib(quad.graph_name)


def load_corpus(corpus: Corpus, progress: Progress = no_progress) -> LoadedCorpus:
    """Parse every file of ``corpus``, add the source texts, and check imports stay offline."""
    loaded = LoadedCorpus(corpus=corpus, dataset=new_dataset(), quads=[])
    files = [(p, ONTOLOGY_GRAPH) for p in corpus.ontology_files] + [
        (p, None) for p in corpus.data_files
    ]
    for done, (path, default_graph) in enumerate(files):
        progress("parse", done, len(files))
        _add_file(loaded, path, default_graph, f"f{done}")
    progress("parse", len(files), len(files))
    _add_source_texts(loaded)
    _check_imports(loaded)
    return loaded


def _add_file(
    loaded: LoadedCorpus, path: Path, default_graph: URIRef | None, blank_label: str
) -> None:
    shown = display_path(path)
    dataset = loaded.dataset
    graphs: dict[Node, Graph] = {}
    batch: list[tuple[Node, Node, Node, Graph]] = []
    for quad in read_quads(path, blank_label=blank_label):
        name = _graph_of(quad, default_graph)
        graph = graphs.get(name)
        if graph is None:
            graph = graphs[name] = dataset.graph(name)  # type: ignore[arg-type]
        subject = to_rdflib(quad.subject)
        batch.append((subject, to_rdflib(quad.predicate), to_rdflib(quad.object), graph))
        if default_graph is not None and isinstance(quad.graph_name, ox.DefaultGraph):
            quad = ox.Quad(quad.subject, quad.predicate, quad.object, ox.NamedNode(default_graph))
        loaded.quads.append(quad)
        loaded.subject_files[subject].add(shown)
    dataset.addN(batch)


def _add_source_texts(loaded: LoadedCorpus) -> None:
    """Add ``cg:text`` beside every ``cg:textFile``, read from the data folders."""
    dataset = loaded.dataset
    for document, _, relative, graph in sorted(
        dataset.quads((None, CG.textFile, None, None)), key=str
    ):
        if not str(relative).strip():
            continue  # an empty path is the data's fault: the shapes report it
        stated_in = loaded.files_of(document)
        path = _resolve_text_file(str(relative), stated_in, loaded.corpus)
        try:
            data = path.read_bytes()
            text = data.decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(
                f"cannot read the text file {relative} of {document}: {exc}",
                source=stated_in[0] if stated_in else None,
            ) from exc
        literal = Literal(text)
        assert graph is not None
        dataset.graph(graph).add((document, CG.text, literal))
        in_default = graph == DATASET_DEFAULT_GRAPH_ID
        loaded.quads.append(
            ox.Quad(
                to_oxigraph(document),
                ox.NamedNode(str(CG.text)),
                to_oxigraph(literal),
                ox.DefaultGraph() if in_default else to_oxigraph(graph),
            )
        )
        # A changed text would leave anchors pointing at other words; validation reports a
        # checksum that differs, like any other result, rather than the load failing.
        loaded.text_checksums[document] = hashlib.sha256(data).hexdigest()


def _resolve_text_file(relative: str, stated_in: Iterable[str], corpus: Corpus) -> Path:
    rel = PurePosixPath(relative)
    if rel.is_absolute() or ".." in rel.parts:
        raise UnsafeInputError(
            f"cg:textFile {relative!r} must be a relative path inside the data folder",
            source=next(iter(stated_in), None),
        )
    # The text file sits in the data folder, which holds the file stating cg:textFile
    # (data/documents/x.trig names sources/x.txt); look up from that file's folder.
    for shown in stated_in:
        folder = Path(shown).resolve().parent
        for candidate_root in (folder, *list(folder.parents)[:3]):
            candidate = candidate_root / rel
            if candidate.is_file():
                return candidate
    raise InputError(
        f"the text file {relative!r} named by cg:textFile was not found",
        source=next(iter(stated_in), None),
        hint="cg:textFile is relative to the data folder, e.g. sources/<slug>.txt",
    )


def _check_imports(loaded: LoadedCorpus) -> None:
    dataset = loaded.dataset
    provided: set[Node] = set(dataset.subjects(RDF.type, OWL.Ontology))
    provided |= set(dataset.objects(None, OWL.versionIRI))
    for ontology, _, imported in sorted(dataset.triples((None, OWL.imports, None)), key=str):
        if imported not in provided:
            files = loaded.files_of(ontology)
            raise UnsafeInputError(
                f"owl:imports <{imported}> is not followed: claimgraph works offline and no "
                "loaded file declares that ontology",
                source=files[0] if files else None,
                hint="add the imported ontology's file with --ontology",
            )
