"""Which targets run on which hosts: archspec's answers, as the catalog words them."""

from __future__ import annotations

import pytest

from sphinx_cachecatalog.catalog import targets


@pytest.mark.parametrize(
    ("built", "host", "runs"),
    [
        ("zen3", "zen3", True),
        ("x86_64_v3", "zen3", True),
        ("zen2", "zen3", True),
        ("x86_64", "zen3", True),
        ("zen4", "zen3", False),
        ("x86_64_v4", "zen3", False),  # zen3 has no AVX-512
        ("x86_64_v4", "zen4", True),
        ("haswell", "skylake", True),
        ("icelake", "zen3", False),
        ("neoverse_v2", "zen3", False),
        ("neoverse_n1", "neoverse_v1", True),
        ("neoverse_v2", "neoverse_v1", False),
        ("aarch64", "a64fx", True),
        ("mystery", "mystery", True),  # unknown to archspec: runs on itself
        ("mystery", "zen3", False),
        ("zen3", "mystery", False),
    ],
)
def test_what_runs_where(built: str, host: str, runs: bool) -> None:
    assert targets.runs_on(built, host) is runs


def test_reasons_in_words() -> None:
    assert targets.why_not("zen4", "zen3") == "built for zen4, which is newer than zen3"
    assert targets.why_not("neoverse_v2", "zen3") == (
        "built for neoverse_v2 (aarch64), which does not run on zen3 (x86_64)"
    )
    assert targets.why_not("aarch64", "zen3") == "built for aarch64, which does not run on zen3 (x86_64)"
    assert targets.why_not("zen3", "zen99") == (
        "built for zen3, which does not run on zen99, a target that archspec does not know"
    )
    assert targets.why_not("x86_64_v4", "zen3") == (
        "built for x86_64_v4: it needs avx512bw, avx512cd, avx512dq and 2 more, which zen3 lacks"
    )
    assert (
        targets.why_not("a64fx", "neoverse_v2") == "built for a64fx, which is not in the line of neoverse_v2"
    )
    assert [targets.distance(t, "zen3") for t in ("zen2", "zen4", "neoverse_v1", "mystery")] == [0, 1, 2, 2]
    assert targets.why_not("mystery", "zen3") == (
        "built for mystery, which archspec does not know, so it runs only on mystery"
    )


def test_the_closest_target_is_the_most_specific() -> None:
    assert targets.closeness("zen2") > targets.closeness("x86_64_v3") > targets.closeness("x86_64")
    assert targets.closeness("mystery") == 0


def test_close_names_of_a_typo() -> None:
    assert targets.suggest("zen33")[0] == "zen3"
    assert targets.suggest("skylake-avx512")[0] == "skylake_avx512"


def test_the_ancestry_map_covers_the_families_asked_and_closes_to_the_root() -> None:
    ancestry = targets.ancestry(["zen2", "neoverse_v1", "not-a-target"])
    assert {"zen3", "zen4", "sapphirerapids", "x86_64", "neoverse_v2", "a64fx", "aarch64"} <= set(ancestry)
    assert not any(name.startswith("power") for name in ancestry)
    assert ancestry["x86_64"] == []
    assert ancestry["zen3"] == ["zen2"]

    def runs_on(built: str, host: str) -> bool:  # the closure a browser computes from the map
        return built == host or any(runs_on(built, parent) for parent in ancestry[host])

    for built in ancestry:
        for host in ("zen3", "icelake", "neoverse_v1", "x86_64_v2"):
            assert runs_on(built, host) is targets.runs_on(built, host), (built, host)
