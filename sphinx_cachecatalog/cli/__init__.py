"""sphinx-cachecatalog: the catalog in the terminal, for publishers and their CI.

It reads what the extension reads (a cache.spack.io root, a Spack
``index.json``, a mirror folder or a mirror's URL) with :mod:`..catalog`
alone. Exit codes: 0 clean, 1 when a check fails, 2 for a usage error;
errors are one line.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from ..catalog.frontmatter import usable_name
from ..catalog.loader import DEFAULT_MAX_SIZE, LoadResult
from ..catalog.query import QueryError
from . import commands
from .fetch import fetch
from .sources import DEFAULT_STACK, Options, UsageError, default_cache, load

SOURCE_HELP = (
    "a cache.spack.io root, an index.json, a mirror folder or URL "
    "(TAG=SOURCE or TAG:STACK=SOURCE names its tag)"
)
#: Per command: its one-line help, its description, its examples.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "validate": (
        "check catalog roots, Spack indexes and mirrors; exit 1 on errors",
        "Check each SOURCE and print each problem as path:line: message [subtype].",
        "sphinx-cachecatalog validate _cache\n"
        "sphinx-cachecatalog validate /srv/mirror --tag develop --stack e4s --strict",
    ),
    "stats": (
        "totals and specs per stack, compiler, OS, target and platform",
        "The statistics of cache-stats: for --tag, else for every tag.",
        "sphinx-cachecatalog stats _cache --tag develop\n"
        "sphinx-cachecatalog stats https://binaries.spack.io/develop/e4s --stack e4s --json",
    ),
    "diff": (
        "what changed from one tag to another",
        "The packages and specs added, removed, changed and only rebuilt from --from to --to, "
        "as cache-diff says.",
        "sphinx-cachecatalog diff _cache --from develop-2025-06-01 --to develop-2025-07-13\n"
        "sphinx-cachecatalog diff old=old/index.json new=new/index.json --from old --to new --json",
    ),
    "export": (
        "every spec as JSON or CSV, one record per spec",
        "One record per spec on standard output: tag, package, hash, versions, compiler, platform, os, "
        "target, variants, stacks, size (bytes), tarball, dependencies (name@version/hash).",
        "sphinx-cachecatalog export _cache --tag develop --format csv > develop.csv\n"
        "sphinx-cachecatalog export /srv/mirror --package hdf5 --filter compiler=gcc@13",
    ),
    "convert": (
        "write the cache.spack.io layout (OUT/<tag>/<package>/specs.md)",
        "Write the catalog of the SOURCEs in the cache.spack.io layout, byte-stable, each spec with its "
        "dependencies; files that would not change are not rewritten, and packages that are gone "
        "are removed.",
        "sphinx-cachecatalog convert https://binaries.spack.io/develop/e4s --stack e4s --out _cache\n"
        "sphinx-cachecatalog convert develop:e4s=e4s/index.json develop:ml=ml/index.json --out _cache",
    ),
}


#: The commands that answer a question: the problems of their sources go to standard error,
#: and make the exit code 1.
ANSWERS = frozenset({"stats", "diff", "export"})


class _Parser(argparse.ArgumentParser):
    """Usage errors in one line, exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see --help)\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        if not 0 < args.timeout < math.inf or args.max_file_size <= 0:
            raise UsageError("--timeout and --max-file-size must be more than 0 (and finite)")
        for option in ("tag", "stack"):
            value = getattr(args, option, None)
            if value is not None and not usable_name(value):
                raise UsageError(f"--{option} {value!r} is not a usable name: a tag or stack names a folder")
        if args.command == "fetch":
            return fetch(args)
        if args.command == "query":
            from .query import query

            result = load([args.source], _options(args))
            errors = commands.report(result.problems)
            return query(args, result) or (1 if errors else 0)
        result = load(args.sources, _options(args))
        run: Callable[[argparse.Namespace, LoadResult], int] = getattr(commands, args.command)
        errors = commands.report(result.problems) if args.command in ANSWERS else 0
        return run(args, result) or (1 if errors else 0)
    except BrokenPipeError:  # the reader stopped reading (| head): not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as error:  # an --out that cannot be written
        where = f"{error.filename}: " if error.filename else ""
        print(f"sphinx-cachecatalog {args.command}: {where}{error.strerror or error}", file=sys.stderr)
        return 1
    except UsageError as error:
        print(f"sphinx-cachecatalog {args.command}: {error}", file=sys.stderr)
        return 2
    except QueryError as error:
        print(f"sphinx-cachecatalog {args.command}: {error}", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="sphinx-cachecatalog", description=__doc__.splitlines()[0] if __doc__ else None)
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)
    made = {name: _command(subparsers, name, *about) for name, about in COMMANDS.items()}
    made["validate"].add_argument("--strict", action="store_true", help="count meta mismatches as errors")
    for name in ("stats", "diff", "export"):
        made[name].add_argument(
            "--filter", action="append", metavar="KEY=VALUE",
            help="only specs whose KEY (stack, os, platform, target, compiler, version, variant) "
            "matches, as the directives' options",
        )  # fmt: skip
    for name in ("diff", "export"):
        made[name].add_argument("--package", action="append", metavar="NAME", help="only this package")
    for name in ("stats", "diff"):
        made[name].add_argument("--json", action="store_true", help="print JSON (stable keys)")
    made["diff"].add_argument("--from", dest="old", required=True, metavar="TAG", help="the older tag")
    made["diff"].add_argument("--to", dest="new", required=True, metavar="TAG", help="the newer tag")
    made["export"].add_argument("--format", choices=("json", "csv"), default="json", help="default: json")
    made["convert"].add_argument("--out", required=True, metavar="DIR", help="the folder to write")
    _fetch_command(subparsers)
    _query_command(subparsers)
    return parser


