"""``cache-stats``: totals, then specs per stack, compiler, OS, target, platform."""

from __future__ import annotations

from docutils import nodes

from ..catalog.stats import Stats
from .cells import paragraph, table, table_body

_BREAKDOWNS = (
    ("stacks", "Stack"),
    ("compilers", "Compiler"),
    ("oss", "OS"),
    ("targets", "Target"),
    ("platforms", "Platform"),
)


def stats_nodes(stats: Stats, tag: str) -> list[nodes.Node]:
    """The tables of ``stats``; ``tag`` is the tag shown, or ``all``."""
    if not stats.specs:
        return [paragraph("No specs match.", "cachecatalog-empty")]
    totals = [("Tag", tag), ("Packages", str(stats.packages)), ("Specs", str(stats.specs))]
    if tag == "all":
        totals[0] = ("Tags", str(len(stats.tags)))
    result: list[nodes.Node] = [_titled(table_body(None, totals, stubs=1), "Totals", "cachecatalog-totals")]
    if tag == "all":
        rows = [(name, str(packages), str(specs)) for name, packages, specs in stats.tags]
        result.append(
            _titled(table_body(("Tag", "Packages", "Specs"), rows), "Per tag", "cachecatalog-per-tag")
        )
    for field, header in _BREAKDOWNS:
        counts = getattr(stats, field)
        rows = [(value, str(count), _share(count, stats.specs)) for value, count in counts]
        body = table_body((header, "Specs", "Share"), rows)
        result.append(_titled(body, f"Specs per {header.lower()}", f"cachecatalog-per-{header.lower()}"))
    return result


def _titled(tgroup: nodes.tgroup, title: str, cls: str) -> nodes.table:
    result = table(tgroup, cls)
    result.insert(0, nodes.title(title, title))
    return result


def _share(count: int, total: int) -> str:
    return f"{100 * count / total:.1f} %"
