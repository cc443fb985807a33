"""Questions asked of a catalog: which tag, which package, in which order."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from .model import Catalog, Spec
from .versions import VersionKey, compiler_key, version_key

#: The tag used when none is given and the catalog has several.
PREFERRED_TAG = "develop"

_UNITS = ("B", "KiB", "MiB", "GiB", "TiB")


class QueryError(LookupError):
    """A question the catalog cannot answer, with a message for the reader."""


def resolve_tag(catalog: Catalog, requested: str | None, default: str | None) -> str:
    """The tag to show: ``requested``, else ``default``, else the only or ``develop`` tag.

    Raises :class:`QueryError` with a message that says what to do.
    """
    tags = catalog.tags
    tag = requested or default
    if tag is not None:
        if tag in tags:
            return tag
        hint = suggest(tag, tags)
        raise QueryError(f"tag {tag!r} is not in the catalog{hint}; known tags: {', '.join(tags) or 'none'}")
    if len(tags) == 1:
        return tags[0]
    if PREFERRED_TAG in tags:
        return PREFERRED_TAG
    raise QueryError(
        f"the catalog has several tags ({', '.join(tags)}) and none is {PREFERRED_TAG!r}: "
        "give the tag with :tag: or set cachecatalog_default_tag"
    )


def suggest(name: str, known: Iterable[str]) -> str:
    """``" (did you mean 'a', 'b'?)"`` for the closest known names, or ``""``."""
    close = difflib.get_close_matches(name, sorted(known), n=3, cutoff=0.6)
    if not close:
        return ""
    return " (did you mean " + ", ".join(repr(c) for c in close) + "?)"


def newest_version(spec: Spec) -> VersionKey:
    """Sort key of a spec's newest version."""
    return max((version_key(v) for v in spec.versions), default=((), ""))


def sort_specs(specs: Iterable[Spec]) -> list[Spec]:
    """Display order: newest version first, then compiler, OS, target and hash."""
    ordered = sorted(specs, key=lambda s: (compiler_key(s.compiler), s.os, s.target, s.hash))
    return sorted(ordered, key=newest_version, reverse=True)  # stable: ties keep the order above


def format_size(size: int | None) -> str:
    """``1.2 MiB`` for a byte count; an em dash where the size is unknown."""
    if size is None:
        return "\N{EM DASH}"
    value = float(size)
    for unit in _UNITS:
        if value < 1024 or unit == _UNITS[-1]:
            return f"{size} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")  # pragma: no cover
