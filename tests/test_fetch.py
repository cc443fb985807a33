"""Mirrors fetched over HTTP from a real server on 127.0.0.1: downloaded only when changed,
checked, and kept in use (said, or warned about) when the mirror is out of reach."""

from __future__ import annotations

import hashlib
import shutil
import threading
import time
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from sphinx_cachecatalog.catalog.fetch import FETCH, fetch_mirror
from sphinx_cachecatalog.catalog.layouts import V2_INDEX, read_mirror

from .test_catalog_spackdb import V7, V8
from .test_layouts import SIGNED_V2, v3_mirror


class Mirror:
    """A folder served over HTTP on 127.0.0.1, which notes the paths asked for."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.asked: list[str] = []
        self.delay = 0.0
        mirror = self

        class Handler(SimpleHTTPRequestHandler):
            def do_GET(self) -> None:
                mirror.asked.append(self.path)
                time.sleep(mirror.delay)
                super().do_GET()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(folder)))
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Mirror]:
    folder = tmp_path / "served"
    shutil.copytree(SIGNED_V2, folder)
    mirror = Mirror(folder)
    yield mirror
    mirror.stop()


def fetch(mirror: Mirror, cache: Path, **options: Any) -> Any:
    options = {"timeout": 5.0, "max_age": 86400.0, "max_size": 1 << 20, **options}
    return fetch_mirror(mirror.url, cache, **options)


def test_an_unchanged_index_is_not_downloaded_again(served: Mirror, tmp_path: Path) -> None:
    first = fetch(served, tmp_path / "cache")
    assert first.problems == ()
    assert first.folder is not None
    assert read_mirror(first.folder, 1 << 20).data == (SIGNED_V2 / V2_INDEX).read_bytes()
    index = "/" + V2_INDEX.as_posix()
    assert served.asked.count(index) == 1
    second = fetch(served, tmp_path / "cache")
    assert second.folder == first.folder
    assert served.asked.count(index) == 1  # its hash said it had not changed
    assert served.asked.count(index + ".hash") == 2


def test_a_changed_index_is_downloaded(served: Mirror, tmp_path: Path) -> None:
    fetch(served, tmp_path / "cache")
    new = V7.read_bytes()
    (served.folder / V2_INDEX).write_bytes(new)
    (served.folder / "build_cache" / "index.json.hash").write_text(hashlib.sha256(new).hexdigest())
    again = fetch(served, tmp_path / "cache")
    assert again.problems == ()
    assert read_mirror(again.folder, 1 << 20).data == new


def test_a_wrong_checksum_warns_and_keeps_the_old_copy(served: Mirror, tmp_path: Path) -> None:
    fetch(served, tmp_path / "cache")
    (served.folder / V2_INDEX).write_bytes(V7.read_bytes())  # half written, say: its hash names another
    (served.folder / "build_cache" / "index.json.hash").write_text(hashlib.sha256(b"another").hexdigest())
    again = fetch(served, tmp_path / "cache")
    (problem,) = again.problems
    assert problem.subtype == FETCH
    assert "does not match its index.json.hash" in problem.message
    assert "using the copy fetched" in problem.message
    assert read_mirror(again.folder, 1 << 20).data == (SIGNED_V2 / V2_INDEX).read_bytes()


def test_a_stopped_server_uses_the_copy_and_says_so_once_it_is_old(served: Mirror, tmp_path: Path) -> None:
    fetch(served, tmp_path / "cache")
    served.stop()
    young = fetch(served, tmp_path / "cache")
    assert young.problems == ()  # a -W build survives an outage
    assert young.said is not None
    assert "cannot be reached" in young.said
    old = fetch(served, tmp_path / "cache", now=lambda: time.time() + 3 * 86400)
    (problem,) = old.problems
    assert problem.subtype == FETCH
    assert "using the copy fetched 3 days ago" in problem.message
    assert old.folder == young.folder


def test_no_copy_at_all_says_the_source_is_empty(served: Mirror, tmp_path: Path) -> None:
    served.stop()
    nothing = fetch(served, tmp_path / "cache")
    assert nothing.folder is None
    (problem,) = nothing.problems
    assert problem.message.endswith("there is no earlier copy, so this source is empty")


def test_a_slow_server_is_given_up_on_in_time(served: Mirror, tmp_path: Path) -> None:
    fetch(served, tmp_path / "cache")
    served.delay = 3.0
    start = time.perf_counter()
    slow = fetch(served, tmp_path / "cache", timeout=0.3)
    assert time.perf_counter() - start < 2.5
    assert slow.folder is not None
    assert slow.said is not None
    assert "cannot be reached" in slow.said


def test_a_v3_mirror_is_fetched_once_per_index(tmp_path: Path) -> None:
    folder = v3_mirror(tmp_path / "v3", {"application/vnd.spack.db.v8+json": V8.read_bytes()})
    mirror = Mirror(folder)
    try:
        first = fetch(mirror, tmp_path / "cache")
        assert first.problems == ()
        assert read_mirror(first.folder, 1 << 20).data == V8.read_bytes()
        blobs = [path for path in mirror.asked if path.startswith("/blobs/")]
        assert len(blobs) == 1
        fetch(mirror, tmp_path / "cache")
        assert [path for path in mirror.asked if path.startswith("/blobs/")] == blobs  # not again
    finally:
        mirror.stop()


def test_a_mirror_url_feeds_the_directives_and_survives_an_outage(
    make_app, served: Mirror, tmp_path: Path
) -> None:
    from .conftest import rows_of, soup_of, warnings_by_subtype
    from .test_catalog_spackdb import installs

    conf = {
        "cachecatalog_path": [],
        "cachecatalog_sources": [{"mirror": served.url, "tag": "develop", "stack": "e4s"}],
    }
    want = {
        k
        for k, r in installs(SIGNED_V2 / V2_INDEX).items()
        if r["in_buildcache"] and r["spec"]["name"] == "libelf"
    }
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text('extensions = ["sphinx_cachecatalog"]\n', encoding="utf-8")
    (srcdir / "index.rst").write_text("Page\n====\n\n.. cache-specs:: libelf\n", encoding="utf-8")
    for attempt in ("online", "offline"):
        if attempt == "offline":
            served.stop()
        app = make_app("html", srcdir=srcdir, freshenv=True, confoverrides=conf)
        app.build()
        assert warnings_by_subtype(app.warning.getvalue()) == {}, attempt  # -W survives the outage
        table = soup_of(app).select_one("table.cachecatalog-specs tbody")
        assert table is not None
        assert {row[0] for row in rows_of(table)} == want, attempt
        assert ("using the copy fetched" in app.status.getvalue()) is (attempt == "offline")
        app.cleanup()


def test_an_unreachable_mirror_without_a_copy_warns_at_the_config(make_app, tmp_path: Path) -> None:
    from .conftest import build_page, warnings_by_subtype

    app = build_page(
        make_app,
        tmp_path,
        "Nothing.\n",
        cachecatalog_path=[],
        cachecatalog_fetch_timeout=1,
        cachecatalog_sources=[{"mirror": "http://127.0.0.1:9/", "tag": "develop", "stack": "e4s"}],
    )
    (warning,) = warnings_by_subtype(app.warning.getvalue())["fetch"]
    assert "conf.py:1: WARNING: http://127.0.0.1:9/" in warning
    assert "there is no earlier copy, so this source is empty" in warning
