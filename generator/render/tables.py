"""Tables laid out as grids: one function per structure, every detail from the kind's declaration."""

from __future__ import annotations

import string
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from generator.layouts.spec import Column, FixedRow, FormField, FormSection, HeaderCell, Side
from generator.model.money import Dash, Figure, amount, format_figure, format_plain
from generator.model.tables import (
    ClassifiedTable,
    CodeGroup,
    CodeRow,
    FixedTable,
    FormTable,
    GenericTable,
    GroupedItemsTable,
    ItemListTable,
    Table,
)
from generator.render.grid import Cell, Grid, merge_down, walk
from generator.render.markdown import to_html, to_plain

WIDE_COLUMNS = 9  # tables with more columns than this print on landscape pages


def money(value: Figure, computed: bool = False, strong: bool = False) -> Cell:
    """An amount cell: the figure as published, or a printed dash as printed (a text, no value)."""
    return Cell(text=format_figure(value), numeric=True, value=amount(value), computed=computed, strong=strong)


def plain_number(value: Figure) -> Cell:
    return Cell(text=format_plain(value), numeric=True, value=amount(value))


def th(text: str, colspan: int = 1, rowspan: int = 1, scope: str = "col") -> Cell:
    return Cell(text=text, header=True, colspan=colspan, rowspan=rowspan, scope="colgroup" if colspan > 1 else scope)


def column_headers(columns: Iterable[Column], first: list[Cell], groups_row: bool) -> list[list[Cell]]:
    """Two header rows: grouped columns under a spanning cell, others spanning both rows."""
    top: list[Cell] = list(first)
    bottom: list[Cell] = []
    columns = list(columns)
    i = 0
    while i < len(columns):
        column = columns[i]
        if column.group and groups_row:
            span = 0
            for c in columns[i:]:
                if c.group != column.group:
                    break
                span += 1
            top.append(th(column.group, colspan=span))
            bottom.extend(th(c.label) for c in columns[i : i + span])
            i += span
        else:
            top.append(th(column.label, rowspan=2 if groups_row else 1))
            i += 1
    return [top, bottom] if groups_row else [top]


def _lanci_row(count: int, leading: int = 1) -> list[Cell]:
    """The 栏次 row numbering the columns, as the documents print it."""
    return [th("栏次", scope="row")] + [th(str(n)) for n in range(1, count - leading + 1)]


# ----- classified ------------------------------------------------------------------------

_CODE_PARTS = {3: (0, 3), 5: (3, 5), 7: (5, 7)}


def _code_cells(code: str, split: tuple[str, ...]) -> list[Cell]:
    if not split:
        return [Cell(text=code, code=True)]
    bounds = list(_CODE_PARTS.values())[: len(split)]
    return [Cell(text=code[a:b], code=True) for a, b in bounds]


def classified_grid(table: ClassifiedTable) -> list[Grid]:
    layout = table.layout
    split = ("类", "款", "项")[: len(layout.code_lengths)] if layout.split_codes else ()
    code_width = len(split) or 1
    has_groups = any(c.group for c in layout.columns)
    first = [th("序号", rowspan=2), th(layout.code_header, colspan=code_width + 1)]
    header = column_headers(layout.columns, first, True)
    if not has_groups:
        # the code header still needs its second row: 科目编码 / 科目名称
        header[1:] = [[]]
    code_headers = [Cell(text=s, header=True, scope="col", code=True) for s in split] or [
        Cell(text="科目编码", header=True, scope="col", code=True)
    ]
    header[1][0:0] = [*code_headers, th("科目名称")]
    header.append(_lanci_row(1 + code_width + 1 + len(layout.columns)))
    body: list[list[Cell]] = []

    def total_row(label: str, values: dict[str, Figure], given: bool) -> list[Cell]:
        return (
            [Cell(text=str(len(body) + 1))]
            + [Cell(text="") for _ in range(code_width)]
            + [Cell(text=label, header=True, strong=True)]
            + [money(values.get(c.id), computed=not given, strong=True) for c in layout.columns]
        )

    def code_row(row: CodeRow) -> list[Cell]:
        return (
            [Cell(text=str(len(body) + 1))]
            + _code_cells(row.code, split)
            + [Cell(text=row.name, header=True, level=row.level)]
            + [money(row.values.get(c.id), computed=c.id not in row.value_locs) for c in layout.columns]
        )

    if layout.side_by_side:
        return [_side_by_side_grid(table, split, header[1][: code_width + 1])]
    for group in table.groups:
        show_total = bool(group.rows) or group.total_given
        if show_total and not layout.total_last:
            body.append(total_row(group.total_label, group.total, group.total_given))
        for row in group.rows:
            body.append(code_row(row))
        if show_total and layout.total_last:
            body.append(total_row(group.total_label, group.total, group.total_given))
    return [
        Grid(
            caption=table.heading,
            header=header,
            body=body,
            wide=len(layout.columns) + 2 + code_width > WIDE_COLUMNS,
            row_headers=2 + code_width,
        )
    ]


