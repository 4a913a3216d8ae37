"""The reading modes (大字, 高对比度) on every page kind, at 375 px and 1280 px (#12): the layouts
added after the modes were first checked (决算 tables, the side-by-side 基本支出决算表 and its phone
cards, the 预算/决算 comparison cards, the forms printed in their source's columns, the 绩效自评表)
keep every figure whole and uncovered, their headers over their columns, their text and focus
rings at the WCAG contrast ratios."""

from __future__ import annotations

from pathlib import Path

import pytest
from site_checks import (
    CHECK_CELLS,
    FOCUS_RINGS,
    HEADERS_OVER_COLUMNS,
    LABELS_REPEATING_THEIR_CAPTION,
    TEXT_CONTRAST,
    prefs_script,
)

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": {"width": 375, "height": 800}, "desktop": {"width": 1280, "height": 800}}

# page kind: (site fixture, page)
PAGES = {
    "budget-classification": ("built_site", "2025/langfang-sifaju/02.html"),
    "budget-three-public": ("built_site", "2025/langfang-sifaju/09.html"),
    "dept-indicators": ("built_site", "2025/langfang-sifaju/14.html"),
    "procurement": ("built_site", "2025/langfang-sifaju/17.html"),  # 15 columns
    "assets": ("built_site", "2025/langfang-sifaju/18.html"),
    "project-form": ("built_site", "2025/langfang-sifaju/16-01.html"),  # form columns and indicators
    "project-form-pairs": ("built_site", "2024/pingluo-sifaju/05.html"),  # two label/value pairs a row
    "dept-form-sub-tables": ("built_site", "2026/yangxin-sifaju/01.html"),  # nine grids under one heading
    "project-form-xinglong": ("built_site", "2025/xinglong-sifaju/10.html"),
    "final-summary": ("built_site", "2024/putuo-caizhengju/03.html"),  # two-sided
    "final-expenditure": ("built_site", "2024/putuo-caizhengju/05.html"),
    "final-side-by-side": ("built_site", "2024/putuo-caizhengju/08.html"),  # 人员经费 | 公用经费
    "final-three-public": ("built_site", "2024/putuo-caizhengju/09.html"),
    "final-comparison": ("pair_site", "2024/moumou-caizhengju/02.html"),  # 预算 beside 决算
    "project-self-evaluation": ("selfeval_site", "2024/moumou-sifaju/01.html"),
    "dept-self-evaluation": ("selfeval_site", "2024/moumou-sifaju/02.html"),
    "full": ("selfeval_site", "2024/moumou-sifaju/full.html"),
    "toc": ("built_site", "2024/putuo-caizhengju/index.html"),
    "portal": ("built_site", "index.html"),
}
ALL_MODES = ["normal", "large-text", "high-contrast"]


@pytest.fixture
def sites(request) -> dict[str, Path]:
    return {name: request.getfixturevalue(name) for name in {site for site, _ in PAGES.values()}}


def _open(open_page, viewport: str, mode: str):
    page = open_page(viewport=VIEWPORTS[viewport]).page
    page.add_init_script(prefs_script(mode))
    return page


def _check_pages_exist(sites: dict[str, Path]) -> None:
    missing = [f"{site}/{name}" for site, name in PAGES.values() if not (sites[site] / name).is_file()]
    assert not missing, missing


@pytest.mark.parametrize("mode", ALL_MODES)
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_every_figure_is_whole_and_uncovered(viewport: str, mode: str, sites, open_page) -> None:
    """Each value cell of every table of every page kind: its text box's four corners in the window
    and in its table's box (at 375 px, where nothing scrolls sideways) and the cell on top at each
    (elementFromPoint), with the tables scrolled sideways to several positions."""
    _check_pages_exist(sites)
    page = _open(open_page, viewport, mode)
    problems = []
    for kind, (site, name) in PAGES.items():
        page.goto((sites[site] / name).as_uri())
        assert set(page.evaluate("document.documentElement.className").split()) == set(mode.split()) - {"normal"}
        problems += [f"{kind} {name}: {p}" for p in page.evaluate(CHECK_CELLS, viewport == "phone")]
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("mode", ["normal", "large-text"])
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_header_cells_stay_over_their_columns(viewport: str, mode: str, sites, open_page) -> None:
    """At 1280 px each header cell is over the cells it heads, at every sideways scroll; at 375 px
    each card's figure is labelled with its own column."""
    page = _open(open_page, viewport, mode)
    problems = []
    for kind, (site, name) in PAGES.items():
        page.goto((sites[site] / name).as_uri())
        problems += [f"{kind} {name}: {p}" for p in page.evaluate(HEADERS_OVER_COLUMNS)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("mode", ["normal", "high-contrast", "both"])
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_text_and_focus_rings_contrast(viewport: str, mode: str, sites, open_page) -> None:
    """Every text shown, the cards' ::before labels included, at 4.5:1 (3:1 if large) against what
    is behind it, and every control's keyboard focus ring at 3:1, computed from the styles."""
    page = _open(open_page, viewport, mode)
    text, rings = [], []
    checked = 0
    for kind, (site, name) in PAGES.items():
        page.goto((sites[site] / name).as_uri())
        text += [f"{kind} {name}: {p}" for p in page.evaluate(TEXT_CONTRAST)]
        page.keyboard.press("Shift")  # the last input is the keyboard: focus() shows :focus-visible
        found = page.evaluate(FOCUS_RINGS)
        checked += found["checked"]
        rings += [f"{kind} {name}: {p}" for p in found["problems"]]
    assert checked > 100  # the header's links and buttons, the breadcrumbs, the table boxes, the pager…
    assert not text, "\n".join(text[:20])
    assert not rings, "\n".join(rings[:20])


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_no_label_repeats_the_caption_above_it(viewport: str, sites, open_page) -> None:
    """A figure's or a field's label does not say again the name shown right above its table: a
    side-by-side block's card reads 决算数 under 人员经费 (not 人员经费 · 决算数), a 绩效自评表 reads
    预期目标 under 年度总体目标 and 得分 under 总分."""
    page = _open(open_page, viewport, "normal")
    repeated = []
    for kind, (site, name) in PAGES.items():
        page.goto((sites[site] / name).as_uri())
        repeated += [f"{kind} {name}: {r}" for r in page.evaluate(LABELS_REPEATING_THEIR_CAPTION)]
    assert not repeated, "\n".join(repeated)
    page.goto((sites["selfeval_site"] / "2024/moumou-sifaju/01.html").as_uri())
    goal = page.locator("main table.grid", has=page.locator("caption", has_text="年度总体目标"))
    assert [t.strip() for t in goal.locator("tbody th").all_inner_texts()] == ["预期目标", "实际完成情况"]
