"""The ``cache`` domain: packages, stacks and tags as cross-reference targets.

``cache-package``, ``cache-stack`` and ``cache-index`` make their package,
stack and tag the targets of the roles ``:cache:pkg:``, ``:cache:stack:``
and ``:cache:tag:``; the targets go into ``objects.inv`` for intersphinx,
into the general index and into the search index. The domain also keeps
what each page looked up in the catalog, so that a change to the catalog
re-reads exactly the pages it concerns. All of it is cleared for a page that
is read again and merged back from parallel readers.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence, Set
from typing import Any, ClassVar
from weakref import WeakKeyDictionary

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from .catalog.filters import choices_of
from .catalog.model import Catalog, Package
from .catalog.query import QueryError, resolve_tag, suggest
from .catalog.tagorder import history_order
from .config import generate_options, package_url
from .env import catalog_of
from .report import warn

#: A lookup a page made: ``("pkg", tag asked for or "", name)``, ``("tag", tag asked for or "")``,
#: ``("history", "", name)`` (the package in every tag, and the tags) or ``("held", "", name)``
#: (the tags of the history order that hold the package, and the tag after each of them).
LookupKey = tuple[str, ...]
#: Per page, each lookup and what answered it: a file, a fingerprint of a tag's files, or "".
Lookups = dict[LookupKey, str]
#: Where an object is shown: page, id and line.
Place = tuple[str, str, int]

ALL_TAGS = "all"
#: Subtype of the warning for an object that two pages document.
DUPLICATE_TARGET = "duplicate-target"
#: Subtype of the warning for a reference that finds nothing.
REF = "ref"

#: Role name to object type, and the label of each type.
ROLE_TYPES = {"pkg": "package", "stack": "stack", "tag": "tag"}
LABELS = {"package": "cache package", "stack": "cache stack", "tag": "cache tag"}


class CacheXRefRole(XRefRole):
    """``:cache:pkg:`py-mpi4py```, ``develop/py-mpi4py``, ``title <target>``, ``~``, ``!``.

    A target without a tag (packages and stacks) takes the default tag; ``~``
    shows only the name.
    """

    def process_link(
        self, env: BuildEnvironment, refnode: nodes.Element, has_explicit_title: bool, title: str, target: str
    ) -> tuple[str, str]:
        target = target.lstrip("~").strip()
        if not has_explicit_title and title.startswith("~"):
            title = title[1:].rpartition("/")[2]
        if self.reftype != "tag" and "/" not in target:
            tag = default_tag(env)
            if tag is not None:
                target = f"{tag}/{target}"
        return title, target


class CacheDomain(Domain):
    """Spack build cache objects and the catalog lookups of each page."""

    name = "cache"
    label = "Spack build cache"
    object_types: ClassVar[dict[str, ObjType]] = {
        objtype: ObjType(objtype, role)
        for role, objtype in ROLE_TYPES.items()  # "Spack build cache package"
    }
    roles: ClassVar[dict[str, Any]] = {role: CacheXRefRole() for role in ROLE_TYPES}
    initial_data: ClassVar[dict[str, Any]] = {
        "lookups": {},
        "objects": {objtype: {} for objtype in LABELS},
        #: Per page, the ``(objtype, target)`` it claims, so that clearing a page is quick.
        "claimed_by": {},
    }
    data_version = 5

    @property
    def lookups(self) -> dict[str, Lookups]:
        """Per page, what it looked up and what answered."""
        lookups: dict[str, Lookups] = self.data["lookups"]
        return lookups

    @property
    def claims(self) -> dict[str, dict[str, list[Place]]]:
        """Per object type, each target (``tag/name``, or the tag) and every place that shows it."""
        claims: dict[str, dict[str, list[Place]]] = self.data["objects"]
        return claims

    def place_of(self, objtype: str, target: str, anywhere: bool = False) -> Place | None:
        """Where references to an object go, if a page of this output shows it.

        A page of the generated site wins over a hand-written one, then the
        page whose name sorts first, as a serial build reads them: the same
        with any ``-j`` and in incremental builds. A builder that makes one
        document of several (singlehtml, LaTeX, man) has only the pages its
        toctrees reach; ``anywhere`` counts every page.
        """
        places = self.claims[objtype].get(target)
        assembled = None if anywhere else _ASSEMBLED.get(self.env)
        if places and assembled is not None:
            places = [place for place in places if place[0] in assembled]
        if not places:
            return None
        if len(places) == 1:
            return places[0]
        folder = generated_folder(self.env)
        return min(places, key=lambda place: (not place[0].startswith(folder), place))

    def note_lookup(self, docname: str, key: LookupKey, answer: str) -> None:
        """Remember that ``docname`` looked up ``key`` and got ``answer``."""
        self.lookups.setdefault(docname, {})[key] = answer

    def note_object(self, objtype: str, target: str, place: Place) -> None:
        """Record a place that shows an object (see :meth:`place_of` for which one wins)."""
        places = self.claims[objtype].setdefault(target, [])
        if place not in places:
            places.append(place)
            places.sort()
            self.data["claimed_by"].setdefault(place[0], []).append((objtype, target))

    def check_consistency(self) -> None:
        """Warn about objects that two hand-written pages document."""
        folder = generated_folder(self.env)
        for objtype, targets in sorted(self.claims.items()):
            for target, places in sorted(targets.items()):
                written = [place for place in places if not place[0].startswith(folder)]
                docs = sorted({place[0] for place in written})
                if len(docs) > 1 and len(written) == len(places):
                    second = next(place for place in written if place[0] == docs[1])
                    warn(
                        f"{LABELS[objtype]} {target} is documented in {docs[0]!r} and {docs[1]!r}; "
                        f"links go to {docs[0]!r} (add :no-index: to the other)",
                        DUPLICATE_TARGET,
                        (second[0], second[2]),
                    )

    def lookups_changed(self, catalog: Catalog, default: str | None) -> Iterable[str]:
        """The pages for which a lookup would now find another answer."""
        placed = self.env.config.cachecatalog_tag_order
        for docname, lookups in self.lookups.items():
            if any(answer_lookup(catalog, key, default, placed) != answer for key, answer in lookups.items()):
                yield docname

    def clear_doc(self, docname: str) -> None:
        self.lookups.pop(docname, None)
        for objtype, target in self.data["claimed_by"].pop(docname, ()):
            places = [place for place in self.claims[objtype].get(target, ()) if place[0] != docname]
            if places:
                self.claims[objtype][target] = places
            else:
                self.claims[objtype].pop(target, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["lookups"]:
                self.lookups[docname] = otherdata["lookups"][docname]
        for objtype, targets in otherdata["objects"].items():
            for target, places in targets.items():
                for place in places:
                    if place[0] in docnames:
                        self.note_object(objtype, target, tuple(place))

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
        objtype = ROLE_TYPES.get(typ)
        if objtype is None:
            return None
        place = self.place_of(objtype, target)
        if place is None:
            return None  # intersphinx next, then the public page (public_package_page)
        # singlehtml: every page is in one, so the id alone (Sphinx 9 writes "#document-x#id")
        todocname = fromdocname if builder.name == "singlehtml" else place[0]
        return make_refnode(builder, fromdocname, todocname, place[1], contnode, target)

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        found = []
        for role in ROLE_TYPES:
            ref = self.resolve_xref(env, fromdocname, builder, role, target, node, contnode)
            if ref is not None:
                found.append((f"cache:{role}", ref))
        return found

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        default = default_tag(self.env)
        for objtype, targets in sorted(self.claims.items()):
            for target in sorted(targets):
                place = self.place_of(objtype, target, anywhere=True)
                assert place is not None
                docname, node_id, _ = place
                yield target, target, objtype, docname, node_id, 1
                tag, slash, name = target.partition("/")
                if slash and tag == default:  # the default tag's objects answer to their bare name too
                    yield name, name, objtype, docname, node_id, -1


def public_package_page(
    app: Any, env: BuildEnvironment, node: pending_xref, contnode: nodes.Element
) -> nodes.reference | None:
    """A package of the catalog that no page here documents, and intersphinx did not find:
    its public page (``missing-reference``, after intersphinx)."""
    if node.get("refdomain") != CacheDomain.name or node.get("reftype") != "pkg":
        return None
    tag, _, name = node["reftarget"].rpartition("/")
    url = package_url(env.config.cachecatalog_package_url, name)
    if url is None or not catalog_of(env).holds(tag, name):
        return None
    return nodes.reference("", "", contnode, refuri=url, internal=False)


def missing_reference_warning(app: Any, domain: Domain | None, node: pending_xref) -> bool | None:
    """Say which known names are closest when a ``cache`` reference finds nothing."""
    if not isinstance(domain, CacheDomain) or node["reftype"] not in ROLE_TYPES:
        return None
    objtype = ROLE_TYPES[node["reftype"]]
    target = node["reftarget"]
    tag, slash, name = target.rpartition("/")
    catalog = catalog_of(domain.env)
    in_catalog = (
        (objtype == "stack" and slash and name in choices_of(catalog, (tag,)).values["stack"])
        or (objtype == "package" and catalog.holds(tag, name))
        or (objtype == "tag" and target in catalog.tags)
    )
    if in_catalog:  # there, but no page here shows it: no "did you mean" the same name
        tag = tag if slash else target
        directive = {
            "package": f".. cache-package:: {name}",
            "stack": f".. cache-stack:: {name}",
            "tag": ".. cache-index::",
        }[objtype]
        if tag != default_tag(domain.env) or objtype == "tag":
            directive += f" with :tag: {tag}"
        listed = domain.place_of("tag", tag)
        where = f"; tag {tag} is documented in {domain.env.doc2path(listed[0])}" if listed else ""
        message = (
            f"cache:{node['reftype']} reference target not found: {target} is in the catalog, "
            f"but no page documents it with '{directive}'{where}"
        )
        warn(message, REF, node)
        return True
    known = set(domain.claims[objtype])
    if objtype == "package":
        known |= {f"{t}/{n}" for t, n in catalog_of(domain.env).packages}
    elif objtype == "stack":
        known |= {f"{tag}/{s}" for s in choices_of(catalog, (tag,)).values["stack"]} if slash else set()
    if slash:  # compare names within the tag: "develop/py-mpi4pi" is close to "develop/py-mpi4py"
        known = {key.rpartition("/")[2] for key in known if key.rpartition("/")[0] == tag}
    hint = suggest(name, known, prefix=f"{tag}/" if slash else "")
    message = f"cache:{node['reftype']} reference target not found: {target}{hint}"
    warn(message, REF, node)
    return True


#: Per build whose builder makes one document of several: the pages that document holds.
_ASSEMBLED: WeakKeyDictionary[BuildEnvironment, frozenset[str]] = WeakKeyDictionary()


def note_assembled_documents(app: Any, env: BuildEnvironment) -> None:
    """Before writing (``env-updated``): the pages that a builder which assembles one
    document from several will hold, as its toctrees reach them from its start pages.

    The generated site's package pages are orphans, so a PDF or a single HTML
    page does not hold them; references then take the next place in the order.
    """
    config = app.config
    starts: list[str] | None = {
        "singlehtml": [config.root_doc],
        "latex": [entry[0] for entry in getattr(config, "latex_documents", ())]
        + list(getattr(config, "latex_appendices", ())),
        "man": [entry[0] for entry in getattr(config, "man_pages", ())],
        "texinfo": [entry[0] for entry in getattr(config, "texinfo_documents", ())],
    }.get(app.builder.name if app.builder.name == "singlehtml" else app.builder.format)
    if starts is None:
        _ASSEMBLED.pop(env, None)
        return
    reached, queue = set(starts), list(starts)
    while queue:
        for child in env.toctree_includes.get(queue.pop(), ()):
            if child not in reached:
                reached.add(child)
                queue.append(child)
    _ASSEMBLED[env] = frozenset(reached)


def generated_folder(env: BuildEnvironment) -> str:
    """The docname prefix of the generated site's pages (never a prefix when there is none)."""
    options = generate_options(env.config)
    return options.folder + "/" if options is not None else "\0"


