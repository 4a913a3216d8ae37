"""One XLSX workbook per disclosure, a sheet per table, made from the same grids as the HTML tables.

Figures are numbers (so that a column adds up in Excel) with their published decimals; every
text is a string, never a formula. Byte-for-byte reproducible: fixed timestamps, fixed order.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
from decimal import Decimal
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from generator.model.money import DASHES
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


class _Formats:
    """The few cell formats a workbook uses, each made once (XlsxWriter wants them registered)."""

    def __init__(self, book: xlsxwriter.Workbook) -> None:
        self.book = book
        self.title = book.add_format({"bold": True})
        self.header = book.add_format({"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True})
        self._figures: dict[tuple[str, bool], Format] = {}
        self._dash: Format | None = None

    @property
    def dash(self) -> Format:
        """A printed dash, aligned as the figures (made only when a table prints one)."""
        if self._dash is None:
            self._dash = self.book.add_format({"align": "right"})
        return self._dash

    def figure(self, number_format: str, header: bool) -> Format:
        key = (number_format, header)
        if key not in self._figures:
            look = (
                {"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True}
                if header
                else {"align": "right"}
            )
            self._figures[key] = self.book.add_format({"num_format": number_format, **look})
        return self._figures[key]


def workbook(view: DisclosureView) -> bytes:
    # XlsxWriter rather than openpyxl: it streams each sheet's XML without a temporary file per
    # sheet and builds no object per cell style, about N× faster on the example site (benchmarks/).
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False})
    book.set_properties(
        {
            "title": view.disclosure.title,
            "author": view.disclosure.department.name,
            "created": EPOCH,
        }
    )
    formats = _Formats(book)
    used: set[str] = set()
    for block in view.tables:
        sheet = book.add_worksheet(_sheet_name(block, used))
        sheet.write_string(0, 0, block.heading, formats.title)
        row = 1
        if block.meta:
            _write_texts(sheet, row, block.meta)
            row += 1
        for g, grid in enumerate(block.grids):
            if g:
                _write_texts(sheet, row + 1, [grid.caption])
                row += 2
            row = _write_grid(sheet, grid, row, formats)
    book.close()
    return _normalise_zip(buffer.getvalue())


def _number_format(value: Decimal) -> str:
    """Show the figure with the decimals it was published with (4140.30 → 0.00, 60 → 0)."""
    exponent = value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return "0." + "0" * places if places else "0"


def _write_texts(sheet: Worksheet, row: int, texts: list[str]) -> None:
    for c, text in enumerate(texts):
        sheet.write_string(row, c, text)  # never a formula


def _write_grid(sheet: Worksheet, grid: Grid, start: int, formats: _Formats) -> int:
    """Write the grid from row ``start`` (0-based); figures as numbers, every text as a string.

    A text is never left for the writer to guess: one beginning with “=” would become a live
    formula. Figures keep their published decimals through the number format.
    """
    header_rows = len(grid.header)
    rows = grid.cell_rows()
    for r, row in enumerate(rows):
        header = r < header_rows
        for c, cell in enumerate(row):
            if cell is None or (not cell.text and cell.value is None):
                continue
            figure = cell.value if cell.numeric else None
            if figure is None and cell.numeric and _PLAIN_NUMBER.fullmatch(cell.text):
                figure = Decimal(cell.text)
            if figure is not None:
                # the Decimal itself, never a float: XlsxWriter writes it with format "{:.16G}", which
                # for a Decimal is its published digits (4140.30 → <v>4140.30</v>)
                number: Any = figure
                sheet.write_number(start + r, c, number, formats.figure(_number_format(figure), header))
            elif not header and cell.numeric and cell.text in DASHES:
                # a printed dash: published, no amount; a text (never a number), aligned as the figures
                sheet.write_string(start + r, c, cell.text, formats.dash)
            else:
                sheet.write_string(start + r, c, cell.text, formats.header if header else None)
    return start + len(rows)  # the next free row


def _normalise_zip(data: bytes) -> bytes:
    """Fixed member timestamps and permissions, set in the archive XlsxWriter wrote (its members in
    a fixed order already): the time and date of each member's local header and central directory
    entry, and its external attributes, patched in place; nothing decompressed or compressed again."""
    out = bytearray(data)
    year, month, day, hour, minute, second = EPOCH.timetuple()[:6]
    date = (year - 1980) << 9 | month << 5 | day
    time = hour << 11 | minute << 5 | second // 2
    end = out.rfind(b"PK\x05\x06")  # the end of central directory record
    if end < 0 or len(out) - end < 22:
        raise ValueError("not a ZIP archive")
    (count,) = struct.unpack_from("<H", out, end + 10)
    (at,) = struct.unpack_from("<L", out, end + 16)
    for _ in range(count):
        if out[at : at + 4] != b"PK\x01\x02":
            raise ValueError("a damaged ZIP central directory")
        name, extra, comment = struct.unpack_from("<HHH", out, at + 28)
        (local,) = struct.unpack_from("<L", out, at + 42)
        if out[local : local + 4] != b"PK\x03\x04":
            raise ValueError("a damaged ZIP member header")
        struct.pack_into("<HH", out, at + 12, time, date)
        struct.pack_into("<L", out, at + 38, 0o644 << 16)  # -rw-r--r--
        struct.pack_into("<HH", out, local + 10, time, date)
        at += 46 + name + extra + comment
    return bytes(out)


def run(output: Output) -> None:
    for view in output.fresh():
        if view.tables:  # a 情况说明 alone has no tables: no empty workbook
            output.write(f"{view.path}/data/{view.disclosure.slug}.xlsx", workbook(view))
