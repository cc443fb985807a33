"""The catalog tables in a real browser (Chromium, driven by Playwright).

Every count is checked against the data read independently from the
catalog files with PyYAML.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import archspec.cpu
import pytest

import sphinx_cachecatalog
from sphinx_cachecatalog.catalog.versions import version_key

from .browser import (  # noqa: F401
    BIG,
    HOST_PACKAGE,
    TAG,
    THEMES,
    browser_fixture,
    build_site,
    host_site_fixture,
    host_specs,
    page_fixture,
    serve_fixture,
    site_fixture,
)
from .conftest import CACHE, SEED_FILE, build_page, read_independently, real_tag, soup_of, text_of
from .test_cli import run

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


# What the filter finds, worked out from the YAML: a plain word is a substring of some
# value, a column word a substring of that column's value, or, for versions and
# compilers, its start (``version:1.2`` finds 1.2 and 1.2.5, not 1.25).


def spec_values(spec: dict[str, Any]) -> dict[str, list[str]]:
    return {
        "hash": [spec["hash"]],
        "version": spec["versions"],
        "compiler": [spec["compiler"].replace("@=", "@")],
        "os": [spec["os"]],
        "platform": [spec["platform"]],
        "target": [spec["target"]],
        "variant": spec["variants"],
        "stack": spec["stacks"],
    }


def found(spec: dict[str, Any], column: str | None, value: str) -> bool:
    values = spec_values(spec)
    if column is None:
        return any(value in v.lower() for vs in values.values() for v in vs)
    if column in ("version", "compiler"):
        return any(
            v == value or (v.startswith(value) and not v[len(value)].isalnum()) for v in values[column]
        )
    return any(value in v.lower() for v in values[column])


def expected(specs: list[dict[str, Any]], query: str) -> int:
    words = [w.partition(":")[::2] if ":" in w else ("", w) for w in query.lower().replace("@=", "@").split()]
    return sum(all(found(s, column or None, value) for column, value in words) for s in specs)


def filter_table(page: Any, index: int, query: str) -> None:
    page.locator("input.cachecatalog-filter").nth(index).fill(query)


def count_text(page: Any, index: int) -> str:
    return str(page.locator(".cachecatalog-count").nth(index).inner_text())


def visible(page: Any, table: str) -> int:
    return int(page.evaluate(f"document.querySelectorAll('{table} > tbody > tr:not([hidden])').length"))


QUERIES = [
    "gcc@13",
    "ubuntu24.04 aarch64",
    "GCC@13 X86_64",
    "os:ubuntu22.04",
    "stack:ml compiler:gcc@13 target:aarch64",
    "version:1 compiler:gcc",
    "version:1.26 1.2",
    "version:2.3.1 os:ubuntu24.04 stack:cuda",
]


@pytest.mark.parametrize("theme", THEMES)
def test_filter_counts_what_the_data_says(page: Any, site: Any, theme: str) -> None:
    page.goto(site(theme).url + "index.html")
    assert page.get_by_label("Filter specs", exact=True).count() == 1  # a labelled box
    assert count_text(page, 0) == f"{len(NUMPY)} of {len(NUMPY)} specs"
    assert count_text(page, 1) == f"{len(PACKAGES)} of {len(PACKAGES)} packages"
    for query in QUERIES:
        filter_table(page, 0, query)
        want = expected(NUMPY, query)
        assert 0 < want < len(NUMPY), query  # a query that tells rows apart
        assert visible(page, SPECS_TABLE) == want, query
        assert count_text(page, 0) == f"{want} of {len(NUMPY)} specs", query
    assert visible(page, INDEX_TABLE) == len(PACKAGES)  # the other table is untouched
    filter_table(page, 0, "version:1.2")  # a version's start, up to a dot: 1.2 is not 1.26
    assert count_text(page, 0) == f"0 of {len(NUMPY)} specs"


def test_a_hash_prefix_finds_its_spec(page: Any, site: Any) -> None:
    page.goto(site("alabaster").url + "index.html")
    spec = NUMPY[7]
    prefix = next(
        spec["hash"][:n]
        for n in range(3, 32)
        if sum(s["hash"].startswith(spec["hash"][:n]) for s in NUMPY) == 1
    )
    filter_table(page, 0, prefix)
    assert count_text(page, 0) == f"1 of {len(NUMPY)} specs"
    row = page.locator(f"{SPECS_TABLE} > tbody > tr:not([hidden])")
    assert row.locator("code").inner_text().startswith(prefix)


def test_nothing_found_says_so_and_resets(page: Any, site: Any) -> None:
    page.goto(site("furo").url + "index.html")
    reset = page.locator("button.cachecatalog-reset").first
    filter_table(page, 0, "compiler:gcc@13 no-such-thing")
    assert count_text(page, 0) == f"0 of {len(NUMPY)} specs"
    assert visible(page, SPECS_TABLE) == 0
    reset.click()
    assert count_text(page, 0) == f"{len(NUMPY)} of {len(NUMPY)} specs"
    show_all(page, 0)
    assert visible(page, SPECS_TABLE) == len(NUMPY)
    assert page.locator("input.cachecatalog-filter").first.input_value() == ""
    assert "cc0" not in page.url


def test_older_spelling_of_compilers_is_the_same(page: Any, site: Any) -> None:
    """v0.23.1 writes gcc@=11.4.0: gcc@11 and gcc@=11 find the same specs."""
    page.goto(site("alabaster").url + "cuda.html")
    want = expected(CUDA, "gcc@11")
    assert 0 < want < len(CUDA)
    for query in ("gcc@11", "gcc@=11", "compiler:gcc@=11.4", "compiler:gcc@11.4"):
        filter_table(page, 0, query)
        assert count_text(page, 0) == f"{want} of {len(CUDA)} specs", query


def numeric(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def show_all(page: Any, index: int) -> None:
    """Ask table ``index`` for all its matching rows, as a reader clicking "Show more" would."""
    page.locator("button.cachecatalog-more").nth(index).evaluate(
        "more => { while (!more.hidden) more.click(); }"
    )


def column_texts(page: Any, table: str, column: int) -> list[str]:
    """The values of a column, as written (a hash cell without its copy button)."""
    return list(
        page.evaluate(
            f"Array.from(document.querySelectorAll('{table} > tbody > tr:not([hidden])'))"
            f".map(tr => (tr.cells[{column}].querySelector('code') || tr.cells[{column}]).textContent.trim())"
        )
    )


def header(page: Any, table: str, name: str) -> Any:
    return page.locator(f"{table} > thead th").filter(has=page.get_by_role("button", name=name, exact=True))


@pytest.mark.parametrize("theme", THEMES)
def test_sort_by_meaning(page: Any, site: Any, theme: str) -> None:
    page.goto(site(theme).url + "index.html")
    show_all(page, 0)  # sorting keeps the rows asked for
    before = column_texts(page, SPECS_TABLE, 0)
    version = header(page, SPECS_TABLE, "Version")
    assert version.get_attribute("aria-sort") is None
    version.get_by_role("button").click()
    assert version.get_attribute("aria-sort") == "ascending"
    versions = column_texts(page, SPECS_TABLE, 1)
    assert versions == sorted((s["versions"][0] for s in NUMPY), key=numeric)
    version.get_by_role("button").click()
    assert version.get_attribute("aria-sort") == "descending"
    assert column_texts(page, SPECS_TABLE, 1) == sorted(versions, key=numeric, reverse=True)
    version.get_by_role("button").click()  # back to the page's own order
    assert version.get_attribute("aria-sort") is None
    assert column_texts(page, SPECS_TABLE, 0) == before
    # counts sort as numbers: 9 before 10
    specs = header(page, INDEX_TABLE, "Specs")
    specs.get_by_role("button").click()
    specs.get_by_role("button").click()
    counts = [int(text) for text in column_texts(page, INDEX_TABLE, 1)]
    assert counts == sorted((len(p["spec_details"]) for p in PACKAGES.values()), reverse=True)
    assert specs.get_attribute("aria-sort") == "descending"


def test_the_view_is_in_the_address_and_survives_reload(page: Any, site: Any) -> None:
    """Two tables on one page, each with its own state in the query string."""
    page.goto(site("furo").url + "index.html#cache-package-develop-2025-07-13-py-numpy")
    filter_table(page, 0, "compiler:gcc@13 stack:ml")
    header(page, SPECS_TABLE, "Version").get_by_role("button").click()
    header(page, SPECS_TABLE, "Version").get_by_role("button").click()
    filter_table(page, 1, "py-")
    header(page, INDEX_TABLE, "Package").get_by_role("button").click()
    want_specs = expected(NUMPY, "compiler:gcc@13 stack:ml")
    want_packages = sum("py-" in name for name in PACKAGES)
    assert "cc0=compiler%3Agcc%4013+stack%3Aml" in page.url
    assert "cc0s=-version" in page.url
    assert "cc1=py-" in page.url
    assert "cc1s=package" in page.url
    assert page.url.endswith("#cache-package-develop-2025-07-13-py-numpy")  # the fragment stays
    address = page.url
    for again in (page.reload, lambda: page.goto(address)):  # reload, and the address pasted anew
        again()
        assert page.locator("input.cachecatalog-filter").nth(0).input_value() == "compiler:gcc@13 stack:ml"
        assert count_text(page, 0) == f"{want_specs} of {len(NUMPY)} specs"
        assert count_text(page, 1) == f"{want_packages} of {len(PACKAGES)} packages"
        assert header(page, SPECS_TABLE, "Version").get_attribute("aria-sort") == "descending"
        assert header(page, INDEX_TABLE, "Package").get_attribute("aria-sort") == "ascending"
        assert header(page, INDEX_TABLE, "Specs").get_attribute("aria-sort") is None
        versions = column_texts(page, SPECS_TABLE, 1)
        assert versions == sorted(versions, key=numeric, reverse=True)
        names = column_texts(page, INDEX_TABLE, 0)
        assert names == sorted(name for name in PACKAGES if "py-" in name)


@pytest.mark.parametrize(("theme", "scheme"), [("furo", "light"), ("furo", "dark"), ("alabaster", "light")])
def test_axe_finds_nothing_in_our_elements(browser: Any, site: Any, theme: str, scheme: str) -> None:
    """axe-core on the page with the controls in use; what the theme itself writes is not ours."""

    context = browser.new_context(color_scheme=scheme, viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.goto(site(theme).url + "index.html?cc0=gcc%4013&cc0s=-version&cc1=no-such-package")
    assert page.locator("button.cachecatalog-reset:visible").count() == 2
    page.locator(
        "td button.cachecatalog-copy"
    ).first.wait_for()  # the rows' chips are made: axe checks them too
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert (background in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)")) is (scheme == "light"), background
    assert our_violations(page) == []
    context.close()


FILTER_JS = Path(sphinx_cachecatalog.__file__).parent / "static" / "cachecatalog.js"
VERSIONS = [
    "4.9", "4.10", "4.10.1", "1.2rc1", "1.2", "1.2.1", "1.2a", "1.2b", "1.2.dev0", "develop", "main",
    "master", "2024.1.0", "1.0-alpha", "1.0_beta2", "abc", "ABD", "0.1", "10", "1.02", "1.2.patch",
    "stable", "4.0", "4.0.1", "4.01",
]  # fmt: skip


@pytest.fixture(name="helpers")
def helpers_fixture(page: Any) -> Any:
    """The pure helpers alone, in an empty page."""
    page.set_content("<!doctype html><title>helpers</title>")
    page.add_script_tag(path=str(FILTER_JS))
    return page


def test_versions_sort_as_spack_sorts_them(helpers: Any) -> None:
    by_js = helpers.evaluate(
        "v => CacheCatalogFilter.sortOrder('version', v.map(CacheCatalogFilter.versionKey), false).map(i => v[i])",
        VERSIONS,
    )
    assert by_js == sorted(VERSIONS, key=version_key)
    assert by_js.index("4.9") < by_js.index("4.10") < by_js.index("develop")


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("  GCC@=13  ", [("gcc@13", -1, False)]),
        ("os:ubuntu24.04 oss:x", [("ubuntu24.04", 1, False), ("x", 1, False)]),
        ("compilers:gcc variants:+mpi", [("gcc", 0, False), ("+mpi", 2, False)]),
        ("compiler:=gcc@=13.2.0 os:=", [("gcc@13.2.0", 0, True), ("=", 1, False)]),
        ("target:aarch64", [("aarch64", -1, False)]),  # no such column: the whole row
        ("patches:=873745d", [("=873745d", -1, False)]),
        ("a:", [("", -1, False)]),  # a column word half typed: every row, not none
    ],
)
def test_queries_are_read_forgivingly(helpers: Any, query: str, terms: list[tuple[str, int, bool]]) -> None:
    keys = ["compiler", "os", "variant"]
    parsed = helpers.evaluate("([q, k]) => CacheCatalogFilter.parseQuery(q, k)", [query, keys])
    assert [(t["value"], t["column"], t["exact"]) for t in parsed] == terms


def test_each_table_keeps_its_own_keys_in_the_query_string(helpers: Any) -> None:
    write = "([s, i, q, o]) => CacheCatalogFilter.writeState(s, i, {query: q, sort: o})"
    search = helpers.evaluate(write, ["?x=1", 0, "gcc@13 os:ubuntu", "-version"])
    assert search == "?x=1&cc0=gcc%4013+os%3Aubuntu&cc0s=-version"
    search = helpers.evaluate(write, [search, 1, "py-", ""])
    assert helpers.evaluate("([s, i]) => CacheCatalogFilter.readState(s, i)", [search, 0]) == {
        "query": "gcc@13 os:ubuntu",
        "sort": "-version",
    }
    assert helpers.evaluate("([s, i]) => CacheCatalogFilter.readState(s, i)", [search, 1]) == {
        "query": "py-",
        "sort": "",
    }
    assert helpers.evaluate(write, [search, 0, "", ""]) == "?x=1&cc1=py-"


def loaded_bytes(html: Path, name: str) -> dict[str, int]:
    """The stylesheets and scripts of this extension that page ``name`` loads, with their sizes."""
    text = (html / f"{name}.html").read_text(encoding="utf-8")
    files = re.findall(r'(?:href|src)="(_static/cachecatalog[^"?]*)', text)
    return {file: (html / file).stat().st_size for file in files}


def test_css_and_js_stay_small(host_site: Any) -> None:
    """What a page loads of ours, all files. A page with catalog content: the stylesheet and
    the tables' script (about 21 KB). A page with a spec table that has an Arch column, as a
    package page, also "Does it run on my machine?": its script (about 6 KB) and the map of
    the targets of the catalog's families (about 1.8 KB for x86_64 and aarch64), 30 KB in all."""
    html = host_site("alabaster").html
    listing = loaded_bytes(html, "listing")
    package = loaded_bytes(html, "index")
    assert set(listing) == {"_static/cachecatalog.css", "_static/cachecatalog.js"}
    assert set(package) == {*listing, "_static/cachecatalog-host.js", "_static/cachecatalog-targets.js"}
    assert sum(listing.values()) < 22 * 1024
    assert sum(package.values()) < 30 * 1024


