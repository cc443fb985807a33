"""The ``sphinx-cachecatalog`` command, run as a user runs it: the installed console script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .conftest import CACHE, spec_entry
from .test_catalog_spackdb import MIRRORS, V8, installs

SCRIPT = Path(sys.executable).parent / "sphinx-cachecatalog"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    assert SCRIPT.is_file(), f"{SCRIPT} is not installed: pip install -e ."
    return subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, check=False, timeout=120)


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
    assert "examples:\n  sphinx-cachecatalog validate _cache" in run("validate", "--help").stdout
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
