"""Rewriting a checked query so that Oxigraph answers it fast (FILTER [NOT] EXISTS as joins)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import rdflib
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue

from claimgraph.query.check import walk_parse_tree

# --- Helping Oxigraph with EXISTS -------------------------------------------------------------
#
# Oxigraph (0.5) evaluates FILTER [NOT] EXISTS { P } by evaluating P without the outer
# bindings for each solution it filters: a query with such a filter over every claim takes
# time quadratic in the corpus (minutes at 100k triples, hours at 1M). The same question asked
# as a join is answered in a fraction of a second, so before Oxigraph sees a query, filters of
# the form FILTER [NOT] EXISTS { P } are rewritten where the rewrite provably gives the same
# solutions:
#
#   FILTER NOT EXISTS { P }  ->  OPTIONAL { P BIND(true AS ?m) } FILTER(!BOUND(?m))
#   FILTER EXISTS { P }      ->  { SELECT DISTINCT ?shared WHERE { P } }
#
# with P made of triple patterns and FILTERs only (no nested EXISTS), added at the end of
# the group holding the filter. The variables P shares with the rest of the query must be
# bound wherever the filter sees them (checked on rdflib's algebra of the group); otherwise,
# and for SELECT * (which would show the new variables), the query is left as it is. The
# rewritten text is checked to parse, and the tests compare every library query's answers
# on both engines.

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
              |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)
  | (?P<punct>[{}()])
  | (?P<word>[A-Za-z_][A-Za-z0-9_\-]*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    start: int
    end: int


def _tokens(text: str) -> list[_Token]:
    found = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind in ("space", "comment"):
            continue
        found.append(_Token(kind, match[0], match.start(), match.end()))
    return found


def _parse_group(prologue: str, group: str) -> Any:
    """rdflib's algebra for ``SELECT * WHERE { group }``, or None if it does not parse."""
    from rdflib.plugins.sparql.algebra import translateQuery

    try:
        return translateQuery(parseQuery(f"{prologue}\nSELECT * WHERE {{ {group} }}")).algebra
    except Exception:  # rdflib raises several kinds on what it cannot read
        return None


def _group_parts(prologue: str, group: str) -> list[Any] | None:
    try:
        parsed = parseQuery(f"{prologue}\nSELECT * WHERE {{ {group} }}")
    except Exception:
        return None
    where = parsed[1]["where"]
    return list(where["part"]) if "part" in where else []


def _certain_vars(node: Any) -> set[str]:
    from rdflib.plugins.sparql.algebra import translateGroupGraphPattern

    if isinstance(node, CompValue) and node.name == "GroupGraphPatternSub":
        node = translateGroupGraphPattern(node)
    if not isinstance(node, CompValue):
        return set()
    name = node.name
    if name == "SelectQuery":
        return _certain_vars(node.p)
    if name == "BGP":
        return {str(t) for triple in node.triples for t in triple if isinstance(t, rdflib.Variable)}
    if name == "Join":
        return _certain_vars(node.p1) | _certain_vars(node.p2)
    if name in ("LeftJoin", "Minus"):
        return _certain_vars(node.p1)
    if name == "Union":
        return _certain_vars(node.p1) & _certain_vars(node.p2)
    if name in ("Filter", "Extend", "Graph", "ToMultiSet"):
        found = _certain_vars(node.p)
        if name == "Graph" and isinstance(node.term, rdflib.Variable):
            found.add(str(node.term))
        return found
    if name == "Project":
        return _certain_vars(node.p) & {str(v) for v in node.PV}
    return set()


def _variables(tokens: list[_Token]) -> set[str]:
    return {t.text[1:] for t in tokens if t.kind == "var"}


def _simple_pattern(prologue: str, pattern: str) -> tuple[set[str], set[str]] | None:
    """(variables of the triple patterns, all variables) of a pattern made of triple
    patterns and FILTERs without EXISTS, or None for anything else."""
    parts = _group_parts(prologue, pattern)
    if parts is None:
        return None
    in_triples: set[str] = set()
    everywhere: set[str] = set()
    for part in parts:
        if part.name == "TriplesBlock":
            for item in walk_parse_tree(part):
                if isinstance(item, rdflib.Variable):
                    in_triples.add(str(item))
        elif part.name == "Filter":
            for item in walk_parse_tree(part):
                if isinstance(item, CompValue) and item.name in (
                    "Builtin_EXISTS",
                    "Builtin_NOTEXISTS",
                ):
                    return None
        else:
            return None
        for item in walk_parse_tree(part):
            if isinstance(item, rdflib.Variable):
                everywhere.add(str(item))
    return in_triples, everywhere


def optimize_for_oxigraph(text: str) -> str:
    """``text`` with FILTER [NOT] EXISTS rewritten as joins where that is provably the same."""
    return _optimize(text)


