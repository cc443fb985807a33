"""The bar charts of ``cache-stats``: what they draw and say, checked against the real
data read independently; their ids, their escaping, and their absence outside HTML."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from sphinx_cachecatalog.render import charts, stats
from sphinx_cachecatalog.render.charts import TOP, WIDTH, chart_of, svg

from .conftest import CACHE, build_page, real_tag, soup_of, spec_entry, text_of, warnings_by_subtype

TAG = "develop-2025-07-13"
STATS = f".. cache-stats::\n   :tag: {TAG}\n"
#: ``<value> <count> (<share> %)``, as the text alternative says each bar.
SAID = re.compile(r"(?P<label>.+) (?P<count>\d+) \((?P<share>\d+\.\d) %\)")


def one(tag: Tag, selector: str) -> Tag:
    """The element that ``selector`` finds in ``tag``; there must be one."""
    found = tag.select_one(selector)
    assert found is not None, selector
    return found


def charts_by_title(soup: BeautifulSoup) -> dict[str, Tag]:
    """Each chart of the page, by the rubric of its table."""
    found = {}
    for block in soup.select("div.cachecatalog-breakdown"):
        chart = block.select_one("div.cachecatalog-chart > svg")
        if chart is not None:
            found[one(block, "p.rubric").get_text()] = chart
    return found


def bars(chart: Tag) -> list[tuple[str, str, float]]:
    """``(label, value, bar length)`` of each row of a chart."""
    return [
        (
            one(row, "text.cachecatalog-chart-label").get_text(),
            one(row, "text.cachecatalog-chart-value").get_text(),
            float(str(one(row, "rect")["width"])),
        )
        for row in chart.select("g.cachecatalog-chart-row")
    ]


def said(chart: Tag) -> list[tuple[str, int]]:
    """The bars that the text alternative lists, in order."""
    desc = one(chart, f"desc#{chart['aria-describedby']}").get_text()
    listed = desc.split(", most first: ", 1)[1].split(". ", 1)[0]
    return [(m["label"], int(m["count"])) for m in (SAID.fullmatch(part) for part in listed.split(", ")) if m]


def most_first(counter: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))


def expected_bars(counter: Counter[str], plural: str, fold: bool) -> list[tuple[str, int]]:
    """The bars a chart of ``counter`` should draw: all, or the first TOP and, when ``fold``,
    one bar for the rest."""
    ordered = most_first(counter)
    if len(ordered) <= TOP + 1:
        return ordered
    rest = ordered[TOP:]
    return ordered[:TOP] + ([(f"other ({len(rest)} {plural})", sum(n for _, n in rest))] if fold else [])


def test_charts_of_a_tag_draw_the_counts_of_the_data(make_app, tmp_path):
    app = build_page(make_app, tmp_path, STATS)
    assert warnings_by_subtype(app.warning.getvalue()) == {}
    specs = [s for front in real_tag(TAG).values() for s in front["spec_details"]]
    stacks = Counter(x for s in specs for x in s["stacks"])
    root = stacks.pop("root")
    assert root == len(specs)  # the umbrella stack: left out of the chart
    expected = {
        "Specs per stack": expected_bars(stacks, "stacks", fold=False),
        "Specs per compiler": expected_bars(
            Counter(s["compiler"] for s in specs if s["compiler"] != "none"), "compilers", fold=True
        ),
        "Specs per OS": expected_bars(Counter(s["os"] for s in specs), "OSs", fold=True),
        "Specs per target": expected_bars(Counter(s["target"] for s in specs), "targets", fold=True),
    }
    found = charts_by_title(soup_of(app))
    assert list(found) == list(expected)  # no chart of the platforms (all linux)
    assert len(stacks) > TOP + 1
    assert len(expected["Specs per compiler"]) == TOP + 1
    for title, chart in found.items():
        want = expected[title]
        drawn = bars(chart)
        assert [label for label, _, _ in drawn] == [label for label, _ in want], title
        assert [value for _, value, _ in drawn] == [f"{n} ({100 * n / len(specs):.1f} %)" for _, n in want]
        assert said(chart) == want, title
        top = max(n for _, n in want)
        for (_, _, length), (_, count) in zip(drawn, want, strict=True):
            assert length == pytest.approx(count / top * WIDTH, abs=0.01)
        assert chart.select_one(f"title#{chart['aria-labelledby']}").get_text() == title
        assert chart["role"] == "img"
        assert chart["viewbox"].startswith(f"0 0 {WIDTH} ")
    stack_chart = found["Specs per stack"]
    rest = most_first(stacks)[TOP:]
    desc = stack_chart.select_one("desc").get_text()
    low, high = min(n for _, n in rest), max(n for _, n in rest)
    assert f"Not drawn: {len(rest)} more stacks, with {low} to {high} specs each; " in desc
    assert f"root {root} (100.0 %), the stack of every spec." in desc
    notes = [note.get_text() for note in stack_chart.select("text.cachecatalog-chart-note")]
    assert notes == [
        f"+ {len(rest)} more stacks, {low} to {high} specs each",
        "Not drawn: root, the stack of every spec",
    ]
    # the "other" bar stands apart
    other = found["Specs per compiler"].select("rect.cachecatalog-chart-other")
    assert len(other) == 1


def test_the_tables_stay_with_every_number(make_app, tmp_path):
    """The chart is in addition to the table: every value stays in the table, after the chart."""
    app = build_page(make_app, tmp_path, STATS)
    for block in soup_of(app).select("div.cachecatalog-breakdown:has(> div.cachecatalog-chart)"):
        children = [child for child in block.children if isinstance(child, Tag)]
        kinds = [child.name if child.name != "div" else child["class"][0] for child in children]
        assert kinds[:2] == ["p", "cachecatalog-chart"]
        assert block.select_one("table") is not None
        assert "no-search" in children[1]["class"]  # Sphinx's search indexes the table alone


def test_two_stats_on_a_page_never_share_an_id(make_app, tmp_path):
    body = f"{STATS}\n.. cache-stats::\n   :tag: all\n\n{STATS}"
    app = build_page(make_app, tmp_path, body)
    soup = soup_of(app)
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids))
    svgs = soup.select("div.cachecatalog-chart > svg")
    assert len(svgs) == 12
    for chart in svgs:  # each names its own title and description
        assert chart.select_one(f"title#{chart['aria-labelledby']}") is not None
        assert chart.select_one(f"desc#{chart['aria-describedby']}") is not None
    first = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    (tmp_path / "again").mkdir()
    again = build_page(make_app, tmp_path / "again", body)
    assert (Path(again.outdir) / "index.html").read_text(encoding="utf-8") == first


def test_ids_stay_unique_when_pages_become_one(make_app, tmp_path):
    """singlehtml puts every page into one: charts of two pages keep ids of their own."""
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text('extensions = ["sphinx_cachecatalog"]\n', encoding="utf-8")
    (srcdir / "index.rst").write_text(f"Top\n===\n\n{STATS}\n.. toctree::\n\n   other\n", encoding="utf-8")
    (srcdir / "other.rst").write_text(f"Other\n=====\n\n{STATS}", encoding="utf-8")
    app = make_app("singlehtml", srcdir=srcdir, confoverrides={"cachecatalog_path": str(CACHE)})
    app.build()
    soup = soup_of(app)
    assert len(soup.select("div.cachecatalog-chart > svg")) == 8
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids))


HOSTILE = "<script>1</script><b>x</b>&'\""


def test_markup_in_a_stack_name_is_text(make_app, tmp_path):
    details = [
        spec_entry(hash=f"{index:032d}", stacks=[stack, "root"])
        for index, stack in enumerate([HOSTILE, HOSTILE, "e4s", "ecp"])
    ]
    folder = tmp_path / "catalog" / "develop" / "demo"
    folder.mkdir(parents=True)
    (folder / "specs.md").write_text(text_of(details), encoding="utf-8")
    app = build_page(make_app, tmp_path, ".. cache-stats::\n", cachecatalog_path=str(tmp_path / "catalog"))
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    chart = charts_by_title(soup_of(app))["Specs per stack"]
    assert chart.find("script") is None
    assert chart.find("b") is None
    labels = [label for label, _, _ in bars(chart)]
    assert labels[0] == HOSTILE
    assert f"{HOSTILE} 2 (50.0 %)" in chart.select_one("desc").get_text()
    assert chart.select_one("title").get_text() == "Specs per stack"
    assert "&lt;script&gt;1&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;&amp;&#x27;&quot;" in html


@pytest.mark.parametrize(("builder", "output"), [("text", "index.txt"), ("latex", "*.tex"), ("man", "*.1")])
def test_other_builders_get_the_tables_alone(make_app, tmp_path, monkeypatch, builder, output):
    """Text, LaTeX and man pages are the same with and without the charts, and hold no SVG."""
    conf = {"today": "1 January 2025"}
    (tmp_path / "with").mkdir()
    (tmp_path / "without").mkdir()
    with_charts = build_page(make_app, tmp_path / "with", STATS, builder, **conf)
    monkeypatch.setattr(stats, "_add_chart", lambda *args: None)
    without = build_page(make_app, tmp_path / "without", STATS, builder, **conf)
    (written,) = Path(with_charts.outdir).glob(output)
    text = written.read_text(encoding="utf-8")
    assert "<svg" not in text
    assert "cachecatalog-chart" not in text
    assert "tutorial" in text
    assert text == (Path(without.outdir) / written.name).read_text(encoding="utf-8")


def test_few_values_draw_no_chart():
    assert chart_of("Specs per OS", (("ubuntu22.04", 5),), 5, "OSs") is None
    assert chart_of("Specs per OS", (), 0, "OSs") is None
    assert chart_of("Specs per OS", (("a", 1), ("b", 1)), 2, "OSs") is not None


def test_a_long_list_folds_into_one_bar_or_a_note():
    counts = tuple((f"v{index:02d}", 100 - index) for index in range(TOP + 1))
    assert len(chart_of("T", counts, 2000, "values").bars) == TOP + 1  # "other (1 values)" is no fold
    counts += (("v13", 1), ("v14", 1))
    folded = chart_of("T", counts, 2000, "values")
    assert folded.bars[-1].label == "other (3 values)"
    assert folded.bars[-1].count == 88 + 1 + 1
    noted = chart_of("T", counts, 2000, "values", partition=False)
    assert len(noted.bars) == TOP
    assert noted.notes == ("+ 3 more values, 1 to 88 specs each",)
    assert "Not drawn: 3 more values, with 1 to 88 specs each." in noted.description


def test_a_long_label_is_cut_and_kept_whole_in_its_tooltip():
    label = "a-very-long-stack-name-" * 3
    chart = chart_of("T", ((label, 9), ("short", 1)), 10, "stacks")
    row = BeautifulSoup(svg(chart, "x"), "html.parser").select("g.cachecatalog-chart-row")[0]
    shown = row.select_one("text.cachecatalog-chart-label").get_text()
    assert shown.endswith("\N{HORIZONTAL ELLIPSIS}")
    assert label.startswith(shown[:-1])
    assert row.select_one("title").get_text() == label
    assert len(shown) + len("9 (90.0 %)") <= WIDTH / (charts.CHAR * charts.FONT)


def test_control_characters_never_reach_the_markup():
    """The reader turns such files down already; the SVG (XML in EPUB) would be invalid."""
    chart = chart_of("T\x0c", (("x\x07y", 2), ("z", 1)), 3, "stacks")
    markup = svg(chart, "x")
    assert "\x07" not in markup
    assert "\x0c" not in markup
    assert "x\N{REPLACEMENT CHARACTER}y" in markup


def test_a_series_keeps_its_order_and_says_counts_not_shares() -> None:
    from sphinx_cachecatalog.render.charts import series_of, svg

    chart = series_of(
        "Specs per tag", (("v0.23.1", 52), ("develop-2025-06-01", 187), ("develop", 0)), "specs"
    )
    assert chart is not None
    assert [bar.label for bar in chart.bars] == ["v0.23.1", "develop-2025-06-01", "develop"]
    drawn = svg(chart, "c")
    assert ">52</text>" in drawn
    assert "%" not in drawn.split("</desc>", 1)[1]  # no shares of a total that means nothing here
    assert series_of("One", (("v0.23.1", 52),), "specs") is None