def big_specs(site: Any, theme: str) -> list[dict[str, Any]]:
    specs: list[dict[str, Any]] = read_independently(
        site(theme).html.parent / "demo" / "develop" / BIG / "specs.md"
    )["spec_details"]
    return specs


#: Rows a keystroke puts in the page (PAGE in cachecatalog.js).
PAGE = 30


def in_page(page: Any) -> int:
    return int(page.evaluate("document.querySelectorAll('table.cachecatalog-specs > tbody > tr').length"))


def test_long_tables_show_rows_as_the_reader_scrolls(page: Any, site: Any) -> None:
    """A keystroke puts at most 30 rows in the page, then 30 more as they near the
    screen; the others come on scrolling, on asking, for print."""
    specs = big_specs(site, "furo")
    assert len(specs) > 4 * PAGE
    page.goto(site("furo").url + "big.html")
    assert count_text(page, 0) == f"{len(specs)} of {len(specs)} specs"
    shown = in_page(page)
    assert shown % PAGE == 0
    assert PAGE <= shown < len(specs)
    more = page.locator("button.cachecatalog-more")
    assert more.inner_text() == f"Show more ({len(specs) - shown} left)"
    more.click()
    assert in_page(page) >= shown + PAGE
    for _ in range(len(specs) // PAGE + 1):  # scrolling to the end brings the next rows
        rows = in_page(page)
        page.mouse.wheel(0, 100_000)
        if rows < len(specs):
            page.wait_for_function(f"document.querySelectorAll('{SPECS_TABLE} > tbody > tr').length > {rows}")
    assert in_page(page) == len(specs)
    assert more.is_hidden()
    page.mouse.wheel(0, -100_000)
    filter_table(page, 0, "linux")  # a new query starts from the top again
    filter_table(page, 0, "")
    assert in_page(page) < len(specs)
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert in_page(page) == len(specs)
    # back on screen, every row in the page is enhanced: its hash has a copy button
    page.wait_for_function(
        f"document.querySelectorAll('{SPECS_TABLE} .cachecatalog-copy').length === {len(specs)}"
    )


def test_sizes_sort_as_bytes(page: Any, site: Any) -> None:
    specs = {s["hash"]: s["size"] for s in big_specs(site, "alabaster")}
    known = [size for size in specs.values() if size != "-"]
    assert 5 < len(known) < len(specs)
    page.goto(site("alabaster").url + "big.html")
    size = header(page, SPECS_TABLE, "Size").get_by_role("button")
    size.click()
    size.click()
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    rows = page.evaluate(
        "Array.from(document.querySelectorAll('table.cachecatalog-specs > tbody > tr'), tr =>"
        " [tr.querySelector('code').textContent, tr.cells[tr.cells.length - 1].dataset.value || null])"
    )
    values = [int(value) for _, value in rows[: len(known)]]
    assert values == sorted(values, reverse=True)  # largest first; "4.2 GiB" after "512.0 MiB" would not be
    assert [value for _, value in rows[len(known) :]] == [None] * (len(specs) - len(known))  # unknown last
    for (spec_hash, value), _ in zip(rows, known, strict=False):
        assert abs(int(value) - specs[spec_hash]) <= specs[spec_hash] / 1000  # the size shown, in bytes


@pytest.mark.parametrize("theme", THEMES)
def test_summary_values_filter_and_the_query_words_remove_themselves(
    page: Any, site: Any, theme: str
) -> None:
    """Clicks and keys only: chips in the summary add exact values; the query's words are
    chips that remove themselves; every one shows a focus ring."""
    page.goto(site(theme).url + "index.html")
    summary = page.locator("table.cachecatalog-summary")
    gcc11 = sum(s["compiler"] == "gcc@11.4.0" for s in NUMPY)
    e4s = sum("e4s" in s["stacks"] for s in NUMPY)  # that stack, not e4s-oneapi or e4s-neoverse-v2
    both = sum(s["compiler"] == "gcc@11.4.0" and "e4s" in s["stacks"] for s in NUMPY)
    loose = sum(s["compiler"] == "gcc@11.4.0" and any("e4s" in t for t in s["stacks"]) for s in NUMPY)
    assert 0 < both < min(gcc11, loose)
    versions = {v for s in NUMPY for v in s["versions"]}
    assert summary.get_by_role("button", name="Filter specs by version ").count() == len(versions)
    summary.get_by_role("button", name="Filter specs by compiler gcc@11.4.0", exact=True).click()
    assert count_text(page, 0) == f"{gcc11} of {len(NUMPY)} specs"
    chip = summary.get_by_role("button", name=f"Filter specs by stack e4s ({e4s})", exact=True)
    chip.focus()
    page.keyboard.press("Enter")
    assert count_text(page, 0) == f"{both} of {len(NUMPY)} specs"
    assert page.locator("input.cachecatalog-filter").first.input_value() == "compiler:=gcc@11.4.0 stack:=e4s"
    assert "cc0=compiler%3A%3Dgcc%4011.4.0+stack%3A%3De4s" in page.url
    words = page.locator(".cachecatalog-active").first.get_by_role("button")
    assert words.all_inner_texts() == ["compiler:=gcc@11.4.0", "stack:=e4s"]
    page.keyboard.press("Shift+Tab")  # to the chip before it (the last target): a ring shows
    focused = page.evaluate("document.activeElement.textContent")
    ring = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert (focused, ring) == (sorted({s["target"] for s in NUMPY})[-1], "solid")
    words.first.focus()
    page.keyboard.press("Enter")  # removes compiler:=gcc@11.4.0
    assert count_text(page, 0) == f"{e4s} of {len(NUMPY)} specs"
    assert words.all_inner_texts() == ["stack:=e4s"]
    assert page.evaluate("document.activeElement.textContent") == "stack:=e4s"  # focus stays among the words


def test_variants_said_once_above_the_table_still_filter(page: Any, site: Any) -> None:
    kokkos = read_independently(CACHE / TAG / "kokkos" / "specs.md")["spec_details"]
    shared = set.intersection(*(set(spec["variants"]) for spec in kokkos))
    assert shared  # the premise: kokkos specs share most of their variants
    page.goto(site("furo").url + "kokkos.html")
    for variant in sorted(shared)[:3]:
        filter_table(page, 0, f"variant:{variant}")
        assert count_text(page, 0) == f"{len(kokkos)} of {len(kokkos)} specs", variant
    telling = sorted({v for spec in kokkos for v in spec["variants"]} - shared)[0]
    filter_table(page, 0, f"variant:{telling}")
    want = sum(telling in spec["variants"] for spec in kokkos)
    assert count_text(page, 0) == f"{want} of {len(kokkos)} specs"


SEED_SPECS = read_independently(SEED_FILE)["spec_details"]
KOKKOS = read_independently(CACHE / TAG / "kokkos" / "specs.md")["spec_details"]


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize(("name", "specs"), [("seed", SEED_SPECS), ("kokkos", KOKKOS)])
def test_spec_tables_fit_the_page_at_1400_px(
    page: Any, site: Any, theme: str, name: str, specs: list[Any]
) -> None:
    """No horizontal scroll at a 1,400 px window: platform, OS and target read as one arch."""
    page.goto(site(theme).url + f"{name}.html")
    region = page.locator(".cachecatalog-scroll").first
    assert region.get_attribute("role") == "region"
    assert region.get_attribute("tabindex") == "0"
    assert region.get_attribute(
        "aria-label"
    ) == f"Specs of {'py-mpi4py' if name == 'seed' else 'kokkos'} in " + (
        "develop" if name == "seed" else TAG
    )
    width = region.evaluate("r => [r.scrollWidth, r.clientWidth]")
    assert width[0] <= width[1], f"{width[0] - width[1]} px too wide"
    assert page.evaluate("document.documentElement.scrollWidth") <= 1400
    arch = {s["hash"]: f"{s['platform']}-{s['os']}-{s['target']}" for s in specs}
    rows = page.locator(f"{SPECS_TABLE} tbody tr")
    for n in range(rows.count()):
        cells = rows.nth(n).locator("td")
        assert cells.nth(3).inner_text() == arch[cells.nth(0).locator("code").inner_text()]


def test_on_a_phone_the_table_scrolls_in_its_region(browser: Any, site: Any) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(site("furo").url + "kokkos.html")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the page does not scroll sideways
    region = page.locator(".cachecatalog-scroll").first
    assert region.evaluate("r => r.scrollWidth > r.clientWidth")  # the table does, in its region
    region.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("document.querySelector('.cachecatalog-scroll').scrollLeft > 0")  # and by keyboard
    context.close()


def test_values_in_cells_filter_when_clicked(page: Any, site: Any) -> None:
    page.goto(site("furo").url + "kokkos.html")
    first = page.locator(f"{SPECS_TABLE} tbody tr").first
    spec = next(s for s in KOKKOS if s["hash"] == first.locator("code").inner_text())
    first.get_by_role("button", name=f"Filter specs by os {spec['os']}", exact=True).click()
    same_os = sum(s["os"] == spec["os"] for s in KOKKOS)
    assert count_text(page, 0) == f"{same_os} of {len(KOKKOS)} specs"
    first = page.locator(f"{SPECS_TABLE} tbody tr").first
    stack = spec["stacks"][0]
    first.get_by_role("button", name=f"Filter specs by stack {stack}", exact=True).click()
    both = sum(s["os"] == spec["os"] and stack in s["stacks"] for s in KOKKOS)
    assert count_text(page, 0) == f"{both} of {len(KOKKOS)} specs"
    assert page.locator("input.cachecatalog-filter").first.input_value() == f"os:={spec['os']} stack:={stack}"


def test_long_variant_lists_expand_in_place(page: Any, site: Any) -> None:
    shared = set.intersection(*(set(s["variants"]) for s in KOKKOS))
    page.goto(site("furo").url + "kokkos.html")
    row = page.locator(f"{SPECS_TABLE} tbody tr").filter(has=page.locator("button.cachecatalog-expand")).first
    spec = next(s for s in KOKKOS if s["hash"] == row.locator("code").inner_text())
    own = [v for v in spec["variants"] if v not in shared]
    cell = row.locator("td").nth(4)
    more = cell.get_by_role("button", name=f"+{len(own) - 3} more")
    assert cell.locator("button.cachecatalog-chip:visible").all_inner_texts() == own[:3]
    more.click()
    assert cell.locator("button.cachecatalog-chip:visible").all_inner_texts() == own
    assert page.evaluate("document.activeElement.textContent") == own[3]  # focus moves to what appeared
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context=".cachecatalog").response  # chips, copy buttons, the expanded list
    assert [violation["id"] for violation in results["violations"]] == []


