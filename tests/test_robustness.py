"""Nothing stops a build: filters that match nothing, catalogs that change mid-build,
and warnings that point at files that exist."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from .conftest import CACHE, build_page, real_tag, rows_of, soup_of, strip_colors, warnings_by_subtype

TAG = "develop-2025-07-13"
BUILDERS = ("html", "text", "latex", "man", "singlehtml", "epub", "xml")

#: Each value exists in the tag, but no spec of py-mpi4py has all three.
NOTHING_MATCHES = """\
.. cache-package:: py-mpi4py
   :tag: develop-2025-07-13
   :os: ubuntu22.04
   :target: neoverse_v2
   :compiler: gcc@13.2.0
   :name: nothing
"""


@pytest.mark.parametrize("builder", BUILDERS)
def test_a_package_whose_filters_match_nothing_builds_everywhere(make_app, tmp_path, builder):
    epub = {"version": "1", "copyright": "2026"}  # what EPUB3 asks of every project
    app = build_page(make_app, tmp_path, NOTHING_MATCHES + "\nSee :ref:`this <nothing>`.\n", builder, **epub)
    assert not warnings_by_subtype(app.warning.getvalue())
    assert "WARNING" not in strip_colors(app.warning.getvalue())  # the label still has a place
    if builder in ("html", "text"):
        page = Path(app.outdir, "index.html" if builder == "html" else "index.txt").read_text(
            encoding="utf-8"
        )
        assert "No specs of py-mpi4py in develop-2025-07-13 match." in page


def test_the_values_exist_but_never_together():
    """The premise of the test above, from the data itself."""
    import yaml

    text = (CACHE / TAG / "py-mpi4py" / "specs.md").read_text(encoding="utf-8")
    specs = yaml.safe_load(text.split("---")[1])["spec_details"]
    assert any(s["os"] == "ubuntu22.04" for s in specs)
    assert any(s["target"] == "neoverse_v2" for s in specs)
    assert any(s["compiler"] == "gcc@13.2.0" for s in specs)
    assert not any(
        (s["os"], s["target"], s["compiler"]) == ("ubuntu22.04", "neoverse_v2", "gcc@13.2.0") for s in specs
    )


def test_a_file_that_changes_or_goes_away_during_the_build(make_app, tmp_path):
    """The catalog is read once per build: the pages of that build agree with what was read,
    and the next build sees the change."""
    catalog = tmp_path / "catalog"
    shutil.copytree(CACHE / TAG, catalog / TAG)
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text('extensions = ["sphinx_cachecatalog"]\n', encoding="utf-8")
    (srcdir / "index.rst").write_text(
        "P\n=\n\n.. cache-package:: hdf5\n   :no-specs:\n\n.. cache-package:: zlib-ng\n   :no-specs:\n",
        encoding="utf-8",
    )

    def meddle(app, env):
        shutil.rmtree(catalog / TAG / "hdf5")
        zlib = catalog / TAG / "zlib-ng" / "specs.md"
        zlib.write_text(zlib.read_text(encoding="utf-8")[:200], encoding="utf-8")

    conf = {"cachecatalog_path": str(catalog)}
    app = make_app("text", srcdir=srcdir, confoverrides=conf)
    app.connect("env-updated", meddle)
    app.build()
    assert not warnings_by_subtype(app.warning.getvalue())
    text = Path(app.outdir, "index.txt").read_text(encoding="utf-8")
    assert "hdf5" in text
    assert "zlib-ng" in text

    again = make_app("text", srcdir=srcdir, confoverrides=conf, freshenv=False)
    again.build()
    found = warnings_by_subtype(again.warning.getvalue())
    assert sorted(found) == ["bad-file", "unknown-package"]


def test_warnings_name_files_that_exist(make_app, tmp_path):
    """Symlinks out of the root, undecodable files, missing roots and hand-written pages:
    every location is an existing file, never a document name with '.rst' added."""
    catalog = tmp_path / "catalog"
    shutil.copytree(CACHE / TAG / "adiak", catalog / TAG / "adiak")
    outside = tmp_path / "outside" / "specs.md"
    outside.parent.mkdir()
    shutil.copy(CACHE / TAG / "bzip2" / "specs.md", outside)
    (catalog / TAG / "escaped").mkdir()
    os.symlink(outside, catalog / TAG / "escaped" / "specs.md")
    (catalog / TAG / "not-utf8").mkdir()
    (catalog / TAG / "not-utf8" / "specs.md").write_bytes(b"---\ntitle: \xff\xfe\n---")
    srcdir = tmp_path / "src"
    (srcdir / "cache").mkdir(parents=True)
    (srcdir / "cache" / "index.rst").write_text("Mine\n====\n", encoding="utf-8")
    (srcdir / "conf.py").write_text(
        'extensions = ["sphinx_cachecatalog"]\n'
        f"cachecatalog_path = [{str(catalog)!r}, {str(tmp_path / 'missing')!r}]\n"
        'cachecatalog_generate = {"tags": "all"}\n',
        encoding="utf-8",
    )
    (srcdir / "index.rst").write_text("P\n=\n\n.. toctree::\n\n   cache/index\n", encoding="utf-8")
    app = make_app("html", srcdir=srcdir)
    app.build()
    locations = {}
    for subtype, lines in warnings_by_subtype(app.warning.getvalue()).items():
        for line in lines:
            location = line.split(": WARNING: ")[0]
            locations.setdefault(subtype, []).append(location)
            path, _, number = location.rpartition(":")
            assert Path(path).is_file() or Path(path).is_symlink(), line
            assert re.fullmatch(r"[1-9]\d*", number), line
    conf = str(srcdir / "conf.py")
    assert f"{conf}:2" in locations["no-catalog"]
    assert f"{catalog / TAG / 'escaped' / 'specs.md'}:1" in locations["bad-file"]
    assert any(loc.startswith(str(catalog / TAG / "not-utf8" / "specs.md")) for loc in locations["bad-file"])
    assert f"{srcdir / 'cache' / 'index.rst'}:1" in locations["generate"]


def test_a_broken_file_is_unknown_never_gone(make_app, tmp_path):
    """hdf5's file of the newer tag is truncated: it is neither removed nor absent anywhere."""
    catalog = tmp_path / "catalog"
    for tag in ("develop-2025-06-01", TAG):
        shutil.copytree(CACHE / tag, catalog / tag)
    broken = catalog / TAG / "hdf5" / "specs.md"
    broken.write_text(broken.read_text(encoding="utf-8")[:300], encoding="utf-8")
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text('extensions = ["sphinx_cachecatalog"]\n', encoding="utf-8")
    (srcdir / "index.rst").write_text(
        f"Home\n====\n\nSee :cache:pkg:`{TAG}/hdf5`.\n\n"
        f".. cache-diff:: develop-2025-06-01 {TAG}\n\n.. toctree::\n\n   cache/index\n",
        encoding="utf-8",
    )
    conf = {"cachecatalog_path": str(catalog), "cachecatalog_generate": {"tags": [TAG], "dir": "cache"}}
    app = make_app("html", srcdir=srcdir, confoverrides=conf)
    app.build()
    found = warnings_by_subtype(app.warning.getvalue())
    assert list(found) == ["bad-file"]
    assert found["bad-file"][0].startswith(f"{broken}:")
    readable = len(list(CACHE.glob("*/*/specs.md"))) - 1 - len(list((CACHE / "v0.23.1").glob("*/specs.md")))
    status = strip_colors(app.status.getvalue())
    assert f"cachecatalog: {readable} packages" in status
    assert "; 1 file unreadable)" in status

    home = soup_of(app)
    counts = dict(rows_of(home.select_one("table.cachecatalog-diff-counts")))
    assert counts["Packages removed"] == "0"
    assert counts["Packages not compared (unreadable)"] == "1"
    assert "could not be read: hdf5." in home.select_one("p.cachecatalog-unreadable").get_text()
    removed = home.select_one("table.cachecatalog-diff-removed")
    assert removed is None or "hdf5" not in removed.get_text()
    link = home.select_one("p a.reference")
    assert link.get_text() == f"{TAG}/hdf5"
    assert link["href"] == f"cache/{TAG}/hdf5.html#cache-package-{TAG}-hdf5"
    page = soup_of(app, f"cache/{TAG}/hdf5.html")
    note = page.select_one(".cachecatalog-unreadable").get_text()
    assert "could not be read when this page was built, so what the cache holds of it is unknown" in note
    assert str(catalog) not in note  # no build-machine path for readers
    tag_page = soup_of(app, f"cache/{TAG}/index.html")
    assert "could not be read: hdf5." in tag_page.select_one("p.cachecatalog-unreadable").get_text()


