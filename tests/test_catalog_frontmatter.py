"""The cache.spack.io reader, on the real files and on broken ones."""

from __future__ import annotations

import json
from dataclasses import FrozenInstanceError, fields, replace
from pathlib import Path

import pytest
import yaml

from sphinx_cachecatalog.catalog import frontmatter
from sphinx_cachecatalog.catalog.model import Dependency, Package, Spec, specs_from_columns
from sphinx_cachecatalog.catalog.problems import BAD_VALUE, META_MISMATCH, CatalogFormatError, Problem

from .conftest import SEED_FILE, expected_stacks, read_independently, real_files, spec_entry, text_of


def parse(path: Path) -> tuple[Package, list[Problem]]:
    return frontmatter.parse(path.read_text(encoding="utf-8"), str(path))


def test_seed_package_numbers():
    front = read_independently(SEED_FILE)
    package, problems = parse(SEED_FILE)
    assert problems == []
    assert (package.name, package.tag) == ("py-mpi4py", "develop")
    summary = package.summary
    assert summary.num_specs == len(front["spec_details"]) == 91
    assert set(summary.versions) == {v for s in front["spec_details"] for v in s["versions"]}
    assert summary.versions == ("4.0.1", "3.1.6")
    assert len(summary.compilers) == 5
    assert dict(summary.stacks) == expected_stacks(front)
    assert summary.stacks[0] == ("e4s", 23)
    assert summary.stacks[1] == ("e4s-neoverse-v2", 12)
    assert summary.stacks[-1] == ("root", 91)


@pytest.mark.parametrize("path", real_files(), ids=lambda p: "/".join(p.parts[-3:-1]))
def test_every_real_file_reads_without_problems(path):
    front = read_independently(path)
    package, problems = parse(path)
    assert problems == []  # the data's README: meta agrees with spec_details in every file
    assert package.name == front["title"]
    assert package.tag == front["categories"][1]
    assert [s.hash for s in package.specs] == [s["hash"] for s in front["spec_details"]]
    assert dict(package.summary.stacks) == expected_stacks(front)
    with_tarball = [s for s in front["spec_details"] if "tarball" in s]
    assert [s.tarball for s in package.specs if s.tarball] == [s["tarball"] for s in with_tarball]


def test_older_compiler_spelling_is_normalized():
    path = next(p for p in real_files() if "v0.23.1" in p.parts)
    front = read_independently(path)
    assert any("@=" in s["compiler"] for s in front["spec_details"])
    package, problems = parse(path)
    assert problems == []  # meta's "gcc@=" spelling counts as the same compiler
    assert all("@=" not in spec.compiler for spec in package.specs)
    expected = {s["compiler"].replace("@=", "@") for s in front["spec_details"]}
    assert set(package.summary.compilers) == expected


def test_yaml_fallback_reads_the_same_as_the_json_fast_path():
    text = SEED_FILE.read_text(encoding="utf-8")
    lines = text.split("\n")
    # Block-style YAML for meta and spec_details instead of single-line JSON.
    front = read_independently(SEED_FILE)
    block = yaml.safe_dump(
        {"meta": front["meta"], "spec_details": front["spec_details"]}, default_flow_style=False
    )
    rewritten = "\n".join(
        [*[line for line in lines if not line.startswith(("meta:", "spec_details:"))][:-1], block, "---"]
    )
    slow, problems = frontmatter.parse(rewritten, "x")
    fast, _ = parse(SEED_FILE)
    assert problems == []
    assert slow.specs == fast.specs
    assert slow.summary == fast.summary


