"""``cache-history``: a package across the tags of the catalog, or one version's lifetime."""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.typing import OptionSpec

from ..catalog.query import suggest
from ..catalog.tagorder import history_order
from ..report import UNKNOWN_PACKAGE, UNKNOWN_TAG
from .base import CatalogDirective
from .options import FILTER_OPTIONS, read_filters


class CacheHistory(CatalogDirective):
    """One row per tag that holds the package, in tag order, with what changed; with
    ``:version:``, the spans of tags that held that version."""

    required_arguments = 1
    option_spec: ClassVar[OptionSpec] = FILTER_OPTIONS | {
        "version": directives.unchanged_required,
        "name": directives.unchanged,
        "class": directives.class_option,
    }

    def build(self) -> list[nodes.Node]:
        name = self.arguments[0].strip()
        catalog = self.catalog
        version = self.options.get("version", "").strip()  # a lifetime, not a filter, here
        # A lifetime's spans and last tag rest on every tag; a table's rows on the tags that
        # hold the package and the tag after each (a tag added elsewhere changes no row).
        self.lookup(("history" if version else "held", "", name))
        tags = {*catalog.tags, *(tag for tag, _ in catalog.unreadable)}  # unknown is a tag too
        order = history_order(tags, self.config.cachecatalog_tag_order)
        held = [tag for tag in order if catalog.get(tag, name) is not None]
        for tag in held:
            package = catalog.get(tag, name)
            assert package is not None
            self.depend_on(package)
        if not held and not any((tag, name) in catalog.unreadable for tag in order):
            undated = [tag for tag in sorted(tags) if tag not in order and catalog.get(tag, name) is not None]
            if undated:
                raise self.failure(
                    f"{name} is only in tags without a date ({', '.join(undated)}), which a history leaves "
                    "out: place them with cachecatalog_tag_order",
                    UNKNOWN_TAG,
                )
            names = {other for tag in order for other in catalog.names(tag)}
            raise self.failure(
                f"package {name!r} is not in any tag of the history{suggest(name, names)}", UNKNOWN_PACKAGE
            )
        given = {key: value for key, value in self.options.items() if key != "version"}
        filters = read_filters(given, lambda: self.choices(*held))
        table = self.placeholder_table(
            "history", labelled=False, package=name, filters=filters, version=version, tags=list(order)
        )
        container = self.wrap("history", table)
        self.add_name(container)
        return [container]


def setup_history_directives(app: Sphinx) -> None:
    """Register the directives of this family."""
    app.add_directive("cache-history", CacheHistory)
