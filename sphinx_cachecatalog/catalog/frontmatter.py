r"""The cache.spack.io file format: one package of one tag per file.

The file is YAML front matter between ``---`` lines; ``meta`` and
``spec_details`` are written as single-line JSON. Those lines are decoded
with :func:`json.loads`; everything else (and any line that is not JSON)
goes through PyYAML's safe loader, with line numbers kept.

What is refused (:class:`CatalogFormatError`, the whole file) and what is
kept with a problem:

- names (``title``, the tag in ``categories``) become file names and URLs:
  empty, ``.``, ``..``, with ``/``, ``\``, a control or other non-printable
  character, or longer than 200 characters, they are refused;
- a spec with a field of the wrong type, a non-printable character, a
  value longer than 65,536 characters, a hash that is not letters and
  digits, or no version is refused, naming its index; so is an empty
  ``spec_details``;
- a key given twice at the top level (or in a YAML mapping), YAML aliases
  (``*name``: the "billion laughs"), nesting deeper than the parsers allow
  and numbers of more than 4,000 digits are refused;
- ``"compiler": "none"`` (compiler-less specs) is read as ``""``: no compiler;
- a ``size`` outside 0..2**60 is kept as unknown, a ``tarball`` that is not
  an http(s) URL is left out, each with a :data:`BAD_VALUE` problem;
- a hash given twice keeps the first spec, with a :data:`DUPLICATE_SPEC` problem;
- ``dependencies`` (written by ``sphinx-cachecatalog convert``; cache.spack.io's
  files have none) is a list of ``name@version/hash``, Spack's spelling of one
  build; a list that is not is left out, with a :data:`BAD_VALUE` problem.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from itertools import repeat
from operator import attrgetter, itemgetter
from typing import Any, cast

import yaml

from .model import (
    Dependency,
    Package,
    Spec,
    Summary,
    package_with_summary,
    specs_from_columns,
    summarize_columns,
)
from .problems import BAD_VALUE, DUPLICATE_SPEC, META_MISMATCH, CatalogFormatError, Problem
from .versions import normalize_compiler

#: libyaml's safe loader where PyYAML has it; never an unsafe loader.
_SafeLoader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_DELIMITER = "---"
_TOP_KEY = re.compile(r"([A-Za-z_][\w-]*):")
_WORD = r"[A-Za-z_][\w.+@-]*"
_PLAIN_WORD = re.compile(_WORD + r"\Z")
_PLAIN_LIST = re.compile(rf"\[\s*({_WORD}(?:\s*,\s*{_WORD})*)\s*\]\Z")
#: Words that YAML reads as booleans or null, not as strings.
_YAML_WORDS = frozenset({"true", "false", "yes", "no", "on", "off", "y", "n", "null"})
_STRING_FIELDS = ("hash", "compiler", "os", "platform", "target")
_LIST_FIELDS = ("versions", "variants", "stacks")
#: The longest name (package, tag) and the longest value of a spec field read.
MAX_NAME = 200
MAX_VALUE = 65_536
#: The largest ``size`` taken as a byte count (an exbibyte).
MAX_SIZE = 2**60
#: How the data spells "built without a compiler".
NO_COMPILER = "none"
_HTTP = ("http://", "https://")
_INT_TAG = "tag:yaml.org,2002:int"
#: One dependency: ``name@version/hash`` (``name/hash`` without a version).
_DEPENDENCY = re.compile(r"([A-Za-z0-9_][\w.+-]*)(?:@([^\s/]+))?/([A-Za-z0-9]+)\Z")
_MAX_DIGITS = 4000


def parse(text: str, source: str, shared: SharedValues | None = None) -> tuple[Package, list[Problem]]:
    """Read one catalog file's text into a :class:`Package`.

    Returns the package and the problems that do not stop it from being used
    (``meta`` disagreeing with the specs, values left out, repeated hashes).
    Raises :class:`CatalogFormatError` with a line number for a file that
    cannot be used. ``shared``: the values of the files read before, which the
    specs share (by default, those of the :func:`sharing` block in progress).
    """
    data, lines, plain = _front_matter(text)
    name = _name(data.get("title"), "'title' (the package name)", lines.get("title"))
    categories = data.get("categories")
    if not isinstance(categories, list) or len(categories) < 2 or not isinstance(categories[1], str):
        raise CatalogFormatError(
            "'categories' must be a list whose second item is the tag, e.g. [package, develop]",
            lines.get("categories"),
        )
    tag = _name(categories[1], "the tag (second item of 'categories')", lines.get("categories"))
    details = data.get("spec_details")
    if not isinstance(details, list):
        raise CatalogFormatError("'spec_details' is missing or not a list", lines.get("spec_details"))
    if not details:  # the cache has no package without a spec: the file is damaged, not the package gone
        raise CatalogFormatError("'spec_details' is empty", lines.get("spec_details"))
    problems: list[Problem] = []
    careful = "spec_details" not in plain
    long = careful or len(text) > MAX_VALUE
    shared = shared or _SHARED.get() or SharedValues()
    read = _shared_specs(details, careful, long, shared, problems, source, lines)
    if read is not None:
        package = package_with_summary(name, tag, read[0], source, read[1])
    else:  # something is wrong or unusual: spec by spec, saying what and where
        specs = _specs(details, careful, long, source, lines.get("spec_details"), problems)
        package = Package(name=name, tag=tag, specs=specs, source=source)
    specs = package.specs
    meta = data.get("meta")
    if isinstance(meta, Mapping):
        compilerless = "" in map(_COMPILER, specs)
        if not _meta_agrees(meta, package.summary, compilerless):
            problems += [
                Problem(META_MISMATCH, message, source, lines.get("meta"))
                for message in meta_mismatches(meta, package.summary, compilerless=compilerless)
            ]
    elif meta is not None:
        raise CatalogFormatError("'meta' must be a mapping", lines.get("meta"))
    return package, problems


def _name(value: object, what: str, line: int | None) -> str:
    """A package or tag name that is safe as a file name and a URL part."""
    if not isinstance(value, str) or not value.strip():
        raise CatalogFormatError(f"{what} is missing or not a string", line)
    name = value.strip()
    if not usable_name(name):
        raise CatalogFormatError(
            f"{what} {_short(name)} is not a usable name: names become file names and URLs, so "
            f"'/', '\\', control characters, '.', '..' and more than {MAX_NAME} characters are refused",
            line,
        )
    return name


def usable_name(name: str) -> bool:
    """Whether ``name`` can be a package or tag name: a safe file name and URL part."""
    return (
        0 < len(name) <= MAX_NAME
        and name not in (".", "..")
        and "/" not in name
        and "\\" not in name
        and name.isprintable()
        and name == name.strip()
    )


def _front_matter(text: str) -> tuple[dict[str, Any], dict[str, int], set[str]]:
    """The front matter as a dict, the line (1-based) of each top-level key,
    and the keys read from plain JSON (ASCII, no escapes: no control characters)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise CatalogFormatError("the file is empty", 1)
    all_lines = text.split("\n")
    if all_lines[0].strip() != _DELIMITER:
        raise CatalogFormatError("the file does not start with a '---' line", 1)
    try:
        end = next(i for i in range(1, len(all_lines)) if all_lines[i].strip() == _DELIMITER)
    except StopIteration:
        last = len(all_lines) - (all_lines[-1] == "")
        raise CatalogFormatError("the front matter has no closing '---' line", last) from None
    data: dict[str, Any] = {}
    key_lines: dict[str, int] = {}
    plain: set[str] = set()
    rest = [""] * end  # YAML lines, blank where decoded already, so marks keep line numbers
    for index in range(1, end):
        line = all_lines[index]
        match = _TOP_KEY.match(line)
        if match:
            key, value = match.group(1), line[match.end() :].strip()
            if key in key_lines:
                raise CatalogFormatError(_twice(key, key_lines[key], index + 1), index + 1)
            key_lines[key] = index + 1
            continued = index + 1 < end and all_lines[index + 1][:1] in (" ", "\t")
            decoded = None if continued else _decode(value, index + 1)
            if decoded is not None:
                data[key] = decoded
                if value.isascii() and "\\" not in value and "\x7f" not in value:
                    plain.add(key)
                continue
        rest[index] = line
    if any(rest):
        loaded = _load_yaml("\n".join(rest))
        if loaded is not None and not isinstance(loaded, dict):
            raise CatalogFormatError("the front matter is not a mapping", 2)
        for key, value in (loaded or {}).items():
            if str(key) in data:
                raise CatalogFormatError(_twice(str(key), key_lines.get(str(key))), key_lines.get(str(key)))
            data[str(key)] = value
    return data, key_lines, plain


