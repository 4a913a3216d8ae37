"""axe-core on every page kind in the normal, large-text and high-contrast modes; the modes persist;
the site reads fully without JavaScript; an empty cell is announced as 无数据, unlike 0.00."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from site_checks import prefs_script

pytestmark = pytest.mark.browser

PAGE_KINDS = {
    "portal": "index.html",
    "toc": "2025/langfang-sifaju/index.html",
    "table-item": "2025/langfang-sifaju/02.html",
    "section-item": "2025/langfang-sifaju/14.html",  # a section with subsections and a table
    "full": "2025/xinglong-sifaju/full.html",
    "search": "search.html?q=%E5%BB%8A%E5%9D%8A",  # with results shown
    "accessibility": "accessibility.html",
    "project-item": "2025/langfang-sifaju/16-01.html",  # one of 24 project tables, a page each
    "404": "404.html",
}
MODES = {
    "normal": (),
    "large-text": ("large-text",),
    "high-contrast": ("high-contrast",),
    "both": ("large-text", "high-contrast"),
}


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def _describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']}: {node['failureSummary']}".replace("\n", " "))
    return "\n".join(lines)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_axe_finds_no_violations(kind: str, mode: str, site_server: str, open_page, axe: Axe) -> None:
    record = open_page(site_server + PAGE_KINDS[kind])
    page = record.page
    for name in MODES[mode]:  # switched on the way a reader does: with the header buttons
        page.click(f'.a11y-tools button[data-toggle="{name}"]')
    classes = page.evaluate("document.documentElement.className").split()
    assert set(MODES[mode]) <= set(classes)
    if kind == "search":
        page.wait_for_selector("#search-results li")
    results = axe.run(page)
    assert results.violations_count == 0, _describe(results.response["violations"])


def test_reading_modes_persist_across_pages(site_server: str, open_page) -> None:
    record = open_page(site_server + "index.html")
    page = record.page
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "16px"
    for name in ("large-text", "high-contrast"):
        button = page.locator(f'.a11y-tools button[data-toggle="{name}"]')
        assert button.get_attribute("aria-pressed") == "false"
        button.click()
        assert button.get_attribute("aria-pressed") == "true"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(0, 0, 0)"

    page.click("text=廊坊市司法局2025年部门预算信息公开目录")
    page.click("text=部门预算收入总表")
    assert page.url.endswith("2025/langfang-sifaju/02.html")
    assert set(page.evaluate("document.documentElement.className").split()) == {"large-text", "high-contrast"}
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "20px"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
    for name in ("large-text", "high-contrast"):
        assert page.get_attribute(f'.a11y-tools button[data-toggle="{name}"]', "aria-pressed") == "true"

    page.click('.a11y-tools button[data-toggle="high-contrast"]')  # off again, and it stays off
    page.goto(site_server + "accessibility.html")
    assert page.evaluate("document.documentElement.className").split() == ["large-text"]
    assert page.get_attribute('.a11y-tools button[data-toggle="high-contrast"]', "aria-pressed") == "false"


def test_reading_modes_apply_before_first_paint(site_server: str, open_page) -> None:
    """The class is set by a blocking script in <head>, so no page flashes in the wrong mode."""
    record = open_page()
    page = record.page
    page.goto(site_server + "index.html")
    page.click('.a11y-tools button[data-toggle="high-contrast"]')
    page.add_init_script("""document.addEventListener('readystatechange', () => {
      if (document.readyState === 'interactive') window.__classAtInteractive = document.documentElement.className;
    });""")
    page.goto(site_server + "2025/langfang-sifaju/02.html")
    assert page.evaluate("window.__classAtInteractive") == "high-contrast"


def test_readable_without_javascript(built_site, open_page) -> None:
    record = open_page(java_script_enabled=False)
    page = record.page
    page.goto((built_site / "2025/langfang-sifaju/02.html").as_uri())
    assert page.locator("table.grid tbody tr").count() > 20
    assert page.locator("table.grid td.num:not(.empty)").first.inner_text() == "4210.38"
    assert page.locator("text=下载本表数据（CSV）").is_visible()
    assert not page.locator(".a11y-tools").is_visible()  # the buttons need JS: hidden without it
    page.goto((built_site / "index.html").as_uri())
    assert page.locator("[data-filter-item] > a").count() == 6  # five 预算 and one 决算
    assert not page.locator(".filter").is_visible()
    page.goto((built_site / "2025/langfang-sifaju/full.html").as_uri())
    assert page.locator("table.grid").count() > 30
    page.goto((built_site / "search.html").as_uri())
    assert page.locator("main").inner_text().count("搜索需要 JavaScript")


def test_empty_cell_is_announced_as_no_data(built_site, open_page) -> None:
    record = open_page((built_site / "2025/langfang-sifaju/02.html").as_uri())
    page = record.page
    empty = page.locator("table.grid td.empty").first
    assert empty.count() == 1
    # Nothing visible in the cell, but "无数据" in its accessible name.
    assert empty.evaluate("td => td.querySelector('.sr-only').getBoundingClientRect().width") <= 1
    assert empty.evaluate("td => td.textContent") == "无数据"
    snapshot = page.locator("table.grid").first.aria_snapshot()
    assert 'cell "无数据"' in snapshot
    # A figure cell never carries the mark, whatever its value.
    assert page.locator("table.grid td.num:not(.empty)").evaluate_all(
        "cells => cells.every(c => /^-?[0-9]+(\\.[0-9]+)?$/.test(c.textContent) && !c.querySelector('.sr-only'))"
    )


def _luminance(rgb: str) -> float:
    r, g, b = (int(x) / 255 for x in re.findall(r"\d+", rgb)[:3])
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


@pytest.mark.parametrize("mode", ["normal", "high-contrast"])
def test_focus_ring_on_the_header_is_visible(mode: str, built_site, open_page) -> None:
    """WCAG 1.4.11: the focus ring on the red header contrasts 3:1 or more with it."""
    page = open_page().page
    if mode != "normal":
        page.add_init_script(f"localStorage.setItem('gongkai-prefs', JSON.stringify({{'{mode}': true}}))")
    page.goto((built_site / "2025/langfang-sifaju/index.html").as_uri())
    page.locator(".site-nav a").first.focus()
    page.keyboard.press("Tab")  # keyboard focus, so :focus-visible applies
    focused = page.locator(".site-header :focus-visible")
    assert focused.count() == 1
    ring = focused.evaluate("el => getComputedStyle(el).outlineColor")
    header = page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor")
    a, b = sorted((_luminance(ring), _luminance(header)), reverse=True)
    assert (a + 0.05) / (b + 0.05) >= 3, f"{ring} on {header}"


# The layouts added after the modes were first checked, on a phone, where tables are cards (#12).
PHONE_KINDS = {
    "final-side-by-side": ("built_site", "2024/putuo-caizhengju/08.html"),  # 人员经费 then 公用经费
    "final-summary": ("built_site", "2024/putuo-caizhengju/03.html"),
    "project-form": ("built_site", "2025/langfang-sifaju/16-01.html"),
    "portal": ("built_site", "index.html"),  # the department table as cards
    "final-comparison": ("pair_site", "2024/moumou-caizhengju/02.html"),
    "project-self-evaluation": ("selfeval_site", "2024/moumou-sifaju/01.html"),
    "dept-self-evaluation": ("selfeval_site", "2024/moumou-sifaju/02.html"),
}


@pytest.mark.parametrize("mode", ["normal", "both"])
@pytest.mark.parametrize("kind", PHONE_KINDS)
def test_axe_finds_no_violations_on_a_phone(kind: str, mode: str, request, open_page, axe: Axe) -> None:
    site, name = PHONE_KINDS[kind]
    page = open_page(viewport={"width": 375, "height": 800}).page
    page.add_init_script(prefs_script(mode))
    page.goto((request.getfixturevalue(site) / name).as_uri())
    assert set(page.evaluate("document.documentElement.className").split()) == set(MODES[mode])
    results = axe.run(page)
    assert results.violations_count == 0, _describe(results.response["violations"])
