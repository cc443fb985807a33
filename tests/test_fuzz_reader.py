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
    CatalogFormatError,
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


# -- the shared reader reads as the spec by spec one ---------------------------------------------------

#: A spec entry as the cache writes it, or one with a field replaced by any JSON, or missing.
ENTRY = SPEC | st.builds(
    lambda entry, field, value, drop: (
        {key: item for key, item in entry.items() if key != field} if drop else {**entry, field: value}
    ),
    SPEC,
    st.sampled_from((*SPEC_FIELDS, "dependencies")),
    JSON,
    st.booleans(),
)
#: Values that the specs of several files share, so that the tables of the shared reader fill.
COMMON = st.sampled_from(
    [
        {"compiler": "gcc@11.4.0", "os": "ubuntu22.04", "variants": ["+mpi", "~ipo"], "stacks": ["root"]},
        {"compiler": "gcc@=11.4.0", "os": "rhel8", "variants": [], "stacks": ["e4s", "root"]},
        {"compiler": "none", "platform": "darwin", "versions": ["1.0", "1.1"], "size": "12"},
        {"os": "ubuntu22.04\t", "variants": ["+mpi", 1], "stacks": []},
        {"compiler": "", "versions": [], "size": -1, "tarball": "ftp://x"},
    ]
)
#: ``meta``: none, any mapping of its fields, or what the specs say (``derived``), maybe changed.
META = (
    st.none()
    | st.dictionaries(st.sampled_from(META_FIELDS), JSON, max_size=3)
    | st.tuples(st.just("derived"), st.sampled_from((None, *META_FIELDS)), JSON)
)


def file_text(details: list[Any], meta: Any, ascii_only: bool) -> str:
    """A catalog file of ``details``; ``meta`` as :data:`META` says."""
    if isinstance(meta, tuple):  # derived from the specs, where they can be read
        try:
            package, _ = frontmatter.parse(file_text(details, None, ascii_only), "x")
        except CatalogFormatError:
            meta = None
        else:
            _, field, value = meta
            meta = front(frontmatter.dump(package).encode("utf-8"))["meta"]
            if field is not None:
                meta[field] = value
    lines = ["---", 'title: "demo"', "categories: [package, develop]"]
    lines += [] if meta is None else [f"meta: {json.dumps(meta, ensure_ascii=ascii_only)}"]
    lines.append(f"spec_details: {json.dumps(details, ensure_ascii=ascii_only)}")
    return "\n".join([*lines, "---"])


def parse_both(text: str, shared: frontmatter.SharedValues) -> tuple[object, object]:
    """What :func:`frontmatter.parse` says about ``text`` with its quick paths (the column by
    column reader, the quick agreement of ``meta``) and without them: a package and its
    problems, or the error."""
    said: list[object] = []
    quick = (frontmatter._shared_specs, frontmatter._meta_agrees)
    for fast in (True, False):
        if not fast:
            frontmatter._shared_specs = lambda *args: None
            frontmatter._meta_agrees = lambda *args: False
        try:
            package, problems = frontmatter.parse(text, "x", shared if fast else frontmatter.SharedValues())
            said.append((package, [(p.subtype, p.message, p.line) for p in problems]))
        except CatalogFormatError as error:
            said.append((error.message, error.line))
        finally:
            frontmatter._shared_specs, frontmatter._meta_agrees = quick
    return said[0], said[1]


@given(
    st.lists(
        st.tuples(st.lists(st.tuples(ENTRY, COMMON, st.booleans()), min_size=1, max_size=5), META),
        max_size=4,
    )
)
def test_the_quick_reader_reads_as_the_spec_by_spec_one(files):
    shared = frontmatter.SharedValues()  # one for every file, as in a load
    for entries, meta in files:
        details = [{**entry, **common} if mixed else entry for entry, common, mixed in entries]
        for ascii_only in (True, False):
            fast, slow = parse_both(file_text(details, meta, ascii_only), shared)
            assert fast == slow
            if isinstance(fast[0], Package):
                assert isinstance(slow[0], Package)
                assert fast[0].summary == slow[0].summary
    for table in (shared.words, shared.compilers):  # only valid values are shared
        assert all(_text(value) and value for value in table)
    for lists in (shared.versions, shared.variants, shared.stacks):
        assert all(all(_text(item) for item in value) for value in lists)
    assert all(shared.versions)
