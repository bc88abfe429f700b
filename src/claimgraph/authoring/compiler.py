"""Compile an authoring file (YAML, see ``docs/authoring.md``) into a document's TriG.

The compiler fills in everything a person should not type: IRIs from short keys, anchors
with offsets, prefix and suffix from the quotes, the document header with the text's
SHA-256, the reporter and the mode of every claim. Every problem found is reported with
the line and column of the authoring file, and with a fix where one can be guessed (a
"did you mean" from the study's names, the context words that pick an occurrence).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import process
from rdflib import RDF, RDFS, Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, XSD

from claimgraph.authoring import anchoring
from claimgraph.authoring.entities import ID, KINDS, Entity, EntityIndex, LookupFailedError, iri
from claimgraph.authoring.yamlnodes import (
    LList,
    LMap,
    Located,
    Node,
    load_file,
    load_text,
    position_of,
)
from claimgraph.corpus.anchors import Anchor
from claimgraph.errors import AuthoringError, InputError, Position
from claimgraph.rdf.limits import read_source_text
from claimgraph.rdf.namespace import BASE, CG

GRAPH = BASE + "graph/"
FORMAT_VERSION = 1

MODES = {"direct": CG.DirectMode, "reported": CG.ReportedMode, "implied": CG.ImpliedMode}
SPEECH_ACTS = {
    "assertion": CG.Assertion,
    "denial": CG.Denial,
    "rejection": CG.Rejection,
    "accusation": CG.Accusation,
    "characterisation": CG.Characterisation,
    "conviction": CG.Conviction,
    "reminder": CG.Reminder,
    "emphasis": CG.Emphasis,
}
ATTACKS = {
    "denies": CG.DenialAttack,
    "counters": CG.CounterEvidenceAttack,
    "reframes": CG.ReframingAttack,
    "imputes-motive": CG.MotiveAttack,
}
"""Attack fields: each names the claims attacked and, by its name, the kind of attack."""
INTENTS = {"authority": CG.AsAuthority, "evidence": CG.AsEvidence}

DOCUMENT_FIELDS = (
    "format",
    "document",
    "text",
    "sha256",
    "title",
    "label",
    "comment",
    "author",
    "genre",
    "language",
    "responds-to",
    "claim-prefix",
    "speakers",
    "claims",
)
CLAIM_FIELDS = (
    "quote",
    "label",
    "comment",
    "by",
    "mode",
    "act",
    "about",
    "topics",
    *ATTACKS,
    "supports",
    "same-as",
    "cites",
)
CITATION_FIELDS = ("authority", "act", "intent", "pinpoint", "quote")
ABOUT_KINDS = ("actor", "place", "authority", "position", "event", "act", "doc")
EVENT_KINDS = ("event", "act")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

PREFIXES = {
    "rdfs": str(RDFS),
    "dcterms": str(DCTERMS),
    "cg": str(CG),
    **{kind: f"{ID}{kind}/" for kind in KINDS if kind != "position"},
    "graph": GRAPH,
}


@dataclass
class Statement:
    """A subject and its predicate-objects in the order they are written out."""

    subject: URIRef
    pairs: list[tuple[URIRef, URIRef | Literal]] = field(default_factory=list)

    def add(self, predicate: URIRef, obj: URIRef | Literal | None) -> None:
        """Add a pair (None is skipped)."""
        if obj is not None and (predicate, obj) not in self.pairs:
            self.pairs.append((predicate, obj))


@dataclass
class Compiled:
    """A compiled document: its graph name, statements in order, and warnings."""

    graph: URIRef
    statements: list[Statement]
    warnings: list[str]

    def dataset(self) -> Dataset:
        """The document as an rdflib Dataset (one named graph)."""
        ds = Dataset()
        g = ds.graph(self.graph)
        for st in self.statements:
            for p, o in st.pairs:
                g.add((st.subject, p, o))
        return ds

    def trig(self, header: str = "") -> str:
        """The document as TriG, in the authoring file's order (deterministic)."""
        lines = [header] if header else []
        lines += [f"@prefix {name}: <{ns}> ." for name, ns in PREFIXES.items()]
        lines += ["", f"{_term(self.graph)} {{", ""]
        for st in self.statements:
            lines.append(f"    {_term(st.subject)}" + _pairs(st.pairs))
            lines.append("")
        lines.append("}")
        return "\n".join(lines) + "\n"


