"""The catalog of one build: loaded once, shared by every directive.

The catalog is loaded in the main process when Sphinx works out which
documents are outdated, before any reading starts, so parallel readers
inherit it and nothing of it is pickled into the environment. Loaders live
as long as the process: a second build in the same process (tests, an
autobuild server) parses again only the files whose stat changed.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .catalog.loader import CatalogLoader, LoadResult
from .catalog.model import Catalog
from .config import catalog_roots, catalog_sources

#: One loader per set of roots and size limit: a loader's cache holds parses under its limit.
_LOADERS: dict[tuple[tuple[str, ...], int], CatalogLoader] = {}
_LOADED: WeakKeyDictionary[BuildEnvironment, LoadResult] = WeakKeyDictionary()
_UNREPORTED: WeakKeyDictionary[BuildEnvironment, int] = WeakKeyDictionary()


def load_catalog(app: Sphinx, env: BuildEnvironment) -> LoadResult:
    """Load the configured catalog for this build and keep it for the directives."""
    max_size: int = app.config.cachecatalog_max_file_size  # checked at config-inited
    roots = catalog_roots(app)
    sources = catalog_sources(app.config, app.confdir)  # checked at config-inited
    if not roots and not sources:
        result = LoadResult(Catalog(), (), (), 0)
    else:
        key = (tuple(str(root) for root in roots), max_size)
        loader = _LOADERS.get(key) or _LOADERS.setdefault(key, CatalogLoader(max_size))
        result = loader.load(roots, sources)
    _LOADED[env] = result
    _UNREPORTED[env] = _UNREPORTED.get(env, 0) + result.parsed
    return result


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
