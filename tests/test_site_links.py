"""Every page, opened from file:// in Chromium: links and fragments resolve, links are relative,
nothing is loaded from outside the site, the CSP is there and nothing violates it."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

pytestmark = pytest.mark.browser

# Every link, stylesheet, script and image on the page, as written in the HTML.
COLLECT = """() => ({
  refs: Array.from(document.querySelectorAll('a[href], link[href], script[src], img[src], form[action]'))
    .map(e => e.getAttribute('href') ?? e.getAttribute('src') ?? e.getAttribute('action')),
  ids: Array.from(document.querySelectorAll('[id]')).map(e => e.id),
  csp: Array.from(document.querySelectorAll('meta[http-equiv="Content-Security-Policy"]')).map(m => m.content),
  // JSON-LD (schema.org Dataset) is data, not a script: the CSP does not apply to it
  scripts: Array.from(document.scripts).filter(s => s.type !== 'application/ld+json').map(s => s.getAttribute('src')),
})"""


def test_every_page_links_and_loads_only_the_site(built_site: Path, open_page) -> None:
    # 404.html is shown at any missing address, so its links start at the site's root (the server's):
    # tests/test_site_404.py serves it at several depths over http.
    pages = sorted(p for p in built_site.rglob("*.html") if p.name != "404.html" or p.parent != built_site)
    assert len(pages) > 60
    record = open_page()
    found: dict[Path, dict] = {}
    problems: list[str] = []
    for path in pages:
        record.requests.clear()
        record.console.clear()
        record.errors.clear()
        record.page.goto(path.as_uri(), wait_until="load")
        found[path] = data = record.page.evaluate(COLLECT)
        name = path.relative_to(built_site).as_posix()
        if len(data["csp"]) != 1 or "default-src 'self'" not in data["csp"][0]:
            problems.append(f"{name}: no Content-Security-Policy meta")
        if any(src is None for src in data["scripts"]):
            problems.append(f"{name}: inline script (the CSP forbids it)")
        for url in record.requests:
            target = Path(unquote(urlsplit(url).path))
            if not url.startswith("file://") or not target.is_relative_to(built_site):
                problems.append(f"{name}: loads {url} from outside the site")
            elif not target.exists():
                problems.append(f"{name}: loads missing {url}")
        problems.extend(f"{name}: console {m}" for m in record.problems)

    for path, data in found.items():
        name = path.relative_to(built_site).as_posix()
        for ref in data["refs"]:
            parts = urlsplit(ref)
            if parts.scheme or parts.netloc or ref.startswith("/"):
                problems.append(f"{name}: link {ref!r} is not relative")
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if not target.is_relative_to(built_site.resolve()) or not target.exists():
                problems.append(f"{name}: link {ref!r} leads nowhere")
                continue
            if parts.fragment:
                ids = found[target]["ids"] if target in found else None
                if ids is None or parts.fragment not in ids:
                    problems.append(f"{name}: link {ref!r}: no element with that id")
    assert not problems, "\n".join(problems[:50])


def test_served_pages_load_only_from_the_site(site_server: str, open_page) -> None:
    """Over http too (the search page fetches its index): every request goes to the site's own host."""
    host = urlsplit(site_server).netloc
    record = open_page()
    for page in (
        "index.html",
        "2025/langfang-sifaju/02.html",
        "2025/langfang-sifaju/full.html",
        "search.html?q=%E6%B3%95%E5%BE%8B%E6%8F%B4%E5%8A%A9",
    ):
        record.page.goto(site_server + page, wait_until="networkidle")
    record.page.wait_for_selector("#search-results li")
    outside = [u for u in record.requests if urlsplit(u).netloc != host]
    assert not outside
    assert not record.problems
