"""The 目录's page numbers: where each heading fell in a printed PDF.

Chromium writes a named destination for every element an in-document link points to;
the 目录 links to every part and item, so the destinations tell their pages.
"""

from __future__ import annotations

import io

from pypdf import PdfReader

# Fills the 目录's page-number spans in the page before the final print.
FILL_SCRIPT = """numbers => {
  for (const span of document.querySelectorAll('.doc-toc-page[data-target]')) {
    const n = numbers[span.dataset.target];
    span.textContent = n === undefined ? '' : String(n);
  }
}"""


def heading_pages(pdf: bytes) -> dict[str, int]:
    """Anchor id → 1-based page number, for every named destination in ``pdf``."""
    reader = PdfReader(io.BytesIO(pdf))
    pages: dict[str, int] = {}
    for name, destination in reader.named_destinations.items():
        anchor = str(name).lstrip("/")
        pages[anchor] = reader.get_destination_page_number(destination) + 1
    return pages
