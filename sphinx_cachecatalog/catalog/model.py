"""Immutable records of a build cache: specs, packages, the catalog.

The list of specs is the truth; everything a summary says is derived from it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TypeVar, cast

from .versions import compiler_key, version_key

T = TypeVar("T")

#: The umbrella stack that every spec of a cache belongs to.
ROOT_STACK = "root"


@dataclass(frozen=True, slots=True)
class Dependency:
    """A spec that another depends on: its name, version and hash, whether or not the
    cache holds it (an external or an upstream is not in the cache)."""

    name: str
    version: str
    hash: str

    def __str__(self) -> str:
        return f"{self.name}@{self.version}" if self.version else self.name


@dataclass(frozen=True, slots=True)
class Spec:
    """One prebuilt, concrete spec of a package."""

    hash: str
    versions: tuple[str, ...]
    #: ``name@version``, or ``""`` for a spec built without a compiler (the data's ``none``).
    compiler: str
    os: str
    platform: str
    target: str
    variants: tuple[str, ...]
    stacks: tuple[str, ...]
    #: Size in bytes, or None where the data says ``"-"``.
    size: int | None = None
    #: URL of the binary, where the data has one.
    tarball: str | None = None
    #: Its direct dependencies, where the data says (Spack indexes do; cache.spack.io files do not).
    dependencies: tuple[Dependency, ...] = ()

    @property
    def short_hash(self) -> str:
        """The 7-character form of the hash that Spack prints."""
        return self.hash[:7]


@dataclass(frozen=True, slots=True)
class Summary:
    """What a set of specs covers, each list sorted for display."""

    num_specs: int
    #: Newest first.
    versions: tuple[str, ...]
    #: Specs without a compiler add none.
    compilers: tuple[str, ...]
    oss: tuple[str, ...]
    platforms: tuple[str, ...]
    targets: tuple[str, ...]
    #: ``(stack, specs)`` pairs: most specs first, then by name; ``root`` last.
    stacks: tuple[tuple[str, int], ...]


def summarize(specs: Iterable[Spec]) -> Summary:
    """Derive a :class:`Summary` from specs."""
    specs = tuple(specs)
    stack_counts = Counter(stack for spec in specs for stack in spec.stacks)
    return Summary(
        num_specs=len(specs),
        versions=tuple(sorted({v for s in specs for v in s.versions}, key=version_key, reverse=True)),
        compilers=tuple(sorted({s.compiler for s in specs if s.compiler}, key=compiler_key)),
        oss=tuple(sorted({s.os for s in specs})),
        platforms=tuple(sorted({s.platform for s in specs})),
        targets=tuple(sorted({s.target for s in specs})),
        stacks=tuple(
            sorted(
                stack_counts.items(),
                key=lambda item: (item[0] == ROOT_STACK, -item[1], item[0]),
            )
        ),
    )


@dataclass(frozen=True, slots=True)
class Package:
    """The specs of one package in one tag, and the file they came from."""

    name: str
    tag: str
    specs: tuple[Spec, ...]
    #: Path of the catalog file that holds this package (the first, where several do).
    source: str
    #: For a package read from Spack indexes: a digest of its specs, which changes when
    #: they do (an index holds many packages; its pages depend on theirs alone).
    digest: str = ""
    summary: Summary = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "summary", summarize(self.specs))


@dataclass(frozen=True, slots=True)
class Catalog:
    """Every package of every tag that the configured roots hold.

    ``unreadable`` names the packages whose file could not be read (from the
    folders of ``<root>/<tag>/<package>/specs.md``): what they hold is
    unknown, which is not the same as absent. A package in ``packages`` is
    never also in ``unreadable``. :attr:`tags` are the tags with at least one
    readable package.
    """

    packages: Mapping[tuple[str, str], Package] = field(default_factory=dict)
    #: ``(tag, package name)`` to the path of the file that could not be read.
    unreadable: Mapping[tuple[str, str], str] = field(default_factory=dict)
    #: Answers worked out once (tags, names per tag, known values): derived, never compared.
    _memo: dict[object, object] = field(default_factory=dict, compare=False, repr=False)

    @property
    def tags(self) -> tuple[str, ...]:
        """Every tag, sorted."""
        if "tags" not in self._memo:
            self._memo["tags"] = tuple(sorted({tag for tag, _ in self.packages}))
        tags = self._memo["tags"]
        assert isinstance(tags, tuple)
        return tags

    def get(self, tag: str, name: str) -> Package | None:
        """The package ``name`` in ``tag``, or None."""
        return self.packages.get((tag, name))

    def names(self, tag: str) -> tuple[str, ...]:
        """The package names of ``tag``, sorted."""
        if "names" not in self._memo:
            by_tag: dict[str, list[str]] = {}
            for t, name in sorted(self.packages):
                by_tag.setdefault(t, []).append(name)
            self._memo["names"] = {t: tuple(names) for t, names in by_tag.items()}
        names = self._memo["names"]
        assert isinstance(names, dict)
        return tuple(names.get(tag, ()))

    def has_spec(self, tag: str, digest: str) -> bool:
        """Whether a package of ``tag`` has the spec with hash ``digest``."""
        hashes = self.memo(
            ("hashes", tag), lambda: frozenset(s.hash for p in self.in_tag(tag) for s in p.specs)
        )
        return digest in hashes

    def holds(self, tag: str, name: str) -> bool:
        """Whether the package is in the catalog, readable or not."""
        return (tag, name) in self.packages or (tag, name) in self.unreadable

    def unreadable_in(self, tag: str) -> tuple[str, ...]:
        """The names of the packages of ``tag`` whose file could not be read, sorted."""
        return tuple(sorted(name for t, name in self.unreadable if t == tag))

    def in_tag(self, tag: str) -> Iterator[Package]:
        """The packages of ``tag`` in name order."""
        for name in self.names(tag):
            yield self.packages[tag, name]

    def selected(self, tag: str | None) -> Iterator[Package]:
        """The packages of ``tag``, or of every tag when it is None, in (tag, name) order."""
        if tag is not None:
            yield from self.in_tag(tag)
        else:
            for key in sorted(self.packages):
                yield self.packages[key]

    def memo(self, key: Hashable, make: Callable[[], T]) -> T:
        """``make()``, worked out once per catalog and ``key`` (answers derived from the data)."""
        if key not in self._memo:
            self._memo[key] = make()
        return cast(T, self._memo[key])

    def __len__(self) -> int:
        return len(self.packages)
