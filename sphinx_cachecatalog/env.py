"""The catalog of one build: loaded once, shared by every directive.

The catalog is loaded in the main process when Sphinx works out which
documents are outdated, before any reading starts, so parallel readers
inherit it and nothing of it is pickled into the environment. Loaders live
as long as the process: a second build in the same process (tests, an
autobuild server) parses again only the files whose stat changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from weakref import WeakKeyDictionary

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from .catalog.fetch import Fetched, copy_folder, fetch_into
from .catalog.layouts import V2_INDEX, index_file
from .catalog.loader import CatalogLoader, LoadResult
from .catalog.model import Catalog
from .catalog.problems import Problem
from .catalog.sources import IndexSource
from .config import catalog_roots, catalog_sources

logger = logging.getLogger(__name__)

#: One loader per set of roots and size limit: a loader's cache holds parses under its limit.
_LOADERS: dict[tuple[tuple[str, ...], int], CatalogLoader] = {}
_LOADED: WeakKeyDictionary[BuildEnvironment, LoadResult] = WeakKeyDictionary()
#: Mirrors fetched for a build (the application), by URL: once a build.
_FETCHED: WeakKeyDictionary[Sphinx, dict[str, Fetched]] = WeakKeyDictionary()
_UNREPORTED: WeakKeyDictionary[BuildEnvironment, int] = WeakKeyDictionary()


def load_catalog(app: Sphinx, env: BuildEnvironment) -> LoadResult:
    """Load the configured catalog for this build and keep it for the directives."""
    max_size: int = app.config.cachecatalog_max_file_size  # checked at config-inited
    roots = catalog_roots(app)
    sources, fetch_problems = fetched(
        app, catalog_sources(app.config, app.confdir)
    )  # checked at config-inited
    if not roots and not sources:
        result = LoadResult(Catalog(), fetch_problems, (), 0)
    else:
        key = (tuple(str(root) for root in roots), max_size)
        loader = _LOADERS.get(key) or _LOADERS.setdefault(key, CatalogLoader(max_size))
        result = loader.load(roots, sources)
        result = replace(result, problems=(*fetch_problems, *result.problems))
    _LOADED[env] = result
    _UNREPORTED[env] = _UNREPORTED.get(env, 0) + result.parsed
    return result


def fetched(app: Sphinx, sources: list[IndexSource]) -> tuple[list[IndexSource], tuple[Problem, ...]]:
    """The sources to read, mirrors given by URL fetched into the build's cache folder (once
    a build); a mirror that cannot be fetched and has no earlier copy is left out."""
    if all(source.url is None for source in sources):
        return sources, ()
    if app not in _FETCHED:
        cache = Path(app.doctreedir) / "cachecatalog-mirrors"
        timeout = float(app.config.cachecatalog_fetch_timeout)
        max_age = float(app.config.cachecatalog_cache_limit) * 86400
        done: dict[str, Fetched] = {}
        for source in sources:
            if source.url is not None and source.url not in done:
                logger.info("cachecatalog: fetching the index of %s", source.url)
                done[source.url] = fetch_into(
                    source.url,
                    copy_folder(cache, source.url),
                    timeout=timeout,
                    max_age=max_age,
                    max_size=app.config.cachecatalog_max_file_size,
                    verify=source.verify,
                    sizes=source.sizes,
                    progress=_progress(source.url),
                )
                if done[source.url].said:
                    logger.info("cachecatalog: %s", done[source.url].said)
                _say_sizes(source, done[source.url])
        _FETCHED[app] = done
    done = _FETCHED[app]
    problems = tuple(problem for fetch in done.values() for problem in fetch.problems)
    kept = []
    for source in sources:
        if source.url is None:
            kept.append(source)
            continue
        folder = done[source.url].folder
        if folder is not None:
            kept.append(replace(source, path=folder))
    return kept, problems


def _say_sizes(source: IndexSource, fetch: Fetched) -> None:
    """Say how many spec manifests came, or that a mirror of layout 2 has none."""
    if fetch.manifests is not None:
        logger.info("cachecatalog: %s: %d spec manifests fetched, for sizes", source.url, fetch.manifests)
    elif source.sizes and fetch.folder is not None and index_file(fetch.folder) == fetch.folder / V2_INDEX:
        logger.info(
            "cachecatalog: %s is a mirror of layout 2, which has no spec manifests: no sizes", source.url
        )


#: Spec manifests to fetch from which the progress of their fetching is said, each tenth.
_PROGRESS_FROM = 1000


def _progress(url: str) -> Callable[[int, int], None]:
    """Say how the fetching of a mirror's spec manifests goes: how many there are to fetch,
    then each tenth of them where they are many (not a line a manifest)."""

    def said(done: int, total: int) -> None:
        if done == 0 and total:
            logger.info("cachecatalog: fetching %d spec manifests of %s, for sizes", total, url)
        elif total >= _PROGRESS_FROM and done < total and done * 10 // total > (done - 1) * 10 // total:
            logger.info("cachecatalog: %d of %d spec manifests of %s", done, total, url)

    return said


def loaded(env: BuildEnvironment) -> LoadResult | None:
    """What :func:`load_catalog` last loaded for this build, if it ran."""
    return _LOADED.get(env)


def take_parsed(env: BuildEnvironment) -> int:
    """How many files were parsed since this was last asked (for the status line)."""
    return _UNREPORTED.pop(env, 0)


def catalog_of(env: BuildEnvironment) -> Catalog:
    """The catalog loaded for the build that ``env`` belongs to."""
    result = _LOADED.get(env)
    return result.catalog if result is not None else Catalog()
