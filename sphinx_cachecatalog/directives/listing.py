"""``cache-index`` (the packages of a tag) and ``cache-stack`` (the packages of a stack)."""

from __future__ import annotations

from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.typing import OptionSpec

from ..catalog.filters import FilterError, split_items
from ..catalog.query import PACKAGE_COLUMNS, suggest
from ..catalog.tagorder import listing_order
from ..domain import ALL_TAGS
from ..report import UNKNOWN_STACK
from .base import COMMON_OPTIONS, DISPLAY_OPTIONS, NO_INDEX, CatalogDirective
from .options import FILTER_OPTIONS, MATCH_OPTION, SHAPE_OPTIONS, read_filters, read_shape

#: Columns of a package list unless ``:columns:`` says otherwise.
DEFAULT_COLUMNS = ("package", "specs", "versions", "compilers", "oss", "targets", "stacks")


class PackageListDirective(CatalogDirective):
    """A list of the packages of a tag with a spec that passes the filters."""

    option_spec: ClassVar[OptionSpec] = (
        COMMON_OPTIONS | FILTER_OPTIONS | MATCH_OPTION | SHAPE_OPTIONS | NO_INDEX
    )
    default_columns: ClassVar[tuple[str, ...]] = DEFAULT_COLUMNS

    def query(self, tag: str, extra: dict[str, str] | None = None) -> dict[str, Any]:
        """The checked filters and shape of the list, as placeholder attributes."""
        filters = read_filters({**self.options, **(extra or {})}, lambda: self.choices(tag))
        shape = read_shape(self.options, PACKAGE_COLUMNS, self.default_columns)
        return {"tag": tag, "filters": filters, **shape}


class CacheIndex(PackageListDirective):
    """One row per package of a tag."""

    def build(self) -> list[nodes.Node]:
        tag = self.tag()
        container = self.wrap("index", self.placeholder_table("index", labelled=True, **self.query(tag)))
        return [*self.target(container, "tag", tag, tag), container]


class CacheStack(PackageListDirective):
    """The packages of one stack, with the stack's totals above them."""

    required_arguments = 1
    default_columns = tuple(column for column in DEFAULT_COLUMNS if column != "stacks")
    own = frozenset({"stack"})  # may only repeat the stack of the argument

    def build(self) -> list[nodes.Node]:
        stack = self.arguments[0].strip()
        tag = self.tag()
        if "stack" in self.options:
            stacks = split_items(self.options["stack"], "stack")
            if stacks != [stack]:
                raise FilterError(f":stack: cannot be given with cache-stack {stack}")
        known = self.choices(tag).values["stack"]
        if stack not in known:
            raise self.failure(f"stack {stack!r} is not in tag {tag!r}{suggest(stack, known)}", UNKNOWN_STACK)
        query = self.query(tag, {"stack": stack})
        totals = self.placeholder_table(
            "stack-totals", labelled=False, tag=tag, stack=stack, filters=query["filters"]
        )
        rows = self.placeholder_table("stack", labelled=True, stack=stack, **query)
        container = self.wrap("stack", totals, rows)
        return [*self.target(container, "stack", stack, tag), container]


class CacheTags(CatalogDirective):
    """One row per tag: its date, packages, specs and stacks, linked to the tag's page.

    Every tag, oldest first as ``cachecatalog_tag_order`` and the tags' names say
    (``catalog.tagorder.listing_order``), or those of ``:tags:`` in the order given.
    """

    option_spec: ClassVar[OptionSpec] = DISPLAY_OPTIONS | {"tags": directives.unchanged_required}
    allow_all_tags = True

    def build(self) -> list[nodes.Node]:
        self.tag(ALL_TAGS)  # every file counts
        tags = list(listing_order(self.catalog.tags, self.config.cachecatalog_tag_order))
        if "tags" in self.options and self.options["tags"].strip() != ALL_TAGS:
            valid = ", ".join(tags)
            tags = split_items(self.options["tags"], "tags")
            unknown = [tag for tag in tags if tag not in self.catalog.tags]
            if unknown:
                raise FilterError(f":tags: {unknown[0]!r} is not in the catalog; valid: {valid}")
        return [self.wrap("tags", self.placeholder_table("tags", labelled=True, tags=tags))]


def setup_listing_directives(app: Sphinx) -> None:
    """Register the directives of this family."""
    app.add_directive("cache-index", CacheIndex)
    app.add_directive("cache-stack", CacheStack)
    app.add_directive("cache-tags", CacheTags)
