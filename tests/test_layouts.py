"""Mirrors of both Spack layouts as sources: the index found, its checksum checked."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from sphinx_cachecatalog.catalog.layouts import V2_INDEX, V3_MANIFEST, clear_signed, read_mirror
from sphinx_cachecatalog.catalog.problems import BAD_FILE, NO_CATALOG

from .conftest import build_page, rows_of, soup_of, warnings_by_subtype
from .test_catalog_spackdb import MIRRORS, V8, installs, made, node

SIGNED_V2 = MIRRORS / "v2_layout" / "signed"


def v3_mirror(root: Path, indexes: dict[str, bytes], checksum: str | None = None) -> Path:
    """A layout-3 mirror as Spack writes one: each index a blob, listed by media type."""
    records = []
    for media, data in indexes.items():
        digest = hashlib.sha256(data).hexdigest()
        blob = root / "blobs" / "sha256" / digest[:2] / digest
        blob.parent.mkdir(parents=True, exist_ok=True)
        blob.write_bytes(data)
        records.append(
            {
                "contentLength": len(data),
                "mediaType": media,
                "compression": "none",
                "checksumAlgorithm": "sha256",
                "checksum": checksum or digest,
            }
        )
    manifest = root / V3_MANIFEST
    manifest.parent.mkdir(parents=True)
    manifest.write_text(json.dumps({"version": 3, "data": records}), encoding="utf-8")
    return root


def test_the_v2_layout_with_its_hash_file() -> None:
    index = SIGNED_V2 / V2_INDEX
    assert (
        hashlib.sha256(index.read_bytes()).hexdigest()
        == (SIGNED_V2 / "build_cache" / "index.json.hash").read_text()
    )
    found = read_mirror(SIGNED_V2, 1 << 20)
    assert (found.data, found.path, found.problem) == (index.read_bytes(), index, None)


def test_a_v2_index_that_does_not_match_its_hash_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "build_cache").mkdir()
    (tmp_path / V2_INDEX).write_bytes(V8.read_bytes() + b" ")
    (tmp_path / "build_cache" / "index.json.hash").write_text(hashlib.sha256(V8.read_bytes()).hexdigest())
    found = read_mirror(tmp_path, 1 << 20)
    assert found.data is None
    assert found.problem is not None
    assert (found.problem.subtype, found.problem.message.split(" (")[0]) == (
        BAD_FILE,
        "does not match index.json.hash",
    )


def test_the_v3_layout_takes_the_newest_index_it_reads(tmp_path: Path) -> None:
    v8 = V8.read_bytes()
    v9 = made({"abc123": node("nine", "abc123")})
    v3_mirror(
        tmp_path,
        {
            "application/vnd.spack.db.v8+json": v8,
            "application/vnd.spack.db.v9+json": v9,
            "application/vnd.spack.db.v10+json": b"from the future",
        },
    )
    found = read_mirror(tmp_path, 1 << 20)
    assert found.data == v9
    assert found.path.parent.parent.name == "sha256"


def test_a_v3_blob_that_does_not_match_its_checksum_is_not_read(tmp_path: Path) -> None:
    v3_mirror(tmp_path, {"application/vnd.spack.db.v8+json": V8.read_bytes()}, checksum="0" * 64)
    found = read_mirror(tmp_path, 1 << 20)
    assert found.data is None
    assert found.problem is not None
    assert found.problem.subtype == BAD_FILE


def test_a_folder_without_a_cache_says_what_it_looked_for(tmp_path: Path) -> None:
    found = read_mirror(tmp_path, 1 << 20)
    assert found.problem is not None
    assert found.problem.subtype == NO_CATALOG
    assert "build_cache/index.json" in found.problem.message
    assert "v3/manifests/index/index.manifest.json" in found.problem.message


def test_clear_signed_text_is_read_without_its_signature() -> None:
    signed = '-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n{"version": 3}\n- -----BEGIN\n-----BEGIN PGP SIGNATURE-----\nxyz\n'
    assert clear_signed(signed) == '{"version": 3}\n-----BEGIN'
    assert clear_signed('{"version": 3}') == '{"version": 3}'


def libelf_page(make_app: Any, tmp_path: Path, mirror: Path) -> Any:
    """A page of libelf's specs, from ``mirror`` as the source of develop's e4s stack."""
    return build_page(
        make_app,
        tmp_path,
        ".. cache-specs:: libelf\n",
        cachecatalog_path=[],
        cachecatalog_sources=[{"mirror": str(mirror), "tag": "develop", "stack": "e4s"}],
    )


@pytest.mark.parametrize("layout", ["v2", "v3"])
def test_mirrors_of_both_layouts_feed_the_directives(make_app, tmp_path: Path, layout: str) -> None:
    mirror = (
        SIGNED_V2
        if layout == "v2"
        else v3_mirror(tmp_path / "mirror", {"application/vnd.spack.db.v8+json": V8.read_bytes()})
    )
    app = libelf_page(make_app, tmp_path, mirror)
    assert warnings_by_subtype(app.warning.getvalue()) == {}
    want = {k for k, r in installs(V8).items() if r["in_buildcache"] and r["spec"]["name"] == "libelf"}
    table = soup_of(app).select_one("table.cachecatalog-specs tbody")
    assert table is not None
    assert {row[0] for row in rows_of(table)} == want


def spec_manifest(root: Path, name: str, version: str, digest: str, size: int, signed: bool = False) -> None:
    """The manifest of one spec in a layout-3 mirror: its spec file and its tarball, as blobs."""
    records = [
        {"contentLength": 1234, "mediaType": "application/vnd.spack.spec.v5+json", "compression": "gzip",
         "checksumAlgorithm": "sha256", "checksum": "a" * 64},
        {"contentLength": size, "mediaType": "application/vnd.spack.install.v2.tar+gzip", "compression": "gzip",
         "checksumAlgorithm": "sha256", "checksum": "b" * 64},
    ]  # fmt: skip
    text = json.dumps({"version": 3, "data": records})
    if signed:
        text = f"-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n{text}\n-----BEGIN PGP SIGNATURE-----\nxyz\n"
    path = root / "v3" / "manifests" / "spec" / name / f"{name}-{version}-{digest}.spec.manifest.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_a_v3_mirror_gives_each_spec_its_tarball_size(make_app, tmp_path: Path) -> None:
    mirror = v3_mirror(tmp_path / "mirror", {"application/vnd.spack.db.v8+json": V8.read_bytes()})
    entries = {
        k: r["spec"] for k, r in installs(V8).items() if r["in_buildcache"] and r["spec"]["name"] == "libelf"
    }
    sizes = dict(zip(sorted(entries), (3 * 2**20, 512), strict=True))
    for n, (key, size) in enumerate(sizes.items()):
        spec_manifest(mirror, "libelf", entries[key]["version"], key, size, signed=n == 1)
    broken = tmp_path / "mirror" / "v3" / "manifests" / "spec" / "libdwarf"
    broken.mkdir(parents=True)
    some_libdwarf = next(
        k for k, r in installs(V8).items() if r["in_buildcache"] and r["spec"]["name"] == "libdwarf"
    )
    (broken / f"libdwarf-20130729-{some_libdwarf}.spec.manifest.json").write_text(
        "{not json", encoding="utf-8"
    )
    app = libelf_page(make_app, tmp_path, mirror)
    (warning,) = warnings_by_subtype(app.warning.getvalue())["bad-value"]
    assert "is not a spec manifest with a tarball; the spec's size is unknown" in warning
    assert shown_sizes(app) == sizes


def shown_sizes(app: Any) -> dict[str, int]:
    """The size of each spec in the page's spec table, in bytes, by hash."""
    table = soup_of(app).select_one("table.cachecatalog-specs tbody")
    assert table is not None
    shown = {}
    for tr in table.select("tr"):
        code, cell = tr.select_one("code"), tr.select_one("td[data-value]")
        assert code is not None
        assert cell is not None
        shown[code.get_text()] = int(str(cell["data-value"]))
    return shown
