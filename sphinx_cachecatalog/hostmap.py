"""The target map of "Does it run on my machine?": which targets run binaries built for which.

The browser tells whether a spec runs on the reader's machine from a small
map written once per HTML build into ``_static/cachecatalog-targets.js``:
every archspec target of the families that the catalog's specs are built
for, with its direct parents (the browser walks them up to the family's
root), and the names of archspec's other targets (a reader's ``power9le``
is a real target, for which nothing here is built, not a typo). It is a
script that sets a global rather than JSON to fetch, so that it works in
pages opened from ``file://``; one file for the whole site, rather than
data in every page, so that the browser loads it once.
"""

from __future__ import annotations

import json
from pathlib import Path

import archspec.cpu
from sphinx.builders import Builder
from sphinx.builders.html import StandaloneHTMLBuilder

from .catalog.model import Catalog
from .catalog.targets import ancestry
from .env import catalog_of

#: The map's file, in the HTML output's ``_static``.
TARGET_MAP = "cachecatalog-targets.js"


def target_map(catalog: Catalog) -> str:
    """The script that holds the map for ``catalog``: the same catalog, the same bytes."""
    built = {target for package in catalog.packages.values() for target in package.summary.targets}
    parents = ancestry(built)
    others = sorted(name for name in archspec.cpu.TARGETS if name not in parents)
    data = json.dumps({"parents": parents, "others": others}, separators=(",", ":"), sort_keys=True)
    return (
        f"/* sphinx-cachecatalog: archspec targets and their parents */\nwindow.CacheCatalogTargets={data};\n"
    )


def write_target_map(app: object, builder: Builder) -> None:
    """Write the map into the output's ``_static`` (at ``write-started``: before the pages,
    whose links to it carry a checksum of it); a map that has not changed is left as it was."""
    if not isinstance(builder, StandaloneHTMLBuilder):
        return
    path = Path(builder.outdir) / "_static" / TARGET_MAP
    text = target_map(catalog_of(builder.env))
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
