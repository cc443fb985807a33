"""``cache-query``: will a Spack spec hit the cache on a given machine?

The answer (:func:`.catalog.hits.answer`) is worked out when the page is
read, from the package it names; the page depends on that package alone.
Its verdict is a paragraph; its hits and near misses are spec tables that
are filled in at write time like any other, in the answer's order.
"""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.typing import OptionSpec

from ..catalog.hits import Answer, answer, by_arch
from ..catalog.query import SPEC_COLUMNS
from ..catalog.specsyntax import Host, SpecSyntaxError, parse_host, parse_spec
from ..render.cells import paragraph
from .base import CatalogDirective
from .options import BAD_OPTION, read_shape

#: The columns of an answer's tables by default: what says whether a build runs, and its size.
ANSWER_COLUMNS = ("hash", "version", "compiler", "os", "platform", "target", "variants", "size")
#: What each part of the answer is called above its table.
HITS_TITLE = "Cached binaries that run on {host}"
MATCHES_TITLE = "Cached binaries for {arch}"
NEAR_TITLE = "Near misses"


class CacheQuery(CatalogDirective):
    """The verdict, the hits and the near misses of a spec on a host."""

    required_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[OptionSpec] = {
        "tag": directives.unchanged_required,
        "host": directives.unchanged_required,
        "columns": directives.unchanged_required,
        "name": directives.unchanged,
        "class": directives.class_option,
    }

    def build(self) -> list[nodes.Node]:
        text = " ".join(self.arguments[0].split())
        try:
            asked = parse_spec(text)
            host = parse_host(self.options["host"].strip()) if "host" in self.options else None
        except SpecSyntaxError as error:
            failed = self.failure(f"{error} (at column {error.column + 1} of {error.text!r})", BAD_OPTION)
            pointer = error.pointer()
            shown = failed.nodes[0]
            assert isinstance(shown, nodes.Element)
            shown += nodes.literal_block(pointer, pointer)  # where, under the text
            raise failed from None
        package = self.package(asked.name)
        result = answer(package.specs, asked, host)
        columns = read_shape(self.options, SPEC_COLUMNS, ANSWER_COLUMNS)["columns"]
        verdict = paragraph(result.verdict, "cachecatalog-verdict")
        children: list[nodes.Node] = [verdict, *self._hits(result, host, package.tag, columns)]
        if result.near:
            children.append(nodes.rubric("", NEAR_TITLE))
            reasons = {miss.spec.hash: "; ".join(miss.reasons) for miss in result.near}
            children.append(
                self.answer_table(package.tag, package.name, list(reasons), columns, reasons=reasons)
            )
            if result.more_near:
                more = f"And {result.more_near} more near misses, not shown."
                children.append(paragraph(more, "cachecatalog-limit"))
        container = self.wrap("query", *children)
        self.add_name(container)
        return [container]

    def _hits(self, result: Answer, host: Host | None, tag: str, columns: list[str]) -> list[nodes.Node]:
        """One table of hits for a host; without one, a table per arch."""
        if not result.hits:
            return []
        name = result.asked.name
        if host is not None:
            title = HITS_TITLE.format(host=host)
            return [
                nodes.rubric("", title),
                self.answer_table(tag, name, [s.hash for s in result.hits], columns),
            ]
        shown: list[nodes.Node] = []
        for arch, specs in by_arch(result.hits):
            shown += [
                nodes.rubric("", MATCHES_TITLE.format(arch=arch)),
                self.answer_table(tag, name, [spec.hash for spec in specs], columns),
            ]
        return shown


def setup_query_directives(app: Sphinx) -> None:
    """Register the directives of this family."""
    app.add_directive("cache-query", CacheQuery)
