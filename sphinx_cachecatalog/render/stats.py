"""``cache-stats``: totals, then specs per stack, compiler, OS, target, platform."""

from __future__ import annotations

from docutils import nodes

from ..catalog.stats import Stats
from .cells import paragraph, table, table_body

#: ``(field of Stats, column header, title)`` of each breakdown table.
_BREAKDOWNS = (
    ("stacks", "Stack", "Specs per stack"),
    ("compilers", "Compiler", "Specs per compiler"),
    ("oss", "OS", "Specs per OS"),
    ("targets", "Target", "Specs per target"),
    ("platforms", "Platform", "Specs per platform"),
)


def stats_nodes(stats: Stats, tag: str) -> list[nodes.Node]:
    """The tables of ``stats``, each under a rubric; ``tag`` is the tag shown, or ``all``.

    Rubrics rather than table titles: the man page writer takes a table
    title for the page's own title.
    """
    if not stats.specs:
        return [paragraph("No specs match.", "cachecatalog-empty")]
    totals = [("Tag", tag), ("Packages", str(stats.packages)), ("Specs", str(stats.specs))]
    if tag == "all":
        totals[0] = ("Tags", str(len(stats.tags)))
    result = [_titled("Totals", table_body(None, totals, stubs=1))]
    if tag == "all":
        rows = [(name, str(packages), str(specs)) for name, packages, specs in stats.tags]
        result.append(_titled("Per tag", table_body(("Tag", "Packages", "Specs"), rows)))
    for field, header, title in _BREAKDOWNS:
        counts = getattr(stats, field)
        rows = [(value, str(count), _share(count, stats.specs)) for value, count in counts]
        result.append(_titled(title, table_body((header, "Specs", "Share"), rows)))
    return list(result)


def _titled(title: str, tgroup: nodes.tgroup) -> nodes.container:
    return nodes.container("", nodes.rubric(title, title), table(tgroup), classes=["cachecatalog-breakdown"])


def _share(count: int, total: int) -> str:
    return f"{100 * count / total:.1f} %"
