"""Sphinx configuration of the sphinx-cachecatalog documentation.

The pages show a demo catalog that the project's own generator writes into
``_demo/`` when the configuration is read: deterministic, and rewritten only
where a file's content would change, so incremental builds stay incremental.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from sphinx_cachecatalog import __version__
from sphinx_cachecatalog.catalog import demo

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE / "_ext"))

#: The demo catalog: every real package name the generator knows, in a release, four
#: monthly snapshots (a history: versions arrive, leave and come back) and develop.
DEMO_TAGS = (
    "develop",
    "develop-2025-09-07",
    "develop-2025-10-05",
    "develop-2025-11-02",
    "develop-2025-11-30",
    "v0.23.1",
)
DEMO = demo.generate(DEMO_TAGS, packages=len(demo.PACKAGES), specs_per_package=8)
demo.write(DEMO, HERE / "_demo")
#: A Spack mirror (layout v2) of 40 packages of the demo's develop tag, for the command-line examples.
MIRROR_INDEX = HERE / "_mirror" / "build_cache" / "index.json"
_index = json.dumps(demo.spack_index([p for p in DEMO if p.tag == "develop"][:40]), sort_keys=True)
if not MIRROR_INDEX.is_file() or MIRROR_INDEX.read_text(encoding="utf-8") != _index:
    MIRROR_INDEX.parent.mkdir(parents=True, exist_ok=True)
    MIRROR_INDEX.write_text(_index, encoding="utf-8")
    # The sha256 of the index, as Spack publishes it beside the index.
    MIRROR_INDEX.with_name("index.json.hash").write_text(hashlib.sha256(_index.encode()).hexdigest())
#: A Spack environment for the command-line examples: three specs of the mirror, one that it
#: does not hold, and an external compiler.
_held = {p.name: p.specs[0] for p in DEMO if p.tag == "develop"}
_held = dict(list(_held.items())[:3])
_other = {"name": "zlib-ng", "version": "2.2.4", "hash": "q3xyhzvd7m5c4ntb6kge2ifuj5wloapr"}
_gcc = {
    "name": "gcc",
    "version": "13.2.0",
    "hash": "gccext2ggjtfbfmkpqmw3rx5aogcmcqq",
    "external": {"path": "/usr"},
}
_lock = {
    "_meta": {"file-type": "spack-lockfile", "lockfile-version": 6, "specfile-version": 5},
    "roots": [{"hash": spec.hash, "spec": name} for name, spec in _held.items()],
    "concrete_specs": {
        **{s.hash: {"name": n, "version": s.versions[0], "hash": s.hash} for n, s in _held.items()},
        _other["hash"]: _other,
        _gcc["hash"]: _gcc,
    },
}
(HERE / "_mirror" / "spack.lock").write_text(json.dumps(_lock, indent=1), encoding="utf-8")

project = "sphinx-cachecatalog"
author = "the sphinx-cachecatalog developers"
copyright = "2026, the sphinx-cachecatalog developers"
release = version = __version__

extensions = ["myst_parser", "sphinx_cachecatalog", "rst_example", "command_output"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "_demo", "_mirror"]

cachecatalog_path = "_demo"
#: The catalog site of the demo catalog, under cache/ (ignored by git).
cachecatalog_generate = {"tags": "all", "dir": "cache"}

html_theme = "furo"
html_title = "sphinx-cachecatalog"
html_static_path = ["_static"]
html_css_files = ["docs.css"]
nitpicky = True
