"""``cache-index`` and ``cache-stack`` on the real data, numbers computed here."""

from __future__ import annotations

import fnmatch
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from .conftest import CACHE, build_page, real_tag, rows_of, soup_of, strip_colors, warnings_by_subtype

TAG = "develop-2025-07-13"


def index_rows(app, selector: str = "table.cachecatalog-index") -> dict[str, dict[str, str]]:
    table = soup_of(app).select_one(selector)
    assert table is not None
    header, *rows = rows_of(table)
    return {row[0]: dict(zip(header, row, strict=True)) for row in rows}


def test_index_has_every_package_with_its_numbers(make_app, tmp_path):
    app = build_page(make_app, tmp_path, f".. cache-index::\n   :tag: {TAG}\n")
    assert warnings_by_subtype(app.warning.getvalue()) == {}
    expected = real_tag(TAG)
    rows = index_rows(app)
    assert list(rows) == sorted(expected)
    for name, front in expected.items():
        row = rows[name]
        details = front["spec_details"]
        assert row["Specs"] == str(len(details))
        assert set(row["Versions"].split(", ")) == {v for s in details for v in s["versions"]}
        assert set(row["OSs"].split(", ")) == {s["os"] for s in details}
        assert set(row["Targets"].split(", ")) == {s["target"] for s in details}
        stacks = dict(re.findall(r"([\w.-]+) \((\d+)\)", row["Stacks"]))
        assert {k: int(v) for k, v in stacks.items()} == Counter(x for s in details for x in s["stacks"])
    links = {a.get_text(): a["href"] for a in soup_of(app).select("table.cachecatalog-index a.reference")}
    assert links["cmake"] == "https://packages.spack.io/package.html?name=cmake"


@pytest.mark.parametrize(
    ("options", "keep"),
    [
        ({"os": "ubuntu22.04"}, lambda s: s["os"] == "ubuntu22.04"),
        ({"os": "sequoia, amzn2"}, lambda s: s["os"] in ("sequoia", "amzn2")),
        ({"stack": "e4s-oneapi"}, lambda s: "e4s-oneapi" in s["stacks"]),
        ({"compiler": "gcc"}, lambda s: s["compiler"].startswith("gcc@")),
        ({"compiler": "gcc@11"}, lambda s: s["compiler"].startswith("gcc@11.")),
        ({"compiler": "gcc@=11.4.0"}, lambda s: s["compiler"] == "gcc@11.4.0"),
        ({"platform": "darwin"}, lambda s: s["platform"] == "darwin"),
        (
            {"target": "neoverse_v2", "compiler": "gcc"},
            lambda s: s["target"] == "neoverse_v2" and "gcc" in s["compiler"],
        ),
        ({"variant": "+mpi"}, lambda s: "+mpi" in s["variants"]),
        ({"version": "2.2"}, lambda s: any(v.startswith("2.2.") for v in s["versions"])),
    ],
)
def test_filters_count_matching_specs(make_app, tmp_path, options, keep):
    lines = "".join(f"   :{key}: {value}\n" for key, value in options.items())
    app = build_page(make_app, tmp_path, f".. cache-index::\n   :tag: {TAG}\n{lines}")
    assert warnings_by_subtype(app.warning.getvalue()) == {}
    expected = {
        name: sum(1 for s in front["spec_details"] if keep(s)) for name, front in real_tag(TAG).items()
    }
    expected = {name: count for name, count in expected.items() if count}
    assert expected  # the filter matches something in the real data
    assert {name: int(row["Specs"]) for name, row in index_rows(app).items()} == expected


def test_match_sort_limit_columns(make_app, tmp_path):
    body = (
        f".. cache-index::\n   :tag: {TAG}\n   :match: py-*, c*\n"
        "   :sort: -specs\n   :limit: 3\n   :columns: specs, package\n"
    )
    app = build_page(make_app, tmp_path, body)
    assert warnings_by_subtype(app.warning.getvalue()) == {}
    expected = {
        name: len(front["spec_details"])
        for name, front in real_tag(TAG).items()
        if fnmatch.fnmatchcase(name, "py-*") or fnmatch.fnmatchcase(name, "c*")
    }
    ranked = sorted(expected.items(), key=lambda item: (-item[1], item[0]))
    table = soup_of(app).select_one("table.cachecatalog-index")
    header, *rows = rows_of(table)
    assert header == ["Specs", "Package"]
    assert rows == [[str(count), name] for name, count in ranked[:3]]
    note = soup_of(app).select_one("p.cachecatalog-limit")
    assert note.get_text() == f"Showing 3 of {len(expected)}."


