"""Ordering and spelling of Spack versions and compilers."""

from __future__ import annotations

import re
from functools import lru_cache

#: Version names that Spack ranks above every numbered version, highest first.
_INFINITY_NAMES = ("develop", "main", "master", "head", "trunk", "stable")
#: Words that mark a pre-release: ``1.2rc1`` comes before ``1.2``.
_PRERELEASE_NAMES = ("dev", "alpha", "a", "beta", "b", "pre", "rc")
_COMPONENT = re.compile(r"\d+|[A-Za-z]+")
# Ranks of a version's components: a pre-release word sorts below the end of
# a version, other words above it, numbers above words, infinity names above all.
_PRERELEASE, _END, _WORD, _NUMBER, _INFINITY = range(5)

Part = tuple[int, int, str]
VersionKey = tuple[tuple[Part, ...], str]


def version_parts(version: str) -> tuple[Part, ...]:
    """The ranked components of ``version``, without its end marker.

    One version is a prefix of another (``4.0`` of ``4.0.1``) exactly when
    its parts are a prefix of the other's.
    """
    return version_key(version)[0][:-1]


@lru_cache(maxsize=1 << 16)  # a catalog repeats a few thousand versions over its specs
def version_key(version: str) -> VersionKey:
    """Sort key that orders versions as Spack does (``4.10`` after ``4.9``).

    Numbers compare as numbers and rank above words; ``1.2rc1`` comes before
    ``1.2``, which comes before ``1.2.1``; ``develop``, ``main`` and friends
    rank above everything. The string itself breaks remaining ties, so the
    order is total.
    """
    parts: list[tuple[int, int, str]] = []
    for part in _COMPONENT.findall(version):
        word = part.lower()
        if part.isdigit():
            parts.append((_NUMBER, int(part), ""))
        elif word in _INFINITY_NAMES:
            parts.append((_INFINITY, -_INFINITY_NAMES.index(word), ""))
        elif word in _PRERELEASE_NAMES:
            parts.append((_PRERELEASE, _PRERELEASE_NAMES.index(word), ""))
        else:
            parts.append((_WORD, 0, word))
    parts.append((_END, 0, ""))
    return tuple(parts), version


def normalize_compiler(compiler: str) -> str:
    """Spell a compiler one way: older tags' ``gcc@=11.4.0`` is ``gcc@11.4.0``."""
    return compiler.replace("@=", "@", 1)


@lru_cache(maxsize=1 << 12)
def compiler_key(compiler: str) -> tuple[str, VersionKey]:
    """Sort key for ``name@version`` compilers: by name, then by version."""
    name, _, version = compiler.partition("@")
    return name, version_key(version)
