"""Spack's spec syntax, read without Spack: the forms, their normalized spelling, and errors
that point at the failure."""

from __future__ import annotations

import pytest

from sphinx_cachecatalog.catalog.filters import CompilerMatch, VersionRange
from sphinx_cachecatalog.catalog.specsyntax import (
    Asked,
    ExactVersion,
    Host,
    SpecSyntaxError,
    compiler_satisfies,
    parse_host,
    parse_spec,
    target_satisfies,
)

V = VersionRange


def error_of(text: str) -> SpecSyntaxError:
    with pytest.raises(SpecSyntaxError) as raised:
        parse_spec(text)
    return raised.value


# Parsed forms ---------------------------------------------------------------


def test_the_whole_spec():
    asked = parse_spec("hdf5@1.14 +mpi ~shared build_type=Release os=ubuntu22.04 target=zen2 %gcc@13")
    assert asked == Asked(
        text="",
        name="hdf5",
        versions=(V("1.14", "1.14"),),
        compilers=(CompilerMatch("gcc", V("13", "13")),),
        variants=("+mpi", "~shared", "build_type=Release"),
        os="ubuntu22.04",
        target="zen2",
    )
    assert asked.platform is None
    assert asked.text == "hdf5@1.14 +mpi ~shared build_type=Release os=ubuntu22.04 target=zen2 %gcc@13"


@pytest.mark.parametrize(
    "text",
    [
        "hdf5@1.14+mpi%gcc@13",
        "hdf5@1.14 +mpi %gcc@13",
        "hdf5 @1.14 +mpi % gcc @13",
        "  hdf5@1.14\t+mpi\n%gcc@13  ",
        "hdf5@1.14 +mpi %c=gcc@13",
        "hdf5@1.14 +mpi %cxx=gcc@13",
        "hdf5@1.14 +mpi %fortran=gcc@13",
        "hdf5@1.14 +mpi %c,cxx=gcc@13",
        "hdf5@1.14 mpi=true %gcc@13",
        "hdf5@1.14 mpi=True %gcc@13",
        "hdf5@1.14 ++mpi %gcc@13",
        "builtin.hdf5@1.14 +mpi %gcc@13",
    ],
)
def test_spellings_of_one_spec(text):
    assert parse_spec(text) == Asked(
        text="",
        name="hdf5",
        versions=(V("1.14", "1.14"),),
        compilers=(CompilerMatch("gcc", V("13", "13")),),
        variants=("+mpi",),
    )
    assert str(parse_spec(text)) == "hdf5@1.14 +mpi %gcc@13"


@pytest.mark.parametrize(
    ("text", "versions"),
    [
        ("hdf5", ()),
        ("hdf5@1.14", (V("1.14", "1.14"),)),
        ("hdf5@1.14:", (V("1.14", None),)),
        ("hdf5@:1.12", (V(None, "1.12"),)),
        ("hdf5@1.12:1.14", (V("1.12", "1.14"),)),
        ("hdf5@=1.14.5", (ExactVersion("1.14.5", "1.14.5"),)),
        ("hdf5@1.12,1.14", (V("1.12", "1.12"), V("1.14", "1.14"))),
        ("hdf5@1.12 , 1.14", (V("1.12", "1.12"), V("1.14", "1.14"))),
        ("hdf5@1.0:1.5,=1.7.1", (V("1.0", "1.5"), ExactVersion("1.7.1", "1.7.1"))),
        ("hdf5@1.12,1.12", (V("1.12", "1.12"),)),
        ("hdf5@:", ()),
        ("hdf5@develop", (V("develop", "develop"),)),
        ("hdf5@1.2:target=zen3", (V("1.2", None),)),  # as Spack reads it: @1.2: target=zen3
        ("hdf5@1.2-rc", (V("1.2-rc", "1.2-rc"),)),
    ],
)
def test_versions(text, versions):
    assert parse_spec(text).versions == versions


def test_an_exact_version_is_not_the_range_of_the_same_version():
    assert parse_spec("hdf5@=1.14") != parse_spec("hdf5@1.14")
    assert parse_spec("hdf5@1.14:1.14") == parse_spec("hdf5@1.14")


