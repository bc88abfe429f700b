"""Entity lookup: the study's actors, authorities, acts, events, places, topics and claims
by slug, label or alias, exactly or fuzzily (rapidfuzz).

Names come from ``rdfs:label``, ``skos:prefLabel``, ``skos:altLabel`` and ``cg:alias`` in
every graph given (the shared graph and all documents), so an author can write "the
Azerbaijani side" or "UN Security Council" and a reader of an error gets "did you mean".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rapidfuzz import fuzz, process, utils
from rdflib import RDF, RDFS, Dataset, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from claimgraph.authoring.anchoring import fold
from claimgraph.corpus.files import rdf_files_in
from claimgraph.corpus.parsing import read_quads
from claimgraph.rdf.namespace import BASE, CG
from claimgraph.rdf.terms import graph_key, to_rdflib

ID = BASE + "id/"
KINDS = (
    "actor",
    "position",
    "doc",
    "claim",
    "anchor",
    "citation",
    "authority",
    "act",
    "event",
    "place",
    "topic",
)
"""The instance kinds of ``https://w3id.org/claimgraph/id/<kind>/<slug>``."""

SEARCHED_KINDS = tuple(k for k in KINDS if k not in ("anchor", "citation"))
"""What ``find`` searches by default: anchors and citations are named by their claim."""
SUGGEST_AT = 55.0
"""The score from which a match is offered as "did you mean"."""

NAME_PROPERTIES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel, CG.alias)


def iri(kind: str, slug: str) -> URIRef:
    """The instance IRI of a kind and a slug."""
    return URIRef(f"{ID}{kind}/{slug}")


def split_iri(value: URIRef | str) -> tuple[str, str] | None:
    """(kind, slug) of an instance IRI, or None."""
    text = str(value)
    if not text.startswith(ID):
        return None
    kind, _, slug = text[len(ID) :].partition("/")
    if kind not in KINDS or not slug:
        return None
    return kind, slug


def _score(a: str, b: str, **kwargs: object) -> float:
    """Whole-name likeness and word-set likeness, averaged (0-100).

    rapidfuzz's WRatio scores a short name high against any long label sharing a word
    ("Lachin road" ~ "ICJ decision on ... the Lachin Corridor"); averaging with the plain
    ratio keeps long, different labels down.
    """
    return (fuzz.QRatio(a, b) + fuzz.token_set_ratio(a, b)) / 2


def _key(name: str) -> str:
    return fold(name).text.casefold()


def read_dataset(paths: Iterable[Path], skip: Iterable[Path] = ()) -> Dataset:
    """The RDF files under some paths (folders are searched), skipping some, as a Dataset.

    Each file is parsed by :func:`claimgraph.corpus.parsing.read_quads`, so a study's files meet
    the same safety checks and limits here as in every other command.
    """
    skipped = {p.resolve() for p in skip}
    dataset = Dataset()
    graphs: dict[str, Graph] = {}
    for index, path in enumerate(rdf_files_in(paths)):
        if path.resolve() in skipped:
            continue
        for quad in read_quads(path, blank_label=f"a{index}"):
            key = graph_key(quad.graph_name)
            graph = graphs.get(key)
            if graph is None:
                name = quad.graph_name
                graph = graphs[key] = (
                    dataset.default_context
                    if isinstance(name, ox.DefaultGraph)
                    else dataset.graph(to_rdflib(name))  # type: ignore[arg-type]
                )
            graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return dataset


@dataclass
class Entity:
    """One named thing of the study."""

    iri: URIRef
    kind: str
    slug: str
    names: list[str] = field(default_factory=list)
    types: list[URIRef] = field(default_factory=list)

    @property
    def curie(self) -> str:
        """``kind:slug``."""
        return f"{self.kind}:{self.slug}"

    def describe(self) -> str:
        """``kind:slug (label 'X', alias 'Y')``."""
        if not self.names:
            return self.curie
        return f"{self.curie} ({', '.join(repr(n) for n in self.names[:3])})"


@dataclass(frozen=True)
class Match:
    """A fuzzy match: the entity, the name that matched and the score (0-100)."""

    entity: Entity
    name: str
    score: float


class LookupFailedError(Exception):
    """A reference that names no entity, or more than one; carries suggestions."""

    def __init__(self, message: str, suggestions: list[Match]) -> None:
        super().__init__(message)
        self.message = message
        self.suggestions = suggestions

    def hint(self) -> str | None:
        """``did you mean ...`` from the suggestions."""
        if not self.suggestions:
            return None
        options = [
            f"{m.entity.curie} ({'slug' if m.name == m.entity.slug else 'named'} {m.name!r})"
            for m in self.suggestions
        ]
        return "did you mean " + " or ".join(options) + "?"