def _twice(key: str, first: int | None, second: int | None = None) -> str:
    where = f" (lines {first} and {second})" if second else ""
    return f"{_short(key)} is given twice{where}; which one holds is unclear, so neither is used"


def _load_yaml(text: str) -> object:
    """YAML with a safe loader; refuses aliases (``*name``) and keys given twice."""
    loader = _SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_nodes(node)
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.context_mark or error.problem_mark  # where the broken construct starts
        context = f"{error.context}: " if error.context else ""
        raise CatalogFormatError(
            f"invalid YAML: {context}{error.problem or error}", mark.line + 1 if mark else None
        ) from None
    except yaml.reader.ReaderError as error:  # a character YAML refuses: its line in the file
        line = text.count("\n", 0, error.position) + 1
        code = error.character if isinstance(error.character, int) else ord(error.character)
        raise CatalogFormatError(
            f"invalid YAML: character U+{code:04X} is not allowed ({error.reason})", line
        ) from None
    except yaml.YAMLError as error:
        raise CatalogFormatError(f"invalid YAML: {error}") from None
    finally:
        loader.dispose()


def _check_nodes(root: yaml.Node) -> None:
    # Iterative: nesting as deep as libyaml allows never meets Python's recursion limit.
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise CatalogFormatError(
                "YAML aliases (*name) are not read: the data never needs them", node.start_mark.line + 1
            )
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            keys: set[tuple[str, str]] = set()
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    if (key.tag, key.value) in keys:
                        raise CatalogFormatError(_twice(key.value, None), key.start_mark.line + 1)
                    keys.add((key.tag, key.value))
                stack += (key, value)
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
        elif node.tag == _INT_TAG and len(node.value) > _MAX_DIGITS:  # Python would refuse to read it
            raise CatalogFormatError(
                f"a number of {len(node.value):,} digits is too large to read", node.start_mark.line + 1
            )


