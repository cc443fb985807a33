"""The ``sphinx-cachecatalog`` command, run as a user runs it: the installed console script."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import CACHE, real_tag, spec_entry
from .test_catalog_spackdb import MIRRORS, V8, installs, made, node
from .test_fetch import V8_SPECS, Mirror, sized_mirror
from .test_stats_diff_mirror import independent_diff

SCRIPT = Path(sys.executable).parent / "sphinx-cachecatalog"


def run(*args: str, cache: Path | None = None) -> subprocess.CompletedProcess[str]:
    assert SCRIPT.is_file(), f"{SCRIPT} is not installed: pip install -e ."
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)} if cache else None
    return subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, check=False, timeout=120, env=env
    )


def test_a_clean_catalog_validates() -> None:
    done = run("validate", str(CACHE))
    files = sorted(CACHE.rglob("specs.md"))
    assert done.returncode == 0, done.stdout
    assert done.stdout == ""
    assert done.stderr.startswith(f"{len(files)} files, ")
    assert done.stderr.rstrip().endswith(": no errors")


def test_a_mirror_and_an_index_validate() -> None:
    specs = sum(r["in_buildcache"] for r in installs(V8).values())
    for source in (MIRRORS / "v2_layout" / "signed", V8):
        done = run("validate", str(source), "--tag", "develop", "--stack", "e4s")
        assert done.returncode == 0
        assert f"{specs} specs: no errors" in done.stderr


def test_problems_are_lines_with_their_place_and_fail(tmp_path: Path) -> None:
    broken = tmp_path / "develop" / "zlib" / "specs.md"
    broken.parent.mkdir(parents=True)
    broken.write_text("---\ntitle: zlib\nnot yaml: [\n---\n", encoding="utf-8")
    index = tmp_path / "index.json"
    index.write_text(
        '{"database": {"version": "8", "installs": {"abc": {"spec": 1, "in_buildcache": true}}}}'
    )
    done = run("validate", str(tmp_path / "develop"), str(index))
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{broken}:")
    assert lines[0].endswith("[bad-file]")
    assert lines[1] == f"{index}: /database/installs/abc/spec: missing or not an object [bad-value]"
    assert "2 errors" in done.stderr


def test_meta_mismatches_fail_only_when_strict(tmp_path: Path) -> None:
    path = tmp_path / "develop" / "zlib" / "specs.md"
    path.parent.mkdir(parents=True)
    path.write_text(
        "---\ntitle: zlib\nlayout: cache\ncategories: [package, develop]\n"
        f'meta: {{"num_specs": 99}}\nspec_details: {json.dumps([spec_entry()])}\n---\n',
        encoding="utf-8",
    )
    lenient = run("validate", str(tmp_path))
    strict = run("validate", "--strict", str(tmp_path))
    assert (lenient.returncode, strict.returncode) == (0, 1)
    assert "[meta-mismatch]" in lenient.stdout
    assert lenient.stderr.rstrip().endswith("no errors, 1 warning")


def test_usage_errors_are_one_line_and_exit_2(tmp_path: Path) -> None:
    for args in ((), ("validate",), ("validate", str(tmp_path / "nothere")), ("frobnicate",)):
        done = run(*args)
        assert done.returncode == 2, args
        assert done.stdout == ""
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
        assert "Traceback" not in done.stderr


def test_help_has_an_example_and_python_m_works() -> None:
    for command in ("validate", "stats", "diff", "export", "convert", "fetch"):
        assert f"examples:\n  sphinx-cachecatalog {command} " in run(command, "--help").stdout
    done = subprocess.run(
        [sys.executable, "-m", "sphinx_cachecatalog", "validate", str(V8)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0


def test_stats_count_what_the_files_hold() -> None:
    from collections import Counter

    from .conftest import real_tag

    tag = "v0.23.1"
    specs = [spec for front in real_tag(tag).values() for spec in front["spec_details"]]
    stacks = Counter(stack for spec in specs for stack in spec["stacks"])
    done = run("stats", str(CACHE), "--tag", tag, "--json")
    assert done.returncode == 0
    said = json.loads(done.stdout)
    assert said["tags"] == [{"tag": tag, "packages": len(real_tag(tag)), "specs": len(specs)}]
    assert said["stacks"] == dict(sorted(stacks.items(), key=lambda kv: (kv[0] == "root", -kv[1], kv[0])))
    text = run("stats", str(CACHE), "--tag", tag)
    assert text.stdout.splitlines()[0] == f"{tag}: {len(real_tag(tag))} packages, {len(specs)} specs"
    assert run("stats", str(CACHE), "--tag", "nope").returncode == 1


def test_diff_says_what_cache_diff_says() -> None:
    old, new = "develop-2025-06-01", "develop-2025-07-13"
    _, _, changed, rebuilt = independent_diff(old, new)
    said = json.loads(run("diff", str(CACHE), "--from", old, "--to", new, "--json").stdout)
    assert [c["package"] for c in said["changed"]] == sorted(changed)
    for change in said["changed"]:
        added, removed, again, versions_added, versions_removed = changed[change["package"]]
        assert (len(change["specs_added"]), len(change["specs_removed"]), change["rebuilt"]) == (
            added,
            removed,
            again,
        )
        assert (set(change["versions_added"]), set(change["versions_removed"])) == (
            versions_added,
            versions_removed,
        )
    assert {r["package"]: r["rebuilt"] for r in said["rebuilt"]} == rebuilt
    text = run("diff", str(CACHE), "--from", old, "--to", new).stdout.splitlines()
    assert text[0] == f"{old} -> {new}"
    added = sum(numbers[0] for numbers in changed.values())
    assert text[2].startswith(f"  specs: {added} added, ")


def test_two_indexes_are_two_tags_when_labelled(tmp_path: Path) -> None:
    zlib, cmake = node("zlib", "z" * 32), node("cmake", "c" * 32)
    (tmp_path / "old.json").write_bytes(made({"z" * 32: zlib}))
    (tmp_path / "new.json").write_bytes(made({"z" * 32: zlib, "c" * 32: cmake}))
    done = run(
        "diff", f"old={tmp_path / 'old.json'}", f"new:e4s={tmp_path / 'new.json'}", "--from", "old", "--to", "new",
        "--json",
    )  # fmt: skip
    said = json.loads(done.stdout)
    assert said["added"] == [{"package": "cmake", "specs": 1}]
    assert said["changed"] == [
        {
            "package": "zlib",
            "specs_added": [],
            "specs_removed": [],
            "versions_added": [],
            "versions_removed": [],
            "stacks_gained": ["e4s"],
            "stacks_lost": [],
            "rebuilt": 0,
        }
    ]


def test_export_has_every_spec_once_in_json_and_csv() -> None:
    tag = "v0.23.1"
    specs = {s["hash"]: (name, s) for name, front in real_tag(tag).items() for s in front["spec_details"]}
    records = json.loads(run("export", str(CACHE), "--tag", tag).stdout)
    assert sorted(r["hash"] for r in records) == sorted(specs)
    for record in records:
        name, spec = specs[record["hash"]]
        assert (record["tag"], record["package"], record["versions"], record["target"]) == (
            tag,
            name,
            spec["versions"],
            spec["target"],
        )
        assert record["size"] == (None if spec["size"] == "-" else spec["size"])
        assert record["tarball"] == spec["tarball"]
    rows = list(
        csv.DictReader(io.StringIO(run("export", str(CACHE), "--tag", tag, "--format", "csv").stdout))
    )
    assert [row["hash"] for row in rows] == [r["hash"] for r in records]
    assert [row["stacks"] for row in rows] == [", ".join(r["stacks"]) for r in records]
    assert [row["size"] for row in rows] == ["" if r["size"] is None else str(r["size"]) for r in records]


def test_export_narrows_by_package_and_filter() -> None:
    tag = "develop-2025-07-13"
    cuda = real_tag(tag)["cuda"]["spec_details"]
    done = run("export", str(CACHE), "--tag", tag, "--package", "cuda", "--filter", "os=ubuntu22.04")
    records = json.loads(done.stdout)
    assert sorted(r["hash"] for r in records) == sorted(s["hash"] for s in cuda if s["os"] == "ubuntu22.04")
    missing = run("export", str(CACHE), "--tag", tag, "--package", "nope")
    assert (missing.returncode, missing.stdout) == (1, "")
    assert missing.stderr == f"sphinx-cachecatalog export: nope is not in {tag}\n"


def test_convert_writes_what_reads_back_the_same_and_is_byte_stable(tmp_path: Path) -> None:
    from sphinx_cachecatalog.catalog.loader import CatalogLoader
    from sphinx_cachecatalog.catalog.sources import IndexSource

    out = tmp_path / "out"
    (out / "develop" / "gone").mkdir(parents=True)
    (out / "develop" / "gone" / "specs.md").write_text("left from an earlier run")
    done = run("convert", str(V8), "--stack", "e4s", "--out", str(out))
    assert done.returncode == 0, done.stderr
    entries = {h: r for h, r in installs(V8).items() if r["in_buildcache"]}
    names = {r["spec"]["name"] for r in entries.values()}
    assert sorted(p.parent.name for p in out.rglob("specs.md")) == sorted(names)
    assert done.stderr == (
        f"{out}: {len(names)} packages, {len(entries)} specs: {len(names)} written, 0 unchanged, 1 removed\n"
    )
    first = {path: path.read_bytes() for path in out.rglob("specs.md")}
    again = run("convert", str(V8), "--stack", "e4s", "--out", str(out))
    assert f"0 written, {len(names)} unchanged, 0 removed" in again.stderr
    assert {path: path.read_bytes() for path in out.rglob("specs.md")} == first
    edges = sum(len(r["spec"].get("dependencies", [])) for r in entries.values())
    written = [s for path in first for s in json.loads(path.read_text().split("spec_details: ")[1][:-4])]
    assert sum(len(s.get("dependencies", [])) for s in written) == edges > 0
    direct = CatalogLoader().load([], [IndexSource(V8, "develop", "e4s")]).catalog
    back = CatalogLoader().load([out], []).catalog
    assert {k: p.specs for k, p in back.packages.items()} == {k: p.specs for k, p in direct.packages.items()}
    assert run("validate", "--strict", str(out)).returncode == 0


def test_progress_goes_to_a_terminal_only(tmp_path: Path) -> None:
    leader, follower = pty.openpty()
    done = subprocess.run(
        [str(SCRIPT), "stats", str(V8)], stdout=subprocess.PIPE, stderr=follower, check=False, timeout=120
    )
    os.close(follower)
    shown = os.read(leader, 4096).decode()
    os.close(leader)
    assert done.returncode == 0
    assert "reading 1 source…" in shown
    assert shown.endswith("\r\x1b[K")  # the status line is gone before the answer
    assert "reading" not in run("stats", str(V8)).stderr


@pytest.fixture
def mirror(tmp_path: Path) -> Iterator[Mirror]:
    folder = tmp_path / "served"
    shutil.copytree(MIRRORS / "v2_layout" / "signed", folder)
    served = Mirror(folder)
    yield served
    served.stop()


def test_fetch_downloads_a_mirror_into_a_folder_that_reads_as_one(mirror: Mirror, tmp_path: Path) -> None:
    out = tmp_path / "copy"
    specs = sum(r["in_buildcache"] for r in installs(V8).values())
    names = len({r["spec"]["name"] for r in installs(V8).values() if r["in_buildcache"]})
    first = run("fetch", mirror.url, "--out", str(out))
    assert first.returncode == 0, first.stderr
    assert first.stderr == f"{out}: layout v2, index downloaded: {names} packages, {specs} specs\n"
    assert (out / "build_cache" / "index.json").read_bytes() == V8.read_bytes()
    second = run("fetch", mirror.url, "--out", str(out))
    assert "index unchanged" in second.stderr
    assert run("validate", str(out)).returncode == 0
    mirror.stop()
    down = run("fetch", mirror.url, "--out", str(out))
    assert down.returncode == 1
    assert "cannot be reached" in down.stderr
    assert "Traceback" not in down.stderr


def test_a_mirror_url_is_a_source_of_every_command(mirror: Mirror, tmp_path: Path) -> None:
    specs = sum(r["in_buildcache"] for r in installs(V8).values())
    done = run("stats", mirror.url, "--stack", "e4s", "--json", cache=tmp_path / "xdg")
    assert json.loads(done.stdout)["specs"] == specs
    assert list((tmp_path / "xdg" / "sphinx-cachecatalog").iterdir())  # kept for the next run
    mirror.stop()
    offline = run("stats", mirror.url, "--stack", "e4s", "--json", cache=tmp_path / "xdg")
    assert json.loads(offline.stdout)["specs"] == specs
    assert "cannot be reached" in offline.stderr
    assert "using the copy fetched" in offline.stderr


def test_sources_that_cannot_be_used_are_usage_errors(tmp_path: Path) -> None:
    for args in (
        ("stats", "s3://bucket/mirror"),
        ("stats", f"develop={CACHE}"),
        ("diff", str(CACHE), "--from", "v0.23.1"),
        ("fetch", str(tmp_path), "--out", str(tmp_path / "x")),
        ("stats", str(CACHE), "--filter", "colour=red"),
        ("stats", str(CACHE), "--filter", "version=1.0:0.1:2"),
    ):
        done = run(*args)
        assert (done.returncode, done.stdout) == (2, ""), args
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_fetch_with_sizes_then_export_them(tmp_path: Path) -> None:
    folder, sizes = sized_mirror(tmp_path / "v3")
    served = Mirror(folder)
    try:
        out = tmp_path / "copy"
        done = run("fetch", served.url, "--out", str(out), "--sizes")
        assert done.returncode == 0, done.stderr
        names = len({V8_SPECS[key]["name"] for key in sizes})
        assert done.stderr == (
            f"{out}: layout v3, index downloaded: {names} packages, {len(sizes)} specs, "
            f"{len(sizes)} with sizes\n"
        )
    finally:
        served.stop()
    records = json.loads(run("export", str(out)).stdout)
    assert {r["hash"]: r["size"] for r in records} == sizes


def test_answers_say_the_problems_of_their_sources_and_exit_1(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    shutil.copytree(CACHE / "v0.23.1", root / "v0.23.1")
    broken = root / "v0.23.1" / "adiak" / "specs.md"
    broken.write_text("---\ntitle: adiak\nnot yaml: [\n---\n", encoding="utf-8")
    specs = sum(len(front["spec_details"]) for name, front in real_tag("v0.23.1").items() if name != "adiak")
    stats = run("stats", str(root), "--tag", "v0.23.1")
    assert stats.returncode == 1
    assert stats.stdout.splitlines()[0] == f"v0.23.1: 2 packages, {specs} specs"
    assert stats.stderr.startswith(f"{broken}:")
    assert stats.stderr.rstrip().endswith("[bad-file]")
    unknown = run("export", str(root), "--tag", "v0.23.1", "--package", "adiak")
    assert (unknown.returncode, unknown.stderr.splitlines()[-1]) == (
        1,
        "sphinx-cachecatalog export: the catalog file of adiak in v0.23.1 could not be read, so it is unknown",
    )
    typo = run(
        "diff", str(CACHE), "--from", "develop-2025-06-01", "--to", "develop-2025-07-13", "--package", "hdf"
    )
    assert (typo.returncode, typo.stdout) == (1, "")
    assert typo.stderr == (
        "sphinx-cachecatalog diff: hdf is not in develop-2025-06-01 or develop-2025-07-13 (did you mean 'hdf5'?)\n"
    )


def test_a_folder_that_cannot_be_written_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("")
    done = run("convert", str(V8), "--out", str(tmp_path / "afile"))
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1].endswith(": Not a directory")
    assert "Traceback" not in done.stderr
    assert run("stats", str(V8), "--timeout", "0").returncode == 2


def test_fetch_says_a_v2_mirror_has_no_sizes(mirror: Mirror, tmp_path: Path) -> None:
    done = run("fetch", mirror.url, "--out", str(tmp_path / "copy"), "--sizes")
    assert done.returncode == 0
    assert done.stderr.rstrip().endswith(", no sizes (layout v2 has no spec manifests)")


def test_after_a_review(tmp_path: Path) -> None:
    """What a review found: each was a traceback, a lost file or a false line."""
    root = tmp_path / "cache"
    shutil.copytree(CACHE / "v0.23.1", root / "v0.23.1")
    out = tmp_path / "out"
    assert run("convert", str(root), "--out", str(out)).returncode == 0
    (root / "v0.23.1" / "cuda" / "specs.md").write_text("---\nnot yaml: [\n---\n", encoding="utf-8")
    again = run("convert", str(root), "--out", str(out))
    assert again.returncode == 1
    assert (out / "v0.23.1" / "cuda" / "specs.md").is_file()  # unknown, not gone: kept
    assert again.stderr.rstrip().endswith("0 removed")
    for args in (("--tag", "../escaped"), ("--stack", "a/b"), ("--timeout", "inf")):
        done = run("convert", str(V8), "--out", str(tmp_path / "x"), *args)
        assert (done.returncode, len(done.stderr.splitlines())) == (2, 1), args
    assert not (tmp_path / "escaped").exists()


def test_a_server_that_speaks_no_http_is_one_line(tmp_path: Path) -> None:
    import socket
    import threading

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()

    def answer() -> None:
        for _ in range(2):
            connection, _ = listener.accept()
            connection.recv(4096)
            connection.sendall(b"GARBAGE\r\n\r\n")
            connection.close()

    threading.Thread(target=answer, daemon=True).start()
    done = run("fetch", f"http://127.0.0.1:{listener.getsockname()[1]}", "--out", str(tmp_path / "copy"))
    listener.close()
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "cannot be reached" in done.stderr
