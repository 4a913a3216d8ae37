"""Time a clean build of the example content with PDFs, then a rebuild with nothing changed.

    .venv/bin/python benchmarks/pdf_build.py

Prints the seconds of each build and the pages and size of every PDF.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader  # noqa: E402

from generator.write.site import build  # noqa: E402


def timed_build(output: Path) -> float:
    started = time.perf_counter()
    status, _ = build(ROOT / "content", output, pdf=True, log=lambda *_: None)
    assert status == 0, "build failed"
    return time.perf_counter() - started


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp) / "output"
        clean = timed_build(output)
        again = timed_build(output)
        print(f"clean build with PDFs: {clean:.2f} s; rebuild, nothing changed: {again:.2f} s")
        print(f"{'PDF':<48} {'pages':>5} {'KiB':>7}")
        total = 0
        for pdf in sorted(output.rglob("*.pdf")):
            size = pdf.stat().st_size
            total += size
            print(f"{str(pdf.relative_to(output)):<48} {len(PdfReader(pdf).pages):>5} {size / 1024:>7.0f}")
        print(f"{'total':<48} {'':>5} {total / 1024:>7.0f}")


if __name__ == "__main__":
    main()
