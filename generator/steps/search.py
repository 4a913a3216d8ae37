"""The Chinese full-text search index (Pagefind's extended build segments CJK), in shards.

Indexing is the longest step of a large site. So the index is split: the disclosures of a year are
spread over a few shards (a stable hash of each one's folder picks its shard; a year holding more
than :data:`PER_SHARD` disclosures gets 2, 4 … up to :data:`MAX_SHARDS` of them), each shard a
Pagefind index of its own in ``pagefind/<年度>-<n>/``. ``pagefind/shards.json`` lists them; the
search page loads the first and merges the others at query time (Pagefind's ``mergeIndex``).

A shard depends on its pages alone: when none of them changed since the previous build, the shard
is taken over as it is (generator/incremental.py), so a change to one disclosure re-indexes one
shard, and each Pagefind run holds one shard in memory, not the whole site.

Pagefind needs the pages only: the build starts it (:func:`start`, one shard after another, in a
thread waiting on the Pagefind process) as soon as the pages are written, and writes the other files
(CSV, XLSX, JSON, the sitemap) meanwhile; :func:`run` waits for it.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from generator import incremental
from generator.steps import BuildError, Output

INDEX = "pagefind"
SHARDS_FILE = f"{INDEX}/shards.json"
PER_SHARD = 32  # disclosures a shard holds at most, until a year has MAX_SHARDS shards (Pagefind: ~0.25 s a run and ~45 ms a disclosure of CPU)
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
        [*_pagefind(), "--site", str(shard.site), "--glob", pattern]
        + ["--output-subdir", f"{INDEX}/{shard.name}", "--keep-index-url", "--silent"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BuildError(f"Pagefind 建立搜索索引失败：{result.stderr.strip() or result.stdout.strip()}")


@cache
def _pagefind() -> list[str]:
    """The Pagefind program the ``pagefind`` package runs (found once: not a Python start per shard)."""
    try:
        from pagefind.service import _must_get_executable

        return [str(_must_get_executable().resolve())]
    except Exception:  # another version of the package: through its module, as documented
        return [sys.executable, "-m", "pagefind"]


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


@dataclass
class _Indexing:
    """The shards of a build: their pages, and the indexing of those that changed, under way."""

    plan: dict[str, list[str]]
    made: list[str] = field(default_factory=list)  # shards indexed again
    error: BaseException | None = None
    thread: threading.Thread | None = None
    stop: threading.Event = field(default_factory=threading.Event)  # the build failed: no further shard


_UNDER_WAY: dict[Path, _Indexing] = {}  # by staging folder: started by start(), finished by run()


def start(output: Output) -> None:
    """Take over the shards whose pages did not change, and start indexing the others (in a thread
    waiting on Pagefind, one shard at a time); the pages must all be written."""
    plan = shards(output)
    indexing = _UNDER_WAY[output.staging] = _Indexing(plan)
    todo: list[tuple[str, str]] = []
    for name, pages in plan.items():
        key, folder = shard_key(output, pages), f"{INDEX}/{name}"
        if incremental.take_over(output.previous, output.staging, folder, key) is None:
            todo.append((name, key))
    if not todo:
        return
    output.log("建立搜索索引……")

    def index() -> None:
        try:
            for name, key in todo:
                if indexing.stop.is_set():
                    return
                folder = f"{INDEX}/{name}"
                shutil.rmtree(output.staging / folder, ignore_errors=True)
                index_search(Shard(output.staging, name, plan[name]))
                if (output.staging / folder).is_dir():
                    incremental.store(output.staging, folder, key, [])
                indexing.made.append(name)
        except BaseException as exc:  # given to run(), in the build's thread
            indexing.error = exc

    indexing.thread = threading.Thread(target=index, name="gongkai-search")
    indexing.thread.start()


def wait(output: Output) -> None:
    """Wait for the indexing started for ``output``."""
    indexing = _UNDER_WAY.get(output.staging)
    if indexing is not None and indexing.thread is not None:
        indexing.thread.join()


def abandon(output: Output) -> None:
    """A failed build: wait for the shard being indexed (before its staging folder is removed), and forget the rest."""
    indexing = _UNDER_WAY.get(output.staging)
    if indexing is not None:
        indexing.stop.set()
    wait(output)
    _UNDER_WAY.pop(output.staging, None)


def run(output: Output) -> None:
    if output.staging not in _UNDER_WAY:  # not started early by the build
        start(output)
    wait(output)
    indexing = _UNDER_WAY.pop(output.staging)
    if indexing.error is not None:
        raise indexing.error
    plan, made = indexing.plan, len(indexing.made)
    if plan and not made:
        output.log("搜索索引：页面未改动，沿用上次的索引")
    elif made:
        output.log(f"搜索索引：{len(plan)} 个分片，重建其中 {made} 个")
    output.write(SHARDS_FILE, (json.dumps(list(plan), ensure_ascii=False) + "\n").encode("utf-8"))
