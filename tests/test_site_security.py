"""Markdown in content cannot inject markup or script; an empty cell is not a 0.00."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import build

pytestmark = pytest.mark.browser

HOSTILE_TEXT = """\
          - text: |
              机关运行经费共计安排1.00万元。<script>window.__injected = 1</script>

              <script>window.__injected = 2</script>

              [点我](javascript:window.__injected=3) [大写](JAVASCRIPT:window.__injected=5) <javascript:alert(1)>

              <img src="x" onerror="window.__injected = 4"> <a href="javascript:alert(1)">原始链接</a>

              [数据](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) <iframe src="about:blank"></iframe>

              <div onclick="window.__injected = 6">div</div> [正常链接](01.html)"""


@pytest.fixture
def hostile_site(check_minimal, tmp_path: Path) -> Path:
    content = check_minimal(
        {
            "disclosure.yml": [
                ("          - text: 机关运行经费共计安排1.00万元。", HOSTILE_TEXT),
                # a published 0.00 beside the empty cells
                ("财政拨款收入: 4.00}", "财政拨款收入: 4.00, 事业收入: 0.00}"),
            ]
        }
    )
    output = tmp_path / "output"
    code, _ = build(content, output, pdf=False, log=lambda *_: None)
    assert code == 0
    return output / "2025" / "ceshi-sifaju"


def test_markdown_cannot_inject_markup_or_script(hostile_site: Path, open_page) -> None:
    page_file = next(p for p in sorted(hostile_site.glob("*.html")) if "__injected" in p.read_text(encoding="utf-8"))
    record = open_page()
    page = record.page
    dialogs: list[str] = []

    def dismiss(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.goto(page_file.as_uri())
    prose = page.locator(".prose", has_text="机关运行经费")
    assert prose.count() == 1
    # shown as text …
    assert "<script>window.__injected = 1</script>" in prose.inner_text()
    assert '<a href="javascript:alert(1)">原始链接</a>' in prose.inner_text()
    # … never as elements
    assert prose.locator("script, img, iframe, [onclick], [onerror]").count() == 0
    hrefs = prose.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs == ["01.html"]  # only the harmless link became a link
    for link_text in ("点我", "大写", "数据"):
        prose.get_by_text(link_text).first.click()
    assert page.evaluate("window.__injected") is None
    assert not dialogs
    assert page.locator("main script").count() == 0
    assert page.evaluate("Array.from(document.scripts).map(s => s.getAttribute('src'))") == ["../../assets/site.js"]


def test_empty_cell_and_zero_differ(hostile_site: Path, open_page) -> None:
    page = open_page((hostile_site / "02.html").as_uri()).page
    zero = page.locator("table.grid td.num", has_text="0.00").filter(has_not_text="10.00").first
    assert zero.inner_text() == "0.00"
    assert "empty" not in (zero.get_attribute("class") or "")
    empty = page.locator("table.grid td.empty").first
    assert empty.inner_text() in ("", "无数据")  # nothing visible …
    assert empty.evaluate("td => td.getBoundingClientRect().width") > 0
    assert empty.locator(".sr-only").inner_text() == "无数据"  # … but read out as 无数据
    snapshot = page.locator("table.grid").first.aria_snapshot()
    assert 'cell "0.00"' in snapshot and 'cell "无数据"' in snapshot
