"""Will a spec hit the cache: hits, near misses with reasons, and the verdict, on small
catalogs made here and on real hdf5 specs."""

from __future__ import annotations

import pytest

from sphinx_cachecatalog.catalog.frontmatter import parse
from sphinx_cachecatalog.catalog.hits import NEAR_SHOWN, Answer, NearMiss, answer
from sphinx_cachecatalog.catalog.model import Spec
from sphinx_cachecatalog.catalog.specsyntax import Host, parse_host, parse_spec

from .conftest import CACHE

ZEN3 = parse_host("linux-ubuntu22.04-zen3")


def spec(hash: str, **fields: object) -> Spec:
    base: dict[str, object] = {
        "hash": hash,
        "versions": ("1.14.5",),
        "compiler": "gcc@13.2.0",
        "os": "ubuntu22.04",
        "platform": "linux",
        "target": "x86_64_v3",
        "variants": ("+mpi", "~shared", "build_type=Release"),
        "stacks": ("root",),
    }
    return Spec(**(base | fields))  # type: ignore[arg-type]


def ask(text: str, specs: list[Spec], host: Host | str | None = ZEN3) -> Answer:
    if isinstance(host, str):
        host = parse_host(host)
    return answer(specs, parse_spec(text), host)


def hashes(specs: tuple[Spec, ...]) -> list[str]:
    return [s.hash for s in specs]


def near(result: Answer) -> list[tuple[str, tuple[str, ...]]]:
    return [(miss.spec.hash, miss.reasons) for miss in result.near]


# Targets ------------------------------------------------------------------------

X86 = [
    "x86_64",
    "x86_64_v2",
    "x86_64_v3",
    "x86_64_v4",
    "zen",
    "zen2",
    "zen3",
    "zen4",
    "zen5",
    "haswell",
    "skylake",
    "icelake",
    "sapphirerapids",
]
ARM = ["aarch64", "neoverse_n1", "neoverse_v1", "neoverse_v2", "a64fx"]
LATTICE = [spec(target, target=target) for target in X86 + ARM]


def test_on_a_zen3_host_its_ancestors_hit_closest_first():
    result = ask("hdf5", LATTICE)
    assert hashes(result.hits) == ["zen3", "zen2", "zen", "x86_64_v3", "x86_64_v2", "x86_64"]
    assert result.verdict == "Yes: 6 cached binaries of hdf5 run on linux-ubuntu22.04-zen3."
    # one failed constraint each (the target), so all near: the host's family first, then by
    # closeness (ancestors), then hash; what a CPU of the same family lacks is named
    assert near(result) == [
        (
            "sapphirerapids",
            ("built for sapphirerapids: it needs adx, amx_bf16, amx_int8 and 22 more, which zen3 lacks",),
        ),
        (
            "icelake",
            ("built for icelake: it needs adx, avx512_bitalg, avx512_vbmi2 and 13 more, which zen3 lacks",),
        ),
        ("skylake", ("built for skylake: it needs adx and rdrand, which zen3 lacks",)),
        ("haswell", ("built for haswell: it needs rdrand, which zen3 lacks",)),
        ("zen5", ("built for zen5, which is newer than zen3",)),
        ("zen4", ("built for zen4, which is newer than zen3",)),
        (
            "x86_64_v4",
            ("built for x86_64_v4: it needs avx512bw, avx512cd, avx512dq and 2 more, which zen3 lacks",),
        ),
        ("neoverse_v2", ("built for neoverse_v2 (aarch64), which does not run on zen3 (x86_64)",)),
        ("neoverse_v1", ("built for neoverse_v1 (aarch64), which does not run on zen3 (x86_64)",)),
        ("neoverse_n1", ("built for neoverse_n1 (aarch64), which does not run on zen3 (x86_64)",)),
    ]
    # a64fx and aarch64 are near too, past the first ten
    assert result.more_near == 2


