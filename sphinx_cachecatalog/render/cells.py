"""Tables and cells: the building blocks that every renderer shares."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import quote

from docutils import nodes

Cell = str | nodes.Node

#: Widest a column is sized for; longer text wraps.
MAX_COLUMN_WIDTH = 40


def table_body(header: Sequence[str] | None, rows: Sequence[Sequence[Cell]], stubs: int = 0) -> nodes.tgroup:
    """A ``tgroup`` with an optional header row and one row per sequence of cells.

    Columns are sized by their longest text (at most :data:`MAX_COLUMN_WIDTH`),
    which the text, LaTeX and man writers use to lay the table out.
    """
    lines = ([header] if header else []) + list(rows)
    colwidths = [
        max(1, min(MAX_COLUMN_WIDTH, max(len(_text(cells[i])) for cells in lines)))
        for i in range(len(lines[0]))
    ]
    tgroup = nodes.tgroup(cols=len(colwidths))
    for index, width in enumerate(colwidths):
        colspec = nodes.colspec(colwidth=width)
        if index < stubs:
            colspec["stub"] = 1
        tgroup += colspec
    if header is not None:
        tgroup += nodes.thead("", _row(header))
    tgroup += nodes.tbody("", *(_row(cells) for cells in rows))
    return tgroup


def table(tgroup: nodes.tgroup, *classes: str) -> nodes.table:
    """A table around ``tgroup`` (for tables made whole at write time)."""
    return nodes.table("", tgroup, classes=[*classes, "colwidths-auto"])


def _text(cell: Cell) -> str:
    if isinstance(cell, nodes.literal):
        return f'"{cell.astext()}"'  # the text writer quotes literals
    return cell if isinstance(cell, str) else cell.astext()


def _row(cells: Sequence[Cell]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        if isinstance(cell, str):
            if cell:
                entry += nodes.paragraph(cell, cell)
        else:
            entry += nodes.paragraph("", "", cell) if isinstance(cell, nodes.Inline | nodes.Text) else cell
        row += entry
    return row


def items(values: Sequence[str], separator: str = ", ") -> Cell:
    """Values in one cell, each kept on one line in HTML (no break inside ``data-vis-sdk``)."""
    if len(values) <= 1:
        return values[0] if values else ""
    cell = nodes.inline()
    for index, value in enumerate(values):
        if index:
            cell += nodes.Text(separator)
        cell += nodes.inline(value, value, classes=["cachecatalog-item"])
    return cell


def counted(pairs: Sequence[tuple[str, int]]) -> Cell:
    """``e4s (23), root (91)``, each pair kept on one line in HTML."""
    return items([f"{name} ({count})" for name, count in pairs])


def external_link(text: str, url: str | None) -> Cell:
    """A link to ``url`` when it is http(s), else the plain text."""
    if url is None or not url.startswith(("https://", "http://")):
        return text
    return nodes.reference(text, text, refuri=url, internal=False)


def package_url(template: str | None, name: str) -> str | None:
    """The package's page from a ``{name}`` template, or None without one."""
    return template.format(name=quote(name, safe="")) if template else None


def paragraph(text: str, *classes: str) -> nodes.paragraph:
    """A paragraph of plain text."""
    return nodes.paragraph(text, text, classes=list(classes))
