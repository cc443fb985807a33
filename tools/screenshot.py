"""Make ``docs/_static/filtered-table.png``: a spec table filtered in the browser.

The picture shows py-numpy's specs of the browser tests' site (``tests/browser.py``),
built with furo, filtered to "the gcc 13 builds for aarch64 in the ml stacks": the
filter box with the query's words as chips, the "N of M specs" count and the rows.
It builds the site into a temporary folder, serves it on 127.0.0.1 and takes the
picture with Playwright driving Debian's Chromium (never a downloaded browser); no
other network. Refresh it with ``make screenshot``.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = Path("docs/_static/filtered-table.png")
#: The question the picture answers, as the filter's words.
QUERY = "compiler:gcc@13 target:aarch64 stack:ml"
VIEWPORT = {"width": 1200, "height": 900}
COUNT = re.compile(r"^(\d+) of (\d+) specs$")
#: Left out of the picture: the package's summary above the specs (wider than the column, so cut).
HIDE = ".cachecatalog-summary { display: none !important; }"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve(folder: Path) -> ThreadingHTTPServer:
    """Serve ``folder`` on 127.0.0.1 at a free port, in a thread of its own."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def shoot(url: str, output: Path, chromium: Path, chromium_args: list[str]) -> str:
    """Open ``url``, wait for the filtered view, and save the catalog block; returns the count."""
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=chromium_args)
        try:
            context = browser.new_context(
                viewport={"width": VIEWPORT["width"], "height": VIEWPORT["height"]},
                device_scale_factor=1,
                color_scheme="light",
                reduced_motion="reduce",
            )
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(url)
            table = page.locator("table.cachecatalog-specs").first
            block = table.locator(
                "xpath=ancestor::*[contains(concat(' ', @class, ' '), ' cachecatalog ')][1]"
            )
            count = block.locator(".cachecatalog-count").first
            expect(count).to_have_text(COUNT)
            expect(block.locator(".cachecatalog-active > .cachecatalog-chip")).to_have_count(
                len(QUERY.split())
            )
            text = count.inner_text().strip()
            match = COUNT.match(text)
            if not match or not 0 < int(match[1]) < int(match[2]):
                raise SystemExit(f"screenshot: the query {QUERY!r} shows {text!r}: pick another")
            if table.evaluate(
                "t => { const s = t.closest('.cachecatalog-scroll'); return s.scrollWidth > s.clientWidth; }"
            ):
                raise SystemExit(
                    f"screenshot: the table scrolls sideways at {VIEWPORT['width']} px: it would be cut"
                )
            page.evaluate("document.fonts.ready.then(() => true)")
            if errors:
                raise SystemExit(f"screenshot: the page failed: {errors[0]}")
            output.parent.mkdir(parents=True, exist_ok=True)
            block.screenshot(path=str(output), animations="disabled", caret="hide", style=HIDE)
            return text
        finally:
            browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "output", nargs="?", type=Path, default=OUTPUT, help=f"the PNG (default: {OUTPUT}, from the repo)"
    )
    args = parser.parse_args(argv)
    output: Path = args.output if args.output.is_absolute() else ROOT / args.output

    sys.path.insert(0, str(ROOT))
    from tests.browser import CHROMIUM, CHROMIUM_ARGS, build_test_site

    if not CHROMIUM.is_file():
        print(f"screenshot: needs Chromium at {CHROMIUM} (Debian package chromium)", file=sys.stderr)
        return 1

    with tempfile.TemporaryDirectory(prefix="cachecatalog-screenshot-") as tmp:
        html = build_test_site(Path(tmp), "furo")
        server = serve(html)
        try:
            url = f"http://127.0.0.1:{server.server_address[1]}/index.html?{urlencode({'cc0': QUERY})}"
            text = shoot(url, output, CHROMIUM, CHROMIUM_ARGS)
        finally:
            server.shutdown()
            server.server_close()
    print(f"{output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}: {text}, {QUERY!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