@pytest.mark.parametrize(
    ("text", "compilers"),
    [
        ("hdf5%gcc", (CompilerMatch("gcc", None),)),
        ("hdf5 %gcc@13", (CompilerMatch("gcc", V("13", "13")),)),
        ("hdf5 %gcc@=13.2.0", (CompilerMatch("gcc", ExactVersion("13.2.0", "13.2.0")),)),
        ("hdf5 %gcc@12:13", (CompilerMatch("gcc", V("12", "13")),)),
        ("hdf5 %gcc@12,13", (CompilerMatch("gcc", V("12", "12")), CompilerMatch("gcc", V("13", "13")))),
        ("hdf5 %gcc@:", (CompilerMatch("gcc", None),)),
        ("hdf5 %c=clang %cxx=llvm", (CompilerMatch("clang", None),)),  # one compiler, two names
        ("hdf5 %c=gcc %cxx=gcc@11", (CompilerMatch("gcc", V("11", "11")),)),  # both: gcc@11
        ("hdf5 %c=gcc %cxx=gcc", (CompilerMatch("gcc", None),)),
        ("hdf5 %apple-clang@17", (CompilerMatch("apple-clang", V("17", "17")),)),
    ],
)
def test_compilers(text, compilers):
    assert parse_spec(text).compilers == compilers


@pytest.mark.parametrize(
    ("text", "variants"),
    [
        ("hdf5+mpi~shared", ("+mpi", "~shared")),
        ("hdf5 ~shared +mpi", ("+mpi", "~shared")),  # booleans by name
        ("hdf5 -shared", ("~shared",)),
        ("hdf5 --shared ~~fortran", ("~fortran", "~shared")),
        ("hdf5 shared=false fortran=TRUE", ("+fortran", "~shared")),
        ("hdf5 build_type=Release", ("build_type=Release",)),
        ("hdf5 build_type==Release", ("build_type=Release",)),
        ("hdf5 cuda_arch=90,80", ("cuda_arch=80,90",)),
        ("hdf5 cuda_arch=80,80", ("cuda_arch=80",)),
        ("hdf5 fabrics:=verbs,ofi", ("fabrics:=ofi,verbs",)),
        ("hdf5 fabrics:==ofi", ("fabrics:=ofi",)),
        ("hdf5 zz=1 +mpi aa=2 ~b", ("~b", "+mpi", "aa=2", "zz=1")),
        ("hdf5 cflags='-O3 -g'", ("cflags=-O3 -g",)),
        ('hdf5 cflags="-O3"', ("cflags=-O3",)),
        ("hdf5 fabrics=' ofi , verbs '", ("fabrics=ofi,verbs",)),
        ("hdf5 + mpi", ("+mpi",)),  # Spack lets a space follow the sign
    ],
)
def test_variants(text, variants):
    assert parse_spec(text).variants == variants


def test_a_dash_after_a_name_is_part_of_it():
    assert parse_spec("hdf5-mpi").name == "hdf5-mpi"
    assert parse_spec("hdf5-mpi").variants == ()
    assert parse_spec("hdf5 -mpi").variants == ("~mpi",)
    assert parse_spec("hdf5 +mpi-shared").variants == ("+mpi-shared",)
    assert parse_spec("hdf5@1.2-shared").versions == (V("1.2-shared", "1.2-shared"),)


@pytest.mark.parametrize(
    ("text", "platform", "os", "target"),
    [
        ("hdf5 os=ubuntu22.04", None, "ubuntu22.04", None),
        ("hdf5 operating_system=rhel8", None, "rhel8", None),
        ("hdf5 platform=linux", "linux", None, None),
        ("hdf5 target=zen2", None, None, "zen2"),
        ("hdf5 target=x86_64_v3:", None, None, "x86_64_v3:"),
        ("hdf5 target=:zen3", None, None, ":zen3"),
        ("hdf5 target=zen:zen3", None, None, "zen:zen3"),
        ("hdf5 target=zen3:zen3", None, None, "zen3:zen3"),
        ("hdf5 target=armv8.1a:", None, None, "armv8.1a:"),
        ("hdf5 target=zen99", None, None, "zen99"),  # exact: a catalog may hold it
        ("hdf5 arch=linux-ubuntu22.04-zen3", "linux", "ubuntu22.04", "zen3"),
        ("hdf5 architecture=darwin-sequoia-m1", "darwin", "sequoia", "m1"),
        ("hdf5 target='zen2'", None, None, "zen2"),
    ],
)
def test_architecture(text, platform, os, target):
    asked = parse_spec(text)
    assert (asked.platform, asked.os, asked.target) == (platform, os, target)


