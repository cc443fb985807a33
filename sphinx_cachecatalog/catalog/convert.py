"""Any catalog written in the cache.spack.io layout: ``<out>/<tag>/<package>/specs.md``.

The bytes are a function of the specs alone (specs in hash order), so the
same input gives the same files; a file whose bytes would not change is not
written again, so that its modification time, and the incremental builds
that watch it, keep still. A tag folder written holds only what the catalog
holds: the ``specs.md`` of a package that is no longer there is removed.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from .frontmatter import dump
from .loader import FILE_NAME
from .model import Package


@dataclass(frozen=True, slots=True)
class Written:
    """What :func:`write_layout` did, by package file."""

    written: tuple[Path, ...]
    unchanged: tuple[Path, ...]
    removed: tuple[Path, ...]


def write_layout(
    packages: Iterable[Package], out: Path, unknown: Collection[tuple[str, str]] = ()
) -> Written:
    """Write each package at ``out/<tag>/<name>/specs.md``; ``unknown`` ``(tag, name)``
    pairs (their source could not be read) keep their files: unknown is not gone."""
    written, unchanged, kept = [], [], set()
    for package in packages:
        path = out / package.tag / package.name / FILE_NAME
        specs = tuple(sorted(package.specs, key=lambda spec: spec.hash))
        data = dump(replace(package, specs=specs)).encode("utf-8")
        kept.add(path)
        if path.is_file() and path.read_bytes() == data:
            unchanged.append(path)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(FILE_NAME + ".part")
        partial.write_bytes(data)
        partial.replace(path)
        written.append(path)
    removed = []
    for tag in sorted({path.parent.parent for path in kept}):
        for stale in sorted(set(tag.glob(f"*/{FILE_NAME}")) - kept):
            if (tag.name, stale.parent.name) in unknown:
                continue
            stale.unlink()
            removed.append(stale)
            if not any(stale.parent.iterdir()):
                stale.parent.rmdir()
    return Written(tuple(written), tuple(unchanged), tuple(removed))
