"""Questions asked of a catalog: which tag, which package, in which order."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .filters import SpecFilter
from .model import Catalog, Package, Spec, Summary, summarize
from .versions import VersionKey, compiler_key, version_key

#: The tag used when none is given and the catalog has several.
PREFERRED_TAG = "develop"

_UNITS = ("B", "KiB", "MiB", "GiB", "TiB")


class QueryError(LookupError):
    """A question the catalog cannot answer, with a message for the reader."""


def resolve_tag(
    catalog: Catalog, requested: str | None, default: str | None, also: tuple[str, ...] = ()
) -> str:
    """The tag to show: ``requested``, else ``default``, else the only or ``develop`` tag.

    Raises :class:`QueryError` with a message that says what to do; ``also``
    names other valid values (``all``) for it to suggest.
    """
    tags = catalog.tags
    tag = requested or default
    if tag is not None:
        if tag in tags:
            return tag
        hint = suggest(tag, (*tags, *also))
        valid = ", ".join((*tags, *also)) if tags else "none"
        raise QueryError(f"tag {tag!r} is not in the catalog{hint}; known tags: {valid}")
    if len(tags) == 1:
        return tags[0]
    if PREFERRED_TAG in tags:
        return PREFERRED_TAG
    raise QueryError(
        f"the catalog has several tags ({', '.join(tags)}) and none is {PREFERRED_TAG!r}: "
        "give the tag with :tag: or set cachecatalog_default_tag"
    )


def suggest(name: str, known: Iterable[str], prefix: str = "") -> str:
    """``" (did you mean 'a', 'b'?)"`` for the closest known names (shown after ``prefix``), or ``""``."""
    close = difflib.get_close_matches(name, sorted(known), n=3, cutoff=0.6)
    if not close:
        return ""
    return " (did you mean " + ", ".join(repr(prefix + c) for c in close) + "?)"


def newest_version(spec: Spec) -> VersionKey:
    """Sort key of a spec's newest version."""
    return max((version_key(v) for v in spec.versions), default=((), ""))


#: Columns of a spec list, in their default order.
SPEC_COLUMNS = (
    "hash",
    "version",
    "compiler",
    "os",
    "platform",
    "target",
    "variants",
    "stacks",
    "size",
    "tarball",
    "dependencies",
)
#: Columns shown by default only where some spec has a value for them.
WHERE_KNOWN = {"tarball": lambda s: bool(s.tarball), "dependencies": lambda s: bool(s.dependencies)}

_SPEC_KEYS: dict[str, Callable[[Spec], Any]] = {
    "hash": lambda s: s.hash,
    "version": newest_version,
    "compiler": lambda s: compiler_key(s.compiler),
    "os": lambda s: s.os,
    "platform": lambda s: s.platform,
    "target": lambda s: s.target,
    "variants": lambda s: s.variants,
    "stacks": lambda s: s.stacks,
    "size": lambda s: (s.size is not None, s.size or 0),
    "tarball": lambda s: s.tarball or "",
    "dependencies": lambda s: len(s.dependencies),
}


def sort_specs(specs: Iterable[Spec], by: str | None = None) -> list[Spec]:
    """Specs in display order, or sorted by a column (``-column`` for descending).

    The display order is newest version first, then compiler, OS, target and
    hash; it also breaks the ties of a column sort.
    """
    ordered = sorted(specs, key=lambda s: (compiler_key(s.compiler), s.os, s.target, s.hash))
    ordered.sort(key=newest_version, reverse=True)  # stable: ties keep the order above
    if by:
        ordered.sort(key=_SPEC_KEYS[by.lstrip("-")], reverse=by.startswith("-"))
    return ordered


def shared_variants(specs: Sequence[Spec]) -> tuple[str, ...]:
    """The variants that every one of several specs has, in the first spec's order
    (one spec shares nothing: its variants are its own)."""
    if len(specs) < 2:
        return ()
    common = set(specs[0].variants).intersection(*(spec.variants for spec in specs[1:]))
    return tuple(variant for variant in specs[0].variants if variant in common)


@dataclass(frozen=True, slots=True)
class PackageRow:
    """A package in a list, with the specs that passed the filters and their summary."""

    package: Package
    specs: tuple[Spec, ...]
    summary: Summary


#: Columns of a package list, in their default order.
PACKAGE_COLUMNS = ("package", "specs", "versions", "compilers", "oss", "platforms", "targets", "stacks")

_ROW_KEYS: dict[str, Callable[[PackageRow], Any]] = {
    "package": lambda r: r.package.name,
    "specs": lambda r: r.summary.num_specs,
    "versions": lambda r: version_key(r.summary.versions[0]) if r.summary.versions else ((), ""),
    "compilers": lambda r: len(r.summary.compilers),
    "oss": lambda r: len(r.summary.oss),
    "platforms": lambda r: len(r.summary.platforms),
    "targets": lambda r: len(r.summary.targets),
    "stacks": lambda r: len(r.summary.stacks),
}


def package_rows(packages: Iterable[Package], spec_filter: SpecFilter) -> list[PackageRow]:
    """One row per package with a spec that passes ``spec_filter``, by name."""
    rows = []
    for package in packages:
        specs = spec_filter.specs(package)
        if specs:
            summary = package.summary if specs is package.specs else summarize(specs)
            rows.append(PackageRow(package, specs, summary))
    rows.sort(key=lambda r: r.package.name)
    return rows


def sort_rows(rows: Iterable[PackageRow], by: str | None = None) -> list[PackageRow]:
    """Rows by name, or by a column (``-column`` for descending; lists by their length)."""
    ordered = sorted(rows, key=lambda r: r.package.name)
    if by:
        ordered.sort(key=_ROW_KEYS[by.lstrip("-")], reverse=by.startswith("-"))
    return ordered


def format_size(size: int | None) -> str:
    """``1.2 MiB`` for a byte count; an em dash where the size is unknown."""
    if size is None:
        return "\N{EM DASH}"
    value = float(size)
    for unit in _UNITS:
        if value < 1024 or unit == _UNITS[-1]:
            return f"{size} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")  # pragma: no cover


def spec_first_line(name: str, spec: Spec, columns: Sequence[str]) -> str:
    """``/4wo4wu3 py-mpi4py@4.0.1 %gcc@11.4.0 arch=linux-ubuntu22.04-x86_64_v3``.

    Parts whose column is not shown are left out; without all three of
    platform, OS and target, those shown are written ``platform=``,
    ``os=``, ``target=``, which Spack reads as well.
    """
    parts = []
    if "hash" in columns:
        parts.append("/" + spec.short_hash)
    parts.append(name + ("@" + ",".join(spec.versions) if "version" in columns and spec.versions else ""))
    if "compiler" in columns and spec.compiler:  # "" is no compiler
        parts.append("%" + spec.compiler)
    arch = [(key, getattr(spec, key)) for key in ("platform", "os", "target") if key in columns]
    if len(arch) == 3:
        parts.append("arch=" + "-".join(value for _, value in arch))
    else:
        parts.extend(f"{key}={value}" for key, value in arch)
    return " ".join(parts)