def test_versions_sort_as_versions(make_app, tmp_path):
    app = build_page(
        make_app,
        tmp_path,
        f".. cache-specs:: py-numpy\n   :tag: {TAG}\n   :sort: version\n   :columns: version\n",
    )
    versions = [row[0] for row in rows_of(soup_of(app).select_one("table.cachecatalog-specs"))[1:]]
    as_numbers = [tuple(int(p) for p in v.split(".")) for v in versions]
    assert as_numbers == sorted(as_numbers)
    assert len(set(versions)) > 3


def test_nothing_matches_is_a_paragraph_not_a_warning(make_app, tmp_path):
    body = f".. cache-index::\n   :tag: {TAG}\n   :os: sequoia\n   :target: x86_64_v3\n"
    app = build_page(make_app, tmp_path, body)
    assert "WARNING" not in strip_colors(app.warning.getvalue())
    soup = soup_of(app)
    assert soup.select("table.cachecatalog-index") == []
    assert soup.select_one("p.cachecatalog-empty").get_text() == "No packages match."


@pytest.mark.parametrize(
    ("option", "words"),
    [
        (
            ":sort: size",
            ":sort: 'size' is not a column; valid: package, specs, versions, compilers, oss, platforms",
        ),
        (":limit: 0", ":limit: must be a whole number of rows, 1 or more, not '0'"),
        (":limit: many", ":limit: must be a whole number of rows, 1 or more, not 'many'"),
        (":columns: package, hash", ":columns: 'hash' is not a column; valid: package, specs"),
        (":os: ubuntu2204", ":os: 'ubuntu2204' is not in the catalog (did you mean 'ubuntu22.04'"),
        (":compiler: gcc@", "'gcc@' is not a compiler"),
        (":stack: e4", ":stack: 'e4' is not in the catalog (did you mean 'e4s'"),
        (":compiler: gcc@14", ":compiler: 'gcc@14' is not in the catalog"),
        (
            ":variant: +mpii",
            ":variant: '+mpii': no variant named 'mpii' is in the catalog (did you mean '+mpi'",
        ),
        (":version: 2.3.x", ":version: '2.3.x' is not in the catalog"),
    ],
)
def test_wrong_option_values_name_the_value_and_the_valid_ones(make_app, tmp_path, option, words):
    app = build_page(make_app, tmp_path, f".. cache-index::\n   :tag: {TAG}\n   {option}\n\nAfter.\n")
    found = warnings_by_subtype(app.warning.getvalue())
    assert list(found) == ["bad-option"]
    assert words in found["bad-option"][0]
    assert found["bad-option"][0].startswith(f"{Path(app.srcdir) / 'index.rst'}:4: WARNING:")
    soup = soup_of(app)
    shown = soup.select_one(".cachecatalog-error").get_text()
    assert words in shown.replace("\N{LEFT SINGLE QUOTATION MARK}", "'").replace(
        "\N{RIGHT SINGLE QUOTATION MARK}", "'"
    )
    assert "After." in soup.get_text()


def test_a_tag_wide_typo_lists_the_closest_ten_and_every_stack(make_app, tmp_path):
    specs = [s for front in real_tag(TAG).values() for s in front["spec_details"]]
    oss, stacks = {s["os"] for s in specs}, {x for s in specs for x in s["stacks"]}
    app = build_page(make_app, tmp_path, f".. cache-index::\n   :tag: {TAG}\n   :os: ubuntu2204\n")
    listed = warnings_by_subtype(app.warning.getvalue())["bad-option"][0].split("; valid: ")[1]
    listed = listed.removesuffix(" [cachecatalog.bad-option]")
    shown, _, more = listed.partition(" and ")
    assert set(shown.split(", ")) <= oss
    assert len(shown.split(", ")) == min(10, len(oss))
    assert int(more.split()[0] if more else 0) == len(oss) - min(10, len(oss))
    other = tmp_path / "stack"
    other.mkdir()
    app = build_page(make_app, other, f".. cache-index::\n   :tag: {TAG}\n   :stack: e4\n")
    listed = warnings_by_subtype(app.warning.getvalue())["bad-option"][0].split("; valid: ")[1]
    assert listed.removesuffix(" [cachecatalog.bad-option]") == ", ".join(sorted(stacks))


def test_a_package_typo_lists_the_values_of_the_package(make_app, tmp_path):
    specs = real_tag(TAG)["py-mpi4py"]["spec_details"]
    app = build_page(
        make_app, tmp_path, f".. cache-package:: py-mpi4py\n   :tag: {TAG}\n   :compiler: gcc@14\n"
    )
    (warning,) = warnings_by_subtype(app.warning.getvalue())["bad-option"]
    listed = warning.split("; valid: ")[1].removesuffix(" [cachecatalog.bad-option]")
    assert listed == ", ".join(sorted({s["compiler"] for s in specs} - {"none"}))


