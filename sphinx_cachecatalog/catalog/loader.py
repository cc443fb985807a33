"""Find catalog files under the configured roots and build a :class:`Catalog`.

A root is a folder in the cache.spack.io layout (``<root>/<tag>/<package>/specs.md``),
a folder of one tag (``<root>/<package>/specs.md``), a package folder (with
``specs.md`` in it) or one ``specs.md`` file.
A :class:`CatalogLoader` remembers what it parsed and parses again only the
files whose size or modification time changed.

Nothing a file holds stops a load: :func:`_parse_file` is the one place
where a file is read, and it turns any failure into that file's ``bad-file``
problem. A file that cannot be read in the ``<root>/<tag>/<package>`` layout
leaves its package in :attr:`Catalog.unreadable`: unknown, not gone.
"""

from __future__ import annotations

import gc
import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISLNK, S_ISREG
from typing import BinaryIO, NamedTuple

from . import frontmatter
from .layouts import V3_MANIFEST, index_file, read_file, read_mirror, with_sizes
from .model import Catalog, Package
from .problems import (
    BAD_FILE,
    DUPLICATE_PACKAGE,
    NAME_MISMATCH,
    NO_CATALOG,
    CatalogFormatError,
    Problem,
)
from .sources import IndexSource, merge
from .spackdb import read_index

FILE_NAME = "specs.md"
#: The largest catalog file read, in bytes (``cachecatalog_max_file_size``).
DEFAULT_MAX_SIZE = 64 * 1024 * 1024
#: How deep below a root, and through how many folders, to look for misplaced files.
_HINT_DEPTH = 5
_HINT_FOLDERS = 10_000

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
    #: How many catalog files found could not be read (each has a ``bad-file`` problem).
    unreadable: int = 0


class Found(NamedTuple):
    """A catalog file found under a root."""

    path: Path
    #: The path with links resolved.
    real: Path
    #: ``(tag, package)`` from the folders of ``<root>/<tag>/<package>/specs.md``, else None.
    names: tuple[str, str] | None = None
    #: Why the file is not read (a link out of the root), else None.
    refused: str | None = None


def discover(root: Path) -> tuple[list[Found], list[Problem]]:
    """The catalog files under ``root``, sorted, and why none were found."""
    if root.is_file():
        return [Found(root, root.resolve())], []
    if not root.is_dir():
        return [], [Problem(NO_CATALOG, f"catalog root {root} does not exist", str(root))]
    if (root / FILE_NAME).is_file():  # a package folder
        return [Found(root / FILE_NAME, (root / FILE_NAME).resolve())], []
    real_root = root.resolve()
    found = []
    one_tag, tree = _candidates(root)
    for candidates, layout in ((one_tag, False), (tree, True)):
        for folders, linked in candidates:
            path = root.joinpath(*folders, FILE_NAME)
            names = (folders[0], folders[1]) if layout else None
            if names is not None and not all(map(frontmatter.usable_name, names)):
                names = None  # folders that cannot name a package name none
            if not linked:  # a regular file with no link on the way: its real path is known
                found.append(Found(path, real_root.joinpath(*folders, FILE_NAME), names))
                continue
            real = path.resolve()
            if not real.is_relative_to(real_root):
                found.append(Found(path, real, names, "links outside the catalog root; not read"))
            elif not real.exists():
                found.append(Found(path, real, names, "is a broken link; not read"))
            elif real.is_file():
                found.append(Found(path, real, names))
    if not found:
        return [], [Problem(NO_CATALOG, _nothing_under(root), str(root))]
    return found, []


#: A file found by :func:`_candidates`: the folders below the root that lead to it, and
#: whether it or one of them is a link (then what it is needs :meth:`Path.resolve`).
_Candidate = tuple[tuple[str, ...], bool]


