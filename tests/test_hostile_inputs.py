"""Hostile and broken catalog files: the reader never raises and never says something false.

Each file lies in a catalog next to a good one (the seed file); the bad one
gives precise problems and the good one still loads.
"""

from __future__ import annotations

import json
import math
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from sphinx_cachecatalog.catalog import frontmatter
from sphinx_cachecatalog.catalog.filters import choices_of
from sphinx_cachecatalog.catalog.loader import CatalogLoader, LoadResult
from sphinx_cachecatalog.catalog.problems import (
    BAD_FILE,
    BAD_VALUE,
    DUPLICATE_SPEC,
    META_MISMATCH,
    NAME_MISMATCH,
    Problem,
)

from .conftest import CACHE, SEED_FILE, read_independently, text_of
from .conftest import spec_entry as spec

GOOD = ("develop", "py-mpi4py")
TAG = "develop"


def load_with(tmp_path: Path, content: str | bytes, folder: str = "demo") -> tuple[LoadResult, list[Problem]]:
    """Load a one-tag catalog of the seed file and ``content`` in ``<folder>/specs.md``.

    Returns the result and the problems of the hostile file.
    """
    root = tmp_path / "catalog" / TAG
    (root / "py-mpi4py").mkdir(parents=True)
    shutil.copy(SEED_FILE, root / "py-mpi4py" / "specs.md")
    (root / folder).mkdir()
    path = root / folder / "specs.md"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    result = CatalogLoader().load([tmp_path / "catalog"])
    assert result.catalog.get(*GOOD) is not None  # the good file always loads
    mine = [p for p in result.problems if p.path == str(path)]
    assert len(mine) == len(result.problems)
    return result, mine


def bad_file(tmp_path: Path, content: str | bytes, folder: str = "demo") -> Problem:
    """The one bad-file problem of ``content``; its package is unreadable, not gone."""
    result, problems = load_with(tmp_path, content, folder)
    assert [p.subtype for p in problems] == [BAD_FILE], problems
    assert set(result.catalog.packages) == {GOOD}
    assert result.unreadable == 1
    assert dict(result.catalog.unreadable) == {(TAG, folder): problems[0].path}
    return problems[0]


# -- files ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        ("", 1, "the file is empty"),
        ("\n\n  \n", 1, "the file is empty"),
        ("just text\n", 1, "does not start with a '---' line"),
        ("---\ntitle: demo\nlayout: cache\n", 3, "no closing '---' line"),
        ("---\n- a\n- b\n---\n", 2, "the front matter is not a mapping"),
        ("---\nhello\n---\n", 2, "the front matter is not a mapping"),
        ("---\n---\n", None, "'title' (the package name) is missing"),
    ],
)
def test_files_without_usable_front_matter(tmp_path, content, line, words):
    problem = bad_file(tmp_path, content)
    assert words in problem.message
    assert problem.line == line


# -- encoding ------------------------------------------------------------------------------------


def test_invalid_json_falls_back_to_yaml_and_says_where(tmp_path):
    text = text_of().replace('spec_details: [{"compiler"', 'spec_details: [{"compiler" "x",')
    problem = bad_file(tmp_path, text)
    assert problem.message.startswith("invalid YAML: while parsing a flow mapping")
    assert problem.line == 5


def test_invalid_yaml(tmp_path):
    problem = bad_file(tmp_path, text_of(extra="other: [unclosed"))
    assert problem.message.startswith("invalid YAML")
    assert problem.line == 6


def test_non_utf8_bytes_say_which_byte_and_line(tmp_path):
    data = text_of().encode("utf-8").replace(b'"demo"', b'"d\xe9mo"')
    offset = data.index(b"\xe9")
    problem = bad_file(tmp_path, data)
    assert problem.message == f"the file is not UTF-8: byte 0xe9 at offset {offset} cannot be decoded"
    assert problem.line == 2


def test_a_byte_order_mark_is_accepted(tmp_path):
    data = b"\xef\xbb\xbf" + SEED_FILE.read_bytes().replace(b'"py-mpi4py"', b'"bom-copy"')
    result, problems = load_with(tmp_path, data, folder="bom-copy")
    assert problems == []
    expected = read_independently(SEED_FILE)
    package = result.catalog.get(TAG, "bom-copy")
    assert package is not None
    assert [s.hash for s in package.specs] == [s["hash"] for s in expected["spec_details"]]


