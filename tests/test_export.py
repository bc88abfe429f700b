"""``claimgraph export``: the three views, every format, and the consumers that read them.

What each consumer checks here:

* networkx re-reads GraphML and GEXF: the same nodes, edges and attributes;
* Graphviz's ``dot`` renders the DOT (to SVG and PNG) and the SVG parses as XML;
* headless Chromium opens the HTML map: it renders the view's nodes and edges, logs no
  error, blocks no request, and its screenshot is not blank;
* every format stays well-formed and inert on ``data/export/hostile-labels.trig``.

Tests that need Graphviz or Chromium skip where they are missing, except in CI
(``CI=true``), where a missing tool fails them.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote

import defusedxml.ElementTree as SafeET
import networkx as nx
import pytest
from rdflib import URIRef
from typer.testing import CliRunner

from claimgraph.cli import app
from claimgraph.corpus.files import make_corpus
from claimgraph.corpus.loading import LoadedCorpus, load_corpus
from claimgraph.errors import InputError
from claimgraph.export import (
    EXPORT_FORMATS,
    VIEWS,
    ViewFilter,
    apply_filters,
    export_format_named,
    export_view,
    extract_facts,
    view_data,
)
from claimgraph.export.dot import to_dot
from claimgraph.facts.model import ClaimFact, Facts, LinkFact, group_by_side
from claimgraph.rdf.namespace import ACTOR, CG, CLAIM, DOC, TOPIC
from claimgraph.rdf.text import display_safe, exact_safe

from .conftest import DATA, ROOT

EXPORT_DATA = DATA / "export"
HOSTILE = EXPORT_DATA / "hostile-labels.trig"
REFERENCE_DOC = str(DOC["artsakh-mfa-statement-on-hajiyev-remarks"])
TEXT_FORMATS = ["dot", "graphml", "gexf", "cyjs", "html"]
CHECKED_ATTRIBUTES = ("kind", "label", "claimant", "document", "quote")
VENDOR = ROOT / "src" / "claimgraph" / "export" / "vendor"


def _require(*names: str) -> str:
    """The first of ``names`` found on PATH; skip (or, in CI, fail) when there is none."""
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    message = f"{names[0]} is not installed (scripts/setup-system.sh installs it)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def hostile_loaded() -> LoadedCorpus:
    """The hostile-labels dataset, with the project's ontology."""
    os.chdir(ROOT)
    return load_corpus(make_corpus([HOSTILE]))


def _export(loaded: LoadedCorpus, view: str, fmt: str, **filters: Any) -> bytes:
    return export_view(loaded, view, export_format_named(fmt), ViewFilter(**filters))


def _graph(loaded: LoadedCorpus, view: str, **filters: Any) -> Any:
    return apply_filters(view_data(extract_facts(loaded), view), ViewFilter(**filters))


def _count(loaded: LoadedCorpus, query: str) -> int:
    rows: list[Any] = list(loaded.dataset.query(query, initNs={"cg": CG}))
    return int(rows[0][0])


# ---- the views -------------------------------------------------------------------------


def test_argument_map_holds_every_claim_link_and_citation(project_loaded: LoadedCorpus) -> None:
    graph = _graph(project_loaded, "argument-map")
    kinds = [d["kind"] for _, d in graph.nodes(data=True)]
    claims = _count(project_loaded, "SELECT (COUNT(DISTINCT ?c) AS ?n) { ?c a cg:Claim }")
    rebuttals = _count(project_loaded, "SELECT (COUNT(DISTINCT ?c) AS ?n) { ?c a cg:Rebuttal }")
    assert kinds.count("claim") + kinds.count("rebuttal") == claims
    assert kinds.count("rebuttal") == rebuttals
    edge_kinds = [d["kind"] for _, _, d in graph.edges(data=True)]
    for kind, prop in (
        ("attacks", "cg:attacks"),
        ("supports", "cg:supports"),
        ("same-proposition", "cg:sameProposition"),
    ):
        expected = _count(project_loaded, f"SELECT (COUNT(*) AS ?n) {{ ?a {prop} ?b }}")
        assert edge_kinds.count(kind) == expected, kind
    citations = _count(project_loaded, "SELECT (COUNT(*) AS ?n) { ?c a cg:Citation }")
    assert edge_kinds.count("cites") == citations
    authorities = _count(
        project_loaded, "SELECT (COUNT(DISTINCT ?a) AS ?n) { ?c cg:citedAuthority ?a }"
    )
    assert kinds.count("authority") == authorities


