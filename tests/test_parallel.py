"""``-j 2`` gives the same output as ``-j 1``, byte for byte."""

from __future__ import annotations

import shutil
from pathlib import Path

from .conftest import CACHE, real_files


def test_parallel_build_is_byte_identical(make_app, rootdir, tmp_path):
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-pages", srcdir)
    (srcdir / "pkg").mkdir()
    for path in real_files():
        if CACHE in path.parents:
            tag, name = path.parts[-3], path.parts[-2]
            (srcdir / "pkg" / f"{tag}-{name}.rst").write_text(
                f"{tag} {name}\n{'=' * 40}\n\n.. cache-package:: {name}\n   :tag: {tag}\n", encoding="utf-8"
            )
    outputs = {}
    for jobs in (1, 2):
        app = make_app(
            "html",
            srcdir=srcdir,
            builddir=tmp_path / f"build-{jobs}",
            parallel=jobs,
            freshenv=True,
            confoverrides={"cachecatalog_path": str(CACHE)},
        )
        app.build()
        app.cleanup()  # the next build makes a new application in this process
        assert "WARNING" not in app.warning.getvalue()
        outdir = Path(app.outdir)
        outputs[jobs] = {
            str(p.relative_to(outdir)): p.read_bytes()
            for p in sorted(outdir.rglob("*"))
            if p.is_file() and p.suffix in {".html", ".js", ".inv", ".css"}
        }
    assert len(outputs[1]) > 25
    assert outputs[1].keys() == outputs[2].keys()
    different = [name for name in outputs[1] if outputs[1][name] != outputs[2][name]]
    assert different == []
