"""Benchmarks of sphinx-cachecatalog, as ratios against baselines measured in the same run.

``make bench`` runs them all. Each build is a fresh ``sphinx-build`` process;
each measurement is the best of ``--repeat`` runs, alternating the subject
and its baseline so that both see the same machine.

- **site**: the generated catalog site of one tag (``--packages`` packages,
  about 48 specs each) against the same number of empty ``:orphan:`` pages
  in the same structure, with the same theme: Sphinx's floor for that many
  pages. Target: at most 3x the floor, with ``-j 1`` and ``-j auto``.
- **load**: reading the catalog files into the model against
  ``json.loads`` of the same JSON lines (the least any reader must do).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

import sphinx

from sphinx_cachecatalog.catalog import demo
from sphinx_cachecatalog.catalog.loader import CatalogLoader

HERE = Path(__file__).parent
WORK = HERE / "_work"
TAG = "develop"
TARGET = 3.0


def make_projects(catalog: Path, names: list[str], theme: str) -> tuple[Path, Path]:
    """The floor (empty orphan pages) and the site (generated from the catalog)."""
    floor, site = WORK / "floor", WORK / "site"
    for project in (floor, site):
        shutil.rmtree(project, ignore_errors=True)
        project.mkdir(parents=True)
        (project / "index.rst").write_text("Home\n====\n\n.. toctree::\n\n   cache/index\n", encoding="utf-8")
    (floor / "conf.py").write_text(f'html_theme = "{theme}"\n', encoding="utf-8")
    pages = floor / "cache" / TAG
    pages.mkdir(parents=True)
    (floor / "cache" / "index.rst").write_text(
        f"Build cache\n===========\n\n.. toctree::\n\n   {TAG}/index\n", encoding="utf-8"
    )
    links = "\n".join(f"* :doc:`{name}`" for name in names)
    (pages / "index.rst").write_text(f"Tag {TAG}\n{'=' * (4 + len(TAG))}\n\n{links}\n", encoding="utf-8")
    for name in names:
        (pages / f"{name}.rst").write_text(
            f":orphan:\n\n{name}\n{'=' * len(name)}\n\nEmpty.\n", encoding="utf-8"
        )
    (site / "conf.py").write_text(
        'extensions = ["sphinx_cachecatalog"]\n'
        f'html_theme = "{theme}"\n'
        f"cachecatalog_path = {str(catalog)!r}\n"
        f'cachecatalog_generate = {{"tags": ["{TAG}"], "dir": "cache"}}\n',
        encoding="utf-8",
    )
    return floor, site


def build_seconds(project: Path, jobs: str) -> tuple[float, str]:
    """Wall time of a fresh HTML build, and what it warned."""
    out = project / "_build"
    shutil.rmtree(out, ignore_errors=True)
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-q",
        "-b",
        "html",
        "-j",
        jobs,
        str(project),
        str(out / "html"),
    ]
    command += ["-d", str(out / "doctrees")]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return time.perf_counter() - start, done.stderr.strip()


def bench_site(catalog: Path, names: list[str], theme: str, jobs: str, repeat: int) -> dict[str, object]:
    floor, site = make_projects(catalog, names, theme)
    floor_times, site_times, warnings = [], [], []
    for _ in range(repeat):
        seconds, warned = build_seconds(floor, jobs)
        floor_times.append(seconds)
        seconds, warned = build_seconds(site, jobs)
        site_times.append(seconds)
        warnings += [warned] if warned else []
    best_floor, best_site = min(floor_times), min(site_times)
    html = site / "_build" / "html"
    size = sum(p.stat().st_size for p in html.rglob("*.html"))
    return {
        "jobs": jobs,
        "floor_s": round(best_floor, 2),
        "site_s": round(best_site, 2),
        "ratio": round(best_site / best_floor, 2),
        "html_mb": round(size / 2**20, 1),
        "warnings": warnings,
    }


def bench_load(catalog: Path, repeat: int) -> dict[str, object]:
    files = sorted(catalog.rglob("specs.md"))
    baseline, ours = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        for path in files:
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.startswith(("meta: ", "spec_details: ")):
                    json.loads(line.partition(": ")[2])
        baseline.append(time.perf_counter() - start)
        start = time.perf_counter()
        result = CatalogLoader().load([catalog])
        ours.append(time.perf_counter() - start)
    specs = sum(p.summary.num_specs for p in result.catalog.packages.values())
    return {
        "files": len(files),
        "specs": specs,
        "json_s": round(min(baseline), 3),
        "load_s": round(min(ours), 3),
        "ratio": round(min(ours) / min(baseline), 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--packages", type=int, default=1250)
    parser.add_argument("--specs", type=int, default=48, help="average specs per package")
    parser.add_argument("--theme", default="furo")
    parser.add_argument("--jobs", nargs="+", default=["1", "auto"])
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()

    catalog = WORK / "catalog"
    packages = demo.generate((TAG,), args.packages, args.specs)
    demo.write(packages, catalog)
    names = [p.name for p in packages]
    specs = sum(len(p.specs) for p in packages)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"Sphinx {sphinx.__version__}, theme {args.theme}"
    )
    print(f"catalog: 1 tag, {len(packages)} packages, {specs} specs (generated)")

    load = bench_load(catalog, args.repeat)
    print(
        f"load: {load['files']} files, {load['specs']} specs in {load['load_s']} s; "
        f"json.loads of the same lines {load['json_s']} s; ratio {load['ratio']}"
    )

    sites: list[dict[str, object]] = []
    missed = False
    for jobs in args.jobs:
        site = bench_site(catalog, names, args.theme, jobs, args.repeat)
        sites.append(site)
        ratio = site["ratio"]
        assert isinstance(ratio, float)
        verdict = "within" if ratio <= TARGET else "OVER"
        missed |= verdict == "OVER"
        print(
            f"site -j {jobs}: {site['site_s']} s; floor {site['floor_s']} s; ratio {site['ratio']} "
            f"({verdict} the {TARGET}x target); {site['html_mb']} MB of HTML; "
            f"{'no warnings' if not site['warnings'] else site['warnings']}"
        )
    results = {"load": load, "site": sites}
    (WORK / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
