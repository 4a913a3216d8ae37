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
    assert all(h.startswith("2025/xinglong-sifaju/") or h.split("#")[0] == "index.html" for h in hrefs), hrefs
    # a result opens the page it names
    record.page.click("#search-results li > a >> nth=0")
    assert "/2025/xinglong-sifaju/" in record.page.url
    assert not record.problems


def test_search_finds_a_project(site_server: str, open_page) -> None:
    record = open_page()
    results = _search(record, site_server, "法律援助")
    titles = [title for _, title in results]
    assert "4.2025年法律援助绩效目标表" in titles  # 兴隆's project table
    assert "2025/xinglong-sifaju/07.html#t7" in [h for h, _ in results]  # at the table
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


def _results(record) -> list[dict]:
    """Each result as shown: link, its text, the excerpt's text and its highlighted words."""
    return record.page.locator("#search-results li").evaluate_all(
        """items => items.map(li => ({
          href: li.querySelector('a').getAttribute('href'),
          title: li.querySelector('a').textContent,
          excerpt: li.querySelector('p.excerpt').textContent,
          marks: Array.from(li.querySelectorAll('p.excerpt mark')).map(m => m.textContent),
        }))"""
    )


# what an excerpt must never start with: a closing bracket or a separator cut from what came before
STRAY_START = re.compile(r"^[.、，,；;：:·%）)\]】〕」』”》]")
# numbering doubled: a 序号 or 栏次 cell before a numbered title ("1. 5、…", shown as "1 · 5、…")
DOUBLED = re.compile(r"(^|[ ·])\d{1,3} ?[·.] \d{1,3}[、.](?!\d)")


@pytest.mark.parametrize("query", ["法律援助", "行政运行", "社区矫正", "普法", "三公"])
def test_results_highlight_the_query_and_start_at_a_sentence(site_server: str, open_page, query: str) -> None:
    record = open_page()
    _search(record, site_server, query)
    results = _results(record)
    assert results, query
    for r in results:
        assert r["marks"], r  # the matched words are highlighted
        assert all(set(m) & set(query) for m in r["marks"]), r  # words of the query (Pagefind matches prefixes)
        assert not STRAY_START.match(r["excerpt"]), r
        assert not DOUBLED.search(r["excerpt"]), r
        for noise in ("下载本表数据", "上一项", "下一项", "打印本页", "窄屏"):
            assert noise not in r["excerpt"], r
    # the highlight is markup made by the page, never text of the index as HTML
    assert record.page.locator("#search-results p.excerpt mark").count() >= len(results)
    assert not record.problems


def test_a_hit_in_a_table_leads_to_the_table(site_server: str, open_page) -> None:
    record = open_page()
    _search(record, site_server, "普法考试次数")  # a row of 廊坊's 部门整体支出绩效指标, in a section of tables
    hrefs = [r["href"] for r in _results(record)]
    assert "2025/langfang-sifaju/14.html#t23" in hrefs, hrefs
    _search(record, site_server, "行政运行")
    results = {r["href"].split("#")[0]: r for r in _results(record)}
    budget = results["2025/langfang-sifaju/05.html"]  # a table's own page: the anchor is its heading
    assert budget["href"] == "2025/langfang-sifaju/05.html#t5"
    assert budget["excerpt"].startswith("行政运行 1465.47")  # the row of the hit, not rows before it
    record.page.goto(site_server + "search.html?q=" + quote("普法考试次数"))
    record.page.click('#search-results a[href="2025/langfang-sifaju/14.html#t23"]')
    record.page.wait_for_url("**/14.html#t23")
    assert record.page.locator("#t23").is_visible()
    assert record.page.locator("#t23").evaluate("e => e.getBoundingClientRect().top") < 200
    assert not record.problems


def test_the_full_document_and_the_lists_are_not_indexed(site_server: str, open_page) -> None:
    """Each text is found once, on its item page: not on the 全文 page that repeats every item, nor on
    the 目录 page or the year pages that list the titles."""
    record = open_page()
    for query in ("法律援助", "人民调解", "名词解释"):
        _search(record, site_server, query)
        hrefs = [r["href"] for r in _results(record)]
        assert hrefs, query
        assert not [h for h in hrefs if h.endswith("full.html") or re.fullmatch(r"\d{4}/index.html", h)], hrefs
        assert len(hrefs) == len(set(h.split("#")[0] for h in hrefs))
        # the 目录 pages list every title: their lists are not indexed, the items are
        assert not [h for h in hrefs if h.endswith("/index.html")], hrefs
    _search(record, site_server, "人民调解")
    assert "2025/xinglong-sifaju/09.html#t9" in [r["href"] for r in _results(record)]  # 兴隆's project table
