"""The order of a catalog's tags: oldest first, the same wherever tags are listed.

Tags name snapshots of a cache, and cache.spack.io has three kinds of them:

- releases, ``v0.23.1``, ``v1.0.0``: ordered by version, as Spack orders versions;
- dated snapshots, ``develop-2025-07-13``: ordered by the ``YYYY-MM-DD`` in their name;
- rolling tags without a date, ``develop``: rebuilt again and again, so of any age.

By default releases come first, then dated snapshots. A rolling tag has no
place in a history unless the author gives it one (``cachecatalog_tag_order``):
where it stands would be a guess. Listings show every tag, so they list the
rolling tags too, after the ordered ones, by name.

``placed`` (the author's ``cachecatalog_tag_order``) names tags in the order
wanted; the tags it does not name follow in the default order, or stand
where it says :data:`REST` (``"..."``): ``["...", "develop"]`` keeps the
default order and puts ``develop`` last.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence

from .versions import VersionKey, version_key

#: In ``placed``: where the tags that it does not name go (at the end without it).
REST = "..."

_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
#: ``v0.23.1``, ``v1.0.0``, ``v1.0.0-rc1``, ``0.23.1``: a ``v`` or a dot makes it a version.
_RELEASE = re.compile(r"(?:v(\d+(?:\.\d+)*)|(\d+(?:\.\d+)+))(?:[-.]?[A-Za-z]+\.?\d*)?\Z", re.IGNORECASE)


def tag_date(tag: str) -> datetime.date | None:
    """The date in the tag's name (``develop-2025-07-13``), or None.

    Only a ``YYYY-MM-DD`` that is a real day counts: ``2025-13-01`` is no date.
    """
    match = _DATE.search(tag)
    if match is None:
        return None
    try:
        return datetime.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def release_key(tag: str) -> VersionKey | None:
    """The version sort key of a release tag (``v0.23.1``), or None for another tag.

    A tag with a date in its name is a snapshot, not a release.
    """
    if tag_date(tag) is not None:
        return None
    match = _RELEASE.match(tag)
    if match is None:
        return None
    return version_key(tag[1:] if tag[:1] in "vV" else tag)


def history_order(tags: Iterable[str], placed: Sequence[str] = ()) -> tuple[str, ...]:
    """``tags`` oldest first, each once: the placed ones as ``placed`` says, the others in
    the default order (releases by version, then dated tags by date).

    Undated tags that ``placed`` does not name (``develop``) are left out; so
    are names of ``placed`` that are not among ``tags``.
    """
    known = set(tags)
    order = _placed(known, placed)
    rest = [tag for tag in _default_order(known - set(order)) if _dated(tag)]
    at = order.index(REST) if REST in order else len(order)
    return tuple(tag for tag in (*order[:at], *rest, *order[at + 1 :]) if tag != REST)


def listing_order(tags: Iterable[str], placed: Sequence[str] = ()) -> tuple[str, ...]:
    """Every tag of ``tags``, each once: :func:`history_order`, then the undated tags that
    ``placed`` does not name, by name."""
    known = set(tags)
    ordered = history_order(known, placed)
    return (*ordered, *sorted(known - set(ordered)))


def _placed(known: set[str], placed: Sequence[str]) -> list[str]:
    """The names of ``placed`` that are tags of ``known``, and the first :data:`REST`, each once."""
    order: list[str] = []
    for tag in placed:
        if (tag in known or tag == REST) and tag not in order:
            order.append(tag)
    return order


def _dated(tag: str) -> bool:
    """Whether the default order has a place for ``tag``: a release or a dated snapshot."""
    return release_key(tag) is not None or tag_date(tag) is not None


def _default_order(tags: Iterable[str]) -> list[str]:
    """Releases by version, then dated tags by date (then name), then the rest by name."""

    def key(tag: str) -> tuple[int, VersionKey | tuple[()], datetime.date, str]:
        release = release_key(tag)
        if release is not None:
            return 0, release, datetime.date.min, tag
        date = tag_date(tag)
        if date is not None:
            return 1, (), date, tag
        return 2, (), datetime.date.min, tag

    return sorted(tags, key=key)
