"""Where a tag's binaries can be fetched from, for ``spack mirror add``."""

from __future__ import annotations

from collections.abc import Iterable

from .model import Package

#: The public build cache; release tags (``v0.23.1``) live under ``releases/``.
PUBLIC_MIRROR = "https://binaries.spack.io"
_BUILD_CACHE = "/build_cache/"


def mirror_url(tag: str, packages: Iterable[Package], template: str | None = None) -> str:
    """The mirror URL of ``tag``.

    A ``{tag}`` template wins. Otherwise the data decides where it can: when
    every tarball URL of the tag shares the part before ``/build_cache/``,
    that part is the mirror. Otherwise binaries.spack.io's layout:
    ``https://binaries.spack.io/<tag>`` for develop tags and
    ``https://binaries.spack.io/releases/<tag>`` for release tags.
    """
    if template:
        return template.format(tag=tag)
    roots = {
        spec.tarball.split(_BUILD_CACHE, 1)[0]
        for package in packages
        for spec in package.specs
        if spec.tarball and _BUILD_CACHE in spec.tarball
    }
    if len(roots) == 1:
        return roots.pop()
    if tag.startswith("v") and tag[1:2].isdigit():
        return f"{PUBLIC_MIRROR}/releases/{tag}"
    return f"{PUBLIC_MIRROR}/{tag}"
