"""Warnings of the extension: always with a location, a type and a subtype."""

from __future__ import annotations

import os
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


def file_location(path: str, line: int | None = None) -> str:
    """``path:line`` of a file that is not a document; line 1 stands for the whole file.

    Sphinx takes a location without a colon for a document name and adds the
    source suffix, which would name a file that does not exist.
    """
    return f"{path}:{line or 1}"


def report_problems(problems: Iterable[Problem], config_location: str) -> None:
    """Log the problems found in catalog files, each at its file and line.

    A problem about no file (a root that is missing or a folder) points at
    ``config_location``, where the path is configured.
    """
    for problem in problems:
        if problem.path is not None and (os.path.isfile(problem.path) or os.path.islink(problem.path)):
            location = file_location(problem.path, problem.line)
        else:
            location = config_location
        warn(problem.message, problem.subtype, location)
