"""Every real package of the public cache renders, with its own numbers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .conftest import CACHE, SEED, read_independently, real_files, strip_colors


def test_every_real_package_renders(make_app, rootdir, tmp_path):
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-pages", srcdir)
    (srcdir / "pkg").mkdir()
    expected = {}
    for path in real_files():
        tag, name = path.parts[-3], path.parts[-2]
        page = f"{tag}-{name}"
        expected[page] = read_independently(path)
        (srcdir / "pkg" / f"{page}.rst").write_text(
            f"{page}\n{'=' * len(page)}\n\n.. cache-package:: {name}\n   :tag: {tag}\n", encoding="utf-8"
        )
    app = make_app("html", srcdir=srcdir, confoverrides={"cachecatalog_path": [str(CACHE), str(SEED)]})
    app.build()
    assert "WARNING" not in strip_colors(app.warning.getvalue())  # the real data has no meta mismatch
    assert len(expected) == 28
    for page, front in expected.items():
        html = (Path(app.outdir) / "pkg" / f"{page}.html").read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "html.parser")
        rows = soup.select("table.cachecatalog-specs tbody tr")
        assert len(rows) == len(front["spec_details"]) == front["meta"]["num_specs"], page
        shown = {row.select_one("code").get_text() for row in rows}
        assert shown == {spec["hash"] for spec in front["spec_details"]}
        tarballs = [a["href"] for a in soup.select("table.cachecatalog-specs a.reference.external")]
        assert sorted(tarballs) == sorted(s["tarball"] for s in front["spec_details"] if "tarball" in s)


@pytest.mark.sphinx("html", testroot="myst", confoverrides={"cachecatalog_path": str(SEED)})
def test_myst_markdown(app):
    app.build()
    assert "WARNING" not in strip_colors(app.warning.getvalue())
    soup = BeautifulSoup((Path(app.outdir) / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one("table#mpi4py-md caption").get_text().startswith("mpi4py from Markdown")
    assert len(soup.select("table.cachecatalog-specs")) == 2
    assert all(len(t.select("tbody tr")) == 91 for t in soup.select("table.cachecatalog-specs"))