def test_a_valid_value_that_matches_nothing_in_this_package_is_no_typo(make_app, tmp_path):
    """windows is an OS of the tag; py-mpi4py has no windows build: "no match", no warning."""
    specs = [s for front in real_tag(TAG).values() for s in front["spec_details"]]
    assert any(s["os"].startswith("windows") for s in specs)
    windows = next(s["os"] for s in specs if s["os"].startswith("windows"))
    assert not any(s["os"] == windows for s in real_tag(TAG)["py-mpi4py"]["spec_details"])
    app = build_page(make_app, tmp_path, f".. cache-package:: py-mpi4py\n   :tag: {TAG}\n   :os: {windows}\n")
    assert warnings_by_subtype(app.warning.getvalue()) == {}
    assert "No specs of py-mpi4py in develop-2025-07-13 match." in soup_of(app).get_text()


def test_stack_lists_its_packages_with_totals(make_app, tmp_path):
    app = build_page(make_app, tmp_path, f".. cache-stack:: e4s\n   :tag: {TAG}\n")
    assert warnings_by_subtype(app.warning.getvalue()) == {}
    expected = {}
    for name, front in real_tag(TAG).items():
        specs = [s for s in front["spec_details"] if "e4s" in s["stacks"]]
        if specs:
            expected[name] = specs
    totals = dict(rows_of(soup_of(app).select_one("table.cachecatalog-stack-totals")))
    every = [s for specs in expected.values() for s in specs]
    assert totals["Stack"] == "e4s"
    assert totals["Packages"] == str(len(expected))
    assert totals["Specs"] == str(len(every))
    assert set(totals["Compilers"].split(", ")) == {s["compiler"] for s in every} - {"none"}
    assert set(totals["OSs"].split(", ")) == {s["os"] for s in every}
    rows = index_rows(app, "table.cachecatalog-stack")
    assert {name: int(row["Specs"]) for name, row in rows.items()} == {n: len(s) for n, s in expected.items()}
    assert "Stacks" not in next(iter(rows.values()))


def test_unknown_stack(make_app, tmp_path):
    app = build_page(make_app, tmp_path, f".. cache-stack:: e4s-oneap\n   :tag: {TAG}\n")
    found = warnings_by_subtype(app.warning.getvalue())
    assert list(found) == ["unknown-stack"]
    assert "did you mean 'e4s-oneapi'" in found["unknown-stack"][0]


def test_index_links_a_package_documented_here(make_app, tmp_path):
    body = (
        f".. cache-index::\n   :tag: {TAG}\n   :match: cmake, hdf5\n\n"
        f".. cache-package:: cmake\n   :tag: {TAG}\n   :no-specs:\n"
    )
    app = build_page(make_app, tmp_path, body)
    assert warnings_by_subtype(app.warning.getvalue()) == {}
    links = {a.get_text(): a["href"] for a in soup_of(app).select("table.cachecatalog-index a.reference")}
    assert links["cmake"] == f"#cache-package-{TAG}-cmake"
    assert links["hdf5"].startswith("https://packages.spack.io/")


@pytest.mark.parametrize("builder", ["text", "latex", "man"])
def test_listings_in_other_builders(make_app, tmp_path, builder):
    body = (
        f".. cache-index::\n   :tag: {TAG}\n   :limit: 2\n\n.. cache-stack:: hep\n   :tag: {TAG}\n\n"
        ".. cache-stats::\n   :tag: all\n\n.. cache-diff:: develop-2025-06-01 develop-2025-07-13\n\n"
        f".. cache-mirror::\n   :tag: {TAG}\n"
    )
    app = build_page(make_app, tmp_path, body, builder)
    assert "WARNING" not in strip_colors(app.warning.getvalue())
    out = next(p for p in Path(app.outdir).iterdir() if p.suffix in (".txt", ".tex", ".1"))
    text = out.read_text(encoding="utf-8").replace(r"\sphinxhyphen{}", "-").replace("\\-", "-")
    assert "Showing 2 of 12." in text
    assert "adiak" in text
    assert "Specs per compiler" in text
    assert "Packages changed from develop-2025-06-01 to develop-2025-07-13" in text
    assert "buildcache" in text
    if builder == "man":  # a table title would have become the man page's title
        assert ".SH NAME\nprojectnamenotset - Project name not set" in text


def test_stack_totals_count_only_matching_specs(make_app, tmp_path):
    app = build_page(make_app, tmp_path, f".. cache-stack:: e4s\n   :tag: {TAG}\n   :compiler: gcc\n")
    specs = [
        s
        for front in real_tag(TAG).values()
        for s in front["spec_details"]
        if "e4s" in s["stacks"] and s["compiler"].startswith("gcc@")
    ]
    totals = dict(rows_of(soup_of(app).select_one("table.cachecatalog-stack-totals")))
    assert totals["Specs"] == str(len(specs))
    assert set(totals["Compilers"].split(", ")) == {s["compiler"] for s in specs}
    assert "none" not in totals["Compilers"]  # compiler-less specs of e4s are filtered out