def _side_by_side_grid(table: ClassifiedTable, split: tuple[str, ...], code_headers: list[Cell]) -> Grid:
    """The row groups as column blocks side by side (人员经费 | 公用经费 of a 基本支出决算表), each
    block its 科目 columns and value columns under the group's name; the groups' totals share the
    last row (or the first, when totals lead)."""
    layout = table.layout
    code_width = len(split) or 1
    block_width = code_width + 1 + len(layout.columns)
    groups = table.groups
    top: list[Cell] = [th("序号", rowspan=3)]
    middle: list[Cell] = []
    bottom: list[Cell] = []
    labels = [next((g.label for g in layout.groups if g.id == group.id), group.label) for group in groups]
    for label in labels:
        top.append(th(label, colspan=block_width))
        middle.append(th(layout.code_header, colspan=code_width + 1))
        middle.extend(th(c.label, rowspan=2) for c in layout.columns)
        bottom.extend(Cell(text=c.text, header=True, scope="col", code=c.code) for c in code_headers)
    # 栏次 numbers the value columns; the 科目 cells of each block stay blank
    lanci = [th("栏次", scope="row")]
    n = 0
    for _ in groups:
        lanci.extend(Cell(text="", header=True) for _ in range(code_width + 1))
        for _ in layout.columns:
            n += 1
            lanci.append(th(str(n)))

    def rows_of(group: CodeGroup) -> list[list[Cell]]:
        return [
            _code_cells(row.code, split)
            + [Cell(text=row.name, header=True, level=row.level)]
            + [money(row.values.get(c.id), computed=c.id not in row.value_locs) for c in layout.columns]
            for row in group.rows
        ]

    def total_of(group: CodeGroup) -> list[Cell]:
        if not (group.rows or group.total_given):
            return blank()
        return (
            [Cell(text="") for _ in range(code_width)]
            + [Cell(text=group.total_label, header=True, strong=True)]
            + [money(group.total.get(c.id), computed=not group.total_given, strong=True) for c in layout.columns]
        )

    def blank() -> list[Cell]:
        return [Cell() for _ in range(code_width + 1)] + [Cell(numeric=True) for _ in layout.columns]

    blocks = [rows_of(g) for g in groups]
    height = max(len(b) for b in blocks)
    lines = [[b[i] if i < len(b) else blank() for b in blocks] for i in range(height)]
    totals = [total_of(g) for g in groups]
    lines = [*lines, totals] if layout.total_last else [totals, *lines]
    body = [[Cell(text=str(i + 1)), *(cell for block in line for cell in block)] for i, line in enumerate(lines)]

    def narrow(group: CodeGroup, label: str) -> Grid:
        """One block on its own: its 科目 rows and its total, under the group's name (no 序号: the
        side-by-side line numbers count lines of two groups; no 栏次: it numbers both blocks). The
        name is the block's caption only, not a header row too: a phone card labels each figure
        with its column's headers, and "人员经费 · 决算数" under the caption 人员经费 said it twice."""
        rows = rows_of(group)
        total = [total_of(group)] if group.rows or group.total_given else []
        return Grid(
            caption=label,
            header=[
                [th(layout.code_header, colspan=code_width + 1), *(th(c.label, rowspan=2) for c in layout.columns)],
                [Cell(text=c.text, header=True, scope="col", code=c.code) for c in code_headers],
            ],
            body=[*rows, *total] if layout.total_last else [*total, *rows],
            row_headers=code_width + 1,
        )

    return Grid(
        caption=table.heading,
        header=[top, middle, bottom, lanci],
        body=body,
        wide=1 + len(groups) * block_width > WIDE_COLUMNS,
        row_headers=1,
        narrow=[narrow(g, label) for g, label in zip(groups, labels, strict=True)],
    )


