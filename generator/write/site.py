"""Build the whole site into a temporary directory, then swap it in for ``output/``.

A failed build (bad content, a template error, a tool failing) leaves the previous
``output/`` exactly as it was and says why.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError, TemplateSyntaxError, select_autoescape

from generator.model.document import Site
from generator.pipeline import Content, load_content
from generator.render.views import DisclosureView, disclosure_view
from generator.write.exports import disclosure_json, table_csv, workbook
from generator.write.output_dir import (
    OutputRefused,
    check_target,
    make_readable,
    new_staging,
    output_lock,
    remove_stale,
    swap,
)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = PROJECT_ROOT / "site_templates"


class BuildError(Exception):
    pass


@dataclass
class BuildResult:
    pages: int = 0
    seconds: float = 0.0  # the whole build
    render_seconds: float = 0.0  # loading, checking and writing the pages (what grows with the site)
    pdf_seconds: float = 0.0
    views: list[DisclosureView] = field(default_factory=list)


def environment(templates: Path = TEMPLATES) -> Environment:
    return Environment(
        loader=FileSystemLoader(str(templates)),
        autoescape=select_autoescape(["html", "xml"]),
        undefined=StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
    )


class SiteWriter:
    def __init__(self, site: Site, target: Path, env: Environment) -> None:
        self.site = site
        self.target = target
        self.env = env
        self.pages: list[str] = []

    def page(self, path: str, template: str, searchable: bool = True, root: str | None = None, **context) -> None:
        """Render ``template`` to ``path``; links are relative to the page unless ``root`` is given."""
        html = self.env.get_template(template).render(
            site=self.site,
            root="../" * path.count("/") if root is None else root,
            searchable=searchable,
            body_class=None,
            description=None,
            **context,
        )
        self.write(path, html.encode("utf-8"))
        if path.endswith(".html"):
            self.pages.append(path)

    def write(self, path: str, data: bytes) -> None:
        out = self.target / path
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)


def scope_label(kind: str, scope: str) -> str:
    """“部门预算信息公开（完整）”, “部门决算信息公开（完整）” or “部分公开”."""
    return f"部门{kind}信息公开（完整）" if scope == "full" else "部分公开"


def render_site(content: Content, target: Path, env: Environment | None = None, *, pdf: bool = True) -> BuildResult:
    """Write every page and download; ``pdf`` says whether the archival PDFs will be there to link to."""
    assert content.site is not None
    env = env or environment()
    writer = SiteWriter(content.site, target, env)
    views = [disclosure_view(d) for d in content.disclosures]
    for view in views:
        _disclosure_pages(writer, view, pdf=pdf)
    _portal(writer, views)
    writer.page("search.html", "search.html", searchable=False, page_title="站内搜索")
    writer.page("accessibility.html", "accessibility.html", searchable=False, page_title="无障碍说明")
    # A server shows 404.html at whatever address was missing, so relative links would point
    # anywhere: with a base_url its links are absolute.
    base = (content.site.base_url.rstrip("/") + "/") if content.site.base_url else None
    writer.page("404.html", "404.html", searchable=False, page_title="页面不存在", root=base)
    shutil.copytree(env.loader.searchpath[0] + "/assets", target / "assets", dirs_exist_ok=True)  # type: ignore[union-attr]
    writer.write("sitemap.xml", _sitemap(content.site, writer.pages).encode("utf-8"))
    return BuildResult(pages=len(writer.pages), views=views)


def _disclosure_pages(writer: SiteWriter, view: DisclosureView, *, pdf: bool = True) -> None:
    d = view.disclosure
    base = view.path
    write_toc_page(writer, view, pdf=pdf)
    pages = view.pages
    for i, page in enumerate(pages):
        writer.page(
            f"{base}/{page.filename}",
            "item.html",
            view=view,
            page=page,
            prev=pages[i - 1] if i else None,
            next=pages[i + 1] if i + 1 < len(pages) else None,
            page_title=f"{page.heading} - {d.title}",
        )
    writer.page(
        f"{base}/full.html", "full.html", searchable=False, view=view, page_title=f"{d.title}（全文）", page_numbers={}
    )
    for table in view.tables:
        writer.write(f"{base}/{table.csv_href}", table_csv(table))
    if view.tables:  # a 情况说明 alone has no tables: no empty workbook
        writer.write(f"{base}/data/{d.slug}.xlsx", workbook(view))
    writer.write(f"{base}/data/{d.slug}.json", disclosure_json(d).encode("utf-8"))


def write_toc_page(writer: SiteWriter, view: DisclosureView, *, pdf: bool) -> None:
    """The disclosure's 目录 page; it links the PDF only when there is one to link to."""
    d = view.disclosure
    writer.page(
        f"{view.path}/index.html",
        "toc.html",
        view=view,
        page_title=d.title,
        scope_label=scope_label(d.kind, d.scope),
        pdf_href=f"{d.slug}.pdf" if pdf else None,
    )