def test_none_is_not_a_compiler(make_app, tmp_path):
    specs = real_tag(TAG)["compiler-wrapper"]["spec_details"]
    assert {s["compiler"] for s in specs} == {"none"}  # the premise, from the data
    compilerless = sorted(
        name
        for name, front in real_tag(TAG).items()
        if any(s["compiler"] == "none" for s in front["spec_details"])
    )
    app = build_page(
        make_app,
        tmp_path,
        f".. cache-package:: compiler-wrapper\n   :tag: {TAG}\n\n"
        f".. cache-stats::\n   :tag: {TAG}\n\n"
        f".. cache-index::\n   :tag: {TAG}\n   :compiler: none\n   :columns: package, specs\n",
    )
    assert warnings_by_subtype(app.warning.getvalue()) == {}  # no meta-mismatch: "none" is normalized out
    soup = soup_of(app)
    summary = dict(rows_of(soup.select_one("table.cachecatalog-summary")))
    assert summary["Compilers"] == "\N{EM DASH}"
    header, *rows = rows_of(soup.select_one("table.cachecatalog-specs"))
    column = header.index("Compiler")
    assert len(rows) == len(specs)
    assert {row[column] for row in rows} == {"\N{EM DASH}"}
    assert "none" not in soup.select_one("div.cachecatalog-stats").get_text().split()
    # ":compiler: none" asks for the specs built without a compiler, as the data spells it
    _, *listed = rows_of(soup.select_one("table.cachecatalog-index"))
    expected = {
        name: sum(s["compiler"] == "none" for s in real_tag(TAG)[name]["spec_details"])
        for name in compilerless
    }
    assert {row[0]: int(row[1]) for row in listed} == expected


