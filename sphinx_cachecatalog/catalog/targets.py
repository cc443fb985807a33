"""Which binaries run on which machines, by target, decided by archspec (the Spack team's library).

A binary built for target ``b`` runs on a host of target ``h`` when ``b`` is
``h`` or one of its ancestors: ``x86_64_v3`` and ``zen2`` binaries run on
``zen3``; ``zen4`` and ``neoverse_v2`` binaries do not. A target that
archspec does not know runs only on itself.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from functools import cache

import archspec.cpu

_TARGETS = archspec.cpu.TARGETS


def known(target: str) -> bool:
    """Whether archspec knows ``target``."""
    return target in _TARGETS


def runs_on(built: str, host: str) -> bool:
    """Whether a binary built for ``built`` runs on a ``host`` machine."""
    if built == host:
        return True
    return built in _TARGETS and host in _TARGETS and _TARGETS[built] <= _TARGETS[host]


def closeness(built: str) -> int:
    """How specific a target is (its number of ancestors): of the targets that run on a
    host, the most specific is the closest to it."""
    return len(_TARGETS[built].ancestors) if built in _TARGETS else 0


def why_not(built: str, host: str) -> str:
    """Why a binary built for ``built`` does not run on ``host``, in words."""
    if built not in _TARGETS:
        return f"built for {built}, which archspec does not know, so it runs only on {built}"
    if host not in _TARGETS:
        return f"built for {built}, which does not run on {host}, a target that archspec does not know"
    built_family, host_family = family(built), family(host)
    if built_family != host_family:
        return f"built for {_named(built)}, which does not run on {_named(host)}"
    if _TARGETS[host] <= _TARGETS[built]:
        return f"built for {built}, which is newer than {host}"
    lacking = sorted(_TARGETS[built].features - _TARGETS[host].features)
    if lacking:
        shown = lacking[:3] + ([f"{len(lacking) - 3} more"] if len(lacking) > 3 else [])
        listed = ", ".join(shown[:-1]) + " and " + shown[-1] if len(shown) > 1 else shown[0]
        return f"built for {built}: it needs {listed}, which {host} lacks"
    return f"built for {built}, which is not in the line of {host}"


def distance(built: str, host: str) -> int:
    """How far a binary is from running on ``host``: 0 it runs, 1 another target of the
    host's family, 2 another family (or a target that archspec does not know)."""
    if runs_on(built, host):
        return 0
    if built in _TARGETS and host in _TARGETS and family(built) == family(host):
        return 1
    return 2


def _named(target: str) -> str:
    """``zen3 (x86_64)``: a target with its family, where they differ."""
    return target if family(target) == target else f"{target} ({family(target)})"


def family(target: str) -> str:
    """The architecture family of a known target (``x86_64``, ``aarch64``, ``ppc64le``)."""
    return str(_TARGETS[target].family.name)


def suggest(target: str) -> list[str]:
    """Known targets whose names are close to ``target``, closest first."""
    return difflib.get_close_matches(target, list(_TARGETS), n=3, cutoff=0.6)


@cache
def _parents(target: str) -> tuple[str, ...]:
    return tuple(sorted(parent.name for parent in _TARGETS[target].parents))


def ancestry(families_of: Iterable[str]) -> dict[str, list[str]]:
    """Every known target of the families of ``families_of`` (targets), with its direct
    parents: the map that a browser needs to tell what runs on a host of any of them."""
    families = {family(target) for target in families_of if target in _TARGETS}
    return {name: list(_parents(name)) for name in sorted(_TARGETS) if family(name) in families}