# ----- fixed -----------------------------------------------------------------------------


def fixed_grid(table: FixedTable) -> list[Grid]:
    if table.layout.transposed:
        return [_transposed_grid(table)]
    sides = table.layout.sides
    header_top: list[Cell] = [th("序号", rowspan=2)]
    header_bottom: list[Cell] = []
    for side in sides:
        width = 1 + len(side.columns)
        if side.heading:
            header_top.append(th(side.heading, colspan=width))
            header_bottom.append(th(side.label_header))
            header_bottom.extend(th(c.label) for c in side.columns)
        else:
            header_top.append(th(side.label_header, rowspan=2))
            header_top.append(th(side.columns_group or "", colspan=len(side.columns)))
            header_bottom.extend(th(c.label) for c in side.columns)
    total_width = 1 + sum(1 + len(s.columns) for s in sides)
    header = [header_top, header_bottom, _lanci_row(total_width)]
    body_len = max(len(s.body) for s in sides)
    footer_len = max(len(s.footer) for s in sides)
    body: list[list[Cell]] = []

    def side_cells(side: Side, row: FixedRow | None) -> list[Cell]:
        if row is None or row.is_blank:
            return [Cell()] + [Cell(numeric=True) for _ in side.columns]
        strong = row.bold
        computed = (side.id, row.id) in table.computed
        return [Cell(text=row.label, header=True, level=row.level, strong=strong)] + [
            money(table.value(side.id, row.id, c.id), computed=computed, strong=strong) for c in side.columns
        ]

    for i in range(body_len + footer_len):
        cells: list[Cell] = [Cell(text=str(i + 1))]
        for side in sides:
            rows: list[FixedRow | None] = [
                *side.body,
                *[None] * (body_len - len(side.body)),
                *side.footer,
                *[None] * (footer_len - len(side.footer)),
            ]
            cells.extend(side_cells(side, rows[i]))
        body.append(cells)
    return [Grid(caption=table.heading, header=header, body=body, wide=total_width > WIDE_COLUMNS, row_headers=2)]


def _transposed_grid(table: FixedTable) -> Grid:
    """The rows printed as columns, one line per value column (a 三公 table printed in one line)."""
    header: list[list[Cell]] = [[th(table.layout.sides[0].label_header)]]
    body: list[list[Cell]] = [[Cell(text=c.label, header=True)] for c in table.layout.sides[0].columns]
    for side in table.layout.sides:
        for row in side.rows:
            header[0].append(th(row.label))
            computed = (side.id, row.id) in table.computed
            for line, column in zip(body, side.columns, strict=False):
                line.append(money(table.value(side.id, row.id, column.id), computed=computed))
    width = len(header[0])
    return Grid(caption=table.heading, header=header, body=body, wide=width > WIDE_COLUMNS, row_headers=1)


# ----- generic ---------------------------------------------------------------------------


def generic_grid(table: GenericTable) -> list[Grid]:
    header = [[th(c.text, colspan=c.colspan, rowspan=c.rowspan) for c in row] for row in table.header]
    body: list[list[Cell]] = [[] for _ in table.rows]
    for r, c, cell in walk(table.rows):
        body[r].append(
            Cell(text=cell.text, numeric=c in table.numeric, header=c == 0, colspan=cell.colspan, rowspan=cell.rowspan)
        )
    width = sum(c.colspan for c in header[0]) if header else (sum(c.colspan for c in body[0]) if body else 0)
    return [Grid(caption=table.heading, header=header, body=body, wide=width > WIDE_COLUMNS)]


