"""The extension's event handlers: loading and reporting the catalog, outdated pages."""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from .catalog.fetch import FETCH
from .catalog.problems import NO_CATALOG
from .config import catalog_roots, conf_location
from .domain import CacheDomain
from .env import load_catalog, loaded, take_parsed
from .report import report_problems, warn

logger = logging.getLogger(__name__)


def outdated_by_catalog(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Load the catalog; return the documents whose lookups now find other files.

    Edits of files a document used are already caught by its dependencies;
    this catches packages that appear, disappear or move to another file.
    """
    catalog = load_catalog(app, env).catalog  # cheap when loaded already: unchanged files are not parsed
    domain = env.domains[CacheDomain.name]
    assert isinstance(domain, CacheDomain)
    default = app.config.cachecatalog_default_tag
    return sorted(
        docname
        for docname in domain.lookups_changed(catalog, default)
        if docname not in added | changed | removed
    )


def report_catalog(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Say what was loaded and what is wrong with it, once per build."""
    result = loaded(env)
    if result is None:
        return
    if result.files:
        unreadable = result.unreadable
        specs = sum(p.summary.num_specs for p in result.catalog.packages.values())
        logger.info(
            "cachecatalog: %s, %s in %s (%s, %d parsed%s)",
            counted(len(result.catalog), "package"),
            counted(specs, "spec"),
            counted(len(result.catalog.tags), "tag"),
            counted(len(result.files), "file"),
            take_parsed(env),
            f"; {counted(unreadable, 'file')} unreadable" if unreadable else "",
        )
    fetching = [problem for problem in result.problems if problem.subtype == FETCH]
    report_problems(fetching, conf_location(app, "cachecatalog_sources"))
    report_problems(
        [problem for problem in result.problems if problem.subtype != FETCH],
        conf_location(app, "cachecatalog_path"),
    )


def counted(number: int, noun: str) -> str:
    """``1 package``, ``28 packages``."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def warn_unset_catalog(app: Sphinx, env: BuildEnvironment) -> None:
    """Once per build: pages use cache directives, but no catalog is configured."""
    domain = env.domains[CacheDomain.name]
    assert isinstance(domain, CacheDomain)
    if not catalog_roots(app) and not app.config.cachecatalog_sources and domain.lookups:
        warn(
            "cachecatalog_path is not set: cache directives have nothing to show",
            NO_CATALOG,
            conf_location(app, "cachecatalog_path"),
        )
