"""The ``cache`` domain: documented packages, and what each page looked up.

Everything here is environment data: cleared for a page that is read again
and merged back from parallel readers.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Set
from typing import Any, ClassVar

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.util.nodes import make_refnode

from .catalog.model import Catalog
from .catalog.query import QueryError, resolve_tag
from .report import warn

#: Subtype of the warning for a package that two pages document.
DUPLICATE_TARGET = "duplicate-target"

#: A lookup a page made: ``("pkg", tag asked for or "", name)`` or ``("tag", tag asked for or "")``.
LookupKey = tuple[str, ...]
#: Per page, each lookup and what answered it: a file, a fingerprint of a tag's files, or "".
Lookups = dict[LookupKey, str]
#: ``"tag/name"`` to the page, id and line where the package is shown.
Objects = dict[str, tuple[str, str, int]]

ALL_TAGS = "all"


class CacheDomain(Domain):
    """Spack build cache objects and the catalog lookups of each page."""

    name = "cache"
    label = "Spack build cache"
    object_types: ClassVar[dict[str, ObjType]] = {"package": ObjType("cache package", "pkg")}
    initial_data: ClassVar[dict[str, Any]] = {"lookups": {}, "packages": {}}
    data_version = 2

    @property
    def lookups(self) -> dict[str, Lookups]:
        """Per page, what it looked up and what answered."""
        lookups: dict[str, Lookups] = self.data["lookups"]
        return lookups

    @property
    def packages(self) -> Objects:
        """Where each documented package of each tag is shown."""
        packages: Objects = self.data["packages"]
        return packages

    def note_lookup(self, docname: str, key: LookupKey, answer: str) -> None:
        """Remember that ``docname`` looked up ``key`` and got ``answer``."""
        self.lookups.setdefault(docname, {})[key] = answer

    def note_package(self, tag: str, name: str, docname: str, node_id: str, line: int) -> None:
        """Record where a package is shown; warn when another page shows it too."""
        self._claim(f"{tag}/{name}", (docname, node_id, line))

    def lookups_changed(self, catalog: Catalog, default_tag: str | None) -> Iterable[str]:
        """The pages for which a lookup would now find another answer."""
        for docname, lookups in self.lookups.items():
            if any(answer_lookup(catalog, key, default_tag) != answer for key, answer in lookups.items()):
                yield docname

    def clear_doc(self, docname: str) -> None:
        self.lookups.pop(docname, None)
        for key, (doc, _, _) in list(self.packages.items()):
            if doc == docname:
                del self.packages[key]

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["lookups"]:
                self.lookups[docname] = otherdata["lookups"][docname]
        for key, place in otherdata["packages"].items():
            if place[0] in docnames:
                self._claim(key, place)

    def _claim(self, key: str, place: tuple[str, str, int]) -> None:
        # The page that sorts first wins, as a serial build reads them: the
        # result is the same with any -j and in incremental builds.
        current = self.packages.get(key)
        if current is not None and current[0] != place[0]:
            first, second = sorted((current, place))
            warn(
                f"package {key} is documented in {first[0]!r} and {second[0]!r}; links go to {first[0]!r} "
                "(add :no-index: to the other)",
                DUPLICATE_TARGET,
                (second[0], second[2]),
            )
            place = first
        self.packages[key] = place if current is None or current[0] != place[0] else current

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        if typ != "pkg" or target not in self.packages:
            return None
        docname, node_id, _ = self.packages[target]
        return make_refnode(builder, fromdocname, docname, node_id, contnode, target)

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        found = self.resolve_xref(env, fromdocname, builder, "pkg", target, node, contnode)
        return [("cache:pkg", found)] if found is not None else []

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        for key, (docname, node_id, _) in sorted(self.packages.items()):
            yield key, key, "package", docname, node_id, 1


def answer_lookup(catalog: Catalog, key: LookupKey, default_tag: str | None) -> str:
    """What the catalog answers to a lookup now (see :data:`LookupKey`)."""
    kind, requested = key[0], key[1] or None
    if kind == "tag" and requested == ALL_TAGS:
        return fingerprint(p.source for p in catalog.packages.values())
    try:
        tag = resolve_tag(catalog, requested, default_tag)
    except QueryError:
        return ""
    if kind == "tag":
        return fingerprint(p.source for p in catalog.in_tag(tag))
    package = catalog.get(tag, key[2])
    return package.source if package is not None else ""


def fingerprint(sources: Iterable[str]) -> str:
    """A short digest of a set of files: it changes when one comes or goes."""
    return hashlib.sha256("\n".join(sorted(sources)).encode()).hexdigest()[:16]
