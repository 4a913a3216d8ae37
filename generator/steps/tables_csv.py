"""One CSV per printed table, made from the same grids as the HTML table (so it holds the same figures)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from generator.render.comparison import ComparisonView
from generator.render.views import BlockView
from generator.steps import Output


def grid_rows(block: BlockView) -> list[list[str]]:
    """The table's rows as text, its grids one after another (a caption line between two)."""
    rows: list[list[str]] = []
    for i, grid in enumerate(block.grids):
        if i:
            rows.append([])
            rows.append([grid.caption])
        rows.extend(grid.as_rows())
    return rows


_FORMULA_START = frozenset(("=", "+", "-", "@", "\t", "\r"))


def safe_row(texts: Iterable[str]) -> list[str]:
    """:func:`safe` of each text (most texts begin with none of the characters it looks for)."""
    return [safe(text) if text[:1] in _FORMULA_START else text for text in texts]


def safe(text: str) -> str:
    """A text a spreadsheet would run as a formula gets a leading ' (OWASP); -12.50 stays a number,
    and a printed dash “-” (published, no amount) stays as printed: one character is no formula."""
    if not text.startswith(("=", "+", "-", "@", "\t", "\r")) or text == "-":
        return text
    parts = text[1:].split(".") if text.startswith("-") else []
    figure = 1 <= len(parts) <= 2 and all(p.isascii() and p.isdigit() for p in parts)
    return text if figure else "'" + text


def table_csv(block: BlockView) -> bytes:
    """UTF-8 with BOM, so that Excel opens it with the Chinese intact.

    A text that a spreadsheet would take for a formula (it begins with =, +, -, @, a tab or a
    carriage return) gets a leading ' as OWASP recommends; a figure such as -12.50 stays a number.
    """

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe(block.heading)])
    if block.meta:
        writer.writerow(safe_row(block.meta))
    writer.writerows(safe_row(row) for row in grid_rows(block))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def comparison_csv(comparison: ComparisonView) -> bytes:
    """A 决算 table beside its 年初预算 (render/comparison.py), as on the page: what is compared, where
    the 年初预算 comes from, the rows, how 完成率 is computed."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe(comparison.caption)])
    writer.writerow([safe(f"年初预算出自：{comparison.budget_label}：{comparison.budget_table}")])
    writer.writerows(safe_row(row) for row in comparison.grid.as_rows())
    writer.writerow([safe(comparison.explanation)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def run(output: Output) -> None:
    for view in output.fresh():
        for table in view.tables:
            output.write(f"{view.path}/{table.csv_href}", table_csv(table))
            if table.comparison is not None:
                output.write(f"{view.path}/{table.comparison.csv_href}", comparison_csv(table.comparison))
