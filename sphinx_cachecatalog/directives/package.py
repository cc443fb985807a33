"""``cache-package`` (summary and specs of a package) and ``cache-specs`` (specs only)."""

from __future__ import annotations

from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.typing import OptionSpec

from ..catalog.filters import Choices
from ..catalog.model import Package
from ..catalog.query import SPEC_COLUMNS, WHERE_KNOWN
from .base import COMMON_OPTIONS, NO_INDEX, CatalogDirective
from .options import FILTER_OPTIONS, SHAPE_OPTIONS, read_filters, read_shape


class SpecListDirective(CatalogDirective):
    """A directive about one package, named by its argument, whose specs it may filter."""

    required_arguments = 1
    option_spec: ClassVar[OptionSpec] = COMMON_OPTIONS | FILTER_OPTIONS | SHAPE_OPTIONS

    def query(self, package: Package) -> dict[str, Any]:
        """The checked filters and shape of the spec list, as placeholder attributes."""
        default = [c for c in SPEC_COLUMNS if c not in WHERE_KNOWN or any(map(WHERE_KNOWN[c], package.specs))]
        filters = read_filters(
            self.options, lambda: self.choices(package.tag), lambda: Choices.of(package.specs)
        )
        shape = read_shape(self.options, SPEC_COLUMNS, default)
        return {"tag": package.tag, "package": package.name, "filters": filters, **shape}


class CachePackage(SpecListDirective):
    """A package's summary table, then its spec list unless ``:no-specs:``."""

    makes_targets = True

    option_spec: ClassVar[OptionSpec] = (
        SpecListDirective.option_spec | NO_INDEX | {"no-specs": directives.flag}
    )

    def build(self) -> list[nodes.Node]:
        package = self.package(self.arguments[0].strip())
        query = self.query(package)
        summary = {"tag": package.tag, "package": package.name, "filters": query["filters"]}
        children = [self.placeholder_table("summary", labelled=True, **summary)]
        if "no-specs" not in self.options:
            children.append(self.placeholder_table("specs", labelled=False, under_summary=True, **query))
        container = self.wrap("package", *children)
        return [*self.target(container, "package", package.name, package.tag), container]


class CacheSpecs(SpecListDirective):
    """A package's spec list alone."""

    def build(self) -> list[nodes.Node]:
        package = self.package(self.arguments[0].strip())
        return [self.wrap("specs", self.placeholder_table("specs", labelled=True, **self.query(package)))]


def setup_package_directives(app: Sphinx) -> None:
    """Register the directives of this family."""
    app.add_directive("cache-package", CachePackage)
    app.add_directive("cache-specs", CacheSpecs)
