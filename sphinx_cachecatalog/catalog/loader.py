"""Find catalog files under the configured roots and build a :class:`Catalog`.

A root is a folder in the cache.spack.io layout (``<root>/<tag>/<package>/specs.md``),
a folder of one tag (``<root>/<package>/specs.md``), or one ``specs.md`` file.
A :class:`CatalogLoader` remembers what it parsed and parses again only the
files whose size or modification time changed.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import frontmatter
from .model import Catalog, Package
from .problems import BAD_FILE, DUPLICATE_PACKAGE, NO_CATALOG, CatalogFormatError, Problem

FILE_NAME = "specs.md"

_Stat = tuple[int, int]
_Parsed = tuple[Package | None, tuple[Problem, ...]]


@dataclass(frozen=True, slots=True)
class LoadResult:
    """A loaded catalog, what is wrong with it, and how much work it took."""

    catalog: Catalog
    problems: tuple[Problem, ...]
    #: Every file read, in load order.
    files: tuple[str, ...]
    #: How many of those files were parsed (not taken from the cache).
    parsed: int


def discover(root: Path) -> tuple[list[tuple[Path, Path]], list[Problem]]:
    """The catalog files under ``root``, sorted, each with its resolved path,
    and why any were passed over."""
    if root.is_file():
        return [(root, root.resolve())], []
    if not root.is_dir():
        return [], [Problem(NO_CATALOG, f"catalog root {root} does not exist", str(root))]
    real_root = root.resolve()
    found, problems = [], []
    for pattern in (f"*/{FILE_NAME}", f"*/*/{FILE_NAME}"):
        for path in sorted(root.glob(pattern)):
            real = path.resolve()
            if not real.is_relative_to(real_root):
                problems.append(Problem(BAD_FILE, "links outside the catalog root; not read", str(path)))
            elif real.is_file():
                found.append((path, real))
    if not found and not problems:
        problems.append(Problem(NO_CATALOG, f"no {FILE_NAME} files found under {root}", str(root)))
    return found, problems


class CatalogLoader:
    """Loads catalogs, keeping each file's parse until its stat changes."""

    def __init__(self) -> None:
        self._cache: dict[str, tuple[_Stat, _Parsed]] = {}

    def load(self, roots: Sequence[Path]) -> LoadResult:
        """Read every catalog file under ``roots``; the first root wins a duplicate."""
        problems: list[Problem] = []
        paths: list[tuple[Path, Path]] = []
        for root in roots:
            found, passed_over = discover(root)
            paths.extend(found)
            problems.extend(passed_over)
        packages: dict[tuple[str, str], Package] = {}
        parsed = 0
        files = []
        for path in _unique(paths):
            files.append(str(path))
            package, file_problems, fresh = self._read(path)
            parsed += fresh
            problems.extend(file_problems)
            if package is None:
                continue
            key = (package.tag, package.name)
            if key in packages:
                problems.append(
                    Problem(
                        DUPLICATE_PACKAGE,
                        f"package {package.name!r} of tag {package.tag!r} is also in "
                        f"{packages[key].source}, which is used instead",
                        package.source,
                    )
                )
                continue
            packages[key] = package
        return LoadResult(Catalog(packages), tuple(problems), tuple(files), parsed)

    def _read(self, path: Path) -> tuple[Package | None, tuple[Problem, ...], bool]:
        source = str(path)
        try:
            stat = os.stat(path)
        except OSError as error:
            return None, (Problem(BAD_FILE, f"cannot be read: {error.strerror}", source),), True
        key = (stat.st_mtime_ns, stat.st_size)
        cached = self._cache.get(source)
        if cached is not None and cached[0] == key:
            return *cached[1], False
        result = _parse_file(path)
        self._cache[source] = (key, result)
        return *result, True


def _parse_file(path: Path) -> _Parsed:
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return None, (Problem(BAD_FILE, f"cannot be read: {error}", source),)
    try:
        package, problems = frontmatter.parse(text, source)
    except CatalogFormatError as error:
        return None, (Problem(BAD_FILE, error.message, source, error.line),)
    return package, tuple(problems)


def _unique(paths: Iterable[tuple[Path, Path]]) -> list[Path]:
    seen: set[Path] = set()
    unique = []
    for path, real in paths:
        if real not in seen:
            seen.add(real)
            unique.append(path)
    return unique
