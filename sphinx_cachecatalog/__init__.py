"""sphinx-cachecatalog: the contents of Spack build caches in Sphinx documentation."""

from __future__ import annotations

from importlib.metadata import version as _version
from pathlib import Path
from typing import Any

from docutils.nodes import Node, container, document
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.config import Config

from .config import setup_config
from .directives.changes import setup_changes_directives
from .directives.diff import setup_diff_directives
from .directives.history import setup_history_directives
from .directives.listing import setup_listing_directives
from .directives.mirror import setup_mirror_directives
from .directives.package import setup_package_directives
from .directives.query import setup_query_directives
from .directives.stats import setup_stats_directives
from .domain import CacheDomain, missing_reference_warning, note_assembled_documents, public_package_page
from .events import outdated_by_catalog, report_catalog, warn_unset_catalog
from .generate import generate_site
from .hostmap import TARGET_MAP, write_target_map
from .nodes import catalog_rows
from .printed import FillCatalogTablesLaTeX, FillCatalogTablesMan, FillCatalogTablesPlain, add_latex_package
from .render.html import depart_scroll_region, scroll_region, visit_catalog_rows, visit_scroll_region
from .transforms import FillCatalogTables, FillCatalogTablesHTML

__version__ = _version("sphinx-cachecatalog")

_STATIC = Path(__file__).parent / "static"
_CSS = "cachecatalog.css"
#: The table script (its pure helpers exported for the tests), deferred: the page shows without it.
_JS = ("cachecatalog.js",)
#: "Does it run on my machine?", on pages with a spec table that has an Arch column: the
#: target map (written at ``write-started``), then the script that reads it, after the tables'.
_HOST_JS = (TARGET_MAP, "cachecatalog-host.js")

#: Bump when what the extension keeps in the environment, or writes into pages, changes:
#: a project built with an older version is then read and written again.
ENV_VERSION = 5


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the extension with Sphinx."""
    setup_config(app)
    app.add_domain(CacheDomain)
    app.add_node(catalog_rows, html=(visit_catalog_rows, None))
    app.add_node(scroll_region, html=(visit_scroll_region, depart_scroll_region))
    setup_package_directives(app)
    setup_listing_directives(app)
    setup_stats_directives(app)
    setup_diff_directives(app)
    setup_history_directives(app)
    setup_changes_directives(app)
    setup_mirror_directives(app)
    setup_query_directives(app)
    app.add_post_transform(FillCatalogTablesHTML)
    app.add_post_transform(FillCatalogTablesPlain)
    app.add_post_transform(FillCatalogTablesMan)
    app.add_post_transform(FillCatalogTablesLaTeX)
    app.add_post_transform(FillCatalogTables)
    app.connect("env-get-outdated", outdated_by_catalog)
    app.connect("env-before-read-docs", report_catalog)
    app.connect("env-updated", warn_unset_catalog)
    app.connect("env-updated", note_assembled_documents)
    app.connect("missing-reference", public_package_page, priority=900)  # after intersphinx
    app.connect("warn-missing-reference", missing_reference_warning)
    app.connect("config-inited", add_static_path)
    app.connect("html-page-context", add_assets)
    app.connect("write-started", write_target_map)
    app.connect("builder-inited", add_latex_package)
    app.connect("builder-inited", generate_site)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


def add_static_path(app: Sphinx, config: Config) -> None:
    """Ship the bundled stylesheet (at ``config-inited``: added any later, the path would
    make every incremental build say that the configuration changed)."""
    if str(_STATIC) not in config.html_static_path:
        config.html_static_path.append(str(_STATIC))


def add_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: document | None
) -> None:
    """Link the bundled stylesheet and script from the HTML pages that show catalog
    content, and from no other page.

    The builder's own ``add_css_file`` at ``html-page-context`` adds a file to
    this page alone (the builder resets its list before each page);
    ``app.add_css_file`` would also register it for every page of a later
    build by the same application.
    """
    if doctree is None or not isinstance(app.builder, StandaloneHTMLBuilder):
        return
    if next(doctree.findall(_is_catalog_content), None) is not None:
        app.builder.add_css_file(_CSS)
        host = next(doctree.findall(_is_arch_spec_table), None) is not None
        for script in (*_JS, *_HOST_JS) if host else _JS:
            app.builder.add_js_file(script, defer="defer")


def _is_catalog_content(node: Node) -> bool:
    """Whether ``node`` holds a directive's output (every directive wraps it in one
    container with the class ``cachecatalog``)."""
    return isinstance(node, container) and "cachecatalog" in node["classes"]


def _is_arch_spec_table(node: Node) -> bool:
    """Whether ``node`` is a spec table whose rows say their arch, ``linux-ubuntu22.04-zen3``
    (what "Does it run on my machine?" narrows)."""
    return (
        isinstance(node, catalog_rows)
        and node.get("kind") == "specs"
        and "Arch" in node.get("header", ())
        and not node.get("answer")  # cache-query's answer: its host is asked already
    )
