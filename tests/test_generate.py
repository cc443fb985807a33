"""The generated catalog site: pages, links, stability, conflicts, incremental builds."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from docutils.nodes import make_id

from sphinx_cachecatalog.generate import MARKER

from .conftest import CACHE, real_tag, soup_of, strip_colors, warnings_by_subtype

TAG = "develop-2025-07-13"


def project(tmp_path: Path) -> tuple[Path, Path]:
    catalog = tmp_path / "catalog"
    shutil.copytree(CACHE / TAG, catalog / TAG)
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text('extensions = ["sphinx_cachecatalog"]\n', encoding="utf-8")
    (srcdir / "index.rst").write_text(
        "Home\n====\n\nSee :cache:pkg:`py-mpi4py`.\n\n.. toctree::\n\n   cache/index\n", encoding="utf-8"
    )
    return srcdir, catalog


def build(make_app, srcdir: Path, catalog: Path, **conf) -> tuple[object, set[str]]:
    conf = {
        "cachecatalog_path": str(catalog),
        "cachecatalog_generate": {"tags": [TAG], "dir": "cache"},
    } | conf
    app = make_app("html", srcdir=srcdir, freshenv=False, confoverrides=conf)
    read: set[str] = set()
    app.connect("env-before-read-docs", lambda app, env, docnames: read.update(docnames))
    app.build()
    app.cleanup()
    return app, read


def test_site_pages_and_links(make_app, tmp_path):
    srcdir, catalog = project(tmp_path)
    app, read = build(make_app, srcdir, catalog)
    assert "WARNING" not in strip_colors(app.warning.getvalue())
    names = sorted(real_tag(TAG))
    sources = sorted(str(p.relative_to(srcdir / "cache")) for p in (srcdir / "cache").rglob("*.rst"))
    assert sources == sorted(["index.rst", f"{TAG}/index.rst", *(f"{TAG}/{n}.rst" for n in names)])
    assert read == {"index", "cache/index", f"cache/{TAG}/index", *(f"cache/{TAG}/{n}" for n in names)}
    out = Path(app.outdir)
    for name in names:
        assert (out / "cache" / TAG / f"{name}.html").is_file()  # stable URLs
    index_links = {a.get_text(): a["href"] for a in soup_of(app, f"cache/{TAG}/index.html").select("table a")}
    assert index_links == {name: f"{name}.html#cache-package-{TAG}-{name}" for name in names}
    overview = soup_of(app, "cache/index.html")
    assert {a.get_text(): a["href"] for a in overview.select("table a")} == {
        TAG: f"{TAG}/index.html#cache-tag-{TAG}"
    }
    page = soup_of(app, f"cache/{TAG}/cmake.html")
    crumbs = [a.get_text() for a in page.select("p.cachecatalog-breadcrumb a")]
    assert crumbs == ["Build cache", TAG]
    assert page.select_one("p.cachecatalog-back a")["href"] == "index.html"
    assert len(page.select("table.cachecatalog-specs tbody tr")) == len(
        real_tag(TAG)["cmake"]["spec_details"]
    )
    assert soup_of(app).select_one("a.reference[href*=py-mpi4py]")["href"] == (
        f"cache/{TAG}/py-mpi4py.html#cache-package-{TAG}-py-mpi4py"
    )
    # Package pages are orphans: no navigation entry for them on any page.
    nav = soup_of(app, f"cache/{TAG}/cmake.html").select_one("div.sphinxsidebar, nav") or page
    assert "adiak.html" not in str(nav)


def test_unchanged_sources_are_not_touched_and_nothing_is_reread(make_app, tmp_path):
    srcdir, catalog = project(tmp_path)
    build(make_app, srcdir, catalog)
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in (srcdir / "cache").rglob("*.rst")}
    time.sleep(0.01)
    _, read = build(make_app, srcdir, catalog)
    assert read == set()
    assert {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in (srcdir / "cache").rglob("*.rst")} == before


def test_one_package_changed_rereads_its_page_and_the_pages_listing_it(make_app, tmp_path):
    srcdir, catalog = project(tmp_path)
    build(make_app, srcdir, catalog)
    path = catalog / TAG / "cmake" / "specs.md"
    os.utime(path, ns=(time.time_ns(), time.time_ns()))
    _, read = build(make_app, srcdir, catalog)
    assert read == {f"cache/{TAG}/cmake", f"cache/{TAG}/index", "cache/index"}


def test_pages_follow_packages_in_and_out(make_app, tmp_path):
    srcdir, catalog = project(tmp_path)
    build(make_app, srcdir, catalog)
    shutil.rmtree(catalog / TAG / "libelf")
    app, read = build(make_app, srcdir, catalog)
    assert not (srcdir / "cache" / TAG / "libelf.rst").exists()
    assert "libelf" not in soup_of(app, f"cache/{TAG}/index.html").get_text()
    assert f"cache/{TAG}/index" in read
    shutil.copytree(CACHE / TAG / "libelf", catalog / TAG / "libelf")
    app, read = build(make_app, srcdir, catalog)
    assert (srcdir / "cache" / TAG / "libelf.rst").read_text(encoding="utf-8").startswith(MARKER)
    assert f"cache/{TAG}/libelf" in read


def test_a_hand_written_file_is_never_overwritten(make_app, tmp_path):
    srcdir, catalog = project(tmp_path)
    mine = srcdir / "cache" / TAG / "cmake.rst"
    mine.parent.mkdir(parents=True)
    mine.write_text(":orphan:\n\nMy cmake\n========\n\nWritten by hand.\n", encoding="utf-8")
    app, _ = build(make_app, srcdir, catalog)
    found = warnings_by_subtype(app.warning.getvalue())
    assert list(found) == ["generate"]
    assert f"{mine} was written by hand" in found["generate"][0]
    assert mine.read_text(encoding="utf-8").startswith(":orphan:\n\nMy cmake")
    assert "Written by hand." in soup_of(app, f"cache/{TAG}/cmake.html").get_text()


def test_every_tag(make_app, tmp_path):
    srcdir, _ = project(tmp_path)
    app, _ = build(make_app, srcdir, CACHE, cachecatalog_generate={"tags": "all"})
    assert "WARNING" not in strip_colors(app.warning.getvalue())
    tags = sorted(p.name for p in CACHE.iterdir())
    assert sorted(p.name for p in (srcdir / "cache").iterdir() if p.is_dir()) == tags
    overview = soup_of(app, "cache/index.html")
    assert [th.get_text() for th in overview.select("table thead th")][:4] == [
        "Tag",
        "Date",
        "Packages",
        "Specs",
    ]
    rows = overview.select("table tbody tr")
    # the release first, then the snapshots by the date in their names; an em dash for no date
    in_order = ["v0.23.1", "develop-2025-06-01", "develop-2025-07-13"]
    assert sorted(in_order) == tags
    expected = [
        (
            tag,
            tag.removeprefix("develop-") if tag.startswith("develop-") else "\N{EM DASH}",
            str(len(real_tag(tag))),
            str(sum(len(f["spec_details"]) for f in real_tag(tag).values())),
        )
        for tag in in_order
    ]
    assert [tuple(td.get_text() for td in row.select("td"))[:4] for row in rows] == expected
    toctree = (srcdir / "cache" / "index.rst").read_text(encoding="utf-8").split(".. toctree::")[1]
    assert [line.strip() for line in toctree.splitlines() if line.strip().endswith("/index")] == [
        f"{tag}/index" for tag in in_order
    ]


def test_the_overview_follows_the_placed_order(make_app, tmp_path):
    srcdir, _ = project(tmp_path)
    app, _ = build(
        make_app,
        srcdir,
        CACHE,
        cachecatalog_generate={"tags": ["develop-2025-06-01", "v0.23.1", "develop-2025-07-13"]},
        cachecatalog_tag_order=["develop-2025-07-13"],
    )
    assert "WARNING" not in strip_colors(app.warning.getvalue())
    rows = soup_of(app, "cache/index.html").select("table tbody tr")
    assert [row.select_one("td").get_text() for row in rows] == [
        "develop-2025-07-13",
        "v0.23.1",
        "develop-2025-06-01",
    ]


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ({"tag": ["develop"]}, "cachecatalog_generate must be a dict"),
        ({"tags": "develop"}, 'cachecatalog_generate["tags"] must be a list of tags or "all"'),
        ({"tags": ["develop"], "dir": "../out"}, 'cachecatalog_generate["dir"] must be a folder inside'),
        ({"tags": ["develop"], "dir": "/abs"}, 'cachecatalog_generate["dir"] must be a folder inside'),
        ({"tags": ["develop"], "pages": "packages"}, 'cachecatalog_generate["pages"] must be "tag"'),
    ],
)
def test_wrong_generate_values(make_app, tmp_path, value, words):
    srcdir, catalog = project(tmp_path)
    app, _ = build(make_app, srcdir, catalog, cachecatalog_generate=value)
    (warning,) = warnings_by_subtype(app.warning.getvalue())["config"]
    assert words in warning
    assert not (srcdir / "cache").exists()  # the default: no site


@pytest.mark.parametrize("tags", [["nope"], "all"])
def test_a_site_with_no_tags_builds_and_says_so(make_app, tmp_path, tags):
    srcdir, catalog = project(tmp_path)
    if tags == "all":
        catalog = tmp_path / "empty"
        catalog.mkdir()
    app, _ = build(make_app, srcdir, catalog, cachecatalog_generate={"tags": tags})
    found = warnings_by_subtype(app.warning.getvalue())
    assert sorted(found) == (["generate"] if tags != "all" else ["no-catalog"])
    assert "The catalog holds no tags to show." in soup_of(app, "cache/index.html").get_text()


def test_unknown_generated_tag(make_app, tmp_path):
    srcdir, catalog = project(tmp_path)
    app, _ = build(
        make_app, srcdir, catalog, cachecatalog_generate={"tags": [TAG, "nope", "develop-2025-07-31"]}
    )
    found = warnings_by_subtype(app.warning.getvalue())
    assert list(found) == ["generate"]
    assert "tag 'nope' is not in the catalog; no pages for it" in found["generate"][0]
    assert f"tag 'develop-2025-07-31' is not in the catalog (did you mean '{TAG}'?)" in found["generate"][1]


def test_names_that_could_be_markup_get_no_page(make_app, tmp_path):
    srcdir, catalog = project(tmp_path)
    evil = catalog / TAG / "x`_ <javascript:alert(1)>`__"  # the folder names the package too
    evil.mkdir()
    text = (catalog / TAG / "libelf" / "specs.md").read_text(encoding="utf-8")
    (evil / "specs.md").write_text(
        text.replace('title: "libelf"', 'title: "x`_ <javascript:alert(1)>`__"'), encoding="utf-8"
    )
    app, _ = build(make_app, srcdir, catalog)
    found = warnings_by_subtype(app.warning.getvalue())
    assert list(found) == ["generate"]
    assert "no page for 'develop-2025-07-13/x`_ <javascript:alert(1)>`__'" in found["generate"][0]
    assert not any("javascript" in p.read_text(encoding="utf-8") for p in (srcdir / "cache").rglob("*.rst"))
    index = (Path(app.outdir) / "cache" / TAG / "index.html").read_text(encoding="utf-8")
    assert 'href="javascript' not in index
    assert "x`_ &lt;javascript:alert(1)&gt;`__" in index  # listed as text, escaped


@pytest.mark.parametrize("builder", ["singlehtml", "latex"])
def test_one_document_outputs_link_only_to_what_they_hold(make_app, tmp_path, builder):
    """The package pages are orphans: a single HTML page or a PDF does not hold them, so
    links to packages go to their public pages, never to an anchor that is not there."""
    srcdir, catalog = project(tmp_path)
    conf = {"cachecatalog_path": str(catalog), "cachecatalog_generate": {"tags": [TAG], "dir": "cache"}}
    app = make_app(builder, srcdir=srcdir, confoverrides=conf)
    app.build()
    assert warnings_by_subtype(app.warning.getvalue()) == {}
    public = "https://packages.spack.io/package.html?name=py-mpi4py"
    if builder == "singlehtml":
        page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(page, "html.parser")
        ids = {tag["id"] for tag in soup.select("[id]")}
        anchors = [a["href"][1:] for a in soup.select('a[href^="#"]') if "cache-" in a["href"]]
        assert anchors  # the tag's links, at least
        assert [anchor for anchor in anchors if anchor not in ids] == []
        assert public in {a["href"] for a in soup.select("a[href]")}
    else:
        tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
        assert f"{TAG}/py-mpi4py" not in tex.replace(f"cache/{TAG}/index", "")  # no label of an orphan
        assert public in tex


def test_search_results_say_the_tag_and_read_well(make_app, tmp_path):
    srcdir, catalog = project(tmp_path)
    app, _ = build(make_app, srcdir, catalog)
    index = (Path(app.outdir) / "searchindex.js").read_text(encoding="utf-8")
    assert f'"py-numpy in {TAG}"' in index
    assert '"Spack build cache package"' in index
    assert "cache cache" not in index
    page = (srcdir / "cache" / TAG / "index.rst").read_text(encoding="utf-8")
    assert page.index("cache-index") < page.index("cache-mirror") < page.index("cache-stats")  # finder first


# One page per package across the tags: "pages": "package".

PER_PACKAGE = {"tags": "all", "dir": "cache", "pages": "package"}
NEWEST_FIRST = ["develop-2025-07-13", "develop-2025-06-01", "v0.23.1"]


def test_one_page_per_package_with_a_section_per_tag(make_app, tmp_path):
    srcdir, _ = project(tmp_path)
    app, _ = build(make_app, srcdir, CACHE, cachecatalog_generate=PER_PACKAGE)
    assert "WARNING" not in strip_colors(app.warning.getvalue())
    held = {tag: set(real_tag(tag)) for tag in NEWEST_FIRST}
    names = sorted(set().union(*held.values()))
    sources = sorted(str(p.relative_to(srcdir / "cache")) for p in (srcdir / "cache").rglob("*.rst"))
    assert sources == sorted(
        ["index.rst", *(f"{tag}/index.rst" for tag in held), *(f"packages/{n}.rst" for n in names)]
    )
    for tag in held:  # tag pages list their packages, each linked to its section of the package's page
        links = soup_of(app, f"cache/{tag}/index.html").select("table a")
        assert {a.get_text(): a["href"] for a in links} == {
            name: f"../packages/{name}.html#{make_id(f'cache-package-{tag}/{name}')}" for name in held[tag]
        }
    for name in names:
        page = soup_of(app, f"cache/packages/{name}.html")
        tags = [tag for tag in NEWEST_FIRST if name in held[tag]]
        sections = page.select("section section")
        assert [s["id"] for s in sections] == [make_id(tag) for tag in tags]  # #develop-2025-07-13, #v0-23-1
        assert [s.select_one("h2").get_text().rstrip("#¶") for s in sections] == tags
        assert [a.get_text() for a in page.select("p.cachecatalog-breadcrumb a")] == ["Build cache"]
        assert page.select_one("div.cachecatalog-history") is not None  # the history first
        newest, *older = sections
        specs = newest.select("div.cachecatalog-package table.cachecatalog-specs tbody tr")
        assert len(specs) == len(real_tag(tags[0])[name]["spec_details"])  # in full, once
        assert len(page.select("div.cachecatalog-package")) == 1
        for section, tag in zip(older, tags[1:], strict=True):
            changes = section.select_one("div.cachecatalog-changes")
            assert changes is not None
            assert changes["id"] == make_id(f"cache-package-{tag}/{name}")  # where links to it go
            newer = tags[tags.index(tag) - 1]
            said = changes.select_one("p.cachecatalog-changes-summary").get_text()
            assert said.startswith((f"From {tag} to {newer}", f"No change from {tag} to {newer}"))
    index = soup_of(app).select_one("a.reference[href*=py-mpi4py]")
    assert index is None or index["href"].startswith("cache/packages/py-mpi4py.html#")


def test_a_package_the_newest_tag_dropped_says_so(make_app, tmp_path):
    srcdir, catalog = project(tmp_path)
    shutil.copytree(CACHE / "develop-2025-06-01", catalog / "develop-2025-06-01")
    shutil.rmtree(catalog / TAG / "libelf")
    app, _ = build(make_app, srcdir, catalog, cachecatalog_generate=PER_PACKAGE)
    assert "WARNING" not in strip_colors(app.warning.getvalue())
    page = soup_of(app, "cache/packages/libelf.html")
    note = page.select_one("p.cachecatalog-dropped")
    assert note is not None
    assert " ".join(note.get_text().split()) == (
        f"Not in {TAG}: the newest tag that holds libelf is develop-2025-06-01."
    )
    assert note.select_one("a")["href"] == f"../{TAG}/index.html"
    assert soup_of(app, "cache/packages/cmake.html").select_one("p.cachecatalog-dropped") is None


def test_switching_layouts_removes_the_other_layout_s_pages(make_app, tmp_path):
    srcdir, catalog = project(tmp_path)
    build(make_app, srcdir, catalog)
    assert (srcdir / "cache" / TAG / "cmake.rst").is_file()
    app, _ = build(make_app, srcdir, catalog, cachecatalog_generate={"tags": [TAG], "pages": "package"})
    assert "WARNING" not in strip_colors(app.warning.getvalue())
    assert sorted(p.name for p in (srcdir / "cache" / TAG).iterdir()) == ["index.rst"]
    assert (srcdir / "cache" / "packages" / "cmake.rst").is_file()
    build(make_app, srcdir, catalog, cachecatalog_generate={"tags": [TAG], "pages": "tag"})
    assert not (srcdir / "cache" / "packages").exists()


def test_a_tag_named_packages_gets_no_pages_in_the_per_package_layout(make_app, tmp_path):
    srcdir, catalog = project(tmp_path)
    text = (CACHE / TAG / "libelf" / "specs.md").read_text(encoding="utf-8")
    (catalog / "packages" / "libelf").mkdir(parents=True)
    (catalog / "packages" / "libelf" / "specs.md").write_text(text.replace(TAG, "packages"), encoding="utf-8")
    app, _ = build(make_app, srcdir, catalog, cachecatalog_generate=PER_PACKAGE)
    found = warnings_by_subtype(app.warning.getvalue())
    assert list(found) == ["generate"]
    assert "no pages for tag 'packages'" in found["generate"][0]
    assert not (srcdir / "cache" / "packages" / "index.rst").exists()
    assert (srcdir / "cache" / "packages" / "libelf.rst").is_file()  # libelf of the tag TAG
