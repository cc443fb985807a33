"""Property tests of the spec parser: whatever the text, it gives an Asked or a
SpecSyntaxError that points inside the text; an Asked spelled out parses back to itself;
a spec written from valid parts, in any of Spack's spellings, parses to those parts.

``make test`` runs a few derandomized examples; ``HYPOTHESIS_PROFILE=fuzz`` thousands.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from hypothesis import given
from hypothesis import strategies as st

from sphinx_cachecatalog.catalog.filters import CompilerMatch, VersionRange
from sphinx_cachecatalog.catalog.specsyntax import (
    Asked,
    ExactVersion,
    SpecSyntaxError,
    parse_host,
    parse_spec,
)

from . import hypothesis_profiles  # noqa: F401 - registers and loads the profile

#: The characters of spec syntax, and some that are not, to reach deep into the parser.
SPECISH = st.text(alphabet="hdf5@1.4:,=+~- %^/cgx'\"tarzen_2os[]\tT", max_size=40)
T = TypeVar("T")
RESERVED = {"os", "operating_system", "platform", "target", "arch", "architecture"}


def attempt(parser: Callable[[str], T], text: str) -> T | SpecSyntaxError:
    try:
        return parser(text)
    except SpecSyntaxError as error:
        return error


def check(text: str) -> None:
    asked = attempt(parse_spec, text)
    if isinstance(asked, SpecSyntaxError):
        assert asked.text == text
        assert 0 <= asked.column <= len(text)
        assert asked.message
        assert asked.message.isprintable()
        first, second = asked.pointer().split("\n")
        assert len(first) == len(text)
        assert second == " " * asked.column + "^"
        return
    spelled = str(asked)
    assert spelled.isprintable()
    assert parse_spec(spelled) == asked
    assert str(parse_spec(spelled)) == spelled


@given(st.text(max_size=60))
def test_any_text(text: str) -> None:
    check(text)


@given(SPECISH)
def test_any_spec_like_text(text: str) -> None:
    check(text)


@given(st.text(max_size=40) | st.text(alphabet="linux-ubuntu22.04zen3_v", max_size=30))
def test_any_host(text: str) -> None:
    host = attempt(parse_host, text)
    if isinstance(host, SpecSyntaxError):
        assert 0 <= host.column <= len(text)
        assert host.message.isprintable()
    else:
        assert parse_host(str(host)) == host


# Specs from valid parts --------------------------------------------------------

NUMBERS = st.lists(st.integers(0, 30), min_size=1, max_size=3)


@st.composite
def version_items(draw: st.DrawFn) -> tuple[str, VersionRange]:
    """A version item as written, and what it means."""
    kind = draw(st.sampled_from(["one", "exact", "range", "from", "upto"]))
    low, high = sorted([draw(NUMBERS), draw(NUMBERS)])  # as numbers, Spack's order
    a, b = ".".join(map(str, low)), ".".join(map(str, high))
    if kind == "one":
        return a, VersionRange(a, a)
    if kind == "exact":
        return "=" + a, ExactVersion(a, a)
    if kind == "range":
        return f"{a}:{b}", VersionRange(a, b)
    if kind == "from":
        return f"{a}:", VersionRange(a, None)
    return f":{b}", VersionRange(None, b)


@st.composite
def version_lists(draw: st.DrawFn) -> tuple[str, tuple[VersionRange, ...]]:
    items = draw(st.lists(version_items(), min_size=1, max_size=3))
    separator = draw(st.sampled_from([",", " , ", ", "]))
    return separator.join(text for text, _ in items), tuple(dict.fromkeys(r for _, r in items))


NAMES = st.from_regex(r"[a-z][a-z0-9_]{0,6}(-[a-z0-9]{1,4})?", fullmatch=True)
VARIANT_NAMES = st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True).filter(lambda n: n not in RESERVED)
VALUES = st.from_regex(r"[A-Za-z0-9_.]{1,5}", fullmatch=True).filter(
    lambda v: v.lower() not in ("true", "false")
)


@st.composite
def variants(draw: st.DrawFn, name: str) -> tuple[str, str, bool]:
    """A variant as written, what it means, and whether a value ends it (a space must follow)."""
    kind = draw(st.sampled_from(["+", "~", "-", "++", "~~", "--", "bool=", "=", "==", ":=", "quoted"]))
    if kind in ("+", "++"):
        return kind + name, "+" + name, False
    if kind in ("~", "-", "~~", "--"):
        return kind + name, "~" + name, False
    if kind == "bool=":
        value = draw(st.sampled_from(["true", "false", "True", "FALSE"]))
        return f"{name}={value}", ("+" if value.lower() == "true" else "~") + name, True
    values = draw(st.lists(VALUES, min_size=1, max_size=3))
    normal = ",".join(sorted(set(values)))
    if kind == "quoted":
        return f"{name}='{' , '.join(values)} '", f"{name}={normal}", False
    exact = ":=" if kind == ":=" else "="
    return f"{name}{kind}{','.join(values)}", f"{name}{exact}{normal}", True


@st.composite
def written_specs(draw: st.DrawFn) -> tuple[str, Asked]:
    """A spec in one of Spack's spellings (whitespace where it may or must be), and its Asked."""
    name = draw(NAMES)
    words: list[tuple[str, bool, bool]] = []  # text, needs a space before, needs a space after
    versions: tuple[VersionRange, ...] = ()
    if draw(st.booleans()):
        text, versions = draw(version_lists())
        words.append(("@" + text, False, False))
    meant: dict[str, str] = {}
    for variant_name in draw(st.lists(VARIANT_NAMES, max_size=4, unique=True)):
        text, normal, ends_in_value = draw(variants(variant_name))
        meant[variant_name] = normal
        # -v only after a space; k=v only after one (else a name or version would take it in)
        words.append((text, text[0] == "-" or "=" in text, ends_in_value))
    arch: dict[str, str] = {}
    for key, choices in (
        ("platform", ["linux", "darwin"]),
        ("os", ["ubuntu22.04", "rhel8", "sequoia"]),
        ("target", ["zen2", "x86_64_v3:", ":zen3", "zen:zen3", "neoverse_v2", "zen99", "armv8.1a:"]),
    ):
        if draw(st.booleans()):
            arch[key] = draw(st.sampled_from(choices))
            words.append((f"{key}={arch[key]}", True, True))
    words = [words[0], *draw(st.permutations(words[1:]))] if versions else draw(st.permutations(words))
    compilers: list[CompilerMatch] = []
    for _ in range(draw(st.integers(0, 1))):  # a second, different compiler is refused
        compiler = draw(st.sampled_from(["gcc", "clang", "apple-clang", "intel-oneapi-compilers"]))
        virtual = draw(st.sampled_from(["", "c=", "cxx=", "fortran=", "c,cxx="]))
        if draw(st.booleans()):
            text, ranges = draw(version_lists())
            at = draw(st.sampled_from(["@", " @"]))
            compilers += [CompilerMatch(compiler, r) for r in ranges]
            words.append((f"%{virtual}{compiler}{at}{text}", False, False))
        else:
            compilers.append(CompilerMatch(compiler, None))
            words.append((f"%{virtual}{compiler}", False, False))
    written = name
    space_after = False
    for text, space_before, after in words:
        needed = space_before or space_after
        written += (" " if needed else draw(st.sampled_from(["", " ", "  ", "\t"]))) + text
        space_after = after
    written = draw(st.sampled_from(["", " "])) + written + draw(st.sampled_from(["", " ", "\n"]))
    ordered = sorted(meant.items(), key=lambda item: (item[1][0] not in "+~", item[0]))
    return written, Asked(
        text=written,
        name=name,
        versions=versions,
        compilers=tuple(dict.fromkeys(compilers)),
        variants=tuple(normal for _, normal in ordered),
        platform=arch.get("platform"),
        os=arch.get("os"),
        target=arch.get("target"),
    )


@given(written_specs())
def test_specs_from_valid_parts(case: tuple[str, Asked]) -> None:
    written, expected = case
    asked = parse_spec(written)
    assert asked == expected
    assert parse_spec(str(asked)) == expected