def _candidates(root: Path) -> tuple[list[_Candidate], list[_Candidate]]:
    """``<root>/*/specs.md`` and ``<root>/*/*/specs.md``, sorted, broken links included.

    Folders are listed with :func:`os.scandir`, whose entries say whether they are links
    without another system call, so thousands of files need no :meth:`Path.resolve` each.
    """
    one_tag: list[_Candidate] = []
    tree: list[_Candidate] = []
    for first, first_link in _folders(str(root)):
        first_path = os.path.join(root, first)
        linked = _link_or_file(os.path.join(first_path, FILE_NAME), first_link)
        if linked is not None:
            one_tag.append(((first,), linked))
        for second, second_link in _folders(first_path):
            linked = _link_or_file(os.path.join(first_path, second, FILE_NAME), first_link or second_link)
            if linked is not None:
                tree.append(((first, second), linked))
    return one_tag, tree


def _folders(folder: str) -> list[tuple[str, bool]]:
    """The folders in ``folder`` (links to folders too), sorted by name, and whether each is a link."""
    try:
        with os.scandir(folder) as entries:
            return sorted((entry.name, entry.is_symlink()) for entry in entries if entry.is_dir())
    except OSError:
        return []


def _link_or_file(file: str, linked: bool) -> bool | None:
    """Whether ``file`` is to be resolved (it or a folder above it is a link: True) or is a
    regular file (False); None where there is nothing to read."""
    try:
        mode = os.lstat(file).st_mode
    except (OSError, ValueError):
        return None
    if linked or S_ISLNK(mode):
        return True
    return False if S_ISREG(mode) else None


def _nothing_under(root: Path) -> str:
    """Why nothing was found under ``root``, and where the files are if they are near."""
    message = f"no {FILE_NAME} files found under {root}"
    deeper = [str(path) for path in _roots_below(root)]
    if len(deeper) == 1:
        return f"{message}; they are deeper, under {deeper[0]!r}: set cachecatalog_path to that folder"
    if deeper:
        shown = deeper[:5]
        places = ", ".join(repr(path) for path in shown) + (
            f" and {len(deeper) - 5} more" if deeper[5:] else ""
        )
        return (
            f"{message}; they are deeper, under {places}: set cachecatalog_path to a list of them, {shown!r}"
        )
    for parent in list(root.parents)[:2]:
        if (parent / FILE_NAME).is_file():
            return f"{message}; {parent} holds one: set cachecatalog_path to {str(parent)!r}"
    return message


def _roots_below(root: Path) -> list[Path]:
    """Catalog roots (``<root>/<tag>/<package>/specs.md``) deeper below ``root``.

    A breadth-first look, a few levels and folders deep, links not followed,
    that does not look inside a root once found: every root it meets.
    """
    queue = deque([(root, 0)])
    visited = 0
    found: set[Path] = set()
    while queue and visited < _HINT_FOLDERS:
        folder, depth = queue.popleft()
        if any(folder.is_relative_to(known) for known in found):
            continue
        visited += 1
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name == FILE_NAME and depth >= 3 and entry.is_file():
                found.add(folder.parent.parent)
            elif depth < _HINT_DEPTH and entry.is_dir(follow_symlinks=False):
                queue.append((Path(entry.path), depth + 1))
    return sorted(found)


