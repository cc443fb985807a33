"""Where the catalog is: roots too high or too low, package folders, the size limit, unreadable files."""

from __future__ import annotations

import os
import shutil

import pytest

from sphinx_cachecatalog.catalog.loader import DEFAULT_MAX_SIZE, CatalogLoader
from sphinx_cachecatalog.catalog.model import Catalog
from sphinx_cachecatalog.catalog.problems import BAD_FILE, NO_CATALOG

from .conftest import CACHE, DATA, SEED_FILE, build_page, read_independently, warnings_by_subtype

TAG = "develop-2025-07-13"


def test_a_root_one_level_too_high_says_where_the_files_are():
    site = CACHE.parent  # cache.spack.io/, whose files are _cache/<tag>/<package>/specs.md
    result = CatalogLoader().load([site])
    assert [(p.subtype, p.path) for p in result.problems] == [(NO_CATALOG, str(site))]
    assert result.problems[0].message == (
        f"no specs.md files found under {site}; they are deeper, under {str(CACHE)!r}: "
        "set cachecatalog_path to that folder"
    )
    assert len(result.catalog) == 0


def test_a_root_too_high_lists_every_root_below():
    result = CatalogLoader().load([DATA])  # seed/develop/<package> and cache.spack.io/_cache/<tag>/...
    [problem] = result.problems
    assert problem.subtype == NO_CATALOG
    roots = [str(DATA / "cache.spack.io" / "_cache"), str(DATA / "seed")]
    assert problem.message.endswith(f"set cachecatalog_path to a list of them, {roots!r}")


def test_a_root_one_level_too_high_names_its_root():
    result = CatalogLoader().load([DATA / "cache.spack.io"])
    [problem] = result.problems
    assert problem.message.endswith(
        f"they are deeper, under {str(CACHE)!r}: set cachecatalog_path to that folder"
    )


def test_a_root_too_low_points_up(tmp_path):
    package = tmp_path / "cache" / TAG / "cmake"
    package.mkdir(parents=True)
    shutil.copy(CACHE / TAG / "cmake" / "specs.md", package)
    (package / "notes").mkdir()
    result = CatalogLoader().load([package / "notes"])
    [problem] = result.problems
    assert problem.subtype == NO_CATALOG
    assert problem.message == (
        f"no specs.md files found under {package / 'notes'}; {package} holds one: "
        f"set cachecatalog_path to {str(package)!r}"
    )


def test_an_empty_root_says_only_that(tmp_path):
    (tmp_path / "a" / "b" / "c").mkdir(parents=True)
    result = CatalogLoader().load([tmp_path])
    assert [p.message for p in result.problems] == [f"no specs.md files found under {tmp_path}"]


def test_a_package_folder_is_read_like_one_file():
    folder = CACHE / TAG / "hdf5"
    result = CatalogLoader().load([folder])
    assert result.problems == ()
    assert set(result.catalog.packages) == {(TAG, "hdf5")}
    assert result.files == (str(folder / "specs.md"),)
    front = read_independently(folder / "specs.md")
    package = result.catalog.get(TAG, "hdf5")
    assert package is not None
    assert len(package.specs) == len(front["spec_details"])


# -- the size limit ----------------------------------------------------------------------------------


def test_a_file_over_the_limit_is_not_read(tmp_path, monkeypatch):
    root = tmp_path / "cache"
    shutil.copytree(CACHE / TAG, root / TAG)
    big = root / TAG / "kokkos" / "specs.md"
    limit = big.stat().st_size - 1
    assert all(p.stat().st_size <= limit for p in root.glob("*/*/specs.md") if p != big)

    opened = []
    real_open = open

    def watching_open(file, *args, **kwargs):
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", watching_open)
    result = CatalogLoader(max_size=limit).load([root])
    monkeypatch.undo()
    assert [(p.subtype, p.path, p.message) for p in result.problems] == [
        (
            BAD_FILE,
            str(big),
            f"is {big.stat().st_size:,} bytes, larger than cachecatalog_max_file_size ({limit:,} bytes); not read",
        )
    ]
    assert (TAG, "kokkos") not in result.catalog.packages
    assert dict(result.catalog.unreadable) == {(TAG, "kokkos"): str(big)}
    assert str(big) not in opened  # not even opened
    assert result.unreadable == 1
    assert len(result.catalog) == 11


