"""Time a clean PDF build of content/ and a rebuild with nothing changed.

    .venv/bin/python benchmarks/pdf_build.py

Prints, per PDF, the seconds it took (documents print three at a time in one Chromium, so these
overlap), the Chromium prints it took (1 when the layout the page breaks were settled on is what
the print shows, see generator/pdf/layout.py), its pages and its size; then the wall time of the
PDF stage with the machine's load average and its CPU seconds (this Python process, and the
browser's processes: Playwright's driver and every Chromium process, sampled from /proc, since
Chromium's renderers are not reaped into this process's children's time), of a whole clean
``gongkai build`` and of a rebuild that reuses every PDF. On a shared machine the wall time
follows the load; the CPU seconds much less so.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader  # noqa: E402

from generator.build import build, render_site  # noqa: E402
from generator.pdf.build import print_documents  # noqa: E402
from generator.pipeline import load_content  # noqa: E402


def quiet(_message: str) -> None:
    pass


TICKS = os.sysconf("SC_CLK_TCK")


def _descendants_cpu() -> dict[int, float]:
    """CPU seconds (user + system) of every live process descending from this one."""
    children: dict[int, list[int]] = {}
    cpu: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2 :].split()
        children.setdefault(int(fields[1]), []).append(int(entry))
        cpu[int(entry)] = (int(fields[11]) + int(fields[12])) / TICKS
    found: dict[int, float] = {}
    todo = list(children.get(os.getpid(), []))
    while todo:
        pid = todo.pop()
        found[pid] = cpu.get(pid, 0.0)
        todo.extend(children.get(pid, []))
    return found


class BrowserCpu:
    """The CPU seconds of the browser's processes while it runs: the last value /proc showed for each
    process, sampled every 100 ms (a process that ends loses at most its last 100 ms)."""

    def __init__(self) -> None:
        self.seen: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            for pid, seconds in _descendants_cpu().items():
                self.seen[pid] = max(self.seen.get(pid, 0.0), seconds)
            self._stop.wait(0.1)

    def __enter__(self) -> BrowserCpu:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def seconds(self) -> float:
        return sum(self.seen.values())


def timed_build(output: Path) -> float:
    started = time.perf_counter()
    status, _ = build(ROOT / "content", output, pdf=True, log=quiet)
    assert status == 0, "build failed"
    return time.perf_counter() - started


def main() -> None:
    content = load_content(ROOT / "content")
    assert content.ok, "content has errors: run gongkai check"
    with tempfile.TemporaryDirectory() as tmp:
        staging = Path(tmp) / "staging"
        result = render_site(content, staging)
        python = time.process_time()
        with BrowserCpu() as browser:
            report = print_documents(result.views, staging, previous=None, log=quiet, bar=False)
        python = time.process_time() - python
        assert not report.failed, report.failed
        print(f"{'PDF':<48} {'seconds':>7} {'prints':>6} {'pages':>5} {'KiB':>7}")
        total = 0
        pages = 0
        for name, printed in sorted(report.printed.items()):
            path = staging / report.labels[name]
            total += printed.size
            pages += len(PdfReader(path).pages)
            print(
                f"{report.labels[name]:<48} {printed.seconds:>7.2f} {printed.prints:>6} {len(PdfReader(path).pages):>5} "
                f"{printed.size / 1024:>7.0f}"
            )
        print(f"{'PDF stage, wall time':<48} {report.seconds:>7.2f} {'':>6} {pages:>5} {total / 1024:>7.0f}")
        load = os.getloadavg()[0]
        print(
            f"printed pages/s with one browser: {pages / report.seconds:.1f} (issue 15's target: 30), load {load:.1f}"
        )
        cpu = python + browser.seconds
        print(
            f"CPU seconds of the PDF stage: {cpu:.1f} (Python {python:.1f}, browser {browser.seconds:.1f}): "
            f"{pages / cpu:.1f} pages per CPU second; on 2 idle cores at best {2 * pages / cpu:.1f} pages/s"
        )

        output = Path(tmp) / "output"
        clean = timed_build(output)
        again = timed_build(output)
        print(f"clean gongkai build with PDFs: {clean:.2f} s; rebuild, nothing changed: {again:.2f} s")


if __name__ == "__main__":
    main()
