"""Horizontal bar charts of specs per value, as inline SVG made at build time.

``cache-stats`` puts a chart above the table of specs per stack, compiler,
OS and target, in HTML pages only: the chart stands in an ``only`` node
(``format_html``), which every other builder drops, and the numbers stay in
the table for every builder and for screen readers. No script, no plotting
library, no file of its own: the SVG is in the page.

- :class:`Chart` is what a chart shows, worked out from the counts:
  at most :data:`TOP` bars, then the rest folded (:func:`chart_of`);
- :func:`svg` writes it as markup: every label escaped, colours from
  classes that the bundled stylesheet styles with the theme's variables,
  a ``<title>`` and ``<desc>`` that say what the bars say;
- :class:`bar_chart` is its node: its markup is written when the page is
  (``astext``), so that its ids can count the charts before it on the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from docutils import nodes
from sphinx import addnodes

#: Most bars a chart draws one value each; a longer list shows these and folds the rest.
TOP = 12
#: Width of the drawing, in its own units (text is :data:`FONT` of them).
WIDTH = 320
FONT = 13
NOTE_FONT = 12
#: Height of a bar and of a row (label above its bar), and of a note line under the bars.
BAR = 9
ROW = 32
NOTE = 19
#: Width of a character, about, as a share of the font size (labels are cut to fit beside their value).
CHAR = 0.55
#: Classes of the element around the SVG; ``no-search``: the table feeds Sphinx's search already.
CLASSES = ("cachecatalog-chart", "no-search")

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    count: int
    #: How many values the bar sums (an "other" bar), or 0 for one value.
    folded: int = 0


@dataclass(frozen=True, slots=True)
class Chart:
    """What a chart shows; :attr:`description` is its text alternative."""

    title: str
    bars: tuple[Bar, ...]
    #: What the shares are of: the specs counted.
    total: int
    #: Lines under the bars: what is not drawn, and where it is.
    notes: tuple[str, ...]
    description: str
    #: Whether each bar says its share of :attr:`total`; a series (per tag) says its count alone.
    shares: bool = True


def share(count: int, total: int) -> str:
    """``21.7 %``: ``count`` as a share of ``total``, as the tables show it."""
    return f"{100 * count / total:.1f} %"


def chart_of(
    title: str,
    counts: tuple[tuple[str, int], ...],
    total: int,
    plural: str,
    *,
    partition: bool = True,
    left_out: tuple[tuple[str, int, str], ...] = (),
) -> Chart | None:
    """The chart of ``counts`` (most first), or None when there is nothing to compare.

    Shares are of ``total``; ``plural`` names the values (``compilers``).
    With more than :data:`TOP` + 1 values, the first :data:`TOP` get a bar
    each and the rest are folded: into one bar "other (N compilers)" when
    each spec has one value (``partition``), otherwise (stacks: a spec is in
    several) into a note, since the sum of their counts would count specs
    more than once. ``left_out`` says what the caller took out of
    ``counts`` and why (``("root", 313, "the stack of every spec")``), in a
    note and in the text alternative.
    """
    if len(counts) < 2 or total <= 0:
        return None
    shown, rest = (counts, ()) if len(counts) <= TOP + 1 else (counts[:TOP], counts[TOP:])
    bars = [Bar(label, count) for label, count in shown]
    said = [f"{label} {count} ({share(count, total)})" for label, count in shown]
    notes: list[str] = []
    not_drawn = [f"{label} {count} ({share(count, total)}), {why}" for label, count, why in left_out]
    if rest and partition:
        other = sum(count for _, count in rest)
        bars.append(Bar(f"other ({len(rest)} {plural})", other, len(rest)))
        said.append(f"other ({len(rest)} {plural}) {other} ({share(other, total)})")
    elif rest:
        low, high = min(count for _, count in rest), max(count for _, count in rest)
        each = f"{low} to {high} specs" if low != high else f"{low} spec{'s' * (low != 1)}"
        notes.append(f"+ {len(rest)} more {plural}, {each} each")
        not_drawn.insert(0, f"{len(rest)} more {plural}, with {each} each")
    notes.extend(f"Not drawn: {label}, {why}" for label, _, why in left_out)
    description = f"{title}, most first: {', '.join(said)}."
    if not_drawn:
        description += f" Not drawn: {'; '.join(not_drawn)}."
    description += " The table has every value."
    return Chart(title, tuple(bars), total, tuple(notes), description)


def series_of(title: str, points: tuple[tuple[str, int], ...], noun: str) -> Chart | None:
    """A chart of counts in their own order (specs per tag, oldest first), or None with fewer
    than two points; ``noun`` is what is counted (``specs``)."""
    if len(points) < 2 or not any(count for _, count in points):
        return None
    said = ", ".join(f"{label} {count}" for label, count in points)
    description = f"{title}, in order: {said} {noun}. The table has every value."
    bars = tuple(Bar(label, count) for label, count in points)
    return Chart(title, bars, max(count for _, count in points), (), description, shares=False)


#: The chart's own style, so that only pages with charts carry it: bars in the theme's
#: brand colour (furo, pydata-sphinx-theme, else a blue), text in the page's colour.
STYLE = "display:block;height:auto;fill:var(--color-brand-primary,var(--pst-color-primary,#2d6aa3))"
#: The bar that folds the smallest values into "other", muted.
OTHER = ' style="fill:var(--color-foreground-muted,var(--pst-color-text-muted,#767676))"'


def svg(chart: Chart, ident: str) -> str:
    """The chart as an inline SVG element whose ids start with ``ident``."""
    top = max(bar.count for bar in chart.bars)
    height = len(chart.bars) * ROW + len(chart.notes) * NOTE + 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="cachecatalog-chart-svg" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet" style="{STYLE}" '
        f'aria-labelledby="{ident}-title" aria-describedby="{ident}-desc">',
        f'<title id="{ident}-title">{_text(chart.title)}</title>',
        f'<desc id="{ident}-desc">{_text(chart.description)}</desc>',
    ]
    for index, bar in enumerate(chart.bars):
        y = index * ROW
        value = f"{bar.count} ({share(bar.count, chart.total)})" if chart.shares else str(bar.count)
        room = max(12, int((WIDTH - FONT) / (CHAR * FONT)) - len(value))
        label = _text(bar.label)
        cut = len(bar.label) > room
        shown = _text(bar.label[: room - 1] + "\N{HORIZONTAL ELLIPSIS}") if cut else label
        classes = "cachecatalog-chart-bar" + (" cachecatalog-chart-other" if bar.folded else "")
        parts += [
            '<g class="cachecatalog-chart-row">',
            f"<title>{label}</title>" if cut else "",
            f'<text class="cachecatalog-chart-label" x="0" y="{y + FONT}" font-size="{FONT}" '
            f'fill="currentColor">{shown}</text>',
            f'<text class="cachecatalog-chart-value" x="{WIDTH}" y="{y + FONT}" font-size="{FONT}" '
            f'text-anchor="end" fill="currentColor">{value}</text>',
            f'<rect class="{classes}" x="0" y="{y + FONT + 5}" width="{_number(bar.count / top * WIDTH)}" '
            f'height="{BAR}"{OTHER if bar.folded else ""}/>',
            "</g>",
        ]
    for index, note in enumerate(chart.notes):
        y = len(chart.bars) * ROW + index * NOTE + NOTE_FONT
        parts.append(
            f'<text class="cachecatalog-chart-note" x="0" y="{y}" font-size="{NOTE_FONT}" '
            f'fill="currentColor">{_text(note)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


class bar_chart(nodes.raw):  # noqa: N801 - docutils names nodes in lower case
    """A chart's raw HTML, written when the page is.

    Its ids name its page and number it among the charts of that page
    (``cachecatalog-chart-usage-stats-3``): the same on every build, and never
    shared by two charts of one page, nor of the one page of ``singlehtml``.
    """

    def astext(self) -> str:
        chart: Chart = self["chart"]
        # singlehtml puts the pages into one tree, but their nodes still lead up to
        # their own page's document: number the charts per page, and name the page
        root: nodes.Node = self
        while root.parent is not None:
            root = root.parent
        number = next((n for n, node in enumerate(root.findall(bar_chart), start=1) if node is self), 1)
        return svg(chart, f"cachecatalog-chart-{_page_id(root)}{number}")


def chart_node(chart: Chart) -> addnodes.only:
    """The chart for HTML pages; every other builder drops it."""
    node = bar_chart("", "", format="html", classes=list(CLASSES), chart=chart)
    return addnodes.only("", node, expr="format_html")


def _page_id(root: nodes.Node) -> str:
    """``usage-stats-``: the name of the page whose document is ``root``, as part of an id."""
    env = getattr(getattr(root, "settings", None), "env", None)
    source = root.get("source") if isinstance(root, nodes.Element) else None
    docname = env.path2doc(source) if env is not None and source else None
    return f"{nodes.make_id(docname)}-" if docname else ""


def _text(value: str) -> str:
    """``value`` as SVG text or attribute: escaped, without the control characters XML forbids."""
    return escape(_CONTROL.sub("\N{REPLACEMENT CHARACTER}", value), quote=True)


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")
