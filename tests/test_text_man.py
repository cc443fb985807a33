"""Text and man output on the real data: lines a terminal shows whole, specs as Spack prints them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_cachecatalog.render.plain import columns, wrap

from .conftest import CACHE, SEED, real_tag, strip_colors

NEW = "develop-2025-07-13"
OLD = "develop-2025-06-01"
RELEASE = "v0.23.1"
PAGE = f"""\
Print
=====

.. cache-package:: py-mpi4py
   :tag: {NEW}
   :caption: MPI for Python

.. cache-package:: kokkos
   :tag: {NEW}

.. cache-specs:: adiak
   :tag: {RELEASE}

.. cache-specs:: bzip2
   :tag: {RELEASE}

.. cache-specs:: cuda
   :tag: {RELEASE}

.. cache-specs:: py-mpi4py
   :tag: {NEW}
   :limit: 3
   :columns: hash, version, compiler

.. cache-index::
   :tag: {NEW}

.. cache-index::
   :tag: {NEW}
   :columns: package, specs, versions

.. cache-stack:: e4s
   :tag: {NEW}

.. cache-tags::

.. cache-stats::
   :tag: {NEW}

.. cache-diff:: {OLD} {NEW}
"""
#: Widest line a terminal reader gets, but for a line that is one value alone.
MAX_COLUMNS = 100
#: Man's escapes in the pages Sphinx writes, undone.
MAN_ESCAPES = {"\\-": "-", "\\(aq": "'", "\\(dq": '"', "\\(ga": "`", "\\e": "\\", "\\&": "", "\\ ": " "}


def build(tmp_path: Path, builder: str, page: str = PAGE, **conf: object) -> tuple[str, str]:
    """Build ``page`` with ``builder``; the output as text and the warnings."""
    srcdir = tmp_path / f"src-{builder}"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text('extensions = ["sphinx_cachecatalog"]\n', encoding="utf-8")
    (srcdir / "index.rst").write_text(page, encoding="utf-8")
    conf.setdefault("cachecatalog_path", [str(CACHE)])
    conf.update(project="print", version="1", copyright="the authors")  # EPUB wants them
    app = SphinxTestApp(builder, srcdir=srcdir, confoverrides=conf)
    try:
        app.build()
        out = Path(app.outdir)
        files = sorted(out.glob("*.1" if builder == "man" else "index.txt"))
        text = files[0].read_text(encoding="utf-8") if files else ""
        return text, strip_colors(app.warning.getvalue())
    finally:
        app.cleanup()


def unman(page: str) -> str:
    """A man page's source with Sphinx's escapes undone."""
    for escape, char in MAN_ESCAPES.items():
        page = page.replace(escape, char)
    return page


@pytest.fixture(scope="module", params=["text", "man"])
def output(request, tmp_path_factory) -> tuple[str, str]:
    builder = request.param
    text, warnings = build(tmp_path_factory.mktemp(builder), builder)
    assert "WARNING" not in warnings, warnings
    return builder, unman(text) if builder == "man" else text


def expected_first_line(name: str, spec: dict[str, Any]) -> str:
    """The Spack form of a spec, from the YAML read independently."""
    parts = [f"/{spec['hash'][:7]}", f"{name}@{','.join(spec['versions'])}"]
    if spec["compiler"] not in ("", "none"):
        parts.append(f"%{spec['compiler']}")
    parts.append(f"arch={spec['platform']}-{spec['os']}-{spec['target']}")
    return " ".join(parts)


def is_one_value(line: str) -> bool:
    """A line that is a single URL or value, which may be as long as it is."""
    return len(line.split()) == 1


def test_no_line_is_wider_than_a_terminal_unless_it_is_one_value(output):
    builder, text = output
    lines = (
        [line for line in text.splitlines() if not line.startswith(".")]
        if builder == "man"
        else text.splitlines()
    )
    too_wide = [line for line in lines if len(line) > MAX_COLUMNS and not is_one_value(line)]
    assert too_wide == []


def test_every_spec_is_printed_the_way_spack_prints_it(output):
    _, text = output
    lines = {line.strip() for line in text.splitlines()}
    tag = real_tag(NEW)
    for name in ("py-mpi4py", "kokkos"):
        for spec in tag[name]["spec_details"]:
            assert expected_first_line(name, spec) in lines, spec["hash"]
            # its variants follow on lines of their own, every one whole
            for variant in spec["variants"]:
                assert re.search(rf"(^|\s){re.escape(variant)}(\s|$)", text, re.MULTILINE), variant


def test_no_value_is_split(output):
    _, text = output
    assert "ml-linux- aarch64" not in text
    assert "intel-oneapi- compilers" not in text
    words = set(text.split())
    for tag in (NEW, OLD):
        for front in real_tag(tag).values():
            for spec in front["spec_details"]:
                for stack in spec["stacks"]:
                    assert stack in words or stack + "," in words, stack
    # Sphinx's text writer breaks after hyphens, leaving a line that ends in one
    assert [line for line in text.splitlines() if re.search(r"\w-$", line)] == []


def test_tarball_urls_are_whole_on_their_own_lines(output):
    _, text = output
    lines = {line.strip() for line in text.splitlines()}
    for name in ("adiak", "bzip2", "cuda"):
        for spec in real_tag(RELEASE)[name]["spec_details"]:
            assert spec["tarball"] in lines
    assert "download" not in text


def test_limit_and_columns_are_kept(output):
    _, text = output
    assert "Showing 3 of 24." in text
    short = [
        line.strip() for line in text.splitlines() if re.fullmatch(r"\s*/\w{7} py-mpi4py@\S+ %\S+", line)
    ]
    assert len(short) == 3  # hash, version and compiler only: no arch, no variants
    assert re.search(r"^\s*Package\s+Specs\s+Versions\s*$", text, re.MULTILINE)


def test_aligned_tables_and_records(output):
    _, text = output
    tag = real_tag(NEW)
    assert re.search(
        rf"^\s*{NEW}\s+{NEW.removeprefix('develop-')}\s+{len(tag)}\s+"
        rf"{sum(len(f['spec_details']) for f in tag.values())}\s",
        text,
        re.M,
    )
    assert "Packages changed from develop-2025-06-01 to develop-2025-07-13" in text
    # too wide for columns: one record per package, a field per line
    assert re.search(r"^\s+kokkos\n\s+Specs: 41\n\s+Versions: 4\.6\.01, ", text, re.MULTILINE)


def test_seed_file_in_text(tmp_path):
    text, warnings = build(
        tmp_path, "text", "Seed\n====\n\n.. cache-package:: py-mpi4py\n", cachecatalog_path=str(SEED)
    )
    assert "WARNING" not in warnings
    front = (SEED / "develop" / "py-mpi4py" / "specs.md").read_text(encoding="utf-8")
    hashes = re.findall(r'"hash": "(\w+)"', front)
    assert len(hashes) == 91
    assert all(f"/{h[:7]} py-mpi4py@" in text for h in hashes)


@pytest.mark.parametrize("builder", ["man", "epub", "singlehtml"])
def test_other_builders_build_the_real_data_without_warnings(tmp_path, builder):
    _, warnings = build(tmp_path, builder)
    assert "WARNING" not in warnings, warnings


@pytest.mark.skipif(shutil.which("man") is None, reason="man is not installed")
def test_man_shows_the_page(tmp_path):
    page, _ = build(tmp_path, "man")
    path = tmp_path / "page.1"
    path.write_text(page, encoding="utf-8")
    man = shutil.which("man")
    assert man is not None
    environ = {**os.environ, "MANWIDTH": "100"}
    shown = subprocess.run(
        [man, "-l", str(path)], capture_output=True, text=True, check=True, env=environ
    ).stdout
    first = expected_first_line("py-mpi4py", real_tag(NEW)["py-mpi4py"]["spec_details"][0])
    assert first in shown
    assert "ml-linux-aarch64-cuda" in shown


@pytest.mark.parametrize("builder", ["text", "man"])
def test_hostile_values_stand_alone_on_their_lines(tmp_path, builder):
    from .test_pdf import write_hostile

    write_hostile(tmp_path / "catalog")
    page = "Hostile\n=======\n\n.. cache-package:: hostile\n   :tag: develop\n"
    text, warnings = build(tmp_path, builder, page, cachecatalog_path=str(tmp_path / "catalog"))
    assert "WARNING" not in warnings, warnings
    lines = [line.strip() for line in (unman(text) if builder == "man" else text).splitlines()]
    assert "+" + "x" * 10_240 in lines  # a 10 KB value, whole and alone
    words = {word for line in lines for word in line.split()}
    odd = "名前=日本語 emoji=😀🚀 rtl=שלום-עולם arabic=مرحبا combining=e\u0301\u0302\u0303 letters=αβγĦħſ\u2032\u2033"
    assert set(odd.split()) <= words
    assert all(terminal_width(line) <= MAX_COLUMNS or len(line.split()) == 1 for line in lines)


def test_a_value_too_long_for_a_line_stands_alone_under_its_label():
    long = "ml-" + "x" * 120
    assert wrap([long, "root"], ", ", 90, "    Stacks: ", "        ") == [
        "    Stacks:",
        f"        {long},",
        "        root",
    ]
    assert wrap(["a", long], ", ", 90, "    Stacks: ", "        ") == ["    Stacks: a,", f"        {long}"]
    assert wrap(["+a", "~b"], " ", 90, "    ") == ["    +a ~b"]


def terminal_width(line: str) -> int:
    """Columns a terminal gives ``line``, counted apart from the code under test."""
    return sum(
        0 if unicodedata.combining(char) else 2 if unicodedata.east_asian_width(char) in "WF" else 1
        for char in line
    )


def test_wide_characters_take_two_columns():
    assert columns("e4s-日本") == 8
    assert columns("e\u0301") == 1
    assert wrap(["日本語日本語", "ab"], ", ", 16, "x: ") == ["x: 日本語日本語,", "   ab"]
    assert wrap(["日本語日本語", "ab"], ", ", 15, "x: ") == ["x:", "   日本語日本語,", "   ab"]
