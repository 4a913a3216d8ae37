"""The search index is in shards (issue 15: a change re-indexes one shard, not the site): the search
page merges them, so a word found only in a disclosure of another shard than the first is found."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# a department found in one year only, and so in one shard of that year
ONLY_IN = {"2020": "临西", "2024": "平罗", "2025": "廊坊", "2026": "阳新"}


def test_the_example_site_has_a_shard_per_year(built_site: Path) -> None:
    shards = json.loads((built_site / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    assert {name.split("-")[0] for name in shards} >= set(ONLY_IN)
    for name in shards:
        assert (built_site / "pagefind" / name / "pagefind.js").is_file()
    assert not (built_site / "pagefind" / "pagefind.js").exists()  # no index of the whole site beside them


@pytest.mark.parametrize(("year", "word"), sorted(ONLY_IN.items()))
def test_a_word_of_any_shard_is_found(site_server: str, open_page, year: str, word: str) -> None:
    record = open_page()
    page = record.page
    page.goto(site_server + "search.html")
    page.fill("#search-input", word)
    page.press("#search-input", "Enter")
    expect(page.locator("#search-status")).to_have_text(re.compile("^找到"))
    hrefs = page.locator("#search-results li > a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    disclosures = {h for h in hrefs if h.split("#")[0] != "index.html"}  # the portal lists every name
    assert disclosures and all(h.startswith(f"{year}/") for h in disclosures), hrefs
    # the link opens the disclosure's page, whichever shard it came from
    page.click(f'#search-results li > a[href^="{year}/"] >> nth=0')
    assert f"/{year}/" in page.url
    expect(page.locator("h1")).to_contain_text(word)
    assert not record.problems