def test_bom_file_reads_like_the_original():
    original, _ = frontmatter.parse(SEED_FILE.read_text(encoding="utf-8"), "x")
    with_bom, problems = frontmatter.parse("\ufeff" + SEED_FILE.read_text(encoding="utf-8"), "x")
    assert problems == []
    assert with_bom == original


def test_crlf_line_endings_are_accepted(tmp_path):
    crlf = SEED_FILE.read_bytes().replace(b"\n", b"\r\n")
    assert b"\r\n" in crlf
    original, _ = frontmatter.parse(SEED_FILE.read_text(encoding="utf-8"), "x")
    result, problems = load_with(tmp_path, crlf.replace(b"py-mpi4py", b"crlf-copy"), folder="crlf-copy")
    assert problems == []
    package = result.catalog.get(TAG, "crlf-copy")
    assert package is not None
    assert package.specs == original.specs


def test_crlf_with_block_yaml_keeps_line_numbers():
    text = text_of(extra="meta:\n  - 1").replace("\n", "\r\n")
    with pytest.raises(frontmatter.CatalogFormatError) as info:
        frontmatter.parse(text, "x")
    assert (info.value.message, info.value.line) == ("'meta' must be a mapping", 6)


# -- structure -----------------------------------------------------------------------------------

WRONG_VALUES: list[object] = [None, 1, 1.5, True, [], {}, ["x", 1], [["x"]], {"a": "b"}, ""]
FIELD_WORDS = {
    "hash": "'hash' is missing or not a string",
    "compiler": "'compiler' is missing or not a string",
    "os": "'os' is missing or not a string",
    "platform": "'platform' is missing or not a string",
    "target": "'target' is missing or not a string",
    "versions": "'versions' must be a list of strings",
    "variants": "'variants' must be a list of strings",
    "stacks": "'stacks' must be a list of strings",
    "size": "'size' must be a byte count or '-'",
    "tarball": "'tarball' must be a string",
}


def _wrong(field: str, value: object) -> bool:
    """Whether ``value`` is wrong for ``field``, by the format's own rules (not the reader's)."""
    if field == "versions":  # a spec has at least one version
        return not (isinstance(value, list) and value and all(isinstance(item, str) for item in value))
    if field in ("variants", "stacks"):
        return not (isinstance(value, list) and all(isinstance(item, str) for item in value))
    if field == "size":
        return value is not None and value != "-" and not (type(value) is int and value >= 0)
    if field == "tarball":
        return value is not None and value != "" and not isinstance(value, str)
    return not isinstance(value, str) or not value


@pytest.mark.parametrize("field", sorted(FIELD_WORDS))
def test_wrong_types_in_every_spec_field(field):
    good = spec(hash="b" * 32)
    for value in WRONG_VALUES:
        text = text_of(details=[good, spec(**{field: value})])
        if not _wrong(field, value):
            frontmatter.parse(text, "x")  # e.g. "" tarball, None size: read as absent
            continue
        with pytest.raises(frontmatter.CatalogFormatError) as info:
            frontmatter.parse(text, "x")
        words = "'versions' is empty" if field == "versions" and value == [] else FIELD_WORDS[field]
        assert info.value.message.startswith(f"spec_details[1]: {words}"), value
        assert info.value.line == 5


def test_a_missing_field_names_it():
    for field in ("hash", "compiler", "os", "platform", "target", "versions", "variants", "stacks"):
        entry = spec()
        del entry[field]
        with pytest.raises(frontmatter.CatalogFormatError, match=rf"spec_details\[0\]: '{field}'"):
            frontmatter.parse(text_of(details=[entry]), "x")


