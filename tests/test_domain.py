"""The ``cache`` domain: roles, unresolved references, index, inventory, duplicates."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .conftest import CACHE, soup_of, strip_colors, warnings_by_subtype

TAG = "develop-2025-07-13"
CONF = {"cachecatalog_path": str(CACHE / TAG)}


def links(app, page: str = "index.html") -> dict[str, str]:
    return {a.get_text(): str(a.get("href", "")) for a in soup_of(app, page).select("a.reference")}


@pytest.mark.sphinx("html", testroot="roles", confoverrides=CONF, freshenv=True)
def test_every_role_form(app):
    app.build()
    found = links(app)
    assert found["py-mpi4py"] == f"packages.html#cache-package-{TAG}-py-mpi4py"
    assert found[f"{TAG}/cmake"] == f"packages.html#cache-package-{TAG}-cmake"
    assert found["the mpi4py package"] == f"packages.html#cache-package-{TAG}-py-mpi4py"
    assert found["cmake"] == f"packages.html#cache-package-{TAG}-cmake"
    assert found["e4s"] == f"packages.html#cache-stack-{TAG}-e4s"
    assert found[TAG] == f"packages.html#cache-tag-{TAG}"
    assert (
        found[f"{TAG}/hdf5"] == "https://packages.spack.io/package.html?name=hdf5"
    )  # in the catalog, not here
    soup = soup_of(app)
    plain = [code.get_text() for code in soup.select("code.xref") if code.parent.name != "a"]
    assert "py-mpi4py" in plain  # the ! form
    assert f"{TAG}/py-mpi4pi" in plain  # unresolved: literal text
    assert warnings_by_subtype(app.warning.getvalue()) == {}  # not nitpicky: no warning


@pytest.mark.sphinx("html", testroot="roles", confoverrides=CONF | {"nitpicky": True}, freshenv=True)
def test_unresolved_reference_warns_when_nitpicky(app):
    app.build()
    found = warnings_by_subtype(app.warning.getvalue())
    assert list(found) == ["ref"]
    assert len(found["ref"]) == 1
    message = found["ref"][0]
    assert message.startswith(f"{Path(app.srcdir) / 'index.rst'}:4: WARNING:")  # the paragraph's line
    assert (
        f"cache:pkg reference target not found: {TAG}/py-mpi4pi (did you mean '{TAG}/py-mpi4py'?)" in message
    )


def test_an_undocumented_stack_is_not_a_typo(make_app, rootdir, tmp_path):
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-roles", srcdir)
    index = srcdir / "index.rst"
    index.write_text(
        index.read_text(encoding="utf-8").replace(
            "Unknown:", f"Undocumented: :cache:stack:`{TAG}/radiuss`.\nUnknown:"
        ),
        encoding="utf-8",
    )
    app = make_app("html", srcdir=srcdir, confoverrides=CONF | {"nitpicky": True})
    app.build()
    messages = [m for m in warnings_by_subtype(app.warning.getvalue())["ref"] if "radiuss" in m]
    assert messages == [
        f"{index}:4: WARNING: cache:stack reference target not found: {TAG}/radiuss is in the catalog, "
        f"but no page documents it with '.. cache-stack:: radiuss'; tag {TAG} is documented in "
        f"{srcdir / 'packages.rst'} [cachecatalog.ref]"
    ]


@pytest.mark.sphinx(
    "html",
    testroot="roles",
    confoverrides=CONF | {"nitpicky": True, "nitpick_ignore": [("cache:pkg", f"{TAG}/py-mpi4pi")]},
    freshenv=True,
)
def test_nitpick_ignore(app):
    app.build()
    assert warnings_by_subtype(app.warning.getvalue()) == {}


@pytest.mark.sphinx("html", testroot="roles", confoverrides=CONF, freshenv=True)
def test_general_index_search_index_and_inventory(app):
    app.build()
    genindex = soup_of(app, "genindex.html").get_text()
    assert "py-mpi4py (cache package)" in genindex
    assert "e4s (cache stack)" in genindex
    assert f"{TAG} (cache tag)" in genindex
    index = (Path(app.outdir) / "searchindex.js").read_text(encoding="utf-8")
    objects = json.loads(index[index.index("(") + 1 : index.rindex(")")])["objects"]
    names = {entry[-1] for entries in objects.values() for entry in entries}
    assert {f"{TAG}/py-mpi4py", f"{TAG}/e4s", TAG} <= names
    from sphinx.util.inventory import InventoryFile

    inventory = InventoryFile.loads((Path(app.outdir) / "objects.inv").read_bytes(), uri="https://a.example/")
    packages = inventory.data["cache:package"]
    assert (
        packages[f"{TAG}/py-mpi4py"].uri == f"https://a.example/packages.html#cache-package-{TAG}-py-mpi4py"
    )
    assert "py-mpi4py" in packages  # the default tag's packages answer to their bare names too
    assert f"{TAG}/e4s" in inventory.data["cache:stack"]
    assert TAG in inventory.data["cache:tag"]


def linking_project(make_app, rootdir, tmp_path, page: str, base: str = "https://first.example/", **conf):
    """Build test-roles as the first project, then a second one whose ``page`` links to it
    through intersphinx; returns the second application, built."""
    first = tmp_path / "first"
    shutil.copytree(rootdir / "test-roles", first)
    app = make_app("html", srcdir=first, confoverrides=CONF)
    app.build()
    app.cleanup()
    second = tmp_path / "second"
    second.mkdir()
    inventory = str(Path(app.outdir) / "objects.inv")
    (second / "conf.py").write_text(
        'extensions = ["sphinx.ext.intersphinx", "sphinx_cachecatalog"]\n'
        f'intersphinx_mapping = {{"first": ({base!r}, {inventory!r})}}\n',
        encoding="utf-8",
    )
    (second / "index.rst").write_text(page, encoding="utf-8")
    other = make_app("html", srcdir=second, confoverrides=conf)
    other.build()
    return other


def test_intersphinx_round_trip(make_app, rootdir, tmp_path):
    other = linking_project(
        make_app,
        rootdir,
        tmp_path,
        f"Second\n======\n\n:cache:pkg:`{TAG}/py-mpi4py`, :cache:pkg:`py-mpi4py`, :cache:stack:`{TAG}/e4s`.\n",
    )
    assert "WARNING" not in strip_colors(other.warning.getvalue())  # no catalog, no directive: no warning
    found = links(other)
    assert found[f"{TAG}/py-mpi4py"] == f"https://first.example/packages.html#cache-package-{TAG}-py-mpi4py"
    assert found["py-mpi4py"] == found[f"{TAG}/py-mpi4py"]
    assert found[f"{TAG}/e4s"] == f"https://first.example/packages.html#cache-stack-{TAG}-e4s"


def test_intersphinx_comes_before_the_public_page(make_app, rootdir, tmp_path):
    """A project with its own catalog links a package that another project documents:
    the other project's page, in references and in tables; the public page only after."""
    other = linking_project(
        make_app,
        rootdir,
        tmp_path,
        "Second\n======\n\n:cache:pkg:`py-mpi4py` and :cache:pkg:`hdf5`.\n\n"
        ".. cache-index::\n   :columns: package\n   :no-index:\n",
        **CONF,
    )
    assert warnings_by_subtype(other.warning.getvalue()) == {}
    soup = soup_of(other)
    prose = {a.get_text(): a["href"] for a in soup.select("p a.reference")}
    table = {a.get_text(): a["href"] for a in soup.select("table.cachecatalog-index a")}
    mpi4py = f"https://first.example/packages.html#cache-package-{TAG}-py-mpi4py"
    assert prose["py-mpi4py"] == table["py-mpi4py"] == mpi4py
    assert prose["hdf5"] == table["hdf5"] == "https://packages.spack.io/package.html?name=hdf5"


