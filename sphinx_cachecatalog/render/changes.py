"""``cache-changes``: what changed for one package from one tag to another, in words.

The specs added and dropped follow as spec tables (placeholders of kind
``specs`` that name their specs by hash, filled in at write time like any
other); this module says the rest in one paragraph: how many specs are new,
dropped, rebuilt and the same, and which versions and stacks came and went.
"""

from __future__ import annotations

from collections.abc import Sequence

from docutils import nodes

from ..catalog.diff import PackageChange
from .cells import paragraph

#: Above the table of the specs of configurations new in the later tag.
ADDED_TITLE = "Added in {new}"
#: Above the table of the earlier tag's specs whose configurations the later tag lacks.
DROPPED_TITLE = "Dropped in {new}"


def changes_paragraph(
    change: PackageChange, old: str, new: str, same: int, absent: Sequence[str] = ()
) -> nodes.paragraph:
    """``From v0.23.1 to develop: 3 new, 2 dropped, 40 rebuilt and 5 unchanged specs (rebuilt:
    the same configuration with a new hash). Versions added: 1.26.4; dropped: 1.24.0.``

    ``same`` counts the specs that both tags hold (the same hash); ``absent`` names the
    tags that do not hold the package at all.
    """
    said = [f"{change.name} is not in {tag}." for tag in absent]
    counts = [
        (count, word)
        for count, word in (
            (len(change.specs_added), "new"),
            (len(change.specs_removed), "dropped"),
            (change.rebuilt, "rebuilt"),
            (same, "unchanged"),
        )
        if count
    ]
    if not counts:
        said.append(f"Neither {old} nor {new} holds a spec of {change.name} to compare.")
    elif not (change.specs_added or change.specs_removed or change.rebuilt):
        said.append(f"No change from {old} to {new}: the same {_specs(same)}.")
    else:
        total = sum(count for count, _ in counts)
        listed = _joined([f"{count} {word}" for count, word in counts])
        why = " (rebuilt: the same configuration with a new hash)" if change.rebuilt else ""
        said.append(f"From {old} to {new}: {listed} spec{'' if total == 1 else 's'}{why}.")
    for what, added, dropped, gained, lost in (
        ("Versions", change.versions_added, change.versions_removed, "added", "dropped"),
        ("Stacks", change.stacks_gained, change.stacks_lost, "gained", "lost"),
    ):
        parts = [
            f"{word}: {', '.join(values)}" for word, values in ((gained, added), (lost, dropped)) if values
        ]
        if parts:
            said.append(f"{what} {'; '.join(parts)}.")
    return paragraph(" ".join(said), "cachecatalog-changes-summary")


def _specs(count: int) -> str:
    """``1 spec``, ``3 specs``."""
    return f"{count} spec{'' if count == 1 else 's'}"


def _joined(parts: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
