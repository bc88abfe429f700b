"""A read-only view of a loaded corpus's union graph, indexed by predicate, in rdflib terms.

The facts model (claims, links, citations) and the statistics read a handful of predicates
from every claim. Building an rdflib ``Dataset`` of the whole corpus for that costs minutes
and gigabytes at a million triples; this view asks Oxigraph for each predicate once, keeps
only those triples, and answers the few rdflib-style calls the readers make. Triples met in
several graphs count once, as in the union graph.

A reader that is done with a predicate :meth:`GraphIndex.forget` s it, so that only the
predicates in use are held at once (at five million triples, holding every predicate read
would take gigabytes). Questions about a few subjects, or about the subjects of one class,
go to the store directly (:meth:`GraphIndex.lookup`, :meth:`GraphIndex.subjects` with an
object) and index nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
from rdflib.term import Node, URIRef

from claimgraph.rdf.terms import to_oxigraph, to_rdflib


class GraphIndex:
    """The union graph of an Oxigraph store, read one predicate at a time."""

    def __init__(self, store: ox.Store) -> None:
        self._store = store
        self._forward: dict[Node, dict[Node, list[Node]]] = {}
        self._backward: dict[Node, dict[Node, list[Node]]] = {}
        # One rdflib term per IRI or blank node: the same node is met many times. Keyed by
        # the rdflib term itself, so that no Oxigraph term is kept. Literals (quotes,
        # labels) are seldom met twice and are not kept here.
        self._terms: dict[Node, Node] = {}

    def _term(self, term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Node:
        node = to_rdflib(term)
        if isinstance(term, ox.Literal):
            return node
        return self._terms.setdefault(node, node)

    def _index(self, predicate: Node) -> dict[Node, list[Node]]:
        forward = self._forward.get(predicate)
        if forward is not None:
            return forward
        pairs: set[tuple[Node, Node]] = set()
        for quad in self._store.quads_for_pattern(None, ox.NamedNode(str(predicate)), None):
            pairs.add((self._term(quad.subject), self._term(quad.object)))
        forward = {}
        # Sorted, so that every reader sees the same order on every run.
        for subject, obj in sorted(pairs, key=lambda pair: (str(pair[0]), str(pair[1]))):
            forward.setdefault(subject, []).append(obj)
        self._forward[predicate] = forward
        return forward

    def _reverse(self, predicate: Node) -> dict[Node, list[Node]]:
        # Made only for the predicates read backwards (few), from the forward index.
        backward = self._backward.get(predicate)
        if backward is None:
            backward = {}
            for subject, objects in self._index(predicate).items():
                for obj in objects:
                    backward.setdefault(obj, []).append(subject)
            self._backward[predicate] = backward
        return backward

    def forget(self, *predicates: URIRef) -> None:
        """Drop what was read of ``predicates``; a later question reads them again."""
        for predicate in predicates:
            self._forward.pop(predicate, None)
            self._backward.pop(predicate, None)

    def forget_terms(self) -> None:
        """Stop sharing the terms met so far (what a reader still holds stays valid): the
        nodes only the forgotten predicates named (a corpus's anchors) are let go."""
        self._terms = {}

    def objects(self, subject: Node, predicate: URIRef) -> list[Node]:
        """The objects of ``subject predicate ?o``."""
        return list(self._index(predicate).get(subject, ()))

    def value(self, subject: Node, predicate: URIRef) -> Node | None:
        """One object of ``subject predicate ?o`` (the first in sorted order), or None."""
        found = self._index(predicate).get(subject)
        return found[0] if found else None

    def lookup(self, subject: Node, predicate: URIRef) -> list[Node]:
        """The objects of ``subject predicate ?o``, as :meth:`objects` gives them, asked of
        the store for this subject alone (for a few subjects of a large predicate)."""
        if predicate in self._forward:
            return self.objects(subject, predicate)
        found = {
            self._term(quad.object)
            for quad in self._store.quads_for_pattern(
                to_oxigraph(subject), ox.NamedNode(str(predicate)), None
            )
        }
        return sorted(found, key=str)

    def subjects(self, predicate: URIRef, obj: Node | None = None) -> list[Node]:
        """The subjects of ``?s predicate obj`` (any object when ``obj`` is None), sorted.

        With an object, the store is asked for that object alone and nothing is indexed."""
        if obj is None:
            return list(self._index(predicate))
        if predicate in self._forward:
            return list(self._reverse(predicate).get(obj, ()))
        found = {
            self._term(quad.subject)
            for quad in self._store.quads_for_pattern(
                None, ox.NamedNode(str(predicate)), to_oxigraph(obj)
            )
        }
        return sorted(found, key=str)

    def pairs(self, predicate: URIRef) -> Iterator[tuple[Node, Node]]:
        """Every ``(subject, object)`` of ``predicate``."""
        for subject, objects in self._index(predicate).items():
            for obj in objects:
                yield subject, obj

    def has(self, subject: Node, predicate: URIRef, obj: Node) -> bool:
        """Whether the union graph holds ``subject predicate obj``."""
        return obj in self._index(predicate).get(subject, ())