def test_the_copy_button_copies_the_full_hash(browser: Any, site: Any) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site("furo").url + "kokkos.html")
    row = page.locator(f"{SPECS_TABLE} tbody tr").nth(2)
    full = row.locator("code").inner_text()
    assert len(full) == 32
    assert full in {s["hash"] for s in KOKKOS}
    row.get_by_role("button", name=f"Copy the full hash {full}").click()
    assert page.evaluate("navigator.clipboard.readText()") == full
    context.close()


def test_downloads_hold_the_rows_shown(page: Any, site: Any, tmp_path: Path) -> None:
    import csv
    import json

    page.goto(site("furo").url + "index.html")
    query = "stack:ml compiler:gcc@13"
    filter_table(page, 0, query)
    want = {s["hash"] for s in NUMPY if expected([s], query)}
    assert want
    assert len(want) < len(NUMPY)
    with page.expect_download() as done:
        page.get_by_role("button", name="Download the specs shown as CSV").first.click()
    assert done.value.suggested_filename == "index-specs.csv"
    path = tmp_path / "specs.csv"
    done.value.save_as(path)
    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    assert {row["Hash"] for row in rows} == want
    by_hash = {s["hash"]: s for s in NUMPY}
    for row in rows:
        spec = by_hash[row["Hash"]]
        assert (row["Platform"], row["OS"], row["Target"]) == (spec["platform"], spec["os"], spec["target"])
        assert set(row["Variants"].split(" ")) == set(spec["variants"])  # the shared ones too
        assert row["Stacks"].split(", ") == spec["stacks"]
    with page.expect_download() as done:
        page.get_by_role("button", name="Download the specs shown as JSON").first.click()
    done.value.save_as(tmp_path / "specs.json")
    records = json.loads((tmp_path / "specs.json").read_text(encoding="utf-8"))
    assert [r["hash"] for r in records] == [row["Hash"] for row in rows]  # same rows, same order
    assert all(set(r["variants"]) == set(by_hash[r["hash"]]["variants"]) for r in records)
    assert all(r["size"] is None for r in records)  # every size in this data is unknown


