"""The reader of Spack's build-cache database, on Spack's own test mirrors and on made indexes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sphinx_cachecatalog.catalog.model import Dependency
from sphinx_cachecatalog.catalog.problems import BAD_FILE, BAD_VALUE
from sphinx_cachecatalog.catalog.spackdb import read_index

from .conftest import DATA

MIRRORS = DATA / "spack-buildcache"
V7 = MIRRORS / "v2_layout" / "unsigned" / "build_cache" / "index.json"
V8 = MIRRORS / "v2_layout" / "signed" / "build_cache" / "index.json"
V6 = MIRRORS / "legacy_yaml" / "build_cache" / "index.json"


def installs(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))["database"]["installs"]
    return data


def by_hash(path: Path, tag: str = "develop", stack: str = "e4s") -> dict[str, Any]:
    read = read_index(path.read_bytes(), str(path), tag, stack)
    assert read.problems == ()
    return {spec.hash: (package, spec) for package in read.packages for spec in package.specs}


@pytest.mark.parametrize("path", [V6, V7, V8], ids=["db6", "db7", "db8"])
def test_every_spec_of_the_cache_and_nothing_else(path: Path) -> None:
    entries = installs(path)
    in_cache = {key for key, record in entries.items() if record["in_buildcache"]}
    specs = by_hash(path)
    assert set(specs) == in_cache
    for key, (package, spec) in specs.items():
        node = entries[key]["spec"]
        assert (package.name, package.tag, spec.versions) == (node["name"], "develop", (node["version"],))
        assert (spec.platform, spec.os) == (node["arch"]["platform"], node["arch"]["platform_os"])
        assert spec.target == node["arch"]["target"]["name"]
        assert spec.stacks == ("e4s", "root")
        assert spec.size is None


def test_database_6_hashes_compilers_and_variants() -> None:
    ((package, spec),) = by_hash(V6).values()
    assert (package.name, spec.hash) == ("zlib", "t5mczux3tfqpxwmg7egp7axy2jvyulqk")
    assert spec.compiler == "gcc@4.5.0"
    assert spec.variants == ("+optimize", "+pic", "+shared")


def test_database_7_compiler_objects_and_dependency_edges() -> None:
    read = read_index(V7.read_bytes(), str(V7), "develop", "e4s")
    specs = {spec.hash: spec for package in read.packages for spec in package.specs}
    assert {spec.compiler for spec in specs.values()} == {"gcc@10.2.1"}
    assert specs["sk2gqqz4n5njmvktycnd25wq25jxiqkr"].variants == ("build_system=generic",)
    assert specs["sk2gqqz4n5njmvktycnd25wq25jxiqkr"].dependencies == (
        Dependency("libelf", "0.8.13", "rqh2vuf6fqwkmipzgi2wjx352mq7y7ez"),
    )
    assert specs["rqh2vuf6fqwkmipzgi2wjx352mq7y7ez"].dependencies == ()


def test_database_8_compilers_from_the_c_provider_or_the_annotation() -> None:
    entries = installs(V8)
    specs = by_hash(V8)
    gcc = next(r["spec"] for r in entries.values() if r["spec"]["name"] == "gcc")
    assert not entries[gcc["hash"]]["in_buildcache"]  # an external: it names compilers, it is no spec
    for key, (_, spec) in specs.items():
        node = entries[key]["spec"]
        edges = node.get("dependencies") or []
        if any("c" in edge["parameters"]["virtuals"] for edge in edges):
            assert spec.compiler == f"gcc@{gcc['version']}", node["name"]
        elif "compiler" in node.get("annotations", {}):
            assert spec.compiler == node["annotations"]["compiler"].replace("@=", "@"), node["name"]
        else:  # compiler-wrapper, and gcc-runtime, which depends on gcc without asking for c
            assert spec.compiler == "", node["name"]
    assert {p.name for p, _ in specs.values()} == {"libelf", "libdwarf", "compiler-wrapper", "gcc-runtime"}


def made(installs: dict[str, Any], version: str = "9") -> bytes:
    return json.dumps({"database": {"version": version, "installs": installs}}).encode()


def node(name: str, digest: str, **extra: Any) -> dict[str, Any]:
    spec = {
        "name": name,
        "version": "1.0",
        "arch": {"platform": "linux", "platform_os": "ubuntu24.04", "target": "zen3"},
        "hash": digest,
        **extra,
    }
    return {"spec": spec, "in_buildcache": True}


def test_database_9_string_targets_and_the_compiler_asked_for() -> None:
    index = {
        "llvm1": {**node("llvm", "llvm1"), "in_buildcache": False},
        "gfort": {**node("gcc", "gfort", version="13.2.0"), "in_buildcache": False},
        "app01": node(
            "app",
            "app01",
            provided_virtuals=[],
            dependencies=[
                {
                    "name": "gcc",
                    "hash": "gfort",
                    "parameters": {"deptypes": ["build"], "virtuals": ["fortran"]},
                },
                {"name": "llvm", "hash": "llvm1", "parameters": {"deptypes": ["build"], "virtuals": ["cxx"]}},
            ],
            parameters={
                "mpi": True,
                "ipo": False,
                "build_type": "Release",
                "cuda_arch": ["80", "90"],
                "cflags": [],
            },
        ),
    }
    read = read_index(made(index), "index.json", "v1.0", "root")
    assert read.problems == ()
    ((package,),) = [read.packages]
    (spec,) = package.specs
    assert spec.target == "zen3"
    assert spec.compiler == "llvm@1.0"  # cxx comes before fortran
    assert spec.stacks == ("root",)
    assert spec.variants == ("build_type=Release", "cuda_arch:=80,90", "~ipo", "+mpi")
    assert spec.dependencies == (Dependency("gcc", "13.2.0", "gfort"), Dependency("llvm", "1.0", "llvm1"))
    assert [str(d) for d in spec.dependencies] == ["gcc@13.2.0", "llvm@1.0"]


def test_a_broken_entry_is_said_at_its_pointer_and_the_rest_is_read() -> None:
    no_version = node("bad", "bad01")
    del no_version["spec"]["version"]
    index = {
        "good1": node("good", "good1"),
        "bad01": no_version,
        "wrong": node("other", "right"),
        "array": [],
        "noarch": node("noarch", "noarch", arch=None),
    }
    read = read_index(made(index, "8"), "mirror/index.json", "develop", "e4s")
    assert [p.name for p in read.packages] == ["good"]
    assert {(p.subtype, p.path) for p in read.problems} == {(BAD_VALUE, "mirror/index.json")}
    assert sorted(p.message.split(":")[0] for p in read.problems) == [
        "/database/installs/array/spec",
        "/database/installs/bad01/spec/version",
        "/database/installs/noarch/spec/arch",
        "/database/installs/wrong/spec/hash",
    ]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (b"{not json", "is not JSON"),
        (b"[]", "/database/installs: missing"),
        (made({}, "10"), "/database/version: 10: this reader knows versions 6, 7, 8, 9"),
        (json.dumps({"database": {"installs": {}}}).encode(), "/database/version: missing"),
        (b"[" * 100_000, "is not JSON"),
    ],
)
def test_what_is_not_an_index_says_why(text: bytes, said: str) -> None:
    read = read_index(text, "index.json", "develop", "e4s")
    assert read.packages == ()
    (problem,) = read.problems
    assert problem.subtype == BAD_FILE
    assert problem.message.startswith(said)


def test_the_generators_index_reads_back_as_its_catalog() -> None:
    from sphinx_cachecatalog.catalog import demo

    packages = demo.generate(("develop",), packages=20, specs_per_package=6)
    read = read_index(json.dumps(demo.spack_index(packages)).encode(), "index.json", "develop", "e4s")
    assert read.problems == ()
    made_specs = {spec.hash: spec for package in packages for spec in package.specs}
    read_specs = {spec.hash: spec for package in read.packages for spec in package.specs}
    assert set(read_specs) == set(made_specs)
    for digest, spec in read_specs.items():
        made_spec = made_specs[digest]
        assert (spec.versions, spec.os, spec.platform, spec.target) == (
            made_spec.versions,
            made_spec.os,
            made_spec.platform,
            made_spec.target,
        )
        assert spec.compiler == made_spec.compiler.replace("@=", "@")
        assert sorted(spec.variants) == sorted(made_spec.variants)
        assert all(
            dependency.hash in read_specs or "@" in str(dependency) for dependency in spec.dependencies
        )
