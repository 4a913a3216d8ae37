"""``sitemap.xml``: every page but 404 (the year pages included), absolute when the site has a ``base_url``.

Pages only: the sitemap protocol lists a site's pages for crawling, and the data files are found
from them (each 目录 page links them and describes them as a schema.org ``Dataset``)."""

from __future__ import annotations

from xml.sax.saxutils import escape

from generator.model.document import Site
from generator.steps import Output


def sitemap(site: Site, pages: list[str]) -> str:
    base = (site.base_url or "").rstrip("/") + "/" if site.base_url else ""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for page in sorted(pages):
        if page == "404.html":
            continue
        lines.append(f"  <url><loc>{escape(base + page)}</loc></url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def run(output: Output) -> None:
    output.write("sitemap.xml", sitemap(output.site, output.pages).encode("utf-8"))
