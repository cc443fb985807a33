"""The SOURCE arguments of every command: what each is, fetched where it is a URL, and loaded.

A SOURCE is a cache.spack.io root, a Spack ``index.json``, a mirror folder
of either layout, or a mirror's http(s) URL. Index and mirror sources take
the tag and stack of ``--tag`` and ``--stack``, or their own, written
``TAG=SOURCE`` or ``TAG:STACK=SOURCE`` (so that two indexes can be two tags).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..catalog.fetch import copy_folder, fetch_into
from ..catalog.frontmatter import usable_name
from ..catalog.layouts import index_file
from ..catalog.loader import CatalogLoader, LoadResult
from ..catalog.problems import Problem
from ..catalog.sources import IndexSource

#: The tag and stack of index and mirror sources that do not name theirs.
DEFAULT_TAG = "develop"
DEFAULT_STACK = "root"
#: How old a fetched copy may be and still be used without a problem, when its mirror is down.
MAX_AGE = 5 * 86400
_LABEL = re.compile(r"([^=/:\\]+)(?::([^=/:\\]+))?=(.+)\Z", re.DOTALL)
_URL = ("http://", "https://")


class UsageError(Exception):
    """A SOURCE that cannot be used as given, with a one-line message."""


@dataclass(frozen=True, slots=True)
class Options:
    """What the commands' common options say about reading SOURCEs."""

    tag: str | None
    stack: str
    max_file_size: int
    timeout: float
    cache: Path


def default_cache() -> Path:
    """Where fetched mirrors are kept between runs: ``$XDG_CACHE_HOME/sphinx-cachecatalog``."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base, "sphinx-cachecatalog")


def load(given: list[str], options: Options) -> LoadResult:
    """The catalog of the SOURCEs, with the problems of fetching them first."""
    roots: list[Path] = []
    indexes: list[IndexSource] = []
    problems: list[Problem] = []
    progress = Progress()
    for text in given:
        found = _source(text, options)
        if isinstance(found, Path):
            roots.append(found)
            continue
        if found.url is not None:
            progress.say(f"fetching the index of {found.url}")
            fetched = fetch_into(
                found.url,
                copy_folder(options.cache, found.url),
                timeout=options.timeout,
                max_age=MAX_AGE,
                max_size=options.max_file_size,
            )
            problems.extend(fetched.problems)
            if fetched.said:
                progress.note(fetched.said)
            if fetched.folder is None:
                continue
            found = IndexSource(fetched.folder, found.tag, found.stack, mirror=True, url=found.url)
        indexes.append(found)
    progress.say(f"reading {counted(len(roots) + len(indexes), 'source')}")
    result = CatalogLoader(options.max_file_size).load(roots, indexes)
    progress.clear()
    return LoadResult(
        result.catalog, (*problems, *result.problems), result.files, result.parsed, result.unreadable
    )


def _source(text: str, options: Options) -> Path | IndexSource:
    """One SOURCE: a root's path, or an index or mirror source with its tag and stack."""
    tag, stack, where = options.tag or DEFAULT_TAG, options.stack, text
    labelled = _LABEL.match(text) if not Path(text).exists() else None
    if labelled is not None:
        tag, stack, where = labelled[1], labelled[2] or stack, labelled[3]
        if not usable_name(tag) or not usable_name(stack):
            raise UsageError(f"{text}: {tag!r} or {stack!r} is not a usable tag or stack name")
    if where.startswith(_URL):
        return IndexSource(Path(), tag, stack, mirror=True, url=where)
    if "://" in where:
        raise UsageError(f"{where}: only http(s) URLs are fetched (s3:// and oci:// are not read)")
    path = Path(where)
    if not path.exists():
        raise UsageError(f"{where}: no such file or folder")
    if path.is_file() and path.suffix == ".json":
        return IndexSource(path, tag, stack)
    if path.is_dir() and index_file(path) is not None:
        return IndexSource(path, tag, stack, mirror=True)
    if labelled is not None:
        raise UsageError(f"{text}: a cache.spack.io root names its own tags; give it without TAG=")
    return path


class Progress:
    """One status line on standard error, rewritten in place; only when it is a terminal."""

    def __init__(self) -> None:
        self.shown = sys.stderr.isatty()

    def say(self, text: str) -> None:
        """Show what is being done now."""
        if self.shown:
            sys.stderr.write(f"\r\033[K{text}…")
            sys.stderr.flush()

    def counter(self, what: str) -> Callable[[int, int], None]:
        """A callback that shows ``what: done of total``, every hundredth and the last."""

        def count(done: int, total: int) -> None:
            if done % 100 == 0 or done == total:
                self.say(f"{what}: {done} of {total}")

        return count

    def note(self, text: str) -> None:
        """A line that stays, terminal or not."""
        self.clear()
        print(f"sphinx-cachecatalog: {text}", file=sys.stderr)

    def clear(self) -> None:
        """Remove the status line."""
        if self.shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def counted(number: int, noun: str) -> str:
    """``1 spec``, ``2 specs``."""
    return f"{number} {noun}{'s' * (number != 1)}"