#: The real tags oldest first: the release, then the snapshots by the date in their names.
TAGS_IN_ORDER = ("v0.23.1", "develop-2025-06-01", "develop-2025-07-13")


def tag_rows() -> list[tuple[str, str, str, str]]:
    """``(tag, date, packages, specs)`` of each real tag, oldest first, worked out here."""
    rows = []
    for tag in TAGS_IN_ORDER:
        date = tag.removeprefix("develop-") if tag.startswith("develop-") else "\N{EM DASH}"
        front = real_tag(tag)
        rows.append((tag, date, str(len(front)), str(sum(len(f["spec_details"]) for f in front.values()))))
    return rows


def test_tags_are_listed_oldest_first_with_their_dates(make_app, tmp_path):
    app = build_page(make_app, tmp_path, ".. cache-tags::\n")
    assert warnings_by_subtype(app.warning.getvalue()) == {}
    header, *rows = rows_of(soup_of(app).select_one("table.cachecatalog-tags"))
    assert header == ["Tag", "Date", "Packages", "Specs", "Stacks"]
    assert [tuple(row[:4]) for row in rows] == tag_rows()


@pytest.mark.parametrize("builder", ["text", "man", "latex"])
def test_tags_in_order_with_dates_in_other_builders(make_app, tmp_path, builder):
    app = build_page(make_app, tmp_path, ".. cache-tags::\n", builder)
    assert "WARNING" not in strip_colors(app.warning.getvalue())
    out = next(p for p in Path(app.outdir).iterdir() if p.suffix in (".txt", ".tex", ".1"))
    text = out.read_text(encoding="utf-8").replace(r"\sphinxhyphen{}", "-").replace("\\-", "-")
    if builder == "latex":  # a cell a line
        cells = re.findall(r"^\\cachecatalogcell (?:\\mbox\{)?([^}\n]*)", text, re.MULTILINE)
        assert cells[:5] == ["Tag", "Date", "Packages", "Specs", "Stacks"]
        rows = [tuple(cells[at : at + 4]) for at in range(5, len(cells), 5)]
        assert rows == tag_rows()
    else:
        lines = [line.split() for line in text.splitlines()]
        table = [tuple(line[:4]) for line in lines if line and line[0] in TAGS_IN_ORDER]
        assert table == tag_rows()
        assert any(line[:2] == ["Tag", "Date"] for line in lines)


def test_placed_tags_first_and_the_rest_after(make_app, tmp_path):
    app = build_page(
        make_app, tmp_path, ".. cache-tags::\n", cachecatalog_tag_order=["develop-2025-07-13", "v0.23.1"]
    )
    assert warnings_by_subtype(app.warning.getvalue()) == {}
    _, *rows = rows_of(soup_of(app).select_one("table.cachecatalog-tags"))
    assert [row[0] for row in rows] == ["develop-2025-07-13", "v0.23.1", "develop-2025-06-01"]


def test_undated_tags_are_listed_last_and_given_tags_keep_their_order(make_app, tmp_path):
    catalog = tmp_path / "catalog"
    for tag in TAGS_IN_ORDER:
        shutil.copytree(CACHE / tag / "bzip2", catalog / tag / "bzip2")
    text = (CACHE / "develop-2025-07-13" / "bzip2" / "specs.md").read_text(encoding="utf-8")
    (catalog / "develop" / "bzip2").mkdir(parents=True)
    (catalog / "develop" / "bzip2" / "specs.md").write_text(
        text.replace("[package, develop-2025-07-13]", "[package, develop]"), encoding="utf-8"
    )
    body = ".. cache-tags::\n\n.. cache-tags::\n   :tags: develop, develop-2025-06-01\n"
    app = build_page(make_app, tmp_path, body, cachecatalog_path=str(catalog))
    assert warnings_by_subtype(app.warning.getvalue()) == {}
    every, given = soup_of(app).select("table.cachecatalog-tags")
    _, *rows = rows_of(every)
    assert [row[:2] for row in rows] == [
        ["v0.23.1", "\N{EM DASH}"],
        ["develop-2025-06-01", "2025-06-01"],
        ["develop-2025-07-13", "2025-07-13"],
        ["develop", "\N{EM DASH}"],  # a rolling tag: of no known age, so last
    ]
    _, *rows = rows_of(given)
    assert [row[:2] for row in rows] == [["develop", "\N{EM DASH}"], ["develop-2025-06-01", "2025-06-01"]]


def test_no_date_column_where_no_tag_has_a_date(make_app, tmp_path):
    app = build_page(make_app, tmp_path, ".. cache-tags::\n   :tags: v0.23.1\n")
    header, _ = rows_of(soup_of(app).select_one("table.cachecatalog-tags"))
    assert header == ["Tag", "Packages", "Specs", "Stacks"]
