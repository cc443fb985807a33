"""A package across tags: what each tag held and what changed since the tag before.

Tags come in an order given by the caller, oldest first (see
:mod:`.tagorder`). Only the specs that pass a :class:`~.filters.SpecFilter`
count, so a package whose specs all fail it is absent from a tag.

Changes between two tags are worked out as :mod:`.diff` does: specs are
matched by hash, then as multisets of configurations, so a spec built again
with a new hash is *rebuilt*, not dropped and added.

Absent and unknown are not the same. A tag whose file for the package
could not be read (``Catalog.unreadable``) says nothing about it: it gives
no history row and neither breaks nor extends a version's span; a row
names the unreadable tags passed over since the row before it.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from .diff import compare_tags
from .filters import SpecFilter
from .model import Catalog, Spec, Summary, summarize
from .tagorder import tag_date


@dataclass(frozen=True, slots=True)
class HistoryRow:
    """A package in one tag, and what changed since the previous row.

    The previous row is that of the previous tag of the order that holds the
    package (a spec passing the filter). The first row has everything new.
    """

    tag: str
    #: From the tag's name (see :func:`.tagorder.tag_date`), or None.
    date: datetime.date | None
    specs: int
    #: Newest first.
    versions: tuple[str, ...]
    #: As :class:`~.model.Summary` orders them: by name, then version.
    compilers: tuple[str, ...]
    #: Stack names as :class:`~.model.Summary` orders them: most specs first, ``root`` last.
    stacks: tuple[str, ...]
    #: Newest first.
    versions_added: tuple[str, ...]
    #: Newest first.
    versions_dropped: tuple[str, ...]
    #: In the order of :attr:`stacks`.
    stacks_added: tuple[str, ...]
    #: In the previous row's order of its stacks.
    stacks_dropped: tuple[str, ...]
    #: Specs of configurations that are new, or more often built, since the previous row.
    specs_new: int
    #: Specs built again: same configuration, new hash.
    specs_rebuilt: int
    #: Specs of configurations gone, or less often built, since the previous row.
    specs_dropped: int
    #: Tags between the previous row (or the start of the order) and this one whose
    #: file for the package could not be read: what they held is unknown, so a change
    #: may have come with them.
    unknown_before: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Span:
    """Consecutive tags of an order that held a version: the first, the last, and how
    many tags of it held the version (unreadable tags inside it are not counted)."""

    first: str
    last: str
    tags: int


def package_history(
    catalog: Catalog, name: str, order: Sequence[str], spec_filter: SpecFilter
) -> tuple[HistoryRow, ...]:
    """One row per tag of ``order`` that holds package ``name`` with a spec that passes
    ``spec_filter``, in ``order``."""
    rows: list[HistoryRow] = []
    before: tuple[Spec, ...] = ()
    before_summary: Summary | None = None
    before_tag: str | None = None
    unknown: list[str] = []
    for tag in order:
        if (tag, name) in catalog.unreadable:
            unknown.append(tag)
            continue
        package = catalog.get(tag, name)
        specs = spec_filter.specs(package) if package is not None else ()
        if package is None or not specs:
            continue
        summary = package.summary if specs is package.specs else summarize(specs)
        stacks = tuple(stack for stack, _ in summary.stacks)
        old_stacks = tuple(stack for stack, _ in before_summary.stacks) if before_summary else ()
        change = compare_tags(catalog, name, (before_tag, tag), spec_filter, (before, specs))
        rows.append(
            HistoryRow(
                tag=tag,
                date=tag_date(tag),
                specs=summary.num_specs,
                versions=summary.versions,
                compilers=summary.compilers,
                stacks=stacks,
                versions_added=change.versions_added,
                versions_dropped=change.versions_removed,
                stacks_added=tuple(s for s in stacks if s not in old_stacks),
                stacks_dropped=tuple(s for s in old_stacks if s not in stacks),
                specs_new=len(change.specs_added),
                specs_rebuilt=change.rebuilt,
                specs_dropped=len(change.specs_removed),
                unknown_before=tuple(unknown),
            )
        )
        before, before_summary, before_tag, unknown = specs, summary, tag, []
    return tuple(rows)


def version_spans(
    catalog: Catalog, name: str, version: str, order: Sequence[str], spec_filter: SpecFilter
) -> tuple[tuple[Span, ...], bool | None]:
    """The spans of consecutive tags of ``order`` that held ``version`` of package
    ``name``, and whether the last tag of ``order`` holds it.

    ``version`` matches a version of a spec exactly (``4.0`` is not ``4.0.1``:
    each version has a lifetime of its own). A tag without the version (the
    package absent, or none of its passing specs of that version) ends a span;
    a version that left and came back has two. A tag whose file for the
    package could not be read neither ends a span nor counts in it; when it
    is the last tag, whether the last tag holds the version is unknown (None).
    """
    spans: list[Span] = []
    first = last = None
    count = 0
    held_last: bool | None = False
    for tag in order:
        if (tag, name) in catalog.unreadable:
            held_last = None
            continue
        held_last = any(version in s.versions for s in _specs(catalog, tag, name, spec_filter))
        if held_last:
            first = tag if first is None else first
            last = tag
            count += 1
        elif first is not None and last is not None:
            spans.append(Span(first, last, count))
            first = last = None
            count = 0
    if first is not None and last is not None:
        spans.append(Span(first, last, count))
    return tuple(spans), held_last


def tag_totals(catalog: Catalog, order: Sequence[str]) -> tuple[tuple[str, int, int], ...]:
    """``(tag, packages, specs)`` for each tag of ``order``: what the catalog held over
    time (packages whose file could not be read are not counted)."""
    totals = []
    for tag in order:
        packages = list(catalog.in_tag(tag))
        totals.append((tag, len(packages), sum(p.summary.num_specs for p in packages)))
    return tuple(totals)


def _specs(catalog: Catalog, tag: str, name: str, spec_filter: SpecFilter) -> tuple[Spec, ...]:
    package = catalog.get(tag, name)
    return spec_filter.specs(package) if package is not None else ()
