"""The post-transform that fills catalog placeholders in at write time."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.errors import NoUri
from sphinx.transforms.post_transforms import SphinxPostTransform

from .catalog.diff import diff_tags
from .catalog.filters import match_names, parse_filter, split_items
from .catalog.history import package_history, tag_totals, version_spans
from .catalog.model import Dependency, Package
from .catalog.query import PackageRow, package_rows, shared_variants, sort_rows, sort_specs
from .catalog.stats import catalog_stats
from .catalog.tagorder import listing_order, tag_date
from .domain import ALL_TAGS, CacheDomain
from .env import catalog_of
from .nodes import catalog_rows
from .render.cells import Cell, Link, Ref, paragraph, table_body
from .render.charts import chart_node, series_of
from .render.diff import diff_nodes
from .render.history import history_chart, history_rows, lifetime_nodes, unknown_after
from .render.html import NOUNS, scroll_region
from .render.listing import package_rows_cells, stack_totals_body, tags_body
from .render.package import dependency_text, shared_note, spec_rows, summary_body
from .render.stats import stats_nodes
from .report import UNKNOWN_PACKAGE, warn

#: What a placeholder becomes: rows for its table (a tgroup, or a header and
#: rows of cells that the HTML translator writes), or nodes in place of the table.
Filled = nodes.tgroup | tuple[list[str], list[list[Cell]]] | list[nodes.Node]


class FillCatalogTables(SphinxPostTransform):
    """Replace each :class:`catalog_rows` with standard nodes.

    Runs before references are resolved (priority 10), so that the package
    links it makes are resolved like the rest of the page. Outside HTML,
    hashes are shown in their short form.
    """

    default_priority = 6
    #: Whether hashes stay whole (the stylesheet shows their short form).
    full_hash = False
    #: Whether large tables are left to the HTML translator as rows of cells.
    markup = False
    #: Whether variants that every spec of a table has are said once, above it.
    say_shared = False

    def run(self, **kwargs: Any) -> None:
        self.catalog = catalog_of(self.env)
        self._rows: dict[tuple[object, ...], list[PackageRow]] = {}
        self._elsewhere: dict[str, str | None] = {}
        for placeholder in list(self.document.findall(catalog_rows)):
            if "rows" in placeholder:  # prepared for the HTML translator already
                continue
            self._notes: list[nodes.Node] = []
            self._lead: list[nodes.Node] = []
            filled = self.fill(placeholder)
            table = placeholder.parent
            in_table = isinstance(table, nodes.table)
            if isinstance(filled, tuple) and not self.markup:
                filled = table_body(*filled)
            if isinstance(filled, nodes.tgroup | tuple):
                if isinstance(filled, tuple):  # left for the HTML translator to write
                    placeholder["header"], placeholder["rows"] = filled
                else:
                    placeholder.replace_self(filled)
                total, shown = placeholder.get("total", 0), placeholder.get("shown", 0)
                if shown < total:
                    self._notes.insert(0, paragraph(f"Showing {shown} of {total}.", "cachecatalog-limit"))
                at = table.parent.index(table)
                table.parent[at + 1 : at + 1] = self._notes
                table.parent[at:at] = self._lead
                if "rows" in placeholder and placeholder["kind"] in (*NOUNS, "history"):
                    region = scroll_region(label=region_label(placeholder))
                    table.parent.replace(table, region)
                    region += table
            else:
                replace(table if in_table else placeholder, [*filled, *self._notes])

    def fill(self, placeholder: catalog_rows) -> Filled:
        """The standard nodes for one placeholder."""
        fill: Callable[[catalog_rows], Filled] = getattr(
            self, "fill_" + placeholder["kind"].replace("-", "_")
        )
        return fill(placeholder)

    def package_of(self, placeholder: catalog_rows) -> Package | None:
        package = self.catalog.get(placeholder["tag"], placeholder["package"])
        if package is None:  # the catalog changed between reading and writing
            if placeholder["kind"] == "summary" or not placeholder.get("under_summary"):
                warn(
                    f"package {placeholder['package']!r} of tag {placeholder['tag']!r} is no longer "
                    "in the catalog (its file changed or went away while the pages were built)",
                    UNKNOWN_PACKAGE,
                    placeholder,
                )
            return None
        specs = parse_filter(placeholder["filters"]).specs(package)
        return (
            package if specs is package.specs else Package(package.name, package.tag, specs, package.source)
        )

    def fill_summary(self, placeholder: catalog_rows) -> Filled:
        package = self.package_of(placeholder)
        if package is None:
            return [self.gone(placeholder)]
        if not package.specs:
            return [self.no_match(package)]
        return summary_body(package, self.config.cachecatalog_package_url)

    def fill_specs(self, placeholder: catalog_rows) -> Filled:
        package = self.package_of(placeholder)
        if placeholder.get("under_summary") and (package is None or not package.specs):
            return []  # the summary above says it already
        if package is None:
            return [self.gone(placeholder)]
        if not package.specs:
            return [self.no_match(package)]
        if "hashes" in placeholder:  # an answer's specs, in its order
            by_hash = {spec.hash: spec for spec in package.specs}
            specs = [by_hash[digest] for digest in placeholder["hashes"] if digest in by_hash]
        else:
            specs = sort_specs(package.specs, placeholder["sort"] or None)
        shown = self.limited(placeholder, specs)
        # a near miss's variants may be why it is one: they stay in its row
        say = self.say_shared and "variants" in placeholder["columns"] and not placeholder.get("reasons")
        shared = shared_variants(shown) if say else ()
        if shared:
            self._lead.append(shared_note(len(shown), shared))
        describe = partial(self.describe, package.tag)
        return spec_rows(
            shown,
            placeholder["columns"],
            self.full_hash,
            shared,
            arch=self.markup,
            describe=describe,
            why=placeholder.get("reasons"),
        )

    def describe(self, tag: str, dependency: Dependency) -> str | Ref:
        """A dependency as its cell shows it; in HTML, a reference where a page here shows it."""
        held = self.catalog.has_spec(tag, dependency.hash)
        target = f"{tag}/{dependency.name}"
        if held and self.markup and self.domain.place_of("package", target) is not None:
            return Ref(str(dependency), "pkg", target)
        return dependency_text(dependency, held)

    def fill_index(self, placeholder: catalog_rows) -> Filled:
        self.note_unreadable(placeholder["tag"], placeholder["filters"])
        rows = self.rows(placeholder)
        if not rows:
            return [paragraph("No packages match.", "cachecatalog-empty")]
        return package_rows_cells(self.limited(placeholder, rows), placeholder["columns"], self.package_link)

    fill_stack = fill_index

    def fill_stack_totals(self, placeholder: catalog_rows) -> Filled:
        rows = self.rows(placeholder)
        return stack_totals_body(placeholder["stack"], placeholder["tag"], rows) if rows else []

    def fill_tags(self, placeholder: catalog_rows) -> Filled:
        totals = tag_totals(self.catalog, placeholder["tags"])
        rows: list[tuple[str, datetime.date | None, int, int, int]] = []
        for tag, packages, specs in totals:
            self.note_unreadable(tag, {})
            stacks = {stack for p in self.catalog.in_tag(tag) for stack, _ in p.summary.stacks}
            rows.append((tag, tag_date(tag), packages, specs, len(stacks)))
        packages_per_tag = tuple((tag, packages) for tag, packages, _ in totals)
        specs_per_tag = tuple((tag, specs) for tag, _, specs in totals)
        for title, points, noun in (
            ("Packages per tag", packages_per_tag, "packages"),
            ("Specs per tag", specs_per_tag, "specs"),
        ):
            chart = series_of(title, points, noun)
            if chart is not None:  # the catalog's own history, above the table (HTML only)
                self._lead.append(chart_node(chart))
        return tags_body(rows, self.tag_link)

    def fill_stats(self, placeholder: catalog_rows) -> Filled:
        tag = placeholder["tag"]
        for each in self.catalog.tags if tag == ALL_TAGS else [tag]:
            self.note_unreadable(each, placeholder["filters"])
        packages = self.selected(None if tag == ALL_TAGS else tag, placeholder["filters"])
        stats = catalog_stats(packages, parse_filter(placeholder["filters"]))
        order = listing_order((row[0] for row in stats.tags), self.config.cachecatalog_tag_order)
        by_tag = {row[0]: row for row in stats.tags}  # tags in the order of every tag listing
        return stats_nodes(dataclasses.replace(stats, tags=tuple(by_tag[t] for t in order)), tag)

    def fill_diff(self, placeholder: catalog_rows) -> Filled:
        filters = placeholder["filters"]
        names = None
        if "match" in filters:
            everything = {name for _, name in (*self.catalog.packages, *self.catalog.unreadable)}
            names = set(matching(filters, sorted(everything)))
        diff = diff_tags(self.catalog, placeholder["old"], placeholder["new"], parse_filter(filters), names)
        return diff_nodes(diff, self.package_link)

    def fill_history(self, placeholder: catalog_rows) -> Filled:
        name, order = placeholder["package"], placeholder["tags"]
        spec_filter = parse_filter(placeholder["filters"])
        if placeholder["version"]:
            spans, in_last = version_spans(self.catalog, name, placeholder["version"], order, spec_filter)
            last = order[-1] if order else None
            return lifetime_nodes(name, placeholder["version"], spans, in_last, last, self.tag_link)
        rows = package_history(self.catalog, name, order, spec_filter)
        after = order[order.index(rows[-1].tag) + 1 :] if rows else order
        unknown = [tag for tag in after if (tag, name) in self.catalog.unreadable]
        if unknown:
            self._notes.append(unknown_after(name, unknown))
        if not rows:
            return [paragraph(f"No specs of {name} match in any tag of the history.", "cachecatalog-empty")]
        chart = history_chart(name, rows)
        if chart is not None:
            self._lead.append(chart)
        return history_rows(rows, self.tag_link)

    def note_unreadable(self, tag: str, filters: dict[str, str]) -> None:
        """Say which packages of ``tag`` (that ``:match:`` would take) are left out of what
        follows because their file could not be read: unknown, not absent."""
        names = matching(filters, self.catalog.unreadable_in(tag))
        if names:
            text = f"Not included, because their catalog file in {tag} could not be read: {', '.join(names)}."
            self._notes.append(paragraph(text, "cachecatalog-unreadable"))

    def gone(self, placeholder: catalog_rows) -> nodes.Element:
        """What stands where a package was when its file went away before writing."""
        text = (
            f"{placeholder['package']} is no longer in the catalog of {placeholder['tag']}: "
            "its file changed or went away while the documentation was built."
        )
        return nodes.warning("", paragraph(text), classes=["cachecatalog-error"])

    def no_match(self, package: Package) -> nodes.paragraph:
        return paragraph(f"No specs of {package.name} in {package.tag} match.", "cachecatalog-empty")

    def rows(self, placeholder: catalog_rows) -> list[PackageRow]:
        """The packages that pass the placeholder's filters, sorted; worked out once
        per page for a stack's totals and its list alike."""
        filters = placeholder["filters"]
        key = (placeholder["tag"], tuple(sorted(filters.items())))
        if key not in self._rows:
            self._rows[key] = package_rows(self.selected(placeholder["tag"], filters), parse_filter(filters))
        return sort_rows(self._rows[key], placeholder.get("sort") or None)

    def selected(self, tag: str | None, filters: dict[str, str]) -> list[Package]:
        packages = list(self.catalog.selected(tag))
        wanted = set(matching(filters, [p.name for p in packages]))
        return [p for p in packages if p.name in wanted]

    def limited(self, placeholder: catalog_rows, items: list[Any]) -> list[Any]:
        """The first ``:limit:`` items; remembers how many were shown of how many."""
        limit = placeholder.get("limit") or len(items)
        placeholder["total"], placeholder["shown"] = len(items), min(limit, len(items))
        return items[:limit]

    def tag_link(self, tag: str) -> Cell:
        """A link to the page that lists the tag's packages, where there is one."""
        return Ref(tag, "tag", tag) if self.domain.place_of("tag", tag) is not None else tag

    @property
    def domain(self) -> CacheDomain:
        domain = self.env.domains[CacheDomain.name]
        assert isinstance(domain, CacheDomain)
        return domain

    def package_link(self, tag: str, name: str) -> Cell:
        """A link to the best place for a package, in the order of ``:cache:pkg:``: a page
        here, then intersphinx (and any other ``missing-reference`` handler), then its
        public page; plain text when there is none."""
        target = f"{tag}/{name}"
        if self.domain.place_of("package", target) is not None:
            return Ref(name, "pkg", target)
        if target not in self._elsewhere:
            node = pending_xref(
                "",
                refdomain="cache",
                reftype="pkg",
                reftarget=target,
                refexplicit=True,
                refdoc=self.env.docname,
            )
            contnode = nodes.inline(name, name)
            try:
                found = self.env.events.emit_firstresult(
                    "missing-reference", self.env, node, contnode, allowed_exceptions=(NoUri,)
                )
            except NoUri:
                found = None
            uri = found.get("refuri") if isinstance(found, nodes.reference) else None
            self._elsewhere[target] = uri if isinstance(uri, str) and uri else None
        uri = self._elsewhere[target]  # from a handler (intersphinx may give a relative URI), not the data
        return Link(name, uri) if uri else name


