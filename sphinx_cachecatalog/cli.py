"""``sphinx-cachecatalog``: the catalog in the terminal, for publishers and their CI.

It reads what the extension reads (a cache.spack.io root, a Spack
``index.json`` or a mirror folder) with :mod:`.catalog` alone. Exit codes:
0 clean, 1 when a check fails, 2 for a usage error; errors are one line.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from .catalog.layouts import index_file
from .catalog.loader import DEFAULT_MAX_SIZE, CatalogLoader
from .catalog.problems import META_MISMATCH, Problem
from .catalog.sources import IndexSource

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


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _Parser(prog="sphinx-cachecatalog", description=__doc__.splitlines()[0] if __doc__ else None)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)
    validate = commands.add_parser(
        "validate",
        help="check catalog roots, Spack indexes and mirrors; exit 1 on errors",
        description="Check each SOURCE and print each problem as path:line: message [subtype].",
        epilog=VALIDATE_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    validate.add_argument(
        "sources", nargs="+", metavar="SOURCE", help="a cache.spack.io root, an index.json or a mirror"
    )
    validate.add_argument(
        "--tag", default="develop", help="the tag of index and mirror sources (default: develop)"
    )
    validate.add_argument(
        "--stack", default="root", help="the stack of index and mirror sources (default: root)"
    )
    validate.add_argument("--strict", action="store_true", help="count meta mismatches as errors")
    validate.add_argument(
        "--max-file-size", type=int, default=DEFAULT_MAX_SIZE, help="largest file read, in bytes"
    )
    args = parser.parse_args(argv)
    return _validate(args)


def _validate(args: argparse.Namespace) -> int:
    roots: list[Path] = []
    indexes: list[IndexSource] = []
    for given in args.sources:
        path = Path(given)
        if not path.exists():
            print(f"sphinx-cachecatalog: {given}: no such file or folder", file=sys.stderr)
            return 2
        if path.is_file() and path.suffix == ".json":
            indexes.append(IndexSource(path, args.tag, args.stack))
        elif path.is_dir() and index_file(path) is not None:
            indexes.append(IndexSource(path, args.tag, args.stack, mirror=True))
        else:
            roots.append(path)
    result = CatalogLoader(args.max_file_size).load(roots, indexes)
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


def _counted(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' * (number != 1)}"


def _said(problem: Problem) -> str:
    where = problem.path or "catalog"
    if problem.line is not None:
        where += f":{problem.line}"
    return f"{where}: {problem.message} [{problem.subtype}]"
