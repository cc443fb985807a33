"""Spack's spec syntax, read without Spack: the question "will this spec hit the cache?".

One root spec, with Spack's meanings (https://spack.readthedocs.io/en/latest/spec_syntax.html):

- a package name first (lowercase letters, digits, ``-``, ``_``); a namespace
  (``builtin.hdf5``) is dropped, as a catalog does not record namespaces;
- ``@`` versions: ``@1.14`` is 1.14 and every 1.14.x, ``@1.12:1.14`` takes the
  point releases of 1.14 too, ``@1.14:`` and ``@:1.12`` are open, ``@=1.14.5`` is
  exactly that version, ``@1.12,1.14`` is any of them;
- ``%gcc``, ``%gcc@13`` (the same version forms), ``%c=gcc@13`` (also ``cxx=``,
  ``fortran=``, ``c,cxx=``): all mean the compiler, as the catalog's compiler is
  the provider of c, cxx and fortran. A catalog records one compiler a spec, so
  a second ``%`` must name the same one (``%c=gcc@13 %cxx=gcc@13``); two
  different ones could never hold together, and are refused. Older names are the same compilers as
  their packages (``%clang`` is ``%llvm``, ``%oneapi`` ``%intel-oneapi-compilers``);
- variants ``+v``, ``~v``, ``-v`` (after whitespace only, as in Spack: ``hdf5-v`` is
  a name), ``v=x``, ``v==x`` (propagated: the same here), ``v=x,y`` (the spec's values
  include x and y), ``v:=x,y`` (its values are exactly x and y), ``v=true`` and
  ``v=false`` (``+v``, ``~v``); values may be quoted. Compiler flags
  (``cflags=-O3``) are variants like any other here;
- ``platform=``, ``os=``, ``target=`` and ``arch=platform-os-target``; a target is
  one (``target=zen2``) or a range in archspec's ancestry (``target=x86_64_v3:``
  is x86_64_v3 and what descends from it, ``target=:zen3`` what zen3 runs,
  ``target=zen:zen3`` both).

Whitespace is optional where Spack lets it be (``hdf5@1.14+mpi%gcc@13``). A
value runs to the next space, as in Spack, so ``build_type=Release%gcc`` is
refused rather than read as Spack would (the value ``Release%gcc``).

Refused with a :class:`SpecSyntaxError` that says so, never ignored:
dependencies (``^zlib``, ``%mpi=openmpi``), hashes (``/abc1234``), git versions,
``%%`` and edge attributes (``%[...]``), a second spec, and anything written
after a compiler: Spack 1.x reads ``hdf5 %gcc +mpi`` as ``+mpi`` on gcc, Spack 0.x
on hdf5, so the question would mean two things.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from dataclasses import dataclass, field

from . import targets
from .filters import CompilerMatch, VersionRange
from .versions import normalize_compiler, version_key

#: Spack 1.x's names of the compilers that older specs spell differently
#: (spack/spack lib/spack/spack/aliases.py, LEGACY_COMPILER_TO_BUILTIN).
LEGACY_COMPILERS = {
    "clang": "llvm",
    "oneapi": "intel-oneapi-compilers",
    "rocmcc": "llvm-amdgpu",
    "intel": "intel-oneapi-compiler-classic",
    "arm": "acfl",
}
#: The language virtuals whose provider is the compiler (``%c=gcc``).
COMPILER_VIRTUALS = ("c", "cxx", "fortran")

_WHITESPACE = frozenset(" \t\n\r\f\v")
_ID_START = frozenset(string.ascii_letters + string.digits + "_")
#: Spack's NAME: variant and key names, package names with their namespace.
_NAME = _ID_START | {"-", "."}
_VERSION = _ID_START | {"-", "."}
#: Spack's VALUE: what a bare value may hold.
_VALUE = _ID_START | set("-+*.,:=%^~/\\")
#: In a bare value these begin something else in the usual spelling; Spack keeps them in the value.
_SURPRISING_IN_VALUE = "%^+~="
_IDENTIFIER = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*", re.ASCII)
_VIRTUALS = re.compile(r"([A-Za-z0-9_][A-Za-z0-9_-]*(?:,[A-Za-z0-9_][A-Za-z0-9_-]*)*)=", re.ASCII)
_ARCH_WORD = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*", re.ASCII)
_TARGET_WORD = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.]*", re.ASCII)
#: Values written without quotes.
_BARE = re.compile(r"[A-Za-z0-9_\-.,:*/]+", re.ASCII)
_EXAMPLE = "hdf5@1.14 +mpi %gcc@13"


class SpecSyntaxError(ValueError):
    """Text that is not a spec (or a host) this module reads, and where it went wrong."""

    def __init__(self, message: str, text: str, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.text = text
        #: 0-based index in ``text`` where the parse failed (``len(text)``: at its end).
        self.column = max(0, min(column, len(text)))

    def pointer(self) -> str:
        """Two lines: the text, then a caret under the column of the failure."""
        shown = "".join(c if c.isprintable() else " " for c in self.text)
        return f"{shown}\n{' ' * self.column}^"


@dataclass(frozen=True, slots=True)
class ExactVersion(VersionRange):
    """``@=1.2``: that version and no other (not 1.2.1, which ``@1.2`` takes)."""

    @property
    def spelling(self) -> str:
        return f"={self.low}"

    def contains(self, version: str) -> bool:
        return self.low is not None and version_key(version)[0] == version_key(self.low)[0]


@dataclass(frozen=True, slots=True)
class Asked:
    """A parsed spec: every non-empty constraint must hold."""

    #: The text as given (not compared: specs that mean the same are equal).
    text: str = field(compare=False)
    name: str
    #: Any of them; empty: any version.
    versions: tuple[VersionRange, ...] = ()
    #: Any of them; empty: any compiler (or none).
    compilers: tuple[CompilerMatch, ...] = ()
    #: Each must hold: ``+mpi``, ``~mpi``, ``build_type=Release``, ``a=x,y`` (x and y among
    #: the values), ``a:=x,y`` (exactly x and y); values unquoted. Booleans first, by name.
    variants: tuple[str, ...] = ()
    platform: str | None = None
    os: str | None = None
    #: As written: ``zen2``, ``x86_64_v3:``, ``:zen3``, ``zen:zen3``.
    target: str | None = None

    def __str__(self) -> str:
        words = [self.name + ("@" + ",".join(r.spelling for r in self.versions) if self.versions else "")]
        words += [variant_spelling(v) for v in self.variants]
        words += [
            f"{key}={value}"
            for key, value in (("platform", self.platform), ("os", self.os), ("target", self.target))
            if value is not None
        ]
        words += ["%" + c for c in compiler_spellings(self.compilers)]
        return " ".join(words)


@dataclass(frozen=True, slots=True)
class Host:
    """A machine, as ``spack arch`` prints it."""

    platform: str
    os: str
    target: str

    def __str__(self) -> str:
        return f"{self.platform}-{self.os}-{self.target}"


def parse_spec(text: str) -> Asked:
    """The :class:`Asked` of one spec; raises :class:`SpecSyntaxError`."""
    return _Parser(text).spec()


def parse_host(text: str) -> Host:
    """The :class:`Host` of ``spack arch`` output (``linux-ubuntu22.04-zen3``).

    Raises :class:`SpecSyntaxError` for text that is not ``platform-os-target``
    or a target that archspec does not know (naming the close ones).
    """
    start = len(text) - len(text.lstrip())
    stripped = text.strip().lower()  # Spack writes each part in lower case
    parts = stripped.split("-")
    where = "`spack arch` prints platform-os-target, like linux-ubuntu22.04-zen3"
    if len(parts) > 3:
        target = "_".join(parts[2:])
        hint = f" (the target is {target}?)" if targets.known(target) else ""
        raise SpecSyntaxError(
            f"{stripped!r} has more than three parts: {where}{hint}",
            text,
            start + len("-".join(parts[:3])),
        )
    if len(parts) < 3:
        hint = " (with -, not _)" if "_" in stripped and len(stripped.split("_")) >= 3 else ""
        raise SpecSyntaxError(
            f"{stripped!r} has fewer than three parts: {where}{hint}", text, start + len(stripped)
        )
    columns = [start, start + len(parts[0]) + 1, start + len(parts[0]) + len(parts[1]) + 2]
    for what, part, column in zip(("platform", "OS", "target"), parts, columns, strict=True):
        if not part:
            raise SpecSyntaxError(f"the {what} is missing: {where}", text, column)
        if not _TARGET_WORD.fullmatch(part):
            raise SpecSyntaxError(f"{part!r} is not a {what} name: {where}", text, column)
    _known_target(parts[2], text, columns[2])
    return Host(*parts)


def variant_spelling(variant: str) -> str:
    """A variant of :attr:`Asked.variants` as a spec writes it (its value quoted where needed)."""
    if variant[:1] in "+~":
        return variant
    name, op, value = _split_variant(variant)
    return name + op + _quoted(value)


def compiler_spellings(compilers: Iterable[CompilerMatch]) -> list[str]:
    """The compilers as a spec writes them, without ``%``: consecutive versions of one
    compiler as one list (``gcc@12,13``)."""
    spellings: list[str] = []
    previous: CompilerMatch | None = None
    for match in compilers:
        if previous is not None and previous.name == match.name and previous.versions and match.versions:
            spellings[-1] += "," + match.versions.spelling
        else:
            spellings.append(match.spelling)
        previous = match
    return spellings


def compiler_name(name: str) -> str:
    """A compiler's Spack 1.x name (``llvm`` for ``clang``)."""
    return LEGACY_COMPILERS.get(name, name)