@pytest.mark.parametrize(
    ("host", "hits"),
    [
        ("linux-ubuntu22.04-x86_64", ["x86_64"]),
        ("linux-ubuntu22.04-x86_64_v2", ["x86_64_v2", "x86_64"]),
        ("linux-ubuntu22.04-x86_64_v3", ["x86_64_v3", "x86_64_v2", "x86_64"]),
        ("linux-ubuntu22.04-x86_64_v4", ["x86_64_v4", "x86_64_v3", "x86_64_v2", "x86_64"]),
        ("linux-ubuntu22.04-zen", ["zen", "x86_64_v3", "x86_64_v2", "x86_64"]),
        (
            "linux-ubuntu22.04-zen4",
            [
                "zen4",
                "zen3",
                "zen2",
                "x86_64_v4",
                "zen",
                "x86_64_v3",
                "x86_64_v2",
                "x86_64",
            ],  # 3 ancestors each
        ),
        (
            "linux-ubuntu22.04-zen5",
            ["zen5", "zen4", "zen3", "zen2", "x86_64_v4", "zen", "x86_64_v3", "x86_64_v2", "x86_64"],
        ),
        ("linux-ubuntu22.04-haswell", ["haswell", "x86_64_v3", "x86_64_v2", "x86_64"]),
        ("linux-ubuntu22.04-skylake", ["skylake", "haswell", "x86_64_v3", "x86_64_v2", "x86_64"]),
        (
            "linux-ubuntu22.04-icelake",
            ["icelake", "skylake", "haswell", "x86_64_v4", "x86_64_v3", "x86_64_v2", "x86_64"],
        ),
        (
            "linux-ubuntu22.04-sapphirerapids",
            [
                "sapphirerapids",
                "icelake",
                "skylake",
                "haswell",
                "x86_64_v4",
                "x86_64_v3",
                "x86_64_v2",
                "x86_64",
            ],
        ),
        ("linux-ubuntu22.04-aarch64", ["aarch64"]),
        ("linux-ubuntu22.04-neoverse_n1", ["neoverse_n1", "aarch64"]),
        ("linux-ubuntu22.04-neoverse_v1", ["neoverse_v1", "neoverse_n1", "aarch64"]),
        ("linux-ubuntu22.04-neoverse_v2", ["neoverse_v2", "neoverse_n1", "aarch64"]),
        ("linux-ubuntu22.04-a64fx", ["a64fx", "aarch64"]),
    ],
)
def test_what_runs_on_each_host(host, hits):
    assert hashes(ask("hdf5", LATTICE, host).hits) == hits


@pytest.mark.parametrize(
    ("built", "host", "reason"),
    [
        ("x86_64_v4", "x86_64_v3", "built for x86_64_v4, which is newer than x86_64_v3"),
        ("zen2", "x86_64_v3", "built for zen2, which is newer than x86_64_v3"),
        ("sapphirerapids", "icelake", "built for sapphirerapids, which is newer than icelake"),
        (
            "zen4",
            "icelake",
            "built for zen4: it needs avx512_bf16, clzero, flush_l1d and 3 more, which icelake lacks",
        ),
        (
            "neoverse_v1",
            "neoverse_v2",
            "built for neoverse_v1: it needs dgh, dit and rng, which neoverse_v2 lacks",
        ),
        (
            "neoverse_v2",
            "neoverse_v1",
            "built for neoverse_v2: it needs flagm2, frint, sb and 1 more, which neoverse_v1 lacks",
        ),
        ("a64fx", "neoverse_v2", "built for a64fx, which is not in the line of neoverse_v2"),
        ("zen3", "neoverse_v2", "built for zen3 (x86_64), which does not run on neoverse_v2 (aarch64)"),
    ],
)
def test_why_a_target_does_not_run(built, host, reason):
    result = ask("hdf5", [spec("a", target=built)], f"linux-ubuntu22.04-{host}")
    assert near(result) == [("a", (reason,))]


