"""Property tests of the reader: whatever a file holds, reading it returns and says only true things.

Every example goes through the loader's one containment point
(``_parse_file``) on a real file. ``make test`` runs a few derandomized
examples; ``make fuzz`` (``HYPOTHESIS_PROFILE=fuzz``) runs thousands.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sphinx_cachecatalog.catalog import frontmatter
from sphinx_cachecatalog.catalog.loader import _parse_file
from sphinx_cachecatalog.catalog.model import Package, Spec
from sphinx_cachecatalog.catalog.problems import (
    BAD_FILE,
    BAD_VALUE,
    DUPLICATE_SPEC,
    META_MISMATCH,
    Problem,
)

from . import hypothesis_profiles  # noqa: F401 - registers and loads the profile
from .conftest import real_files

REAL = [path.read_bytes() for path in real_files()]
FILE_PROBLEMS = {BAD_FILE, BAD_VALUE, DUPLICATE_SPEC, META_MISMATCH}


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz") / "specs.md"


def read(path: Path, data: bytes) -> tuple[Package | None, tuple[Problem, ...]]:
    """Write ``data`` and read it the way the loader does; check what comes back."""
    path.write_bytes(data)
    package, problems = _parse_file(path, 1024 * 1024)
    assert all(isinstance(p, Problem) and p.subtype in FILE_PROBLEMS for p in problems)
    assert all(p.path == str(path) and isinstance(p.message, str) and p.message for p in problems)
    assert all(p.line is None or (type(p.line) is int and p.line >= 1) for p in problems)
    if package is None:
        assert [p.subtype for p in problems] == [BAD_FILE]
        # every failure is one the reader explains, not an exception it merely contained
        assert not problems[0].message.startswith("cannot be read as a catalog file"), problems[0].message
    else:
        assert BAD_FILE not in {p.subtype for p in problems}
        check_package(package)
    return package, problems


def _text(value: object) -> bool:
    return type(value) is str and value.isprintable() and len(value) <= frontmatter.MAX_VALUE


def check_package(package: Package) -> None:
    """Only strings of the right shape, nothing that could be false or unsafe."""
    for name in (package.name, package.tag):
        assert _text(name)
        assert name
        assert name == name.strip()
        assert name not in (".", "..")
        assert "/" not in name
        assert "\\" not in name
        assert len(name) <= frontmatter.MAX_NAME
    assert type(package.specs) is tuple
    assert len({spec.hash for spec in package.specs}) == len(package.specs)
    for spec in package.specs:
        assert type(spec) is Spec
        for value in (spec.hash, spec.os, spec.platform, spec.target):
            assert _text(value)
            assert value
        assert _text(spec.compiler)
        assert spec.compiler != "none"
        for values in (spec.versions, spec.variants, spec.stacks):
            assert type(values) is tuple
            assert all(_text(value) for value in values)
        assert spec.size is None or (type(spec.size) is int and 0 <= spec.size <= frontmatter.MAX_SIZE)
        assert spec.tarball is None or (
            _text(spec.tarball) and spec.tarball.lower().startswith(("http://", "https://"))
        )
    assert "" not in package.summary.compilers


# -- (a) arbitrary bytes ---------------------------------------------------------------------------


@given(st.binary(max_size=2000))
def test_arbitrary_bytes(scratch, data):
    read(scratch, data)


@given(st.text(max_size=500))
def test_arbitrary_front_matter_text(scratch, text):
    read(scratch, f"---\ntitle: x\ncategories: [package, t]\n{text}\n---".encode("utf-8", "surrogatepass"))


# -- (b) real files, mutated -------------------------------------------------------------------------

MUTATIONS = st.lists(
    st.tuples(
        st.sampled_from(["truncate", "flip", "delete", "repeat", "insert"]),
        st.integers(0, 10**6),
        st.binary(max_size=8),
    ),
    min_size=1,
    max_size=4,
)


def mutate(data: bytes, mutations: list[tuple[str, int, bytes]]) -> bytes:
    for kind, where, junk in mutations:
        lines = data.split(b"\n")
        line = where % len(lines)
        at = where % (len(data) + 1)
        if kind == "truncate":
            data = data[:at]
        elif kind == "flip" and data:
            at = where % len(data)
            data = data[:at] + bytes([data[at] ^ (1 << (where % 8))]) + data[at + 1 :]
        elif kind == "delete":
            data = b"\n".join(lines[:line] + lines[line + 1 :])
        elif kind == "repeat":
            data = b"\n".join(lines[: line + 1] + lines[line:])
        else:
            data = data[:at] + junk + data[at:]
    return data


@given(st.sampled_from(range(len(REAL))), MUTATIONS)
def test_real_files_mutated(scratch, index, mutations):
    read(scratch, mutate(REAL[index], mutations))


def test_real_files_unmutated(tmp_path):
    for data in REAL:
        package, problems = read(tmp_path / "specs.md", data)
        assert package is not None
        assert problems == ()


# -- (c) arbitrary JSON in every field ----------------------------------------------------------------

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
SPEC_FIELDS = (
    "compiler",
    "hash",
    "os",
    "platform",
    "size",
    "stacks",
    "target",
    "variants",
    "versions",
    "tarball",
)
META_FIELDS = (
    "compilers",
    "num_specs",
    "num_specs_by_stack",
    "oss",
    "platforms",
    "stacks",
    "targets",
    "versions",
)
SEED = next(data for data in REAL if b'"tarball"' in data)  # a file with every field


def front(data: bytes) -> dict[str, Any]:
    lines = data.decode("utf-8").split("\n")
    return {
        key: json.loads(line.partition(": ")[2])
        for line in lines
        for key in ("meta", "spec_details")
        if line.startswith(f"{key}: ")
    }


@given(
    st.sampled_from(["meta", "spec", "title", "tag", "spec_details", "meta_whole"]),
    st.sampled_from(SPEC_FIELDS + META_FIELDS),
    JSON,
)
def test_arbitrary_json_in_every_field(scratch, where, field, value):
    data = front(SEED)
    title, tag = '"adiak"', "v0.23.1"
    if where == "meta":
        data["meta"][field if field in META_FIELDS else "num_specs"] = value
    elif where == "spec":
        data["spec_details"][len(data["spec_details"]) // 2][field if field in SPEC_FIELDS else "hash"] = (
            value
        )
    elif where == "spec_details":
        data["spec_details"] = value
    elif where == "meta_whole":
        data["meta"] = value
    elif where == "title":
        title = json.dumps(value)
    else:
        tag = json.dumps(value)
    text = "\n".join(
        [
            "---",
            f"title: {title}",
            "layout: cache",
            f"categories: [package, {tag}]",
            f"meta: {json.dumps(data['meta'])}",
            f"spec_details: {json.dumps(data['spec_details'])}",
            "---",
        ]
    )
    read(scratch, text.encode("utf-8", "surrogatepass"))


# -- valid packages round-trip ------------------------------------------------------------------------

WORD = st.text(
    st.characters(codec="utf-8", categories=["L", "N", "P", "S"], exclude_characters="/\\"),
    min_size=1,
    max_size=12,
)
NAME = WORD.filter(lambda word: word.strip() == word and word not in (".", "..") and word.isprintable())
VALUE = st.text(
    st.characters(codec="utf-8", exclude_categories=["C", "Zl", "Zp"]), min_size=1, max_size=20
).filter(str.isprintable)
SPEC = st.fixed_dictionaries(
    {
        "compiler": VALUE.filter(lambda c: "@=" not in c) | st.just("none"),
        "hash": st.text("abcdefghijklmnopqrstuvwxyz234567", min_size=1, max_size=32),
        "os": VALUE,
        "platform": VALUE,
        "size": st.just("-") | st.integers(0, 2**60),
        "stacks": st.lists(VALUE, max_size=3),
        "target": VALUE,
        "variants": st.lists(VALUE, max_size=3),
        "versions": st.lists(VALUE, min_size=1, max_size=3),
    },
    optional={
        "tarball": st.builds(lambda path: "https://binaries.example/" + path, VALUE),
        "dependencies": st.lists(
            st.builds(
                lambda name, version, digest: f"{name}{'@' * bool(version)}{version}/{digest}",
                st.from_regex(r"[a-z0-9_][\w.+-]{0,12}", fullmatch=True),
                st.just("") | VALUE.filter(lambda v: "/" not in v and not any(c.isspace() for c in v)),
                st.text("abcdefghijklmnopqrstuvwxyz234567", min_size=1, max_size=32),
            ),
            max_size=3,
        ),
    },
)


@given(NAME, NAME, st.lists(SPEC, min_size=1, max_size=6))
def test_valid_spec_lists_round_trip(scratch, name, tag, details):
    text = "\n".join(
        [
            "---",
            f"title: {json.dumps(name)}",
            "layout: cache",
            f"categories: [package, {json.dumps(tag, ensure_ascii=False)}]",
            f"spec_details: {json.dumps(details)}",
            "---",
        ]
    )
    package, problems = read(scratch, text.encode("utf-8"))
    assert package is not None, problems
    assert [p.subtype for p in problems] == [DUPLICATE_SPEC] * (len(details) - len(package.specs))
    assert (package.name, package.tag) == (name, tag)
    assert [s.hash for s in package.specs] == list(dict.fromkeys(d["hash"] for d in details))
    again, again_problems = frontmatter.parse(frontmatter.dump(package), str(scratch))
    assert again_problems == []
    assert again == package
