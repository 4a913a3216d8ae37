"""Print one archival PDF per disclosure from its full-document page.

One Chromium per build prints several documents at once. Each document is printed,
its headings' pages are read back and written into the 目录, and it is printed again
until the numbers hold; then metadata and the outline are added. A document whose inputs
did not change is copied from the previous build; one that fails is reported by name
while the others are still written.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.pdf import cache
from generator.pdf.chromium import ARGS, EXECUTABLE, ChromiumMissing, check_executable
from generator.pdf.finish import Metadata, OutlineEntry, finish
from generator.pdf.progress import Progress
from generator.pdf.toc import FILL_SCRIPT, heading_pages
from generator.render.views import DisclosureView

CONCURRENCY = 3  # pages printing at once in the one browser (2 cores)
MAX_PASSES = 4  # prints until the 目录's numbers stop moving
PDF_OPTIONS = {"print_background": True, "prefer_css_page_size": True, "tagged": True, "outline": False}


@dataclass
class PdfJob:
    view: DisclosureView
    html: Path
    target: Path
    rel: str
    key: str = ""

    @property
    def name(self) -> str:
        d = self.view.disclosure
        return f"{d.department.name} {d.year}（{self.view.path}）"


def pdf_path(view: DisclosureView) -> str:
    return f"{view.path}/{view.disclosure.slug}.pdf"


def metadata(view: DisclosureView) -> Metadata:
    d = view.disclosure
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        date: dt.datetime | None = dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    elif d.published:
        date = dt.datetime(d.published.year, d.published.month, d.published.day, tzinfo=dt.UTC)
    else:
        date = None  # better no date than an invented one
    return Metadata(
        title=d.title,
        author=d.department.name,
        subject=f"{d.department.name}{d.year}年部门{d.kind}信息公开",
        keywords=", ".join(k for k in (f"部门{d.kind}", "预算公开", d.department.name, str(d.year),
                                       d.department.region) if k),
        date=date,
    )


def outline(view: DisclosureView, pages: dict[str, int]) -> list[OutlineEntry]:
    """The bookmarks: parts with their items, as the 目录 lists them; under a section, the
    tables it holds (the 24 项目绩效目标表 of a 七、), so that each can be found."""
    entries = []
    for part in view.parts:
        children = []
        for item in part.items:
            tables = tuple(OutlineEntry(t.heading, pages[t.anchor]) for t in item.block.tables()
                           if item.block.kind == "section" and t.anchor in pages)
            children.append(OutlineEntry(item.heading, pages[item.block.anchor], tables))
        entries.append(OutlineEntry(part.heading, pages[part.anchor], tuple(children)))
    return entries


def toc_anchors(view: DisclosureView) -> list[str]:
    return [a for part in view.parts for a in (part.anchor, *(i.block.anchor for i in part.items))]


def browser_identity() -> str:
    """Changes when Debian updates Chromium (a new build may lay pages out differently)."""
    real = Path("/usr/lib/chromium/chromium")
    binary = real if real.exists() else Path(EXECUTABLE)
    try:
        stat = binary.stat()
    except OSError:
        return "missing"
    return f"{binary}:{stat.st_size}:{int(stat.st_mtime)}"


async def _print_one(browser, job: PdfJob) -> bytes:
    context = await browser.new_context()
    try:
        page = await context.new_page()
        await page.goto(job.html.resolve().as_uri(), wait_until="load")
        await page.emulate_media(media="print")
        await page.evaluate("document.fonts.ready.then(() => true)")
        anchors = toc_anchors(job.view)
        numbers: dict[str, int] = {}
        for _ in range(MAX_PASSES):
            await page.evaluate(FILL_SCRIPT, numbers)
            pdf = await page.pdf(**PDF_OPTIONS)
            found = heading_pages(pdf)
            missing = [a for a in anchors if a not in found]
            if missing:
                raise RuntimeError(f"打印结果中找不到这些标题的位置：{', '.join(missing)}")
            fresh = {a: found[a] for a in anchors}
            if fresh == numbers:
                return finish(pdf, metadata(job.view), outline(job.view, found))
            numbers = fresh
        raise RuntimeError("目录页码在多次打印后仍不稳定")
    finally:
        await context.close()


async def _print_all(jobs: list[PdfJob], progress: Progress) -> dict[str, str]:
    from playwright.async_api import async_playwright

    failures: dict[str, str] = {}
    semaphore = asyncio.Semaphore(CONCURRENCY)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=EXECUTABLE, args=ARGS)
        try:
            async def run(job: PdfJob) -> None:
                async with semaphore:
                    try:
                        data = await _print_one(browser, job)
                        job.target.write_bytes(data)
                        progress.advance(f"已生成 {job.rel}")
                    except Exception as exc:  # isolate: one bad document must not stop the others
                        failures[job.rel] = f"{type(exc).__name__}: {exc}"
                        progress.advance(f"失败 {job.rel}")

            await asyncio.gather(*(run(job) for job in jobs))
        finally:
            await browser.close()
    return failures


def _in_thread(coroutine_factory: Callable[[], object]):
    """Run the async printer in its own thread, so callers may hold their own event loop."""
    result: dict[str, object] = {}

    def target() -> None:
        try:
            result["value"] = asyncio.run(coroutine_factory())  # type: ignore[arg-type]
        except BaseException as exc:  # re-raised in the caller's thread
            result["error"] = exc

    thread = threading.Thread(target=target, name="gongkai-pdf")
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]  # type: ignore[misc]
    return result["value"]


def build_pdfs(views: list[DisclosureView], staging: Path, previous: Path, log=print) -> set[str]:
    """Write ``<year>/<slug>/<slug>.pdf`` for every view into ``staging``.

    Returns the paths (``view.path``) of the disclosures whose PDF could not be made.
    """
    identity = browser_identity()
    old_keys = cache.read_keys(previous)
    keys: dict[str, str] = {}
    jobs: list[PdfJob] = []
    reused = 0
    for view in views:
        rel = pdf_path(view)
        job = PdfJob(view, staging / view.path / "full.html", staging / rel, rel)
        job.key = cache.pdf_key(job.html, staging, identity)
        old_pdf = previous / rel
        if old_keys.get(rel) == job.key and old_pdf.is_file():
            shutil.copyfile(old_pdf, job.target)
            keys[rel] = job.key
            reused += 1
            continue
        jobs.append(job)
    failures: dict[str, str] = {}
    if jobs:
        log(f"打印 PDF：{len(jobs)} 份（{reused} 份未变，沿用上次的结果）……")
        try:
            check_executable()
            progress = Progress(len(jobs), "打印 PDF", log)
            try:
                failures = _in_thread(lambda: _print_all(jobs, progress))  # type: ignore[assignment]
            finally:
                progress.close()
        except ChromiumMissing as exc:
            failures = {job.rel: str(exc) for job in jobs}
        for job in jobs:
            if job.rel not in failures:
                keys[job.rel] = job.key
    else:
        log(f"PDF：{reused} 份均未变，沿用上次的结果")
    cache.write_keys(staging, keys)
    for rel, reason in sorted(failures.items()):
        log(f"PDF 生成失败：{rel}：{reason}")
    return {job.view.path for job in jobs if job.rel in failures}
