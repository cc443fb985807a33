"""The extension's configuration values, checked when the configuration is read."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from difflib import get_close_matches
from pathlib import Path, PurePosixPath
from string import Formatter
from typing import Any, Literal, NamedTuple
from urllib.parse import quote

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError

from .catalog.frontmatter import usable_name
from .catalog.loader import DEFAULT_MAX_SIZE
from .catalog.model import Catalog
from .catalog.query import suggest
from .catalog.sources import IndexSource
from .catalog.tagorder import REST
from .report import warn

#: Where packages.spack.io shows a package.
DEFAULT_PACKAGE_URL = "https://packages.spack.io/package.html?name={name}"


def setup_config(app: Sphinx) -> None:
    """Register the ``cachecatalog_*`` values and their check."""
    app.add_config_value(
        "cachecatalog_path", None, "env", types=frozenset({str, list, tuple, Path, type(None)})
    )
    app.add_config_value("cachecatalog_sources", [], "env", types=frozenset({list, tuple}))
    app.add_config_value("cachecatalog_fetch_timeout", 30, "env", types=frozenset({int, float}))
    app.add_config_value("cachecatalog_cache_limit", 5, "env", types=frozenset({int, float}))
    app.add_config_value("cachecatalog_default_tag", None, "env", types=frozenset({str, type(None)}))
    app.add_config_value(
        "cachecatalog_package_url", DEFAULT_PACKAGE_URL, "env", types=frozenset({str, type(None)})
    )
    app.add_config_value("cachecatalog_mirror_url", None, "env", types=frozenset({str, type(None)}))
    app.add_config_value("cachecatalog_max_file_size", DEFAULT_MAX_SIZE, "env", types=frozenset({int}))
    app.add_config_value("cachecatalog_generate", None, "env", types=frozenset({dict, type(None)}))
    app.add_config_value("cachecatalog_tag_order", [], "env", types=frozenset({list, tuple}))
    app.connect("config-inited", check_config)
    app.connect("env-before-read-docs", check_placed_tags)


#: Subtype of the warnings about configuration values.
BAD_CONFIG = "config"


def check_config(app: Sphinx, config: Config) -> None:
    """Check each ``cachecatalog_*`` value; a wrong one is a one-line warning at conf.py.

    As Sphinx does with its own values, a wrong value is reported and its
    default used instead, so the build goes on and ``-W`` fails it.
    """
    checks: dict[str, Callable[[Config], object]] = {
        "cachecatalog_path": _check_path,
        "cachecatalog_sources": lambda c: catalog_sources(c, "."),
        "cachecatalog_fetch_timeout": lambda c: _check_positive(c, "cachecatalog_fetch_timeout", "seconds"),
        "cachecatalog_cache_limit": lambda c: _check_positive(c, "cachecatalog_cache_limit", "days"),
        "cachecatalog_default_tag": _check_tag,
        "cachecatalog_package_url": lambda c: _check_template(
            c.cachecatalog_package_url, "cachecatalog_package_url", {"name"}
        ),
        "cachecatalog_mirror_url": lambda c: _check_template(
            c.cachecatalog_mirror_url, "cachecatalog_mirror_url", {"tag"}
        ),
        "cachecatalog_generate": generate_options,
        "cachecatalog_max_file_size": _check_max_size,
        "cachecatalog_tag_order": _check_tag_order,
    }
    for name, check in checks.items():
        try:
            check(config)
        except ConfigError as error:
            default = app.config.values[name].default
            warn(f"{error}; using the default ({default!r})", BAD_CONFIG, conf_location(app, name))
            setattr(config, name, default)


def _check_path(config: Config) -> None:
    path = config.cachecatalog_path
    entries = [path] if isinstance(path, str | Path) else path
    if entries is not None and (
        not isinstance(entries, list | tuple)
        or not all(isinstance(entry, str | Path) and str(entry) for entry in entries)
    ):
        raise ConfigError(
            f"cachecatalog_path must be a path or a list of paths (relative to the "
            f"configuration directory), not {path!r}"
        )


def _check_positive(config: Config, name: str, unit: str) -> None:
    value = getattr(config, name)
    if type(value) not in (int, float) or not value > 0:
        raise ConfigError(f"{name} must be a number of {unit} above 0, not {value!r}")


def _check_max_size(config: Config) -> None:
    value = config.cachecatalog_max_file_size
    if type(value) is not int or value <= 0:
        raise ConfigError(
            f"cachecatalog_max_file_size must be a positive number of bytes (such as 64 * 1024 * 1024), "
            f"not {value!r}"
        )


def _check_tag(config: Config) -> None:
    tag = config.cachecatalog_default_tag
    if tag is not None and (not isinstance(tag, str) or not tag.strip()):
        raise ConfigError(f"cachecatalog_default_tag must be a tag name or None, not {tag!r}")


def _check_tag_order(config: Config) -> None:
    order = config.cachecatalog_tag_order
    if not isinstance(order, list | tuple) or not all(isinstance(tag, str) and tag.strip() for tag in order):
        raise ConfigError(
            f"cachecatalog_tag_order must be a list of tag names, oldest first (such as "
            f"['v0.23.1', '{REST}', 'develop']), not {order!r}"
        )
    twice = sorted({tag for tag in order if order.count(tag) > 1})
    if twice:
        raise ConfigError(f"cachecatalog_tag_order names {twice[0]!r} twice: a tag has one place")


def check_placed_tags(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Once the catalog is loaded (``env-before-read-docs``): warn about each name of
    ``cachecatalog_tag_order`` that is no tag of the catalog (a tag whose files could not
    be read is one); the other tags keep their places."""
    from .env import loaded  # here: env imports this module

    result = loaded(env)
    if result is None or (not catalog_roots(app) and not app.config.cachecatalog_sources):
        return  # no catalog configured: that is warned about where pages use one
    known = catalog_tags(result.catalog)
    for tag in app.config.cachecatalog_tag_order:
        if tag != REST and tag not in known:
            warn(
                f"cachecatalog_tag_order: tag {tag!r} is not in the catalog{suggest(tag, known)}; "
                "the other tags keep their places",
                BAD_CONFIG,
                conf_location(app, "cachecatalog_tag_order"),
            )