def test_a_target_archspec_does_not_know_runs_only_on_itself():
    specs = [spec("odd", target="zen99"), spec("v3", target="x86_64_v3")]
    result = ask("hdf5", specs)
    assert hashes(result.hits) == ["v3"]
    assert near(result) == [
        ("odd", ("built for zen99, which archspec does not know, so it runs only on zen99",))
    ]
    on_itself = answer(specs, parse_spec("hdf5"), Host("linux", "ubuntu22.04", "zen99"))
    assert hashes(on_itself.hits) == ["odd"]
    assert near(on_itself) == [
        ("v3", ("built for x86_64_v3, which does not run on zen99, a target archspec does not know",))
    ]
    asked = ask("hdf5 target=zen2:", specs, None)
    assert hashes(asked.hits) == []
    assert near(asked) == [
        ("v3", ("built for x86_64_v3 where target=zen2: was asked",)),
        ("odd", ("built for zen99, which archspec does not know, where target=zen2: was asked",)),
    ]


@pytest.mark.parametrize(
    ("target", "hits"),
    [
        ("zen2", ["zen2"]),
        (":zen3", ["zen3", "zen2", "zen", "x86_64_v3", "x86_64_v2", "x86_64"]),
        ("zen:zen3", ["zen3", "zen2", "zen"]),
        ("zen3:", ["zen5", "zen4", "zen3"]),
        ("x86_64_v4:", ["sapphirerapids", "icelake", "zen5", "zen4", "x86_64_v4"]),
        ("neoverse_n1:", ["neoverse_v2", "neoverse_v1", "neoverse_n1"]),
        (":neoverse_v2", ["neoverse_v2", "neoverse_n1", "aarch64"]),
    ],
)
def test_asked_targets_without_a_host(target, hits):
    assert hashes(ask(f"hdf5 target={target}", LATTICE, None).hits) == hits


def test_asked_target_and_host_together():
    # x86_64_v3: asked, zen3 host: both must hold
    assert hashes(ask("hdf5 target=x86_64_v3:", LATTICE).hits) == ["zen3", "zen2", "zen", "x86_64_v3"]
    specs = [spec(target, target=target) for target in ("x86_64_v2", "x86_64_v3", "zen3", "zen4")]
    result = ask("hdf5 target=x86_64_v3:", specs)
    assert hashes(result.hits) == ["zen3", "x86_64_v3"]
    assert near(result) == [
        # zen4 fails both the asked range and the host: one constraint, the host's reason
        ("zen4", ("built for zen4, which is newer than zen3",)),
        # x86_64_v2 runs on the host but is not asked
        ("x86_64_v2", ("built for x86_64_v2 where target=x86_64_v3: was asked",)),
    ]


# Versions -------------------------------------------------------------------------

VERSIONS = [
    spec("a", versions=("1.14.5",)),
    spec("b", versions=("1.14",)),
    spec("c", versions=("1.12.2",)),
    spec("d", versions=("1.10.11",)),
    spec("e", versions=("2.0.0",)),
]


@pytest.mark.parametrize(
    ("versions", "hits"),
    [
        ("@1.14", ["a", "b"]),
        ("@=1.14", ["b"]),
        ("@=1.14.5", ["a"]),
        ("@1.14:", ["e", "a", "b"]),
        ("@:1.12", ["c", "d"]),
        ("@1.12:1.14", ["a", "b", "c"]),
        ("@1.10,2", ["e", "d"]),
        ("@1.12,=1.14", ["b", "c"]),
        ("", ["e", "a", "b", "c", "d"]),
    ],
)
def test_versions(versions, hits):
    assert hashes(ask(f"hdf5{versions}", VERSIONS).hits) == hits


def test_a_version_miss_says_so():
    result = ask("hdf5@1.14", VERSIONS)
    assert near(result) == [
        ("e", ("version 2.0.0, which is not in @1.14",)),
        ("c", ("version 1.12.2, which is not in @1.14",)),
        ("d", ("version 1.10.11, which is not in @1.14",)),
    ]
    assert near(ask("hdf5@=1.14", [spec("a")])) == [("a", ("version 1.14.5, which is not in @=1.14",))]
    assert near(ask("hdf5@1.12,1.13:", [spec("a", versions=("1.10", "1.11"))])) == [
        ("a", ("versions 1.10, 1.11, none of which is in @1.12,1.13:",))
    ]


