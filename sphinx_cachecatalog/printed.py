"""Post-transforms that lay catalog tables out for print and terminals.

They run before the generic :class:`~.transforms.FillCatalogTables` (priority
5, like the HTML one), for their builders only, and reuse its methods: which
package, which specs in which order, the ``:limit:`` and its note. What
differs is the layout:

- text and man (:class:`FillCatalogTablesPlain`, :class:`FillCatalogTablesMan`): literal blocks of lines
  laid out by :mod:`.render.plain`, specs the way Spack prints them;
- LaTeX (:class:`FillCatalogTablesLaTeX`): standard tables whose column
  widths the LaTeX macros of ``sphinxcachecatalog.sty`` fit to the data,
  with every value kept whole (:mod:`.render.latex`).
"""

from __future__ import annotations

import shutil
from functools import partial
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from .catalog.filters import parse_filter
from .catalog.model import Spec
from .nodes import catalog_rows
from .render.cells import cell_text, paragraph
from .render.grid import Grid, grid_of
from .render.latex import TARBALL_NOTE, Layout, framed, lay_out
from .render.plain import WIDTH, grid_lines, specs_lines
from .transforms import FillCatalogTables, Filled

#: The LaTeX macros that fit tables' columns to their data.
STY = Path(__file__).parent / "texinputs" / "sphinxcachecatalog.sty"
#: Spec lists whose variants run longer than this (in characters) show them in rows of their own.
DETAIL_LENGTH = 60
#: Widest line of our layouts in man pages: man indents the page and its literal blocks.
MAN_WIDTH = 78


class FillCatalogTablesPlain(FillCatalogTables):
    """Text: each catalog table becomes a literal block of our own lines."""

    default_priority = 5
    formats = ("text",)
    #: Widest line of the layouts.
    width = WIDTH

    def run(self, **kwargs: Any) -> None:
        self._shown: list[Any] = []
        super().run(**kwargs)

    def limited(self, placeholder: catalog_rows, items: list[Any]) -> list[Any]:
        """As the base class does; remembers the items shown (the specs, for :meth:`fill_specs`)."""
        self._shown = super().limited(placeholder, items)
        return self._shown

    def fill(self, placeholder: catalog_rows) -> Filled:
        filled = super().fill(placeholder)
        if placeholder["kind"] == "specs" and isinstance(filled, tuple):
            specs: list[Spec] = self._shown
            held = partial(self.catalog.has_spec, placeholder["tag"])
            lines = specs_lines(
                placeholder["package"],
                specs,
                placeholder["columns"],
                self.width,
                held,
                placeholder.get("reasons"),
            )
            result: list[nodes.Node] = [self.block(lines)]
        elif isinstance(filled, tuple):
            result = [self.block(grid_lines(Grid(*filled), self.width))]
        elif isinstance(filled, nodes.tgroup):
            result = [self.block(grid_lines(grid_of(filled), self.width))]
        else:
            return [self.plain_tables(node) for node in filled]
        table = placeholder.parent
        if isinstance(table, nodes.table):
            titles = [child for child in table.children if isinstance(child, nodes.title)]
            # a rubric: a man page would take a paragraph at its start for its NAME line
            result[:0] = [nodes.rubric("", "", *title.deepcopy().children) for title in titles]
        total, shown = placeholder.get("total", 0), placeholder.get("shown", 0)
        if shown < total:
            result.append(paragraph(f"Showing {shown} of {total}.", "cachecatalog-limit"))
        if not isinstance(table, nodes.table):
            return result
        return [nodes.container("", *result, classes=list(table["classes"]))]

    def plain_tables(self, node: nodes.Node) -> nodes.Node:
        """``node`` with each table of ours in it (or itself) a literal block of its lines."""
        if isinstance(node, nodes.table):
            tgroups = [child for child in node.children if isinstance(child, nodes.tgroup)]
            return self.block(grid_lines(grid_of(tgroups[0]), self.width)) if len(tgroups) == 1 else node
        if isinstance(node, nodes.Element):
            for table in list(node.findall(nodes.table)):
                if table.parent is not None:
                    table.replace_self(self.plain_tables(table))
        return node

    @staticmethod
    def block(lines: list[str]) -> nodes.literal_block:
        text = "\n".join(lines)
        return nodes.literal_block(text, text, classes=["cachecatalog-plain"])