def _term(term: URIRef | Literal) -> str:
    if isinstance(term, Literal):
        if term.datatype == XSD.integer:
            return str(term)
        return term.n3()
    text = str(term)
    for name, ns in PREFIXES.items():
        if text.startswith(ns) and re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*", text[len(ns) :]):
            return f"{name}:{text[len(ns) :]}"
    if text == str(RDF.type):
        return "a"
    return f"<{text}>"


def _pairs(pairs: list[tuple[URIRef, URIRef | Literal]]) -> str:
    grouped: dict[URIRef, list[URIRef | Literal]] = {}
    for p, o in pairs:
        grouped.setdefault(p, []).append(o)
    parts = []
    for p, objects in grouped.items():
        name = "a" if p == RDF.type else _term(p)
        parts.append(f"{name} {' , '.join(_term(o) for o in objects)}")
    return " " + " ;\n        ".join(parts) + " ."


# --- reading helpers --------------------------------------------------------------------


class _Reader:
    """Reads nodes, collecting errors with positions instead of stopping at the first."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.errors: list[InputError] = []

    def error(self, node: Node | Position | None, message: str, hint: str | None = None) -> None:
        position = node if isinstance(node, Position) or node is None else position_of(node)
        self.errors.append(InputError(message, source=self.source, position=position, hint=hint))

    def mapping(self, node: Node | None, what: str) -> LMap | None:
        if node is None:
            return None
        if not isinstance(node, LMap):
            self.error(node, f"{what} must be a mapping of 'field: value' lines")
            return None
        return node

    def text(self, node: Node | None, what: str) -> Located | None:
        if node is None:
            return None
        if not isinstance(node, Located) or node.value is None or isinstance(node.value, bool):
            self.error(node, f"{what} must be a text")
            return None
        if not isinstance(node.value, str):
            return Located(str(node.value), node.line, node.column)
        return node

    def texts(self, node: Node | None, what: str) -> list[Located]:
        """A text or a list of texts."""
        if node is None:
            return []
        if isinstance(node, LList):
            found = [self.text(item, what) for item in node.items]
            return [f for f in found if f is not None]
        one = self.text(node, what)
        return [one] if one is not None else []

    def unknown_fields(self, node: LMap, allowed: tuple[str, ...], what: str) -> None:
        for key in node.items:
            if key not in allowed:
                line, column = node.key_lines[key]
                best = process.extractOne(key, allowed)
                hint = f"did you mean '{best[0]}'?" if best and best[1] >= 60 else None
                self.error(
                    Position(line, column),
                    f"unknown field '{key}' in {what}",
                    hint or f"fields are: {', '.join(allowed)}",
                )

    def choice(self, node: Node | None, options: dict[str, URIRef], what: str) -> URIRef | None:
        located = self.text(node, what)
        if located is None:
            return None
        value = str(located.value).strip().lower()
        if value in options:
            return options[value]
        best = process.extractOne(value, list(options))
        hint = f"did you mean '{best[0]}'?" if best and best[1] >= 60 else None
        self.error(
            located, f"unknown {what} '{located.value}'", hint or f"one of: {', '.join(options)}"
        )
        return None


# --- the compiler -----------------------------------------------------------------------


@dataclass
class _Claim:
    key: str
    node: LMap
    iri: URIRef


class Compiler:
    """Turns one authoring file into statements; errors are collected, then raised."""

    def __init__(self, source: str, text: str, index: EntityIndex) -> None:
        self.read = _Reader(source)
        self.text = text
        self.index = index
        self.speakers: dict[str, tuple[Entity, str]] = {}
        self.warnings: list[str] = []
        self.first_label = ""

    # references -------------------------------------------------------------------------

    def entity(self, located: Located, kinds: tuple[str, ...], what: str) -> Entity | None:
        name = str(located.value)
        if what == "actor":
            speaker = self.speakers.get(_name_key(name))
            if speaker is not None:
                return speaker[0]
        try:
            return self.index.resolve(name, kinds, what)
        except LookupFailedError as exc:
            self.read.error(located, exc.message, _scaffold_hint(exc, name, kinds))
            return None

    def claim_ref(self, located: Located, claims: dict[str, _Claim]) -> URIRef | None:
        ref = str(located.value).strip()
        if ref in claims:
            return claims[ref].iri
        try:
            return self.index.resolve(ref, ("claim",), "claim").iri
        except LookupFailedError as exc:
            local = process.extract(ref, list(claims), limit=2)
            options = [f"'{k}'" for k, score, _ in local if score >= 60]
            options += [m.entity.curie for m in exc.suggestions]
            hint = (
                f"did you mean {' or '.join(options)}?"
                if options
                else ("a claim key of this file, or claim:<slug> of a claim in another document")
            )
            self.read.error(located, f"unknown claim '{ref}'", hint)
            return None

    def anchors(
        self, owner: str, nodes: list[Located], doc: URIRef, out: list[Statement]
    ) -> list[URIRef]:
        """Anchor statements for the quotes of a claim or citation; their IRIs."""
        found: list[Anchor] = []
        for number, located in enumerate(nodes):
            parts = self.quote(located)
            if number == 0 and parts:
                # The default label: the first quote in the text's own characters, its
                # parts joined by " ... " as the author wrote them.
                self.first_label = " ... ".join(a.exact for a in parts)
            found.extend(parts)
        iris = []
        for number, anchor in enumerate(found, 1):
            subject = iri("anchor", owner if number == 1 else f"{owner}-{number}")
            st = Statement(subject)
            st.add(RDF.type, CG.QuoteAnchor)
            st.add(CG.inDocument, doc)
            st.add(CG.exact, Literal(anchor.exact))
            st.add(CG.start, Literal(anchor.start))
            st.add(CG.end, Literal(anchor.end))
            st.add(CG.prefix, Literal(anchor.prefix))
            st.add(CG.suffix, Literal(anchor.suffix))
            out.append(st)
            iris.append(subject)
        return iris

    def quote(self, located: Located) -> list[Anchor]:
        """One written quote: one anchor, or one per part of ``X ... Y``."""
        written = str(located.value)
        try:
            return [anchoring.find(self.text, written)]
        except InputError as exc:
            parts = [p for p in re.split(r"\s*(?:\.\.\.|…)\s*", written) if p.strip()]
            if len(parts) < 2 or "does not occur" not in exc.message:
                self.read.error(located, exc.message, exc.hint)
                return []
        result: list[Anchor] = []
        after = 0
        for number, part in enumerate(parts):
            options = [o for o in anchoring.occurrences(self.text, part) if o.start >= after]
            if not options or (number == 0 and len(options) > 1):
                try:
                    anchoring.find(self.text[after:], part)
                except InputError as exc:
                    self.read.error(
                        located, f"in part {number + 1} of 'X ... Y': {exc.message}", exc.hint
                    )
                    return []
            chosen = options[0]
            result.append(anchoring.anchor_at(self.text, chosen.start, chosen.end))
            after = chosen.end
        return result

    # the document -----------------------------------------------------------------------

    def compile(self, root: Node, text_file: str, sha256: str) -> Compiled:
        read = self.read
        top = read.mapping(root, "the authoring file")
        if top is None:
            raise AuthoringError(read.errors)
        read.unknown_fields(top, DOCUMENT_FIELDS, "the document")
        items = top.items
        slug_node = read.text(items.get("document"), "document")
        if slug_node is None:
            read.error(
                top, "the document needs 'document: <slug>'", "lower-case words joined by hyphens"
            )
            raise AuthoringError(read.errors)
        slug = str(slug_node.value)
        if not SLUG.match(slug):
            read.error(slug_node, f"'{slug}' is not a slug", "lower-case words joined by hyphens")
        doc = iri("doc", slug)
        graph = URIRef(f"{GRAPH}doc/{slug}")
        given_sha = read.text(items.get("sha256"), "sha256")
        if given_sha is not None and str(given_sha.value).lower() != sha256:
            read.error(
                given_sha,
                "the text's SHA-256 is not the one written here",
                f"the text's is {sha256}; the text changed since, or the wrong text is named",
            )

        for name_node, ref_node in (
            read.mapping(items.get("speakers"), "speakers") or LMap(0, 0)
        ).items.items():
            ref = read.text(ref_node, "a speaker's actor")
            if ref is None:
                continue
            try:
                entity = self.index.resolve(str(ref.value), ("actor",), "actor")
            except LookupFailedError as exc:
                read.error(ref, exc.message, _scaffold_hint(exc, str(ref.value), ("actor",)))
                continue
            self.speakers[_name_key(name_node)] = (entity, name_node)

        author_node = read.text(items.get("author"), "author")
        author: Entity | None = None
        if author_node is None:
            read.error(top, "the document needs 'author: <name or actor:slug>'")
        else:
            author = self.entity(author_node, ("actor",), "actor")
        author_name = str(author_node.value) if author_node is not None else ""

        title = read.text(items.get("title"), "title")
        if title is None:
            read.error(top, "the document needs 'title: ...'")
        label = read.text(items.get("label"), "label") or title
        statements: list[Statement] = []
        head = Statement(graph)
        head.add(RDF.type, CG.DocumentGraph)
        head.add(CG.graphOf, doc)
        statements.append(head)
        document = Statement(doc)
        document.add(RDF.type, CG.SourceDocument)
        document.add(RDFS.label, _lit(label))
        document.add(DCTERMS.title, _lit(title))
        document.add(RDFS.comment, _lit(read.text(items.get("comment"), "comment")))
        document.add(CG.author, author.iri if author else None)
        document.add(CG.genre, _lit(read.text(items.get("genre"), "genre")))
        document.add(CG.language, _lit(read.text(items.get("language"), "language")))
        document.add(CG.textFile, Literal(text_file))
        document.add(CG.textSha256, Literal(sha256))
        for ref in read.texts(items.get("responds-to"), "responds-to"):
            target = self.entity(ref, ("event", "act", "doc"), "event or document")
            document.add(CG.respondsTo, target.iri if target else None)
        statements.append(document)

        prefix_node = read.text(items.get("claim-prefix"), "claim-prefix")
        prefix = str(prefix_node.value) if prefix_node is not None else slug
        raw_claims = items.get("claims")
        if isinstance(raw_claims, Located) and raw_claims.value is None:
            read.error(
                raw_claims, "'claims' is empty", "write one entry per claim: key, then quote"
            )
            raw_claims = None
        elif raw_claims is None:
            read.error(top, "the document needs 'claims:'", "one entry per claim: key, then quote")
        claims_node = read.mapping(raw_claims, "claims")
        claims: dict[str, _Claim] = {}
        for key, node in (claims_node.items if claims_node else {}).items():
            line, column = claims_node.key_lines[key] if claims_node else (0, 0)
            if not SLUG.match(key):
                read.error(
                    Position(line, column),
                    f"claim key '{key}' is not a slug",
                    "lower-case words joined by hyphens",
                )
            body = read.mapping(node, f"claim '{key}'")
            if body is not None:
                claims[key] = _Claim(key, body, iri("claim", f"{prefix}-{key}"))
        if claims_node is not None and not claims_node.items:
            read.error(claims_node, "'claims' is empty")
        for claim in claims.values():
            self.claim(claim, claims, doc, author, author_name, statements)
        if read.errors:
            raise AuthoringError(read.errors)
        return Compiled(graph, statements, self.warnings)

    def claim(
        self,
        claim: _Claim,
        claims: dict[str, _Claim],
        doc: URIRef,
        author: Entity | None,
        author_name: str,
        out: list[Statement],
    ) -> None:
        read = self.read
        node = claim.node
        items = node.items
        read.unknown_fields(node, CLAIM_FIELDS, f"claim '{claim.key}'")
        slug = claim.iri[len(f"{ID}claim/") :]
        quotes = read.texts(items.get("quote"), "quote")
        if not quotes:
            read.error(node, f"claim '{claim.key}' needs 'quote: <words of the text>'")
        extra: list[Statement] = []
        self.first_label = ""
        anchors = self.anchors(slug, quotes, doc, extra)
        default_label = self.first_label

        claimants: list[tuple[Entity, str]] = []
        for by in read.texts(items.get("by"), "by"):
            entity = self.entity(by, ("actor",), "actor")
            if entity is not None:
                claimants.append((entity, str(by.value)))
        if not items.get("by") and author is not None:
            claimants.append((author, author_name))
        all_author = bool(claimants) and all(
            author is not None and e.iri == author.iri for e, _ in claimants
        )
        mode, act = self.mode_and_act(items.get("act"))
        if "mode" in items:
            mode = read.choice(items["mode"], MODES, "mode")
        if mode is None:
            mode = CG.DirectMode if all_author else CG.ReportedMode

        st = Statement(claim.iri)
        st.add(RDF.type, CG.Claim)
        attacked: list[URIRef] = []
        kinds: list[URIRef] = []
        for field_name, kind in ATTACKS.items():
            refs = read.texts(items.get(field_name), field_name)
            for ref in refs:
                target = self.claim_ref(ref, claims)
                if target is not None:
                    attacked.append(target)
            if refs:
                kinds.append(kind)
        if attacked:
            st.add(RDF.type, CG.Rebuttal)
        label = read.text(items.get("label"), "label")
        st.add(
            RDFS.label,
            _lit(label) if label else (Literal(default_label) if default_label else None),
        )
        st.add(RDFS.comment, _lit(read.text(items.get("comment"), "comment")))
        for entity, _ in claimants:
            st.add(CG.claimant, entity.iri)
        for _, name in claimants:
            st.add(CG.claimantNamedAs, Literal(name))
        st.add(CG.reportedIn, doc)
        st.add(CG.reportedBy, author.iri if author else None)
        st.add(CG.mode, mode)
        st.add(CG.speechAct, act)
        for a in anchors:
            st.add(CG.anchor, a)
        for ref in read.texts(items.get("about"), "about"):
            entity = self.entity(ref, ABOUT_KINDS, "entity")
            if entity is not None:
                st.add(CG.refersToEvent if entity.kind in EVENT_KINDS else CG.about, entity.iri)
        for ref in read.texts(items.get("topics"), "topic"):
            entity = self.entity(ref, ("topic",), "topic")
            st.add(CG.topic, entity.iri if entity else None)
        for ref in read.texts(items.get("same-as"), "same-as"):
            st.add(CG.sameProposition, self.claim_ref(ref, claims))
        for target in attacked:
            st.add(CG.attacks, target)
        for kind in kinds:
            st.add(CG.attackKind, kind)
        for ref in read.texts(items.get("supports"), "supports"):
            st.add(CG.supports, self.claim_ref(ref, claims))
        # Reorder so that attackKind/supports follow attacks, as a reader expects.
        out.append(st)
        out.extend(extra)
        self.citations(items.get("cites"), slug, claim.iri, doc, out)

    def mode_and_act(self, node: Node | None) -> tuple[URIRef | None, URIRef]:
        """``act: [mode] speech-act`` (``implied rejection``, ``denial``): both in one line."""
        located = self.read.text(node, "act")
        if located is None:
            return None, CG.Assertion
        mode: URIRef | None = None
        act: URIRef = CG.Assertion
        for word in str(located.value).lower().split():
            if word in MODES:
                mode = MODES[word]
            elif word in SPEECH_ACTS:
                act = SPEECH_ACTS[word]
            else:
                options = [*MODES, *SPEECH_ACTS]
                best = process.extractOne(word, options)
                hint = f"did you mean '{best[0]}'?" if best and best[1] >= 60 else None
                self.read.error(
                    located,
                    f"unknown mode or speech act '{word}'",
                    hint or f"modes: {', '.join(MODES)}; speech acts: {', '.join(SPEECH_ACTS)}",
                )
        return mode, act

    def citations(
        self, node: Node | None, claim_slug: str, claim: URIRef, doc: URIRef, out: list[Statement]
    ) -> None:
        read = self.read
        if node is None:
            return
        entries = node.items if isinstance(node, LList) else [node]
        used: dict[str, int] = {}
        for entry in entries:
            if isinstance(entry, Located):
                entry = LMap(
                    entry.line,
                    entry.column,
                    {"authority": entry},
                    {"authority": (entry.line, entry.column)},
                )
            body = read.mapping(entry, "a citation")
            if body is None:
                continue
            read.unknown_fields(body, CITATION_FIELDS, "a citation")
            ref = read.text(body.items.get("authority"), "authority")
            if ref is None:
                read.error(body, "a citation needs 'authority: <name>'")
                continue
            authority = self.entity(ref, ("authority", "actor"), "authority")
            if authority is None:
                continue
            used[authority.slug] = used.get(authority.slug, 0) + 1
            local = f"{claim_slug}-{authority.slug}"
            if used[authority.slug] > 1:
                local += f"-{used[authority.slug]}"
            st = Statement(iri("citation", local))
            st.add(RDF.type, CG.Citation)
            st.add(CG.citingClaim, claim)
            st.add(CG.citedAuthority, authority.iri)
            act_ref = read.text(body.items.get("act"), "act")
            if act_ref is not None:
                act = self.entity(act_ref, ("act",), "authority act")
                st.add(CG.citedAct, act.iri if act else None)
            st.add(CG.pinpoint, _lit(read.text(body.items.get("pinpoint"), "pinpoint")))
            intent = (
                read.choice(body.items["intent"], INTENTS, "citation intent")
                if "intent" in body.items
                else CG.AsAuthority
            )
            st.add(CG.citationIntent, intent)
            extra: list[Statement] = []
            for a in self.anchors(local, read.texts(body.items.get("quote"), "quote"), doc, extra):
                st.add(CG.anchor, a)
            out.append(st)
            out.extend(extra)


def _lit(node: Located | None) -> Literal | None:
    return Literal(str(node.value)) if node is not None else None


def _name_key(name: str) -> str:
    return anchoring.fold(name).text.casefold()


def _scaffold_hint(exc: LookupFailedError, name: str, kinds: tuple[str, ...]) -> str:
    """'did you mean', plus how to add an alias or a new entity with its required fields."""
    best = exc.suggestions[0] if exc.suggestions else None
    if best is not None and "ambiguous" not in exc.message:
        return (
            f"{exc.hint()} If it is the same, add the alias to the shared graph: "
            f"{best.entity.curie} {'skos:altLabel' if best.entity.kind == 'topic' else 'cg:alias'}"
            f" {Literal(name).n3()} ."
        )
    if "ambiguous" in exc.message:
        return "write kind:slug, e.g. " + " or ".join(m.entity.curie for m in exc.suggestions)
    return "or add it to the shared graph: " + scaffold(kinds[0], name)


def slugify(name: str) -> str:
    """A slug from a name: lower-case ASCII words joined by hyphens."""
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_name.lower())
    return "-".join(w for w in words if w not in ("the", "a", "an")) or "entity"


def scaffold(kind: str, name: str) -> str:
    """A new entity's TriG (for the shared graph), with the fields its shapes require."""
    slug = slugify(name)
    label = Literal(name).n3()
    if kind == "topic":
        return (
            f"topic:{slug} a cg:Topic , skos:Concept ; skos:prefLabel {label} ; "
            "skos:inScheme topic:scheme ; skos:topConceptOf topic:scheme ."
        )
    # Actors and authorities need a kind (cgsh:ActorIsTyped, cgsh:AuthorityIsTyped): the
    # likeliest one is written, and the comment names the others to choose from.
    classes = {
        "actor": "cg:Organisation",
        "authority": "cg:BodyOfNorms",
        "event": "cg:Event",
        "place": "cg:Place",
        "act": "cg:AuthorityAct",
    }
    choices = {
        "actor": "  # or cg:Person, cg:Polity, cg:ActorGroup",
        "authority": "  # or cg:Court, cg:UNOrgan, cg:InternationalOrganisation, "
        "cg:GroupOfStates, cg:TreatyOrDeclaration",
    }
    extra = " ; cg:actOf authority:<slug>" if kind == "act" else ""
    return (
        f"{kind}:{slug} a {classes.get(kind, 'cg:' + kind.title())} ; rdfs:label {label}{extra} ."
        + choices.get(kind, "")
    )


