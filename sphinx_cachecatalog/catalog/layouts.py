"""A mirror's index, found in either of Spack's build-cache layouts and checked.

- **v2**: ``build_cache/index.json``, with ``build_cache/index.json.hash``, the
  sha256 of its exact bytes.
- **v3** (Spack 1.0+): ``v3/manifests/index/index.manifest.json`` lists the
  index as a blob, ``blobs/<algorithm>/<checksum[:2]>/<checksum>``, whose
  sha256 must be its checksum. A manifest may list indexes of several
  database versions: the newest that :mod:`.spackdb` reads is taken.

An index that does not match its checksum is not read: it may be half written.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path

from .model import Package
from .problems import BAD_FILE, BAD_VALUE, NO_CATALOG, Problem
from .spackdb import VERSIONS

V2_INDEX = Path("build_cache", "index.json")
V3_MANIFEST = Path("v3", "manifests", "index", "index.manifest.json")
#: Where a layout-3 mirror keeps one manifest per spec, by package name.
V3_SPECS = Path("v3", "manifests", "spec")
#: The media type of a spec's tarball.
_TARBALL_MEDIA = re.compile(r"application/vnd\.spack\.install\.v\d+\.tar\+gzip")
#: The media type of an index blob, by database version.
_INDEX_MEDIA = re.compile(r"application/vnd\.spack\.db\.v(\d+)\+json")
_SIGNED = "-----BEGIN PGP SIGNED MESSAGE-----"


@dataclass(frozen=True, slots=True)
class MirrorIndex:
    """The bytes of a mirror's index and the file they are in, or the problem that stops them."""

    data: bytes | None
    path: Path
    problem: Problem | None = None


def index_file(root: Path) -> Path | None:
    """The file that says whether a mirror's index changed: v3's manifest, else v2's index."""
    for candidate in (root / V3_MANIFEST, root / V2_INDEX):
        if candidate.is_file():
            return candidate
    return None


def read_mirror(root: Path, max_size: int) -> MirrorIndex:
    """The index of the mirror at ``root``, of either layout, checked against its checksum."""
    if (root / V3_MANIFEST).is_file():
        return _v3(root, max_size)
    if (root / V2_INDEX).is_file():
        return _v2(root, max_size)
    message = f"no Spack build cache here: neither {V2_INDEX} (layout v2) nor {V3_MANIFEST} (v3)"
    return MirrorIndex(None, root, Problem(NO_CATALOG, message, str(root)))


def with_sizes(root: Path, packages: tuple[Package, ...]) -> tuple[tuple[Package, ...], list[Problem]]:
    """The packages of a layout-3 mirror with each spec's size: the ``contentLength`` of
    its tarball in the spec's manifest, where the mirror has one (else unknown)."""
    problems: list[Problem] = []
    sized = []
    for package in packages:
        specs = []
        for spec in package.specs:
            relative = spec_manifest(package.name, spec.versions[0], spec.hash)
            manifest = root / relative if relative is not None else None
            size = _tarball_size(manifest, problems) if manifest is not None and manifest.is_file() else None
            specs.append(replace(spec, size=size) if size is not None else spec)
        sized.append(replace(package, specs=tuple(specs)))
    return tuple(sized), problems


def spec_manifest(name: str, version: str, digest: str) -> Path | None:
    """Where a layout-3 mirror keeps a spec's manifest, from its root; None where the names
    would make the path leave its folder."""
    file = f"{name}-{version}-{digest}.spec.manifest.json"
    if any(("/" in part or "\\" in part or part in ("", ".", "..")) for part in (name, file)):
        return None
    return V3_SPECS / name / file


def _tarball_size(manifest: Path, problems: list[Problem]) -> int | None:
    try:
        data = json.loads(clear_signed(manifest.read_text(encoding="utf-8")))
        for record in data["data"]:
            length = record.get("contentLength")
            if (
                _TARBALL_MEDIA.fullmatch(str(record.get("mediaType", "")))
                and type(length) is int
                and length >= 0
            ):
                return length
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        pass
    problems.append(
        Problem(BAD_VALUE, "is not a spec manifest with a tarball; the spec's size is unknown", str(manifest))
    )
    return None


