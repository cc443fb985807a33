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

With ``sizes``, a layout-3 copy also gets the manifest of each spec that its
index lists (``v3/manifests/spec/<name>/<name>-<version>-<hash>.spec.manifest.json``),
whose tarball's ``contentLength`` :func:`.layouts.with_sizes` reads. A manifest
does not change once written for its hash, so one in the copy is never asked
again, nor one the mirror said it does not have (remembered in the copy); a
manifest that cannot be fetched is asked again by the next fetch. Layout 2 has
no spec manifests: its sizes stay unknown.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from urllib.parse import quote

from .layouts import (
    V2_INDEX,
    V3_MANIFEST,
    blob_path,
    clear_signed,
    index_checksum,
    index_file,
    read_mirror,
    spec_manifest,
)
from .model import ROOT_STACK
from .problems import Problem
from .spackdb import read_index

#: A mirror that could not be fetched, or whose index failed its checksum.
FETCH = "fetch"
_STAMP = ".fetched"
_ETAG = "index.json.etag"
#: The hashes whose spec manifest the mirror does not have, one a line.
_ABSENT = "spec-manifests.absent"
#: How many spec manifests are asked for at once.
_WORKERS = 8
#: Failures in a row, with no manifest between, after which the rest are not asked this time.
_GIVE_UP = 4 * _WORKERS


@dataclass(frozen=True, slots=True)
class Fetched:
    """The local copy of a mirror to read, what went wrong, and what to say without a warning."""

    folder: Path | None
    problems: tuple[Problem, ...] = ()
    said: str | None = None
    #: How many spec manifests were downloaded; None where none were asked for (no ``sizes``,
    #: layout 2, or no fresh index).
    manifests: int | None = None
    #: Whether the index is the mirror's of now (unchanged or downloaded), not an earlier copy.
    current: bool = False


class FetchError(Exception):
    """A mirror that did not give a usable index this time: ``unreachable``, or wrong."""

    def __init__(self, message: str, unreachable: bool = False, reason: str | None = None) -> None:
        super().__init__(message)
        self.unreachable = unreachable
        #: Why the server could not be reached at all (no answer), where that is the failure.
        self.reason = reason


def copy_folder(cache: Path, url: str) -> Path:
    """The folder of ``cache`` that holds the copy of the mirror at ``url``: one per URL."""
    return cache / hashlib.sha256(url.encode()).hexdigest()[:16]


def fetch_into(
    url: str,
    folder: Path,
    *,
    timeout: float,
    max_age: float,
    max_size: int,
    verify: bool = True,
    sizes: bool = False,
    now: Callable[[], float] = time.time,
    progress: Callable[[int, int], None] | None = None,
) -> Fetched:
    """Bring the copy of the mirror at ``url`` in ``folder`` up to date, and say which copy to read.

    ``timeout`` (seconds) and ``max_size`` (bytes) bound each request; ``max_age``
    (seconds) is how long the last copy is used without a problem when the
    mirror is out of reach. With ``sizes``, the spec manifests of a layout-3
    mirror that the copy lacks are fetched too, and ``progress(done, total)``
    is called before the first is asked and as each answers.
    """
    client = _Client(timeout, max_size, verify)
    try:
        try:
            layout3 = _refresh(url.rstrip("/"), folder, client)
        except FetchError as error:
            return _earlier_copy(url, folder, error, max_age, now())
        _write(folder / _STAMP, str(now()).encode())
        if not sizes or not layout3:  # layout 2 has no spec manifests
            return Fetched(folder, current=True)
        fetched, problem = _spec_manifests(url, folder, client, progress)
    except OSError as error:  # a cache folder that cannot be written
        message = f"the copy cannot be written in {folder} ({error.strerror or error})"
        return Fetched(folder if index_file(folder) else None, (Problem(FETCH, message, url),))
    return Fetched(folder, (problem,) if problem else (), manifests=fetched, current=True)


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

    def get(
        self, url: str, etag: str | None = None, absent: tuple[int, ...] = (404,)
    ) -> tuple[int, bytes, str | None]:
        """``(status, body, etag)``; 304 and the ``absent`` codes are answers (an S3 bucket says
        403 for a file it does not have), other failures :class:`FetchError`."""
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
            if error.code == 304 or error.code in absent:
                return 404 if error.code in absent else 304, b"", None
            raise FetchError(f"{url} answered {error.code} {error.reason}", unreachable=True) from error
        except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as error:
            reason = str(getattr(error, "reason", error))[:200] or type(error).__name__
            message = f"{url} cannot be reached ({reason})"
            raise FetchError(message, unreachable=True, reason=reason) from error


