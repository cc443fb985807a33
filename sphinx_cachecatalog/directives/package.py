"""``cache-package`` (summary and specs of a package) and ``cache-specs`` (specs only)."""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.typing import OptionSpec

from .base import PACKAGE_OPTIONS, PackageDirective


class CachePackage(PackageDirective):
    """A package's summary table, then its spec list unless ``:no-specs:``."""

    option_spec: ClassVar[OptionSpec] = PACKAGE_OPTIONS | {"no-specs": directives.flag}

    def run(self) -> list[nodes.Node]:
        package = self.find_package()
        if isinstance(package, nodes.Element):
            return [package]
        children = [self.catalog_table("summary", package, labelled=True)]
        if "no-specs" not in self.options:
            children.append(self.catalog_table("specs", package, labelled=False))
        return [self.wrap("package", *children)]


class CacheSpecs(PackageDirective):
    """A package's spec list alone."""

    def run(self) -> list[nodes.Node]:
        package = self.find_package()
        if isinstance(package, nodes.Element):
            return [package]
        return [self.wrap("specs", self.catalog_table("specs", package, labelled=True))]


def setup_package_directives(app: Sphinx) -> None:
    """Register the directives of this family."""
    app.add_directive("cache-package", CachePackage)
    app.add_directive("cache-specs", CacheSpecs)
