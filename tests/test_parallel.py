"""``-j 2`` gives the same output as ``-j 1``, byte for byte."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import CACHE, real_files, strip_colors


def test_parallel_build_is_byte_identical(make_app, rootdir, tmp_path):
    """A generated site of every real tag, plus hand-written pages that show and cite the same packages."""
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-pages", srcdir)
    (srcdir / "pkg").mkdir()
    for path in real_files():
        if CACHE in path.parents:
            tag, name = path.parts[-3], path.parts[-2]
            (srcdir / "pkg" / f"{tag}-{name}.rst").write_text(
                f"{tag} {name}\n{'=' * 40}\n\nSee :cache:pkg:`{tag}/{name}` and :cache:tag:`{tag}`.\n\n"
                f".. cache-package:: {name}\n   :tag: {tag}\n",
                encoding="utf-8",
            )
    (srcdir / "index.rst").write_text(
        (srcdir / "index.rst").read_text(encoding="utf-8") + "\n   cache/index\n", encoding="utf-8"
    )
    outputs = {}
    for jobs in (1, 2):
        app = make_app(
            "html",
            srcdir=srcdir,
            builddir=tmp_path / f"build-{jobs}",
            parallel=jobs,
            freshenv=True,
            confoverrides={"cachecatalog_path": str(CACHE), "cachecatalog_generate": {"tags": "all"}},
        )
        app.build()
        app.cleanup()  # the next build makes a new application in this process
        assert "WARNING" not in strip_colors(app.warning.getvalue())
        if jobs == 2:  # Sphinx really split the reading into chunks
            assert " .. " in strip_colors(app.status.getvalue())
        outdir = Path(app.outdir)
        outputs[jobs] = {
            str(p.relative_to(outdir)): p.read_bytes()
            for p in sorted(outdir.rglob("*"))
            if p.is_file() and p.suffix in {".html", ".js", ".inv", ".css"}
        }
    assert len(outputs[1]) > 60
    assert outputs[1].keys() == outputs[2].keys()
    different = [name for name in outputs[1] if outputs[1][name] != outputs[2][name]]
    assert different == []


def test_output_does_not_depend_on_hash_seed(rootdir, tmp_path):
    """Two processes with different ``PYTHONHASHSEED`` write the same bytes."""
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-roles", srcdir)
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"out-{seed}"
        command = [sys.executable, "-m", "sphinx", "-q", "-E", "-b", "html", str(srcdir), str(out)]
        command += [
            "-W",
            "-D",
            f"cachecatalog_path={CACHE / 'develop-2025-07-13'}",
            "-d",
            str(tmp_path / f"d{seed}"),
        ]
        subprocess.run(command, check=True, env=os.environ | {"PYTHONHASHSEED": seed})
        outputs.append(
            {p.name: p.read_bytes() for p in sorted(out.glob("*.html"))}
            | {
                "objects.inv": (out / "objects.inv").read_bytes(),
                "searchindex.js": (out / "searchindex.js").read_bytes(),
            }
        )
    assert outputs[0] == outputs[1]
