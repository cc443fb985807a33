"""What each command does with the catalog of its SOURCEs; each returns the exit code."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from ..catalog.convert import write_layout
from ..catalog.diff import TagDiff, diff_tags
from ..catalog.export import as_csv, as_json, records
from ..catalog.filters import SPEC_FILTERS, FilterError, SpecFilter, parse_filter
from ..catalog.loader import LoadResult
from ..catalog.model import Catalog, Package
from ..catalog.problems import META_MISMATCH, Problem
from ..catalog.query import PREFERRED_TAG, QueryError, resolve_tag, suggest
from ..catalog.stats import catalog_stats
from .sources import UsageError, counted

#: What ``validate`` (and ``convert``) report without failing, unless ``--strict``.
LENIENT = frozenset({META_MISMATCH})


def report(problems: tuple[Problem, ...]) -> int:
    """Print each problem of the sources on standard error; how many are errors."""
    for problem in problems:
        print(said(problem), file=sys.stderr)
    return _errors(problems, strict=False)


def validate(args: argparse.Namespace, result: LoadResult) -> int:
    """Print each problem on standard output; the counts and the verdict on standard error."""
    errors = _errors(result.problems, args.strict)
    for problem in result.problems:
        print(said(problem))
    specs = sum(package.summary.num_specs for package in result.catalog.packages.values())
    counts = ", ".join(
        (counted(len(result.files), "file"), counted(len(result.catalog), "package"), counted(specs, "spec"))
    )
    verdict = counted(errors, "error") if errors else "no errors"
    warnings = len(result.problems) - errors
    print(f"{counts}: {verdict}" + (f", {counted(warnings, 'warning')}" if warnings else ""), file=sys.stderr)
    return 1 if errors else 0


def stats(args: argparse.Namespace, result: LoadResult) -> int:
    """The statistics of ``cache-stats``, as text or JSON."""
    catalog = result.catalog
    if args.tag is not None:
        chosen_tag(catalog, args.tag)
    numbers = catalog_stats(catalog.selected(args.tag), spec_filter(args))
    if not numbers.specs and not args.json:
        print(f"{args.tag or 'the catalog'}: no specs" + (" match the filters" if args.filter else ""))
        return 0
    if args.json:
        out: dict[str, object] = {
            "tags": [
                {"tag": tag, "packages": packages, "specs": specs} for tag, packages, specs in numbers.tags
            ],
            "packages": numbers.packages,
            "specs": numbers.specs,
        }
        for key in ("stacks", "compilers", "oss", "targets", "platforms"):
            out[key] = dict(getattr(numbers, key))  # most specs first
        print(json.dumps(out, indent=1))
        return 0
    for tag, packages, specs in numbers.tags:
        print(f"{tag}: {counted(packages, 'package')}, {counted(specs, 'spec')}")
    for title, counts in (
        ("stack", numbers.stacks),
        ("compiler", numbers.compilers),
        ("OS", numbers.oss),
        ("target", numbers.targets),
        ("platform", numbers.platforms),
    ):
        print(f"\nSpecs per {title}:")
        width = max((len(value) for value, _ in counts), default=0)
        for value, count in counts:
            print(f"  {value.ljust(width)}  {count:>7}  {100 * count / numbers.specs:5.1f} %")
    return 0


def diff(args: argparse.Namespace, result: LoadResult) -> int:
    """What changed from ``--from`` to ``--to``, as ``cache-diff`` says it."""
    catalog = result.catalog
    old, new = chosen_tag(catalog, args.old), chosen_tag(catalog, args.new)
    names = _names(args)
    if names is not None:
        _known(catalog, names, (old, new))
    change = diff_tags(catalog, old, new, spec_filter(args), names)
    print(json.dumps(_diff_json(change), indent=1) if args.json else "\n".join(_diff_lines(change)))
    return 0


def export(args: argparse.Namespace, result: LoadResult) -> int:
    """One record per spec, as JSON or CSV on standard output."""
    catalog = result.catalog
    if args.tag is not None:
        chosen_tag(catalog, args.tag)
    names = _names(args)
    chosen = spec_filter(args)
    packages = [
        Package(package.name, package.tag, chosen.specs(package), package.source)
        for package in catalog.selected(args.tag)
        if names is None or package.name in names
    ]
    if names is not None:
        _known(catalog, names, (args.tag,) if args.tag else catalog.tags)
    rows = records(packages)
    sys.stdout.write(as_json(rows) if args.format == "json" else as_csv(rows))
    return 0


def convert(args: argparse.Namespace, result: LoadResult) -> int:
    """Write the catalog in the cache.spack.io layout under ``--out``."""
    catalog = result.catalog
    if args.tag is not None:
        chosen_tag(catalog, args.tag)
    errors = report(result.problems)
    done = write_layout(catalog.selected(args.tag), Path(args.out), catalog.unreadable)
    specs = sum(package.summary.num_specs for package in catalog.selected(args.tag))
    packages = counted(len(done.written) + len(done.unchanged), "package")
    print(
        f"{args.out}: {packages}, {counted(specs, 'spec')}: {len(done.written)} written, "
        f"{len(done.unchanged)} unchanged, {len(done.removed)} removed",
        file=sys.stderr,
    )
    return 1 if errors else 0


def spec_filter(args: argparse.Namespace) -> SpecFilter:
    """The ``--filter KEY=VALUE`` options, as the directives' filter options."""
    options: dict[str, str] = {}
    for given in getattr(args, "filter", None) or ():
        key, equals, value = given.partition("=")
        if not equals or key not in SPEC_FILTERS:
            raise UsageError(f"--filter {given}: write KEY=VALUE with KEY one of {', '.join(SPEC_FILTERS)}")
        options[key] = f"{options[key]}, {value}" if key in options else value
    try:
        return parse_filter(options)
    except FilterError as error:
        raise UsageError(f"--filter: {error}") from error


