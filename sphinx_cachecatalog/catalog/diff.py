"""What changed between two tags of a catalog."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .filters import SpecFilter, normalize_variant
from .model import Catalog, Package, Spec
from .query import sort_specs
from .versions import version_key

#: What a spec is apart from its hash: version, compiler, OS, platform, target, variants.
Configuration = tuple[tuple[str, ...], str, str, str, str, tuple[str, ...]]


def configuration(spec: Spec) -> Configuration:
    """The spec's configuration; ``cuda_arch:=90`` and ``cuda_arch=90`` are the same."""
    variants = tuple(sorted(normalize_variant(v) for v in spec.variants))
    return spec.versions, spec.compiler, spec.os, spec.platform, spec.target, variants


@dataclass(frozen=True, slots=True)
class PackageChange:
    """How one package that is in both tags changed.

    Specs are matched by hash first, then by configuration as multisets: per
    configuration, ``min(old, new)`` specs with new hashes are *rebuilt*, and
    the surplus on either side is added or removed.
    """

    name: str
    #: Specs whose configuration is new (or more often built) in the new tag.
    specs_added: tuple[Spec, ...]
    #: Specs whose configuration is gone (or less often built) from the new tag.
    specs_removed: tuple[Spec, ...]
    #: Specs built again with the same configuration and a new hash.
    rebuilt: int
    versions_added: tuple[str, ...]
    versions_removed: tuple[str, ...]
    stacks_gained: tuple[str, ...]
    stacks_lost: tuple[str, ...]

    @property
    def changed(self) -> bool:
        """Whether anything but rebuilds changed."""
        return bool(
            self.specs_added
            or self.specs_removed
            or self.versions_added
            or self.versions_removed
            or self.stacks_gained
            or self.stacks_lost
        )


@dataclass(frozen=True, slots=True)
class TagDiff:
    """Packages added, removed, changed and rebuilt from ``old`` to ``new``."""

    old: str
    new: str
    added: tuple[Package, ...]
    removed: tuple[Package, ...]
    #: Packages in both tags with a real change (rebuilds may come with it).
    changed: tuple[PackageChange, ...]
    #: Packages in both tags whose only change is rebuilt specs.
    rebuilt: tuple[PackageChange, ...]
    #: Packages in both tags with the same specs.
    unchanged: int
    #: Packages that could not be compared: their file in either tag could not be read.
    unreadable: tuple[str, ...] = ()

    @property
    def specs_added(self) -> int:
        """Specs of new configurations, added packages included."""
        return sum(len(c.specs_added) for c in self.changed) + sum(len(p.specs) for p in self.added)

    @property
    def specs_removed(self) -> int:
        """Specs of configurations gone, removed packages included."""
        return sum(len(c.specs_removed) for c in self.changed) + sum(len(p.specs) for p in self.removed)

    @property
    def specs_rebuilt(self) -> int:
        """Specs built again with the same configuration."""
        return sum(c.rebuilt for c in (*self.changed, *self.rebuilt))

    @property
    def empty(self) -> bool:
        """Whether nothing at all differs (not even a rebuild)."""
        return not (self.added or self.removed or self.changed or self.rebuilt or self.unreadable)


def diff_tags(
    catalog: Catalog, old: str, new: str, spec_filter: SpecFilter, names: set[str] | None = None
) -> TagDiff:
    """Compare the specs that pass ``spec_filter`` in two tags, package by package.

    A package counts in a tag when it has a spec there that passes; ``names``,
    when given, limits the packages compared. A package whose file could not
    be read in either tag is neither added nor removed: it is unreadable.
    """
    before = _in_scope(catalog, old, spec_filter, names)
    after = _in_scope(catalog, new, spec_filter, names)
    unreadable = {
        name for tag in (old, new) for name in catalog.unreadable_in(tag) if names is None or name in names
    }
    changed, rebuilt = [], []
    unchanged = 0
    for name in sorted((before.keys() & after.keys()) - unreadable):
        change = compare_specs(name, before[name], after[name])
        if change.changed:
            changed.append(change)
        elif change.rebuilt:
            rebuilt.append(change)
        else:
            unchanged += 1
    return TagDiff(
        old=old,
        new=new,
        added=tuple(
            _package(catalog, new, name, after[name])
            for name in sorted(after.keys() - before.keys() - unreadable)
        ),
        removed=tuple(
            _package(catalog, old, name, before[name])
            for name in sorted(before.keys() - after.keys() - unreadable)
        ),
        changed=tuple(changed),
        rebuilt=tuple(rebuilt),
        unchanged=unchanged,
        unreadable=tuple(sorted(unreadable)),
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


def compare_tags(
    catalog: Catalog,
    name: str,
    tags: tuple[str | None, str],
    spec_filter: SpecFilter,
    specs: tuple[tuple[Spec, ...], tuple[Spec, ...]],
) -> PackageChange:
    """:func:`compare_specs` of a package's ``specs`` in two ``tags`` (the old one None for
    a first appearance), worked out once per catalog: a history and the sections of a
    package's page ask for the same comparisons."""
    key = ("compare", name, tags, spec_filter)
    return catalog.memo(key, lambda: compare_specs(name, *specs))


def compare_specs(name: str, old: tuple[Spec, ...], new: tuple[Spec, ...]) -> PackageChange:
    old_hashes, new_hashes = {s.hash for s in old}, {s.hash for s in new}
    old_left = _by_configuration(s for s in old if s.hash not in new_hashes)
    new_left = _by_configuration(s for s in new if s.hash not in old_hashes)
    added: list[Spec] = []
    removed: list[Spec] = []
    rebuilt = 0
    for config in old_left.keys() | new_left.keys():
        before, after = old_left.get(config, []), new_left.get(config, [])
        matched = min(len(before), len(after))
        rebuilt += matched
        removed += before[matched:]
        added += after[matched:]
    old_versions, new_versions = {v for s in old for v in s.versions}, {v for s in new for v in s.versions}
    old_stacks, new_stacks = {x for s in old for x in s.stacks}, {x for s in new for x in s.stacks}
    return PackageChange(
        name=name,
        specs_added=tuple(sort_specs(added)),
        specs_removed=tuple(sort_specs(removed)),
        rebuilt=rebuilt,
        versions_added=_newest_first(new_versions - old_versions),
        versions_removed=_newest_first(old_versions - new_versions),
        stacks_gained=tuple(sorted(new_stacks - old_stacks)),
        stacks_lost=tuple(sorted(old_stacks - new_stacks)),
    )


def _by_configuration(specs: Iterable[Spec]) -> dict[Configuration, list[Spec]]:
    """Specs grouped by configuration, each group in display order (so matching is deterministic)."""
    groups: dict[Configuration, list[Spec]] = {}
    for spec in sort_specs(specs):
        groups.setdefault(configuration(spec), []).append(spec)
    return groups


def _newest_first(versions: set[str]) -> tuple[str, ...]:
    return tuple(sorted(versions, key=version_key, reverse=True))