# --- entry points -----------------------------------------------------------------------


def text_path(data_folder: Path, relative: str) -> Path:
    """The text file named by ``text:``, which must stay inside the data folder."""
    base = data_folder.resolve()
    path = (base / relative).resolve()
    if not path.is_relative_to(base):
        raise InputError(f"the text '{relative}' is outside the data folder {data_folder}")
    return path


def read_header(root: Node, source: str) -> tuple[str, Located]:
    """The ``text:`` of an authoring file (needed before compiling)."""
    if not isinstance(root, LMap) or not isinstance(root.items.get("text"), Located):
        raise InputError(
            "the authoring file needs 'text: sources/<slug>.txt' (relative to the data folder)",
            source=source,
            position=Position(1, 1),
        )
    node = root.items["text"]
    assert isinstance(node, Located)
    return str(node.value), node


def default_data_folder(authoring: Path) -> Path:
    """The data folder of an authoring file at ``<data>/documents/<slug>.yaml``."""
    return authoring.resolve().parent.parent


def compile_file(
    path: Path, data_folder: Path | None = None, index: EntityIndex | None = None
) -> Compiled:
    """Compile an authoring file; ``index`` defaults to every RDF file of the data folder."""
    root = load_file(path)
    return compile_node(root, str(path), data_folder or default_data_folder(path), index, path)


