"""``cache-diff``: what changed in the cache between two tags."""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.typing import OptionSpec

from ..nodes import catalog_rows
from .base import DISPLAY_OPTIONS, CatalogDirective
from .options import FILTER_OPTIONS, MATCH_OPTION, read_filters


class CacheDiff(CatalogDirective):
    """Packages added and removed, and how the packages in both changed."""

    required_arguments = 2
    option_spec: ClassVar[OptionSpec] = DISPLAY_OPTIONS | FILTER_OPTIONS | MATCH_OPTION

    def build(self) -> list[nodes.Node]:
        old, new = self.tag(self.arguments[0]), self.tag(self.arguments[1])
        filters = read_filters(self.options, lambda: self.choices(old, new))
        container = self.wrap("diff", catalog_rows(kind="diff", old=old, new=new, filters=filters))
        self.add_name(container)
        return [container]


def setup_diff_directives(app: Sphinx) -> None:
    """Register the directives of this family."""
    app.add_directive("cache-diff", CacheDiff)