# Compilers ------------------------------------------------------------------------

COMPILERS = [
    spec("new", compiler="gcc@13.2.0"),
    spec("old-spelling", compiler="gcc@=13.2.0"),
    spec("gcc11", compiler="gcc@11.4.0"),
    spec("gcc11-old", compiler="gcc@=11.4.0"),
    spec("none", compiler=""),
    spec("oneapi", compiler="intel-oneapi-compilers@2025.1.0"),
    spec("oneapi-old", compiler="oneapi@=2024.1.0"),
    spec("llvm", compiler="llvm@14.0.0"),
]


@pytest.mark.parametrize(
    ("compiler", "hits"),
    [
        ("%gcc@13", ["new", "old-spelling"]),
        ("%c=gcc@13", ["new", "old-spelling"]),
        ("%cxx=gcc@13", ["new", "old-spelling"]),
        ("%gcc@=13.2.0", ["new", "old-spelling"]),
        ("%gcc@13.2.0", ["new", "old-spelling"]),
        ("%gcc", ["gcc11", "gcc11-old", "new", "old-spelling"]),
        ("%gcc@12,11", ["gcc11", "gcc11-old"]),
        ("%gcc@:12", ["gcc11", "gcc11-old"]),
        ("%oneapi", ["oneapi", "oneapi-old"]),
        ("%oneapi@2025", ["oneapi"]),
        ("%intel-oneapi-compilers@2024", ["oneapi-old"]),
        ("%clang@14", ["llvm"]),
        ("", sorted(s.hash for s in COMPILERS)),
    ],
)
def test_compilers(compiler, hits):
    assert hashes(ask(f"hdf5 {compiler}", COMPILERS).hits) == hits


def test_a_compiler_miss_says_so():
    result = ask("hdf5 %gcc@13", COMPILERS)
    assert near(result) == [
        ("gcc11", ("gcc@11.4.0 where %gcc@13 was asked",)),
        ("gcc11-old", ("gcc@11.4.0 where %gcc@13 was asked",)),
        ("llvm", ("llvm@14.0.0 where %gcc@13 was asked",)),
        ("none", ("built without a compiler where %gcc@13 was asked",)),
        ("oneapi", ("intel-oneapi-compilers@2025.1.0 where %gcc@13 was asked",)),
        ("oneapi-old", ("oneapi@2024.1.0 where %gcc@13 was asked",)),
    ]
    assert near(ask("hdf5 %gcc", [spec("none", compiler="")])) == [
        ("none", ("built without a compiler where %gcc was asked",))
    ]
    assert near(ask("hdf5 %gcc@12,13", [spec("x", compiler="gcc@11.4.0")])) == [
        ("x", ("gcc@11.4.0 where %gcc@12,13 was asked",))
    ]


def test_both_compiler_spellings_give_the_same_answer():
    assert ask("hdf5 %gcc@13", COMPILERS) == ask("hdf5 %c=gcc@13", COMPILERS)


# Variants -------------------------------------------------------------------------

VARIANTS = [
    spec("plain"),
    spec("nompi", variants=("~mpi", "~shared", "build_type=Release")),
    spec("debug", variants=("+mpi", "~shared", "build_type=Debug")),
    spec("bare", variants=("build_type=Release",)),
    spec("cuda", variants=("+mpi", "cuda_arch=80,90")),
    spec("cuda-old", variants=("+mpi", "cuda_arch:=90")),
    spec("truthy", variants=("mpi=true", "shared=False")),
]


@pytest.mark.parametrize(
    ("variants", "hits"),
    [
        ("+mpi", ["cuda", "cuda-old", "debug", "plain", "truthy"]),
        ("mpi=true", ["cuda", "cuda-old", "debug", "plain", "truthy"]),
        ("~mpi", ["nompi"]),
        ("-mpi", ["nompi"]),
        ("~shared", ["debug", "nompi", "plain", "truthy"]),
        ("build_type=Release", ["bare", "nompi", "plain"]),
        ("build_type==Release", ["bare", "nompi", "plain"]),
        ("+mpi build_type=Release", ["plain"]),
        ("cuda_arch=80", ["cuda"]),
        ("cuda_arch=90", ["cuda", "cuda-old"]),
        ("cuda_arch=90,80", ["cuda"]),
        ("cuda_arch:=90", ["cuda-old"]),
        ("cuda_arch:=80,90", ["cuda"]),
    ],
)
def test_variants(variants, hits):
    assert hashes(ask(f"hdf5 {variants}", VARIANTS).hits) == hits


