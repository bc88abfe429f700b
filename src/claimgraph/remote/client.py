"""Talking to a SPARQL store over HTTP: the SPARQL 1.1 Protocol and Graph Store Protocol.

Only the standard library (urllib), with a timeout on every request. Credentials come from
the environment (``CLAIMGRAPH_ENDPOINT_USER`` and ``CLAIMGRAPH_ENDPOINT_PASSWORD``) or from
``~/.netrc`` (the endpoint's host), never from the command line, where other users of the
machine could read them; they are offered (Basic or Digest, as the server asks) only to URLs
under the endpoint's own scheme, host and port.

Every failure is a :class:`~claimgraph.errors.RemoteError` of one line: the endpoint cannot
be reached, answers with an HTTP error (its first line of text is quoted), refuses the
credentials, or answers with something that is not what was asked for.
"""

from __future__ import annotations

import http.client
import json
import netrc
import os
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from claimgraph.errors import RemoteError

USER_VARIABLE = "CLAIMGRAPH_ENDPOINT_USER"
PASSWORD_VARIABLE = "CLAIMGRAPH_ENDPOINT_PASSWORD"
DEFAULT_TIMEOUT = 120.0
"""Seconds to wait for one HTTP request unless told otherwise."""
MAX_RESPONSE_BYTES = 1 << 30
"""The largest answer read from an endpoint (1 GiB); a larger one is refused."""

# Virtuoso answers a query naming a dataset (default-graph-uri, named-graph-uri) with a
# header line per graph; Python's HTTP client refuses more than 100 header lines.
http.client._MAXHEADERS = max(http.client._MAXHEADERS, 100_000)  # type: ignore[attr-defined]

SPARQL_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"


@dataclass(frozen=True)
class Endpoint:
    """Where a store answers: its SPARQL query URL and its Graph Store Protocol URL.

    ``union_parameter`` is added to query requests where the server needs it to make the
    union of all graphs the default graph (Oxigraph server's ``union-default-graph``), as
    claimgraph's embedded store does.
    """

    query_url: str
    store_url: str
    union_parameter: str | None = None
    kind: str = "generic"


def endpoint_for(url: str, store_url: str | None = None) -> Endpoint:
    """The endpoint a ``--endpoint URL`` names, with its Graph Store Protocol URL.

    Known layouts: Oxigraph server (``http://host:7878/query``, store at ``/store``),
    Virtuoso (``http://host:8890/sparql``, store at ``/sparql-graph-crud-auth``) and
    Fuseki (``http://host:3030/DATASET/sparql`` or ``/query``, store at ``/DATASET/data``).
    ``store_url`` overrides the Graph Store URL for any other layout.
    """
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RemoteError(f"--endpoint {url!r} is not an http:// or https:// URL")
    if parts.username or parts.password:
        raise RemoteError(
            "the endpoint URL holds credentials; give them in "
            f"{USER_VARIABLE}/{PASSWORD_VARIABLE} or ~/.netrc instead"
        )
    path = parts.path.rstrip("/")
    base = urllib.parse.urlunsplit((parts.scheme, parts.netloc, "", "", ""))
    kind, guess, union = "generic", base + path, None
    if path == "/query":
        kind, guess, union = "oxigraph", base + "/store", "union-default-graph"
    elif path == "/sparql":
        kind, guess = "virtuoso", base + "/sparql-graph-crud-auth"
    elif path.endswith(("/sparql", "/query")):
        kind, guess = "fuseki", base + path.rsplit("/", 1)[0] + "/data"
    return Endpoint(url, store_url or guess, union, kind)


def credentials_for(url: str) -> tuple[str, str] | None:
    """The user and password for ``url``: from the environment, else ``~/.netrc``."""
    user = os.environ.get(USER_VARIABLE)
    password = os.environ.get(PASSWORD_VARIABLE)
    if user or password:
        if not (user and password):
            raise RemoteError(f"set both {USER_VARIABLE} and {PASSWORD_VARIABLE}, or neither")
        return user, password
    host = urllib.parse.urlsplit(url).hostname or ""
    path = Path(os.environ.get("NETRC", Path.home() / ".netrc"))
    if not path.is_file():
        return None
    try:
        entry = netrc.netrc(str(path)).authenticators(host)
    except (netrc.NetrcParseError, OSError) as exc:
        raise RemoteError(f"{path} cannot be read: {exc}") from None
    if entry is None or not entry[0] or not entry[2]:
        return None
    return entry[0], entry[2]


