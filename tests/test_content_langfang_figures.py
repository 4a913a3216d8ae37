"""Every figure the 廊坊 document prints in its nine tables is in our content, and no other.

The seed's table section is read as text: every number with two decimals in it is a
published figure. The same multiset must come out of the nine tables as Gongkai lays
them out (the grids behind the HTML, CSV and XLSX), so nothing was dropped, invented
or retyped.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from generator.layouts import package_registry
from generator.pipeline import load_content
from generator.render.tables import grids_for

STANDARD_KINDS = [k.id for k in package_registry().required_in("预算")]

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "content" / "sources" / "2025-langfang-sifaju.txt"  # the published text (content/sources/README.md)
FIGURE = re.compile(r"(?<![\d.])\d+\.\d{2}(?![\d.])")


@pytest.fixture(scope="module")
def langfang():
    content = load_content(ROOT / "content")
    return next(d for d in content.disclosures if d.slug == "langfang-sifaju")


def seed_table_figures() -> Counter:
    text = SEED.read_text(encoding="utf-8")
    start = text.index("部门预算收支总表\n\n375")
    end = text.index("廊坊市司法局 2025 年部门预算信息公开情况说明")
    return Counter(FIGURE.findall(text[start:end]))


def test_nine_tables_hold_exactly_the_published_figures(langfang):
    ours: Counter = Counter()
    for kind in STANDARD_KINDS:
        (table,) = langfang.tables(kind)
        for grid in grids_for(table, kind):
            for row in grid.body:
                ours.update(cell.text for cell in row if cell.numeric and cell.text)
    published = seed_table_figures()
    assert sum(published.values()) > 250
    assert ours == published, f"missing: {dict(published - ours)}; not published: {dict(ours - published)}"