def _decode(value: str, line: int) -> object | None:
    """A one-line value decoded without YAML where that is certain, else None.

    JSON (``meta`` and ``spec_details``, quoted titles), and the plain words
    and lists of plain words of ``layout: cache`` and ``categories: [package,
    develop]``; a word that YAML would read as a number, boolean or null is
    left to YAML.
    """
    plain_list = _PLAIN_LIST.match(value) if value[:1] == "[" else None
    if plain_list:  # never JSON: its words are not quoted (and true, false and null are left out)
        words = [word.strip() for word in plain_list.group(1).split(",")]
        if not any(word.lower() in _YAML_WORDS for word in words):
            return words
    if value[:1] in ("{", "[", '"'):
        try:
            decoded: object = json.loads(value)
            return decoded
        except ValueError:
            pass
        except RecursionError:
            raise CatalogFormatError("the value nests too deeply to be read", line) from None
    if _PLAIN_WORD.match(value) and value.lower() not in _YAML_WORDS:
        return value
    return None


class SharedValues:
    """One copy of each value that specs repeat, for the files of one catalog.

    A catalog of 400,000 specs holds a few thousand distinct compilers, OSs,
    targets and lists of versions, variants and stacks: each is kept once, and
    checked once. A value is in a table only once it has been checked for the
    field the table serves, so being there is being valid.
    """

    __slots__ = ("compilers", "stacks", "strings", "variants", "versions", "words")

    def __init__(self) -> None:
        #: Any string of a list, for sharing.
        self.strings: dict[str, str] = {}
        #: Valid values of ``os``, ``platform`` and ``target``.
        self.words: dict[str, str] = {}
        #: Valid ``compiler`` values, to how the model spells them.
        self.compilers: dict[str, str] = {}
        #: Valid lists of each field, as tuples.
        self.versions: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.variants: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.stacks: dict[tuple[str, ...], tuple[str, ...]] = {}


