"""Fixtures of the browser tests: small Sphinx sites served over HTTP, and Chromium.

Playwright drives Debian's Chromium (``/usr/bin/chromium``, Debian package
``chromium``); it never downloads a browser of its own. Without Chromium the
browser tests skip, except in CI (``CI`` set), where they fail: there they
are mandatory, and ``.ci/run`` installs Chromium.
"""

from __future__ import annotations

import base64
import hashlib
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from sphinx_cachecatalog.catalog import demo

from .conftest import CACHE, SEED, spec_entry, text_of

CHROMIUM = Path(os.environ.get("CACHECATALOG_CHROMIUM", "/usr/bin/chromium"))
#: How Chromium runs here: headless, and nothing that reaches for the network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
THEMES = ("furo", "alabaster")
#: The tag whose packages the test pages show.
TAG = "develop-2025-07-13"

#: A generated package with more specs than the script shows at once, some with sizes.
BIG = "bigpkg"

#: The pages of the test site: name to reStructuredText.
PAGES = {
    "index": f"""\
Catalog
=======

.. toctree::
   :hidden:

   cuda
   kokkos
   seed
   plain
   big

The specs of one package:

.. cache-package:: py-numpy
   :tag: {TAG}

All packages of the tag:

.. cache-index::
   :tag: {TAG}
""",
    "kokkos": f"""\
Kokkos
======

.. cache-specs:: kokkos
   :tag: {TAG}
""",
    "seed": """\
The founding example
====================

.. cache-specs:: py-mpi4py
   :tag: develop
""",
    "cuda": """\
Cuda in v0.23.1
===============

.. cache-specs:: cuda
   :tag: v0.23.1
""",
    "big": """\
A package with many specs
=========================

.. cache-specs:: bigpkg
   :tag: develop
""",
    "plain": """\
A page without a catalog
========================

Nothing from the catalog here.
""",
}


class SiteError(AssertionError):
    """The test site did not build cleanly."""


def build_site(out: Path, theme: str, pages: dict[str, str] = PAGES, **conf: Any) -> Path:
    """Build ``pages`` with ``theme`` under ``out`` (in a process of its own, which leaves
    this one's docutils registry alone); returns the HTML folder."""
    src = out / "src"
    src.mkdir(parents=True)
    conf = {"extensions": ["sphinx_cachecatalog"], "project": "Browser tests", "html_theme": theme, **conf}
    conf.setdefault("cachecatalog_path", str(CACHE))
    (src / "conf.py").write_text("".join(f"{k} = {v!r}\n" for k, v in conf.items()), encoding="utf-8")
    for name, text in pages.items():
        (src / f"{name}.rst").write_text(text, encoding="utf-8")
    html = out / "html"
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(src), str(html)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode or done.stderr:
        raise SiteError(f"the test site ({theme}) did not build cleanly:\n{done.stderr}")
    return html


def build_test_site(out: Path, theme: str) -> Path:
    """The test site under ``out``, from the real data and a generated package
    (``out/demo/develop/bigpkg/specs.md``); returns the HTML folder."""
    demo.write([demo.generate_package(BIG, "develop", 170)], out / "demo")
    return build_site(out, theme, cachecatalog_path=[str(CACHE), str(SEED), str(out / "demo")])


#: "Does it run on my machine?": a package built for these targets (one unknown to archspec) ...
HOST_TARGETS = ("x86_64_v3", "zen2", "zen3", "zen4", "icelake", "neoverse_v1", "aarch64", "x86_64_v3_custom")
#: ... on these OSs, with these compilers, and one build for macOS.
HOST_OSS = ("ubuntu22.04", "ubuntu24.04")
HOST_COMPILERS = ("gcc@11.4.0", "gcc@13.2.0")
HOST_PACKAGE = "hostpkg"
#: The pages of the host test site: spec tables with and without an Arch column, a package list.
HOST_PAGES = {
    "index": f"""\
Host
====

.. toctree::
   :hidden:

   noarch
   listing

.. cache-package:: {HOST_PACKAGE}
   :tag: develop
""",
    "noarch": f"""\
Specs without their arch
========================

.. cache-specs:: {HOST_PACKAGE}
   :tag: develop
   :columns: hash, version, compiler
""",
    "listing": """\
Packages
========

.. cache-index::
   :tag: develop
""",
}