# ----- forms -----------------------------------------------------------------------------


class _Placeholders(string.Formatter):
    """``{heading}``, ``{unit}``, ``{years[0]}``: a missing value leaves the text as written."""

    def get_value(self, key: int | str, args: Any, kwargs: Any) -> Any:
        return kwargs.get(key, "{" + str(key) + "}") if isinstance(key, str) else super().get_value(key, args, kwargs)

    def format_field(self, value: Any, format_spec: str) -> Any:
        return value

    def get_field(self, field_name: str, args: Any, kwargs: Any) -> Any:
        try:
            return super().get_field(field_name, args, kwargs)
        except (IndexError, KeyError, TypeError, AttributeError):
            return "", field_name


def _fill(text: str, context: dict[str, Any]) -> str:
    try:
        return _Placeholders().format(text, **context)
    except (ValueError, IndexError):
        return text


def markdown_cell(text: str | None) -> Cell:
    """A cell holding Markdown (lists, paragraphs): HTML for the page, plain text for the data."""
    return Cell(text=to_plain(text), html=to_html(text))


def form_grid(caption: str, pairs: list[tuple[str, Cell]]) -> Grid:
    """Label/value rows (the upper block of a 绩效目标表)."""
    body = [[th(label, scope="row"), cell] for label, cell in pairs]
    return Grid(caption=caption, header=[], body=body, layout="form", row_headers=1)


def _field_label(table: FormTable, f: FormField) -> str:
    """A field's printed label: an amount's with the unit (预算规模（万元）)."""
    return f"{f.label}（{table.unit}）" if f.parts and f.type == "money" else f.label


def _part_cells(table: FormTable, f: FormField) -> list[tuple[str, Cell]]:
    """A field's parts (预算数, 财政资金 …), each with its value cell."""
    value = table.fields.get(f.key)
    parts = value if isinstance(value, dict) else {}
    numeric = f.type in ("money", "percent", "count")
    out = []
    for part in f.parts:
        part_value = parts.get(part)
        out.append((part, plain_number(part_value) if numeric else Cell(text=part_value or "")))
    return out


def _value_cell(table: FormTable, f: FormField) -> Cell | None:
    """A field's value as printed, or None for an empty field the form leaves out."""
    value = table.fields.get(f.key)
    if f.type == "markdown":
        return markdown_cell(value) if value or f.always else None
    if isinstance(value, Decimal | Dash):
        return plain_number(value)
    return Cell(text=str(value or "")) if value or f.always else None


def _field_pairs(table: FormTable, section: FormSection, caption: str) -> list[tuple[str, Cell]]:
    """A section's label/value pairs; a field's parts are named after the field (预算规模（万元）·预算数),
    or by themselves under a caption that is the field's label already (年度总体目标: 预期目标, not
    年度总体目标·预期目标 again)."""
    pairs: list[tuple[str, Cell]] = []
    for f in section.fields:
        if f.place != "form":
            continue
        if f.parts:
            label = _field_label(table, f)
            prefix = "" if label == caption else f"{label}·"
            pairs.extend((f"{prefix}{part}", cell) for part, cell in _part_cells(table, f))
        elif (cell := _value_cell(table, f)) is not None:
            pairs.append((f.label, cell))
    return pairs


class _Printed:
    """The printed rows of one declared row of a form: cells, the positions covered from above at
    each row's start, and per row the value cells that widen to fill the form's width."""

    def __init__(self) -> None:
        self.rows: list[list[Cell]] = []
        self.covered: list[int] = []
        self.stretch: list[list[Cell]] = []

    def add(self, cells: list[Cell], stretch: list[Cell], covered: int = 0) -> None:
        self.rows.append(cells)
        self.stretch.append(stretch)
        self.covered.append(covered)

    @property
    def width(self) -> int:
        return max(c + sum(x.colspan for x in row) for c, row in zip(self.covered, self.rows, strict=True))


def _label(text: str, scope: str = "row", role: str = "", rowspan: int = 1) -> Cell:
    return Cell(text=text, header=True, scope=scope, role=role, rowspan=rowspan)


