"""The extension's own node: catalog content that is made at write time.

Building thousands of rows when a page is read would make every read-phase
transform walk them and every pickled doctree carry them. The directives
leave this small placeholder instead, inside a standard table or on its own;
a post-transform puts standard nodes in its place, or, in HTML pages, rows
of cells that the HTML translator writes as markup.
"""

from __future__ import annotations

from docutils import nodes


class catalog_rows(nodes.General, nodes.Element):  # noqa: N801 - docutils names nodes in lower case
    """Stands for catalog content until the write phase.

    ``kind`` names what it becomes (``summary``, ``specs``, ``index``,
    ``stack``, ``stack-totals``, ``tags``, ``stats``, ``diff``); the other
    attributes are the directive's checked options for it.
    """
