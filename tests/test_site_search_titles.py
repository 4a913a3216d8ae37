"""A table page is found by its own title through the real search UI (#16/#12): Pagefind splits a
Chinese query into characters, and 廊坊's 收支总表 page had no word starting with “表”."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _search(record, site_server: str, query: str) -> list[list[str]]:
    page = record.page
    page.goto(site_server + "search.html")
    page.fill("#search-input", query)
    page.press("#search-input", "Enter")
    expect(page.locator("#search-status")).to_have_text(re.compile("^(找到|没有)"))
    found: list[list[str]] = page.locator("#search-results li > a").evaluate_all(
        "links => links.map(a => [a.getAttribute('href'), a.textContent])"
    )
    return found


@pytest.mark.parametrize("query", ["收支总表", "部门预算收支总表"])
def test_the_summary_table_is_found_by_its_title(site_server: str, open_page, query: str) -> None:
    record = open_page()
    results = _search(record, site_server, query)
    assert results and results[0] == ["2025/langfang-sifaju/01.html#t1", "部门预算收支总表"], results
    assert ["2025/langfang-sifaju/04.html#t4", "部门预算财政拨款收支总表"] in results
    # the excerpt starts at the table's text, not at the indexed characters
    excerpt = record.page.locator("#search-results li").first.inner_text()
    assert "收 支" not in excerpt
    assert not record.problems


def test_every_table_page_is_found_by_its_title(site_server: str, open_page, built_site) -> None:
    """Each of 廊坊's table pages is among the results for its own heading."""
    record = open_page()
    pages = sorted((built_site / "2025" / "langfang-sifaju").glob("0[1-9].html"))
    assert len(pages) == 9
    for path in pages:
        found = re.search(r"<h1[^>]*>([^<]+)</h1>", path.read_text(encoding="utf-8"))
        assert found, path
        heading = found.group(1)
        hrefs = [href.split("#")[0] for href, _ in _search(record, site_server, heading)]
        assert f"2025/langfang-sifaju/{path.name}" in hrefs, (heading, hrefs)
    assert not record.problems