def test_a_variant_miss_says_so():
    result = ask("hdf5 +mpi build_type=Release", VARIANTS)
    assert near(result) == [  # one failure each, one version and target: by hash
        ("bare", ("no variant mpi where +mpi was asked",)),
        ("cuda", ("no variant build_type where build_type=Release was asked",)),
        ("cuda-old", ("no variant build_type where build_type=Release was asked",)),
        ("debug", ("build_type=Debug where build_type=Release was asked",)),
        ("nompi", ("~mpi where +mpi was asked",)),
        ("truthy", ("no variant build_type where build_type=Release was asked",)),
    ]
    assert near(ask("hdf5 +shared", [spec("a")])) == [("a", ("~shared where +shared was asked",))]
    assert near(ask("hdf5 +shared", [spec("a", variants=())])) == [
        ("a", ("no variant shared where +shared was asked",))
    ]
    assert near(ask("hdf5 cuda_arch:=90", [spec("a", variants=("cuda_arch=80,90",))])) == [
        ("a", ("cuda_arch=80,90 where cuda_arch:=90 was asked",))
    ]
    assert near(ask("hdf5 +cuda_arch", [spec("a", variants=("cuda_arch:=90",))])) == [
        ("a", ("cuda_arch=90 where +cuda_arch was asked",))
    ]
    assert near(ask("hdf5 cflags='-O3 -g'", [spec("a", variants=())])) == [
        ("a", ("no variant cflags where cflags='-O3 -g' was asked",))
    ]


# OS and platform ------------------------------------------------------------------


def test_os_and_platform_of_the_host():
    specs = [
        spec("same"),
        spec("noble", os="ubuntu24.04"),
        spec("mac", platform="darwin"),
        spec("mac-everything", platform="darwin", os="sequoia", target="m1"),
    ]
    result = ask("hdf5", specs)
    assert hashes(result.hits) == ["same"]
    # the real Mac fails platform, OS and target: neither a hit nor near
    assert near(result) == [("mac", ("darwin, not linux",)), ("noble", ("ubuntu24.04, not ubuntu22.04",))]


def test_os_and_platform_asked():
    specs = [spec("jammy"), spec("rhel", os="rhel8"), spec("mac", platform="darwin", os="sequoia")]
    assert hashes(ask("hdf5 os=rhel8", specs, None).hits) == ["rhel"]
    assert near(ask("hdf5 os=rhel8", specs, None)) == [
        ("jammy", ("ubuntu22.04 where os=rhel8 was asked",)),
        ("mac", ("sequoia where os=rhel8 was asked",)),
    ]
    assert near(ask("hdf5 platform=linux", specs, None)) == [
        ("mac", ("darwin where platform=linux was asked",))
    ]


def test_an_os_asked_and_the_hosts_count_once():
    # asked and host both say ubuntu22.04: ubuntu24.04 and a version fail, two constraints, near
    result = ask("hdf5@1.12 os=ubuntu22.04", [spec("a", os="ubuntu24.04")])
    assert near(result) == [("a", ("ubuntu24.04, not ubuntu22.04", "version 1.14.5, which is not in @1.12"))]
    # the asked OS differs from the host's: nothing can hit, each fails one of the two
    result = ask("hdf5 os=rhel8", [spec("jammy"), spec("rhel", os="rhel8")])
    assert result.hits == ()
    assert near(result) == [
        ("jammy", ("ubuntu22.04 where os=rhel8 was asked",)),
        ("rhel", ("rhel8, not ubuntu22.04",)),
    ]


# Counting and ordering ------------------------------------------------------------


