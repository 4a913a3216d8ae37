"""Phone (375 × 800) and desktop (1280 × 800): the page never scrolls sideways, no figure is ever
cut or covered, tables flow in the page, and a phone shows money on its first screen.

On a phone a classification table is one card per 科目 and an indicator table one card per
indicator (site.css); on wider screens a table too wide for the column scrolls sideways in its own
box, and nothing in it is sticky (a sticky 科目名称 column once hid the left digits of the figures
that scrolled under it: 合计 4140.30 read "140.30")."""

from __future__ import annotations

from pathlib import Path

import pytest
from site_checks import CHECK_CELLS, HEADERS_OVER_COLUMNS

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": {"width": 375, "height": 800}, "desktop": {"width": 1280, "height": 800}}
PAGES = [
    "index.html",
    "2025/langfang-sifaju/index.html",
    "2025/langfang-sifaju/02.html",
    "2025/langfang-sifaju/10.html",
    "2025/langfang-sifaju/14.html",
    "2025/langfang-sifaju/16.html",
    "2025/langfang-sifaju/full.html",
    "2026/yangxin-sifaju/01.html",
    "2024/pingluo-sifaju/05.html",
    "search.html",
    "accessibility.html",
    "404.html",
]
SUMMARY = "2025/langfang-sifaju/01.html"  # 部门预算收支总表: 34 rows, 总计 4210.38 at the bottom
MODES = pytest.mark.parametrize("large_text", [False, True], ids=["normal", "large-text"])

PAGE_WIDTH = "[document.documentElement.scrollWidth, window.innerWidth, window.scrollX]"
LARGE_TEXT = "localStorage.setItem('gongkai-prefs', JSON.stringify({'large-text': true}))"


def table_pages(site: Path) -> list[str]:
    """Every item page (and 全文 page) with a table on it, of every disclosure."""
    found = []
    for path in sorted(site.glob("20*/*/*.html")):
        if 'class="table-scroll' in path.read_text(encoding="utf-8") and path.name != "index.html":
            found.append(path.relative_to(site).as_posix())
    return found


@MODES
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_no_sideways_page_scroll(viewport: str, large_text: bool, built_site, open_page) -> None:
    record = open_page(viewport=VIEWPORTS[viewport])
    page = record.page
    if large_text:
        page.add_init_script(LARGE_TEXT)
    wide = []
    for name in PAGES:
        page.goto((built_site / name).as_uri())
        page.evaluate("window.scrollBy(1000, 0)")  # try to scroll the page sideways
        scroll_width, width, scroll_x = page.evaluate(PAGE_WIDTH)
        if scroll_width > width or scroll_x:
            wide.append(f"{name}: {scroll_width}px wide in a {width}px window")
    assert not wide


@MODES
def test_no_figure_is_ever_cut_or_covered_on_a_phone(large_text: bool, built_site, open_page) -> None:
    """At 375 px every value of every table, at every sideways scroll position, shows whole."""
    page = open_page(viewport=VIEWPORTS["phone"]).page
    if large_text:
        page.add_init_script(LARGE_TEXT)
    pages = table_pages(built_site)
    assert len(pages) > 50  # every disclosure's tables, not a sample
    problems = []
    for name in pages:
        page.goto((built_site / name).as_uri())
        problems += [f"{name}: {p}" for p in page.evaluate(CHECK_CELLS, True)]
    assert not problems, "\n".join(problems[:20])


def test_no_figure_is_covered_on_a_desktop(built_site, open_page) -> None:
    """At 1280 px a table wider than the column scrolls in its box; nothing covers a value while it does."""
    page = open_page(viewport=VIEWPORTS["desktop"]).page
    problems = []
    scrolling = 0
    for name in table_pages(built_site):
        page.goto((built_site / name).as_uri())
        scrolling += page.evaluate(
            "[...document.querySelectorAll('.table-scroll')].filter(b => b.scrollWidth > b.clientWidth).length"
        )
        problems += [f"{name}: {p}" for p in page.evaluate(CHECK_CELLS, False)]
    assert not problems, "\n".join(problems[:20])
    assert scrolling, "some table (the 15-column 政府采购预算表) should be wider than the desktop column"


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_header_cells_stay_above_their_columns(viewport: str, built_site, open_page) -> None:
    """Scrolled sideways, each column header stays over its column; on a phone's cards each value
    is labelled with its own column's header."""
    page = open_page(viewport=VIEWPORTS[viewport]).page
    problems = []
    for name in ("2025/langfang-sifaju/02.html", "2025/langfang-sifaju/14.html", "2024/putuo-caizhengju/04.html"):
        page.goto((built_site / name).as_uri())
        problems += page.evaluate(HEADERS_OVER_COLUMNS)
    assert not problems, "\n".join(problems)


