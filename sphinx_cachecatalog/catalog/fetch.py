"""Mirrors over HTTP: the index fetched into a local copy that :mod:`.layouts` reads.

The copy keeps the mirror's layout (only the files that lead to the index),
in a folder of its own under the cache folder. Each fetch asks first what
each layout offers cheaply: v2's ``index.json.hash``, v3's manifest (whose
checksum names the index blob), and the ``ETag`` of ``index.json``; the
index itself is downloaded only when it changed, and written only once it
matches its checksum. When the mirror cannot be reached, or sends an index
that fails its checksum, the last copy stays in use: without a problem while
it is younger than ``max_age``, with a ``fetch`` problem naming its age
after that, and with one saying the source is empty when there is no copy.
Proxies come from the standard environment variables; certificates from the
system's store, unless ``verify`` is off.
"""

from __future__ import annotations

import hashlib
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .layouts import V2_INDEX, V3_MANIFEST, blob_path, index_checksum, index_file
from .problems import Problem

#: A mirror that could not be fetched, or whose index failed its checksum.
FETCH = "fetch"
_STAMP = ".fetched"
_ETAG = "index.json.etag"


@dataclass(frozen=True, slots=True)
class Fetched:
    """The local copy of a mirror to read, what went wrong, and what to say without a warning."""

    folder: Path | None
    problems: tuple[Problem, ...] = ()
    said: str | None = None


class FetchError(Exception):
    """A mirror that did not give a usable index this time: ``unreachable``, or wrong."""

    def __init__(self, message: str, unreachable: bool = False) -> None:
        super().__init__(message)
        self.unreachable = unreachable


def fetch_mirror(
    url: str,
    cache: Path,
    *,
    timeout: float,
    max_age: float,
    max_size: int,
    verify: bool = True,
    now: Callable[[], float] = time.time,
) -> Fetched:
    """Bring the local copy of the mirror at ``url`` up to date, and say which copy to read."""
    folder = cache / hashlib.sha256(url.encode()).hexdigest()[:16]
    try:
        _refresh(url.rstrip("/"), folder, _Client(timeout, max_size, verify))
    except FetchError as error:
        return _earlier_copy(url, folder, error, max_age, now())
    _write(folder / _STAMP, str(now()).encode())
    return Fetched(folder)


def _earlier_copy(url: str, folder: Path, error: FetchError, max_age: float, now: float) -> Fetched:
    """The last copy, when the mirror gave none this time; said without a problem only while
    it is young and the mirror was merely out of reach (a wrong index is always said)."""
    why = str(error)
    if index_file(folder) is None:
        message = f"{why}; there is no earlier copy, so this source is empty"
        return Fetched(None, (Problem(FETCH, message, url),))
    try:
        age = now - float((folder / _STAMP).read_text(encoding="ascii"))
    except (OSError, ValueError):
        age = float("inf")
    said = f"{why}; using the copy fetched {_age(age)} ago"
    if age <= max_age and error.unreachable:
        return Fetched(folder, (), f"{url}: {said}")
    return Fetched(folder, (Problem(FETCH, said, url),))


def _age(seconds: float) -> str:
    if seconds == float("inf"):
        return "at an unknown time"
    if seconds >= 2 * 86400:
        return f"{seconds / 86400:.0f} days"
    if seconds >= 2 * 3600:
        return f"{seconds / 3600:.0f} hours"
    return f"{max(seconds, 0) / 60:.0f} minutes"


class _Client:
    """GET with a time limit, a size limit, the system's certificates and the environment's proxies."""

    def __init__(self, timeout: float, max_size: int, verify: bool) -> None:
        self.timeout = timeout
        self.max_size = max_size
        context = ssl.create_default_context()
        if not verify:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        self.opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=context))

    def get(self, url: str, etag: str | None = None) -> tuple[int, bytes, str | None]:
        """``(status, body, etag)``; 404 and 304 are answers, other failures :class:`FetchError`."""
        if not url.startswith(("https://", "http://")):
            raise FetchError(f"{url} is not an http(s) URL")
        headers = {"If-None-Match": etag} if etag else {}
        request = urllib.request.Request(url, headers=headers)  # noqa: S310 - http(s) only, checked above
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                body = response.read(self.max_size + 1)
                if len(body) > self.max_size:
                    raise FetchError(f"{url} is larger than cachecatalog_max_file_size")
                return response.status, body, response.headers.get("ETag")
        except urllib.error.HTTPError as error:
            if error.code in (304, 404):
                return error.code, b"", None
            raise FetchError(f"{url} answered {error.code} {error.reason}", unreachable=True) from error
        except (urllib.error.URLError, OSError, ValueError) as error:
            reason = getattr(error, "reason", error)
            raise FetchError(f"{url} cannot be reached ({reason})", unreachable=True) from error


def _refresh(url: str, folder: Path, client: _Client) -> None:
    status, manifest, _ = client.get(f"{url}/{V3_MANIFEST.as_posix()}")
    if status == 200:
        _refresh_v3(url, folder, client, manifest)
    else:
        _refresh_v2(url, folder, client)


def _refresh_v3(url: str, folder: Path, client: _Client, manifest: bytes) -> None:
    try:
        checksum = index_checksum(manifest)
    except ValueError as error:
        raise FetchError(f"{url}/{V3_MANIFEST.as_posix()} {error}") from error
    blob = folder / blob_path(checksum)
    if not blob.is_file():  # an index already here is the one the manifest names: unchanged
        status, index, _ = client.get(f"{url}/{blob_path(checksum).as_posix()}")
        if status != 200 or hashlib.sha256(index).hexdigest() != checksum:
            raise FetchError(f"{url}: the index does not match the checksum that its manifest lists")
        _write(blob, index)
    _write(folder / V3_MANIFEST, manifest)


def _refresh_v2(url: str, folder: Path, client: _Client) -> None:
    index_url = f"{url}/{V2_INDEX.as_posix()}"
    status, listed, _ = client.get(index_url + ".hash")
    want = listed.decode("ascii", "replace").strip() if status == 200 else None
    local = folder / V2_INDEX
    if want is not None and local.is_file() and hashlib.sha256(local.read_bytes()).hexdigest() == want:
        return  # unchanged, by its hash
    etag_file = folder / _ETAG
    etag = etag_file.read_text(encoding="utf-8") if etag_file.is_file() and local.is_file() else None
    status, index, new_etag = client.get(index_url, etag)
    if status == 304:
        return  # unchanged, by its ETag
    if status != 200:
        raise FetchError(
            f"{url} is no Spack build cache: no {V2_INDEX.as_posix()} and no {V3_MANIFEST.as_posix()}"
        )
    if want is not None and hashlib.sha256(index).hexdigest() != want:
        raise FetchError(f"{index_url} does not match its index.json.hash")
    _write(local, index)
    if want is not None:
        _write(local.with_name("index.json.hash"), want.encode())
    if new_etag:
        _write(etag_file, new_etag.encode())


def _write(path: Path, data: bytes) -> None:
    """Write whole or not at all: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    partial.write_bytes(data)
    partial.replace(path)
