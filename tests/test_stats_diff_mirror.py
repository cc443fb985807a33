"""``cache-stats``, ``cache-diff`` and ``cache-mirror`` on the real data."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from .conftest import CACHE, build_page, real_tag, rows_of, soup_of, strip_colors, warnings_by_subtype

OLD, NEW = "develop-2025-06-01", "develop-2025-07-13"


def titled_tables(app):
    blocks = soup_of(app).select("div.cachecatalog-stats div.cachecatalog-breakdown")
    return {block.select_one("p.rubric").get_text(): rows_of(block.select_one("table")) for block in blocks}


def breakdown(rows: list[list[str]]) -> dict[str, int]:
    return {value: int(count) for value, count, _share in rows[1:]}


def test_stats_of_a_tag(make_app, tmp_path):
    app = build_page(make_app, tmp_path, f".. cache-stats::\n   :tag: {NEW}\n")
    assert warnings_by_subtype(app.warning.getvalue()) == {}
    specs = [s for front in real_tag(NEW).values() for s in front["spec_details"]]
    tables = titled_tables(app)
    assert dict(tables["Totals"]) == {
        "Tag": NEW,
        "Packages": str(len(real_tag(NEW))),
        "Specs": str(len(specs)),
    }
    assert breakdown(tables["Specs per stack"]) == Counter(x for s in specs for x in s["stacks"])
    assert breakdown(tables["Specs per compiler"]) == Counter(
        s["compiler"]
        for s in specs
        if s["compiler"] != "none"  # "none" is no compiler
    )
    assert breakdown(tables["Specs per OS"]) == Counter(s["os"] for s in specs)
    assert breakdown(tables["Specs per target"]) == Counter(s["target"] for s in specs)
    assert breakdown(tables["Specs per platform"]) == Counter(s["platform"] for s in specs)
    counts = [int(row[1]) for row in tables["Specs per compiler"][1:]]
    assert counts == sorted(counts, reverse=True)
    assert tables["Specs per stack"][-1][0] == "root"
    assert tables["Specs per stack"][-1][2] == "100.0 %"


def test_stats_of_every_tag_with_a_filter(make_app, tmp_path):
    app = build_page(make_app, tmp_path, ".. cache-stats::\n   :tag: all\n   :compiler: gcc@11.4.0\n")
    assert warnings_by_subtype(app.warning.getvalue()) == {}
    per_tag = {}
    names = set()
    for tag in (OLD, NEW, "v0.23.1"):
        kept = {
            n: [s for s in f["spec_details"] if s["compiler"].replace("@=", "@") == "gcc@11.4.0"]
            for n, f in real_tag(tag).items()
        }
        kept = {n: s for n, s in kept.items() if s}
        names |= set(kept)
        per_tag[tag] = [tag, str(len(kept)), str(sum(len(s) for s in kept.values()))]
    tables = titled_tables(app)
    total = sum(int(row[2]) for row in per_tag.values())
    assert dict(tables["Totals"]) == {"Tags": "3", "Packages": str(len(names)), "Specs": str(total)}
    order = ["v0.23.1", "develop-2025-06-01", "develop-2025-07-13"]  # releases, then snapshots by date
    assert tables["Per tag"][1:] == [per_tag[tag] for tag in order if tag in per_tag]
    assert breakdown(tables["Specs per compiler"]) == {"gcc@11.4.0": total}


def configuration(spec: dict[str, Any]) -> tuple[object, ...]:
    """A spec apart from its hash, spelled independently of the code under test."""
    compiler = spec["compiler"].replace("@=", "@", 1)
    variants = tuple(sorted(v.replace(":=", "=", 1) for v in spec["variants"]))
    return (tuple(spec["versions"]), compiler, spec["os"], spec["platform"], spec["target"], variants)


def independent_diff(old: str, new: str):
    """Per package in both tags: (configurations added, removed, rebuilt, versions added, removed)."""
    before, after = real_tag(old), real_tag(new)
    changed, rebuilt = {}, {}
    for name in sorted(before.keys() & after.keys()):
        a, b = before[name]["spec_details"], after[name]["spec_details"]
        ha, hb = {s["hash"] for s in a}, {s["hash"] for s in b}
        ca = Counter(configuration(s) for s in a if s["hash"] not in hb)
        cb = Counter(configuration(s) for s in b if s["hash"] not in ha)
        va = {v for s in a for v in s["versions"]}
        vb = {v for s in b for v in s["versions"]}
        sa = {x for s in a for x in s["stacks"]}
        sb = {x for s in b for x in s["stacks"]}
        numbers = (
            sum((cb - ca).values()),
            sum((ca - cb).values()),
            sum((ca & cb).values()),
            vb - va,
            va - vb,
        )
        if numbers[0] or numbers[1] or va != vb or sa != sb:
            changed[name] = numbers
        elif numbers[2]:
            rebuilt[name] = numbers[2]
    return before, after, changed, rebuilt


def test_diff_between_two_snapshots(make_app, tmp_path):
    app = build_page(make_app, tmp_path, f".. cache-diff:: {OLD} {NEW}\n")
    assert warnings_by_subtype(app.warning.getvalue()) == {}
    before, after, changed, rebuilt = independent_diff(OLD, NEW)
    # snapshots rebuild everything: by hash alone, nearly every spec would be "new"
    rebuilt_specs = sum(c[2] for c in changed.values()) + sum(rebuilt.values())
    assert rebuilt_specs > sum(c[0] for c in changed.values())
    assert "adiak" in changed  # a new commit= variant value is a real change
    soup = soup_of(app)
    counts = dict(rows_of(soup.select_one("table.cachecatalog-diff-counts")))
    assert counts["Packages added"] == str(len(after.keys() - before.keys()))
    assert counts["Packages removed"] == str(len(before.keys() - after.keys()))
    assert counts["Packages changed"] == str(len(changed))
    assert counts["Packages only rebuilt"] == str(len(rebuilt))
    assert counts["Packages unchanged"] == str(
        len(before.keys() & after.keys()) - len(changed) - len(rebuilt)
    )
    assert counts["Specs added"] == str(sum(c[0] for c in changed.values()))
    assert counts["Specs removed"] == str(sum(c[1] for c in changed.values()))
    assert counts["Specs rebuilt"] == str(sum(c[2] for c in changed.values()) + sum(rebuilt.values()))
    header, *rows = rows_of(soup.select_one("table.cachecatalog-diff-changed"))
    assert header == [
        "Package",
        "Specs added",
        "Specs removed",
        "Versions added",
        "Versions removed",
        "Stacks gained",
        "Stacks lost",
        "Rebuilt",
    ]
    shown = {row[0]: row for row in rows}
    assert list(shown) == sorted(changed)
    for name, (added, removed, again, v_added, v_removed) in changed.items():
        assert shown[name][1:3] == [str(added), str(removed)]
        assert shown[name][7] == str(again)
        assert set(filter(None, shown[name][3].split(", "))) == v_added
        assert set(filter(None, shown[name][4].split(", "))) == v_removed
    only_rebuilt = soup.select_one("table.cachecatalog-diff-rebuilt")
    rows = rows_of(only_rebuilt)[1:] if only_rebuilt else []
    assert {row[0]: int(row[1]) for row in rows} == rebuilt


def test_a_snapshot_that_only_rebuilt_a_package(make_app, tmp_path):
    """The same configurations under new hashes: rebuilt, not changed."""
    import json

    root = tmp_path / "catalog"
    shutil.copytree(CACHE / OLD / "bzip2", root / OLD / "bzip2")
    text = (CACHE / OLD / "bzip2" / "specs.md").read_text(encoding="utf-8").replace(OLD, "later")
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("spec_details: "))
    specs = json.loads(lines[at][len("spec_details: ") :])
    for spec in specs:
        spec["hash"] = spec["hash"][::-1]
    lines[at] = "spec_details: " + json.dumps(specs)
    (root / "later" / "bzip2").mkdir(parents=True)
    (root / "later" / "bzip2" / "specs.md").write_text("\n".join(lines), encoding="utf-8")
    app = build_page(make_app, tmp_path, f".. cache-diff:: {OLD} later\n", cachecatalog_path=str(root))
    soup = soup_of(app)
    counts = dict(rows_of(soup.select_one("table.cachecatalog-diff-counts")))
    assert counts["Packages changed"] == "0"
    assert counts["Packages only rebuilt"] == "1"
    assert counts["Specs added"] == counts["Specs removed"] == "0"
    assert counts["Specs rebuilt"] == str(len(specs))
    assert rows_of(soup.select_one("table.cachecatalog-diff-rebuilt"))[1] == ["bzip2", str(len(specs))]


def test_diff_with_added_and_removed_packages(make_app, tmp_path):
    app = build_page(
        make_app, tmp_path, f".. cache-diff:: v0.23.1 {NEW}\n   :match: adiak, bzip2, cuda, cmake\n"
    )
    assert warnings_by_subtype(app.warning.getvalue()) == {}
    soup = soup_of(app)
    added = rows_of(soup.select_one("table.cachecatalog-diff-added"))
    assert added == [
        ["Package", "Specs", "Versions"],
        ["cmake", str(len(real_tag(NEW)["cmake"]["spec_details"])), "3.31.8, 3.25.3"],
    ]
    assert soup.select("table.cachecatalog-diff-removed") == []  # v0.23.1 has only adiak, bzip2, cuda


def test_diff_of_a_tag_with_itself(make_app, tmp_path):
    app = build_page(make_app, tmp_path, f".. cache-diff:: {NEW} {NEW}\n")
    text = soup_of(app).select_one("p.cachecatalog-empty").get_text()
    assert text == f"No differences between {NEW} and {NEW} ({len(real_tag(NEW))} packages compared)."


def test_diff_text_output(make_app, tmp_path):
    app = build_page(make_app, tmp_path, f".. cache-diff:: {OLD} {NEW}\n   :match: py-*\n", "text")
    assert "WARNING" not in strip_colors(app.warning.getvalue())
    text = (Path(app.outdir) / "index.txt").read_text(encoding="utf-8")
    assert f"Packages changed from {OLD} to {NEW}" in text
    assert "py-numpy" in text


@pytest.mark.parametrize(
    ("tag", "conf", "url"),
    [
        (NEW, {}, f"https://binaries.spack.io/{NEW}"),
        ("v0.23.1", {}, "https://binaries.spack.io/v0.23.1"),  # from the data's own tarball URLs
        (
            NEW,
            {"cachecatalog_mirror_url": "https://mirror.example.org/{tag}/"},
            f"https://mirror.example.org/{NEW}/",
        ),
    ],
)
def test_mirror_commands(make_app, tmp_path, tag, conf, url):
    app = build_page(make_app, tmp_path, f".. cache-mirror::\n   :tag: {tag}\n", "text", **conf)
    assert "WARNING" not in strip_colors(app.warning.getvalue())
    text = (Path(app.outdir) / "index.txt").read_text(encoding="utf-8")
    assert f"$ spack mirror add {tag} {url}\n" in text
    assert "$ spack buildcache keys --install --trust" in text


def test_mirror_url_of_release_tags_without_tarballs(tmp_path):
    from sphinx_cachecatalog.catalog.mirror import mirror_url

    assert mirror_url("v1.0.2", []) == "https://binaries.spack.io/releases/v1.0.2"
    assert mirror_url("develop", []) == "https://binaries.spack.io/develop"


def test_a_tag_spread_over_roots_and_a_duplicate(make_app, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    for name in ("cmake", "hdf5"):
        shutil.copytree(CACHE / NEW / name, first / NEW / name)
    for name in ("hdf5", "zlib-ng"):
        shutil.copytree(CACHE / NEW / name, second / NEW / name)
    app = build_page(make_app, tmp_path, ".. cache-index::\n", cachecatalog_path=[str(first), str(second)])
    found = warnings_by_subtype(app.warning.getvalue())
    assert list(found) == ["duplicate-package"]
    assert str(first / NEW / "hdf5" / "specs.md") in found["duplicate-package"][0]
    assert found["duplicate-package"][0].startswith(str(second / NEW / "hdf5" / "specs.md"))
    assert [row[0] for row in rows_of(soup_of(app).select_one("table.cachecatalog-index"))[1:]] == [
        "cmake",
        "hdf5",
        "zlib-ng",
    ]


def test_a_tag_typo_of_all_suggests_all(make_app, tmp_path):
    app = build_page(make_app, tmp_path, ".. cache-stats::\n   :tag: al\n")
    (warning,) = warnings_by_subtype(app.warning.getvalue())["unknown-tag"]
    assert "tag 'al' is not in the catalog (did you mean 'all'?)" in warning
    assert warning.endswith(
        f"known tags: {', '.join(sorted(p.name for p in CACHE.iterdir()))}, all [cachecatalog.unknown-tag]"
    )