@MODES
def test_first_screen_of_a_classification_table_shows_a_subject_and_its_total(
    large_text: bool, built_site, open_page
) -> None:
    """On a phone, without scrolling, a 科目名称 and its 合计 figure are in view."""
    page = open_page(viewport=VIEWPORTS["phone"]).page
    if large_text:
        page.add_init_script(LARGE_TEXT)
    checked, missing = 0, []
    for name in table_pages(built_site):
        if name.endswith("full.html"):
            continue
        page.goto((built_site / name).as_uri())
        found = page.evaluate("""() => {
          // the first table displayed (a table printed in column blocks is on a phone its blocks)
          const table = [...document.querySelectorAll('main table.grid')].find(t => t.getClientRects().length);
          // a classification table: its rows carry a 科目编码
          if (!table || !table.querySelector('tbody td.code:not(.empty)')) return null;
          const inView = el => {
            const r = el.getBoundingClientRect();
            if (r.bottom > innerHeight || r.top < 0 || r.right > innerWidth || r.left < 0) return false;
            const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
            return hit === el || el.contains(hit);
          };
          for (const row of table.querySelectorAll('tbody tr')) {
            const name = row.querySelector('th');
            const figures = [...row.querySelectorAll('td.num:not(.empty)')];
            const total = figures.find(td => (td.dataset.label || '').includes('合计')) || figures[0];
            if (name && total && inView(name) && inView(total))
              return `${name.textContent} ${total.dataset.label} ${total.textContent}`;
          }
          return '';
        }""")
        if found is None:
            continue
        checked += 1
        if not found:
            missing.append(name)
    assert checked >= 8, checked  # the 收入/支出/财政拨款 tables of 廊坊, 临西, 兴隆 and 普陀
    assert not missing, f"no 科目名称 with its 合计 in the first screen: {missing}"


def test_the_income_table_shows_its_total_on_the_first_screen_in_large_text(built_site, open_page) -> None:
    page = open_page(viewport=VIEWPORTS["phone"]).page
    page.add_init_script(LARGE_TEXT)
    page.goto((built_site / "2025/langfang-sifaju/02.html").as_uri())
    total = page.locator("td.num", has_text="4210.38").first
    box = total.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 800, box
    assert total.evaluate("td => getComputedStyle(td, '::before').content") == '"合计"'


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_tables_flow_in_the_page(viewport: str, built_site, open_page) -> None:
    """At 1280 px and at 375 px no table box scrolls vertically (nor clips a row: the home page's
    department table once did on a phone); the 收支总表's 总计 row is reached by scrolling the page."""
    page = open_page(viewport=VIEWPORTS[viewport]).page
    tall = []
    for name in [*table_pages(built_site), "index.html"]:
        page.goto((built_site / name).as_uri())
        tall += page.evaluate(
            """n => [...document.querySelectorAll('.table-scroll')]
          .filter(b => ['auto', 'scroll'].includes(getComputedStyle(b).overflowY)
                    || (getComputedStyle(b).overflowY !== 'visible' && b.scrollHeight > b.clientHeight + 1))
          .map(b => `${n}: ${b.querySelector('caption').textContent} ${b.clientHeight}/${b.scrollHeight}px`)""",
            name,
        )
    assert not tall, tall
    page.goto((built_site / SUMMARY).as_uri())
    total = page.locator("tbody tr", has_text="支出总计").locator("td.num").last
    assert total.inner_text() == "4210.38"
    total.scroll_into_view_if_needed()
    assert page.evaluate("scrollY") > 0
    assert _on_top(total)
    assert total.evaluate("td => td.closest('.table-scroll').scrollTop") == 0


