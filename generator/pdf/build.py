"""``build_pdfs``: one archival PDF per disclosure, printed by one Chromium, several at a time.

Called by the build (generator/steps/pdf.py, run by generator/build.py) after the pages are rendered into ``staging`` and
before ``staging`` replaces ``previous`` (the old output directory). Documents whose inputs did not
change are copied from ``previous``; a document that fails is reported by name, the others are
still written, and the build's status is 1.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.async_api import BrowserContext, Page

from generator.pdf.archival import archive
from generator.pdf.browser import launch, load, new_tab
from generator.pdf.cache import compute_key, reuse, store_key
from generator.pdf.cover import add_cover_lines
from generator.pdf.jobs import PdfJob, job_for
from generator.pdf.links import SiteLinks, keyed
from generator.pdf.progress import Progress
from generator.pdf.toc import heading_pages, print_with_page_numbers
from generator.render.views import DisclosureView

CONCURRENCY = 3  # pages printed at once by the one browser (a 2-core machine keeps busy with 3)


@dataclass
class Printed:
    seconds: float
    size: int
    pages: dict[str, int]
    prints: int = 0  # Chromium prints it took (the page-break passes and the 目录's numbers)


@dataclass
class PdfReport:
    printed: dict[str, Printed] = field(default_factory=dict)
    reused: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # view.path → reason
    labels: dict[str, str] = field(default_factory=dict)  # view.path → "2025/…/….pdf"
    seconds: float = 0.0

    @property
    def status(self) -> int:
        return 1 if self.failed else 0


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}".strip()


async def _print_one(page: Page, job: PdfJob, base_url: str | None = None) -> Printed:
    started = time.perf_counter()
    await load(page, job.html, SiteLinks(base_url, job.name.count("/") + 1))
    await add_cover_lines(page, job.cover)
    pdf, reading, prints, linked = await print_with_page_numbers(page, job.anchors)
    pages = heading_pages(reading, job.headings)
    # finalize + PDF/A-2b; the file written is validated (raises unless it passes)
    data = await asyncio.to_thread(archive, pdf, job.info, job.toc, pages, job.key, linked)
    partial = job.pdf.with_name(job.pdf.name + ".part")
    partial.write_bytes(data)
    partial.replace(job.pdf)
    store_key(job)
    return Printed(seconds=time.perf_counter() - started, size=len(data), pages=pages, prints=prints)


async def _print_all(
    jobs: list[PdfJob], report: PdfReport, progress: Progress, concurrency: int, base_url: str | None = None
) -> None:
    queue: asyncio.Queue[PdfJob] = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)
    try:
        async with launch() as browser:

            async def tab() -> None:
                """One page printing document after document (browser.new_tab); a document that
                fails gets its tab replaced, so that nothing of it reaches the next one."""
                opened: tuple[BrowserContext, Page] | None = None
                try:
                    while not queue.empty():
                        job = queue.get_nowait()
                        try:
                            opened = opened or await new_tab(browser)
                            printed = await _print_one(opened[1], job, base_url)
                        except Exception as exc:  # isolate: one bad document does not stop the others
                            report.failed[job.name] = _reason(exc)
                            progress.advance(f"{job.label} 失败")
                            if opened is not None:
                                await opened[0].close()
                            opened = None
                            continue
                        report.printed[job.name] = printed
                        progress.advance(f"{job.label} 已生成：{printed.seconds:.1f} 秒，{printed.size / 1e6:.2f} MB")
                finally:
                    if opened is not None:
                        await opened[0].close()

            await asyncio.gather(*(tab() for _ in range(min(concurrency, len(jobs)))))
    except Exception as exc:  # the browser itself did not start
        for job in jobs:
            if job.name not in report.printed:
                report.failed.setdefault(job.name, f"无法启动浏览器：{_reason(exc)}")


def print_documents(
    views: list[DisclosureView],
    staging: Path,
    previous: Path | None = None,
    *,
    log: Callable[[str], None] = print,
    concurrency: int = CONCURRENCY,
    bar: bool | None = None,
    base_url: str | None = None,
) -> PdfReport:
    started = time.perf_counter()
    report = PdfReport()
    if bar is None and log is not print:
        bar = False  # the caller collects the lines (tests, benchmarks): no bar on the terminal
    todo: list[PdfJob] = []
    for view in views:
        job = job_for(view, staging)
        report.labels[job.name] = job.label
        try:
            job.key = keyed(compute_key(job, staging / "assets"), base_url)
        except OSError as exc:
            report.failed[job.name] = _reason(exc)
            continue
        if previous is not None and reuse(job, staging, previous):
            report.reused.append(job.name)
        else:
            todo.append(job)
    if todo:
        # the longest first: the wall time is then about the longest document's, not its time plus
        # that of the documents printed before it (廊坊 alone takes most of the stage)
        todo.sort(key=lambda job: job.html.stat().st_size if job.html.is_file() else 0, reverse=True)
        log(f"生成 PDF：{len(todo)} 份（同时 {min(concurrency, len(todo))} 份）……")
        with Progress(len(todo), log, bar) as progress:
            _run(_print_all(todo, report, progress, concurrency, base_url))
    report.seconds = time.perf_counter() - started
    return report


def _run(work: Coroutine[Any, Any, None]) -> None:
    """Run the printing; from a thread that already runs an event loop (a caller using Playwright's
    sync API, a notebook), in a thread of its own, since asyncio.run() cannot nest."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(work)
        return
    failure: list[BaseException] = []

    def target() -> None:
        try:
            asyncio.run(work)
        except BaseException as exc:  # raised again in the caller's thread
            failure.append(exc)

    thread = threading.Thread(target=target, name="gongkai-pdf")
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


def build_pdfs(
    views: list[DisclosureView],
    staging: Path,
    previous: Path | None = None,
    log: Callable[[str], None] = print,
    **options: Any,
) -> dict[str, str]:
    """Print (or reuse) every PDF; returns the failed documents, ``view.path`` → reason (empty: all written)."""
    report = print_documents(views, staging, previous, log=log, **options)
    log(
        f"PDF：打印 {len(report.printed)} 份，未改动沿用 {len(report.reused)} 份，"
        f"失败 {len(report.failed)} 份，用时 {report.seconds:.1f} 秒"
    )
    for name, reason in sorted(report.failed.items()):
        log(f"PDF 生成失败：{report.labels.get(name, name)}：{reason}")
    return report.failed