_SHARED: ContextVar[SharedValues | None] = ContextVar("_SHARED", default=None)


@contextmanager
def sharing(shared: SharedValues) -> Iterator[None]:
    """Within the block, :func:`parse` shares the values of ``shared`` (one for the files of a catalog)."""
    token = _SHARED.set(shared)
    try:
        yield
    finally:
        _SHARED.reset(token)


#: The fields of a spec that the cache always writes; a spec without ``size`` is read by :func:`_specs`.
_COLUMNS = itemgetter(*_STRING_FIELDS, *_LIST_FIELDS, "size")
_COLUMN_COUNT = len(_STRING_FIELDS) + len(_LIST_FIELDS) + 1
_COMPILER = attrgetter("compiler")
_NONE_TYPE = type(None)
_SIZE_TYPES = frozenset({int, str, _NONE_TYPE})


def _shared_specs(
    details: list[object],
    careful: bool,
    long: bool,
    shared: SharedValues,
    problems: list[Problem],
    source: str,
    lines: dict[str, int],
) -> tuple[tuple[Spec, ...], Summary] | None:
    """The specs of ``spec_details`` read column by column, and their summary; or None where
    an entry is not as the cache writes it (left to :func:`_specs`, which says what is wrong,
    and where).

    Each pass over a column runs at C speed (``map``, ``set``, ``str.join``); equal values
    of many specs become one object of ``shared``, checked the first time it is met. The
    specs are the same as :func:`_specs` makes, in a third of the time and a quarter of
    the memory.
    """
    count = len(details)
    entries = cast(list[dict[str, Any]], details)
    try:  # a TypeError where an entry is not a mapping, a KeyError where it lacks a field
        hashes, compilers, oss, platforms, targets, versions, variants, stacks, sizes = zip(
            *map(_COLUMNS, entries), strict=True
        )
        if not _plain_hashes(hashes, long):
            return None
        if set(map(len, entries)) == {_COLUMN_COUNT}:  # nothing else: no tarball, no dependencies
            tarballs: list[str | None] | None = [None] * count
            dependencies: list[object] = [None] * count
        else:
            tarballs = _plain_tarballs(list(map(dict.get, entries, repeat("tarball"))), careful, long)
            dependencies = list(map(dict.get, entries, repeat("dependencies")))
        columns = (
            hashes,
            _shared_lists(versions, shared.versions, shared, careful, long, empty=False),
            _shared_words(compilers, shared.compilers, shared, careful, long),
            _shared_words(oss, shared.words, shared, careful, long),
            _shared_words(platforms, shared.words, shared, careful, long),
            _shared_words(targets, shared.words, shared, careful, long),
            _shared_lists(variants, shared.variants, shared, careful, long, empty=True),
            _shared_lists(stacks, shared.stacks, shared, careful, long, empty=True),
            _plain_sizes(sizes),
            tarballs,
        )
    except (KeyError, TypeError):  # also a list or a mapping where a string should be
        return None
    if any(column is None for column in columns):
        return None
    if dependencies.count(None) == count:
        dependencies = [()] * count
    else:
        line = lines.get("spec_details")
        dependencies = [
            _dependencies(value, index, source, line, problems) for index, value in enumerate(dependencies)
        ]
    specs = tuple(specs_from_columns([*cast(list[Sequence[object]], columns), dependencies]))
    _, versions_of, compilers_of, oss_of, platforms_of, targets_of, _, stacks_of, *_ = columns
    summary = summarize_columns(
        count,
        cast(list[tuple[str, ...]], versions_of),
        cast(list[str], compilers_of),
        cast(list[str], oss_of),
        cast(list[str], platforms_of),
        cast(list[str], targets_of),
        cast(list[tuple[str, ...]], stacks_of),
    )
    return specs, summary


