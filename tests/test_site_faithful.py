"""Faithful to the source, as a reader sees it (#12): the 三公 table's numbered rows all bold, a
column's figures aligned alike, text columns wide enough for whole words, and the unit and date
lines the source prints (单位：万元 over the 政府采购 table, 截止时间 over the 资产 table)."""

from __future__ import annotations

from pathlib import Path

import pytest
from site_checks import COLUMN_ALIGNMENT, TEXT_CELL_WIDTHS

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 800}


def _table_pages(site: Path) -> list[Path]:
    """Every page of the site with a table on it."""
    return [p for p in sorted(site.glob("20*/*/*.html")) if 'class="table-scroll' in p.read_text(encoding="utf-8")]


@pytest.fixture(scope="module")
def desktop_findings(browser, built_site, pair_site, selfeval_site) -> dict[str, list[str]]:
    """Every table page (content/'s, the 预算/决算 comparison's and the 绩效自评表's) visited once at
    1280 px: the columns whose cells align differently, the text cells with too little room."""
    pages = [*_table_pages(built_site), *_table_pages(pair_site), *_table_pages(selfeval_site)]
    assert len(pages) > 60
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    found: dict[str, list[str]] = {"alignment": [], "widths": []}
    try:
        for path in pages:
            page.goto(path.as_uri())
            where = f"{path.parent.name}/{path.name}"
            found["alignment"] += [f"{where}: {m}" for m in page.evaluate(COLUMN_ALIGNMENT)]
            found["widths"] += [f"{where}: {m}" for m in page.evaluate(TEXT_CELL_WIDTHS)]
    finally:
        context.close()
    return found


def test_the_three_public_tables_numbered_rows_are_all_bold(built_site, open_page) -> None:
    """一、因公出国（境）费, 二、公务用车购置及运维费 and 三、公务接待费 are peers: all bold with
    their figures (三、 was not: unlike the other two, it sums no 其中 rows)."""
    page = open_page((built_site / "2025/langfang-sifaju/09.html").as_uri(), viewport=DESKTOP).page
    rows = page.evaluate("""() => [...document.querySelectorAll('main tbody tr')]
      .filter(tr => /^[一二三]、/.test(tr.querySelector('th').textContent.trim()))
      .map(tr => [tr.querySelector('th').textContent.trim(),
                  [tr.querySelector('th'), ...tr.querySelectorAll('td.num:not(.empty)')]
                    .map(c => parseInt(getComputedStyle(c).fontWeight, 10))])""")
    assert [name for name, _ in rows] == ["一、因公出国（境）费", "二、公务用车购置及运维费", "三、公务接待费"]
    assert rows[2][1] == [700, 700, 700]  # 三、公务接待费 2.87 2.87
    assert all(weight >= 700 for _, weights in rows for weight in weights), rows


def test_a_columns_amounts_and_percentages_align_alike(desktop_findings) -> None:
    assert not desktop_findings["alignment"], "\n".join(desktop_findings["alignment"][:20])


def test_text_columns_have_room_for_words(desktop_findings, open_page, built_site) -> None:
    """At 1280 px beside the 政府采购 table's eleven figure columns, 采购物品名称 法律援助服务 reads
    on one line (it read 法律 / 援助 / 服务), and no text cell of a data table has room for fewer
    than five characters a line."""
    assert not desktop_findings["widths"], "\n".join(desktop_findings["widths"][:20])
    page = open_page((built_site / "2025/langfang-sifaju/17.html").as_uri(), viewport=DESKTOP).page
    item = page.locator("main tbody td", has_text="法律援助服务").first
    lines = item.evaluate(
        "td => { const r = document.createRange(); r.selectNodeContents(td); return r.getClientRects().length; }"
    )
    assert lines == 1


@pytest.mark.parametrize(
    ("name", "line"),
    [("2025/langfang-sifaju/17.html", "单位：万元"), ("2025/langfang-sifaju/18.html", "截止时间：2024-12-31")],
    ids=["procurement-unit", "assets-date"],
)
def test_the_unit_and_date_lines_of_the_source_are_shown(name: str, line: str, built_site, open_page) -> None:
    """Over the table, where the source prints them, on a phone and on a desktop."""
    for viewport in (DESKTOP, {"width": 375, "height": 800}):
        page = open_page((built_site / name).as_uri(), viewport=viewport).page
        meta = page.locator("main .table-meta span", has_text=line)
        assert meta.count() == 1 and meta.is_visible()
        assert meta.evaluate(
            "el => el.getBoundingClientRect().bottom <= document.querySelector('main table.grid').getBoundingClientRect().top"
        )


def test_the_explanations_sub_headings_read_as_headings(built_site, open_page) -> None:
    """廊坊's 二、部门预算安排的总体情况 prints 1、收入说明, 2、支出说明 and 3、比上年增减情况 as
    headings of their own: on the page they are headings, set apart from the paragraphs (bold or
    larger), not lines of body text."""
    page = open_page((built_site / "2025/langfang-sifaju/11.html").as_uri(), viewport=DESKTOP).page
    found = page.evaluate("""() => {
      const style = e => { const s = getComputedStyle(e); return [parseInt(s.fontWeight, 10), parseFloat(s.fontSize)]; };
      const body = style(document.querySelector('main p'));
      return [...document.querySelectorAll('main h2, main h3, main h4')]
        .filter(h => /^[123]、/.test(h.textContent.trim()))
        .map(h => [h.textContent.trim(), ...style(h), ...body]);
    }""")
    assert [text for text, *_ in found] == ["1、收入说明", "2、支出说明", "3、比上年增减情况"]
    for text, weight, size, body_weight, body_size in found:
        assert weight > body_weight or size > body_size, (text, weight, size, body_weight, body_size)
