"""Analysis results as RDF, in a named graph of their own.

One run's results go into the graph ``https://w3id.org/claimgraph/graph/analysis/<run-id>``
(the run is named by the same IRI), in the vocabulary ``cga:``
(:class:`~claimgraph.analysis.vocabulary.CGA`)::

    graph:analysis/<run-id> {
        graph:analysis/<run-id> a cga:ArgumentationRun ;
            prov:startedAtTime "…"^^xsd:dateTime ; cga:corpusDigest "sha256:…" ;
            cga:inputFile "data/…" ; cga:semantics cga:Grounded , … ;
            cga:argumentCount 32 ; cga:attackCount 16 ; cga:supportCount 7 ;
            cga:result <…/grounded> , … .
        <…/preferred> a cga:SemanticsResult ; cga:run … ; cga:semantics cga:Preferred ;
            cga:outcome cga:Answered ; cga:extensionCount 1 .        # or cga:LimitExceeded
        <…/grounded/<claim>> a cga:ClaimStatus ; cga:run … ; cga:claim claim:… ;
            cga:semantics cga:Grounded ; cga:label cga:Out ; cga:inAttacker claim:… .
        <…/grounded/<claim>> … cga:label cga:Undecided ; cga:undecidedAttacker claim:… ;
            cga:cycle <…/cycle/1> ; cga:attacksFromCycle 0 .
        <…/cycle/1> a cga:AttackCycle ; cga:run … ; cga:cycleLength 2 ;
            cga:cycleMember claim:… , claim:… .
        <…/preferred/<claim>> a cga:ClaimStatus ; … ; cga:inExtensionCount 1 ;
            cga:credulouslyAccepted true ; cga:scepticallyAccepted true .
    }

Nothing is written into a source graph and no blank node is used. The output is
deterministic: the run id derives from the corpus digest and the semantics unless one is
given, the date is given (or read from ``SOURCE_DATE_EPOCH``), and quads come in a fixed order.
"""

from __future__ import annotations

import hashlib
import os
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, URIRef

from claimgraph import __version__
from claimgraph.analysis.dung import Label, OutReason
from claimgraph.analysis.run import MEANING, ArgumentationAnalysis
from claimgraph.analysis.vocabulary import ANALYSIS_GRAPHS, CGA, CGA_PREFIX
from claimgraph.corpus.files import display_path
from claimgraph.corpus.loading import LoadedCorpus
from claimgraph.errors import InputError
from claimgraph.rdf.namespace import CLAIM, PREFIXES

__all__ = [
    "RunInfo",
    "analysis_quads",
    "analysis_trig",
    "corpus_digest",
    "default_run_id",
    "run_date",
    "run_info",
    "run_iri",
]

PROV_STARTED = URIRef("http://www.w3.org/ns/prov#startedAtTime")

SEMANTICS_TERMS: dict[str, URIRef] = {
    "grounded": CGA.Grounded,
    "complete": CGA.Complete,
    "preferred": CGA.Preferred,
    "stable": CGA.Stable,
}
LABEL_TERMS: dict[Label, URIRef] = {
    Label.IN: CGA.In,
    Label.OUT: CGA.Out,
    Label.UNDEC: CGA.Undecided,
}

_OUTPUT_PREFIXES = ("claim", "prov", "rdf", "rdfs", "xsd")

_RUN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


@dataclass(frozen=True)
class RunInfo:
    """What identifies a run: its id, its date, and the corpus it read."""

    run_id: str
    started: datetime
    digest: str
    """``sha256:`` and the hex digest of the corpus (see :func:`corpus_digest`)."""
    input_files: tuple[str, ...]
    software: str = f"claimgraph {__version__}"

    @property
    def iri(self) -> URIRef:
        """The run's IRI, which is also the name of its results graph."""
        return run_iri(self.run_id)


def run_iri(run_id: str) -> URIRef:
    """The IRI of the run (and results graph) ``run_id``."""
    return URIRef(ANALYSIS_GRAPHS + run_id)


