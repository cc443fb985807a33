"""What every catalog directive shares: options, lookups, errors, tables."""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective
from sphinx.util.typing import OptionSpec

from ..catalog.model import Package
from ..catalog.query import QueryError, resolve_tag, suggest
from ..domain import CacheDomain
from ..env import catalog_of
from ..nodes import catalog_rows
from ..report import UNKNOWN_PACKAGE, UNKNOWN_TAG, warn

#: Options that every directive showing one package takes.
PACKAGE_OPTIONS: OptionSpec = {
    "tag": directives.unchanged_required,
    "caption": directives.unchanged_required,
    "name": directives.unchanged,
    "class": directives.class_option,
}


class PackageDirective(SphinxDirective):
    """A directive about one package of one tag, named by its argument."""

    required_arguments = 1
    option_spec: ClassVar[OptionSpec] = PACKAGE_OPTIONS

    def find_package(self) -> Package | nodes.Element:
        """The package asked for, or a visible error (after a warning) in its place."""
        name = self.arguments[0].strip()
        requested = self.options.get("tag")
        catalog = catalog_of(self.env)
        domain = self.env.domains[CacheDomain.name]
        assert isinstance(domain, CacheDomain)
        package = None
        try:
            if not len(catalog):  # ``no-catalog`` was reported once for the build
                return self.visible_error(f"No build cache catalog is loaded, so {name!r} cannot be shown.")
            try:
                tag = resolve_tag(catalog, requested, self.config.cachecatalog_default_tag)
            except QueryError as error:
                return self.problem(str(error), UNKNOWN_TAG)
            package = catalog.get(tag, name)
            if package is None:
                hint = suggest(name, catalog.names(tag))
                return self.problem(f"package {name!r} is not in tag {tag!r}{hint}", UNKNOWN_PACKAGE)
            self.env.note_dependency(package.source)
            return package
        finally:
            domain.note_lookup(self.env.docname, requested, name, package.source if package else None)

    def problem(self, message: str, subtype: str) -> nodes.Element:
        """Warn at the directive and return the visible error that stands in for it."""
        warn(message, subtype, (self.env.docname, self.lineno))
        return self.visible_error(message[:1].upper() + message[1:] + ".")

    def visible_error(self, message: str) -> nodes.Element:
        """A visible admonition saying what could not be shown."""
        node = nodes.warning("", nodes.paragraph(message, message), classes=["cachecatalog-error"])
        self.set_source_info(node)
        return node

    def catalog_table(self, kind: str, package: Package, *, labelled: bool) -> nodes.table:
        """A standard table whose rows are filled in at write time.

        ``labelled`` gives it the directive's ``:caption:`` and ``:name:``.
        Spec tables stay out of the search index: their thousands of hashes
        would bloat it, while the summary says what readers search for.
        """
        table = nodes.table(classes=["cachecatalog-" + kind, "colwidths-auto"])
        if kind == "specs":
            table["classes"].append("no-search")
        self.set_source_info(table)
        if labelled and "caption" in self.options:
            caption = self.options["caption"]
            inline, messages = self.state.inline_text(caption, self.lineno)
            table += nodes.title(caption, "", *inline)
            table += messages
        if labelled:
            self.add_name(table)
        table += catalog_rows(kind=kind, tag=package.tag, package=package.name)
        return table

    def wrap(self, kind: str, *children: nodes.Node) -> nodes.container:
        """The directive's output in one container with its classes."""
        classes = ["cachecatalog", "cachecatalog-" + kind, *self.options.get("class", [])]
        container = nodes.container("", *children, classes=classes)
        self.set_source_info(container)
        return container
