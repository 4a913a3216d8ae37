"""Every figure the 普陀 决算 prints in its nine tables is in our content, and no other.

The table part of the published text (pdftotext -layout, content/sources/) is read as text:
every number with two decimals in it (thousands separated by commas, as printed) is a
published figure. The same multiset must come out of the nine 决算 tables as Gongkai lays
them out (the grids behind the HTML, CSV and XLSX), so nothing was dropped, invented or
retyped. The 情况说明's figures are compared the same way with the text of our sections.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from generator.layouts import package_registry
from generator.model.document import TextBlock
from generator.pipeline import load_content
from generator.render.tables import grids_for

FINAL_KINDS = [k.id for k in package_registry().required_in("决算")]

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "content" / "sources" / "2024-juesuan-shanghai-putuo-caizhengju.txt"
TABLES_START = "    第二部分 上海市普陀区财政局2024年度部门决算表"
TEXT_START = "   第三部分上海市普陀区财政局2024年度部门决算情况"
TEXT_END = "  第四部分 名词解释"
# 2,940.05 or 0.95: two decimals, commas between thousands
FIGURE = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+\.\d{2}(?![\d.])|(?<![\d.,])\d+\.\d{2}(?![\d.])")
# any amount or share in running text: 2993.92, 6.2, 0.3, 98.20%, 0%
TEXT_FIGURE = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?=\s*(?:万元|%))")


@pytest.fixture(scope="module")
def putuo():
    content = load_content(ROOT / "content")
    return next(d for d in content.disclosures if d.slug == "putuo-caizhengju")


def source() -> str:
    return SOURCE.read_text(encoding="utf-8")


def published_table_figures() -> Counter:
    text = source()
    part = text[text.index(TABLES_START) : text.index(TEXT_START)]
    return Counter(f.replace(",", "") for f in FIGURE.findall(part))


def test_the_nine_final_tables_hold_exactly_the_published_figures(putuo):
    assert len(FINAL_KINDS) == 9
    ours: Counter = Counter()
    for kind in FINAL_KINDS:
        (table,) = putuo.tables(kind)
        for grid in grids_for(table, kind):
            for row in grid.body:
                ours.update(cell.text for cell in row if cell.numeric and cell.text)
    published = published_table_figures()
    assert sum(published.values()) == 195
    assert ours == published, f"missing: {dict(published - ours)}; not published: {dict(ours - published)}"


def test_the_explanations_hold_every_published_figure(putuo):
    text = source()
    # pdftotext breaks lines inside a figure's context; join them before reading
    part = re.sub(r"\s*\n\s*", "", text[text.index(TEXT_START) : text.index(TEXT_END)])
    published = Counter(TEXT_FIGURE.findall(part))
    ours: Counter = Counter()
    for section in putuo.sections():
        for block in section.body:
            if isinstance(block, TextBlock):
                ours.update(TEXT_FIGURE.findall(block.markdown))
    assert sum(published.values()) == 80
    assert published["0.3"] == 1  # 财政拨款收入支出总计 as printed (the tables say 2961.68)
    assert ours == published, f"missing: {dict(published - ours)}; not published: {dict(ours - published)}"
