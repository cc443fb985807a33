"""Cells as plain data, and tables of them as standard docutils nodes.

A cell says what it shows (text, a list of values, a hash, a link, a
reference to a documented object); :func:`table_body` turns rows of cells
into a standard ``tgroup`` for every builder, and :mod:`.html` turns the
same rows into HTML markup for the large tables of HTML pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from docutils import nodes
from sphinx.addnodes import pending_xref


@dataclass(frozen=True, slots=True)
class Items:
    """Several values in one cell, each kept on one line in HTML."""

    values: tuple[str, ...]
    separator: str = ", "

    def text(self) -> str:
        return self.separator.join(self.values)


@dataclass(frozen=True, slots=True)
class Code:
    """A literal: a spec hash, clipped to its short form by the stylesheet."""

    text: str


@dataclass(frozen=True, slots=True)
class Size:
    """A size as shown (``1.2 MiB``) and its exact byte count, which the HTML sorts by."""

    text: str
    count: int


@dataclass(frozen=True, slots=True)
class Link:
    """A link to an http(s) page outside the project."""

    text: str
    url: str


@dataclass(frozen=True, slots=True)
class Ref:
    """A reference to an object of the ``cache`` domain that a page here shows."""

    text: str
    reftype: str
    target: str


@dataclass(frozen=True, slots=True)
class Refs:
    """Several values in one cell, some of them references (a spec's dependencies in HTML)."""

    values: tuple[str | Ref, ...]
    separator: str = ", "

    def text(self) -> str:
        return self.separator.join(v if isinstance(v, str) else v.text for v in self.values)


Cell = str | Items | Code | Size | Link | Ref | Refs

#: Classes of the hash literal; the bundled CSS clips it to the short form.
HASH_CLASSES = ("cachecatalog-hash",)
#: Classes of a list of values, the only place where a cell may wrap.
LIST_CLASSES = ("cachecatalog-items",)
#: Classes of one value of a list.
ITEM_CLASSES = ("cachecatalog-item",)
#: What a cell shows for "none" (no compiler) and for unknown values.
NONE = "\N{EM DASH}"
#: Widest a column is sized for; longer text wraps.
MAX_COLUMN_WIDTH = 40


def items(values: Sequence[str], separator: str = ", ") -> Cell:
    """A list of values; a lone value is plain text."""
    if len(values) <= 1:
        return values[0] if values else ""
    return Items(tuple(values), separator)


def compilers(values: Sequence[str]) -> Cell:
    """Compilers; an em dash where there is none (specs built without one, such as cuda)."""
    return items(values) if values else NONE


def counted(pairs: Sequence[tuple[str, int]]) -> Cell:
    """``e4s (23), root (91)``."""
    return items([f"{name} ({count})" for name, count in pairs])


def external_link(text: str, url: str | None) -> Cell:
    """A link to ``url`` when it is http(s), else the plain text."""
    if url is None or not url.startswith(("https://", "http://")):
        return text
    return Link(text, url)


def cell_text(cell: Cell) -> str:
    """What a cell shows, as plain text."""
    if isinstance(cell, str):
        return cell
    return cell.text() if isinstance(cell, Items | Refs) else cell.text


def table_body(header: Sequence[str] | None, rows: Sequence[Sequence[Cell]], stubs: int = 0) -> nodes.tgroup:
    """A standard ``tgroup`` with an optional header row and one row per sequence of cells.

    Columns are sized by their longest text (at most :data:`MAX_COLUMN_WIDTH`),
    which the text, LaTeX and man writers use to lay the table out.
    """
    lines: list[Sequence[Cell]] = ([header] if header else []) + list(rows)
    tgroup = nodes.tgroup(cols=len(lines[0]))
    for index in range(len(lines[0])):
        longest = max(len(cell_text(cells[index])) + isinstance(cells[index], Code) * 2 for cells in lines)
        colspec = nodes.colspec(colwidth=max(1, min(MAX_COLUMN_WIDTH, longest)))
        if index < stubs:
            colspec["stub"] = 1
        tgroup += colspec
    if header is not None:
        tgroup += nodes.thead("", _row(header))
    tgroup += nodes.tbody("", *(_row(cells) for cells in rows))
    return tgroup


def _row(cells: Sequence[Cell]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        if cell != "":
            entry += nodes.paragraph("", "", cell_node(cell))
        row += entry
    return row


def cell_node(cell: Cell) -> nodes.Node:
    """The standard inline node of a cell."""
    if isinstance(cell, str):
        return nodes.Text(cell)
    if isinstance(cell, Items):
        node = nodes.inline(classes=list(LIST_CLASSES))
        for index, value in enumerate(cell.values):
            if index:
                node += nodes.Text(cell.separator)
            node += nodes.inline(value, value, classes=list(ITEM_CLASSES))
        return node
    if isinstance(cell, Code):
        return nodes.literal(cell.text, cell.text, classes=list(HASH_CLASSES))
    if isinstance(cell, Size):
        return nodes.Text(cell.text)
    if isinstance(cell, Link):
        return nodes.reference(cell.text, cell.text, refuri=cell.url, internal=False)
    if isinstance(cell, Refs):
        node = nodes.inline(classes=list(LIST_CLASSES))
        for index, part in enumerate(cell.values):
            if index:
                node += nodes.Text(cell.separator)
            node += cell_node(part)
        return node
    text = nodes.inline(cell.text, cell.text)
    return pending_xref(
        "", text, refdomain="cache", reftype=cell.reftype, reftarget=cell.target, refexplicit=True
    )


def table(tgroup: nodes.tgroup, *classes: str) -> nodes.table:
    """A table around ``tgroup`` (for tables made whole at write time)."""
    return nodes.table("", tgroup, classes=[*classes, "colwidths-auto"])


def paragraph(text: str, *classes: str) -> nodes.paragraph:
    """A paragraph of plain text."""
    return nodes.paragraph(text, text, classes=list(classes))
