"""``cache-mirror``: the commands that make a tag's binaries available to Spack."""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.typing import OptionSpec

from ..catalog.mirror import mirror_url
from .base import COMMON_OPTIONS, CatalogDirective


class CacheMirror(CatalogDirective):
    """``spack mirror add`` and ``spack buildcache keys`` for a tag, as a code block."""

    option_spec: ClassVar[OptionSpec] = COMMON_OPTIONS | {"mirror-name": directives.unchanged_required}

    def build(self) -> list[nodes.Node]:
        tag = self.tag()
        url = mirror_url(tag, self.catalog.in_tag(tag), self.config.cachecatalog_mirror_url)
        name = self.options.get("mirror-name", tag)
        code = f"$ spack mirror add {name} {url}\n$ spack buildcache keys --install --trust"
        block = nodes.literal_block(code, code, language="console")
        self.set_source_info(block)
        if "caption" in self.options:
            caption = self.options["caption"]
            inline, _ = self.state.inline_text(caption, self.lineno)
            container = nodes.container("", nodes.caption(caption, "", *inline), block, literal_block=True)
            container["classes"].append("literal-block-wrapper")
            self.add_name(container)
            return [self.wrap("mirror", container)]
        self.add_name(block)
        return [self.wrap("mirror", block)]


def setup_mirror_directives(app: Sphinx) -> None:
    """Register the directives of this family."""
    app.add_directive("cache-mirror", CacheMirror)
