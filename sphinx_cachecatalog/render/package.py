"""The summary of a package and its spec list."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from docutils import nodes

from ..catalog.model import Dependency, Package, Spec
from ..catalog.query import format_size
from ..config import package_url
from .cells import (
    NONE,
    Cell,
    Code,
    Items,
    Ref,
    Refs,
    Size,
    cell_node,
    cell_text,
    compilers,
    counted,
    external_link,
    items,
    table_body,
)

#: Headers of the spec list's columns.
SPEC_HEADERS = {
    "hash": "Hash",
    "version": "Version",
    "compiler": "Compiler",
    "os": "OS",
    "platform": "Platform",
    "target": "Target",
    "variants": "Variants",
    "stacks": "Stacks",
    "size": "Size",
    "tarball": "Tarball",
    "dependencies": "Dependencies",
    "arch": "Arch",
    "why": "Why not",
}
#: After a dependency that the cache of the spec's tag does not hold (an external, an upstream).
NOT_HELD = " (not in the cache)"
#: The columns that the one ``arch`` column stands for, in Spack's order (``linux-ubuntu22.04-zen3``).
ARCH_PARTS = ("platform", "os", "target")


def summary_body(package: Package, url_template: str | None) -> nodes.tgroup:
    """Two columns: what is described, and the value for ``package``."""
    summary = package.summary
    rows: list[tuple[str, Cell]] = [
        ("Package", external_link(package.name, package_url(url_template, package.name))),
        ("Tag", package.tag),
        ("Specs", str(summary.num_specs)),
        ("Versions", items(summary.versions)),
        ("Compilers", compilers(summary.compilers)),
        ("OSs", items(summary.oss)),
        ("Platforms", items(summary.platforms)),
        ("Targets", items(summary.targets)),
        ("Stacks", counted(summary.stacks)),
    ]
    return table_body(None, rows, stubs=1)


def spec_rows(
    specs: Sequence[Spec],
    columns: Sequence[str],
    full_hash: bool,
    shared: Sequence[str] = (),
    arch: bool = False,
    describe: Callable[[Dependency], str | Ref] = str,
    why: Mapping[str, str] | None = None,
) -> tuple[list[str], list[list[Cell]]]:
    """The header and one row per spec, in the order given, with ``columns``.

    ``full_hash`` keeps the whole hash (HTML clips it to seven characters
    with CSS); otherwise the short form stands alone. Variants in ``shared``
    (said once above the table) are left out of the cells. With ``arch``,
    platform, OS and target, when all three are shown, read as one Spack
    arch where the first of them was. ``describe`` says what a dependency
    cell shows of each (see :func:`dependency_texts`), text or a reference.
    ``why``, by hash, fills a last column that says why a spec is not a hit.
    """
    if arch and set(ARCH_PARTS) <= set(columns):
        first = min(columns.index(part) for part in ARCH_PARTS)
        columns = [*columns[:first], "arch", *(c for c in columns[first:] if c not in ARCH_PARTS)]
    omit = frozenset(shared)
    rows = [[_spec_cell(spec, column, full_hash, omit, describe) for column in columns] for spec in specs]
    if why:
        for spec, row in zip(specs, rows, strict=True):
            row.append(why.get(spec.hash, ""))
        columns = [*columns, "why"]
    return [SPEC_HEADERS[column] for column in columns], rows


def shared_note(count: int, variants: Sequence[str]) -> nodes.paragraph:
    """``All 41 specs: ~aggressive_vectorization build_system=cmake …``, above a spec table."""
    note = nodes.paragraph("", "", classes=["cachecatalog-shared"])
    note += nodes.strong(f"All {count} specs:", f"All {count} specs:")
    note += nodes.Text(" ")
    note += cell_node(Items(tuple(variants), " ")) if len(variants) > 1 else nodes.Text(variants[0])
    return note


def dependency_text(dependency: Dependency, held: bool) -> str:
    """``zlib-ng@2.2.4``, or ``gcc@13.2.0 (not in the cache)`` for one the cache does not hold."""
    return str(dependency) + ("" if held else NOT_HELD)


def dependency_texts(spec: Spec, held: Callable[[str], bool]) -> list[str]:
    """The spec's dependencies as :func:`dependency_text` writes them, by name."""
    return sorted(dependency_text(d, held(d.hash)) for d in spec.dependencies)


def _spec_cell(
    spec: Spec,
    column: str,
    full_hash: bool,
    omit: frozenset[str] = frozenset(),
    describe: Callable[[Dependency], str | Ref] = str,
) -> Cell:
    if column == "hash":
        return Code(spec.hash if full_hash else spec.short_hash)
    if column == "tarball":
        return external_link("download", spec.tarball) if spec.tarball else ""
    if column == "size":
        return Size(format_size(spec.size), spec.size) if spec.size is not None else format_size(None)
    if column in ("versions", "version"):
        return items(spec.versions)
    if column == "variants":
        return items([variant for variant in spec.variants if variant not in omit], " ")
    if column == "stacks":
        return items(spec.stacks)
    if column == "dependencies":
        described = sorted((describe(d) for d in spec.dependencies), key=cell_text)
        if all(isinstance(value, str) for value in described):
            return items([cell_text(value) for value in described])
        return Refs(tuple(described))
    if column == "compiler":
        return spec.compiler or NONE
    if column == "arch":
        return f"{spec.platform}-{spec.os}-{spec.target}"
    value = getattr(spec, column)
    assert isinstance(value, str)
    return value
