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

from sphinx_cachecatalog.catalog.fetch import FETCH, copy_folder, fetch_into
from sphinx_cachecatalog.catalog.layouts import V2_INDEX, V3_SPECS, read_mirror
from sphinx_cachecatalog.catalog.loader import CatalogLoader
from sphinx_cachecatalog.catalog.sources import IndexSource

from .test_catalog_spackdb import V7, V8, installs, made, node
from .test_layouts import SIGNED_V2, shown_sizes, spec_manifest, v3_mirror


class Mirror:
    """A folder served over HTTP on 127.0.0.1, which notes the paths asked for."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.asked: list[str] = []
        self.delay = 0.0
        #: Paths answered with a server error.
        self.broken: set[str] = set()
        mirror = self

        class Handler(SimpleHTTPRequestHandler):
            def do_GET(self) -> None:
                mirror.asked.append(self.path)
                time.sleep(mirror.delay)
                if self.path in mirror.broken:
                    self.send_error(500, "Broken")
                    return
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
    return fetch_into(mirror.url, copy_folder(cache, mirror.url), **options)


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
    assert "conf.py:1: WARNING: the mirror http://127.0.0.1:9 cannot be reached (" in warning
    assert "there is no earlier copy, so this source is empty" in warning


# Sizes: the spec manifests of a layout-3 mirror, fetched once.

SPEC_PATHS = "/" + V3_SPECS.as_posix() + "/"
V8_SPECS = {k: r["spec"] for k, r in installs(V8).items() if r["in_buildcache"]}


def sized_mirror(root: Path) -> tuple[Path, dict[str, int]]:
    """A layout-3 mirror of the v8 index, with a manifest for each of its specs: the folder,
    and the tarball size that each spec's manifest lists, by hash."""
    folder = v3_mirror(root, {"application/vnd.spack.db.v8+json": V8.read_bytes()})
    sizes = {key: 1000 * (n + 1) + n for n, key in enumerate(sorted(V8_SPECS))}
    for n, (key, size) in enumerate(sizes.items()):
        spec = V8_SPECS[key]
        spec_manifest(folder, spec["name"], spec["version"], key, size, signed=n % 2 == 1)
    return folder, sizes


def manifest_url(key: str) -> str:
    spec = V8_SPECS[key]
    return f"{SPEC_PATHS}{spec['name']}/{spec['name']}-{spec['version']}-{key}.spec.manifest.json"


def loaded_sizes(folder: Path) -> dict[str, int | None]:
    """The size of each spec, by hash, as the catalog loads the copy."""
    result = CatalogLoader().load([], [IndexSource(folder, "develop", "e4s", mirror=True)])
    assert result.problems == ()
    return {spec.hash: spec.size for package in result.catalog.packages.values() for spec in package.specs}


@pytest.fixture
def sized(tmp_path: Path) -> Iterator[tuple[Mirror, dict[str, int]]]:
    folder, sizes = sized_mirror(tmp_path / "v3")
    mirror = Mirror(folder)
    yield mirror, sizes
    mirror.stop()


def test_sizes_come_from_each_spec_manifest_fetched_once(
    sized: tuple[Mirror, dict[str, int]], tmp_path: Path
) -> None:
    mirror, sizes = sized
    assert len(sizes) == 6
    calls: list[tuple[int, int]] = []
    first = fetch(mirror, tmp_path / "cache", sizes=True, progress=lambda *call: calls.append(call))
    assert first.problems == ()
    assert first.manifests == 6
    assert calls[0] == (0, 6)
    assert calls[-1] == (6, 6)
    assert len(calls) == 7
    assert sorted(path for path in mirror.asked if path.startswith(SPEC_PATHS)) == sorted(
        manifest_url(key) for key in sizes
    )
    assert loaded_sizes(first.folder) == sizes
    again = fetch(mirror, tmp_path / "cache", sizes=True)
    assert again.problems == ()
    assert again.manifests == 0
    assert len([path for path in mirror.asked if path.startswith(SPEC_PATHS)]) == 6  # none asked again
    assert loaded_sizes(again.folder) == sizes


def test_fetch_into_fills_the_folder_it_is_given(
    sized: tuple[Mirror, dict[str, int]], tmp_path: Path
) -> None:
    mirror, sizes = sized
    out = tmp_path / "out"
    fetched = fetch_into(mirror.url, out, timeout=5.0, max_age=86400.0, max_size=1 << 20, sizes=True)
    assert (fetched.folder, fetched.problems, fetched.manifests) == (out, (), 6)
    for key in sizes:
        assert (out / manifest_url(key).lstrip("/")).read_bytes() == (
            mirror.folder / manifest_url(key).lstrip("/")
        ).read_bytes()
    assert loaded_sizes(out) == sizes


def test_a_manifest_the_mirror_lacks_is_not_asked_again(
    sized: tuple[Mirror, dict[str, int]], tmp_path: Path
) -> None:
    mirror, sizes = sized
    missing = sorted(sizes)[2]
    (mirror.folder / manifest_url(missing).lstrip("/")).unlink()
    first = fetch(mirror, tmp_path / "cache", sizes=True)
    assert first.problems == ()  # an answer, not a failure
    assert first.manifests == 5
    assert loaded_sizes(first.folder) == {**sizes, missing: None}
    fetch(mirror, tmp_path / "cache", sizes=True)
    assert mirror.asked.count(manifest_url(missing)) == 1
    assert len([path for path in mirror.asked if path.startswith(SPEC_PATHS)]) == 6


