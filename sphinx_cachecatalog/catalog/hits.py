"""Will a spec hit the cache? The cached specs of a package that answer a question, and why
the others do not.

A *hit* satisfies the asked spec and, on a host, has the host's platform and
OS and a target that runs on the host's (see :mod:`.targets`). Every other
spec fails some constraints, each counted once: the platform, the OS and the
target (whether the spec or the host asks, or both), the version, the
compiler, and each variant. A spec that fails one or two is a *near miss*,
with a reason in words for each; three or more, and it is neither.

Every sentence an answer says is written here, once, for the directive, the
command line and the tests alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from . import targets
from .filters import normalize_variant
from .model import Spec
from .specsyntax import (
    Asked,
    Host,
    compiler_satisfies,
    compiler_spellings,
    target_satisfies,
    variant_spelling,
)
from .versions import VersionKey, normalize_compiler, version_key

T = TypeVar("T")

#: How many near misses an answer shows; :attr:`Answer.more_near` counts the rest.
NEAR_SHOWN = 10
#: A near miss fails at most this many constraints.
NEAR_FAILS = 2

# What an answer says (``{asked}`` and ``{host}`` as str() spells them).
YES_ONE = "Yes: 1 cached binary of {asked} runs on {host}."
YES_MANY = "Yes: {count} cached binaries of {asked} run on {host}."
NO_NEAREST = "No: no cached binary of {asked} runs on {host}; the nearest {nearest}."
NO_NONE_NEAR = "No: no cached binary of {asked} runs on {host}, and none is near."
SATISFY_ONE = "1 cached binary satisfies {asked}."
SATISFY_MANY = "{count} cached binaries satisfy {asked}."
SATISFY_NONE_NEAREST = "No cached binary satisfies {asked}; the nearest {nearest}."
SATISFY_NONE = "No cached binary satisfies {asked}, and none is near."
# Why a spec misses: each reads after "the nearest was" (when it begins with "built")
# or "the nearest has".
HOST_MISMATCH = "{got}, not {wanted}"
ASKED_MISMATCH = "{got} where {asked} was asked"
TARGET_MISMATCH = "built for {got} where target={asked} was asked"
#: After why a target does not run on the host, when it is not the one asked for either.
ALSO_ASKED = ", and target={asked} was asked"
UNKNOWN_HOST_TARGET = "built for {got}, which does not run on {host}, a target archspec does not know"
UNKNOWN_TARGET_MISMATCH = "built for {got}, which archspec does not know, where target={asked} was asked"
VERSION_MISMATCH = "version {got}, which is not in {asked}"
VERSIONS_MISMATCH = "versions {got}, none of which is in {asked}"
NO_VERSION = "no version where {asked} was asked"
NO_COMPILER = "built without a compiler where {asked} was asked"
NO_VARIANT = "no variant {name} where {asked} was asked"


@dataclass(frozen=True, slots=True)
class NearMiss:
    """A spec that fails one or two constraints, and each in words."""

    spec: Spec
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Answer:
    """Which cached specs of a package answer a spec on a host (or on any machine)."""

    asked: Asked
    host: Host | None
    #: Newest version first, then the target closest to the host, then by hash.
    hits: tuple[Spec, ...]
    #: Fewest failed constraints first, then as :attr:`hits`; at most :data:`NEAR_SHOWN`.
    near: tuple[NearMiss, ...]
    #: How many near misses :attr:`near` leaves out.
    more_near: int
    #: One line.
    verdict: str


def answer(specs: Iterable[Spec], asked: Asked, host: Host | None) -> Answer:
    """The answer of the specs of one package (``asked.name``'s) to ``asked`` on ``host``."""
    hits: list[Spec] = []
    near: list[NearMiss] = []
    for spec in specs:
        reasons = misses(spec, asked, host)
        if not reasons:
            hits.append(spec)
        elif len(reasons) <= NEAR_FAILS:
            near.append(NearMiss(spec, reasons))
    hits = _best_first(hits, lambda spec: spec)
    near = _best_first(near, lambda miss: miss.spec)
    # stable: as hits within each count; of equal counts, a build for the host's family first
    near.sort(key=lambda miss: (len(miss.reasons), _off_target(miss.spec, asked, host)))
    return Answer(
        asked=asked,
        host=host,
        hits=tuple(hits),
        near=tuple(near[:NEAR_SHOWN]),
        more_near=max(0, len(near) - NEAR_SHOWN),
        verdict=verdict(asked, host, len(hits), near[0].reasons[0] if near else None),
    )


def by_arch(specs: Iterable[Spec]) -> list[tuple[str, list[Spec]]]:
    """Specs grouped by their arch (``linux-ubuntu22.04-zen3``), archs in name order, each
    group in the order given: the hits of a question asked without a host."""
    groups: dict[str, list[Spec]] = {}
    for spec in specs:
        groups.setdefault(f"{spec.platform}-{spec.os}-{spec.target}", []).append(spec)
    return sorted(groups.items())


def verdict(asked: Asked, host: Host | None, hits: int, nearest: str | None) -> str:
    """The one-line answer: how many hits, or the first reason of the nearest miss."""
    words = {"asked": str(asked), "host": str(host), "count": hits}
    if nearest is not None:
        words["nearest"] = ("was " if nearest.startswith("built ") else "has ") + nearest
    if host is not None:
        if hits:
            return (YES_ONE if hits == 1 else YES_MANY).format_map(words)
        return (NO_NEAREST if nearest is not None else NO_NONE_NEAR).format_map(words)
    if hits:
        return (SATISFY_ONE if hits == 1 else SATISFY_MANY).format_map(words)
    return (SATISFY_NONE_NEAREST if nearest is not None else SATISFY_NONE).format_map(words)


def misses(spec: Spec, asked: Asked, host: Host | None) -> tuple[str, ...]:
    """Each constraint that ``spec`` fails, in words; none for a hit."""
    reasons = [
        _arch_miss(spec.platform, asked.platform, host.platform if host else None, "platform"),
        _arch_miss(spec.os, asked.os, host.os if host else None, "os"),
        _target_miss(spec.target, asked.target, host),
        _version_miss(spec, asked),
        _compiler_miss(spec, asked),
    ]
    have = _variants(spec.variants)
    reasons += [_variant_miss(have, wanted) for wanted in asked.variants]
    return tuple(reason for reason in reasons if reason is not None)


def _arch_miss(got: str, asked: str | None, host: str | None, key: str) -> str | None:
    if host is not None and got != host:
        return HOST_MISMATCH.format(got=got, wanted=host)
    if asked is not None and got != asked:
        return ASKED_MISMATCH.format(got=got, asked=f"{key}={asked}")
    return None


def _off_target(spec: Spec, asked: Asked, host: Host | None) -> int:
    """How far the spec's target is from what is asked: from the host (see
    :func:`.targets.distance`) and from the spec's ``target=``."""
    far = targets.distance(spec.target, host.target) if host is not None else 0
    return far + (asked.target is not None and not target_satisfies(spec.target, asked.target))


def _target_miss(got: str, asked: str | None, host: Host | None) -> str | None:
    if host is not None and not targets.runs_on(got, host.target):
        if not targets.known(host.target):  # a Host made by hand: parse_host refuses one
            return UNKNOWN_HOST_TARGET.format(got=got, host=host.target)
        why = targets.why_not(got, host.target)
        if asked is not None and not target_satisfies(got, asked):
            why += ALSO_ASKED.format(asked=asked)
        return why
    if asked is not None and not target_satisfies(got, asked):
        return (TARGET_MISMATCH if targets.known(got) else UNKNOWN_TARGET_MISMATCH).format(
            got=got, asked=asked
        )
    return None


def _version_miss(spec: Spec, asked: Asked) -> str | None:
    if not asked.versions or any(r.contains(v) for r in asked.versions for v in spec.versions):
        return None
    wanted = "@" + ",".join(r.spelling for r in asked.versions)
    if not spec.versions:
        return NO_VERSION.format(asked=wanted)
    template = VERSION_MISMATCH if len(spec.versions) == 1 else VERSIONS_MISMATCH
    return template.format(got=", ".join(spec.versions), asked=wanted)


def _compiler_miss(spec: Spec, asked: Asked) -> str | None:
    if not asked.compilers or compiler_satisfies(spec.compiler, asked.compilers):
        return None
    wanted = " or ".join("%" + c for c in compiler_spellings(asked.compilers))
    if not spec.compiler:
        return NO_COMPILER.format(asked=wanted)
    return ASKED_MISMATCH.format(got=normalize_compiler(spec.compiler), asked=wanted)


#: A catalog variant: how it is written, and True/False (a boolean) or its set of values.
_Value = tuple[str, bool | frozenset[str]]


@lru_cache(maxsize=1 << 12)  # a package repeats a few sets of variants over its specs
def _variants(variants: tuple[str, ...]) -> Mapping[str, _Value]:
    """A spec's variants by name (``cuda_arch:=90`` the same as ``cuda_arch=90``)."""
    found: dict[str, _Value] = {}
    for written in variants:
        variant = normalize_variant(written)
        if not variant:  # nothing to match
            continue
        if variant[0] in "+~":
            found[variant[1:]] = (variant, variant[0] == "+")
            continue
        name, _, value = variant.partition("=")
        if value.lower() in ("true", "false"):
            found[name] = (variant, value.lower() == "true")
        else:
            found[name] = (variant, frozenset(v.strip() for v in value.split(",")))
    return found


def _variant_miss(have: Mapping[str, _Value], wanted: str) -> str | None:
    asked = variant_spelling(wanted)
    value_wanted: bool | frozenset[str]
    if wanted[:1] in "+~":
        name, value_wanted = wanted[1:], wanted[0] == "+"
    else:
        key, _, values = wanted.partition("=")
        name = key.removesuffix(":")
        value_wanted = frozenset(values.split(","))
    if name not in have:
        return NO_VARIANT.format(name=name, asked=asked)
    written, value = have[name]
    if isinstance(value_wanted, bool) or isinstance(value, bool):
        fits = value == value_wanted
    else:
        fits = value == value_wanted if wanted.partition("=")[0].endswith(":") else value >= value_wanted
    return None if fits else ASKED_MISMATCH.format(got=written, asked=asked)


def _newest(spec: Spec) -> VersionKey:
    return max((version_key(v) for v in spec.versions), default=((), ""))


def _best_first(items: list[T], spec_of: Callable[[T], Spec]) -> list[T]:
    """Newest version first, then the target closest to the host (the most specific), then hash."""
    ordered = sorted(items, key=lambda item: spec_of(item).hash)
    ordered.sort(key=lambda item: targets.closeness(spec_of(item).target), reverse=True)
    ordered.sort(key=lambda item: _newest(spec_of(item)), reverse=True)
    return ordered
