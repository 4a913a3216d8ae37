"""One XLSX workbook per disclosure, a sheet per table, made from the same grids as the HTML tables.

Figures are numbers (so that a column adds up in Excel) with their published decimals; every
text is a string, never a formula. Byte-for-byte reproducible: fixed timestamps, fixed order.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.writer.excel import ExcelWriter

from generator.render.grid import Grid
from generator.render.views import BlockView, DisclosureView
from generator.steps import Output

_PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
# A fixed moment for archive members and workbook properties (reproducible builds).
EPOCH = dt.datetime(2000, 1, 1, 0, 0, 0)


def _sheet_name(block: BlockView, used: set[str]) -> str:
    # Excel: at most 31 characters, no []:*?/\ and unique in the workbook.
    base = "".join(ch for ch in block.heading if ch not in "[]:*?/\\")[:28] or "表"
    name, n = base, 2
    while name in used:
        name = f"{base[:26]}-{n}"
        n += 1
    used.add(name)
    return name


def workbook(view: DisclosureView) -> bytes:
    wb = Workbook()
    if wb.active is not None:
        wb.remove(wb.active)
    used: set[str] = set()
    for block in view.tables:
        sheet = wb.create_sheet(_sheet_name(block, used))
        _write_texts(sheet, 1, [block.heading])
        sheet["A1"].font = Font(bold=True)
        row = 2
        if block.meta:
            _write_texts(sheet, row, block.meta)
            row += 1
        for g, grid in enumerate(block.grids):
            if g:
                _write_texts(sheet, row + 1, [grid.caption])
                row += 2
            row = _write_grid(sheet, grid, row)
    wb.properties.creator = view.disclosure.department.name
    wb.properties.title = view.disclosure.title
    wb.properties.created = EPOCH
    wb.properties.modified = EPOCH
    wb.properties.lastModifiedBy = "Gongkai"
    buffer = io.BytesIO()
    # Not wb.save(): openpyxl's save_workbook stamps properties.modified with the current time.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()
    return _normalise_zip(buffer.getvalue())


def _number_format(value: Decimal) -> str:
    """Show the figure with the decimals it was published with (4140.30 → 0.00, 60 → 0)."""
    exponent = value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return "0." + "0" * places if places else "0"


def _write_texts(sheet: Any, row: int, texts: list[str]) -> None:
    for c, text in enumerate(texts, start=1):
        cell = sheet.cell(row=row, column=c)
        cell.value = text
        cell.data_type = "s"  # never a formula


def _write_grid(sheet: Any, grid: Grid, start: int) -> int:
    """Write the grid from row ``start``; figures as numbers, every text as a string.

    A text is never left for openpyxl to guess: one beginning with “=” would become a live
    formula. Figures keep their published decimals through the number format.
    """
    header_rows = len(grid.header)
    rows = grid.cell_rows()
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if cell is None or (not cell.text and cell.value is None):
                continue
            target = sheet.cell(row=start + r, column=c + 1)
            figure = cell.value if cell.numeric else None
            if figure is None and cell.numeric and _PLAIN_NUMBER.fullmatch(cell.text):
                figure = Decimal(cell.text)
            if figure is not None:
                target.value = figure
                target.number_format = _number_format(figure)
                target.alignment = Alignment(horizontal="right")
            else:
                target.value = cell.text
                target.data_type = "s"
            if r < header_rows:
                target.font = Font(bold=True)
                target.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    return start + len(rows)  # the next free row


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite the archive with fixed member timestamps and order."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=EPOCH.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def run(output: Output) -> None:
    for view in output.views:
        if view.tables:  # a 情况说明 alone has no tables: no empty workbook
            output.write(f"{view.path}/data/{view.disclosure.slug}.xlsx", workbook(view))
