"""``cache-changes``: one package from one tag to another, on the real data.

Expected counts and specs come from the real files read with plain
``yaml.safe_load`` (``real_tag``) and the multiset matching written again:
specs matched by hash, then per configuration ``min(old, new)`` rebuilt and
the surplus new or dropped.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from .conftest import build_page, real_tag, rows_of, soup_of, warnings_by_subtype
from .test_stats_diff_mirror import configuration

RELEASE, OLD, NEW = "v0.23.1", "develop-2025-06-01", "develop-2025-07-13"


def expected(name: str, old: str, new: str) -> tuple[Counter[Any], Counter[Any], int, int]:
    """Configurations new and dropped (as multisets), specs rebuilt and unchanged."""
    before = real_tag(old)[name]["spec_details"] if name in real_tag(old) else []
    after = real_tag(new)[name]["spec_details"] if name in real_tag(new) else []
    old_hashes, new_hashes = {s["hash"] for s in before}, {s["hash"] for s in after}
    gone = Counter(configuration(s) for s in before if s["hash"] not in new_hashes)
    came = Counter(configuration(s) for s in after if s["hash"] not in old_hashes)
    return came - gone, gone - came, sum((came & gone).values()), len(old_hashes & new_hashes)


def changes(name: str, old: str, new: str, extra: str = "") -> str:
    return f".. cache-changes:: {name} {old} {new}\n{extra}"


def tables(app: Any) -> dict[str, list[list[str]]]:
    """Each spec table of the changes under its rubric."""
    block = soup_of(app).select_one("div.cachecatalog-changes")
    assert block is not None
    found = {}
    for rubric in block.select("p.rubric"):
        table = rubric.find_next("table")
        assert table is not None
        found[rubric.get_text()] = rows_of(table)
    return found


@pytest.mark.parametrize(
    ("name", "old", "new"), [("cuda", OLD, NEW), ("cuda", RELEASE, OLD), ("umpire", OLD, NEW)]
)
def test_the_changes_of_a_package_between_two_real_tags(make_app, tmp_path, name, old, new):
    app = build_page(make_app, tmp_path, changes(name, old, new))
    assert warnings_by_subtype(app.warning.getvalue()) == {}
    added, dropped, rebuilt, same = expected(name, old, new)
    said = soup_of(app).select_one("p.cachecatalog-changes-summary").get_text()
    counts = [(sum(added.values()), "new"), (sum(dropped.values()), "dropped"), (rebuilt, "rebuilt")]
    counts += [(same, "unchanged")]
    for count, word in counts:
        assert (f"{count} {word}" in said) == bool(count), said
    assert said.startswith(f"From {old} to {new}: ")
    found = tables(app)
    assert sorted(found) == sorted(
        title for title, specs in ((f"Added in {new}", added), (f"Dropped in {new}", dropped)) if specs
    )
    for title, specs, tag in ((f"Added in {new}", added, new), (f"Dropped in {new}", dropped, old)):
        if not specs:
            continue
        header, *rows = found[title]
        assert header[:3] == ["Hash", "Version", "Compiler"]
        by_hash = {s["hash"]: s for s in real_tag(tag)[name]["spec_details"]}
        shown = [row[0].split()[0] for row in rows]  # the whole hash: the stylesheet clips it
        assert set(shown) <= set(by_hash)
        listed = Counter(configuration(by_hash[h]) for h in shown)
        assert listed == specs  # the specs themselves: exactly the surplus, from the right tag


def test_versions_and_stacks_that_came_and_went_are_said(make_app, tmp_path):
    app = build_page(make_app, tmp_path, changes("cuda", RELEASE, OLD))
    said = soup_of(app).select_one("p.cachecatalog-changes-summary").get_text()

    def values(tag: str, key: str) -> set[str]:
        return {v for s in real_tag(tag)["cuda"]["spec_details"] for v in s[key]}

    for key, word in (("versions", "Versions"), ("stacks", "Stacks")):
        came, went = values(OLD, key) - values(RELEASE, key), values(RELEASE, key) - values(OLD, key)
        assert came
        assert went
        assert f"{word} " in said
        assert all(value in said for value in came | went)


def test_a_package_absent_from_one_tag_is_all_new(make_app, tmp_path):
    app = build_page(make_app, tmp_path, changes("cmake", RELEASE, NEW))
    assert warnings_by_subtype(app.warning.getvalue()) == {}
    said = soup_of(app).select_one("p.cachecatalog-changes-summary").get_text()
    count = len(real_tag(NEW)["cmake"]["spec_details"])
    assert said.startswith(f"cmake is not in {RELEASE}. From {RELEASE} to {NEW}: {count} new specs.")
    assert list(tables(app)) == [f"Added in {NEW}"]


def test_the_same_tag_twice_is_no_change(make_app, tmp_path):
    app = build_page(make_app, tmp_path, changes("libelf", NEW, NEW))
    said = soup_of(app).select_one("p.cachecatalog-changes-summary").get_text()
    count = len(real_tag(NEW)["libelf"]["spec_details"])
    assert said == f"No change from {NEW} to {NEW}: the same {count} specs."
    assert tables(app) == {}


@pytest.mark.parametrize(
    ("body", "subtype", "words"),
    [
        (changes("nope", OLD, NEW), "unknown-package", f"package 'nope' is in neither '{OLD}' nor '{NEW}'"),
        (changes("cuda", "develop", NEW), "unknown-tag", "tag 'develop' is not in the catalog"),
        (changes("cuda", OLD, NEW, "   :stack: nope\n"), "bad-option", "nope"),
        (changes("cuda", OLD, NEW, "   :limit: 0\n"), "bad-option", ":limit: must be"),
    ],
)
def test_wrong_input_warns_and_shows_an_error(make_app, tmp_path, body, subtype, words):
    app = build_page(make_app, tmp_path, body)
    found = warnings_by_subtype(app.warning.getvalue())
    assert list(found) == [subtype]
    assert words in found[subtype][0]
    assert soup_of(app).select_one("div.cachecatalog-error") is not None


def test_a_limit_and_filters(make_app, tmp_path):
    app = build_page(make_app, tmp_path, changes("cuda", RELEASE, OLD, "   :limit: 3\n   :stack: e4s\n"))
    assert warnings_by_subtype(app.warning.getvalue()) == {}
    for title, rows in tables(app).items():
        assert len(rows) - 1 <= 3, title
        assert all("e4s" in row[-2] or "e4s" in " ".join(row) for row in rows[1:])
    assert "Showing 3 of" in soup_of(app).select_one("div.cachecatalog-changes").get_text()


def test_the_page_depends_on_the_two_files_alone(make_app, tmp_path):
    app = build_page(make_app, tmp_path, changes("cuda", OLD, NEW))
    deps = {tuple(Path(p).parts[-3:-1]) for p in app.env.dependencies["index"]}
    assert deps == {(OLD, "cuda"), (NEW, "cuda")}
    lookups = app.env.domains["cache"].lookups["index"]
    assert set(lookups) == {("pkg", OLD, "cuda"), ("pkg", NEW, "cuda")}


@pytest.mark.parametrize("builder", ["text", "latex", "man"])
def test_every_builder_shows_the_changes(make_app, tmp_path, builder):
    app = build_page(make_app, tmp_path, changes("cuda", OLD, NEW), builder=builder)
    assert warnings_by_subtype(app.warning.getvalue()) == {}
    out = next(p for p in Path(app.outdir).iterdir() if p.suffix in {".txt", ".tex", ".1"})
    text = out.read_text(encoding="utf-8").replace("\\sphinxhyphen{}", "-").replace("\\-", "-")
    assert f"From {OLD} to {NEW}" in " ".join(text.split())
    assert f"Dropped in {NEW}" in text


def test_the_older_tag_s_package_is_a_target(make_app, tmp_path):
    body = (
        f"See :cache:pkg:`{OLD}/cuda` and :cache:pkg:`{NEW}/cuda`.\n\n"
        + changes("cuda", OLD, NEW)
        + "\n"
        + changes("umpire", OLD, NEW, "   :no-index:\n")
        + "\n"
        + changes("hdf5", OLD, NEW, "   :stack: e4s\n")
    )
    app = build_page(make_app, tmp_path, body)
    claims = app.env.domains["cache"].claims["package"]
    assert sorted(claims) == [f"{OLD}/cuda"]  # not the newer tag's, a :no-index: one's, nor a view's
    soup = soup_of(app)
    links = {a.get_text(): a["href"] for a in soup.select("p a.reference")}
    assert links[f"{OLD}/cuda"] == f"#cache-package-{OLD}-cuda"
    assert soup.select_one(f"#cache-package-{OLD}-cuda.cachecatalog-changes") is not None
    assert links[f"{NEW}/cuda"].startswith("https://packages.spack.io/")  # no page here shows it