def catalog_tags(catalog: Catalog) -> set[str]:
    """Every tag of ``catalog``, those whose every file could not be read included."""
    return {*catalog.tags, *(tag for tag, _ in catalog.unreadable)}


def _check_template(template: Any, value: str, fields: set[str]) -> None:
    if template is None:
        return
    example = "https://binaries.spack.io/{tag}" if "tag" in fields else DEFAULT_PACKAGE_URL
    if not isinstance(template, str) or not template.startswith(("http://", "https://")):
        raise ConfigError(
            f"{value} must be an http(s) URL template such as {example!r} or None, not {template!r}"
        )
    try:
        used = {name for _, name, _, _ in Formatter().parse(template) if name is not None}
    except ValueError as error:
        raise ConfigError(f"{value} is not a valid template ({error}): {template!r}") from None
    if not used <= fields or not fields <= used:
        raise ConfigError(
            f"{value} must use exactly the fields {', '.join('{' + f + '}' for f in sorted(fields))}, "
            f"not {template!r}"
        )


class GenerateOptions(NamedTuple):
    """What :confval:`cachecatalog_generate` asks for."""

    #: The tags to make pages for, or ``"all"``.
    tags: tuple[str, ...] | Literal["all"]
    #: The folder under the source directory that holds the site.
    folder: str
    #: ``"tag"``: a page per package per tag; ``"package"``: a page per package, a section per tag.
    pages: Literal["tag", "package"] = "tag"


def generate_options(config: Config) -> GenerateOptions | None:
    """The checked value of ``cachecatalog_generate``, or None when it is unset."""
    value = config.cachecatalog_generate
    if value is None:
        return None
    expected = (
        'a dict such as {"tags": ["develop"], "dir": "cache"} ("tags": "all" for every tag, '
        '"pages": "package" for one page per package)'
    )
    if not isinstance(value, dict) or set(value) - {"tags", "dir", "pages"} or "tags" not in value:
        raise ConfigError(f"cachecatalog_generate must be {expected}, not {value!r}")
    tags = value["tags"]
    if tags != "all" and (
        not isinstance(tags, list | tuple) or not tags or not all(isinstance(t, str) and t for t in tags)
    ):
        hint = ""
        if isinstance(tags, str):
            close = get_close_matches(tags.strip().lower(), ["all"], cutoff=0.5)
            hint = " (did you mean 'all'?)" if close else f" (one tag goes in a list: [{tags!r}])"
        raise ConfigError(
            f'cachecatalog_generate["tags"] must be a list of tags or "all", not {tags!r}{hint}'
        )
    folder = value.get("dir", "cache")
    parts = PurePosixPath(folder).parts if isinstance(folder, str) else ()
    if not parts or PurePosixPath(folder).is_absolute() or ".." in parts:
        raise ConfigError(
            f'cachecatalog_generate["dir"] must be a folder inside the source directory, not {folder!r}'
        )
    pages = value.get("pages", "tag")
    if pages not in PAGE_LAYOUTS:
        raise ConfigError(
            f'cachecatalog_generate["pages"] must be "tag" (a page per package per tag) or "package" '
            f"(a page per package, a section per tag), not {pages!r}"
        )
    return GenerateOptions("all" if tags == "all" else tuple(tags), "/".join(parts), pages)