def test_megabytes_in_the_message(tmp_path):
    (tmp_path / "p").mkdir()
    path = tmp_path / "p" / "specs.md"
    with path.open("wb") as stream:
        stream.truncate(3 * 1024 * 1024 + 512 * 1024)  # 3.5 MB, sparse
    result = CatalogLoader(max_size=2 * 1024 * 1024).load([path])
    assert [p.message for p in result.problems] == [
        "is 3.5 MB, larger than cachecatalog_max_file_size (2 MB); not read"
    ]


def test_the_default_limit_and_bad_limits():
    assert CatalogLoader().max_size == DEFAULT_MAX_SIZE == 64 * 1024 * 1024
    for bad in (0, -1, 1.5, True, "64"):
        with pytest.raises(ValueError, match="max_size must be a positive number of bytes"):
            CatalogLoader(max_size=bad)


def test_the_limit_is_configured(make_app, tmp_path):
    root = tmp_path / "cache"
    shutil.copytree(CACHE / TAG, root / TAG)
    limit = (root / TAG / "kokkos" / "specs.md").stat().st_size - 1
    app = build_page(
        make_app, tmp_path, "Text.\n", cachecatalog_path=str(root), cachecatalog_max_file_size=limit
    )
    found = warnings_by_subtype(app.warning.getvalue())
    assert list(found) == ["bad-file"]
    assert "kokkos" in found["bad-file"][0]
    assert "larger than cachecatalog_max_file_size" in found["bad-file"][0]


@pytest.mark.parametrize("bad", [0, -5, 1.5, True])
def test_a_limit_that_is_not_a_positive_number_is_refused(make_app, tmp_path, bad):
    app = build_page(make_app, tmp_path, "Text.\n", cachecatalog_max_file_size=bad)
    (warning,) = warnings_by_subtype(app.warning.getvalue())["config"]
    assert "cachecatalog_max_file_size must be a positive number of bytes" in warning
    assert app.config.cachecatalog_max_file_size == DEFAULT_MAX_SIZE  # the default is used


def test_loaders_are_kept_per_limit(tmp_path):
    from sphinx_cachecatalog import env

    root = tmp_path / "cache"
    shutil.copytree(CACHE / TAG, root / TAG)
    key_small = ((str(root),), 100)
    key_default = ((str(root),), DEFAULT_MAX_SIZE)

    class App:
        def __init__(self, limit: int) -> None:
            self.confdir = str(tmp_path)
            self.config = type(
                "C",
                (),
                {
                    "cachecatalog_path": str(root),
                    "cachecatalog_sources": [],
                    "cachecatalog_max_file_size": limit,
                },
            )()

    class Env:
        pass

    small = env.load_catalog(App(100), Env())
    default = env.load_catalog(App(DEFAULT_MAX_SIZE), Env())
    assert small.unreadable == 12
    assert len(small.catalog) == 0
    assert default.unreadable == 0
    assert len(default.catalog) == 12
    assert env._LOADERS[key_small].max_size == 100
    assert env._LOADERS[key_default].max_size == DEFAULT_MAX_SIZE


# -- unreadable packages are unknown, not gone ---------------------------------------------------------