def test_summary_values_filter_only_columns_the_table_shows(browser: Any, serve: Any, tmp_path: Path) -> None:
    """A summary value whose column the spec list leaves out (``:columns:``) is no button:
    clicking it could only find nothing."""
    html = build_site(
        tmp_path / "site",
        "furo",
        {
            "index": f"Some columns\n============\n\n.. cache-package:: py-numpy\n   :tag: {TAG}\n   :columns: hash, version, compiler\n"
        },
    )
    page = browser.new_page()
    page.goto(serve(html) + "index.html")
    summary = page.locator("table.cachecatalog-summary")
    summary.get_by_role("button", name="Filter specs by compiler gcc@11.4.0", exact=True).click()
    assert count_text(page, 0) == f"{sum(s['compiler'] == 'gcc@11.4.0' for s in NUMPY)} of {len(NUMPY)} specs"
    assert summary.get_by_role("button", name="Filter specs by os ").count() == 0
    assert summary.get_by_role("button", name="Filter specs by stack ").count() == 0
    page.close()


# "Does it run on my machine?": what runs where, worked out with archspec directly.
HOST_SPECS = host_specs()
ZEN3 = "linux-ubuntu22.04-zen3"


def hidden_because(spec: dict[str, Any], host: str) -> str:
    """Why ``spec`` does not run on ``host`` ("" when it does): first another platform, then
    another family of CPUs, then another OS, then the target."""
    platform, os_, target = host.split("-", 2)
    known = archspec.cpu.TARGETS
    built = spec["target"]
    if spec["platform"] != platform:
        return f"for {spec['platform']}"
    if built in known and target in known and known[built].family != known[target].family:
        return f"for {known[built].family.name}"
    if spec["os"] != os_:
        return "for another OS"
    if built == target or (built in known and target in known and known[built] in known[target].ancestors):
        return ""
    if built not in known or target not in known:
        return "built for another target"
    if known[target] in known[built].ancestors:
        return "built for a newer target"
    return "built for another CPU line"


