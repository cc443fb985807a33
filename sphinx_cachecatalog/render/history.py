"""A package across tags (``cache-history``) as standard nodes: a chart, then a table.

The table has one row per tag that holds the package, oldest first: its
specs, versions, compilers and stacks, and what changed since the row
before. HTML pages get a chart of specs per tag above it (:mod:`.charts`);
every builder gets the table. A version's lifetime is a sentence and a
table of the spans of tags that held it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from docutils import nodes

from ..catalog.history import HistoryRow, Span
from .cells import NONE, Cell, Items, compilers, items, paragraph, table, table_body
from .charts import chart_node, series_of

#: A tag's cell: a link to its page where there is one.
TagLink = Callable[[str], Cell]

#: What changed comes before the long lists, so that a narrow page shows it first.
HEADER = ("Tag", "Date", "Specs", "Changed", "Versions", "Compilers", "Stacks")


def history_chart(name: str, rows: Sequence[HistoryRow]) -> nodes.Node | None:
    """The chart of specs per tag (HTML only), where there are two tags or more."""
    chart = series_of(f"Specs of {name} per tag", tuple((row.tag, row.specs) for row in rows), "specs")
    return chart_node(chart) if chart is not None else None


def history_rows(rows: Sequence[HistoryRow], link: TagLink) -> tuple[list[str], list[list[Cell]]]:
    """The header and the cells of the table of ``rows``."""
    body: list[list[Cell]] = [
        [
            link(row.tag),
            row.date.isoformat() if row.date else NONE,
            str(row.specs),
            Items(changes(row, first=index == 0), "; "),
            items(row.versions),
            compilers(row.compilers),
            items(row.stacks),
        ]
        for index, row in enumerate(rows)
    ]
    return list(HEADER), body


def unknown_after(name: str, tags: Sequence[str]) -> nodes.paragraph:
    """What is unknown after the last row: tags whose file for the package was not read."""
    text = f"Unknown in {', '.join(tags)}: the catalog file of {name} there could not be read."
    return paragraph(text, "cachecatalog-unreadable")


def changes(row: HistoryRow, first: bool = False) -> tuple[str, ...]:
    """What changed since the row before, in words: ``+4.0.1``, ``-3.1.6``, ``stacks +ml``,
    ``12 new, 30 rebuilt, 3 dropped``; the first row is where the history starts."""
    if first:
        return ("first here",)
    said = [f"+{version}" for version in row.versions_added]
    said += [f"-{version}" for version in row.versions_dropped]
    if row.stacks_added or row.stacks_dropped:
        moved = [f"+{s}" for s in row.stacks_added] + [f"-{s}" for s in row.stacks_dropped]
        said.append("stacks " + " ".join(moved))
    counts = [
        f"{count} {word}"
        for count, word in (
            (row.specs_new, "new"),
            (row.specs_rebuilt, "rebuilt"),
            (row.specs_dropped, "dropped"),
        )
        if count
    ]
    if counts:
        said.append(", ".join(counts))
    if row.unknown_before:
        said.append(f"unknown in {', '.join(row.unknown_before)} (file not read)")
    return tuple(said) or ("no change",)


def lifetime_nodes(
    name: str, version: str, spans: Sequence[Span], in_last: bool | None, last: str | None, link: TagLink
) -> list[nodes.Node]:
    """A version's spans of tags, said in a sentence and listed in a table; ``in_last`` None:
    whether the last tag holds it is unknown (its file there could not be read)."""
    if not spans:
        return [paragraph(f"{name} {version} is in no tag of the history.", "cachecatalog-empty")]
    if in_last is None:
        now = f"whether the last tag, {last}, holds it is unknown: the file there could not be read"
    else:
        now = f"it is {'' if in_last else 'not '}in the last tag, {last}"
    times = "once" if len(spans) == 1 else f"{len(spans)} times (it left and came back)"
    sentence = f"{name} {version} entered the cache {times}; {now}."
    rows: list[list[Cell]] = [[link(span.first), link(span.last), str(span.tags)] for span in spans]
    return [
        paragraph(sentence, "cachecatalog-lifetime"),
        table(table_body(("From", "To", "Tags"), rows), "cachecatalog-lifetime-table"),
    ]