def compiler_satisfies(compiler: str, compilers: Iterable[CompilerMatch]) -> bool:
    """Whether a catalog compiler (``gcc@13.2.0``, ``gcc@=11.4.0``, ``""``) is any of ``compilers``."""
    name, at, version = normalize_compiler(compiler).partition("@")
    spelled = compiler_name(name) + at + version if compiler else ""
    return any(CompilerMatch(compiler_name(c.name), c.versions).matches(spelled) for c in compilers)


def target_satisfies(target: str, asked: str) -> bool:
    """Whether a catalog target is in an asked target or range (``zen2``, ``zen:``, ``:zen3``)."""
    low, colon, high = asked.partition(":")
    if not colon:
        return target == asked
    return (not low or targets.runs_on(low, target)) and (not high or targets.runs_on(target, high))


def _split_variant(variant: str) -> tuple[str, str, str]:
    """``("a", ":=", "x,y")`` of ``a:=x,y``."""
    name, _, value = variant.partition("=")
    if name.endswith(":"):
        return name[:-1], ":=", value
    return name, "=", value


def _quoted(value: str) -> str:
    if _BARE.fullmatch(value):
        return value
    return f'"{value}"' if "'" in value else f"'{value}'"


def _known_target(target: str, text: str, column: int) -> None:
    if targets.known(target):
        return
    close = targets.suggest(target)
    hint = f" (did you mean {', '.join(close)}?)" if close else "; `spack arch --known-targets` lists them"
    raise SpecSyntaxError(f"{target!r} is not a target that archspec knows{hint}", text, column)


