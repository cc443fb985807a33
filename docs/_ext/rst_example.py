"""``rst-example``: show reStructuredText source, then what it renders to."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective


class RstExample(SphinxDirective):
    """The content as a code block, followed by the content itself, parsed."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        source = "\n".join(self.content)
        code = nodes.literal_block(source, source, language="rst", classes=["rst-example-source"])
        rendered = nodes.container(classes=["rst-example-result"])
        self.state.nested_parse(self.content, self.content_offset, rendered)
        return [nodes.container("", code, rendered, classes=["rst-example"])]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("rst-example", RstExample)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