def test_three_failed_constraints_are_not_near():
    specs = [
        spec("one", variants=("~mpi",)),
        spec("two", variants=("~mpi",), compiler="gcc@11.4.0"),
        spec("three", variants=("~mpi",), compiler="gcc@11.4.0", versions=("1.12.2",)),
    ]
    result = ask("hdf5@1.14 +mpi %gcc@13", specs)
    assert near(result) == [
        ("one", ("~mpi where +mpi was asked",)),
        ("two", ("gcc@11.4.0 where %gcc@13 was asked", "~mpi where +mpi was asked")),
    ]
    assert result.more_near == 0


def test_hits_newest_first_then_closest_target_then_hash():
    specs = [
        spec("b-old-zen3", versions=("1.12.2",), target="zen3"),
        spec("c-new-v3", versions=("1.14.5",), target="x86_64_v3"),
        spec("a-new-v3", versions=("1.14.5",), target="x86_64_v3"),
        spec("d-new-zen2", versions=("1.14.5",), target="zen2"),
        spec("e-newest-v2", versions=("1.14.10",), target="x86_64_v2"),
    ]
    assert hashes(ask("hdf5", specs).hits) == [
        "e-newest-v2",
        "d-new-zen2",
        "a-new-v3",
        "c-new-v3",
        "b-old-zen3",
    ]


def test_near_misses_fewest_failures_first_then_as_hits():
    specs = [
        spec("two-newest", versions=("2.0",), variants=("~mpi",), target="zen3"),
        spec("one-old", versions=("1.12.2",), variants=("~mpi",)),
        spec("one-new-zen2", variants=("~mpi",), target="zen2"),
        spec("one-new-v3", variants=("~mpi",)),
    ]
    result = ask("hdf5@1.12:1.14 +mpi", specs)
    assert [h for h, _ in near(result)] == ["one-new-zen2", "one-new-v3", "one-old", "two-newest"]


def test_at_most_ten_near_misses_are_shown():
    specs = [spec(f"h{n:02}", variants=("~mpi",)) for n in range(13)]
    result = ask("hdf5 +mpi", specs)
    assert NEAR_SHOWN == 10
    assert [h for h, _ in near(result)] == [f"h{n:02}" for n in range(10)]
    assert result.more_near == 3
    assert all(isinstance(miss, NearMiss) for miss in result.near)


# Verdicts -------------------------------------------------------------------------


def test_verdicts_with_a_host():
    asked = "hdf5@1.14 +mpi %gcc@13"
    assert ask(asked, [spec("a"), spec("b"), spec("c")]).verdict == (
        "Yes: 3 cached binaries of hdf5@1.14 +mpi %gcc@13 run on linux-ubuntu22.04-zen3."
    )
    assert ask(asked, [spec("a")]).verdict == (
        "Yes: 1 cached binary of hdf5@1.14 +mpi %gcc@13 runs on linux-ubuntu22.04-zen3."
    )
    assert ask(asked, [spec("a", target="zen4")]).verdict == (
        "No: no cached binary of hdf5@1.14 +mpi %gcc@13 runs on linux-ubuntu22.04-zen3;"
        " the nearest was built for zen4, which is newer than zen3."
    )
    assert ask(asked, [spec("a", variants=("~mpi",))]).verdict == (
        "No: no cached binary of hdf5@1.14 +mpi %gcc@13 runs on linux-ubuntu22.04-zen3;"
        " the nearest has ~mpi where +mpi was asked."
    )
    assert ask(asked, [spec("a", versions=("1.12.2",))]).verdict == (
        "No: no cached binary of hdf5@1.14 +mpi %gcc@13 runs on linux-ubuntu22.04-zen3;"
        " the nearest has version 1.12.2, which is not in @1.14."
    )
    assert ask(asked, [spec("a", compiler="")]).verdict == (
        "No: no cached binary of hdf5@1.14 +mpi %gcc@13 runs on linux-ubuntu22.04-zen3;"
        " the nearest was built without a compiler where %gcc@13 was asked."
    )
    assert ask(asked, [spec("a", os="rhel8", target="zen4", compiler="")]).verdict == (
        "No: no cached binary of hdf5@1.14 +mpi %gcc@13 runs on linux-ubuntu22.04-zen3, and none is near."
    )
    assert ask(asked, []).verdict == (
        "No: no cached binary of hdf5@1.14 +mpi %gcc@13 runs on linux-ubuntu22.04-zen3, and none is near."
    )


