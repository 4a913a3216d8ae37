"""Every HTML page of the site, rendered from the views through Jinja (written by ``steps/pages.py``).

A page is a path inside the site and its HTML; links in it are relative to the page, so that
the site works from any folder and from ``file://``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jinja2 import Environment

from generator.model.document import Site
from generator.render.views import DisclosureView


@dataclass(frozen=True)
class Page:
    path: str  # "2025/langfang-sifaju/index.html"
    html: str


def scope_label(kind: str, scope: str) -> str:
    """“部门预算信息公开（完整）”, “部门决算信息公开（完整）” or “部分公开”."""
    return f"部门{kind}信息公开（完整）" if scope == "full" else "部分公开"


class PageRenderer:
    def __init__(self, env: Environment, site: Site) -> None:
        self.env = env
        self.site = site

    def page(self, path: str, template: str, searchable: bool = True, root: str | None = None, **context: Any) -> Page:
        """Render ``template`` for ``path``; links are relative to the page unless ``root`` is given."""
        context.setdefault("description", self.describe(context))
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
            return f"{d.department.name}{d.year}年{d.kind}公开：{what}。{self.site.title}发布，表格可下载 CSV、Excel 和开放数据。"
        return f"{self.site.title}：{title}。{self.site.owner}发布的部门预算、决算信息公开。"

    def toc(self, view: DisclosureView, *, pdf: bool) -> Page:
        """The disclosure's 目录 page; it links the PDF only when there is one to link to."""
        d = view.disclosure
        return self.page(
            f"{view.path}/index.html",
            "toc.html",
            view=view,
            page_title=d.title,
            scope_label=scope_label(d.kind, d.scope),
            pdf_href=f"{d.slug}.pdf" if pdf else None,
        )

    def disclosure(self, view: DisclosureView, *, pdf: bool) -> list[Page]:
        """The 目录 page, one page per item of the 目录, and the full document (what the PDF prints)."""
        d = view.disclosure
        pages = [self.toc(view, pdf=pdf)]
        items = view.pages
        for i, item in enumerate(items):
            pages.append(
                self.page(
                    f"{view.path}/{item.filename}",
                    "item.html",
                    view=view,
                    page=item,
                    prev=items[i - 1] if i else None,
                    next=items[i + 1] if i + 1 < len(items) else None,
                    page_title=f"{item.heading} - {d.title}",
                )
            )
        pages.append(
            self.page(
                f"{view.path}/full.html", "full.html", searchable=False, view=view, page_title=f"{d.title}（全文）"
            )
        )
        return pages

    def portal(self, views: list[DisclosureView]) -> Page:
        by_year: dict[int, list[dict[str, str]]] = {}
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
        departments: dict[str, dict[int, list[dict[str, str]]]] = {}
        for year, entries in ordered:
            for entry in entries:
                departments.setdefault(entry["department"], {}).setdefault(year, []).append(entry)
        by_department = [(name, [departments[name].get(y, []) for y in years]) for name in sorted(departments)]
        return self.page(
            "index.html",
            "portal.html",
            page_title="公开目录",
            years=years,
            by_year=ordered,
            by_department=by_department,
        )

    def site_pages(self) -> list[Page]:
        """Search, 无障碍说明 and 404."""
        # A server shows 404.html at whatever address was missing, so relative links would point
        # anywhere: with a base_url its links are absolute.
        base = (self.site.base_url.rstrip("/") + "/") if self.site.base_url else None
        return [
            self.page("search.html", "search.html", searchable=False, page_title="站内搜索"),
            self.page("accessibility.html", "accessibility.html", searchable=False, page_title="无障碍说明"),
            self.page("404.html", "404.html", searchable=False, page_title="页面不存在", root=base),
        ]
