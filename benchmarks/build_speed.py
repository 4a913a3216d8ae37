"""Site build time against the number of disclosures (is it linear?).

Copies the example content N times (each copy a distinct department), builds the site
without PDFs and prints disclosures, pages, seconds and pages per second for each N.

    .venv/bin/python benchmarks/build_speed.py [N ...]     (default: 1 2 4 8 16)
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.build import build  # noqa: E402


def make_content(target: Path, copies: int) -> int:
    source = ROOT / "content"
    shutil.copy(source / "site.yml", target / "site.yml")
    count = 0
    for disclosure in sorted(source.glob("*/*/disclosure.yml")):
        folder = disclosure.parent
        for n in range(copies):
            slug = f"{folder.name}-{n:03d}"
            dest = target / folder.parent.name / slug
            shutil.copytree(folder, dest)
            text = (dest / "disclosure.yml").read_text(encoding="utf-8")
            # a distinct department per copy, so no two disclosures collide
            text = re.sub(r"(\n  name: )(\S+)", rf"\g<1>\g<2>（副本{n:03d}）", text, count=1)
            (dest / "disclosure.yml").write_text(text, encoding="utf-8")
            count += 1
    return count


def main(sizes: list[int]) -> None:
    print(f"{'公开数':>6} {'页面数':>6} {'秒':>8} {'页/秒':>8} {'秒/公开':>8}")
    for copies in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            content, output = Path(tmp) / "content", Path(tmp) / "output"
            content.mkdir()
            disclosures = make_content(content, copies)
            started = time.perf_counter()
            status, result = build(content, output, pdf=False, log=lambda *_: None)
            seconds = time.perf_counter() - started
            assert status == 0 and result is not None, "build failed"
            print(
                f"{disclosures:>6} {result.pages:>6} {seconds:>8.2f} {result.pages / seconds:>8.1f} "
                f"{seconds / disclosures:>8.3f}"
            )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1, 2, 4, 8, 16])
