"""A missing page at any depth gets the styled 404 page with working links, as a real server shows
it (its 404.html for every missing address), with and without ``base_url``, at the server's root and
in a folder of the server."""

from __future__ import annotations

import functools
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import expect

import generator.steps.search as search_step
from generator.build import build

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]


class NotFoundHandler(SimpleHTTPRequestHandler):
    """Serves the site under ``prefix`` and its 404.html, with status 404, for every missing address
    (what nginx's ``error_page 404 /404.html`` or a static host does)."""

    prefix = "/"

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "-outside-the-prefix-" / "missing")
        return super().translate_path("/" + path[len(self.prefix) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != HTTPStatus.NOT_FOUND or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(HTTPStatus.NOT_FOUND)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@contextmanager
def serve(site: Path, prefix: str = "/") -> Iterator[str]:
    """The built ``site`` at ``http://127.0.0.1:port{prefix}``; yields the server's origin."""
    handler = type("Handler", (NotFoundHandler,), {"prefix": prefix})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture(scope="module")
def site_with_base_url(tmp_path_factory) -> Path:
    content = tmp_path_factory.mktemp("base") / "content"
    shutil.copytree(ROOT / "tests" / "fixtures" / "minimal", content)
    (content / "site.yml").write_text(
        "title: 测试平台\nowner: 测试财政局\nbase_url: https://www.example.gov.cn/gk/\n", encoding="utf-8"
    )
    out = content.parent / "output"
    index_search = search_step.index_search
    search_step.index_search = lambda shard: None  # the 404 page needs no search index
    try:
        assert build(content, out, pdf=False, log=lambda *_: None)[0] == 0
    finally:
        search_step.index_search = index_search
    return out


def _check_404(open_page, origin: str, prefix: str, missing: str) -> None:
    record = open_page()
    page = record.page
    response = page.goto(origin + prefix + missing)
    assert response is not None and response.status == 404
    assert page.locator("h1").inner_text() == "页面不存在"
    # the links point into the site (at once from base_url; without it, once the page found its folder)
    expect(page.locator("main a", has_text="公开目录")).to_have_attribute("href", prefix + "index.html")
    # styled by the site's own stylesheet (the flex header and bold title are only there), red header
    expect(page.locator(".header-inner")).to_have_css("display", "flex")
    expect(page.locator(".site-title")).to_have_css("font-weight", "700")
    expect(page.locator(".site-header")).to_have_css("background-color", "rgb(155, 28, 28)")
    assert origin + prefix + "assets/site.css" in record.requests
    # every link of the page leads into the site
    hrefs = page.locator("a[href]:not([href^='#'])").evaluate_all("links => links.map(a => a.href)")
    for href in {h.split("#")[0] for h in hrefs}:
        assert href.startswith(origin + prefix), href
        assert page.request.get(href).status == 200, href
    # the 公开目录 link opens the portal
    page.locator("main a", has_text="公开目录").click()
    page.wait_for_load_state()
    assert page.url == origin + prefix + "index.html"
    assert page.locator("h2", has_text="公开目录").count() == 1
    assert not [p for p in record.problems if "404" not in p], record.problems


@pytest.mark.parametrize("missing", ["nothing.html", "2025/langfang-sifaju/nothing.html", "2025/a/b/c/nothing"])
def test_404_at_any_depth_without_base_url(built_site, open_page, missing: str) -> None:
    with serve(built_site) as origin:
        _check_404(open_page, origin, "/", missing)


def test_404_in_a_folder_of_the_server_without_base_url(built_site, open_page) -> None:
    """The site in /gk/ and no base_url: the page finds its folder and points its links there."""
    with serve(built_site, "/gk/") as origin:
        _check_404(open_page, origin, "/gk/", "2025/langfang-sifaju/deep/nothing.html")


@pytest.mark.parametrize("missing", ["nothing.html", "2025/ceshi-sifaju/x/y/nothing.html"])
def test_404_at_any_depth_with_base_url(site_with_base_url, open_page, missing: str) -> None:
    """base_url https://www.example.gov.cn/gk/: links start at /gk/, on whatever host serves the site."""
    html = (site_with_base_url / "404.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "<style>" not in html  # no fallback needed
    with serve(site_with_base_url, "/gk/") as origin:
        _check_404(open_page, origin, "/gk/", missing)