def _declared_row(table: FormTable, fields: list[FormField]) -> _Printed:
    """One declared row: label/value pairs side by side, or a field's parts as the source prints them."""
    printed = _Printed()
    if len(fields) == 1 and fields[0].parts and fields[0].arrange != "across":
        f = fields[0]
        parts = _part_cells(table, f)
        if f.arrange == "above":  # 资金支出计划（%）| 3月底 | 6月底 … over 25% | 60% …
            group = _label(_field_label(table, f), role="group", rowspan=2)
            names = [_label(part, scope="col", role="column") for part, _ in parts]
            values = []
            for name, (_, cell) in zip(names, parts, strict=True):
                cell.labels, cell.role = (group, name), "column"
                values.append(cell)
            printed.add([group, *names], names)
            printed.add(values, values, covered=1)
        else:  # 项目资金（万元）spanning 年度资金总额 | … / 财政拨款 | … / 其他资金 | …
            group = _label(_field_label(table, f), role="group", rowspan=len(parts))
            for i, (part, cell) in enumerate(parts):
                name = _label(part)
                cell.labels = (group, name)
                printed.add([group, name, cell] if i == 0 else [name, cell], [cell], covered=0 if i == 0 else 1)
        return printed
    cells: list[Cell] = []
    stretch: list[Cell] = []
    for f in fields:
        if f.parts:  # 预算规模（万元）| 预算数 | 81.39 | 财政资金 | 81.39 | 其他资金 |
            group = _label(_field_label(table, f), role="group")
            cells.append(group)
            for part, cell in _part_cells(table, f):
                name = _label(part)
                cell.labels = (group, name)
                cells += [name, cell]
                stretch.append(cell)
            continue
        value = _value_cell(table, f)
        if value is None:
            continue
        label = _label(f.label)
        value.labels = (label,)
        cells += [label, value]
        stretch.append(value)
    if cells:
        printed.add(cells, stretch)
    return printed


def declared_form_grid(table: FormTable, section: FormSection, caption: str) -> Grid | None:
    """A form's fields in the rows its kind declares (``rows``), several label/value pairs a row
    as the source prints them; each row's values widen so that every row spans the form's width."""
    fields = {f.key: f for f in section.fields}
    blocks = [_declared_row(table, [fields[k] for k in keys]) for keys in section.rows]
    blocks = [b for b in blocks if b.rows]
    if not blocks:
        return None
    width = max(b.width for b in blocks)
    body: list[list[Cell]] = []
    for block in blocks:
        for cells, stretch, covered in zip(block.rows, block.stretch, block.covered, strict=True):
            extra = width - covered - sum(c.colspan for c in cells)
            # the spare columns go to the values, the later ones first (项目名称's value is the wider)
            for i, cell in enumerate(stretch):
                cell.colspan += extra // len(stretch) + (1 if i >= len(stretch) - extra % len(stretch) else 0)
            body.append(cells)
    return Grid(caption=caption, header=[], body=body, layout="form", row_headers=1)


def _list_grid(table: FormTable, section: FormSection, caption: str, context: dict[str, Any]) -> Grid:
    columns = section.lists[0].columns
    if section.header:
        header = [[_header_cell(c, context) for c in row] for row in section.header]
    else:
        header = column_headers(columns, [], any(c.group for c in columns))
        if not header[-1]:
            header.pop()
    if section.style == "indicators":
        rows = table.lists.get(section.lists[0].key, [])
        body = merge_down(rows, section.merge_down) if rows else []
        return Grid(
            caption=caption,
            header=header,
            body=body,
            wide=section.wide or len(columns) > WIDE_COLUMNS,
            row_headers=0,
            layout="indicators",
        )
    body = []
    labelled = len(section.lists) > 1  # several lists in one table: each led by its label, merged down
    for form_list in section.lists:
        rows = table.lists.get(form_list.key, [])
        for i, row in enumerate(rows):
            cells = [Cell(text=form_list.label, header=True, rowspan=len(rows))] if labelled and i == 0 else []
            cells.append(Cell(text=row[0], header=True, strong=labelled and row[0] in ("合计", "小计")))
            cells.extend(Cell(text=v, numeric=c.numeric) for c, v in zip(columns[1:], row[1:], strict=True))
            body.append(cells)
    return Grid(
        caption=caption,
        header=header,
        body=body,
        wide=section.wide or len(columns) > WIDE_COLUMNS,
        row_headers=2 if labelled else 1,
    )


