"""The built site's pages, read as files: footer, 目录, navigation, sitemap, personal data."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from generator.build import build

ROOT = Path(__file__).resolve().parents[1]
FULL_FOOTER = """\
title: 测试平台
owner: 某某市财政局
contact: 电话：0316-1234567
site_code: "1310000001"
icp: 冀ICP备12345678号
police_record: 冀公网安备 13100002000001号
base_url: https://example.gov.cn/yusuan/
"""


@pytest.fixture(scope="module")
def site(built_site: Path) -> Path:
    """The example site as the session built it (content/, no PDFs)."""
    return built_site


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_example_footer_carries_the_portal_fields_marked_as_examples(site):
    footer = read(site / "index.html").split("<footer", 1)[1]
    for field in ("主办单位：", "联系方式：电话：", "网站标识码：", "ICP备", "公网安备"):
        assert field in footer, field
    # placeholders say so, on the page and in content/site.yml
    assert footer.count("（示例") >= 5
    assert "正式发布前请换成本单位的真实信息" in read(ROOT / "content" / "site.yml")


def test_footer_omits_what_the_site_file_does_not_set(tmp_path, check_minimal):
    content = check_minimal()  # tests/fixtures/minimal: the footer does not depend on the disclosures
    (content / "site.yml").write_text("title: 测试平台\nowner: 某某市财政局\n", encoding="utf-8")
    assert build(content, tmp_path / "out", pdf=False, log=lambda *_: None)[0] == 0
    footer = read(tmp_path / "out" / "index.html").split("<footer", 1)[1]
    assert "主办单位：某某市财政局" in footer
    for absent in ("联系方式", "网站标识码", "ICP", "公网安备"):
        assert absent not in footer


def test_footer_carries_every_field_that_is_set(tmp_path, check_minimal):
    content = check_minimal()
    (content / "site.yml").write_text(FULL_FOOTER, encoding="utf-8")
    status, _ = build(content, tmp_path / "out", pdf=False, log=lambda *_: None)
    assert status == 0
    footer = read(tmp_path / "out" / "index.html").split("<footer", 1)[1]
    for text in (
        "主办单位：某某市财政局",
        "联系方式：电话：0316-1234567",
        "网站标识码：1310000001",
        "冀ICP备12345678号",
        "冀公网安备 13100002000001号",
    ):
        assert text in footer
    sitemap = read(tmp_path / "out" / "sitemap.xml")
    assert "<loc>https://example.gov.cn/yusuan/2025/ceshi-sifaju/02.html</loc>" in sitemap
    # a server shows 404.html at any missing address: its links start from base_url's path
    # (root-relative: they work at any depth, on the server's own scheme and host)
    not_found = read(tmp_path / "out" / "404.html")
    assert 'href="/yusuan/index.html"' in not_found
    assert 'href="/yusuan/assets/site.css"' in not_found
    assert "<script>" not in not_found  # the inline fallback is only for a site without base_url


def test_toc_page_mirrors_the_document_order(site):
    html = read(site / "2025" / "langfang-sifaju" / "index.html")
    order = [
        "部门预算收支总表",
        "部门预算收入总表",
        "部门预算支出总表",
        "部门预算财政拨款收支总表",
        "部门预算一般公共预算财政拨款支出表",
        "部门预算一般公共预算财政拨款基本支出表",
        "部门预算政府性基金预算财政拨款支出表",
        "部门预算国有资本经营预算财政拨款支出表",
        "部门预算财政拨款“三公”经费支出表",
        "一、部门职责及机构设置情况",
        "七、部门项目预算安排情况及绩效目标",
        "24、警察服装购置经费绩效目标表",
        "十一、其他需要说明的事项",
    ]
    positions = [html.index(f">{title}</a>") for title in order]
    assert positions == sorted(positions)
    assert 'href="02.html">部门预算收入总表</a>' in html
    assert 'href="data/langfang-sifaju.xlsx"' in html and 'href="data/langfang-sifaju.json"' in html


def test_item_pages_link_previous_next_and_back(site):
    folder = site / "2025" / "langfang-sifaju"
    pages = sorted(p.name for p in folder.glob("[0-9][0-9].html"))
    assert pages[0] == "01.html" and len(pages) == 20
    middle = read(folder / "02.html")
    assert 'rel="prev" href="01.html"' in middle and 'rel="next" href="03.html"' in middle
    assert 'href="index.html">返回目录' in middle
    assert 'rel="prev"' not in read(folder / "01.html")
    assert 'rel="next"' not in read(folder / pages[-1])


def test_sitemap_and_404(site):
    sitemap = read(site / "sitemap.xml")
    pages = {str(p.relative_to(site)) for p in site.rglob("*.html")} - {"404.html"}
    listed = set(re.findall(r"<loc>(.*?)</loc>", sitemap))
    assert listed == pages
    assert "页面不存在" in read(site / "404.html")


def test_personal_data_of_the_hubei_form_is_never_published(site):
    secrets = ("邹静宜", "18062918978")
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as archive:
                data = b"".join(archive.read(name) for name in archive.namelist())
        for secret in secrets:
            assert secret.encode("utf-8") not in data, f"{secret} in {path}"
    # but the form itself is published
    assert "部门整体绩效目标申报表" in read(site / "2026" / "yangxin-sifaju" / "01.html")


def test_each_table_starts_with_its_header_block(site):
    html = read(site / "2025" / "langfang-sifaju" / "02.html")
    assert (
        "<span>部门：廊坊市司法局</span><span>部门代码：375</span><span>预算年度：2025</span><span>单位：万元</span>"
        in html
    )
    assert "<caption" in html and 'scope="col"' in html and "headers=" in html


def test_portal_browses_by_department_and_year(site):
    html = read(site / "index.html")
    table = html[html.index('id="by-department"') :]
    rows = re.findall(r"<tr><th scope=\"row\">([^<]*)(?:<br>.*?)?</th>(.*?)</tr>", table)
    # in department-code order: 廊坊 prints its code 375; then the others, by name
    assert [name for name, _ in rows] == [
        "廊坊市司法局",
        *sorted(["临西县司法局", "兴隆县司法局", "平罗县司法局", "阳新县司法局", "上海市普陀区财政局"]),
    ]
    assert "部门代码：375" in table
    years = re.findall(r'<th scope="col">(\d{4}) 年</th>', table)
    assert years == ["2026", "2025", "2024", "2020"]
    langfang = dict(rows)["廊坊市司法局"]
    cells = re.findall(r"<td( [^>]*)?>(.*?)</td>", langfang)
    assert len(cells) == len(years)
    # each cell names its year (a phone shows it as a card's label) and an empty year says so
    assert cells[years.index("2025")][0] == ' data-label="2025 年"'
    assert 'href="2025/langfang-sifaju/index.html"' in cells[years.index("2025")][1]
    assert cells[years.index("2024")][0] == ' data-label="2024 年" class="empty"'
    assert "href=" not in cells[years.index("2024")][1]


def test_every_disclosure_states_date_source_and_scope(site):
    """发布日期, 信息来源 and labelled codes on the 目录 page; the transcription note never on a page."""
    yangxin = read(site / "2026" / "yangxin-sifaju" / "index.html")
    assert "<dt>发布日期</dt><dd>2025年10月20日</dd>" in yangxin
    assert "<dt>信息来源</dt><dd>阳新县司法局</dd>" in yangxin
    assert "发布日期：2025年10月20日" in read(site / "2026" / "yangxin-sifaju" / "01.html")
    langfang = read(site / "2025" / "langfang-sifaju" / "index.html")
    assert "<dt>部门代码</dt><dd>375</dd>" in langfang
    assert "<dt>发布日期</dt><dd>未注明</dd>" in langfang  # no date in the content: said, not invented
    # 部分公开 is explained where it appears, and only there
    assert "部分公开：本公开只发布了部门预算的一部分内容" in read(site / "2024" / "pingluo-sifaju" / "index.html")
    assert "部分公开：" not in langfang
    for path in site.rglob("*.html"):
        html = read(path)
        assert "seeds/" not in html and "文本提取" not in html, path


def test_a_section_of_many_project_tables_gets_a_page_per_table(site):
    folder = site / "2025" / "langfang-sifaju"
    index = read(folder / "16.html")
    links = re.findall(r'<li><a href="(16-\d\d\.html)">', index)
    assert links == [f"16-{k:02d}.html" for k in range(1, 25)]
    assert "<table" not in index  # an index, not a 25,000-pixel page
    first = read(folder / "16-01.html")
    assert '<h1 id="t26">1、机关专项运转经费绩效目标表</h1>' in first  # the id: where search hits lead
    assert '<a href="16.html">七、部门项目预算安排情况及绩效目标</a>' in first  # breadcrumb
    assert 'rel="prev" href="16.html"' in first and 'rel="next" href="16-02.html"' in first
    assert 'rel="prev" href="16-24.html"' in read(folder / "17.html")
    # the disclosure's 目录 links each table's own page; 兴隆's projects already had one each
    assert 'href="16-24.html"' in read(folder / "index.html")
    assert first.count("<table") == 2 and "81.39" in first