def test_numbers_and_underscores_begin_names():
    assert parse_spec("7zip").name == "7zip"
    assert parse_spec("py-numpy@2:").name == "py-numpy"
    assert parse_spec("r_x").name == "r_x"


# Normalized spelling --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "spelled"),
    [
        ("hdf5", "hdf5"),
        ("hdf5@1.14+mpi%gcc@13", "hdf5@1.14 +mpi %gcc@13"),
        (
            "builtin.hdf5 %c=gcc@12,13",
            "hdf5 %gcc@12,13",
        ),
        (
            "hdf5 target=zen2 build_type=Release os=rhel8 ~shared platform=linux +mpi @1.12:1.14,=1.14.5",
            "hdf5@1.12:1.14,=1.14.5 +mpi ~shared build_type=Release platform=linux os=rhel8 target=zen2",
        ),
        ("hdf5 arch=linux-ubuntu22.04-zen3", "hdf5 platform=linux os=ubuntu22.04 target=zen3"),
        ("hdf5 cflags='-O3 -g' x=\"it's\"", "hdf5 cflags='-O3 -g' x=\"it's\""),
        ("hdf5 v=a%b", None),
        ("hdf5 %gcc@=13.2.0", "hdf5 %gcc@=13.2.0"),
        ("hdf5 @: %gcc@:", "hdf5 %gcc"),
    ],
)
def test_normalized_spelling(text, spelled):
    if spelled is None:
        error_of(text)
        return
    assert str(parse_spec(text)) == spelled
    assert parse_spec(spelled) == parse_spec(text)


def test_a_value_that_needs_quotes_keeps_them():
    asked = parse_spec("hdf5 x='a%b'")
    assert asked.variants == ("x=a%b",)
    assert str(asked) == "hdf5 x='a%b'"


# Version ranges as Spack's documentation gives them -----------------------------
#
# From "Spec Syntax", section "Version specifier", of Spack's documentation:
# https://spack.readthedocs.io/en/latest/spec_syntax.html#version-specifier
# (lib/spack/docs/spec_syntax.rst): "@1.0:1.5 All versions between v1.0 and v1.5.
# This includes any v1.5.x version"; "@:3 All versions up to and including v3. This
# would include v3.4 etc."; "@4.2: All versions above and including v4.2"; "@=3.2
# Exactly version v3.2, will NOT match v3.2.1 etc."; "@3 is equivalent to the range
# @3:3 and includes any version with major version 3"; "@1.0:1.5,=1.7.1 matches any
# version in the range 1.0:1.5 and the specific version 1.7.1".


@pytest.mark.parametrize(
    ("versions", "version", "inside"),
    [
        ("1.0:1.5", "1.0", True),
        ("1.0:1.5", "1.2", True),
        ("1.0:1.5", "1.5", True),
        ("1.0:1.5", "1.5.3", True),
        ("1.0:1.5", "0.9", False),
        ("1.0:1.5", "1.6", False),
        (":3", "3.4", True),
        (":3", "1.0", True),
        (":3", "4.0", False),
        ("4.2:", "4.2", True),
        ("4.2:", "5.0", True),
        ("4.2:", "4.1.9", False),
        ("=3.2", "3.2", True),
        ("=3.2", "3.2.1", False),
        ("=3.2", "3.2.0", False),
        ("3", "3", True),
        ("3", "3.0", True),
        ("3", "3.9.1", True),
        ("3", "2.9", False),
        ("3", "4", False),
        ("3:3", "3.9.1", True),
        ("3.2", "3.2.1", True),
        ("3.2", "3.2", True),
        ("1.0:1.5,=1.7.1", "1.2", True),
        ("1.0:1.5,=1.7.1", "1.7.1", True),
        ("1.0:1.5,=1.7.1", "1.7", False),
        ("1.0:1.5,=1.7.1", "1.7.2", False),
        # and the brief's own
        ("1.2:1.4", "1.4.1", True),
        ("1.2", "1.2.5", True),
        ("1.2", "1.2", True),
        ("1.2", "1.3", False),
        ("=1.2", "1.2", True),
        ("=1.2", "1.2.5", False),
        (":1.4", "1.4.9", True),
        (":1.4", "1.5", False),
        ("1.4:", "2.0", True),
        ("1.4:", "1.3", False),
        ("1.12:1.14", "1.14.5", True),
        ("1.12:1.14", "1.10.11", False),
        ("1.9:1.10", "1.10.2", True),  # 1.10 after 1.9, as numbers
        ("1.2.5:1.2", "1.2.7", True),  # the upper bound takes its point releases
        ("develop", "develop", True),
        ("1.14:", "develop", True),  # develop is above every numbered version
    ],
)
def test_version_ranges_from_spacks_documentation(versions, version, inside):
    ranges = parse_spec(f"pkg@{versions}").versions
    assert any(r.contains(version) for r in ranges) is inside


