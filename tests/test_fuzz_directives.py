"""Property: any directive, with any options and filters, on the real data, in any builder,
finishes the build; what goes wrong is a typed warning, never an exception.

Each example is a small Sphinx build, so ``make test`` runs a few dozen;
``make fuzz`` (``HYPOTHESIS_PROFILE=fuzz``) runs many more.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from io import StringIO
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp

from . import hypothesis_profiles  # noqa: F401 - registers and loads the profiles
from .conftest import CACHE, strip_colors

TAG = "develop-2025-07-13"
EXAMPLES = 1000 if os.environ.get("HYPOTHESIS_PROFILE") == "fuzz" else 30

#: Every subtype this extension warns with.
SUBTYPES = {
    "bad-option",
    "unknown-package",
    "unknown-tag",
    "unknown-stack",
    "duplicate-target",
    "ref",
    "config",
}


def _values() -> dict[str, list[str]]:
    """Real values of the tag, read independently with PyYAML."""
    found: dict[str, set[str]] = {k: set() for k in ("stack", "os", "platform", "target", "compiler")}
    found |= {"version": set(), "variant": set()}
    for path in (CACHE / TAG).glob("*/specs.md"):
        for spec in yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])["spec_details"]:
            found["stack"].update(spec["stacks"])
            for key in ("os", "platform", "target", "compiler"):
                found[key].add(spec[key])
            found["version"].update(spec["versions"])
            found["variant"].update(spec["variants"])
    return {key: sorted(values) for key, values in found.items()}


VALUES = _values()
DIRECTIVES = [
    "cache-package:: py-mpi4py",
    "cache-package:: kokkos",
    "cache-specs:: hdf5",
    "cache-index::",
    "cache-stack:: e4s",
    "cache-stats::",
    "cache-diff:: develop-2025-06-01 develop-2025-07-13",
    "cache-mirror::",
    "cache-tags::",
]
OPTIONS = [
    "tag",
    *VALUES,
    "match",
    "sort",
    "limit",
    "columns",
    "caption",
    "name",
    "class",
    "no-specs",
    "no-index",
    "tags",
    "mirror-name",
]
#: One line of anything, markup and separators included.
ANY_TEXT = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc"), blacklist_characters="\n\r\x0b\x0c\x85\u2028\u2029"
    ),
    max_size=40,
)


@st.composite
def option_value(draw: st.DrawFn, option: str) -> str:
    real = VALUES.get(option, ["all", TAG, "develop-2025-06-01", "py-*", "version", "-specs", "3"])
    picked = draw(st.lists(st.sampled_from(real), min_size=1, max_size=3))
    mangled = [draw(st.sampled_from(["", "@", ":", "=", "~", "+", "x"])) + value for value in picked]
    return draw(st.one_of(st.just(", ".join(picked)), st.just(",".join(mangled)), ANY_TEXT))


@st.composite
def directive_text(draw: st.DrawFn) -> str:
    head = draw(st.sampled_from(DIRECTIVES))
    names = draw(st.lists(st.sampled_from(OPTIONS), unique=True, max_size=5))
    lines = [f".. {head}"]
    for name in names:
        value = draw(option_value(name)).strip()
        lines.append(f"   :{name}: {value}".rstrip())
    return "\n".join(lines) + "\n"


@settings(max_examples=EXAMPLES)
@given(
    body=st.lists(directive_text(), min_size=1, max_size=3),
    builder=st.sampled_from(["html", "text", "latex", "man"]),
)
def test_any_directive_with_any_options_finishes_the_build(body: list[str], builder: str) -> None:
    work = Path(tempfile.mkdtemp(prefix="fuzz-directives-"))
    try:
        srcdir = work / "src"
        srcdir.mkdir()
        (srcdir / "conf.py").write_text('extensions = ["sphinx_cachecatalog"]\n', encoding="utf-8")
        (srcdir / "index.rst").write_text("Fuzz\n====\n\n" + "\n".join(body), encoding="utf-8")
        warnings = StringIO()
        app = SphinxTestApp(
            builder,
            srcdir=srcdir,
            builddir=work / "build",
            confoverrides={"cachecatalog_path": str(CACHE), "cachecatalog_default_tag": TAG},
            status=StringIO(),
            warning=warnings,
        )
        try:
            app.build()  # an exception from the extension fails the example
        finally:
            app.cleanup()
        text = strip_colors(warnings.getvalue())
        assert "Traceback" not in text
        assert "exception" not in text.lower()
        for subtype in re.findall(r"\[cachecatalog\.([\w-]+)\]", text):
            assert subtype in SUBTYPES, text
    finally:
        shutil.rmtree(work, ignore_errors=True)