def _plain_hashes(hashes: Sequence[object], long: bool) -> bool:
    """Whether every hash is letters and digits, and none is given twice
    (:func:`_specs` says which is not, or which is twice)."""
    joined = "".join(cast(Sequence[str], hashes))  # a TypeError where one is not a string
    return (
        joined.isascii()
        and joined.isalnum()
        and all(hashes)
        and len(set(hashes)) == len(hashes)
        and not (long and max(map(len, cast(Sequence[str], hashes))) > MAX_VALUE)
    )


def _is_text(value: object, careful: bool, long: bool) -> bool:
    """Whether ``value`` is a valid string of a spec (see :func:`_is_valid_entry`)."""
    return (
        type(value) is str
        and not (long and len(value) > MAX_VALUE)
        and not (careful and not value.isprintable())
    )


def _shared_words(
    column: Sequence[object], table: dict[str, str], shared: SharedValues, careful: bool, long: bool
) -> list[str] | None:
    """A string field's values, each the one copy in ``table`` (``compilers``: as the model
    spells them); None where one is not a valid value."""
    kept = list(map(table.get, cast(Sequence[str], column)))
    if None not in kept:
        return cast(list[str], kept)
    for value in set(column).difference(table):
        if value == "" or not _is_text(value, careful, long):
            return None
        assert isinstance(value, str)
        if table is shared.compilers:
            spelled = "" if value == NO_COMPILER else normalize_compiler(value)
            table[value] = shared.strings.setdefault(spelled, spelled)
        else:
            table[value] = shared.strings.setdefault(value, value)
    return list(map(table.__getitem__, cast(Sequence[str], column)))


def _shared_lists(
    column: Sequence[object],
    table: dict[tuple[str, ...], tuple[str, ...]],
    shared: SharedValues,
    careful: bool,
    long: bool,
    *,
    empty: bool,
) -> list[tuple[str, ...]] | None:
    """A list field's values as tuples, each the one copy in ``table``; None where one is
    not a list of valid strings (or is empty, unless ``empty``)."""
    if set(map(type, column)) != {list}:
        return None
    tuples = cast(list[tuple[str, ...]], list(map(tuple, cast(Sequence[list[object]], column))))
    kept = list(map(table.get, tuples))
    if None not in kept:
        return cast(list[tuple[str, ...]], kept)
    strings = shared.strings
    for value in set(tuples).difference(table):
        if not (empty or value) or not all(_is_text(item, careful, long) for item in value):
            return None
        one = tuple(map(strings.setdefault, value, value))
        table[one] = one
    return list(map(table.__getitem__, tuples))


def _plain_sizes(column: Sequence[object]) -> list[int | None] | None:
    """Sizes that need no problem: ``"-"`` or absent (None), or a byte count in range."""
    if column.count("-") == len(column):
        return [None] * len(column)
    if not set(map(type, column)) <= _SIZE_TYPES:
        return None
    read: dict[object, int | None] = {}
    for value in set(column):
        if value is None or value == "-":
            read[value] = None
        elif type(value) is int and 0 <= value <= MAX_SIZE:
            read[value] = value
        elif type(value) is str and value.isascii() and value.isdigit() and len(value) < 20:
            if int(value) > MAX_SIZE:
                return None
            read[value] = int(value)
        else:
            return None
    return list(map(read.__getitem__, column))


def _plain_tarballs(column: list[object], careful: bool, long: bool) -> list[str | None] | None:
    """Tarballs that need no problem: absent, or an http(s) URL."""
    if column.count(None) == len(column):
        return cast(list[str | None], column)
    tarballs: list[str | None] = []
    for value in column:
        if value is None or value == "":
            tarballs.append(None)
        elif (
            type(value) is str
            and value[:8].lower().startswith(_HTTP)
            and not (long and len(value) > MAX_VALUE)
            and not (careful and not value.isprintable())
        ):
            tarballs.append(value)
        else:
            return None
    return tarballs


