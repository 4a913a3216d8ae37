"""The disclosures' own files made by several processes at once (both cores of a 2-core server),
a few departments at a time.

A disclosure's folder (its pages, CSV, XLSX, JSON, data package) depends on the disclosure, on the
other disclosures of its department (the pages link them; a 决算's tables are shown beside its
预算's) and on what every process shares: the site, the templates. So each worker is a fork of the
build after the views are made; it takes its share of the disclosures a chunk at a time (:data:`CHUNK`
disclosures) and runs the ordinary write steps over that chunk's disclosures and the other
disclosures of their departments, those not to be made by this chunk marked as already made
(``Output.taken_over``).
It writes into a folder of its own inside the staging folder; the build then moves each finished
disclosure folder into place and takes its pages as made. What a worker writes for the whole site
(the portal, the sitemap) is thrown away: the build writes those itself, with all disclosures.
Which process made a file changes nothing in it, so the output is the same bytes as a serial build.

Memory: a chunk's disclosures are laid out, written, then let go (their parts are read again from
the load cache if ever needed: ``pipeline.CachedDisclosure``), so a worker holds one chunk's models
at a time, not its whole share. A build of many disclosures in one process makes them in chunks too.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace

from jinja2 import TemplateError

from generator.incremental import pages_by_folder
from generator.render.environment import template_location
from generator.render.views import DisclosureView
from generator.steps import BuildError, Output, Step

# Forking costs a few tens of milliseconds a worker: below this many disclosures to make, one process.
MIN_DISCLOSURES = 8
# Disclosures a worker makes at a time (with, as context, the other disclosures of their departments)
CHUNK = 24

# the build and its chunks, as each forked worker inherits them: a task names its chunks by number (the
# views link one another, the whole site: pickling them for each task overflowed the stack at 10,000)
_JOB: tuple[Output, Sequence[Step], list[Chunk]] | None = None


def default_jobs() -> int:
    return max(1, min(4, len(os.sched_getaffinity(0))))


@dataclass(frozen=True)
class Chunk:
    make: list[str]  # the disclosures (view paths) this chunk makes: CHUNK at most
    views: list[DisclosureView]  # those and every other disclosure of their departments (their pages link them)


def chunks(output: Output) -> list[Chunk]:
    """The disclosures to be made, :data:`CHUNK` at a time in the order of the site's views, each
    chunk with the other disclosures of their departments (made by another chunk, or not made)."""
    fresh = output.fresh()
    found: list[Chunk] = []
    for start in range(0, len(fresh), CHUNK):
        mine = fresh[start : start + CHUNK]
        views: dict[str, DisclosureView] = {}
        for view in mine:
            for member in (view, *view.related):  # catalogue() ran over every view: its whole department
                views.setdefault(member.path, member)
        found.append(Chunk([view.path for view in mine], list(views.values())))
    return found


def _let_go(views: list[DisclosureView]) -> None:
    """Drop what a chunk's views laid out and read from the load cache (made again if ever asked)."""
    for view in views:
        view.parts = []
        release = getattr(view.disclosure, "release", None)
        if callable(release):
            release()


def _work(share: tuple[int, list[int]]) -> tuple[dict[str, list[str]], str]:
    """In a worker (or the build itself): the write steps for each chunk; the pages made, or an error."""
    number, numbers = share
    assert _JOB is not None
    output, steps, chunks_ = _JOB
    todo = [chunks_[n] for n in numbers]
    folder = output.staging / f".worker-{number}"
    made: dict[str, list[str]] = {}
    for chunk in todo:
        mine = set(chunk.make)
        sub = replace(
            output,
            views=chunk.views,
            staging=folder,
            pages=[],
            failed={},
            taken_over={**output.taken_over, **{v.path: [] for v in chunk.views if v.path not in mine}},
            made_elsewhere=set(),
            _seen=set(),
            _seen_upto=0,
        )
        try:
            for step in steps:
                step(sub)
        except BuildError as exc:
            return {}, str(exc)
        except TemplateError as exc:
            return {}, f"模板错误（{template_location(exc)}）：{exc}"
        by_folder = pages_by_folder(sub.pages)
        made.update({path: by_folder.get(path, []) for path in chunk.make})
        _let_go(chunk.views)
    return made, ""


def make_disclosures(output: Output, steps: Sequence[Step], jobs: int) -> None:
    """Make the fresh disclosures' folders in ``jobs`` processes; afterwards they count as taken over."""
    global _JOB
    fresh = output.fresh()
    if len(fresh) < MIN_DISCLOSURES:
        return
    todo = chunks(output)
    forking = jobs >= 2 and "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
    # (a fork copies one thread only: another's locks could stay held)
    numbers = list(range(len(todo)))
    shares = [(n, numbers[n::jobs]) for n in range(jobs)] if forking else [(0, numbers)]
    _JOB = (output, steps, todo)
    try:
        if forking:
            output.log(f"{len(fresh)} 个公开的网页和下载文件由 {jobs} 个进程同时生成……")
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                results = pool.map(_work, shares)
        else:
            results = [_work(shares[0])]
    finally:
        _JOB = None
    for (number, _todo), (pages, error) in zip(shares, results, strict=True):
        folder = output.staging / f".worker-{number}"
        if error:
            shutil.rmtree(folder, ignore_errors=True)
            raise BuildError(error)
        for path, made in pages.items():
            target = output.staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            (folder / path).rename(target)
            output.taken_over[path] = made
            output.made_elsewhere.add(path)
        shutil.rmtree(folder, ignore_errors=True)