def host_status(page: Any) -> str:
    return str(page.locator(".cachecatalog-host > p").inner_text())


def said_hidden(status: str) -> tuple[int, int, Counter[str]]:
    """The numbers of "N of M specs run on H. Hidden: 3 for another OS, 2 for aarch64.";
    the reasons come most first."""
    match = re.fullmatch(r"(\d+) of (\d+) specs run on \S+\.(?: Hidden: (.*)\.)?", status)
    assert match, status
    reasons = [part.split(" ", 1) for part in (match[3] or "").split(", ") if part]
    counts = [int(n) for n, _ in reasons]
    assert counts == sorted(counts, reverse=True), status
    return int(match[1]), int(match[2]), Counter({reason: int(n) for n, reason in reasons})


def shown_hashes(page: Any) -> set[str]:
    show_all(page, 0)
    return set(column_texts(page, SPECS_TABLE, 0))


def check_host(page: Any, host: str) -> set[str]:
    """The rows and the words of the page are those of ``host``; returns the hashes that run there."""
    runs = {s["hash"] for s in HOST_SPECS if not hidden_because(s, host)}
    hidden = Counter(hidden_because(s, host) for s in HOST_SPECS if hidden_because(s, host))
    assert said_hidden(host_status(page)) == (len(runs), len(HOST_SPECS), hidden)
    assert host_status(page).startswith(f"{len(runs)} of {len(HOST_SPECS)} specs run on {host}.")
    assert shown_hashes(page) == runs
    assert count_text(page, 0) == f"{len(runs)} of {len(HOST_SPECS)} specs"
    return runs