def default_tag(env: BuildEnvironment) -> str | None:
    """The tag that a reference or directive without one means, if there is one."""
    try:
        return resolve_tag(catalog_of(env), None, env.config.cachecatalog_default_tag)
    except QueryError:
        return None


def answer_lookup(catalog: Catalog, key: LookupKey, default: str | None, placed: Sequence[str] = ()) -> str:
    """What the catalog answers to a lookup now (see :data:`LookupKey`); ``placed`` is
    ``cachecatalog_tag_order``, which orders the tags of a history."""
    kind, requested = key[0], key[1] or None
    if kind == "held":
        return fingerprint(_held(catalog, key[2], tuple(placed)))
    if kind == "history":
        name = key[2]
        held = [f"{tag}:{where(p) if (p := catalog.get(tag, name)) else ''}" for tag in catalog.tags]
        return fingerprint([*held, *(f"{tag}?" for tag, other in catalog.unreadable if other == name)])
    if kind == "tag" and requested == ALL_TAGS:
        return fingerprint(where(p) for p in catalog.packages.values())
    try:
        tag = resolve_tag(catalog, requested, default)
    except QueryError:
        return ""
    if kind == "tag":
        return fingerprint(where(p) for p in catalog.in_tag(tag))
    package = catalog.get(tag, key[2])
    return where(package) if package is not None else catalog.unreadable.get((tag, key[2]), "")


