"""The catalog at a glance: totals and breakdowns of specs."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain
from operator import attrgetter

from .filters import SpecFilter
from .model import ROOT_STACK, Package

Counts = tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class Stats:
    """Totals and, per field, how many specs have each value (most first)."""

    #: ``(tag, packages, specs)`` per tag, in tag order.
    tags: tuple[tuple[str, int, int], ...]
    #: Distinct package names.
    packages: int
    specs: int
    stacks: Counts
    compilers: Counts
    oss: Counts
    targets: Counts
    platforms: Counts


_STACKS, _COMPILER, _OS, _TARGET, _PLATFORM = map(
    attrgetter, ("stacks", "compiler", "os", "target", "platform")
)


def catalog_stats(packages: Iterable[Package], spec_filter: SpecFilter) -> Stats:
    """Statistics of the specs of ``packages`` that pass ``spec_filter``."""
    per_tag: dict[str, list[int]] = {}
    names: set[str] = set()
    fields: dict[str, Counter[str]] = {
        key: Counter() for key in ("stacks", "compilers", "oss", "targets", "platforms")
    }
    for package in packages:
        specs = spec_filter.specs(package)
        if not specs:
            continue
        names.add(package.name)
        tag = per_tag.setdefault(package.tag, [0, 0])
        tag[0] += 1
        tag[1] += len(specs)
        # counted in C, a package at a time (400,000 specs make a loop per spec show)
        if specs is package.specs:
            fields["stacks"].update(dict(package.summary.stacks))
        else:
            fields["stacks"].update(chain.from_iterable(map(_STACKS, specs)))
        fields["compilers"].update(filter(None, map(_COMPILER, specs)))  # "" is no compiler
        fields["oss"].update(map(_OS, specs))
        fields["targets"].update(map(_TARGET, specs))
        fields["platforms"].update(map(_PLATFORM, specs))
    return Stats(
        tags=tuple((tag, n, specs) for tag, (n, specs) in sorted(per_tag.items())),
        packages=len(names),
        specs=sum(specs for _, specs in per_tag.values()),
        **{key: by_count(counter) for key, counter in fields.items()},
    )


def by_count(counter: Counter[str]) -> Counts:
    """Most first, then by name; the umbrella ``root`` stack last."""
    return tuple(sorted(counter.items(), key=lambda item: (item[0] == ROOT_STACK, -item[1], item[0])))
