"""One headless Debian Chromium per build, driven by Playwright (a browser download is not possible)."""

from __future__ import annotations

import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from playwright.async_api import Browser, BrowserContext, Page, async_playwright

from generator.pdf.chromium import ARGS, EXECUTABLE, check_executable
from generator.pdf.fonts import fontconfig_env
from generator.pdf.links import SiteLinks

TIMEOUT_MS = 120_000


@asynccontextmanager
async def launch(executable: str = EXECUTABLE) -> AsyncIterator[Browser]:
    check_executable()
    fonts = fontconfig_env()  # the bold face (fonts.py) beside the system's fonts, for this browser only
    if not fonts:
        print("提示：没有 PDF 的粗体字体（运行 make fonts 生成），标题和表头将以常规字体打印", file=sys.stderr)
    env: dict[str, str | float | bool] | None = {**os.environ, **fonts} if fonts else None
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=executable, args=ARGS, headless=True, env=env)
        try:
            yield browser
        finally:
            await browser.close()


async def new_tab(browser: Browser) -> tuple[BrowserContext, Page]:
    """A context and its page, kept for document after document (build.py): the renderer process,
    its fonts and its caches stay loaded, so a document costs its own layout and print only (a
    fresh context per document cost a new renderer, fontconfig and the CJK fonts each time)."""
    context = await browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", java_script_enabled=True)
    page = await context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    await page.emulate_media(media="print")
    return context, page


async def load(page: Page, html: Path, links: SiteLinks | None = None) -> None:
    """The full-document page, loaded from disk (the site uses relative links), fonts ready;
    with ``links``, its links leaving the page point to the published site (see links.py).
    Every load is a new document: nothing a previous document changed stays."""
    if not html.is_file():
        raise FileNotFoundError(f"没有全文页面 {html}")
    await page.goto(html.resolve().as_uri(), wait_until="load")
    await page.evaluate("document.fonts.ready.then(() => true)")
    if links is not None:
        await links.apply(page)


@asynccontextmanager
async def open_page(browser: Browser, html: Path, links: SiteLinks | None = None) -> AsyncIterator[Page]:
    """One document in a context of its own (the layout test)."""
    context, page = await new_tab(browser)
    try:
        await load(page, html, links)
        yield page
    finally:
        await context.close()


async def print_pdf(page: Page) -> bytes:
    """A4 from the page's own @page rules; tagged (structure tree, and named destinations for links)."""
    return await page.pdf(
        prefer_css_page_size=True,
        print_background=True,
        tagged=True,
        outline=True,  # tells where every heading fell; replaced afterwards by one mirroring the 目录 (metadata.py)
        display_header_footer=False,
    )
