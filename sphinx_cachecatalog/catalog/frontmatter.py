"""The cache.spack.io file format: one package of one tag per file.

The file is YAML front matter between ``---`` lines; ``meta`` and
``spec_details`` are written as single-line JSON. Those lines are decoded
with :func:`json.loads`; everything else (and any line that is not JSON)
goes through PyYAML's safe loader, with line numbers kept.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from .model import Package, Spec, Summary
from .problems import META_MISMATCH, CatalogFormatError, Problem
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


def parse(text: str, source: str) -> tuple[Package, list[Problem]]:
    """Read one catalog file's text into a :class:`Package`.

    Returns the package and the problems that do not stop it from being used
    (``meta`` disagreeing with the specs). Raises :class:`CatalogFormatError`
    with a line number for a file that cannot be used.
    """
    data, lines = _front_matter(text)
    name = data.get("title")
    if not isinstance(name, str) or not name.strip():
        raise CatalogFormatError("'title' (the package name) is missing or not a string", lines.get("title"))
    categories = data.get("categories")
    if (
        not isinstance(categories, list)
        or len(categories) < 2
        or not isinstance(categories[1], str)
        or not categories[1]
    ):
        raise CatalogFormatError(
            "'categories' must be a list whose second item is the tag, e.g. [package, develop]",
            lines.get("categories"),
        )
    details = data.get("spec_details")
    if not isinstance(details, list):
        raise CatalogFormatError("'spec_details' is missing or not a list", lines.get("spec_details"))
    line = lines.get("spec_details")
    specs = tuple(_spec(entry, index, line) for index, entry in enumerate(details))
    package = Package(name=name.strip(), tag=categories[1], specs=specs, source=source)
    meta = data.get("meta")
    problems = []
    if isinstance(meta, Mapping):
        problems = [
            Problem(META_MISMATCH, message, source, lines.get("meta"))
            for message in meta_mismatches(meta, package.summary)
        ]
    elif meta is not None:
        raise CatalogFormatError("'meta' must be a mapping", lines.get("meta"))
    return package, problems


def _front_matter(text: str) -> tuple[dict[str, Any], dict[str, int]]:
    """The front matter as a dict, and the line (1-based) of each top-level key."""
    all_lines = text.splitlines()
    if not all_lines or all_lines[0].strip() != _DELIMITER:
        raise CatalogFormatError("the file does not start with a '---' line", 1)
    try:
        end = next(i for i in range(1, len(all_lines)) if all_lines[i].strip() == _DELIMITER)
    except StopIteration:
        raise CatalogFormatError("the front matter has no closing '---' line", len(all_lines)) from None
    data: dict[str, Any] = {}
    key_lines: dict[str, int] = {}
    rest = [""] * end  # YAML lines, blank where decoded already, so marks keep line numbers
    for index in range(1, end):
        line = all_lines[index]
        match = _TOP_KEY.match(line)
        if match:
            key, value = match.group(1), line[match.end() :].strip()
            key_lines.setdefault(key, index + 1)
            continued = index + 1 < end and all_lines[index + 1][:1] in (" ", "\t")
            decoded = None if continued else _decode(value)
            if decoded is not None:
                data[key] = decoded
                continue
        rest[index] = line
    if any(rest):
        try:
            loaded = yaml.load("\n".join(rest), Loader=_SafeLoader)  # noqa: S506 - a safe loader
        except yaml.MarkedYAMLError as error:
            mark = error.context_mark or error.problem_mark  # where the broken construct starts
            context = f"{error.context}: " if error.context else ""
            raise CatalogFormatError(
                f"invalid YAML: {context}{error.problem or error}", mark.line + 1 if mark else None
            ) from None
        except yaml.YAMLError as error:
            raise CatalogFormatError(f"invalid YAML: {error}") from None
        if loaded is not None and not isinstance(loaded, dict):
            raise CatalogFormatError("the front matter is not a mapping", 2)
        for key, value in (loaded or {}).items():
            data.setdefault(str(key), value)
    return data, key_lines


def _decode(value: str) -> object | None:
    """A one-line value decoded without YAML where that is certain, else None.

    JSON (``meta`` and ``spec_details``, quoted titles), and the plain words
    and lists of plain words of ``layout: cache`` and ``categories: [package,
    develop]``; a word that YAML would read as a number, boolean or null is
    left to YAML.
    """
    if value[:1] in ("{", "[", '"'):
        try:
            decoded: object = json.loads(value)
            return decoded
        except ValueError:
            pass
    if _PLAIN_WORD.match(value) and value.lower() not in _YAML_WORDS:
        return value
    plain_list = _PLAIN_LIST.match(value)
    if plain_list:
        words = [word.strip() for word in plain_list.group(1).split(",")]
        if not any(word.lower() in _YAML_WORDS for word in words):
            return words
    return None


def _spec(entry: object, index: int, line: int | None) -> Spec:
    if not _is_valid_entry(entry):
        raise CatalogFormatError(f"spec_details[{index}]: {_entry_problem(entry)}", line)
    assert isinstance(entry, dict)
    return Spec(
        hash=entry["hash"],
        versions=tuple(entry["versions"]),
        compiler=normalize_compiler(entry["compiler"]),
        os=entry["os"],
        platform=entry["platform"],
        target=entry["target"],
        variants=tuple(entry["variants"]),
        stacks=tuple(entry["stacks"]),
        size=_size(entry.get("size"), f"spec_details[{index}]", line),
        tarball=entry.get("tarball") or None,
    )


def _is_valid_entry(entry: object) -> bool:
    # The fast check run on every spec (plain loops: this is the hot path);
    # _entry_problem says what is wrong.
    if type(entry) is not dict:
        return False
    for key in _STRING_FIELDS:
        value = entry.get(key)
        if type(value) is not str or not value:
            return False
    for key in _LIST_FIELDS:
        value = entry.get(key)
        if type(value) is not list:
            return False
        for item in value:
            if type(item) is not str:
                return False
    tarball = entry.get("tarball")
    return tarball is None or type(tarball) is str


def _entry_problem(entry: object) -> str:
    if not isinstance(entry, Mapping):
        return "not a mapping"
    for key in _STRING_FIELDS:
        if not isinstance(entry.get(key), str) or not entry[key]:
            return f"'{key}' is missing or not a string"
    for key in _LIST_FIELDS:
        value = entry.get(key)
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            return f"'{key}' must be a list of strings"
    return "'tarball' must be a string"


def _size(value: object, where: str, line: int | None) -> int | None:
    if value is None or value == "-":
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    raise CatalogFormatError(f"{where}: 'size' must be a byte count or '-', not {value!r}", line)


def meta_mismatches(meta: Mapping[str, Any], summary: Summary) -> list[str]:
    """How a file's own ``meta`` disagrees with the summary of its specs."""
    found: list[str] = []
    if "num_specs" in meta and meta["num_specs"] != summary.num_specs:
        found.append(
            f"meta.num_specs is {meta['num_specs']!r} but spec_details has {summary.num_specs} specs"
        )
    by_stack = meta.get("num_specs_by_stack")
    if isinstance(by_stack, Mapping):
        actual = dict(summary.stacks)
        for stack in sorted(set(by_stack) | set(actual)):
            if by_stack.get(stack, 0) != actual.get(stack, 0):
                found.append(
                    f"meta.num_specs_by_stack[{stack!r}] is {by_stack.get(stack, 0)!r} "
                    f"but spec_details has {actual.get(stack, 0)}"
                )
    derived: dict[str, Sequence[str]] = {
        "versions": summary.versions,
        "compilers": summary.compilers,
        "oss": summary.oss,
        "platforms": summary.platforms,
        "stacks": [stack for stack, _ in summary.stacks],
        "targets": summary.targets,
    }
    for key, actual_values in derived.items():
        claimed = meta.get(key)
        if not isinstance(claimed, list):
            continue
        normalize = normalize_compiler if key == "compilers" else str
        listed = {normalize(str(item)) for item in claimed}
        extra, missing = sorted(listed - set(actual_values)), sorted(set(actual_values) - listed)
        if extra or missing:
            parts = [f"lists {', '.join(extra)} that no spec has"] if extra else []
            parts += [f"omits {', '.join(missing)}"] if missing else []
            found.append(f"meta.{key} " + " and ".join(parts))
    return found


def dump(package: Package) -> str:
    """Write a package in the cache.spack.io format (the inverse of :func:`parse`)."""
    summary = package.summary
    meta = {
        "compilers": sorted(summary.compilers),
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
            "compiler": spec.compiler,
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
        details.append(entry)
    return "\n".join(
        [
            _DELIMITER,
            f"title: {json.dumps(package.name)}",
            "layout: cache",
            f"categories: [package, {package.tag}]",
            f"meta: {json.dumps(meta)}",
            f"spec_details: {json.dumps(details)}",
            _DELIMITER,
        ]
    )