class CatalogLoader:
    """Loads catalogs, keeping each file's parse until its stat changes.

    ``max_size``: a file larger than this many bytes is not read (a ``bad-file``
    problem). One loader keeps one limit, so its cache holds parses under it.
    """

    def __init__(self, max_size: int = DEFAULT_MAX_SIZE) -> None:
        if type(max_size) is not int or max_size <= 0:
            raise ValueError(f"max_size must be a positive number of bytes, not {max_size!r}")
        self._max_size = max_size
        self._cache: dict[str, tuple[_Stat, _Parsed]] = {}
        #: The values that the specs of every file share (compilers, OSs, lists of stacks...).
        self._shared = frontmatter.SharedValues()
        self._indexes: dict[
            tuple[str, str, str], tuple[_Stat, tuple[tuple[Package, ...], tuple[Problem, ...]]]
        ] = {}

    @property
    def max_size(self) -> int:
        """The largest file read, in bytes."""
        return self._max_size

    def load(self, roots: Sequence[Path], sources: Sequence[IndexSource] = ()) -> LoadResult:
        """Read every catalog file under ``roots``, then the Spack indexes of ``sources``.

        The first root wins a duplicate file; an index adds to the packages read
        before it (see :func:`.sources.merge`).
        """
        with frontmatter.sharing(self._shared), _collector_paused():
            return self._load(roots, sources)

    def _load(self, roots: Sequence[Path], sources: Sequence[IndexSource]) -> LoadResult:
        problems: list[Problem] = []
        found: list[Found] = []
        for root in roots:
            in_root, passed_over = discover(root)
            found.extend(in_root)
            problems.extend(passed_over)
        packages: dict[tuple[str, str], Package] = {}
        unreadable: dict[tuple[str, str], str] = {}
        parsed = failed = 0
        files = []
        for file in _unique(found):
            source = str(file.path)
            package: Package | None = None
            file_problems: tuple[Problem, ...] = (Problem(BAD_FILE, file.refused or "", source),)
            fresh = False
            if file.refused is None:
                files.append(source)
                package, file_problems, fresh = self._read(file.path)
            parsed += fresh
            problems.extend(file_problems)
            if package is not None and file.names not in (None, (package.tag, package.name)):
                assert file.names is not None
                problems.append(_name_mismatch(file.names, (package.tag, package.name), source))
                package = None  # which is true is unknown
            if package is None:
                failed += 1
                if file.names is not None:
                    unreadable.setdefault(file.names, source)
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
        for index in sources:
            files.append(str(index.path))
            index_packages, index_problems, fresh = self._read_index(index)
            parsed += fresh
            failed += not index_packages and any(p.subtype == BAD_FILE for p in index_problems)
            problems.extend(index_problems)
            for package in index_packages:
                merge(packages, package, problems)
        unknown = {key: path for key, path in sorted(unreadable.items()) if key not in packages}
        return LoadResult(Catalog(packages, unknown), tuple(problems), tuple(files), parsed, failed)

    def _read_index(self, source: IndexSource) -> tuple[tuple[Package, ...], tuple[Problem, ...], bool]:
        """The packages of one index, parsed again only when its stat changed."""
        path = str(source.path)
        watched = (index_file(source.path) or source.path) if source.mirror else source.path
        try:
            stat = os.stat(watched)
        except OSError as error:
            return (), (Problem(BAD_FILE, f"cannot be read: {error.strerror}", path),), True
        key = (stat.st_mtime_ns, stat.st_size)
        cached = self._indexes.get((path, source.tag, source.stack))
        if cached is not None and cached[0] == key:
            return *cached[1], False
        result: tuple[tuple[Package, ...], tuple[Problem, ...]]
        if source.mirror:
            found = read_mirror(source.path, self._max_size)
            data, where, problem = found.data, str(found.path), found.problem
        elif stat.st_size > self._max_size:
            data, where, problem = None, path, _too_big(path, stat.st_size, self._max_size)
        else:
            found = read_file(source.path, self._max_size)
            data, where, problem = found.data, path, found.problem
        if data is None:
            result = (), (problem,) if problem is not None else ()
        else:
            read = read_index(data, where, source.tag, source.stack)
            result = read.packages, read.problems
            if source.mirror and (source.path / V3_MANIFEST).is_file():
                packages, size_problems = with_sizes(source.path, read.packages)
                result = packages, (*read.problems, *size_problems)
        self._indexes[(path, source.tag, source.stack)] = (key, result)
        return *result, True

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
        if stat.st_size > self._max_size:  # not even opened
            result: _Parsed = None, (_too_big(source, stat.st_size, self._max_size),)
        else:
            result = _parse_file(path, self._max_size)
        self._cache[source] = (key, result)
        return *result, True


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused, where it was running.

    A load makes millions of objects and no cycles; each collection it set off
    would walk every object made so far: a quarter of the load's time at 400,000
    specs, for nothing.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _name_mismatch(folders: tuple[str, str], names: tuple[str, str], source: str) -> Problem:
    (folder_tag, folder_name), (tag, name) = folders, names
    said = []
    if folder_name != name:
        said.append(f"its title is {name!r} but its folder is {folder_name!r}")
    if folder_tag != tag:
        said.append(f"its tag (categories) is {tag!r} but its tag folder is {folder_tag!r}")
    return Problem(
        NAME_MISMATCH,
        f"{' and '.join(said)}; not read: which is true is unknown, so "
        f"{folder_tag}/{folder_name} is unreadable",
        source,
    )


