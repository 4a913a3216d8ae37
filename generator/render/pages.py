"""Every HTML page of the site, rendered from the views through Jinja (written by ``steps/pages.py``).

A page is a path inside the site and its HTML; links in it are relative to the page, so that
the site works from any folder and from ``file://``.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment
from markupsafe import Markup

from generator.layouts.registry import disclosure_kind
from generator.model.document import Site
from generator.render.environment import grid_tables
from generator.render.json_text import pretty_json
from generator.render.views import Catalogue, DisclosureView, ItemPage, catalogue, scope_label


@dataclass(frozen=True)
class Page:
    path: str  # "2025/langfang-sifaju/index.html"
    html: str


class PageRenderer:
    def __init__(self, env: Environment, site: Site) -> None:
        self.env = env
        self.site = site
        self.grids = grid_tables(env)

    def page(self, path: str, template: str, searchable: bool = True, root: str | None = None, **context: Any) -> Page:
        """Render ``template`` for ``path``; links are relative to the page unless ``root`` is given."""
        context.setdefault("description", self.describe(context))
        context.setdefault("script_hashes", [])
        context.setdefault("style_hashes", [])
        html = self.env.get_template(template).render(
            site=self.site,
            root="../" * path.count("/") if root is None else root,
            searchable=searchable,
            body_class=None,
            **context,
        )
        return Page(path, html)

    def describe(self, context: dict[str, Any]) -> str:
        """The page's ``<meta name="description">`` and Open Graph description: what it shows, whose, which year."""
        view = context.get("view")
        title = str(context.get("page_title", ""))
        if isinstance(view, DisclosureView):
            d = view.disclosure
            what = context["page"].heading if context.get("page") is not None else d.title
            # what the page offers, and no more (a disclosure without amounts has no open data)
            downloads = "，表格可下载 CSV、Excel 和开放数据" if view.open_data else "，表格可下载 CSV 和 Excel"
            return f"{d.department.name}{d.year}年{d.kind}公开：{what}。{self.site.title}发布{downloads if view.has_tables else ''}。"
        return f"{self.site.title}：{title}。{self.site.owner}发布的部门预算、决算信息公开。"

    def toc(self, view: DisclosureView, *, pdf: bool) -> Page:
        """The disclosure's 目录 page; it links the PDF only when there is one to link to."""
        d = view.disclosure
        pdf_href = f"{d.slug}.pdf" if pdf else None
        description = self.describe({"view": view, "page_title": d.title})
        return self.page(
            f"{view.path}/index.html",
            "toc.html",
            view=view,
            page_title=d.title,
            description=description,
            scope_label=scope_label(d.kind, d.scope),
            pdf_href=pdf_href,
            dataset=self.dataset(view, description, pdf_href=pdf_href),
        )

    def url(self, path: str, page: str) -> str:
        """The address of ``path`` (from the site root) as written on the page at ``page``:
        absolute under ``base_url`` when the site has one, else relative to the page's folder."""
        if self.site.base_url:
            return self.site.base_url.rstrip("/") + "/" + path
        folder = page.rsplit("/", 1)[0] + "/" if "/" in page else ""
        if path.startswith(folder):
            return path[len(folder) :]
        return "../" * page.count("/") + path

    def dataset(self, view: DisclosureView, description: str, *, pdf_href: str | None) -> Markup:
        """The disclosure's schema.org ``Dataset`` as JSON-LD (data for search engines, not a script:
        the page's CSP does not apply to it)."""
        d = view.disclosure
        page = f"{view.path}/index.html"
        files: list[tuple[str, str, str]] = []  # (file, format, what it holds)
        if view.open_data:
            files.append(("data/datapackage.json", JSON, "Fiscal Data Package 描述文件"))
            files.append(("data/amounts.csv", CSV, "金额数据（每行一个公开金额）"))
        if view.tables:
            files.append((f"data/{d.slug}.xlsx", XLSX, "全部表格（Excel 工作簿）"))
        files.append((f"data/{d.slug}.json", JSON, "全部数据（JSON）"))
        files += [(t.csv_href, CSV, f"{t.heading}（CSV）") for t in view.tables]
        if pdf_href:
            files.append((pdf_href, "application/pdf", "全文存档 PDF"))
        data = self._dataset(view, page, d.title, description, files)
        if self.site.base_url:
            data["url"] = self.url(page, page)
        return jsonld(data)

    def table_dataset(self, view: DisclosureView, item: ItemPage, description: str) -> Markup | None:
        """A table page's schema.org ``Dataset``: the table (or the tables a section's page shows) of
        this department and year, part of the disclosure's ``Dataset``, downloadable as its CSV, the
        disclosure's workbook and its data package. ``None`` for a page without a table."""
        d = view.disclosure
        page = f"{view.path}/{item.filename}"
        shown = [t for t in item.block.tables() if t is item.block or not t.page_href]
        if not shown:
            return None
        files: list[tuple[str, str, str]] = []
        for t in shown:
            files.append((t.csv_href, CSV, f"{t.heading}（CSV）"))
            if t.comparison is not None:
                files.append((t.comparison.csv_href, CSV, f"{t.comparison.caption}（CSV）"))
        files.append((f"data/{d.slug}.xlsx", XLSX, "全部表格（Excel 工作簿）"))
        if view.open_data:
            files.append(("data/datapackage.json", JSON, "Fiscal Data Package 描述文件"))
        table = item.block.table
        title = table.toc_title if table is not None else item.title  # without its number (“一、”)
        data = self._dataset(view, page, f"{d.department.name}{d.year}年{title}", description, files)
        if self.site.base_url:
            data["url"] = self.url(page, page)
        data["isPartOf"] = {
            "@type": "Dataset",
            "name": d.title,
            "url": self.url(f"{view.path}/index.html", page),
        }
        return jsonld(data)

    def _dataset(
        self, view: DisclosureView, page: str, name: str, description: str, files: list[tuple[str, str, str]]
    ) -> dict[str, Any]:
        """What a disclosure's and a table's ``Dataset`` share; ``files`` are (file in the disclosure's
        folder, format, what it holds)."""
        d = view.disclosure
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "Dataset",
            "name": name,
            "description": description,
            "inLanguage": "zh-CN",
            "temporalCoverage": str(d.year),
            "isAccessibleForFree": True,
            "keywords": [disclosure_kind(d.kind).wording, "预决算公开", d.department.name],
            "publisher": {"@type": "GovernmentOrganization", "name": d.department.name},
            "distribution": [
                {
                    "@type": "DataDownload",
                    "name": what,
                    "encodingFormat": fmt,
                    "contentUrl": self.url(f"{view.path}/{file}", page),
                }
                for file, fmt, what in files
            ],
        }
        if d.published:
            data["datePublished"] = d.published.isoformat()
        return data

    def disclosure(self, view: DisclosureView, *, pdf: bool) -> list[Page]:
        """The 目录 page, one page per item of the 目录, and the full document (what the PDF prints)."""
        self.grids.memo = {}
        try:
            return self._disclosure(view, pdf=pdf)
        finally:
            self.grids.memo = None

    def _disclosure(self, view: DisclosureView, *, pdf: bool) -> list[Page]:
        d = view.disclosure
        pages = [self.toc(view, pdf=pdf)]
        items = view.pages
        for i, item in enumerate(items):
            description = self.describe({"view": view, "page": item})
            pages.append(
                self.page(
                    f"{view.path}/{item.filename}",
                    "item.html",
                    view=view,
                    page=item,
                    prev=items[i - 1] if i else None,
                    next=items[i + 1] if i + 1 < len(items) else None,
                    page_title=f"{item.heading} - {d.title}",
                    description=description,
                    dataset=self.table_dataset(view, item, description),
                )
            )
        pages.append(
            self.page(
                f"{view.path}/full.html", "full.html", searchable=False, view=view, page_title=f"{d.title}（全文）"
            )
        )
        return pages

    def portal(self, views: list[DisclosureView], site: Catalogue | None = None) -> Page:
        """The 公开目录: each year's disclosures (linking the year's own page) and a table of departments
        by year, both in department-code order; every link names what it leads to."""
        site = site or catalogue(views)
        return self.page(
            "index.html",
            "portal.html",
            page_title="公开目录",
            catalogue=site,
            site_data=any(v.open_data for v in views),
        )

    def years(self, views: list[DisclosureView], site: Catalogue | None = None) -> list[Page]:
        """A 公开目录 page per year (``2025/index.html``): that year's departments and their disclosures."""
        site = site or catalogue(views)
        return [
            self.page(
                f"{year}/index.html",
                "year.html",
                searchable=False,  # a list of titles, as the portal: search leads to the disclosures
                page_title=f"{year}年公开目录",
                year=year,
                entries=site.in_year(year),
            )
            for year in site.years
        ]

    def site_pages(self) -> list[Page]:
        """Search, 无障碍说明 and 404."""
        return [
            self.page("search.html", "search.html", searchable=False, page_title="站内搜索"),
            self.page("accessibility.html", "accessibility.html", searchable=False, page_title="无障碍说明"),
            self.not_found(),
        ]

    def not_found(self) -> Page:
        """404.html, which a server shows at whatever address was missing, at any depth: its links and
        stylesheet are root-relative, from ``base_url``'s path when the site has one. Without one the
        site's folder on the server is unknown: the links assume the server's root, and a small inline
        script (allowed by its hash in the page's CSP) looks for the folder holding ``assets/site.css``
        from the missing address upwards and points the links there; a small inline style keeps the
        page readable meanwhile."""
        if self.site.base_url:
            root = urlsplit(self.site.base_url).path or "/"
            root = root if root.endswith("/") else root + "/"
            return self.page("404.html", "404.html", searchable=False, page_title="页面不存在", root=root)
        return self.page(
            "404.html",
            "404.html",
            searchable=False,
            page_title="页面不存在",
            root="/",
            fallback_script=Markup(NOT_FOUND_SCRIPT),
            fallback_style=Markup(NOT_FOUND_STYLE),
            script_hashes=[csp_hash(NOT_FOUND_SCRIPT)],
            style_hashes=[csp_hash(NOT_FOUND_STYLE)],
        )