# Meanings the answer relies on -------------------------------------------------


@pytest.mark.parametrize(
    ("target", "asked", "inside"),
    [
        ("zen2", "zen2", True),
        ("zen3", "zen2", False),
        ("zen99", "zen99", True),
        ("x86_64_v3", "x86_64_v3:", True),
        ("zen4", "x86_64_v3:", True),
        ("icelake", "x86_64_v3:", True),
        ("x86_64_v2", "x86_64_v3:", False),
        ("neoverse_v2", "x86_64_v3:", False),
        ("zen99", "x86_64_v3:", False),
        ("zen3", ":zen3", True),
        ("x86_64", ":zen3", True),
        ("x86_64_v3", ":zen3", True),
        ("zen4", ":zen3", False),
        ("x86_64_v4", ":zen3", False),
        ("zen", "zen:zen3", True),
        ("zen2", "zen:zen3", True),
        ("zen3", "zen:zen3", True),
        ("x86_64_v3", "zen:zen3", False),
        ("zen4", "zen:zen3", False),
        ("neoverse_n1", "aarch64:", True),
        ("a64fx", ":neoverse_v2", False),
    ],
)
def test_target_ranges_follow_archspec(target, asked, inside):
    assert target_satisfies(target, asked) is inside


@pytest.mark.parametrize(
    ("compiler", "asked", "matches"),
    [
        ("gcc@13.2.0", "%gcc", True),
        ("gcc@13.2.0", "%gcc@13", True),
        ("gcc@=13.2.0", "%gcc@13", True),
        ("gcc@13.2.0", "%gcc@=13.2.0", True),
        ("gcc@13.2.1", "%gcc@=13.2.0", False),
        ("gcc@11.4.0", "%gcc@13", False),
        ("gcc@11.4.0", "%gcc@12,11", True),
        ("gcc@11.4.0", "%c=gcc@11:", True),
        ("", "%gcc", False),
        ("clang@18.1.0", "%gcc", False),
        ("llvm@14.0.0", "%clang@14", True),
        ("clang@14.0.0", "%llvm@14", True),
        ("intel-oneapi-compilers@2025.1.0", "%oneapi@2025", True),
        ("oneapi@=2024.1.0", "%intel-oneapi-compilers@2024", True),
        ("apple-clang@17.0.0", "%clang", False),
    ],
)
def test_compilers_match_catalog_spellings(compiler, asked, matches):
    assert compiler_satisfies(compiler, parse_spec("pkg " + asked).compilers) is matches


# Errors, with the column of the failure ---------------------------------------