def region_label(placeholder: catalog_rows) -> str:
    """What a scrolling table holds, for screen readers: "Specs of kokkos in develop"."""
    if placeholder["kind"] == "history":
        return f"History of {placeholder['package']} across tags"
    if placeholder["kind"] == "specs":
        return f"Specs of {placeholder['package']} in {placeholder['tag']}"
    if placeholder["kind"] == "stack":
        return f"Packages of stack {placeholder['stack']} in {placeholder['tag']}"
    return f"Packages in {placeholder['tag']}"


def matching(filters: dict[str, str], names: Sequence[str]) -> list[str]:
    """The ``names`` that the placeholder's ``:match:`` patterns take (all without one)."""
    if "match" not in filters:
        return list(names)
    return match_names(split_items(filters["match"], "match"), names)


def replace(node: nodes.Element, new: list[nodes.Node]) -> None:
    """Put ``new`` in place of ``node``; its ids go to the first new element, or stay in an
    empty container, so that references to it still land."""
    if not new and node["ids"]:
        new = [nodes.container(ids=node["ids"], names=node["names"])]
    elif new and isinstance(new[0], nodes.Element):
        new[0]["ids"].extend(node["ids"])
        new[0]["names"].extend(node["names"])
    node.parent.replace(node, new)


class FillCatalogTablesHTML(FillCatalogTables):
    """For HTML: the full hash stays in the page; the stylesheet shows its short form."""

    default_priority = 5
    formats = ("html",)
    full_hash = True
    markup = True
    say_shared = True
