"""Forms printed as the forms they are (issue 13): a 项目绩效目标表's header is a form with several
label/value pairs a row, as the source documents print it (河北: 项目编码 | … | 项目名称 | …; 宁夏:
主管部门及代码 | … | 实施单位 | …), declared per kind in generator/layouts/kinds/forms.yml (`rows`,
`arrange`), checked with located errors, and the same on the web page, in the CSV/XLSX and in the
PDF read back with pdftotext. On a phone the pairs stack: no value cut or covered."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest

from generator.cli import main

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "content" / "sources"
PROVINCE = ROOT / "tests" / "fixtures" / "province"
LINE = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning) (?P<code>GK\d{3}): (?P<msg>.+)$"
)


class _FormRows(HTMLParser):
    """The rows of each form printed in columns (table.form-columns): per row its cells as
    (tag, text, attributes)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[tuple[str, str, dict[str, str]]]]] = []
        self._in = False
        self._cell: list | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "table" and "form-columns" in a.get("class", "").split():
            self._in = True
            self.tables.append([])
        elif self._in and tag == "tr":
            self.tables[-1].append([])
        elif self._in and tag in ("th", "td"):
            self._cell = [tag, "", a]

    def handle_endtag(self, tag):
        if tag == "table" and self._in:
            self._in = False
        elif tag in ("th", "td") and self._cell is not None:
            self._cell[1] = self._cell[1].strip()
            self.tables[-1][-1].append(tuple(self._cell))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[1] += data


def form_rows(page: Path) -> list[list[tuple[str, str, dict[str, str]]]]:
    parser = _FormRows()
    parser.feed(page.read_text(encoding="utf-8"))
    assert parser.tables, f"{page.name}: no form printed in columns"
    return parser.tables[0]


def texts(row) -> list[str]:
    """A printed row's label and value texts (an empty value's screen-reader 无数据 left out)."""
    return [text.replace("无数据", "") for _, text, _ in row]


def source_lines(name: str) -> list[list[str]]:
    """A source's lines as their tab-separated cells, empty cells dropped, spaces inside removed."""
    out = []
    for line in (SOURCES / name).read_text(encoding="utf-8").splitlines():
        cells = ["".join(c.split()) for c in line.split("\t")]
        out.append([c for c in cells if c])
    return out


def project_pages(site: Path, slug: str) -> list[Path]:
    """A disclosure's item pages holding a form printed in columns (its project tables)."""
    pages = []
    for page in sorted((site / slug).glob("*.html")):
        if "grid layout-form form-columns" in page.read_text(encoding="utf-8") and page.name not in (
            "full.html",
            "index.html",
        ):
            pages.append(page)
    return pages


# ----- the web page --------------------------------------------------------------------------


def test_langfang_project_prints_code_and_name_in_one_row_as_its_source(built_site):
    pages = project_pages(built_site, "2025/langfang-sifaju")
    assert len(pages) == 24  # every 廊坊 project, one page each
    source = source_lines("2025-langfang-sifaju.txt")
    for page in pages:
        rows = form_rows(page)
        first = texts(rows[0])
        assert [first[0], first[2]] == ["项目编码", "项目名称"], (page.name, first)
        assert [tag for tag, _, _ in rows[0]] == ["th", "td", "th", "td"]
        # the source prints this very row: 项目编码 <code> 项目名称 <name> on one line
        code = first[1]
        assert any(line[:3] == ["项目编码", code, "项目名称"] for line in source), (page.name, code)
        # the budget's three figures on one row, each beside its label, under the group's label
        budget = next(texts(r) for r in rows if texts(r)[0] == "预算规模（万元）")
        assert budget[1::2] == ["预算数", "财政资金", "其他资金"], budget
        # the spending plan's months side by side over their percentages
        i = next(i for i, r in enumerate(rows) if texts(r)[0] == "资金支出计划（%）")
        assert texts(rows[i])[1:] == ["3月底", "6月底", "10月底", "12月底"]
        assert rows[i][0][2].get("rowspan") == "2"
        assert len(rows[i + 1]) == 4 and all(tag == "td" for tag, _, _ in rows[i + 1])
    # one form's figures exactly as printed in the source (廊坊 p.19, 机关专项运转经费)
    rows = form_rows(next(p for p in pages if "13100025P00010510004B" in p.read_text(encoding="utf-8")))
    assert texts(rows[0]) == ["项目编码", "13100025P00010510004B", "项目名称", "机关专项运转经费"]
    assert texts(rows[1]) == ["预算规模（万元）", "预算数", "81.39", "财政资金", "81.39", "其他资金", ""]
    plan = next(i for i, r in enumerate(rows) if texts(r)[0] == "资金支出计划（%）")
    assert texts(rows[plan + 1]) == ["25%", "60%", "90%", ""]
    # every row spans the form's width (the values widen), so no row is ragged
    widths = {_width(rows, r) for r in range(len(rows))}
    assert widths == {7}, widths