class _Parser:
    """A scanner over the text; every error knows its column."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.name = ""
        self.versions: tuple[VersionRange, ...] | None = None
        self.variants: dict[str, str] = {}
        self.arch: dict[str, str] = {}
        self.compilers: list[CompilerMatch] = []
        #: The last compiler as written, once there is one: then only compilers may follow.
        self.compiler = ""

    def error(self, message: str, column: int | None = None) -> SpecSyntaxError:
        return SpecSyntaxError(message, self.text, self.pos if column is None else column)

    def peek(self) -> str:
        return self.text[self.pos : self.pos + 1]

    def at_id_start(self) -> bool:
        return bool(self.peek()) and self.peek() in _ID_START

    def skip_whitespace(self) -> None:
        while self.peek() and self.peek() in _WHITESPACE:
            self.pos += 1

    def read(self, allowed: frozenset[str]) -> str:
        start = self.pos
        while self.peek() and self.peek() in allowed:
            self.pos += 1
        return self.text[start : self.pos]

    def spec(self) -> Asked:
        self.skip_whitespace()
        if not self.peek():
            raise self.error(f"the spec is empty: write a package name and constraints, like {_EXAMPLE}")
        start = self.pos
        if self.peek() == "^":
            raise self.error(_dependency_message(self.text[self.pos + 1 :]))
        if not self.at_id_start():
            raise self.error(f"a spec starts with a package name, like {_EXAMPLE}")
        self.name = self.package_name("package")
        if self.peek() == "=" or self.text.startswith(":=", self.pos):
            raise self.error(f"a spec starts with a package name, like {_EXAMPLE}", start)
        while True:
            self.skip_whitespace()
            char = self.peek()
            if not char:
                break
            start = self.pos
            if char == "%":
                self.compiler_constraint()
                continue
            if char == "^":
                raise self.error(_dependency_message(self.text[self.pos + 1 :]))
            if char == "/":
                raise self.error(
                    "a hash (/abc1234) names one build, not a question: look it up in the catalog,"
                    " or ask with the constraints of its spec"
                )
            if char == "@":
                if self.versions is not None:
                    raise self.error(f"{self.name} has a version already")
                self.versions = self.version_list()
            elif char in "+~-":
                self.boolean_variant()
            elif char in _ID_START:
                self.key_value()
            else:
                raise self.error(f"unexpected {char!r}: a spec is like {_EXAMPLE}")
            self.refuse_after_compiler(start)
        return Asked(
            text=self.text,
            name=self.name,
            versions=self.versions or (),
            compilers=tuple(dict.fromkeys(self.compilers)),
            variants=tuple(
                spelling
                for _, spelling in sorted(
                    self.variants.items(), key=lambda item: (item[1][:1] not in "+~", item[0])
                )
            ),
            platform=self.arch.get("platform"),
            os=self.arch.get("os"),
            target=self.arch.get("target"),
        )

    def refuse_after_compiler(self, start: int) -> None:
        """A constraint after a compiler means one thing to Spack 1.x and another to 0.x."""
        if not self.compiler:
            return
        written = self.text[start : self.pos].strip()
        compiler = self.compiler.partition("@")[0]
        raise self.error(
            f"{written} after %{self.compiler} is ambiguous: Spack 1.x reads it as a constraint on"
            f" {compiler}, Spack 0.x on {self.name}; write it before the compiler"
            f" ({self.name} {written} %{self.compiler})",
            start,
        )

    def package_name(self, what: str) -> str:
        """A package name (of the spec or a compiler), its namespace dropped."""
        start = self.pos
        word = self.read(_NAME)
        column = start
        for part in word.split("."):
            if not _IDENTIFIER.fullmatch(part):
                raise self.error(f"{word!r} is not a {what} name", column)
            column += len(part) + 1
        name = word.rpartition(".")[2]
        if name != name.lower():
            raise self.error(f"{what} names are lowercase: {name.lower()}, not {name}", start)
        return name

    def key_value(self) -> None:
        """A ``key=value``: a variant or a part of the architecture."""
        start = self.pos
        key = self.read(_NAME)
        op = next((op for op in (":==", ":=", "==", "=") if self.text.startswith(op, self.pos)), "")
        if not op:
            end = self.pos
            self.skip_whitespace()
            if self.peek() == "=":
                raise self.error(f"no space may come before the = of {key}=", end)
            hint = f" (@{key} for a version?)" if key[:1].isdigit() else ""
            raise self.error(f"{key!r} would start a second spec{hint}: ask about one spec at a time", start)
        self.pos += len(op)
        value, value_start = self.value(key + op)
        if key in ("arch", "architecture"):
            parts = value.split("-")
            if len(parts) != 3:
                raise self.error(
                    f"{key}= is platform-os-target, like {key}=linux-ubuntu22.04-zen3", value_start
                )
            column = value_start
            for part_key, part in zip(("platform", "os", "target"), parts, strict=True):
                self.architecture(part_key, part, column, start)
                column += len(part) + 1
        elif key in ("platform", "os", "operating_system", "target"):
            self.architecture("os" if key == "operating_system" else key, value, value_start, start)
        else:
            self.variant(key, op, value, value_start, start)

    def value(self, key: str) -> tuple[str, int]:
        """The value after ``key=``, unquoted, and the column where it starts."""
        quote = self.peek()
        if quote in ("'", '"'):
            end = self.text.find(quote, self.pos + 1)
            if end < 0:
                raise self.error(f"the quote that opens the value of {key} is not closed")
            start, self.pos = self.pos + 1, end + 1
            value = self.text[start:end]
            if not value.isprintable():
                raise self.error(f"the value of {key} holds a character that is not printable", start)
            return value, start
        start = self.pos
        value = self.read(_VALUE)
        if not value:
            raise self.error(f"{key} needs a value")
        for index, char in enumerate(value):
            if char in _SURPRISING_IN_VALUE:
                raise self.error(
                    f"Spack reads {key}{value} as one value, up to the next space: put a space before"
                    f" {value[index:]}, or quote the value if {char} belongs in it",
                    start + index,
                )
        return value, start

    def architecture(self, key: str, value: str, column: int, start: int) -> None:
        if key in self.arch:
            raise self.error(f"the {key} is given twice", start)
        if key == "target":
            self.target(value, column)
        elif not _ARCH_WORD.fullmatch(value):
            raise self.error(f"{value!r} is not {'an OS' if key == 'os' else 'a platform'} name", column)
        self.arch[key] = value

    def target(self, value: str, column: int) -> None:
        ends = value.split(":")
        if len(ends) > 2:
            raise self.error(
                f"target={value}: a target is one name (zen2) or a range (x86_64_v3:, :zen3, zen:zen3)",
                column + len(ends[0]) + len(ends[1]) + 1,
            )
        if not any(ends):
            raise self.error("target= needs a target, or a range with a target on one side at least", column)
        offset = column
        for end in ends:
            if end and not _TARGET_WORD.fullmatch(end):
                raise self.error(f"{end!r} is not a target name", offset)
            if end and len(ends) == 2:  # a range is in archspec's order: its ends must be known
                _known_target(end, self.text, offset)
            offset += len(end) + 1
        if len(ends) == 2 and all(ends) and not targets.runs_on(ends[0], ends[1]):
            raise self.error(
                f"target={value} holds no target: {ends[1]} does not run what is built for {ends[0]}", column
            )

    def variant(self, name: str, op: str, value: str, column: int, start: int) -> None:
        items = [item.strip() for item in value.split(",")]
        if not all(items):
            missing = column + sum(len(item) + 1 for item in value.split(",")[: items.index("")])
            raise self.error(f"{name}{op}{value}: a value is missing between commas", missing)
        if len(items) == 1 and items[0].lower() in ("true", "false"):
            self.add_variant(name, ("+" if items[0].lower() == "true" else "~") + name, start)
        else:
            exact = op.startswith(":")
            self.add_variant(name, f"{name}{':=' if exact else '='}{','.join(sorted(set(items)))}", start)

    def boolean_variant(self) -> None:
        """``+v``, ``~v``, ``-v`` and the propagated ``++v``, ``~~v``, ``--v``."""
        start = self.pos
        sigil = self.peek() * (2 if self.text.startswith(self.peek() * 2, self.pos) else 1)
        self.pos += len(sigil)
        self.skip_whitespace()
        if not self.at_id_start():
            raise self.error(f"{sigil} needs a variant name, like {sigil}mpi")
        name = self.read(_NAME)
        self.add_variant(name, ("+" if sigil[0] == "+" else "~") + name, start)

    def add_variant(self, name: str, spelling: str, start: int) -> None:
        if name in self.variants:
            raise self.error(f"the variant {name} is given twice", start)
        self.variants[name] = spelling

    def version_list(self) -> tuple[VersionRange, ...]:
        """``@`` and what follows it: ranges and exact versions, comma-separated; ``()`` for any."""
        self.pos += 1
        self.skip_whitespace()
        ranges = [self.version_item()]
        while True:
            end = self.pos
            self.skip_whitespace()
            if self.peek() != ",":
                self.pos = end
                break
            self.pos += 1
            self.skip_whitespace()
            ranges.append(self.version_item())
        if VersionRange(None, None) in ranges:  # @: is every version
            return ()
        return tuple(dict.fromkeys(ranges))

    def version_item(self) -> VersionRange:
        start = self.pos
        if self.peek() == "=":
            self.pos += 1
            version = self.version()
            if not version:
                raise self.error("@= needs a version, like @=1.14.5")
            if self.peek() == ":":
                raise self.error(f"={version} is one version: a range is written without = (@1.12:1.14)")
            return ExactVersion(version, version)
        low = self.version()
        if self.peek() != ":":
            if not low:
                raise self.error("@ needs a version, like @1.14, @1.12:1.14, @1.14:, @:1.12 or @=1.14.5")
            return VersionRange(low, low)
        self.pos += 1
        before_high = self.pos
        high = self.version()
        if high:
            after_high = self.pos
            self.skip_whitespace()
            if self.peek() == "=":  # @1.2:target=zen3 is @1.2: target=zen3, as Spack reads it
                high, after_high = "", before_high
            self.pos = after_high
        versions = VersionRange(low or None, high or None)
        if low and high and not versions.contains(low):
            raise self.error(f"@{low}:{high} holds no version: {low} comes after {high}", start)
        return versions

    def version(self) -> str:
        """One version, or ``""`` where none begins."""
        if not self.at_id_start():
            return ""
        start = self.pos
        version = self.read(_VERSION).rstrip(".-")  # a version ends with a letter or a digit
        self.pos = start + len(version)
        if version.startswith("git.") or (len(version) == 40 and self.peek() == "="):
            raise self.error("git versions (@git.ref, @commit=version) are not supported", start)
        return version

    def compiler_constraint(self) -> None:
        """``%gcc``, ``%gcc@13``, ``%c=gcc@13``, ``%c,cxx=gcc``."""
        start = self.pos
        self.pos += 1
        if self.peek() == "%":
            raise self.error("%% (a compiler preference for dependencies too) is not supported: write %gcc")
        self.skip_whitespace()
        if self.peek() == "[":
            raise self.error("edge attributes (%[...]) are not supported: write %gcc or %c=gcc")
        virtuals = _VIRTUALS.match(self.text, self.pos)
        if virtuals:
            self.pos = virtuals.end()
            if not set(virtuals.group(1).split(",")) <= set(COMPILER_VIRTUALS):
                provider = self.read(_NAME) or "..."
                raise self.error(
                    f"dependency constraints (%{virtuals.group(0)}{provider}) are not supported:"
                    " only a compiler (%c=, %cxx=, %fortran=) is",
                    start,
                )
            if not self.at_id_start():
                raise self.error(f"%{virtuals.group(0)} needs a compiler, like %{virtuals.group(0)}gcc@13")
        elif not self.at_id_start():
            raise self.error("% needs a compiler, like %gcc or %gcc@13")
        matches = [CompilerMatch(self.package_name("compiler"), None)]
        end = self.pos
        self.skip_whitespace()
        if self.peek() == "@":
            matches = [CompilerMatch(matches[0].name, r) for r in self.version_list()] or matches
        else:
            self.pos = end
        unversioned = {compiler_name(m.name) for m in (*matches, *self.compilers) if m.versions is None}
        names = {compiler_name(m.name) for m in (*matches, *self.compilers)}
        if self.compilers and len(names) == 1 and unversioned:  # %c=gcc %cxx=gcc@11: gcc@11
            versioned = [m for m in (*self.compilers, *matches) if m.versions is not None]
            self.compilers = versioned or self.compilers
            self.compiler = compiler_spellings(self.compilers)[0]
            return
        if self.compilers and _same(matches) != _same(self.compilers):
            raise self.error(
                f"two compilers ({self.compiler} and {compiler_spellings(matches)[0]}): a cached spec records"
                " one, so both can never hold; ask about each on its own",
                start,
            )
        self.compilers += matches
        self.compiler = compiler_spellings(matches)[0]


def _same(compilers: Iterable[CompilerMatch]) -> set[tuple[str, VersionRange | None]]:
    """Compilers as what they match: an old name is its package's (``clang`` is ``llvm``)."""
    return {(compiler_name(match.name), match.versions) for match in compilers}


def _dependency_message(after: str) -> str:
    named = re.match(r"\s*([A-Za-z0-9_][A-Za-z0-9_.@:,=-]*)", after, re.ASCII)
    written = named.group(1) if named else "zlib"
    return (
        f"dependency constraints (^{written}) are not supported:"
        f" ask about {written.partition('@')[0].partition('=')[0]} on its own"
    )