class FillCatalogTablesMan(FillCatalogTablesPlain):
    """Man pages: as text, in lines short enough for the indentation of a man page."""

    formats = ("man",)
    width = MAN_WIDTH

    def run(self, **kwargs: Any) -> None:
        super().run(**kwargs)
        # The man writer puts no space before the first paragraph of a container: after
        # the author's paragraph, a verdict would run into it. An empty node before it says
        # that it is not first.
        for container in self.document.findall(nodes.container):
            first = container[0] if container.children else None
            if "cachecatalog" in container["classes"] and isinstance(first, nodes.paragraph):
                container.insert(0, nodes.inline())


class FillCatalogTablesLaTeX(FillCatalogTables):
    """LaTeX: each catalog table with its columns fitted to its data (:mod:`.render.latex`).

    A spec list leaves its tarball column out, with a note under the table:
    URLs of up to 200 characters fit no column of a printed page.
    """

    default_priority = 5
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        self.engine: str = self.config.latex_engine
        self._framed: list[tuple[nodes.table, Layout]] = []
        super().run(**kwargs)
        for table, layout in self._framed:
            if table.parent is not None:
                table.parent.replace(table, framed(table, layout))

    def fill_specs(self, placeholder: catalog_rows) -> Filled:
        columns = placeholder["columns"]
        if "tarball" in columns:
            placeholder["columns"] = [column for column in columns if column != "tarball"] or ["hash"]
            package = self.catalog.get(placeholder["tag"], placeholder["package"])
            shown = parse_filter(placeholder["filters"]).specs(package) if package is not None else ()
            placeholder["tarball_note"] = any(s.tarball for s in shown)
        return super().fill_specs(placeholder)

    def fill(self, placeholder: catalog_rows) -> Filled:
        filled = super().fill(placeholder)
        table = placeholder.parent
        if isinstance(filled, tuple | nodes.tgroup) and isinstance(table, nodes.table):
            grid = Grid(*filled) if isinstance(filled, tuple) else grid_of(filled)
            layout = lay_out(grid, self.engine, self.detail(placeholder, grid))
            self._framed.append((table, layout))
            if placeholder.get("tarball_note"):
                note = paragraph(TARBALL_NOTE, "cachecatalog-note")
                table.parent.insert(table.parent.index(table) + 1, note)
            return layout.tgroup
        if isinstance(filled, list):
            for node in filled:
                for inner in node.findall(nodes.table) if isinstance(node, nodes.Element) else ():
                    self.fit(inner)
        return filled

    @staticmethod
    def detail(placeholder: catalog_rows, grid: Grid) -> int | None:
        """The variants column of a spec list, when some spec has many: they get a row
        of their own, across the table, rather than a column too narrow for them."""
        if placeholder["kind"] != "specs" or "variants" not in placeholder["columns"] or grid.width < 2:
            return None
        index = list(placeholder["columns"]).index("variants")
        longest = max((len(cell_text(row[index])) for row in grid.rows), default=0)
        return index if longest > DETAIL_LENGTH else None

    def fit(self, table: nodes.table) -> None:
        """Lay out a table of ours that a render function made whole."""
        tgroups = [child for child in table.children if isinstance(child, nodes.tgroup)]
        if len(tgroups) == 1:
            layout = lay_out(grid_of(tgroups[0]), self.engine)
            table.replace(tgroups[0], layout.tgroup)
            self._framed.append((table, layout))


def add_latex_package(app: Sphinx) -> None:
    """For LaTeX builds: ship ``sphinxcachecatalog.sty`` and load it in the preamble."""
    if app.builder.format != "latex":
        return
    outdir = Path(app.outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(STY, outdir / STY.name)
    app.add_latex_package(STY.stem)
