"""Publishing a loaded study to a SPARQL store with the Graph Store Protocol.

Graph by graph: each of the study's graphs (the ontology graph, one per document, the
context graph ...) is sent with an HTTP PUT, which replaces that graph on the store rather
than adding to it, so pushing the same study twice leaves the store as pushing it once did.
Graphs are sent as N-Triples, which every store reads the same way (Virtuoso 7.2 mis-reads
escaped prefixed names in TriG). After the push, the store is asked how many triples each
graph holds, and every count must be the study's own.

Stores other than Oxigraph server make the bag union of all their graphs the default graph
(Virtuoso: a triple stated in two graphs is found twice; system graphs are included) or
no union at all (Fuseki, unless configured). So for them the push also writes the set union
of the study's graphs to :data:`UNION_GRAPH` and the list of its graphs to
:data:`GRAPHS_GRAPH`; queries then name that dataset with the SPARQL Protocol
(``default-graph-uri``, ``named-graph-uri``) and see what the embedded store shows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pyoxigraph as ox

from claimgraph.corpus.loading import LoadedCorpus
from claimgraph.errors import RemoteError
from claimgraph.progress import Progress, no_progress
from claimgraph.remote.client import DEFAULT_TIMEOUT, SparqlClient, endpoint_for
from claimgraph.remote.engine import RemoteQueryEngine


@dataclass(frozen=True)
class GraphPush:
    """One graph of a push: its name (None: the default graph) and its triple counts."""

    graph: str | None
    triples: int
    remote_triples: int

    @property
    def matches(self) -> bool:
        """Whether the store holds as many triples in the graph as the study."""
        return self.triples == self.remote_triples


@dataclass(frozen=True)
class PushReport:
    """What a push sent and what the store then held."""

    endpoint: str
    graphs: tuple[GraphPush, ...]

    @property
    def triples(self) -> int:
        """Triples sent, over all graphs."""
        return sum(g.triples for g in self.graphs)


UNION_GRAPH = "urn:claimgraph:union"
"""The graph holding every triple of the study once (for stores without a set union)."""
GRAPHS_GRAPH = "urn:claimgraph:graphs"
"""The graph listing the study's graphs, one ``<g> a <urn:claimgraph:StudyGraph>`` each."""
STUDY_GRAPH_CLASS = "urn:claimgraph:StudyGraph"
GRAPHS_QUERY = f"SELECT ?g WHERE {{ GRAPH <{GRAPHS_GRAPH}> {{ ?g a <{STUDY_GRAPH_CLASS}> }} }}"

COUNT_QUERY = """SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"""


def study_graphs(loaded: LoadedCorpus) -> dict[str | None, list[ox.Triple]]:
    """The study's triples, graph by graph (None: the default graph), as loaded."""
    graphs: dict[str | None, list[ox.Triple]] = defaultdict(list)
    for quad in loaded.store:
        name = quad.graph_name
        key = None if isinstance(name, ox.DefaultGraph) else str(name.value)
        graphs[key].append(ox.Triple(quad.subject, quad.predicate, quad.object))
    return dict(graphs)


_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def use_study_dataset(client: SparqlClient) -> bool:
    """Make ``client`` query the study's union and graphs where a push wrote them (stores
    without a set union of their graphs); whether it found them."""
    if client.endpoint.union_parameter is not None:
        return False
    client.dataset = None
    rows = RemoteQueryEngine(client).query(GRAPHS_QUERY, source="push").rows
    graphs = tuple(sorted(str(row[0]) for row in rows if row[0] is not None))
    if not graphs:
        return False
    client.dataset = (UNION_GRAPH, graphs)
    return True


def remote_counts(client: SparqlClient) -> dict[str, int]:
    """How many triples each named graph of the store holds."""
    result = RemoteQueryEngine(client).query(COUNT_QUERY, source="push")
    counts: dict[str, int] = {}
    for graph, count in result.rows:
        if graph is None or count is None:
            continue
        try:
            counts[str(graph)] = int(str(count))
        except ValueError:
            raise RemoteError(f"the store counted {count!r} triples in <{graph}>") from None
    return counts


CHUNK_TRIPLES = 10_000
"""Triples per request: a large graph is sent as a PUT of its first part, then POSTs
(which add) of the rest; stores close connections that carry very large bodies."""


def _send(client: SparqlClient, name: str, triples: list[ox.Triple]) -> None:
    """Replace graph ``name`` on the store with ``triples``, in parts."""
    for start in range(0, max(len(triples), 1), CHUNK_TRIPLES):
        body = ox.serialize(triples[start : start + CHUNK_TRIPLES], format=ox.RdfFormat.N_TRIPLES)
        assert body is not None
        if start == 0:
            client.put_graph(name, body)
        else:
            client.post_graph(name, body)


def push_study(
    loaded: LoadedCorpus, client: SparqlClient, progress: Progress = no_progress
) -> PushReport:
    """Replace each of the study's graphs on the store and check what the store holds.

    Raises :class:`RemoteError` when a request fails or a graph's count on the store is not
    the study's (the report names the first such graph).
    """
    graphs = study_graphs(loaded)
    if None in graphs:
        raise RemoteError(
            f"the study holds {len(graphs[None]):,} triples in the default graph, which not "
            "every store keeps apart; put them in a named graph (TriG) to push them"
        )
    names = sorted(g for g in graphs if g is not None)
    client.authenticate()
    for done, name in enumerate(names):
        progress("push", done, len(names))
        _send(client, name, graphs[name])
    sent = {name: len(graphs[name]) for name in names}
    if client.endpoint.union_parameter is None:
        union = sorted({t for name in names for t in graphs[name]}, key=str)
        listed = [
            ox.Triple(ox.NamedNode(name), _RDF_TYPE, ox.NamedNode(STUDY_GRAPH_CLASS))
            for name in names
        ]
        for name, triples in ((UNION_GRAPH, union), (GRAPHS_GRAPH, listed)):
            _send(client, name, triples)
            sent[name] = len(triples)
    progress("push", len(names), len(names))
    client.dataset = None
    counts = remote_counts(client)
    report = PushReport(
        client.endpoint.query_url,
        tuple(GraphPush(name, count, counts.get(name, 0)) for name, count in sent.items()),
    )
    wrong = [g for g in report.graphs if not g.matches]
    if wrong:
        first = wrong[0]
        raise RemoteError(
            f"after the push the store holds {first.remote_triples:,} triples in <{first.graph}>"
            f", the study {first.triples:,} ({len(wrong)} graph(s) differ): the store changed "
            "some triples as it read them"
        )
    return report


def connect(
    url: str, timeout: float = DEFAULT_TIMEOUT, store_url: str | None = None
) -> RemoteQueryEngine:
    """A query engine on the store at ``url`` (the ``--endpoint``), seeing the study as
    the embedded store does (see :func:`use_study_dataset`)."""
    client = SparqlClient(endpoint_for(url, store_url), timeout)
    use_study_dataset(client)
    return RemoteQueryEngine(client)
