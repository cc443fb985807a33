"""A package's history across tags, a version's lifetime, and the catalog's totals.

Expected rows are worked out here from the real files read with plain PyYAML,
with the multiset matching written again (specs matched by hash, then per
configuration: ``min(old, new)`` rebuilt, the surplus new or dropped).
"""

from __future__ import annotations

import datetime
from collections import Counter
from functools import cache
from typing import Any

import pytest

from sphinx_cachecatalog.catalog.filters import SpecFilter, parse_filter
from sphinx_cachecatalog.catalog.history import (
    HistoryRow,
    Span,
    package_history,
    tag_totals,
    version_spans,
)
from sphinx_cachecatalog.catalog.loader import CatalogLoader
from sphinx_cachecatalog.catalog.model import Catalog, Package, Spec

from .conftest import CACHE, real_tag
from .test_stats_diff_mirror import configuration

RELEASE, OLD, NEW = "v0.23.1", "develop-2025-06-01", "develop-2025-07-13"
#: The default order of the real tags: the release, then the snapshots by date.
DEFAULT = (RELEASE, OLD, NEW)


@cache
def real_catalog() -> Catalog:
    return CatalogLoader().load([CACHE]).catalog


@cache
def front_matter(tag: str) -> dict[str, dict[str, Any]]:
    return real_tag(tag)


def numeric(version: str) -> tuple[int, ...]:
    """Every real version is numbers and dots, so this orders them as Spack does."""
    return tuple(int(part) for part in version.split("."))


def compiler_of(spec: dict[str, Any]) -> str:
    compiler: str = spec["compiler"]
    return compiler.replace("@=", "@", 1)


def expected_history(name: str, order: tuple[str, ...], keep: Any) -> tuple[HistoryRow, ...]:
    rows: list[HistoryRow] = []
    old: list[dict[str, Any]] = []
    for tag in order:
        front = front_matter(tag).get(name)
        new = [s for s in front["spec_details"] if keep(s)] if front else []
        if not new:
            continue
        versions = sorted({v for s in new for v in s["versions"]}, key=numeric, reverse=True)
        old_versions = {v for s in old for v in s["versions"]}
        compilers = sorted(
            {compiler_of(s) for s in new if s["compiler"] != "none"},
            key=lambda c: (c.partition("@")[0], numeric(c.partition("@")[2])),
        )
        counts = Counter(x for s in new for x in s["stacks"])
        stacks = sorted(counts, key=lambda x: (x == "root", -counts[x], x))
        old_stacks = rows[-1].stacks if rows else ()
        old_hashes, new_hashes = {s["hash"] for s in old}, {s["hash"] for s in new}
        before = Counter(configuration(s) for s in old if s["hash"] not in new_hashes)
        after = Counter(configuration(s) for s in new if s["hash"] not in old_hashes)
        rows.append(
            HistoryRow(
                tag=tag,
                date=datetime.date.fromisoformat(tag[-10:]) if tag.startswith("develop-") else None,
                specs=len(new),
                versions=tuple(versions),
                compilers=tuple(compilers),
                stacks=tuple(stacks),
                versions_added=tuple(v for v in versions if v not in old_versions),
                versions_dropped=tuple(v for v in (rows[-1].versions if rows else ()) if v not in versions),
                stacks_added=tuple(x for x in stacks if x not in old_stacks),
                stacks_dropped=tuple(x for x in old_stacks if x not in stacks),
                specs_new=sum((after - before).values()),
                specs_rebuilt=sum((after & before).values()),
                specs_dropped=sum((before - after).values()),
            )
        )
        old = new
    return tuple(rows)


NAMES = sorted({name for tag in DEFAULT for name in real_tag(tag)})
FILTERS: dict[str, tuple[dict[str, str], Any]] = {
    "every spec": ({}, lambda s: True),
    "stack e4s": ({"stack": "e4s"}, lambda s: "e4s" in s["stacks"]),
    "gcc@11.4.0": ({"compiler": "gcc@11.4.0"}, lambda s: compiler_of(s) == "gcc@11.4.0"),
}