def test_every_claim_is_labelled_with_its_claimant(project_loaded: LoadedCorpus) -> None:
    graph = _graph(project_loaded, "argument-map")
    for node, data in graph.nodes(data=True):
        if data["kind"] in ("claim", "rebuttal"):
            claimants = list(project_loaded.dataset.objects(URIRef(node), CG.claimant))
            assert claimants, node
            assert data["_display"][0].rstrip(":…") in data["claimant"]
            assert data["colour"] != "#ffffff"


def test_actor_network_counts_attacks(project_loaded: LoadedCorpus) -> None:
    graph = _graph(project_loaded, "actor-network")
    mfa, azerbaijan = str(ACTOR["artsakh-mfa"]), str(ACTOR["azerbaijan"])
    pairs = _count(
        project_loaded,
        "SELECT (COUNT(*) AS ?n) { ?r cg:attacks ?c . "
        f"?r cg:claimant <{mfa}> . ?c cg:claimant <{azerbaijan}> }}",
    )
    edge = graph.get_edge_data(mfa, azerbaijan)["rebuts"]
    assert edge["weight"] == pairs
    # The weight counts attack links (13 rebuttals make 16 attacks): the label says attacks.
    assert edge["label"] == f"{pairs} attacks"
    assert edge["document"] == REFERENCE_DOC


def test_actor_network_by_side_joins_an_organisation_with_its_state() -> None:
    # The multi-document corpus: the council and its transit authority are on the town's
    # side, the union's spokesperson on the union's.
    loaded = load_corpus(make_corpus(data=[ROOT / "tests" / "data" / "multi-document"]))
    by_actor = _graph(loaded, "actor-network")
    by_side = apply_filters(
        view_data(group_by_side(extract_facts(loaded)), "actor-network"), ViewFilter()
    )
    town, union = str(ACTOR["millbrook"]), str(ACTOR["drivers-union"])
    assert set(by_side.nodes) == {town, union}
    assert by_side.get_edge_data(town, union)["rebuts"]["label"] == "2 attacks"
    assert by_side.get_edge_data(union, town)["rebuts"]["label"] == "2 attacks"
    assert town not in by_actor.nodes and str(ACTOR["millbrook-council"]) in by_actor.nodes


def test_a_rebuttal_with_three_claimants_keeps_its_hexagon() -> None:
    claim = "https://w3id.org/claimgraph/id/claim/"
    actors = [str(ACTOR[name]) for name in ("north-school", "south-school", "west-school")]
    claims = {
        claim + "joint": ClaimFact(
            claim + "joint", "joint reply", True, tuple(actors), (), (), "", "", (), (), (), ()
        ),
        claim + "plan": ClaimFact(
            claim + "plan", "the plan", False, (actors[0],), (), (), "", "", (), (), (), ()
        ),
    }
    facts = Facts(claims=claims, links=[LinkFact("attacks", claim + "joint", claim + "plan")])
    facts.actors.update(actors)
    dot = to_dot(apply_filters(view_data(facts, "argument-map"), ViewFilter()))
    line = next(t for t in dot.splitlines() if t.startswith(f'  "{claim}joint"'))
    assert "shape=hexagon" in line and "wedged" not in line


def test_authority_network_counts_citations_and_what_is_cited(
    project_loaded: LoadedCorpus,
) -> None:
    graph = _graph(project_loaded, "authority-network")
    citations = _count(project_loaded, "SELECT (COUNT(*) AS ?n) { ?c a cg:Citation }")
    assert sum(d["weight"] for _, _, d in graph.edges(data=True)) == citations
    icj = graph.get_edge_data(
        str(ACTOR["artsakh-mfa"]),
        "https://w3id.org/claimgraph/id/authority/international-court-of-justice",
    )["cites"]
    assert "ICJ decision on movement through the Lachin Corridor" in icj["act"]
    assert "as authority" in icj["intent"] and "as evidence" in icj["intent"]