def _command(
    subparsers: Any, name: str, short: str, description: str, examples: str
) -> argparse.ArgumentParser:
    """A command that reads SOURCEs, with the options every such command takes."""
    command = _described(subparsers, name, short, description, examples)
    command.add_argument("sources", nargs="+", metavar="SOURCE", help=SOURCE_HELP)
    _source_options(command)
    return command


def _described(
    subparsers: Any, name: str, short: str, description: str, examples: str
) -> argparse.ArgumentParser:
    epilog = "examples:\n" + "".join(f"  {line}\n" for line in examples.splitlines())
    command: argparse.ArgumentParser = subparsers.add_parser(
        name, help=short, description=textwrap.fill(description, 79), epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    return command


def _source_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--tag", help="the tag of index and mirror sources (default: develop)")
    command.add_argument(
        "--stack", default=DEFAULT_STACK, help="the stack of index and mirror sources (default: root)"
    )
    _limits(command)
    command.add_argument(
        "--cache", type=Path, default=None, metavar="DIR",
        help="where mirrors given by URL are kept (default: $XDG_CACHE_HOME/sphinx-cachecatalog)",
    )  # fmt: skip


def _limits(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--max-file-size", type=int, default=DEFAULT_MAX_SIZE, metavar="BYTES", help="largest file read"
    )
    command.add_argument(
        "--timeout", type=float, default=30.0, metavar="SECONDS", help="per request to a mirror (default: 30)"
    )


def _fetch_command(subparsers: Any) -> None:
    command = _described(
        subparsers,
        "fetch",
        "download a mirror's index into a folder, checked",
        "Download the index of the mirror at URL (layout v2 or v3) into DIR, keeping the mirror's layout, "
        "so that DIR is then a mirror folder to read. The index is downloaded only when it changed, and "
        "written only when it matches its checksum. Exit 1 when the mirror gave no usable index.",
        "sphinx-cachecatalog fetch https://binaries.spack.io/develop/e4s --out mirrors/e4s\n"
        "sphinx-cachecatalog fetch https://mirror.example.org/spack --out mirror --sizes",
    )
    command.add_argument("url", metavar="URL", help="the mirror's http(s) URL")
    command.add_argument("--out", required=True, type=Path, metavar="DIR", help="the folder to write")
    command.add_argument(
        "--sizes", action="store_true", help="also fetch each spec's manifest (layout v3), for its size"
    )
    _limits(command)


def _query_command(subparsers: Any) -> None:
    command = _described(
        subparsers,
        "query",
        "will a spec hit the cache on this machine? exit 1 when one will not",
        "For each SPEC (Spack's syntax: hdf5@1.14 +mpi %gcc@13 target=x86_64_v3:), the cached "
        "binaries that satisfy it and run on --host (what `spack arch` prints), best first, and "
        "the near misses with the reason each is not a hit. With --lock, each concrete spec of a "
        "Spack environment, by exact hash. Exit 0 when every question has a hit, 1 when one has "
        "none: a CI gate for 'this environment is fully cached'. A cached binary that runs on the "
        "host is no promise that Spack will use it: the concretizer decides.",
        "sphinx-cachecatalog query _cache 'hdf5@1.14 +mpi %gcc@13' --host linux-ubuntu22.04-zen3\n"
        "sphinx-cachecatalog query https://binaries.spack.io/develop/e4s --stack e4s --lock spack.lock",
    )
    command.add_argument("source", metavar="SOURCE", help=SOURCE_HELP)
    command.add_argument("specs", nargs="*", metavar="SPEC", help="a spec, in Spack's syntax")
    command.add_argument("--host", metavar="ARCH", help="the machine, as `spack arch` prints it")
    command.add_argument("--lock", type=Path, metavar="FILE", help="a Spack environment's spack.lock")
    command.add_argument("--json", action="store_true", help="print JSON (stable keys)")
    _source_options(command)


def _options(args: argparse.Namespace) -> Options:
    return Options(args.tag, args.stack, args.max_file_size, args.timeout, args.cache or default_cache())
