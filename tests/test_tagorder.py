"""The order of tags: releases by version, snapshots by date, rolling tags where placed."""

from __future__ import annotations

import datetime

import pytest

from sphinx_cachecatalog.catalog.tagorder import REST, history_order, listing_order, tag_date

from .conftest import CACHE

#: Tags of the kinds cache.spack.io has, in no order.
MIXED = (
    "develop",
    "develop-2025-07-13",
    "v0.23.1",
    "develop-2024-11-03",
    "v1.0.0",
    "v0.9.0",
    "v1.0.0-rc1",
    "releases/v0.22",
    "e4s-2025-07-13",
    "develop-2025-13-01",
)


@pytest.mark.parametrize(
    ("tag", "date"),
    [
        ("develop-2025-07-13", datetime.date(2025, 7, 13)),
        ("2025-06-01", datetime.date(2025, 6, 1)),
        ("e4s-2024-02-29-nightly", datetime.date(2024, 2, 29)),
        ("develop", None),
        ("v0.23.1", None),
        ("develop-2025-13-01", None),  # no such month
        ("develop-2023-02-29", None),  # no such day
        ("develop-12025-07-13", None),  # five digits are no year
        ("develop-20250713", None),
    ],
)
def test_a_tag_has_the_date_in_its_name(tag, date):
    assert tag_date(tag) == date


def test_the_real_tags_release_first_then_snapshots_by_date():
    real = [path.name for path in CACHE.iterdir()]
    assert history_order(real) == ("v0.23.1", "develop-2025-06-01", "develop-2025-07-13")
    assert listing_order(real) == history_order(real)


def test_releases_by_version_then_snapshots_by_date_and_rolling_tags_left_out():
    assert history_order(MIXED) == (
        "v0.9.0",  # 0.9 before 0.23: versions, not strings
        "v0.23.1",
        "v1.0.0-rc1",  # a release candidate before its release
        "v1.0.0",
        "develop-2024-11-03",
        "develop-2025-07-13",  # the same day: by name
        "e4s-2025-07-13",
    )


def test_listings_add_the_undated_tags_by_name():
    ordered = history_order(MIXED)
    assert listing_order(MIXED) == (*ordered, "develop", "develop-2025-13-01", "releases/v0.22")
    assert sorted(listing_order(MIXED)) == sorted(MIXED)


def test_placed_tags_come_first_and_the_rest_follow_in_the_default_order():
    placed = ["develop-2025-07-13", "develop", "v0.23.1"]
    assert history_order(MIXED, placed) == (
        "develop-2025-07-13",
        "develop",  # placed, so in the history
        "v0.23.1",
        "v0.9.0",
        "v1.0.0-rc1",
        "v1.0.0",
        "develop-2024-11-03",
        "e4s-2025-07-13",
    )
    assert listing_order(MIXED, placed) == (
        *history_order(MIXED, placed),
        "develop-2025-13-01",
        "releases/v0.22",
    )


def test_the_rest_goes_where_placed_says():
    assert history_order(MIXED, [REST, "develop"]) == (*history_order(MIXED), "develop")
    assert history_order(MIXED, ["v1.0.0", REST, "releases/v0.22", "develop"]) == (
        "v1.0.0",
        "v0.9.0",
        "v0.23.1",
        "v1.0.0-rc1",
        "develop-2024-11-03",
        "develop-2025-07-13",
        "e4s-2025-07-13",
        "releases/v0.22",
        "develop",
    )
    assert listing_order(MIXED, [REST, "develop"]) == (
        *history_order(MIXED),
        "develop",
        "develop-2025-13-01",
        "releases/v0.22",
    )


def test_names_not_among_the_tags_and_repeats_are_passed_over():
    tags = ("develop", "v0.23.1", "develop-2025-06-01")
    assert history_order(tags, ["nope", "develop", "develop", REST, REST]) == (
        "develop",
        "v0.23.1",
        "develop-2025-06-01",
    )
    assert history_order([]) == ()
    assert listing_order(["develop"]) == ("develop",)
    assert history_order(["develop"]) == ()
