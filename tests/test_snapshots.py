"""The rendered output of each directive, compared with stored snapshots.

The catalog is generated (deterministic), so the snapshots hold no real data.
Run with ``UPDATE_SNAPSHOTS=1`` to rewrite them after an intended change, and
review the diff.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sphinx_cachecatalog.catalog import demo

SNAPSHOTS = Path(__file__).parent / "snapshots"


def check(name: str, actual: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("UPDATE_SNAPSHOTS"):
        path.write_text(actual, encoding="utf-8")
    assert path.is_file(), f"no snapshot {name}: run with UPDATE_SNAPSHOTS=1"
    assert actual == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("builder", ["html", "text"])
def test_snapshot(make_app, rootdir, tmp_path, builder):
    catalog = tmp_path / "catalog"
    demo.write(demo.generate(("develop", "v0.23.1"), packages=3, specs_per_package=4), catalog)
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-snapshots", srcdir)
    app = make_app(builder, srcdir=srcdir, confoverrides={"cachecatalog_path": str(catalog)})
    app.build()
    warnings = [line for line in app.warning.getvalue().splitlines() if "WARNING" in line]
    assert len(warnings) == 1  # the unknown package, on purpose
    assert "[cachecatalog.unknown-package]" in warnings[0]
    if builder == "html":
        soup = BeautifulSoup((Path(app.outdir) / "index.html").read_text(encoding="utf-8"), "html.parser")
        body = soup.select_one("section")
        assert body is not None
        check("index.html", body.prettify())
    else:
        check("index.txt", (Path(app.outdir) / "index.txt").read_text(encoding="utf-8"))