def _portal(writer: SiteWriter, views: list[DisclosureView]) -> None:
    by_year: dict[int, list[dict]] = {}
    for view in views:
        d = view.disclosure
        by_year.setdefault(d.year, []).append(
            {
                "href": f"{view.path}/index.html",
                "title": d.title,
                "department": d.department.name,
                "kind_label": f"{d.kind} · {scope_label(d.kind, d.scope)}",
                "search_text": f"{d.title} {d.department.name} {d.department.region or ''} {d.year}",
            }
        )
    ordered = sorted(by_year.items(), key=lambda kv: -kv[0])
    years = [y for y, _ in ordered]
    # 按部门浏览: one row per department, one column per year, a link where a disclosure exists
    departments: dict[str, dict[int, list[dict]]] = {}
    for year, entries in ordered:
        for entry in entries:
            departments.setdefault(entry["department"], {}).setdefault(year, []).append(entry)
    by_department = [(name, [departments[name].get(y, []) for y in years]) for name in sorted(departments)]
    writer.page(
        "index.html", "portal.html", page_title="公开目录", years=years, by_year=ordered, by_department=by_department
    )


def _sitemap(site: Site, pages: list[str]) -> str:
    base = (site.base_url or "").rstrip("/") + "/" if site.base_url else ""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for page in sorted(pages):
        if page == "404.html":
            continue
        lines.append(f"  <url><loc>{escape(base + page)}</loc></url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def index_search(target: Path) -> None:
    """Chinese full-text search index (Pagefind's extended build segments CJK)."""
    result = subprocess.run(
        # --keep-index-url: results link to ".../index.html", which also works from file://
        [sys.executable, "-m", "pagefind", "--site", str(target), "--keep-index-url", "--silent"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BuildError(f"Pagefind 建立搜索索引失败：{result.stderr.strip() or result.stdout.strip()}")


def _template_location(exc: TemplateError) -> str:
    """``item.html:12``: where in the templates a rendering error happened."""
    if isinstance(exc, TemplateSyntaxError):
        return f"{exc.filename or exc.name}:{exc.lineno}"
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith((".html", ".xml"))]
    if not frames:
        return "模板"
    return f"{Path(frames[-1].filename).name}:{frames[-1].lineno}"


def build(
    content_dir: Path, output: Path, *, pdf: bool = True, log=print, content: Content | None = None
) -> tuple[int, BuildResult | None]:
    """Build ``content_dir`` into ``output``; returns the exit status and what was built."""
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
            return _build_locked(content, output, pdf=pdf, log=log, started=started)
    except OutputRefused as exc:
        log(f"拒绝生成：{exc}")
        return 2, None


def _build_locked(content: Content, output: Path, *, pdf: bool, log, started: float) -> tuple[int, BuildResult | None]:
    staging = new_staging(output)
    try:
        log(f"生成网页：{len(content.disclosures)} 个公开……")
        result = render_site(content, staging, pdf=pdf)
        result.render_seconds = time.perf_counter() - started
        log("建立搜索索引……")
        index_search(staging)
        status = 0
        if pdf:
            from generator.pdf.build import build_pdfs

            pdf_started = time.perf_counter()
            failed = build_pdfs(result.views, staging, previous=output, log=log, base_url=content.site.base_url)  # type: ignore[union-attr]
            result.pdf_seconds = time.perf_counter() - pdf_started
            if failed:
                status = 1
                # a 目录 page must not link a PDF that was not written
                writer = SiteWriter(content.site, staging, environment())  # type: ignore[arg-type]
                for view in result.views:
                    if view.path in failed:
                        write_toc_page(writer, view, pdf=False)
        make_readable(staging)
        swap(staging, output)
    except BuildError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        log(f"生成失败：{exc}；{output} 保持不变")
        return 1, None
    except TemplateError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        log(f"生成失败：模板错误（{_template_location(exc)}）：{exc}；{output} 保持不变")
        return 1, None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    result.seconds = time.perf_counter() - started
    rate = result.pages / result.render_seconds if result.render_seconds else 0.0
    pdf_note = f"，其中 PDF {result.pdf_seconds:.2f} 秒" if pdf else ""
    log(
        f"完成：{result.pages} 个页面写入 {output}，共用时 {result.seconds:.2f} 秒{pdf_note}；网页生成 {rate:.1f} 页/秒"
    )
    return status, result
