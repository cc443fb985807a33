"""Shared fixtures: Sphinx's testing fixtures, the test roots and the real data."""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

pytest_plugins = ("sphinx.testing.fixtures",)

HERE = Path(__file__).parent
#: The real public data, shared by every checkout (see its README); never copied here.
DATA = Path(os.environ.get("CACHECATALOG_DATA", HERE.parent.parent / "shared" / "data")).resolve()
SEED = DATA / "seed"
SEED_FILE = SEED / "develop" / "py-mpi4py" / "specs.md"
CACHE = DATA / "cache.spack.io" / "_cache"


def pytest_sessionstart(session: pytest.Session) -> None:
    """The tests need the real data: fail at once, never skip, when it is missing."""
    if not SEED_FILE.is_file() or not CACHE.is_dir():
        raise pytest.UsageError(f"the real data is missing: expected it at {DATA} (set CACHECATALOG_DATA)")


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return HERE / "roots"


def real_files() -> list[Path]:
    """Every real specs.md file."""
    return sorted(DATA.glob("**/specs.md"))


def read_independently(path: Path) -> dict[str, Any]:
    """A file's front matter read with plain PyYAML: the expected values' source."""
    text = path.read_text(encoding="utf-8")
    front: dict[str, Any] = yaml.safe_load(text.split("---")[1])
    return front


def expected_stacks(front: dict[str, Any]) -> Counter[str]:
    return Counter(stack for spec in front["spec_details"] for stack in spec["stacks"])


_WARNING = re.compile(r"WARNING: (?P<message>.*?) \[cachecatalog\.(?P<subtype>[\w-]+)\]$")


def warnings_by_subtype(text: str) -> dict[str, list[str]]:
    """This extension's warnings in Sphinx's warning output, by subtype."""
    found: dict[str, list[str]] = {}
    for line in strip_colors(text).splitlines():
        match = _WARNING.search(line)
        if match:
            found.setdefault(match["subtype"], []).append(line)
    return found


def strip_colors(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def soup_of(app: Any, page: str = "index.html") -> BeautifulSoup:
    """A built HTML page, parsed."""
    return BeautifulSoup((Path(app.outdir) / page).read_text(encoding="utf-8"), "html.parser")


def rows_of(table: Tag) -> list[list[str]]:
    """The text of each cell of each row, white space folded."""
    return [
        [" ".join(c.get_text().split()) for c in tr.find_all(["td", "th"])] for tr in table.find_all("tr")
    ]


def build_page(make_app: Any, tmp_path: Path, body: str, builder: str = "html", **conf: Any) -> Any:
    """Build a one-page project whose page is ``body``; returns the application."""
    srcdir = tmp_path / f"src-{builder}"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text('extensions = ["sphinx_cachecatalog"]\n', encoding="utf-8")
    (srcdir / "index.rst").write_text(f"Page\n====\n\n{body}", encoding="utf-8")
    conf.setdefault("cachecatalog_path", str(CACHE))
    app = make_app(builder, srcdir=srcdir, confoverrides=conf)
    app.build()
    return app


def real_tag(tag: str) -> dict[str, dict[str, Any]]:
    """Every real package of ``tag``, read independently: name to front matter."""
    return {path.parts[-2]: read_independently(path) for path in sorted((CACHE / tag).glob("*/specs.md"))}


def spec_entry(**changes: Any) -> dict[str, Any]:
    """A valid spec_details entry, with ``changes``."""
    entry = {
        "compiler": "gcc@11.4.0",
        "hash": "a" * 32,
        "os": "ubuntu22.04",
        "platform": "linux",
        "size": "-",
        "stacks": ["e4s", "root"],
        "target": "x86_64_v3",
        "variants": ["+mpi"],
        "versions": ["1.0"],
    }
    entry.update(changes)
    return entry


def text_of(
    details: object = None, meta: object = None, title: str = '"demo"', tag: str = "develop", extra: str = ""
) -> str:
    """A catalog file in the cache.spack.io format, one valid spec unless ``details`` says."""
    lines = ["---", f"title: {title}", "layout: cache", f"categories: [package, {tag}]"]
    if meta is not None:
        lines.append(f"meta: {json.dumps(meta)}")
    lines.append(f"spec_details: {json.dumps([spec_entry()] if details is None else details)}")
    return "\n".join([*lines, *([extra] if extra else []), "---"])