def _is_analysis_graph(name: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> bool:
    return isinstance(name, ox.NamedNode) and name.value.startswith(str(ANALYSIS_GRAPHS))


def corpus_digest(loaded: LoadedCorpus) -> str:
    """``sha256:<hex>`` of the corpus: the hash of its sorted N-Quads lines.

    Every quad counts (ontology, data, the source texts the loader adds) except those in
    analysis graphs, so loading earlier results beside the data does not change the
    digest of the corpus they describe.
    """
    # The store itself, not loaded.quads: that list would stay in memory after the digest.
    lines = sorted(str(quad) for quad in loaded.store if not _is_analysis_graph(quad.graph_name))
    digest = hashlib.sha256()
    for line in lines:
        digest.update(line.encode("utf-8"))
        digest.update(b" .\n")
    return "sha256:" + digest.hexdigest()


def default_run_id(digest: str, semantics: Sequence[str]) -> str:
    """A run id that depends only on the corpus and the semantics: the same run, the same
    id (and graph), so that re-running on the same corpus replaces, not adds."""
    hexdigest = digest.removeprefix("sha256:")
    return f"{hexdigest[:16]}-{'-'.join(semantics)}"


def check_run_id(run_id: str) -> str:
    """``run_id`` if it can name a graph (letters, digits, ``.``, ``_``, ``-``).

    Raises:
        InputError: it cannot.
    """
    if not _RUN_ID.fullmatch(run_id):
        raise InputError(
            f"--run-id {run_id!r} cannot name a graph",
            hint="use letters, digits, '.', '_' and '-' (at most 128), starting with a "
            "letter or digit",
        )
    return run_id


def run_date(text: str | None = None, environ: dict[str, str] | None = None) -> datetime:
    """The run's date: ``text`` (an ISO date or date-time), else ``SOURCE_DATE_EPOCH``,
    else now; always in UTC, to the second.

    Raises:
        InputError: ``text`` or ``SOURCE_DATE_EPOCH`` is not a date.
    """
    env = os.environ if environ is None else environ
    if text is not None:
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                value = datetime.combine(date.fromisoformat(text), datetime.min.time(), UTC)
            else:
                value = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise InputError(
                f"--date {text!r} is not a date",
                hint="give YYYY-MM-DD or an ISO 8601 date-time such as 2024-03-01T12:00:00Z",
            ) from None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).replace(microsecond=0)
    epoch = env.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), UTC)
        except (ValueError, OverflowError, OSError):
            raise InputError(
                f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds",
                hint="unset it, or give --date",
            ) from None
    return datetime.now(UTC).replace(microsecond=0)


def run_info(
    loaded: LoadedCorpus,
    semantics: Sequence[str],
    *,
    run_id: str | None = None,
    started: datetime | None = None,
) -> RunInfo:
    """The run's identity for ``loaded``: its digest, its files, its id and its date."""
    digest = corpus_digest(loaded)
    files = tuple(display_path(Path(p)) for p in loaded.corpus.all_files)
    return RunInfo(
        run_id=check_run_id(run_id) if run_id is not None else default_run_id(digest, semantics),
        started=started if started is not None else run_date(),
        digest=digest,
        input_files=files,
    )


def _claim_key(claim: str) -> str:
    """A readable, unique path segment for a claim: its slug, else a hash of its IRI."""
    slug = claim.removeprefix(str(CLAIM))
    if slug != claim and _SLUG.fullmatch(slug):
        return slug
    return "iri-" + hashlib.sha256(claim.encode("utf-8")).hexdigest()[:32]


def _node(term: URIRef | str) -> ox.NamedNode:
    return ox.NamedNode(str(term))


def _claim_node(claim: str) -> ox.NamedNode | ox.BlankNode:
    # Claims are IRIs in sound data; the facts model names a blank-node claim "_:label".
    if claim.startswith("_:"):
        return ox.BlankNode(claim[2:])
    return ox.NamedNode(claim)


def _literal(value: object) -> ox.Literal:
    if isinstance(value, bool):
        return _BOOLEAN[value]
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=_XSD_INTEGER)
    if isinstance(value, float):
        return ox.Literal(format(Decimal(repr(value)), "f"), datatype=_node(XSD.decimal))
    if isinstance(value, datetime):
        text = value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return ox.Literal(text, datatype=_node(XSD.dateTime))
    return ox.Literal(str(value))


class _Terms:
    """Every IRI the results graph uses, made into Oxigraph terms once (not once a quad:
    a 100,000-claim run writes millions of quads)."""

    def __init__(self) -> None:
        ns = str(CGA._NS)
        self.cga = {name: ox.NamedNode(ns + name) for name in CGA.__annotations__}
        self.type = _node(RDF.type)
        self.label = _node(RDFS.label)
        self.comment = _node(RDFS.comment)
        self.started = _node(PROV_STARTED)
        self.semantics = {name: _node(term) for name, term in SEMANTICS_TERMS.items()}
        self.labels = {label: _node(term) for label, term in LABEL_TERMS.items()}


_XSD_INTEGER = _node(XSD.integer)
_BOOLEAN = {
    True: ox.Literal("true", datatype=_node(XSD.boolean)),
    False: ox.Literal("false", datatype=_node(XSD.boolean)),
}