def test_the_target_map_is_archspec_s_for_the_families_held(host_site: Any) -> None:
    """Every target of the families of the catalog's targets with its parents, the names of
    the others; a script that sets a global (pages opened from the disk cannot fetch JSON)."""
    text = (host_site("alabaster").html / "_static" / "cachecatalog-targets.js").read_text(encoding="utf-8")
    data = json.loads(re.fullmatch(r"/\*[^*]*\*/\nwindow\.CacheCatalogTargets=(.*);\n", text, re.DOTALL)[1])  # type: ignore[index]
    known = archspec.cpu.TARGETS
    families = {known[s["target"]].family.name for s in HOST_SPECS if s["target"] in known}
    assert families == {"x86_64", "aarch64"}
    assert data["parents"] == {
        name: sorted(parent.name for parent in target.parents)
        for name, target in sorted(known.items())
        if target.family.name in families
    }
    assert sorted(data["others"]) == data["others"]
    assert set(data["others"]) == set(known) - set(data["parents"])
    assert len(text) < 2048


def test_the_host_site_holds_what_the_tests_need() -> None:
    reasons = Counter(hidden_because(s, ZEN3) for s in HOST_SPECS)
    assert len(reasons) == 7  # runs there, and every reason not to
    assert len(HOST_SPECS) > 30  # more than a keystroke puts in the page