def _width(rows, r: int) -> int:
    """The columns row r spans, counting cells merged down into it from rows above."""
    own = sum(int(a.get("colspan", "1")) for _, _, a in rows[r])
    above = sum(
        int(a.get("colspan", "1")) for q in range(r) for _, _, a in rows[q] if q + int(a.get("rowspan", "1")) > r
    )
    return own + above


def test_pingluo_project_prints_two_pairs_a_row_as_its_source(built_site):
    pages = project_pages(built_site, "2024/pingluo-sifaju")
    assert len(pages) == 6
    source = source_lines("2024-pingluo-sifaju.txt")
    for page in pages:
        rows = form_rows(page)
        labels = [[text for tag, text, _ in row if tag == "th"] for row in rows]
        assert labels[:3] == [["项目名称"], ["主管部门及代码", "实施单位"], ["项目属性", "项目期"]], page.name
        for row in rows[1:3]:  # the same row, labels and values, is a line of the source
            printed = ["".join(t.split()) for t in texts(row)]
            # labels and the second value as printed (平罗's first 项目属性 reads "0101——年期项目"
            # in the source, corrected in content/CORRECTIONS.md)
            assert any(line[0::2] == printed[0::2] and line[3] == printed[3] for line in source if len(line) == 4), (
                printed
            )
        # 项目资金（万元） spans its three figures, one label and value a row
        funds = next(i for i, r in enumerate(rows) if texts(r)[0] == "项目资金（万元）")
        assert rows[funds][0][2].get("rowspan") == "3"
        assert [texts(r)[-2] for r in rows[funds : funds + 3]] == ["年度资金总额", "财政拨款", "其他资金"]


def test_each_value_is_described_by_its_own_labels(built_site):
    """Screen readers: a value's headers= name its label (and its field's), not every label of the row."""
    page = project_pages(built_site, "2024/pingluo-sifaju")[0]
    text = page.read_text(encoding="utf-8")
    implementer = re.search(r'<th id="([^"]+)"[^>]*>实施单位</th><td headers="([^"]+)"', text)
    assert implementer and implementer[2] == implementer[1]
    total = re.search(
        r'<th id="([^"]+)"[^>]*>项目资金（万元）</th><th id="([^"]+)"[^>]*>年度资金总额</th><td headers="([^"]+)"', text
    )
    assert total and total[3] == f"{total[1]} {total[2]}"


def test_csv_and_xlsx_follow_the_printed_rows_and_keep_every_field(built_site):
    data = built_site / "2025/langfang-sifaju/data"
    page = next(
        p
        for p in project_pages(built_site, "2025/langfang-sifaju")
        if "13100025P00010510004B" in p.read_text(encoding="utf-8")
    )
    csv_name = re.search(r'href="(data/t\d+\.csv)"', page.read_text(encoding="utf-8"))
    assert csv_name
    rows = list(
        csv.reader(io.StringIO((built_site / "2025/langfang-sifaju" / csv_name[1]).read_text(encoding="utf-8-sig")))
    )
    assert ["项目编码", "13100025P00010510004B", "", "项目名称", "机关专项运转经费", "", ""] in rows
    assert ["预算规模（万元）", "预算数", "81.39", "财政资金", "81.39", "其他资金", ""] in rows
    plan = rows.index(["资金支出计划（%）", "3月底", "6月底", "10月底", "", "12月底", ""])
    assert rows[plan + 1] == ["", "25%", "60%", "90%", "", "", ""]  # each under its month
    assert any(r[:1] == ["绩效目标"] and "各项司法业务工作正常开展" in r[1] for r in rows)
    workbook = openpyxl.load_workbook(data / "langfang-sifaju.xlsx")
    found = [
        [c.value for c in row[:5]]
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        if row[0].value == "项目编码" and len(row) > 4 and row[1].value == "13100025P00010510004B"
    ]
    assert found == [["项目编码", "13100025P00010510004B", None, "项目名称", "机关专项运转经费"]], found


