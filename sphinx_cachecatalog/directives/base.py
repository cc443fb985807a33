"""What every catalog directive shares: the catalog, tags, errors, placeholders."""

from __future__ import annotations

from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective
from sphinx.util.typing import OptionSpec

from ..catalog.filters import SPEC_FILTERS, Choices, FilterError, choices_of
from ..catalog.model import Catalog, Package
from ..catalog.query import QueryError, resolve_tag, suggest
from ..domain import ALL_TAGS, LABELS, CacheDomain, LookupKey, answer_lookup
from ..env import catalog_of
from ..nodes import catalog_rows
from ..report import UNKNOWN_PACKAGE, UNKNOWN_TAG, warn
from .options import BAD_OPTION

#: How a directive's output is presented and labelled.
DISPLAY_OPTIONS: OptionSpec = {
    "caption": directives.unchanged_required,
    "name": directives.unchanged,
    "class": directives.class_option,
}
#: Options of every directive about one tag.
COMMON_OPTIONS: OptionSpec = {"tag": directives.unchanged_required} | DISPLAY_OPTIONS
#: For directives that make a target: leave it to another page.
NO_INDEX: OptionSpec = {"no-index": directives.flag}


class VisibleError(Exception):
    """Raised inside a directive when it shows a visible error instead of its output."""

    def __init__(self, *shown: nodes.Node) -> None:
        super().__init__()
        self.nodes = list(shown)


