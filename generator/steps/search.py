"""The Chinese full-text search index (Pagefind's extended build segments CJK) over every page written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator.steps import BuildError, Output


def index_search(target: Path) -> None:
    result = subprocess.run(
        # --keep-index-url: results link to ".../index.html", which also works from file://
        [sys.executable, "-m", "pagefind", "--site", str(target), "--keep-index-url", "--silent"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BuildError(f"Pagefind 建立搜索索引失败：{result.stderr.strip() or result.stdout.strip()}")


def run(output: Output) -> None:
    output.log("建立搜索索引……")
    index_search(output.staging)
