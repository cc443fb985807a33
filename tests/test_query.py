"""``cache-query`` and ``sphinx-cachecatalog query``: will a spec hit the cache on a machine?

The catalog is made here; the expected hits, near misses and reasons are
worked out by hand from archspec's lattice (x86_64_v3 and zen2 run on zen3;
zen4 and neoverse_v1 do not).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .conftest import build_page, soup_of, spec_entry, text_of, warnings_by_subtype
from .test_cli import run

SPEC = "hdf5@1.14 +mpi %gcc@13"
HOST = "linux-ubuntu22.04-zen3"
BUILDS: dict[str, dict[str, Any]] = {
    "b" * 32: {"versions": ["1.14.6"], "target": "zen2"},
    "a" * 32: {"versions": ["1.14.5"]},
    "c" * 32: {"versions": ["1.14.6"], "target": "zen4"},
    "d" * 32: {"versions": ["1.14.6"], "os": "ubuntu24.04"},
    "f" * 32: {"versions": ["1.14.6"], "target": "neoverse_v1"},
    "e" * 32: {"versions": ["1.12.2"], "compiler": "gcc@11.4.0", "variants": ["~mpi"]},
}
HITS = ["b" * 32, "a" * 32]  # newest version first
REASONS = {
    "c" * 32: "built for zen4, which is newer than zen3",
    "d" * 32: "ubuntu24.04, not ubuntu22.04",
    "f" * 32: "built for neoverse_v1 (aarch64), which does not run on zen3 (x86_64)",
}  # e fails three constraints: neither a hit nor near


def catalog(tmp_path: Path) -> Path:
    details = [
        spec_entry(hash=digest, **{"compiler": "gcc@13.2.0", **build}) for digest, build in BUILDS.items()
    ]
    path = tmp_path / "cache" / "develop" / "hdf5" / "specs.md"
    path.parent.mkdir(parents=True)
    path.write_text(text_of(details, title='"hdf5"'), encoding="utf-8")
    return tmp_path / "cache"


def page(make_app: Any, tmp_path: Path, body: str, builder: str = "html") -> Any:
    return build_page(make_app, tmp_path, body, builder, cachecatalog_path=str(catalog(tmp_path)))


QUERY = f".. cache-query:: {SPEC}\n   :host: {HOST}\n"


def test_the_answer_in_html(make_app: Any, tmp_path: Path) -> None:
    app = page(make_app, tmp_path, QUERY)
    assert app._warning.getvalue() == ""
    soup = soup_of(app)
    answer = soup.select_one("div.cachecatalog-query")
    assert answer is not None
    verdict = answer.select_one("p.cachecatalog-verdict")
    assert verdict is not None
    assert verdict.get_text() == f"Yes: 2 cached binaries of {SPEC} run on {HOST}."
    assert not answer.select("tbody[data-noun]")  # an answer, not a list to browse: no controls
    hits, near = answer.select("table")
    assert [td.get_text() for td in hits.select("tbody tr > td:first-child")] == HITS
    heads = [th.get_text() for th in near.select("thead th")]
    assert heads[-1] == "Why not"
    rows = {tr.select("td")[0].get_text(): tr.select("td")[-1].get_text() for tr in near.select("tbody tr")}
    assert rows == REASONS


def test_the_answer_in_text(make_app: Any, tmp_path: Path) -> None:
    app = page(make_app, tmp_path, QUERY, "text")
    text = (Path(app.outdir) / "index.txt").read_text(encoding="utf-8")
    assert f"Yes: 2 cached binaries of {SPEC} run on {HOST}." in " ".join(text.replace("-\n", "-").split())
    assert text.index("/bbbbbbb hdf5@1.14.6") < text.index("/aaaaaaa hdf5@1.14.5")
    assert "why not: built for zen4, which is newer than zen3" in text
    assert "/eeeeeee" not in text


def test_without_a_host_every_satisfying_spec_is_a_hit_grouped_by_arch(make_app: Any, tmp_path: Path) -> None:
    app = page(make_app, tmp_path, f".. cache-query:: {SPEC}\n")
    soup = soup_of(app)
    verdict = soup.select_one("p.cachecatalog-verdict")
    assert verdict is not None
    assert verdict.get_text() == f"5 cached binaries satisfy {SPEC}."
    rubrics = [r.get_text() for r in soup.select("div.cachecatalog-query p.rubric")]
    archs = sorted(
        {
            f"linux-{BUILDS[h].get('os', 'ubuntu22.04')}-{BUILDS[h].get('target', 'x86_64_v3')}"
            for h in BUILDS
            if h != "e" * 32
        }
    )
    assert rubrics[: len(archs)] == [f"Cached binaries for {arch}" for arch in archs]


def test_no_hit_is_an_answer_not_a_warning(make_app: Any, tmp_path: Path) -> None:
    app = page(
        make_app, tmp_path, ".. cache-query:: hdf5@1.14 +mpi %gcc@13\n   :host: linux-ubuntu22.04-x86_64_v2\n"
    )
    assert app._warning.getvalue() == ""
    verdict = soup_of(app).select_one("p.cachecatalog-verdict")
    assert verdict is not None
    assert verdict.get_text().startswith(
        f"No: no cached binary of {SPEC} runs on linux-ubuntu22.04-x86_64_v2; the nearest "
    )


def test_a_malformed_spec_or_host_says_where(make_app: Any, tmp_path: Path) -> None:
    body = ".. cache-query:: hdf5@1.14 ^zlib\n\n.. cache-query:: hdf5\n   :host: linux-ubuntu22.04-zen33\n\n.. cache-query:: hdf6\n"
    app = page(make_app, tmp_path, body)
    warnings = warnings_by_subtype(app._warning.getvalue())
    spec, host = warnings["bad-option"]
    assert "dependency constraints (^zlib) are not supported" in spec
    assert "(at column 11 of 'hdf5@1.14 ^zlib')" in spec
    assert "did you mean zen3" in host
    pointers = [pre.get_text().rstrip("\n") for pre in soup_of(app).select("div.cachecatalog-error pre")]
    assert pointers == ["hdf5@1.14 ^zlib\n          ^", "linux-ubuntu22.04-zen33\n                  ^"]
    (unknown,) = warnings["unknown-package"]
    assert "'hdf5'" in unknown


def test_the_command_line_gives_the_same_answer(tmp_path: Path) -> None:
    root = catalog(tmp_path)
    done = run("query", str(root), SPEC, "--host", HOST, "--json")
    assert done.returncode == 0, done.stderr
    (said,) = json.loads(done.stdout)["questions"]
    assert said["verdict"] == f"Yes: 2 cached binaries of {SPEC} run on {HOST}."
    assert [hit["hash"] for hit in said["hits"]] == HITS
    assert {near["hash"]: "; ".join(near["reasons"]) for near in said["near"]} == REASONS
    none = run("query", str(root), "hdf5 +mpi %gcc@13", "--host", "linux-ubuntu22.04-x86_64_v2")
    assert none.returncode == 1
    assert none.stdout.startswith(
        "No: no cached binary of hdf5 +mpi %gcc@13 runs on linux-ubuntu22.04-x86_64_v2"
    )
    bad = run("query", str(root), "hdf5 ^zlib")
    assert (bad.returncode, bad.stdout) == (2, "")
    assert len(bad.stderr.splitlines()) == 1


def test_a_lockfile_is_fully_cached_or_says_what_is_not(tmp_path: Path) -> None:
    root = catalog(tmp_path)
    lock: dict[str, Any] = {
        "_meta": {"file-type": "spack-lockfile", "lockfile-version": 6, "specfile-version": 5},
        "roots": [{"hash": "a" * 32, "spec": "hdf5"}],
        "concrete_specs": {
            "a" * 32: {"name": "hdf5", "version": "1.14.5", "hash": "a" * 32},
            "g" * 32: {"name": "gcc", "version": "13.2.0", "hash": "g" * 32, "external": {"path": "/usr"}},
        },
    }
    path = tmp_path / "spack.lock"
    path.write_text(json.dumps(lock))
    cached = run("query", str(root), "--lock", str(path), "--json")
    assert cached.returncode == 0, cached.stderr
    assert json.loads(cached.stdout)["lock"] == {
        "path": str(path),
        "cached": [f"hdf5@1.14.5/{'a' * 32}"],
        "missing": [],
        "external": [f"gcc@13.2.0/{'g' * 32}"],
        "unknown": [],
    }
    lock["concrete_specs"]["z" * 32] = {"name": "zlib-ng", "version": "2.2.4", "hash": "z" * 32}
    path.write_text(json.dumps(lock))
    missing = run("query", str(root), "--lock", str(path))
    assert missing.returncode == 1
    assert missing.stdout.splitlines() == [
        f"{path}: No: 1 of 2 concrete specs are in the cache, 1 not (1 external left out: never built)",
        f"  not in the cache: zlib-ng@2.2.4/{'z' * 32}",
    ]
    assert run("query", str(root)).returncode == 2  # nothing asked


def test_the_command_line_after_a_new_users_trial(tmp_path: Path) -> None:
    root = catalog(tmp_path)
    two = run("query", str(root), "hdf5 %c=gcc@11 %cxx=intel-oneapi-compilers")
    assert two.returncode == 2
    assert "two compilers (gcc@11 and intel-oneapi-compilers)" in two.stderr
    typo = run("query", str(root), "hdf55")
    assert (typo.returncode, typo.stdout) == (
        1,
        "No: hdf55 is not in the cache of develop (did you mean 'hdf5'?).\n\n",
    )
    grouped = run("query", str(root), "hdf5 @1.14").stdout.splitlines()
    assert grouped[0] == "5 cached binaries satisfy hdf5@1.14."
    archs = [line.strip() for line in grouped if line.startswith("  linux-")]
    assert archs == sorted(archs)
    assert len(archs) == 5  # one a build here: each arch once
    assert run("query", str(root), "--lock", str(tmp_path), "--host", HOST).returncode == 2
    lock = tmp_path / "empty.lock"
    lock.write_text(json.dumps({"_meta": {"lockfile-version": 6}, "roots": [], "concrete_specs": {}}))
    empty = run("query", str(root), "--lock", str(lock))
    assert empty.returncode == 2
    assert "has no concrete spec to build: concretize the environment first" in empty.stderr


def test_several_tags_need_one(tmp_path: Path) -> None:
    from .conftest import CACHE

    done = run("query", str(CACHE), "hdf5")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.rstrip().endswith(": give one with --tag")


def test_a_reader_that_stops_reading_is_no_error(tmp_path: Path) -> None:
    import subprocess

    from .test_cli import SCRIPT

    asked = " ".join(["hdf5"] * 3000)  # far more than a pipe holds
    shell = f"'{SCRIPT}' query '{catalog(tmp_path)}' {asked} | head -1"
    done = subprocess.run(["/bin/sh", "-c", shell], capture_output=True, text=True, check=False, timeout=120)
    assert done.stdout == f"{len(BUILDS)} cached binaries satisfy hdf5.\n"
    assert done.stderr == ""


def test_in_a_man_page_the_verdict_is_a_paragraph_of_its_own(make_app: Any, tmp_path: Path) -> None:
    app = page(make_app, tmp_path, f"The MPI builds for a zen3:\n\n{QUERY}", "man")
    (manpage,) = Path(app.outdir).glob("*.1")
    roff = manpage.read_text(encoding="utf-8")
    assert "The MPI builds for a zen3:\n.sp\nYes: 2 cached binaries of" in roff
