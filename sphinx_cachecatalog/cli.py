"""``sphinx-cachecatalog``: the catalog in the terminal, for publishers and their CI.

It reads what the extension reads (a cache.spack.io root, a Spack
``index.json`` or a mirror folder) with :mod:`.catalog` alone. Exit codes:
0 clean, 1 when a check fails, 2 for a usage error; errors are one line.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from .catalog.filters import parse_filter
from .catalog.layouts import index_file
from .catalog.loader import DEFAULT_MAX_SIZE, CatalogLoader, LoadResult
from .catalog.problems import META_MISMATCH, Problem
from .catalog.sources import IndexSource
from .catalog.stats import catalog_stats

#: What ``validate`` reports without failing, unless ``--strict``.
LENIENT = frozenset({META_MISMATCH})

VALIDATE_EXAMPLE = """\
examples:
  sphinx-cachecatalog validate _cache
  sphinx-cachecatalog validate /srv/mirror --tag develop --stack e4s --strict
"""


class _Parser(argparse.ArgumentParser):
    """Usage errors in one line, exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see --help)\n")


STATS_EXAMPLE = """\
examples:
  sphinx-cachecatalog stats _cache --tag develop
  sphinx-cachecatalog stats /srv/mirror --tag develop --stack e4s --json
"""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _Parser(prog="sphinx-cachecatalog", description=__doc__.splitlines()[0] if __doc__ else None)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)
    validate = _command(
        commands,
        "validate",
        "check catalog roots, Spack indexes and mirrors; exit 1 on errors",
        "Check each SOURCE and print each problem as path:line: message [subtype].",
        VALIDATE_EXAMPLE,
    )
    validate.add_argument("--strict", action="store_true", help="count meta mismatches as errors")
    stats = _command(
        commands,
        "stats",
        "totals and specs per stack, compiler, OS, target and platform",
        "The statistics of cache-stats: for --tag, else for every tag.",
        STATS_EXAMPLE,
    )
    stats.add_argument("--json", action="store_true", help="print JSON (stable keys, counts most first)")
    args = parser.parse_args(argv)
    loaded = _load(args)
    if loaded is None:
        return 2
    try:
        return _validate(args, loaded) if args.command == "validate" else _stats(args, loaded)
    except BrokenPipeError:  # the reader stopped reading (| head): not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _command(commands: Any, name: str, short: str, description: str, example: str) -> argparse.ArgumentParser:
    """A command that reads SOURCEs, with the options every such command takes."""
    command: argparse.ArgumentParser = commands.add_parser(
        name, help=short, description=description, epilog=example,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    command.add_argument(
        "sources", nargs="+", metavar="SOURCE", help="a cache.spack.io root, an index.json or a mirror"
    )
    command.add_argument("--tag", help="the tag of index and mirror sources (default: develop)")
    command.add_argument(
        "--stack", default="root", help="the stack of index and mirror sources (default: root)"
    )
    command.add_argument(
        "--max-file-size", type=int, default=DEFAULT_MAX_SIZE, help="largest file read, in bytes"
    )
    return command


def _load(args: argparse.Namespace) -> LoadResult | None:
    """The catalog of the SOURCEs; None (said in one line) when one does not exist."""
    roots: list[Path] = []
    indexes: list[IndexSource] = []
    tag = args.tag or "develop"
    for given in args.sources:
        path = Path(given)
        if not path.exists():
            print(f"sphinx-cachecatalog: {given}: no such file or folder", file=sys.stderr)
            return None
        if path.is_file() and path.suffix == ".json":
            indexes.append(IndexSource(path, tag, args.stack))
        elif path.is_dir() and index_file(path) is not None:
            indexes.append(IndexSource(path, tag, args.stack, mirror=True))
        else:
            roots.append(path)
    return CatalogLoader(args.max_file_size).load(roots, indexes)


def _validate(args: argparse.Namespace, result: LoadResult) -> int:
    errors = 0
    for problem in result.problems:
        lenient = problem.subtype in LENIENT and not args.strict
        errors += not lenient
        print(_said(problem))
    specs = sum(package.summary.num_specs for package in result.catalog.packages.values())
    counts = ", ".join(
        (
            _counted(len(result.files), "file"),
            _counted(len(result.catalog), "package"),
            _counted(specs, "spec"),
        )
    )
    verdict = _counted(errors, "error") if errors else "no errors"
    warnings = len(result.problems) - errors
    print(
        f"{counts}: {verdict}" + (f", {_counted(warnings, 'warning')}" if warnings else ""), file=sys.stderr
    )
    return 1 if errors else 0


def _stats(args: argparse.Namespace, result: LoadResult) -> int:
    catalog = result.catalog
    if args.tag is not None and args.tag not in catalog.tags:
        known = ", ".join(catalog.tags) or "none"
        print(f"sphinx-cachecatalog: tag {args.tag!r} is not in the catalog (tags: {known})", file=sys.stderr)
        return 1
    stats = catalog_stats(catalog.selected(args.tag), parse_filter({}))
    if args.json:
        said: dict[str, object] = {
            "tags": [
                {"tag": tag, "packages": packages, "specs": specs} for tag, packages, specs in stats.tags
            ],
            "packages": stats.packages,
            "specs": stats.specs,
        }
        for key in ("stacks", "compilers", "oss", "targets", "platforms"):
            said[key] = dict(getattr(stats, key))  # most specs first
        print(json.dumps(said, indent=1))
        return 0
    for tag, packages, specs in stats.tags:
        print(f"{tag}: {_counted(packages, 'package')}, {_counted(specs, 'spec')}")
    for title, counts in (
        ("stack", stats.stacks),
        ("compiler", stats.compilers),
        ("OS", stats.oss),
        ("target", stats.targets),
        ("platform", stats.platforms),
    ):
        print(f"\nSpecs per {title}:")
        width = max((len(value) for value, _ in counts), default=0)
        for value, count in counts:
            print(f"  {value.ljust(width)}  {count:>7}  {100 * count / stats.specs:5.1f} %")
    return 0


def _said(problem: Problem) -> str:
    where = problem.path or "catalog"
    if problem.line is not None:
        where += f":{problem.line}"
    return f"{where}: {problem.message} [{problem.subtype}]"


def _counted(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' * (number != 1)}"
