"""``cache-stats``: totals, then specs per stack, compiler, OS, target, platform."""

from __future__ import annotations

from docutils import nodes

from ..catalog.stats import Stats
from .cells import paragraph, table, table_body

#: ``(field of Stats, column header, id suffix)`` of each breakdown table.
_BREAKDOWNS = (
    ("stacks", "Stack", "stack"),
    ("compilers", "Compiler", "compiler"),
    ("oss", "OS", "os"),
    ("targets", "Target", "target"),
    ("platforms", "Platform", "platform"),
)


def stats_nodes(stats: Stats, tag: str, ids_from: str) -> list[nodes.Node]:
    """The tables of ``stats``; ``tag`` is the tag shown, or ``all``.

    Each titled table gets an id (``ids_from`` and its subject), so that HTML
    gives it a permalink.
    """
    if not stats.specs:
        return [paragraph("No specs match.", "cachecatalog-empty")]
    totals = [("Tag", tag), ("Packages", str(stats.packages)), ("Specs", str(stats.specs))]
    if tag == "all":
        totals[0] = ("Tags", str(len(stats.tags)))
    result: list[nodes.Node] = [_titled(table_body(None, totals, stubs=1), "Totals", ids_from, "totals")]
    if tag == "all":
        rows = [(name, str(packages), str(specs)) for name, packages, specs in stats.tags]
        result.append(_titled(table_body(("Tag", "Packages", "Specs"), rows), "Per tag", ids_from, "per-tag"))
    for field, header, subject in _BREAKDOWNS:
        counts = getattr(stats, field)
        rows = [(value, str(count), _share(count, stats.specs)) for value, count in counts]
        body = table_body((header, "Specs", "Share"), rows)
        title = f"Specs per {header if header == 'OS' else header.lower()}"
        result.append(_titled(body, title, ids_from, f"per-{subject}"))
    return result


def _titled(tgroup: nodes.tgroup, title: str, ids_from: str, subject: str) -> nodes.table:
    result = table(tgroup, f"cachecatalog-{subject}")
    result.insert(0, nodes.title(title, title))
    result["ids"].append(f"{ids_from}-{subject}")
    return result


def _share(count: int, total: int) -> str:
    return f"{100 * count / total:.1f} %"
