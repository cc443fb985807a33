"""Bad input gives a located, typed warning and a visible error; the build goes on."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.cmd.build import build_main

from .conftest import CACHE, strip_colors, warnings_by_subtype


def make_catalog(tmp: Path) -> Path:
    """Two real tags, plus one malformed file and one whose meta disagrees."""
    root = tmp / "cache"
    for tag in ("develop-2025-06-01", "develop-2025-07-13"):
        shutil.copytree(CACHE / tag, root / tag)
    (root / "develop-2025-07-13" / "broken").mkdir()
    (root / "develop-2025-07-13" / "broken" / "specs.md").write_text(
        '---\ntitle: "broken"\nlayout: cache\ncategories: [package, develop-2025-07-13]\n'
        'spec_details: [{"hash": 1}]\n---',
        encoding="utf-8",
    )
    zlib = root / "develop-2025-07-13" / "zlib-ng" / "specs.md"
    lines = zlib.read_text(encoding="utf-8").split("\n")
    meta_line = next(i for i, line in enumerate(lines) if line.startswith("meta: "))
    meta = json.loads(lines[meta_line][len("meta: ") :])
    meta["num_specs"] += 1
    lines[meta_line] = "meta: " + json.dumps(meta)
    zlib.write_text("\n".join(lines), encoding="utf-8")
    return root


def test_every_kind_of_bad_input(make_app, rootdir, tmp_path):
    catalog = make_catalog(tmp_path)
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-errors", srcdir)
    app = make_app("html", srcdir=srcdir, confoverrides={"cachecatalog_path": str(catalog)})
    app.build()
    found = warnings_by_subtype(app.warning.getvalue())
    assert sorted(found) == ["bad-file", "meta-mismatch", "unknown-package", "unknown-tag"]
    assert len(found["unknown-package"]) == 1
    assert found["unknown-package"][0].startswith(f"{srcdir / 'index.rst'}:4: WARNING:")
    assert "did you mean 'py-mpi4py'?" in found["unknown-package"][0]
    # several tags and none is "develop": the tag must be given
    assert [w.split(": WARNING")[0] for w in found["unknown-tag"]] == [
        f"{srcdir / 'index.rst'}:{n}" for n in (7, 10)
    ]
    assert (
        "'develop-2025-07-31' is not in the catalog (did you mean 'develop-2025-07-13'"
        in found["unknown-tag"][0]
    )
    assert "give the tag with :tag:" in found["unknown-tag"][1]
    assert found["bad-file"] == [
        f"{catalog / 'develop-2025-07-13' / 'broken' / 'specs.md'}:5: WARNING: "
        "spec_details[0]: 'hash' is missing or not a string [cachecatalog.bad-file]"
    ]
    assert found["meta-mismatch"][0].startswith(
        f"{catalog / 'develop-2025-07-13' / 'zlib-ng' / 'specs.md'}:5:"
    )
    assert "meta.num_specs is" in found["meta-mismatch"][0]

    index = BeautifulSoup((Path(app.outdir) / "index.html").read_text(encoding="utf-8"), "html.parser")
    errors = index.select("div.admonition.cachecatalog-error")
    assert len(errors) == 3
    assert (
        "Package \N{LEFT SINGLE QUOTATION MARK}py-mpi4pi\N{RIGHT SINGLE QUOTATION MARK} is not in tag"
        in errors[0].get_text()
    )
    other = BeautifulSoup((Path(app.outdir) / "other.html").read_text(encoding="utf-8"), "html.parser")
    assert other.select("div.admonition") == []
    assert len(other.select("table.cachecatalog-specs tbody tr")) > 0


@pytest.mark.parametrize("parallel", [1, 2])
def test_no_catalog_is_said_once(make_app, rootdir, tmp_path, parallel):
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-pages", srcdir)
    for n in range(8):
        (srcdir / "pkg").mkdir(exist_ok=True)
        (srcdir / "pkg" / f"p{n}.rst").write_text(f"P{n}\n==\n\n.. cache-package:: cmake\n", encoding="utf-8")
    app = make_app("html", srcdir=srcdir, parallel=parallel)
    app.build()
    found = warnings_by_subtype(app.warning.getvalue())
    assert list(found) == ["no-catalog"]
    assert len(found["no-catalog"]) == 1
    assert "cachecatalog_path is not set" in found["no-catalog"][0]
    page = (Path(app.outdir) / "pkg" / "p0.html").read_text(encoding="utf-8")
    assert "No build cache catalog is loaded" in page


def test_missing_root_is_no_catalog(make_app, rootdir, tmp_path):
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-pages", srcdir)
    app = make_app("html", srcdir=srcdir, confoverrides={"cachecatalog_path": "nowhere"})
    app.build()
    found = warnings_by_subtype(app.warning.getvalue())
    assert list(found) == ["no-catalog"]
    assert f"catalog root {srcdir / 'nowhere'} does not exist" in found["no-catalog"][0]


def test_warnings_as_errors_fail_the_build(rootdir, tmp_path, capsys):
    catalog = make_catalog(tmp_path)
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-errors", srcdir)
    args = [
        "-q",
        "-W",
        "-b",
        "html",
        "-D",
        f"cachecatalog_path={catalog}",
        str(srcdir),
        str(tmp_path / "out"),
    ]
    assert build_main(args) == 1
    assert "[cachecatalog.unknown-package]" in strip_colors(capsys.readouterr().err)
    assert (tmp_path / "out" / "other.html").is_file()  # --keep-going: the rest was still built


def test_suppress_warnings_silences_a_subtype(make_app, rootdir, tmp_path):
    catalog = make_catalog(tmp_path)
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-errors", srcdir)
    app = make_app(
        "html",
        srcdir=srcdir,
        confoverrides={
            "cachecatalog_path": str(catalog),
            "suppress_warnings": ["cachecatalog.meta-mismatch"],
        },
    )
    app.build()
    assert "meta-mismatch" not in warnings_by_subtype(app.warning.getvalue())
