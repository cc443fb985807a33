"""Warnings of the extension: always with a location, a type and a subtype."""

from __future__ import annotations

from collections.abc import Iterable

from docutils import nodes
from sphinx.util import logging

from .catalog.problems import Problem

logger = logging.getLogger(__name__)

#: The ``type`` of every warning this extension gives (``suppress_warnings``).
WARNING_TYPE = "cachecatalog"
UNKNOWN_PACKAGE = "unknown-package"
UNKNOWN_TAG = "unknown-tag"
UNKNOWN_STACK = "unknown-stack"


#: Where a warning points: "file:line", (docname, line) or a node.
Location = str | tuple[str | None, int | None] | nodes.Node | None


def warn(message: str, subtype: str, location: Location) -> None:
    """Log a warning of this extension at ``location``."""
    logger.warning(message, type=WARNING_TYPE, subtype=subtype, location=location)


def report_problems(problems: Iterable[Problem]) -> None:
    """Log the problems found in catalog files, each at its file and line."""
    for problem in problems:
        location = problem.path
        if location is not None and problem.line is not None:
            location = f"{location}:{problem.line}"
        warn(problem.message, problem.subtype, location)