def test_actor_colours_are_the_same_in_every_view(project_loaded: LoadedCorpus) -> None:
    colours: dict[str, set[str]] = {}
    for view in VIEWS:
        for node, data in _graph(project_loaded, view).nodes(data=True):
            if data["kind"] == "actor":
                colours.setdefault(node, set()).add(data["colour"])
    argument_map = _graph(project_loaded, "argument-map")
    for node, data in argument_map.nodes(data=True):
        if data["kind"] in ("claim", "rebuttal") and ";" not in data["claimant"]:
            claimant = str(project_loaded.dataset.value(URIRef(node), CG.claimant))
            colours.setdefault(claimant, set()).add(data["colour"])
    assert colours and all(len(c) == 1 for c in colours.values())


def test_actor_filter_keeps_that_actors_claims(project_loaded: LoadedCorpus) -> None:
    graph = _graph(project_loaded, "argument-map", actors=(str(ACTOR["azerbaijan"]),))
    claims = [d for _, d in graph.nodes(data=True) if d["kind"] in ("claim", "rebuttal")]
    assert claims and all(d["claimant"] == "Azerbaijan" for d in claims)
    network = _graph(project_loaded, "actor-network", actors=(str(ACTOR["azerbaijan"]),))
    assert network.number_of_edges() == 1
    icj = "https://w3id.org/claimgraph/id/authority/international-court-of-justice"
    cited = _graph(project_loaded, "authority-network", actors=(icj,))
    assert sorted(cited.nodes) == sorted([icj, str(ACTOR["artsakh-mfa"])])


def test_topic_filter_keeps_claims_on_the_topic(project_loaded: LoadedCorpus) -> None:
    topic = str(TOPIC["lachin-corridor-blockade"])
    graph = _graph(project_loaded, "argument-map", topics=(topic,))
    claims = [d for _, d in graph.nodes(data=True) if d["kind"] in ("claim", "rebuttal")]
    assert claims and all(topic in d["topics"].split() for d in claims)
    assert graph.number_of_nodes() < _graph(project_loaded, "argument-map").number_of_nodes()


def test_topic_filter_finds_narrower_topics(hostile_loaded: LoadedCorpus) -> None:
    graph = _graph(hostile_loaded, "argument-map", topics=(str(TOPIC["hostile-topic"]),))
    assert str(CLAIM["hostile-board-control"]) in graph  # its topic is narrower


def test_document_filter(project_loaded: LoadedCorpus) -> None:
    whole = _graph(project_loaded, "argument-map")
    one = _graph(project_loaded, "argument-map", documents=(REFERENCE_DOC,))
    assert sorted(one.nodes) == sorted(whole.nodes)
    with pytest.raises(InputError, match="nothing in the data has this document"):
        _graph(project_loaded, "argument-map", documents=(str(DOC["no-such-document"]),))


def test_focus_draws_the_neighbourhood(project_loaded: LoadedCorpus) -> None:
    focus = str(CLAIM["artsakh-mfa-hajiyev-lachin-corridor-open"])
    whole = _graph(project_loaded, "argument-map")
    near = set(whole.predecessors(focus)) | set(whole.successors(focus)) | {focus}
    assert set(_graph(project_loaded, "argument-map", focus=focus).nodes) == near
    assert set(_graph(project_loaded, "argument-map", focus=focus, depth=0).nodes) == {focus}
    deeper = _graph(project_loaded, "argument-map", focus=focus, depth=2)
    assert set(deeper.nodes) > near
    actor = _graph(project_loaded, "actor-network", focus=focus)  # a claim: its claimant
    assert str(ACTOR["azerbaijan"]) in actor
    with pytest.raises(InputError, match="not in the argument-map view"):
        _graph(project_loaded, "argument-map", focus=str(CLAIM["nothing"]))