def test_manifests_that_fail_are_one_problem_and_the_rest_have_sizes(
    sized: tuple[Mirror, dict[str, int]], tmp_path: Path
) -> None:
    mirror, sizes = sized
    failing = sorted(sizes)[:2]
    mirror.broken = {manifest_url(key) for key in failing}
    first = fetch(mirror, tmp_path / "cache", sizes=True)
    (problem,) = first.problems
    assert problem.subtype == FETCH
    assert problem.path == mirror.url
    assert problem.message.startswith("2 of 6 spec manifests could not be fetched (")
    assert "answered 500" in problem.message
    assert first.manifests == 4
    assert first.folder is not None
    assert read_mirror(first.folder, 1 << 20).data == V8.read_bytes()  # the index is current
    assert loaded_sizes(first.folder) == {
        key: None if key in failing else size for key, size in sizes.items()
    }
    mirror.broken = set()
    asked = len(mirror.asked)
    again = fetch(mirror, tmp_path / "cache", sizes=True)
    assert (again.problems, again.manifests) == ((), 2)
    assert sorted(path for path in mirror.asked[asked:] if path.startswith(SPEC_PATHS)) == sorted(
        manifest_url(key) for key in failing
    )
    assert loaded_sizes(again.folder) == sizes


def test_a_mirror_that_stops_answering_is_not_asked_for_every_manifest(tmp_path: Path) -> None:
    index = made({f"h{n:04d}": node("many", f"h{n:04d}") for n in range(200)}, version="8")
    folder = v3_mirror(tmp_path / "v3", {"application/vnd.spack.db.v8+json": index})
    mirror = Mirror(folder)
    try:
        mirror.broken = {f"{SPEC_PATHS}many/many-1.0-h{n:04d}.spec.manifest.json" for n in range(200)}
        fetched = fetch(mirror, tmp_path / "cache", sizes=True)
        (problem,) = fetched.problems
        assert problem.message.startswith("200 of 200 spec manifests could not be fetched (")
        asked = [path for path in mirror.asked if path.startswith(SPEC_PATHS)]
        assert 32 <= len(asked) < 100
        assert fetched.folder is not None
        assert read_mirror(fetched.folder, 1 << 20).data == index
    finally:
        mirror.stop()


def test_without_sizes_no_spec_manifest_is_asked(
    sized: tuple[Mirror, dict[str, int]], tmp_path: Path
) -> None:
    mirror, sizes = sized
    fetched = fetch(mirror, tmp_path / "cache")
    assert (fetched.problems, fetched.manifests) == ((), None)
    assert [path for path in mirror.asked if path.startswith(SPEC_PATHS)] == []
    assert loaded_sizes(fetched.folder) == dict.fromkeys(sizes)


def test_a_v2_mirror_has_no_sizes_to_fetch(served: Mirror, tmp_path: Path) -> None:
    fetched = fetch(served, tmp_path / "cache", sizes=True)
    assert (fetched.problems, fetched.said, fetched.manifests) == ((), None, None)
    assert [path for path in served.asked if path.startswith(SPEC_PATHS)] == []


def test_a_v2_mirror_url_with_sizes_says_it_has_none(make_app, served: Mirror, tmp_path: Path) -> None:
    from .conftest import build_page, warnings_by_subtype

    app = build_page(
        make_app,
        tmp_path,
        ".. cache-specs:: libelf\n",
        cachecatalog_path=[],
        cachecatalog_sources=[{"mirror": served.url, "tag": "develop", "stack": "e4s", "sizes": True}],
    )
    assert warnings_by_subtype(app.warning.getvalue()) == {}
    assert (
        f"{served.url} is a mirror of layout 2, which has no spec manifests: no sizes"
        in app.status.getvalue()
    )
    assert [path for path in served.asked if path.startswith(SPEC_PATHS)] == []


def test_sizes_of_a_mirror_url_reach_the_spec_table(
    make_app, sized: tuple[Mirror, dict[str, int]], tmp_path: Path
) -> None:
    from .conftest import build_page, warnings_by_subtype

    mirror, sizes = sized
    app = build_page(
        make_app,
        tmp_path,
        ".. cache-specs:: libelf\n",
        cachecatalog_path=[],
        cachecatalog_sources=[{"mirror": mirror.url, "tag": "develop", "stack": "e4s", "sizes": True}],
    )
    assert warnings_by_subtype(app.warning.getvalue()) == {}
    status = app.status.getvalue()
    assert f"fetching 6 spec manifests of {mirror.url}, for sizes" in status
    assert f"{mirror.url}: 6 spec manifests fetched, for sizes" in status
    shown = shown_sizes(app)
    assert shown == {key: size for key, size in sizes.items() if V8_SPECS[key]["name"] == "libelf"}
    assert len(shown) == 2