def _specs(
    details: list[object], careful: bool, long: bool, source: str, line: int | None, problems: list[Problem]
) -> tuple[Spec, ...]:
    """The specs of ``spec_details``; ``careful``: look for non-printable characters too;
    ``long``: for values longer than :data:`MAX_VALUE` (a shorter file cannot hold one)."""
    specs = []
    for index, entry in enumerate(details):
        if not _is_valid_entry(entry, long) or (careful and not _is_printable(entry)):
            raise CatalogFormatError(f"spec_details[{index}]: {_entry_problem(entry)}", line)
        assert isinstance(entry, dict)
        compiler = entry["compiler"]
        tarball = entry.get("tarball") or None
        if tarball is not None and not tarball[:8].lower().startswith(_HTTP):
            message = f"spec_details[{index}]: tarball {_short(tarball)} is not an http(s) URL; left out"
            problems.append(Problem(BAD_VALUE, message, source, line))
            tarball = None
        size = entry.get("size")
        specs.append(
            Spec(
                hash=entry["hash"],
                versions=tuple(entry["versions"]),
                compiler="" if compiler == NO_COMPILER else normalize_compiler(compiler),
                os=entry["os"],
                platform=entry["platform"],
                target=entry["target"],
                variants=tuple(entry["variants"]),
                stacks=tuple(entry["stacks"]),
                size=None if size == "-" or size is None else _size(size, index, source, line, problems),
                tarball=tarball,
                dependencies=_dependencies(entry.get("dependencies"), index, source, line, problems),
            )
        )
    if len({spec.hash for spec in specs}) != len(specs):
        return _first_of_each_hash(specs, source, line, problems)
    return tuple(specs)


def _dependencies(
    value: object, index: int, source: str, line: int | None, problems: list[Problem]
) -> tuple[Dependency, ...]:
    if value is None:
        return ()
    found = (
        [_DEPENDENCY.match(item) if type(item) is str and item.isprintable() else None for item in value]
        if type(value) is list
        else [None]
    )
    if all(found):
        return tuple(Dependency(m[1], m[2] or "", m[3]) for m in found if m)
    message = f"spec_details[{index}]: dependencies must be a list of name@version/hash; left out"
    problems.append(Problem(BAD_VALUE, message, source, line))
    return ()


def _first_of_each_hash(
    specs: list[Spec], source: str, line: int | None, problems: list[Problem]
) -> tuple[Spec, ...]:
    first: dict[str, int] = {}
    for index, spec in enumerate(specs):
        if spec.hash in first:
            message = (
                f"spec_details[{index}]: hash {_short(spec.hash)} is also spec_details[{first[spec.hash]}]; "
                "the first is kept"
            )
            problems.append(Problem(DUPLICATE_SPEC, message, source, line))
        else:
            first[spec.hash] = index
    return tuple(specs[index] for index in first.values())


def _is_valid_entry(entry: object, long: bool) -> bool:
    # The fast check run on every spec (plain loops: this is the hot path);
    # _entry_problem says what is wrong.
    if type(entry) is not dict:
        return False
    for key in _STRING_FIELDS:
        value = entry.get(key)
        if type(value) is not str or not value or (long and len(value) > MAX_VALUE):
            return False
    digest = entry["hash"]
    if not (digest.isascii() and digest.isalnum()):
        return False
    for key in _LIST_FIELDS:
        value = entry.get(key)
        if type(value) is not list:
            return False
        for item in value:
            if type(item) is not str or (long and len(item) > MAX_VALUE):
                return False
    if not entry["versions"]:
        return False
    tarball = entry.get("tarball")
    return tarball is None or (type(tarball) is str and (not long or len(tarball) <= MAX_VALUE))


def _is_printable(entry: Any) -> bool:
    # Only for values that may hold control characters (escapes, non-ASCII, YAML).
    strings = [entry[key] for key in _STRING_FIELDS] + [i for key in _LIST_FIELDS for i in entry[key]]
    return all(value.isprintable() for value in strings) and (entry.get("tarball") or "").isprintable()


