"""The same page with every builder: standard nodes everywhere, no warnings."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import SEED_FILE, read_independently, strip_colors

SEED_OVERRIDES = {"cachecatalog_path": str(SEED_FILE.parent.parent.parent)}


@pytest.mark.parametrize("builder", ["html", "dirhtml", "singlehtml", "text", "latex", "man", "epub", "xml"])
def test_every_builder_builds_without_warnings(make_app, rootdir, sphinx_test_tempdir, builder):
    srcdir = sphinx_test_tempdir / f"builders-{builder}"
    if not srcdir.exists():
        import shutil

        shutil.copytree(rootdir / "test-package", srcdir)
    app = make_app(builder, srcdir=srcdir, confoverrides=SEED_OVERRIDES)
    app.build()
    assert "WARNING" not in strip_colors(app.warning.getvalue()), app.warning.getvalue()
    assert list(Path(app.outdir).iterdir())


@pytest.mark.sphinx("text", testroot="package", confoverrides=SEED_OVERRIDES)
def test_text_output(app):
    app.build()
    text = (Path(app.outdir) / "index.txt").read_text(encoding="utf-8")
    details = read_independently(SEED_FILE)["spec_details"]
    assert "Specs:     91" in text
    # Short hashes outside HTML, as Spack prints them, each spec once per spec list (two on the page).
    for spec in details:
        assert text.count(f"/{spec['hash'][:7]} py-mpi4py@") == 2
        assert spec["hash"] not in text
    assert "e4s (23), e4s-neoverse-v2 (12)" in text.replace("\n", " ").replace("|", " ").replace("  ", " ")


@pytest.mark.sphinx("latex", testroot="package", confoverrides=SEED_OVERRIDES)
def test_latex_output(app):
    app.build()
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    assert "longtable" in tex  # 91 rows
    assert (
        r"\sphinxcode{\sphinxupquote{" + read_independently(SEED_FILE)["spec_details"][0]["hash"][:7] in tex
    )
    assert "packages.spack.io/package.html?name=py-mpi4py" in tex


@pytest.mark.sphinx("man", testroot="package", confoverrides=SEED_OVERRIDES)
def test_man_output(app):
    app.build()
    page = next(Path(app.outdir).glob("*.1")).read_text(encoding="utf-8")
    assert ".EX" in page  # tables laid out by the extension, as literal blocks
    assert "py\\-mpi4py" in page
