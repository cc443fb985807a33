"""Benchmarks of sphinx-cachecatalog, as ratios against baselines measured in the same run.

``make bench`` runs them all. Each build is a fresh ``sphinx-build`` process;
each measurement is the best of ``--repeat`` runs, alternating the subject
and its baseline so that both see the same machine.

- **site**: the generated catalog site of one tag (``--packages`` packages,
  about 48 specs each) against the same number of empty ``:orphan:`` pages
  in the same structure, with the same theme: Sphinx's floor for that many
  pages. Targets: at most 2.8x the floor with ``-j 1``, 2.1x with ``-j auto``.
  The catalog also holds one big package, ``bigpkg``, with ``--big-specs``
  specs (3,000). Reported with it: the **cost per spec row**, (site - floor)
  / the specs the site shows, one row each on its package's page.
- **weight**: the built site's pages, uncompressed. Targets: the tag page
  (``cache/<tag>/index.html``) at most 1 MB; the largest package page at
  most 1.5x the JSON of the specs it shows (their ``spec_details:`` lines).
- **filter**: per keystroke, in headless Chromium (``/usr/bin/chromium``,
  driven by Playwright; skipped without it), the time from the ``input``
  event to the next animation frame, typing a query into the first filter
  box of a page with 5,000 specs of one package (``--filter-specs``) and of
  the site's tag page; each keystroke the best of ``--repeat`` fresh pages.
  Target: at most 50 ms each, worst keystroke included.
- **load**: reading the catalog files into the model against
  ``json.loads`` of the same JSON lines (the least any reader must do).
- **index**: reading a Spack index of the same catalog (database 8, made by
  the generator, with compilers as dependencies and dependency edges)
  against ``json.loads`` of the same bytes, target at most 1.5x; and the
  memory the catalog read from it holds, target at most 2x the file's size.
- **history**: the scale of a history across tags, ``--history-tags`` (7) tags
  of ``--packages`` packages (about 418,000 specs), made by the generator.
  Loading it (:class:`CatalogLoader`) against ``json.loads`` of the same
  lines, and the memory the loaded catalog holds (tracemalloc); then a build
  of one page, ``cache-stats`` with ``:tag: all``, against the same project
  with an empty page and no catalog: the time it adds, against the same
  ``json.loads`` (target at most 2x), and the peak memory (RSS) it adds
  (target at most 250 MB).

- **packages**: the site with one page per package across the history's
  tags (``"pages": "package"``) against as many empty ``:orphan:`` pages,
  by ``-j``. Target: at most 3x the floor.

``--only`` runs some of them (``--only history`` while working on the reader).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import sphinx

from sphinx_cachecatalog.catalog import demo
from sphinx_cachecatalog.catalog.loader import CatalogLoader
from sphinx_cachecatalog.catalog.model import Package
from sphinx_cachecatalog.catalog.spackdb import read_index

HERE = Path(__file__).parent
WORK = HERE / "_work"
TAG = "develop"
#: Reading a Spack index against json.loads of it, and the catalog's memory against its bytes, at most.
INDEX_TIME = 1.5
INDEX_MEMORY = 2.0
#: The site's build time against the floor's, at most, by ``-j``.
TARGETS = {"1": 2.8, "auto": 2.1}
#: The big package, in the site and (with more specs) alone on the filter page.
BIG = "bigpkg"
#: Page weight targets: the tag page, and a package page against its specs' JSON.
TAG_PAGE_MB = 1.0
PAGE_PER_JSON = 1.5
#: The history's catalog: a release, dated snapshots and the rolling tag, as the public cache has.
HISTORY_TAGS = (
    "v0.23.1",
    "develop-2025-08-10",
    "develop-2025-09-07",
    "develop-2025-10-05",
    "develop-2025-11-02",
    "develop-2025-11-30",
    "develop",
)
#: A build with a ``cache-stats :tag: all`` page, over an empty one: at most this many times
#: ``json.loads`` of the catalog's lines, and at most this many MB more memory.
HISTORY_TIME = 2.0
HISTORY_MEMORY_MB = 250
PARTS = ("load", "index", "site", "filter", "history", "packages")
#: The site of one page per package across tags, against as many empty pages, at most.
PACKAGES_TARGET = 3.0
#: The filter's target per keystroke, and the queries typed.
KEYSTROKE_MS = 50.0
PACKAGES_QUERY = "py- compiler:gcc"


def sized_package(name: str, count: int) -> Package:
    """A generated package of exactly ``count`` specs (the generator's count is an average)."""
    package = demo.generate_package(name, TAG, count)
    if len(package.specs) < count:
        package = demo.generate_package(name, TAG, count * count // len(package.specs) + 1)
    return dataclasses.replace(package, specs=package.specs[:count])


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
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"the build of {project} failed:\n{done.stderr.strip()[-3000:]}")
    return seconds, done.stderr.strip()


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


def json_floor(files: list[Path]) -> float:
    """Seconds to read ``files`` and ``json.loads`` their ``meta`` and ``spec_details``
    lines: the least any reader of them must do."""
    start = time.perf_counter()
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith(("meta: ", "spec_details: ")):
                json.loads(line.partition(": ")[2])
    return time.perf_counter() - start


def bench_load(catalog: Path, repeat: int) -> dict[str, object]:
    files = sorted(catalog.rglob("specs.md"))
    baseline, ours = [], []
    for _ in range(repeat):
        baseline.append(json_floor(files))
        start = time.perf_counter()
        result = CatalogLoader().load([catalog])
        ours.append(time.perf_counter() - start)
        del result
    tracemalloc.start()
    result = CatalogLoader().load([catalog])
    held, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    specs = sum(p.summary.num_specs for p in result.catalog.packages.values())
    return {
        "files": len(files),
        "specs": specs,
        "json_s": round(min(baseline), 3),
        "load_s": round(min(ours), 3),
        "ratio": round(min(ours) / min(baseline), 2),
        "held_mb": round(held / 2**20, 1),
        "peak_mb": round(peak / 2**20, 1),
    }


#: Runs sphinx-build in this process, then prints the process's peak RSS (``VmHWM``, in kB).
#: Read in the process itself: a child's ``ru_maxrss`` starts from its parent's peak, which
#: here is the benchmark's own (``fork`` and ``exec`` carry it over on Linux).
_PEAK_RSS = """
import sys
from sphinx.cmd.build import main
code = main(sys.argv[1:])
try:
    with open("/proc/self/status", encoding="ascii") as status:
        peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
except OSError:
    import resource
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print("peak-rss-kb", peak)
sys.exit(code)
"""


def build_measured(project: Path) -> tuple[float, float]:
    """Wall time of a fresh ``-j 1`` HTML build, and the peak memory (RSS, MB) of its process."""
    out = project / "_build"
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-c", _PEAK_RSS, "-q", "-b", "html", "-j", "1", str(project)]
    command += [str(out / "html"), "-d", str(out / "doctrees")]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    said = done.stderr.strip()
    if done.returncode or said:
        raise SystemExit(f"the build of {project} failed or warned:\n{said[-3000:]}")
    peak = next(line.split()[1] for line in done.stdout.splitlines() if line.startswith("peak-rss-kb "))
    return seconds, int(peak) / 1024


def bench_history(catalog: Path, repeat: int) -> dict[str, object]:
    """Loading the history's catalog against the JSON floor, and a build of one
    ``cache-stats :tag: all`` page against an empty build."""
    load = bench_load(catalog, repeat)
    stats, empty = WORK / "history-stats", WORK / "history-empty"
    for project in (stats, empty):
        shutil.rmtree(project, ignore_errors=True)
        project.mkdir(parents=True)
    (stats / "conf.py").write_text(
        f'extensions = ["sphinx_cachecatalog"]\ncachecatalog_path = {str(catalog)!r}\n', encoding="utf-8"
    )
    (stats / "index.rst").write_text("Stats\n=====\n\n.. cache-stats::\n   :tag: all\n", encoding="utf-8")
    (empty / "conf.py").write_text('extensions = ["sphinx_cachecatalog"]\n', encoding="utf-8")
    (empty / "index.rst").write_text("Stats\n=====\n\nEmpty.\n", encoding="utf-8")
    empty_runs, stats_runs = [], []
    for _ in range(repeat):
        empty_runs.append(build_measured(empty))
        stats_runs.append(build_measured(stats))
    empty_s, stats_s = min(run[0] for run in empty_runs), min(run[0] for run in stats_runs)
    empty_mb, stats_mb = min(run[1] for run in empty_runs), min(run[1] for run in stats_runs)
    json_s = float(str(load["json_s"]))
    return {
        "load": load,
        "empty_s": round(empty_s, 2),
        "stats_s": round(stats_s, 2),
        "added_s": round(stats_s - empty_s, 2),
        "added_ratio": round((stats_s - empty_s) / json_s, 2),
        "empty_rss_mb": round(empty_mb),
        "stats_rss_mb": round(stats_mb),
        "added_rss_mb": round(stats_mb - empty_mb),
    }


def bench_index(packages: list[Package], repeat: int) -> dict[str, object]:
    """Reading a Spack index of the catalog's size (database 8, made by the generator)
    against ``json.loads`` of the same bytes; the catalog's memory against the file's size."""
    data = json.dumps(demo.spack_index(packages)).encode()
    baseline, ours = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        json.loads(data)
        baseline.append(time.perf_counter() - start)
        start = time.perf_counter()
        read = read_index(data, "index.json", TAG, "e4s")
        ours.append(time.perf_counter() - start)
    del read
    tracemalloc.start()
    kept = read_index(data, "index.json", TAG, "e4s")
    memory, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "index_mb": round(len(data) / 2**20, 1),
        "specs": sum(len(p.specs) for p in kept.packages),
        "json_s": round(min(baseline), 3),
        "read_s": round(min(ours), 3),
        "ratio": round(min(ours) / min(baseline), 2),
        "memory_mb": round(memory / 2**20, 1),
        "memory_ratio": round(memory / len(data), 2),
    }


