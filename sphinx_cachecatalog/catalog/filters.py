"""Filters on specs and package names, parsed from the directives' option text.

A comma-separated value means any of its items; several filters must all
hold. Compilers and versions follow Spack's spelling: ``gcc`` is every gcc,
``gcc@11`` every 11.x, ``gcc@=11.4.0`` the same as ``gcc@11.4.0``;
``4.0`` is every 4.0.x, ``3.1:4.0`` a range (inclusive; the upper bound
takes its point releases), ``4.0:`` and ``:4.0`` open ranges.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .model import Package, Spec
from .versions import normalize_compiler, version_key, version_parts

#: The filter options, each naming the field of a spec it tests.
SPEC_FILTERS = ("stack", "os", "platform", "target", "compiler", "version", "variant")


class FilterError(ValueError):
    """An option value that is not a valid filter, with a message for the author."""


@dataclass(frozen=True, slots=True)
class VersionRange:
    """``low:high`` with either end open; a single version is ``v:v``."""

    low: str | None
    high: str | None

    def contains(self, version: str) -> bool:
        """Whether ``version`` is in the range, point releases of ``high`` included."""
        key = version_key(version)[0]
        if self.low is not None and key < version_key(self.low)[0]:
            return False
        if self.high is None:
            return True
        high = version_parts(self.high)
        return key <= version_key(self.high)[0] or version_parts(version)[: len(high)] == high


@dataclass(frozen=True, slots=True)
class CompilerMatch:
    """A compiler name and, optionally, the versions of it that match."""

    name: str
    versions: VersionRange | None

    def matches(self, compiler: str) -> bool:
        name, _, version = compiler.partition("@")
        if name != self.name:
            return False
        return self.versions is None or self.versions.contains(version)


@dataclass(frozen=True, slots=True)
class SpecFilter:
    """What specs must be like to be shown: every non-empty field must match."""

    stacks: frozenset[str] = frozenset()
    oss: frozenset[str] = frozenset()
    platforms: frozenset[str] = frozenset()
    targets: frozenset[str] = frozenset()
    compilers: tuple[CompilerMatch, ...] = ()
    versions: tuple[VersionRange, ...] = ()
    variants: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return any(getattr(self, field) for field in self.__slots__)

    def matches(self, spec: Spec) -> bool:
        """Whether ``spec`` passes every filter."""
        return (
            (not self.stacks or not self.stacks.isdisjoint(spec.stacks))
            and (not self.oss or spec.os in self.oss)
            and (not self.platforms or spec.platform in self.platforms)
            and (not self.targets or spec.target in self.targets)
            and (not self.compilers or any(c.matches(spec.compiler) for c in self.compilers))
            and (not self.versions or any(r.contains(v) for r in self.versions for v in spec.versions))
            and (
                not self.variants or not self.variants.isdisjoint(normalize_variant(v) for v in spec.variants)
            )
        )

    def specs(self, package: Package) -> tuple[Spec, ...]:
        """The specs of ``package`` that pass."""
        if not self:
            return package.specs
        return tuple(spec for spec in package.specs if self.matches(spec))


def normalize_variant(variant: str) -> str:
    """``cuda_arch:=90`` (propagated) is the same variant value as ``cuda_arch=90``."""
    return variant.replace(":=", "=", 1)


def parse_filter(options: Mapping[str, str]) -> SpecFilter:
    """A :class:`SpecFilter` from option text (``{"os": "ubuntu22.04, sequoia"}``).

    Raises :class:`FilterError` for a value that is not well formed.
    """
    items = {key: split_items(value, key) for key, value in options.items() if key in SPEC_FILTERS}
    return SpecFilter(
        stacks=frozenset(items.get("stack", ())),
        oss=frozenset(items.get("os", ())),
        platforms=frozenset(items.get("platform", ())),
        targets=frozenset(items.get("target", ())),
        compilers=tuple(_compiler(item) for item in items.get("compiler", ())),
        versions=tuple(_range(item, "version") for item in items.get("version", ())),
        variants=frozenset(_variant(item) for item in items.get("variant", ())),
    )


def check_known(spec_filter: SpecFilter, known: Mapping[str, frozenset[str]]) -> None:
    """Refuse values that no spec has at all: they are typing mistakes, not filters.

    Raises :class:`FilterError` naming the value and listing the valid ones.
    """
    asked = {
        "stack": spec_filter.stacks,
        "os": spec_filter.oss,
        "platform": spec_filter.platforms,
        "target": spec_filter.targets,
        "compiler": {c.name for c in spec_filter.compilers},
    }
    for option, values in asked.items():
        for value in sorted(values):
            if value not in known[option]:
                raise FilterError(
                    f":{option}: {value!r} is not in the catalog; valid: {listing(known[option])}"
                )


def listing(values: Iterable[str], most: int = 25) -> str:
    """Sorted values, comma-separated, cut after ``most``."""
    values = sorted(values)
    shown = ", ".join(values[:most])
    return shown + (f" and {len(values) - most} more" if len(values) > most else "") if values else "none"


def split_items(value: str, option: str) -> list[str]:
    """The comma-separated items of an option value; an empty item is an error."""
    items = [item.strip() for item in value.split(",")]
    if not all(items):
        raise FilterError(f":{option}: needs one or more comma-separated values, not {value!r}")
    return items


def match_names(patterns: Iterable[str], names: Iterable[str]) -> list[str]:
    """The names that match any shell-style pattern (``py-*``), in their order."""
    patterns = list(patterns)
    return [name for name in names if any(fnmatch.fnmatchcase(name, p) for p in patterns)]


def _compiler(item: str) -> CompilerMatch:
    name, at, version = normalize_compiler(item).partition("@")
    if not name or (at and not version):
        raise FilterError(
            f"{item!r} is not a compiler: write a name (gcc) or name@version (gcc@11, gcc@11.4.0)"
        )
    return CompilerMatch(name, _range(version, "compiler") if at else None)


def _range(item: str, option: str) -> VersionRange:
    low, colon, high = item.partition(":")
    if ":" in high or (colon and not low and not high) or not item:
        raise FilterError(f"{item!r} is not a version or range for :{option}: (4.0, 3.1:4.0, 4.0:, :4.0)")
    if not colon:
        return VersionRange(item, item)
    return VersionRange(low or None, high or None)


def _variant(item: str) -> str:
    if item[0] not in "+~" and "=" not in item:
        raise FilterError(f"{item!r} is not a variant: write +name, ~name or name=value")
    return normalize_variant(item)