@pytest.mark.parametrize("theme", THEMES)
def test_a_pasted_host_keeps_what_runs_there(page: Any, host_site: Any, theme: str) -> None:
    page.goto(host_site(theme).url + "index.html")
    field = page.get_by_label("Paste what spack arch prints")
    field.fill(ZEN3)
    runs = check_host(page, ZEN3)
    assert {s["target"] for s in HOST_SPECS if s["hash"] in runs} == {"x86_64_v3", "zen2", "zen3"}
    assert page.url.endswith("?host=" + ZEN3)
    for again in (page.reload, lambda: page.goto(host_site(theme).url + "index.html?host=" + ZEN3)):
        again()
        assert field.input_value() == ZEN3
        check_host(page, ZEN3)
    page.get_by_role("button", name="Clear").click()
    assert host_status(page) == ""
    assert shown_hashes(page) == {s["hash"] for s in HOST_SPECS}
    assert "host=" not in page.url
    assert page.evaluate("document.activeElement.id") == "cachecatalog-host"


def test_picking_from_the_lists_is_the_same_as_pasting(page: Any, host_site: Any) -> None:
    page.goto(host_site("furo").url + "index.html")
    os_list, targets = page.get_by_label("OS", exact=True), page.get_by_label("Target", exact=True)
    assert os_list.locator("option").all_inner_texts() == [
        "choose",
        "darwin-sonoma",
        "linux-ubuntu22.04",
        "linux-ubuntu24.04",
    ]
    # every target of the families held, grouped by family, even those nothing was built for
    groups = targets.locator("optgroup").evaluate_all(
        "gs => gs.map(g => [g.label, [...g.children].map(o => o.value)])"
    )
    assert [label for label, _ in groups] == ["aarch64", "x86_64", "unknown to archspec"]
    x86 = sorted(name for name, target in archspec.cpu.TARGETS.items() if target.family.name == "x86_64")
    assert groups[1][1] == x86
    assert {"zen3", "sapphirerapids", "x86_64_v4"} <= set(groups[1][1])
    assert groups[2][1] == ["x86_64_v3_custom"]
    os_list.select_option("linux-ubuntu22.04")
    assert host_status(page) == ""  # not yet: a target too
    targets.select_option("zen3")
    assert page.get_by_label("Paste what spack arch prints").input_value() == ZEN3
    check_host(page, ZEN3)
    targets.focus()  # by keyboard: the next target down the list
    page.keyboard.press("ArrowDown")
    assert targets.input_value() == "zen4"
    check_host(page, "linux-ubuntu22.04-zen4")
    for host in ("linux-ubuntu24.04-neoverse_v1", "darwin-sonoma-m1", "linux-ubuntu22.04-x86_64_v3_custom"):
        page.get_by_label("Paste what spack arch prints").fill(host)
        check_host(page, host)
        assert (os_list.input_value(), targets.input_value()) == tuple(host.rsplit("-", 1))


def test_a_host_and_a_filter_both_narrow(page: Any, host_site: Any, tmp_path: Path) -> None:
    page.goto(host_site("furo").url + f"index.html?cc0=gcc%4013&host={ZEN3}")
    runs = {s["hash"] for s in HOST_SPECS if not hidden_because(s, ZEN3)}
    both = {s["hash"] for s in HOST_SPECS if s["hash"] in runs and s["compiler"].startswith("gcc@13")}
    assert 0 < len(both) < len(runs)
    said_hidden(host_status(page))  # the host's words count the host alone
    assert host_status(page).startswith(f"{len(runs)} of {len(HOST_SPECS)} specs run on {ZEN3}.")
    assert count_text(page, 0) == f"{len(both)} of {len(HOST_SPECS)} specs"
    assert shown_hashes(page) == both
    with page.expect_download() as done:
        page.get_by_role("button", name="Download the specs shown as JSON").click()
    done.value.save_as(tmp_path / "specs.json")
    assert {r["hash"] for r in json.loads((tmp_path / "specs.json").read_text(encoding="utf-8"))} == both
    filter_table(page, 0, "")
    assert count_text(page, 0) == f"{len(runs)} of {len(HOST_SPECS)} specs"
    assert page.url.endswith(f"?host={ZEN3}")