def _file(meta: object = None, details: object = None, title: str = '"demo"') -> str:
    return text_of(details, meta, title)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("no front matter", 1, "does not start"),
        ("---\ntitle: x\n", 2, "no closing"),
        (_file(title="[unclosed"), 2, "invalid YAML: while parsing a flow sequence"),
        (_file(title='""'), 2, "'title'"),
        (_file().replace("categories: [package, develop]", "categories: package"), 4, "'categories'"),
        (_file(details={"not": "a list"}), 5, "'spec_details' is missing or not a list"),
        (_file(details=["nope"]), 5, "spec_details[0]: not a mapping"),
        (_file(details=[{"hash": "x"}]), 5, "'compiler' is missing"),
        (_file(meta=[1]), 5, "'meta' must be a mapping"),
    ],
)
def test_malformed_files_say_what_and_where(text, line, words):
    with pytest.raises(CatalogFormatError) as info:
        frontmatter.parse(text, "bad.md")
    assert words in info.value.message
    assert info.value.line == line


def test_bad_list_and_size_fields():
    base = json.loads(_file().split("spec_details: ")[1].split("\n")[0])[0]
    for key, value, words in [
        ("variants", "+mpi", "'variants' must be a list"),
        ("versions", [1.0], "'versions' must be a list"),
        ("size", "big", "'size' must be a byte count"),
        ("tarball", 3, "'tarball' must be a string"),
    ]:
        with pytest.raises(CatalogFormatError, match=words):
            frontmatter.parse(_file(details=[base | {key: value}]), "bad.md")


def test_sizes():
    base = json.loads(_file().split("spec_details: ")[1].split("\n")[0])[0]
    sizes = [{"size": "-"}, {"size": 1234}, {"size": "5678"}, {}]
    details = [base | s | {"hash": str(i) * 32} for i, s in enumerate(sizes)]
    package, _ = frontmatter.parse(_file(details=details), "x")
    assert [s.size for s in package.specs] == [None, 1234, 5678, None]


def test_meta_mismatch_names_each_field():
    meta = {
        "num_specs": 2,
        "num_specs_by_stack": {"e4s": 1, "root": 2},
        "versions": ["1.0", "2.0"],
        "compilers": ["gcc@=11.4.0"],
        "oss": ["ubuntu22.04"],
        "targets": [],
        "stacks": ["e4s", "root"],
        "platforms": ["linux"],
    }
    package, problems = frontmatter.parse(_file(meta=meta), "m.md")
    assert {p.subtype for p in problems} == {META_MISMATCH}
    assert all(p.path == "m.md" and p.line == 5 for p in problems)
    messages = [p.message for p in problems]
    assert messages == [
        "meta.num_specs is 2 but spec_details has 1 specs",
        "meta.num_specs_by_stack['root'] is 2 but spec_details has 1",
        "meta.versions lists 2.0 that no spec has",
        "meta.targets omits x86_64_v3",
    ]
    assert package.summary.num_specs == 1  # the specs are the truth


def test_dump_round_trips():
    package, _ = parse(SEED_FILE)
    again, problems = frontmatter.parse(frontmatter.dump(package), package.source)
    assert problems == []
    assert again == package


@pytest.mark.parametrize(
    ("categories", "tag"),
    [
        ("[package, develop]", "develop"),
        ("[package, v0.23.1]", "v0.23.1"),
        ("[ package , develop-2025-07-13 ]", "develop-2025-07-13"),
    ],
)
def test_plain_lines_read_as_yaml_would(categories, tag):
    text = _file().replace("categories: [package, develop]", f"categories: {categories}")
    package, _ = frontmatter.parse(text, "x")
    assert package.tag == tag == yaml.safe_load(f"c: {categories}")["c"][1]


def test_words_yaml_reads_otherwise_are_left_to_yaml():
    text = _file().replace("categories: [package, develop]", "categories: [package, yes]")
    with pytest.raises(CatalogFormatError, match="'categories' must be a list whose second item is the tag"):
        frontmatter.parse(text, "x")  # YAML reads "yes" as a boolean, not a tag


