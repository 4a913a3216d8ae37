"""Spreadsheets read into sheets of display texts: what a person sees in each cell.

Excel stores figures as binary floating point (1511.89 may arrive as 1511.8900000000001) and
shows them through a number format (``0.00`` shows 4140.3 as 4140.30). A sheet here holds the
text the cell shows, so a figure keeps the decimals it was published with; when the stored value
has more decimals than the shown text, the difference is kept as a finding, not dropped.
"""

from __future__ import annotations

import csv
import io
import math
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from generator.importer.xlsx_formats import number_decimals

SPREADSHEETS = (".xlsx", ".xlsm", ".xls")
TEXT_TABLES = (".csv", ".tsv", ".txt")
SUPPORTED = SPREADSHEETS + TEXT_TABLES
STDIN = "-"


class ReadError(Exception):
    """A file that cannot be read as a table: the message says which and why, in Chinese."""


@dataclass
class Sheet:
    source: str  # the file as the user named it
    name: str  # the sheet name ("" for CSV, TSV and pasted text)
    rows: list[list[str]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # (row, col, last row, last col)
    hidden: bool = False
    # cells whose stored value has more decimals than the text shown: (row, col) → stored value
    hidden_digits: dict[tuple[int, int], str] = field(default_factory=dict)
    padded: bool = False  # figures shown with two decimals for want of number formats (.xls)
    cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)  # readers' views of it

    @property
    def label(self) -> str:
        return f"{self.source}:{self.name}" if self.name else self.source

    def where(self, row: int, col: int) -> str:
        """``收支.xlsx:部门收入总表!D7``: a cell as a spreadsheet user names it."""
        return f"{self.label}!{column_letter(col)}{row + 1}" if self.name else f"{self.source}:{row + 1}:{col + 1}"


def column_letter(col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_sources(paths: list[str], stdin: TextIO | None = None) -> list[Sheet]:
    sheets: list[Sheet] = []
    for name in paths:
        if name == STDIN:
            text = (stdin or io.StringIO("")).read()
            sheets.append(Sheet(source="标准输入", name="", rows=_delimited(text, "\t")))
            continue
        path = Path(name)
        suffix = path.suffix.lower()
        if not path.is_file():
            raise ReadError(f"“{name}”{'不是文件' if path.exists() else '不存在'}")
        if suffix not in SUPPORTED:
            raise ReadError(f"“{name}”：只能导入 {'、'.join(SUPPORTED)} 文件")
        if suffix in SPREADSHEETS:
            sheets.extend(read_workbook(path, name))
        else:
            text = decode(path.read_bytes(), name)
            delimiter = "," if suffix == ".csv" else "\t"
            sheets.append(Sheet(source=name, name="", rows=_delimited(text, delimiter)))
    return sheets


def decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), else GB 18030: what Excel on a Chinese Windows saves."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReadError(f"“{name}”既不是 UTF-8 也不是 GB18030 编码的文本")


def _delimited(text: str, delimiter: str) -> list[list[str]]:
    rows = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    return _trim(rows)


def read_workbook(path: Path, name: str) -> list[Sheet]:
    import python_calamine

    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine's errors are of several kinds, all "this is not a workbook"
        raise ReadError(f"“{name}”不是可读的 Excel 工作簿（{type(exc).__name__}：{exc}）") from exc
    formats = _xlsx_formats(path) if path.suffix.lower() in (".xlsx", ".xlsm") else {}
    sheets: list[Sheet] = []
    for index, meta in enumerate(workbook.sheets_metadata):
        if "WorkSheet" not in str(meta.typ):
            continue  # chart sheets and macros hold no table
        sheet = workbook.get_sheet_by_index(index)
        decimals = formats.get(index, {})
        values = sheet.to_python(skip_empty_area=False)
        result = Sheet(source=name, name=meta.name, rows=[], hidden="Visible" not in str(meta.visible))
        for r, row in enumerate(values):
            result.rows.append([_shown(v, decimals.get((r, c)), result, r, c) for c, v in enumerate(row)])
        if index not in formats:
            _pad_columns(result, values)
        result.rows = _trim(result.rows)
        result.merged = [(a[0], a[1], b[0], b[1]) for a, b in (sheet.merged_cell_ranges or [])]
        sheets.append(result)
    return sheets


def _pad_columns(sheet: Sheet, values: list[list[Any]]) -> None:
    """Without number formats (python-calamine reads none from .xls, and gives whole numbers as
    int), a column holding any
    figure with cents shows all its figures with two decimals, as money columns are formatted;
    a column of whole numbers (codes, counts) stays as it is."""
    fractional: set[int] = set()
    for row in values:
        for c, v in enumerate(row):
            if isinstance(v, float) and math.isfinite(v) and "." in general(v):
                fractional.add(c)
    for r, row in enumerate(values):
        for c, v in enumerate(row):
            if c in fractional and isinstance(v, (float, int)) and not isinstance(v, bool) and math.isfinite(v):
                shown = general(v)
                if len(shown.partition(".")[2]) <= 2:
                    sheet.rows[r][c] = f"{Decimal(shown):.2f}"
    if fractional:
        sheet.padded = True


def _xlsx_formats(path: Path) -> dict[int, dict[tuple[int, int], int]]:
    try:
        with zipfile.ZipFile(path) as archive:
            return number_decimals(archive)
    except (zipfile.BadZipFile, KeyError, ValueError):
        return {}  # without formats, figures are shown as Excel's General format shows them


def _shown(value: object, decimals: int | None, sheet: Sheet, r: int, c: int) -> str:
    """The text a cell shows."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value) if decimals is None else f"{Decimal(value):.{decimals}f}"
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        stored = general(value)
        if decimals is None:
            return stored
        shown = f"{Decimal(stored):.{decimals}f}"
        if Decimal(shown) != Decimal(stored):
            sheet.hidden_digits[(r, c)] = stored
        return shown
    return str(value).strip()


def general(value: float) -> str:
    """A float as Excel's General format shows it: 15 significant digits, no trailing zeros.

    1511.8900000000001 → "1511.89", 205.0 → "205", 0.1 + 0.2 → "0.3".
    """
    text = f"{value:.15g}"
    number = Decimal(text)
    if number == number.to_integral_value():
        return str(number.quantize(Decimal(1)))
    return format(number.normalize(), "f")


def _trim(rows: list[list[str]]) -> list[list[str]]:
    """Drop trailing empty rows and columns (Excel's used range often runs past the table)."""
    while rows and not any(rows[-1]):
        rows.pop()
    width = max((max((i + 1 for i, v in enumerate(row) if v), default=0) for row in rows), default=0)
    return [row[:width] + [""] * (width - len(row)) for row in rows]
