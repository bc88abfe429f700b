"""Benchmark: claimgraph's pipeline side by side with the plain baseline (not a test).

    .venv/bin/python benchmarks/bench_pipeline.py --size 1M

On one synthetic corpus (generated into build/corpora/ if absent, with planted defects),
it measures, each part in a subprocess of its own so that peak memory does not mix:

- claimgraph, in one process: loading into Oxigraph (parse + load), full validation with
  the fast engine, and every query of the library on Oxigraph;
- claimgraph's persistent store: ``claimgraph build`` from scratch (store and validation),
  the library on the store, and an incremental build after one document changes;
- claimgraph's analysis and export, if those modules exist, read from an on-disk store (as
  ``claimgraph analyze`` and ``claimgraph export`` do after ``claimgraph build``), with
  their peak memory;
- the baseline: rdflib's in-memory Dataset (parse of the same files), pySHACL with the
  settings claimgraph's tests use as reference, and the library on rdflib's engine.

It prints every figure, the ratio to the baseline, every target and whether it is met, and
checks that both sides give identical validation results and identical query answers
(exit code 1 if they differ; a missed speed target is reported, not an error).
``--no-baseline`` skips the baseline (for 5M, where it would take hours); ``--json FILE``
keeps the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GIB = 1024**3

# --------------------------------------------------------------------------------------------
# Shared helpers (also run in the workers)
# --------------------------------------------------------------------------------------------


def peak_rss() -> int:
    """Peak resident memory of this process, in bytes (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def children_peak_rss() -> int:
    """Peak resident memory of the largest finished child process, in bytes."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024


CPU: dict[str, float] = {}
"""CPU seconds of this process per step (less sensitive than wall time to other load)."""


def timed(fn: Callable[[], Any], label: str = "") -> tuple[Any, float]:
    """``fn()`` and its wall-clock seconds; its CPU seconds go to :data:`CPU` [label]."""
    started, cpu = time.perf_counter(), time.process_time()
    result = fn()
    if label:
        CPU[label] = time.process_time() - cpu
    return result, time.perf_counter() - started


def query_bindings(corpus: Path) -> dict[str, list[str]]:
    """``--param`` values for the library queries that need one (from the manifest)."""
    from claimgraph.query.library import library
    from claimgraph.synthetic import read_manifest

    samples = read_manifest(corpus)["samples"]
    assert isinstance(samples, dict)
    found = {}
    for query in library():
        raw = []
        if query.parameter("name") and query.parameter("name").required:  # type: ignore[union-attr]
            raw.append(f"name={samples['place-alias']}")
        found[query.name] = raw
    return found


def nt(term: Any) -> str | None:
    from claimgraph.rdf.terms import to_oxigraph

    return None if term is None else str(to_oxigraph(term))


def rows_json(rows: Any) -> list[list[str | None]]:
    return [[nt(term) for term in row] for row in rows]


def identity(result: Any, with_files: bool = False) -> list[str]:
    fields = list(result.identity())
    return fields if with_files else fields[:-1]


# --------------------------------------------------------------------------------------------
# Workers
# --------------------------------------------------------------------------------------------


def worker_claimgraph(corpus_dir: Path) -> dict[str, Any]:
    """Load into Oxigraph, validate (fast engine), run the library: one process."""
    from claimgraph.corpus.files import make_corpus
    from claimgraph.corpus.loading import load_corpus
    from claimgraph.query.engine import QueryEngine
    from claimgraph.query.library import bind_parameters, library
    from claimgraph.validate.validation import ValidationEngine, shapes_graph, validate_loaded

    out: dict[str, Any] = {"seconds": {}, "queries": {}, "rows": {}}
    corpus = make_corpus([corpus_dir])
    loaded, out["seconds"]["load"] = timed(lambda: load_corpus(corpus), "load")
    out["quads"] = len(loaded)
    shapes = shapes_graph(corpus)
    report, out["seconds"]["validate"] = timed(
        lambda: validate_loaded(loaded, shapes, engine=ValidationEngine.FAST), "validate"
    )
    out["validation_engine"] = report.engine
    out["validation"] = sorted(identity(r) for r in report.results)
    from claimgraph.synthetic import expected_results

    found = Counter(
        (str(r.source_shape), nt(r.focus), nt(r.value), r.severity) for r in report.results
    )
    out["planted_found"] = found == Counter(expected_results(corpus_dir))
    engine = QueryEngine(loaded)
    params = query_bindings(corpus_dir)
    for query in library():
        bindings = bind_parameters(query, params[query.name])
        result, seconds = timed(
            lambda q=query, b=bindings: engine.query(q.text, b),  # type: ignore[misc]
            f"query {query.name}",
        )
        out["queries"][query.name] = seconds
        out["rows"][query.name] = rows_json(result.rows)
    out["seconds"]["queries"] = sum(out["queries"].values())
    CPU["queries"] = sum(v for k, v in CPU.items() if k.startswith("query "))
    out["cpu"] = CPU
    out["peak_rss"] = peak_rss()
    return out


def worker_store(corpus_dir: Path) -> dict[str, Any]:
    """``claimgraph build`` from scratch, the library on the store, an incremental build."""
    from claimgraph.corpus.files import make_corpus
    from claimgraph.corpus.store import open_store
    from claimgraph.query.engine import QueryEngine
    from claimgraph.query.library import bind_parameters, library
    from claimgraph.validate.incremental import update_store
    from claimgraph.validate.validation import validate_corpus

    out: dict[str, Any] = {"seconds": {}, "queries": {}}
    work = Path(tempfile.mkdtemp(prefix="claimgraph-bench-"))
    try:
        data = work / "data"
        # A private copy: the incremental step edits a document.
        shutil.copytree(corpus_dir, data)
        corpus = make_corpus([data])
        store = work / ".claimgraph"
        outcome, out["seconds"]["build"] = timed(lambda: update_store(corpus, store))
        out["build_mode"] = outcome.build.mode
        opened, out["seconds"]["open"] = timed(lambda: open_store(corpus, store))
        assert opened is not None
        loaded = opened[0]
        engine = QueryEngine(loaded)
        params = query_bindings(corpus_dir)
        for query in library():
            bindings = bind_parameters(query, params[query.name])
            _, seconds = timed(lambda q=query, b=bindings: engine.query(q.text, b))  # type: ignore[misc]
            out["queries"][query.name] = seconds
        out["seconds"]["queries"] = sum(out["queries"].values())
        # One document changes: a claim's speech act.
        document = sorted((data / "documents").glob("*.trig"))[3]
        text = document.read_text(encoding="utf-8")
        document.write_text(
            text.replace("cg:speechAct cg:Assertion", "cg:speechAct cg:Emphasis", 1),
            encoding="utf-8",
        )
        changed, out["seconds"]["incremental"] = timed(lambda: update_store(corpus, store))
        out["incremental_mode"] = f"{changed.build.mode}/{changed.validation}"
        out["incremental_reloaded"] = len(changed.build.reloaded)
        out["incremental_rechecked"] = changed.rechecked
        # The incremental report must equal a full validation of the changed corpus.
        full = validate_corpus(corpus)
        assert changed.report is not None
        out["incremental_same"] = Counter(r.identity() for r in changed.report.results) == Counter(
            r.identity() for r in full.results
        )
        out["store_bytes"] = sum(f.stat().st_size for f in store.rglob("*") if f.is_file())
        out["peak_rss"] = peak_rss()
        out["children_peak_rss"] = children_peak_rss()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out


def worker_extras(corpus_dir: Path) -> dict[str, Any]:
    """claimgraph's analysis and export, where those modules exist, read from the on-disk
    store as ``claimgraph analyze`` and ``claimgraph export`` do after ``claimgraph build``.

    The store is built first by a process of its own, so that this process's peak memory
    is that of the analysis and the export alone (each also reads the store itself)."""
    from claimgraph.corpus.files import make_corpus
    from claimgraph.corpus.store import open_store

    out: dict[str, Any] = {"seconds": {}, "missing": [], "source": "on-disk store"}
    work = Path(tempfile.mkdtemp(prefix="claimgraph-bench-"))
    try:
        store = work / ".claimgraph"
        build = (
            "import sys; from pathlib import Path; "
            "from claimgraph.corpus.files import make_corpus; "
            "from claimgraph.validate.incremental import update_store; "
            "update_store(make_corpus([Path(sys.argv[1])]), Path(sys.argv[2]), validate=False)"
        )
        env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
        subprocess.run(
            [sys.executable, "-c", build, str(corpus_dir), str(store)], check=True, env=env
        )
        corpus = make_corpus([corpus_dir])
        opened = open_store(corpus, store)
        assert opened is not None, "the store just built is not fresh"
        loaded = opened[0]
        try:
            from claimgraph.analysis.report import analyze_corpus
        except ImportError:
            out["missing"].append("analysis")
        else:
            report, out["seconds"]["analysis"] = timed(
                lambda: analyze_corpus(loaded, ("grounded",)), "analysis"
            )
            # As on the command line, where the analysis and an export are separate runs.
            del report
        out["rss_after_analysis"] = peak_rss()
        try:
            from claimgraph.export import export_view
            from claimgraph.export.formats import export_format_named
            from claimgraph.export.views import VIEWS
        except ImportError:
            out["missing"].append("export")
        else:
            view = "claims" if "claims" in VIEWS else next(iter(VIEWS))
            fmt = export_format_named("graphml")
            written, out["seconds"]["export"] = timed(
                lambda: export_view(loaded, view, fmt), "export"
            )
            out["export_bytes"] = len(written)
            del written
            out["export_view"] = view
        out["peak_rss"] = peak_rss()
        out["cpu"] = CPU
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out


class _Child:
    """A forked child computing one baseline step; :meth:`wait` collects its answer."""

    def __init__(self, fn: Callable[[], Any]) -> None:
        self.reading, writing = os.pipe()
        self.started = time.perf_counter()
        self.pid = os.fork()
        if self.pid == 0:  # the child
            os.close(self.reading)
            try:
                cpu = time.process_time()
                value = fn()
                payload = json.dumps({"ok": value, "cpu": time.process_time() - cpu}).encode()
            except BaseException as exc:  # report anything, then leave
                payload = json.dumps({"error": repr(exc)}).encode()
            with os.fdopen(writing, "wb") as handle:
                handle.write(payload)
            os._exit(0)
        os.close(writing)

    def wait(self, seconds: float, label: str = "") -> tuple[Any, float | None]:
        """(result, wall seconds), or (None, None) if the child ran past ``seconds``.

        The child's CPU seconds go to :data:`CPU` [label]."""
        import select

        chunks: list[bytes] = []
        deadline = self.started + seconds
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
                os.close(self.reading)
                return None, None
            ready, _, _ = select.select([self.reading], [], [], min(remaining, 5.0))
            if ready:
                chunk = os.read(self.reading, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
        elapsed = time.perf_counter() - self.started
        os.waitpid(self.pid, 0)
        os.close(self.reading)
        answer = json.loads(b"".join(chunks) or b"{}")
        if "error" in answer:
            raise RuntimeError(answer["error"])
        if label:
            CPU[label] = float(answer.get("cpu", 0.0))
        return answer.get("ok"), elapsed


def _forked(seconds: float, fn: Callable[[], Any], label: str = "") -> tuple[Any, float | None]:
    """Run ``fn`` in a forked child within ``seconds``: (result, time) or (None, None)."""
    return _Child(fn).wait(seconds, label)


def worker_baseline(
    corpus_dir: Path, timeout: float, validation_timeout: float, jobs: int = 1
) -> dict[str, Any]:
    """rdflib's Dataset, pySHACL, rdflib's SPARQL engine: what a plain pipeline does.

    With ``jobs`` 2, pySHACL runs in one child process while the queries run one by one in
    others: each step is single-threaded Python on a core of its own, so its wall time is
    what it would be alone, and the whole baseline takes half as long on 2 cores."""
    import rdflib.plugins.sparql
    from pyshacl import validate as pyshacl_validate
    from rdflib import Dataset, Graph, Literal, URIRef
    from rdflib.plugins.sparql import SPARQL_LOAD_GRAPHS  # noqa: F401 (rdflib stays offline)

    from claimgraph.corpus.files import make_corpus
    from claimgraph.query.library import bind_parameters, library
    from claimgraph.rdf.namespace import CG, GRAPH
    from claimgraph.validate.validation import _shacl_results, shapes_graph

    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
    out: dict[str, Any] = {"seconds": {}, "queries": {}, "rows": {}, "timeouts": []}
    corpus = make_corpus([corpus_dir])
    formats = {".trig": "trig", ".ttl": "turtle", ".nt": "nt", ".nq": "nquads"}

    def load() -> Dataset:
        dataset = Dataset(default_union=True)
        ontology = dataset.graph(URIRef(str(GRAPH["ontology"])))
        for path in corpus.ontology_files:
            ontology.parse(path, format=formats.get(path.suffix, "turtle"))
        for path in corpus.data_files:
            dataset.parse(path, format=formats.get(path.suffix, "trig"))
        # The source texts, as the data's cg:textFile names them.
        for document, _, name, graph in list(dataset.quads((None, CG.textFile, None, None))):
            text = (corpus_dir / str(name)).read_text(encoding="utf-8")
            dataset.graph(graph).add((document, CG.text, Literal(text)))
        return dataset

    dataset, out["seconds"]["load"] = timed(load, "load")
    out["quads"] = sum(1 for _ in dataset.quads((None, None, None, None)))
    shapes = shapes_graph(corpus)

    def validate() -> list[list[str]]:
        data = Graph()
        ontology_graph = Graph()
        for context in dataset.graphs():
            if context.identifier == URIRef(str(GRAPH["ontology"])):
                ontology_graph += context
            else:
                data += context
        _, report, _ = pyshacl_validate(
            data,
            shacl_graph=shapes,
            ont_graph=ontology_graph,
            advanced=True,
            allow_warnings=True,
            inference="none",
        )

        class _Files:
            @staticmethod
            def files_of(node: Any) -> list[str]:
                return []

        return sorted(identity(r) for r in _shacl_results(report, _Files()))  # type: ignore[arg-type]

    validation = _Child(validate)
    if jobs < 2:
        out["validation"], out["seconds"]["validate"] = validation.wait(
            validation_timeout, "validate"
        )
    params = query_bindings(corpus_dir)
    for query in library():
        bindings = bind_parameters(query, params[query.name])

        def run(q: Any = query, b: Any = bindings) -> list[list[str | None]]:
            result = dataset.query(q.text, initBindings=b)
            rows = []
            for solution in result.bindings:
                rows.append([_plain(solution.get(v)) for v in result.vars or ()])
            return rows_json(rows)

        rows, seconds = _forked(timeout, run, f"query {query.name}")
        out["queries"][query.name] = seconds
        out["rows"][query.name] = rows
        if rows is None:
            out["timeouts"].append(query.name)
    if jobs >= 2:
        out["validation"], out["seconds"]["validate"] = validation.wait(
            validation_timeout, "validate"
        )
    if out["validation"] is None:
        out["timeouts"].append("validate")
    out["jobs"] = jobs
    done = [s for s in out["queries"].values() if s is not None]
    out["seconds"]["queries"] = sum(done) if len(done) == len(out["queries"]) else None
    if out["seconds"]["queries"] is not None:
        CPU["queries"] = sum(v for k, v in CPU.items() if k.startswith("query "))
    out["cpu"] = CPU
    out["peak_rss"] = peak_rss()
    out["children_peak_rss"] = children_peak_rss()
    return out


def _plain(term: Any) -> Any:
    from rdflib import XSD, Literal

    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


# --------------------------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------------------------


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:9.2f}"


def _ratio(ours: float | None, theirs: float | None, timed_out: bool = False) -> str:
    if ours is None or ours <= 0:
        return "-"
    if theirs is None:
        return "-"
    return f"{'>' if timed_out else ''}{theirs / ours:.1f}x"


def _library_lower_bound(base: dict[str, Any], names: Iterable[str]) -> float:
    """The baseline's seconds for the whole library, a stopped query counting its limit."""
    return float(sum(base["queries"].get(n) or base["timeout"] for n in names))


def _size(n: int | None) -> str:
    return "-" if n is None else f"{n / GIB:.2f} GiB"


def run_worker(
    name: str, corpus: Path, timeout: float, validation_timeout: float, jobs: int = 1
) -> dict[str, Any]:
    """Run a worker in a subprocess of its own; its JSON answer."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        answer = Path(handle.name)
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--worker",
        name,
        "--corpus",
        str(corpus),
        "--answer",
        str(answer),
        "--baseline-timeout",
        str(timeout),
        "--validation-timeout",
        str(validation_timeout),
        "--baseline-jobs",
        str(jobs),
    ]
    print(f"[{time.strftime('%H:%M:%S')}] running {name} ...", file=sys.stderr, flush=True)
    started = time.perf_counter()
    process = subprocess.run(command, check=False)
    elapsed = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"the {name} worker failed (exit code {process.returncode})")
    result: dict[str, Any] = json.loads(answer.read_text(encoding="utf-8"))
    answer.unlink()
    print(f"[{time.strftime('%H:%M:%S')}] {name} done in {elapsed:.0f} s", file=sys.stderr)
    return result


def ensure_corpus(size: int, seed: int, folder: Path | None) -> Path:
    from claimgraph.synthetic import generate_corpus, read_manifest, size_name

    folder = folder or ROOT / "build" / "corpora" / f"synthetic-{size_name(size)}-seed{seed}"
    if folder.is_dir():
        manifest = read_manifest(folder)
        if manifest.get("size") == size and manifest.get("seed") == seed:
            return folder
        raise SystemExit(f"{folder} holds another corpus; remove it or choose --corpus")
    print(f"generating a synthetic corpus of {size:,} triples into {folder} ...", file=sys.stderr)
    _, seconds = timed(lambda: generate_corpus(folder, size, seed=seed))
    print(f"generated in {seconds:.1f} s", file=sys.stderr)
    return folder


def report(
    corpus: Path,
    ours: dict[str, Any],
    store: dict[str, Any],
    extras: dict[str, Any] | None,
    base: dict[str, Any] | None,
) -> tuple[str, bool, list[dict[str, Any]]]:
    """The printed report, whether the results are identical, and the targets."""
    from claimgraph.synthetic import read_manifest

    manifest: dict[str, Any] = dict(read_manifest(corpus))
    lines: list[str] = []
    add = lines.append
    add(
        f"corpus: {corpus} (SYNTHETIC, seed {manifest['seed']}, {manifest['documents']:,} "
        f"documents, {manifest['triples']:,} triples written; {ours['quads']:,} quads loaded "
        f"with ontology and texts; {len(manifest['defects'])} planted defects)"
    )
    load_average = ours.get("load_average", os.getloadavg()[0])
    add(
        f"machine: {os.cpu_count()} cores, load average {load_average:.2f} at the end; "
        f"python {sys.version.split()[0]}"
    )
    if base:
        add(
            "baseline: "
            + (
                "pySHACL in one process while the queries run in others (a core each)"
                if base.get("jobs", 1) >= 2
                else "pySHACL, then the queries, one after the other"
            )
        )
    add("")
    b_sec = base["seconds"] if base else {}
    timeouts = set(base["timeouts"]) if base else set()
    header = f"{'step':<38} {'claimgraph s':>12} {'baseline s':>11} {'ratio':>8} {'cpu ratio':>10}"
    add(header)
    add("-" * len(header))

    our_cpu = ours.get("cpu", {})
    their_cpu = base.get("cpu", {}) if base else {}

    def row(
        step: str,
        mine: float | None,
        theirs: float | None,
        at_least: bool = False,
        cpu_key: str | None = None,
    ) -> None:
        """``at_least``: the baseline was stopped, ``theirs`` is a lower bound."""
        theirs_text = f"> {theirs:.0f}" if at_least and theirs is not None else _seconds(theirs)
        cpu = "-"
        if cpu_key and not at_least and cpu_key in our_cpu and cpu_key in their_cpu:
            cpu = _ratio(our_cpu[cpu_key], their_cpu[cpu_key])
        add(
            f"{step:<38} {_seconds(mine):>12} {theirs_text:>11} "
            f"{_ratio(mine, theirs, at_least):>8} {cpu:>10}"
        )

    limit = base["timeout"] if base else None
    row("load into the query engine", ours["seconds"]["load"], b_sec.get("load"), cpu_key="load")
    if "validate" in timeouts and base:
        row("full validation", ours["seconds"]["validate"], base["validation_timeout"], True)
    else:
        row(
            "full validation",
            ours["seconds"]["validate"],
            b_sec.get("validate"),
            cpu_key="validate",
        )
    for name, seconds in ours["queries"].items():
        if name in timeouts:
            row(f"  query {name}", seconds, limit, True)
        else:
            row(
                f"  query {name}",
                seconds,
                base["queries"].get(name) if base else None,
                cpu_key=f"query {name}",
            )
    if base and timeouts - {"validate"}:
        bound = _library_lower_bound(base, ours["queries"])
        row("whole query library", ours["seconds"]["queries"], bound, True)
        finished = [n for n in ours["queries"] if base["queries"].get(n) is not None]
        row(
            f"  the {len(finished)} queries rdflib finished",
            sum(ours["queries"][n] for n in finished),
            sum(base["queries"][n] for n in finished),
        )
    else:
        row(
            "whole query library",
            ours["seconds"]["queries"],
            b_sec.get("queries"),
            cpu_key="queries",
        )
    total = ours["seconds"]["load"] + ours["seconds"]["validate"] + ours["seconds"]["queries"]
    b_total = None
    if base and all(b_sec.get(k) is not None for k in ("load", "validate", "queries")):
        b_total = b_sec["load"] + b_sec["validate"] + b_sec["queries"]
    row("load + validate + all queries", total, b_total)
    if extras is not None:
        for step in ("analysis", "export"):
            if step in extras["seconds"]:
                label = f"{step} (grounded)" if step == "analysis" else f"{step} (graphml)"
                row(label, extras["seconds"][step], None)
            else:
                add(f"{step:<38} {'not available':>12}")
    add("")
    add("persistent store (claimgraph build; .claimgraph/):")
    add(f"  build from scratch, store + validation  {store['seconds']['build']:8.2f} s")
    add(f"  open the store                          {store['seconds']['open']:8.2f} s")
    add(f"  whole query library on the store        {store['seconds']['queries']:8.2f} s")
    add(
        f"  one document changed: re-build + re-validate {store['seconds']['incremental']:6.2f} s"
        f"  ({store['incremental_mode']}, {store['incremental_reloaded']} file reloaded, "
        f"{store['incremental_rechecked']} focus nodes checked again; same as a full "
        f"validation: {'yes' if store['incremental_same'] else 'NO'})"
    )
    add(f"  store on disk                           {store['store_bytes'] / 2**20:8.0f} MiB")
    add("")
    add("peak memory (each part in its own process):")
    add(f"  claimgraph load + validate + queries    {_size(ours['peak_rss'])}")
    add(
        f"  claimgraph build (store writer process) {_size(store['peak_rss'])} "
        f"({_size(store['children_peak_rss'])})"
    )
    if extras is not None:
        add(
            f"  claimgraph analysis + export            {_size(extras['peak_rss'])}"
            f" ({extras.get('source', 'in memory')}; after the analysis "
            f"{_size(extras.get('rss_after_analysis'))})"
        )
    if base:
        add(
            f"  baseline (forked steps)                 {_size(base['peak_rss'])} "
            f"({_size(base['children_peak_rss'])})"
        )
    add("")
    # Identical results.
    same = True
    if base:
        if base["validation"] is None:
            add("validation results: not compared (the baseline did not finish)")
        else:
            equal = Counter(map(tuple, ours["validation"])) == Counter(
                map(tuple, base["validation"])
            )
            same &= equal
            add(
                f"validation results identical: {'yes' if equal else 'NO'} "
                f"({len(ours['validation'])} results; engine {ours['validation_engine']})"
            )
        compared, differing, skipped = 0, [], []
        for name, rows in ours["rows"].items():
            theirs = base["rows"].get(name)
            if theirs is None:
                skipped.append(name)
                continue
            compared += 1
            if rows != theirs:
                differing.append(name)
        same &= not differing
        add(
            f"query answers identical: {'yes' if not differing else 'NO: ' + ', '.join(differing)}"
            f" ({compared} queries compared"
            + (f"; not compared, the baseline timed out: {', '.join(skipped)}" if skipped else "")
            + ")"
        )
    planted = len(manifest["defects"])
    verdict = "yes, exactly" if ours["planted_found"] else "NO"
    add(
        f"validation found the planted defects: {verdict}"
        f" ({len(ours['validation'])} results, {planted} planted)"
    )
    same &= bool(ours["planted_found"])
    add("")
    # Targets.
    targets: list[dict[str, Any]] = []

    def target(name: str, measured: str, wanted: str, met: bool | None) -> None:
        targets.append({"target": name, "measured": measured, "wanted": wanted, "met": met})

    def ratio_value(mine: float, theirs: float | None) -> float | None:
        return None if theirs is None else theirs / mine

    def with_cpu(text: str, step: str) -> str:
        # CPU seconds are shown beside the wall-clock ratio: they do not change when other
        # processes share the machine (the verdict stays on wall-clock time).
        mine, theirs = our_cpu.get(step), their_cpu.get(step)
        if not mine or not theirs or text == "-":
            return text
        return f"{text} (cpu {theirs / mine:.1f}x)"

    load_ratio = ratio_value(ours["seconds"]["load"], b_sec.get("load"))
    target(
        "load 10x faster than rdflib parsing",
        with_cpu("-" if load_ratio is None else f"{load_ratio:.1f}x", "load"),
        ">= 10x",
        None if load_ratio is None else load_ratio >= 10,
    )
    q_ratio = ratio_value(ours["seconds"]["queries"], b_sec.get("queries"))
    q_timeout = bool(timeouts - {"validate"})
    if q_timeout and base:
        lower = _library_lower_bound(base, ours["queries"]) / ours["seconds"]["queries"]
        target(
            "query library 10x faster than rdflib, same answers",
            f"> {lower:.1f}x",
            ">= 10x",
            lower >= 10 and not differing if base else None,
        )
    else:
        target(
            "query library 10x faster than rdflib, same answers",
            with_cpu("-" if q_ratio is None else f"{q_ratio:.1f}x", "queries"),
            ">= 10x",
            None if q_ratio is None else q_ratio >= 10 and not (base and differing),
        )
    v_ratio = ratio_value(ours["seconds"]["validate"], b_sec.get("validate"))
    if "validate" in timeouts and base:
        # pySHACL did not finish: the speed is a lower bound, and sameness is unknown.
        lower_v = base["validation_timeout"] / ours["seconds"]["validate"]
        target(
            "validation 5x faster than pySHACL, same results",
            f"> {lower_v:.1f}x, results not compared",
            ">= 5x",
            None,
        )
    else:
        target(
            "validation 5x faster than pySHACL, same results",
            with_cpu("-" if v_ratio is None else f"{v_ratio:.1f}x", "validate"),
            ">= 5x",
            None if v_ratio is None else v_ratio >= 5 and same,
        )
    inc = store["seconds"]["incremental"]
    target(
        "one document changed: re-build + re-validate",
        f"{inc:.2f} s",
        "< 2 s",
        inc < 2 and store["incremental_same"],
    )
    target("load + validate + all queries (one process)", f"{total:.1f} s", "< 60 s", total < 60)
    cli_total = store["seconds"]["build"] + store["seconds"]["queries"]
    target(
        "claimgraph build + all queries on the store",
        f"{cli_total:.1f} s",
        "< 60 s",
        cli_total < 60,
    )
    target(
        "peak memory (load + validate + queries)",
        _size(ours["peak_rss"]),
        "< 2 GiB",
        ours["peak_rss"] < 2 * GIB,
    )
    if extras is not None:
        target(
            "peak memory (analysis + export)",
            _size(extras["peak_rss"]),
            "< 2 GiB",
            extras["peak_rss"] < 2 * GIB,
        )
    if manifest.get("size") != 1_000_000:
        add("(the targets are set for the 1M-triple corpus; at this size, for comparison only)")
    add(f"{'target':<52} {'wanted':>8}  {'met?':<4}  measured")
    for t in targets:
        met = "n/a" if t["met"] is None else ("yes" if t["met"] else "NO")
        add(f"{t['target']:<52} {t['wanted']:>8}  {met:<4}  {t['measured']}")
    return "\n".join(lines), same, targets


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--size", default="1M", help="10k, 100k, 1M, 5M or a number")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--corpus", type=Path, help="use this generated corpus folder")
    parser.add_argument("--no-baseline", action="store_true", help="skip the baseline")
    parser.add_argument(
        "--no-extras", action="store_true", help="skip claimgraph's analysis and export"
    )
    parser.add_argument(
        "--baseline-timeout",
        type=float,
        default=1800.0,
        help="seconds each baseline query may take before it is stopped (default 30 min)",
    )
    parser.add_argument(
        "--validation-timeout",
        type=float,
        default=4 * 3600.0,
        help="seconds pySHACL may take before it is stopped (default 4 h)",
    )
    parser.add_argument(
        "--baseline-jobs",
        type=int,
        choices=(1, 2),
        default=2 if (os.cpu_count() or 1) >= 2 else 1,
        help="2: pySHACL runs beside the baseline queries, each on a core of its own "
        "(default on 2 or more cores); 1: one after the other",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--report-from",
        type=Path,
        metavar="JSON",
        help="print the report of a run kept with --json again, measuring nothing",
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--answer", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    os.chdir(ROOT)

    if args.worker:
        workers: dict[str, Callable[[], dict[str, Any]]] = {
            "claimgraph": lambda: worker_claimgraph(args.corpus),
            "store": lambda: worker_store(args.corpus),
            "extras": lambda: worker_extras(args.corpus),
            "baseline": lambda: worker_baseline(
                args.corpus, args.baseline_timeout, args.validation_timeout, args.baseline_jobs
            ),
        }
        result = workers[args.worker]()
        args.answer.write_text(json.dumps(result), encoding="utf-8")
        return 0

    from claimgraph.synthetic import parse_size

    if args.report_from:
        kept = json.loads(args.report_from.read_text(encoding="utf-8"))
        folder = args.corpus or Path(kept["corpus"])
        text, same, _ = report(
            folder, kept["claimgraph"], kept["store"], kept["extras"], kept["baseline"]
        )
        print(text)
        return 0 if same else 1

    corpus = ensure_corpus(parse_size(args.size), args.seed, args.corpus)
    times = (args.baseline_timeout, args.validation_timeout)
    ours = run_worker("claimgraph", corpus, *times)
    store = run_worker("store", corpus, *times)
    extras = None if args.no_extras else run_worker("extras", corpus, *times)
    base = None
    if not args.no_baseline:
        base = run_worker("baseline", corpus, *times, jobs=args.baseline_jobs)
        base["timeout"] = args.baseline_timeout
        base["validation_timeout"] = args.validation_timeout
    ours["load_average"] = os.getloadavg()[0]
    text, same, targets = report(corpus, ours, store, extras, base)
    print(text)
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "corpus": str(corpus),
                    "claimgraph": ours,
                    "store": store,
                    "extras": extras,
                    "baseline": base,
                    "targets": targets,
                    "identical": same,
                },
                indent=1,
            ),
            encoding="utf-8",
        )
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
