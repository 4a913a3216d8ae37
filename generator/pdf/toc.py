"""The 目录's page numbers: print, read where each heading fell, fill the numbers in, print again.

The body is numbered from 1: the cover and the 目录 before it print no number and count no page
(pdf.css), so a 目录 line's number is the heading's page in the file less those front pages, the
number printed at the foot of that page; the PDF's page labels (metadata.py) say the same.

Chromium supports no ``target-counter()``, but it writes a named destination for every element an
in-document link points to — every 目录 entry links its heading — and reading.py reads them back.
Headings below the 目录's entries (sections and tables inside an item) have no link; their pages
come from Chromium's own outline of the headings, matched in document order.
"""

from __future__ import annotations

from playwright.async_api import Page

from generator.pdf.browser import print_pdf
from generator.pdf.jobs import TocEntry
from generator.pdf.paginate import print_settled, settle
from generator.pdf.reading import Reading, read

MAX_PASSES = 4

# The 目录's numbers, and the footer's total: the body is numbered from 1 (the cover and the 目录
# count no page, pdf.css), so "共 M 页" counts the body's pages, which only a print tells.
FILL = """([numbers, total]) => {
  for (const el of document.querySelectorAll('.doc-toc-page[data-target]')) {
    el.textContent = numbers[el.dataset.target] ?? '';
  }
  // a constructed sheet (the page's Content-Security-Policy refuses a <style> element); after
  // pdf.css in the cascade, so the unnumbered cover and 目录 are said again
  if (!window.gkTotal) {
    window.gkTotal = new CSSStyleSheet();
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, window.gkTotal];
  }
  window.gkTotal.replaceSync(total ? `@page { @bottom-center {
      content: "第 " counter(page) " 页 共 ${total} 页";
      font-family: "WenQuanYi Micro Hei", "AR PL UMing CN", sans-serif; font-size: 9pt; color: #333; white-space: pre; } }
    @page cover { @bottom-center { content: none; } } @page front { @bottom-center { content: none; } }` : '');
}"""


class TocError(Exception):
    pass


def destination_pages(pdf: bytes) -> dict[str, int]:
    """Anchor id → 1-based page number of every named destination."""
    return read(pdf).pages


def front_pages(found: dict[str, int], anchors: list[str]) -> int:
    """The pages before the body (the cover and the 目录): those before the first part's heading."""
    return min(found[a] for a in anchors) - 1 if anchors else 0


def _plain(text: str) -> str:
    return "".join(str(text).split())


def heading_pages(reading: Reading, headings: list[TocEntry]) -> dict[str, int]:
    """Anchor → page of every heading: linked ones by named destination, the others by Chromium's outline."""
    named = reading.pages
    outline = reading.outline
    pages: dict[str, int] = {}
    cursor = 0
    for entry in headings:
        title = _plain(entry.printed)
        match = next((i for i in range(cursor, len(outline)) if outline[i][0] == title), None)
        if match is not None:
            cursor = match + 1
        if entry.anchor in named:
            pages[entry.anchor] = named[entry.anchor]
        elif match is not None:
            pages[entry.anchor] = outline[match][1]
    return pages


async def print_with_page_numbers(page: Page, anchors: list[str]) -> tuple[bytes, Reading, int, set[str] | None]:
    """Print with the 目录's numbers equal to the pages their headings fall on, after the page
    breaks are settled (paginate.py): numbered from the layout and printed once, verified by that
    print (printed again only when it disagrees); or, when the page cannot be laid out as it
    prints, settled by printing and numbered by printing (usually two prints more).

    Returns the PDF, what it tells (reading.py), the prints made and the named destinations to
    keep (None: all).
    """
    numbers: dict[str, int] = {}
    total = 0
    changes = 0

    async def number(found: dict[str, int], count: int) -> bool:
        nonlocal numbers, total, changes
        missing = [a for a in anchors if a not in found]
        if missing:
            raise TocError(f"目录条目在 PDF 中找不到：{', '.join(missing)}")
        front = front_pages(found, anchors)
        placed = {a: found[a] - front for a in anchors}
        if placed == numbers and count - front == total:
            return False
        changes += 1
        if changes > MAX_PASSES:
            raise TocError(f"目录页码经 {MAX_PASSES} 次排版仍不稳定")
        numbers, total = placed, count - front
        await page.evaluate(FILL, [{a: str(n) for a, n in numbers.items()}, total])
        return True

    settled = await print_settled(page, number)
    if settled is not None:
        return settled.pdf, settled.reading, settled.prints, settled.linked
    passes = await settle(page)
    for _ in range(MAX_PASSES):
        await page.evaluate(FILL, [{a: str(n) for a, n in numbers.items()}, total])
        pdf = await print_pdf(page)
        reading = read(pdf)
        found = reading.pages
        missing = [a for a in anchors if a not in found]
        if missing:
            raise TocError(f"目录条目在 PDF 中找不到：{', '.join(missing)}")
        front = front_pages(found, anchors)
        placed = {a: found[a] - front for a in anchors}
        count = reading.count - front
        passes += 1
        if placed == numbers and count == total:
            return pdf, reading, passes, None
        numbers, total = placed, count
    raise TocError(f"目录页码经 {MAX_PASSES} 次排版仍不稳定")
