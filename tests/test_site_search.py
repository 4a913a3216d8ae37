"""Site search (Pagefind, served over http) finds departments and projects by a Chinese word;
the filter on the home page narrows the 公开目录."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _search(record, site_server: str, query: str) -> list[tuple[str, str]]:
    page = record.page
    page.goto(site_server + "search.html")
    page.fill("#search-input", query)
    page.press("#search-input", "Enter")
    # (not wait_for_function: its polling evaluates a string, which the page's CSP refuses)
    expect(page.locator("#search-status")).to_have_text(re.compile("^(找到|没有)"))
    return page.locator("#search-results li > a").evaluate_all(
        "links => links.map(a => [a.getAttribute('href'), a.textContent])"
    )


def test_search_finds_a_department(site_server: str, open_page) -> None:
    record = open_page()
    results = _search(record, site_server, "兴隆")
    assert results, "no results for 兴隆"
    hrefs = [href for href, _ in results]
    assert hrefs[0] == "2025/xinglong-sifaju/index.html"  # the disclosure's 目录 comes first
    assert all(h.startswith("2025/xinglong-sifaju/") or h == "index.html" for h in hrefs)
    # a result opens the page it names
    record.page.click("#search-results li > a >> nth=0")
    assert "/2025/xinglong-sifaju/" in record.page.url
    assert not record.problems


def test_search_finds_a_project(site_server: str, open_page) -> None:
    record = open_page()
    results = _search(record, site_server, "法律援助")
    titles = [title for _, title in results]
    assert "4.2025年法律援助绩效目标表" in titles  # 兴隆's project table
    assert "2025/xinglong-sifaju/07.html" in [h for h, _ in results]
    assert record.page.locator("#search-status").inner_text().startswith("找到")
    assert not record.problems


def test_search_from_the_address(site_server: str, open_page) -> None:
    """search.html?q=… (the form's GET action, what works without the script's submit handler)."""
    record = open_page(site_server + "search.html?q=" + quote("社区矫正"))
    record.page.wait_for_selector("#search-results li")
    assert record.page.input_value("#search-input") == "社区矫正"
    assert not record.problems


def test_filter_narrows_the_catalogue(built_site, open_page) -> None:
    page = open_page((built_site / "index.html").as_uri()).page
    entries = page.locator("[data-filter-item]")
    assert entries.count() == 6
    assert page.locator(".filter").is_visible()
    page.fill("#filter-input", "廊坊")
    visible = [e.inner_text() for e in entries.all() if e.is_visible()]
    assert len(visible) == 1 and "廊坊市司法局" in visible[0]
    assert page.locator("#filter-status").inner_text() == "找到 1 项公开"
    assert not page.locator("#y2020").is_visible()  # years with nothing left are hidden too
    page.fill("#filter-input", "2025")
    assert sum(e.is_visible() for e in entries.all()) == 2
    page.fill("#filter-input", "没有这个部门")
    assert sum(e.is_visible() for e in entries.all()) == 0
    assert page.locator("#filter-status").inner_text() == "找到 0 项公开"
    page.fill("#filter-input", "")
    assert sum(e.is_visible() for e in entries.all()) == 6
