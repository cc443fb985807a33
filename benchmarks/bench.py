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
    parser.add_argument("--packages", type=int, default=1250)
    parser.add_argument("--specs", type=int, default=48, help="average specs per package")
    parser.add_argument("--big-specs", type=int, default=3000, help=f"specs of {BIG}, the big package")
    parser.add_argument("--filter-specs", type=int, default=5000, help="specs on the filter's page")
    parser.add_argument("--theme", default="furo")
    parser.add_argument("--jobs", nargs="+", default=["1", "auto"])
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()

    catalog = WORK / "catalog"
    packages = [*demo.generate((TAG,), args.packages, args.specs), sized_package(BIG, args.big_specs)]
    demo.write(packages, catalog)
    names = [p.name for p in packages]
    specs = sum(len(p.specs) for p in packages)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"Sphinx {sphinx.__version__}, theme {args.theme}"
    )
    print(
        f"catalog: 1 tag, {len(packages)} packages, {specs} specs "
        f"(generated; {BIG} has {args.big_specs} of them)"
    )

    load = bench_load(catalog, args.repeat)
    print(
        f"load: {load['files']} files, {load['specs']} specs in {load['load_s']} s; "
        f"json.loads of the same lines {load['json_s']} s; ratio {load['ratio']}"
    )
    index = bench_index(packages, args.repeat)
    index_within = (
        float(str(index["ratio"])) <= INDEX_TIME and float(str(index["memory_ratio"])) <= INDEX_MEMORY
    )
    print(
        f"index: a Spack index of {index['index_mb']} MB, {index['specs']} specs, "
        f"read in {index['read_s']} s; "
        f"json.loads {index['json_s']} s; ratio {index['ratio']} (target <= {INDEX_TIME}x); the catalog "
        f"holds {index['memory_mb']} MB, {index['memory_ratio']}x the file (target <= {INDEX_MEMORY}x); "
        f"{verdict(index_within)}"
    )

    sites: list[dict[str, object]] = []
    missed = not index_within
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

    html = WORK / "site" / "_build" / "html"
    weight = page_weight(catalog, html)
    tag_within = weight["tag_page_bytes"] <= TAG_PAGE_MB * 2**20
    page_within = weight["largest_page_bytes"] <= PAGE_PER_JSON * weight["specs_json_bytes"]
    missed |= not (tag_within and page_within)
    print(
        f"weight: tag page {weight['tag_page_mb']} MB (target <= {TAG_PAGE_MB:g} MB, {verdict(tag_within)}); "
        f"largest package page {weight['largest_package']} {weight['largest_page_mb']} MB, "
        f"its specs' JSON {weight['specs_json_mb']} MB, ratio {weight['ratio']} "
        f"(target <= {PAGE_PER_JSON}x, {verdict(page_within)})"
    )

    filtering = bench_filter(html, args.filter_specs, args.theme, args.repeat)
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

    results = {"load": load, "index": index, "site": sites, "weight": weight, "filter": filtering}
    (WORK / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