def test_a_host_of_another_family_is_no_typo(page: Any, host_site: Any) -> None:
    page.goto(host_site("alabaster").url + "index.html?host=linux-rhel9-power9le")
    check_host(page, "linux-rhel9-power9le")
    assert said_hidden(host_status(page))[0] == 0


def test_a_bad_paste_says_so_with_close_names(browser: Any, host_site: Any) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(host_site("furo").url + "index.html")
    field = page.get_by_label("Paste what spack arch prints")
    page.evaluate("navigator.clipboard.writeText('linux-ubuntu22.04-zen33')")
    field.focus()
    page.keyboard.press("Control+V")
    assert field.input_value() == "linux-ubuntu22.04-zen33"
    assert (
        host_status(page)
        == "archspec knows no target zen33: did you mean zen3, zen, zen2? All specs are shown."
    )
    assert count_text(page, 0) == f"{len(HOST_SPECS)} of {len(HOST_SPECS)} specs"
    assert "host=" not in page.url
    field.fill("ubuntu22.04-zen3")  # typed: said once typing is done (Enter), not at each key
    assert host_status(page) == ""
    field.press("Enter")
    assert (
        host_status(page)
        == "Paste the arch as spack arch prints it, platform-os-target: linux-ubuntu22.04-zen3."
    )
    page.goto(host_site("furo").url + "index.html?host=linux-ubuntu22.04-skylake-avx512")
    assert host_status(page).startswith(
        "archspec knows no target skylake-avx512: did you mean skylake_avx512"
    )
    context.close()


def test_the_host_works_from_a_file(page: Any, host_site: Any) -> None:
    """Opened from the disk, without a server: the map is a script, not data to fetch."""
    page.goto((host_site("alabaster").html / "index.html").as_uri() + f"?host={ZEN3}")
    check_host(page, ZEN3)


def test_without_javascript_a_host_changes_nothing(browser: Any, host_site: Any) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(host_site("furo").url + f"index.html?host={ZEN3}")
    assert body_rows(page, SPECS_TABLE).count() == len(HOST_SPECS)
    assert page.locator(".cachecatalog-host").count() == 0
    context.close()


def test_the_host_control_comes_only_with_an_arch(page: Any, host_site: Any) -> None:
    for name, scripts in (("index", 3), ("noarch", 1), ("listing", 1)):
        page.goto(host_site("furo").url + f"{name}.html?host={ZEN3}")
        assert page.locator("script[src*='cachecatalog']").count() == scripts, name
        assert page.locator(".cachecatalog-host").count() == (scripts > 1), name
    assert count_text(page, 0).endswith("packages")


@pytest.mark.parametrize(("theme", "scheme"), [("furo", "light"), ("furo", "dark"), ("alabaster", "light")])
@pytest.mark.parametrize("host", [ZEN3, "linux-ubuntu22.04-zen33"])
def test_axe_finds_nothing_in_the_host_control(
    browser: Any, host_site: Any, theme: str, scheme: str, host: str
) -> None:

    context = browser.new_context(color_scheme=scheme, viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.goto(host_site(theme).url + f"index.html?host={host}&cc0=gcc")
    assert host_status(page)
    page.locator("td button.cachecatalog-copy").first.wait_for()
    assert our_violations(page) == []
    context.close()


@pytest.mark.parametrize("host", [ZEN3, "linux-ubuntu24.04-neoverse_v1", "darwin-sonoma-m1"])
def test_the_directive_the_command_line_and_the_browser_agree(
    page: Any, host_site: Any, make_app: Any, tmp_path: Path, host: str
) -> None:
    """The same host, asked of the same specs in the three places, keeps the same binaries."""
    folder = tmp_path / "catalog" / "develop" / HOST_PACKAGE
    folder.mkdir(parents=True)
    (folder / "specs.md").write_text(text_of(host_specs(), title=f'"{HOST_PACKAGE}"'), encoding="utf-8")
    runs = {s["hash"] for s in HOST_SPECS if not hidden_because(s, host)}
    assert runs  # each host has something to keep
    page.goto(host_site("furo").url + "index.html?host=" + host)
    assert shown_hashes(page) == runs
    done = run("query", str(tmp_path / "catalog"), HOST_PACKAGE, "--host", host, "--json")
    (answer,) = json.loads(done.stdout)["questions"]
    assert {hit["hash"] for hit in answer["hits"]} == runs
    body = f".. cache-query:: {HOST_PACKAGE}\n   :host: {host}\n"
    app = build_page(make_app, tmp_path, body, cachecatalog_path=str(tmp_path / "catalog"))
    soup = soup_of(app)
    hits = soup.select("div.cachecatalog-query table")[0]
    assert {td.get_text() for td in hits.select("tbody td:first-child")} == runs
    assert not soup.select('script[src*="cachecatalog-host"]')  # an answer asks no host of the reader


def our_violations(page: Any) -> list[tuple[str, Any, str]]:
    """What axe-core finds wrong in the catalog's part of the page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context=".cachecatalog").response
    return [
        (violation["id"], node["target"], node["failureSummary"])
        for violation in results["violations"]
        for node in violation["nodes"]
        if page.locator(node["target"][0]).evaluate("el => el.closest('.cachecatalog') !== null")
    ]