def read_file(path: Path, max_size: int) -> MirrorIndex:
    """An ``index.json`` named on its own."""
    data, problem = _read(path, max_size)
    return MirrorIndex(data, path, problem)


def clear_signed(text: str) -> str:
    """The text inside a PGP clear-signed message (not verified), else ``text``."""
    if not text.lstrip().startswith(_SIGNED):
        return text
    body = text.split("\n\n", 1)[1] if "\n\n" in text else ""
    body = body.split("-----BEGIN PGP SIGNATURE-----", 1)[0]
    return "\n".join(line[2:] if line.startswith("- ") else line for line in body.splitlines())


def _v2(root: Path, max_size: int) -> MirrorIndex:
    path = root / V2_INDEX
    data, problem = _read(path, max_size)
    if data is None:
        return MirrorIndex(None, path, problem)
    listed = path.with_name("index.json.hash")
    if listed.is_file():
        want = listed.read_text(encoding="ascii", errors="replace").strip()
        if hashlib.sha256(data).hexdigest() != want:
            message = f"does not match {listed.name} (sha256 {want[:12]}…); not read: it may be half written"
            return MirrorIndex(None, path, Problem(BAD_FILE, message, str(path)))
    return MirrorIndex(data, path)


def _v3(root: Path, max_size: int) -> MirrorIndex:
    manifest = root / V3_MANIFEST
    text, problem = _read(manifest, max_size)
    if text is None:
        return MirrorIndex(None, manifest, problem)
    try:
        checksum = index_checksum(text)
    except ValueError as error:
        return MirrorIndex(None, manifest, _bad(manifest, str(error)))
    blob = root / blob_path(checksum)
    index, problem = _read(blob, max_size)
    if index is None:
        return MirrorIndex(None, blob, problem)
    if hashlib.sha256(index).hexdigest() != checksum:
        return MirrorIndex(
            None, blob, _bad(blob, f"does not match the checksum that {manifest} lists; not read")
        )
    return MirrorIndex(index, blob)


def blob_path(checksum: str) -> Path:
    """Where a layout-3 mirror keeps the blob of a sha256 ``checksum``, from its root."""
    return Path("blobs", "sha256", checksum[:2], checksum)


def index_checksum(manifest: bytes) -> str:
    """The sha256 of the index that a layout-3 index manifest lists (the newest database
    version read here); a :class:`ValueError` says why, where it lists none that can be read."""
    try:
        data = json.loads(clear_signed(manifest.decode("utf-8")))
        records = [r for r in data["data"] if isinstance(r, dict)] if data.get("version") == 3 else None
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        records = None
    if records is None:
        raise ValueError("is not a layout-3 manifest ({version: 3, data: [...]})")
    readable = []
    for record in records:
        media = _INDEX_MEDIA.fullmatch(str(record.get("mediaType", "")))
        if media and media[1] in VERSIONS:
            readable.append((int(media[1]), record))
    if not readable:
        raise ValueError(f"lists no index of a database version {', '.join(VERSIONS)}")
    _, record = max(readable, key=lambda pair: pair[0])
    checksum = str(record.get("checksum", ""))
    if (
        record.get("checksumAlgorithm") != "sha256"
        or record.get("compression") != "none"
        or not re.fullmatch(r"[0-9a-f]{64}", checksum)
    ):
        raise ValueError("lists its index with a checksum or compression not read here")
    return checksum


def _read(path: Path, max_size: int) -> tuple[bytes | None, Problem | None]:
    try:
        with open(path, "rb") as stream:
            data = stream.read(max_size + 1)
    except OSError as error:
        return None, Problem(BAD_FILE, f"cannot be read: {error.strerror or error}", str(path))
    if len(data) > max_size:
        return None, _bad(path, "is larger than cachecatalog_max_file_size; not read")
    return data, None


def _bad(path: Path, message: str) -> Problem:
    return Problem(BAD_FILE, message, str(path))
