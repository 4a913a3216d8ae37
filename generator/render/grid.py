"""A table as printed: header rows with merged cells, body rows, each cell formatted.

One grid feeds the HTML table, the CSV, the XLSX sheet and (through the HTML) the PDF,
so all of them hold the same figures.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol, TypeVar


class Spanning(Protocol):
    @property
    def colspan(self) -> int: ...

    @property
    def rowspan(self) -> int: ...


C = TypeVar("C", bound=Spanning)


def walk(rows: Sequence[Sequence[C]]) -> Iterator[tuple[int, int, C]]:
    """Each cell with its row and the column it starts in, stepping over the positions that a
    merged cell from above or from the left covers (the one rowspan/colspan walk)."""
    # A row's own cells only cover columns left of the next one: what is stepped over is what a
    # cell of a row above covers, its column's last covered row kept (the rows are walked downwards).
    below: dict[int, int] = {}  # column → the last row that a cell from a row above covers there
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while below.get(c, -1) >= r:
                c += 1
            yield r, c, cell
            span = cell.colspan
            if cell.rowspan > 1:
                last = r + cell.rowspan - 1
                for k in range(c, c + span):
                    if below.get(k, -1) < last:
                        below[k] = last
            c += span


@dataclass(slots=True)  # many per table: no __dict__ each, faster attributes
class Cell:
    text: str = ""
    header: bool = False
    numeric: bool = False
    code: bool = False  # 科目编码 and other identifiers: never broken across lines
    colspan: int = 1
    rowspan: int = 1
    level: int = 0  # indentation of 科目名称 (类 0, 款 1, 项 2)
    strong: bool = False  # 合计/小计 rows
    computed: bool = False  # a sum the source left out, computed by Gongkai
    value: Decimal | None = None  # the exact figure behind a numeric cell
    scope: str | None = None  # "col" | "colgroup" | "row" on header cells
    id: str | None = None
    headers: str = ""  # ids of the header cells that describe this cell
    html: str = ""  # Markdown cells: the rendered (escaped) HTML; ``text`` holds the plain text
    # a form's value: the label cells that name it (its own label, and the label of the field its
    # part belongs to), given by the renderer where row and column do not tell
    labels: tuple[Cell, ...] = field(default=(), repr=False, compare=False)
    # a cell of a form printed in the source's columns: "group" (the label of a field's parts),
    # "column" (a part label above its value, or that value); how a phone stacks the form
    role: str = ""

    @property
    def empty(self) -> bool:
        return self.text == ""


@dataclass
class Grid:
    caption: str
    header: list[list[Cell]]
    body: list[list[Cell]]
    wide: bool = False  # printed on a landscape page
    row_headers: int = 1  # leading columns kept in view while scrolling sideways
    layout: str = "data"  # "data" (figures) | "form" (label/value pairs) | "indicators"
    # A grid printed in column blocks side by side (a layout's ``side_by_side`` groups: 人员经费 |
    # 公用经费): the same rows, each block a grid of its own, read one after the other where the
    # screen is too narrow for the blocks side by side (a phone's cards would pair a 301 row with a
    # 302 row). The web page only: the CSV, the XLSX and the PDF take this grid, as printed.
    narrow: list[Grid] = field(default_factory=list)
    # The caption only repeats what is printed right above or beside it (the table's heading, a
    # name made from it, the label of its first row): kept for screen readers, not shown again.
    caption_repeats: bool = False
    _cell_rows: list[list[Cell | None]] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def width(self) -> int:
        rows = self.header or self.body
        return sum(c.colspan for c in rows[0]) if rows else 0

    def assign_header_ids(self, prefix: str) -> None:
        """Give header cells ids and every body cell the ``headers`` of its column and row."""
        # Each id once per cell, in header order: a header spanning two rows names its column once,
        # and a row header spanning rows (a merged 一级指标 group) names every row it covers.
        columns: dict[int, list[str]] = {}
        for r, c, cell in walk(self.header):
            cell.id = f"{prefix}-h{r}-{c}"
            if cell.text:
                for dc in range(cell.colspan):
                    ids = columns.setdefault(c + dc, [])
                    if cell.id not in ids:
                        ids.append(cell.id)
        # a column's ids (``-h``) and a row's (``-r``) never meet: a cell's headers are the two joined
        column_text = {c: " ".join(ids) for c, ids in columns.items()}
        row_header_ids: dict[int, list[str]] = {}
        for r, c, cell in walk(self.body):
            if cell.header:
                cell.id = f"{prefix}-r{r}-{c}"
                for dr in range(cell.rowspan):
                    row_header_ids.setdefault(r + dr, []).append(cell.id)
                cell.scope = cell.scope or ("rowgroup" if cell.rowspan > 1 else "row")
            elif cell.labels:
                cell.headers = " ".join(label.id for label in cell.labels if label.id)
            else:
                column = column_text.get(c, "")
                row = row_header_ids.get(r)
                cell.headers = (f"{column} {' '.join(row)}" if column else " ".join(row)) if row else column

    def cell_rows(self) -> list[list[Cell | None]]:
        """Header then body rows, one entry per column: the cell that starts there, or
        ``None`` where a merged cell from the left or from above covers the position.
        Made once per grid (the CSV and the workbook both ask)."""
        if self._cell_rows is None:
            self._cell_rows = [*_placed(self.header), *_placed(self.body)]
        return self._cell_rows

    def as_rows(self) -> list[list[str]]:
        """Plain text rows (header then body), merged positions left empty, for CSV and XLSX."""
        return [["" if cell is None else cell.text for cell in row] for row in self.cell_rows()]


def _placed(part: list[list[Cell]]) -> list[list[Cell | None]]:
    """The rows of a header or a body, one entry per column (see :meth:`Grid.cell_rows`)."""
    count = len(part)
    placed: list[dict[int, Cell]] = [{} for _ in part]
    width = [0] * count
    for r, c, cell in walk(part):
        placed[r][c] = cell
        end = c + cell.colspan
        for dr in range(min(cell.rowspan, count - r)):
            if width[r + dr] < end:
                width[r + dr] = end
    return [[row.get(c) for c in range(w)] for row, w in zip(placed, width, strict=True)]


def merge_down(rows: list[list[str]], depth: int) -> list[list[Cell]]:
    """Indicator rows with the first ``depth`` columns merged down runs of equal values."""
    out: list[list[Cell]] = [[] for _ in rows]
    for column in range(len(rows[0]) if rows else 0):
        r = 0
        while r < len(rows):
            text = rows[r][column]
            span = 1
            if column < depth:
                # merge only inside the group of the column to the left, as printed
                while (
                    r + span < len(rows)
                    and rows[r + span][column] == text
                    and all(rows[r + span][k] == rows[r][k] for k in range(column))
                ):
                    span += 1
            out[r].append(Cell(text=text, header=column < depth, rowspan=span))
            r += span
    return out
