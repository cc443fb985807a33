"""Pages are read again when, and only when, the catalog files they show change."""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

from .conftest import CACHE, strip_colors

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