def analysis_quads(analysis: ArgumentationAnalysis, info: RunInfo) -> list[ox.Quad]:
    """The results graph of ``analysis`` as quads, all in graph ``info.iri``.

    The order is fixed (the run, then each semantics, claims in sorted order, then the
    cycles), so the same analysis always gives the same quads in the same order.
    """
    base = str(info.iri)
    graph = ox.NamedNode(base)
    run = graph
    terms = _Terms()
    p = terms.cga
    quads: list[ox.Quad] = []
    quad = ox.Quad
    integers: dict[int, ox.Literal] = {}

    def add(subject: ox.NamedNode, predicate: ox.NamedNode, obj: object) -> None:
        value = obj if isinstance(obj, ox.NamedNode | ox.BlankNode | ox.Literal) else _literal(obj)
        quads.append(quad(subject, predicate, value, graph))

    def integer(n: int) -> ox.Literal:
        found = integers.get(n)
        if found is None:
            found = integers[n] = ox.Literal(str(n), datatype=_XSD_INTEGER)
        return found

    add(run, terms.type, p["ArgumentationRun"])
    add(run, terms.label, ox.Literal(f"argumentation run {info.run_id}"))
    add(run, terms.comment, ox.Literal(MEANING))
    add(run, terms.started, info.started)
    add(run, p["corpusDigest"], info.digest)
    add(run, p["software"], info.software)
    for path in info.input_files:
        add(run, p["inputFile"], path)
    add(run, p["argumentCount"], len(analysis.claims))
    add(run, p["attackCount"], analysis.attack_count)
    add(run, p["supportCount"], len(analysis.supports))
    if analysis.limit.max_nodes is not None:
        add(run, p["searchLimitNodes"], analysis.limit.max_nodes)
    if analysis.limit.max_seconds is not None:
        add(run, p["searchLimitSeconds"], float(analysis.limit.max_seconds))

    claims = analysis.claims
    claim_nodes = [_claim_node(claim) for claim in claims]
    keys = [_claim_key(claim) for claim in claims]
    cycles = {
        cycle.number: ox.NamedNode(f"{base}/cycle/{cycle.number}") for cycle in analysis.cycles
    }
    status_type, claim_status = terms.type, p["ClaimStatus"]
    run_p, claim_p, semantics_p = p["run"], p["claim"], p["semantics"]
    for name in analysis.results:
        add(run, semantics_p, terms.semantics[name])
    for name in analysis.results:
        add(run, p["result"], ox.NamedNode(f"{base}/{name}"))
    for name, result in analysis.results.items():
        term = terms.semantics[name]
        node = ox.NamedNode(f"{base}/{name}")
        add(node, terms.type, p["SemanticsResult"])
        add(node, run_p, run)
        add(node, semantics_p, term)
        if result.extensions is None:
            add(node, p["outcome"], p["LimitExceeded"])
            continue
        add(node, p["outcome"], p["Answered"])
        add(node, p["extensionCount"], len(result.extensions))
        for claim, claim_node, key in zip(claims, claim_nodes, keys, strict=True):
            status = ox.NamedNode(f"{base}/{name}/{key}")
            quads.append(quad(status, status_type, claim_status, graph))
            quads.append(quad(status, run_p, run, graph))
            quads.append(quad(status, claim_p, claim_node, graph))
            quads.append(quad(status, semantics_p, term, graph))
            if name == "grounded":
                label = analysis.label(claim)
                quads.append(quad(status, p["label"], terms.labels[label], graph))
                if label is Label.OUT:
                    reason = analysis.explanation(claim)
                    assert isinstance(reason, OutReason)
                    for attacker in reason.in_attackers:
                        add(status, p["inAttacker"], _claim_node(attacker))
                elif label is Label.UNDEC:
                    trace = analysis.undecided_traces[claim]
                    add(status, p["undecidedAttacker"], _claim_node(trace.attacker))
                    add(status, p["cycle"], cycles[trace.cycle.number])
                    add(status, p["attacksFromCycle"], integer(trace.steps))
            else:
                acceptance = result.acceptance(claim)
                assert acceptance is not None
                quads.append(
                    quad(status, p["inExtensionCount"], integer(acceptance.in_extensions), graph)
                )
                quads.append(
                    quad(status, p["credulouslyAccepted"], _BOOLEAN[acceptance.credulous], graph)
                )
                quads.append(
                    quad(status, p["scepticallyAccepted"], _BOOLEAN[acceptance.sceptical], graph)
                )
    for cycle in analysis.cycles:
        node = cycles[cycle.number]
        add(node, terms.type, p["AttackCycle"])
        add(node, run_p, run)
        add(node, p["cycleLength"], len(cycle.claims))
        for member in cycle.claims:
            add(node, p["cycleMember"], _claim_node(member))
    return quads


def analysis_trig(analysis: ArgumentationAnalysis, info: RunInfo) -> bytes:
    """The results graph of ``analysis`` as TriG bytes, deterministic for a given ``info``."""
    prefixes = {name: PREFIXES[name] for name in _OUTPUT_PREFIXES}
    prefixes[CGA_PREFIX] = str(CGA._NS)
    data = ox.serialize(analysis_quads(analysis, info), format=ox.RdfFormat.TRIG, prefixes=prefixes)
    assert data is not None
    # Prefix lines in a fixed order, whatever order the serializer keeps them in.
    text = data.decode("utf-8")
    lines = text.splitlines(keepends=True)
    count = next((i for i, line in enumerate(lines) if not line.startswith("@prefix ")), len(lines))
    ordered = sorted(lines[:count])
    body = "".join(lines[count:])
    notes = [
        f"claimgraph analysis results: argumentation run {info.run_id}, kept apart from the "
        "source data in a named graph of their own.",
        MEANING,
    ]
    header = "".join(f"# {line}\n" for note in notes for line in textwrap.wrap(note, 88))
    return (header + "".join(ordered) + body).encode("utf-8")