def test_unreadable_packages_are_named_by_their_folders(tmp_path):
    root = tmp_path / "cache"
    shutil.copytree(CACHE / TAG, root / TAG)
    (root / TAG / "cmake" / "specs.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    (root / TAG / "zlib-ng" / "specs.md").write_bytes(b"\xff\xfe")
    result = CatalogLoader().load([root])
    assert sorted(p.path for p in result.problems) == [
        str(root / TAG / "cmake" / "specs.md"),
        str(root / TAG / "zlib-ng" / "specs.md"),
    ]
    assert dict(result.catalog.unreadable) == {
        (TAG, "cmake"): str(root / TAG / "cmake" / "specs.md"),
        (TAG, "zlib-ng"): str(root / TAG / "zlib-ng" / "specs.md"),
    }
    assert result.catalog.unreadable_in(TAG) == ("cmake", "zlib-ng")
    assert result.catalog.unreadable_in("other") == ()
    assert result.unreadable == 2
    assert len(result.catalog) == 10
    assert result.catalog.tags == (TAG,)


def test_a_tag_with_only_unreadable_packages_is_not_a_tag(tmp_path):
    root = tmp_path / "cache"
    (root / "broken-tag" / "cmake").mkdir(parents=True)
    (root / "broken-tag" / "cmake" / "specs.md").write_text("", encoding="utf-8")
    result = CatalogLoader().load([root])
    assert result.catalog.tags == ()
    assert result.catalog.unreadable_in("broken-tag") == ("cmake",)


def test_a_package_read_from_another_root_is_not_unreadable(tmp_path):
    first = tmp_path / "first"
    (first / TAG / "cmake").mkdir(parents=True)
    (first / TAG / "cmake" / "specs.md").write_text("nonsense", encoding="utf-8")
    result = CatalogLoader().load([first, CACHE])
    assert [p.subtype for p in result.problems] == [BAD_FILE]
    assert result.catalog.get(TAG, "cmake") is not None
    assert result.catalog.unreadable == {}
    assert result.unreadable == 1


def test_one_tag_folders_and_single_files_name_no_unreadable_package(tmp_path):
    (tmp_path / "one-tag" / "cmake").mkdir(parents=True)
    (tmp_path / "one-tag" / "cmake" / "specs.md").write_text("", encoding="utf-8")
    result = CatalogLoader().load([tmp_path / "one-tag", tmp_path / "one-tag" / "cmake" / "specs.md"])
    assert result.unreadable == 1  # the same file twice is read once
    assert result.catalog.unreadable == {}


def test_unreadable_is_cached_and_recovers(tmp_path):
    root = tmp_path / "cache"
    (root / TAG / "py-mpi4py").mkdir(parents=True)
    path = root / TAG / "py-mpi4py" / "specs.md"
    path.write_text("", encoding="utf-8")
    loader = CatalogLoader()
    assert loader.load([root]).catalog.unreadable_in(TAG) == ("py-mpi4py",)
    again = loader.load([root])
    assert (again.parsed, again.unreadable) == (0, 1)
    shutil.copy(SEED_FILE, path)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    fixed = loader.load([root])
    assert fixed.catalog.packages == {}  # the seed's own tag is develop: a name mismatch, unknown
    assert [p.subtype for p in fixed.problems] == ["name-mismatch"]
    real = (CACHE / TAG / "py-mpi4py" / "specs.md").read_bytes()
    path.write_bytes(real)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    assert (TAG, "py-mpi4py") in loader.load([root]).catalog.packages


def test_catalogs_compare_their_unreadable_packages():
    assert Catalog({}, {("t", "p"): "x"}) != Catalog({}, {})
    assert Catalog({}, {("t", "p"): "x"}) == Catalog({}, {("t", "p"): "x"})


def test_a_link_refused_in_one_root_does_not_hide_its_file_in_another(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    (second / TAG).mkdir(parents=True)
    shutil.copytree(CACHE / TAG / "cmake", second / TAG / "cmake")
    (first / TAG).mkdir(parents=True)
    (first / TAG / "cmake").symlink_to(second / TAG / "cmake")
    result = CatalogLoader().load([first, second])
    assert [(p.subtype, p.message) for p in result.problems] == [
        (BAD_FILE, "links outside the catalog root; not read")
    ]
    assert set(result.catalog.packages) == {(TAG, "cmake")}
    assert result.catalog.unreadable == {}


def test_folders_that_cannot_be_names_name_no_unreadable_package(tmp_path):
    root = tmp_path / "cache"
    root.mkdir()
    for folder in (b"bad\xff", b"tab\tname", b" spaced"):
        path = os.path.join(os.fsencode(root), b"develop", folder)
        os.makedirs(path)
        with open(os.path.join(path, b"specs.md"), "wb") as stream:
            stream.write(b"nonsense")
    result = CatalogLoader().load([root])
    assert [p.subtype for p in result.problems] == [BAD_FILE] * 3
    assert result.unreadable == 3
    assert result.catalog.unreadable == {}
