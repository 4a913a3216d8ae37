"""The 目录's page numbers: print, read where each heading fell, fill the numbers in, print again.

Chromium supports no ``target-counter()``, but it writes a named destination for every element an
in-document link points to — every 目录 entry links its heading — and pypdf reads them back.
Headings below the 目录's entries (sections and tables inside an item) have no link; their pages
come from Chromium's own outline of the headings, matched in document order.
"""

from __future__ import annotations

from io import BytesIO

from playwright.async_api import Page
from pypdf import PdfReader

from generator.pdf.browser import print_pdf
from generator.pdf.jobs import TocEntry
from generator.pdf.paginate import settle

MAX_PASSES = 4

FILL = """(numbers) => {
  for (const el of document.querySelectorAll('.doc-toc-page[data-target]')) {
    el.textContent = numbers[el.dataset.target] ?? '';
  }
}"""


class TocError(Exception):
    pass


def destination_pages(pdf: bytes) -> dict[str, int]:
    """Anchor id → 1-based page number of every named destination."""
    reader = PdfReader(BytesIO(pdf))
    pages: dict[str, int] = {}
    for name, dest in reader.named_destinations.items():
        number = reader.get_destination_page_number(dest)
        if number is not None and number >= 0:
            pages[str(name).lstrip("/")] = number + 1
    return pages


def _plain(text: str) -> str:
    return "".join(str(text).split())


def _chromium_outline(reader: PdfReader, items, found: list[tuple[str, int]]) -> list[tuple[str, int]]:
    for item in items:
        if isinstance(item, list):
            _chromium_outline(reader, item, found)
        else:
            number = reader.get_destination_page_number(item)
            if number is not None:
                found.append((_plain(item.title), number + 1))
    return found


def heading_pages(pdf: bytes, headings: list[TocEntry]) -> dict[str, int]:
    """Anchor → page of every heading: linked ones by named destination, the others by Chromium's outline."""
    reader = PdfReader(BytesIO(pdf))
    named = destination_pages(pdf)
    outline = _chromium_outline(reader, reader.outline, [])
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


async def print_with_page_numbers(page: Page, anchors: list[str]) -> tuple[bytes, dict[str, int]]:
    """Print until the 目录's numbers equal the pages their headings fall on (usually two passes),
    after the page breaks are settled (paginate.py)."""
    await settle(page, destination_pages)
    numbers: dict[str, int] = {}
    for _ in range(MAX_PASSES):
        await page.evaluate(FILL, {a: str(n) for a, n in numbers.items()})
        pdf = await print_pdf(page)
        found = destination_pages(pdf)
        missing = [a for a in anchors if a not in found]
        if missing:
            raise TocError(f"目录条目在 PDF 中找不到：{', '.join(missing)}")
        placed = {a: found[a] for a in anchors}
        if placed == numbers:
            return pdf, placed
        numbers = placed
    raise TocError(f"目录页码经 {MAX_PASSES} 次排版仍不稳定")
