"""A catalog table as plain data again, for the layouts of print and terminals.

The render functions return cells (``header, rows``) for the large tables
and standard ``tgroup`` nodes made by :func:`.cells.table_body` for the
small ones. The text, man and LaTeX layouts work on cells, so
:func:`grid_of` reads a ``tgroup`` of ours back into them: the inverse of
:func:`.cells.cell_node`. Whatever it does not recognize becomes its plain
text, so a new kind of cell still shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from docutils import nodes
from sphinx.addnodes import pending_xref

from .cells import HASH_CLASSES, ITEM_CLASSES, LIST_CLASSES, Cell, Code, Items, Link, Ref


@dataclass(frozen=True, slots=True)
class Grid:
    """A table: an optional header, rows of cells, and how many stub columns lead."""

    header: Sequence[str] | None
    rows: Sequence[Sequence[Cell]]
    stubs: int = 0

    @property
    def width(self) -> int:
        """How many columns."""
        return len(self.header) if self.header else max((len(row) for row in self.rows), default=0)


def grid_of(tgroup: nodes.tgroup) -> Grid:
    """The cells of a ``tgroup`` made by :func:`.cells.table_body`."""
    stubs = sum(1 for colspec in tgroup.findall(nodes.colspec) if colspec.get("stub"))
    header = None
    rows: list[list[Cell]] = []
    for part in tgroup.children:
        if isinstance(part, nodes.thead):
            header = [entry.astext() for entry in part.findall(nodes.entry)]
        elif isinstance(part, nodes.tbody):
            rows.extend([_cell(entry) for entry in row.children] for row in part.children)
    return Grid(header, rows, stubs)


def _cell(entry: nodes.Node) -> Cell:
    if not isinstance(entry, nodes.Element) or not entry.children:
        return ""
    paragraph = entry[0]
    if len(entry) != 1 or not isinstance(paragraph, nodes.paragraph) or len(paragraph) != 1:
        return entry.astext()
    node = paragraph[0]
    if isinstance(node, nodes.Text):
        return str(node)
    if isinstance(node, nodes.literal) and set(HASH_CLASSES) <= set(node["classes"]):
        return Code(node.astext())
    if isinstance(node, nodes.reference) and node.get("refuri"):
        return Link(node.astext(), node["refuri"])
    if isinstance(node, pending_xref):
        return Ref(node.astext(), node["reftype"], node["reftarget"])
    if isinstance(node, nodes.inline) and set(LIST_CLASSES) <= set(node["classes"]):
        values = [child.astext() for child in node.children if _is_item(child)]
        separators = {str(child) for child in node.children if isinstance(child, nodes.Text)}
        if len(values) > 1 and len(separators) == 1:
            return Items(tuple(values), separators.pop())
    return node.astext()


def _is_item(node: nodes.Node) -> bool:
    return isinstance(node, nodes.inline) and set(ITEM_CLASSES) <= set(node["classes"])
