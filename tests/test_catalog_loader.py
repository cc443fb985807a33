"""Finding files under roots, the stat cache, duplicates and missing roots."""

from __future__ import annotations

import os
import shutil

from sphinx_cachecatalog.catalog.loader import CatalogLoader
from sphinx_cachecatalog.catalog.problems import BAD_FILE, DUPLICATE_PACKAGE, NO_CATALOG

from .conftest import CACHE, SEED, SEED_FILE, real_files


def test_the_three_layouts():
    loader = CatalogLoader()
    tree = loader.load([CACHE]).catalog  # <root>/<tag>/<package>/specs.md
    expected = {(p.parts[-3], p.parts[-2]) for p in real_files() if CACHE in p.parents}
    assert set(tree.packages) == expected
    one_tag = loader.load([SEED / "develop"]).catalog  # <root>/<package>/specs.md
    assert set(one_tag.packages) == {("develop", "py-mpi4py")}
    one_file = loader.load([SEED_FILE]).catalog
    assert set(one_file.packages) == {("develop", "py-mpi4py")}


def test_reparses_only_changed_files(tmp_path):
    root = tmp_path / "cache"
    shutil.copytree(CACHE / "develop-2025-07-13", root / "develop-2025-07-13")
    loader = CatalogLoader()
    first = loader.load([root])
    assert first.parsed == len(first.files) == 12
    assert loader.load([root]).parsed == 0
    touched = root / "develop-2025-07-13" / "cmake" / "specs.md"
    stat = touched.stat()
    os.utime(touched, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    again = loader.load([root])
    assert again.parsed == 1
    assert again.catalog == first.catalog


def test_first_root_wins_a_duplicate():
    result = CatalogLoader().load([SEED, SEED_FILE.parent.parent])
    assert [p.subtype for p in result.problems] == []  # the same file twice is read once
    copy = CatalogLoader().load([SEED_FILE, CACHE / "develop-2025-07-13"])
    assert copy.problems == ()
    assert len(copy.catalog) == 13


def test_duplicate_package_in_two_files(tmp_path):
    for name in ("a", "b"):
        (tmp_path / name / "py-mpi4py").mkdir(parents=True)
        shutil.copy(SEED_FILE, tmp_path / name / "py-mpi4py" / "specs.md")
    result = CatalogLoader().load([tmp_path / "a", tmp_path / "b"])
    assert [p.subtype for p in result.problems] == [DUPLICATE_PACKAGE]
    assert str(tmp_path / "a") in result.problems[0].message
    assert result.problems[0].path.startswith(str(tmp_path / "b"))
    assert result.catalog.get("develop", "py-mpi4py").source.startswith(str(tmp_path / "a"))


def test_missing_and_empty_roots(tmp_path):
    result = CatalogLoader().load([tmp_path / "nowhere", tmp_path])
    assert [p.subtype for p in result.problems] == [NO_CATALOG, NO_CATALOG]
    assert "does not exist" in result.problems[0].message
    assert "no specs.md files" in result.problems[1].message


def test_bad_file_is_skipped_and_links_out_are_not_read(tmp_path):
    (tmp_path / "good").mkdir()
    shutil.copy(SEED_FILE, tmp_path / "good" / "specs.md")
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "specs.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    outside = tmp_path.parent / (tmp_path.name + "-outside")
    outside.mkdir()
    shutil.copy(SEED_FILE, outside / "specs.md")
    (tmp_path / "link").symlink_to(outside)
    result = CatalogLoader().load([tmp_path])
    assert sorted(
        (p.subtype, os.path.basename(os.path.dirname(p.path)), p.line) for p in result.problems
    ) == [
        (BAD_FILE, "bad", 3),
        (BAD_FILE, "link", None),
    ]
    assert set(result.catalog.packages) == {("develop", "py-mpi4py")}
