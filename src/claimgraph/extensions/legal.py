"""The legal-proceedings extension (``ontology/extensions/legal/legal.ttl``, prefix ``legal:``)."""

# Term names are the ontology's own (mixedCase properties), as in claimgraph.rdf.namespace.
# ruff: noqa: N815

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from claimgraph.rdf.namespace import BASE

LEGAL_ONTOLOGY_IRI = URIRef(BASE + "ext/legal")
"""The extension's ontology IRI; its version IRI is ``LEGAL_ONTOLOGY_IRI + "/" + version``."""


class LEGAL(DefinedNamespace):
    """Proceedings, court orders, provisional measures and article-level pinpoints."""

    _NS = Namespace(BASE + "ext/legal#")
    _fail = True

    # --- proceedings ----------------------------------------------------------------
    Proceedings: URIRef  # a case before a court (a cg:Event)
    beforeCourt: URIRef  # Proceedings -> cg:Court
    party: URIRef  # Proceedings -> cg:Actor (a cg:participant)
    applicant: URIRef  # Proceedings -> cg:Actor (a legal:party)
    respondent: URIRef  # Proceedings -> cg:Actor (a legal:party)
    inProceedings: URIRef  # cg:AuthorityAct -> Proceedings

    # --- decisions and hearings -----------------------------------------------------
    Order: URIRef  # a cg:Decision made in the course of proceedings
    ProvisionalMeasuresOrder: URIRef  # an Order on provisional measures
    Judgment: URIRef  # a cg:Decision on merits, jurisdiction or admissibility
    ProvisionalMeasuresHearing: URIRef  # a cg:Hearing on provisional measures

    # --- what a decision prescribes -------------------------------------------------
    OrderedMeasure: URIRef  # one measure of a decision's operative part (a cg:Provision)
    measureOf: URIRef  # OrderedMeasure -> cg:Decision
    addressee: URIRef  # OrderedMeasure -> cg:Actor
    operativeText: URIRef  # the decision's own words (literal)

    # --- instruments and their articles ---------------------------------------------
    signatory: URIRef  # cg:TreatyOrDeclaration -> cg:Actor
    Article: URIRef  # a numbered article or point of an instrument (a cg:Provision)
    articleNumber: URIRef  # "2", "6" (literal)
    paragraphNumber: URIRef  # "4" in Article 2(4) (literal)
