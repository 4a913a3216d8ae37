"""Links in a PDF point to the published site, or are plain text — never to the build directory.

The full-document page is printed from disk, so a relative link in the content (``[表](01.html)``)
or in the page would become ``file:///…/output.tmp-XXXX/…`` in the PDF: dead once published,
leaking the build path, and different in every build. Before printing, every link that leaves
the page is rewritten in the page itself: one into the site becomes an absolute address under
``base_url``, or (without a ``base_url``) its text without a link. Links inside the document
(``#part1``) and links to http(s) and mailto addresses stay as they are.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from playwright.async_api import Page

_REWRITE = """([depth, base]) => {
  const root = new URL('../'.repeat(depth), location.href).href;
  let changed = 0;
  for (const a of Array.from(document.querySelectorAll('a[href]'))) {
    const raw = a.getAttribute('href');
    if (raw.startsWith('#')) continue;
    let url;
    try { url = new URL(raw, location.href); } catch (e) { url = null; }
    if (url && ['http:', 'https:', 'mailto:'].includes(url.protocol)) continue;
    changed += 1;
    if (url && url.protocol === 'file:' && url.pathname === location.pathname && url.hash) {
      a.setAttribute('href', url.hash);
    } else if (url && base && url.href.startsWith(root)) {
      a.setAttribute('href', base + url.href.slice(root.length));
    } else {
      a.replaceWith(...a.childNodes);
    }
  }
  return changed;
}"""


@dataclass(frozen=True)
class SiteLinks:
    """Where the site will be published (``None``: not known) and how deep the printed page lies in it."""

    base_url: str | None
    depth: int  # folders between the site's root and the page: 2 for 2025/langfang-sifaju/full.html

    @property
    def base(self) -> str:
        return self.base_url.rstrip("/") + "/" if self.base_url else ""

    async def apply(self, page: Page) -> int:
        """Rewrite the loaded page's links; returns how many were changed."""
        return int(await page.evaluate(_REWRITE, [self.depth, self.base]))


def keyed(key: str, base_url: str | None) -> str:
    """A PDF cache key that also depends on ``base_url`` (the links printed into the file)."""
    if not base_url:
        return key
    return hashlib.sha256(f"{key}\n{base_url}".encode()).hexdigest()