def _entry_problem(entry: object) -> str:
    if not isinstance(entry, Mapping):
        return "not a mapping"
    for key in (*_STRING_FIELDS, *_LIST_FIELDS, "tarball"):
        value = entry.get(key)
        if key == "tarball" and value is None:
            continue
        values = value if key in _LIST_FIELDS and isinstance(value, list) else [value]
        if key in _LIST_FIELDS and not isinstance(value, list):
            return f"'{key}' must be a list of strings"
        for item in values:
            if not isinstance(item, str) or (key in _STRING_FIELDS and not item):
                kind = "must be a list of strings" if key in _LIST_FIELDS else "is missing or not a string"
                kind = "must be a string" if key == "tarball" else kind
                return f"'{key}' {kind}"
            if len(item) > MAX_VALUE:
                return f"'{key}' has a value of {len(item):,} characters (at most {MAX_VALUE:,})"
            if not item.isprintable():
                return f"'{key}' has a control character or another non-printable one: {_short(item)}"
            if key == "hash" and not (item.isascii() and item.isalnum()):
                return f"'hash' must be letters and digits only, not {_short(item)}"
    if not entry["versions"]:
        return "'versions' is empty"
    return "not a valid spec"


def _size(value: object, index: int, source: str, line: int | None, problems: list[Problem]) -> int | None:
    """A byte count, or None where it is out of range (with a problem)."""
    where = f"spec_details[{index}]"
    if type(value) is int:
        number = value
    elif isinstance(value, str) and value.isascii() and value.isdigit():
        number = int(value) if len(value) < 20 else MAX_SIZE + 1
    else:
        raise CatalogFormatError(f"{where}: 'size' must be a byte count or '-', not {_short(value)}", line)
    if not 0 <= number <= MAX_SIZE:
        problems.append(
            Problem(
                BAD_VALUE,
                f"{where}: size {_short(value)} is not a byte count; taken as unknown",
                source,
                line,
            )
        )
        return None
    return number


def _short(value: object, most: int = 60) -> str:
    """``repr`` of a value from the data, cut to ``most`` characters."""
    text = (
        repr(value)
        if not isinstance(value, int) or abs(value) < 10**most
        else f"<{value.bit_length()}-bit number>"
    )
    return text if len(text) <= most else text[: most - 3] + "..."


def _meta_agrees(meta: Mapping[str, Any], summary: Summary, compilerless: bool) -> bool:
    """A quick yes where ``meta`` says exactly what the specs say, as the cache writes it
    (:func:`meta_mismatches` has the last word, and says what differs)."""
    try:
        num_specs = meta.get("num_specs", summary.num_specs)
        by_stack = meta.get("num_specs_by_stack")
        if type(num_specs) is not int or num_specs != summary.num_specs:
            return False
        if by_stack is not None and not (
            type(by_stack) is dict
            and by_stack == dict(summary.stacks)
            and all(type(count) is int for count in by_stack.values())
        ):
            return False
        compilers = meta.get("compilers")
        if compilers is not None and not (
            type(compilers) is list
            and {normalize_compiler(compiler) for compiler in compilers}
            == {*summary.compilers, *([NO_COMPILER] if compilerless else [])}
        ):
            return False
        derived = (
            ("versions", summary.versions),
            ("oss", summary.oss),
            ("platforms", summary.platforms),
            ("targets", summary.targets),
            ("stacks", [stack for stack, _ in summary.stacks]),
        )
        return all(
            meta.get(key) is None or (type(meta[key]) is list and set(meta[key]) == set(values))
            for key, values in derived
        )
    except (AttributeError, TypeError):  # a value of the wrong kind: meta_mismatches says which
        return False