@pytest.mark.parametrize("entry", [None, 1, "spec", ["a"], True])
def test_specs_that_are_not_mappings(tmp_path, entry):
    problem = bad_file(tmp_path, text_of(details=[spec(), entry]))
    assert (problem.message, problem.line) == ("spec_details[1]: not a mapping", 5)


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("num_specs", "7", "meta.num_specs is '7' but spec_details has 1 specs"),
        ("num_specs", True, "meta.num_specs is True but spec_details has 1 specs"),
        ("num_specs", 1.0, "meta.num_specs is 1.0 but spec_details has 1 specs"),
        ("num_specs_by_stack", [1], "meta.num_specs_by_stack is not a mapping of stack names to counts"),
        (
            "num_specs_by_stack",
            {"root": "1"},
            "meta.num_specs_by_stack is not a mapping of stack names to counts",
        ),
        ("versions", "1.0", "meta.versions is not a list of strings"),
        ("compilers", [1], "meta.compilers is not a list of strings"),
        ("oss", {"a": 1}, "meta.oss is not a list of strings"),
        ("platforms", [["linux"]], "meta.platforms is not a list of strings"),
        ("stacks", 3, "meta.stacks is not a list of strings"),
        ("targets", [None], "meta.targets is not a list of strings"),
    ],
)
def test_wrong_types_in_every_meta_field(field, value, words):
    package, problems = frontmatter.parse(text_of(meta={field: value}), "m.md")
    assert [(p.subtype, p.message, p.line) for p in problems] == [(META_MISMATCH, words, 5)]
    assert package.summary.num_specs == 1


def test_nan_and_infinity_in_meta_are_mismatches():
    package, problems = frontmatter.parse(
        text_of().replace("spec_details", 'meta: {"num_specs": NaN}\nspec_details'), "m"
    )
    assert [p.message for p in problems] == ["meta.num_specs is nan but spec_details has 1 specs"]
    assert len(package.specs) == 1


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e999"])
@pytest.mark.parametrize(
    ("field", "words"),
    [
        ("size", "'size' must be a byte count or '-'"),
        ("hash", "'hash' is missing or not a string"),
        ("versions", "'versions' must be a list of strings"),
    ],
)
def test_nan_and_infinity_in_specs_are_refused(literal, field, words):
    assert not math.isfinite(json.loads(literal))  # what json.loads makes of it
    text = text_of(details=[spec(**{field: "__X__"})]).replace('"__X__"', literal)
    with pytest.raises(frontmatter.CatalogFormatError) as info:
        frontmatter.parse(text, "x")
    assert info.value.message.startswith(f"spec_details[0]: {words}")


def test_yaml_alias_bomb_ends_fast_and_is_refused(tmp_path):
    bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        bomb.append(f"{level}: &{level} [" + ",".join([f"*{previous}"] * 9) + "]")
    text = text_of(extra="\n".join([*bomb, "meta: {versions: *i}"]))
    start = time.perf_counter()
    problem = bad_file(tmp_path, text)
    assert time.perf_counter() - start < 2
    assert problem.message == "YAML aliases (*name) are not read: the data never needs them"
    assert 6 <= problem.line <= 14  # where an anchored value that is used twice starts


def test_a_recursive_alias_is_refused():
    with pytest.raises(frontmatter.CatalogFormatError, match="YAML aliases"):
        frontmatter.parse(text_of(extra="meta: &m {versions: [*m]}"), "x")


def test_an_anchor_without_alias_is_harmless():
    package, _problems = frontmatter.parse(text_of(extra="other: &l cache2"), "x")
    assert package.name == "demo"


@pytest.mark.parametrize("opening", ["[", '{"a": '])
def test_deep_nesting_in_json_is_a_bad_file_not_a_crash(tmp_path, opening):
    depth = 100_000
    closing = "]" if opening == "[" else "}"
    deep = opening * depth + "1" + closing * depth
    problem = bad_file(tmp_path, text_of().replace('"versions": ["1.0"]', f'"versions": {deep}'))
    assert problem.line == 5
    assert "nest" in problem.message


def test_deep_nesting_in_yaml_is_a_bad_file(tmp_path):
    depth = 100_000
    problem = bad_file(tmp_path, text_of(extra="extra: " + "{a: " * depth + "1" + "}" * depth))
    assert problem.message.startswith("invalid YAML")
    assert "nesting depth" in problem.message
    assert problem.line == 6


def test_deep_block_nesting_in_yaml_is_a_bad_file(tmp_path):
    problem = bad_file(tmp_path, text_of(extra="extra:\n  " + "- " * 100_000 + "x"))
    assert "nesting depth" in problem.message