class _PreemptiveDigest(urllib.request.HTTPDigestAuthHandler):
    """Digest authentication that, once challenged, answers every later request at once.

    urllib answers each challenge anew: a request first goes out without credentials, is
    refused (401) and is sent again. A server that refuses a large PUT before reading its
    body then closes the connection mid-upload (Virtuoso does), so after the first
    challenge the Authorization header is computed before the request is sent.
    """

    def __init__(self, manager: urllib.request.HTTPPasswordMgr) -> None:
        super().__init__(manager)
        self.challenge: dict[str, str] | None = None

    def http_request(self, req: urllib.request.Request) -> urllib.request.Request:
        if self.challenge is not None and not req.has_header("Authorization"):
            answer = self.get_authorization(req, self.challenge)
            if answer:
                req.add_unredirected_header("Authorization", f"Digest {answer}")
        return req

    https_request = http_request

    def retry_http_digest_auth(self, req: urllib.request.Request, auth: str) -> Any:
        _, challenge = auth.split(" ", 1)
        self.challenge = urllib.request.parse_keqv_list(
            [item for item in urllib.request.parse_http_list(challenge) if item]
        )
        return super().retry_http_digest_auth(req, auth)


def _is_loopback(host: str) -> bool:
    return host in ("localhost", "127.0.0.1", "::1") or host.startswith("127.")