# ----- the declaration, checked --------------------------------------------------------------

BAD_ROWS = """\
project_rows:
  title: 项目表
  structure: form
  sections:
    - fields:
        - {key: code, label: 项目编码}
        - {key: name, label: 项目名称}
        - {key: funds, label: 项目资金, type: money, parts: [合计, 其他], arrange: above}
        - {key: goal, label: 目标}
        - {key: note, label: 备注, arrange: across}
      rows:
        - [code, name]
        - [funds, goal]
        - [name, budget]
"""


def test_a_bad_rows_declaration_gives_located_gk012(tmp_path, capsys):
    root = tmp_path / "content"
    shutil.copytree(PROVINCE, root)
    (root / "layouts" / "rows.yml").write_text(BAD_ROWS, encoding="utf-8")
    code = main(["check", str(root)])
    lines = capsys.readouterr().out.splitlines()
    assert code == 1 and not any("Traceback" in line for line in lines)
    found = {
        (int(m["line"]), int(m["col"])): m["msg"]
        for m in map(LINE.match, lines)
        if m and m["path"] == "content/layouts/rows.yml" and m["code"] == "GK012"
    }
    text = BAD_ROWS.splitlines()
    at = {
        marker: next(i for i, line in enumerate(text, 1) if line.strip().startswith(marker))
        for marker in ("- [name, budget]", "- [funds, goal]", "rows:", "- {key: note")
    }
    # a field named twice: at the second mention
    assert "“name”在 rows 中出现两次" in found[(at["- [name, budget]"], 12)], found
    # an unknown field: at its name
    assert "“budget”不是本节印在表中的字段" in found[(at["- [name, budget]"], 18)], found
    # a field printed over two rows beside another field
    assert "“funds”" in found[(at["- [funds, goal]"], 11)] and "独占一行" in found[(at["- [funds, goal]"], 11)], found
    # a field in no row would be lost
    assert "“note”不在 rows 的任何一行中" in found[(at["rows:"] + 1, 9)], found
    # arrange on a field without parts
    assert any(line == at["- {key: note"] and "arrange" in msg for (line, _), msg in found.items()), found


# ----- the PDF, read back ------------------------------------------------------------------------


