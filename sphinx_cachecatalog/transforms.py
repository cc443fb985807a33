"""The post-transform that fills catalog tables in at write time."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .env import catalog_of
from .nodes import catalog_rows
from .report import UNKNOWN_PACKAGE, warn
from .tables import specs_body, summary_body


class FillCatalogTables(SphinxPostTransform):
    """Replace each :class:`catalog_rows` with the standard rows of its table.

    Runs before references are resolved (priority 10), so that anything the
    rows refer to is resolved like the rest of the page. Outside HTML, hashes
    are shown in their short form.
    """

    default_priority = 6
    full_hash = False

    def run(self, **kwargs: Any) -> None:
        catalog = catalog_of(self.env)
        full_hash = self.full_hash
        for placeholder in list(self.document.findall(catalog_rows)):
            package = catalog.get(placeholder["tag"], placeholder["package"])
            if package is None:  # the catalog changed between reading and writing
                warn(
                    f"package {placeholder['package']!r} of tag {placeholder['tag']!r} "
                    "is no longer in the catalog",
                    UNKNOWN_PACKAGE,
                    placeholder,
                )
                table = placeholder.parent
                table.replace_self(nodes.paragraph("", "(package not in the catalog)"))
                continue
            if placeholder["kind"] == "summary":
                body = summary_body(package, self.config.cachecatalog_package_url)
            else:
                body = specs_body(package.specs, full_hash)
            placeholder.replace_self(body)


class FillCatalogTablesHTML(FillCatalogTables):
    """For HTML: the full hash stays in the page; the stylesheet shows its short form."""

    default_priority = 5
    formats = ("html",)
    full_hash = True
