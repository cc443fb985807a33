"""Property tests of the Spack index reader: whatever an index holds, reading it returns,
says where each problem is, and keeps only specs that a page can show as they are.

``make test`` runs a few derandomized examples; ``make fuzz`` runs thousands.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from sphinx_cachecatalog.catalog.frontmatter import MAX_VALUE
from sphinx_cachecatalog.catalog.problems import BAD_FILE, BAD_VALUE, Problem
from sphinx_cachecatalog.catalog.spackdb import read_index

from . import hypothesis_profiles  # noqa: F401 - registers and loads the profile
from .test_catalog_spackdb import V8

REAL: dict[str, Any] = json.loads(V8.read_text(encoding="utf-8"))

#: Any JSON value, a little deep.
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
FIELDS = [
    "name",
    "version",
    "arch",
    "hash",
    "compiler",
    "parameters",
    "dependencies",
    "annotations",
    "external",
]


def check(data: bytes) -> None:
    read = read_index(data, "index.json", "develop", "e4s")
    assert all(isinstance(p, Problem) and p.subtype in {BAD_FILE, BAD_VALUE} for p in read.problems)
    assert all(p.path == "index.json" and p.message and p.message.isprintable() for p in read.problems)
    assert all(p.subtype == BAD_FILE or p.message.startswith("/database/installs/") for p in read.problems)
    for package in read.packages:
        assert package.specs
        for spec in package.specs:
            assert spec.hash.isascii()
            assert spec.hash.isalnum()
            for value in (*spec.versions, spec.os, spec.platform, spec.target, *spec.variants):
                assert isinstance(value, str)
                assert 0 < len(value) <= MAX_VALUE
                assert value.isprintable()
            assert spec.compiler == "" or spec.compiler.isprintable()
            assert spec.stacks == ("e4s", "root")
            for needed in spec.dependencies:
                assert needed.hash.isprintable()
                assert str(needed).isprintable()


@given(st.binary(max_size=200))
def test_any_bytes(data: bytes) -> None:
    check(data)


@given(JSON)
def test_any_json(value: Any) -> None:
    check(json.dumps(value).encode())


@given(st.data())
def test_real_entries_with_any_field_replaced(data: st.DataObject) -> None:
    index = json.loads(json.dumps(REAL))
    installs = index["database"]["installs"]
    for key in data.draw(st.lists(st.sampled_from(sorted(installs)), min_size=1, max_size=3)):
        field = data.draw(st.sampled_from(FIELDS))
        installs[key]["spec"][field] = data.draw(JSON)
    index["database"]["version"] = data.draw(st.sampled_from(["6", "7", "8", "9"]))
    check(json.dumps(index).encode())
