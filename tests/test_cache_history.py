"""``cache-history``: a package across tags, and a version's lifetime, in every builder.

Expected rows come from the real files read with plain ``yaml.safe_load``
(``real_tag``) and the multiset matching written again here.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from sphinx_cachecatalog.catalog.versions import version_key

from .conftest import build_page, real_tag, rows_of, soup_of, spec_entry, text_of, warnings_by_subtype
from .test_stats_diff_mirror import configuration

#: The default order: releases by version, then dated snapshots by date.
ORDER = ["v0.23.1", "develop-2025-06-01", "develop-2025-07-13"]


def stack_order(specs: list[dict[str, Any]]) -> list[str]:
    """Stacks most specs first, then by name, ``root`` last (as package summaries list them)."""
    counts = Counter(stack for spec in specs for stack in spec["stacks"])
    return sorted(counts, key=lambda stack: (stack == "root", -counts[stack], stack))


def expected_rows(name: str) -> list[list[str]]:
    """Tag, date, specs, versions (newest first) and what changed, from the files alone."""
    rows, before = [], None
    for tag in ORDER:
        front = real_tag(tag).get(name)
        if front is None:
            continue
        specs = front["spec_details"]
        versions = sorted({v for s in specs for v in s["versions"]}, key=version_key, reverse=True)
        if before is None:
            changed = "first here"
        else:
            old_versions = {v for s in before for v in s["versions"]}
            added = [f"+{v}" for v in versions if v not in old_versions]
            dropped = [f"-{v}" for v in sorted(old_versions - set(versions), key=version_key, reverse=True)]
            hashes, old_hashes = {s["hash"] for s in specs}, {s["hash"] for s in before}
            new = Counter(configuration(s) for s in specs if s["hash"] not in old_hashes)
            old = Counter(configuration(s) for s in before if s["hash"] not in hashes)
            counts = [
                f"{n} {word}"
                for n, word in (
                    (sum((new - old).values()), "new"),
                    (sum((new & old).values()), "rebuilt"),
                    (sum((old - new).values()), "dropped"),
                )
                if n
            ]
            stacks, old_stacks = stack_order(specs), stack_order(before)
            moved = [f"+{x}" for x in stacks if x not in old_stacks] + [
                f"-{x}" for x in old_stacks if x not in stacks
            ]
            parts = [*added, *dropped, *(["stacks " + " ".join(moved)] if moved else [])]
            changed = "; ".join([*parts, *([", ".join(counts)] if counts else [])]) or "no change"
        date = tag.removeprefix("develop-") if tag.startswith("develop-") else "\N{EM DASH}"
        rows.append([tag, date, str(len(specs)), ", ".join(versions), changed])
        before = specs
    return rows


def test_the_history_of_a_package_on_the_real_tags(make_app: Any, tmp_path: Path) -> None:
    app = build_page(make_app, tmp_path, ".. cache-history:: cuda\n")
    assert warnings_by_subtype(app._warning.getvalue()) == {}
    soup = soup_of(app)
    table = soup.select_one("div.cachecatalog-history table")
    assert table is not None
    header, *rows = rows_of(table)
    assert header == ["Tag", "Date", "Specs", "Changed", "Versions", "Compilers", "Stacks"]
    assert [[row[0], row[1], row[2], row[4], row[3]] for row in rows] == expected_rows("cuda")
    svg = soup.select_one("div.cachecatalog-history svg")
    assert svg is not None  # a chart of specs per tag, with its text alternative
    desc = svg.select_one("desc")
    assert desc is not None
    said = ", ".join(f"{tag} {len(real_tag(tag)['cuda']['spec_details'])}" for tag in ORDER)
    assert desc.get_text() == f"Specs of cuda per tag, in order: {said} specs. The table has every value."


def test_a_filtered_history(make_app: Any, tmp_path: Path) -> None:
    app = build_page(make_app, tmp_path, ".. cache-history:: cuda\n   :os: ubuntu22.04\n")
    table = soup_of(app).select_one("div.cachecatalog-history table")
    assert table is not None
    counts = [row[2] for row in rows_of(table)[1:]]
    expected = [
        str(sum(s["os"] == "ubuntu22.04" for s in real_tag(tag)["cuda"]["spec_details"])) for tag in ORDER
    ]
    assert counts == [count for count in expected if count != "0"]


def test_a_version_s_lifetime(make_app: Any, tmp_path: Path) -> None:
    body = ".. cache-history:: cuda\n   :version: 11.8.0\n\n.. cache-history:: cuda\n   :version: 12.6.2\n"
    app = build_page(make_app, tmp_path, body)
    said = [p.get_text() for p in soup_of(app).select("p.cachecatalog-lifetime")]
    assert said == [
        "cuda 11.8.0 entered the cache once; it is in the last tag, develop-2025-07-13.",
        "cuda 12.6.2 entered the cache once; it is not in the last tag, develop-2025-07-13.",
    ]
    spans = [rows_of(table)[1:] for table in soup_of(app).select("table.cachecatalog-lifetime-table")]
    assert spans == [[["v0.23.1", "develop-2025-07-13", "3"]], [["v0.23.1", "v0.23.1", "1"]]]


def made_catalog(root: Path, held: dict[str, list[str]]) -> Path:
    """Package zlib in each tag of ``held``, with one spec per version listed."""
    for tag, versions in held.items():
        details = [spec_entry(hash=f"{tag[-2:]}{n}x", versions=[v]) for n, v in enumerate(versions)]
        path = root / tag / "zlib" / "specs.md"
        path.parent.mkdir(parents=True)
        path.write_text(text_of(details, title='"zlib"', tag=tag), encoding="utf-8")
    return root


def test_a_version_that_left_and_came_back_has_two_spans(make_app: Any, tmp_path: Path) -> None:
    root = made_catalog(
        tmp_path / "cache",
        {
            "develop-2025-01-05": ["1.3"],
            "develop-2025-02-02": ["1.3.1"],
            "develop-2025-03-02": ["1.3", "1.3.1"],
            "develop": ["1.3.1"],  # undated: not in the history
        },
    )
    body = ".. cache-history:: zlib\n   :version: 1.3\n"
    app = build_page(make_app, tmp_path, body, "text", cachecatalog_path=str(root))
    text = " ".join((Path(app.outdir) / "index.txt").read_text(encoding="utf-8").split())
    assert (
        "zlib 1.3 entered the cache 2 times (it left and came back); it is in the last tag, develop-2025-03-02."
        in text
    )


def test_an_unknown_package_warns(make_app: Any, tmp_path: Path) -> None:
    app = build_page(make_app, tmp_path, ".. cache-history:: cudaa\n")
    (warning,) = warnings_by_subtype(app._warning.getvalue())["unknown-package"]
    assert "'cudaa' is not in any tag of the history (did you mean 'cuda'?)" in warning


def test_cache_tags_charts_the_catalog_s_own_history(make_app: Any, tmp_path: Path) -> None:
    app = build_page(make_app, tmp_path, ".. cache-tags::\n")
    descs = [desc.get_text() for desc in soup_of(app).select("div.cachecatalog svg desc")]
    packages = ", ".join(f"{tag} {len(real_tag(tag))}" for tag in ORDER)
    specs = ", ".join(f"{tag} {sum(len(f['spec_details']) for f in real_tag(tag).values())}" for tag in ORDER)
    assert descs == [
        f"Packages per tag, in order: {packages} packages. The table has every value.",
        f"Specs per tag, in order: {specs} specs. The table has every value.",
    ]
    text = build_page(make_app, tmp_path, ".. cache-tags::\n", "text")
    assert "<svg" not in (Path(text.outdir) / "index.txt").read_text(encoding="utf-8")


def test_what_is_unknown_is_said_not_guessed(make_app: Any, tmp_path: Path) -> None:
    root = made_catalog(tmp_path / "cache", {"develop-2025-01-05": ["1.3"], "develop-2025-02-02": ["1.3"]})
    (root / "develop-2025-03-02" / "zlib").mkdir(parents=True)
    (root / "develop-2025-03-02" / "zlib" / "specs.md").write_text(
        "---\nnot yaml: [\n---\n", encoding="utf-8"
    )
    body = ".. cache-history:: zlib\n\n.. cache-history:: zlib\n   :version: 1.3\n"
    app = build_page(make_app, tmp_path, body, cachecatalog_path=str(root))
    soup = soup_of(app)
    unknown = soup.select_one("p.cachecatalog-unreadable")
    assert unknown is not None
    assert (
        unknown.get_text()
        == "Unknown in develop-2025-03-02: the catalog file of zlib there could not be read."
    )
    lifetime = soup.select_one("p.cachecatalog-lifetime")
    assert lifetime is not None
    assert lifetime.get_text() == (
        "zlib 1.3 entered the cache once; whether the last tag, develop-2025-03-02, holds it is unknown: "
        "the file there could not be read."
    )


def test_a_package_only_in_undated_tags_says_how_to_place_them(make_app: Any, tmp_path: Path) -> None:
    root = made_catalog(tmp_path / "cache", {"develop": ["1.3"]})
    app = build_page(make_app, tmp_path, ".. cache-history:: zlib\n", cachecatalog_path=str(root))
    (warning,) = warnings_by_subtype(app._warning.getvalue())["unknown-tag"]
    assert "zlib is only in tags without a date (develop), which a history leaves out" in warning
    assert "cachecatalog_tag_order" in warning