@pytest.mark.parametrize("key", ["spec_details", "title", "meta", "categories"])
def test_a_top_level_key_given_twice_is_refused(tmp_path, key):
    lines = text_of(meta={"num_specs": 1}).split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
    lines.insert(-1, lines[index])
    problem = bad_file(tmp_path, "\n".join(lines))
    assert (
        problem.message
        == f"{key!r} is given twice (lines {index + 1} and {len(lines) - 1}); which one holds is unclear, so neither is used"
    )
    assert problem.line == len(lines) - 1
    assert yaml.safe_load("\n".join(lines[1:-1]))  # PyYAML alone would silently keep the last


def test_a_key_given_twice_in_block_yaml_is_refused(tmp_path):
    block = 'meta:\n  num_specs: 1\n  num_specs: 2\n"spec_details": []'
    problem = bad_file(tmp_path, text_of(extra=block))
    assert problem.message.startswith("'num_specs' is given twice")
    assert problem.line == 8


def test_a_quoted_key_repeating_a_json_line_is_refused(tmp_path):
    problem = bad_file(tmp_path, text_of(extra='"spec_details": []'))
    assert problem.message.startswith("'spec_details' is given twice")
    assert problem.line == 5


def test_duplicate_hashes_keep_the_first_spec(tmp_path):
    details = [spec(versions=["1.0"]), spec(hash="b" * 32), spec(versions=["2.0"]), spec(versions=["3.0"])]
    result, problems = load_with(tmp_path, text_of(details=details))
    assert [(p.subtype, p.message, p.line) for p in problems] == [
        (DUPLICATE_SPEC, f"spec_details[2]: hash {'a' * 32!r} is also spec_details[0]; the first is kept", 5),
        (DUPLICATE_SPEC, f"spec_details[3]: hash {'a' * 32!r} is also spec_details[0]; the first is kept", 5),
    ]
    package = result.catalog.get(TAG, "demo")
    assert package is not None
    assert [(s.hash[0], s.versions) for s in package.specs] == [("a", ("1.0",)), ("b", ("1.0",))]
    assert package.summary.num_specs == 2


# -- values --------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [-1, 2**60 + 1, 10**30, "9" * 30, "1" * 5000])
def test_absurd_sizes_are_unknown_with_a_problem(tmp_path, size):
    result, problems = load_with(tmp_path, text_of(details=[spec(size=size)]))
    assert [p.subtype for p in problems] == [BAD_VALUE]
    assert problems[0].message.startswith("spec_details[0]: size ")
    assert problems[0].message.endswith(" is not a byte count; taken as unknown")
    assert len(problems[0].message) < 150
    package = result.catalog.get(TAG, "demo")
    assert package is not None
    assert package.specs[0].size is None


@pytest.mark.parametrize(("size", "expected"), [(0, 0), (2**60, 2**60), ("123", 123), ("-", None)])
def test_sizes_in_range_are_kept(size, expected):
    package, problems = frontmatter.parse(text_of(details=[spec(size=size)]), "x")
    assert problems == []
    assert package.specs[0].size == expected


@pytest.mark.parametrize("size", ["12a", "-5", "١٢", 1.5, float("inf")])
def test_sizes_that_are_not_numbers_are_a_bad_file(size):
    text = text_of(details=[spec(size=size)])
    with pytest.raises(
        frontmatter.CatalogFormatError, match=r"spec_details\[0\]: 'size' must be a byte count"
    ):
        frontmatter.parse(text, "x")


@pytest.mark.parametrize("where", ["yaml", "json"])
def test_a_huge_integer_is_a_bad_file_at_its_line(tmp_path, where):
    huge = "9" * 5000
    with pytest.raises(ValueError, match="Exceeds the limit"):
        json.loads(huge)  # what Python makes of it
    if where == "yaml":
        text = text_of(extra=f"num: {huge}")
    else:
        text = text_of().replace('"size": "-"', f'"size": {huge}')
    problem = bad_file(tmp_path, text)
    assert problem.message == "a number of 5,000 digits is too large to read"
    assert problem.line == (6 if where == "yaml" else 5)


