"""The build, in one place: load → validate → settle → views → the output steps → swap.

``gongkai build`` runs :func:`build`. The content is loaded, checked and its left-out sums are
settled (``generator.pipeline``); every disclosure gets its page plan (``render/views.py``); then
the steps of :data:`STEPS` write the site into a staging folder, one output each (``generator/steps``);
the staging folder replaces ``output/`` in one atomic swap (``write/output_dir.py``). A failed build
(bad content, a template error, a tool failing) leaves the previous ``output/`` exactly as it was
and says why.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache, TemplateError

from generator import incremental, parallel
from generator.pipeline import Content, cache_dir, load_content
from generator.render.comparison import attach
from generator.render.environment import TEMPLATES, environment, template_location
from generator.render.pages import PageRenderer
from generator.render.views import DisclosureView, PartView, catalogue, disclosure_view
from generator.steps import (
    BuildError,
    Output,
    Step,
    assets,
    datapackage,
    disclosure_json,
    pages,
    search,
    sitemap,
    tables_csv,
    workbook,
)
from generator.steps import pdf as archival_pdf
from generator.write.output_dir import (
    OutputRefused,
    check_target,
    make_readable,
    new_staging,
    output_lock,
    remove_stale,
    swap,
)

# The files of the site, in order; each step may use what the steps before it wrote (the sitemap
# lists the pages). Adding an output is one module in generator/steps and one line here.
WRITE_STEPS: list[Step] = [
    pages.run,
    tables_csv.run,
    workbook.run,
    disclosure_json.run,
    datapackage.run,
    assets.run,
    sitemap.run,
]
# Then what needs the whole site: the search index reads every page, the PDFs print the full pages.
STEPS: list[Step] = [*WRITE_STEPS, search.run, archival_pdf.run]

Log = Callable[[str], None]


@dataclass
class BuildResult:
    pages: int = 0
    seconds: float = 0.0  # the whole build
    render_seconds: float = 0.0  # loading, checking and writing the site's files (what grows with the site)
    pdf_seconds: float = 0.0
    views: list[DisclosureView] = field(default_factory=list)


class DeferredView(DisclosureView):
    """The view of a disclosure whose folder is taken over: its parts (every table laid out, the
    Markdown rendered: most of a view's cost) are made only if a step asks for them (the PDF step
    does, for its outline), and so is a 决算's comparison with its 预算 (which lays out both); the portal
    and the other site pages need only the disclosure."""

    _made: list[PartView] | None = None
    _compared: bool = False  # whether the catalogue gave it the disclosure its tables are shown beside

    @property
    def parts(self) -> list[PartView]:
        if self._made is None:
            self._made = disclosure_view(self.disclosure).parts
            if self._compared:
                attach(self, self.compared_with)
        return self._made

    @parts.setter
    def parts(self, value: list[PartView]) -> None:
        self._made = value or None

    def compare_with(self, budget: DisclosureView | None) -> None:
        """The comparisons (laying out both disclosures' tables) are made with the parts, if ever."""
        self.compared_with, self._compared = budget, True
        if self._made is not None:
            attach(self, budget)


def prepare(
    content: Content,
    staging: Path,
    *,
    pdf: bool,
    log: Log = print,
    previous: Path | None = None,
    templates: Path = TEMPLATES,
    env: Environment | None = None,
) -> Output:
    """The views of every disclosure and what the steps write with."""
    assert content.site is not None
    renderer = PageRenderer(env or environment(templates), content.site)
    output = Output(content.site, [], staging, previous, renderer, templates, pdf, log)
    site = incremental.site_digest(content.root, templates, content.disclosures, pdf=pdf)
    # a view's parts are laid out only when a step asks for them: a taken-over folder's never are
    views: list[DisclosureView] = [
        DeferredView(disclosure=d, path=f"{d.year}/{d.slug}", parts=[]) for d in content.disclosures
    ]
    catalogue(views)  # which 预算 a 决算 is shown beside: its pages depend on that 预算 too
    for view in views:
        shown = [view.compared_with.disclosure] if view.compared_with else []
        key = output.keys[view.path] = incremental.disclosure_key(site, view.disclosure, shown, content.folders)
        pages = incremental.take_over(previous, staging, view.path, key)
        if pages is not None:
            output.taken_over[view.path] = pages
        output.views.append(view)
    if output.taken_over:
        log(f"沿用上次生成的结果：{len(output.taken_over)} 个公开未改动")
    return output


def record_keys(output: Output) -> None:
    """Each disclosure folder made in full gets its key; one whose PDF failed gets none (made again next time)."""
    by_folder = incremental.pages_by_folder(output.pages)
    for view in output.views:
        if view.path in output.failed:
            (output.staging / view.path / incremental.KEY_FILE).unlink(missing_ok=True)
        elif view.path not in output.taken_over or view.path in output.made_elsewhere:
            incremental.store(output.staging, view.path, output.keys[view.path], by_folder.get(view.path, []))


def render_site(
    content: Content, target: Path, *, pdf: bool = True, templates: Path = TEMPLATES, env: Environment | None = None
) -> BuildResult:
    """Write the site's files (pages, downloads, assets, sitemap; no search index, no PDF) into ``target``.

    ``env``: a Jinja environment to reuse (its compiled templates) across many renderings."""
    output = prepare(content, target, pdf=pdf, templates=templates, env=env)
    for step in WRITE_STEPS:
        step(output)
    return BuildResult(pages=len(output.pages), views=output.views)


def build(
    content_dir: Path,
    output: Path,
    *,
    pdf: bool = True,
    log: Log = print,
    content: Content | None = None,
    templates: Path = TEMPLATES,
    jobs: int | None = None,
    record: tuple[str, incremental.Checked] | None = None,
) -> tuple[int, BuildResult | None]:
    """Build ``content_dir`` into ``output``; returns the exit status and what was built.

    ``jobs``: processes making the disclosures' files (default: the CPUs available, at most 4).
    ``record``: the digest of the inputs (taken before they were loaded) and what their check
    printed, recorded beside the output so that the next build of the same inputs is skipped."""
    started = time.perf_counter()
    content = content or load_content(content_dir)
    if not content.ok:
        return 1, None
    try:
        output = check_target(output, content_dir)
        output.parent.mkdir(parents=True, exist_ok=True)
        with output_lock(output, log):
            check_target(output, content_dir)  # again: another build may have written it meanwhile
            remove_stale(output)
            return _build_locked(
                content,
                output,
                pdf=pdf,
                log=log,
                started=started,
                templates=templates,
                jobs=parallel.default_jobs() if jobs is None else jobs,
                record=record,
            )
    except OutputRefused as exc:
        log(f"拒绝生成：{exc}")
        return 2, None


def _templates_cache(target: Path) -> Path:
    folder = cache_dir(target) / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _discard(staging: Path, output: Output | None) -> None:
    """A failed build's staging folder, once the search indexing it started (if any) has stopped."""
    if output is not None:
        search.abandon(output)
    shutil.rmtree(staging, ignore_errors=True)


def _build_locked(
    content: Content,
    target: Path,
    *,
    pdf: bool,
    log: Log,
    started: float,
    templates: Path,
    jobs: int,
    record: tuple[str, incremental.Checked] | None,
) -> tuple[int, BuildResult | None]:
    staging = new_staging(target)
    output: Output | None = None
    try:
        log(f"生成网页：{len(content.disclosures)} 个公开……")
        env = environment(templates)
        # the compiled templates, kept with the load cache: a rebuild does not compile them again
        env.bytecode_cache = FileSystemBytecodeCache(str(_templates_cache(target)))
        output = prepare(content, staging, pdf=pdf, log=log, previous=target, templates=templates, env=env)
        parallel.make_disclosures(output, WRITE_STEPS, jobs)
        result = BuildResult(views=output.views)
        for step in STEPS:
            step_started = time.perf_counter()
            step(output)
            if step is pages.run:  # the search index needs the pages alone: made while the other files are written
                search.start(output)
            if step is WRITE_STEPS[-1]:
                result.render_seconds = time.perf_counter() - started
            if step is archival_pdf.run:
                result.pdf_seconds = time.perf_counter() - step_started
        result.pages = len(output.pages)
        record_keys(output)
        make_readable(staging, done=[path for path in output.taken_over if path not in output.made_elsewhere])
        old = swap(staging, target, keep_old=True)
    except BuildError as exc:
        _discard(staging, output)
        log(f"生成失败：{exc}；{target} 保持不变")
        return 1, None
    except TemplateError as exc:
        _discard(staging, output)
        log(f"生成失败：模板错误（{template_location(exc)}）：{exc}；{target} 保持不变")
        return 1, None
    except BaseException:
        _discard(staging, output)
        raise
    # the previous tree (marked: a killed build's is removed by the next) is removed while the new
    # one's stamp is taken: both mostly wait on the file system
    remover = threading.Thread(target=shutil.rmtree, args=(old,), kwargs={"ignore_errors": True}) if old else None
    if remover is not None:
        remover.start()
    try:
        if record is not None and not output.failed:  # still under the output's lock
            incremental.record_build(target, *record, result.pages)
    finally:
        if remover is not None:
            remover.join()
    result.seconds = time.perf_counter() - started
    rate = result.pages / result.render_seconds if result.render_seconds else 0.0
    pdf_note = f"，其中 PDF {result.pdf_seconds:.2f} 秒" if pdf else ""
    log(
        f"完成：{result.pages} 个页面写入 {target}，共用时 {result.seconds:.2f} 秒{pdf_note}；网页生成 {rate:.1f} 页/秒"
    )
    return (1 if output.failed else 0), result
