"""The disclosures' own files made by several processes at once (both cores of a 2-core server).

A disclosure's folder (its pages, CSV, XLSX, JSON, data package) depends on the disclosure and on
what every process shares: the site, the list of all disclosures, the templates. So each worker
is a fork of the build after the content is loaded and the views are made, and runs the ordinary
write steps with every disclosure but its own share marked as already made (``Output.taken_over``).
It writes into a folder of its own inside the staging folder; the build then moves each finished
disclosure folder into place and takes its pages as made. What a worker writes for the whole site
(the portal, the sitemap) is thrown away: the build writes those itself, with all disclosures.
Which process made a file changes nothing in it, so the output is the same bytes as a serial build.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import threading
from collections.abc import Sequence
from dataclasses import replace

from jinja2 import TemplateError

from generator.incremental import pages_by_folder
from generator.render.environment import template_location
from generator.steps import BuildError, Output, Step

# Forking costs a few tens of milliseconds a worker: below this many disclosures to make, one process.
MIN_DISCLOSURES = 8

_JOB: tuple[Output, Sequence[Step]] | None = None  # the build, as each forked worker inherits it


def default_jobs() -> int:
    return max(1, min(4, len(os.sched_getaffinity(0))))


def _work(share: tuple[int, list[str]]) -> tuple[dict[str, list[str]], str]:
    """In a worker: the write steps for the views ``paths``; their pages, or an error message."""
    number, paths = share
    assert _JOB is not None
    output, steps = _JOB
    mine = set(paths)
    folder = output.staging / f".worker-{number}"
    sub = replace(
        output,
        staging=folder,
        pages=[],
        failed={},
        taken_over={**output.taken_over, **{v.path: [] for v in output.views if v.path not in mine}},
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
    return {path: by_folder.get(path, []) for path in paths}, ""


def make_disclosures(output: Output, steps: Sequence[Step], jobs: int) -> None:
    """Make the fresh disclosures' folders in ``jobs`` processes; afterwards they count as taken over."""
    global _JOB
    fresh = [view.path for view in output.fresh()]
    if jobs < 2 or len(fresh) < MIN_DISCLOSURES or "fork" not in multiprocessing.get_all_start_methods():
        return
    if threading.active_count() > 1:  # a fork copies one thread only: another's locks could stay held
        return
    shares = [(n, fresh[n::jobs]) for n in range(jobs)]
    output.log(f"{len(fresh)} 个公开的网页和下载文件由 {jobs} 个进程同时生成……")
    _JOB = (output, steps)
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            results = pool.map(_work, shares)
    finally:
        _JOB = None
    for (number, _paths), (pages, error) in zip(shares, results, strict=True):
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
        shutil.rmtree(folder)