@pytest.mark.parametrize("order", [DEFAULT, (NEW, RELEASE, OLD)], ids=["default", "placed"])
@pytest.mark.parametrize("case", list(FILTERS))
def test_history_of_every_real_package(order, case):
    options, keep = FILTERS[case]
    catalog = real_catalog()
    for name in NAMES:
        assert package_history(catalog, name, order, parse_filter(options)) == expected_history(
            name, order, keep
        ), name


def test_known_answers_of_the_real_history():
    catalog = real_catalog()
    rows = package_history(catalog, "adiak", DEFAULT, SpecFilter())
    assert [row.tag for row in rows] == list(DEFAULT)
    first = rows[0]
    assert first.date is None
    assert first.specs_new == first.specs == len(real_tag(RELEASE)["adiak"]["spec_details"])
    assert first.versions_added == first.versions
    assert first.stacks_added == first.stacks
    assert (first.specs_rebuilt, first.specs_dropped, first.versions_dropped, first.stacks_dropped) == (
        0,
        0,
        (),
        (),
    )
    assert rows[2].date == datetime.date(2025, 7, 13)
    assert rows[2].specs_new  # a new commit= variant value is a new configuration
    cmake = package_history(catalog, "cmake", DEFAULT, SpecFilter())
    assert [row.tag for row in cmake] == [OLD, NEW]  # not in the release: no row for it
    # snapshots rebuild everything: by hash alone nearly every spec would be new
    assert sum(
        row.specs_rebuilt for name in NAMES for row in package_history(catalog, name, DEFAULT, SpecFilter())
    )
    assert package_history(catalog, "no-such-package", DEFAULT, SpecFilter()) == ()


def test_totals_of_each_tag():
    expected = tuple(
        (tag, len(real_tag(tag)), sum(len(f["spec_details"]) for f in real_tag(tag).values()))
        for tag in DEFAULT
    )
    assert tag_totals(real_catalog(), DEFAULT) == expected
    assert tag_totals(real_catalog(), ("nope",)) == (("nope", 0, 0),)


# A small catalog made here: version 1.0 present, absent, present again.

T = tuple(f"develop-2025-01-0{day}" for day in range(1, 8))


def spec(version: str, compiler: str = "gcc@11.4.0", digest: str = "") -> Spec:
    return Spec(
        hash=digest or f"{version}-{compiler}".ljust(32, "x"),
        versions=(version,),
        compiler=compiler,
        os="ubuntu22.04",
        platform="linux",
        target="x86_64_v3",
        variants=("+mpi",),
        stacks=("e4s", "root"),
    )


def small_catalog(held: dict[str, tuple[Spec, ...] | None]) -> Catalog:
    """Package ``demo`` in each tag of ``held``: its specs, or None for an unreadable file."""
    return Catalog(
        packages={
            (tag, "demo"): Package("demo", tag, specs, f"{tag}/demo") for tag, specs in held.items() if specs
        },
        unreadable={(tag, "demo"): f"{tag}/demo/specs.md" for tag, specs in held.items() if specs is None},
    )


