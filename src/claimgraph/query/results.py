"""SPARQL results writers: a terminal table and the four SPARQL 1.1 results formats.

CSV and TSV follow "SPARQL 1.1 Query Results CSV and TSV Formats" (rdflib has no TSV
writer); JSON and XML follow their W3C recommendations. Column order is the query's.
Everything is written by hand here so the output is byte-for-byte deterministic.
"""

from __future__ import annotations

import io
import json
import re
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from claimgraph.extensions import EXTENSION_PREFIXES
from claimgraph.query.engine import QueryResult
from claimgraph.rdf.namespace import PREFIXES

# Shown to people: the core's prefixes and those of the extensions shipped with claimgraph.
_DISPLAY_PREFIXES = {**PREFIXES, **EXTENSION_PREFIXES}

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _ntriples(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    assert isinstance(term, Literal)
    return term.n3()


def _csv_field(value: str) -> str:
    if any(c in value for c in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def to_csv(result: QueryResult) -> str:
    """SPARQL 1.1 CSV: plain values, lines ended by CRLF."""
    if result.kind == "ASK":
        return "_askResult\r\n" + ("true" if result.boolean else "false") + "\r\n"
    lines = [",".join(_csv_field(v) for v in result.variables)]
    for row in result.rows:
        cells = []
        for term in row:
            if term is None:
                cells.append("")
            elif isinstance(term, BNode):
                cells.append(_csv_field(f"_:{term}"))
            else:
                cells.append(_csv_field(str(term)))
        lines.append(",".join(cells))
    return "\r\n".join(lines) + "\r\n"


def _tsv_term(term: Node) -> str:
    # TSV carries terms in Turtle syntax; tabs and newlines inside literals are escaped so
    # that each solution stays one line.
    text = _ntriples(term)
    return text.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def to_tsv(result: QueryResult) -> str:
    """SPARQL 1.1 TSV: a ``?var`` header, terms in N-Triples syntax, lines ended by LF."""
    if result.kind == "ASK":
        return "?_askResult\n" + ("true" if result.boolean else "false") + "\n"
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    for row in result.rows:
        lines.append("\t".join("" if t is None else _tsv_term(t) for t in row))
    return "\n".join(lines) + "\n"


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None:
        out["datatype"] = str(term.datatype)
    return out


def to_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON."""
    if result.kind == "ASK":
        document: dict[str, object] = {"head": {}, "boolean": bool(result.boolean)}
    else:
        bindings = [
            {v: _json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
            for row in result.rows
        ]
        document = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def to_xml(result: QueryResult) -> str:
    """SPARQL Query Results XML Format."""
    out = io.StringIO()
    out.write('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n')
    out.write("  <head>\n")
    for v in result.variables:
        out.write(f"    <variable name={quoteattr(v)}/>\n")
    out.write("  </head>\n")
    if result.kind == "ASK":
        out.write(f"  <boolean>{'true' if result.boolean else 'false'}</boolean>\n</sparql>\n")
        return out.getvalue()
    out.write("  <results>\n")
    for row in result.rows:
        out.write("    <result>\n")
        for v, term in zip(result.variables, row, strict=True):
            if term is None:
                continue
            out.write(f"      <binding name={quoteattr(v)}>")
            if isinstance(term, URIRef):
                out.write(f"<uri>{xml_escape(_xml_safe(str(term)))}</uri>")
            elif isinstance(term, BNode):
                out.write(f"<bnode>{xml_escape(str(term))}</bnode>")
            else:
                assert isinstance(term, Literal)
                attrs = ""
                if term.language:
                    attrs = f" xml:lang={quoteattr(term.language)}"
                elif term.datatype is not None:
                    attrs = f" datatype={quoteattr(str(term.datatype))}"
                out.write(f"<literal{attrs}>{xml_escape(_xml_safe(str(term)))}</literal>")
            out.write("</binding>\n")
        out.write("    </result>\n")
    out.write("  </results>\n</sparql>\n")
    return out.getvalue()


def _xml_safe(text: str) -> str:
    # XML 1.0 cannot carry most control characters even escaped; show them as U+FFFD.
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "\ufffd", text)


def compact(term: Node | None) -> str:
    """A term as a person reads it: a prefixed name where a prefix fits, the value else."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        iri = str(term)
        best = ""
        for prefix, namespace in _DISPLAY_PREFIXES.items():
            if iri.startswith(namespace) and len(namespace) > len(best):
                local = iri[len(namespace) :]
                if re.fullmatch(r"[A-Za-z0-9_.\-]*", local) and not local.endswith("."):
                    best = namespace
                    shown = f"{prefix}:{local}"
        return shown if best else f"<{iri}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def terminal_safe(text: str) -> str:
    """Text with control and bidirectional-override characters made visible, inert."""
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def to_table(result: QueryResult, max_width: int = 60) -> str:
    """A plain-text table for the terminal; cells longer than ``max_width`` are shortened."""
    if result.kind == "ASK":
        return ("true" if result.boolean else "false") + "\n"

    def cell(term: Node | None) -> str:
        text = terminal_safe(compact(term).replace("\n", " "))
        if max_width and len(text) > max_width:
            text = text[: max_width - 1] + "…"
        return text

    header = list(result.variables)
    body = [[cell(t) for t in row] for row in result.rows]
    widths = [max([len(h), *(len(r[i]) for r in body)]) for i, h in enumerate(header)]
    rule = "-+-".join("-" * w for w in widths)
    lines = [
        " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip(),
        rule,
    ]
    lines += [" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in body]
    count = len(body)
    lines.append(f"({count} row{'s' if count != 1 else ''})")
    return "\n".join(lines) + "\n"


WRITERS = {"csv": to_csv, "tsv": to_tsv, "json": to_json, "xml": to_xml}


def write_results(result: QueryResult, fmt: str, max_width: int = 60) -> str:
    """``result`` in the SPARQL results format ``fmt`` (short name)."""
    if fmt == "table":
        return to_table(result, max_width)
    return WRITERS[fmt](result)
