"""预算 beside 决算, as a citizen meets it: a 决算 table page of the fixture pair (某某县财政局 2024,
its 预算 and its 决算) shows each row's 年初预算 and 决算 as printed, with the 完成率 and the reason
when there is none; and a 决算 says 决算 everywhere (普陀区财政局's pages and PDF metadata)."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

import generator.steps.search as search_step
from generator.build import build
from generator.diagnostics import Reporter
from generator.layouts.registry import load_pairings, package_pairings, package_registry
from generator.model.money import Dash
from generator.pdf.jobs import job_for
from generator.pipeline import load_content
from generator.render.comparison import BUDGET_ZERO, completion_rate
from generator.render.views import disclosure_view

ROOT = Path(__file__).resolve().parents[1]
PAIR = ROOT / "tests" / "fixtures" / "pair"
FINAL = Path("2024") / "moumou-caizhengju"
BUDGET = Path("2024") / "moumou-caizhengju-yusuan"


def _build(content: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(search_step, "index_search", lambda _target: None)  # not what these tests read
    status, _ = build(content, out, pdf=False, log=lambda *_: None, jobs=1)
    assert status == 0
    return out


@pytest.fixture(scope="module")
def pair(tmp_path_factory) -> Path:
    with pytest.MonkeyPatch.context() as monkeypatch:
        return _build(PAIR, tmp_path_factory.mktemp("compare") / "output", monkeypatch)


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


class _Comparison(HTMLParser):
    """The comparison section of a page: its heading, its table's caption, header cells and rows.

    A row is {header: (text, attributes)} for its row header and a list of (text, attributes, href)
    for its cells; hrefs are those of the links inside a cell.
    """

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # inside <section class="comparison">, counting nested sections
        self.heading = ""
        self.caption = ""
        self.source_links: list[tuple[str, str]] = []
        self.headers: list[tuple[str, dict]] = []
        self.rows: list[list[tuple[str, dict, str]]] = []
        self.note = ""
        self._cell: list | None = None
        self._where = ""
        self._link: str | None = None
        self._link_text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section" and ("comparison" in (a.get("class") or "").split() or self.depth):
            self.depth += 1
        if not self.depth:
            return
        if tag in ("h2", "h3", "h4", "h5", "h6"):
            self._where = "heading"
        elif tag == "caption":
            self._where = "caption"
        elif tag == "p" and a.get("class") in ("comparison-source", "table-note"):
            self._where = a["class"]
        elif tag == "tr" and self._in_body:
            self.rows.append([])
        elif tag in ("th", "td"):
            self._cell = [tag, a, "", ""]
        elif tag == "a":
            self._link, self._link_text = a.get("href", ""), ""
            if self._cell is not None:
                self._cell[3] = self._link
        if tag == "tbody":
            self._in_body = True
        elif tag == "thead":
            self._in_body = False

    _in_body = False

    def handle_endtag(self, tag):
        if not self.depth:
            return
        if tag == "section":
            self.depth -= 1
        elif tag in ("h2", "h3", "h4", "h5", "h6", "caption", "p"):
            self._where = ""
        elif tag == "a" and self._link is not None:
            if self._where == "comparison-source":
                self.source_links.append((self._link, self._link_text))
            self._link = None
        elif tag in ("th", "td") and self._cell is not None:
            kind, attrs, text, href = self._cell
            if self._in_body:
                self.rows[-1].append((text, {"tag": kind, **attrs}, href))
            else:
                self.headers.append((text, attrs))
            self._cell = None

    def handle_data(self, data):
        if not self.depth:
            return
        if self._cell is not None and "sr-only" not in (self.get_starttag_text() or ""):
            self._cell[2] += data
        if self._link is not None:
            self._link_text += data
        if self._where == "heading":
            self.heading += data
        elif self._where == "caption":
            self.caption += data
        elif self._where == "table-note":
            self.note += data


def comparison(page: Path) -> _Comparison:
    parser = _Comparison()
    parser.feed(read(page))
    return parser


def row(parsed: _Comparison, name: str) -> dict[str, tuple[str, str]]:
    """A row of the comparison by its row header: column → (text, link) of each cell, by the column's
    name as the row's cells name it (data-label, e.g. “合计 · 年初预算（万元）”)."""
    found = [r for r in parsed.rows if any(a["tag"] == "th" and t == name for t, a, _ in r)]
    assert len(found) == 1, name
    return {a["data-label"]: (t, h) for t, a, h in found[0] if a["tag"] == "td"}


# ----- the 一般公共预算财政拨款支出决算表 beside its 年初预算 ------------------------------------------