def test_dependencies_round_trip_as_name_at_version_slash_hash() -> None:
    package, _ = parse(SEED_FILE)
    zlib = Dependency("zlib-ng", "2.2.4", "xyz2345")
    external = Dependency("gcc", "", "abc7")
    spec = replace(package.specs[0], dependencies=(zlib, external))
    package = replace(package, specs=(spec, *package.specs[1:]))
    text = frontmatter.dump(package)
    assert '"dependencies": ["zlib-ng@2.2.4/xyz2345", "gcc/abc7"]' in text
    again, problems = frontmatter.parse(text, package.source)
    assert problems == []
    assert again == package


@pytest.mark.parametrize(
    "dependencies", ['"zlib/abc"', '["zlib@1.3"]', '["zlib@1 .3/abc"]', "[7]", '["zlib@1.3/ab-c"]']
)
def test_dependencies_that_are_not_name_version_hash_are_left_out(dependencies: str) -> None:
    text = (
        '---\ntitle: "zlib"\nlayout: cache\ncategories: [package, develop]\nspec_details: [{"compiler": '
        '"gcc@13.2.0", "hash": "abc", "os": "ubuntu24.04", "platform": "linux", "size": 3, "stacks": ["e4s"], '
        f'"target": "zen2", "variants": [], "versions": ["1.3"], "dependencies": {dependencies}}}]\n---'
    )
    package, problems = frontmatter.parse(text, "zlib/specs.md")
    assert package.specs[0].dependencies == ()
    assert [(p.subtype, p.line, p.message) for p in problems] == [
        (BAD_VALUE, 5, "spec_details[0]: dependencies must be a list of name@version/hash; left out")
    ]


def test_files_read_together_share_their_values() -> None:
    shared = frontmatter.SharedValues()
    develop, _ = frontmatter.parse(SEED_FILE.read_text(encoding="utf-8"), "a", shared)
    again, _ = frontmatter.parse(SEED_FILE.read_text(encoding="utf-8"), "b", shared)
    assert again == replace(develop, source="b")
    for first, second in zip(develop.specs, again.specs, strict=True):
        for field in ("compiler", "os", "platform", "target", "versions", "variants", "stacks"):
            assert getattr(first, field) is getattr(second, field)  # one object, not two equal ones
    variants = {spec.variants for spec in develop.specs}
    assert len({id(spec.variants) for spec in develop.specs}) == len(variants)
    with frontmatter.sharing(shared):  # what the loader does for every file of a load
        third, _ = frontmatter.parse(SEED_FILE.read_text(encoding="utf-8"), "c")
    assert third.specs[0].stacks is develop.specs[0].stacks


def test_a_value_shared_is_still_checked_in_each_file() -> None:
    shared = frontmatter.SharedValues()
    frontmatter.parse(text_of(details=[spec_entry(os="ubuntu22.04", variants=["", "+mpi"])]), "a", shared)
    with pytest.raises(CatalogFormatError, match=r"spec_details\[0\]: 'os' is missing or not a string"):
        frontmatter.parse(text_of(details=[spec_entry(os="")]), "b", shared)  # "" was a variant
    with pytest.raises(CatalogFormatError, match=r"spec_details\[1\]: 'versions' is empty"):
        frontmatter.parse(text_of(details=[spec_entry(), spec_entry(hash="b", versions=[])]), "c", shared)


def test_specs_made_by_columns_are_the_specs_made_one_by_one() -> None:
    package, _ = parse(SEED_FILE)
    columns = [[getattr(spec, field.name) for spec in package.specs] for field in fields(Spec)]
    made = specs_from_columns(columns)
    assert made == list(package.specs)
    assert [hash(spec) for spec in made] == [hash(spec) for spec in package.specs]
    assert replace(made[0], os="x").os == "x"
    with pytest.raises(FrozenInstanceError):
        made[0].os = "x"  # type: ignore[misc]
    with pytest.raises(ValueError, match="one per field"):
        specs_from_columns(columns[:-1])
    with pytest.raises(ValueError, match="as long as each other"):
        specs_from_columns([*columns[:-1], columns[-1][:-1]])
