"""Pages are read again when, and only when, the catalog files they show change."""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

from .conftest import CACHE, soup_of, strip_colors

TAG = "develop-2025-07-13"
PAGES = {
    "cmake": ".. cache-package:: cmake\n",
    "hdf5": ".. cache-specs:: hdf5\n",
    "both": (
        ".. cache-package:: cmake\n   :no-specs:\n   :no-index:\n\n.. cache-package:: hdf5\n   :no-specs:\n"
    ),
    "plain": "No catalog here.\n",
    "future": ".. cache-package:: newpkg\n",
}


def setup_project(rootdir: Path, tmp: Path) -> tuple[Path, Path]:
    catalog = tmp / "cache"
    shutil.copytree(CACHE / TAG, catalog / TAG)
    srcdir = tmp / "src"
    shutil.copytree(rootdir / "test-pages", srcdir)
    (srcdir / "pkg").mkdir()
    for name, body in PAGES.items():
        (srcdir / "pkg" / f"{name}.rst").write_text(f"{name}\n{'=' * len(name)}\n\n{body}", encoding="utf-8")
    return srcdir, catalog


def build(make_app, srcdir: Path, catalog: Path) -> tuple[set[str], str]:
    """Build once more; the documents read and the extension's status line."""
    app = make_app("html", srcdir=srcdir, freshenv=False, confoverrides={"cachecatalog_path": str(catalog)})
    read: set[str] = set()
    app.connect("env-before-read-docs", lambda app, env, docnames: read.update(docnames))
    app.build()
    app.cleanup()  # the next build makes a new application in this process
    status = re.search(r"cachecatalog: .*", app.status.getvalue())
    assert status is not None
    warnings = strip_colors(app.warning.getvalue()).splitlines()
    assert [w for w in warnings if not w.endswith("[cachecatalog.unknown-package]")] == []
    return read, status.group(0)


def touch(path: Path) -> None:
    """An edit: the file is newer than the last build's reading of any page."""
    os.utime(path, ns=(time.time_ns(), time.time_ns()))


def test_reread_exactly_the_pages_that_show_a_changed_file(make_app, rootdir, tmp_path):
    srcdir, catalog = setup_project(rootdir, tmp_path)
    read, status = build(make_app, srcdir, catalog)
    assert read == {"index"} | {f"pkg/{name}" for name in PAGES}
    assert status.endswith("(12 files, 12 parsed)")

    read, status = build(make_app, srcdir, catalog)
    assert read == set()
    assert status.endswith("(12 files, 0 parsed)")

    touch(catalog / TAG / "cmake" / "specs.md")
    read, status = build(make_app, srcdir, catalog)
    assert read == {"pkg/cmake", "pkg/both"}
    assert status.endswith("(12 files, 1 parsed)")

    new = catalog / TAG / "newpkg"
    new.mkdir()
    text = (catalog / TAG / "libelf" / "specs.md").read_text(encoding="utf-8")
    (new / "specs.md").write_text(text.replace('title: "libelf"', 'title: "newpkg"'), encoding="utf-8")
    read, _ = build(make_app, srcdir, catalog)
    assert read == {"pkg/future"}  # it showed an error before; it shows the package now

    shutil.rmtree(catalog / TAG / "hdf5")
    read, status = build(make_app, srcdir, catalog)
    assert read == {"pkg/hdf5", "pkg/both"}
    assert status.endswith("(12 files, 0 parsed)")


def test_documents_note_the_files_they_used(make_app, rootdir, tmp_path):
    srcdir, catalog = setup_project(rootdir, tmp_path)
    app = make_app("html", srcdir=srcdir, confoverrides={"cachecatalog_path": str(catalog)})
    app.build()
    deps = {doc: {Path(p).parent.name for p in paths} for doc, paths in app.env.dependencies.items()}
    assert deps["pkg/cmake"] == {"cmake"}
    assert deps["pkg/both"] == {"cmake", "hdf5"}
    assert "pkg/plain" not in deps


# The generated site with one page per package (``"pages": "package"``): adding a tag reads
# again the pages of the packages in it or in the tag before it, and nothing else of the site.

RELEASE, OLD = "v0.23.1", "develop-2025-06-01"
#: Pages written by hand: a package's history (its rows), and a version's lifetime.
HAND = {
    "hist-bzip2": ".. cache-history:: bzip2\n",
    "hist-cmake": ".. cache-history:: cmake\n",
    "hist-kokkos": ".. cache-history:: kokkos\n",
    "hist-cuda": ".. cache-history:: cuda\n",
    "life-adiak": ".. cache-history:: adiak\n   :version: 0.4.1\n",
}


def copy_tag(catalog: Path, tag: str, leave_out: frozenset[str] | set[str] = frozenset()) -> set[str]:
    """Copy a real tag into ``catalog``, without the packages ``leave_out``; its package names."""
    names = {path.name for path in (CACHE / tag).iterdir()} - leave_out
    for name in names:
        shutil.copytree(CACHE / tag / name, catalog / tag / name)
    return names


