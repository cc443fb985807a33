"""``cache-stats``: totals, then specs per stack, compiler, OS, target, platform.

In HTML pages, the tables of specs per stack, compiler, OS and target each
have a bar chart above them (:mod:`.charts`); every other builder gets the
tables alone.
"""

from __future__ import annotations

from docutils import nodes

from ..catalog.model import ROOT_STACK
from ..catalog.stats import Counts, Stats
from .cells import paragraph, table, table_body
from .charts import chart_node, chart_of, share

#: ``(field of Stats, column header, title, what its chart calls its values)`` of each
#: breakdown table; no chart for platforms (nearly always linux alone).
_BREAKDOWNS = (
    ("stacks", "Stack", "Specs per stack", "stacks"),
    ("compilers", "Compiler", "Specs per compiler", "compilers"),
    ("oss", "OS", "Specs per OS", "OSs"),
    ("targets", "Target", "Specs per target", "targets"),
    ("platforms", "Platform", "Specs per platform", ""),
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
    for field, header, title, plural in _BREAKDOWNS:
        counts = getattr(stats, field)
        rows = [(value, str(count), share(count, stats.specs)) for value, count in counts]
        block = _titled(title, table_body((header, "Specs", "Share"), rows))
        if plural:
            _add_chart(block, title, counts, stats.specs, plural)
        result.append(block)
    return list(result)


def _add_chart(block: nodes.container, title: str, counts: Counts, specs: int, plural: str) -> None:
    """Put a chart of ``counts`` between the rubric and the table of ``block``.

    The ``root`` stack, which holds every spec, is left out of the stack
    chart, where it would be the longest bar and make the others short.
    """
    stacks = plural == "stacks"
    left_out: tuple[tuple[str, int, str], ...] = ()
    if stacks:
        left_out = tuple((name, n, "the stack of every spec") for name, n in counts if name == ROOT_STACK)
        counts = tuple(pair for pair in counts if pair[0] != ROOT_STACK)
    chart = chart_of(title, counts, specs, plural, partition=not stacks, left_out=left_out)
    if chart is not None:
        block.insert(1, chart_node(chart))


def _titled(title: str, tgroup: nodes.tgroup) -> nodes.container:
    return nodes.container("", nodes.rubric(title, title), table(tgroup), classes=["cachecatalog-breakdown"])