def _parse_file(path: Path, max_size: int = DEFAULT_MAX_SIZE) -> _Parsed:
    """Read and parse one file: every failure becomes its ``bad-file`` problem, none escapes."""
    source = str(path)
    try:
        with open(path, "rb") as stream:
            data = _read_at_most(stream, max_size + 1)
        if len(data) > max_size:  # grew since its stat
            return None, (_too_big(source, max(len(data), _size_of(path)), max_size),)
        text = _decode(data)
        package, problems = frontmatter.parse(text, source)
    except CatalogFormatError as error:
        return None, (Problem(BAD_FILE, _printable(error.message), source, error.line),)
    except OSError as error:
        return None, (Problem(BAD_FILE, f"cannot be read: {error.strerror or error}", source),)
    except RecursionError:
        return None, (Problem(BAD_FILE, "nests too deeply to be read", source),)
    except MemoryError:
        return None, (Problem(BAD_FILE, "does not fit in memory; not read", source),)
    except Exception as error:  # the one containment point: nothing in a file stops a build
        detail = _printable(str(error))
        detail = detail if len(detail) <= 200 else detail[:197] + "..."
        message = f"cannot be read as a catalog file ({type(error).__name__}: {detail})"
        return None, (Problem(BAD_FILE, message, source),)
    return package, tuple(
        p if p.message.isprintable() else Problem(p.subtype, _printable(p.message), p.path, p.line)
        for p in problems
    )


def _read_at_most(stream: BinaryIO, limit: int) -> bytes:
    """The first ``limit`` bytes of ``stream``, or all of it where it is shorter.

    Asked for its size first: ``read(limit)`` alone makes a buffer of ``limit`` bytes for a
    file of a few kilobytes (a third of the time of reading a catalog of thousands).
    """
    size = os.fstat(stream.fileno()).st_size
    data = stream.read(min(size + 1, limit))
    if len(data) > size and len(data) < limit:  # it grew since: read on, up to the limit
        data += stream.read(limit - len(data))
    return data


def _printable(message: str) -> str:
    """A message from the data with control characters escaped, as ``repr`` writes them."""
    if message.isprintable():
        return message
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in message)


def _too_big(source: str, size: int, max_size: int) -> Problem:
    message = (
        f"is {_megabytes(size)}, larger than cachecatalog_max_file_size ({_megabytes(max_size)}); not read"
    )
    return Problem(BAD_FILE, message, source)


def _decode(data: bytes) -> str:
    """UTF-8 text, a byte-order mark dropped; else where the first bad byte is."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise CatalogFormatError(
            f"the file is not UTF-8: byte 0x{data[error.start]:02x} at offset {error.start} "
            "cannot be decoded",
            line,
        ) from None


def _size_of(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _megabytes(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size:,} bytes"
    megabytes = size / (1024 * 1024)
    return f"{megabytes:.0f} MB" if megabytes == int(megabytes) else f"{megabytes:.1f} MB"


def _unique(found: Iterable[Found]) -> list[Found]:
    seen: set[Path] = set()
    unique = []
    for file in found:
        if file.refused is not None:  # reported, and no reason to pass over the file elsewhere
            unique.append(file)
        elif file.real not in seen:
            seen.add(file.real)
            unique.append(file)
    return unique
