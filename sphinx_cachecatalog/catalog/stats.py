"""The catalog at a glance: totals and breakdowns of specs."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

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
        for spec in specs:
            fields["stacks"].update(spec.stacks)
            if spec.compiler:  # "" is no compiler
                fields["compilers"][spec.compiler] += 1
            fields["oss"][spec.os] += 1
            fields["targets"][spec.target] += 1
            fields["platforms"][spec.platform] += 1
    return Stats(
        tags=tuple((tag, n, specs) for tag, (n, specs) in sorted(per_tag.items())),
        packages=len(names),
        specs=sum(specs for _, specs in per_tag.values()),
        **{key: by_count(counter) for key, counter in fields.items()},
    )


def by_count(counter: Counter[str]) -> Counts:
    """Most first, then by name; the umbrella ``root`` stack last."""
    return tuple(sorted(counter.items(), key=lambda item: (item[0] == ROOT_STACK, -item[1], item[0])))