@pytest.mark.parametrize(
    ("text", "column", "message"),
    [
        ("hdf5@", 5, "@ needs a version, like @1.14, @1.12:1.14, @1.14:, @:1.12 or @=1.14.5"),
        ("hdf5 +", 6, "+ needs a variant name, like +mpi"),
        ("hdf5 ~ ", 7, "~ needs a variant name, like ~mpi"),
        ("^zlib", 0, "dependency constraints (^zlib) are not supported: ask about zlib on its own"),
        (
            "hdf5 +mpi ^zlib@1.3",
            10,
            "dependency constraints (^zlib@1.3) are not supported: ask about zlib on its own",
        ),
        ("hdf5 %c=", 8, "%c= needs a compiler, like %c=gcc@13"),
        ("hdf5 %", 6, "% needs a compiler, like %gcc or %gcc@13"),
        (
            "hdf5 target=zen3:zen2:x",
            21,
            "target=zen3:zen2:x: a target is one name (zen2) or a range (x86_64_v3:, :zen3, zen:zen3)",
        ),
        ("", 0, "the spec is empty: write a package name and constraints, like hdf5@1.14 +mpi %gcc@13"),
        ("   ", 3, "the spec is empty: write a package name and constraints, like hdf5@1.14 +mpi %gcc@13"),
        ("+mpi", 0, "a spec starts with a package name, like hdf5@1.14 +mpi %gcc@13"),
        ("@1.14", 0, "a spec starts with a package name, like hdf5@1.14 +mpi %gcc@13"),
        ("target=zen3", 0, "a spec starts with a package name, like hdf5@1.14 +mpi %gcc@13"),
        ("HDF5@1.14", 0, "package names are lowercase: hdf5, not HDF5"),
        ("hdf5 %GCC", 6, "compiler names are lowercase: gcc, not GCC"),
        ("hdf5 zlib", 5, "'zlib' would start a second spec: ask about one spec at a time"),
        (
            "hdf5 1.14",
            5,
            "'1.14' would start a second spec (@1.14 for a version?): ask about one spec at a time",
        ),
        (
            "hdf5 %gcc +mpi",
            10,
            "+mpi after %gcc is ambiguous: Spack 1.x reads it as a constraint on gcc, Spack 0.x on hdf5;"
            " write it before the compiler (hdf5 +mpi %gcc)",
        ),
        (
            "hdf5 %gcc@13 target=zen3",
            13,
            "target=zen3 after %gcc@13 is ambiguous: Spack 1.x reads it as a constraint on gcc, Spack 0.x"
            " on hdf5; write it before the compiler (hdf5 target=zen3 %gcc@13)",
        ),
        (
            "hdf5 build_type=Release%gcc",
            23,
            "Spack reads build_type=Release%gcc as one value, up to the next space: put a space before"
            " %gcc, or quote the value if % belongs in it",
        ),
        ("hdf5@1.4:1.2", 5, "@1.4:1.2 holds no version: 1.4 comes after 1.2"),
        ("hdf5@=1.2:", 9, "=1.2 is one version: a range is written without = (@1.12:1.14)"),
        ("hdf5@git.develop", 5, "git versions (@git.ref, @commit=version) are not supported"),
        ("hdf5 @1.14 @1.12", 11, "hdf5 has a version already"),
        ("hdf5 +mpi ~mpi", 10, "the variant mpi is given twice"),
        ("hdf5 +mpi mpi=false", 10, "the variant mpi is given twice"),
        ("hdf5 os=rhel8 arch=linux-ubuntu22.04-zen3", 14, "the os is given twice"),
        ("hdf5 arch=linux-zen3", 10, "arch= is platform-os-target, like arch=linux-ubuntu22.04-zen3"),
        (
            "hdf5 target=zen3:zen2",
            12,
            "target=zen3:zen2 holds no target: zen2 does not run what is built for zen3",
        ),
        (
            "hdf5 target=zen33:",
            12,
            "'zen33' is not a target that archspec knows (did you mean zen3, zen, zen6?)",
        ),
        ("hdf5 target=:", 12, "target= needs a target, or a range with a target on one side at least"),
        ("hdf5 target = zen3", 11, "no space may come before the = of target="),
        ("hdf5 os=ubuntu,rhel", 8, "'ubuntu,rhel' is not an OS name"),
        ("hdf5 x=a,,b", 9, "x=a,,b: a value is missing between commas"),
        ("hdf5 x=", 7, "x= needs a value"),
        ("hdf5 x='abc", 7, "the quote that opens the value of x= is not closed"),
        (
            "hdf5 %mpi=openmpi",
            5,
            "dependency constraints (%mpi=openmpi) are not supported: only a compiler (%c=, %cxx=, %fortran=) is",
        ),
        ("hdf5 %%gcc", 6, "%% (a compiler preference for dependencies too) is not supported: write %gcc"),
        ("hdf5 %[virtuals=c] gcc", 6, "edge attributes (%[...]) are not supported: write %gcc or %c=gcc"),
        (
            "hdf5/abcdef1",
            4,
            "a hash (/abc1234) names one build, not a question: look it up in the catalog, or ask with"
            " the constraints of its spec",
        ),
        ("hdf5 ?", 5, "unexpected '?': a spec is like hdf5@1.14 +mpi %gcc@13"),
        (
            "hdf5 %c=gcc@11 %cxx=intel-oneapi-compilers",
            15,
            "two compilers (gcc@11 and intel-oneapi-compilers): a cached spec records one, so both can never"
            " hold; ask about each on its own",
        ),
        (
            "hdf5 %gcc@13 %gcc@11",
            13,
            "two compilers (gcc@13 and gcc@11): a cached spec records one, so both can never hold; ask about"
            " each on its own",
        ),
        ("hdf5.", 5, "'hdf5.' is not a package name"),
    ],
)
def test_errors_say_where(text, column, message):
    error = error_of(text)
    assert (error.column, error.message, str(error), error.text) == (column, message, message, text)