def test_a_second_build_does_not_say_the_configuration_changed(make_app, tmp_path):
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text('extensions = ["sphinx_cachecatalog"]\n', encoding="utf-8")
    (srcdir / "index.rst").write_text(
        f"P\n=\n\n.. cache-package:: zlib-ng\n   :tag: {TAG}\n", encoding="utf-8"
    )
    for _ in range(2):
        app = make_app("html", srcdir=srcdir, confoverrides={"cachecatalog_path": str(CACHE)}, freshenv=False)
        app.build()
        app.cleanup()
    status = strip_colors(app.status.getvalue())
    assert "html_static_path" not in status  # (the test fixture itself changes html_theme)
    assert "0 added, 0 changed, 0 removed" in status


def test_a_package_missing_from_its_tag_says_where_it_is(make_app, tmp_path):
    tags = sorted(p.parent.parent.name for p in CACHE.glob("*/hdf5/specs.md"))
    assert "v0.23.1" not in tags  # the premise, from the data
    app = build_page(make_app, tmp_path, ".. cache-package:: hdf5\n   :tag: v0.23.1\n")
    (warning,) = warnings_by_subtype(app.warning.getvalue())["unknown-package"]
    assert f"package 'hdf5' is not in tag 'v0.23.1'; it is in {', '.join(tags)} [" in warning
