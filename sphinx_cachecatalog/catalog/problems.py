"""What can be wrong with catalog files, said as data for the caller to report."""

from __future__ import annotations

from dataclasses import dataclass

#: A file that cannot be read as a catalog file; its package is skipped.
BAD_FILE = "bad-file"
#: A file whose ``meta`` disagrees with its own ``spec_details``.
META_MISMATCH = "meta-mismatch"
#: Two files that hold the same package of the same tag.
DUPLICATE_PACKAGE = "duplicate-package"
#: No catalog configured, or nothing found where it points.
NO_CATALOG = "no-catalog"
#: Two specs of one package with the same hash: the first is kept, the other left out.
DUPLICATE_SPEC = "duplicate-spec"
#: A value that cannot be true, left out of a spec that is kept: a ``tarball``
#: that is not an http(s) URL is dropped, a ``size`` out of range is unknown.
BAD_VALUE = "bad-value"
#: A file whose ``title`` or tag (``categories``) differs from the folders it
#: lies in (``<root>/<tag>/<package>/specs.md``); the file's own names are used.
NAME_MISMATCH = "name-mismatch"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the catalog, with where it is."""

    subtype: str
    message: str
    path: str | None = None
    line: int | None = None


class CatalogFormatError(ValueError):
    """A catalog file that does not follow the format, at a line."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
