"""The documentation as HTML: one page per vocabulary and an index, for one offline folder.

No script and no web font: the style sits in each page, the class-hierarchy SVG inline.
Every text from the ontology is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from claimgraph.ontology_tools.docs.model import Link, PageDoc, TermDoc

_CSS = """
body { font-family: Helvetica, Arial, sans-serif; max-width: 62rem; margin: 2rem auto;
       padding: 0 1rem; line-height: 1.45; color: #1b1b1b; }
code, pre { font-family: Menlo, Consolas, monospace; font-size: 0.9em; }
pre { background: #f6f8fa; padding: 0.6rem; overflow-x: auto; }
nav ul { columns: 3; font-size: 0.9em; }
section.term { border-top: 1px solid #ddd; padding-top: 0.5rem; margin-top: 1.5rem; }
.kind { font-size: 0.75em; color: #555; font-weight: normal; margin-left: 0.5em; }
.deprecated { color: #a00; font-weight: bold; }
dl { display: grid; grid-template-columns: 12rem 1fr; gap: 0.2rem 1rem; }
dt { color: #555; }
dd { margin: 0; }
table { border-collapse: collapse; }
td, th { border: 1px solid #ddd; padding: 0.2rem 0.5rem; text-align: left; vertical-align: top; }
.note { color: #555; font-size: 0.9em; }
.diagram { overflow-x: auto; border: 1px solid #eee; padding: 0.5rem; }
.diagram svg { max-width: 100%; height: auto; }
"""


def _h(text: str) -> str:
    return html.escape(text, quote=True)


def _html_link(link: Link) -> str:
    code = f"<code>{_h(link.text)}</code>"
    title = f' title="{_h(link.title)}"' if link.title and link.title != link.text else ""
    if link.href:
        return f'<a href="{_h(link.href)}"{title}>{code}</a>'
    return f"<span{title}>{code}</span>" if title else code


def _html_page(title: str, body: list[str]) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_h(title)}</title>\n"
        '<meta name="generator" content="claimgraph ontology docs">\n'
        f"<style>{_CSS}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )


def _html_term(term: TermDoc) -> list[str]:
    out = [
        f'<section class="term" id="{_h(term.anchor)}">',
        f"<h3>{_h(term.label)} <code>{_h(term.qname)}</code>"
        f'<span class="kind">{_h(term.kind)}</span></h3>',
    ]
    if term.deprecated:
        replacement = ", ".join(_html_link(r) for r in term.replaced_by) or "no replacement named"
        out.append(f'<p class="deprecated">Deprecated; use {replacement}.</p>')
    out.append("<dl>")
    out.append(f"<dt>IRI</dt><dd><code>{_h(term.iri)}</code></dd>")
    for definition in term.definitions or ["(no definition)"]:
        out.append(f"<dt>definition</dt><dd>{_h(definition)}</dd>")
    for comment in term.comments:
        out.append(f"<dt>comment</dt><dd>{_h(comment)}</dd>")
    for title, links in term.rows:
        out.append(f"<dt>{_h(title)}</dt><dd>{', '.join(_html_link(x) for x in links)}</dd>")
    if term.defined_by:
        out.append(
            f"<dt>defined by</dt><dd>{', '.join(_html_link(x) for x in term.defined_by)}</dd>"
        )
    out.append("</dl>")
    if term.mappings:
        out.append("<h4>In other vocabularies</h4><ul>")
        for predicate, target, note in term.mappings:
            why = f' <span class="note">{_h(note)}</span>' if note else ""
            out.append(f"<li><code>{_h(predicate)}</code> {_html_link(target)}{why}</li>")
        out.append("</ul>")
    out.append("<h4>Shapes</h4>")
    if term.shapes:
        out.append("<ul>")
        for shape in term.shapes:
            inherited = (
                f' <span class="note">(through {_h(shape.inherited_from)})</span>'
                if shape.inherited_from
                else ""
            )
            label = f" ({_h(shape.label)})" if shape.label else ""
            detail = f": {_h(shape.detail)}" if shape.detail else ""
            message = f'<br><span class="note">{_h(shape.message)}</span>' if shape.message else ""
            out.append(f"<li><code>{_h(shape.name)}</code>{label}{detail}{inherited}{message}</li>")
        out.append("</ul>")
    else:
        out.append('<p class="note">No shape constrains it.</p>')
    out.append("<h4>Example</h4>")
    if term.example is not None:
        note = f"; {_h(term.example.note)}" if term.example.note else ""
        out.append(f"<pre>{_h(term.example.turtle)}</pre>")
        out.append(f'<p class="note">From <code>{_h(term.example.file)}</code>{note}.</p>')
    else:
        out.append('<p class="note">Not used in the data or the examples yet.</p>')
    out.append("</section>")
    return out


def html_page(page: PageDoc) -> str:
    """One vocabulary's page in HTML."""
    body = [
        '<p><a href="index.html">claimgraph ontology reference</a></p>',
        f"<h1>{_h(page.title)}</h1>",
    ]
    if page.description:
        body.append(f"<p>{_h(page.description)}</p>")
    for facts in page.headers:
        body.append("<table>")
        for key, value in facts.items():
            body.append(f"<tr><th>{_h(key)}</th><td><code>{_h(value)}</code></td></tr>")
        body.append("</table>")
    if page.diagram:
        svg = page.diagram[page.diagram.find("<svg") :]
        body.append("<h2>Class hierarchy</h2>")
        body.append(f'<div class="diagram">{svg}</div>')
        body.append(
            f'<p class="note">Also as <a href="{_h(page.diagram_file)}">'
            f"{_h(page.diagram_file)}</a>. Dashed: classes of another vocabulary.</p>"
        )
    body.append("<nav><h2>Terms</h2>")
    for section in page.sections:
        body.append(f"<h3>{_h(section.title)}</h3><ul>")
        body.extend(
            f'<li><a href="#{_h(t.anchor)}"><code>{_h(t.qname)}</code></a> {_h(t.label)}</li>'
            for t in section.terms
        )
        body.append("</ul>")
    body.append("</nav>")
    for section in page.sections:
        body.append(f"<h2>{_h(section.title)}</h2>")
        for term in section.terms:
            body.extend(_html_term(term))
    return _html_page(page.title, body)


def html_index(pages: Sequence[PageDoc]) -> str:
    """The index page in HTML: every vocabulary with its version and counts."""
    body = [
        "<h1>claimgraph ontology reference</h1>",
        "<p>Generated by <code>claimgraph ontology docs</code> from the ontology's own "
        "annotations, shapes and data; do not edit by hand.</p>",
        "<table><tr><th>vocabulary</th><th>ontology</th><th>version</th>"
        "<th>classes</th><th>properties</th><th>individuals</th></tr>",
    ]
    for page in pages:
        facts = page.headers[0] if page.headers else {}
        classes = sum(1 for t in page.terms if t.kind in ("class", "datatype"))
        individuals = sum(1 for t in page.terms if t.kind == "individual")
        properties = len(page.terms) - classes - individuals
        body.append(
            f'<tr><td><a href="{_h(page.page)}.html">{_h(page.title)}</a></td>'
            f"<td><code>{_h(facts.get('ontology', ''))}</code></td>"
            f"<td>{_h(facts.get('version', ''))}</td>"
            f"<td>{classes}</td><td>{properties}</td><td>{individuals}</td></tr>"
        )
    body.append("</table>")
    return _html_page("claimgraph ontology reference", body)