def test_a_relative_intersphinx_mapping_links_tables_too(make_app, rootdir, tmp_path):
    other = linking_project(
        make_app,
        rootdir,
        tmp_path,
        "Second\n======\n\n:cache:pkg:`py-mpi4py`.\n\n.. cache-index::\n   :columns: package\n   :no-index:\n",
        base="../first",
        **CONF,
    )
    soup = soup_of(other)
    prose = soup.select_one("p a.reference")["href"]
    table = {a.get_text(): a["href"] for a in soup.select("table.cachecatalog-index a")}
    assert prose == table["py-mpi4py"] == f"../first/packages.html#cache-package-{TAG}-py-mpi4py"


def test_filtered_views_claim_no_target(make_app, tmp_path):
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text('extensions = ["sphinx_cachecatalog"]\n', encoding="utf-8")
    (srcdir / "index.rst").write_text(
        "Home\n====\n\n.. toctree::\n\n   numpy\n   e4s\n   tag\n", encoding="utf-8"
    )
    (srcdir / "numpy.rst").write_text(
        "NumPy on aarch64\n================\n\n.. cache-package:: py-numpy\n"
        "   :compiler: gcc@11\n   :target: neoverse_v2\n",
        encoding="utf-8",
    )
    (srcdir / "e4s.rst").write_text(
        "E4S\n===\n\n.. cache-index::\n   :stack: e4s\n   :columns: package\n", encoding="utf-8"
    )
    (srcdir / "tag.rst").write_text(
        "Tag\n===\n\n.. cache-index::\n   :columns: package\n\n"
        ".. cache-index::\n   :limit: 3\n   :columns: package\n",
        encoding="utf-8",
    )
    app = make_app("html", srcdir=srcdir, confoverrides=CONF)
    app.build()
    assert warnings_by_subtype(app.warning.getvalue()) == {}  # no duplicate target
    e4s = {a.get_text(): a["href"] for a in soup_of(app, "e4s.html").select("table a")}
    assert e4s["py-numpy"] == "https://packages.spack.io/package.html?name=py-numpy"
    assert links(app, "e4s.html")["py-numpy"] == e4s["py-numpy"]
    assert soup_of(app, "numpy.html").select("[id^=cache-package]") == []
    assert len(soup_of(app, "tag.html").select(f"#cache-tag-{TAG}")) == 1


def test_two_pages_documenting_one_package(make_app, rootdir, tmp_path):
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-roles", srcdir)
    (srcdir / "again.rst").write_text(
        "Again\n=====\n\n.. cache-package:: cmake\n   :no-specs:\n\n.. cache-package:: py-mpi4py\n   :no-index:\n",
        encoding="utf-8",
    )
    (srcdir / "index.rst").write_text(
        (srcdir / "index.rst")
        .read_text(encoding="utf-8")
        .replace("   packages\n", "   packages\n   again\n"),
        encoding="utf-8",
    )
    for jobs in (1, 2):
        app = make_app(
            "html",
            srcdir=srcdir,
            builddir=tmp_path / f"b{jobs}",
            parallel=jobs,
            freshenv=True,
            confoverrides=CONF,
        )
        app.build()
        app.cleanup()
        found = warnings_by_subtype(app.warning.getvalue())
        assert list(found) == ["duplicate-target"]
        assert len(found["duplicate-target"]) == 1
        assert found["duplicate-target"][0].startswith(f"{srcdir / 'packages.rst'}:7: WARNING:")
        assert (
            f"cache package {TAG}/cmake is documented in 'again' and 'packages'"
            in found["duplicate-target"][0]
        )
        assert links(app)["cmake"] == f"again.html#cache-package-{TAG}-cmake"
