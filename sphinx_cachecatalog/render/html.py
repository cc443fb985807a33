"""HTML markup for the large catalog tables, straight from rows of cells.

A spec list or a package list can have thousands of rows. As docutils nodes,
every row would be built, walked by every post-transform and walked again by
the HTML writer; as markup written by the translator, it costs a string
join. The post-transform leaves the placeholder in HTML pages with its rows
as data (``node["rows"]``); :func:`visit_catalog_rows` writes them. Other
builders never see a placeholder: they get standard nodes.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from docutils import nodes
from sphinx.writers.html5 import HTML5Translator

from ..domain import ROLE_TYPES, CacheDomain
from .cells import HASH_CLASSES, ITEM_CLASSES, LIST_CLASSES, Cell, Code, Items, Link, Ref, Size

#: What the script filters a column by (``os:ubuntu24.04``) and how it sorts it, by header;
#: another column is filtered by its header in lower case and sorted as text.
COLUMNS = {
    "Hash": ("hash", "text"),
    "Version": ("version", "version"),
    "Versions": ("version", "version"),
    "Compiler": ("compiler", "compiler"),
    "Compilers": ("compiler", "compiler"),
    "OS": ("os", "text"),
    "OSs": ("os", "text"),
    "Platform": ("platform", "text"),
    "Platforms": ("platform", "text"),
    "Target": ("target", "text"),
    "Targets": ("target", "text"),
    "Variants": ("variant", "text"),
    "Stacks": ("stack", "text"),
    "Size": ("size", "bytes"),
    "Package": ("package", "text"),
    "Specs": ("specs", "number"),
}
#: What the rows of a table are, by the placeholder's kind (the script says "3 of 41 specs").
NOUNS = {"specs": "specs", "index": "packages", "stack": "packages"}


def visit_catalog_rows(translator: HTML5Translator, node: nodes.Element) -> None:
    """Write the rows of a placeholder that the post-transform prepared.

    The header cells say how the script filters and sorts their column
    (``data-key``, ``data-sort``), the body says what its rows are
    (``data-noun``), and a size cell holds its byte count (``data-value``).
    """
    header: Sequence[str] | None = node.get("header")
    rows: Sequence[Sequence[Cell]] = node.get("rows", ())
    out = translator.body
    index = 0
    if header:
        out.append('<thead>\n<tr class="row-odd">')
        for text in header:
            key, sort = COLUMNS.get(text, (text.lower().replace(" ", "-"), "text"))
            out.append(
                f'<th class="head" data-key="{escape(key)}" data-sort="{sort}"><p>{escape(text)}</p></th>'
            )
        out.append("</tr>\n</thead>\n")
        index = 1
    noun = NOUNS.get(node.get("kind", ""))
    out.append(f'<tbody data-noun="{noun}">\n' if noun else "<tbody>\n")
    for cells in rows:
        index += 1
        out.append(f'<tr class="row-{"odd" if index % 2 else "even"}">')
        for cell in cells:
            if cell == "":
                out.append("<td></td>")
                continue
            data = f' data-value="{cell.count}"' if isinstance(cell, Size) else ""
            out.append(f"<td{data}><p>{_cell(translator, cell)}</p></td>")
        out.append("</tr>\n")
    out.append("</tbody>\n")
    raise nodes.SkipNode


def _cell(translator: HTML5Translator, cell: Cell) -> str:
    if isinstance(cell, str):
        return escape(cell)
    if isinstance(cell, Items):
        item = f'<span class="{" ".join(ITEM_CLASSES)}">'
        return (
            f'<span class="{" ".join(LIST_CLASSES)}">'
            + escape(cell.separator).join(f"{item}{escape(v)}</span>" for v in cell.values)
            + "</span>"
        )
    if isinstance(cell, Size):
        return escape(cell.text)
    if isinstance(cell, Code):
        classes = " ".join((*HASH_CLASSES, "docutils", "literal", "notranslate"))  # as Sphinx orders them
        return f'<code class="{classes}"><span class="pre">{escape(cell.text)}</span></code>'
    if isinstance(cell, Link):
        return f'<a class="reference external" href="{escape(cell.url)}">{escape(cell.text)}</a>'
    return _reference(translator, cell)


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
    return (
        f'<a class="reference internal" href="{escape(uri)}" title="{escape(cell.target)}">'
        f"<span>{escape(cell.text)}</span></a>"
    )