def test_a_final_table_page_shows_each_row_beside_its_budget_with_the_completion_rate(pair):
    page = pair / FINAL / "02.html"
    parsed = comparison(page)
    assert parsed.heading == "与年初预算对比"
    assert parsed.caption == "一般公共预算财政拨款支出：决算与年初预算对比"
    # where the 年初预算 comes from: the same department's 预算 of the same year, its table linked
    href, text = parsed.source_links[0]
    assert text == "2024年部门预算（部分公开）：二、部门预算一般公共预算财政拨款支出表"
    assert href == "../../2024/moumou-caizhengju-yusuan/02.html#t2"
    # 行政运行 (2010601): both figures as printed, the 完成率 = 779.50 ÷ 760.00 = 102.57%
    cells = row(parsed, "行政运行")
    assert cells["合计 · 年初预算（万元）"] == ("760.00", href)
    assert cells["合计 · 决算（万元）"] == ("779.50", "#t2")
    assert cells["合计 · 完成率"][0] == "102.57%"
    assert cells["基本支出 · 完成率"][0] == "101.49%"  # 771.30 ÷ 760.00
    # the 合计 row: 1218.65 ÷ 1200.00, 971.25 ÷ 960.00, 247.40 ÷ 240.00
    total = row(parsed, "合计")
    assert [total[f"{c} · {x}"][0] for c in ("合计", "基本支出", "项目支出") for x in ("年初预算（万元）", "决算（万元）", "完成率")] == [
        "1200.00", "1218.65", "101.55%", "960.00", "971.25", "101.17%", "240.00", "247.40", "103.08%",
    ]  # fmt: skip
    # the 决算 figures are those of the table above on the same page, the 预算's those of its page
    html = read(page)
    assert '<h1 id="t2">二、一般公共预算财政拨款支出决算表</h1>' in html
    budget_page = read(pair / BUDGET / "02.html")
    assert 'id="t2"' in budget_page and ">760.00<" in budget_page and ">1200.00<" in budget_page


def test_the_comparison_is_an_accessible_table(pair):
    parsed = comparison(pair / FINAL / "02.html")
    scopes = [a.get("scope") for _, a in parsed.headers]
    assert scopes[:2] == ["col", "col"] and scopes.count("colgroup") == 3  # 合计 / 基本支出 / 项目支出
    assert [t for t, _ in parsed.headers[-9:-6]] == ["年初预算（万元）", "决算（万元）", "完成率"]
    header_ids = {a["id"] for _, a in parsed.headers}
    for cells in parsed.rows:
        heads = [a for _, a, _ in cells if a["tag"] == "th"]
        assert len(heads) == 1 and heads[0]["scope"] == "row"
        for text, a, _ in cells[2:]:  # after the 科目编码 and the 科目名称 (the row header)
            # every cell names its column headers and its row
            assert set(a["headers"].split()) & header_ids and heads[0]["id"] in a["headers"].split()
            if re.fullmatch(r"[0-9.]+%?", text):
                assert "num" in a["class"].split()  # figures right-aligned (site.css td.num)
    assert "完成率 = 决算数 ÷ 年初预算数 × 100%" in parsed.note


# ----- edges: a 科目 in one table only, a blank or zero 年初预算 -----------------------------------------


def test_a_subject_in_only_one_of_the_two_is_listed_with_a_note(pair):
    parsed = comparison(pair / FINAL / "02.html")
    codes = [t for r in parsed.rows for t, a, _ in r[:1] if a["tag"] == "td"]
    # every 科目 of either table, in code order, and the 合计 last as the 决算 prints it
    assert codes == [
        "201", "20106", "2010601", "2010602", "2010607", "2010699", "208", "20805", "2080505", "221", "22102",
        "2210201", "",
    ]  # fmt: skip
    budget_only = row(parsed, "信息化建设")  # 2010607: in the 预算 only
    assert budget_only["合计 · 年初预算（万元）"][0] == "40.00"
    assert budget_only["合计 · 决算（万元）"][0] == "" and budget_only["合计 · 完成率"][0] == ""
    assert budget_only["说明"][0] == "决算未列此项"
    final_only = row(parsed, "其他财政事务支出")  # 2010699: in the 决算 only
    assert final_only["项目支出 · 决算（万元）"][0] == "41.00"
    assert final_only["项目支出 · 年初预算（万元）"][0] == "" and final_only["项目支出 · 完成率"][0] == ""
    assert final_only["说明"][0] == "年初预算未列此项"
    # 行政运行's 项目支出: a 决算 of 8.20 against a blank 年初预算 (blank is not zero): no rate, a note
    cells = row(parsed, "行政运行")
    assert cells["项目支出 · 年初预算（万元）"][0] == "" and cells["项目支出 · 决算（万元）"][0] == "8.20"
    assert cells["项目支出 · 完成率"][0] == ""
    assert cells["说明"][0] == "项目支出：年初预算空白，不计算完成率"
    # both blank (一般行政管理事务's 基本支出): nothing to compare, nothing said
    assert row(parsed, "一般行政管理事务")["说明"][0] == ""