class SparqlClient:
    """HTTP requests to one :class:`Endpoint`, with its credentials and a timeout."""

    def __init__(self, endpoint: Endpoint, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.endpoint = endpoint
        self.timeout = timeout
        self.dataset: tuple[str, tuple[str, ...]] | None = None
        """The default graph and named graphs every query is to see (SPARQL Protocol
        ``default-graph-uri`` and ``named-graph-uri``); None: the store's own default."""
        handlers: list[urllib.request.BaseHandler] = []
        host = urllib.parse.urlsplit(endpoint.query_url).hostname or ""
        if _is_loopback(host):
            # A proxy from the environment would see (and could not reach) a local server.
            handlers.append(urllib.request.ProxyHandler({}))
        found = credentials_for(endpoint.query_url)
        self.has_credentials = found is not None
        if found is not None:
            manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for url in {endpoint.query_url, endpoint.store_url}:
                parts = urllib.parse.urlsplit(url)
                manager.add_password(None, f"{parts.scheme}://{parts.netloc}/", *found)
            handlers += [
                urllib.request.HTTPBasicAuthHandler(manager),
                _PreemptiveDigest(manager),
            ]
        self.opener = urllib.request.build_opener(*handlers)

    # -- the one place requests are made ---------------------------------------------------

    def request(
        self,
        method: str,
        url: str,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        """Send one request; its status, headers (lower-case names) and body."""
        request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
        shown = urllib.parse.urlsplit(url)._replace(query="").geturl()
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                data = response.read(MAX_RESPONSE_BYTES + 1)
                if len(data) > MAX_RESPONSE_BYTES:
                    raise RemoteError(
                        f"{shown} answered with more than {MAX_RESPONSE_BYTES >> 20:,} MiB"
                    )
                found = {k.lower(): v for k, v in response.headers.items()}
                return response.status, found, data
        except urllib.error.HTTPError as exc:
            text = exc.read(4096).decode("utf-8", "replace") if exc.fp is not None else ""
            first = next((line.strip() for line in text.splitlines() if line.strip()), "")
            if exc.code in (401, 403):
                how = (
                    "the credentials were refused"
                    if self.has_credentials
                    else f"credentials are needed: set {USER_VARIABLE} and "
                    f"{PASSWORD_VARIABLE}, or add the host to ~/.netrc"
                )
                raise RemoteError(f"{shown}: HTTP {exc.code} {exc.reason}: {how}") from None
            detail = f": {first[:300]}" if first else ""
            raise RemoteError(
                f"{shown}: HTTP {exc.code} {exc.reason}{detail}", status=exc.code
            ) from None
        except urllib.error.URLError as exc:
            raise RemoteError(f"{shown} cannot be reached: {exc.reason}") from None
        except TimeoutError:
            raise RemoteError(f"{shown} gave no answer within {self.timeout:g} s") from None
        except (ConnectionError, OSError) as exc:
            raise RemoteError(f"{shown}: the connection failed: {exc}") from None

    # -- SPARQL 1.1 Protocol ----------------------------------------------------------------

    def query(self, text: str, accept: str = SPARQL_JSON) -> bytes:
        """POST ``text`` (form-encoded, as every store takes it) and return the answer."""
        fields = [("query", text)]
        if self.endpoint.union_parameter:
            fields.append((self.endpoint.union_parameter, "true"))
        elif self.dataset is not None:
            fields.append(("default-graph-uri", self.dataset[0]))
            fields += [("named-graph-uri", graph) for graph in self.dataset[1]]
        body = urllib.parse.urlencode(fields).encode("ascii")
        _, _, data = self.request(
            "POST",
            self.endpoint.query_url,
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": accept,
            },
        )
        return data

    def select(self, text: str) -> tuple[tuple[str, ...], list[tuple[Node | None, ...]]]:
        """The variables and rows of a SELECT query, terms as rdflib makes them."""
        answer = self._json(self.query(text))
        try:
            variables = tuple(str(v) for v in answer["head"]["vars"])
            rows = [
                tuple(term_from_json(b.get(v)) for v in variables)
                for b in answer["results"]["bindings"]
            ]
        except (KeyError, TypeError, AttributeError) as exc:
            raise RemoteError(
                f"{self.endpoint.query_url} answered with JSON that is not SPARQL results ({exc!r})"
            ) from None
        return variables, rows

    def ask(self, text: str) -> bool:
        """The answer of an ASK query."""
        answer = self._json(self.query(text))
        value = answer.get("boolean") if isinstance(answer, dict) else None
        if not isinstance(value, bool):
            raise RemoteError(f"{self.endpoint.query_url} gave no boolean answer to ASK")
        return value

    def _json(self, data: bytes) -> Any:
        try:
            return json.loads(data)
        except ValueError:
            start = data[:120].decode("utf-8", "replace").splitlines()
            raise RemoteError(
                f"{self.endpoint.query_url} did not answer with SPARQL JSON results "
                f"({start[0] if start else 'empty answer'!r})"
            ) from None

    # -- SPARQL 1.1 Graph Store Protocol -------------------------------------------------------

    def _graph_url(self, graph: str | None) -> str:
        # The standard ``graph`` parameter (Virtuoso's graph-crud endpoints read it too).
        query = "default" if graph is None else urllib.parse.urlencode({"graph": graph})
        separator = "&" if "?" in self.endpoint.store_url else "?"
        return f"{self.endpoint.store_url}{separator}{query}"

    def authenticate(self) -> None:
        """Answer the Graph Store's authentication challenge once with a body-less request,
        so that the uploads that follow carry their credentials from the start."""
        if not self.has_credentials:
            return
        try:
            self.request("GET", self._graph_url("urn:claimgraph:graphs"))
        except RemoteError as exc:
            if "HTTP 404" not in str(exc):
                raise

    def put_graph(self, graph: str | None, ntriples: bytes) -> int:
        """Replace ``graph`` (None: the default graph) with ``ntriples``; the HTTP status."""
        status, _, _ = self.request(
            "PUT",
            self._graph_url(graph),
            body=ntriples,
            headers={"Content-Type": N_TRIPLES},
        )
        return status

    def post_graph(self, graph: str | None, ntriples: bytes) -> int:
        """Add ``ntriples`` to ``graph`` (None: the default graph); the HTTP status."""
        status, _, _ = self.request(
            "POST",
            self._graph_url(graph),
            body=ntriples,
            headers={"Content-Type": N_TRIPLES},
        )
        return status

    def delete_graph(self, graph: str) -> None:
        """Remove ``graph`` from the store (a graph it does not hold is no error)."""
        try:
            self.request("DELETE", self._graph_url(graph))
        except RemoteError as exc:
            if "HTTP 404" not in str(exc):
                raise


def term_from_json(value: Any) -> Node | None:
    """An rdflib term from a SPARQL JSON results binding (None when unbound).

    ``typed-literal`` is what Virtuoso (and the 2008 draft) write; ``xsd:string`` literals
    come back plain, as the embedded engines give them.
    """
    if value is None:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("value"), str):
        raise RemoteError(f"a SPARQL JSON binding that is not a term: {str(value)[:100]}")
    kind, text = value.get("type"), value["value"]
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        # Stores write labels no RDF syntax allows (Virtuoso: "nodeID://b10001"); the
        # label is kept apart from others, in characters every syntax takes.
        return BNode(text if text.isalnum() else "x" + text.encode("utf-8").hex())
    if kind in ("literal", "typed-literal"):
        lang = value.get("xml:lang")
        datatype = value.get("datatype")
        if lang:
            return Literal(text, lang=lang)
        if datatype and datatype != "http://www.w3.org/2001/XMLSchema#string":
            return Literal(text, datatype=URIRef(datatype))
        return Literal(text)
    raise RemoteError(f"a SPARQL JSON binding of unknown type {kind!r}")