def said(problem: Problem) -> str:
    """A problem as one line: ``path:line: message [subtype]``."""
    where = problem.path or "catalog"
    if problem.line is not None:
        where += f":{problem.line}"
    elif problem.message.startswith(where):  # a URL that the message names already
        return f"{problem.message} [{problem.subtype}]"
    return f"{where}: {problem.message} [{problem.subtype}]"


def _errors(problems: tuple[Problem, ...], strict: bool) -> int:
    return sum(strict or problem.subtype not in LENIENT for problem in problems)


def chosen_tag(catalog: Catalog, tag: str | None) -> str:
    """The tag a command answers for: ``--tag``, else the only tag or ``develop``."""
    if tag is None and len(catalog.tags) > 1 and PREFERRED_TAG not in catalog.tags:
        raise QueryError(f"the catalog has several tags ({', '.join(catalog.tags)}): give one with --tag")
    try:
        return resolve_tag(catalog, tag, None)
    except QueryError as error:
        raise QueryError(f"{error} (an index or mirror takes its tag from TAG=SOURCE or --tag)") from None


def _known(catalog: Catalog, names: set[str], tags: Sequence[str]) -> None:
    """Say which of ``names`` no tag of ``tags`` holds: unknown (a file that could not be
    read) or absent, with close names."""
    for name in sorted(names):
        if any(catalog.get(tag, name) is not None for tag in tags):
            continue
        where = " or ".join(tags) or "the catalog"
        if any((tag, name) in catalog.unreadable for tag in tags):
            raise QueryError(f"the catalog file of {name} in {where} could not be read, so it is unknown")
        known = {other for tag in tags for other in catalog.names(tag)}
        raise QueryError(f"{name} is not in {where}{suggest(name, known)}")


def _names(args: argparse.Namespace) -> set[str] | None:
    return set(args.package) if getattr(args, "package", None) else None


def _diff_lines(change: TagDiff) -> list[str]:
    lines = [
        f"{change.old} -> {change.new}",
        f"  packages: {len(change.added)} added, {len(change.removed)} removed, "
        f"{len(change.changed)} changed, {len(change.rebuilt)} only rebuilt, {change.unchanged} unchanged",
        f"  specs: {change.specs_added} added, {change.specs_removed} removed, "
        f"{change.specs_rebuilt} rebuilt",
    ]
    if change.unreadable:
        lines.append(f"  not compared (a file could not be read): {', '.join(change.unreadable)}")
    for title, packages in (
        (f"Added in {change.new}:", change.added),
        (f"Removed from {change.old}:", change.removed),
    ):
        if packages:
            lines += ["", title] + [f"  {p.name} ({counted(p.summary.num_specs, 'spec')})" for p in packages]
    if change.changed:
        lines += ["", "Changed:"]
        for package in change.changed:
            parts = [f"+{len(package.specs_added)} -{len(package.specs_removed)} specs"]
            for word, added, removed in (
                ("versions", package.versions_added, package.versions_removed),
                ("stacks", package.stacks_gained, package.stacks_lost),
            ):
                if added or removed:
                    parts.append(
                        f"{word} " + " ".join([*(f"+{v}" for v in added), *(f"-{v}" for v in removed)])
                    )
            if package.rebuilt:
                parts.append(f"{package.rebuilt} rebuilt")
            lines.append(f"  {package.name}: {'; '.join(parts)}")
    if change.rebuilt:
        lines += ["", "Only rebuilt (same configurations, new hashes):"]
        lines += [f"  {package.name} ({counted(package.rebuilt, 'spec')})" for package in change.rebuilt]
    return lines


def _diff_json(change: TagDiff) -> dict[str, object]:
    return {
        "from": change.old,
        "to": change.new,
        "added": [{"package": p.name, "specs": p.summary.num_specs} for p in change.added],
        "removed": [{"package": p.name, "specs": p.summary.num_specs} for p in change.removed],
        "changed": [
            {
                "package": c.name,
                "specs_added": sorted(s.hash for s in c.specs_added),
                "specs_removed": sorted(s.hash for s in c.specs_removed),
                "versions_added": list(c.versions_added),
                "versions_removed": list(c.versions_removed),
                "stacks_gained": list(c.stacks_gained),
                "stacks_lost": list(c.stacks_lost),
                "rebuilt": c.rebuilt,
            }
            for c in change.changed
        ],
        "rebuilt": [{"package": c.name, "rebuilt": c.rebuilt} for c in change.rebuilt],
        "unchanged": change.unchanged,
        "unreadable": list(change.unreadable),
        "specs": {
            "added": change.specs_added,
            "removed": change.specs_removed,
            "rebuilt": change.specs_rebuilt,
        },
    }