def test_three_public_rows_pair_by_their_declared_names_and_a_zero_budget_gives_no_rate(pair):
    parsed = comparison(pair / FINAL / "03.html")
    assert parsed.caption == "财政拨款“三公”经费支出：决算与年初预算对比"
    # the 决算's 合计 is the 预算's 小计; its 公务用车运行费 the 预算's 公务用车运行维护费
    total = row(parsed, "合计")
    assert (total["财政拨款 · 年初预算（万元）"][0], total["财政拨款 · 决算（万元）"][0]) == ("12.00", "10.56")
    assert total["财政拨款 · 完成率"][0] == "88.00%"
    running = row(parsed, "公务用车运行费")
    assert [running[f"财政拨款 · {x}"][0] for x in ("年初预算（万元）", "决算（万元）", "完成率")] == [
        "8.00",
        "6.96",
        "87.00%",
    ]
    # 因公出国（境）费: a 年初预算 of 0.00 printed, 0.80 spent: no division by zero, the reason said
    abroad = row(parsed, "因公出国（境）费")
    assert abroad["财政拨款 · 年初预算（万元）"][0] == "0.00" and abroad["财政拨款 · 决算（万元）"][0] == "0.80"
    assert abroad["财政拨款 · 完成率"][0] == "" and abroad["说明"][0] == BUDGET_ZERO


def test_completion_rate_is_exact_and_half_up():
    assert completion_rate(Decimal("779.50"), Decimal("760.00"), "万元", "万元").rate == Decimal("102.57")
    # 1 ÷ 8 = 12.5 %, and 0.000125 → 0.01 % rounds half up (a float would give 0.0125 * 100 = 1.2499…)
    assert completion_rate(Decimal("1"), Decimal("8"), "万元", "万元").rate_text == "12.50%"
    assert completion_rate(Decimal("0.0001"), Decimal("0.8"), "万元", "万元").rate_text == "0.01%"
    # units differ: 12,345.00 元 of a 10.00 万元 budget
    assert completion_rate(Decimal("12345.00"), Decimal("10.00"), "元", "万元").rate_text == "12.35%"
    for budget in (None, Dash("—")):
        blank = completion_rate(Decimal("5"), budget, "万元", "万元")
        assert blank.rate is None and blank.note == "年初预算空白，不计算完成率"
    assert completion_rate(Decimal("5"), Decimal("0.00"), "万元", "万元").note == BUDGET_ZERO
    assert completion_rate(None, Decimal("5"), "万元", "万元").note == "决算数空白，不计算完成率"
    assert completion_rate(None, None, "万元", "万元").note == ""


# ----- where it is not shown --------------------------------------------------------------------------


def test_no_comparison_on_the_budget_nor_in_the_archival_full_text(pair):
    for page in (pair / BUDGET).glob("*.html"):
        assert 'class="comparison"' not in read(page), page
    # the full text (what the PDF prints) is the document as published
    assert 'class="comparison"' not in read(pair / FINAL / "full.html")
    assert 'class="comparison"' not in read(pair / FINAL / "01.html")  # a section, no table paired