class CatalogDirective(SphinxDirective):
    """A directive that shows catalog data; subclasses implement :meth:`build`."""

    option_spec: ClassVar[OptionSpec] = COMMON_OPTIONS
    #: Whether ``:tag: all`` is allowed.
    allow_all_tags = False
    #: Whether the directive makes its object a target of references (see :meth:`target`).
    makes_targets = False
    #: Options that name the directive's own object rather than filter it (``cache-stack``'s ``:stack:``).
    own: ClassVar[frozenset[str]] = frozenset()

    def run(self) -> list[nodes.Node]:
        if not len(self.catalog):  # ``no-catalog`` was reported once for the build
            self.lookup(("tag", self.options.get("tag", "")))
            return [self.visible_error("No build cache catalog is loaded, so there is nothing to show here.")]
        try:
            return self.build()
        except FilterError as error:  # an option value that is not valid
            return self.failure(str(error), BAD_OPTION).nodes
        except VisibleError as failed:
            return failed.nodes

    def build(self) -> list[nodes.Node]:
        """The directive's output.

        Raise :class:`VisibleError` (see :meth:`failure`) to show an error
        instead; a :class:`FilterError` shows as a ``bad-option`` warning.
        """
        raise NotImplementedError

    @property
    def catalog(self) -> Catalog:
        """The catalog of this build."""
        return catalog_of(self.env)

    @property
    def domain(self) -> CacheDomain:
        """The ``cache`` domain of this build."""
        domain = self.env.domains[CacheDomain.name]
        assert isinstance(domain, CacheDomain)
        return domain

    def lookup(self, key: LookupKey) -> str:
        """Answer ``key`` from the catalog and remember it, so a change re-reads this page."""
        config = self.config
        answer = answer_lookup(
            self.catalog, key, config.cachecatalog_default_tag, config.cachecatalog_tag_order
        )
        self.domain.note_lookup(self.env.docname, key, answer)
        return answer

    def tag(self, requested: str | None = None) -> str:
        """The tag to show (``all`` where allowed); depends this page on its files."""
        requested = requested if requested is not None else self.options.get("tag")
        self.lookup(("tag", requested or ""))
        if requested == ALL_TAGS and self.allow_all_tags:
            for package in self.catalog.packages.values():
                self.depend_on(package)
            return ALL_TAGS
        tag = self.resolved_tag(requested)
        for package in self.catalog.in_tag(tag):
            self.depend_on(package)
        return tag

    def depend_on(self, package: Package) -> None:
        """Read this page again when ``package`` changes: its file's edits, or (a package of
        Spack indexes) its digest, which the page's lookups hold."""
        if not package.digest:
            self.env.note_dependency(package.source)

    def package(self, name: str) -> Package:
        """The package ``name`` in the directive's tag; depends this page on its file."""
        requested = self.options.get("tag")
        self.lookup(("pkg", requested or "", name))
        tag = self.resolved_tag(requested)
        package = self.catalog.get(tag, name)
        unreadable = self.catalog.unreadable.get((tag, name))
        if package is None and unreadable is not None:  # unknown, not gone: never say it is absent
            self.env.note_dependency(unreadable)
            note = self.visible_error(  # the path is in the build's bad-file warning, not for readers
                f"The catalog file of {name} in {tag} could not be read when this page was built, "
                "so what the cache holds of it is unknown."
            )
            note["classes"].append("cachecatalog-unreadable")
            index = self.target(note, "package", name, tag) if self.makes_targets else []
            raise VisibleError(*index, note)
        if package is None:
            hint = suggest(name, self.catalog.names(tag))
            elsewhere = [other for other in self.catalog.tags if self.catalog.get(other, name) is not None]
            if elsewhere:
                hint += f"; it is in {', '.join(elsewhere)}"
            raise self.failure(f"package {name!r} is not in tag {tag!r}{hint}", UNKNOWN_PACKAGE)
        self.depend_on(package)
        return package

    def choices(self, *tags: str) -> Choices:
        """Every value the filters can match in ``tags`` (``all``: every tag)."""
        return choices_of(self.catalog, tuple(None if tag == ALL_TAGS else tag for tag in tags))

    def resolved_tag(self, requested: str | None) -> str:
        """The tag asked for, else the default one; an ``unknown-tag`` failure otherwise."""
        try:
            also = (ALL_TAGS,) if self.allow_all_tags else ()
            return resolve_tag(self.catalog, requested, self.config.cachecatalog_default_tag, also)
        except QueryError as error:
            raise self.failure(str(error), UNKNOWN_TAG) from None

    def failure(self, message: str, subtype: str) -> VisibleError:
        """Warn at the directive; the returned exception shows the error in the page."""
        warn(message, subtype, (self.env.docname, self.lineno))
        return VisibleError(self.visible_error(message[:1].upper() + message[1:] + "."))

    def visible_error(self, message: str) -> nodes.Element:
        """A visible admonition saying what could not be shown."""
        node = nodes.warning("", nodes.paragraph(message, message), classes=["cachecatalog-error"])
        self.set_source_info(node)
        return node

    def placeholder_table(self, kind: str, *, labelled: bool, **attributes: Any) -> nodes.table:
        """A standard table whose rows are filled in at write time.

        ``labelled`` gives it the directive's ``:caption:`` and ``:name:``.
        Spec tables stay out of the search index: their thousands of hashes
        would bloat it, while summaries say what readers search for.
        """
        table = nodes.table(classes=["cachecatalog-" + kind, "colwidths-auto"])
        if kind in ("specs", "history"):  # hashes and tag names: what search does not need
            table["classes"].append("no-search")
        self.set_source_info(table)
        if labelled:
            if "caption" in self.options:
                caption = self.options["caption"]
                inline, messages = self.state.inline_text(caption, self.lineno)
                table += nodes.title(caption, "", *inline)
                table += messages
            self.add_name(table)
        table += catalog_rows(kind=kind, **attributes)
        return table

    def answer_table(
        self, tag: str, name: str, hashes: list[str], columns: list[str], **attributes: Any
    ) -> nodes.table:
        """A spec table of the given specs of a package, in their order, filled in at write
        time: an answer (a query's hits, a tag's changes), a short list with no filter box."""
        attributes = {"filters": {}, "limit": 0, "reasons": {}, **attributes}
        return self.placeholder_table(
            "specs", labelled=False, tag=tag, package=name, sort="", columns=columns, hashes=hashes,
            answer=True, **attributes,
        )  # fmt: skip

    def target(self, node: nodes.Element, objtype: str, name: str, tag: str) -> list[nodes.Node]:
        """Make ``node`` the place that ``:cache:`` references to the object go to.

        Returns the general index entry to put before it; nothing with
        ``:no-index:``, for a view (see :attr:`is_view`), or when the page
        already shows the object.
        """
        if "no-index" in self.options or self.is_view:
            return []
        key = tag if objtype == "tag" else f"{tag}/{name}"
        node_id = nodes.make_id(f"cache-{objtype}-{key}")
        if node_id in self.state.document.ids:
            return []
        node["ids"].append(node_id)
        self.state.document.note_explicit_target(node)
        self.domain.note_object(objtype, key, (self.env.docname, node_id, self.lineno))
        label = LABELS[objtype]
        entry = f"{name} ({label})" if objtype == "tag" else f"{name} ({label}); {tag}"
        return [addnodes.index(entries=[("single", entry, node_id, "", None)])]

    @property
    def is_view(self) -> bool:
        """Whether the directive shows part of its object (a filter, ``:match:`` or
        ``:limit:``): such a view is never the place that links go to."""
        return any(
            option in self.options for option in (*SPEC_FILTERS, "match", "limit") if option not in self.own
        )

    def wrap(self, kind: str, *children: nodes.Node) -> nodes.container:
        """The directive's output in one container with its classes."""
        classes = ["cachecatalog", "cachecatalog-" + kind, *self.options.get("class", [])]
        container = nodes.container("", *children, classes=classes)
        self.set_source_info(container)
        return container
