"""The filter, sort, limit and column options of directives that list things.

Option values are checked when the page is read; a wrong one is a warning
(subtype ``bad-option``) that names the value and lists the valid ones. The
checked values travel to the write phase as plain attributes of the
placeholder node.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from docutils.parsers.rst import directives
from sphinx.util.typing import OptionSpec

from ..catalog.filters import (
    SPEC_FILTERS,
    Choices,
    FilterError,
    check_known,
    parse_filter,
    split_items,
)

#: Subtype of the warning for an option value that is not valid.
BAD_OPTION = "bad-option"

#: Filters on specs, for every directive that lists specs or packages.
FILTER_OPTIONS: OptionSpec = dict.fromkeys(SPEC_FILTERS, directives.unchanged_required)
#: How a list is shown.
SHAPE_OPTIONS: OptionSpec = {
    "sort": directives.unchanged_required,
    "limit": directives.unchanged_required,
    "columns": directives.unchanged_required,
}
#: Shell-style patterns on package names, for lists of packages.
MATCH_OPTION: OptionSpec = {"match": directives.unchanged_required}


def read_filters(
    options: Mapping[str, Any], choices: Callable[[], Choices], listed: Callable[[], Choices] | None = None
) -> dict[str, str]:
    """The filter options, checked against ``choices()`` (made only when a filter is given);
    raises :class:`FilterError` (see :func:`check_known` for ``listed``)."""
    given = {key: str(options[key]) for key in (*SPEC_FILTERS, "match") if key in options}
    spec_filter = parse_filter(given)
    if spec_filter:
        check_known(spec_filter, choices(), listed)
    if "match" in given:
        split_items(given["match"], "match")
    return given


def read_shape(options: Mapping[str, Any], columns: Sequence[str], default: Sequence[str]) -> dict[str, Any]:
    """``sort``, ``limit`` and ``columns``, checked against the valid ``columns``."""
    shape: dict[str, Any] = {"sort": "", "limit": 0, "columns": list(default)}
    if "columns" in options:
        chosen = split_items(options["columns"], "columns")
        for column in chosen:
            if column not in columns:
                raise FilterError(f":columns: {column!r} is not a column; valid: {', '.join(columns)}")
        if len(set(chosen)) != len(chosen):
            raise FilterError(f":columns: names a column twice: {options['columns']!r}")
        shape["columns"] = chosen
    if "sort" in options:
        sort = options["sort"].strip()
        if sort.lstrip("-") not in columns:
            valid = ", ".join(columns)
            raise FilterError(
                f":sort: {sort!r} is not a column; valid: {valid} (with - in front for descending)"
            )
        shape["sort"] = sort
    if "limit" in options:
        limit = options["limit"].strip()
        if not limit.isdigit() or int(limit) < 1:
            raise FilterError(f":limit: must be a whole number of rows, 1 or more, not {limit!r}")
        shape["limit"] = int(limit)
    return shape