def page_weight(catalog: Path, html: Path) -> dict[str, Any]:
    """The tag page's size, and the largest package page's against its specs' JSON."""
    pages = html / "cache" / TAG
    tag_page = (pages / "index.html").stat().st_size
    largest = max((p for p in pages.glob("*.html") if p.name != "index.html"), key=lambda p: p.stat().st_size)
    prefix = "spec_details: "
    lines = (catalog / TAG / largest.stem / "specs.md").read_text(encoding="utf-8").splitlines()
    json_bytes = sum(len(line[len(prefix) :].encode()) for line in lines if line.startswith(prefix))
    page = largest.stat().st_size
    return {
        "tag_page_mb": round(tag_page / 2**20, 2),
        "tag_page_bytes": tag_page,
        "largest_package": largest.stem,
        "largest_page_mb": round(page / 2**20, 2),
        "largest_page_bytes": page,
        "specs_json_mb": round(json_bytes / 2**20, 2),
        "specs_json_bytes": json_bytes,
        "ratio": round(page / json_bytes, 2),
    }


def make_filter_project(count: int, theme: str) -> tuple[Path, str]:
    """A project of one page: the specs of one package of ``count`` specs, alone in
    its own catalog; returns the project and a query that finds some of them."""
    project, catalog = WORK / "filter", WORK / "filter-catalog"
    for folder in (project, catalog):
        shutil.rmtree(folder, ignore_errors=True)
    package = sized_package(BIG, count)
    demo.write([package], catalog)
    project.mkdir(parents=True)
    (project / "conf.py").write_text(
        'extensions = ["sphinx_cachecatalog"]\n'
        f'html_theme = "{theme}"\n'
        f"cachecatalog_path = {str(catalog)!r}\n",
        encoding="utf-8",
    )
    title = f"{BIG}, {count} specs"
    (project / "index.rst").write_text(
        f"{title}\n{'=' * len(title)}\n\n.. cache-specs:: {BIG}\n   :tag: {TAG}\n", encoding="utf-8"
    )
    spec = package.specs[len(package.specs) // 2]  # a compiler's major version and an OS it built on
    return project, f"{spec.compiler.partition('.')[0]} os:{spec.os}"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """``folder`` over HTTP on 127.0.0.1; yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


#: One keystroke: the box's new value, the ``input`` event, and the next frame; in ms,
#: the whole of it and its synchronous part (the handler).
KEYSTROKE = """async (value) => {
  const input = document.querySelector("input.cachecatalog-filter");
  input.value = value;
  const start = performance.now();
  input.dispatchEvent(new Event("input"));
  const handled = performance.now();
  await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
  return [performance.now() - start, handled - start];
}"""
#: After loading: what the page leaves for when it is idle (reading the rows) is done,
#: as it is before a reader's first keystroke.
IDLE = "() => new Promise((done) => (window.requestIdleCallback || setTimeout)(done))"
#: What the first table shows after the query: rows in the page, and its count.
SHOWN = """() => ({
  rows: document.querySelector("tbody[data-noun]").rows.length,
  count: document.querySelector(".cachecatalog-count").textContent,
})"""


def type_query(browser: Any, url: str, query: str) -> tuple[list[list[float]], dict[str, Any], list[str]]:
    """Type ``query`` one character at a time into the first filter box of a fresh page:
    each keystroke's times, what the table shows at the end, and the page's errors."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    page.wait_for_selector("input.cachecatalog-filter")
    page.evaluate(IDLE)
    page.evaluate(KEYSTROKE, "")  # warm-up: clear the box
    times = [page.evaluate(KEYSTROKE, query[: n + 1]) for n in range(len(query))]
    shown = page.evaluate(SHOWN)
    context.close()
    return times, shown, errors


def time_keystrokes(browser: Any, url: str, query: str, repeat: int) -> dict[str, Any]:
    """Each keystroke's best time over ``repeat`` fresh pages; the median and the worst of them."""
    runs = [type_query(browser, url, query) for _ in range(repeat)]
    best = [min(run[0][n][0] for run in runs) for n in range(len(query))]
    handler = [min(run[0][n][1] for run in runs) for n in range(len(query))]
    _, shown, _ = runs[-1]
    return {
        "query": query,
        "keystrokes": len(best),
        "median_ms": round(statistics.median(best), 1),
        "worst_ms": round(max(best), 1),
        "times_ms": [round(t, 1) for t in best],
        "handler_median_ms": round(statistics.median(handler), 1),
        "handler_worst_ms": round(max(handler), 1),
        "rows_in_page": shown["rows"],
        "count": shown["count"],
        "errors": [error for run in runs for error in run[2]],
    }


def bench_filter(site_html: Path, count: int, theme: str, repeat: int) -> dict[str, Any]:
    """Keystrokes on a page of ``count`` specs and on the site's tag page; ``skipped`` says
    why when there is no Chromium to drive."""
    sys.path.insert(0, str(HERE.parent))  # the repository's tests package: its Chromium and arguments
    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    if not CHROMIUM.is_file():
        return {"skipped": f"no Chromium at {CHROMIUM} (Debian package chromium)"}
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        return {"skipped": f"Playwright is not installed ({error})"}
    project, query = make_filter_project(count, theme)
    seconds, warned = build_seconds(project, "1")
    urls = {
        f"{count:,} specs": ("filter/_build/html/index.html", query),
        "tag page": (f"{site_html.relative_to(WORK).as_posix()}/cache/{TAG}/index.html", PACKAGES_QUERY),
    }
    pages: dict[str, Any] = {}
    with served(WORK) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for name, (path, typed) in urls.items():
                pages[name] = time_keystrokes(browser, base + path, typed, repeat)
        finally:
            browser.close()
    return {"specs": count, "build_s": round(seconds, 2), "warnings": warned, "pages": pages}


def verdict(within: bool) -> str:
    return "within" if within else "OVER"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--only", nargs="+", choices=PARTS, default=list(PARTS), help="the parts to run")
    parser.add_argument("--packages", type=int, default=1250)
    parser.add_argument("--specs", type=int, default=48, help="average specs per package")
    parser.add_argument("--big-specs", type=int, default=3000, help=f"specs of {BIG}, the big package")
    parser.add_argument("--filter-specs", type=int, default=5000, help="specs on the filter's page")
    parser.add_argument("--history-tags", nargs="+", default=list(HISTORY_TAGS), help="the history's tags")
    parser.add_argument("--theme", default="furo")
    parser.add_argument("--jobs", nargs="+", default=["1", "auto"])
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    parts = set(args.only)

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"Sphinx {sphinx.__version__}, theme {args.theme}"
    )
    results: dict[str, object] = {}
    missed = False
    if parts & {"load", "index", "site", "filter"}:
        missed |= run_site_parts(args, parts, results)
    if "history" in parts:
        missed |= run_history(args, results)
    if "packages" in parts:
        missed |= run_packages(args, results)
    (WORK / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 1 if missed else 0


def run_history(args: argparse.Namespace, results: dict[str, object]) -> bool:
    """The history part; whether it missed a target."""
    catalog = WORK / "history-catalog"
    packages = demo.generate(args.history_tags, args.packages, args.specs)
    demo.write(packages, catalog)
    specs = sum(len(p.specs) for p in packages)
    print(
        f"history catalog: {len(args.history_tags)} tags, {len(packages)} packages, {specs} specs (generated)"
    )
    history = bench_history(catalog, args.repeat)
    results["history"] = history
    load = history["load"]
    assert isinstance(load, dict)
    print(
        f"history load: {load['files']} files, {load['specs']} specs in {load['load_s']} s; "
        f"json.loads of the same lines {load['json_s']} s; ratio {load['ratio']}; "
        f"the catalog holds {load['held_mb']} MB (peak {load['peak_mb']} MB while loading)"
    )
    time_within = float(str(history["added_ratio"])) <= HISTORY_TIME
    memory_within = float(str(history["added_rss_mb"])) <= HISTORY_MEMORY_MB
    print(
        f"history build: one cache-stats :tag: all page {history['stats_s']} s, an empty page "
        f"{history['empty_s']} s: {history['added_s']} s more, {history['added_ratio']}x json.loads "
        f"(target <= {HISTORY_TIME}x, {verdict(time_within)}); peak memory {history['stats_rss_mb']} MB "
        f"against {history['empty_rss_mb']} MB: {history['added_rss_mb']} MB more "
        f"(target <= {HISTORY_MEMORY_MB} MB, {verdict(memory_within)})"
    )
    return not (time_within and memory_within)


def run_packages(args: argparse.Namespace, results: dict[str, object]) -> bool:
    """The site of one page per package across the history's tags; whether it missed its target."""
    catalog = WORK / "history-catalog"
    demo.write(demo.generate(args.history_tags, args.packages, args.specs), catalog)
    names = sorted({path.parent.name for path in catalog.glob("*/*/specs.md")})
    floor, site = WORK / "packages-floor", WORK / "packages-site"
    for project in (floor, site):
        shutil.rmtree(project, ignore_errors=True)
        (project / "cache" / "packages").mkdir(parents=True)
        (project / "index.rst").write_text("Home\n====\n\n.. toctree::\n\n   cache/index\n", encoding="utf-8")
    (floor / "conf.py").write_text(f'html_theme = "{args.theme}"\n', encoding="utf-8")
    (floor / "cache" / "index.rst").write_text("Build cache\n===========\n", encoding="utf-8")
    for name in names:
        page = f":orphan:\n\n{name}\n{'=' * len(name)}\n\nEmpty.\n"
        (floor / "cache" / "packages" / f"{name}.rst").write_text(page, encoding="utf-8")
    (site / "conf.py").write_text(
        'extensions = ["sphinx_cachecatalog"]\n'
        f'html_theme = "{args.theme}"\n'
        f"cachecatalog_path = {str(catalog)!r}\n"
        'cachecatalog_generate = {"tags": "all", "dir": "cache", "pages": "package"}\n',
        encoding="utf-8",
    )
    missed = False
    for jobs in args.jobs:
        floor_s = min(build_seconds(floor, jobs)[0] for _ in range(args.repeat))
        site_s = min(build_seconds(site, jobs)[0] for _ in range(args.repeat))
        ratio = round(site_s / floor_s, 2)
        within = ratio <= PACKAGES_TARGET
        missed |= not within
        results[f"packages_j{jobs}"] = {
            "floor_s": round(floor_s, 2),
            "site_s": round(site_s, 2),
            "ratio": ratio,
        }
        print(
            f"packages -j {jobs}: {len(names)} package pages over {len(args.history_tags)} tags "
            f"{site_s:.1f} s, as many empty pages {floor_s:.1f} s: ratio {ratio} "
            f"(target <= {PACKAGES_TARGET}, {verdict(within)})"
        )
    return missed


def run_site_parts(args: argparse.Namespace, parts: set[str], results: dict[str, object]) -> bool:
    """The parts on the catalog of one tag; whether one missed a target."""
    catalog = WORK / "catalog"
    packages = [*demo.generate((TAG,), args.packages, args.specs), sized_package(BIG, args.big_specs)]
    demo.write(packages, catalog)
    names = [p.name for p in packages]
    specs = sum(len(p.specs) for p in packages)
    print(
        f"catalog: 1 tag, {len(packages)} packages, {specs} specs "
        f"(generated; {BIG} has {args.big_specs} of them)"
    )

    missed = False
    if "load" in parts:
        load = bench_load(catalog, args.repeat)
        results["load"] = load
        print(
            f"load: {load['files']} files, {load['specs']} specs in {load['load_s']} s; "
            f"json.loads of the same lines {load['json_s']} s; ratio {load['ratio']}"
        )
    if "index" in parts:
        index = bench_index(packages, args.repeat)
        results["index"] = index
        index_within = (
            float(str(index["ratio"])) <= INDEX_TIME and float(str(index["memory_ratio"])) <= INDEX_MEMORY
        )
        missed |= not index_within
        print(
            f"index: a Spack index of {index['index_mb']} MB, {index['specs']} specs, "
            f"read in {index['read_s']} s; "
            f"json.loads {index['json_s']} s; ratio {index['ratio']} (target <= {INDEX_TIME}x); the catalog "
            f"holds {index['memory_mb']} MB, {index['memory_ratio']}x the file (target <= {INDEX_MEMORY}x); "
            f"{verdict(index_within)}"
        )
    html = WORK / "site" / "_build" / "html"
    if "site" in parts:
        missed |= run_site(args, catalog, names, specs, results)
    if "filter" in parts:
        missed |= run_filter(args, html, results)
    return missed


def run_site(
    args: argparse.Namespace, catalog: Path, names: list[str], specs: int, results: dict[str, object]
) -> bool:
    """The site's builds and its pages' weight; whether one missed a target."""
    sites: list[dict[str, object]] = []
    missed = False
    for jobs in args.jobs:
        site = bench_site(catalog, names, args.theme, jobs, args.repeat)
        assert isinstance(site["site_s"], float)
        assert isinstance(site["floor_s"], float)
        site["spec_rows"] = specs
        site["us_per_spec_row"] = round((site["site_s"] - site["floor_s"]) / specs * 1e6, 1)
        sites.append(site)
        ratio = site["ratio"]
        assert isinstance(ratio, float)
        target = TARGETS.get(jobs, TARGETS["auto"])
        missed |= ratio > target
        print(
            f"site -j {jobs}: {site['site_s']} s; floor {site['floor_s']} s; ratio {site['ratio']} "
            f"({verdict(ratio <= target)} the {target}x target); {site['html_mb']} MB of HTML; "
            f"{site['us_per_spec_row']} us per spec row ({specs} rows); "
            f"{'no warnings' if not site['warnings'] else site['warnings']}"
        )
    results["site"] = sites

    weight = page_weight(catalog, WORK / "site" / "_build" / "html")
    results["weight"] = weight
    tag_within = weight["tag_page_bytes"] <= TAG_PAGE_MB * 2**20
    page_within = weight["largest_page_bytes"] <= PAGE_PER_JSON * weight["specs_json_bytes"]
    missed |= not (tag_within and page_within)
    print(
        f"weight: tag page {weight['tag_page_mb']} MB (target <= {TAG_PAGE_MB:g} MB, {verdict(tag_within)}); "
        f"largest package page {weight['largest_package']} {weight['largest_page_mb']} MB, "
        f"its specs' JSON {weight['specs_json_mb']} MB, ratio {weight['ratio']} "
        f"(target <= {PAGE_PER_JSON}x, {verdict(page_within)})"
    )
    return missed


def run_filter(args: argparse.Namespace, html: Path, results: dict[str, object]) -> bool:
    """Keystrokes in Chromium, on the site's tag page (built by the site part); whether one
    missed its target."""
    if not (html / "cache" / TAG / "index.html").is_file():
        print("filter: skipped: the site is not built (run with --only site filter)")
        return False
    filtering = bench_filter(html, args.filter_specs, args.theme, args.repeat)
    results["filter"] = filtering
    missed = False
    if "skipped" in filtering:
        print(f"filter: skipped: {filtering['skipped']}")
    else:
        if filtering["warnings"]:
            print(f"filter: the {args.filter_specs:,}-spec page warned: {filtering['warnings']}")
        for name, timed in filtering["pages"].items():
            within = timed["worst_ms"] <= KEYSTROKE_MS
            missed |= not within or bool(timed["errors"])
            print(
                f"filter: {name}: median {timed['median_ms']} ms, worst {timed['worst_ms']} ms "
                f"over {timed['keystrokes']} keystrokes (target <= {KEYSTROKE_MS:g} ms, {verdict(within)}); "
                f"the handler alone median {timed['handler_median_ms']} ms, "
                f"worst {timed['handler_worst_ms']} ms; "
                f"{timed['query']!r} shows {timed['count']!r}, {timed['rows_in_page']} rows in the page"
                + (f"; page errors: {timed['errors']}" if timed["errors"] else "")
            )
    return missed


if __name__ == "__main__":
    sys.exit(main())
