"""HTML markup for the large catalog tables, straight from rows of cells.

A spec list or a package list can have thousands of rows. As docutils nodes,
every row would be built, walked by every post-transform and walked again by
the HTML writer; as markup written by the translator, it costs a string
join. The post-transform leaves the placeholder in HTML pages with its rows
as data (``node["rows"]``); :func:`visit_catalog_rows` writes them. Other
builders never see a placeholder: they get standard nodes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from html import escape

from docutils import nodes
from sphinx.writers.html5 import HTML5Translator

from ..domain import ROLE_TYPES, CacheDomain
from .cells import Cell, Code, Items, Link, Ref, Refs, Size

#: Per header: the word that filters its column (``os:ubuntu24.04``), how it sorts, and
#: what separates the values of a list column ("" for one value); another column is
#: filtered by its header in lower case, sorted as text, and holds one value.
COLUMNS = {
    "Hash": ("hash", "text", ""),
    "Version": ("version", "version", ""),
    "Versions": ("version", "version", ", "),
    "Compiler": ("compiler", "compiler", ""),
    "Compilers": ("compiler", "compiler", ", "),
    "Arch": ("arch", "text", ""),
    "OS": ("os", "text", ""),
    "OSs": ("os", "text", ", "),
    "Platform": ("platform", "text", ""),
    "Platforms": ("platform", "text", ", "),
    "Target": ("target", "text", ""),
    "Targets": ("target", "text", ", "),
    "Variants": ("variant", "text", " "),
    "Stacks": ("stack", "text", ", "),
    "Size": ("size", "bytes", ""),
    "Package": ("package", "text", ""),
    "Specs": ("specs", "number", ""),
    "Dependencies": ("dependency", "text", ", "),
    "Why not": ("why", "text", ""),
}
#: What the rows of a table are, by the placeholder's kind (the script says "3 of 41 specs").
NOUNS = {"specs": "specs", "index": "packages", "stack": "packages"}
#: Characters at which a browser may break a line: a value with one is kept whole in a list.
_BREAKS = frozenset(" -/")
#: Characters of a value that may break after its first ``@`` or ``=``
#: (``intel-oneapi-compilers@2025.1.0``, ``build_type=RelWithDebInfo``).
LONG = 16
_JOINT = re.compile("[@=]")


class scroll_region(nodes.General, nodes.Element):  # noqa: N801 - docutils names nodes in lower case
    """Around a large table in HTML: a focusable region that scrolls on narrow screens
    (the table itself keeps its table semantics). ``label`` names it."""


def visit_scroll_region(translator: HTML5Translator, node: nodes.Element) -> None:
    label = escape(node["label"])
    translator.body.append(
        f'<div class="cachecatalog-scroll" role="region" aria-label="{label}" tabindex="0">'
    )


def depart_scroll_region(translator: HTML5Translator, node: nodes.Element) -> None:
    translator.body.append("</div>")


def visit_catalog_rows(translator: HTML5Translator, node: nodes.Element) -> None:
    """Write the rows of a placeholder that the post-transform prepared, lean: a page
    of a tag can hold thousands of them.

    The header cells say how the script filters and sorts their column
    (``data-key``, ``data-sort``) and, for a list, what separates its values
    (``data-sep``); the body says what its rows are (``data-noun``, which
    gives it the script's controls; not on an ``answer``'s table), and a
    size cell holds its byte count (``data-value``). A value that could break
    across lines is kept whole in a ``<span>``.
    """
    header: Sequence[str] | None = node.get("header")
    rows: Sequence[Sequence[Cell]] = node.get("rows", ())
    out = translator.body
    if header:
        out.append("<thead>\n<tr>")
        for text in header:
            key, sort, separator = COLUMNS.get(text, (text.lower().replace(" ", "-"), "text", ""))
            sep = f' data-sep="{separator}"' if separator else ""
            data = f'data-key="{escape(key)}" data-sort="{sort}"{sep}'
            out.append(f'<th class="head" {data}>{escape(text)}</th>')
        out.append("</tr>\n</thead>\n")
    # an answer of cache-query is no list to browse: no controls on it
    noun = None if node.get("answer") else NOUNS.get(node.get("kind", ""))
    out.append(f'<tbody data-noun="{noun}">\n' if noun else "<tbody>\n")
    for cells in rows:
        out.append("<tr>")
        for cell in cells:
            if cell == "":
                out.append("<td></td>")
            elif isinstance(cell, Size):
                out.append(f'<td data-value="{cell.count}">{escape(cell.text)}</td>')
            else:
                out.append(f"<td>{_cell(translator, cell)}</td>")
        out.append("</tr>\n")
    out.append("</tbody>\n")
    raise nodes.SkipNode


def _cell(translator: HTML5Translator, cell: Cell) -> str:
    if isinstance(cell, str):
        return _value(cell)
    if isinstance(cell, Items):
        return escape(cell.separator).join(
            f"<span>{_value(v)}</span>" if _BREAKS.intersection(v) else _value(v) for v in cell.values
        )
    if isinstance(cell, Code):
        return f"<code>{escape(cell.text)}</code>"
    if isinstance(cell, Link):
        return f'<a class="reference external" href="{escape(cell.url)}">{escape(cell.text)}</a>'
    if isinstance(cell, Size):
        return escape(cell.text)
    if isinstance(cell, Refs):
        return escape(cell.separator).join(_cell(translator, value) for value in cell.values)
    return _reference(translator, cell)


@lru_cache(maxsize=1 << 16)  # values repeat: compilers, OSs, variants, stacks
def _value(text: str) -> str:
    """A value, escaped; a long one may break after its first ``@`` or ``=``."""
    if len(text) > LONG and (joint := _JOINT.search(text)):
        return f"{escape(text[: joint.end()])}<wbr>{escape(text[joint.end() :])}"
    return escape(text)


def _reference(translator: HTML5Translator, cell: Ref) -> str:
    builder = translator.builder
    domain = builder.env.domains[CacheDomain.name]
    assert isinstance(domain, CacheDomain)
    place = domain.place_of(ROLE_TYPES[cell.reftype], cell.target)
    if place is None:  # the post-transform only makes references to documented objects
        return escape(cell.text)
    docname, node_id, _ = place
    here = builder.current_docname
    uri = f"#{node_id}" if docname == here else f"{builder.get_relative_uri(here, docname)}#{node_id}"
    if uri.count("#") > 1:  # singlehtml: every page is in one, so the id alone
        uri = uri[uri.rfind("#") :]
    return f'<a class="reference internal" href="{escape(uri)}">{escape(cell.text)}</a>'
