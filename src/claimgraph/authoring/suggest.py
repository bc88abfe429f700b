"""Cross-document suggestions: for each claim of an authoring file, claims elsewhere that
may be the same proposition, or that it may attack, for the author to confirm.

Similarity is lexical: TF-IDF weighted cosine over word stems of the claims' labels and
quotes. It finds claims that share wording, not claims that say the same in other words;
``docs/authoring.md`` gives its recall on the reference document.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, RDFS, Dataset, Graph, URIRef

from claimgraph.authoring.compiler import Compiled
from claimgraph.authoring.entities import read_dataset
from claimgraph.rdf.namespace import CG

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_FUNCTION_WORDS = (
    "a an and are as at be been by for from has have in is it its of on or that the this to "
    "was were which with not no so such than their them they these those we us our"
)
STOPWORDS = frozenset(_FUNCTION_WORDS.split(" "))
"""Function words carry no proposition; negations are dropped too (they do not say what about)."""


def stems(text: str) -> list[str]:
    """Lower-case content words cut to six letters (a crude, language-blind stemmer)."""
    return [w[:6] for w in (m.group(0).lower() for m in _WORD.finditer(text)) if w not in STOPWORDS]


@dataclass
class ClaimText:
    """A claim and the words it is compared by."""

    iri: URIRef
    label: str
    claimants: frozenset[URIRef]
    document: URIRef | None
    words: list[str] = field(default_factory=list)
    attacks: frozenset[URIRef] = frozenset()
    same: frozenset[URIRef] = frozenset()


def _union(dataset: Dataset) -> Graph:
    union = Graph()
    for s, p, o, _g in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def claims_of(dataset: Dataset) -> list[ClaimText]:
    """Every claim of a dataset (all its graphs) with its label, quotes, claimants, links."""
    graph = _union(dataset)
    found = []
    for claim in sorted(set(graph.subjects(RDF.type, CG.Claim)), key=str):
        if not isinstance(claim, URIRef):
            continue
        label = str(graph.value(claim, RDFS.label) or "")
        quotes = [str(graph.value(a, CG.exact) or "") for a in graph.objects(claim, CG.anchor)]
        document = graph.value(claim, CG.reportedIn)
        found.append(
            ClaimText(
                claim,
                label,
                frozenset(c for c in graph.objects(claim, CG.claimant) if isinstance(c, URIRef)),
                document if isinstance(document, URIRef) else None,
                stems(" ".join([label, *quotes])),
                frozenset(c for c in graph.objects(claim, CG.attacks) if isinstance(c, URIRef)),
                frozenset(
                    c for c in graph.objects(claim, CG.sameProposition) if isinstance(c, URIRef)
                ),
            )
        )
    return found


def pool_from_files(paths: Iterable[Path], skip: Iterable[Path] = ()) -> Dataset:
    """The claims of the RDF files under some paths, skipping some files."""
    return read_dataset(paths, skip)


@dataclass(frozen=True)
class Suggestion:
    """A candidate link from a claim to another claim, with its similarity (0-1)."""

    claim: URIRef
    candidate: ClaimText
    score: float
    link: str
    """``same-as`` (same claimant) or ``attacks?`` (another claimant)."""


class Suggester:
    """Ranks candidate claims by TF-IDF cosine similarity of their words."""

    def __init__(self, candidates: list[ClaimText]) -> None:
        self.candidates = candidates
        df: Counter[str] = Counter()
        for c in candidates:
            df.update(set(c.words))
        n = max(len(candidates), 1)
        self.idf = {w: math.log((1 + n) / (1 + k)) + 1 for w, k in df.items()}
        self.vectors = [self._vector(c.words) for c in candidates]

    def _vector(self, words: list[str]) -> dict[str, float]:
        counts = Counter(words)
        vec = {
            w: k * self.idf.get(w, math.log(1 + len(self.candidates)) + 1)
            for w, k in counts.items()
        }
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {w: v / norm for w, v in vec.items()}

    def rank(self, claim: ClaimText, top: int = 3, minimum: float = 0.15) -> list[Suggestion]:
        """The best candidates for a claim (never itself), by link kind, ``top`` of each."""
        mine = self._vector(claim.words)
        scored = []
        for candidate, vec in zip(self.candidates, self.vectors, strict=True):
            if candidate.iri == claim.iri:
                continue
            score = sum(v * vec.get(w, 0.0) for w, v in mine.items())
            if score >= minimum:
                link = "same-as" if candidate.claimants & claim.claimants else "attacks?"
                scored.append(Suggestion(claim.iri, candidate, score, link))
        scored.sort(key=lambda s: (-s.score, str(s.candidate.iri)))
        result: list[Suggestion] = []
        for link in ("same-as", "attacks?"):
            result.extend([s for s in scored if s.link == link][:top])
        return result


def suggest(
    compiled: Compiled, pool: Dataset, within: bool = False, top: int = 3
) -> list[Suggestion]:
    """Suggestions for every claim of a compiled document.

    ``within``: also propose claims of the same document (a study of one document, or to
    measure the method on a finished one).
    """
    own = claims_of(compiled.dataset())
    own_iris = {c.iri for c in own}
    others = [c for c in claims_of(pool) if c.iri not in own_iris]
    candidates = others + (own if within else [])
    suggester = Suggester(candidates)
    found: list[Suggestion] = []
    for claim in own:
        found.extend(suggester.rank(claim, top))
    return found


@dataclass(frozen=True)
class Recall:
    """How many of a document's recorded links the suggestions would have proposed."""

    links: int
    found: int

    @property
    def rate(self) -> float:
        """found / links (0 when there are no links)."""
        return self.found / self.links if self.links else 0.0


def evaluate(compiled: Compiled, top: int = 3) -> dict[str, Recall]:
    """Recall@top of the recorded attacks and same-proposition links of a finished document,
    suggesting among its own claims (attack or same-as, whatever the claimant)."""
    own = claims_of(compiled.dataset())
    suggester = Suggester(own)
    result: dict[str, Recall] = {}
    for name in ("attacks", "same-as"):
        links = found = 0
        for claim in own:
            targets = claim.attacks if name == "attacks" else claim.same
            if not targets:
                continue
            ranked = suggester.rank(claim, top=len(own), minimum=0.0)
            best = [s.candidate.iri for s in sorted(ranked, key=lambda s: -s.score)][:top]
            links += len(targets)
            found += len(targets & set(best))
        result[name] = Recall(links, found)
    return result
