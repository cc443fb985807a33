"""The catalog tables in a real browser (Chromium, driven by Playwright).

Every count is checked against the data read independently from the
catalog files with PyYAML.
"""

from __future__ import annotations

from typing import Any

import pytest

from .browser import TAG, THEMES, browser_fixture, page_fixture, serve_fixture, site_fixture  # noqa: F401
from .conftest import CACHE, read_independently, real_tag

NUMPY = read_independently(CACHE / TAG / "py-numpy" / "specs.md")["spec_details"]
CUDA = read_independently(CACHE / "v0.23.1" / "cuda" / "specs.md")["spec_details"]
PACKAGES = real_tag(TAG)

SPECS_TABLE = "table.cachecatalog-specs"
INDEX_TABLE = "table.cachecatalog-index"


def body_rows(page: Any, table: str) -> Any:
    return page.locator(f"{table} > tbody > tr")


@pytest.mark.parametrize("theme", THEMES)
def test_without_javascript_every_row_is_there(browser: Any, site: Any, theme: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site(theme).url + "index.html")
    assert body_rows(page, SPECS_TABLE).count() == len(NUMPY)
    assert body_rows(page, INDEX_TABLE).count() == len(PACKAGES)
    assert body_rows(page, SPECS_TABLE).filter(visible=True).count() == len(NUMPY)
    assert page.locator("input.cachecatalog-filter").count() == 0
    context.close()


def test_assets_only_on_pages_that_show_the_catalog(site: Any) -> None:
    """No browser needed: the built pages themselves."""
    html = site("alabaster").html
    for name, uses in (("index", True), ("cuda", True), ("plain", False), ("genindex", False)):
        text = (html / f"{name}.html").read_text(encoding="utf-8")
        assert ('href="_static/cachecatalog.css' in text) is uses, name
