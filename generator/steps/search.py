"""The Chinese full-text search index (Pagefind's extended build segments CJK) over every page written.

Indexing is the longest step of a large site. When no page changed since the previous build, its
index is taken over as it is (generator/incremental.py): the index depends on the pages alone.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from generator import incremental
from generator.steps import BuildError, Output

INDEX = "pagefind"


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


def pages_key(output: Output) -> str:
    """Every page's bytes; a disclosure's pages stand in by its folder's key, which decides them."""
    h = hashlib.sha256(incremental.engine_digest(output.templates).encode())
    for page in sorted(output.pages):
        folder = "/".join(page.split("/")[:2])  # a disclosure's pages are in <年度>/<目录名>/
        if folder in output.keys and page.startswith(folder + "/"):
            h.update(f"{page} {output.keys[folder]}\n".encode())
        else:
            h.update(f"{page} {hashlib.sha256((output.staging / page).read_bytes()).hexdigest()}\n".encode())
    return h.hexdigest()


def run(output: Output) -> None:
    key = pages_key(output)
    if output.previous is not None and incremental.stored(output.previous, INDEX, key) is not None:
        incremental.take_over(output.previous, output.staging, INDEX)
        output.log("搜索索引：页面未改动，沿用上次的索引")
        return
    output.log("建立搜索索引……")
    index_search(output.staging)
    if (output.staging / INDEX).is_dir():
        incremental.store(output.staging, INDEX, key, [])
