"""The catalog tables in a real browser (Chromium, driven by Playwright).

Every count is checked against the data read independently from the
catalog files with PyYAML.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import sphinx_cachecatalog
from sphinx_cachecatalog.catalog.versions import version_key

from .browser import (  # noqa: F401
    BIG,
    TAG,
    THEMES,
    browser_fixture,
    build_site,
    page_fixture,
    serve_fixture,
    site_fixture,
)
from .conftest import CACHE, SEED_FILE, read_independently, real_tag

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
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(color_scheme=scheme, viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.goto(site(theme).url + "index.html?cc0=gcc%4013&cc0s=-version&cc1=no-such-package")
    assert page.locator("button.cachecatalog-reset:visible").count() == 2
    page.locator(
        "td button.cachecatalog-copy"
    ).first.wait_for()  # the rows' chips are made: axe checks them too
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert (background in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)")) is (scheme == "light"), background
    results = Axe().run(page, context=".cachecatalog").response
    ours = [
        (violation["id"], node["target"], node["failureSummary"])
        for violation in results["violations"]
        for node in violation["nodes"]
        if page.locator(node["target"][0]).evaluate("el => el.closest('.cachecatalog') !== null")
    ]
    assert ours == []
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


def test_css_and_js_stay_small() -> None:
    static = Path(sphinx_cachecatalog.__file__).parent / "static"
    assert sum(path.stat().st_size for path in static.glob("*.[cj]s*")) < 20 * 1024


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
