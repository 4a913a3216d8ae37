"""Printing a page: navigation hidden, each table on a new page, the header row repeated."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.browser

HIDDEN_IN_PRINT = [
    ".site-header",
    ".site-nav",
    ".a11y-tools",
    ".breadcrumbs",
    ".pager",
    ".site-footer",
    ".table-download",
    ".skip-link",
    ".print-button",
]


def _pdf_pages(page) -> list[str]:
    reader = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    return [re.sub(r"\s+", "", p.extract_text()) for p in reader.pages]


def test_print_hides_navigation(built_site, open_page) -> None:
    page = open_page((built_site / "2025/langfang-sifaju/02.html").as_uri()).page
    page.emulate_media(media="print")
    for selector in HIDDEN_IN_PRINT:
        assert page.locator(selector).count(), selector
        assert not page.locator(selector).first.is_visible(), f"{selector} is printed"
    assert page.locator("h1").is_visible()
    assert page.locator("table.grid").is_visible()
    # the table prints whole: no scroll box, no clipped columns
    box = page.locator(".table-scroll").first
    assert box.evaluate("b => getComputedStyle(b).overflowX") == "visible"
    assert page.evaluate("getComputedStyle(document.querySelector('table.grid thead')).display") == "table-header-group"


def test_each_table_starts_a_new_page(built_site, open_page) -> None:
    """On the full text (computed styles); a project table's own page prints it under its heading."""
    page = open_page((built_site / "2025/langfang-sifaju/full.html").as_uri()).page
    page.emulate_media(media="print")
    breaks = page.locator(".table-block").evaluate_all("""blocks => blocks.map(b => [
        getComputedStyle(b).breakBefore,
        /^H[1-6]$/.test(b.previousElementSibling?.tagName || '')])""")
    assert len(breaks) > 30
    # a table right after a heading stays with it (that heading's section starts the page)
    assert all(brk == "page" for brk, after_heading in breaks if not after_heading)

    # 廊坊's 24 项目绩效目标表 have a page each: printed, each starts on the page of its own heading
    for name in ("16-01.html", "16-24.html"):
        page.goto((built_site / "2025/langfang-sifaju" / name).as_uri())
        title = re.sub(r"\s+", "", page.locator("h1").inner_text())
        pages = _pdf_pages(page)
        assert title in pages[0] and "项目名称" in pages[0], f"{name}: {title} and its table not on page 1"


def test_long_table_repeats_its_header_row_on_every_page(built_site, open_page) -> None:
    page = open_page((built_site / "2025/langfang-sifaju/04.html").as_uri()).page  # 财政拨款收支总表, 36 rows
    pages = _pdf_pages(page)
    assert len(pages) >= 2, "the long table should run onto a second page"
    header = re.sub(r"\s+", "", page.locator("table.grid thead").first.inner_text())
    assert header.startswith("序号")
    for number, text in enumerate(pages[1:], start=2):
        assert text.startswith("序号收入支出"), f"page {number} does not start with the header row"
        assert "栏次1234567" in text, f"page {number} lacks the 栏次 row"
        assert "部门预算公开表" not in text and "公开目录" not in text  # no navigation printed
    assert "二十五、其他支出" in pages[1]  # and it is really the rest of the table


def test_item_pages_offer_print_this_page(built_site, open_page) -> None:
    """打印本页 on an item page prints it (window.print); without JavaScript the button is not shown."""
    page = open_page((built_site / "2025/langfang-sifaju/03.html").as_uri()).page
    button = page.get_by_role("button", name="打印本页")
    assert button.is_visible()
    page.evaluate("window.__printed = 0; window.print = () => { window.__printed += 1; }; null")
    button.click()
    assert page.evaluate("window.__printed") == 1
    plain = open_page((built_site / "2025/langfang-sifaju/03.html").as_uri(), java_script_enabled=False).page
    assert plain.locator(".print-button").count() == 1 and not plain.locator(".print-button").is_visible()