@pytest.mark.parametrize("field", ["hash", "os", "versions", "variants", "stacks", "tarball"])
def test_values_over_64_kilobytes_are_refused(tmp_path, field):
    long = "x" * 65_537
    value = (
        [long]
        if field in ("versions", "variants", "stacks")
        else "https://" + long
        if field == "tarball"
        else long
    )
    problem = bad_file(tmp_path, text_of(details=[spec(), spec(**({"hash": "b" * 32} | {field: value}))]))
    size = len(long) + (8 if field == "tarball" else 0)
    assert (
        problem.message == f"spec_details[1]: '{field}' has a value of {size:,} characters (at most 65,536)"
    )
    assert problem.line == 5


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("hash", "ab\u0000cd"),
        ("os", "ubuntu\u001b[31m"),
        ("compiler", "gcc\nclang"),
        ("versions", ["1.0\u007f"]),
        ("variants", ["+mpi\u202e"]),  # a right-to-left override: text that reads falsely
        ("stacks", ["e4s\u0085"]),
        ("target", "x86\t64"),
    ],
)
def test_control_characters_in_values_are_refused(tmp_path, field, value):
    problem = bad_file(tmp_path, text_of(details=[spec(), spec(**({"hash": "b" * 32} | {field: value}))]))
    assert problem.message.startswith(f"spec_details[1]: '{field}' has a control character")
    assert problem.line == 5


def test_a_raw_delete_character_in_json_is_refused(tmp_path):
    text = text_of(details=[spec(stacks=["ro\u007ft"])]).replace("\\u007f", "\x7f")
    assert "\x7f" in text
    assert json.loads(text.split("spec_details: ")[1].split("\n")[0])[0]["stacks"] == ["ro\x7ft"]
    problem = bad_file(tmp_path, text)
    assert problem.message.startswith("spec_details[0]: 'stacks' has a control character")


def test_control_characters_never_reach_a_message(tmp_path):
    meta = {"stacks": ["e4s", "root", "\x1b[31mred"], "num_specs_by_stack": {"\x1b[2J": 1}}
    _, problems = load_with(tmp_path, text_of(meta=meta))
    assert [p.message for p in problems] == [
        "meta.num_specs_by_stack['\\x1b[2J'] is 1 but spec_details has 0",
        "meta.num_specs_by_stack['e4s'] is 0 but spec_details has 1",
        "meta.num_specs_by_stack['root'] is 0 but spec_details has 1",
        "meta.stacks lists '\\x1b[31mred' that no spec has",
    ]
    problem = bad_file(tmp_path / "2", text_of(extra='"\\x01\\x1b": 1\n"\\x01\\x1b": 2'))
    assert problem.message.isprintable()
    assert problem.message.startswith("'\\x01\\x1b' is given twice")


def test_control_characters_in_block_yaml_are_refused(tmp_path):
    block = (
        'spec_details:\n- {compiler: gcc, hash: "a\\x01", os: o, platform: p, target: t, '
        "versions: ['1'], variants: [], stacks: [root]}"
    )
    text = text_of().replace(text_of().split("\n")[4], block)
    problem = bad_file(tmp_path, text)
    assert problem.message.startswith("spec_details[0]: 'hash' has a control character")


def test_escaped_but_printable_values_are_kept():
    package, problems = frontmatter.parse(text_of(details=[spec(variants=["a\\b", "caf\u00e9"])]), "x")
    assert problems == []
    assert package.specs[0].variants == ("a\\b", "caf\u00e9")


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,<script>",
        "JAVASCRIPT:x",
        "file:///etc/passwd",
        "ftp://x/y",
        "//evil",
    ],
)
def test_only_http_tarballs_are_kept(tmp_path, url):
    result, problems = load_with(tmp_path, text_of(details=[spec(tarball=url)]))
    assert [(p.subtype, p.line) for p in problems] == [(BAD_VALUE, 5)]
    assert problems[0].message == f"spec_details[0]: tarball {url!r} is not an http(s) URL; left out"
    package = result.catalog.get(TAG, "demo")
    assert package is not None
    assert package.specs[0].tarball is None
    assert package.specs[0].hash == "a" * 32  # the spec is kept


@pytest.mark.parametrize(
    "url", ["https://binaries.spack.io/x.spack", "http://mirror.example/x", "HTTPS://A/B"]
)
def test_http_tarballs_are_kept(url):
    package, problems = frontmatter.parse(text_of(details=[spec(tarball=url)]), "x")
    assert problems == []
    assert package.specs[0].tarball == url


