"""The Chinese full-text search index (Pagefind's extended build segments CJK), in shards.

Indexing is the longest step of a large site. So the index is split: the disclosures of a year are
spread over a few shards (a stable hash of each one's folder picks its shard; a year holding more
than :data:`PER_SHARD` disclosures gets 2, 4 … up to :data:`MAX_SHARDS` of them), each shard a
Pagefind index of its own in ``pagefind/<年度>-<n>/``. ``pagefind/shards.json`` lists them; the
search page loads the first and merges the others at query time (Pagefind's ``mergeIndex``).

A shard depends on its pages alone: when none of them changed since the previous build, the shard
is taken over as it is (generator/incremental.py), so a change to one disclosure re-indexes one
shard, and each Pagefind run holds one shard in memory, not the whole site.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from generator import incremental
from generator.steps import BuildError, Output

INDEX = "pagefind"
SHARDS_FILE = f"{INDEX}/shards.json"
PER_SHARD = 64  # disclosures a shard holds at most, until a year has MAX_SHARDS shards
MAX_SHARDS = 16  # shards of one year at most: the search page merges every shard at query time
SITE_SHARD = "site"  # searchable pages outside the disclosures' folders, if a template makes any


def _folder(page: str) -> str:
    return "/".join(page.split("/")[:2])  # a disclosure's pages are in <年度>/<目录名>/


def shards(output: Output) -> dict[str, list[str]]:
    """Each shard's name and the pages it indexes, in a stable order."""
    by_year: dict[int, list[str]] = defaultdict(list)
    for view in output.views:
        by_year[view.disclosure.year].append(view.path)
    shard_of: dict[str, str] = {}
    for year, paths in by_year.items():
        count = 1
        while count < MAX_SHARDS and len(paths) > count * PER_SHARD:
            count *= 2
        for path in paths:
            bucket = int.from_bytes(hashlib.sha256(path.encode("utf-8")).digest()[:8], "big") % count
            shard_of[path] = f"{year}-{bucket}"
    result: dict[str, list[str]] = defaultdict(list)
    for page in sorted(output.pages):
        folder = _folder(page)
        if folder in shard_of and page.startswith(folder + "/"):
            result[shard_of[folder]].append(page)
        elif b"data-pagefind-body" in (output.staging / page).read_bytes():
            result[SITE_SHARD].append(page)
    return dict(sorted(result.items()))


@dataclass(frozen=True)
class Shard:
    site: Path  # the folder of the site being built
    name: str
    pages: list[str]  # paths in ``site``


def index_search(shard: Shard) -> None:
    """Pagefind over the shard's pages into ``<site>/pagefind/<name>/``."""
    folders = sorted({_folder(p) for p in shard.pages}) if shard.name != SITE_SHARD else []
    pattern = "{" + ",".join(folders) + "}/" + _names(shard) if folders else "{" + ",".join(shard.pages) + "}"
    result = subprocess.run(
        # --keep-index-url: results link to ".../index.html", which also works from file://
        [sys.executable, "-m", "pagefind", "--site", str(shard.site), "--glob", pattern]
        + ["--output-subdir", f"{INDEX}/{shard.name}", "--keep-index-url", "--silent"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BuildError(f"Pagefind 建立搜索索引失败：{result.stderr.strip() or result.stdout.strip()}")


def _names(shard: Shard) -> str:
    """The file names of the shard's searchable pages (``{index.html,01.html,…}``): Pagefind leaves
    out a page without ``data-pagefind-body`` once any page has it, but reads and parses it first, and
    the full page (unsearchable, the largest of a disclosure) is four tenths of the HTML; the index is
    the same bytes. Any page in a subfolder, or none searchable: every page, as before."""
    names: set[str] = set()
    for page in shard.pages:
        folder, name = page.rsplit("/", 1)
        if folder != _folder(page):
            return "**/*.html"
        if b"data-pagefind-body" in (shard.site / page).read_bytes():
            names.add(name)
    return "{" + ",".join(sorted(names)) + "}" if names else "**/*.html"


def shard_key(output: Output, pages: list[str]) -> str:
    """Every page of a shard; a disclosure's pages stand in by its folder's key, which decides them."""
    h = hashlib.sha256(incremental.engine_digest(output.templates).encode())
    for page in pages:
        folder = _folder(page)
        if folder in output.keys and page.startswith(folder + "/"):
            h.update(f"{page} {output.keys[folder]}\n".encode())
        else:
            h.update(f"{page} {hashlib.sha256((output.staging / page).read_bytes()).hexdigest()}\n".encode())
    return h.hexdigest()


def run(output: Output) -> None:
    plan = shards(output)
    made = 0
    for name, pages in plan.items():
        key, folder = shard_key(output, pages), f"{INDEX}/{name}"
        if incremental.take_over(output.previous, output.staging, folder, key) is not None:
            continue
        if not made:
            output.log("建立搜索索引……")
        shutil.rmtree(output.staging / folder, ignore_errors=True)
        index_search(Shard(output.staging, name, pages))
        if (output.staging / folder).is_dir():
            incremental.store(output.staging, folder, key, [])
        made += 1
    if plan and not made:
        output.log("搜索索引：页面未改动，沿用上次的索引")
    elif made:
        output.log(f"搜索索引：{len(plan)} 个分片，重建其中 {made} 个")
    output.write(SHARDS_FILE, (json.dumps(list(plan), ensure_ascii=False) + "\n").encode("utf-8"))
