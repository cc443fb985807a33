"""The ``cache`` domain: what each document looked up in the catalog.

Keeping this in domain data makes it part of the environment, purged for a
document that is read again and merged back from parallel readers.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from typing import Any, ClassVar

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment

from .catalog.model import Catalog
from .catalog.query import QueryError, resolve_tag

#: ``(tag asked for or "", package name)`` to the file found, or "" for none.
Lookups = dict[tuple[str, str], str]


class CacheDomain(Domain):
    """Spack build cache objects and the catalog lookups of each document."""

    name = "cache"
    label = "Spack build cache"
    initial_data: ClassVar[dict[str, Any]] = {"lookups": {}}
    data_version = 1

    @property
    def lookups(self) -> dict[str, Lookups]:
        """Per document, what it looked up and which file answered."""
        lookups: dict[str, Lookups] = self.data["lookups"]
        return lookups

    def note_lookup(self, docname: str, tag: str | None, name: str, source: str | None) -> None:
        """Remember that ``docname`` asked for ``name`` in ``tag`` and got ``source``."""
        self.lookups.setdefault(docname, {})[tag or "", name] = source or ""

    def lookups_changed(self, catalog: Catalog, default_tag: str | None) -> Iterable[str]:
        """The documents for which a lookup would now find another file (or none)."""
        for docname, lookups in self.lookups.items():
            if any(
                _find(catalog, tag, name, default_tag) != source for (tag, name), source in lookups.items()
            ):
                yield docname

    def clear_doc(self, docname: str) -> None:
        self.lookups.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["lookups"]:
                self.lookups[docname] = otherdata["lookups"][docname]

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        return []


def _find(catalog: Catalog, tag: str, name: str, default_tag: str | None) -> str:
    try:
        resolved = resolve_tag(catalog, tag or None, default_tag)
    except QueryError:
        return ""
    package = catalog.get(resolved, name)
    return package.source if package is not None else ""
