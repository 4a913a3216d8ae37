"""base_url is an http(s) address or an error; sitemap.xml is escaped; PDF links never point into the build."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pypdf import PdfReader

import generator.steps.search as search_step
from generator.build import build
from generator.cli import main

SITE = "title: 测试平台\nowner: 测试财政局\nbase_url: {url}\n"


def _site(root: Path, url: str) -> Path:
    (root / "site.yml").write_text(SITE.format(url=url), encoding="utf-8")
    return root


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(document.domain)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://example.gov.cn/",
        "//example.gov.cn/",
        "example.gov.cn",
        "https://",
        '"https://exa mple.gov.cn/"',
        "'https://example.gov.cn/\"><script>'",
        "http://[::1",
    ],
)
def test_only_http_addresses_are_accepted(check_minimal, capsys, url: str) -> None:
    root = _site(check_minimal(), url)
    assert main(["check", str(root)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("content/site.yml:3:11: error GK006: “base_url”"), out
    assert "http:// 或 https://" in out[0]


@pytest.mark.parametrize(
    "url", ["https://www.example.gov.cn/yusuan/", "http://127.0.0.1:8000", "HTTPS://EXAMPLE.GOV.CN"]
)
def test_http_addresses_pass(check_minimal, capsys, url: str) -> None:
    assert main(["check", str(_site(check_minimal(), url))]) == 0


def test_sitemap_is_escaped_xml(check_minimal, tmp_path: Path, monkeypatch) -> None:
    root = _site(check_minimal(), "'https://example.gov.cn/gk?site=1&lang=zh'")
    monkeypatch.setattr(search_step, "index_search", lambda _target: None)
    assert build(root, tmp_path / "output", pdf=False, log=lambda *_: None)[0] == 0
    text = (tmp_path / "output" / "sitemap.xml").read_text(encoding="utf-8")
    assert "&amp;lang=zh" in text
    locs = [e.text for e in ET.fromstring(text).iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "https://example.gov.cn/gk?site=1&lang=zh/index.html" in locs


RELATIVE = """\
          - text: |
              机关运行经费共计安排1.00万元。见[收入总表](02.html)、[目录](index.html#top)、[本页一节](#part1)和[外站](https://www.gov.cn/)。"""


def _pdf_links(pdf: Path) -> list[str]:
    uris = []
    for page in PdfReader(pdf).pages:
        for annot in page.get("/Annots", []) or []:
            action = annot.get_object().get("/A")
            if action is not None and "/URI" in action:
                uris.append(str(action["/URI"]))
    return uris


@pytest.mark.pdf
@pytest.mark.parametrize("base_url", [None, "https://www.example.gov.cn/gk/"])
def test_pdf_links_point_to_the_published_site(check_minimal, tmp_path: Path, base_url: str | None) -> None:
    root = check_minimal({"disclosure.yml": [("          - text: 机关运行经费共计安排1.00万元。", RELATIVE)]})
    if base_url:
        _site(root, base_url)
    code, _ = build(root, tmp_path / "output", pdf=True, log=lambda *_: None)
    assert code == 0
    pdf = tmp_path / "output" / "2025" / "ceshi-sifaju" / "ceshi-sifaju.pdf"
    uris = _pdf_links(pdf)
    assert not [u for u in uris if u.startswith("file:") or "output.tmp" in u or str(tmp_path) in u], uris
    assert "https://www.gov.cn/" in uris
    if base_url:
        assert f"{base_url}2025/ceshi-sifaju/02.html" in uris
        assert f"{base_url}2025/ceshi-sifaju/index.html#top" in uris
    else:
        assert uris == ["https://www.gov.cn/"]
    assert b"output.tmp" not in pdf.read_bytes()
