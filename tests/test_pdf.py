"""PDF through LaTeX on the real data: few pages, no overfull lines, every value whole.

These tests run ``latexmk -pdf`` on what the LaTeX builder writes, so they
need TeX Live and poppler-utils. Without them they are skipped, except in CI
(``CI`` set), where a missing tool fails them: ``.ci/run`` installs the tools.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp

from .conftest import CACHE, SEED, SEED_FILE, read_independently, real_tag, strip_colors

NEW = "develop-2025-07-13"
OLD = "develop-2025-06-01"
RELEASE = "v0.23.1"
TOOLS = ("latexmk", "pdflatex", "pdfinfo", "pdftotext")
#: Most pages the three spec lists may take, title page and index included.
MAX_PAGES = 16
#: Overfull lines up to this many points are invisible; wider ones are not accepted.
MAX_OVERFULL = 5.0
_OVERFULL = re.compile(r"^Overfull \\hbox \((?P<points>[\d.]+)pt too wide\)", re.MULTILINE)


@pytest.fixture(scope="module")
def tools() -> dict[str, str]:
    """The TeX and PDF tools: skipped where they are missing, but a failure in CI."""
    found = {tool: shutil.which(tool) for tool in TOOLS}
    missing = [tool for tool, path in found.items() if path is None]
    if missing:
        message = f"PDF tests need {', '.join(missing)} (TeX Live, latexmk, poppler-utils)"
        if os.environ.get("CI"):
            pytest.fail(message + ": CI must run them (.ci/run installs them)")
        pytest.skip(message)
    return {tool: path for tool, path in found.items() if path is not None}


def build_pdf(tools: dict[str, str], srcdir: Path, page: str, **conf: Any) -> tuple[Path, str, str]:
    """Build ``page`` with the LaTeX builder, then ``latexmk -pdf``: the PDF, the TeX log
    and Sphinx's warnings."""
    srcdir.mkdir(parents=True)
    (srcdir / "conf.py").write_text('extensions = ["sphinx_cachecatalog"]\n', encoding="utf-8")
    (srcdir / "index.rst").write_text(page, encoding="utf-8")
    conf.update(project="print", version="1", copyright="the authors")
    app = SphinxTestApp("latex", srcdir=srcdir, confoverrides=conf)
    try:
        app.build()
        warnings = strip_colors(app.warning.getvalue())
        outdir = Path(app.outdir)
    finally:
        app.cleanup()
    tex = outdir / "print.tex"
    result = subprocess.run(
        [tools["latexmk"], "-pdf", "-interaction=nonstopmode", tex.name],
        cwd=outdir,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    log = (outdir / "print.log").read_text(encoding="latin-1")
    assert result.returncode == 0, log[-3000:]
    return outdir / "print.pdf", log, warnings


def overfull(log: str) -> list[float]:
    """How far each overfull line of the log sticks out, in points."""
    return [float(match["points"]) for match in _OVERFULL.finditer(log)]


def pages(tools: dict[str, str], pdf: Path) -> int:
    info = subprocess.run([tools["pdfinfo"], str(pdf)], capture_output=True, text=True, check=True).stdout
    match = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    assert match
    return int(match[1])


def text_of(tools: dict[str, str], pdf: Path) -> str:
    return subprocess.run(
        [tools["pdftotext"], str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def not_whole(values: set[str], text: str) -> list[str]:
    """The values that the text does not show whole, as a word of their own
    (a value broken at a line's end shows as two)."""
    return sorted(v for v in values if not re.search(rf"(?<![\w@=~+-]){re.escape(v)}(?![\w@=-])", text))


def spec_values(front: dict[str, Any]) -> set[str]:
    """The values of a package's specs that must show whole."""
    values: set[str] = set()
    for spec in front["spec_details"]:
        values.update([spec["compiler"], spec["os"], spec["target"], spec["hash"][:7]])
        values.update(spec["variants"] + spec["stacks"] + spec["versions"])
    return values - {"none", "-"}


def test_three_spec_lists_in_few_pages_with_every_value_whole(tools, tmp_path):
    page = (
        "Print\n=====\n\n"
        f".. cache-package:: py-mpi4py\n   :tag: {NEW}\n\n"
        f".. cache-package:: kokkos\n   :tag: {NEW}\n\n"
        ".. cache-package:: py-mpi4py\n   :tag: develop\n"
    )
    pdf, log, warnings = build_pdf(tools, tmp_path / "three", page, cachecatalog_path=[str(CACHE), str(SEED)])
    assert "WARNING" not in warnings, warnings
    assert [points for points in overfull(log) if points > MAX_OVERFULL] == []
    assert pages(tools, pdf) <= MAX_PAGES
    expected = spec_values(real_tag(NEW)["py-mpi4py"]) | spec_values(real_tag(NEW)["kokkos"])
    expected |= spec_values(read_independently(SEED_FILE))
    assert {"ml-linux-aarch64-cpu", "intel-oneapi-compilers@2025.1.0", "+cuda", "cuda_arch=90"} <= expected
    assert not_whole(expected, text_of(tools, pdf)) == []


def test_every_other_table_fits_the_page(tools, tmp_path):
    page = f"""\
Print
=====

.. cache-index::
   :tag: {NEW}

.. cache-index::
   :tag: {RELEASE}

.. cache-stack:: e4s
   :tag: {NEW}

.. cache-tags::

.. cache-stats::
   :tag: {NEW}

.. cache-stats::
   :tag: all

.. cache-diff:: {OLD} {NEW}

.. cache-diff:: {RELEASE} {NEW}

.. cache-package:: cuda
   :tag: {RELEASE}

.. cache-specs:: bzip2
   :tag: {RELEASE}
   :columns: hash, compiler, os, tarball
"""
    pdf, log, warnings = build_pdf(tools, tmp_path / "other", page, cachecatalog_path=str(CACHE))
    assert "WARNING" not in warnings, warnings
    assert [points for points in overfull(log) if points > MAX_OVERFULL] == []
    text = text_of(tools, pdf)
    release = real_tag(RELEASE)
    assert (
        not_whole({s["hash"][:7] for name in ("cuda", "bzip2") for s in release[name]["spec_details"]}, text)
        == []
    )
    stacks = {
        stack
        for front in real_tag(NEW).values()
        for spec in front["spec_details"]
        for stack in spec["stacks"]
    }
    compilers = {spec["compiler"] for front in real_tag(NEW).values() for spec in front["spec_details"]}
    assert not_whole((stacks | compilers | set(real_tag(NEW))) - {"none"}, text) == []
    assert "The URLs of the binaries (tarballs) are left out of print" in " ".join(text.split())
    assert "binaries.spack.io" not in text


def write_hostile(root: Path) -> None:
    """A package of tag ``develop`` whose values are a 10 KB token, CJK, emoji, RTL and
    combining marks, in the cache.spack.io format."""
    token = "x" * 10_240
    odd = [
        "名前=日本語",
        "emoji=😀🚀",
        "rtl=שלום-עולם",
        "arabic=مرحبا",
        "combining=e\u0301\u0302\u0303",
        "letters=αβγĦħſ\u2032\u2033",
    ]
    specs = [
        {
            "compiler": "gcc@11.4.0",
            "hash": "abcdefghijklmnopqrstuvwxyz234567",
            "os": "ubuntu22.04",
            "platform": "linux",
            "size": "-",
            "stacks": ["e4s-日本", "root"],
            "target": "x86_64_v3",
            "variants": ["+" + token, *odd],
            "versions": ["1.0"],
        },
        {
            "compiler": "gcc@11.4.0",
            "hash": "bcdefghijklmnopqrstuvwxyz2345672",
            "os": "ubuntu22.04",
            "platform": "linux",
            "size": "-",
            "stacks": ["root"],
            "target": "x86_64_v3",
            "variants": ["~mpi"],
            "versions": ["0.9"],
        },
    ]
    meta = {
        "compilers": ["gcc@11.4.0"],
        "num_specs": 2,
        "num_specs_by_stack": {"e4s-日本": 1, "root": 2},
        "oss": ["ubuntu22.04"],
        "platforms": ["linux"],
        "stacks": ["e4s-日本", "root"],
        "targets": ["x86_64_v3"],
        "versions": ["0.9", "1.0"],
    }
    folder = root / "develop" / "hostile"
    folder.mkdir(parents=True)
    (folder / "specs.md").write_text(
        "---\n"
        'title: "hostile"\n'
        "layout: cache\n"
        "categories: [package, develop]\n"
        f"meta: {json.dumps(meta, ensure_ascii=False)}\n"
        f"spec_details: {json.dumps(specs, ensure_ascii=False)}\n"
        "---",
        encoding="utf-8",
    )


def test_hostile_values_still_make_a_pdf(tools, tmp_path):
    write_hostile(tmp_path / "catalog")
    page = "Print\n=====\n\n.. cache-package:: hostile\n   :tag: develop\n"
    pdf, log, _ = build_pdf(tools, tmp_path / "hostile", page, cachecatalog_path=str(tmp_path / "catalog"))
    assert pages(tools, pdf) >= 1
    assert not re.search(r"^! ", log, re.MULTILINE)  # no TeX error, though lines may be overfull
    shown = text_of(tools, pdf)
    assert "[U+1F600]" in shown  # what pdflatex has no glyph for shows as its code point
    assert "x" * 16 in shown
    # a row cannot break across pages: the 10 KB value is cut, and says so; what follows it shows
    assert "(10,241 characters; whole in the HTML and text versions)" in " ".join(shown.split())


@pytest.mark.parametrize("columns", ["variants", "tarball", "hash, tarball", "package"])
def test_latex_of_few_columns(tmp_path, columns):
    """Without TeX: one column, or only the tarball column print leaves out, still make a table."""
    directive = "cache-index::" if columns == "package" else "cache-specs:: kokkos"
    tag = NEW if columns in ("variants", "package") else RELEASE
    if "tarball" in columns:
        directive = "cache-specs:: adiak"
    page = f"Print\n=====\n\n.. {directive}\n   :tag: {tag}\n   :columns: {columns}\n"
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text('extensions = ["sphinx_cachecatalog"]\n', encoding="utf-8")
    (srcdir / "index.rst").write_text(page, encoding="utf-8")
    app = SphinxTestApp("latex", srcdir=srcdir, confoverrides={"cachecatalog_path": str(CACHE)})
    try:
        app.build()
        assert "WARNING" not in strip_colors(app.warning.getvalue())
        tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    finally:
        app.cleanup()
    assert tex.count(r"\cachecatalogstart{1}") == 1
    assert ("left out of print" in tex) == ("tarball" in columns)
    assert "binaries.spack.io" not in tex