# -- names ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["a/b", "..", ".", "a\\b", "nul\u0000", "tab\there", "new\\nline", "rtl\u202ename", "x" * 201]
)
def test_unusable_package_names_are_refused(tmp_path, name):
    problem = bad_file(tmp_path, text_of(title=json.dumps(name)))
    decoded = json.loads(json.dumps(name))
    assert problem.message.startswith(f"'title' (the package name) {decoded[:50]!r}"[:40])
    assert "is not a usable name" in problem.message
    assert problem.line == 2


@pytest.mark.parametrize("tag", ["a/b", "..", ".", "a\\\\b", '"x\\u0001"'])
def test_unusable_tags_are_refused(tmp_path, tag):
    problem = bad_file(tmp_path, text_of(tag=tag))
    assert problem.message.startswith("the tag (second item of 'categories')")
    assert "is not a usable name" in problem.message
    assert problem.line == 4


@pytest.mark.parametrize("name", ["py-mpi4py", "x`_ <markup>`__", "a b", "caf\u00e9", "v0.23.1+x"])
def test_other_names_are_data(name):
    package, _ = frontmatter.parse(text_of(title=json.dumps(name)), "x")
    assert package.name == name  # markup is escaped where it is shown, never interpreted


def test_a_file_in_the_wrong_folders_is_unknown_never_a_stand_in(tmp_path):
    """Folders and file disagree: which is true is unknown. The file is not read, so it can
    never stand in for another package (libelf's specs shown as zlib-ng's)."""
    root = tmp_path / "catalog"
    (root / "develop-2025-07-13" / "renamed").mkdir(parents=True)
    shutil.copy(CACHE / "develop-2025-07-13" / "libelf" / "specs.md", root / "develop-2025-07-13" / "renamed")
    (root / "other-tag" / "cmake").mkdir(parents=True)
    shutil.copy(CACHE / "develop-2025-07-13" / "cmake" / "specs.md", root / "other-tag" / "cmake")
    shutil.copytree(CACHE / "develop-2025-07-13" / "libelf", root / "develop-2025-07-13" / "libelf")
    result = CatalogLoader().load([root])
    assert [(p.subtype, Path(p.path).parent.name, p.message) for p in result.problems] == [
        (
            NAME_MISMATCH,
            "renamed",
            "its title is 'libelf' but its folder is 'renamed'; not read: which is true is unknown, "
            "so develop-2025-07-13/renamed is unreadable",
        ),
        (
            NAME_MISMATCH,
            "cmake",
            "its tag (categories) is 'develop-2025-07-13' but its tag folder is 'other-tag'; "
            "not read: which is true is unknown, so other-tag/cmake is unreadable",
        ),
    ]
    assert set(result.catalog.packages) == {("develop-2025-07-13", "libelf")}
    assert result.catalog.packages["develop-2025-07-13", "libelf"].source.endswith("libelf/specs.md")
    assert set(result.catalog.unreadable) == {("develop-2025-07-13", "renamed"), ("other-tag", "cmake")}


# -- "none" is not a compiler ----------------------------------------------------------------------


def test_none_is_no_compiler_in_the_real_data():
    from sphinx_cachecatalog.catalog.filters import SpecFilter
    from sphinx_cachecatalog.catalog.stats import catalog_stats

    result = CatalogLoader().load([CACHE])
    assert [p for p in result.problems if p.subtype == META_MISMATCH] == []
    for tag in ("develop-2025-06-01", "develop-2025-07-13"):
        for name in ("cuda", "compiler-wrapper"):
            front = read_independently(CACHE / tag / name / "specs.md")
            assert {s["compiler"] for s in front["spec_details"]} == {"none"}
            assert front["meta"]["compilers"] == ["none"]
            package = result.catalog.get(tag, name)
            assert package is not None
            assert {s.compiler for s in package.specs} == {""}
            assert package.summary.compilers == ()
        known = choices_of(result.catalog, (tag,)).values["compiler"]
        expected = {
            s["compiler"].replace("@=", "@", 1)
            for path in (CACHE / tag).glob("*/specs.md")
            for s in read_independently(path)["spec_details"]
        }
        assert known == expected  # "none" is how a filter asks for specs without a compiler
        stats = catalog_stats(result.catalog.in_tag(tag), SpecFilter())
        assert "" not in dict(stats.compilers)
        assert "none" not in dict(stats.compilers)
        assert sum(n for _, n in stats.compilers) == sum(
            1
            for path in (CACHE / tag).glob("*/specs.md")
            for s in read_independently(path)["spec_details"]
            if s["compiler"] != "none"
        )


