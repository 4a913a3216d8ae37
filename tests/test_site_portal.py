"""The site as a citizen meets it, read from the built files: a 公开目录 per year, departments in code
order with links that say where they lead, 预算 beside 决算 of one department, open data linked and
described (schema.org Dataset), table cells tied to every header that describes them."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

import generator.steps.search as search_step
from generator.build import build

ROOT = Path(__file__).resolve().parents[1]
PAIR = ROOT / "tests" / "fixtures" / "pair"


def _build(content: Path, out: Path, monkeypatch: pytest.MonkeyPatch | None = None) -> Path:
    if monkeypatch is not None:  # the search index is not what these tests read
        monkeypatch.setattr(search_step, "index_search", lambda _target: None)
    status, _ = build(content, out, pdf=False, log=lambda *_: None)
    assert status == 0
    return out


@pytest.fixture(scope="module")
def site(built_site: Path) -> Path:
    """The example site as the session built it (content/, no PDFs)."""
    return built_site


@pytest.fixture(scope="module")
def pair(tmp_path_factory) -> Path:
    return _build(PAIR, tmp_path_factory.mktemp("pair") / "output")


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def links(html: str) -> list[tuple[str, str]]:
    """(href, text without tags) of every link in the page's <main>."""
    main = html[html.index("<main") : html.index("</main>")] if "<main" in html else html
    return [(h, re.sub(r"<[^>]+>", "", t)) for h, t in re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a>', main, re.S)]


def resolves(page: Path, href: str) -> bool:
    return (page.parent / href.split("#")[0]).resolve().is_file()


# ----- 公开目录 per year, department order, link texts ----------------------------------------------


def test_every_year_has_its_catalogue_page(site):
    portal = read(site / "index.html")
    disclosures = sorted(p.parent.relative_to(site).as_posix() for p in site.glob("[0-9]*/*/index.html"))
    years = sorted({d.split("/")[0] for d in disclosures}, reverse=True)
    assert years == ["2026", "2025", "2024", "2020"]
    portal_links = links(portal)
    for year in years:
        page = site / year / "index.html"
        html = read(page)
        assert f"<h1>{year}年公开目录</h1>" in html
        assert (f"{year}/index.html", f"{year}年公开目录") in portal_links  # linked from the portal
        listed = sorted(
            {h.rsplit("/", 1)[0] for h, _ in links(html) if h.endswith("/index.html") and h != "../index.html"}
        )
        assert [f"{year}/{Path(h).name}" for h in listed] == [d for d in disclosures if d.startswith(year + "/")]
        assert all(resolves(page, h) for h, _ in links(html)), year
        assert 'href="../index.html">公开目录</a>' in html  # the breadcrumb back to the portal
    assert re.search(r"<loc>2024/index.html</loc>", read(site / "sitemap.xml"))


def test_department_links_name_what_they_lead_to(site):
    portal = read(site / "index.html")
    table = portal[portal.index('id="by-department"') :]
    texts = {h: t for h, t in links(table)}
    assert texts["2025/langfang-sifaju/index.html"] == "2025年部门预算"
    assert texts["2024/putuo-caizhengju/index.html"] == "2024年部门决算"
    assert texts["2025/xinglong-sifaju/index.html"] == "2025年部门预算（部分公开）"
    assert "aria-label=" not in table.split("</table>")[0]  # the visible text is the whole name
    # the year pages say the same
    year = dict(links(read(site / "2024" / "index.html")))
    assert "2024年部门决算" in read(site / "2024" / "index.html")
    assert year["../2024/putuo-caizhengju/index.html"] == "上海市普陀区财政局2024年度部门决算"


def test_departments_are_listed_in_code_order_then_name(pair):
    portal = read(pair / "index.html")
    table = portal[portal.index('id="by-department"') :]
    rows = re.findall(r'<tr><th scope="row">([^<]*)', table)
    # code 45 before code 301 (by value, not as text), then the department without a code
    assert rows == ["乙乙县司法局", "某某县财政局", "甲甲县公安局"]
    year_2025 = read(pair / "2025" / "index.html")
    assert year_2025.index("乙乙县司法局") < year_2025.index("某某县财政局")
    catalogue_2025 = portal[portal.index('id="y2025"') : portal.index('id="y2024"')]
    assert catalogue_2025.index("乙乙县司法局") < catalogue_2025.index("某某县财政局")


# ----- 预算 beside 决算 --------------------------------------------------------------------------------


def test_a_departments_budget_and_final_accounts_link_each_other(pair):
    portal = read(pair / "index.html")
    found = re.search(r'<tr><th scope="row">某某县财政局.*?</tr>', portal)
    assert found, "the department's row is missing from the portal"
    row = found.group(0)
    # the department's row shows all three, newest first, 预算 before 决算 within a year, each named
    # for what it is
    assert [t for _, t in links("<main>" + row + "</main>")] == [
        "2025年部门预算（部分公开）",
        "2024年部门预算（部分公开）",
        "2024年部门决算（部分公开）",
    ]
    budget = pair / "2025" / "moumou-caizhengju" / "index.html"
    final = pair / "2024" / "moumou-caizhengju" / "index.html"
    # paired by name: the 决算 prints no department code
    assert "<dt>部门代码</dt><dd>301</dd>" in read(budget) and "部门代码" not in read(final)
    for page, others in (
        (
            budget,
            [
                ("../../2024/moumou-caizhengju-yusuan/index.html", "2024年部门预算（部分公开）"),
                ("../../2024/moumou-caizhengju/index.html", "2024年部门决算（部分公开）"),
            ],
        ),
        (
            final,
            [
                ("../../2025/moumou-caizhengju/index.html", "2025年部门预算（部分公开）"),
                ("../../2024/moumou-caizhengju-yusuan/index.html", "2024年部门预算（部分公开）"),
            ],
        ),
    ):
        html = read(page)
        found = re.search(r"同一部门：(.*?)</p>", html)
        assert found, page
        related = found.group(1)
        assert related == " / ".join(f'<a href="{href}">{text}</a>' for href, text in others)
        assert all(resolves(page, href) for href, _ in others)
    # a department with one disclosure names no other
    assert "同一部门" not in read(pair / "2025" / "yiyi-sifaju" / "index.html")
    year_2024 = read(pair / "2024" / "index.html")
    assert '同一部门：<a href="../2025/moumou-caizhengju/index.html">2025年部门预算（部分公开）</a>' in year_2024


# ----- open data ------------------------------------------------------------------------------------


def _jsonld(html: str) -> dict:
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(found) == 1
    return json.loads(found[0])


def test_open_data_is_linked_from_the_toc_page_and_the_portal(site):
    page = site / "2025" / "langfang-sifaju" / "index.html"
    html = read(page)
    section = html[html.index('<h2 id="open-data-h">开放数据</h2>') :].split("</section>")[0]
    hrefs = [h for h, _ in links("<main>" + section + "</main>")]
    assert hrefs == ["data/datapackage.json", "data/amounts.csv"]
    assert all(resolves(page, h) for h in hrefs)
    package = json.loads(read(page.parent / "data" / "datapackage.json"))
    assert package["resources"][0]["path"] == "amounts.csv"
    portal = read(site / "index.html")
    for href in (
        "2025/langfang-sifaju/data/datapackage.json",
        "2025/langfang-sifaju/data/amounts.csv",
        "datapackage.json",
    ):
        assert f'href="{href}"' in portal and (site / href).is_file()
    # 临西 publishes only its 项目绩效目标表: their amounts are its package
    linxi = read(site / "2020" / "linxi-sifaju" / "index.html")
    assert 'id="open-data-h"' in linxi and (site / "2020" / "linxi-sifaju" / "data" / "datapackage.json").is_file()
    assert "2020/linxi-sifaju/data/datapackage.json" in portal


def test_a_disclosure_without_amounts_links_no_open_data(tmp_path, monkeypatch):
    """A 情况说明 with no table has no amounts: no package, and no link to one that does not exist."""
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(ROOT / "tests" / "fixtures" / "minimal" / "site.yml", content / "site.yml")
    folder = content / "2025" / "wenzi"
    folder.mkdir(parents=True)
    (folder / "disclosure.yml").write_text(
        "title: 测试局2025年部门预算信息公开\nkind: 预算\nyear: 2025\nscope: partial\n"
        "department: {code: '901', name: 测试局}\n"
        "contents:\n  - part: 部门概况\n    items:\n      - section: 部门职责\n"
        "        body:\n          - text: 本部门主要职责是测试。\n",
        encoding="utf-8",
    )
    out = _build(content, tmp_path / "output", monkeypatch)
    page = read(out / "2025" / "wenzi" / "index.html")
    assert "本部门主要职责是测试" in read(out / "2025" / "wenzi" / "full.html")
    assert 'id="open-data-h"' not in page and not (out / "2025" / "wenzi" / "data" / "datapackage.json").exists()
    assert "2025/wenzi/data/datapackage.json" not in read(out / "index.html")


def test_toc_page_describes_the_disclosure_as_a_schema_org_dataset(site):
    page = site / "2024" / "putuo-caizhengju" / "index.html"
    data = _jsonld(read(page))
    assert data["@context"] == "https://schema.org" and data["@type"] == "Dataset"
    assert data["name"] == "上海市普陀区财政局2024年度部门决算"
    assert data["temporalCoverage"] == "2024"
    assert data["publisher"]["name"] == "上海市普陀区财政局"
    assert "上海市普陀区财政局" in data["description"]
    formats = {d["encodingFormat"] for d in data["distribution"]}
    assert {
        "text/csv",
        "application/json",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    } <= formats
    urls = [d["contentUrl"] for d in data["distribution"]]
    assert {"data/datapackage.json", "data/amounts.csv", "data/putuo-caizhengju.xlsx"} <= set(urls)
    assert all(resolves(page, u) for u in urls), [u for u in urls if not resolves(page, u)]
    # every table's CSV is a distribution
    assert len([u for u in urls if re.fullmatch(r"data/t\d+\.csv", u)]) == len(
        list((page.parent / "data").glob("t*.csv"))
    )


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.mark.parametrize(
    ("folder", "department", "year"),
    [("2025/langfang-sifaju", "廊坊市司法局", 2025), ("2024/putuo-caizhengju", "上海市普陀区财政局", 2024)],
)
def test_each_table_page_describes_its_table_as_a_schema_org_dataset(site, folder, department, year):
    disclosure = _jsonld(read(site / folder / "index.html"))
    table_pages = 0
    for page in sorted((site / folder).glob("[0-9]*.html")):
        html = read(page)
        found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        csv_link = re.search(r'<a href="(data/t\d+\.csv)" download>下载本表数据（CSV）</a>', html)
        if csv_link is None:  # a page of text: no table, no Dataset
            assert found == [], page
            continue
        table_pages += 1
        data = json.loads(found[0])
        assert data["@context"] == "https://schema.org" and data["@type"] == "Dataset"
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
        assert heading is not None
        # the table's title with its department and year (the page's number left out)
        prefix = f"{department}{year}年"
        assert data["name"].startswith(prefix) and heading.group(1).endswith(data["name"][len(prefix) :]), page
        assert data["temporalCoverage"] == str(year) and data["publisher"]["name"] == department
        meta = re.search(r'<meta name="description" content="([^"]*)"', html)
        assert meta is not None and data["description"] == meta.group(1)
        assert data["isPartOf"]["@type"] == "Dataset" and data["isPartOf"]["name"] == disclosure["name"]
        assert data["isPartOf"]["url"] == "index.html"
        downloads = {d["contentUrl"]: d["encodingFormat"] for d in data["distribution"]}
        slug = folder.split("/")[1]
        assert downloads[csv_link.group(1)] == "text/csv"
        assert downloads[f"data/{slug}.xlsx"] == XLSX
        assert downloads["data/datapackage.json"] == "application/json"
        assert all(resolves(page, u) for u in downloads), page
        # within the CSP: the only inline script is the JSON-LD, which is data; no inline code allowed
        scripts = re.findall(r"<script([^>]*)>", html)
        assert all('src="' in a or a == ' type="application/ld+json"' for a in scripts), page
        assert "unsafe-inline" not in html
    assert table_pages >= (9 if year == 2024 else 30)
    first = _jsonld(read(site / folder / ("01.html" if year == 2025 else "03.html")))
    assert (
        first["name"]
        == {2025: "廊坊市司法局2025年部门预算收支总表", 2024: "上海市普陀区财政局2024年收入支出决算总表"}[year]
    )


def test_dataset_urls_are_absolute_under_base_url(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests" / "fixtures" / "minimal", content)
    (content / "site.yml").write_text(
        "title: 测试平台\nowner: 测试财政局\nbase_url: https://www.example.gov.cn/gk/\n", encoding="utf-8"
    )
    out = _build(content, tmp_path / "output", monkeypatch)
    data = _jsonld(read(out / "2025" / "ceshi-sifaju" / "index.html"))
    assert data["url"] == "https://www.example.gov.cn/gk/2025/ceshi-sifaju/index.html"
    urls = [d["contentUrl"] for d in data["distribution"]]
    assert "https://www.example.gov.cn/gk/2025/ceshi-sifaju/data/amounts.csv" in urls
    assert all(u.startswith("https://www.example.gov.cn/gk/2025/ceshi-sifaju/") for u in urls)


def test_a_title_cannot_close_the_json_ld(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(PAIR, content)
    disclosure = content / "2025" / "yiyi-sifaju" / "disclosure.yml"
    text = read(disclosure).replace("title: 乙乙县司法局2025年部门预算情况说明", "title: '乙乙</script><b>x</b>'")
    disclosure.write_text(text, encoding="utf-8")
    out = _build(content, tmp_path / "output", monkeypatch)
    html = read(out / "2025" / "yiyi-sifaju" / "index.html")
    assert _jsonld(html)["name"] == "乙乙</script><b>x</b>"
    assert "<b>x</b>" not in html


# ----- table headers ---------------------------------------------------------------------------------


class _Tables(HTMLParser):
    """Each table's caption and its thead/tbody rows of cells (tag, attributes)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict] = []
        self.part = ""
        self.in_caption = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.tables.append({"caption": "", "thead": [], "tbody": []})
        elif tag in ("thead", "tbody"):
            self.part = tag
        elif tag == "caption":
            self.in_caption = True
        elif tag == "tr" and self.tables:
            self.tables[-1][self.part].append([])
        elif tag in ("th", "td") and self.tables:
            self.tables[-1][self.part][-1].append((tag, a))

    def handle_endtag(self, tag):
        if tag == "caption":
            self.in_caption = False

    def handle_data(self, data):
        if self.in_caption:
            self.tables[-1]["caption"] += data


def _placed(rows):
    """Each cell with the rows and columns it covers."""
    covered: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        c = 0
        for tag, a in row:
            while (r, c) in covered:
                c += 1
            rs, cs = int(a.get("rowspan", 1)), int(a.get("colspan", 1))
            yield tag, a, range(r, r + rs), range(c, c + cs)
            covered.update((r + i, c + j) for i in range(rs) for j in range(cs))
            c += cs


def test_cells_under_a_merged_row_header_name_it(site):
    parser = _Tables()
    parser.feed(read(site / "2025" / "langfang-sifaju" / "14.html"))
    table = next(t for t in parser.tables if t["caption"] == "部门整体支出绩效指标")
    head = [(a["id"], cols) for tag, a, _, cols in _placed(table["thead"]) if a.get("id")]
    body = list(_placed(table["tbody"]))
    row_headers = [(a["id"], rows, cols) for tag, a, rows, cols in body if tag == "th"]
    assert any(len(rows) > 1 for _, rows, _ in row_headers)  # 部门产出 spans rows: the case in point
    cells = [(a, rows, cols) for tag, a, rows, cols in body if tag == "td"]
    assert len(cells) > 50
    for a, rows, cols in cells:
        ids = a["headers"].split()
        assert len(ids) == len(set(ids)), a["headers"]
        wanted = [i for i, hc in head if hc[0] <= cols[0] < hc[-1] + 1]
        wanted += [i for i, hr, hc in row_headers if rows[0] in hr and hc[-1] < cols[0]]
        assert set(ids) == set(wanted), (a["headers"], wanted)
    # the 16th row of the 部门产出 group, for instance, names 部门产出 as the first row does
    first = next(i for i, hr, _ in row_headers if len(hr) == 16)
    assert sum(first in a["headers"].split() for a, _, _ in cells if a.get("data-label") == "三级指标") == 16
