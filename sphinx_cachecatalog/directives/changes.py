"""``cache-changes``: what changed for one package from one tag to another.

The specs are compared when the page is read, as :mod:`.catalog.diff`
compares them (by hash, then as multisets of configurations), and the page
depends on the package's file in the two tags alone. A paragraph says what
changed; the specs added and dropped are spec tables filled in at write time,
named by hash. The specs rebuilt or unchanged are counted, never listed: a
generated package page shows one section of changes per tag and stays about
the size of one spec list.
"""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.typing import OptionSpec

from ..catalog.diff import compare_tags
from ..catalog.filters import parse_filter
from ..catalog.model import Package
from ..catalog.query import SPEC_COLUMNS, WHERE_KNOWN, suggest
from ..render.changes import ADDED_TITLE, DROPPED_TITLE, changes_paragraph
from ..report import UNKNOWN_PACKAGE
from .base import NO_INDEX, CatalogDirective
from .options import FILTER_OPTIONS, read_filters, read_shape


class CacheChanges(CatalogDirective):
    """``.. cache-changes:: NAME OLD NEW``: the package ``NAME`` in tag ``OLD``, told as what
    changed from it to tag ``NEW``: a paragraph of counts, then the specs added and dropped.

    Like ``cache-package``, it makes the package in ``OLD`` a target of ``:cache:pkg:``
    (unless ``:no-index:``, or it shows a view through filters): each older section of a
    generated package page is where links to the package in that tag go.
    """

    required_arguments = 3
    makes_targets = True
    option_spec: ClassVar[OptionSpec] = (
        FILTER_OPTIONS
        | NO_INDEX
        | {
            "limit": directives.unchanged_required,
            "columns": directives.unchanged_required,
            "name": directives.unchanged,
            "class": directives.class_option,
        }
    )

    def build(self) -> list[nodes.Node]:
        name = self.arguments[0].strip()
        old, old_package = self.side(name, self.arguments[1].strip())
        new, new_package = self.side(name, self.arguments[2].strip())
        unreadable = [tag for tag in (old, new) if (tag, name) in self.catalog.unreadable]
        if unreadable:  # unknown, not absent: never say what changed
            note = self.visible_error(
                f"The catalog file of {name} in {unreadable[0]} could not be read when this page was "
                "built, so what changed is unknown."
            )
            note["classes"].append("cachecatalog-unreadable")
            return [*self.target(note, "package", name, old), note]
        if old_package is None and new_package is None:
            hint = suggest(name, {*self.catalog.names(old), *self.catalog.names(new)})
            raise self.failure(f"package {name!r} is in neither {old!r} nor {new!r}{hint}", UNKNOWN_PACKAGE)
        filters = read_filters(self.options, lambda: self.choices(old, new))
        spec_filter = parse_filter(filters)
        old_specs = spec_filter.specs(old_package) if old_package is not None else ()
        new_specs = spec_filter.specs(new_package) if new_package is not None else ()
        change = compare_tags(self.catalog, name, (old, new), spec_filter, (old_specs, new_specs))
        same = len({s.hash for s in old_specs} & {s.hash for s in new_specs})
        absent = [tag for tag, package in ((old, old_package), (new, new_package)) if package is None]
        shown: list[nodes.Node] = [changes_paragraph(change, old, new, same, absent)]
        for title, tag, specs in (
            (ADDED_TITLE, new, change.specs_added),
            (DROPPED_TITLE, old, change.specs_removed),
        ):
            default = [c for c in SPEC_COLUMNS if c not in WHERE_KNOWN or any(map(WHERE_KNOWN[c], specs))]
            shape = read_shape(self.options, SPEC_COLUMNS, default)  # checked even with nothing to list
            if specs:  # a rubric, not a caption: a note of shared variants goes between it and the table
                shown.append(nodes.rubric("", title.format(old=old, new=new)))
                shown.append(
                    self.answer_table(
                        tag,
                        name,
                        [s.hash for s in specs],
                        shape["columns"],
                        filters=filters,
                        limit=shape["limit"],
                    )
                )
        container = self.wrap("changes", *shown)
        self.add_name(container)
        index = self.target(container, "package", name, old) if old_package is not None else []
        return [*index, container]

    def side(self, name: str, requested: str) -> tuple[str, Package | None]:
        """The tag asked for and the package in it (None where the tag does not hold it or
        its file could not be read); this page depends on the package's file there."""
        self.lookup(("pkg", requested, name))
        tag = self.resolved_tag(requested)
        package = self.catalog.get(tag, name)
        unreadable = self.catalog.unreadable.get((tag, name))
        if unreadable is not None:
            self.env.note_dependency(unreadable)
        if package is not None:
            self.depend_on(package)
        return tag, package


def setup_changes_directives(app: Sphinx) -> None:
    """Register the directives of this family."""
    app.add_directive("cache-changes", CacheChanges)
