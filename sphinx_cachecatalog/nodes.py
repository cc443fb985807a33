"""The extension's own node: a table that is filled in at write time.

Building thousands of rows when a page is read would make every read-phase
transform walk them and every pickled doctree carry them. The directives
leave this small placeholder inside a standard table instead, and a
post-transform puts standard rows in its place for every builder.
"""

from __future__ import annotations

from docutils import nodes


class catalog_rows(nodes.General, nodes.Element):  # noqa: N801 - docutils names nodes in lower case
    """Stands for the body of a catalog table until the write phase.

    Attributes: ``kind`` (``summary`` or ``specs``), ``tag`` and ``package``.
    """