def test_verdicts_without_a_host():
    asked = "hdf5@1.14+mpi"
    assert ask(asked, [spec(f"h{n}") for n in range(12)], None).verdict == (
        "12 cached binaries satisfy hdf5@1.14 +mpi."
    )
    assert ask(asked, [spec("a", os="sequoia", platform="darwin", target="m1")], None).verdict == (
        "1 cached binary satisfies hdf5@1.14 +mpi."
    )
    assert ask(asked, [spec("a", variants=("~mpi",))], None).verdict == (
        "No cached binary satisfies hdf5@1.14 +mpi; the nearest has ~mpi where +mpi was asked."
    )
    assert ask(asked, [], None).verdict == "No cached binary satisfies hdf5@1.14 +mpi, and none is near."


def test_the_answer_keeps_the_question():
    result = ask("hdf5 +mpi", [spec("a")])
    assert result.asked == parse_spec("hdf5+mpi")
    assert result.host == Host("linux", "ubuntu22.04", "zen3")
    assert answer([spec("a")], parse_spec("hdf5"), None).host is None


# Real specs: hdf5 in develop-2025-07-13 ------------------------------------------


def test_real_hdf5_on_ubuntu24_zen3():
    path = CACHE / "develop-2025-07-13" / "hdf5" / "specs.md"
    package, problems = parse(path.read_text(encoding="utf-8"), str(path))
    assert problems == []
    result = answer(package.specs, parse_spec("hdf5@1.14 +mpi %gcc@13"), parse_host("linux-ubuntu24.04-zen3"))
    # ubuntu24.04 + gcc@13.2.0 + +mpi + x86_64_v3: two builds of 1.14.6
    assert [s.short_hash for s in result.hits] == ["to35bfb", "w6xpvkk"]
    assert result.verdict == "Yes: 2 cached binaries of hdf5@1.14 +mpi %gcc@13 run on linux-ubuntu24.04-zen3."
    # one failure: ~mpi (x86_64_v3), then the two aarch64 builds; then two failures, x86_64_v3 by hash
    aarch64 = "built for aarch64, which does not run on zen3 (x86_64)"
    os_and_gcc11 = ("ubuntu22.04, not ubuntu24.04", "gcc@11.4.0 where %gcc@13 was asked")
    assert [(m.spec.short_hash, m.reasons) for m in result.near] == [
        ("relopfy", ("~mpi where +mpi was asked",)),
        ("h3rgbne", (aarch64,)),
        ("tidtkhq", (aarch64,)),
        ("2rvprez", os_and_gcc11),
        ("a24tx2m", os_and_gcc11),
        ("akegwxt", ("amzn2, not ubuntu24.04", "intel-oneapi-compilers@2024.1.0 where %gcc@13 was asked")),
        ("dvevyvo", ("amzn2, not ubuntu24.04", "gcc@7.3.1 where %gcc@13 was asked")),
        (
            "flmrwig",
            ("ubuntu22.04, not ubuntu24.04", "intel-oneapi-compilers@2025.1.0 where %gcc@13 was asked"),
        ),
        (
            "gwhhjwq",
            ("ubuntu22.04, not ubuntu24.04", "intel-oneapi-compilers@2025.1.0 where %gcc@13 was asked"),
        ),
        ("iw3k3sv", os_and_gcc11),
    ]
    # 3 with one failure and 19 with two: 22 near, 10 shown
    assert result.more_near == 12


def test_an_empty_variant_in_the_catalog_is_no_crash():
    result = ask("hdf5 +mpi", [spec("x", variants=("", "+mpi"))])
    assert hashes(result.hits) == ["x"]
