"""Spack indexes as catalog sources (``cachecatalog_sources``): read, merged, and rebuilt exactly."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from sphinx_cachecatalog.catalog import demo
from sphinx_cachecatalog.catalog.loader import CatalogLoader
from sphinx_cachecatalog.catalog.sources import SOURCE_CONFLICT, IndexSource

from .conftest import build_page, rows_of, soup_of, strip_colors, warnings_by_subtype
from .test_catalog_spackdb import V8, installs, made, node


def source(path: Path, stack: str = "e4s", tag: str = "develop") -> dict[str, str]:
    return {"index": str(path), "tag": tag, "stack": stack}


def test_a_spack_index_feeds_the_directives(make_app, tmp_path):
    app = build_page(
        make_app,
        tmp_path,
        ".. cache-package:: libdwarf\n",
        cachecatalog_path=[],
        cachecatalog_sources=[source(V8)],
    )
    assert warnings_by_subtype(app.warning.getvalue()) == {}
    entries = installs(V8)
    want = {
        k: r["spec"] for k, r in entries.items() if r["in_buildcache"] and r["spec"]["name"] == "libdwarf"
    }
    soup = soup_of(app)
    rows = rows_of(soup.select_one("table.cachecatalog-specs tbody"))
    assert {row[0] for row in rows} == set(want)
    summary = {row[0]: row[1] for row in rows_of(soup.select_one("table.cachecatalog-summary"))}
    assert summary["Compilers"] == "gcc@10.2.1"  # from the annotation and from the c provider alike
    assert summary["Stacks"] == f"e4s ({len(want)}), root ({len(want)})"
    status = re.search(r"cachecatalog: .*", app.status.getvalue())
    assert status is not None
    assert status.group(0).endswith("(1 file, 1 parsed)")


def test_a_hash_in_two_stacks_indexes_is_one_spec_in_both(make_app, tmp_path):
    app = build_page(
        make_app,
        tmp_path,
        ".. cache-specs:: libelf\n",
        cachecatalog_path=[],
        cachecatalog_sources=[source(V8, "e4s"), source(V8, "ml")],
    )
    rows = rows_of(soup_of(app).select_one("table.cachecatalog-specs tbody"))
    libelf = [k for k, r in installs(V8).items() if r["in_buildcache"] and r["spec"]["name"] == "libelf"]
    assert sorted(row[0] for row in rows) == sorted(libelf)
    header = [th.get_text(strip=True) for th in soup_of(app).select("table.cachecatalog-specs thead th")]
    assert {row[header.index("Stacks")] for row in rows} == {"e4s, ml, root"}


def test_sources_that_disagree_warn_and_the_first_wins(make_app, tmp_path):
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    first.write_bytes(made({"abc123": node("app", "abc123")}))
    other = node("app", "abc123")
    other["spec"]["version"] = "2.0"
    second.write_bytes(made({"abc123": other}))
    app = build_page(
        make_app,
        tmp_path,
        ".. cache-specs:: app\n",
        cachecatalog_path=[],
        cachecatalog_sources=[source(first), source(second, "ml")],
    )
    (warning,) = warnings_by_subtype(app.warning.getvalue())["source-conflict"]
    assert warning.startswith(
        f"{second}:1: WARNING: spec abc123 of app in develop is not the build that {first}"
    )
    (row,) = rows_of(soup_of(app).select_one("table.cachecatalog-specs tbody"))
    assert row[1] == "1.0"


def test_a_broken_entry_is_a_warning_at_its_pointer(make_app, tmp_path):
    index = tmp_path / "index.json"
    broken = node("bad", "bad01")
    del broken["spec"]["arch"]
    index.write_bytes(made({"good1": node("good", "good1"), "bad01": broken}))
    app = build_page(
        make_app, tmp_path, ".. cache-index::\n", cachecatalog_path=[], cachecatalog_sources=[source(index)]
    )
    (warning,) = warnings_by_subtype(app.warning.getvalue())["bad-value"]
    assert warning.startswith(f"{index}:1: WARNING: /database/installs/bad01/spec/arch: missing")
    assert [row[0] for row in rows_of(soup_of(app).select_one("table.cachecatalog-index tbody"))] == ["good"]


def test_a_wrong_entry_in_the_config_is_a_warning(make_app, tmp_path):
    app = build_page(
        make_app, tmp_path, "Nothing.\n", cachecatalog_sources=[{"index": "x.json", "tag": "develop"}]
    )
    (warning,) = warnings_by_subtype(app.warning.getvalue())["config"]
    assert "cachecatalog_sources entry 1 must be" in warning


def build(make_app: Any, srcdir: Path, index: Path) -> set[str]:
    app = make_app(
        "html",
        srcdir=srcdir,
        freshenv=False,
        confoverrides={"cachecatalog_path": [], "cachecatalog_sources": [source(index)]},
    )
    read: set[str] = set()
    app.connect("env-before-read-docs", lambda app, env, docnames: read.update(docnames))
    app.build()
    app.cleanup()
    assert strip_colors(app.warning.getvalue()) == ""
    return read


def test_a_page_is_read_again_when_its_package_changes_not_its_index(make_app, tmp_path):
    index = tmp_path / "index.json"
    entries = {"aaa111": node("alpha", "aaa111"), "bbb222": node("beta", "bbb222")}
    index.write_bytes(made(entries))
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text('extensions = ["sphinx_cachecatalog"]\n', encoding="utf-8")
    (srcdir / "index.rst").write_text("Home\n====\n\n.. toctree::\n\n   alpha\n   beta\n", encoding="utf-8")
    for name in ("alpha", "beta"):
        (srcdir / f"{name}.rst").write_text(f"{name}\n=====\n\n.. cache-specs:: {name}\n", encoding="utf-8")
    assert build(make_app, srcdir, index) == {"index", "alpha", "beta"}
    assert build(make_app, srcdir, index) == set()
    entries["bbb222"]["spec"]["parameters"] = {"mpi": True}  # beta changes; alpha does not
    index.write_text(json.dumps({"database": {"version": "9", "installs": entries}}), encoding="utf-8")
    assert build(make_app, srcdir, index) == {"beta"}


def expected_dependencies(spec_hash: str) -> list[str]:
    """What the index says a spec depends on, each named, and whether the cache holds it."""
    entries = installs(V8)
    said = []
    for edge in entries[spec_hash]["spec"].get("dependencies") or []:
        node = entries[edge["hash"]]
        text = f"{node['spec']['name']}@{node['spec']['version']}"
        said.append(text if node["in_buildcache"] else text + " (not in the cache)")
    return sorted(said)


def test_the_dependencies_of_each_spec_show_in_every_builder(make_app, tmp_path):
    conf = {"cachecatalog_path": [], "cachecatalog_sources": [source(V8)]}
    app = build_page(make_app, tmp_path, ".. cache-specs:: libdwarf\n", **conf)
    table = soup_of(app).select_one("table.cachecatalog-specs")
    header = [th.get_text(strip=True) for th in table.select("thead th")]
    assert header[-1] == "Dependencies"
    rows = rows_of(table.select_one("tbody"))
    assert any("(not in the cache)" in row[-1] for row in rows)  # the external gcc
    for row in rows:
        assert row[-1] == ", ".join(expected_dependencies(row[0]))
    text = build_page(make_app, tmp_path, ".. cache-specs:: libdwarf\n", builder="text", **conf)
    output = (Path(text.outdir) / "index.txt").read_text(encoding="utf-8")
    for spec_hash in {row[0] for row in rows}:
        deps = expected_dependencies(spec_hash)
        if deps:
            assert "depends on: " + ", ".join(deps) in " ".join(output.split())


def test_a_dependency_links_to_the_page_that_shows_it(make_app, tmp_path):
    body = ".. cache-package:: libelf\n\n.. cache-package:: libdwarf\n"
    app = build_page(make_app, tmp_path, body, cachecatalog_path=[], cachecatalog_sources=[source(V8)])
    assert warnings_by_subtype(app.warning.getvalue()) == {}
    tables = soup_of(app).select("table.cachecatalog-specs")
    libdwarf = tables[1]
    links = {a.get_text(): a["href"] for a in libdwarf.select("tbody td:last-child a")}
    assert links == {"libelf@0.8.13": "#cache-package-develop-libelf"}  # compiler-wrapper: no page here
    texts = " ".join(td.get_text() for td in libdwarf.select("tbody td:last-child"))
    assert "gcc@10.2.1 (not in the cache)" in texts


def test_a_file_and_an_index_of_the_same_builds_complete_each_other(tmp_path):
    """A cache.spack.io file has sizes and no dependencies, an index the reverse: one build."""
    packages = demo.generate(("develop",), packages=12, specs_per_package=4)
    demo.write(packages, tmp_path / "files")
    index = demo.spack_index(packages)
    (tmp_path / "index.json").write_text(json.dumps(index))
    result = CatalogLoader().load(
        [tmp_path / "files"], [IndexSource(tmp_path / "index.json", "develop", "e4s")]
    )
    assert [p for p in result.problems if p.subtype == SOURCE_CONFLICT] == []
    installs = index["database"]["installs"]
    for package in packages:
        merged = {spec.hash: spec for spec in result.catalog.packages[("develop", package.name)].specs}
        for spec in package.specs:
            edges = installs[spec.hash]["spec"]["dependencies"]
            assert merged[spec.hash].size == spec.size
            assert [d.hash for d in merged[spec.hash].dependencies] == [edge["hash"] for edge in edges]
            assert set(merged[spec.hash].stacks) == {*spec.stacks, "e4s"}
