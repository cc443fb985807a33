"""Configuration values: checked at start-up, and the default tag rule."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest
from bs4 import BeautifulSoup
from sphinx.cmd.build import build_main
from sphinx.config import Config

from sphinx_cachecatalog.catalog.sources import IndexSource
from sphinx_cachecatalog.config import catalog_sources

from .conftest import CACHE, SEED, strip_colors, warnings_by_subtype


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        ({"cachecatalog_path": 3}, "cachecatalog_path must be a path or a list of paths"),
        ({"cachecatalog_path": ["ok", 3]}, "cachecatalog_path must be a path or a list of paths"),
        ({"cachecatalog_default_tag": ""}, "cachecatalog_default_tag must be a tag name or None"),
        ({"cachecatalog_package_url": "ftp://x/{name}"}, "cachecatalog_package_url must be an http(s) URL"),
        ({"cachecatalog_package_url": "https://x/{nam}"}, "must use exactly the fields {name}"),
        ({"cachecatalog_package_url": "https://x/{name"}, "is not a valid template"),
        (
            {"cachecatalog_sources": [{"index": "i.json", "tag": "develop", "stack": "e4s", "sizes": True}]},
            "cachecatalog_sources entry 1: 'sizes' is for a mirror",
        ),
        (
            {
                "cachecatalog_sources": [
                    {"mirror": "https://x/m", "tag": "develop", "stack": "e4s", "sizes": "yes"}
                ]
            },
            "(a mirror may add 'tls_verify' and 'sizes', each True or False)",
        ),
        ({"cachecatalog_tag_order": ["v0.23.1", 3]}, "cachecatalog_tag_order must be a list of tag names"),
        ({"cachecatalog_tag_order": ["develop", " "]}, "cachecatalog_tag_order must be a list of tag names"),
        ({"cachecatalog_tag_order": ["develop", "...", "develop"]}, "names 'develop' twice"),
    ],
)
def test_wrong_values_are_one_line_warnings_at_conf_py(make_app, rootdir, tmp_path, overrides, words):
    """As Sphinx does with its own values: a warning at conf.py, the default used, no crash report."""
    app = make_app("html", srcdir=rootdir / "test-pages", confoverrides=overrides)
    found = warnings_by_subtype(app.warning.getvalue())
    assert list(found) == ["config"]
    (line,) = found["config"]
    assert line.startswith(f"{rootdir / 'test-pages' / 'conf.py'}:1: WARNING: ")  # given with -D
    assert words in line
    name = next(iter(overrides))
    assert getattr(app.config, name) == app.config.values[name].default


def test_a_wrong_value_points_at_its_line(make_app, tmp_path):
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(
        'extensions = ["sphinx_cachecatalog"]\n\ncachecatalog_generate = {"tags": "al"}\n', encoding="utf-8"
    )
    (srcdir / "index.rst").write_text("T\n=\n", encoding="utf-8")
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert warnings_by_subtype(app.warning.getvalue())["config"] == [
        f'{srcdir / "conf.py"}:3: WARNING: cachecatalog_generate["tags"] must be a list of tags '
        "or \"all\", not 'al' (did you mean 'all'?); using the default (None) [cachecatalog.config]"
    ]


def test_a_wrong_value_fails_a_strict_build_in_one_line(tmp_path, capsys):
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(
        'extensions = ["sphinx_cachecatalog"]\ncachecatalog_generate = {"tags": ["develop"], "dir": "/abs"}\n',
        encoding="utf-8",
    )
    (srcdir / "index.rst").write_text("T\n=\n", encoding="utf-8")
    status = build_main(["-W", "-q", "-b", "html", str(srcdir), str(tmp_path / "out")])
    err = strip_colors(capsys.readouterr().err)
    assert status != 0
    assert "Traceback" not in err
    assert "report" not in err
    assert f'{srcdir / "conf.py"}:2: WARNING: cachecatalog_generate["dir"] must be a folder' in err


def test_a_placed_tag_that_is_not_in_the_catalog_is_a_warning_at_its_line(make_app, tmp_path):
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(
        'extensions = ["sphinx_cachecatalog"]\n'
        f"cachecatalog_path = {str(CACHE)!r}\n"
        'cachecatalog_tag_order = ["v0.23.1", "develop-2025-07-31", "...", "develop"]\n',
        encoding="utf-8",
    )
    (srcdir / "index.rst").write_text("T\n=\n\n.. cache-tags::\n", encoding="utf-8")
    app = make_app("html", srcdir=srcdir)
    app.build()
    found = warnings_by_subtype(app.warning.getvalue())
    assert found == {
        "config": [
            f"{srcdir / 'conf.py'}:3: WARNING: cachecatalog_tag_order: tag 'develop-2025-07-31' is not in "
            "the catalog (did you mean 'develop-2025-07-13', 'develop-2025-06-01'?); the other tags keep "
            "their places [cachecatalog.config]",
            f"{srcdir / 'conf.py'}:3: WARNING: cachecatalog_tag_order: tag 'develop' is not in the catalog; "
            "the other tags keep their places [cachecatalog.config]",
        ]
    }
    assert app.config.cachecatalog_tag_order == ["v0.23.1", "develop-2025-07-31", "...", "develop"]


def test_a_tag_whose_files_are_unreadable_is_in_the_catalog(make_app, tmp_path):
    catalog = tmp_path / "catalog"
    shutil.copytree(CACHE / "v0.23.1", catalog / "v0.23.1")
    (catalog / "broken" / "adiak").mkdir(parents=True)
    (catalog / "broken" / "adiak" / "specs.md").write_text("---\nspec_details: [\n---", encoding="utf-8")
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text('extensions = ["sphinx_cachecatalog"]\n', encoding="utf-8")
    (srcdir / "index.rst").write_text("T\n=\n", encoding="utf-8")
    overrides = {"cachecatalog_path": str(catalog), "cachecatalog_tag_order": ["broken", "v0.23.1"]}
    app = make_app("html", srcdir=srcdir, confoverrides=overrides)
    app.build()
    assert "config" not in warnings_by_subtype(app.warning.getvalue())  # unknown, not absent


def tags_shown(make_app, rootdir, tmp_path, **overrides) -> list[str]:
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text('extensions = ["sphinx_cachecatalog"]\n', encoding="utf-8")
    (srcdir / "index.rst").write_text("T\n=\n\n.. cache-package:: cuda\n   :no-specs:\n", encoding="utf-8")
    app = make_app("html", srcdir=srcdir, confoverrides=overrides)
    app.build()
    soup = BeautifulSoup((Path(app.outdir) / "index.html").read_text(encoding="utf-8"), "html.parser")
    rows = [
        [c.get_text(strip=True) for c in tr.select("th, td")]
        for tr in soup.select("table.cachecatalog-summary tr")
    ]
    return [value for key, value in rows if key == "Tag"]


def test_the_only_tag_is_the_default(make_app, rootdir, tmp_path):
    assert tags_shown(make_app, rootdir, tmp_path, cachecatalog_path=str(CACHE / "v0.23.1")) == ["v0.23.1"]


def test_develop_is_the_default_among_several(make_app, rootdir, tmp_path):
    seed_and_cache = [str(CACHE), str(SEED)]
    assert (
        tags_shown(make_app, rootdir, tmp_path, cachecatalog_path=seed_and_cache) == []
    )  # no cuda in develop
    other = tmp_path / "other"
    other.mkdir()
    shown = tags_shown(
        make_app, rootdir, other, cachecatalog_path=seed_and_cache, cachecatalog_default_tag="v0.23.1"
    )
    assert shown == ["v0.23.1"]


def sources_of(*entries: dict[str, Any]) -> list[IndexSource]:
    return catalog_sources(cast(Config, SimpleNamespace(cachecatalog_sources=list(entries))), "/docs")


def test_sizes_are_asked_of_a_mirror_by_url() -> None:
    url = "https://cache.example.org/e4s"
    base = {"tag": "develop", "stack": "e4s"}
    (on, off, plain) = sources_of(
        {"mirror": url, **base, "sizes": True},
        {"mirror": url, **base, "sizes": False, "tls_verify": False},
        {"mirror": url, **base},
    )
    assert (on.url, on.sizes, on.verify) == (url, True, True)
    assert (off.sizes, off.verify) == (False, False)
    assert plain.sizes is False
    (folder,) = sources_of({"mirror": "mirrors/e4s", **base, "sizes": False})  # read there anyway
    assert (folder.path, folder.mirror, folder.url) == (Path("/docs/mirrors/e4s"), True, None)
