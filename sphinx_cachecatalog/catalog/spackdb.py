"""Spack's build-cache database (``index.json``, database versions 6 to 9) as catalog packages.

A mirror's index is Spack's own record of what the mirror holds: one entry
per concrete spec, keyed by hash. The specs that the cache holds are the
entries with ``in_buildcache`` true; the others (externals such as a system
gcc) are read only to name the compilers of Spack 1.x specs. What is wrong
with an entry is said at its JSON pointer (``/database/installs/<hash>/spec``),
because an index is one long line; the rest of the index is read.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeGuard

from .frontmatter import MAX_VALUE, usable_name
from .model import ROOT_STACK, Dependency, Package, Spec
from .problems import BAD_FILE, BAD_VALUE, Problem
from .versions import normalize_compiler

#: Database versions this reader knows (``database.version``, a string in the file).
VERSIONS = ("6", "7", "8", "9")
#: Compiler flags: parameters of a spec, but not variants.
FLAGS = frozenset({"cflags", "cppflags", "cxxflags", "fflags", "ldflags", "ldlibs"})
#: Virtuals whose provider is a spec's compiler since Spack 1.0, in the order asked.
COMPILER_VIRTUALS = ("c", "cxx", "fortran")
#: Characters of a patch's sha256 that Spack prints (``patches:=873745d``).
PATCH_DIGITS = 7


@dataclass(frozen=True, slots=True)
class IndexRead:
    """What one index holds: its packages, and its problems."""

    packages: tuple[Package, ...]
    problems: tuple[Problem, ...]


def read_index(text: str | bytes, source: str, tag: str, stack: str) -> IndexRead:
    """The packages of an index, for ``tag``, their specs in ``stack`` and ``root``.

    ``source`` names the index in problems and as the packages' source.
    """
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:
        return IndexRead((), (Problem(BAD_FILE, f"is not JSON: {error}", source),))
    database = data.get("database") if isinstance(data, dict) else None
    if not isinstance(database, dict) or not isinstance(database.get("installs"), dict):
        return IndexRead((), (Problem(BAD_FILE, "/database/installs: missing: not a Spack index", source),))
    version = str(database.get("version", ""))
    if version not in VERSIONS:
        message = (
            f"/database/version: {version or 'missing'}: this reader knows versions {', '.join(VERSIONS)}"
        )
        return IndexRead((), (Problem(BAD_FILE, message, source),))
    installs: dict[str, Any] = database["installs"]
    problems: list[Problem] = []
    by_name: dict[str, list[Spec]] = {}
    stacks = (stack, ROOT_STACK) if stack != ROOT_STACK else (ROOT_STACK,)
    dependency = _Dependencies(installs)
    for key, record in installs.items():
        pointer = f"/database/installs/{key}"
        if not isinstance(record, dict) or not isinstance(record.get("spec"), dict):
            problems.append(Problem(BAD_VALUE, f"{pointer}/spec: missing or not an object", source))
            continue
        if record.get("in_buildcache") is not True:
            continue  # an external or an upstream: not a spec of the cache
        try:
            spec, name = _spec(record["spec"], key, dependency, stacks)
        except _EntryError as error:
            problems.append(Problem(BAD_VALUE, f"{pointer}/spec{error.where}: {error}", source))
            continue
        by_name.setdefault(name, []).append(spec)
    packages = tuple(
        Package(name, tag, tuple(sorted(specs, key=lambda s: s.hash)), source)
        for name, specs in sorted(by_name.items())
    )
    return IndexRead(packages, tuple(problems))


class _EntryError(ValueError):
    """An entry that cannot be read, at a pointer below its ``spec``."""

    def __init__(self, message: str, where: str = "") -> None:
        super().__init__(message)
        self.where = where


def _spec(
    node: dict[str, Any], key: str, dependency: _Dependencies, stacks: tuple[str, ...]
) -> tuple[Spec, str]:
    name = _text(node, "name")
    if not usable_name(name):
        raise _EntryError(f"{name!r} is not a usable package name", "/name")
    digest = node.get("hash", node.get("_hash"))
    if not isinstance(digest, str) or not (digest.isascii() and digest.isalnum()):
        raise _EntryError("missing, or not letters and digits", "/hash")
    if digest != key:
        raise _EntryError(f"{digest} is not the key it is filed under", "/hash")
    arch = node.get("arch")
    if not isinstance(arch, dict):
        raise _EntryError("missing or not an object", "/arch")
    target = arch.get("target")
    target = target.get("name") if isinstance(target, dict) else target
    if not _plain(target):
        raise _EntryError("missing, empty or not printable text", "/arch/target")
    edges = _edges(node)
    spec = Spec(
        hash=digest,
        versions=(_text(node, "version"),),
        compiler=_compiler(node, edges, dependency),
        os=_text(arch, "platform_os", "/arch"),
        platform=_text(arch, "platform", "/arch"),
        target=target,
        variants=_variants(node.get("parameters")),
        stacks=stacks,
        dependencies=tuple(dependency(hash_) for hash_, _ in edges),
    )
    return spec, name


def _text(node: Mapping[str, Any], field: str, where: str = "") -> str:
    value = node.get(field)
    if not _plain(value):
        raise _EntryError("missing, empty or not printable text", f"{where}/{field}")
    return value


def _plain(value: object) -> TypeGuard[str]:
    """Text that a page can show as it is: printable, not empty, not too long."""
    return isinstance(value, str) and 0 < len(value) <= MAX_VALUE and value.isprintable()


def _edges(node: Mapping[str, Any]) -> list[tuple[str, tuple[str, ...]]]:
    """``(hash, virtuals)`` of each dependency edge; older databases list them by name."""
    listed = node.get("dependencies") or []
    if isinstance(listed, dict):  # database 6: {name: {hash, type}}
        listed = [{"name": name, **edge} for name, edge in listed.items() if isinstance(edge, dict)]
    edges = []
    for edge in listed if isinstance(listed, list) else []:
        if isinstance(edge, dict) and _plain(edge.get("hash")):
            parameters = edge.get("parameters")
            virtuals = parameters.get("virtuals") if isinstance(parameters, dict) else None
            edges.append((edge["hash"], tuple(v for v in virtuals or () if isinstance(v, str))))
    return edges


class _Dependencies:
    """Each dependency, named from its own entry where the index has it; made once a hash
    (many specs depend on the same few)."""

    def __init__(self, installs: Mapping[str, Any]) -> None:
        self.installs = installs
        self.made: dict[str, Dependency] = {}
        #: The hashes whose entry names them in full (name and version).
        self.named: set[str] = set()

    def __call__(self, digest: str) -> Dependency:
        made = self.made.get(digest)
        if made is None:
            record = self.installs.get(digest)
            node = record.get("spec") if isinstance(record, dict) else None
            name, version = (
                (node.get("name"), node.get("version")) if isinstance(node, dict) else (None, None)
            )
            if _plain(name) and _plain(version):
                made = Dependency(name, version, digest)
                self.named.add(digest)
            else:
                made = Dependency(
                    name if _plain(name) else digest[:7], version if _plain(version) else "", digest
                )
            self.made[digest] = made
        return made


def _compiler(
    node: Mapping[str, Any], edges: list[tuple[str, tuple[str, ...]]], dependency: _Dependencies
) -> str:
    """``name@version``: the node's own (databases 6 and 7), else the dependency that provides
    ``c``, ``cxx`` or ``fortran`` (Spack 1.x), else the annotation of a spec carried over
    from an older Spack; ``""`` for a spec built without one."""
    own = node.get("compiler")
    if isinstance(own, dict) and _plain(own.get("name")) and _plain(own.get("version")):
        return normalize_compiler(f"{own['name']}@{own['version']}")
    for virtual in COMPILER_VIRTUALS:
        for hash_, virtuals in edges:
            if virtual in virtuals:
                provider = dependency(hash_)
                if hash_ in dependency.named:
                    return str(provider)
    annotations = node.get("annotations")
    annotated = annotations.get("compiler") if isinstance(annotations, dict) else None
    return normalize_compiler(annotated) if _plain(annotated) else ""


def _variants(parameters: object) -> tuple[str, ...]:
    """The variants as Spack writes them, by name: ``+mpi``, ``~ipo``, ``build_type=Release``,
    ``cuda_arch:=80,90`` (a multi-valued one), ``patches:=873745d`` (7 digits of each).
    A value that a page could not show as it is makes the entry unreadable."""
    if not isinstance(parameters, dict):
        return ()
    written = _written(parameters)
    for variant in written:
        if not _plain(variant):
            raise _EntryError("a value is not printable text, or too long", "/parameters")
    return written


def _written(parameters: dict[str, Any]) -> tuple[str, ...]:
    written = []
    for name in sorted(parameters):
        value = parameters[name]
        if name in FLAGS:
            if isinstance(value, list) and value:
                written.append(f'{name}="{" ".join(str(flag) for flag in value)}"')
        elif isinstance(value, bool):
            written.append(("+" if value else "~") + name)
        elif isinstance(value, list):
            values = [str(v)[:PATCH_DIGITS] if name == "patches" else str(v) for v in value]
            written.append(f"{name}:={','.join(values)}")
        elif isinstance(value, str | int | float):
            written.append(f"{name}={value}")
    return tuple(written)