def compile_text(
    yaml_text: str, source: str, data_folder: Path, index: EntityIndex | None = None
) -> Compiled:
    """Compile authoring YAML given as text."""
    return compile_node(load_text(yaml_text, source), source, data_folder, index, None)


def compile_node(
    root: Node, source: str, data_folder: Path, index: EntityIndex | None, path: Path | None
) -> Compiled:
    """Compile parsed authoring YAML."""
    relative, node = read_header(root, source)
    try:
        text_file = text_path(data_folder, relative)
        data = read_source_text(text_file, relative)
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError, InputError) as exc:
        message = exc.message if isinstance(exc, InputError) else f"cannot read the text: {exc}"
        raise InputError(message, source=source, position=position_of(node)) from exc
    if index is None:
        skip = [path.with_suffix(".trig")] if path is not None else []
        index = EntityIndex.from_files([data_folder], skip=skip)
        for entity in claims_of_authoring_files(data_folder / "documents", path):
            index.add(entity)
    compiler = Compiler(source, text, index)
    return compiler.compile(root, relative, hashlib.sha256(data).hexdigest())


def claims_of_authoring_files(folder: Path, skip: Path | None) -> list[Entity]:
    """The claims the other authoring files of a folder declare, compiled or not.

    So that documents may refer to each other's claims whatever order they are compiled
    in. A file that cannot be read is passed over here: compiling it reports its errors.
    """
    found: list[Entity] = []
    if not folder.is_dir():
        return found
    for path in sorted(folder.glob("*.y*ml")):
        if skip is not None and path.resolve() == skip.resolve():
            continue
        try:
            root = load_file(path)
        except InputError:
            continue
        if not isinstance(root, LMap):
            continue
        document = root.items.get("document")
        prefix = root.items.get("claim-prefix") or document
        claims = root.items.get("claims")
        if not isinstance(prefix, Located) or not isinstance(claims, LMap):
            continue
        for key in claims.items:
            slug = f"{prefix.value}-{key}"
            found.append(Entity(iri("claim", slug), "claim", slug, [key]))
    return found


def iter_quotes(root: Node) -> Iterator[tuple[str, Located]]:
    """(owner, quote) for every quote of an authoring file: claims and citations."""
    if not isinstance(root, LMap) or not isinstance(root.items.get("claims"), LMap):
        return
    claims = root.items["claims"]
    assert isinstance(claims, LMap)
    for key, body in claims.items.items():
        if not isinstance(body, LMap):
            continue
        for q in _quote_nodes(body.items.get("quote")):
            yield key, q
        cites = body.items.get("cites")
        entries = cites.items if isinstance(cites, LList) else [cites] if cites else []
        for entry in entries:
            if isinstance(entry, LMap):
                for q in _quote_nodes(entry.items.get("quote")):
                    yield f"{key} (citation)", q


def _quote_nodes(node: Node | None) -> list[Located]:
    if isinstance(node, Located) and node.value is not None:
        return [node]
    if isinstance(node, LList):
        return [i for i in node.items if isinstance(i, Located)]
    return []
