"""``cache-diff``: counts first, then packages added, removed and changed."""

from __future__ import annotations

from collections.abc import Sequence

from docutils import nodes

from ..catalog.diff import TagDiff
from ..catalog.model import Package
from .cells import Cell, items, paragraph, table, table_body
from .listing import PackageLink


def diff_nodes(diff: TagDiff, link: PackageLink) -> list[nodes.Node]:
    """The difference from ``diff.old`` to ``diff.new``: what really changed first,
    then the packages that were only rebuilt."""
    if diff.empty:
        compared = f" ({diff.unchanged} packages compared)" if diff.unchanged else ""
        return [
            paragraph(f"No differences between {diff.old} and {diff.new}{compared}.", "cachecatalog-empty")
        ]
    counts = [
        ("Packages added", str(len(diff.added))),
        ("Packages removed", str(len(diff.removed))),
        ("Packages changed", str(len(diff.changed))),
        ("Packages only rebuilt", str(len(diff.rebuilt))),
        ("Packages unchanged", str(diff.unchanged)),
        ("Specs added", str(diff.specs_added)),
        ("Specs removed", str(diff.specs_removed)),
        ("Specs rebuilt", str(diff.specs_rebuilt)),
    ]
    if diff.unreadable:
        counts.insert(5, ("Packages not compared (unreadable)", str(len(diff.unreadable))))
    result: list[nodes.Node] = [table(table_body(None, counts, stubs=1), "cachecatalog-diff-counts")]
    if diff.unreadable:
        names = ", ".join(diff.unreadable)
        result.append(
            paragraph(
                f"Not compared, because a catalog file could not be read: {names}. "
                "They may have changed, been added or been removed.",
                "cachecatalog-unreadable",
            )
        )
    if diff.added:
        result += _packages(f"Packages added in {diff.new}", diff.added, link, "cachecatalog-diff-added")
    if diff.removed:
        result += _packages(
            f"Packages removed from {diff.old}", diff.removed, link, "cachecatalog-diff-removed"
        )
    if diff.changed:
        header = (
            "Package",
            "Specs added",
            "Specs removed",
            "Versions added",
            "Versions removed",
            "Stacks gained",
            "Stacks lost",
            "Rebuilt",
        )
        rows: list[list[Cell]] = [
            [
                link(diff.new, change.name),
                str(len(change.specs_added)),
                str(len(change.specs_removed)),
                items(change.versions_added),
                items(change.versions_removed),
                items(change.stacks_gained),
                items(change.stacks_lost),
                str(change.rebuilt),
            ]
            for change in diff.changed
        ]
        result.append(nodes.rubric("", f"Packages changed from {diff.old} to {diff.new}"))
        result.append(table(table_body(header, rows), "cachecatalog-diff-changed"))
    if diff.rebuilt:
        rows = [[link(diff.new, change.name), str(change.rebuilt)] for change in diff.rebuilt]
        result.append(nodes.rubric("", "Packages only rebuilt (same configurations, new hashes)"))
        result.append(table(table_body(("Package", "Specs rebuilt"), rows), "cachecatalog-diff-rebuilt"))
    return result


def _packages(title: str, packages: Sequence[Package], link: PackageLink, cls: str) -> list[nodes.Node]:
    rows: list[list[Cell]] = [
        [link(p.tag, p.name), str(len(p.specs)), items(p.summary.versions)] for p in packages
    ]
    return [nodes.rubric("", title), table(table_body(("Package", "Specs", "Versions"), rows), cls)]