def test_a_version_that_left_and_came_back_has_two_spans():
    catalog = small_catalog(
        {
            T[0]: (spec("1.0"),),
            T[1]: (spec("1.0"), spec("2.0")),
            T[2]: (spec("2.0"),),  # the package is here, the version is not
            T[3]: (spec("1.0"),),
            # T[4]: the package is absent
            T[5]: (spec("1.0"), spec("1.0.1")),
        }
    )
    spans, now = version_spans(catalog, "demo", "1.0", T[:6], SpecFilter())
    assert spans == (Span(T[0], T[1], 2), Span(T[3], T[3], 1), Span(T[5], T[5], 1))
    assert now
    assert version_spans(catalog, "demo", "2.0", T[:6], SpecFilter()) == ((Span(T[1], T[2], 2),), False)
    # exact versions: 1.0.1 is not 1.0, and 1 is neither
    assert version_spans(catalog, "demo", "1.0.1", T[:6], SpecFilter()) == ((Span(T[5], T[5], 1),), True)
    assert version_spans(catalog, "demo", "1", T[:6], SpecFilter()) == ((), False)
    # the order decides what is consecutive
    assert version_spans(catalog, "demo", "1.0", (T[5], T[3], T[0]), SpecFilter()) == (
        (Span(T[5], T[0], 3),),
        True,
    )


def test_a_filter_narrows_the_spans():
    catalog = small_catalog(
        {T[0]: (spec("1.0"),), T[1]: (spec("1.0", "clang@17.0.0"),), T[2]: (spec("1.0"),)}
    )
    gcc = parse_filter({"compiler": "gcc"})
    assert version_spans(catalog, "demo", "1.0", T[:3], gcc) == (
        (Span(T[0], T[0], 1), Span(T[2], T[2], 1)),
        True,
    )
    assert version_spans(catalog, "demo", "1.0", T[:3], SpecFilter()) == ((Span(T[0], T[2], 3),), True)


def test_an_unreadable_file_is_no_gap_and_no_presence():
    catalog = small_catalog(
        {T[0]: (spec("1.0"),), T[1]: None, T[2]: (spec("1.0"),), T[3]: None, T[4]: (spec("2.0"),), T[5]: None}
    )
    # unknown in T[1]: the span goes on through it, without counting it
    assert version_spans(catalog, "demo", "1.0", T[:3], SpecFilter()) == ((Span(T[0], T[2], 2),), True)
    # unknown in the last tag: not known to hold it
    assert version_spans(catalog, "demo", "1.0", T[:4], SpecFilter()) == (
        (Span(T[0], T[2], 2),),
        None,
    )  # unknown
    # absent after the unknown T[3]: the span ends at the last tag known to hold it
    assert version_spans(catalog, "demo", "1.0", T[:5], SpecFilter()) == ((Span(T[0], T[2], 2),), False)
    rows = package_history(catalog, "demo", T[:6], SpecFilter())
    assert [(row.tag, row.unknown_before) for row in rows] == [(T[0], ()), (T[2], (T[1],)), (T[4], (T[3],))]
    # before the first row too: the package may have been there
    assert [
        (row.tag, row.unknown_before) for row in package_history(catalog, "demo", T[1:3], SpecFilter())
    ] == [(T[2], (T[1],))]
    assert (rows[2].versions_added, rows[2].versions_dropped, rows[2].specs_new, rows[2].specs_dropped) == (
        ("2.0",),
        ("1.0",),
        1,
        1,
    )


def test_rebuilt_new_and_dropped_as_multisets():
    catalog = small_catalog(
        {
            T[0]: (spec("1.0", digest="a" * 32), spec("1.0", digest="b" * 32), spec("2.0", digest="c" * 32)),
            # one 1.0 rebuilt, one dropped; 2.0 kept by hash; 3.0 new twice
            T[1]: (
                spec("1.0", digest="d" * 32),
                spec("2.0", digest="c" * 32),
                spec("3.0", digest="e" * 32),
                spec("3.0", digest="f" * 32),
            ),
        }
    )
    first, second = package_history(catalog, "demo", T[:2], SpecFilter())
    assert (first.specs_new, first.specs_rebuilt, first.specs_dropped) == (3, 0, 0)
    assert (second.specs_new, second.specs_rebuilt, second.specs_dropped) == (2, 1, 1)
    assert (second.versions, second.versions_added, second.versions_dropped) == (
        ("3.0", "2.0", "1.0"),
        ("3.0",),
        (),
    )
    assert second.date == datetime.date(2025, 1, 2)