def test_none_in_meta_still_has_to_agree():
    details = [spec(compiler="none"), spec(hash="b" * 32)]
    _, problems = frontmatter.parse(text_of(details=details, meta={"compilers": ["gcc@11.4.0"]}), "x")
    assert [p.message for p in problems] == ["meta.compilers omits none"]
    _, problems = frontmatter.parse(text_of(meta={"compilers": ["gcc@11.4.0", "none"]}), "x")
    assert [p.message for p in problems] == ["meta.compilers lists none that no spec has"]
    _, problems = frontmatter.parse(
        text_of(details=details, meta={"compilers": ["none", "gcc@=11.4.0"]}), "x"
    )
    assert problems == []


def test_compilerless_specs_round_trip():
    package, _ = frontmatter.parse(text_of(details=[spec(compiler="none")]), "x")
    again, problems = frontmatter.parse(frontmatter.dump(package), "x")
    assert problems == []
    assert again == package
    assert '"compiler": "none"' in frontmatter.dump(package)


# -- files that vanish or lie elsewhere -------------------------------------------------------------


def test_links_out_of_the_root_are_not_read_and_count_as_unreadable(tmp_path):
    root = tmp_path / "catalog"
    (root / TAG / "py-mpi4py").mkdir(parents=True)
    shutil.copy(SEED_FILE, root / TAG / "py-mpi4py" / "specs.md")
    outside = tmp_path / "outside"
    (outside / "cmake").mkdir(parents=True)
    shutil.copy(CACHE / "develop-2025-07-13" / "cmake" / "specs.md", outside / "cmake")
    (root / TAG / "cmake").symlink_to(outside / "cmake")
    (root / TAG / "dangling").mkdir()
    (root / TAG / "dangling" / "specs.md").symlink_to(root / TAG / "nowhere.md")
    result = CatalogLoader().load([root])
    assert sorted((p.subtype, Path(p.path).parent.name, p.message) for p in result.problems) == [
        (BAD_FILE, "cmake", "links outside the catalog root; not read"),
        (BAD_FILE, "dangling", "is a broken link; not read"),
    ]
    assert set(result.catalog.packages) == {GOOD}
    assert sorted(result.catalog.unreadable) == [(TAG, "cmake"), (TAG, "dangling")]
    assert result.unreadable == 2
    assert result.files == (str(root / TAG / "py-mpi4py" / "specs.md"),)


def test_a_file_that_disappears_after_discovery(tmp_path, monkeypatch):
    from sphinx_cachecatalog.catalog import loader

    root = tmp_path / "catalog"
    for name in ("py-mpi4py", "gone"):
        (root / TAG / name).mkdir(parents=True)
        shutil.copy(SEED_FILE, root / TAG / name / "specs.md")
    real_discover = loader.discover

    def discover_then_delete(where: Path) -> Any:
        found = real_discover(where)
        (root / TAG / "gone" / "specs.md").unlink()
        return found

    monkeypatch.setattr(loader, "discover", discover_then_delete)
    result = CatalogLoader().load([root])
    assert [(p.subtype, p.message) for p in result.problems] == [
        (BAD_FILE, "cannot be read: No such file or directory")
    ]
    assert dict(result.catalog.unreadable) == {(TAG, "gone"): str(root / TAG / "gone" / "specs.md")}


def test_a_file_that_disappears_between_stat_and_read(tmp_path, monkeypatch):
    from sphinx_cachecatalog.catalog import loader

    (tmp_path / "p").mkdir()
    path = tmp_path / "p" / "specs.md"
    shutil.copy(SEED_FILE, path)
    real_parse_file = loader._parse_file

    def delete_then_parse(where: Path, max_size: int) -> Any:
        where.unlink()  # after the loader's stat
        return real_parse_file(where, max_size)

    monkeypatch.setattr(loader, "_parse_file", delete_then_parse)
    result = CatalogLoader().load([path])
    assert [(p.subtype, p.message) for p in result.problems] == [
        (BAD_FILE, "cannot be read: No such file or directory")
    ]
    assert result.unreadable == 1
    assert result.catalog.unreadable == {}  # a single file names no tag


