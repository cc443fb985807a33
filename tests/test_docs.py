"""The documentation builds cleanly: every live example works."""

from __future__ import annotations

from pathlib import Path

from sphinx.cmd.build import build_main

DOCS = Path(__file__).parent.parent / "docs"


def test_docs_build_without_warnings(tmp_path):
    args = [
        "-q",
        "-W",
        "-E",
        "-b",
        "html",
        "-d",
        str(tmp_path / "doctrees"),
        str(DOCS),
        str(tmp_path / "html"),
    ]
    assert build_main(args) == 0
    page = (tmp_path / "html" / "directives" / "package.html").read_text(encoding="utf-8")
    assert page.count('class="cachecatalog-specs') >= 2
