"""Downloads cannot carry live formulas: CSV text cells are neutralised (OWASP), XLSX text is text."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

import generator.steps.search as search_step
from generator.build import build
from generator.steps.tables_csv import table_csv

FIXTURES = Path(__file__).parent / "fixtures"

HOSTILE = {
    "保障办公楼数量": '=HYPERLINK("http://evil.example","点我")',
    "反映保障办公楼数量": "=cmd|' /C calc'!A0",
}


def _rows(data: bytes) -> list[list[str]]:
    # the tables' CSV carry a BOM for Excel; the data package's amounts.csv is plain UTF-8 (Frictionless)
    assert data.startswith("\ufeff".encode()) or data.startswith(b"department_code,")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+1+1", "'+1+1"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-", "-"),  # a dash printed for “no amount” is shown as printed: one character is no formula
        ("--", "'--"),
        ("-12.50", "-12.50"),  # a negative figure stays a number
        ("-7", "-7"),
        ("-1.2.3", "'-1.2.3"),
        ("-１２", "'-１２"),
        ("12.50", "12.50"),
        ("一般行政管理事务", "一般行政管理事务"),
    ],
)
def test_csv_cells(text: str, written: str) -> None:
    grid = SimpleNamespace(caption="", as_rows=lambda: [["科目名称", "金额"], [text, "-3.00"]])
    block = SimpleNamespace(heading=text, meta=[text], grids=[grid])
    rows = _rows(table_csv(block))  # type: ignore[arg-type]
    assert rows == [[written], [written], ["科目名称", "金额"], [written, "-3.00"]]


@pytest.fixture(scope="module")
def hostile_output(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(FIXTURES / "minimal", root / "content")
    project = root / "content" / "2025" / "ceshi-sifaju" / "projects" / "01.yml"
    text = project.read_text(encoding="utf-8")
    for plain, hostile in HOSTILE.items():  # single-quoted YAML: ' is written ''
        text = text.replace(f" {plain},", " '" + hostile.replace("'", "''") + "',", 1)
    project.write_text(text, encoding="utf-8")
    patch = pytest.MonkeyPatch()
    patch.setattr(search_step, "index_search", lambda _target: None)
    try:
        code, _ = build(root / "content", root / "output", pdf=False, log=lambda *_: None)
    finally:
        patch.undo()
    assert code == 0
    return root / "output" / "2025" / "ceshi-sifaju"


def test_csv_download_has_no_live_formula(hostile_output: Path) -> None:
    cells = [cell for path in sorted(hostile_output.rglob("*.csv")) for row in _rows(path.read_bytes()) for cell in row]
    assert '\'=HYPERLINK("http://evil.example","点我")' in cells
    assert "'=cmd|' /C calc'!A0" in cells
    assert not [cell for cell in cells if cell.startswith(("=", "+", "@"))]
    assert "4.00" in cells  # figures are written as they are


def test_xlsx_text_is_never_a_formula(hostile_output: Path) -> None:
    workbook = load_workbook(next(hostile_output.rglob("*.xlsx")))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row if cell.value]
    hostile = [cell for cell in cells if str(cell.value).lstrip("'").startswith("=")]
    assert len(hostile) == 2
    assert all(cell.data_type == "s" for cell in hostile)  # a string, never a formula ("f")
    figures = [cell for cell in cells if cell.data_type == "n"]
    assert figures and 4 in [cell.value for cell in figures]  # figures are numbers


def test_a_hostile_cell_is_text_on_the_page(hostile_output: Path) -> None:
    """A table cell's text is escaped where the page writes it (render/grid_html.py): quotes and
    angle brackets as entities, never an attribute or element of the page."""
    pages = [p.read_text(encoding="utf-8") for p in sorted(hostile_output.glob("*.html"))]
    shown = [html for html in pages if "evil.example" in html]
    assert shown  # the project's page and the full page
    for html in shown:
        assert "=HYPERLINK(&#34;http://evil.example&#34;,&#34;点我&#34;)</td>" in html
        assert "=cmd|&#39; /C calc&#39;!A0</td>" in html
        assert '"http://evil.example"' not in html and "' /C calc'" not in html
