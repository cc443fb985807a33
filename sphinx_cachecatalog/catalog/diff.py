"""What changed between two tags of a catalog."""

from __future__ import annotations

from dataclasses import dataclass

from .filters import SpecFilter
from .model import Catalog, Package, Spec
from .query import sort_specs
from .versions import version_key


@dataclass(frozen=True, slots=True)
class PackageChange:
    """How one package that is in both tags changed."""

    name: str
    specs_added: tuple[Spec, ...]
    specs_removed: tuple[Spec, ...]
    versions_added: tuple[str, ...]
    versions_removed: tuple[str, ...]
    stacks_gained: tuple[str, ...]
    stacks_lost: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TagDiff:
    """Packages added, removed and changed from ``old`` to ``new``."""

    old: str
    new: str
    added: tuple[Package, ...]
    removed: tuple[Package, ...]
    changed: tuple[PackageChange, ...]
    #: Packages in both tags with the same specs.
    unchanged: int

    @property
    def specs_added(self) -> int:
        """Specs (by hash) in ``new`` and not in ``old``, added packages included."""
        return sum(len(c.specs_added) for c in self.changed) + sum(len(p.specs) for p in self.added)

    @property
    def specs_removed(self) -> int:
        """Specs (by hash) in ``old`` and not in ``new``, removed packages included."""
        return sum(len(c.specs_removed) for c in self.changed) + sum(len(p.specs) for p in self.removed)


def diff_tags(
    catalog: Catalog, old: str, new: str, spec_filter: SpecFilter, names: set[str] | None = None
) -> TagDiff:
    """Compare the specs that pass ``spec_filter`` in two tags, package by package.

    A package counts in a tag when it has a spec there that passes; ``names``,
    when given, limits the packages compared.
    """
    before = _in_scope(catalog, old, spec_filter, names)
    after = _in_scope(catalog, new, spec_filter, names)
    changed = []
    unchanged = 0
    for name in sorted(before.keys() & after.keys()):
        change = _compare(name, before[name], after[name])
        if change is None:
            unchanged += 1
        else:
            changed.append(change)
    return TagDiff(
        old=old,
        new=new,
        added=tuple(
            _package(catalog, new, name, after[name]) for name in sorted(after.keys() - before.keys())
        ),
        removed=tuple(
            _package(catalog, old, name, before[name]) for name in sorted(before.keys() - after.keys())
        ),
        changed=tuple(changed),
        unchanged=unchanged,
    )


def _in_scope(
    catalog: Catalog, tag: str, spec_filter: SpecFilter, names: set[str] | None
) -> dict[str, tuple[Spec, ...]]:
    scope = {}
    for package in catalog.in_tag(tag):
        if names is None or package.name in names:
            specs = spec_filter.specs(package)
            if specs:
                scope[package.name] = specs
    return scope


def _package(catalog: Catalog, tag: str, name: str, specs: tuple[Spec, ...]) -> Package:
    package = catalog.get(tag, name)
    assert package is not None
    return package if specs is package.specs else Package(name, tag, specs, package.source)


def _compare(name: str, old: tuple[Spec, ...], new: tuple[Spec, ...]) -> PackageChange | None:
    old_hashes, new_hashes = {s.hash for s in old}, {s.hash for s in new}
    if old_hashes == new_hashes:
        return None
    old_versions, new_versions = {v for s in old for v in s.versions}, {v for s in new for v in s.versions}
    old_stacks, new_stacks = {x for s in old for x in s.stacks}, {x for s in new for x in s.stacks}
    return PackageChange(
        name=name,
        specs_added=tuple(sort_specs(s for s in new if s.hash not in old_hashes)),
        specs_removed=tuple(sort_specs(s for s in old if s.hash not in new_hashes)),
        versions_added=_newest_first(new_versions - old_versions),
        versions_removed=_newest_first(old_versions - new_versions),
        stacks_gained=tuple(sorted(new_stacks - old_stacks)),
        stacks_lost=tuple(sorted(old_stacks - new_stacks)),
    )


def _newest_first(versions: set[str]) -> tuple[str, ...]:
    return tuple(sorted(versions, key=version_key, reverse=True))
