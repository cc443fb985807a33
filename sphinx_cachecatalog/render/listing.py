"""Lists of packages (``cache-index``, ``cache-stack``), a stack's totals, and tags (``cache-tags``)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence

from docutils import nodes

from ..catalog.model import summarize
from ..catalog.query import PackageRow
from .cells import NONE, Cell, compilers, counted, items, table_body

#: Headers of a package list's columns.
PACKAGE_HEADERS = {
    "package": "Package",
    "specs": "Specs",
    "versions": "Versions",
    "compilers": "Compilers",
    "oss": "OSs",
    "platforms": "Platforms",
    "targets": "Targets",
    "stacks": "Stacks",
}

#: Makes the cell that names (and links) the package of a tag: ``link(tag, name)``.
PackageLink = Callable[[str, str], Cell]


def package_rows_cells(
    rows: Sequence[PackageRow], columns: Sequence[str], link: PackageLink
) -> tuple[list[str], list[list[Cell]]]:
    """The header and one row per package, with ``columns``."""
    return (
        [PACKAGE_HEADERS[column] for column in columns],
        [[_row_cell(row, column, link) for column in columns] for row in rows],
    )


def _row_cell(row: PackageRow, column: str, link: PackageLink) -> Cell:
    summary = row.summary
    if column == "package":
        return link(row.package.tag, row.package.name)
    if column == "specs":
        return str(summary.num_specs)
    if column == "stacks":
        return counted(summary.stacks)
    values = getattr(summary, column)
    assert isinstance(values, tuple)
    return compilers(values) if column == "compilers" else items(values)


def stack_totals_body(stack: str, tag: str, rows: Sequence[PackageRow]) -> nodes.tgroup:
    """A stack's totals over the rows: packages, specs, compilers, OSs, targets."""
    summary = summarize(spec for row in rows for spec in row.specs)
    pairs: list[tuple[str, Cell]] = [
        ("Stack", stack),
        ("Tag", tag),
        ("Packages", str(len(rows))),
        ("Specs", str(sum(row.summary.num_specs for row in rows))),
        ("Compilers", compilers(summary.compilers)),
        ("OSs", items(summary.oss)),
        ("Targets", items(summary.targets)),
    ]
    return table_body(None, pairs, stubs=1)


def tags_body(
    rows: Sequence[tuple[str, datetime.date | None, int, int, int]], link: Callable[[str], Cell]
) -> nodes.tgroup:
    """One row per ``(tag, date, packages, specs, stacks)``, the tag linked to its page.

    The Date column (``2025-07-13``, an em dash where unknown) is there when a
    tag has a date.
    """
    dated = any(date is not None for _, date, *_ in rows)
    return table_body(
        ("Tag", *(("Date",) if dated else ()), "Packages", "Specs", "Stacks"),
        [
            [
                link(tag),
                *((date.isoformat() if date else NONE,) if dated else ()),
                str(packages),
                str(specs),
                str(stacks),
            ]
            for tag, date, packages, specs, stacks in rows
        ],
    )
