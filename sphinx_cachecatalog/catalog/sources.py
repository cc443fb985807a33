"""Spack indexes as catalog sources, and how the packages of several sources become one.

A tag is usually fed by several indexes, one per stack. A package is
identified by its tag and name; its specs are the union, by hash, of what
every source holds of it, and a hash found in two stacks' indexes is one
spec in both stacks, with what either source knows of it (sizes from one,
dependencies from another). Two sources that disagree about a hash give a
problem, and the first source read wins. Specs are kept in hash order, whatever the
order of the indexes.
"""

from __future__ import annotations

import hashlib
from collections.abc import MutableMapping
from dataclasses import dataclass, replace
from pathlib import Path

from .model import ROOT_STACK, Package, Spec
from .problems import Problem

#: Two sources that hold the same hash as different builds.
SOURCE_CONFLICT = "source-conflict"


@dataclass(frozen=True, slots=True)
class IndexSource:
    """One Spack database of one tag and stack: an ``index.json``, or a mirror's folder."""

    path: Path
    tag: str
    stack: str
    #: Whether ``path`` is a mirror's root (either layout) rather than the index itself.
    mirror: bool = False
    #: The mirror's http(s) URL, for a mirror fetched into ``path``.
    url: str | None = None
    #: Whether the URL's certificate is checked.
    verify: bool = True
    #: Whether the spec manifests of a layout-3 mirror given by URL are fetched, for sizes
    #: (a mirror folder's are always read).
    sizes: bool = False


def merge(
    packages: MutableMapping[tuple[str, str], Package], package: Package, problems: list[Problem]
) -> None:
    """Add ``package`` to ``packages``: a union, by hash, with what earlier sources hold of it."""
    key = (package.tag, package.name)
    first = packages.get(key)
    if first is None:
        specs = tuple(sorted(package.specs, key=lambda spec: spec.hash))
        packages[key] = replace(package, specs=specs, digest=digest(specs))
        return
    by_hash = {spec.hash: spec for spec in first.specs}
    for spec in package.specs:
        known = by_hash.get(spec.hash)
        if known is None:
            by_hash[spec.hash] = spec
        elif _same_build(known, spec):
            by_hash[spec.hash] = replace(
                known,
                stacks=_stacks(known.stacks, spec.stacks),
                size=known.size if known.size is not None else spec.size,
                tarball=known.tarball or spec.tarball,
                dependencies=known.dependencies or spec.dependencies,
            )
        else:
            problems.append(
                Problem(
                    SOURCE_CONFLICT,
                    f"spec {spec.hash} of {package.name} in {package.tag} is not the build that "
                    f"{first.source} holds under that hash; the first is used",
                    package.source,
                )
            )
    specs = tuple(sorted(by_hash.values(), key=lambda spec: spec.hash))
    packages[key] = Package(first.name, first.tag, specs, first.source, digest(specs))


def digest(specs: tuple[Spec, ...]) -> str:
    """A short digest of what ``specs`` say: equal specs, equal digests, in any process."""
    return hashlib.sha256(repr(specs).encode()).hexdigest()[:16]


def _same_build(a: Spec, b: Spec) -> bool:
    """Whether two specs of one hash say the same, where both say it: a cache.spack.io file
    knows no dependencies and an index no sizes, and neither makes them another build."""
    if (a.versions, a.compiler, a.os, a.platform, a.target) != (
        b.versions,
        b.compiler,
        b.os,
        b.platform,
        b.target,
    ):
        return False
    return (
        sorted(a.variants) == sorted(b.variants)
        and (a.size is None or b.size is None or a.size == b.size)
        and (not a.tarball or not b.tarball or a.tarball == b.tarball)
        and (not a.dependencies or not b.dependencies or a.dependencies == b.dependencies)
    )


def _stacks(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    """Both lists of stacks, each once, ``root`` last."""
    return tuple(sorted(set(first) | set(second), key=lambda stack: (stack == ROOT_STACK, stack)))
