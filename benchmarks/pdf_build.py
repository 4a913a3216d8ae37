"""Time a clean PDF build of content/ and a rebuild with nothing changed.

    .venv/bin/python benchmarks/pdf_build.py

Prints, per PDF, the seconds it took (documents print three at a time in one Chromium, so these
overlap), the Chromium prints it took (1 when the layout the page breaks were settled on is what
the print shows, see generator/pdf/layout.py), its pages and its size; then the wall time of the
PDF stage with the machine's load average, of a whole clean ``gongkai build`` and of a rebuild
that reuses every PDF.
"""

from __future__ import annotations

import os
import sys
import tempfile
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
        report = print_documents(result.views, staging, previous=None, log=quiet, bar=False)
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

        output = Path(tmp) / "output"
        clean = timed_build(output)
        again = timed_build(output)
        print(f"clean gongkai build with PDFs: {clean:.2f} s; rebuild, nothing changed: {again:.2f} s")


if __name__ == "__main__":
    main()