def test_the_pointer_is_a_caret_under_the_column():
    assert error_of("hdf5 +").pointer() == "hdf5 +\n      ^"
    assert error_of("hdf5 %c=").pointer() == "hdf5 %c=\n        ^"
    assert error_of("\thdf5 ^zlib").pointer() == " hdf5 ^zlib\n      ^"  # a tab takes one column
    assert error_of("").pointer() == "\n^"


def test_errors_are_value_errors():
    assert isinstance(error_of("hdf5 ^zlib"), ValueError)


# Hosts ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "host"),
    [
        ("linux-ubuntu22.04-zen3", Host("linux", "ubuntu22.04", "zen3")),
        ("linux-rhel8-x86_64_v3\n", Host("linux", "rhel8", "x86_64_v3")),
        ("darwin-sequoia-m1", Host("darwin", "sequoia", "m1")),
        ("linux-amzn2-neoverse_v1", Host("linux", "amzn2", "neoverse_v1")),
        ("LINUX-Ubuntu22.04-zen3", Host("linux", "ubuntu22.04", "zen3")),  # Spack writes lower case
    ],
)
def test_hosts(text, host):
    assert parse_host(text) == host
    assert str(parse_host(text)) == text.strip().lower()


@pytest.mark.parametrize(
    ("text", "column", "message"),
    [
        (
            "linux-ubuntu22.04-zen33",
            18,
            "'zen33' is not a target that archspec knows (did you mean zen3, zen, zen6?)",
        ),
        (
            "linux-ubuntu22.04-nosuchchip",
            18,
            "'nosuchchip' is not a target that archspec knows; `spack arch --known-targets` lists them",
        ),
        (
            "linux-ubuntu22.04",
            17,
            "'linux-ubuntu22.04' has fewer than three parts: `spack arch` prints platform-os-target,"
            " like linux-ubuntu22.04-zen3",
        ),
        (
            "linux-ubuntu-22.04-zen3",
            18,
            "'linux-ubuntu-22.04-zen3' has more than three parts: `spack arch` prints platform-os-target,"
            " like linux-ubuntu22.04-zen3",
        ),
        (
            "linux-ubuntu22.04-skylake-avx512",
            25,
            "'linux-ubuntu22.04-skylake-avx512' has more than three parts: `spack arch` prints"
            " platform-os-target, like linux-ubuntu22.04-zen3 (the target is skylake_avx512?)",
        ),
        (
            "linux_ubuntu22.04_zen3",
            22,
            "'linux_ubuntu22.04_zen3' has fewer than three parts: `spack arch` prints platform-os-target,"
            " like linux-ubuntu22.04-zen3 (with -, not _)",
        ),
        (
            "linux--zen3",
            6,
            "the OS is missing: `spack arch` prints platform-os-target, like linux-ubuntu22.04-zen3",
        ),
        (
            "",
            0,
            "'' has fewer than three parts: `spack arch` prints platform-os-target, like linux-ubuntu22.04-zen3",
        ),
        (
            "linux-ubuntu22.04-zen3:",
            18,
            "'zen3:' is not a target name: `spack arch` prints platform-os-target, like linux-ubuntu22.04-zen3",
        ),
    ],
)
def test_host_errors(text, column, message):
    with pytest.raises(SpecSyntaxError) as raised:
        parse_host(text)
    assert (raised.value.column, raised.value.message) == (column, message)


def test_the_first_suggestion_for_a_mistyped_host_target_is_the_closest():
    with pytest.raises(SpecSyntaxError, match=r"did you mean zen3, ") as raised:
        parse_host("linux-ubuntu22.04-zen33")
    assert raised.value.pointer() == "linux-ubuntu22.04-zen33\n                  ^"
