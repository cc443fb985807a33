"""Immutable records of a build cache: specs, packages, the catalog.

The list of specs is the truth; everything a summary says is derived from it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from itertools import chain, repeat
from operator import attrgetter
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


def specs_from_columns(columns: Sequence[Sequence[object]]) -> list[Spec]:
    """Specs made from one column of values per field, in :class:`Spec`'s field order
    (the reader's fast path: values already checked).

    The same specs as ``Spec(*row)`` for each row, made without running the generated
    ``__init__`` (eleven ``object.__setattr__`` calls in Python per spec): each field is
    set for every spec in one pass at C speed, two to three times faster at 400,000 specs.
    """
    if len(columns) != len(_SETTERS):
        raise ValueError(f"{len(_SETTERS)} columns are needed, one per field of Spec, not {len(columns)}")
    count = len(columns[0])
    specs = list(map(object.__new__, repeat(Spec, count)))
    for setter, column in zip(_SETTERS, columns, strict=True):
        if len(column) != count:
            raise ValueError("the columns of specs must be as long as each other")
        deque(map(setter, specs, column), maxlen=0)
    return specs


#: Each field's slot of :class:`Spec`, written without the frozen ``__setattr__`` (see above).
_SETTERS = tuple(getattr(Spec, field.name).__set__ for field in fields(Spec))
_VERSIONS = attrgetter("versions")
_COMPILER = attrgetter("compiler")
_OS = attrgetter("os")
_PLATFORM = attrgetter("platform")
_TARGET = attrgetter("target")
_STACKS = attrgetter("stacks")


def summarize(specs: Iterable[Spec]) -> Summary:
    """Derive a :class:`Summary` from specs."""
    specs = tuple(specs)
    return summarize_columns(
        len(specs),
        map(_VERSIONS, specs),
        map(_COMPILER, specs),
        map(_OS, specs),
        map(_PLATFORM, specs),
        map(_TARGET, specs),
        list(map(_STACKS, specs)),
    )


def summarize_columns(
    count: int,
    versions: Iterable[tuple[str, ...]],
    compilers: Iterable[str],
    oss: Iterable[str],
    platforms: Iterable[str],
    targets: Iterable[str],
    stacks: list[tuple[str, ...]],
) -> Summary:
    """:func:`summarize` of ``count`` specs given field by field, each in the specs' order."""
    # Each distinct list of versions and of stacks once: specs share these (the reader
    # gives equal lists one tuple).
    all_versions = set(chain.from_iterable(set(versions)))
    all_compilers = set(compilers)
    all_compilers.discard("")  # no compiler
    stack_counts: dict[str, int] = {}
    for these in set(stacks):
        times = stacks.count(these)
        for stack in these:
            stack_counts[stack] = stack_counts.get(stack, 0) + times
    return Summary(
        num_specs=count,
        versions=tuple(sorted(all_versions, key=version_key, reverse=True)),
        compilers=tuple(sorted(all_compilers, key=compiler_key)),
        oss=tuple(sorted(set(oss))),
        platforms=tuple(sorted(set(platforms))),
        targets=tuple(sorted(set(targets))),
        stacks=tuple(
            sorted(
                stack_counts.items(),
                key=lambda item: (item[0] == ROOT_STACK, -item[1], item[0]),
            )
        ),
    )


def package_with_summary(
    name: str, tag: str, specs: tuple[Spec, ...], source: str, summary: Summary
) -> Package:
    """``Package(name, tag, specs, source)`` whose summary of ``specs`` is known already
    (the reader's, made from its columns): not worked out again."""
    package = object.__new__(Package)
    values = {"name": name, "tag": tag, "specs": specs, "source": source, "digest": "", "summary": summary}
    for each in fields(Package):
        object.__setattr__(package, each.name, values[each.name])
    return package


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