# ---- formats: determinism and the readers ---------------------------------------------


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_text_formats_are_byte_identical_across_runs(
    runner: CliRunner, tmp_path: Path, fmt: str
) -> None:
    outputs = []
    for name in ("a", "b"):
        out = tmp_path / f"{name}.{export_format_named(fmt).extensions[0][1:]}"
        result = runner.invoke(app, ["export", "argument-map", "-o", str(out), "--quiet"])
        assert result.exit_code == 0, result.output
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert b"lastmodifieddate" not in outputs[0]


def test_outputs_do_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"map-{seed}.html"
        env = dict(os.environ, PYTHONHASHSEED=seed)
        command = ["claimgraph", "export", "argument-map", "-o", str(out), "--quiet"]
        exe = ROOT / ".venv" / "bin" / "claimgraph"
        if exe.exists():
            command[0] = str(exe)
        done = subprocess.run(command, env=env, capture_output=True, check=False, cwd=ROOT)
        assert done.returncode == 0, done.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def _expected_attributes(graph: Any) -> dict[str, dict[str, str]]:
    return {
        node: {k: exact_safe(str(data[k])) for k in CHECKED_ATTRIBUTES if data.get(k)}
        for node, data in graph.nodes(data=True)
    }


def _edge_signature(graph: Any) -> list[tuple[str, str, str, str, str]]:
    return sorted(
        (s, t, d["kind"], exact_safe(str(d.get("label", ""))), exact_safe(str(d.get("quote", ""))))
        for s, t, d in graph.edges(data=True)
    )


@pytest.mark.parametrize("dataset", ["reference", "hostile"])
@pytest.mark.parametrize("view", list(VIEWS))
@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_networkx_rereads_graphml_and_gexf(
    request: pytest.FixtureRequest, tmp_path: Path, dataset: str, view: str, fmt: str
) -> None:
    loaded = request.getfixturevalue(
        "project_loaded" if dataset == "reference" else "hostile_loaded"
    )
    graph = _graph(loaded, view)
    path = tmp_path / f"view.{fmt}"
    path.write_bytes(_export(loaded, view, fmt))
    SafeET.parse(path)  # well-formed XML
    reread = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert reread.number_of_nodes() == graph.number_of_nodes()
    assert reread.number_of_edges() == graph.number_of_edges()
    assert _expected_attributes(reread) == _expected_attributes(graph)
    assert _edge_signature(reread) == _edge_signature(graph)
    weights = sorted(float(d["weight"]) for _, _, d in reread.edges(data=True))
    assert weights == sorted(float(d["weight"]) for _, _, d in graph.edges(data=True))


