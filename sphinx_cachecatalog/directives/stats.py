"""``cache-stats``: the catalog at a glance, for a tag or every tag."""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.typing import OptionSpec

from ..nodes import catalog_rows
from .base import COMMON_OPTIONS, CatalogDirective
from .options import FILTER_OPTIONS, MATCH_OPTION, read_filters


class CacheStats(CatalogDirective):
    """Packages and specs, and specs per stack, compiler, OS, target and platform."""

    option_spec: ClassVar[OptionSpec] = COMMON_OPTIONS | FILTER_OPTIONS | MATCH_OPTION
    allow_all_tags = True

    def build(self) -> list[nodes.Node]:
        tag = self.tag()
        filters = read_filters(self.options, lambda: self.choices(tag))
        container = self.wrap("stats", catalog_rows(kind="stats", tag=tag, filters=filters))
        self.add_name(container)
        return [container]


def setup_stats_directives(app: Sphinx) -> None:
    """Register the directives of this family."""
    app.add_directive("cache-stats", CacheStats)
