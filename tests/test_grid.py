"""Print and terminal layouts read the render functions' small tables back into cells:
that reading must undo :func:`table_body` exactly, for every kind of cell."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sphinx_cachecatalog.render.cells import Code, Items, Link, Ref, table_body
from sphinx_cachecatalog.render.grid import Grid, grid_of

from . import hypothesis_profiles  # noqa: F401 - registers and loads the profiles

TEXT = st.text(st.characters(exclude_categories=["Cs", "Cc"]), min_size=1, max_size=12)
CELL = st.one_of(
    TEXT,
    st.builds(Items, st.lists(TEXT, min_size=2, max_size=4).map(tuple), st.sampled_from([", ", " "])),
    st.builds(Code, TEXT),
    st.builds(Link, TEXT, st.builds(lambda path: "https://example.org/" + path, TEXT)),
    st.builds(Ref, TEXT, st.sampled_from(["pkg", "stack", "tag"]), TEXT),
)


@st.composite
def grids(draw: st.DrawFn) -> Grid:
    width = draw(st.integers(1, 4))
    header = draw(st.none() | st.lists(TEXT, min_size=width, max_size=width))
    rows = draw(st.lists(st.lists(CELL, min_size=width, max_size=width), min_size=1, max_size=4))
    return Grid(header, rows, draw(st.integers(0, width)))


@given(grids())
def test_grid_of_undoes_table_body(grid: Grid) -> None:
    back = grid_of(table_body(grid.header, grid.rows, grid.stubs))
    assert back.header == (list(grid.header) if grid.header else None)
    assert [list(row) for row in back.rows] == [list(row) for row in grid.rows]
    assert back.stubs == grid.stubs