def _refresh(url: str, folder: Path, client: _Client) -> bool:
    """Bring the index up to date; whether the mirror is of layout 3."""
    try:
        status, manifest, _ = client.get(f"{url}/{V3_MANIFEST.as_posix()}", absent=(403, 404))
    except FetchError as error:  # the first request: say the mirror, not a layout's file in it
        if error.reason is None:
            raise
        raise FetchError(f"the mirror {url} cannot be reached ({error.reason})", unreachable=True) from error
    if status == 200:
        _refresh_v3(url, folder, client, manifest)
        return True
    _refresh_v2(url, folder, client)
    return False


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


def _spec_manifests(
    url: str, folder: Path, client: _Client, progress: Callable[[int, int], None] | None
) -> tuple[int, Problem | None]:
    """Fetch the spec manifests that the copy lacks, a few at a time: how many came, and a
    problem that says how many could not be fetched, if any did not."""
    wanted = _listed_manifests(folder, client.max_size)
    absent_file = folder / _ABSENT
    try:
        known_absent = set(absent_file.read_text(encoding="ascii").split())
    except (OSError, ValueError):
        known_absent = set()
    absent = known_absent & wanted.keys()  # a hash that left the index is forgotten
    todo = [(digest, path) for digest, path in sorted(wanted.items()) if digest not in absent]
    todo = [(digest, path) for digest, path in todo if not (folder / path).is_file()]
    total = len(todo)
    if progress is not None:
        progress(0, total)
    fetched = failed = answered = in_a_row = 0
    first_failure = ""
    queue = iter(todo)
    pending: dict[Future[str | None], str] = {}
    pool = ThreadPoolExecutor(max_workers=_WORKERS, thread_name_prefix="cachecatalog-fetch")
    try:
        while True:
            if in_a_row < _GIVE_UP:  # else the mirror stopped answering: ask no more
                for digest, path in islice(queue, 2 * _WORKERS - len(pending)):
                    pending[pool.submit(_fetch_manifest, url, folder, path, client)] = digest
            if not pending:
                break
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=pending.__getitem__):
                digest = pending.pop(future)
                outcome = future.result()
                answered += 1
                in_a_row = in_a_row + 1 if outcome not in (None, _NOT_THERE) else 0
                if outcome is None:
                    fetched += 1
                elif outcome == _NOT_THERE:
                    absent.add(digest)
                else:
                    failed += 1
                    first_failure = first_failure or outcome
                if progress is not None:
                    progress(answered, total)
    finally:
        pool.shutdown(cancel_futures=True)
        if absent != known_absent:
            _write(absent_file, "".join(f"{digest}\n" for digest in sorted(absent)).encode("ascii"))
    failed += total - answered  # never asked, once the mirror stopped answering
    if not failed:
        return fetched, None
    message = (
        f"{failed} of {total} spec manifests could not be fetched ({first_failure}); "
        "the sizes of those specs are unknown, and the next build asks for them again"
    )
    return fetched, Problem(FETCH, message, url)


def _listed_manifests(folder: Path, max_size: int) -> dict[str, Path]:
    """The manifest of each spec in the copy's index, by hash, from the mirror's root."""
    found = read_mirror(folder, max_size)
    if found.data is None:
        return {}  # the loader says why the copy cannot be read
    wanted = {}
    for package in read_index(found.data, str(found.path), "fetch", ROOT_STACK).packages:
        for spec in package.specs:
            path = spec_manifest(package.name, spec.versions[0], spec.hash)
            if path is not None:
                wanted[spec.hash] = path
    return wanted


#: What :func:`_fetch_manifest` says of a manifest that the mirror does not have.
_NOT_THERE = "404"


def _fetch_manifest(url: str, folder: Path, relative: Path, client: _Client) -> str | None:
    """Fetch one spec manifest into the copy: None when it came, :data:`_NOT_THERE`, or why not."""
    url = url.rstrip("/")
    try:
        status, body, _ = client.get(f"{url}/{quote(relative.as_posix())}")
        if status == 404:
            return _NOT_THERE
        if status != 200 or not _is_manifest(body):
            return f"{url}/{relative.as_posix()} is not a spec manifest"
        _write(folder / relative, body)
    except FetchError as error:
        return str(error)
    except OSError as error:
        return f"{folder / relative} cannot be written ({error.strerror or error})"
    return None


def _is_manifest(body: bytes) -> bool:
    """Whether ``body`` is a layout-3 manifest (``{"data": [...]}``, maybe clear-signed)."""
    try:
        data = json.loads(clear_signed(body.decode("utf-8")))
    except (ValueError, RecursionError):
        return False
    return isinstance(data, dict) and isinstance(data.get("data"), list)


def _write(path: Path, data: bytes) -> None:
    """Write whole or not at all: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    partial.write_bytes(data)
    partial.replace(path)