def meta_mismatches(meta: Mapping[str, Any], summary: Summary, *, compilerless: bool = False) -> list[str]:
    """How a file's own ``meta`` disagrees with the summary of its specs.

    ``compilerless``: some specs have no compiler, which ``meta`` lists as ``none``.
    """
    found: list[str] = []
    num_specs = meta.get("num_specs", summary.num_specs)
    if type(num_specs) is not int or num_specs != summary.num_specs:
        found.append(f"meta.num_specs is {_short(num_specs)} but spec_details has {summary.num_specs} specs")
    by_stack = meta.get("num_specs_by_stack")
    if isinstance(by_stack, Mapping):
        actual = dict(summary.stacks)
        if not all(type(key) is str and type(value) is int for key, value in by_stack.items()):
            found.append("meta.num_specs_by_stack is not a mapping of stack names to counts")
        else:
            for stack in sorted(set(by_stack) | set(actual)):
                if by_stack.get(stack, 0) != actual.get(stack, 0):
                    found.append(
                        f"meta.num_specs_by_stack[{_short(stack)}] is {by_stack.get(stack, 0)!r} "
                        f"but spec_details has {actual.get(stack, 0)}"
                    )
    elif by_stack is not None:
        found.append("meta.num_specs_by_stack is not a mapping of stack names to counts")
    derived: dict[str, Sequence[str]] = {
        "versions": summary.versions,
        "compilers": (*summary.compilers, NO_COMPILER) if compilerless else summary.compilers,
        "oss": summary.oss,
        "platforms": summary.platforms,
        "stacks": [stack for stack, _ in summary.stacks],
        "targets": summary.targets,
    }
    for key, actual_values in derived.items():
        claimed = meta.get(key)
        if claimed is None:
            continue
        if not isinstance(claimed, list) or not all(isinstance(item, str) for item in claimed):
            found.append(f"meta.{key} is not a list of strings")
            continue
        normalize = normalize_compiler if key == "compilers" else str
        listed = {normalize(item) for item in claimed}
        extra, missing = sorted(listed - set(actual_values)), sorted(set(actual_values) - listed)
        if extra or missing:
            parts = [f"lists {_listed(extra)} that no spec has"] if extra else []
            parts += [f"omits {_listed(missing)}"] if missing else []
            found.append(f"meta.{key} " + " and ".join(parts))
    return found


def _is_word(value: str) -> bool:
    return value.isprintable() and len(value) <= 60


def _listed(values: list[str], most: int = 10) -> str:
    shown = ", ".join(value if _is_word(value) else _short(value) for value in values[:most])
    return shown + (f" and {len(values) - most} more" if len(values) > most else "")


def _plain(word: str) -> str:
    """``word`` as YAML reads it back: bare where it is a plain word, else quoted."""
    plain = _PLAIN_WORD.match(word) and word.lower() not in _YAML_WORDS
    return word if plain else json.dumps(word, ensure_ascii=False)


def dump(package: Package) -> str:
    """Write a package in the cache.spack.io format (the inverse of :func:`parse`)."""
    summary = package.summary
    compilerless = [NO_COMPILER] if any(not spec.compiler for spec in package.specs) else []
    meta = {
        "compilers": sorted([*summary.compilers, *compilerless]),
        "num_specs": summary.num_specs,
        "num_specs_by_stack": dict(sorted(summary.stacks)),
        "oss": list(summary.oss),
        "platforms": list(summary.platforms),
        "stacks": sorted(stack for stack, _ in summary.stacks),
        "targets": list(summary.targets),
        "versions": sorted(summary.versions),
    }
    details = []
    for spec in package.specs:
        entry: dict[str, Any] = {
            "compiler": spec.compiler or NO_COMPILER,
            "hash": spec.hash,
            "os": spec.os,
            "platform": spec.platform,
            "size": "-" if spec.size is None else spec.size,
            "stacks": list(spec.stacks),
            "target": spec.target,
            "variants": list(spec.variants),
            "versions": list(spec.versions),
        }
        if spec.tarball:
            entry["tarball"] = spec.tarball
        if spec.dependencies:
            entry["dependencies"] = [f"{dependency}/{dependency.hash}" for dependency in spec.dependencies]
        details.append(entry)
    return "\n".join(
        [
            _DELIMITER,
            f"title: {json.dumps(package.name)}",
            "layout: cache",
            f"categories: [package, {_plain(package.tag)}]",
            f"meta: {json.dumps(meta)}",
            f"spec_details: {json.dumps(details)}",
            _DELIMITER,
        ]
    )
