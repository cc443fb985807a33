"""Ordering, tag choice, suggestions and sizes."""

from __future__ import annotations

import pytest

from sphinx_cachecatalog.catalog.model import Catalog, Package, Spec
from sphinx_cachecatalog.catalog.query import QueryError, format_size, resolve_tag, sort_specs, suggest
from sphinx_cachecatalog.catalog.versions import compiler_key, normalize_compiler, version_key


def test_versions_sort_as_versions():
    versions = ["4.9", "4.10", "4.10.1", "develop", "1.2rc1", "1.2", "1.2p1", "1.2a1", "main", "0.9", "1.2.0"]
    expected = ["0.9", "1.2a1", "1.2rc1", "1.2", "1.2p1", "1.2.0", "4.9", "4.10", "4.10.1", "main", "develop"]
    assert sorted(versions, key=version_key) == expected


def test_compilers():
    assert normalize_compiler("gcc@=11.4.0") == "gcc@11.4.0"
    assert normalize_compiler("none") == "none"
    compilers = ["gcc@9.4.0", "gcc@11.4.0", "apple-clang@16.0.0"]
    assert sorted(compilers, key=compiler_key) == ["apple-clang@16.0.0", "gcc@9.4.0", "gcc@11.4.0"]


def spec(
    hash_: str, version: str, compiler: str = "gcc@11.4.0", os: str = "ubuntu22.04", target: str = "x86_64"
) -> Spec:
    return Spec(hash_, (version,), compiler, os, "linux", target, (), ("root",))


def test_spec_order_newest_first_then_compiler_os_target_hash():
    specs = [
        spec("e", "1.9"),
        spec("d", "1.10", "gcc@9.4.0"),
        spec("c", "1.10", "gcc@11.4.0", "ubuntu24.04"),
        spec("b", "1.10", "gcc@11.4.0", "ubuntu22.04", "zen4"),
        spec("a", "1.10", "gcc@11.4.0", "ubuntu22.04", "aarch64"),
        spec("f", "1.10", "gcc@11.4.0", "ubuntu22.04", "aarch64"),
    ]
    assert [s.hash for s in sort_specs(specs)] == ["d", "a", "f", "b", "c", "e"]


def catalog(*keys: tuple[str, str]) -> Catalog:
    return Catalog({key: Package(key[1], key[0], (), "f") for key in keys})


def test_resolve_tag():
    one = catalog(("v1", "a"))
    assert resolve_tag(one, None, None) == "v1"
    several = catalog(("v1", "a"), ("develop", "a"))
    assert resolve_tag(several, None, None) == "develop"
    assert resolve_tag(several, "v1", "develop") == "v1"
    assert resolve_tag(several, None, "v1") == "v1"
    with pytest.raises(
        QueryError, match=r"'v11' is not in the catalog \(did you mean 'v1'\?\); known tags: develop, v1"
    ):
        resolve_tag(several, "v11", None)
    with pytest.raises(QueryError, match=r"several tags .*give the tag with :tag:"):
        resolve_tag(catalog(("v1", "a"), ("v2", "a")), None, None)


def test_suggest():
    assert suggest("py-mpi4pi", ["py-mpi4py", "py-numpy", "cmake"]) == " (did you mean 'py-mpi4py'?)"
    assert suggest("zzz", ["cmake"]) == ""


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (None, "\N{EM DASH}"),
        (0, "0 B"),
        (1023, "1023 B"),
        (1024, "1.0 KiB"),
        (1258291, "1.2 MiB"),
        (5 * 1024**5, "5120.0 TiB"),
    ],
)
def test_format_size(size, text):
    assert format_size(size) == text