@pytest.mark.pdf
def test_the_pdf_prints_the_pairs_on_one_line(tmp_path):
    """兴隆 (河北) and 平罗 (宁夏) printed by the command a user runs; pdftotext -layout reads the
    paired labels and their values on one line, the months on one line and their percentages under."""
    content = tmp_path / "content"
    (content / "2024").mkdir(parents=True)
    (content / "2025").mkdir()
    shutil.copy(ROOT / "content" / "site.yml", content / "site.yml")
    shutil.copytree(ROOT / "content/2024/pingluo-sifaju", content / "2024/pingluo-sifaju")
    shutil.copytree(ROOT / "content/2025/xinglong-sifaju", content / "2025/xinglong-sifaju")
    out = tmp_path / "output"
    run = subprocess.run(
        [sys.executable, "-m", "generator.cli", "build", str(content), "--output", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr

    def lines(pdf: Path) -> list[str]:
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        return [" ".join(line.split()) for line in text.splitlines()]

    hebei = [line for line in lines(out / "2025/xinglong-sifaju/xinglong-sifaju.pdf") if line]
    assert "项目编码 13082225P00007110038Y 项目名称 2025年劳务派遣人员经费" in hebei
    assert sum(1 for line in hebei if line.startswith("项目编码 ") and " 项目名称 " in line) == 10  # every project
    assert "预算规模（万元） 预算数 26.10 财政资金 26.10 其他资金" in hebei
    # the months on one line, their percentages on one of the next two (the label, centred on
    # the two rows it spans, may sit on a line between them)
    months = hebei.index("3月底 6月底 10月底 12月底")
    assert any(line.endswith("20% 40% 70% 100%") for line in hebei[months + 1 : months + 3]), hebei[months : months + 3]
    assert any("资金支出计划（%）" in line for line in hebei[months - 1 : months + 3])
    ningxia = ["".join(line.split()) for line in lines(out / "2024/pingluo-sifaju/pingluo-sifaju.pdf")]
    assert "主管部门及代码05-行政教科文室实施单位平罗县司法局本级" in ningxia
    assert "项目属性0101——一年期项目项目期1年" in ningxia
    assert sum(1 for line in ningxia if line.startswith("主管部门及代码") and "实施单位" in line) == 6


# ----- what a reader sees: 1280 px and 375 px ----------------------------------------------------

LARGE_TEXT = "localStorage.setItem('gongkai-prefs', JSON.stringify({'large-text': true}))"

# For each value cell of each form printed in columns: its text box, its own label's box (the last
# id in headers=) and whether each corner of the text is inside the window and not covered.
FORM_BOXES = """() => [...document.querySelectorAll('table.form-columns td:not(.empty)')].map(td => {
  const range = document.createRange();
  range.selectNodeContents(td);
  td.scrollIntoView({block: 'center'});
  const r = range.getBoundingClientRect();
  const ids = (td.getAttribute('headers') || '').split(' ').filter(Boolean);
  const label = ids.length ? document.getElementById(ids[ids.length - 1]) : null;
  const l = label ? label.getBoundingClientRect() : null;
  const corners = [[r.left + 1, r.top + 1], [r.right - 1, r.top + 1], [r.left + 1, r.bottom - 1], [r.right - 1, r.bottom - 1]];
  const seen = r.width === 0 || corners.every(([x, y]) => {
    if (x < 0 || x > innerWidth || y < 0 || y > innerHeight) return false;
    const hit = document.elementFromPoint(x, y);
    return hit === td || td.contains(hit);
  });
  return {text: td.textContent.trim(), seen, right: r.right, cell: td.getBoundingClientRect().toJSON(),
          label: label && label.textContent.trim(), labelBox: l && l.toJSON(), column: td.classList.contains('form-column')};
})"""


@pytest.mark.browser
def test_on_a_desktop_the_pairs_share_a_row(built_site, open_page):
    page = open_page(viewport={"width": 1280, "height": 800}).page
    project = project_pages(built_site, "2025/langfang-sifaju")[0]
    page.goto(project.as_uri())
    code = page.locator("table.form-columns th", has_text="项目编码").bounding_box()
    name = page.locator("table.form-columns th", has_text="项目名称").bounding_box()
    assert code and name and code["y"] == name["y"] and name["x"] > code["x"] + code["width"]
    # the label cells are shaded, as the source's forms are
    shade = page.locator("table.form-columns th", has_text="项目编码").evaluate(
        "th => getComputedStyle(th).backgroundColor"
    )
    value = page.locator("table.form-columns td").first.evaluate("td => getComputedStyle(td).backgroundColor")
    assert shade != value, (shade, value)
    for box in page.evaluate(FORM_BOXES):
        assert box["seen"], box
        if not box["column"]:  # beside its label, on the same row
            assert abs(box["labelBox"]["y"] - box["cell"]["y"]) < 1, box


@pytest.mark.browser
@pytest.mark.parametrize("large_text", [False, True], ids=["normal", "large-text"])
def test_on_a_phone_the_pairs_stack_and_every_value_shows_whole(built_site, open_page, large_text):
    """At 375 px each label/value pair is a line of its own (the label on the left, its value beside
    it, or under it when it is too long to stand beside it; inside the window, nothing over it); the
    months stay over their percentages."""
    page = open_page(viewport={"width": 375, "height": 800}).page
    if large_text:
        page.add_init_script(LARGE_TEXT)
    pages = project_pages(built_site, "2025/langfang-sifaju") + project_pages(built_site, "2024/pingluo-sifaju")
    assert len(pages) == 30
    problems = []
    for project in pages:
        page.goto(project.as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, project.name
        for box in page.evaluate(FORM_BOXES):
            where = f"{project.name} {box['label']} {box['text'][:20]}"
            if not box["seen"] or box["right"] > 375:
                problems.append(f"cut or covered: {where}")
            label, cell = box["labelBox"], box["cell"]
            if box["column"]:  # a month's percentage under its month, in the same share of the width
                if not (label["y"] + label["height"] <= cell["y"] + 1 and abs(label["x"] - cell["x"]) < 1):
                    problems.append(f"not under its part label: {where}")
            else:
                beside = abs(label["y"] - cell["y"]) < 1 and label["x"] + label["width"] <= cell["x"] + 1
                # a value too long to stand beside its label (大字: 项目编码) goes whole under it
                under = label["y"] + label["height"] <= cell["y"] + 1 and abs(label["x"] - cell["x"]) < 1
                if not (beside or under):
                    problems.append(f"neither beside nor under its label: {where}")
    assert not problems, "\n".join(problems[:20])