_OPTIMIZED: dict[str, str] = {}


def optimizer_cache() -> dict[str, str]:
    """The rewrites made so far (query text -> text sent to Oxigraph), to keep between runs."""
    return _OPTIMIZED


def _optimize(text: str) -> str:
    if text in _OPTIMIZED:
        return _OPTIMIZED[text]
    try:
        result = _rewrite_exists(text)
    except Exception:  # never let an optimisation break a query
        result = text
    if len(_OPTIMIZED) > 5000:
        _OPTIMIZED.clear()
    _OPTIMIZED[text] = result
    return result


def _rewrite_exists(text: str) -> str:
    tokens = _tokens(text)
    if not tokens or re.search(r"(?i)\bSELECT\s+(?:DISTINCT\s+|REDUCED\s+)?\*", text):
        return text
    words = [t.text.upper() if t.kind == "word" else t.text for t in tokens]
    first_form = next(
        (i for i, w in enumerate(words) if w in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")),
        None,
    )
    if first_form is None:
        return text
    prologue = text[: tokens[first_form].start]
    # Match braces and parentheses.
    partner: dict[int, int] = {}
    stack: list[int] = []
    for index, token in enumerate(tokens):
        if token.text in ("{", "("):
            stack.append(index)
        elif token.text in ("}", ")"):
            if not stack:
                return text
            partner[stack.pop()] = index
    if stack:
        return text
    # The EXISTS patterns: their opening brace index -> (keyword index, negated).
    exists_braces: set[int] = set()
    for index, word in enumerate(words):
        if word == "EXISTS" and index + 1 < len(tokens) and tokens[index + 1].text == "{":
            exists_braces.add(index + 1)

    def enclosing(index: int) -> list[int]:
        """Opening braces of the groups holding token ``index``, innermost first."""
        found = []
        for open_index, close_index in partner.items():
            if tokens[open_index].text == "{" and open_index < index < close_index:
                found.append(open_index)
        return sorted(found, reverse=True)

    edits: list[tuple[int, int, str]] = []
    inserts: dict[int, list[str]] = {}
    counter = 0
    for index, word in enumerate(words):
        if word != "FILTER":
            continue
        cursor = index + 1
        paren = cursor < len(tokens) and tokens[cursor].text == "("
        if paren:
            cursor += 1
        negated = cursor < len(words) and words[cursor] == "NOT"
        if negated:
            cursor += 1
        if not (cursor + 1 < len(tokens) and words[cursor] == "EXISTS"):
            continue
        brace = cursor + 1
        if brace not in exists_braces:
            continue
        close = partner[brace]
        end = close
        if paren:
            if (
                close + 1 >= len(tokens)
                or tokens[close + 1].text != ")"
                or partner.get(index + 1) != close + 1
            ):
                continue
            end = close + 1
        groups = enclosing(index)
        if not groups or any(g in exists_braces for g in groups):
            continue
        group = groups[0]
        group_close = partner[group]
        pattern_text = text[tokens[brace].end : tokens[close].start]
        simple = _simple_pattern(prologue, pattern_text)
        if simple is None:
            continue
        in_triples, everywhere = simple
        outside = _variables(tokens[:brace] + tokens[close + 1 :])
        rest_of_group = (
            text[tokens[group].end : tokens[index].start]
            + " "
            + text[tokens[end].end : tokens[group_close].start]
        )
        algebra = _parse_group(prologue, rest_of_group)
        if algebra is None:
            continue
        certain = _certain_vars(algebra)
        optional_group = group > 0 and words[group - 1] == "OPTIONAL"
        marker = f"?__cgm{counter}"
        if negated:
            if optional_group and not (everywhere & outside) <= certain:
                continue
            replacement = f"FILTER(!BOUND({marker}))"
            addition = f"OPTIONAL {{ {pattern_text} BIND(true AS {marker}) }}"
        else:
            shared = in_triples & outside
            if not shared or not shared <= certain or not everywhere <= in_triples:
                continue
            variables = " ".join(f"?{v}" for v in sorted(shared))
            replacement = ""
            addition = f"{{ SELECT DISTINCT {variables} WHERE {{ {pattern_text} }} }}"
        counter += 1
        edits.append((tokens[index].start, tokens[end].end, replacement))
        inserts.setdefault(tokens[group_close].start, []).append(addition)
    if not edits:
        return text
    changes = [(start, end, new) for start, end, new in edits]
    changes += [(at, at, " " + " ".join(added) + " ") for at, added in inserts.items()]
    result = text
    for start, end, new in sorted(changes, key=lambda c: (c[0], c[1]), reverse=True):
        result = result[:start] + new + result[end:]
    try:
        parseQuery(result)
    except Exception:
        return text
    return result
