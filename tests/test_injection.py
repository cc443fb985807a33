"""Everything the catalog says is data, never markup: HTML, JavaScript, reStructuredText
and LaTeX in every field reach each builder as text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .conftest import build_page, warnings_by_subtype

TAG = "develop"
HTML = '<script>alert("x")</script><img src=x onerror=alert(1)>'
RST = "`evil <https://evil.example>`_ :ref:`x` **bold** |sub|"
LATEX = r"\input{/etc/passwd}\def\x{}$^_&%#~{}"
PAYLOADS = (HTML, RST, LATEX)
NAME = "<img src=x onerror=alert(2)> `n`_ $x^2$ % #"


def hostile_catalog(tmp_path: Path) -> Path:
    """One package whose every text field carries markup (names stay plain: they become paths)."""
    specs = [
        {
            "hash": f"h{index}" + "a" * 30,
            "versions": [f"1.{index}", payload],
            "compiler": f"gcc@{payload}",
            "os": payload,
            "platform": payload,
            "target": payload,
            "variants": ["+mpi", f"opt={payload}"],
            "stacks": [payload, "root"],
            "size": "-",
            "tarball": url,
        }
        for index, (payload, url) in enumerate(
            zip(
                PAYLOADS,
                ("javascript:alert(1)", "data:text/html,<b>x</b>", "https://ok.example/a"),
                strict=True,
            )
        )
    ]
    for name in ("evil", NAME):  # a name is shown too (it cannot hold "/": it is a folder)
        folder = tmp_path / "catalog" / TAG / name
        folder.mkdir(parents=True)
        (folder / "specs.md").write_text(
            f"---\ntitle: {json.dumps(name)}\nlayout: cache\ncategories: [package, develop]\n"
            f"spec_details: {json.dumps(specs)}\n---",
            encoding="utf-8",
        )
    return tmp_path / "catalog"


BODY = ".. cache-package:: evil\n\n.. cache-index::\n\n.. cache-stats::\n"


def test_html_shows_markup_as_text(make_app, tmp_path):
    app = build_page(make_app, tmp_path, BODY, cachecatalog_path=str(hostile_catalog(tmp_path)))
    assert sorted(warnings_by_subtype(app.warning.getvalue())) == ["bad-value"]  # two tarballs dropped
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    main = soup.select_one("section")
    assert main is not None
    assert main.select("script, img") == []
    assert not [
        a for a in soup.select("a[href]") if a["href"].startswith(("javascript:", "data:", "https://evil"))
    ]
    assert not main.select("strong:not(p.cachecatalog-shared > strong)")  # no markup made bold
    text = main.get_text()
    for payload in (*PAYLOADS, NAME):
        assert payload in text
    hrefs = [a["href"] for a in main.select("a[href]")]
    assert "https://ok.example/a" in hrefs


@pytest.mark.parametrize("builder", ["text", "latex", "man"])
def test_other_builders_escape_it(make_app, tmp_path, builder):
    app = build_page(make_app, tmp_path, BODY, builder, cachecatalog_path=str(hostile_catalog(tmp_path)))
    assert sorted(warnings_by_subtype(app.warning.getvalue())) == ["bad-value"]
    out = next(p for p in Path(app.outdir).iterdir() if p.suffix in (".txt", ".tex", ".1"))
    written = out.read_text(encoding="utf-8")
    if builder == "latex":
        assert r"\input{/etc/passwd}" not in written
        assert r"\def\x" not in written
    elif builder == "text":
        for payload in PAYLOADS:
            assert payload in written
    assert "javascript:alert" not in written