def host_specs() -> list[dict[str, Any]]:
    """The specs of the host test site's package, as its file holds them."""
    specs = [
        {"platform": "linux", "os": os_, "target": target, "compiler": compiler}
        for os_ in HOST_OSS
        for target in HOST_TARGETS
        for compiler in HOST_COMPILERS
        if target != "x86_64_v3_custom" or compiler == HOST_COMPILERS[0]
    ]
    specs.append({"platform": "darwin", "os": "sonoma", "target": "m1", "compiler": "apple-clang@15.0.0"})
    for spec in specs:
        digest = hashlib.sha256("-".join(spec.values()).encode()).digest()[:20]
        spec["hash"] = base64.b32encode(digest).decode().lower()[:32]
    return [spec_entry(**spec) for spec in specs]


def build_host_site(out: Path, theme: str) -> Path:
    """A site of one package built for many targets (:func:`host_specs`); returns its HTML folder."""
    folder = out / "catalog" / "develop" / HOST_PACKAGE
    folder.mkdir(parents=True)
    (folder / "specs.md").write_text(text_of(host_specs(), title=f'"{HOST_PACKAGE}"'), encoding="utf-8")
    return build_site(out, theme, HOST_PAGES, cachecatalog_path=str(out / "catalog"))


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session", name="serve")
def serve_fixture() -> Iterator[Callable[[Path], str]]:
    """Serve a folder over HTTP on 127.0.0.1; returns its base URL."""
    servers: list[ThreadingHTTPServer] = []

    def start(folder: Path) -> str:
        server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(folder)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


class Site(NamedTuple):
    """A built test site: where it is served, and its HTML folder."""

    url: str
    html: Path


@pytest.fixture(scope="session", name="site")
def site_fixture(
    tmp_path_factory: pytest.TempPathFactory, serve: Callable[[Path], str]
) -> Callable[[str], Site]:
    """The test site built with a theme (each theme once a session)."""
    sites: dict[str, Site] = {}

    def built(theme: str) -> Site:
        if theme not in sites:
            html = build_test_site(tmp_path_factory.mktemp(f"site-{theme}"), theme)
            sites[theme] = Site(serve(html), html)
        return sites[theme]

    return built


@pytest.fixture(scope="session", name="host_site")
def host_site_fixture(
    tmp_path_factory: pytest.TempPathFactory, serve: Callable[[Path], str]
) -> Callable[[str], Site]:
    """The host test site built with a theme (each theme once a session)."""
    sites: dict[str, Site] = {}

    def built(theme: str) -> Site:
        if theme not in sites:
            html = build_host_site(tmp_path_factory.mktemp(f"host-{theme}"), theme)
            sites[theme] = Site(serve(html), html)
        return sites[theme]

    return built


@pytest.fixture(scope="session", name="browser")
def browser_fixture() -> Iterator[Any]:
    """Chromium, headless, driven by Playwright."""
    if not CHROMIUM.is_file():
        message = f"the browser tests need Chromium at {CHROMIUM} (Debian package chromium)"
        if os.environ.get("CI"):
            pytest.fail(message + ": in CI they are mandatory")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(name="page")
def page_fixture(browser: Any) -> Iterator[Any]:
    """A fresh page at a 1,400 px window, with JavaScript; every error it logs fails the test."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: _note_error(errors, message))
    yield page
    context.close()
    assert errors == [], "the page logged errors"


def _note_error(errors: list[str], message: Any) -> None:
    """Note an error the page logged; the test server has no favicon, and needs none."""
    if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
        errors.append(message.text)
