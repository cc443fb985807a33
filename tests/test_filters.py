"""Filter parsing and matching, on their own."""

from __future__ import annotations

import pytest

from sphinx_cachecatalog.catalog.filters import FilterError, check_known, match_names, parse_filter
from sphinx_cachecatalog.catalog.model import Spec


def spec(**fields: object) -> Spec:
    base: dict[str, object] = {
        "hash": "h",
        "versions": ("4.0.1",),
        "compiler": "gcc@11.4.0",
        "os": "ubuntu22.04",
        "platform": "linux",
        "target": "x86_64_v3",
        "variants": ("+mpi", "cuda_arch:=90"),
        "stacks": ("e4s", "root"),
    }
    return Spec(**(base | fields))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({}, True),
        ({"os": "ubuntu22.04"}, True),
        ({"os": "sequoia, ubuntu22.04"}, True),
        ({"os": "sequoia"}, False),
        ({"stack": "hep,e4s"}, True),
        ({"stack": "hep"}, False),
        ({"compiler": "gcc"}, True),
        ({"compiler": "gcc@11"}, True),
        ({"compiler": "gcc@11.4"}, True),
        ({"compiler": "gcc@=11.4.0"}, True),
        ({"compiler": "gcc@1"}, False),
        ({"compiler": "gcc@13"}, False),
        ({"compiler": "clang"}, False),
        ({"compiler": "gcc@10:12"}, True),
        ({"version": "4"}, True),
        ({"version": "4.0"}, True),
        ({"version": "4.01"}, False),
        ({"version": "3.1:4.0"}, True),
        ({"version": ":3.9"}, False),
        ({"version": "4.1:"}, False),
        ({"variant": "+mpi"}, True),
        ({"variant": "~mpi"}, False),
        ({"variant": "cuda_arch=90"}, True),
        ({"variant": "cuda_arch:=90"}, True),
        ({"os": "ubuntu22.04", "compiler": "gcc@13"}, False),
        ({"platform": "linux", "target": "x86_64_v3"}, True),
    ],
)
def test_matches(options, expected):
    assert parse_filter(options).matches(spec()) is expected


def test_older_spelling_in_the_data_matches_too():
    assert parse_filter({"compiler": "gcc@11.4.0"}).matches(spec(compiler="gcc@11.4.0"))


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"os": "a,,b"}, ":os: needs one or more comma-separated values"),
        ({"compiler": "gcc@"}, "'gcc@' is not a compiler"),
        ({"compiler": "@11"}, "'@11' is not a compiler"),
        ({"version": "1:2:3"}, "'1:2:3' is not a version or range"),
        ({"version": ":"}, "':' is not a version or range"),
        ({"variant": "mpi"}, "'mpi' is not a variant"),
    ],
)
def test_malformed_values(options, words):
    with pytest.raises(FilterError, match="^" + words.replace("(", r"\(")):
        parse_filter(options)


def test_unknown_values_list_the_valid_ones():
    known = {
        "os": frozenset({"ubuntu22.04", "sequoia"}),
        "stack": frozenset(),
        "platform": frozenset(),
        "target": frozenset(),
        "compiler": frozenset({"gcc"}),
    }
    check_known(parse_filter({"os": "sequoia", "compiler": "gcc@99"}), known)  # known values: fine
    with pytest.raises(
        FilterError, match=r":os: 'ubuntu2204' is not in the catalog; valid: sequoia, ubuntu22.04$"
    ):
        check_known(parse_filter({"os": "ubuntu2204"}), known)
    with pytest.raises(FilterError, match=r":compiler: 'clang' is not in the catalog; valid: gcc$"):
        check_known(parse_filter({"compiler": "clang@1"}), known)


def test_match_names():
    names = ["cmake", "py-numpy", "py-mpi4py", "r-base"]
    assert match_names(["py-*"], names) == ["py-numpy", "py-mpi4py"]
    assert match_names(["*make", "r-?ase"], names) == ["cmake", "r-base"]
