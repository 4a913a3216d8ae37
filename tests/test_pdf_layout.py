"""The page breaks are found by laying the document out as it prints (generator/pdf/layout.py), and
the one print that is published verifies them: the layout must put every element on the page the
print puts it on, or the build prints again. Read back from the printed PDF's named destinations."""

from __future__ import annotations

import asyncio
import json
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from generator.build import render_site
from generator.pdf.browser import launch, open_page
from generator.pdf.build import print_documents
from generator.pdf.cover import add_cover_lines
from generator.pdf.jobs import job_for
from generator.pdf.layout import EPSILON, LAYOUT, LAYOUT_OFF, Unsupported, boxes_of, page_boxes
from generator.pdf.paginate import CAPTIONS, MARK, measure, positions
from generator.pipeline import load_content
from generator.render.views import DisclosureView

pytestmark = pytest.mark.pdf

ROOT = Path(__file__).resolve().parents[1]
# 廊坊: 37 pages, 24 project tables in one stretch, a landscape 政府采购; 阳新: landscape forms
SLUGS = ("langfang-sifaju", "yangxin-sifaju")


@pytest.fixture(scope="module")
def staged(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[DisclosureView]]:
    content = load_content(ROOT / "content")
    staging = tmp_path_factory.mktemp("layout") / "staging"
    views = [v for v in render_site(content, staging).views if v.path.split("/")[-1] in SLUGS]
    assert len(views) == len(SLUGS)
    return staging, views


def test_page_boxes_from_the_print_css() -> None:
    """A4 less pdf.css's margins, rounded up to whole pixels as Chromium prints (181 mm is 684.09 px, 685 printed)."""
    css = (ROOT / "site_templates" / "assets" / "pdf.css").read_text(encoding="utf-8")
    boxes = page_boxes([css], ["wide", "cover", "front"])
    assert boxes["auto"][:2] == [681, 995 + EPSILON]
    assert boxes["cover"] == boxes["front"] == boxes["auto"]
    assert boxes["wide"][:2] == [1032, 685 + EPSILON]
    lengths = page_boxes(["@page { size: 100mm 50mm; margin: 10mm } @page x { margin-left: 20mm }"], ["x"])
    assert lengths["auto"][:2] == [303, 114 + EPSILON]  # 80 mm × 30 mm
    assert lengths["x"][:2] == [265, 114 + EPSILON]  # 70 mm wide
    with pytest.raises(Unsupported):
        page_boxes(["@page { size: 10vw 20vh }"], [])


async def _compare(views: list[DisclosureView], staging: Path) -> dict[str, tuple[int, list[str]]]:
    found: dict[str, tuple[int, list[str]]] = {}
    async with launch() as browser:
        for view in views:
            job = job_for(view, staging)
            async with open_page(browser, job.html) as page:
                await add_cover_lines(page, job.cover)
                await page.evaluate("() => document.documentElement.classList.add('gk-print')")
                await page.evaluate(CAPTIONS)
                boxes = await boxes_of(page)
                assert boxes is not None
                await page.evaluate(MARK)
                laid = json.loads(await page.evaluate(LAYOUT, [boxes, True]))["positions"]
                await page.evaluate(LAYOUT_OFF)
                printed = positions(await measure(page))
                assert len(laid) > 100
                wrong = [f"{k}: {laid[k][0]} ≠ {printed[k][0]}" for k in laid if printed[k][0] != laid[k][0]]
                found[job.name] = (len(laid), wrong)
    return found


def test_the_layout_puts_every_element_on_the_page_the_print_does(staged) -> None:
    staging, views = staged
    # in a thread of its own: the session's browser fixture (Playwright's sync API) may already run an
    # event loop in this one, and asyncio.run() cannot nest
    with ThreadPoolExecutor(1) as pool:
        found = pool.submit(asyncio.run, _compare(views, staging)).result()
    for name, (count, wrong) in found.items():
        assert not wrong, (name, count, wrong[:10])


def test_each_document_is_printed_once(staged) -> None:
    """Page breaks settled on the layout, the 目录 numbered from it: the published print is the only one."""
    staging, views = staged
    report = print_documents(views, staging, log=lambda _: None, bar=False)
    assert not report.failed
    assert {name: printed.prints for name, printed in report.printed.items()} == {view.path: 1 for view in views}


def test_without_page_sizes_the_page_breaks_are_found_by_printing(staged, monkeypatch) -> None:
    """A page whose @page rules cannot be read is settled by printing every pass, as before the
    layout: the same pages, the same text."""
    import generator.pdf.paginate as paginate

    staging, views = staged
    yangxin = [v for v in views if v.path.endswith("yangxin-sifaju")]
    once = print_documents(yangxin, staging, log=lambda _: None, bar=False)
    pdf = job_for(yangxin[0], staging).pdf
    expected = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True).stdout

    async def unreadable(_page: object) -> None:
        return None

    monkeypatch.setattr(paginate, "boxes_of", unreadable)
    again = print_documents(yangxin, staging, log=lambda _: None, bar=False)
    assert not again.failed and once.printed[yangxin[0].path].prints == 1
    assert again.printed[yangxin[0].path].prints > 2  # the passes, then the 目录's numbers
    assert subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True).stdout == expected


async def _passes(staging: Path, view: DisclosureView) -> tuple[dict, dict, dict, str]:
    """MARK before and after changes a pass makes (a page break, a named page, a hidden block, the
    目录's numbers filled in), with the styles it kept, then once more with none kept."""
    async with launch() as browser:
        job = job_for(view, staging)
        async with open_page(browser, job.html) as page:
            await page.evaluate("() => document.documentElement.classList.add('gk-print')")
            await page.evaluate(CAPTIONS)
            first = json.loads(await page.evaluate(MARK))
            hidden = await page.evaluate(
                """() => {
                  const headings = Array.from(document.querySelectorAll('main section h3'));
                  headings[3].classList.add('gk-break');
                  headings[6].style.setProperty('page', 'wide');
                  headings[9].hidden = true;
                  for (const el of document.querySelectorAll('.doc-toc-page[data-target]')) el.textContent = '7';
                  return headings[9].id;
                }"""
            )
            kept = json.loads(await page.evaluate(MARK))
            await page.evaluate("() => { delete window.gkStyles; }")
            fresh = json.loads(await page.evaluate(MARK))
    return first, kept, fresh, hidden


def test_a_pass_sees_every_change_since_the_last(staged) -> None:
    """The styles a pass read are kept for the next (paginate.STYLES) only while nothing changed them."""
    staging, views = staged
    langfang = next(v for v in views if v.path.endswith("langfang-sifaju"))
    with ThreadPoolExecutor(1) as pool:
        first, kept, fresh, hidden = pool.submit(asyncio.run, _passes(staging, langfang)).result()
    assert kept == fresh
    # a stretch from the break; the heading on its own named page is one, and what follows it another
    assert len(kept["names"]) == len(first["names"]) + 3
    # a hidden heading introduces nothing
    assert any(hidden in chain["chain"] for chain in first["chains"])
    assert not any(hidden in chain["chain"] for chain in kept["chains"])
