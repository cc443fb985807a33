"""``cache-package`` and ``cache-specs`` on the seed file, read from the HTML."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from .conftest import SEED_FILE, read_independently, rows_of, soup_of, strip_colors, warnings_by_subtype

SEED_OVERRIDES = {"cachecatalog_path": str(SEED_FILE.parent.parent.parent)}


def version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


@pytest.mark.sphinx("html", testroot="package", confoverrides=SEED_OVERRIDES)
def test_summary_and_specs(app):
    app.build()
    assert warnings_by_subtype(app.warning.getvalue()) == {}
    assert "WARNING" not in strip_colors(app.warning.getvalue())
    front = read_independently(SEED_FILE)
    details = front["spec_details"]
    soup = soup_of(app)
    first = soup.select("div.cachecatalog-package")[0]
    assert "extra-class" in first["class"]
    summary = dict(rows_of(first.select_one("table.cachecatalog-summary")))
    assert summary["Package"] == "py-mpi4py"
    assert summary["Tag"] == "develop"
    assert summary["Specs"] == str(len(details)) == "91"
    assert summary["Versions"] == "4.0.1, 3.1.6"
    compilers = sorted({s["compiler"] for s in details})
    assert summary["Compilers"].split(", ") == sorted(compilers, key=lambda c: (c.split("@")[0], c))
    assert summary["OSs"] == ", ".join(sorted({s["os"] for s in details}))
    assert summary["Platforms"] == ", ".join(sorted({s["platform"] for s in details}))
    assert summary["Targets"] == ", ".join(sorted({s["target"] for s in details}))
    counts = Counter(stack for s in details for stack in s["stacks"])
    stacks = re.findall(r"([\w.-]+) \((\d+)\)", summary["Stacks"])
    assert {name: int(n) for name, n in stacks} == counts
    assert stacks[0] == ("e4s", "23")
    assert stacks[1] == ("e4s-neoverse-v2", "12")
    assert stacks[-1] == ("root", "91")
    others = [int(n) for name, n in stacks[:-1]]
    assert others == sorted(others, reverse=True)

    link = first.select_one("table.cachecatalog-summary a.reference.external")
    assert link["href"] == "https://packages.spack.io/package.html?name=py-mpi4py"

    specs = first.select_one("table.cachecatalog-specs")
    header, *body = rows_of(specs)
    # platform, OS and target read as one Spack arch in HTML (the table fits the page)
    assert header == ["Hash", "Version", "Compiler", "Arch", "Variants", "Stacks", "Size"]
    assert len(body) == len(details)
    by_hash = {s["hash"]: s for s in details}
    assert {row[0] for row in body} == set(by_hash)  # the full hash is in the page
    # variants every spec has are said once, above the table; cells hold the others
    shared = set.intersection(*(set(s["variants"]) for s in details))
    note = first.select_one("p.cachecatalog-shared").get_text(" ", strip=True)
    assert note.split() == [
        "All",
        str(len(details)),
        "specs:",
        *[v for v in details[0]["variants"] if v in shared],
    ]
    for row in body:
        spec = by_hash[row[0]]
        assert row[1:4] == [
            ", ".join(spec["versions"]),
            spec["compiler"],
            f"{spec['platform']}-{spec['os']}-{spec['target']}",
        ]
        assert row[4] == " ".join(v for v in spec["variants"] if v not in shared)
        assert row[5] == ", ".join(spec["stacks"])
        assert row[6] == "\N{EM DASH}"  # every size in the real data is "-"
    order = [
        (
            version_tuple(by_hash[row[0]]["versions"][0]),
            row[2],
            by_hash[row[0]]["os"],
            by_hash[row[0]]["target"],
            row[0],
        )
        for row in body
    ]
    expected = sorted(order, key=lambda key: (tuple(-n for n in key[0]), key[1:]))
    assert order == expected
    assert len(specs.select("tbody td:first-child > code")) == len(details)  # the hash, clipped by CSS


@pytest.mark.sphinx("html", testroot="package", confoverrides=SEED_OVERRIDES)
def test_options_caption_name_no_specs_and_specs_alone(app):
    app.build()
    soup = soup_of(app)
    packages = soup.select("div.cachecatalog-package")
    assert len(packages) == 2
    assert packages[0].select_one("table.cachecatalog-summary caption .caption-text").get_text() == (
        "The mpi4py package"
    )
    assert packages[0].select_one("table.cachecatalog-summary")["id"] == "mpi4py-table"
    assert packages[1].select("table.cachecatalog-specs") == []  # :no-specs:
    alone = soup.select("div.cachecatalog-specs table")
    assert len(alone) == 1
    assert alone[0]["id"] == "mpi4py-specs"
    assert len(alone[0].select("tbody tr")) == 91
    refs = {a.get_text(): a["href"] for a in soup.select("a.reference.internal")}
    assert refs["The mpi4py package"] == "#mpi4py-table"
    assert refs["the spec list"] == "#mpi4py-specs"


@pytest.mark.sphinx("html", testroot="package", confoverrides=SEED_OVERRIDES)
def test_search_index_has_names_and_versions_not_hashes(app):
    app.build()
    index = (Path(app.outdir) / "searchindex.js").read_text(encoding="utf-8")
    data = json.loads(index[index.index("(") + 1 : index.rindex(")")])
    terms = data["terms"] | data["titleterms"]
    assert "mpi4pi" in terms  # "py-mpi4py", split and stemmed by Sphinx's English search
    assert "ubuntu22" in terms
    hashes = {s["hash"] for s in read_independently(SEED_FILE)["spec_details"]}
    assert not any(h in terms or h[:7] in terms for h in hashes)


@pytest.mark.sphinx("html", testroot="package", confoverrides=SEED_OVERRIDES)
def test_stylesheet_is_bundled_and_linked(app):
    app.build()
    assert (Path(app.outdir) / "_static" / "cachecatalog.css").is_file()
    assert soup_of(app).select('link[href^="_static/cachecatalog.css"]')


@pytest.mark.sphinx(
    "html", testroot="package", confoverrides=SEED_OVERRIDES | {"cachecatalog_package_url": None}
)
def test_package_link_can_be_turned_off(app):
    app.build()
    summary = soup_of(app).select_one("table.cachecatalog-summary")
    assert summary.select("a.reference") == []


def test_numref_counts_the_captioned_summary_as_a_table(make_app, tmp_path):
    from .conftest import build_page

    body = ".. cache-package:: py-mpi4py\n   :caption: MPI for Python\n   :name: mpi\n   :no-specs:\n\nSee :numref:`mpi`.\n"
    app = build_page(make_app, tmp_path, body, numfig=True, cachecatalog_path=str(SEED_FILE))
    assert "WARNING" not in strip_colors(app.warning.getvalue())
    soup = soup_of(app)
    assert soup.select_one("a.reference.internal[href='#mpi']").get_text() == "Table 1"
    assert soup.select_one("table#mpi caption").get_text().startswith("Table 1 MPI for Python")