def test_without_the_budget_of_its_year_a_final_table_shows_no_comparison(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(PAIR, content)
    shutil.rmtree(content / BUDGET)  # the 2025 预算 is another year's: not compared
    out = _build(content, tmp_path / "output", monkeypatch)
    assert "与年初预算对比" not in read(out / FINAL / "02.html")
    assert ">779.50<" in read(out / FINAL / "02.html")


def test_a_changed_budget_remakes_the_final_pages_beside_it(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(PAIR, content)
    out = _build(content, tmp_path / "output", monkeypatch)
    assert row(comparison(out / FINAL / "02.html"), "一般行政管理事务")["合计 · 完成率"][0] == "99.10%"
    budget = content / BUDGET / "disclosure.yml"
    text = read(budget)
    for old, new in (
        ("合计: 200.00, 项目支出: 200.00", "合计: 220.00, 项目支出: 220.00"),
        ("合计: 40.00, 项目支出: 40.00", "合计: 20.00, 项目支出: 20.00"),
    ):
        assert old in text
        text = text.replace(old, new)
    budget.write_text(text, encoding="utf-8")
    out = _build(content, out, monkeypatch)  # the 决算's own files did not change
    cells = row(comparison(out / FINAL / "02.html"), "一般行政管理事务")
    assert (cells["合计 · 年初预算（万元）"][0], cells["合计 · 完成率"][0]) == ("220.00", "90.09%")


# ----- the declarations --------------------------------------------------------------------------------


def test_the_shipped_pairings_name_real_kinds_rows_and_columns():
    pairings = package_pairings()
    kinds = package_registry().kinds
    assert {(p.final, p.budget) for p in pairings} >= {
        ("final_general_expenditure", "general_expenditure"),
        ("final_three_public", "three_public"),
    }
    for p in pairings:
        assert "决算" in kinds[p.final].required_in and "决算" not in kinds[p.budget].required_in
        assert p.columns and (p.by_code or p.rows)


def test_a_wrong_pairing_is_reported_where_it_is_written(tmp_path):
    path = tmp_path / "pairings.yml"
    path.write_text(
        "- final: final_general_expenditure\n"
        "  budget: general_expenditure\n"
        "  caption: 一般公共预算财政拨款支出\n"
        "  rows: codes\n"
        "  columns:\n"
        "    - {final: 合计, budget: 总计}\n"
        "- final: final_three_public\n"
        "  budget: no_such_kind\n"
        "  caption: 三公\n"
        "  rows: [{final: 合计, budget: 小计}]\n"
        "  columns: [{final: 决算数, budget: 合计}]\n",
        encoding="utf-8",
    )
    reporter = Reporter()
    assert load_pairings(package_registry(), reporter, path) == ()
    messages = [d.format() for d in reporter.items]
    assert len(messages) == 2
    assert re.search(r"pairings\.yml:6:\d+: error GK012: .*“总计”不是表式“general_expenditure”的列", messages[0])
    assert re.search(r"pairings\.yml:8:\d+: error GK012: .*没有名为“no_such_kind”的表式", messages[1])


# ----- 决算 wording: 普陀区财政局's 2024 决算 ----------------------------------------------------------------


@pytest.fixture(scope="module")
def putuo(tmp_path_factory) -> Path:
    content = tmp_path_factory.mktemp("putuo") / "content"
    content.mkdir()
    shutil.copy(ROOT / "content" / "site.yml", content / "site.yml")
    shutil.copytree(ROOT / "content" / "2024" / "putuo-caizhengju", content / "2024" / "putuo-caizhengju")
    with pytest.MonkeyPatch.context() as monkeypatch:
        return _build(content, content.parent / "output", monkeypatch)


def test_a_final_accounts_pages_say_final_accounts(putuo):
    folder = putuo / "2024" / "putuo-caizhengju"
    toc = read(folder / "index.html")
    assert "<title>上海市普陀区财政局2024年度部门决算 - " in toc
    assert "<dt>决算年度</dt><dd>2024</dd>" in toc
    assert "<dt>公开范围</dt><dd>部门决算信息公开（完整）</dd>" in toc
    assert '<meta name="description" content="上海市普陀区财政局2024年决算公开：' in toc
    assert '"部门决算"' in toc  # the JSON-LD keywords
    table = read(folder / "07.html")
    assert "<span>决算年度：2024</span>" in table and "2024年决算公开：五、一般公共预算财政拨款支出决算表" in table
    full = read(folder / "full.html")
    assert '<p class="cover-year">决算年度：2024</p>' in full
    # no page's own wording says 预算 for this 决算: outside the published text and tables, and the
    # site's own title (this site.yml calls the platform 部门预算信息公开平台)
    found = re.search(r"^title: (.*)$", read(ROOT / "content" / "site.yml"), re.M)
    assert found, "site.yml has no title"
    site_title = found.group(1).strip()
    pages = sorted(folder.glob("*.html"))
    assert len(pages) > 10
    for page in pages:
        chrome = re.sub(r'<div class="prose">.*?</div>|<table.*?</table>', "", read(page), flags=re.S)
        chrome = chrome.replace(site_title, "")
        assert "部门预算" not in chrome and "预算年度" not in chrome, page


def test_a_final_accounts_pdf_metadata_say_final_accounts(putuo, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    content = load_content(putuo.parent / "content")
    view = disclosure_view(content.disclosures[0])
    job = job_for(view, putuo)
    assert job.info.title == "上海市普陀区财政局2024年度部门决算"
    assert job.info.subject == "上海市普陀区财政局2024年部门决算信息公开"
    assert job.info.keywords.split(", ")[:2] == ["部门决算", "决算公开"]
    # a 决算 is published after its year: without a date in the content, 1 January of the next year
    assert content.disclosures[0].published is None
    assert job.info.date.isoformat() == "2025-01-01T00:00:00+00:00"
    assert job.cover == ("发布日期：未注明", "信息来源：上海市普陀区财政局")


def test_the_comparison_downloads_as_csv(pair):
    page = pair / FINAL / "02.html"
    assert '<a href="data/t2-compare.csv" download>下载对比数据（CSV）</a>' in read(page)
    data = (page.parent / "data" / "t2-compare.csv").read_bytes()
    assert data.startswith("\ufeff".encode())  # Excel opens it with the Chinese intact
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert lines[0] == ["一般公共预算财政拨款支出：决算与年初预算对比"]
    assert lines[1] == ["年初预算出自：2024年部门预算（部分公开）：二、部门预算一般公共预算财政拨款支出表"]
    assert lines[3][2:5] == ["年初预算（万元）", "决算（万元）", "完成率"]
    by_code = {line[0]: line for line in lines[4:-1]}
    assert by_code["2010601"][:5] == ["2010601", "行政运行", "760.00", "779.50", "102.57%"]
    assert by_code["2010601"][-1] == "项目支出：年初预算空白，不计算完成率"
    assert by_code["2010607"][-1] == "决算未列此项"
    assert lines[-1][0].startswith("完成率 = 决算数 ÷ 年初预算数")
    # no comparison, no file
    assert not (pair / BUDGET / "data" / "t2-compare.csv").exists()
    # and the table page's schema.org Dataset offers it beside the table's own CSV
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', read(page), re.S)
    downloads = {d["contentUrl"]: d for d in json.loads(found[0])["distribution"]}
    assert downloads["data/t2-compare.csv"]["encodingFormat"] == "text/csv"
    assert downloads["data/t2-compare.csv"]["name"] == "一般公共预算财政拨款支出：决算与年初预算对比（CSV）"
    assert "data/t2.csv" in downloads


def test_the_comparison_is_in_the_disclosures_json(pair):
    """The JSON download holds the comparisons the 决算's pages show, figures as printed, 完成率 in percent."""
    data = json.loads(read(pair / FINAL / "data" / "moumou-caizhengju.json"))
    general, three_public = data["comparisons"]
    assert general["caption"] == "一般公共预算财政拨款支出：决算与年初预算对比"
    assert general["table"] == {
        "kind": "final_general_expenditure",
        "heading": "二、一般公共预算财政拨款支出决算表",
        "unit": "万元",
    }
    assert general["budget"]["disclosure"] == "2024/moumou-caizhengju-yusuan"
    assert general["budget"]["heading"] == "二、部门预算一般公共预算财政拨款支出表"
    assert general["columns"] == ["合计", "基本支出", "项目支出"]
    rows = {(r["code"], r["name"]): r for r in general["rows"]}
    running = rows[("2010601", "行政运行")]["figures"]
    assert running[0] == {
        "column": "合计",
        "budget": "760.00",
        "final": "779.50",
        "completion_rate": "102.57",
        "note": "",
    }
    assert running[2]["budget"] is None and running[2]["completion_rate"] is None  # blank, not zero
    assert running[2]["note"] == "年初预算空白，不计算完成率"
    assert rows[("2010607", "信息化建设")]["note"] == "决算未列此项"
    abroad = next(r for r in three_public["rows"] if r["name"] == "因公出国（境）费")["figures"][0]
    assert (abroad["budget"], abroad["final"], abroad["completion_rate"]) == ("0.00", "0.80", None)
    assert abroad["note"] == BUDGET_ZERO
    # the same rows and figures as the comparison's CSV
    lines = list(csv.reader(io.StringIO(read(pair / FINAL / "data" / "t2-compare.csv").lstrip("\ufeff"))))
    csv_rows = [line[:2] + line[2:11] for line in lines[4:-1]]
    json_rows = [
        [r["code"], r["name"]]
        + [
            x
            for f in r["figures"]
            for x in (f["budget"] or "", f["final"] or "", f"{f['completion_rate']}%" if f["completion_rate"] else "")
        ]
        for r in general["rows"]
    ]
    assert json_rows == csv_rows
    # a 预算 has none
    assert "comparisons" not in json.loads(read(pair / BUDGET / "data" / "moumou-caizhengju-yusuan.json"))