def test_any_exception_in_a_parse_is_contained(tmp_path, monkeypatch):
    from sphinx_cachecatalog.catalog import loader

    def explode(text: str, source: str) -> Any:
        raise KeyError("boom" * 100)

    monkeypatch.setattr(loader.frontmatter, "parse", explode)
    (tmp_path / "p").mkdir()
    shutil.copy(SEED_FILE, tmp_path / "p" / "specs.md")
    result = CatalogLoader().load([tmp_path])
    assert [p.subtype for p in result.problems] == [BAD_FILE]
    assert result.problems[0].message.startswith("cannot be read as a catalog file (KeyError: ")
    assert len(result.problems[0].message) < 300


@pytest.mark.parametrize("error", [RecursionError, MemoryError])
def test_recursion_and_memory_errors_are_contained(tmp_path, monkeypatch, error):
    from sphinx_cachecatalog.catalog import loader

    def explode(text: str, source: str) -> Any:
        raise error

    monkeypatch.setattr(loader.frontmatter, "parse", explode)
    (tmp_path / "p").mkdir()
    shutil.copy(SEED_FILE, tmp_path / "p" / "specs.md")
    result = CatalogLoader().load([tmp_path])
    assert [p.subtype for p in result.problems] == [BAD_FILE]
    assert result.problems[0].message in ("nests too deeply to be read", "does not fit in memory; not read")


def test_a_build_survives_every_hostile_file(make_app, tmp_path):
    from .conftest import build_page, warnings_by_subtype

    root = tmp_path / "catalog"
    shutil.copytree(CACHE / "develop-2025-07-13", root / "develop-2025-07-13")
    hostile = {
        "deep": text_of(tag="develop-2025-07-13").replace(
            '"versions": ["1.0"]', '"versions": ' + "[" * 100_000
        ),
        "bomb": text_of(tag="develop-2025-07-13", extra='a: &a ["x"]\nb: [*a, *a]'),
        "binary": "\udcff\x00",
    }
    for name, content in hostile.items():
        (root / "develop-2025-07-13" / name).mkdir()
        data = content.encode("utf-8", "surrogateescape")
        (root / "develop-2025-07-13" / name / "specs.md").write_bytes(data)
    app = build_page(
        make_app,
        tmp_path,
        ".. cache-package:: cmake\n   :tag: develop-2025-07-13\n",
        cachecatalog_path=str(root),
    )
    found = warnings_by_subtype(app.warning.getvalue())
    assert list(found) == ["bad-file"]
    where = {line.split(": WARNING")[0].rsplit("/", 2)[-2:][0]: line for line in found["bad-file"]}
    assert sorted(where) == ["binary", "bomb", "deep"]
    assert "specs.md:5: WARNING: the value nests too deeply to be read" in where["deep"]
    assert "YAML aliases" in where["bomb"]
    assert "specs.md:1: WARNING: the file is not UTF-8: byte 0xff at offset 0" in where["binary"]
    assert (Path(app.outdir) / "index.html").is_file()


# -- found by trying it as a new user --------------------------------------------------------------


def test_an_empty_spec_list_is_unreadable_not_a_removed_package(tmp_path):
    problem = bad_file(tmp_path, text_of(details=[]))
    assert (problem.message, problem.line) == ("'spec_details' is empty", 5)


@pytest.mark.parametrize("digest", ["../../etc/passwd", "abc def", "<b>x</b>"])
def test_a_hash_that_is_not_letters_and_digits_is_refused(tmp_path, digest):
    problem = bad_file(tmp_path, text_of(details=[spec(hash=digest)]))
    assert problem.message == f"spec_details[0]: 'hash' must be letters and digits only, not {digest!r}"


def test_a_spec_without_a_version_is_refused(tmp_path):
    problem = bad_file(tmp_path, text_of(details=[spec(versions=[])]))
    assert problem.message == "spec_details[0]: 'versions' is empty"


def test_a_character_yaml_refuses_points_at_its_line(tmp_path):
    text = text_of(extra="note: 'a\x00b'")  # line 6, read by YAML
    problem = bad_file(tmp_path, text)
    assert problem.line == 6
    assert problem.message == (
        "invalid YAML: character U+0000 is not allowed (control characters are not allowed)"
    )
