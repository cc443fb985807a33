"""Specs as records for other tools: JSON and CSV, one record per spec.

The columns are those of the HTML tables' downloads, with the arch as
``platform``, ``os`` and ``target``, sizes in bytes and unknown values
empty (CSV) or null (JSON); each record also names its tag and package,
and its dependencies as ``name@version/hash``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from .model import Package, Spec

#: The columns, in order; also the keys of each JSON record.
COLUMNS = (
    "tag",
    "package",
    "hash",
    "versions",
    "compiler",
    "platform",
    "os",
    "target",
    "variants",
    "stacks",
    "size",
    "tarball",
    "dependencies",
)
#: How a CSV cell joins a list column (as the HTML tables' downloads do).
_JOIN = {"versions": ", ", "variants": " ", "stacks": ", ", "dependencies": " "}

Record = dict[str, str | int | list[str] | None]


def records(packages: Iterable[Package]) -> list[Record]:
    """One record per spec, in the order of ``packages`` and then of hashes."""
    return [
        record(package.tag, package.name, spec)
        for package in packages
        for spec in sorted(package.specs, key=lambda spec: spec.hash)
    ]


def record(tag: str, name: str, spec: Spec) -> Record:
    """One spec of package ``name`` in ``tag`` as a record with the keys of :data:`COLUMNS`."""
    return {
        "tag": tag,
        "package": name,
        "hash": spec.hash,
        "versions": list(spec.versions),
        "compiler": spec.compiler or None,
        "platform": spec.platform,
        "os": spec.os,
        "target": spec.target,
        "variants": list(spec.variants),
        "stacks": list(spec.stacks),
        "size": spec.size,
        "tarball": spec.tarball,
        "dependencies": [f"{d}/{d.hash}" for d in spec.dependencies],
    }


def as_json(rows: list[Record]) -> str:
    """The records as a JSON list of objects with the keys of :data:`COLUMNS`."""
    return json.dumps(rows, indent=1, ensure_ascii=False) + "\n"


def as_csv(rows: list[Record]) -> str:
    """The records as CSV with a header row (RFC 4180: CRLF line ends, quoted where needed)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_cell(key, row[key]) for key in COLUMNS])
    return out.getvalue()


def _cell(key: str, value: str | int | list[str] | None) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return _JOIN[key].join(value)
    return str(value)