class EntityIndex:
    """Every named instance of some graphs, searchable by slug, name and fuzzily."""

    def __init__(self, entities: Iterable[Entity] = ()) -> None:
        self.entities: dict[URIRef, Entity] = {}
        self._by_name: dict[str, set[URIRef]] = defaultdict(set)
        for entity in entities:
            self.add(entity)

    def add(self, entity: Entity) -> None:
        """Add (or merge) an entity."""
        known = self.entities.get(entity.iri)
        if known is None:
            self.entities[entity.iri] = entity
            known = entity
        else:
            known.names.extend(n for n in entity.names if n not in known.names)
            known.types.extend(t for t in entity.types if t not in known.types)
        for name in known.names:
            self._by_name[_key(name)].add(known.iri)

    @classmethod
    def from_dataset(cls, dataset: Dataset) -> EntityIndex:
        """Index the instances of every graph of a dataset."""
        found: dict[URIRef, Entity] = {}
        for s, p, o, _g in dataset.quads((None, None, None, None)):
            if not isinstance(s, URIRef):
                continue
            parts = split_iri(s)
            if parts is None:
                continue
            entity = found.get(s)
            if entity is None:
                entity = found[s] = Entity(s, parts[0], parts[1])
            if p in NAME_PROPERTIES and isinstance(o, Literal):
                name = str(o)
                if name not in entity.names:
                    entity.names.append(name)
            elif p == RDF.type and isinstance(o, URIRef) and o not in entity.types:
                entity.types.append(o)
        # Deterministic order: by IRI.
        return cls(found[k] for k in sorted(found))

    @classmethod
    def from_files(cls, paths: Iterable[Path], skip: Iterable[Path] = ()) -> EntityIndex:
        """Index the RDF files under some paths (folders are searched), skipping some."""
        return cls.from_dataset(read_dataset(paths, skip))

    def of_kinds(self, kinds: Iterable[str]) -> list[Entity]:
        """The entities of some kinds."""
        wanted = set(kinds)
        return [e for e in self.entities.values() if e.kind in wanted]

    def search(self, name: str, kinds: Iterable[str] = KINDS, limit: int = 5) -> list[Match]:
        """The best fuzzy matches of a name among labels, aliases and slugs."""
        choices: list[tuple[str, Entity]] = []
        for entity in self.of_kinds(kinds):
            choices.append((entity.slug, entity))
            choices.extend((n, entity) for n in entity.names)
        if not choices:
            return []
        results = process.extract(
            _key(name),
            [_key(c[0]) for c in choices],
            scorer=_score,
            processor=utils.default_process,
            limit=limit * 4,
        )
        best: dict[URIRef, Match] = {}
        for _choice, score, index in results:
            label, entity = choices[index]
            known = best.get(entity.iri)
            if known is None or score > known.score:
                best[entity.iri] = Match(entity, label, float(score))
        ranked = sorted(best.values(), key=lambda m: (-m.score, str(m.entity.iri)))
        return ranked[:limit]

    def resolve(self, ref: str, kinds: Iterable[str], what: str) -> Entity:
        """The one entity of ``kinds`` a reference names: ``kind:slug``, a slug or a name.

        Raises :class:`LookupFailedError` with suggestions otherwise.
        """
        kinds = tuple(kinds)
        ref = ref.strip()
        kind, sep, slug = ref.partition(":")
        if sep and kind in KINDS and slug and " " not in slug:
            entity = self.entities.get(iri(kind, slug))
            if entity is not None and kind in kinds:
                return entity
            raise LookupFailedError(f"unknown {what} '{ref}'", self._suggest(slug, kinds))
        by_slug = [e for e in self.of_kinds(kinds) if e.slug == ref]
        if len(by_slug) == 1:
            return by_slug[0]
        named = [
            self.entities[i]
            for i in sorted(self._by_name.get(_key(ref), ()))
            if self.entities[i].kind in kinds
        ]
        candidates = by_slug or named
        if len(candidates) == 1:
            return candidates[0]
        if len(candidates) > 1:
            raise LookupFailedError(
                f"{what} '{ref}' is ambiguous: " + ", ".join(e.curie for e in candidates),
                [Match(e, ref, 100.0) for e in candidates],
            )
        raise LookupFailedError(f"unknown {what} '{ref}'", self._suggest(ref, kinds))

    def _suggest(self, ref: str, kinds: tuple[str, ...]) -> list[Match]:
        return [m for m in self.search(ref, kinds, limit=3) if m.score >= SUGGEST_AT]