def _header_cell(cell: HeaderCell, context: dict[str, Any]) -> Cell:
    return th(_fill(cell.text, context), colspan=cell.colspan, rowspan=cell.rowspan)


def form_grids(table: FormTable) -> list[Grid]:
    context: dict[str, Any] = {**table.fields, "heading": table.heading, "unit": table.unit}
    grids: list[Grid] = []
    for section in table.layout.sections:
        caption = _fill(section.caption, context)
        if section.lists:
            grids.append(_list_grid(table, section, caption, context))
            continue
        if section.rows:
            grid = declared_form_grid(table, section, caption)
            if grid is not None:
                grids.append(grid)
            continue
        pairs = _field_pairs(table, section, caption)
        if section.optional and not pairs:
            continue
        grids.append(form_grid(caption, pairs))
    return grids


# ----- grouped items (政府采购) and item lists (资产) ----------------------------------------


def grouped_items_grid(table: GroupedItemsTable) -> list[Grid]:
    spec = table.layout
    header = column_headers(spec.columns, [], True)

    def row_cells(
        label: str, values: dict[str, Figure], texts: dict[str, str] | None = None, strong: bool = False
    ) -> list[Cell]:
        cells = []
        for c in spec.columns:
            if c.id == spec.label_column:
                cells.append(Cell(text=label if texts is None else texts.get(c.id, ""), header=True, strong=strong))
            elif c.type == "money":
                cells.append(money(values.get(c.id), strong=strong))
            elif c.numeric:
                cells.append(plain_number(values.get(c.id)))
            else:
                cells.append(Cell(text="" if texts is None else texts.get(c.id, "")))
        return cells

    body = [row_cells("合计", table.total, strong=True)]
    for group in table.groups:
        body.append(row_cells(f"{group.label}小计", group.subtotal, strong=True))
        body.extend(row_cells("", item.money, item.values) for item in group.items)
    return [Grid(caption=table.heading, header=header, body=body, wide=len(spec.columns) > WIDE_COLUMNS, row_headers=1)]


def item_list_grid(table: ItemListTable) -> list[Grid]:
    spec = table.layout
    header = [[th(f"{c.label}（金额单位：{table.unit}）" if c.type == "money" else c.label) for c in spec.columns]]

    def figure(column: Column, value: Figure, **kw: Any) -> Cell:
        return money(value, **kw) if column.type == "money" else plain_number(value)

    total_cells: list[Cell] = []
    for c in spec.columns:
        if c.id == spec.label_column:
            total_cells.append(Cell(text=spec.total_label, header=True, strong=True))
        elif c.id == spec.total_column:
            total_cells.append(figure(c, table.total, computed=not table.total_given, strong=True))
        else:
            total_cells.append(Cell(numeric=True))
    body = [total_cells]
    for row in table.rows:
        body.append(
            [
                Cell(text=row.label, header=True, level=1 if row.part_of_previous else 0)
                if c.id == spec.label_column
                else figure(c, row.values.get(c.id))
                for c in spec.columns
            ]
        )
    return [Grid(caption=table.heading, header=header, body=body)]


GRIDS: dict[type, Callable[[Any], list[Grid]]] = {
    ClassifiedTable: classified_grid,
    FixedTable: fixed_grid,
    GenericTable: generic_grid,
    FormTable: form_grids,
    GroupedItemsTable: grouped_items_grid,
    ItemListTable: item_list_grid,
}


def grids_for(table: Table, anchor: str) -> list[Grid]:
    grids = GRIDS[type(table)](table)
    for i, grid in enumerate(grids):
        grid.assign_header_ids(f"{anchor}-{i}")
        for j, block in enumerate(grid.narrow):
            block.assign_header_ids(f"{anchor}-{i}-n{j}")
    return grids