def test_cyjs_is_cytoscape_json(project_loaded: LoadedCorpus) -> None:
    graph = _graph(project_loaded, "argument-map")
    document = json.loads(_export(project_loaded, "argument-map", "cyjs"))
    nodes = document["elements"]["nodes"]
    edges = document["elements"]["edges"]
    assert len(nodes) == graph.number_of_nodes() and len(edges) == graph.number_of_edges()
    ids = {n["data"]["id"] for n in nodes}
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in edges)
    assert len({e["data"]["id"] for e in edges}) == len(edges)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["argument-map", "-f", "pdf", "-o", "-"], "unknown export format 'pdf'"),
        (["everything", "-f", "dot", "-o", "-"], "unknown view 'everything'"),
        (["argument-map", "-o", "-"], "writing to stdout needs --format"),
        (["argument-map", "-f", "png", "-o", "-"], "png is binary"),
        (["argument-map", "-o", "map.pdf"], "cannot tell the export format"),
        (["argument-map", "--depth", "2", "-f", "dot", "-o", "-"], "--depth needs --focus"),
        (["argument-map", "--actor", "nobody", "-f", "dot", "-o", "-"], "is not an IRI"),
        (["argument-map", "--focus", "claim:nothing", "-f", "dot", "-o", "-"], "not in the"),
    ],
)
def test_usage_errors_are_one_line(runner: CliRunner, arguments: list[str], message: str) -> None:
    result = runner.invoke(app, ["export", *arguments])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_dot_to_stdout_with_filters(runner: CliRunner, project_loaded: LoadedCorpus) -> None:
    azerbaijan = str(ACTOR["azerbaijan"])
    result = runner.invoke(
        app,
        ["export", "actor-network", "-f", "dot", "-o", "-", "--actor", "actor:azerbaijan"],
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("// claimgraph export actor-network\ndigraph ")
    expected = _graph(project_loaded, "actor-network", actors=(azerbaijan,))
    assert result.stdout == _export(
        project_loaded, "actor-network", "dot", actors=(azerbaijan,)
    ).decode("utf-8")
    assert f'"{azerbaijan}"' in result.stdout and expected.number_of_edges() == 1


def test_export_refuses_an_input_as_output(runner: CliRunner, reference_data: Path) -> None:
    source = reference_data / "shared" / "actors.trig"
    before = source.read_bytes()
    result = runner.invoke(app, ["export", "argument-map", "-f", "dot", "-o", str(source)])
    assert result.exit_code == 2 and "one of the input files" in result.stderr
    assert source.read_bytes() == before


def test_help_has_an_example(runner: CliRunner) -> None:
    result = runner.invoke(app, ["export", "--help"])
    assert result.exit_code == 0 and "Example: claimgraph export" in result.stdout


def test_formats_are_known_by_extension_and_mime_type() -> None:
    for fmt in EXPORT_FORMATS:
        assert export_format_named(fmt.mime_type) == fmt
        assert export_format_named(fmt.name) == fmt


# ---- Graphviz ----------------------------------------------------------------------------


def test_missing_graphviz_is_a_clear_error(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("claimgraph.graphviz.shutil.which", lambda name: None)
    out = tmp_path / "map.svg"
    result = runner.invoke(app, ["export", "argument-map", "-o", str(out)])
    assert result.exit_code == 3
    assert result.stderr.startswith("error: SVG and PNG are drawn by Graphviz")
    assert "apt-get install graphviz" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


def _svg_texts(svg: bytes) -> list[str]:
    root = SafeET.fromstring(svg)
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        assert tag not in ("script", "foreignObject", "iframe"), tag
        for name, value in element.attrib.items():
            assert not name.rsplit("}", 1)[-1].lower().startswith("on"), name
            assert not value.lower().startswith("javascript:"), value
    return ["".join(e.itertext()) for e in root.iter() if e.tag.endswith("}text")]


@pytest.mark.parametrize("view", list(VIEWS))
def test_graphviz_renders_svg_and_png(project_loaded: LoadedCorpus, view: str) -> None:
    _require("dot")
    graph = _graph(project_loaded, view)
    svg = _export(project_loaded, view, "svg")
    texts = _svg_texts(svg)
    assert "Legend" in texts
    root = SafeET.fromstring(svg)
    groups = [e for e in root.iter() if (e.get("class") or "").startswith("node ")]
    assert len(groups) == graph.number_of_nodes()
    tooltips = [v for e in root.iter() for k, v in e.attrib.items() if k.endswith("}title")]
    for _, data in graph.nodes(data=True):  # the full texts, on hover
        assert any(t.startswith(display_safe(data["label"])) for t in tooltips)
        if data.get("quote"):
            assert any(display_safe(data["quote"]) in t for t in tooltips)
    png = _export(project_loaded, view, "png")
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5000


def test_hostile_labels_stay_text_in_dot_and_svg(hostile_loaded: LoadedCorpus) -> None:
    _require("dot")
    dot = _export(hostile_loaded, "argument-map", "dot").decode("utf-8")
    assert "\u202e" not in dot and "\x07" not in dot and "\x1b" not in dot
    texts = "\n".join(_svg_texts(_export(hostile_loaded, "argument-map", "svg")))
    assert '</script><script>alert("x")</s' in texts  # drawn as the words, inert
    assert "<img src=x" in texts
    assert r"\N\G\\ \"x\"." in texts  # Graphviz's escapes stay as typed
    assert "&amp; &#0; &lt;b&gt;" in texts  # entity-like text is not decoded


def test_readme_image_shows_the_current_argument_map(project_loaded: LoadedCorpus) -> None:
    # Regenerate with: claimgraph export argument-map -f svg -o docs/images/argument-map.svg
    image = ROOT / "docs" / "images" / "argument-map.svg"
    root = SafeET.parse(image).getroot()
    titles = {
        "".join(e.itertext())
        for g in root.iter()
        if (g.get("class") or "").startswith("node ")
        for e in g
        if e.tag.endswith("}title")
    }
    assert titles == set(_graph(project_loaded, "argument-map").nodes)


# ---- the HTML map ------------------------------------------------------------------------


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def test_html_is_self_contained_and_locked_down(hostile_loaded: LoadedCorpus) -> None:
    page = _export(hostile_loaded, "argument-map", "html").decode("utf-8")
    parser = _Tags()
    parser.feed(page)
    scripts = [a for t, a in parser.tags if t == "script"]
    assert len(scripts) == 4  # diagnostics, Cytoscape.js, the data (JSON), the map
    assert [a.get("type") for a in scripts] == [None, None, "application/json", None]
    for tag, attrs in parser.tags:
        assert tag not in ("img", "iframe", "link", "object", "embed", "svg", "b", "i"), tag
        assert "src" not in attrs and "href" not in attrs, (tag, attrs)
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
    csp = next(a["content"] for t, a in parser.tags if t == "meta" and a.get("http-equiv"))
    assert csp is not None and csp.startswith("default-src 'none'; script-src 'sha256-")
    for script in (parser.scripts[0], parser.scripts[1], parser.scripts[3]):
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert "cdn" not in csp and "http" not in csp
    data = json.loads(parser.scripts[2])
    labels = {n["attrs"]["label"] for n in data["nodes"]}
    assert "\"Quoted\" {Braces} Council <script>alert('actor')</script>" in data["labels"].values()
    rebuttal = '</script><script>alert("x")</script> is untrue ]]> --> <!-- '
    assert rebuttal + "\u202eenilno\u202c \u200fmark\u200f." in labels


def test_vendored_cytoscape_is_the_recorded_release() -> None:
    readme = (VENDOR / "README.md").read_text(encoding="utf-8")
    recorded = re.search(r"`cytoscape\.min\.js` SHA-256: `([0-9a-f]{64})`", readme)
    assert recorded is not None
    actual = hashlib.sha256((VENDOR / "cytoscape.min.js").read_bytes()).hexdigest()
    assert actual == recorded.group(1)
    assert "MIT" in readme and "Permission is hereby granted" in (VENDOR / "LICENSE").read_text()
    assert "3.35.0" in (VENDOR / "cytoscape.min.js").read_text(encoding="utf-8")[-400:]


def _png_pixels(data: bytes) -> tuple[int, int, int, bytes]:
    """Width, height, bytes per pixel and the unfiltered pixel rows of an 8-bit PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour_type = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour_type in (2, 6), (depth, colour_type)
    bpp = 3 if colour_type == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    out = bytearray()
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, row = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        if kind == 1:
            for i in range(bpp, stride):
                row[i] = (row[i] + row[i - bpp]) & 255
        elif kind == 2:
            row = bytearray((a + b) & 255 for a, b in zip(row, previous, strict=True))
        elif kind == 3:
            for i in range(stride):
                left = row[i - bpp] if i >= bpp else 0
                row[i] = (row[i] + ((left + previous[i]) >> 1)) & 255
        elif kind == 4:
            for i in range(stride):
                a = row[i - bpp] if i >= bpp else 0
                b, c = previous[i], previous[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                row[i] = (row[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out += row
        previous = row
    return width, height, bpp, bytes(out)


def _chromium(
    page: Path, tmp_path: Path, screenshot: Path | None = None, fragment: str = ""
) -> str:
    browser = _require("chromium", "chromium-browser", "google-chrome")
    command = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--no-first-run",
        "--no-default-browser-check",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
        "--virtual-time-budget=5000",
        "--hide-scrollbars",
        "--window-size=1200,900",
    ]
    if screenshot is not None:
        command.append(f"--screenshot={screenshot}")
    command += ["--dump-dom", page.resolve().as_uri() + fragment]
    done = subprocess.run(command, capture_output=True, timeout=120, check=False, cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
    return done.stdout.decode("utf-8")


def _body(dom: str) -> dict[str, str]:
    match = re.search(r"<body([^>]*)>", dom)
    assert match is not None, dom[:500]
    return dict(re.findall(r'([\w-]+)="([^"]*)"', match.group(1)))


def _diagnostics(dom: str) -> str:
    match = re.search(r'<ul id="diagnostics">(.*?)</ul>', dom, re.S)
    return match.group(1) if match else "(no diagnostics list)"


CHROMIUM_CASES = [
    ("reference", "argument-map", {}),
    ("reference", "actor-network", {}),
    ("reference", "authority-network", {"topics": (str(TOPIC["icj-proceedings"]),)}),
    (
        "reference",
        "argument-map",
        {"focus": str(CLAIM["artsakh-mfa-hajiyev-lachin-corridor-open"]), "depth": 2},
    ),
    ("reference", "argument-map", {"actors": (str(ACTOR["azerbaijan"]),)}),
    ("hostile", "argument-map", {}),
]


@pytest.mark.parametrize(("dataset", "view", "filters"), CHROMIUM_CASES)
def test_chromium_renders_the_map(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    dataset: str,
    view: str,
    filters: dict[str, Any],
) -> None:
    loaded = request.getfixturevalue(
        "project_loaded" if dataset == "reference" else "hostile_loaded"
    )
    graph = _graph(loaded, view, **filters)
    page = tmp_path / "map.html"
    page.write_bytes(_export(loaded, view, "html", **filters))
    shot = tmp_path / "map.png"
    dom = _chromium(page, tmp_path, shot if not filters else None)
    body = _body(dom)
    assert body["data-state"] == "ready", _diagnostics(dom)
    assert body["data-errors"] == "0", _diagnostics(dom)
    assert body["data-warnings"] == "0", _diagnostics(dom)
    assert int(body["data-rendered-nodes"]) == graph.number_of_nodes()
    assert int(body["data-rendered-edges"]) == graph.number_of_edges()
    assert len(re.findall(r"<script\b", dom)) == 4  # nothing from the data became a script
    if dataset == "hostile":
        assert "Council &lt;script&gt;alert('actor')&lt;/script&gt;</option>" in dom
        assert "<img" not in dom and "<svg onload" not in dom
    if not filters:
        width, height, bpp, pixels = _png_pixels(shot.read_bytes())
        assert (width, height) == (1200, 900)
        # The map's pane (right of the 340 px side bar) must hold a drawing, not a blank.
        colours = set()
        inked = 0
        for y in range(0, height, 3):
            row = pixels[y * width * bpp : (y + 1) * width * bpp]
            for x in range(360, width, 3):
                pixel = row[x * bpp : x * bpp + 3]
                colours.add(pixel)
                inked += pixel != b"\xff\xff\xff"
        assert len(colours) > 20 and inked > 2000, (len(colours), inked)


def test_chromium_shows_a_nodes_details_as_text(
    hostile_loaded: LoadedCorpus, tmp_path: Path
) -> None:
    page = tmp_path / "map.html"
    page.write_bytes(_export(hostile_loaded, "argument-map", "html"))
    rebuttal = str(CLAIM["hostile-board-rebuttal"])
    dom = _chromium(page, tmp_path, fragment="#layout=cose&node=" + quote(rebuttal, safe=""))
    assert _body(dom)["data-errors"] == "0", _diagnostics(dom)
    details = re.search(r'<div id="details">(.*?)</div>\s*<h2>', dom, re.S)
    assert details is not None
    shown = details.group(1)
    # The full quote, its source with offsets, the claimant and the links, all as text.
    assert (
        '<blockquote class="data" dir="auto">&lt;/script&gt;&lt;script&gt;alert("x")'
        "&lt;/script&gt; is untrue ]]&gt; --&gt; &lt;!-- \u202eenilno\u202c" in shown
    )
    assert "characters 195\u2013271" in shown
    assert "Harbour Board \u202edraob\u202c" in shown
    assert "attacks" in shown and "supported by" in shown
    assert f'href="{rebuttal}"' in shown and 'rel="noopener noreferrer"' in shown
    assert "<script" not in shown and "<b>" not in shown


def test_chromium_sees_a_blocked_request(project_loaded: LoadedCorpus, tmp_path: Path) -> None:
    # The canary: the same page with one request added must report it. So a report of
    # zero errors above means the map asked for nothing.
    page = _export(project_loaded, "actor-network", "html").decode("utf-8")
    page = page.replace('<aside id="side">', '<img src="http://127.0.0.1:9/canary.png" alt="">', 1)
    path = tmp_path / "canary.html"
    path.write_text(page, encoding="utf-8")
    dom = _chromium(path, tmp_path)
    assert _body(dom)["data-errors"] != "0"
    assert "blocked: img-src http://127.0.0.1:9/canary.png" in _diagnostics(dom)


# ---- a map of several documents opens readable ------------------------------------------

MULTI = ROOT / "tests" / "data" / "multi-document"


def _map_data(page: str) -> Any:
    match = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.S)
    assert match is not None
    return json.loads(match.group(1))


@pytest.mark.parametrize("by", ["actor", "side"])
def test_html_map_boxes_claims_by_document_or_side(by: str) -> None:
    # Each claim carries its box: its document, or its claimant's side with --by side; the
    # page has a colour legend over the map. The same corpus gives the same bytes.
    loaded = load_corpus(make_corpus(data=[MULTI]))
    page = export_view(loaded, "argument-map", export_format_named("html"), by=by)
    assert page == export_view(loaded, "argument-map", export_format_named("html"), by=by)
    data = _map_data(page.decode("utf-8"))
    facts = extract_facts(loaded)
    if by == "side":
        facts = group_by_side(facts)
    claims = {n["id"]: n["group"] for n in data["nodes"] if n["id"] in facts.claims}
    assert claims and None not in claims.values()
    if by == "actor":
        assert data["groupBy"] == "document"
        expected = {c: min(a.document for a in facts.claims[c].anchors) for c in claims}
    else:
        assert data["groupBy"] == "side"
        expected = {c: min(facts.claims[c].claimants) for c in claims}
    assert claims == expected
    assert all(data["labels"].get(group) for group in claims.values())
    assert '<div id="key" aria-label="colour legend">' in page.decode("utf-8")


def test_chromium_opens_a_map_of_three_documents_readable(tmp_path: Path) -> None:
    # Three documents: one box each, labels drawn at 12 px or more (11 px text at a zoom
    # of at least 12/11), and the claimants' colours named over the map.
    loaded = load_corpus(make_corpus(data=[MULTI]))
    documents = {a.document for c in extract_facts(loaded).claims.values() for a in c.anchors}
    assert len(documents) >= 3
    page = tmp_path / "map.html"
    page.write_bytes(_export(loaded, "argument-map", "html"))
    dom = _chromium(page, tmp_path)
    body = _body(dom)
    assert body["data-state"] == "ready" and body["data-errors"] == "0", _diagnostics(dom)
    assert int(body["data-rendered-groups"]) == len(documents)
    assert int(body["data-rendered-nodes"]) == _graph(loaded, "argument-map").number_of_nodes()
    assert 11 * float(body["data-zoom"]) >= 12 - 0.01
    key = re.search(r'<div id="key"[^>]*>(.*?)</div>\s*<div id="hover"', dom, re.S)
    assert key is not None and "Colour: claimant" in key.group(1)
    assert "Boxes: one per document" in key.group(1)


# ---- set-up ------------------------------------------------------------------------------


def test_setup_system_script_is_idempotent_when_tools_are_present() -> None:
    script = ROOT / "scripts" / "setup-system.sh"
    assert os.access(script, os.X_OK)
    assert subprocess.run(["bash", "-n", str(script)], check=False).returncode == 0
    if shutil.which("dot") and shutil.which("chromium"):
        done = subprocess.run(["bash", str(script)], capture_output=True, timeout=60, check=False)
        assert done.returncode == 0 and done.stdout == b"" and done.stderr == b""
