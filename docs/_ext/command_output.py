"""``command-output``: run ``sphinx-cachecatalog`` when the docs are built and show what it printed.

The arguments are the command line after ``sphinx-cachecatalog``, run in
the docs folder; standard output and error are shown together, as in a
terminal, so that the docs can never show an answer the command does not give.
``:serve: FOLDER`` serves a folder over HTTP on 127.0.0.1 while the command
runs, as ``{mirror}`` in the command line (shown as :data:`SHOWN_URL`);
``:fresh: FOLDER`` removes a folder first. A page with a command is read
again in every build, since what the command reads is outside the docs.
"""

from __future__ import annotations

import contextlib
import io
import os
import shlex
import shutil
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from sphinx_cachecatalog.cli import main

#: How the served folder's URL is shown.
SHOWN_URL = "https://mirror.example.org/spack"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def _served(folder: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class CommandOutput(SphinxDirective):
    """The command, then its output (at most ``:lines:`` lines), as a console block."""

    required_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Any]] = {
        "lines": directives.positive_int,
        "exit-code": directives.flag,
        "serve": directives.path,
        "fresh": directives.path,
    }

    def run(self) -> list[nodes.Node]:
        pages: set[str] = getattr(self.env, "command_output_pages", set())
        pages.add(self.env.docname)
        self.env.command_output_pages = pages  # type: ignore[attr-defined]
        line = self.arguments[0]
        printed = io.StringIO()
        srcdir = Path(self.env.srcdir)
        if "fresh" in self.options:
            shutil.rmtree(srcdir / self.options["fresh"], ignore_errors=True)
        here = os.getcwd()
        os.chdir(srcdir)
        try:
            with contextlib.ExitStack() as stack:
                url = (
                    stack.enter_context(_served(srcdir / self.options["serve"]))
                    if "serve" in self.options
                    else ""
                )
                stack.enter_context(contextlib.redirect_stdout(printed))
                stack.enter_context(contextlib.redirect_stderr(printed))
                try:
                    code = main(shlex.split(line.format(mirror=url)))
                except SystemExit as stopped:  # a usage error: its message is in the output
                    code = stopped.code if isinstance(stopped.code, int) else 2
        finally:
            os.chdir(here)
        line = line.format(mirror=SHOWN_URL)
        lines = printed.getvalue().rstrip("\n").splitlines()
        most = self.options.get("lines")
        if most is not None and len(lines) > most:
            lines = [*lines[:most], "..."]
        shown = [f"$ sphinx-cachecatalog {line}", *lines]
        if "exit-code" in self.options:
            shown += ["$ echo $?", str(code)]
        text = "\n".join(shown)
        return [nodes.literal_block(text, text, language="console")]


def _always_outdated(
    app: Sphinx, env: Any, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    return sorted(getattr(env, "command_output_pages", set()) - removed)


def _merge(app: Sphinx, env: Any, docnames: set[str], other: Any) -> None:
    env.command_output_pages = getattr(env, "command_output_pages", set()) | getattr(
        other, "command_output_pages", set()
    )


def _purge(app: Sphinx, env: Any, docname: str) -> None:
    getattr(env, "command_output_pages", set()).discard(docname)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("command-output", CommandOutput)
    app.connect("env-get-outdated", _always_outdated)
    app.connect("env-merge-info", _merge)
    app.connect("env-purge-doc", _purge)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
