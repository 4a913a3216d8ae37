"""Phone (375 × 800) and desktop (1280 × 800): the page never scrolls sideways, wide tables scroll in
their own container, and the header rows and the 科目名称 column stay in view while a table scrolls."""

from __future__ import annotations

import pytest

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
LONG_TABLE = "2025/langfang-sifaju/02.html"  # 部门预算收入总表: 13 columns, 25 rows

PAGE_WIDTH = "[document.documentElement.scrollWidth, window.innerWidth, window.scrollX]"


@pytest.mark.parametrize("large_text", [False, True], ids=["normal", "large-text"])
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_no_sideways_page_scroll(viewport: str, large_text: bool, built_site, open_page) -> None:
    record = open_page(viewport=VIEWPORTS[viewport])
    page = record.page
    if large_text:
        page.add_init_script("localStorage.setItem('gongkai-prefs', JSON.stringify({'large-text': true}))")
    wide = []
    for name in PAGES:
        page.goto((built_site / name).as_uri())
        page.evaluate("window.scrollBy(1000, 0)")  # try to scroll the page sideways
        scroll_width, width, scroll_x = page.evaluate(PAGE_WIDTH)
        if scroll_width > width or scroll_x:
            wide.append(f"{name}: {scroll_width}px wide in a {width}px window")
    assert not wide


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_wide_table_scrolls_in_its_container(viewport: str, built_site, open_page) -> None:
    page = open_page((built_site / LONG_TABLE).as_uri(), viewport=VIEWPORTS[viewport]).page
    box = page.locator(".table-scroll").first
    assert box.evaluate("b => getComputedStyle(b).overflowX") == "auto"
    assert box.evaluate("b => b.scrollWidth > b.clientWidth"), "the 13-column table should be wider than its box"
    assert box.get_attribute("tabindex") == "0"  # keyboard users can focus it and scroll with arrows
    box.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("End")
    box.evaluate("b => { b.scrollLeft = b.scrollWidth; }")
    assert box.evaluate("b => b.scrollLeft") > 0
    scroll_width, width, scroll_x = page.evaluate(PAGE_WIDTH)
    assert scroll_width <= width and scroll_x == 0

    # The row headers (科目名称) stay at the left edge of the box while the figures scroll under.
    name_cell = page.locator("table.grid tbody th", has_text="公共安全支出").first
    name_cell.scroll_into_view_if_needed()
    box_left = box.evaluate("b => b.getBoundingClientRect().left + b.clientLeft")
    # where the cell would be if it did not stick: just right of the (scrolling) 科目编码 cell
    unstuck = name_cell.evaluate("c => c.previousElementSibling.getBoundingClientRect().right")
    assert abs(name_cell.evaluate("c => c.getBoundingClientRect().left") - max(box_left, unstuck)) < 1.5
    assert _on_top(name_cell)
    if viewport == "phone":  # scrolled far enough to stick
        assert unstuck < box_left


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_header_rows_stay_visible_while_a_long_table_scrolls(viewport: str, built_site, open_page) -> None:
    page = open_page((built_site / LONG_TABLE).as_uri(), viewport=VIEWPORTS[viewport]).page
    box = page.locator(".table-scroll").first
    box.scroll_into_view_if_needed()
    assert box.evaluate("b => b.scrollHeight > b.clientHeight"), "the table should be taller than its box"
    assert page.evaluate("getComputedStyle(document.querySelector('table.grid thead')).position") == "sticky"
    box.evaluate("b => { b.scrollTop = b.scrollHeight; }")
    page.wait_for_timeout(50)
    last_row = page.locator("table.grid tbody tr").last
    assert _on_top(last_row.locator("td").last) or _on_top(last_row.locator("th, td").first)
    box_top = box.evaluate("b => b.getBoundingClientRect().top + b.clientTop")
    for label in ("合计", "科目编码", "栏次"):
        cell = page.locator("table.grid thead th", has_text=label).first
        top = cell.evaluate("c => c.getBoundingClientRect().top")
        assert top >= box_top - 1, f"{label} scrolled out of the box"
        assert _on_top(cell), f"{label} is hidden while the table scrolls"


def _on_top(locator) -> bool:
    """The element is what a reader sees at its centre (inside the viewport, nothing over it)."""
    return locator.evaluate("""el => {
      const r = el.getBoundingClientRect();
      const x = r.left + r.width / 2, y = r.top + r.height / 2;
      if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) return false;
      const hit = document.elementFromPoint(x, y);
      return hit === el || el.contains(hit);
    }""")