@MODES
def test_indicator_values_are_not_cut_off_on_a_phone(large_text: bool, built_site, open_page) -> None:
    """A project table's 指标值 is read whole at 375 px and label columns keep whole words per line."""
    page = open_page(viewport=VIEWPORTS["phone"]).page
    if large_text:
        page.add_init_script(LARGE_TEXT)
    # one page per project table: the one whose indicators hold the 物业费 standard
    project = next(
        p for p in sorted((built_site / "2025/langfang-sifaju").glob("16-*.html")) if "≤153元" in p.read_text()
    )
    page.goto(project.as_uri())
    value = page.locator(".layout-indicators td", has_text="≤153元").first
    value.scroll_into_view_if_needed()
    assert _on_top(value)
    box = value.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375
    assert value.evaluate("td => getComputedStyle(td, '::before').content") == '"指标值"'
    # the description beside its label has room for more than five characters a line
    desc = page.locator(".layout-indicators td", has_text="反映每平方米机关办公用房年度物业费支出标准").first
    width = desc.evaluate(
        "td => { const r = document.createRange(); r.selectNodeContents(td); return r.getBoundingClientRect().width; }"
    )
    font = desc.evaluate("td => parseFloat(getComputedStyle(td).fontSize)")
    assert width >= 8 * font, f"{width}px is {width / font:.1f} characters a line"


def _on_top(locator) -> bool:
    """The element is what a reader sees at its centre (inside the viewport, nothing over it)."""
    return locator.evaluate("""el => {
      const r = el.getBoundingClientRect();
      const x = r.left + r.width / 2, y = r.top + r.height / 2;
      if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) return false;
      const hit = document.elementFromPoint(x, y);
      return hit === el || el.contains(hit);
    }""")


def test_the_full_documents_contents_are_plain_links_on_the_web(built_site, open_page) -> None:
    """The 全文 page's 目录 on screen: no dotted leaders leading to no page number (those are the
    archival PDF's, which fills the numbers), entries underlined in the link colour like any link."""
    page = open_page((built_site / "2025/langfang-sifaju/full.html").as_uri()).page
    entries = page.locator(".doc-toc a")
    assert entries.count() > 20
    styles = entries.evaluate_all(
        """links => links.map(a => ({
          leader: getComputedStyle(a, '::after').content,
          border: getComputedStyle(a, '::after').borderBottomStyle,
          line: getComputedStyle(a).textDecorationLine,
          color: getComputedStyle(a).color,
          number: a.querySelector('.doc-toc-page') ? getComputedStyle(a.querySelector('.doc-toc-page')).display : 'none',
          href: a.getAttribute('href'),
        }))"""
    )
    link_colour = page.evaluate(
        "() => { const a = document.querySelector('.breadcrumbs a'); return getComputedStyle(a).color; }"
    )
    for style in styles:
        assert style["leader"] in ("none", "normal"), style  # no ::after box drawn
        assert style["line"] == "underline", style
        assert style["number"] == "none", style  # the empty page-number slot takes no room
        assert style["href"].startswith("#")
    assert {s["color"] for s in styles} <= {link_colour, "rgb(90, 45, 130)"}  # link or visited link


# ----- a table printed in column blocks side by side (普陀's 基本支出决算表: 人员经费 | 公用经费) -----

SIDE_BY_SIDE = "2024/putuo-caizhengju/08.html"

# What a reader sees of each card (a displayed body row): its text as rendered, without spaces
# (the 类 and 款 of a code are printed apart: "301 01"), the labels shown left of its figures, and
# the caption shown above its block.
CARDS = """() => [...document.querySelectorAll('main table.grid tbody tr')]
  .filter(tr => tr.getClientRects().length)
  .map(tr => [tr.innerText.replace(/\\s+/g, ''),
              [...tr.querySelectorAll('td.num')].filter(td => td.getClientRects().length)
                .map(td => getComputedStyle(td, '::before').content),
              tr.closest('table').querySelector('caption').innerText.trim()])"""


def _printed_rows(example_disclosures) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """The source's rows of 普陀's 基本支出决算表, group by group: (code, name, figure as printed)."""
    from generator.model.money import format_figure

    (table,) = example_disclosures["putuo-caizhengju"].tables("final_basic_expenditure")
    return [
        (group.total_label, [(r.code, r.name, format_figure(r.values.get("决算数"))) for r in group.rows])
        for group in table.groups
    ]


