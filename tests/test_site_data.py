"""A table's CSV and the disclosure's XLSX hold exactly the figures its HTML table shows."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.browser

DISCLOSURE = "2025/langfang-sifaju"

# Each table block on the page (a section's table, or the item page's own table, found through its
# CSV link): heading, meta line, and every grid as rows of cell texts, merged cells repeated as "",
# as a reader sees them (an empty cell's hidden "无数据" is not a figure).
READ_TABLES = """() => Array.from(document.querySelectorAll('.table-download a')).map(link => {
  const block = link.closest('section.table-block') || document.querySelector('main');
  const grids = Array.from(block.querySelectorAll('table.grid')).map(table => {
    const parts = [table.tHead, ...table.tBodies].filter(Boolean);
    const rows = [];
    for (const part of parts) {
      const start = rows.length, taken = new Set();
      Array.from(part.rows).forEach((tr, r) => {
        const out = [];
        let c = 0;
        for (const cell of tr.cells) {
          while (taken.has(`${start + r},${c}`)) { out.push(''); c++; }
          for (let dr = 0; dr < cell.rowSpan; dr++)
            for (let dc = 0; dc < cell.colSpan; dc++)
              if (dr || dc) taken.add(`${start + r + dr},${c + dc}`);
          out.push(cell.classList.contains('empty') ? '' : cell.textContent);
          for (let k = 1; k < cell.colSpan; k++) out.push('');
          c += cell.colSpan;
        }
        while (taken.has(`${start + r},${c}`)) { out.push(''); c++; }
        rows.push(out);
      });
    }
    return {caption: table.caption.textContent, rows};
  });
  const title = block.querySelector('.table-title');
  return {
    csv: link.getAttribute('href'),
    heading: title ? title.textContent : grids[0].caption,
    meta: Array.from(block.querySelectorAll(':scope > .table-meta span')).map(s => s.textContent),
    grids,
  };
})"""


def _trim(rows) -> list[list[str]]:
    out = []
    for row in rows:
        row = ["" if v is None else v for v in row]
        while row and row[-1] == "":
            row.pop()
        out.append(row)
    return out


def _expected(table: dict) -> list[list[str]]:
    rows = [[table["heading"]]]
    if table["meta"]:
        rows.append(table["meta"])
    for i, grid in enumerate(table["grids"]):
        if i:
            rows += [[], [grid["caption"]]]
        rows += grid["rows"]
    return _trim(rows)


@pytest.fixture(scope="module")
def html_tables(built_site: Path, browser) -> list[dict]:
    context = browser.new_context()
    page = context.new_page()
    tables = []
    for path in sorted((built_site / DISCLOSURE).glob("[0-9][0-9]*.html")):
        page.goto(path.as_uri())
        tables += page.evaluate(READ_TABLES)
    context.close()
    return tables


def test_the_income_table_figures(html_tables) -> None:
    """The 廊坊 收入总表 read from the page, as a person would check it."""
    income = next(t for t in html_tables if t["heading"] == "部门预算收入总表")
    body = income["grids"][0]["rows"]
    total = next(r for r in body if "合计" in r and r[0] == "1")
    assert total[3:6] == ["4210.38", "4140.30", "4140.30"]
    assert total[-1] == "70.08"


def test_csv_holds_the_html_figures(html_tables, built_site: Path) -> None:
    assert len(html_tables) >= 30
    for table in html_tables:
        data = (built_site / DISCLOSURE / table["csv"]).read_bytes()
        assert data.startswith("\ufeff".encode())
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        # a text a spreadsheet would take for a formula carries a leading ' (OWASP); nothing else differs
        for row in rows:
            for i, text in enumerate(row):
                if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@", "\t", "\r"):
                    row[i] = text[1:]
        assert _trim(rows) == _expected(table), table["heading"]


def test_xlsx_holds_the_html_figures(html_tables, built_site: Path) -> None:
    workbook = load_workbook(built_site / DISCLOSURE / "data" / "langfang-sifaju.xlsx")
    sheets = workbook.worksheets
    assert len(sheets) == len(html_tables)
    for sheet, table in zip(sheets, html_tables, strict=True):
        values = []
        for row in sheet.iter_rows():
            line = []
            for cell in row:
                if isinstance(cell.value, (int, float)):
                    # a figure is a number whose format shows the decimals it was published with
                    assert cell.data_type == "n" and cell.number_format.startswith("0"), (sheet.title, cell.coordinate)
                    places = len(cell.number_format.partition(".")[2])
                    line.append(f"{cell.value:.{places}f}")
                else:
                    assert cell.value is None or cell.data_type == "s", (sheet.title, cell.coordinate)
                    line.append(cell.value)
            values.append(line)
        assert _trim(values) == _expected(table), table["heading"]


def test_a_numbered_list_keeps_its_numbers_in_the_downloads(built_site: Path) -> None:
    """阳新's 部门职能 is a numbered list: the workbook and the CSV print “1. 承担…”, “2. 承担…” on
    lines of their own, as the form prints them (the numbers were once dropped and the lines run together)."""
    folder = built_site / "2026" / "yangxin-sifaju" / "data"
    workbook = load_workbook(folder / "yangxin-sifaju.xlsx")
    texts = [str(c.value) for sheet in workbook for row in sheet.iter_rows() for c in row if c.value]
    functions = next(t for t in texts if "承担全面依法治县重大问题的政策研究" in t)
    lines = functions.splitlines()
    assert lines[0].startswith("1. 承担全面依法治县") and lines[1].startswith("2. 承担统筹推进")
    assert len(lines) == 7 and lines[-1].startswith("7. 负责规划")
    csv_text = "".join(p.read_text(encoding="utf-8-sig") for p in sorted(folder.glob("t*.csv")))
    assert "1. 承担全面依法治县" in csv_text and "\n2. 承担统筹推进" in csv_text