CSV = "text/csv"
JSON = "application/json"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def jsonld(data: dict[str, Any]) -> Markup:
    """JSON-LD for a ``<script type="application/ld+json">``: its ``<``, ``>`` and ``&`` are escaped so
    that no text (a title holding ``</script>``) closes the element."""
    text = pretty_json(data)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def csp_hash(text: str) -> str:
    """The CSP source that allows exactly this inline script or style."""
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


# The 404 page without base_url: find the site's folder (deepest first, so that another site at the
# server's root is not taken for this one) and point the root-relative links and stylesheet there.
NOT_FOUND_SCRIPT = """
(function () {
  var dirs = location.pathname.split("/").slice(0, -1), tries = [];
  for (var i = dirs.length; i >= 1; i--) tries.push(dirs.slice(0, i).join("/") + "/");
  function use(root) {
    if (root === "/") return;
    document.querySelectorAll("a[href^='/'], link[href^='/']").forEach(function (el) {
      el.setAttribute("href", root + el.getAttribute("href").slice(1));
    });
  }
  function next(k) {
    if (k >= tries.length) return;
    fetch(tries[k] + "assets/site.css", { method: "HEAD" }).then(function (r) {
      if (r.ok && (r.headers.get("content-type") || "").indexOf("css") !== -1) use(tries[k]); else next(k + 1);
    }, function () { next(k + 1); });
  }
  next(0);
})();
"""

# Readable before (or without) the site's stylesheet; site.css, linked after it, decides.
NOT_FOUND_STYLE = """
body { margin: 0; font-family: sans-serif; line-height: 1.7; }
.wrap { max-width: 72rem; margin: 0 auto; padding: 0 1rem; }
.site-header { background: #9b1c1c; color: #fff; }
.site-header a { color: #fff; }
.skip-link { position: absolute; left: -999px; }
.skip-link:focus { left: 0; }
"""
