"""A Spack environment's spack.lock, made in the test in the shape Spack writes (lockfile v5 to v8)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sphinx_cachecatalog.catalog.lockfile import Locked, LockfileError, read_lockfile


def lockfile(version: int = 6, **extra: Any) -> bytes:
    """An environment with roots hdf5 and zlib-ng, hdf5 depending on zlib-ng and an external gcc."""
    nodes = {
        "h" * 32: {
            "name": "hdf5",
            "version": "1.14.6",
            "hash": "h" * 32,
            "dependencies": [{"name": "zlib-ng", "hash": "z" * 32}],
        },
        "z" * 32: {"name": "zlib-ng", "version": "2.2.4", "hash": "z" * 32},
        "g" * 32: {
            "name": "gcc",
            "version": "13.2.0",
            "hash": "g" * 32,
            "external": {"path": "/usr", "module": None},
        },
        "c" * 32: {"name": "cmake", "version": "3.31.6", "hash": "c" * 32},
    }
    lock = {
        "_meta": {"file-type": "spack-lockfile", "lockfile-version": version, "specfile-version": 5},
        "spack": {"version": "1.0.0", "type": "release"},
        "roots": [{"hash": "h" * 32, "spec": "hdf5+mpi"}, {"hash": "z" * 32, "spec": "zlib-ng"}],
        "concrete_specs": nodes,
        **extra,
    }
    return json.dumps(lock).encode()


@pytest.mark.parametrize("version", [4, 5, 6, 7, 8])
def test_every_concrete_spec_roots_first_externals_told_apart(version: int) -> None:
    assert read_lockfile(lockfile(version)) == (
        Locked("hdf5", "1.14.6", "h" * 32, external=False, root=True),
        Locked("zlib-ng", "2.2.4", "z" * 32, external=False, root=True),
        Locked("cmake", "3.31.6", "c" * 32, external=False, root=False),
        Locked("gcc", "13.2.0", "g" * 32, external=True, root=False),
    )
    assert str(read_lockfile(lockfile(version))[0]) == f"hdf5@1.14.6/{'h' * 32}"


def test_included_environments_count_too() -> None:
    included = {
        "../base": {
            "roots": [],
            "concrete_specs": {"m" * 32: {"name": "mpich", "version": "4.2", "hash": "m" * 32}},
        }
    }
    names = [locked.name for locked in read_lockfile(lockfile(include_concrete=included))]
    assert names == ["hdf5", "zlib-ng", "cmake", "gcc", "mpich"]


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"not json", "is not JSON, so not a spack.lock: Expecting value: line 1 column 1 (char 0)"),
        (lockfile()[:-20], "is not JSON, so not a spack.lock: Unterminated string starting at: line 1"),
        (b"{}", "is not a spack.lock"),
        (b'{"_meta": {"file-type": "something-else", "lockfile-version": 5}}', "is not a spack.lock"),
        (lockfile(3), "is a lockfile of version 3; versions 4 to 8 are read"),
        (lockfile(9), "is a lockfile of version 9; versions 4 to 8 are read"),
        (
            json.dumps({"_meta": {"lockfile-version": 5}, "concrete_specs": {"x": 7}}).encode(),
            "concrete_specs/x is not a spec with a name",
        ),
    ],
)
def test_what_is_not_a_lockfile_says_why(data: bytes, said: str) -> None:
    with pytest.raises(LockfileError) as error:
        read_lockfile(data)
    assert str(error.value).startswith(said)