@MODES
def test_side_by_side_groups_read_one_after_the_other_on_a_phone(
    large_text: bool, built_site, open_page, example_disclosures
) -> None:
    """At 375 px each card is one 科目 of the source with its own code, name and figure (30101 基本工资
    262.33 and 30201 办公费 21.21 in different cards): 人员经费's cards and its 合计, then 公用经费's,
    each group's name shown once above its cards (a figure's label does not repeat it)."""
    page = open_page(viewport=VIEWPORTS["phone"]).page
    if large_text:
        page.add_init_script(LARGE_TEXT)
    page.goto((built_site / SIDE_BY_SIDE).as_uri())
    cards = page.evaluate(CARDS)
    expected: list[tuple[str, str]] = []
    for (total_label, rows), group in zip(_printed_rows(example_disclosures), ("人员经费", "公用经费"), strict=True):
        expected += [(f"{code}{name}{figure}", group) for code, name, figure in rows]
        expected.append((total_label, group))
    seen = [(text, labels) for text, labels, _ in cards]
    # the cards in the source's order, group after group, each exactly one row of the source
    assert len(seen) == len(expected)
    for (text, labels, caption), (row, group) in zip(cards, expected, strict=True):
        if row.endswith("合计"):
            assert text.startswith(row), text
        else:
            assert text == row, (text, row)
        # under its own group's name, shown once above the group's cards; its figure labelled with
        # its column (决算数), not "人员经费 · 决算数" again
        assert caption == group, (text, caption)
        assert labels in ([], ['"决算数"']), (text, labels)
    captions = page.locator(".blocks-narrow caption")
    assert [c.strip() for c in captions.all_inner_texts()] == ["人员经费", "公用经费"]
    for i in range(2):
        captions.nth(i).scroll_into_view_if_needed()
        assert _on_top(captions.nth(i))
    texts = [text for text, _ in seen]
    assert "30101基本工资262.33" in texts and "30201办公费21.21" in texts
    assert texts.index("人员经费合计2152.26") < texts.index("30201办公费21.21") < texts.index("公用经费合计184.65")
    # every figure whole and uncovered
    assert page.evaluate(CHECK_CELLS, True) == []


def test_side_by_side_groups_stand_side_by_side_on_a_desktop(built_site, open_page) -> None:
    """At 1280 px the table is as printed: 人员经费 and 公用经费 side by side, 30101 基本工资 262.33
    on the line of 30201 办公费 21.21, and the phone's blocks are not displayed (nor read twice)."""
    page = open_page(viewport=VIEWPORTS["desktop"]).page
    page.goto((built_site / SIDE_BY_SIDE).as_uri())
    heads = [page.locator("main thead th", has_text=g).first.bounding_box() for g in ("人员经费", "公用经费")]
    assert heads[0] and heads[1] and heads[0]["y"] == heads[1]["y"] and heads[0]["x"] < heads[1]["x"]
    line = page.locator("main tbody tr", has_text="基本工资").first
    assert line.is_visible() and "办公费" in line.inner_text() and "21.21" in line.inner_text()
    assert page.locator(".blocks-narrow").evaluate("el => getComputedStyle(el).display") == "none"
    assert page.evaluate(CHECK_CELLS, False) == []


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_side_by_side_figures_are_displayed_once(viewport: str, built_site, open_page) -> None:
    """At any width one arrangement is displayed (the other is display: none, so out of the
    accessibility tree): each figure once; search indexes the printed one only."""
    page = open_page(viewport=VIEWPORTS[viewport]).page
    page.goto((built_site / SIDE_BY_SIDE).as_uri())
    shown = page.evaluate("""() => [...document.querySelectorAll('main td.num:not(.empty)')]
      .filter(td => td.getClientRects().length).map(td => td.textContent.trim())""")
    assert shown.count("262.33") == 1 and shown.count("21.21") == 1 and shown.count("2152.26") == 1
    html = (built_site / SIDE_BY_SIDE).read_text(encoding="utf-8")
    assert html.count('<div class="blocks-narrow" data-pagefind-ignore>') == 1


@MODES
def test_comparison_cards_show_no_label_without_its_value_on_a_phone(large_text: bool, pair_site, open_page) -> None:
    """At 375 px a 预算/决算 comparison card lists the columns that have something: an empty 说明 is
    not shown as a bare label; a 说明 that says why there is no 完成率 is; every figure whole."""
    page = open_page(viewport=VIEWPORTS["phone"]).page
    if large_text:
        page.add_init_script(LARGE_TEXT)
    page.goto((pair_site / "2024/moumou-caizhengju/02.html").as_uri())
    lines = page.evaluate("""() => [...document.querySelectorAll('.comparison tbody th ~ td')]
      .filter(td => td.getClientRects().length)
      .map(td => [getComputedStyle(td, '::before').content, td.innerText.trim()])""")
    assert lines and all(text for _, text in lines), [label for label, text in lines if not text]
    assert any(label == '"说明"' and "年初预算空白" in text for label, text in lines)
    assert page.evaluate(CHECK_CELLS, True) == []


