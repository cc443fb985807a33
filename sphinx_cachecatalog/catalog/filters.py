"""Filters on specs and package names, parsed from the directives' option text.

A comma-separated value means any of its items; several filters must all
hold. Compilers and versions follow Spack's spelling: ``gcc`` is every gcc,
``gcc@11`` every 11.x, ``gcc@=11.4.0`` the same as ``gcc@11.4.0``;
``4.0`` is every 4.0.x, ``3.1:4.0`` a range (inclusive; the upper bound
takes its point releases), ``4.0:`` and ``:4.0`` open ranges.
"""

from __future__ import annotations

import difflib
import fnmatch
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from .model import Catalog, Package, Spec
from .versions import normalize_compiler, version_key, version_parts

#: How filters and the data spell "built without a compiler".
NO_COMPILER = "none"
#: The filter options, each naming the field of a spec it tests.
SPEC_FILTERS = ("stack", "os", "platform", "target", "compiler", "version", "variant")


class FilterError(ValueError):
    """An option value that is not a valid filter, with a message for the author."""


@dataclass(frozen=True, slots=True)
class VersionRange:
    """``low:high`` with either end open; a single version is ``v:v``."""

    low: str | None
    high: str | None

    @property
    def spelling(self) -> str:
        """The range as written: ``4.0``, ``3.1:4.0``, ``4.0:``."""
        if self.low == self.high and self.low is not None:
            return self.low
        return f"{self.low or ''}:{self.high or ''}"

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

    @property
    def spelling(self) -> str:
        """The compiler as written (``gcc``, ``gcc@11``)."""
        return self.name + (f"@{self.versions.spelling}" if self.versions else "")

    def matches(self, compiler: str) -> bool:
        name, _, version = (compiler or NO_COMPILER).partition("@")
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


@dataclass(frozen=True, slots=True)
class Choices:
    """Every value that filters can match in some specs, per filter option.

    ``compiler`` holds ``name@version`` spellings, ``variant`` normalized
    values (``+mpi``, ``cuda_arch=90``) and ``variant-name`` their names.
    """

    values: Mapping[str, frozenset[str]]

    @classmethod
    def of(cls, specs: Iterable[Spec]) -> Choices:
        """The choices that ``specs`` offer."""
        found: dict[str, set[str]] = {key: set() for key in (*SPEC_FILTERS, "variant-name")}
        for spec in specs:
            found["stack"].update(spec.stacks)
            found["os"].add(spec.os)
            found["platform"].add(spec.platform)
            found["target"].add(spec.target)
            found["compiler"].add(spec.compiler or NO_COMPILER)
            found["version"].update(spec.versions)
            found["variant"].update(normalize_variant(v) for v in spec.variants)
        found["variant-name"] = {variant_name(v) for v in found["variant"]}
        return cls({key: frozenset(values) for key, values in found.items()})


def choices_of(catalog: Catalog, tags: tuple[str | None, ...]) -> Choices:
    """The choices of the specs of ``tags`` (None: every tag), worked out once per catalog."""
    return catalog.memo(
        ("choices", tags),
        lambda: Choices.of(
            spec for tag in tags for package in catalog.selected(tag) for spec in package.specs
        ),
    )


def check_known(
    spec_filter: SpecFilter, choices: Choices, listed: Callable[[], Choices] | None = None
) -> None:
    """Refuse values that no spec of ``choices`` has at all: they are typing mistakes.

    Raises :class:`FilterError` naming the value, the closest valid ones and
    the valid ones: all of ``listed()`` (one package's values, say), else the
    ten closest of ``choices``. Stacks are few: all of them are listed.
    """
    known = choices.values
    asked: list[tuple[str, str, bool]] = [
        *(("stack", v, v in known["stack"]) for v in sorted(spec_filter.stacks)),
        *(("os", v, v in known["os"]) for v in sorted(spec_filter.oss)),
        *(("platform", v, v in known["platform"]) for v in sorted(spec_filter.platforms)),
        *(("target", v, v in known["target"]) for v in sorted(spec_filter.targets)),
        *(
            ("compiler", c.spelling, any(c.matches(k) for k in known["compiler"]))
            for c in spec_filter.compilers
        ),
        *(
            ("version", r.spelling, any(r.contains(k) for k in known["version"]))
            for r in spec_filter.versions
        ),
        *(("variant", v, _variant_known(v, known)) for v in sorted(spec_filter.variants)),
    ]
    for option, value, found in asked:
        if found:
            continue
        shown = listed().values if listed is not None else None  # made only for a mistake
        key, probe, sign = option, value, ""
        if option == "variant" and "=" not in value:  # +name, ~name: the name is what is unknown
            key, probe, sign = "variant-name", variant_name(value), value[0]
        suggested = shown[key] if shown is not None else known[key]  # the package's own first
        close = difflib.get_close_matches(probe, sorted(suggested), n=3, cutoff=0.6)
        hint = f" (did you mean {', '.join(repr(sign + c) for c in close)}?)" if close else ""
        if shown is not None:
            valid = listing(shown[key])
        elif option == "stack":
            valid = listing(known[key])
        else:
            valid = _closest(probe, known[key])
        if key == "variant-name":
            raise FilterError(
                f":variant: {value!r}: no variant named {probe!r} is in the catalog{hint}; variants: {valid}"
            )
        raise FilterError(f":{option}: {value!r} is not in the catalog{hint}; valid: {valid}")


def variant_name(variant: str) -> str:
    """``mpi`` of ``+mpi`` and ``~mpi``; ``cuda_arch`` of ``cuda_arch=90``."""
    return variant.lstrip("+~").partition("=")[0]


def _variant_known(variant: str, known: Mapping[str, frozenset[str]]) -> bool:
    if "=" in variant:
        return variant in known["variant"]
    return variant_name(variant) in known["variant-name"]


def listing(values: Iterable[str]) -> str:
    """Every value, sorted, comma-separated."""
    return ", ".join(sorted(values)) or "none"


def _closest(value: str, values: Iterable[str], most: int = 10) -> str:
    """The ``most`` values closest to ``value``, and how many more there are."""
    values = sorted(values)
    closest = sorted(difflib.get_close_matches(value, values, n=most, cutoff=0.0))
    rest = len(values) - len(closest)
    return ", ".join(closest) + (f" and {rest} more" if rest else "") if values else "none"


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
