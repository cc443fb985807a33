"""A Spack environment's ``spack.lock``: its concrete specs, to look up in a cache by hash.

Every concrete spec of the environment is a node of ``concrete_specs``,
keyed by its hash (lockfile versions 4 to 8; those of included environments
under ``include_concrete`` too). An external spec (``external`` in its node)
is never built, so it is never in a build cache: it is told apart.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

#: The lockfile versions read: 4 (Spack 0.19) to 8 (Spack 1.3).
VERSIONS = range(4, 9)


class LockfileError(ValueError):
    """A file that is not a ``spack.lock`` read here, with the reason."""


@dataclass(frozen=True, slots=True)
class Locked:
    """One concrete spec of an environment."""

    name: str
    version: str
    hash: str
    external: bool
    #: Whether the environment names it as a root (not only as a dependency).
    root: bool

    def __str__(self) -> str:
        return f"{self.name}@{self.version}/{self.hash}" if self.version else f"{self.name}/{self.hash}"


def read_lockfile(data: bytes) -> tuple[Locked, ...]:
    """The concrete specs of a ``spack.lock``, roots first, then by name and hash."""
    try:
        lock = json.loads(data)
    except json.JSONDecodeError as error:  # a file cut short, say
        raise LockfileError(f"is not JSON, so not a spack.lock: {error}") from error
    except (ValueError, RecursionError) as error:
        raise LockfileError("is not a spack.lock (JSON with _meta.lockfile-version)") from error
    try:
        meta = lock["_meta"]
        version = meta["lockfile-version"]
    except (ValueError, KeyError, TypeError, RecursionError) as error:
        raise LockfileError("is not a spack.lock (JSON with _meta.lockfile-version)") from error
    if meta.get("file-type", "spack-lockfile") != "spack-lockfile" or type(version) is not int:
        raise LockfileError("is not a spack.lock (JSON with _meta.lockfile-version)")
    if version not in VERSIONS:
        raise LockfileError(
            f"is a lockfile of version {version}; versions {VERSIONS[0]} to {VERSIONS[-1]} are read"
        )
    roots = {root.get("hash") for root in _list(lock.get("roots")) if isinstance(root, dict)}
    nodes: dict[str, Locked] = {}
    for included in (lock, *_mapping(lock.get("include_concrete")).values()):
        for key, node in _mapping(_mapping(included).get("concrete_specs")).items():
            if not isinstance(node, dict) or not isinstance(node.get("name"), str):
                raise LockfileError(f"concrete_specs/{key} is not a spec with a name")
            digest = str(node.get("hash", key))
            nodes.setdefault(
                digest,
                Locked(
                    node["name"],
                    str(node.get("version", "")),
                    digest,
                    bool(node.get("external")),
                    digest in roots,
                ),
            )
    return tuple(sorted(nodes.values(), key=lambda locked: (not locked.root, locked.name, locked.hash)))


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
