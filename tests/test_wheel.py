"""A release ships what pages need: the wheel, installed where nothing else of the project
is importable, builds a page whose catalog tables have their stylesheet and script."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

from .conftest import CACHE

ROOT = Path(__file__).parent.parent
#: The environment of the commands: nothing on PYTHONPATH may bring the project's sources in.
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}


def test_the_wheel_alone_builds_a_page_with_its_assets(tmp_path):
    dist = tmp_path / "dist"
    # no network: the build backend of the test environment, no isolation, no dependencies
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-build-isolation",
            "--no-deps",
            "-q",
            "-w",
            str(dist),
            str(ROOT),
        ],
        check=True,
        env=ENV | {"PIP_NO_INDEX": "1"},
    )
    (wheel,) = dist.glob("sphinx_cachecatalog-*.whl")
    shipped = set(zipfile.ZipFile(wheel).namelist())
    static = {name for name in shipped if name.startswith("sphinx_cachecatalog/static/")}
    assert "sphinx_cachecatalog/static/cachecatalog.css" in static
    assert "sphinx_cachecatalog/texinputs/sphinxcachecatalog.sty" in shipped

    # a fresh environment that sees the test environment's packages (Sphinx and the
    # rest) as a plain path, so that the project's editable install is not active there
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
            env=ENV,
        ).stdout.strip()
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
    )
    (site / "test-environment.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    where = subprocess.run(
        [str(python), "-c", "import sphinx_cachecatalog; print(sphinx_cachecatalog.__file__)"],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=ENV,
    ).stdout.strip()
    assert Path(where).is_relative_to(site)

    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        f'extensions = ["sphinx_cachecatalog"]\ncachecatalog_path = {str(CACHE)!r}\n', encoding="utf-8"
    )
    (src / "index.rst").write_text(
        "Page\n====\n\n.. cache-package:: zlib-ng\n   :tag: develop-2025-07-13\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    subprocess.run(
        [str(python), "-m", "sphinx", "-W", "-q", "-b", "html", str(src), str(out)],
        check=True,
        cwd=tmp_path,
        env=ENV,
    )
    page = (out / "index.html").read_text(encoding="utf-8")
    for name in sorted(static):
        asset = Path(name).name
        if asset.endswith((".css", ".js")):
            assert (out / "_static" / asset).is_file(), asset
    assert "_static/cachecatalog.css" in page
