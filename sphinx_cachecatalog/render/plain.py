"""Catalog tables laid out as lines of plain text, for the text and man builders.

Sphinx's text writer wraps table cells with a :class:`textwrap.TextWrapper`
that breaks after hyphens, so ``ml-linux-aarch64-cpu`` would come out as
``ml-linux- aarch64-cpu``; a man page's tbl tables overflow the terminal.
Here the lines are made by our own code and shown as literal blocks:

- a spec as Spack prints it, so that a reader can copy it: the short hash
  after a slash, ``name@version``, ``%compiler``, ``arch=platform-os-target``
  on the first line, then the variants, the stacks, the size and the URL of
  the binary on lines of their own;
- another table as aligned columns when it fits in the width, else one
  record per row, each other column a ``Header: value`` line.

Lines are wrapped only between the values of a list, never inside a value; a
value longer than the width stands alone on its line, whole.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence

from ..catalog.model import Spec
from ..catalog.query import format_size, spec_first_line
from .cells import Cell, Items, cell_text
from .grid import Grid
from .package import dependency_texts

#: Widest line of the layouts (the writer adds its indentation to it).
WIDTH = 90
#: Indentation of the lines that follow a record's first line.
INDENT = "    "
#: Space between aligned columns.
GAP = "  "
_NUMBER = re.compile(r"^\d[\d.,]*( %)?$")


def spec_lines(
    name: str,
    spec: Spec,
    columns: Sequence[str],
    width: int = WIDTH,
    held: Callable[[str], bool] = lambda digest: True,
    why: str = "",
) -> list[str]:
    """One spec: its first line, then variants, stacks, size, tarball URL, dependencies and
    why it is not a hit (a near miss of ``cache-query``), indented."""
    lines = [spec_first_line(name, spec, columns)]
    if "variants" in columns and spec.variants:
        lines += wrap(spec.variants, " ", width, INDENT)
    if "stacks" in columns and spec.stacks:
        lines += wrap(spec.stacks, ", ", width, INDENT + "stacks: ", INDENT + " " * len("stacks: "))
    if "size" in columns and spec.size is not None:
        lines.append(f"{INDENT}size: {format_size(spec.size)}")
    if "tarball" in columns and spec.tarball:
        lines.append(INDENT + spec.tarball)
    if "dependencies" in columns and spec.dependencies:
        label = INDENT + "depends on: "
        lines += wrap(dependency_texts(spec, held), ", ", width, label, " " * len(label))
    if why:
        label = INDENT + "why not: "
        lines += wrap(why.split("; "), "; ", width, label, " " * len(label))
    return lines


def specs_lines(
    name: str,
    specs: Iterable[Spec],
    columns: Sequence[str],
    width: int = WIDTH,
    held: Callable[[str], bool] = lambda digest: True,
    why: Mapping[str, str] | None = None,
) -> list[str]:
    """Every spec, a blank line between them."""
    lines: list[str] = []
    for spec in specs:
        if lines:
            lines.append("")
        lines += spec_lines(name, spec, columns, width, held, (why or {}).get(spec.hash, ""))
    return lines


def columns(text: str) -> int:
    """How many columns of a terminal ``text`` takes: wide (CJK) characters two,
    combining marks none."""
    if text.isascii():
        return len(text)
    return sum(
        0 if unicodedata.combining(char) else 2 if unicodedata.east_asian_width(char) in "WF" else 1
        for char in text
    )


def wrap(
    values: Sequence[str], separator: str, width: int, first: str = "", rest: str | None = None
) -> list[str]:
    """``values`` joined by ``separator`` in lines of at most ``width``, broken only
    between values; the first line starts with ``first``, the others with ``rest``
    (``first``'s length in spaces by default). A value too long for a line stands
    alone on one, whole."""
    rest = " " * columns(first) if rest is None else rest
    joint = separator.rstrip()  # what ends a line that breaks after a value
    lines: list[str] = []
    line = first
    fresh = True  # nothing on the line but its prefix
    for index, value in enumerate(values):
        tail = joint if index < len(values) - 1 else ""
        candidate = line + ("" if fresh else separator) + value
        if columns(candidate + tail) <= width or (fresh and not line.strip()):
            line, fresh = candidate, False
            continue
        lines.append(line if fresh else line + joint)  # after a label, a value too long goes under it
        line, fresh = rest + value, False
    lines.append(line)
    return [line.rstrip() for line in lines]


def grid_lines(grid: Grid, width: int = WIDTH) -> list[str]:
    """A table as aligned columns if they fit in ``width``, else as records."""
    if grid.header and grid.rows:
        aligned = _aligned(grid)
        if max(columns(line) for line in aligned) <= width:
            return aligned
    return _records(grid, width)


def _aligned(grid: Grid) -> list[str]:
    assert grid.header is not None
    texts = [[cell_text(cell) for cell in row] for row in grid.rows]
    indices = range(grid.width)
    widths = [max([columns(grid.header[i])] + [columns(row[i]) for row in texts]) for i in indices]
    numeric = [all(_NUMBER.match(row[i]) or not row[i] for row in texts) for i in indices]

    def line(cells: Sequence[str]) -> str:
        padded = [
            " " * (w - columns(c)) + c if num else c + " " * (w - columns(c))
            for c, w, num in zip(cells, widths, numeric, strict=True)
        ]
        return GAP.join(padded).rstrip()

    return [line(grid.header), line(["-" * w for w in widths]), *(line(row) for row in texts)]


def _records(grid: Grid, width: int) -> list[str]:
    """Rows of a table with a header: the first cell, then ``Header: value`` lines.
    Rows of a table without one (``key | value``): ``Key: value`` lines, aligned."""
    lines: list[str] = []
    if not grid.header:
        keys = [cell_text(row[0]) + ":" for row in grid.rows if row]
        pad = max((columns(key) for key in keys), default=0) + 1
        for key, row in zip(keys, grid.rows, strict=False):
            value = row[1] if len(row) > 1 else ""
            lines += _field(key + " " * (pad - columns(key)), value, width, " " * pad)
        return lines
    for row in grid.rows:
        if lines:
            lines.append("")
        lines.append(cell_text(row[0]))
        for header, cell in zip(grid.header[1:], row[1:], strict=False):
            if cell_text(cell):
                lines += _field(f"{INDENT}{header}: ", cell, width, INDENT * 2)
    return lines


def _field(prefix: str, cell: Cell, width: int, rest: str) -> list[str]:
    if isinstance(cell, Items):
        return wrap(cell.values, cell.separator, width, prefix, rest)
    return wrap([cell_text(cell)], "", width, prefix, rest)
