"""Catalog tables for LaTeX: columns fitted to the data, values never broken.

A table stays a standard docutils table, so that Sphinx writes its caption,
label, header repeated on every page (``longtable``) and references. What
this module adds:

- each cell as raw LaTeX: every value in an ``\\mbox``, so that it never
  breaks or hyphenates inside (``ml-linux-aarch64-cpu``,
  ``intel-oneapi-compilers@2025.1.0``); lists break between values only,
  ragged right; links and references stay nodes for Sphinx to resolve;
- before the table, the values of each column for the macros of
  ``sphinxcachecatalog.sty`` to measure, and a column specification that
  uses their result: the table's font is the largest of
  ``\\cachecatalogsizes`` at which every column is as wide as its widest
  value; what is left of the line goes to the columns that wrap (variants,
  stacks, lists), in proportion to how much wider their longest cells are.

LaTeX measures, so the widths hold for whatever fonts the project uses.
A value longer than :data:`MAX_WHOLE` characters could never fit a column;
it may break every :data:`CHUNK` characters, and one longer than
:data:`MAX_PRINTED` is cut there, saying how long it is (a table row cannot
break across pages). With pdflatex, characters
it has no glyphs for are shown as their code point (``[U+1F600]``) instead
of stopping the build.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from docutils import nodes
from sphinx.addnodes import tabular_col_spec
from sphinx.util.texescape import escape

from .cells import Cell, Code, Items, Link, Ref, cell_node, cell_text
from .grid import Grid

#: Longest value kept whole; a longer one may break every so many characters.
MAX_WHOLE = 64
#: Where a value too long to keep whole may break: every so many characters.
CHUNK = 16
#: Longest value printed: a table row cannot break across pages, so a longer one
#: is cut here, and says how long it is.
MAX_PRINTED = 640
#: Rows up to which a table stays whole on one page (Sphinx's own threshold).
LONG_TABLE = 30
#: Cells of a column whose whole width LaTeX measures, longest first.
NATURAL_SAMPLES = 4
#: What stands under a spec table whose tarball column print leaves out.
TARBALL_NOTE = (
    "The URLs of the binaries (tarballs) are left out of print: see this page in HTML, or the mirror."
)
#: Characters pdflatex typesets with Sphinx's default set-up (T1, textcomp).
_PDFLATEX_RANGES = ((0x20, 0x7E), (0xA0, 0x17F), (0x2010, 0x2027), (0x2030, 0x203A))
_PDFLATEX_EXTRA = frozenset("€∞±→‣✓✔✕✖⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉")
#: Characters of those ranges that it has no glyph for all the same (tried one by one).
_PDFLATEX_MISSING = frozenset(
    map(chr, (0x126, 0x127, 0x138, 0x13F, 0x140, 0x149, 0x166, 0x167, 0x17F, 0x2017, 0x201B, 0x201F))
) | frozenset(map(chr, (0x2024, 0x2025, 0x2027, *range(0x2032, 0x2039))))


@dataclass(frozen=True, slots=True)
class Layout:
    """A table ready for LaTeX: what goes before it, its columns, its rows."""

    #: Raw LaTeX before the table (opens a group: :data:`END` closes it).
    start: str
    #: The ``tabularcolumns`` specification.
    colspec: str
    tgroup: nodes.tgroup
    #: Whether the table may break across pages (a ``longtable``): a short one stays whole.
    breaks: bool = True


#: What starts each cell: Sphinx puts cells in a ``varwidth``, which resets what
#: the column specification sets up; so the cell itself says it is ragged right.
CELL = r"\cachecatalogcell "
#: Raw LaTeX after the table.
END = r"\cachecatalogend"


def lay_out(grid: Grid, engine: str, detail: int | None = None) -> Layout:
    """The LaTeX layout of a table of cells.

    The column ``detail``, if given, is not a column: its cell goes to a row of
    its own under each row, across the table, after the column's header.
    """
    tex = _Tex(engine)
    details: list[Cell] = []
    label = ""
    if detail is not None:
        details = [row[detail] for row in grid.rows]
        label = grid.header[detail] if grid.header else ""
        grid = Grid(
            _without(grid.header, detail) if grid.header else None,
            [_without(row, detail) for row in grid.rows],
            grid.stubs,
        )
    count = grid.width
    pieces: list[dict[str, None]] = [{} for _ in range(count)]
    naturals: list[list[tuple[int, str]]] = [[] for _ in range(count)]
    if grid.header:
        for index, text in enumerate(grid.header):
            for word in text.split():
                pieces[index][r"{\sphinxstyletheadfamily " + tex.value(word) + "}"] = None
            naturals[index].append((len(text), r"{\sphinxstyletheadfamily " + tex.text(text) + "}"))
    for row in grid.rows:
        for index, cell in enumerate(row):
            stub = index < grid.stubs
            for piece in tex.pieces(cell):
                pieces[index][_stub(piece) if stub else piece] = None
            whole = tex.text(cell_text(cell)[: MAX_WHOLE * 4])
            naturals[index].append((len(cell_text(cell)), _stub(whole) if stub else whole))
    lines = [rf"\cachecatalogstart{{{count}}}%"]
    for index in range(count):
        samples = sorted(naturals[index], key=lambda pair: -pair[0])[:NATURAL_SAMPLES]
        lines.append(
            rf"\cachecatalogcolumn{{{index + 1}}}"
            + "{"
            + _list(pieces[index])
            + "}{"
            + _list(text for _, text in samples)
            + "}%"
        )
    lines.append(r"\cachecatalogfill\cachecatalogfit" if details else r"\cachecatalogfit")
    colspec = "".join(rf">{{\cachecatalogcell}}p{{\cachecatalogwidth{{{i + 1}}}}}" for i in range(count))
    breaks = bool(details) or len(grid.rows) > LONG_TABLE
    return Layout("\n".join(lines), colspec, _tgroup(grid, tex, details, label), breaks)


def framed(table: nodes.table, layout: Layout) -> list[nodes.Node]:
    """The table between the raw LaTeX of its layout, with its column specification."""
    table["classes"] = [c for c in table["classes"] if c not in ("colwidths-auto", "longtable")]
    if layout.breaks:
        table["classes"].append("longtable")
    return [
        nodes.raw("", layout.start, format="latex"),
        tabular_col_spec(spec=layout.colspec),
        table,
        nodes.raw("", END, format="latex"),
    ]


def _stub(latex: str) -> str:
    return r"{\sphinxstyletheadfamily " + latex + "}"


def _list(values: Iterable[str]) -> str:
    return "".join(r"\do{" + value + "}" for value in values)


def _without(cells: Sequence[Any], index: int) -> list[Any]:
    return [cell for i, cell in enumerate(cells) if i != index]


def _tgroup(grid: Grid, tex: _Tex, details: Sequence[Cell], label: str) -> nodes.tgroup:
    tgroup = nodes.tgroup(cols=grid.width)
    for index in range(grid.width):
        colspec = nodes.colspec(colwidth=1)
        if index < grid.stubs:
            colspec["stub"] = 1
        tgroup += colspec
    if grid.header:
        row = nodes.row()
        for text in grid.header:
            row += nodes.entry("", nodes.paragraph("", "", _raw(CELL + tex.text(text))))
        tgroup += nodes.thead("", row)
    body = nodes.tbody()
    for index, cells in enumerate(grid.rows):
        row = nodes.row()
        for cell in cells:
            entry = nodes.entry()
            if cell != "":
                entry += nodes.paragraph("", "", *tex.cell(cell))
            row += entry
        body += row
        if details and details[index] != "":
            # longtable's \nopagebreak must open the row: it keeps the two rows on one page
            lead = _raw(CELL + r"\textit{" + tex.text(label) + ":} " if label else CELL)
            entry = nodes.entry("", nodes.paragraph("", "", lead, *tex.cell(details[index], start="")))
            entry["morecols"] = grid.width - 1
            body += nodes.row("", _raw(r"\nopagebreak"), entry)
    tgroup += body
    return tgroup


def _mbox(latex: str) -> str:
    return r"\mbox{" + latex + "}"


def _raw(latex: str) -> nodes.raw:
    return nodes.raw("", latex, format="latex")


class _Tex:
    """Cells as LaTeX for one engine."""

    def __init__(self, engine: str) -> None:
        self.engine = engine
        self.unicode = engine in ("xelatex", "lualatex", "platex", "uplatex")

    def text(self, text: str) -> str:
        """Text escaped for LaTeX; breaks only at its spaces."""
        if self.unicode or all(_typeset(char) for char in text):
            return escape(text, self.engine)
        return "".join(
            escape(char, self.engine) if _typeset(char) else rf"\cachecatalogunknown{{{ord(char):04X}}}"
            for char in text
        )

    def value(self, value: str) -> str:
        """One value, whole: an ``\\mbox``; a longer one than :data:`MAX_WHOLE` in pieces."""
        return r"\allowbreak ".join(_mbox(self.text(chunk)) for chunk in _chunks(value))

    def pieces(self, cell: Cell) -> list[str]:
        """The parts of a cell that never break, as LaTeX."""
        if isinstance(cell, Items):
            values: Sequence[str] = cell.values
        elif isinstance(cell, Code):
            return [self.code(cell.text)]
        else:
            values = [cell_text(cell)]
        return [_mbox(self.text(chunk)) for value in values for chunk in _chunks(value)]

    def code(self, text: str) -> str:
        return _mbox(r"\sphinxcode{\sphinxupquote{" + self.text(text) + "}}")

    def cell(self, cell: Cell, start: str = CELL) -> list[nodes.Node]:
        """The inline nodes of a cell, the first one beginning with ``start``."""
        if isinstance(cell, Items):
            separator = self.text(cell.separator)
            return [_raw(start + separator.join(self.value(value) for value in cell.values))]
        if isinstance(cell, Code):
            return [_raw(start + self.code(cell.text))]
        if isinstance(cell, Link | Ref):
            # Sphinx writes (and resolves) the link; no \mbox, which would keep whole the
            # URL that latex_show_urls = "inline" adds; the table's penalties keep the name whole
            return [_raw(start), cell_node(cell)]
        return [_raw(start + self.value(cell_text(cell)))]


def _typeset(char: str) -> bool:
    code = ord(char)
    if char in _PDFLATEX_MISSING:
        return False
    return char in _PDFLATEX_EXTRA or any(low <= code <= high for low, high in _PDFLATEX_RANGES)


def _chunks(value: str) -> list[str]:
    """A value as pieces that never break: itself, or if it is too long for that,
    pieces of :data:`CHUNK` characters that fill the lines they break across.

    A value longer than :data:`MAX_PRINTED` is cut there, with an ellipsis and
    its length, so that its row still fits on a page."""
    if len(value) <= MAX_WHOLE:
        return [value]
    shown = value[:MAX_PRINTED]
    pieces = [shown[i : i + CHUNK] for i in range(0, len(shown), CHUNK)]
    if len(value) > MAX_PRINTED:
        pieces[-1] += "\N{HORIZONTAL ELLIPSIS}"
        pieces.append(f"({len(value):,} characters; whole in the HTML and text versions)")
    return pieces
