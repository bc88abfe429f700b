"""Rules stated both as a SHACL shape and as a QC query must agree where they are the same rule.

``cgsh:NoSelfRebuttal`` (``ontology/shapes/claimgraph-shapes.ttl``, run by ``validate``) and
``queries/checks/self-attack-violation.rq`` (run by ``check``) state one rule: no claim
attacks itself. Both stay, because each command's output names its own rule (merging them
would drop a line from one command's report), so this test holds them together: on every
test dataset and on the project's data, the claims the QC query returns are exactly the
focus nodes of the shape's results.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from claimgraph.corpus.files import make_corpus
from claimgraph.corpus.loading import LoadedCorpus, load_corpus
from claimgraph.errors import InputError
from claimgraph.query.checks import run_checks
from claimgraph.rdf.namespace import SHAPES
from claimgraph.validate.validation import shapes_graph, validate_loaded

from .conftest import DATA

DATASETS = sorted((DATA / "valid").glob("*.trig")) + sorted((DATA / "invalid").glob("*.trig"))
SHAPE = SHAPES["NoSelfRebuttal"]
CHECK = "self-attack-violation"


@pytest.fixture(scope="module")
def project_shapes() -> Graph:
    return shapes_graph(make_corpus())


def _agree(loaded: LoadedCorpus, shapes: Graph) -> set[str]:
    outcome = next(o for o in run_checks(loaded) if o.query.name == CHECK)
    by_query = {str(row[0]) for row in outcome.result.rows}
    report = validate_loaded(loaded, shapes)
    by_shape = {str(r.focus) for r in report.results if r.source_shape == SHAPE}
    assert by_query == by_shape
    return by_query


def test_the_pair_agrees_on_the_dataset_made_to_break_it(project_shapes: Graph) -> None:
    loaded = load_corpus(
        make_corpus([DATA / "invalid" / "NoSelfRebuttal-claim-attacks-itself.trig"])
    )
    assert _agree(loaded, project_shapes), "the dataset was made to break the rule"


@pytest.mark.parametrize("path", DATASETS, ids=lambda p: p.name)
def test_the_pair_agrees_on_test_dataset(path: Path, project_shapes: Graph) -> None:
    try:
        loaded = load_corpus(make_corpus([path]))
    except InputError:
        pytest.skip("the loader refuses this dataset before validation")
    _agree(loaded, project_shapes)


def test_the_pair_agrees_on_project_data(
    project_loaded: LoadedCorpus, project_shapes: Graph
) -> None:
    _agree(project_loaded, project_shapes)
