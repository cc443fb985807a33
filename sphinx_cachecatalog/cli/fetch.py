"""``fetch``: a mirror's index downloaded into a folder that then reads as a mirror."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..catalog.fetch import fetch_into
from ..catalog.layouts import V2_INDEX, V3_MANIFEST, index_checksum
from ..catalog.loader import CatalogLoader
from ..catalog.sources import IndexSource
from .commands import said
from .sources import DEFAULT_STACK, DEFAULT_TAG, MAX_AGE, Progress, UsageError, counted


def fetch(args: argparse.Namespace) -> int:
    """Bring ``--out`` up to date with the mirror at URL; exit 1 when it gave no usable index."""
    if not args.url.startswith(("http://", "https://")):
        raise UsageError(f"{args.url}: fetch takes a mirror's http(s) URL")
    progress = Progress()
    before = _identity(args.out)
    progress.say(f"fetching the index of {args.url}")
    fetched = fetch_into(
        args.url,
        args.out,
        timeout=args.timeout,
        max_age=MAX_AGE,
        max_size=args.max_file_size,
        sizes=args.sizes,
        progress=progress.counter("fetching spec manifests"),
    )
    progress.clear()
    for problem in fetched.problems:
        print(said(problem), file=sys.stderr)
    if fetched.said:
        print(f"sphinx-cachecatalog fetch: {fetched.said}", file=sys.stderr)
    if fetched.folder is None:
        return 1
    source = IndexSource(fetched.folder, DEFAULT_TAG, DEFAULT_STACK, mirror=True, url=args.url)
    result = CatalogLoader(args.max_file_size).load([], [source])
    for problem in result.problems:
        print(said(problem), file=sys.stderr)
    specs = [spec for package in result.catalog.packages.values() for spec in package.specs]
    layout = "v3" if (fetched.folder / V3_MANIFEST).is_file() else "v2"
    failed = not fetched.current
    if failed:
        state = "not fetched this time, the copy here is kept"
    elif before is not None and before == _identity(args.out):
        state = "index unchanged"
    else:
        state = "index downloaded"
    sizes = ""
    if args.sizes and layout == "v3":
        sizes = f", {sum(spec.size is not None for spec in specs)} with sizes"
    elif args.sizes:
        sizes = ", no sizes (layout v2 has no spec manifests)"
    print(
        f"{args.out}: layout {layout}, {state}: {counted(len(result.catalog), 'package')}, "
        f"{counted(len(specs), 'spec')}{sizes}",
        file=sys.stderr,
    )
    return 1 if failed or fetched.problems or result.problems else 0


def _identity(folder: Path) -> str | None:
    """What names the copy's index: v3's checksum, else v2's modification time and size."""
    if (folder / V3_MANIFEST).is_file():
        try:
            return index_checksum((folder / V3_MANIFEST).read_bytes())
        except (OSError, ValueError):
            return None
    if (folder / V2_INDEX).is_file():
        stat = (folder / V2_INDEX).stat()
        return f"{stat.st_mtime_ns}:{stat.st_size}"
    return None
