"""``query``: will these specs, or a Spack environment's, hit the cache on a given machine?"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from ..catalog.export import record
from ..catalog.hits import Answer, answer, by_arch
from ..catalog.loader import LoadResult
from ..catalog.lockfile import LockfileError, read_lockfile
from ..catalog.model import Catalog
from ..catalog.query import SPEC_COLUMNS, spec_first_line, suggest
from ..catalog.specsyntax import SpecSyntaxError, parse_host, parse_spec
from .commands import chosen_tag
from .sources import UsageError, counted


def query(args: argparse.Namespace, result: LoadResult) -> int:
    """Answer each SPEC and ``--lock``; exit 0 when every one is in the cache, else 1."""
    if not args.specs and args.lock is None:
        raise UsageError("give a SPEC to ask about, or --lock spack.lock")
    if args.host and not args.specs:
        raise UsageError("--host is for SPECs: --lock matches each concrete spec by its hash")
    try:
        host = parse_host(args.host) if args.host else None
        asked = [parse_spec(text) for text in args.specs]
    except SpecSyntaxError as error:
        raise UsageError(f"{error} (column {error.column + 1} of {error.text!r})") from None
    catalog = result.catalog
    tag = chosen_tag(catalog, args.tag)
    answers = []
    for question in asked:
        package = catalog.get(tag, question.name)
        found = answer(package.specs if package else (), question, host)
        answers.append((found, None if package else _absent(catalog, tag, question.name)))
    lock = _lock(args.lock, catalog, tag) if args.lock is not None else None
    if args.json:
        said: dict[str, object] = {
            "tag": tag,
            "host": str(host) if host else None,
            "questions": [_json(tag, found, absent) for found, absent in answers],
        }
        if lock is not None:
            said["lock"] = asdict(lock)
        print(json.dumps(said, indent=1))
    else:
        for found, absent in answers:
            print("\n".join(_lines(found, absent)))
        if lock is not None:
            print("\n".join(_lock_lines(lock)))
    every = all(found.hits for found, _ in answers) and (lock is None or not (lock.missing or lock.unknown))
    return 0 if every else 1


def _absent(catalog: Catalog, tag: str, name: str) -> str:
    """Why a package has no answer: unknown (its file could not be read) or not there."""
    if (tag, name) in catalog.unreadable:
        return f"Unknown: the catalog file of {name} in {tag} could not be read."
    return f"No: {name} is not in the cache of {tag}{suggest(name, catalog.names(tag))}."


def _lines(found: Answer, absent: str | None) -> list[str]:
    if absent is not None:
        return [absent, ""]
    name = found.asked.name
    lines = [found.verdict]
    if found.host is None:  # grouped by arch
        for arch, specs in by_arch(found.hits):
            lines.append(f"  {arch}:")
            lines += [f"    {spec_first_line(name, spec, SPEC_COLUMNS)}" for spec in specs]
    else:
        lines += [f"  {spec_first_line(name, spec, SPEC_COLUMNS)}" for spec in found.hits]
    if found.near:
        lines.append("  near misses:")
        for miss in found.near:
            lines.append(f"    {spec_first_line(name, miss.spec, SPEC_COLUMNS)}: {'; '.join(miss.reasons)}")
        if found.more_near:
            lines.append(f"    and {found.more_near} more")
    return [*lines, ""]


def _json(tag: str, found: Answer, absent: str | None) -> dict[str, object]:
    name = found.asked.name
    return {
        "spec": str(found.asked),
        "package_in_cache": absent is None,
        "verdict": absent or found.verdict,
        "hits": [record(tag, name, spec) for spec in found.hits],
        "near": [{**record(tag, name, miss.spec), "reasons": list(miss.reasons)} for miss in found.near],
        "more_near": found.more_near,
    }


@dataclass(frozen=True, slots=True)
class LockAnswer:
    """Which concrete specs of a ``spack.lock`` the cache holds, by exact hash."""

    path: str
    cached: list[str]
    missing: list[str]
    #: Externals are never built, so never in a cache: left out of the question.
    external: list[str]
    #: Specs of packages whose catalog file could not be read: whether they are cached is unknown.
    unknown: list[str]


def _lock(path: Path, catalog: Catalog, tag: str) -> LockAnswer:
    try:
        locked = read_lockfile(path.read_bytes())
    except OSError as error:
        raise UsageError(f"{path}: cannot be read: {error.strerror or error}") from None
    except LockfileError as error:
        raise UsageError(f"{path} {error}") from None
    built = [spec for spec in locked if not spec.external]
    if not built:
        raise UsageError(f"{path} has no concrete spec to build: concretize the environment first")
    held = [spec for spec in built if catalog.has_spec(tag, spec.hash)]
    unknown = [spec for spec in built if spec not in held and (tag, spec.name) in catalog.unreadable]
    return LockAnswer(
        str(path),
        [str(spec) for spec in held],
        [str(spec) for spec in built if spec not in held and spec not in unknown],
        [str(spec) for spec in locked if spec.external],
        [str(spec) for spec in unknown],
    )


def _lock_lines(lock: LockAnswer) -> list[str]:
    built = counted(len(lock.cached) + len(lock.missing) + len(lock.unknown), "concrete spec")
    if lock.missing or lock.unknown:
        verdict = f"No: {len(lock.cached)} of {built} are in the cache, {len(lock.missing)} not"
        verdict += f", {len(lock.unknown)} unknown" if lock.unknown else ""
    else:
        verdict = f"Yes: all {built} are in the cache"
    lines = [f"{lock.path}: {verdict}"]
    if lock.external:
        lines[0] += f" ({counted(len(lock.external), 'external')} left out: never built)"
    lines += [f"  not in the cache: {spec}" for spec in lock.missing]
    lines += [f"  unknown (its package's file could not be read): {spec}" for spec in lock.unknown]
    return lines