@MODES
def test_a_project_code_is_never_broken_on_a_phone(large_text: bool, built_site, open_page) -> None:
    """廊坊's 项目编码 13100025P00010510004B reads on one line at 375 px: beside its label when it
    fits, under it otherwise (大字), never "…1000" / "4B"."""
    page = open_page(viewport=VIEWPORTS["phone"]).page
    if large_text:
        page.add_init_script(LARGE_TEXT)
    page.goto((built_site / "2025/langfang-sifaju/16-01.html").as_uri())
    code = page.locator("td", has_text="13100025P00010510004B").first
    lines = code.evaluate(
        "td => { const r = document.createRange(); r.selectNodeContents(td); return r.getClientRects().length; }"
    )
    assert lines == 1
    assert _on_top(code)
    box = code.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375


# Every element whose own text is the given title and that a person sees: brought into the window,
# the point at the middle of its text is the element itself (a clipped, visually hidden caption is
# not hit there).
SEEN_WITH_TEXT = """(title) => [...document.querySelectorAll('main *')].filter((el) => {
  const own = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join('').trim();
  if (own !== title) return false;
  el.scrollIntoView({block: 'center'});
  const range = document.createRange();
  range.selectNodeContents(el);
  const r = range.getBoundingClientRect();
  if (r.width < 1 || r.height < 1) return false;
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return hit !== null && (hit === el || el.contains(hit));
}).length"""


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_table_title_is_shown_once_above_its_table(viewport: str, built_site, open_page) -> None:
    """The heading names the table; its caption (kept for screen readers) does not say it again on
    screen. A sub-table's own title (阳新's 项目支出情况) is still shown above its grid."""
    page = open_page(viewport=VIEWPORTS[viewport]).page
    for name, title in (
        ("2025/langfang-sifaju/16-01.html", "1、机关专项运转经费绩效目标表"),
        ("2025/langfang-sifaju/01.html", "部门预算收支总表"),
    ):
        page.goto((built_site / name).as_uri())
        assert page.locator("h1").first.inner_text().strip() == title
        assert page.evaluate(SEEN_WITH_TEXT, title) == 1, name
        caption = page.locator("table caption").first
        assert caption.inner_text().strip() == title  # still there for a screen reader
    page.goto((built_site / "2026/yangxin-sifaju/01.html").as_uri())
    assert page.evaluate(SEEN_WITH_TEXT, "项目支出情况") == 1


@MODES
def test_the_home_pages_department_table_is_a_card_per_department_on_a_phone(
    large_text: bool, built_site, open_page
) -> None:
    """At 375 px (大字 too) each department is a card: its name and code, then each year that has a
    publication, the link beside its year; a year without one is not listed. Nothing scrolls sideways."""
    page = open_page(viewport=VIEWPORTS["phone"]).page
    if large_text:
        page.add_init_script(LARGE_TEXT)
    page.goto((built_site / "index.html").as_uri())
    box = page.locator(".table-scroll", has=page.locator("table.by-department"))
    assert box.evaluate("b => b.scrollWidth <= b.clientWidth")
    cards = page.evaluate("""() => [...document.querySelectorAll('table.by-department tbody tr')].map(tr => [
      tr.querySelector('th').innerText.replace(/\\s+/g, ''),
      [...tr.querySelectorAll('td')].filter(td => td.getClientRects().length)
        .map(td => [getComputedStyle(td, '::before').content, td.innerText.trim()])])""")
    assert len(cards) == 6
    assert cards[0] == ["廊坊市司法局部门代码：375", [['"2025 年"', "2025年部门预算"]]]
    assert all(len(years) == 1 for _, years in cards), cards  # one publication each, the empty years left out
    assert page.evaluate(CHECK_CELLS, True) == []


def test_an_empty_table_shows_its_note_and_no_card_note_on_a_phone(built_site, open_page) -> None:
    """A table the source prints empty (空表列示) has no cards on a phone: its 注 says why, and the note
    on how cards read is not shown."""
    page = open_page((built_site / "2025/langfang-sifaju/07.html").as_uri(), viewport=VIEWPORTS["phone"]).page
    assert page.locator("main tbody tr").count() == 0
    assert not page.locator(".stack-note").is_visible()
    assert page.locator(".table-note", has_text="空表列示").is_visible()
    page.goto((built_site / "2025/langfang-sifaju/02.html").as_uri())
    assert page.locator(".stack-note").first.is_visible()
