"""Finding files under roots, the stat cache, duplicates and missing roots."""

from __future__ import annotations

import gc
import os
import shutil
from dataclasses import replace

import pytest

from sphinx_cachecatalog.catalog import demo
from sphinx_cachecatalog.catalog.loader import CatalogLoader, discover
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


def test_the_garbage_collector_pauses_during_a_load_only(tmp_path, monkeypatch):
    from sphinx_cachecatalog.catalog import loader

    states = []
    real = loader._parse_file

    def parse_file(path, max_size):
        states.append(gc.isenabled())
        return real(path, max_size)

    monkeypatch.setattr(loader, "_parse_file", parse_file)
    assert gc.isenabled()
    CatalogLoader().load([SEED_FILE])
    assert states == [False]
    assert gc.isenabled()
    gc.disable()  # a caller that paused it keeps it paused
    try:
        CatalogLoader().load([SEED_FILE])
    finally:
        assert not gc.isenabled()
        gc.enable()

    def explode(path, max_size):
        raise KeyboardInterrupt

    monkeypatch.setattr(loader, "_parse_file", explode)
    with pytest.raises(KeyboardInterrupt):
        CatalogLoader().load([SEED_FILE])
    assert gc.isenabled()


def test_folders_and_files_through_links_are_found_at_their_real_place(tmp_path):
    root = tmp_path / "cache"
    shutil.copytree(CACHE / "develop-2025-07-13", root / "develop-2025-07-13")
    (root / "snapshot").symlink_to(root / "develop-2025-07-13", target_is_directory=True)
    (root / "other" / "cmake").mkdir(parents=True)
    (root / "other" / "cmake" / "specs.md").symlink_to(root / "develop-2025-07-13" / "cmake" / "specs.md")
    (root / "other" / "bzip2.md").mkdir()  # a folder named as a file, and no file: nothing
    found, problems = discover(root)
    assert problems == []
    plain = [file for file in found if file.names and file.names[0] == "develop-2025-07-13"]
    assert len(plain) == 12
    assert all(
        file.real == (root / "develop-2025-07-13").resolve() / file.names[1] / "specs.md" for file in plain
    )
    linked = {file.names: file.real for file in found if file.names and file.names[0] != "develop-2025-07-13"}
    assert linked[("other", "cmake")] == (root / "develop-2025-07-13" / "cmake" / "specs.md").resolve()
    assert linked[("snapshot", "zlib-ng")] == (root / "develop-2025-07-13" / "zlib-ng" / "specs.md").resolve()
    assert [file.names for file in found] == sorted(file.names for file in found)
    assert all(file.refused is None for file in found)


def test_a_file_that_grows_while_read_is_read_up_to_the_limit(tmp_path):
    from sphinx_cachecatalog.catalog.loader import _read_at_most

    path = tmp_path / "specs.md"
    path.write_bytes(b"x" * 100)
    with open(path, "rb") as stream, open(path, "ab") as more:
        more.write(b"y" * 50)  # after the reader's stat would have said 100
        more.flush()
        assert _read_at_most(stream, 120) == b"x" * 100 + b"y" * 20
    with open(path, "rb") as stream:
        assert _read_at_most(stream, 1000) == b"x" * 100 + b"y" * 50
        assert _read_at_most(stream, 10) == b""  # at the end


def test_a_generated_history_loads_as_the_generator_made_it(tmp_path):
    tags = ("v0.23.1", "develop-2025-09-07", "develop-2025-10-05", "develop-2025-11-02", "develop")
    packages = demo.generate(tags, packages=len(demo.PACKAGES), specs_per_package=4)
    assert packages == demo.generate(tags, packages=len(demo.PACKAGES), specs_per_package=4)  # each time
    demo.write(packages, tmp_path)
    result = CatalogLoader().load([tmp_path])
    assert result.problems == ()

    def specs(package):  # release tags spell compilers gcc@=11.4.0, which the reader reads as gcc@11.4.0
        return [replace(spec, compiler=spec.compiler.replace("@=", "@")) for spec in package.specs]

    assert {key: specs(p) for key, p in result.catalog.packages.items()} == {
        (p.tag, p.name): specs(p) for p in packages
    }
    held = {
        (name, version): "".join(
            "x" if (p := result.catalog.get(tag, name)) and version in p.summary.versions else "."
            for tag in tags
        )
        for name in demo.PACKAGES
        for version in demo.version_history(name)
    }
    changes = {pattern for pattern in held.values() if pattern not in ("x" * len(tags), "")}
    assert any(pattern.startswith(".") and pattern.endswith("x") for pattern in changes)  # arrived
    assert any(pattern.startswith("x") and pattern.endswith(".") for pattern in changes)  # left
    assert any("x." in pattern and ".x" in pattern[pattern.index("x.") :] for pattern in changes)  # and back
    assert held["py-numpy", "1.26.4"] == "xx.xx"  # left in September and came back
    assert held["py-numpy", "2.2.4"] == "xxxxx"
