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
from sphinx.util import logging

from .catalog.loader import CatalogLoader, LoadResult
from .catalog.model import Catalog
from .catalog.problems import NO_CATALOG, Problem
from .config import catalog_roots
from .domain import CacheDomain
from .report import report_problems

logger = logging.getLogger(__name__)

_LOADERS: dict[tuple[str, ...], CatalogLoader] = {}
_LOADED: WeakKeyDictionary[BuildEnvironment, LoadResult] = WeakKeyDictionary()


def load_catalog(app: Sphinx, env: BuildEnvironment) -> LoadResult:
    """Load the configured catalog for this build and keep it for the directives."""
    roots = catalog_roots(app)
    if not roots:
        unset = Problem(NO_CATALOG, "cachecatalog_path is not set: cache directives have nothing to show")
        result = LoadResult(Catalog(), (unset,), (), 0)
    else:
        loader = _LOADERS.setdefault(tuple(str(root) for root in roots), CatalogLoader())
        result = loader.load(roots)
    _LOADED[env] = result
    return result


def report_catalog(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Say what was loaded and what is wrong with it, once per build."""
    result = _LOADED.get(env)
    if result is None:
        return
    if result.files:
        logger.info(
            "cachecatalog: %d packages, %d specs in %d tags (%d files, %d parsed)",
            len(result.catalog),
            sum(p.summary.num_specs for p in result.catalog.packages.values()),
            len(result.catalog.tags),
            len(result.files),
            result.parsed,
        )
    report_problems(result.problems)


def catalog_of(env: BuildEnvironment) -> Catalog:
    """The catalog loaded for the build that ``env`` belongs to."""
    result = _LOADED.get(env)
    return result.catalog if result is not None else Catalog()


def outdated_by_catalog(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Load the catalog; return the documents whose lookups now find other files.

    Edits of files a document used are already caught by its dependencies;
    this catches packages that appear, disappear or move to another file.
    """
    catalog = load_catalog(app, env).catalog
    domain = env.domains[CacheDomain.name]
    assert isinstance(domain, CacheDomain)
    default = app.config.cachecatalog_default_tag
    return sorted(
        docname
        for docname in domain.lookups_changed(catalog, default)
        if docname not in added | changed | removed
    )