def _held(catalog: Catalog, name: str, placed: tuple[str, ...]) -> list[str]:
    """What a package's history rows rest on: each tag of the history order that holds the
    package (its file, readable or not), and the tag after each such tag, which holds it or
    has dropped it. A tag added elsewhere, which neither holds the package nor follows a tag
    that does, changes none of it: the pages of the other packages are not read again."""
    order = catalog.memo(("history order", placed), lambda: history_order(catalog.tags, placed))
    held = []
    for index, tag in enumerate(order):
        if catalog.holds(tag, name):
            held.append(f"{tag}:{_file(catalog, tag, name)}")
            if index + 1 < len(order):
                after = order[index + 1]
                held.append(f"{after}:{_file(catalog, after, name)}")
    return held


def _file(catalog: Catalog, tag: str, name: str) -> str:
    """The package's file in ``tag`` (see :func:`where`), the unreadable one, or ""."""
    package = catalog.get(tag, name)
    return where(package) if package is not None else catalog.unreadable.get((tag, name), "")


def where(package: Package) -> str:
    """A package's file, and for a package of Spack indexes the digest of its specs: a page
    that shows it is read again when they change, not whenever its index does."""
    return f"{package.source}#{package.digest}" if package.digest else package.source


def fingerprint(sources: Iterable[str]) -> str:
    """A short digest of a set of files: it changes when one comes or goes."""
    return hashlib.sha256("\n".join(sorted(sources)).encode()).hexdigest()[:16]
