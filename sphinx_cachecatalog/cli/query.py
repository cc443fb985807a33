"""``query``: will these specs, or a Spack environment's, hit the cache on a given machine?"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from ..catalog.export import record
from ..catalog.hits import Answer, answer
from ..catalog.loader import LoadResult
from ..catalog.lockfile import LockfileError, read_lockfile
from ..catalog.model import Catalog
from ..catalog.query import SPEC_COLUMNS, resolve_tag, spec_first_line
from ..catalog.specsyntax import SpecSyntaxError, parse_host, parse_spec
from .sources import UsageError, counted


def query(args: argparse.Namespace, result: LoadResult) -> int:
    """Answer each SPEC and ``--lock``; exit 0 when every one is in the cache, else 1."""
    if not args.specs and args.lock is None:
        raise UsageError("give a SPEC to ask about, or --lock spack.lock")
    try:
        host = parse_host(args.host) if args.host else None
        asked = [parse_spec(text) for text in args.specs]
    except SpecSyntaxError as error:
        raise UsageError(f"{error} (column {error.column + 1} of {error.text!r})") from None
    catalog = result.catalog
    tag = resolve_tag(catalog, args.tag, None)
    answers = []
    for question in asked:
        package = catalog.get(tag, question.name)
        answers.append((answer(package.specs if package else (), question, host), package is not None))
    lock = _lock(args.lock, catalog, tag) if args.lock is not None else None
    if args.json:
        said: dict[str, object] = {
            "tag": tag,
            "host": str(host) if host else None,
            "questions": [_json(tag, found, known) for found, known in answers],
        }
        if lock is not None:
            said["lock"] = asdict(lock)
        print(json.dumps(said, indent=1))
    else:
        for found, known in answers:
            print("\n".join(_lines(tag, found, known)))
        if lock is not None:
            print("\n".join(_lock_lines(lock)))
    every = all(found.hits for found, _ in answers) and (lock is None or not lock.missing)
    return 0 if every else 1


def _lines(tag: str, found: Answer, known: bool) -> list[str]:
    name = found.asked.name
    if not known:
        return [f"No: {name} is not in the cache of {tag}.", ""]
    lines = [found.verdict]
    lines += [f"  {spec_first_line(name, spec, SPEC_COLUMNS)}" for spec in found.hits]
    if found.near:
        lines.append("  near misses:")
        for miss in found.near:
            lines.append(f"    {spec_first_line(name, miss.spec, SPEC_COLUMNS)}: {'; '.join(miss.reasons)}")
        if found.more_near:
            lines.append(f"    and {found.more_near} more")
    return [*lines, ""]


def _json(tag: str, found: Answer, known: bool) -> dict[str, object]:
    name = found.asked.name
    return {
        "spec": str(found.asked),
        "package_in_cache": known,
        "verdict": found.verdict if known else f"No: {name} is not in the cache of {tag}.",
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


def _lock(path: Path, catalog: Catalog, tag: str) -> LockAnswer:
    try:
        locked = read_lockfile(path.read_bytes())
    except OSError as error:
        raise UsageError(f"{path}: cannot be read: {error.strerror or error}") from None
    except LockfileError as error:
        raise UsageError(f"{path} {error}") from None
    built = [spec for spec in locked if not spec.external]
    return LockAnswer(
        str(path),
        [str(spec) for spec in built if catalog.has_spec(tag, spec.hash)],
        [str(spec) for spec in built if not catalog.has_spec(tag, spec.hash)],
        [str(spec) for spec in locked if spec.external],
    )


def _lock_lines(lock: LockAnswer) -> list[str]:
    built = len(lock.cached) + len(lock.missing)
    missing = len(lock.missing)
    verdict = (
        f"{missing} {'is' if missing == 1 else 'are'} not in the cache"
        if missing
        else "every one is in the cache"
    )
    lines = [f"{lock.path}: {counted(built, 'spec')} to build, {verdict}"]
    if lock.external:
        lines[0] += f" ({counted(len(lock.external), 'external')}, never built, left out)"
    lines += [f"  not in the cache: {spec}" for spec in lock.missing]
    return lines