#: The layouts of a generated site: a page per package per tag, or a page per package.
PAGE_LAYOUTS = ("tag", "package")


def conf_location(app: Sphinx, name: str | None = None) -> str:
    """Where a warning about the configuration points: ``conf.py:line``.

    The line is where ``name`` is assigned, when conf.py assigns it (a value
    given with ``-D`` points at the first line).
    """
    path = Path(app.confdir, "conf.py")
    line = 1
    if name is not None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""
        assigned = re.search(rf"^{re.escape(name)}\s*(?::[^=]*)?=", text, re.MULTILINE)
        if assigned:
            line = text.count("\n", 0, assigned.start()) + 1
    return f"{path}:{line}"


def package_url(template: str | None, name: str) -> str | None:
    """The package's page from a ``{name}`` template, or None without one."""
    return template.format(name=quote(name, safe="")) if template else None


def catalog_sources(config: Config, confdir: str | Path) -> list[IndexSource]:
    """The configured Spack databases: ``{"index": path, ...}`` (an ``index.json``) or
    ``{"mirror": folder or URL, ...}`` (a mirror of either layout), each with ``tag`` and
    ``stack``; paths relative to the configuration directory. A mirror may say
    ``"tls_verify"`` and ``"sizes"`` (true or false), which matter only for a URL."""
    entries = config.cachecatalog_sources
    if not isinstance(entries, list | tuple):
        raise ConfigError(f"cachecatalog_sources must be a list of sources, not {entries!r}")
    sources = []
    for number, entry in enumerate(entries, start=1):
        keys = set(entry) if isinstance(entry, dict) else set()
        texts = isinstance(entry, dict) and all(
            isinstance(entry.get(k), str | Path) and entry.get(k) for k in keys - _SWITCHES
        )
        kind = next(iter(keys & {"index", "mirror"}), None)
        switches = {k: entry.get(k, True) for k in keys & _SWITCHES} if isinstance(entry, dict) else {}
        if (
            kind is None
            or keys - _SWITCHES != {kind, "tag", "stack"}
            or not texts
            or not all(type(value) is bool for value in switches.values())
        ):
            raise ConfigError(
                f"cachecatalog_sources entry {number} must be {{'index': path, 'tag': tag, 'stack': stack}} "
                f"or {{'mirror': folder or URL, 'tag': tag, 'stack': stack}} (a mirror may add "
                f"'tls_verify' and 'sizes', each True or False), not {entry!r}"
            )
        if kind == "index" and "sizes" in keys:
            raise ConfigError(
                f"cachecatalog_sources entry {number}: 'sizes' is for a mirror; an index alone "
                "has no spec manifests to read sizes from"
            )
        if not usable_name(str(entry["tag"])) or not usable_name(str(entry["stack"])):
            raise ConfigError(
                f"cachecatalog_sources entry {number}: the tag {entry['tag']!r} or the stack "
                f"{entry['stack']!r} is not a usable name"
            )
        where = str(entry[kind])
        if where.startswith(("s3://", "oci://")) or (kind == "index" and "://" in where):
            raise ConfigError(
                f"cachecatalog_sources entry {number}: {where}: s3:// and oci:// mirrors are not read; "
                "a mirror is a folder or an http(s) URL, an index a file"
            )
        tag, stack = str(entry["tag"]), str(entry["stack"])
        if where.startswith(("http://", "https://")):
            sources.append(
                IndexSource(
                    Path(),
                    tag,
                    stack,
                    mirror=True,
                    url=where,
                    verify=entry.get("tls_verify", True),
                    sizes=entry.get("sizes", False),
                )
            )
            continue
        path = Path(os.path.normpath(Path(confdir, where)))
        sources.append(IndexSource(path, tag, stack, mirror=kind == "mirror"))
    return sources


#: The keys of a source that are switches, True or False.
_SWITCHES = frozenset({"tls_verify", "sizes"})


def catalog_roots(app: Sphinx) -> list[Path]:
    """The configured catalog roots, relative to the configuration directory."""
    path = app.config.cachecatalog_path
    if path is None:
        return []
    entries = [path] if isinstance(path, str | Path) else list(path)
    return [Path(os.path.normpath(Path(app.confdir, entry))) for entry in entries]  # symlinks kept
