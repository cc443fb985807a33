"""Standard docutils tables of catalog data, built for the writer."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import quote

from docutils import nodes

from .catalog.model import Package, Spec
from .catalog.query import format_size, sort_specs

Cell = str | nodes.Node

#: Classes of the hash literal; the bundled CSS clips it to the short form.
HASH_CLASSES = ["cachecatalog-hash"]


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


def external_link(text: str, url: str | None) -> Cell:
    """A link to ``url`` when it is http(s), else the plain text."""
    if url is None or not url.startswith(("https://", "http://")):
        return text
    return nodes.reference(text, text, refuri=url, internal=False)


def package_url(template: str | None, name: str) -> str | None:
    """The package's page from a ``{name}`` template, or None without one."""
    return template.format(name=quote(name, safe="")) if template else None


def summary_body(package: Package, url_template: str | None) -> nodes.tgroup:
    """Two columns: what is described, and the value for ``package``."""
    summary = package.summary
    rows: list[tuple[str, Cell]] = [
        ("Package", external_link(package.name, package_url(url_template, package.name))),
        ("Tag", package.tag),
        ("Specs", str(summary.num_specs)),
        ("Versions", ", ".join(summary.versions)),
        ("Compilers", ", ".join(summary.compilers)),
        ("OSs", ", ".join(summary.oss)),
        ("Platforms", ", ".join(summary.platforms)),
        ("Targets", ", ".join(summary.targets)),
        ("Stacks", ", ".join(f"{stack} ({count})" for stack, count in summary.stacks)),
    ]
    return table_body(None, rows, stubs=1)


SPEC_COLUMNS = ("Hash", "Version", "Compiler", "OS", "Platform", "Target", "Variants", "Stacks", "Size")


def specs_body(specs: Sequence[Spec], full_hash: bool) -> nodes.tgroup:
    """One row per spec in display order; a Tarball column when any spec has one.

    ``full_hash`` keeps the whole hash in a literal (HTML clips it to seven
    characters with CSS); otherwise the short form stands alone.
    """
    with_tarball = any(spec.tarball for spec in specs)
    header = SPEC_COLUMNS + (("Tarball",) if with_tarball else ())
    rows = []
    for spec in sort_specs(specs):
        shown = spec.hash if full_hash else spec.short_hash
        cells: list[Cell] = [
            nodes.literal(shown, shown, classes=HASH_CLASSES),
            ", ".join(spec.versions),
            spec.compiler,
            spec.os,
            spec.platform,
            spec.target,
            " ".join(spec.variants),
            ", ".join(spec.stacks),
            format_size(spec.size),
        ]
        if with_tarball:
            cells.append(external_link("download", spec.tarball) if spec.tarball else "")
        rows.append(cells)
    return table_body(header, rows)