def site_project(tmp: Path) -> tuple[Path, Path]:
    catalog, srcdir = tmp / "catalog", tmp / "src"
    (srcdir / "hand").mkdir(parents=True)
    (srcdir / "conf.py").write_text('extensions = ["sphinx_cachecatalog"]\n', encoding="utf-8")
    entries = "".join(f"   hand/{name}\n" for name in HAND)  # no glob: Sphinx reads a glob's page again
    (srcdir / "index.rst").write_text(  # whenever a page comes or goes
        f"Home\n====\n\n.. toctree::\n\n   cache/index\n{entries}", encoding="utf-8"
    )
    for name, body in HAND.items():
        (srcdir / "hand" / f"{name}.rst").write_text(f"{name}\n{'=' * len(name)}\n\n{body}", encoding="utf-8")
    return srcdir, catalog


def build_site(make_app, srcdir: Path, catalog: Path) -> tuple[set[str], object]:
    """Build the per-package site once more; the documents read, and the application."""
    conf = {
        "cachecatalog_path": str(catalog),
        "cachecatalog_generate": {"tags": "all", "dir": "cache", "pages": "package"},
    }
    app = make_app("html", srcdir=srcdir, freshenv=False, confoverrides=conf)
    read: set[str] = set()
    app.connect("env-before-read-docs", lambda app, env, docnames: read.update(docnames))
    app.build()
    app.cleanup()
    assert "WARNING" not in strip_colors(app.warning.getvalue())
    return read, app


def pages(*names: str) -> set[str]:
    return {f"cache/packages/{name}" for name in names}


def test_a_new_tag_rereads_the_pages_of_its_packages_and_of_the_tag_before(make_app, tmp_path):
    srcdir, catalog = site_project(tmp_path)
    copy_tag(catalog, RELEASE)  # adiak, bzip2, cuda
    old = copy_tag(catalog, OLD, leave_out={"bzip2", "cuda"})  # only in the release from now on
    read, _ = build_site(make_app, srcdir, catalog)
    assert pages("bzip2", "cuda", *old) <= read
    read, _ = build_site(make_app, srcdir, catalog)
    assert read == set()

    new = copy_tag(catalog, TAG, leave_out={"bzip2", "cuda", "kokkos"})  # kokkos: dropped
    read, app = build_site(make_app, srcdir, catalog)
    assert read == {
        "cache/index",  # the overview lists the new tag
        f"cache/{TAG}/index",  # the new tag's own page
        *pages(*new),  # a new section each
        *pages("kokkos"),  # in the tag before, dropped from the new one
        "hand/hist-cmake",  # a history that gains a row
        "hand/hist-kokkos",  # a history whose package the new tag dropped
        "hand/life-adiak",  # a lifetime rests on every tag
    }
    # Not read: bzip2's and cuda's pages (only in the release), the other tags' pages, the
    # histories of packages that the new tag neither holds nor drops.
    site = srcdir / "cache"
    kokkos = (site / "packages" / "kokkos.rst").read_text(encoding="utf-8")
    assert f"Not in :doc:`{TAG} </cache/{TAG}/index>`: the newest tag that holds kokkos is {OLD}." in kokkos
    cmake = soup_of(app, "cache/packages/cmake.html")
    assert [s["id"] for s in cmake.select("section section")] == [TAG, OLD]
    assert cmake.select_one(f"section#{TAG} table.cachecatalog-specs") is not None
    assert cmake.select_one(f"section#{OLD} div.cachecatalog-changes") is not None


def test_an_older_tag_rereads_the_pages_of_its_packages_alone(make_app, tmp_path):
    srcdir, catalog = site_project(tmp_path)
    copy_tag(catalog, OLD)
    copy_tag(catalog, TAG)
    build_site(make_app, srcdir, catalog)
    release = copy_tag(catalog, RELEASE)
    read, app = build_site(make_app, srcdir, catalog)
    assert read == {
        "cache/index",
        f"cache/{RELEASE}/index",
        *pages(*release),
        "hand/hist-bzip2",
        "hand/hist-cuda",
        "hand/life-adiak",
    }
    cuda = soup_of(app, "cache/packages/cuda.html")
    assert [s["id"] for s in cuda.select("section section")] == [TAG, OLD, "v0-23-1"]
    links = soup_of(app, f"cache/{RELEASE}/index.html").select("table a")
    assert {a.get_text(): a["href"] for a in links} == {
        name: f"../packages/{name}.html#cache-package-v0-23-1-{name}" for name in release
    }


def test_a_tag_that_leaves_takes_its_sections_and_its_page(make_app, tmp_path):
    srcdir, catalog = site_project(tmp_path)
    copy_tag(catalog, RELEASE)
    copy_tag(catalog, OLD)
    copy_tag(catalog, TAG)
    _, app = build_site(make_app, srcdir, catalog)
    assert f"{TAG}/cmake" in app.env.domains["cache"].claims["package"]
    shutil.rmtree(catalog / TAG)
    read, app = build_site(make_app, srcdir, catalog)
    site = srcdir / "cache"
    assert not (site / TAG).exists()
    assert f"cache/{TAG}/index" not in app.env.all_docs
    assert not any(TAG in path.read_text(encoding="utf-8") for path in site.rglob("*.rst"))
    claims = app.env.domains["cache"].claims
    assert not [key for key in claims["package"] if key.startswith(f"{TAG}/")]
    assert TAG not in claims["tag"]
    cmake = soup_of(app, "cache/packages/cmake.html")
    assert [s["id"] for s in cmake.select("section section")] == [OLD]  # cmake is not in the release
    assert cmake.select_one(f"section#{OLD} table.cachecatalog-specs") is not None  # now the newest, in full
    assert pages("cmake", "cuda") <= read
