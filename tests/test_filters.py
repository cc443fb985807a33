"""Filter parsing and matching, on their own."""

from __future__ import annotations

import pytest

from sphinx_cachecatalog.catalog.filters import Choices, FilterError, check_known, match_names, parse_filter
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


CHOICES = Choices.of(
    [
        spec(variants=("+mpi", "build_type=Release")),
        spec(os="sequoia", compiler="apple-clang@17.0.0", versions=("1.0", "1.2rc1")),
        spec(target="zen4", variants=("~mpi", "cuda_arch:=90")),
    ]
)


def test_values_that_exist_pass():
    for options in (
        {"os": "sequoia", "compiler": "gcc@11"},
        {"compiler": "gcc@=11.4.0", "version": "1.0:1.1"},
        {"variant": "~mpi, cuda_arch=90"},
        {"variant": "+cuda_arch"},  # the name exists
        {"version": "1.1:"},
    ):
        check_known(parse_filter(options), CHOICES)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"os": "ubuntu2204"},
            ":os: 'ubuntu2204' is not in the catalog (did you mean 'ubuntu22.04'?); valid: ",
        ),
        ({"compiler": "clang@1"}, ":compiler: 'clang@1' is not in the catalog; valid: "),
        (
            {"compiler": "gcc@14"},
            ":compiler: 'gcc@14' is not in the catalog (did you mean 'gcc@11.4.0'?); valid: ",
        ),
        ({"version": "2.3.x"}, ":version: '2.3.x' is not in the catalog; valid: "),
        ({"version": "5:"}, ":version: '5:' is not in the catalog; valid: "),
        (
            {"variant": "+mpii"},
            ":variant: '+mpii': no variant named 'mpii' is in the catalog (did you mean '+mpi'?); variants: ",
        ),
        (
            {"variant": "build_type=Debug"},
            ":variant: 'build_type=Debug' is not in the catalog (did you mean 'build_type=Release'?); valid: ",
        ),
        ({"stack": "e4"}, ":stack: 'e4' is not in the catalog (did you mean 'e4s'?); valid: e4s, root"),
    ],
)
def test_typos_name_the_value_and_the_valid_ones(options, message):
    with pytest.raises(FilterError) as info:
        check_known(parse_filter(options), CHOICES)
    assert str(info.value).startswith(message)


def test_one_package_lists_all_its_values_a_tag_the_closest_ten():
    many = Choices.of([spec(target=f"t{n:02}") for n in range(25)])
    with pytest.raises(FilterError) as info:
        check_known(parse_filter({"target": "t1"}), many)
    listed = str(info.value).split("valid: ")[1]
    assert listed.endswith(" and 15 more")
    assert len(listed.removesuffix(" and 15 more").split(", ")) == 10
    one = Choices.of([spec(target="zen2"), spec(target="zen3")])
    with pytest.raises(FilterError) as info:
        check_known(parse_filter({"target": "t1"}), many, lambda: one)
    assert str(info.value).endswith("valid: zen2, zen3")


def test_match_names():
    names = ["cmake", "py-numpy", "py-mpi4py", "r-base"]
    assert match_names(["py-*"], names) == ["py-numpy", "py-mpi4py"]
    assert match_names(["*make", "r-?ase"], names) == ["cmake", "r-base"]
